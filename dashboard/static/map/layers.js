// The map's layers: basemap, control zones (solid, hatched where uncertain, neutral where unassessed),
// front lines, place markers and labels, the selection ring. Zones and fronts are built once per frame
// (a day on which some record takes effect) and cached, so changing the date is a layer swap.
(function (CM) {
  "use strict";
  var SVG_NS = "http://www.w3.org/2000/svg";
  // Marker thinning: the smallest distance between marker centres below rank 1 (screen pixels), and the
  // zoom from which every place shows.
  var MARKER_SPACING_PX = 12, ALL_ZOOM = 11;

  function panes(map) {
    // Drawn shapes go above the derived fronts: the derived land and fronts under a drawn shape are hidden.
    [["basemap", 250], ["unassessed", 340], ["zones", 350], ["hatch", 360], ["fronts", 450], ["drawn", 455],
     ["drawnFronts", 458], ["places", 620],
     ["highlight", 615], ["labels", 640]].forEach(function (p) { map.createPane(p[0]).style.zIndex = p[1]; });
    map.getPane("labels").style.pointerEvents = "none";
  }

  // One diagonal-stripe pattern per faction, for zones that rest on reported or disputed records.
  function hatchPatterns(map, data) {
    var renderer = L.svg({pane: "hatch"});
    map.addLayer(renderer);
    var defs = document.createElementNS(SVG_NS, "defs");
    var s = data.style;
    data.factions.forEach(function (f, i) {
      var pattern = document.createElementNS(SVG_NS, "pattern");
      pattern.setAttribute("id", "cm-hatch-" + i);
      pattern.setAttribute("patternUnits", "userSpaceOnUse");
      pattern.setAttribute("width", s.hatch_spacing);
      pattern.setAttribute("height", s.hatch_spacing);
      pattern.setAttribute("patternTransform", "rotate(45)");
      var line = document.createElementNS(SVG_NS, "line");
      line.setAttribute("x1", 0); line.setAttribute("y1", 0); line.setAttribute("x2", 0); line.setAttribute("y2", s.hatch_spacing);
      line.setAttribute("stroke", f.colour);
      line.setAttribute("stroke-width", s.hatch_width);
      pattern.appendChild(line);
      defs.appendChild(pattern);
    });
    renderer._container.insertBefore(defs, renderer._container.firstChild);
    return renderer;
  }

  function basemap(map, data) {
    var s = data.style, b = data.payload.basemap;
    var land = L.layerGroup().addTo(map);
    L.geoJSON(b.neighbours, {pane: "basemap", interactive: false,
      style: {color: s.neighbour_edge, weight: 1, fillColor: s.neighbour_fill, fillOpacity: 1}}).addTo(land);
    L.geoJSON(b.outline, {pane: "basemap", interactive: false,
      style: {color: s.outline, weight: 1.6, fillColor: s.land, fillOpacity: 1}}).addTo(land);
    var divisions = L.geoJSON(b.divisions, {pane: "basemap", interactive: false,
      style: {color: s.division, weight: 0.8, dashArray: "3 3", fill: false}}).addTo(map);
    return {land: land, divisions: divisions};
  }

  // A piece into a MultiPolygon's coordinates: most pieces are one polygon, a few (cut by the border or an
  // area) are several.
  function addPiece(polygons, piece) {
    if (!piece.length || !piece[0].length) { return; }  // a sliver that rounding emptied: nothing to draw
    if (typeof piece[0][0][0] === "number") { polygons.push(piece); } else { polygons.push.apply(polygons, piece); }
  }

  // Leaflet converts every vertex of a shape to a LatLng when it is given, and projects, clips, simplifies
  // and writes out every vertex each time it is drawn: a whole war's land is 70,000 vertices, and a slider
  // step redraws some of it. These shapes take rings already converted (made once per piece or edge, see
  // `latLngRings`) and keep each ring's SVG path text until the zoom or the pixel origin changes: a redraw
  // joins the texts. (No clipping to the view: the path is the whole shape, as the browser clips anyway.)
  function ringPath(map, key, latlngs, smooth, closed) {
    var kept = latlngs.cmPath;
    if (!kept || kept.key !== key) {
      var points = new Array(latlngs.length), box = new L.Bounds();
      for (var j = 0; j < latlngs.length; j++) { points[j] = map.latLngToLayerPoint(latlngs[j]); box.extend(points[j]); }
      var text = points.length ? L.SVG.pointsToPath([L.LineUtil.simplify(points, smooth)], closed) : "";
      kept = latlngs.cmPath = {key: key, box: box, text: text};
    }
    return kept;
  }
  var keptShape = {
    _setLatLngs: function (latlngs) {
      this._latlngs = latlngs;  // rings of LatLngs made once (latLngRings), shared, never changed
      this._bounds = L.latLngBounds(this.options.extent);
    },
    _project: function () {
      var map = this._map, origin = map.getPixelOrigin(), key = map.getZoom() + ":" + origin.x + ":" + origin.y;
      var closed = this instanceof L.Polygon, smooth = this.options.smoothFactor, texts = [], box = new L.Bounds();
      (function walk(latlngs) {
        if (!(latlngs[0] instanceof L.LatLng)) {
          for (var i = 0; i < latlngs.length; i++) { walk(latlngs[i]); }
          return;
        }
        var ring = ringPath(map, key, latlngs, smooth, closed);
        texts.push(ring.text);
        if (ring.box.isValid()) { box.extend(ring.box.min); box.extend(ring.box.max); }
      })(this._latlngs);
      this._pathText = texts.join("") || "M0 0";
      this._rings = [];
      if (box.isValid()) { this._rawPxBounds = box; this._updateBounds(); }
    },
    _update: function () {  // on every pan too: the text only changes with the zoom or the shape
      if (!this._map || (this._pathText === this._shownText && this._shownIn === this._path)) { return; }
      this._shownText = this._pathText;
      this._shownIn = this._path;
      this._renderer._setPath(this, this._pathText);
    }
  };
  var KeptPolygon = L.Polygon.extend(keptShape), KeptPolyline = L.Polyline.extend(keptShape);

  // GeoJSON coordinates as Leaflet rings: [lon, lat] pairs into LatLngs, a polygon's closing point dropped.
  function latLngRings(coords, closed) {
    return coords.map(function (ring) {
      var out = ring.map(function (c) { return L.latLng(c[1], c[0]); });
      if (closed && out.length > 1 && out[0].equals(out[out.length - 1])) { out.pop(); }
      return out;
    });
  }

  // The zones: the pieces merged into one shape per (owner, certainty), each shape kept from day to day.
  // A new frame moves the pieces that changed hands and redraws only the shapes they left or joined.
  function makeZones(data, zones, hatchRenderer, extent) {
    var s = data.style, pieces = data.payload.pieces, rings = new Array(pieces.length);
    var keyOf = new Array(pieces.length), groups = {};
    function polygonsOf(i) {
      if (!rings[i]) {
        var polygons = [];
        addPiece(polygons, pieces[i]);
        rings[i] = polygons.map(function (polygon) { return latLngRings(polygon, true); });
      }
      return rings[i];
    }
    function make(key, latlngs) {
      if (key === "u") {
        return [new KeptPolygon(latlngs, {extent: extent, pane: "unassessed", interactive: false, stroke: false,
          fillColor: s.unassessed, fillOpacity: s.unassessed_opacity, className: "zone zone-unassessed"})];
      }
      var index = parseInt(key, 10), f = data.factionAt(index), certain = key.slice(-1) === "c";
      var shapes = [new KeptPolygon(latlngs, {extent: extent, pane: "zones", interactive: false, stroke: false,
        fillColor: f.colour, fillOpacity: certain ? s.zone_opacity : s.uncertain_opacity,
        className: "zone zone-" + f.id + (certain ? "" : " zone-uncertain")})];
      if (!certain) {
        shapes.push(new KeptPolygon(latlngs, {extent: extent, pane: "hatch", renderer: hatchRenderer,
          interactive: false, stroke: false, fillColor: "url(#cm-hatch-" + index + ")", fillOpacity: 1,
          className: "zone-hatch zone-hatch-" + f.id}));
      }
      return shapes;
    }
    function redraw(key) {
      var group = groups[key], latlngs = [];
      group.members.forEach(function (i) { latlngs.push.apply(latlngs, polygonsOf(i)); });
      if (!latlngs.length) {
        (group.shapes || []).forEach(function (shape) { zones.removeLayer(shape); });
        delete groups[key];
      } else if (!group.shapes) {
        group.shapes = make(key, latlngs);
        group.shapes.forEach(function (shape) { zones.addLayer(shape); });
      } else {
        group.shapes.forEach(function (shape) { shape.setLatLngs(latlngs); });
      }
    }
    return function show(frame) {
      var dirty = {}, owner = frame.owner, certain = frame.certain;
      for (var i = 0; i < owner.length; i++) {
        var key = owner[i] < 0 ? "u" : owner[i] + (certain.charAt(i) === "1" ? "c" : "h");
        if (key === keyOf[i]) { continue; }
        if (keyOf[i] !== undefined) { groups[keyOf[i]].members.delete(i); dirty[keyOf[i]] = true; }
        (groups[key] = groups[key] || {members: new Set(), shapes: null}).members.add(i);
        dirty[key] = true;
        keyOf[i] = key;
      }
      Object.keys(dirty).forEach(redraw);
    };
  }

  // The front lines (a casing under the line), kept from day to day and redrawn when the frame's differ.
  function makeFronts(data, fronts, extent) {
    var s = data.style, edges = data.payload.edges, rings = new Array(edges.length), shown = null;
    var casing = new KeptPolyline([], {extent: extent, pane: "fronts", interactive: false, color: s.front_casing,
      weight: s.front_weight + s.front_casing_extra, opacity: 0.85, lineCap: "round"});
    var line = new KeptPolyline([], {extent: extent, pane: "fronts", interactive: false, color: s.front,
      weight: s.front_weight, opacity: 1, lineCap: "round", className: "front-line"});
    return function show(frame) {
      var list = frame.fronts;
      if (shown && shown.length === list.length && shown.every(function (k, j) { return k === list[j]; })) { return; }
      shown = list;
      var latlngs = [];
      list.forEach(function (k) {
        latlngs.push.apply(latlngs, rings[k] || (rings[k] = latLngRings(edges[k], false)));
      });
      [casing, line].forEach(function (shape) {
        shape.setLatLngs(latlngs);
        if (latlngs.length && !fronts.hasLayer(shape)) { fronts.addLayer(shape); }
        if (!latlngs.length && fronts.hasLayer(shape)) { fronts.removeLayer(shape); }
      });
    };
  }

  // The drawn shapes of one frame (drawnOfFrame), in a group of their own.
  function drawnGroup(data, frame, renderer) {
    var group = L.layerGroup();
    drawnOfFrame(data, frame, group, renderer);
    return group;
  }

  // The frame's drawn shapes (data.drawnAt): each over an opaque land-coloured underlay of the same shape,
  // so the derived zones under it do not show through, filled in its faction's colour as zones are
  // (hatched when not confirmed), and its rings off the border stroked as front lines.
  function drawnOfFrame(data, frame, group, renderer) {
    var s = data.style;
    data.drawnAt(frame.date).forEach(function (d) {
      var f = data.factionAt(d.faction), shape = {type: "MultiPolygon", coordinates: d.polygons};
      var name = "drawn drawn-" + (f ? f.id : "unknown") + " drawn-series-" + d.series;
      L.geoJSON(shape, {pane: "drawn", renderer: renderer, interactive: false, style: {stroke: false, fillColor: s.land, fillOpacity: 1,
        className: "drawn-underlay"}}).addTo(group);
      L.geoJSON(shape, {pane: "drawn", renderer: renderer, interactive: false, style: {stroke: false,
        fillColor: f ? f.colour : s.unassessed, fillOpacity: d.certain ? s.zone_opacity : s.uncertain_opacity,
        className: name + (d.certain ? "" : " drawn-uncertain")}}).addTo(group);
      if (!d.certain && f) {
        L.geoJSON(shape, {pane: "drawn", renderer: renderer, interactive: false, style: {stroke: false,
          fillColor: "url(#cm-hatch-" + d.faction + ")", fillOpacity: 1, className: "drawn-hatch"}}).addTo(group);
      }
      var lines = {type: "MultiLineString", coordinates: d.fronts};
      L.geoJSON(lines, {pane: "drawnFronts", interactive: false, style: {color: s.front_casing,
        weight: s.front_weight + s.front_casing_extra, opacity: 0.85, lineCap: "round"}}).addTo(group);
      L.geoJSON(lines, {pane: "drawnFronts", interactive: false, style: {color: s.front, weight: s.front_weight,
        opacity: 1, lineCap: "round", className: "front-line drawn-front"}}).addTo(group);
    });
  }

  // The land that changed hands between two frames: filled in the gainer's colour, outlined (dashed) in
  // the loser's, one multipolygon per (loser, gainer) pair.
  function changesBetween(data, from, to) {
    var s = data.style, pieces = data.payload.pieces, groups = {};
    from.owner.forEach(function (before, i) {
      var after = to.owner[i];
      if (before === after) { return; }
      var key = before + ">" + after;
      addPiece(groups[key] = groups[key] || [], pieces[i]);
    });
    var group = L.layerGroup();
    Object.keys(groups).forEach(function (key) {
      var pair = key.split(">").map(Number), loser = data.factionAt(pair[0]), gainer = data.factionAt(pair[1]);
      L.geoJSON({type: "MultiPolygon", coordinates: groups[key]}, {pane: "hatch", interactive: false, style: {
        fillColor: gainer ? gainer.colour : s.unassessed, fillOpacity: gainer ? s.compare_gain_opacity : s.unassessed_opacity,
        color: loser ? loser.colour : s.unassessed, weight: s.compare_loss_weight, dashArray: dash(s.contested_dash, 2),
        className: "change change-to-" + (gainer ? gainer.id : "unassessed")}}).addTo(group);
    });
    return group;
  }

  // Compare mode on drawn maps: the earlier day's drawn front, dashed above today's, so the move shows
  // (the land between the two lines is what changed hands; the derived pieces under drawn land are hidden).
  function drawnFrontsBefore(data, day) {
    var s = data.style, lines = [];
    data.drawnAt(day).forEach(function (d) { lines.push.apply(lines, d.fronts); });
    return L.geoJSON({type: "MultiLineString", coordinates: lines}, {pane: "drawnFronts", interactive: false,
      style: {color: s.front, weight: s.front_weight, opacity: 0.9, dashArray: dash(s.contested_dash, s.front_weight),
              className: "drawn-front-before"}});
  }

  // Layers built per frame, the `size` most recently shown kept: scrubbing fifteen years must not keep them all.
  function boundedCache(size) {
    var kept = new Map();
    return function (key, make) {
      var found = kept.get(key);
      if (found) { kept.delete(key); } else { found = make(); }
      kept.set(key, found);
      if (kept.size > size) { kept.delete(kept.keys().next().value); }
      return found;
    };
  }

  function dash(pattern, weight) { return (pattern[0] * weight) + " " + (pattern[1] * weight); }

  // A place's marker style on a day: fill by controller (paler when not confirmed), ring by status.
  function markerStyle(data, state) {
    var s = data.style, st = {fillColor: data.colour(state.controller),
      fillOpacity: state.certainty === "confirmed" ? 0.95 : s.uncertain_marker_opacity,
      color: s.marker_edge, weight: s.marker_weight, dashArray: null};
    if (state.status === "contested") {
      st.color = s.contested; st.weight = s.contested_weight; st.dashArray = dash(s.contested_dash, s.contested_weight);
    } else if (state.status === "besieged") {
      st.color = data.colour(state.besiegedBy[0]); st.weight = s.besieged_weight;
    } else if (state.status === "split") {
      st.color = data.colour(state.sharedWith[0]); st.weight = s.contested_weight;
      st.dashArray = dash(s.contested_dash, s.contested_weight);
    } else if (state.recent) {
      st.color = s.recent_edge; st.weight = s.recent_weight;
    }
    return st;
  }

  CM.makeLayers = function (map, data, onPlaceClick) {
    panes(map);
    var s = data.style;
    map.getContainer().style.background = s.sea;
    var hatchRenderer = hatchPatterns(map, data);
    // One renderer for every drawn shape, so each underlay, fill and hatching stack in order (the hatch
    // patterns are defined in hatchRenderer's SVG; a fill refers to them by id across the page).
    var drawnHatch = L.svg({pane: "drawn"});
    var base = basemap(map, data);
    var zones = L.layerGroup().addTo(map), fronts = L.layerGroup().addTo(map), changes = L.layerGroup().addTo(map);
    var compareFrom = null, shownChanges = null;
    var extent = L.geoJSON(data.payload.basemap.outline).getBounds();
    var showZones = makeZones(data, zones, hatchRenderer, extent), showFronts = makeFronts(data, fronts, extent);
    var drawn = L.layerGroup().addTo(zones), drawnCache = boundedCache(24);
    var markers = {}, current = null, shownFrame = -1, selected = null, thinned = false;

    function tooltip(id) {
      var place = data.place(id), state = current && data.stateOf(id, current);
      var box = CM.el("div", "place-tooltip");
      box.appendChild(CM.el("strong", null, data.placeName(place)));
      if (data.lang !== "ar" && place.name_ar) {
        box.appendChild(CM.el("span", "place-tooltip-sep", " · "));
        var ar = CM.el("span", "place-tooltip-ar", place.name_ar);
        ar.setAttribute("lang", "ar"); ar.setAttribute("dir", "rtl");
        box.appendChild(ar);
      }
      if (state) {
        var status = state.status === "held" ? "" : " (" + state.status + ")";
        box.appendChild(CM.el("div", null, data.factionName(state.controller) + status +
          (state.certainty === "confirmed" ? "" : " · " + state.certainty)));
      }
      return box;
    }

    // A feature group, not a plain layer group: a click on a marker then reaches the group's listeners with
    // `layer` set, which is how streamlit-folium tells the page which place was clicked.
    var places = L.featureGroup().addTo(map);
    data.places.forEach(function (p) {
      if (p.lon === null || p.lat === null) { return; }
      var marker = L.circleMarker([p.lat, p.lon], {pane: "places", radius: s.marker_radius[String(p.rank)] || 4.5,
        fill: true, fillOpacity: 0.95, weight: s.marker_weight, color: s.marker_edge, className: "place place-" + p.id});
      marker.feature = {type: "Feature", id: p.id, properties: {name: p.name}};  // what streamlit-folium returns on click
      marker.bindTooltip(function () { return tooltip(p.id); }, {direction: "top", offset: [0, -6]});
      // A click on a marker is resolved like any click on the map: to the nearest drawn place (picking.js).
      marker.on("click", function (e) { L.DomEvent.stopPropagation(e); if (onPlaceClick) { onPlaceClick(p.id, e); } });
      markers[p.id] = marker;
    });

    // Markers thin out by rank and zoom (CM.minZooms): at the country view the land and the fronts stay
    // readable; from ALL_ZOOM every place is on the map. The selected place is always shown.
    var minZoom = {}, zooms = CM.minZooms(data.places, MARKER_SPACING_PX, 4, ALL_ZOOM);
    data.places.forEach(function (p, i) { minZoom[p.id] = zooms[i]; });
    function shownAt(id) { return id === selected || minZoom[id] <= map.getZoom(); }
    function thin() {
      Object.keys(markers).forEach(function (id) {
        var on = shownAt(id), marker = markers[id];
        if (on && !places.hasLayer(marker)) {
          marker.addTo(places);
          if (current) { restyle(id, data.stateOf(id, current)); }
        } else if (!on && places.hasLayer(marker)) {
          places.removeLayer(marker);
        }
      });
    }

    var labels = L.layerGroup().addTo(map);
    data.places.forEach(function (p) {
      if (p.rank !== 1 || p.lon === null) { return; }
      var text = CM.el("span", null, data.placeName(p));
      if (data.rtl) { text.setAttribute("dir", "rtl"); }
      L.marker([p.lat, p.lon], {pane: "labels", interactive: false, keyboard: false,
        icon: L.divIcon({className: "place-label", html: text, iconSize: null, iconAnchor: [-9, 8]})}).addTo(labels);
    });

    var ring = L.circleMarker([0, 0], {pane: "highlight", radius: s.selection_radius, color: s.selection,
      weight: s.selection_weight, dashArray: dash(s.selection_dash, s.selection_weight), fill: false,
      interactive: false, className: "selected-ring"});

    function restyle(id, state) {
      var marker = markers[id];
      if (!marker || !state) { return; }
      marker.setStyle(markerStyle(data, state));
      if (marker._path) {
        marker._path.setAttribute("data-controller", state.controller);
        marker._path.setAttribute("data-status", state.status);
        marker._path.setAttribute("data-certainty", state.certainty);
        marker._path.classList.toggle("recent", !!state.recent);
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
      selected = id && markers[id] ? id : null;
      if (previous && previous !== selected && markers[previous] && !shownAt(previous)) {
        places.removeLayer(markers[previous]);
      }
      if (selected) {
        if (!places.hasLayer(markers[selected])) {
          markers[selected].addTo(places);
          if (current) { restyle(selected, data.stateOf(selected, current)); }
        }
        var where = markers[selected].getLatLng();
        ring.setLatLng(where);
        if (!map.hasLayer(ring)) { ring.addTo(map); }
        map.getContainer().setAttribute("data-selected", selected);
        if (selected !== previous) { reveal(where); }
      } else {
        if (map.hasLayer(ring)) { map.removeLayer(ring); }
        map.getContainer().removeAttribute("data-selected");
      }
      return selected;
    }

    function show(day) {
      if (day === current) { return; }
      var previous = current;
      current = day;
      var index = data.frameIndex(day);
      if (index !== shownFrame) {
        shownFrame = index;
        var frame = data.frames[index];
        showZones(frame);
        showFronts(frame);
        if (data.payload.drawn) {
          drawn.clearLayers();
          drawn.addLayer(drawnCache(index, function () { return drawnGroup(data, frame, drawnHatch); }));
        }
      }
      if (!thinned) { thinned = true; thin(); map.on("zoomend", thin); }
      // Only the markers whose look may change (hidden ones are styled when they show).
      var changed = previous ? data.placesChangedBetween(previous, day) : null;
      (changed || Object.keys(markers)).forEach(function (id) {
        if (markers[id] && places.hasLayer(markers[id])) { restyle(id, data.stateOf(id, day)); }
      });
      map.getContainer().setAttribute("data-date", day);
      showChanges();
    }

    // Compare mode: what changed hands from `from` (a day, or null to leave the mode) to the shown day.
    function showChanges() {
      var key = compareFrom && current ? data.frameIndex(compareFrom) + ":" + data.frameIndex(current) : null;
      if (key === shownChanges) { return; }
      shownChanges = key;
      changes.clearLayers();
      var container = map.getContainer();
      container.classList.toggle("comparing", !!key);
      if (!key) { container.removeAttribute("data-compare-from"); return; }
      container.setAttribute("data-compare-from", compareFrom);
      changes.addLayer(changesBetween(data, data.frames[data.frameIndex(compareFrom)], data.frames[data.frameIndex(current)]));
      if (data.hasDrawn(compareFrom)) { changes.addLayer(drawnFrontsBefore(data, compareFrom)); }
    }
    function compare(from) {
      compareFrom = from && data.hasDay(from) ? from : null;
      showChanges();
    }

    return {show: show, select: select, compare: compare, selected: function () { return selected; },
            current: function () { return current; }, markers: markers, land: base.land,
            overlays: {zones: zones, fronts: fronts, places: places, labels: labels, divisions: base.divisions}};
  };
})(window.ConflictMap = window.ConflictMap || {});
