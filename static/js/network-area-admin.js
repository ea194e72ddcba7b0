/* Draws a network's service area (the GeoJSON in the textarea) on a Leaflet map in the
   Wagtail admin, and redraws it as the text changes. */
(function () {
  "use strict";

  function init(box) {
    if (box.dataset.ready || typeof L === "undefined") {
      return;
    }
    box.dataset.ready = "true";
    var textarea = document.getElementById(box.dataset.textarea);
    var element = box.querySelector(".network-area-map");
    var center = box.dataset.center.split(",").map(Number);
    var map = L.map(element).setView(center, Number(box.dataset.zoom));
    L.tileLayer(box.dataset.tilesUrl, { attribution: box.dataset.attribution, maxZoom: 18 }).addTo(map);
    var layer = null;

    function draw() {
      var geometry;
      try {
        geometry = JSON.parse(textarea.value || "null");
      } catch (error) {
        return;
      }
      if (layer) {
        map.removeLayer(layer);
        layer = null;
      }
      if (geometry && geometry.type) {
        layer = L.geoJSON(geometry, { style: { color: "#0b5394", weight: 2 } }).addTo(map);
        map.fitBounds(layer.getBounds(), { maxZoom: 12 });
      }
    }

    draw();
    textarea.addEventListener("input", draw);
    if ("ResizeObserver" in window) {
      new ResizeObserver(function () {
        map.invalidateSize();
      }).observe(element);
    }
  }

  function initAll() {
    document.querySelectorAll("[data-area-map]").forEach(init);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initAll);
  } else {
    initAll();
  }
})();
