/* The position picker in the Wagtail page editor (see directory/widgets.py). */
(function () {
  "use strict";

  function init(picker) {
    if (picker.dataset.ready || typeof L === "undefined") {
      return;
    }
    picker.dataset.ready = "true";
    var latInput = document.getElementById(picker.dataset.latitudeInput);
    var form = latInput.form || document;
    var lonInput = form.querySelector('[name="' + picker.dataset.longitudeName + '"]');
    var element = picker.querySelector(".directory-position-map");
    var center = picker.dataset.center.split(",").map(Number);
    var map = L.map(element).setView(center, Number(picker.dataset.zoom));
    L.tileLayer(picker.dataset.tilesUrl, { attribution: picker.dataset.attribution, maxZoom: 18 }).addTo(map);
    var marker = null;

    function current() {
      var lat = parseFloat(latInput.value);
      var lon = lonInput ? parseFloat(lonInput.value) : NaN;
      return isFinite(lat) && isFinite(lon) ? L.latLng(lat, lon) : null;
    }

    function place(latlng, fromMap) {
      if (!marker) {
        marker = L.marker(latlng, { draggable: true, keyboard: true, title: "" }).addTo(map);
        marker.on("dragend", function () {
          place(marker.getLatLng(), true);
        });
      } else {
        marker.setLatLng(latlng);
      }
      if (fromMap) {
        latInput.value = latlng.lat.toFixed(5);
        if (lonInput) {
          lonInput.value = latlng.lng.toFixed(5);
        }
        [latInput, lonInput].forEach(function (input) {
          if (input) {
            input.dispatchEvent(new Event("change", { bubbles: true }));
          }
        });
      }
    }

    var start = current();
    if (start) {
      place(start, false);
      map.setView(start, 14);
    }
    map.on("click", function (event) {
      place(event.latlng, true);
    });
    [latInput, lonInput].forEach(function (input) {
      if (input) {
        input.addEventListener("input", function () {
          var position = current();
          if (position) {
            place(position, false);
            map.panTo(position);
          }
        });
      }
    });
    /* The editor's tabs hide the map at first: redraw when it becomes visible. */
    if ("ResizeObserver" in window) {
      new ResizeObserver(function () {
        map.invalidateSize();
      }).observe(element);
    }
  }

  function initAll() {
    document.querySelectorAll("[data-position-picker]").forEach(init);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initAll);
  } else {
    initAll();
  }
  document.addEventListener("w-tabs:changed", initAll);
})();
