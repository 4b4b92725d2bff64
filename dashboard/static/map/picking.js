// Which place a click or tap means. SVG gives a click to whichever marker was drawn last under the
// pointer, so a big city under a small suburb's marker could not be clicked (a capital opened its suburb).
// Here every click on the map, on a marker or beside one, is resolved to the drawn place nearest to the
// pointer; when several sit about as near, a small list offers them. Text only through textContent.
(function (CM) {
  "use strict";
  var TOUCH_SLOP = 16;   // px a finger may miss by
  var MOUSE_SLOP = 6;    // px a mouse may miss by
  var DEAD_ON = 1;       // px from a marker's centre: that marker is meant, whatever lies under it too

  // markers: {id: L.CircleMarker}; placeName(id): the label; onPick(id): a place was chosen.
  CM.makePicker = function (map, markers, placeName, onPick) {
    var lastPointer = "mouse", list = null;
    map.getContainer().addEventListener("pointerdown", function (e) { lastPointer = e.pointerType || "mouse"; },
                                        {passive: true});

    function radius(marker) { return Math.max(marker.getRadius(), marker._radius || 0); }
    function drawn(marker) { return map.hasLayer(marker) && marker._path && marker._path.style.display !== "none"; }

    // Every drawn place whose marker lies within reach of `point`, nearest first.
    function candidates(point) {
      var slop = lastPointer === "touch" ? TOUCH_SLOP : MOUSE_SLOP;
      var found = [];
      Object.keys(markers).forEach(function (id) {
        var marker = markers[id];
        if (!drawn(marker)) { return; }
        var distance = map.latLngToContainerPoint(marker.getLatLng()).distanceTo(point);
        if (distance <= radius(marker) + slop) { found.push({id: id, distance: distance}); }
      });
      return found.sort(function (a, b) { return a.distance - b.distance; });
    }

    function closeList() {
      if (list) { map.closePopup(list); list = null; }
    }

    function offer(latlng, options) {
      var box = CM.el("div", "cm-pick");
      box.setAttribute("role", "menu");
      box.appendChild(CM.el("div", "cm-pick-title", options.length + " places here"));
      options.forEach(function (option) {
        var button = CM.el("button", "cm-pick-option", placeName(option.id));
        button.type = "button";
        button.setAttribute("role", "menuitem");
        button.setAttribute("data-place", option.id);
        button.addEventListener("click", function () { closeList(); onPick(option.id); });
        box.appendChild(button);
      });
      list = L.popup({closeButton: true, autoPan: true, className: "cm-pick-popup", offset: [0, -4]})
        .setLatLng(latlng).setContent(box).openOn(map);
      var first = box.querySelector("button");
      if (first) { first.focus(); }
    }

    // A click at `point` (container pixels): the nearest place, a list when several are about as near,
    // else `clicked` (the marker the browser says was hit, if any), else nothing. (Leaflet reports a click
    // on a small circle marker at the marker's centre, so callers pass the pointer's own position.)
    function pick(point, clicked) {
      closeList();
      var latlng = map.containerPointToLatLng(point);
      var found = candidates(point);
      if (!found.length && clicked) { onPick(clicked); return true; }
      if (!found.length) { return false; }
      // Several markers under the pointer are offered in a list, unless it is dead on one's centre; else
      // the nearest (a miss by a few pixels, or a finger's width, still counts).
      var nearest = found[0];
      var under = found.filter(function (c) { return c.distance <= radius(markers[c.id]); });
      if (under.length > 1 && nearest.distance > DEAD_ON) { offer(latlng, under); } else { onPick(nearest.id); }
      return true;
    }

    map.on("click", function (e) { pick(e.containerPoint); });
    return {pick: pick, candidates: candidates, close: closeList};
  };
})(window.ConflictMap = window.ConflictMap || {});
