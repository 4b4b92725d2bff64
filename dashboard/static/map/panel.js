// The place panel of the standalone map (the exported HTML): who holds the place on the day, since when,
// and its whole history with certainty, notes, other versions, verbatim excerpts and full citations.
// (In the app the same content is drawn by Streamlit.) Text only through textContent.
(function (CM) {
  "use strict";
  // Data text (notes, quotes, citations) is English in every dataset so far: `dir="auto"` lets it run
  // left to right inside an Arabic page, and Arabic text right to left inside an English one.
  function el(tag, className, text) {
    var node = CM.el(tag, className, text);
    if (text !== undefined && text !== null) { node.setAttribute("dir", "auto"); }
    return node;
  }


  function citation(data, w, sourceId) {
    var source = data.source(sourceId);
    if (!source) { return null; }
    var cite = el("div", "place-popup-source");
    var publisher = source.publisher + (source.original_publisher ? " (" + w.from + " " + source.original_publisher + ")" : "");
    cite.appendChild(document.createTextNode(publisher + ", "));
    var title = source.title + (source.title_captured === false ? " (" + w.titleMissing + ")" : "");
    var link = CM.isHttp(source.url) ? el("a", null, title) : el("span", null, title);
    if (CM.isHttp(source.url)) { link.href = source.url; link.target = "_blank"; link.rel = "noopener noreferrer"; }
    cite.appendChild(link);
    cite.appendChild(document.createTextNode(", " + source.published + (source.access !== "original" ? " · " + source.access : "")));
    return cite;
  }

  function record(data, w, item, previous) {
    var box = el("li", "place-popup-record");
    var who = data.factionName(item.controller);
    var head = (item.date_precision === "by" ? w.by + " " : "") + item.date + " · " +
      (previous && previous !== item.controller ? data.factionName(previous) + " → " + who : who) +
      " · " + w.status[item.status || "held"] + " · " + w.certainty[item.certainty].split(":")[0];
    box.appendChild(el("div", "place-popup-head", head));
    ["besieged_by", "shared_with"].forEach(function (key) {
      if (item[key] && item[key].length) {
        box.appendChild(el("div", "place-popup-note", w[key] + ": " + item[key].map(function (f) {
          return data.factionName(f); }).join(", ")));
      }
    });
    if (item.note) { box.appendChild(el("div", "place-popup-note", item.note)); }
    (item.alternatives || []).forEach(function (alt) {
      box.appendChild(el("div", "place-popup-note", w.other + ": " + (alt.date ? alt.date + " " : "") +
        (alt.controller ? data.factionName(alt.controller) + " " : "") + "— " + alt.note));
    });
    (item.excerpts || []).forEach(function (excerpt) {
      var quote = el("blockquote", "place-popup-excerpt", excerpt.text);
      box.appendChild(quote);
      var source = data.source(excerpt.source);
      if (source) { box.appendChild(el("div", "place-popup-quoted", w.quoted + " " + source.publisher + ", " + source.title)); }
    });
    item.sources.forEach(function (sid) { var c = citation(data, w, sid); if (c) { box.appendChild(c); } });
    return box;
  }

  // Fill `container` with the panel of place `id` on `day`.
  CM.renderPlacePanel = function (container, data, id, day) {
    var w = data.words.panel, place = data.place(id), state = data.stateOf(id, day);
    container.textContent = "";
    if (!place || !state) { return; }
    var title = el("h2", "place-popup-title", data.placeName(place));
    container.appendChild(title);
    if (data.lang !== "ar" && place.name_ar) {
      var ar = el("div", "place-popup-ar", place.name_ar);
      ar.setAttribute("lang", "ar"); ar.setAttribute("dir", "rtl");
      container.appendChild(ar);
    }
    var since = state.previous ? w.since + " " + (state.sincePrecision === "by" ? w.by + " " : "") + state.since : w.start;
    container.appendChild(el("p", "place-popup-now", data.factionName(state.controller, true) + " " + w.holds + " " +
      data.longDate(day) + " (" + since + (state.previous ? "; " + w.before + ": " + data.factionName(state.previous) : "") + ")"));
    container.appendChild(el("p", "place-popup-certainty", w.status[state.status] + " · " + w.certainty[state.certainty]));
    if (place.lon === null) { container.appendChild(el("p", "place-popup-note", w.noCoord)); }
    container.appendChild(el("h3", "place-popup-subtitle", w.history));
    var list = el("ol", "place-popup-history"), previous = null;
    data.history(id).forEach(function (item) { list.appendChild(record(data, w, item, previous)); previous = item.controller; });
    container.appendChild(list);
  };
})(window.ConflictMap = window.ConflictMap || {});
