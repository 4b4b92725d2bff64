// Controls on the map: the date badge with the method caveat, the legend (what is drawn on the day),
// and the layer switcher (offline vector map or optional online tiles; zones, fronts, places...).
(function (CM) {
  "use strict";
  var el = CM.el;

  // A small map (a phone) starts with the badge and legend folded: each opens with a tap on its summary.
  function small(map) { var size = map.getSize(); return size.x < 600 || size.y < 420; }

  function foldable(className, summaryNode, open) {
    var details = L.DomUtil.create("details", className);
    details.open = open;
    details.appendChild(summaryNode.tagName === "SUMMARY" ? summaryNode : wrapSummary(summaryNode));
    L.DomEvent.disableClickPropagation(details);
    return details;
  }
  function wrapSummary(node) { var summary = el("summary"); summary.appendChild(node); return summary; }

  CM.addBadge = function (map, data) {
    var text = null, note = null;
    var badge = L.control({position: "topright"});
    badge.onAdd = function () {
      var div = L.DomUtil.create("div", "map-date");
      if (data.rtl) { div.setAttribute("dir", "rtl"); }
      text = el("summary", "map-date-day");
      text.setAttribute("aria-live", "polite");
      var details = foldable("map-date-fold", text, !small(map));
      note = details.appendChild(el("div", "map-date-note", data.words.method_short));
      div.appendChild(details);
      return div;
    };
    badge.addTo(map);
    return function (day, compareFrom) {
      if (!text) { return; }
      var wanted = compareFrom ? data.words.page.compareBadge.replace("{start}", data.shortDate(compareFrom))
        .replace("{end}", data.shortDate(day) + " " + day.slice(0, 4)) : data.longDate(day);
      if (text.textContent !== wanted) { text.textContent = wanted; }  // (screen readers hear changes only)
      // On a day with drawn control maps the territory is theirs where they reach (render/drawn_payload.py).
      var method = data.hasDrawn(day) ? data.words.method_short_drawn : data.words.method_short;
      if (note.textContent !== method) { note.textContent = method; }
    };
  };

  function swatchRow(label, decorate) {
    var row = el("div", "map-legend-row");
    var swatch = el("span", "map-legend-swatch");
    swatch.setAttribute("aria-hidden", "true");
    decorate(swatch);
    row.appendChild(swatch);
    row.appendChild(el("span", null, label));
    return row;
  }

  // The factions drawn on `day` (a zone or a marker), in the data's order, then the line and ring keys.
  CM.legendRows = function (data, day) {
    var frame = data.frames[data.frameIndex(day)], s = data.style, present = {}, uncertain = false, unassessed = false;
    var rings = {};
    frame.owner.forEach(function (o, i) {
      if (o < 0) { unassessed = true; return; }
      present[data.factions[o].id] = true;
      if (frame.certain.charAt(i) === "0") { uncertain = true; }
    });
    data.places.forEach(function (p) {
      var st = p.lon === null ? null : data.stateOf(p.id, day);
      if (!st) { return; }
      present[st.controller] = true;
      rings[st.status] = true;
      if (st.recent && st.status === "held") { rings.recent = true; }
      if (st.certainty !== "confirmed") { uncertain = true; }
    });
    var rows = [];
    data.factions.forEach(function (f) {
      if (!present[f.id]) { return; }
      rows.push(swatchRow(data.factionName(f.id), function (sw) { sw.style.background = f.colour; }));
    });
    var w = data.words, factionRows = rows.length;
    if (frame.fronts.length) {
      rows.push(swatchRow(w.legend_front, function (sw) { sw.className += " map-legend-line"; sw.style.background = s.front; }));
    }
    if (uncertain) { rows.push(swatchRow(w.legend_uncertain, function (sw) { sw.className += " map-legend-hatch"; })); }
    if (unassessed) {
      rows.push(swatchRow(w.legend_unassessed, function (sw) { sw.style.background = s.unassessed; sw.style.opacity = 0.5; }));
    }
    if (rings.contested || rings.split) {
      rows.push(swatchRow(w.legend_contested, function (sw) { sw.className += " map-legend-ring"; sw.style.borderColor = s.contested; sw.style.borderStyle = "dashed"; }));
    }
    if (rings.besieged) { rows.push(swatchRow(w.legend_besieged, function (sw) { sw.className += " map-legend-ring map-legend-besieged"; })); }
    if (rings.recent) {
      rows.push(swatchRow(w.legend_recent, function (sw) { sw.className += " map-legend-ring"; sw.style.borderColor = s.recent_edge; sw.style.borderWidth = "3px"; }));
    }
    rows.slice(factionRows).forEach(function (row) { row.className += " map-legend-wide"; });
    return rows;
  };

  // Compare mode: which factions gained land between the two days and which lost it (fill = the gainer's
  // colour, dashed outline = the loser's), under a line naming both dates.
  CM.compareRows = function (data, from, to) {
    var before = data.frames[data.frameIndex(from)].owner, after = data.frames[data.frameIndex(to)].owner;
    var gained = {}, lost = {}, w = data.words.page;
    before.forEach(function (o, i) {
      if (o === after[i]) { return; }
      if (after[i] >= 0) { gained[after[i]] = true; }
      if (o >= 0) { lost[o] = true; }
    });
    var rows = [el("div", "map-legend-row map-legend-wide map-legend-compare",
                   w.compareTitle.replace("{start}", data.shortDate(from)).replace("{end}", data.shortDate(to)))];
    data.factions.forEach(function (f, i) {
      if (gained[i]) {
        rows.push(swatchRow(w.gainedBy.replace("{faction}", data.factionName(f.id)), function (sw) { sw.style.background = f.colour; }));
      }
    });
    data.factions.forEach(function (f, i) {
      if (lost[i]) {
        rows.push(swatchRow(w.lostBy.replace("{faction}", data.factionName(f.id)), function (sw) {
          sw.className += " map-legend-lost"; sw.style.borderColor = f.colour; }));
      }
    });
    if (rows.length === 1) { rows.push(el("div", "map-legend-row map-legend-wide", w.noChange)); }
    return rows;
  };

  CM.addLegend = function (map, data) {
    var box = null, shown = null;
    var legend = L.control({position: "bottomright"});
    legend.onAdd = function () {
      var outer = L.DomUtil.create("div", "map-legend-box");
      var details = foldable("map-legend-fold", el("summary", "map-legend-summary", data.words.page.legend),
                             !small(map));
      box = el("div", "map-legend");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", data.words.page.legend);
      if (data.rtl) { outer.setAttribute("dir", "rtl"); }
      details.appendChild(box);
      outer.appendChild(details);
      return outer;
    };
    legend.addTo(map);
    return function (day, compareFrom) {
      var key = day + "|" + (compareFrom || "");
      if (!box || key === shown) { return; }
      shown = key;
      box.textContent = "";
      var rows = compareFrom ? CM.compareRows(data, compareFrom, day) : CM.legendRows(data, day);
      rows.forEach(function (row) { box.appendChild(row); });
    };
  };

  CM.addLayerControl = function (map, layers, labels) {
    var osm = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {maxZoom: 18,
      attribution: "© OpenStreetMap contributors"});
    var offline = L.layerGroup().addTo(map);
    var base = {}, overlays = {};
    base[labels.offline] = offline;
    base[labels.online] = osm;
    overlays[labels.zones] = layers.overlays.zones;
    overlays[labels.fronts] = layers.overlays.fronts;
    overlays[labels.places] = layers.overlays.places;
    overlays[labels.labels] = layers.overlays.labels;
    overlays[labels.divisions] = layers.overlays.divisions;
    L.control.layers(base, overlays, {collapsed: true, position: "topleft"}).addTo(map);
    map.on("baselayerchange", function (e) {
      var online = e.layer === osm;
      layers.land.eachLayer(function (layer) { layer.setStyle({fillOpacity: online ? 0 : 1}); });
    });
  };
})(window.ConflictMap = window.ConflictMap || {});
