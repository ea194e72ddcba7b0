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
          /* requestSubmit() runs the submit handler above (empty fields left out);
             submit() would skip it. */
          if (button.form.requestSubmit) {
            button.form.requestSubmit();
          } else {
            button.form.submit();
          }
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
  var map = L.map("directory-map", { keyboard: true, zoomControl: false }).setView(center, Number(section.dataset.zoom));
  // Leaflet's own zoom buttons are titled in English: in the page's language instead.
  L.control.zoom({ zoomInTitle: section.dataset.zoomIn, zoomOutTitle: section.dataset.zoomOut }).addTo(map);
  L.tileLayer(section.dataset.tilesUrl, {
    attribution: section.dataset.attribution,
    maxZoom: 18
  }).addTo(map);
  var layer = L.layerGroup().addTo(map);
  var lang = document.documentElement.lang || "sv";
  var request = 0;
  /* The map itself stays left to right (dir="ltr" on its element: tiles, controls and
     arrow keys work as Leaflet draws them); what a popup says follows the page. */
  var pageDirection = window.getComputedStyle(section).direction;

  /* Every place or cluster on the map is a target of at least 24 × 24 px (WCAG 2.5.8),
     and no two overlap: the server groups points by grid cell, but groups in
     neighbouring cells can still lie closer together than their icons are wide. Such
     neighbours are merged here, at the zoom shown, into one cluster. Sizes in px. */
  var POINT_SIZE = 28;
  var CLUSTER_SIZE = 40;
  var SPACING = 4;

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
    box.dir = pageDirection;
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
    if (properties.today) {
      /* Times read left to right in every language: "10:00–12:00" stays in that order. */
      var today = text("p", labels.today + " ");
      today.appendChild(text("span", properties.today)).dir = "ltr";
      box.appendChild(today);
    } else {
      box.appendChild(text("p", labels.closedToday));
    }
    if (properties.may_be_outdated) {
      box.appendChild(text("p", labels.outdated, "notice outdated-notice"));
    }
    return box;
  }

  function weight(feature) {
    return feature.properties.kind === "cluster" ? feature.properties.count : 1;
  }

  function iconSize(group) {
    return group.count > 1 ? CLUSTER_SIZE : POINT_SIZE;
  }

  function tooClose(a, b) {
    var reach = (iconSize(a) + iconSize(b)) / 2 + SPACING;
    return Math.abs(a.at.x - b.at.x) < reach && Math.abs(a.at.y - b.at.y) < reach;
  }

  /* Features → groups {latlng, count, features} whose icons do not overlap. A merged
     group sits at the mean position of its places. */
  function groups(features) {
    var found = features.map(function (feature) {
      var coords = feature.geometry.coordinates;
      var latlng = L.latLng(coords[1], coords[0]);
      return { latlng: latlng, at: map.latLngToLayerPoint(latlng), count: weight(feature), features: [feature] };
    });
    var merged = true;
    while (merged) {
      merged = false;
      for (var i = 0; i < found.length; i++) {
        for (var j = i + 1; j < found.length; j++) {
          if (!tooClose(found[i], found[j])) {
            continue;
          }
          var a = found[i];
          var b = found.splice(j, 1)[0];
          var count = a.count + b.count;
          a.latlng = L.latLng(
            (a.latlng.lat * a.count + b.latlng.lat * b.count) / count,
            (a.latlng.lng * a.count + b.latlng.lng * b.count) / count
          );
          a.at = map.latLngToLayerPoint(a.latlng);
          a.count = count;
          a.features = a.features.concat(b.features);
          merged = true;
          j = i;  /* the group moved: look at every other one again */
        }
      }
    }
    return found;
  }

  /* At the closest zoom, places in one spot cannot be pulled apart: the cluster lists them. */
  function listOfPlaces(group) {
    var list = document.createElement("ul");
    list.dir = pageDirection;
    group.features.forEach(function (feature) {
      if (feature.properties.url) {
        var link = document.createElement("a");
        link.href = feature.properties.url;
        link.textContent = feature.properties.name;
        list.appendChild(document.createElement("li")).appendChild(link);
      }
    });
    return list;
  }

  function marker(group) {
    var latlng = group.latlng;
    if (group.count > 1) {
      var clusterLabel = format(labels.cluster, group.count);
      var cluster = L.marker(latlng, {
        title: clusterLabel,
        icon: L.divIcon({
          className: "",
          html: '<span class="map-cluster" aria-hidden="true">' + group.count + "</span>",
          iconSize: [CLUSTER_SIZE, CLUSTER_SIZE]
        })
      });
      var open = function () {
        if (map.getZoom() < map.getMaxZoom()) {
          map.setView(latlng, Math.min(map.getZoom() + 2, map.getMaxZoom()));
        } else {
          cluster.unbindPopup().bindPopup(listOfPlaces(group)).openPopup();
        }
      };
      cluster.on("click", open);
      /* Leaflet turns Enter on a marker into a popup, not a click: a cluster opens by
         keyboard too (Enter or Space, as for any button). */
      cluster.on("keypress", function (event) {
        var key = event.originalEvent.key;
        if (key === "Enter" || key === " ") {
          event.originalEvent.preventDefault();
          open();
        }
      });
      cluster.on("add", function () {
        cluster.getElement().setAttribute("aria-label", clusterLabel);
      });
      return cluster;
    }
    var properties = group.features[0].properties;
    var point = L.marker(latlng, {
      title: properties.name,
      icon: L.divIcon({
        className: "",
        html: '<span class="map-point' + (properties.open_now ? " is-open" : "") + '" aria-hidden="true"></span>',
        iconSize: [POINT_SIZE, POINT_SIZE]
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
        /* Redrawing replaces the markers: keyboard focus on one moves to the nearest new one. */
        var focusedAt = null;
        layer.eachLayer(function (old) {
          if (old.getElement() === document.activeElement) {
            focusedAt = old.getLatLng();
          }
        });
        layer.clearLayers();
        var nearest = null;
        groups(data.features).forEach(function (group) {
          var added = marker(group);
          layer.addLayer(added);
          if (focusedAt && (!nearest || focusedAt.distanceTo(group.latlng) < focusedAt.distanceTo(nearest.getLatLng()))) {
            nearest = added;
          }
        });
        if (nearest) {
          nearest.getElement().focus();
        }
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
