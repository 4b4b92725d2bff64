// The conflict map's client side: every day's zones, front lines and place states arrive once,
// and changing the date only swaps layers and restyles markers (no map rebuild, no flash).
// All text from the data reaches the page through textContent, never innerHTML.
//
// Loaded as a file like Leaflet itself (served by the app, inlined in exported HTML); each map calls
// conflictMapInit(map, options, data) once. `data` is null when it is to be fetched from options.data_url.
window.conflictMapInit = function (map, options, data) {
  "use strict";
  if (!data) {
    var request = new XMLHttpRequest();
    // Synchronous on purpose: streamlit-folium binds its click handlers to the layers that exist
    // when this script finishes, so the places layer must be built before it returns.
    request.open("GET", options.data_url, false);
    try { request.send(null); } catch (err) { /* reported below */ }
    if (request.status !== 200) {
      var box = L.control({position: "topleft"});
      box.onAdd = function () {
        var div = L.DomUtil.create("div", "map-error");
        div.textContent = "The map data could not be loaded (" + options.data_url + "). Reload the page.";
        return div;
      };
      box.addTo(map);
      return;
    }
    data = JSON.parse(request.responseText);
  }

  var factions = data.factions;
  var style = data.style;
  function colour(id) { return (factions[id] || {}).colour || "#777777"; }
  function factionName(id) { return (factions[id] || {}).short_name || id; }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function isHttp(url) { return typeof url === "string" && /^https?:\/\//i.test(url); }
  function longDate(day) {
    var d = new Date(day + "T12:00:00Z");
    return d.toLocaleDateString("en-GB", {weekday: "short", day: "numeric", month: "long", year: "numeric", timeZone: "UTC"});
  }

  [["basemap", 250], ["zones", 350], ["fronts", 450], ["places", 620], ["labels", 640], ["highlight", 615]].forEach(function (pane) {
    map.createPane(pane[0]).style.zIndex = pane[1];
  });
  map.getPane("labels").style.pointerEvents = "none";
  map.getContainer().style.background = style.sea;
  // The wheel scrolls the page until the map is clicked: otherwise scrolling past it zooms it away.
  map.scrollWheelZoom.disable();
  map.on("click focus", function () { map.scrollWheelZoom.enable(); });
  map.on("mouseout blur", function () { map.scrollWheelZoom.disable(); });
  map.attributionControl.setPrefix("Leaflet");
  map.attributionControl.addAttribution("Boundaries: Natural Earth · Places: GeoNames");

  var land = L.layerGroup().addTo(map);
  L.geoJSON(data.basemap.neighbours, {pane: "basemap", interactive: false,
    style: {color: style.neighbour_edge, weight: 1, fillColor: style.neighbour_fill, fillOpacity: 1}}).addTo(land);
  L.geoJSON(data.basemap.outline, {pane: "basemap", interactive: false,
    style: {color: style.outline, weight: 1.6, fillColor: style.land, fillOpacity: 1}}).addTo(land);
  var governorates = L.geoJSON(data.basemap.governorates, {pane: "basemap", interactive: false,
    style: {color: style.governorate, weight: 0.8, dashArray: "3 3", fill: false}}).addTo(map);

  var zonesGroup = L.layerGroup().addTo(map);
  var frontsGroup = L.layerGroup().addTo(map);
  var zoneCache = {}, frontCache = {};
  function zonesFor(day) {
    if (!zoneCache[day]) {
      zoneCache[day] = L.geoJSON(data.zones[day], {pane: "zones", interactive: false, style: function (f) {
        var c = colour(f.properties.controller);
        return {color: c, weight: 0.8, opacity: 0.7, fillColor: c, fillOpacity: style.zone_opacity,
                className: "zone zone-" + f.properties.controller};
      }});
    }
    return zoneCache[day];
  }
  function frontsFor(day) {
    if (!frontCache[day]) {
      var group = L.layerGroup();
      L.geoJSON(data.fronts[day], {pane: "fronts", interactive: false,
        style: {color: "#ffffff", weight: style.front_weight + 3, opacity: 0.85, lineCap: "round"}}).addTo(group);
      L.geoJSON(data.fronts[day], {pane: "fronts", interactive: false,
        style: {color: style.front, weight: style.front_weight, opacity: 1, lineCap: "round", className: "front-line"}}).addTo(group);
      frontCache[day] = group;
    }
    return frontCache[day];
  }

  var current = null, selected = null;
  var placeLayers = {}, placeInfo = {};
  function tooltipFor(id) {
    var info = placeInfo[id], state = current && data.states[current][id];
    var box = el("div", "place-tooltip");
    box.appendChild(el("strong", null, info.name));
    box.appendChild(el("span", "place-tooltip-ar", " " + info.name_ar));
    if (state) {
      box.appendChild(el("div", null, factionName(state[0]) + (state[1] === "contested" ? " (contested)" : "")));
    }
    return box;
  }
  var places = L.geoJSON(data.places, {
    pane: "places",
    filter: function (f) { return f.properties.kind !== "anchor"; },
    pointToLayer: function (f, latlng) {
      return L.circleMarker(latlng, {pane: "places", radius: style.radius[f.properties.rank] || 4.5, fill: true,
        fillOpacity: 0.95, weight: 1.5, color: "#222222", className: "place place-" + f.id});
    },
    onEachFeature: function (f, layer) {
      placeLayers[f.id] = layer;
      placeInfo[f.id] = f.properties;
      layer.bindTooltip(function () { return tooltipFor(f.id); }, {direction: "top", offset: [0, -6]});
      if (options.popups) { layer.on("click", function () { openPopup(f.id, layer); }); }
    }
  }).addTo(map);

  var labels = L.layerGroup().addTo(map);
  data.places.features.forEach(function (f) {
    if (f.properties.rank !== 1 || f.properties.kind === "anchor") { return; }
    var text = el("span", null, f.properties.name);
    L.marker([f.geometry.coordinates[1], f.geometry.coordinates[0]], {pane: "labels", interactive: false,
      keyboard: false, icon: L.divIcon({className: "place-label", html: text, iconSize: null, iconAnchor: [-9, 8]})}).addTo(labels);
  });

  var ring = L.circleMarker([0, 0], {pane: "highlight", radius: 15, color: "#111111", weight: 2.5, dashArray: "5 3",
    fill: false, interactive: false, className: "selected-ring"});

  var badge = L.control({position: "topright"});
  var badgeText;
  badge.onAdd = function () {
    var div = L.DomUtil.create("div", "map-date");
    badgeText = el("div", "map-date-day");
    div.appendChild(badgeText);
    div.appendChild(el("div", "map-date-note", "Territory approximate, derived from settlement control"));
    return div;
  };
  badge.addTo(map);

  if (options.legend) {
    var legend = L.control({position: "bottomright"});
    legend.onAdd = function () {
      var div = L.DomUtil.create("div", "map-legend");
      (data.faction_order || Object.keys(factions)).forEach(function (id) {
        var row = el("div", "map-legend-row");
        var swatch = el("span", "map-legend-swatch");
        swatch.style.background = colour(id);
        row.appendChild(swatch);
        row.appendChild(el("span", null, factions[id].short_name));
        div.appendChild(row);
      });
      var front = el("div", "map-legend-row");
      var line = el("span", "map-legend-line");
      line.style.background = style.front;
      front.appendChild(line);
      front.appendChild(el("span", null, "Front line"));
      div.appendChild(front);
      return div;
    };
    legend.addTo(map);
  }

  var osm = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {maxZoom: 18,
    attribution: "© OpenStreetMap contributors"});
  var offline = L.layerGroup();
  offline.addTo(map);
  L.control.layers({"Offline vector map": offline, "OpenStreetMap (online)": osm},
    {"Control zones": zonesGroup, "Front lines": frontsGroup, "Places": places, "City labels": labels,
     "Governorates": governorates}, {collapsed: true, position: "topleft"}).addTo(map);
  map.on("baselayerchange", function (e) {
    var online = e.layer === osm;
    land.eachLayer(function (layer) { layer.setStyle({fillOpacity: online ? 0 : 1}); });
  });

  function restyle(id, state) {
    var layer = placeLayers[id];
    if (!layer || !state) { return; }
    var contested = state[1] === "contested", recent = state[2];
    layer.setStyle({fillColor: colour(state[0]), color: contested ? style.contested : (recent ? "#000000" : "#222222"),
      weight: recent || contested ? 3.5 : 1.5, dashArray: contested ? "3 2" : null});
    if (layer._path) {
      layer._path.setAttribute("data-controller", state[0]);
      layer._path.setAttribute("data-status", state[1]);
      layer._path.classList.toggle("recent", !!recent);
    }
  }

  // A place newly picked from the list or a link may be off screen: bring it into view, keeping the zoom.
  // Checked again shortly after, because on the first render the iframe settles its size and framing
  // after this script has run (seen in Chromium: the view snaps back to the initial bounds).
  function reveal(where) {
    [0, 400, 1200].forEach(function (delay) {
      setTimeout(function () {
        if (!map.getBounds().pad(-0.05).contains(where)) { map.panTo(where, {animate: false}); }
      }, delay);
    });
  }

  function select(id) {
    var previous = selected;
    selected = id && placeLayers[id] ? id : null;
    if (selected) {
      var where = placeLayers[selected].getLatLng();
      ring.setLatLng(where);
      if (!map.hasLayer(ring)) { ring.addTo(map); }
      if (selected !== previous) { reveal(where); }
    } else if (map.hasLayer(ring)) {
      map.removeLayer(ring);
    }
  }

  function setDate(day, place) {
    if (!data.states[day]) { return false; }
    if (day !== current) {
      current = day;
      zonesGroup.clearLayers();
      zonesGroup.addLayer(zonesFor(day));
      frontsGroup.clearLayers();
      frontsGroup.addLayer(frontsFor(day));
      var row = data.states[day];
      Object.keys(placeLayers).forEach(function (id) { restyle(id, row[id]); });
      if (badgeText) { badgeText.textContent = longDate(day); }
      map.getContainer().setAttribute("data-date", day);
    }
    if (place !== undefined) { select(place); }
    return true;
  }

  function openPopup(id, layer) {
    var info = placeInfo[id], state = data.states[current][id];
    var box = el("div", "place-popup");
    var title = el("div", "place-popup-title");
    title.appendChild(el("strong", null, info.name));
    var ar = el("span", "place-popup-ar", info.name_ar);
    ar.setAttribute("dir", "rtl");
    ar.setAttribute("lang", "ar");
    title.appendChild(ar);
    box.appendChild(title);
    box.appendChild(el("div", "place-popup-now", "On " + longDate(current) + ": " + factionName(state[0]) +
      " (" + state[1] + "), since " + longDate(state[3])));
    (data.history[id] || []).forEach(function (record) {
      var item = el("div", "place-popup-record");
      item.appendChild(el("div", "place-popup-head", record.date + " · " + factionName(record.controller) + " · " +
        record.status + " · " + record.certainty));
      if (record.note) { item.appendChild(el("div", "place-popup-note", record.note)); }
      (record.alternatives || []).forEach(function (alt) {
        item.appendChild(el("div", "place-popup-note", "Other version: " + (alt.date ? alt.date + " " : "") +
          (alt.controller ? factionName(alt.controller) + " " : "") + "— " + alt.note));
      });
      (record.excerpts || []).forEach(function (excerpt) {
        item.appendChild(el("blockquote", "place-popup-excerpt", excerpt.text));
      });
      record.sources.forEach(function (sid) {
        var source = data.sources[sid];
        if (!source) { return; }
        var cite = el("div", "place-popup-source");
        cite.appendChild(document.createTextNode(source.publisher + (source.original_publisher ? " (" + source.original_publisher + ")" : "") + ", "));
        var title = isHttp(source.url) ? el("a", null, source.title) : el("span", null, source.title);
        if (isHttp(source.url)) { title.href = source.url; title.target = "_blank"; title.rel = "noopener noreferrer"; }
        cite.appendChild(title);
        cite.appendChild(document.createTextNode(", " + source.published + (source.access !== "original" ? " [" + source.access + "]" : "")));
        item.appendChild(cite);
      });
      box.appendChild(item);
    });
    L.popup({maxWidth: 420, maxHeight: 360, className: "place-popup-wrap"}).setLatLng(layer.getLatLng()).setContent(box).openOn(map);
  }

  // ---- Following the page's date slider (in the app only) -------------------------------------
  // A slider step would otherwise reach the map only after a full server round trip (~300 ms).
  // The map iframe is same-origin with the page, so it watches the slider's own input and swaps
  // layers as soon as the thumb moves; the server's SetDate arrives later and agrees. Without the
  // page (exported HTML) or if the slider is not found, the server's SetDate alone drives the map.
  function sliderBridge(selector) {
    var doc = null, input = null, observer = null;
    try { if (window.parent && window.parent !== window) { doc = window.parent.document; } } catch (err) { doc = null; }
    function attach() {
      if (!doc) { return false; }
      var found = doc.querySelector(selector);
      if (found && Number(found.max) !== data.dates.length - 1) { found = null; }  // not our period: ignore it
      if (found !== input) {
        if (observer) { observer.disconnect(); observer = null; }
        input = found;
        if (input) {
          observer = new MutationObserver(function () { var d = day(); if (d && !playing() && !syncing) { setDate(d); } });
          observer.observe(input, {attributes: true, attributeFilter: ["aria-valuetext", "value"]});
        }
      }
      return !!input;
    }
    function day() { return input && input.isConnected ? (data.dates[Number(input.value)] || null) : null; }
    function step() {
      // The same key a person would press; the page then reruns with the new day.
      if (!attach()) { return false; }
      input.dispatchEvent(new KeyboardEvent("keydown", {key: "ArrowRight", code: "ArrowRight", bubbles: true, cancelable: true}));
      return true;
    }
    return {attach: attach, day: day, step: step};
  }
  var slider = options.slider ? sliderBridge(options.slider) : null;

  // ---- Play: animated here, so it keeps its pace however busy the server is ---------------------
  // The map steps at exactly the chosen pace whatever the server and the page are doing; every
  // SYNC_MS the page's slider is brought up to the map's day (as if a person pressed the arrow key),
  // so the slider, the link and the panels follow a few times a second, and all catch up on pause.
  var SYNC_MS = 400;
  var playTimer = null, syncTimer = null, playFps = 0;
  function playing() { return playTimer !== null; }
  function setPlaying(on, fps) {
    fps = fps || 2;
    var was = playing();
    if (was && (!on || fps !== playFps)) { clearInterval(playTimer); playTimer = null; }
    playFps = fps;
    if (on && !playing()) {
      playTimer = setInterval(playTick, 1000 / fps);
      if (syncTimer === null) { syncTimer = setInterval(syncSlider, SYNC_MS); }
    }
    if (!on && syncTimer !== null) { clearInterval(syncTimer); syncTimer = null; }
    if (was && !on) { syncSlider(); }
    map.getContainer().setAttribute("data-playing", playing() ? "true" : "false");
  }
  function playTick() {
    var index = data.dates.indexOf(current);
    if (index < 0 || index >= data.dates.length - 1) { setPlaying(false); return; }
    setDate(data.dates[index + 1]);
    if (index + 1 === data.dates.length - 1) { setPlaying(false); }  // the last day: stop, and sync
  }
  // One key press per task: the page's slider computes each step from its last drawn value, so two
  // presses in the same task would count once. Until it has caught up, server runs do not move the map.
  var syncing = false;
  function syncSlider() {
    syncing = false;
    if (!slider || !slider.attach() || !slider.day()) { return; }
    if (data.dates.indexOf(current) > data.dates.indexOf(slider.day())) {
      syncing = true;
      slider.step();
      setTimeout(syncSlider, 0);
    }
  }

  // What the server sends on every run: its day and place, the play request (a number that changes at
  // each press of Play, or null for paused) and the speed. While playing, the map's own day leads: the
  // server's is a step or more behind. A play request is acted on once, so a late run of the page
  // cannot restart a play that has already reached the end.
  var lastPlayRequest = null;
  function fromServer(day, place, playRequest, fps) {
    var start = playRequest !== null && playRequest !== lastPlayRequest;
    lastPlayRequest = playRequest;
    if (playing()) {
      select(place);
      if (playRequest === null) { setPlaying(false); } else if (fps !== playFps) { setPlaying(true, fps); }
      return;
    }
    if (syncing) { day = current; } else if (slider && slider.attach()) { day = slider.day() || day; }
    setDate(day, place);  // (the thumb is ahead of the server while a run catches up)
    if (start) { setPlaying(true, fps); }
  }

  window.conflictMap = {setDate: setDate, fromServer: fromServer, select: select, map: map, dates: data.dates,
                        current: function () { return current; }, playing: function () { return !!playTimer; }};
  setDate(options.initial_date, options.initial_place);
};
