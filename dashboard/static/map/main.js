// The conflict map's entry point: each map calls conflictMapInit(map, options, data) once. It wires the
// named parts (data, layers, controls, panel, player, standalone page) and exposes `window.conflictMap`.
// `data` is embedded in exported HTML; in the app it is fetched from options.data_url, and the component
// host (host.js) drives the map through `conflictMap.fromPage(...)` and hears back through `onReport`.
(function () {
  "use strict";

  // Leaflet's attribution takes HTML: text from the data is escaped first.
  function escapeText(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  function describe(CM, map, data, standalone) {
    if (standalone) { return; }
    // The map's own frame in the app: a landmark and a heading for screen readers; the page around it
    // carries the text version of the map, the place list and the controls.
    map.getContainer().setAttribute("role", "main");
    map.getContainer().setAttribute("aria-label", data.info.map_title + ": interactive map");
    map.getContainer().insertBefore(CM.el("h1", "cm-sr-only", data.info.map_title), map.getContainer().firstChild);
  }

  function setUpMap(map, data) {
    map.attributionControl.setPrefix("Leaflet");
    map.attributionControl.addAttribution(escapeText(data.words.page.mapCredit));
    // The wheel scrolls the page until the map is clicked: otherwise scrolling past it zooms it away.
    map.scrollWheelZoom.disable();
    map.on("click focus", function () { map.scrollWheelZoom.enable(); });
    map.on("mouseout blur", function () { map.scrollWheelZoom.disable(); });
  }

  var FOCUS_ZOOM = 8;

  window.conflictMapBuild = function (CM, map, options, payload) {
    var data = CM.makeData(payload);
    describe(CM, map, data, options.standalone);
    setUpMap(map, data);

    var current = null, page = null, reporters = [];
    // What the person did on the map (a click, a day played, a pan or zoom), for the page that owns the view.
    function report(change) { reporters.forEach(function (fn) { fn(change); }); }

    // A click or tap means the drawn place nearest to the pointer (or a choice of several): picking.js.
    var picker = null;
    var layers = CM.makeLayers(map, data, function (id, e) {
      if (picker) { picker.pick(map.mouseEventToContainerPoint(e.originalEvent), id); }
    });
    picker = CM.makePicker(map, layers.markers, function (id) { return data.placeName(data.place(id)); }, function (id) {
      select(id);
      focusOn(id);
      report({place: layers.selected()});
    });
    // Choosing a place (on the map or in the page's list) brings it to the middle, zoomed in (by up to two
    // levels, to FOCUS_ZOOM) to tell it from its neighbours; the zoom is never reduced.
    function focusOn(id) {
      var marker = id && layers.markers[id];
      var zoom = map.getZoom();
      if (marker) { map.setView(marker.getLatLng(), Math.max(zoom, Math.min(FOCUS_ZOOM, zoom + 2)), {animate: false}); }
    }
    CM.declutterLabels(map);
    var showBadge = CM.addBadge(map, data), showLegend = CM.addLegend(map, data);
    CM.addLayerControl(map, layers, {offline: "Offline vector map", online: "OpenStreetMap (online)", zones: "Control zones",
      fronts: "Front lines", places: "Places", labels: "City labels", divisions: "Divisions"});

    var compareFrom = null, pendingDay = null;
    function setDate(day, place) {
      if (data.dates.indexOf(day) < 0) { return false; }
      if (!data.hasDay(day)) {  // its chunk of frames is still on the way: show it when it arrives
        data.whenDay(day, function () { if (pendingDay === day) { setDate(day, place); } });
        pendingDay = day;
        return false;
      }
      pendingDay = null;
      if (day !== current) {
        current = day;
        layers.show(day);
      }
      showBadge(day, compareFrom);
      showLegend(day, compareFrom);
      if (place !== undefined) { layers.select(place); }
      if (page) { page.update(day, layers.selected()); }
      return true;
    }
    function select(id) {
      layers.select(id);
      if (page) { page.update(current, layers.selected()); }
      return layers.selected();
    }

    // In the app a played day waits until the page has taken the previous one (`pending` is cleared by
    // fromPage); in the HTML export nothing waits.
    var pending = null;
    var player = CM.makePlayer(map, data.dates, function () { return current; }, function (d) {
      setDate(d);
      if (!options.standalone) { pending = d; report({date: d}); }
    }, function () { return pending === null; });
    player.onChange(function (on) { if (!options.standalone) { report({playing: on, date: current}); } });

    // The page's view, sent on every run of the page: its day and place, the earlier date of compare mode,
    // and play (`play.request` changes at each press of Play; null when paused). The page owns the date;
    // a day the map played is taken once the page echoes it back.
    var lastPlayRequest = null, shownOnce = false;
    // The events layer (events.js), fed by the page's view; a click on an event or a cluster is reported.
    var events = CM.eventsLayerFor ? CM.eventsLayerFor(map) : null;
    // In the app the page lists a picked event or cluster; the exported HTML shows a popup (events.js).
    if (!options.standalone) { CM.onEventsPick = function (pick) { report({events_pick: pick}); }; }
    var shownEvents = null;
    function showEvents(json) {
      if (!events || json === shownEvents) { return; }
      shownEvents = json;
      if (json) { events.show(JSON.parse(json)); } else { events.clear(); }
    }

    function fromPage(view) {
      showEvents(view.events || null);
      compareFrom = view.compare && data.hasDay(view.compare) ? view.compare : null;
      layers.compare(compareFrom);
      if (pending !== null && view.date === pending) { pending = null; }
      var play = view.play || null, request = play ? play.request : null;
      var start = request !== null && request !== lastPlayRequest;
      lastPlayRequest = request;
      if (!play && player.playing()) { player.set(false); }
      if (player.playing() || pending !== null) {  // the page has not caught up with the map yet
        layers.select(view.place || null);
        if (play && play.fps !== player.speed()) { player.set(true, play.fps); }
        return;
      }
      var chosen = (view.place || null) !== layers.selected() && shownOnce;
      setDate(view.date, view.place || null);
      if (chosen) { focusOn(view.place); }  // a place picked in the page's list, or from a link
      shownOnce = true;
      if (start) { player.set(true, play.fps); }
    }

    var api = {setDate: setDate, fromPage: fromPage, select: select, map: map, dates: data.dates, data: data,
               current: function () { return current; }, playing: function () { return player.playing(); },
               play: function (on, fps) { player.set(on, fps); }, compare: layers.compare,
               onReport: function (fn) { reporters.push(fn); }, picker: picker};
    window.conflictMap = api;
    if (options.standalone) {
      // The page around the map changes the map's size: frame the same land again once it is laid out.
      var framed = map.getBounds();
      page = CM.makeStandalonePage(map, data, {setDate: setDate, player: player,
                                               select: function (id) { var got = select(id); focusOn(got); return got; },
                                               current: function () { return current; }});
      var wanted = page.initial();
      var day = wanted.date && data.hasDay(wanted.date) ? wanted.date : options.initial_date;
      if (/^\d{4}-\d{2}-\d{2}$/.test(wanted.date || "") && !data.hasDay(wanted.date)) {  // the nearest day there is
        day = wanted.date < data.dates[0] ? data.dates[0] : data.dates[data.dates.length - 1];
      }
      var place = wanted.place && data.place(wanted.place) ? wanted.place : options.initial_place;
      setDate(day, place || null);
      map.invalidateSize({animate: false});
      map.fitBounds(framed, {animate: false});
    } else if (options.initial_date) {
      setDate(options.initial_date, options.initial_place);
    }  // (in the app the page's first fromPage() call sets the day: no flash of another date)
    return api;
  };

  function fetchJson(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) { throw new Error(response.status + " " + response.statusText); }
      return response.json();
    });
  }

  // A long period comes as a head (the first map's data) and chunks of frames fetched after the first view,
  // one at a time: `<head>-c<index>.json` (ui/prepare.py). A day not yet here is shown when it arrives.
  function loadChunks(data, headUrl, head) {
    var count = head.chunk_count || 1, have = {};
    (head.loaded || []).forEach(function (chunk) { have[chunk.index] = true; });
    var next = 0;
    function step() {
      while (next < count && have[next]) { next++; }
      if (next >= count) { return; }
      var index = next++;
      fetchJson(headUrl.replace(/\.json$/, "-c" + index + ".json")).then(function (chunk) {
        data.addChunk(chunk);
        step();
      }, step);
    }
    step();
  }

  // Embedded data (the HTML export) builds the map at once, or once unpacked when the export packed a long
  // period (a string: render/html_export.py); the app's data is fetched first.
  window.conflictMapInit = function (map, options, payload) {
    var CM = window.ConflictMap;
    if (payload && typeof payload === "object") {
      var api = window.conflictMapBuild(CM, map, options, payload);
      window.conflictMapReady = Promise.resolve(api);
      return;
    }
    var loading = payload ? unpackJson(payload) : fetchJson(options.data_url);
    window.conflictMapReady = loading.then(function (loaded) {
      var api = window.conflictMapBuild(CM, map, options, loaded);
      if (!payload) { loadChunks(api.data, options.data_url, loaded); }
      return api;
    }, function (err) {
      var box = L.control({position: "topleft"});
      box.onAdd = function () {
        return CM.el("div", "map-error", "The map data could not be " + (payload ? "unpacked" : "loaded") + " (" +
          String(err && err.message) + "). " + (payload ? "Open this file in a current browser." : "Reload the page."));
      };
      box.addTo(map);
      throw err;
    });
  };

  // The HTML export's data for a long period: JSON, gzipped, in base64 (a third of its size as text).
  function unpackJson(base64) {
    if (typeof DecompressionStream === "undefined") {
      return Promise.reject(new Error("this browser cannot read gzip data (DecompressionStream)"));
    }
    var text = atob(base64), bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) { bytes[i] = text.charCodeAt(i); }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text().then(JSON.parse);
  }
})();
