// The conflict map's entry point: each map calls conflictMapInit(map, options, data) once. It wires the
// named parts (data, layers, controls, panel, slider bridge, player, standalone page) and exposes the
// `window.conflictMap` API that the page's per-run script and the tests use. `data` is null when it is
// to be fetched from options.data_url (the app); embedded in exported HTML.
window.conflictMapInit = function (map, options, payload) {
  "use strict";
  var CM = window.ConflictMap;
  if (!payload) {
    var request = new XMLHttpRequest();
    // Synchronous on purpose: streamlit-folium binds its click handlers to the layers that exist
    // when this script finishes, so the places layer must be built before it returns.
    request.open("GET", options.data_url, false);
    try { request.send(null); } catch (err) { /* reported below */ }
    if (request.status !== 200) {
      var box = L.control({position: "topleft"});
      box.onAdd = function () { return CM.el("div", "map-error", "The map data could not be loaded (" + options.data_url + "). Reload the page."); };
      box.addTo(map);
      return;
    }
    payload = JSON.parse(request.responseText);
  }
  var data = CM.makeData(payload);
  if (!options.standalone) {
    // The map's own frame in the app: a landmark and a heading for screen readers; the page around it
    // carries the text version of the map, the place list and the controls.
    map.getContainer().setAttribute("role", "main");
    map.getContainer().setAttribute("aria-label", data.info.map_title + ": interactive map");
    var heading = CM.el("h1", "cm-sr-only", data.info.map_title);
    map.getContainer().insertBefore(heading, map.getContainer().firstChild);
  }
  map.attributionControl.setPrefix("Leaflet");
  map.attributionControl.addAttribution("Boundaries: Natural Earth · Places: GeoNames");
  // The wheel scrolls the page until the map is clicked: otherwise scrolling past it zooms it away.
  map.scrollWheelZoom.disable();
  map.on("click focus", function () { map.scrollWheelZoom.enable(); });
  map.on("mouseout blur", function () { map.scrollWheelZoom.disable(); });

  var current = null, page = null;
  var layers = CM.makeLayers(map, data, function (id) { if (page) { select(id); } });
  var showBadge = CM.addBadge(map, data), showLegend = CM.addLegend(map, data);
  CM.addLayerControl(map, layers, {offline: "Offline vector map", online: "OpenStreetMap (online)", zones: "Control zones",
    fronts: "Front lines", places: "Places", labels: "City labels", divisions: "Divisions"});

  function setDate(day, place) {
    if (!data.hasDay(day)) { return false; }
    if (day !== current) {
      current = day;
      layers.show(day);
      showBadge(day);
      showLegend(day);
    }
    if (place !== undefined) { layers.select(place); }
    if (page) { page.update(day, layers.selected()); }
    return true;
  }
  function select(id) {
    layers.select(id);
    if (page) { page.update(current, layers.selected()); }
    return layers.selected();
  }

  var slider = options.slider ? CM.makeSliderBridge(options.slider, data.dates, function (d) { setDate(d); }) : null;
  var player = CM.makePlayer(map, data.dates, function () { return current; }, function (d) { setDate(d); }, slider);
  if (slider) { slider.pauseWhile(function () { return player.playing() || player.syncing(); }); }

  // What the server sends on every run: its day and place, the play request (a number that changes at
  // each press of Play, or null for paused) and the speed. While playing, the map's own day leads: the
  // server's is a step or more behind. A play request is acted on once, so a late run of the page
  // cannot restart a play that has already reached the end.
  var lastPlayRequest = null;
  function fromServer(day, place, playRequest, fps, compareFrom) {
    layers.compare(compareFrom || null);
    var start = playRequest !== null && playRequest !== lastPlayRequest;
    lastPlayRequest = playRequest;
    if (player.playing()) {
      layers.select(place);
      if (playRequest === null) { player.set(false); } else if (fps !== player.speed()) { player.set(true, fps); }
      return;
    }
    if (player.syncing()) { day = current; } else if (slider && slider.attach()) { day = slider.day() || day; }
    setDate(day, place);  // (the thumb is ahead of the server while a run catches up)
    if (start) { player.set(true, fps); }
  }

  window.conflictMap = {setDate: setDate, fromServer: fromServer, select: select, map: map, dates: data.dates, data: data,
                        current: function () { return current; }, playing: function () { return player.playing(); },
                        play: function (on, fps) { player.set(on, fps); }, compare: layers.compare};
  if (options.standalone) {
    page = CM.makeStandalonePage(map, data, {setDate: setDate, select: select, player: player,
                                             current: function () { return current; }});
    var wanted = page.initial();
    var day = wanted.date && data.hasDay(wanted.date) ? wanted.date : options.initial_date;
    var place = wanted.place && data.place(wanted.place) ? wanted.place : options.initial_place;
    setDate(day, place || null);
  } else if (options.initial_date) {
    setDate(options.initial_date, options.initial_place);
  }  // (in the app the server's first fromServer() call sets the day: no flash of another date)
};
