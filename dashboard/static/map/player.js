// Play: animated in the browser at exactly the chosen pace, however busy the server is. In the app,
// every SYNC_MS the page's slider is brought up to the map's day (as if a person pressed the arrow key),
// so the slider, the link and the panels follow a few times a second and all catch up on pause: one
// server run per sync, not per day shown.
(function (CM) {
  "use strict";
  var SYNC_MS = 400;

  CM.makePlayer = function (map, dates, getDay, setDay, slider) {
    var playTimer = null, syncTimer = null, fps = 0, syncing = false, listeners = [];
    function playing() { return playTimer !== null; }
    function notify() {
      map.getContainer().setAttribute("data-playing", playing() ? "true" : "false");
      listeners.forEach(function (fn) { fn(playing()); });
    }
    function tick() {
      var index = dates.indexOf(getDay());
      if (index < 0 || index >= dates.length - 1) { set(false); return; }
      setDay(dates[index + 1]);
      if (index + 1 === dates.length - 1) { set(false); }  // the last day: stop, and sync
    }
    // One key press per task: the page's slider computes each step from its last drawn value, so two
    // presses in the same task would count once. Until it has caught up, server runs do not move the map.
    function sync() {
      syncing = false;
      if (!slider || !slider.attach() || !slider.day()) { return; }
      if (dates.indexOf(getDay()) > dates.indexOf(slider.day())) {
        syncing = true;
        slider.step();
        setTimeout(sync, 0);
      }
    }
    function set(on, speed) {
      speed = speed || fps || 2;
      var was = playing();
      if (was && (!on || speed !== fps)) { clearInterval(playTimer); playTimer = null; }
      fps = speed;
      if (on && !playing()) {
        if (dates.indexOf(getDay()) >= dates.length - 1) { setDay(dates[0]); }  // play again from the start
        playTimer = setInterval(tick, 1000 / fps);
        if (slider && syncTimer === null) { syncTimer = setInterval(sync, SYNC_MS); }
      }
      if (!on && syncTimer !== null) { clearInterval(syncTimer); syncTimer = null; }
      if (was && !on && slider) { sync(); }
      if (was !== playing()) { notify(); }
    }
    return {set: set, playing: playing, syncing: function () { return syncing; }, speed: function () { return fps; },
            onChange: function (fn) { listeners.push(fn); }};
  };
})(window.ConflictMap = window.ConflictMap || {});
