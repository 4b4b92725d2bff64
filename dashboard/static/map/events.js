// The events layer (ACLED / UCDP events the user imported): `ConflictMap.makeEventsLayer(map)` returns
// {show(data), clear(), shown()}. `data` is render/events_layer.py's JSON: grid bins drawn as count
// circles when the window holds many events, small markers when few. An approximate place is a hollow
// ring, an approximate date a dashed outline. A click calls `ConflictMap.onEventsPick({cell: id})` or
// `({event: key})`: the page wires that hook to its panel; without a page (exported HTML) a bin zooms in
// and an event opens a popup. Every string from the data goes through textContent, never innerHTML.
(function (CM) {
  "use strict";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }

  // Exported HTML has no page to tell: a click shows what the point carries.
  function detailsOf(point) {
    var d = point[6], box = el("div", "cm-event-popup");
    box.appendChild(el("strong", null, point[3] + (d[1] ? " · " + d[1] : "")));
    var flags = point[4];
    [[d[0] + ((flags & 2) ? " (approximate date)" : "")], [d[2]],
     [d[3] + ((flags & 1) ? " (approximate location)" : " (exact location)")],
     ["Fatalities: " + point[5]], [d[4]], ["Source: " + d[5]], [d[6]]].forEach(function (line) {
      if (line[0]) { box.appendChild(el("div", null, line[0])); }
    });
    return box;
  }

  CM.onEventsPick = CM.onEventsPick || null;

  CM.makeEventsLayer = function (map) {
    if (!map.getPane("events")) { map.createPane("events").style.zIndex = 630; }
    // Points on one canvas: hundreds of SVG circles cost ~100 ms a redraw in Chromium, a canvas ~10 ms.
    var renderer = L.canvas({pane: "events", padding: 0.2});
    var group = L.layerGroup().addTo(map), credits = [], current = null;

    function pick(what, fallback) {
      if (typeof CM.onEventsPick === "function") { CM.onEventsPick(what); } else { fallback(); }
    }
    function binMarker(bin) {
      var count = bin[3], size = Math.round(22 + 8 * Math.log10(Math.max(1, count)));
      var label = el("div", "cm-event-bin" + (bin[4] * 2 > count ? " cm-approx" : ""), count >= 10000 ? Math.round(count / 1000) + "k" : count);
      // `font` first: the shorthand resets line-height, which centres the count vertically.
      // Size here, colours in conflict_map.css (.cm-event-bin).
      label.style.cssText = "font:600 11px sans-serif;width:" + size + "px;height:" + size + "px;line-height:" +
        (size - 4) + "px;";
      label.setAttribute("data-cell", bin[0]);
      var marker = L.marker([bin[1], bin[2]], {
        pane: "events", keyboard: true, title: count + " events",
        icon: L.divIcon({html: label, className: "cm-event-bin-icon", iconSize: [size, size]})
      });
      marker.on("click", function (e) {
        L.DomEvent.stopPropagation(e);  // not also a click on the map (which picks the nearest place)
        pick({cell: bin[0]}, function () { map.setView([bin[1], bin[2]], Math.min(map.getZoom() + 2, 12)); });
      });
      return marker;
    }
    function pointMarker(point, colours) {
      var colour = colours[point[3]] || colours["*"], flags = point[4];
      var marker = L.circleMarker([point[1], point[2]], {
        pane: "events", renderer: renderer, eventKey: point[0], flags: flags, radius: 5 + Math.min(4, Math.log2(1 + point[5])), color: colour, weight: 2,
        fillColor: colour, fillOpacity: (flags & 1) ? 0 : 0.8, dashArray: (flags & 2) ? "3 2" : null
      });
      // Tooltip content made on first hover: building hundreds up front doubles the cost of a redraw.
      marker.bindTooltip(function () { return el("span", null, point[3] + (point[5] ? " · " + point[5] + " killed" : "")); });
      marker.on("click", function (e) {
        L.DomEvent.stopPropagation(e);  // not also a click on the map (which picks the nearest place)
        pick({event: point[0]}, function () { if (point[6]) { L.popup().setLatLng([point[1], point[2]]).setContent(detailsOf(point)).openOn(map); } });
      });
      return marker;
    }
    function setCredits(lines) {
      credits.forEach(function (c) { map.attributionControl.removeAttribution(c); });
      credits = (lines || []).map(escapeHtml);
      credits.forEach(function (c) { map.attributionControl.addAttribution(c); });
    }
    function clear() { group.clearLayers(); setCredits([]); current = null; map.getContainer().removeAttribute("data-events"); }
    function show(data) {
      group.clearLayers();
      current = data || null;
      if (!data) { clear(); return; }
      if (data.mode === "bins") {
        data.bins.forEach(function (b) { group.addLayer(binMarker(b)); });
      } else {
        var p = data.points || {key: []};
        for (var i = 0; i < p.key.length; i++) {
          group.addLayer(pointMarker([p.key[i], p.lat[i], p.lon[i], p.type[i], p.flags[i], p.fatalities[i],
                                      p.details ? p.details[i] : null], data.colours || {}));
        }
      }
      setCredits(data.attribution);
      map.getContainer().setAttribute("data-events", String(data.total));
    }
    return {show: show, clear: clear, shown: function () { return current; }, group: group};
  };

  // One layer per map, made on first use: the page's init calls this once and keeps the result in
  // `window.conflictMapEvents`, which the per-run script (render/events_layer.layer_script) feeds.
  CM.eventsLayerFor = function (map) {
    if (!map._conflictEvents) { map._conflictEvents = CM.makeEventsLayer(map); }
    return map._conflictEvents;
  };
})(window.ConflictMap = window.ConflictMap || {});
