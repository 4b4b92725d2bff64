// Play: animated in the browser at the chosen pace. In the app each day played is reported to the page
// (which owns the date: its slider, link and panels follow), and the next day waits until the page has
// taken the last one, so the slider keeps pace with the map however busy the server is. In the exported
// HTML nothing waits.
(function (CM) {
  "use strict";

  // dates: every day; getDay/setDay: the map's day; canStep(): false while the page has not yet taken the
  // last day played (always true in the HTML export).
  CM.makePlayer = function (map, dates, getDay, setDay, canStep) {
    var playTimer = null, fps = 0, listeners = [];
    function playing() { return playTimer !== null; }
    function notify() {
      map.getContainer().setAttribute("data-playing", playing() ? "true" : "false");
      listeners.forEach(function (fn) { fn(playing()); });
    }
    function tick() {
      if (canStep && !canStep()) { return; }
      var index = dates.indexOf(getDay());
      if (index < 0 || index >= dates.length - 1) { set(false); return; }
      setDay(dates[index + 1]);
      if (index + 1 === dates.length - 1) { set(false); }  // the last day: stop
    }
    function set(on, speed) {
      speed = speed || fps || 2;
      var was = playing();
      if (was && (!on || speed !== fps)) { clearInterval(playTimer); playTimer = null; }
      fps = speed;
      if (on && !playing()) {
        if (dates.indexOf(getDay()) >= dates.length - 1) { setDay(dates[0]); }  // play again from the start
        playTimer = setInterval(tick, 1000 / fps);
      }
      if (was !== playing()) { notify(); }
    }
    return {set: set, playing: playing, speed: function () { return fps; },
            onChange: function (fn) { listeners.push(fn); }};
  };
})(window.ConflictMap = window.ConflictMap || {});
