/* The directory page, enhanced: "Use my location" fills the hidden lat/lon fields, and a
   Leaflet map shows the same results as the list (server-side clusters from the GeoJSON
   endpoint). Without JavaScript the list and the form work on their own. */
(function () {
  "use strict";

  var labelsElement = document.getElementById("directory-map-labels");
  var labels = labelsElement ? JSON.parse(labelsElement.textContent) : {};

  function format(text, count) {
    return (text || "").replace("%(count)s", String(count));
  }

  /* Shorter URLs to share: empty fields are left out of the search. */
  var searchForm = document.querySelector("form.directory-search");
  if (searchForm) {
    searchForm.addEventListener("submit", function () {
      Array.prototype.forEach.call(searchForm.elements, function (field) {
        if (field.name && !field.value && field.type !== "checkbox" && field.type !== "submit") {
          field.disabled = true;
        }
      });
    });
    /* Going back to the page re-enables them. */
    window.addEventListener("pageshow", function () {
      Array.prototype.forEach.call(searchForm.elements, function (field) {
        field.disabled = false;
      });
    });
  }

  /* Geolocation: shown only when the browser offers it. */
  var geo = document.querySelector("[data-geolocation]");
  if (geo && navigator.geolocation) {
    var button = geo.querySelector("[data-geolocation-button]");
    var status = geo.querySelector("[data-geolocation-status]");
    geo.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = labels.locating || "";
      navigator.geolocation.getCurrentPosition(
        function (position) {
          document.getElementById("id_lat").value = position.coords.latitude.toFixed(5);
          document.getElementById("id_lon").value = position.coords.longitude.toFixed(5);
          status.textContent = labels.located || "";
          button.form.submit();
        },
        function () {
          status.textContent = labels.locateFailed || "";
        },
        { timeout: 10000, maximumAge: 300000 }
      );
    });
  }

  /* The map. */
  var section = document.querySelector("[data-directory-map]");
  if (!section || typeof L === "undefined") {
    return;
  }
  section.hidden = false;
  var mapStatus = section.querySelector("[data-map-status]");
  var center = section.dataset.center.split(",").map(Number);
  var map = L.map("directory-map", { keyboard: true }).setView(center, Number(section.dataset.zoom));
  L.tileLayer(section.dataset.tilesUrl, {
    attribution: section.dataset.attribution,
    maxZoom: 18
  }).addTo(map);
  var layer = L.layerGroup().addTo(map);
  var lang = document.documentElement.lang || "sv";
  var request = 0;

  function text(tag, value, className) {
    var element = document.createElement(tag);
    element.textContent = value;
    if (className) {
      element.className = className;
    }
    return element;
  }

  function popup(properties) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = properties.url;
    link.textContent = properties.name;
    var title = document.createElement("p");
    title.appendChild(link);
    box.appendChild(title);
    if (properties.organisation) {
      box.appendChild(text("p", properties.organisation));
    }
    box.appendChild(text("p", properties.status, properties.open_now ? "status-open" : "status-closed"));
    box.appendChild(
      text("p", properties.today ? labels.today + " " + properties.today : labels.closedToday)
    );
    if (properties.may_be_outdated) {
      box.appendChild(text("p", labels.outdated, "notice outdated-notice"));
    }
    return box;
  }

  function marker(feature) {
    var coords = feature.geometry.coordinates;
    var properties = feature.properties;
    var latlng = [coords[1], coords[0]];
    if (properties.kind === "cluster") {
      var clusterLabel = format(labels.cluster, properties.count);
      var cluster = L.marker(latlng, {
        title: clusterLabel,
        icon: L.divIcon({
          className: "",
          html: '<span class="map-cluster" aria-hidden="true">' + properties.count + "</span>",
          iconSize: [40, 40]
        })
      });
      cluster.on("click", function () {
        map.setView(latlng, Math.min(map.getZoom() + 2, 18));
      });
      cluster.on("add", function () {
        cluster.getElement().setAttribute("aria-label", clusterLabel);
      });
      return cluster;
    }
    var point = L.marker(latlng, {
      title: properties.name,
      icon: L.divIcon({
        className: "",
        html: '<span class="map-point' + (properties.open_now ? " is-open" : "") + '" aria-hidden="true"></span>',
        iconSize: [22, 22]
      })
    });
    point.on("add", function () {
      point.getElement().setAttribute("aria-label", properties.name);
    });
    point.bindPopup(popup(properties));
    return point;
  }

  function load() {
    var bounds = map.getBounds();
    var bbox = [
      Math.max(bounds.getWest(), -180), Math.max(bounds.getSouth(), -90),
      Math.min(bounds.getEast(), 180), Math.min(bounds.getNorth(), 90)
    ].map(function (value) { return value.toFixed(5); }).join(",");
    var url = section.dataset.geojsonUrl;
    url += (url.indexOf("?") === -1 ? "?" : "&") + "bbox=" + bbox + "&zoom=" + map.getZoom() + "&lang=" + lang;
    var current = ++request;
    fetch(url, { headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (data) {
        if (current !== request) {
          return;
        }
        layer.clearLayers();
        data.features.forEach(function (feature) {
          layer.addLayer(marker(feature));
        });
        mapStatus.textContent = format(labels.points, data.count);
        section.dataset.loaded = "true";
      })
      .catch(function () {
        mapStatus.textContent = labels.mapError || "";
      });
  }

  /* Start on the results, then follow the view. */
  var bounds = (section.dataset.bounds || "").split(",").map(Number);
  if (bounds.length === 4 && bounds.every(isFinite)) {
    map.fitBounds([[bounds[1], bounds[0]], [bounds[3], bounds[2]]], { padding: [30, 30], maxZoom: 13 });
  }
  map.on("moveend", load);
  load();
})();
