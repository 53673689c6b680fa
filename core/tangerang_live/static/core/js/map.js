/* Maps of the core map macros (templates/core/_map.html).
 *
 * Every setting comes from data-* attributes, so pages need no inline script. Text that came from
 * users (a point's title) is put in with textContent only, never as HTML.
 */
(function () {
  "use strict";

  var COLORS = ["red", "yellow", "green", "blue"];
  var ZOOM = 13;
  var PIN_ZOOM = 16;

  function baseMap(el) {
    var center = [parseFloat(el.dataset.centerLat), parseFloat(el.dataset.centerLon)];
    var map = L.map(el).setView(center, ZOOM);
    L.tileLayer(el.dataset.tileUrl, {
      maxZoom: 19,
      attribution: el.dataset.attribution,
    }).addTo(map);
    return map;
  }

  function readCoordinate(input, limit) {
    var value = parseFloat(input.value);
    return isFinite(value) && Math.abs(value) <= limit ? value : null;
  }

  function initPick(el) {
    var latInput = document.getElementById(el.dataset.latInput);
    var lonInput = document.getElementById(el.dataset.lonInput);
    var fieldset = el.closest("fieldset") || document;
    var status = fieldset.querySelector(".map-status");
    var locate = fieldset.querySelector(".map-locate");
    var map = baseMap(el);
    var marker = null;

    function place(lat, lon, fromInputs) {
      var point = L.latLng(lat, lon);
      if (marker) {
        marker.setLatLng(point);
      } else {
        marker = L.marker(point, { draggable: true, keyboard: true }).addTo(map);
        marker.on("dragend", function () {
          var moved = marker.getLatLng();
          place(moved.lat, moved.lng, false);
        });
      }
      if (!fromInputs) {
        setInput(latInput, lat);
        setInput(lonInput, lon);
      }
    }

    function setInput(input, value) {
      input.value = value.toFixed(6);
      // Pages may listen (for example to look for reports nearby) as if the user typed it.
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function fromInputs() {
      var lat = readCoordinate(latInput, 90);
      var lon = readCoordinate(lonInput, 180);
      if (lat !== null && lon !== null) {
        place(lat, lon, true);
        map.setView([lat, lon], Math.max(map.getZoom(), PIN_ZOOM));
      }
    }

    map.on("click", function (event) {
      place(event.latlng.lat, event.latlng.lng, false);
    });
    latInput.addEventListener("input", fromInputs);
    lonInput.addEventListener("input", fromInputs);
    fromInputs();

    if (locate && "geolocation" in navigator) {
      locate.hidden = false;
      locate.addEventListener("click", function () {
        status.textContent = el.dataset.locating;
        navigator.geolocation.getCurrentPosition(
          function (position) {
            status.textContent = "";
            place(position.coords.latitude, position.coords.longitude, false);
            map.setView([position.coords.latitude, position.coords.longitude], PIN_ZOOM);
          },
          function () {
            status.textContent = el.dataset.locateFailed;
          },
          { enableHighAccuracy: true, timeout: 15000 }
        );
      });
    }
  }

  function popupFor(feature, linkLabel) {
    var props = feature.properties || {};
    var box = document.createElement("div");
    var title = document.createElement("strong");
    title.textContent = props.title || "";
    box.appendChild(title);
    if (props.url && String(props.url).charAt(0) === "/" && String(props.url).charAt(1) !== "/") {
      var line = document.createElement("p");
      var link = document.createElement("a");
      link.href = props.url;
      link.textContent = linkLabel;
      line.appendChild(link);
      box.appendChild(line);
    }
    return box;
  }

  function colorOf(feature) {
    var chosen = (feature.properties || {}).color;
    return COLORS.indexOf(chosen) >= 0 ? chosen : "blue";
  }

  function isPoint(feature) {
    return Boolean(feature.geometry) && feature.geometry.type === "Point";
  }

  function clusterIcon(cluster) {
    var count = cluster.getChildCount();
    var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
    var number = document.createElement("span");
    number.textContent = String(count);
    var inner = document.createElement("div");
    inner.appendChild(number);
    return L.divIcon({
      html: inner,
      className: "marker-cluster marker-cluster-" + size,
      iconSize: L.point(40, 40),
    });
  }

  /* Points as coloured dots (gathered into clusters on a data-cluster map), lines as lines;
   * the map then shows everything drawn so far. */
  function show(map, el, data, drawn, clustered) {
    var linkLabel = el.dataset.linkLabel;
    var options = {
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, {
          radius: 8,
          className: "tl-marker tl-marker-" + colorOf(feature),
        });
      },
      style: function (feature) {
        return isPoint(feature) ? {} : { className: "tl-line tl-line-" + colorOf(feature) };
      },
      onEachFeature: function (feature, layer) {
        layer.bindPopup(popupFor(feature, linkLabel));
      },
    };
    var cluster = clustered && el.dataset.cluster === "true" && L.markerClusterGroup;
    if (cluster) {
      var group = L.markerClusterGroup({
        showCoverageOnHover: false,
        iconCreateFunction: clusterIcon,
      });
      group.addLayer(L.geoJSON(data, L.extend({ filter: isPoint }, options)));
      map.addLayer(group);
      drawn.push(group);
      var notPoint = function (feature) {
        return !isPoint(feature);
      };
      drawn.push(L.geoJSON(data, L.extend({ filter: notPoint }, options)).addTo(map));
      var label = function () {
        labelClusters(el);
      };
      group.on("animationend", label);
      map.on("zoomend moveend", label);
      labelClusters(el);
    } else {
      drawn.push(L.geoJSON(data, options).addTo(map));
    }
    var bounds = L.latLngBounds([]);
    drawn.forEach(function (layer) {
      var part = layer.getBounds();
      if (part.isValid()) bounds.extend(part);
    });
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: PIN_ZOOM });
    }
  }

  /* Clusters are icons with a number only: say what they are to screen readers. */
  function labelClusters(el) {
    el.querySelectorAll(".marker-cluster").forEach(function (icon) {
      var count = icon.textContent.trim();
      icon.setAttribute("role", "img");
      icon.setAttribute("aria-label", el.dataset.clusterLabel.replace("{count}", count));
    });
  }

  function fetchGeoJSON(url, then) {
    fetch(url, { headers: { Accept: "application/geo+json, application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(then)
      .catch(function () {
        /* The page lists the same places; a map without them is no worse than none. */
      });
  }

  function initShow(el) {
    var map = baseMap(el);
    var drawn = [];
    if (el.dataset.points) show(map, el, JSON.parse(el.dataset.points), drawn, true);
    if (el.dataset.lines) show(map, el, JSON.parse(el.dataset.lines), drawn, false);
    if (el.dataset.pointsUrl) {
      fetchGeoJSON(el.dataset.pointsUrl, function (data) {
        show(map, el, data, drawn, true);
      });
    }
    if (el.dataset.linesUrl) {
      fetchGeoJSON(el.dataset.linesUrl, function (data) {
        show(map, el, data, drawn, false);
      });
    }
  }

  function initAll(root) {
    if (typeof L === "undefined") return;
    root.querySelectorAll("[data-map]:not([data-map-ready])").forEach(function (el) {
      el.setAttribute("data-map-ready", "");
      if (el.dataset.map === "pick") initPick(el);
      else if (el.dataset.map === "show") initShow(el);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    initAll(document);
  });
  // Maps inside content that htmx swapped in later.
  document.addEventListener("htmx:afterSettle", function (event) {
    initAll(event.target);
  });
})();
