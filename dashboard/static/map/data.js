// The map's data model: the payload (render/payload.py) plus lookups by day, place and faction.
// Pure functions over the data; no Leaflet, no DOM. Every other part reads the data through this.
(function (CM) {
  "use strict";

  function isoDays(first, last) {
    var out = [], d = new Date(first + "T12:00:00Z"), end = new Date(last + "T12:00:00Z");
    while (d <= end) { out.push(d.toISOString().slice(0, 10)); d.setUTCDate(d.getUTCDate() + 1); }
    return out;
  }

  // Index of the last item whose key is <= value (items sorted by key); -1 before the first.
  function lastAtOrBefore(items, value, key) {
    var lo = 0, hi = items.length - 1, found = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (key(items[mid]) <= value) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
  }

  function daysBetween(a, b) {
    return Math.round((Date.parse(b + "T12:00:00Z") - Date.parse(a + "T12:00:00Z")) / 86400000);
  }

  // Frames arrive as changes only (render/payload.py `owners`): a frame's owners, certainty and fronts are
  // rebuilt when first read, from a copy kept every STRIDE frames, and the last few are kept (least
  // recently used out). A fifteen-year period then costs memory per change, not per day x piece.
  var STRIDE = 64, KEEP = 16;
  function applyChanges(codes, changes) {
    for (var j = 0; j < changes.length; j += 2) { codes[changes[j]] = changes[j + 1]; }
  }
  // A frame's areas as [faction, confirmed km², uncertain km², ...] (compact) or already as objects.
  function areasOf(flat) {
    if (!flat || !flat.length || typeof flat[0] !== "number") { return flat || []; }
    var out = [];
    for (var j = 0; j < flat.length; j += 3) {
      out.push({faction: flat[j], confirmed_km2: flat[j + 1], uncertain_km2: flat[j + 2]});
    }
    return out;
  }

  // A place's records resolved to what the map shows from each date: since when its holder holds it, and
  // who held it before (a status change is not a new holder). Sent as `timeline` by older files; else
  // worked out here from the history, once per place, when the place is first looked at.
  function resolve(records) {
    var out = [], since = null, sincePrecision = "day", previous = null;
    records.forEach(function (r, i) {
      if (i === 0 || r.controller !== records[i - 1].controller) {
        previous = i ? records[i - 1].controller : null;
        since = r.date; sincePrecision = r.date_precision || "day";
      }
      out.push({from: r.date, controller: r.controller, status: r.status, certainty: r.certainty, since: since,
                since_precision: sincePrecision, previous: previous, besieged_by: r.besieged_by || [],
                shared_with: r.shared_with || []});
    });
    return out;
  }

  // The period's frames, from a whole payload (`frames` + `owners`) or from a head that lists every frame's
  // date (`frame_dates`) with some chunks loaded (`loaded`) and the rest added later (`add`, see
  // render/payload.py `payload_parts`): the first map need not wait for fifteen years of changes.
  function framesOf(payload) {
    var owners = payload.owners;
    if (!owners && !payload.frame_dates) {  // frames that carry their owners already (tests, older files)
      return {frames: payload.frames, loaded: function () { return true; }, add: function () {}};
    }
    var dates = payload.frame_dates || payload.frames.map(function (f) { return f.date; });
    var info = new Array(dates.length), anchors = {}, pairs = payload.edge_pairs || [], kept = new Map();
    // Frames `start`... with `first` the owner codes at frame `start`; a copy kept every STRIDE frames.
    function load(start, first, frames, changes) {
      var codes = Int32Array.from(first);
      frames.forEach(function (f, j) {
        var k = start + j;
        if (j > 0) { applyChanges(codes, changes[j]); }
        info[k] = {areas: areasOf(f.areas), unassessed_km2: f.unassessed_km2, changes: changes[j]};
        if (j % STRIDE === 0) { anchors[k] = codes.slice(); }
      });
    }
    if (owners) {
      var zero = Int32Array.from(owners.first);
      applyChanges(zero, owners.changes[0]);
      load(0, zero, payload.frames, owners.changes);
    }
    function add(chunk) { load(chunk.start, chunk.first, chunk.frames, chunk.changes); }
    (payload.loaded || []).forEach(add);
    function build(k) {
      var a = k;
      while (!anchors[a]) { a--; }  // the chunk's nearest copy: at most STRIDE - 1 frames back
      var c = anchors[a].slice(), n = c.length;
      for (var j = a + 1; j <= k; j++) { applyChanges(c, info[j].changes); }
      var owner = new Array(n), certain = new Array(n), fronts = [];
      for (var i = 0; i < n; i++) {
        owner[i] = c[i] < 0 ? -1 : c[i] >> 1;
        certain[i] = c[i] >= 0 && (c[i] & 1) === 0 ? "1" : "0";
      }
      for (var e = 0; 2 * e < pairs.length; e++) {
        var x = owner[pairs[2 * e]], y = owner[pairs[2 * e + 1]];
        if (x !== y && x >= 0 && y >= 0) { fronts.push(e); }
      }
      return {owner: owner, certain: certain.join(""), fronts: fronts};
    }
    var nothing = {owner: [], certain: "", fronts: []};
    function at(k) {
      if (!info[k]) { return nothing; }  // not loaded yet: callers ask hasDay / whenDay first
      var found = kept.get(k);
      if (found) { kept.delete(k); } else { found = build(k); }
      kept.set(k, found);
      if (kept.size > KEEP) { kept.delete(kept.keys().next().value); }
      return found;
    }
    var frames = dates.map(function (date, k) {
      var frame = {date: date};
      Object.defineProperty(frame, "areas", {enumerable: true, get: function () { return info[k] ? info[k].areas : []; }});
      Object.defineProperty(frame, "unassessed_km2", {enumerable: true,
        get: function () { return info[k] ? info[k].unassessed_km2 : 0; }});
      ["owner", "certain", "fronts"].forEach(function (name) {
        Object.defineProperty(frame, name, {enumerable: true, get: function () { return at(k)[name]; }});
      });
      return frame;
    });
    return {frames: frames, loaded: function (k) { return !!info[k]; }, add: add};
  }

  // The drawn shapes shown on `day` (render/drawn_payload.py): per series its last shape on or before the
  // day, unless that ends the claim. Later series first, so that earlier ones are drawn above them (the
  // core counts an overlap for the earlier series). Each: {series, faction, certain, polygons (MultiPolygon
  // coordinates), fronts (MultiLineString coordinates: the rings without their stretches on the border)}.
  function drawnAt(drawn, day) {
    if (!drawn) { return []; }
    var out = [];
    drawn.series.forEach(function (series) {
      var i = lastAtOrBefore(series.shapes, day, function (s) { return s.date; });
      var shape = i >= 0 ? series.shapes[i] : null;
      if (!shape || !shape.polygons) { return; }
      var fronts = [];
      shape.polygons.forEach(function (polygon) {
        polygon.forEach(function (r) { fronts.push.apply(fronts, offBorder(ringOf(drawn, r), drawn.border[r])); });
      });
      out.unshift({series: series.id, date: shape.date, faction: shape.faction, certain: shape.certain,
        polygons: shape.polygons.map(function (polygon) { return polygon.map(function (r) { return ringOf(drawn, r); }); }),
        fronts: fronts});
    });
    return out;
  }

  // Whether any drawn shape shows on `day` (drawnAt without building its rings).
  function hasDrawn(drawn, day) {
    return !!drawn && drawn.series.some(function (series) {
      var i = lastAtOrBefore(series.shapes, day, function (s) { return s.date; });
      return i >= 0 && !!series.shapes[i].polygons;
    });
  }
  CM.hasDrawn = hasDrawn;

  // A drawn ring's vertices, [[lon, lat], ...]. Rings arrive as integer differences (render/drawn_payload.py):
  // whole, or as edits of an earlier ring (at most 32 deep); rebuilt when first read, the last RING_KEEP
  // kept (least recently used out).
  var RING_KEEP = 256, rebuilt = new WeakMap();
  function ringOf(drawn, r) {
    var kept = rebuilt.get(drawn);
    if (!kept) { kept = new Map(); rebuilt.set(drawn, kept); }
    var found = kept.get(r);
    if (found) { kept.delete(r); kept.set(r, found); return found; }
    var out = rebuildRing(drawn, drawn.rings[r]);
    kept.set(r, out);
    if (kept.size > RING_KEEP) { kept.delete(kept.keys().next().value); }
    return out;
  }

  function rebuildRing(drawn, raw) {
    var scale = drawn.scale || 1, out = [];
    // Appends the vertices whose differences are `flat`, each from the vertex before it in `out`.
    function append(flat) {
      var last = out.length ? out[out.length - 1] : [0, 0];
      var x = Math.round(last[0] * scale), y = Math.round(last[1] * scale);
      for (var k = 0; k + 1 < flat.length; k += 2) {
        x += flat[k]; y += flat[k + 1];
        out.push([x / scale, y / scale]);
      }
    }
    if (Array.isArray(raw)) { append(raw); return out; }
    var base = ringOf(drawn, raw.from), at = 0, i;
    raw.edits.forEach(function (edit) {
      for (i = at; i < edit[0]; i++) { out.push(base[i]); }
      append(edit[2]);
      at = edit[1];
    });
    for (i = at; i < base.length; i++) { out.push(base[i]); }
    return out;
  }

  // The stretches of a ring not on the border: `runs` lists [start, end] vertex ranges on it.
  function offBorder(ring, runs) {
    var lines = [], line = [], next = 0;
    for (var v = 0; v < ring.length; v++) {
      var onRun = next < runs.length && v > runs[next] && v <= runs[next + 1];
      if (onRun) {
        if (line.length > 1) { lines.push(line); }
        line = [ring[v]];
        if (v === runs[next + 1]) { next += 2; }
        continue;
      }
      line.push(ring[v]);
    }
    if (line.length > 1) { lines.push(line); }
    return lines;
  }
  CM.drawnAt = drawnAt;

  CM.makeData = function (payload) {
    var lang = payload.dataset.lang || "en";
    var dates = isoDays(payload.period.first, payload.period.last);
    var factionById = {};
    payload.factions.forEach(function (f, i) { factionById[f.id] = {info: f, index: i}; });
    var period = framesOf(payload), frames = period.frames, timelines = {}, waiting = [];
    var placeById = {};
    payload.places.forEach(function (p) { placeById[p.id] = p; });

    function faction(id) { return factionById[id] ? factionById[id].info : null; }
    function factionAt(index) { return index >= 0 ? payload.factions[index] : null; }
    function factionName(id, long) {
      var f = faction(id);
      if (!f) { return id; }
      if (lang === "ar") { return (long ? f.name_ar : f.short_name_ar) || f.name_ar || (long ? f.name : f.short_name); }
      return long ? f.name : f.short_name;
    }
    function placeName(place) { return lang === "ar" && place.name_ar ? place.name_ar : place.name; }
    function frameIndex(day) { return lastAtOrBefore(frames, day, function (f) { return f.date; }); }
    // What the map shows for a place on `day`: the resolved record, and whether it changed hands recently.
    function stateOf(id, day) {
      var entries = timelines[id] || (timelines[id] = payload.timeline ? payload.timeline[id] || []
                                                                         : resolve(payload.history[id] || []));
      var i = lastAtOrBefore(entries, day, function (e) { return e.from; });
      if (i < 0) { return null; }
      var e = entries[i];
      var recent = !!e.previous && daysBetween(e.since, day) < payload.dataset.recent_days;
      return {controller: e.controller, status: e.status, certainty: e.certainty, since: e.since,
              sincePrecision: e.since_precision, previous: e.previous, besiegedBy: e.besieged_by || [],
              sharedWith: e.shared_with || [], recent: recent};
    }
    function longDate(day) {
      var d = new Date(day + "T12:00:00Z");
      return d.toLocaleDateString(lang === "ar" ? "ar-u-nu-latn" : "en-GB",
        {weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC"});
    }
    function shortDate(day) {
      var d = new Date(day + "T12:00:00Z");
      return d.toLocaleDateString(lang === "ar" ? "ar-u-nu-latn" : "en-GB", {day: "numeric", month: "short", timeZone: "UTC"});
    }
    // Whether the day is in the period and its frame's data has arrived (see framesOf).
    function hasDay(day) { return dates.indexOf(day) >= 0 && period.loaded(frameIndex(day)); }
    // Calls `callback` once the day's data is there (at once when it already is).
    function whenDay(day, callback) { if (hasDay(day)) { callback(day); } else { waiting.push([day, callback]); } }
    // A chunk of the period (render/payload.py `payload_parts`) has arrived: its days can be shown.
    function addChunk(chunk) {
      period.add(chunk);
      var still = [];
      waiting.forEach(function (w) { if (hasDay(w[0])) { w[1](w[0]); } else { still.push(w); } });
      waiting = still;
    }
    // The days a "previous / next change" button stops on: every frame after the baseline.
    var changeDays = frames.slice(1).map(function (f) { return f.date; });

    return {
      payload: payload, lang: lang, rtl: lang === "ar", dates: dates, frames: frames,
      factions: payload.factions, style: payload.style, words: payload.words, info: payload.dataset,
      places: payload.places, place: function (id) { return placeById[id] || null; },
      history: function (id) { return payload.history[id] || []; },
      source: function (id) { return payload.sources[id] || null; },
      faction: faction, factionAt: factionAt, factionName: factionName, placeName: placeName,
      colour: function (id) { var f = faction(id); return f ? f.colour : payload.style.unassessed; },
      frameIndex: frameIndex, stateOf: stateOf, longDate: longDate, shortDate: shortDate, changeDays: changeDays,
      hasDay: hasDay, whenDay: whenDay, addChunk: addChunk,
      drawnAt: function (day) { return drawnAt(payload.drawn, day); },
      hasDrawn: function (day) { return hasDrawn(payload.drawn, day); }
    };
  };

  // The zoom from which each place's marker shows (pure; thinning by rank and zoom). Rank 1 always shows;
  // at each zoom from `first` to `all` - 1, places are taken by rank and data order and show where no
  // marker already shown stands within `spacing` screen pixels; from zoom `all` every place shows, so each
  // can be found and clicked when zoomed in. Once shown, a place stays shown at every higher zoom.
  CM.minZooms = function (places, spacing, first, all) {
    var out = places.map(function (p) { return p.rank === 1 ? 0 : all; });
    var order = places.map(function (p, i) { return i; }).filter(function (i) {
      return places[i].lon !== null && places[i].lat !== null;
    }).sort(function (a, b) { return (places[a].rank - places[b].rank) || (a - b); });
    for (var z = first; z < all; z++) {
      var scale = 256 * Math.pow(2, z) / (2 * Math.PI), grid = {};
      var xy = function (i) {
        var lat = places[i].lat * Math.PI / 180;
        return [scale * (places[i].lon * Math.PI / 180), scale * Math.log(Math.tan(Math.PI / 4 + lat / 2))];
      };
      var crowded = function (p) {
        var cx = Math.floor(p[0] / spacing), cy = Math.floor(p[1] / spacing);
        for (var gx = cx - 1; gx <= cx + 1; gx++) {
          for (var gy = cy - 1; gy <= cy + 1; gy++) {
            var cell = grid[gx + ":" + gy] || [];
            for (var c = 0; c < cell.length; c++) {
              if (Math.pow(cell[c][0] - p[0], 2) + Math.pow(cell[c][1] - p[1], 2) < spacing * spacing) { return true; }
            }
          }
        }
        return false;
      };
      var keep = function (p) {
        var key = Math.floor(p[0] / spacing) + ":" + Math.floor(p[1] / spacing);
        (grid[key] = grid[key] || []).push(p);
      };
      order.forEach(function (i) { if (out[i] <= z) { keep(xy(i)); } });  // shown already: they stay
      order.forEach(function (i) {
        if (out[i] > z) {
          var p = xy(i);
          if (!crowded(p)) { out[i] = z; keep(p); }
        }
      });
    }
    return out;
  };

  // Text-only DOM building: every string from the data goes through textContent, never innerHTML.
  CM.el = function (tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  };
  CM.isHttp = function (url) { return typeof url === "string" && /^https?:\/\//i.test(url); };
})(window.ConflictMap = window.ConflictMap || {});
