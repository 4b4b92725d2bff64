// Labels never overlap: after every zoom or pan, each label is kept only if it overlaps no label kept
// before it (labels come in the order the places are listed, which puts the biggest first). A hidden
// label comes back as soon as there is room for it, e.g. when zoomed in.
(function (CM) {
  "use strict";
  var GAP = 2;  // px kept free around each label

  function overlaps(a, b) {
    return a.left < b.right + GAP && b.left < a.right + GAP && a.top < b.bottom + GAP && b.top < a.bottom + GAP;
  }

  CM.declutterLabels = function (map) {
    function run() {
      var pane = map.getPane("labels");
      if (!pane) { return; }
      var kept = [];
      Array.prototype.forEach.call(pane.querySelectorAll(".place-label"), function (label) {
        label.style.visibility = "";
        var box = label.getBoundingClientRect();
        if (!box.width) { return; }
        var clash = kept.some(function (other) { return overlaps(box, other); });
        if (clash) { label.style.visibility = "hidden"; label.setAttribute("data-hidden-by-overlap", "true"); }
        else { label.removeAttribute("data-hidden-by-overlap"); kept.push(box); }
      });
    }
    var scheduled = false;
    function schedule() {
      if (scheduled) { return; }
      scheduled = true;
      window.requestAnimationFrame(function () { scheduled = false; run(); });
    }
    map.on("zoomend moveend layeradd", schedule);
    schedule();
    return schedule;
  };
})(window.ConflictMap = window.ConflictMap || {});
