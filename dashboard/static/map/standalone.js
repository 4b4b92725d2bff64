// The page around a standalone map (the exported HTML file): a heading, date controls (slider, play,
// previous/next change), a keyboard-reachable place list and panel, area figures and the method.
// The address's hash (#date=2024-12-08&place=some-town) opens a view, and follows the view as it changes,
// so links into a published file work. Text only through textContent.
(function (CM) {
  "use strict";
  var el = CM.el;
  var ICONS = {play: "M8 5v14l11-7z", pause: "M6 5h4v14H6zm8 0h4v14h-4z", prev: "M6 6h2v12H6zm3.5 6l8.5 6V6z",
               next: "M16 6h2v12h-2zM6 18l8.5-6L6 6z"};

  function icon(name) {
    var ns = "http://www.w3.org/2000/svg", svg = document.createElementNS(ns, "svg"), path = document.createElementNS(ns, "path");
    svg.setAttribute("viewBox", "0 0 24 24"); svg.setAttribute("aria-hidden", "true"); svg.setAttribute("class", "cm-icon");
    path.setAttribute("d", ICONS[name]);
    svg.appendChild(path);
    return svg;
  }
  function button(id, iconName, text) {
    var b = el("button", "cm-button");
    b.id = id; b.type = "button";
    b.appendChild(icon(iconName));
    b.appendChild(el("span", null, text));
    return b;
  }
  function roundKm2(v) { return (Math.round(v / 100) * 100).toLocaleString("en-GB"); }

  function readHash() {
    var out = {};
    (window.location.hash || "").replace(/^#/, "").split("&").forEach(function (pair) {
      var kv = pair.split("=");
      if (kv[0]) { try { out[kv[0]] = decodeURIComponent(kv[1] || ""); } catch (ignored) { /* a bad escape: skipped */ } }
    });
    return out;
  }

  CM.makeStandalonePage = function (map, data, api) {
    var t = data.words.page;
    var container = map.getContainer();
    var page = el("div", "cm-page");
    page.setAttribute("dir", data.rtl ? "rtl" : "ltr");
    var header = el("header", "cm-header");
    header.appendChild(el("h1", "cm-title", data.info.title));
    var notice = el("p", "cm-notice");
    notice.setAttribute("role", "alert");
    notice.hidden = true;
    header.appendChild(notice);
    var time = el("div", "cm-time");
    time.setAttribute("role", "group");
    time.setAttribute("aria-label", t.date);
    var label = el("label", "cm-label", t.date);
    label.setAttribute("for", "cm-day");
    var range = el("input", "cm-range");
    range.id = "cm-day"; range.type = "range"; range.min = 0; range.max = data.dates.length - 1; range.step = 1;
    var output = el("output", "cm-day-label");
    output.setAttribute("for", "cm-day");
    output.setAttribute("aria-live", "polite");
    var prev = button("cm-prev", "prev", t.prev), play = button("cm-play", "play", t.play), next = button("cm-next", "next", t.next);
    play.setAttribute("aria-pressed", "false");
    var speedLabel = el("label", "cm-label", t.speed + " ");
    var speed = el("select", "cm-speed");
    speed.id = "cm-speed";
    [1, 2, 4, 8].forEach(function (v) { var o = el("option", null, v + " d/s"); o.value = v; if (v === 2) { o.selected = true; } speed.appendChild(o); });
    speedLabel.appendChild(speed);
    [label, range, output, prev, play, next, speedLabel].forEach(function (n) { time.appendChild(n); });
    header.appendChild(time);

    var main = el("main", "cm-main");
    var mapBox = el("div", "cm-map");
    mapBox.setAttribute("role", "region");
    mapBox.setAttribute("aria-label", data.info.map_title);
    var side = el("aside", "cm-side");
    side.setAttribute("aria-label", t.place);
    var placeLabel = el("label", "cm-label", t.place);
    placeLabel.setAttribute("for", "cm-place");
    var select = el("select", "cm-place");
    select.id = "cm-place";
    var ordered = data.places.slice().sort(function (a, b) { return a.rank - b.rank || data.placeName(a).localeCompare(data.placeName(b)); });
    var finder = placeFinder(ordered, select, t, data.placeName);
    finder.fill("", null);
    var panel = el("section", "cm-panel");
    panel.setAttribute("aria-live", "polite");
    var areas = el("section", "cm-areas");
    var asText = el("section", "cm-as-text");
    var about = el("section", "cm-about");
    about.appendChild(el("h2", null, t.about));
    about.appendChild(el("p", null, data.info.method));
    data.info.caveats.forEach(function (c) { about.appendChild(el("p", null, c)); });
    about.appendChild(el("p", "cm-attribution", data.info.attribution));
    [finder.box, placeLabel, select, panel, areas, asText, about].forEach(function (n) { if (n) { side.appendChild(n); } });

    container.parentNode.insertBefore(page, container);
    page.appendChild(header);
    page.appendChild(main);
    main.appendChild(mapBox);
    main.appendChild(side);
    mapBox.appendChild(container);
    setTimeout(function () { map.invalidateSize(); }, 0);

    function renderAreas(day) {
      var frame = data.frames[data.frameIndex(day)], total = 0;
      areas.textContent = "";
      areas.appendChild(el("h2", null, t.areas));
      var table = el("table", "cm-area-table"), head = el("tr");
      [t.faction, t.firm, t.soft, t.share].forEach(function (h) { var th = el("th", null, h); th.scope = "col"; head.appendChild(th); });
      table.appendChild(head);
      frame.areas.forEach(function (a) { total += a.confirmed_km2 + a.uncertain_km2; });
      total += frame.unassessed_km2;
      frame.areas.concat([{faction: -1, confirmed_km2: 0, uncertain_km2: frame.unassessed_km2}]).forEach(function (a) {
        if (a.faction < 0 && !a.uncertain_km2) { return; }
        var row = el("tr"), f = data.factionAt(a.faction);
        var name = el("th", null, f ? data.factionName(f.id) : t.unassessed); name.scope = "row";
        row.appendChild(name);
        row.appendChild(el("td", null, roundKm2(a.confirmed_km2)));
        row.appendChild(el("td", null, roundKm2(a.uncertain_km2)));
        row.appendChild(el("td", null, Math.round(100 * (a.confirmed_km2 + a.uncertain_km2) / total) + "%"));
        table.appendChild(row);
      });
      areas.appendChild(table);
      areas.appendChild(el("p", "cm-caveat", t.rounded));
    }

    // What the map shows on the day, in words: the text alternative for screen-reader users.
    function renderText(day) {
      var byHolder = {}, recent = [];
      data.places.forEach(function (p) {
        var st = data.stateOf(p.id, day);
        if (!st) { return; }
        (byHolder[st.controller] = byHolder[st.controller] || []).push(data.placeName(p) + (st.status === "held" ? "" : " (" + st.status + ")"));
        if (st.recent) { recent.push(data.placeName(p) + ": " + data.factionName(st.previous) + " → " + data.factionName(st.controller) + " (" + st.since + ")"); }
      });
      asText.textContent = "";
      asText.appendChild(el("h2", null, t.asText));
      asText.appendChild(el("p", null, data.longDate(day)));
      var list = el("ul");
      data.factions.forEach(function (f) {
        var names = byHolder[f.id];
        if (names) { list.appendChild(el("li", null, data.factionName(f.id) + " " + t.holds + " " + names.length + " " + t.places + ": " + names.join(", "))); }
      });
      asText.appendChild(list);
      var days = data.info.recent_days;
      asText.appendChild(el("p", null, recent.length ? t.changed + " " + days + " " + t.days + ": " + recent.join("; ") : t.none + " " + days + " " + t.days + "."));
    }

    function writeHash(day, place) {
      var hash = "#date=" + day + (place ? "&place=" + encodeURIComponent(place) : "");
      if (window.location.hash !== hash) {
        try { window.history.replaceState(null, "", hash); } catch (err) { window.location.hash = hash; }
      }
    }

    function update(day, place) {
      var index = data.dates.indexOf(day);
      range.value = index;
      range.setAttribute("aria-valuetext", data.longDate(day));
      output.textContent = data.longDate(day);
      prev.disabled = !data.changeDays.some(function (d) { return d < day; });
      next.disabled = !data.changeDays.some(function (d) { return d > day; });
      finder.show(place);
      if (place) { CM.renderPlacePanel(panel, data, place, day); } else { panel.textContent = ""; panel.appendChild(el("p", "cm-hint", t.hint)); }
      renderAreas(day);
      renderText(day);
      writeHash(day, place);
    }

    range.addEventListener("input", function () { api.player.set(false); api.setDate(data.dates[Number(range.value)]); });
    prev.addEventListener("click", function () {
      var before = data.changeDays.filter(function (d) { return d < api.current(); });
      api.player.set(false);
      if (before.length) { api.setDate(before[before.length - 1]); }
    });
    next.addEventListener("click", function () {
      var after = data.changeDays.filter(function (d) { return d > api.current(); });
      api.player.set(false);
      if (after.length) { api.setDate(after[0]); }
    });
    play.addEventListener("click", function () { api.player.set(!api.player.playing(), Number(speed.value)); });
    speed.addEventListener("change", function () { if (api.player.playing()) { api.player.set(true, Number(speed.value)); } });
    select.addEventListener("change", function () { api.select(select.value || null); });
    api.player.onChange(function (on) {
      play.setAttribute("aria-pressed", on ? "true" : "false");
      play.replaceChild(icon(on ? "pause" : "play"), play.firstChild);
      play.lastChild.textContent = on ? t.pause : t.play;
    });
    window.addEventListener("hashchange", function () {
      var h = readHash();
      if (h.date && data.hasDay(h.date)) { api.setDate(h.date, h.place && data.place(h.place) ? h.place : null); }
    });
    // A link that names a day or place this map does not have: say what was not found (the map then opens
    // on the nearest valid view).
    function initial() {
      var wanted = readHash(), missing = [];
      if (wanted.date && !data.hasDay(wanted.date)) { missing.push(t.noDate.replace("{value}", wanted.date)); }
      if (wanted.place && !data.place(wanted.place)) { missing.push(t.noPlace.replace("{value}", wanted.place)); }
      notice.hidden = !missing.length;
      notice.textContent = missing.length ? t.notFound.replace("{what}", missing.join(", ")) : "";
      return wanted;
    }
    return {update: update, initial: initial};
  };

  // The place list. Up to LIST_EVERY_PLACE_UP_TO places (as the app's ui/page.py) it lists them all; a
  // longer list gets a search box first and the list holds its matches, or the biggest places: ten
  // thousand options make the list slow to open and to scroll, and nobody scrolls to the 9,000th.
  var LIST_EVERY_PLACE_UP_TO = 1500, BIGGEST_PLACES = 300, MATCHES_SHOWN = 200;
  function placeFinder(ordered, select, t, nameOf) {
    var big = ordered.length > LIST_EVERY_PLACE_UP_TO, box = null, input = null, byId = {};
    ordered.forEach(function (p) { byId[p.id] = p; });
    var keys = big ? ordered.map(function (p) { return [p.id, p.name, p.name_ar || ""].concat(p.alt_names || []).map(normalise).join("|"); }) : null;
    // Lists the places matching `query` (all of them for a short list), `keep` (the shown place) first if
    // it is not among them, and selects `keep`.
    function fill(query, keep) {
      var wanted = normalise(query), shown = [];
      if (!big) { shown = ordered; } else if (!wanted) { shown = ordered.slice(0, BIGGEST_PLACES); } else {
        for (var i = 0; i < ordered.length && shown.length < MATCHES_SHOWN; i++) {
          if (keys[i].indexOf(wanted) >= 0) { shown.push(ordered[i]); }
        }
      }
      var matched = shown.length > 0;
      if (keep && byId[keep] && shown.indexOf(byId[keep]) < 0) { shown = [byId[keep]].concat(shown); }
      select.textContent = "";
      var first = el("option", null, big && wanted && !matched ? t.noMatch : t.pick); first.value = ""; select.appendChild(first);
      shown.forEach(function (p) { var o = el("option", null, nameOf(p)); o.value = p.id; select.appendChild(o); });
      select.value = keep || "";
    }
    if (big) {
      box = el("div", "cm-find");
      var label = el("label", "cm-label", t.findPlace.replace("{n}", ordered.length.toLocaleString()));
      label.setAttribute("for", "cm-place-find");
      input = el("input", "cm-place-find");
      input.id = "cm-place-find";
      input.type = "search";
      input.setAttribute("placeholder", t.findHint);
      input.setAttribute("autocomplete", "off");
      var timer = null;
      input.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () { fill(input.value, select.value || null); }, 120);
      });
      box.appendChild(label);
      box.appendChild(input);
    }
    function show(place) {
      var listed = !place || Array.prototype.some.call(select.options, function (o) { return o.value === place; });
      if (listed) { select.value = place || ""; } else { fill(input ? input.value : "", place); }
    }
    return {box: box, fill: fill, show: show};
  }

  // As core/search.py normalise: lower case, no accents or Arabic vowel marks, no apostrophes or hyphens.
  function normalise(text) {
    return String(text || "").normalize("NFKD").toLowerCase().replace(/[\u0300-\u036f\u064b-\u065f\u0670]/g, "")
      .replace(/[\s'\u2019\u02bf\u02be`\-_.]+/g, "");
  }
  CM.normalisePlaceName = normalise;
})(window.ConflictMap = window.ConflictMap || {});
