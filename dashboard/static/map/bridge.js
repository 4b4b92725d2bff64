// Following the page's date slider (in the app only). A slider step would otherwise reach the map only
// after a full server round trip. The map iframe is same-origin with the page, so it watches the
// slider's own input and swaps layers as soon as the thumb moves; the server's SetDate arrives later
// and agrees. Without the page (exported HTML), or if the slider is not found, the server alone drives it.
(function (CM) {
  "use strict";
  CM.makeSliderBridge = function (selector, dates, onDay) {
    var doc = null, input = null, observer = null, paused = function () { return false; };
    try { if (window.parent && window.parent !== window) { doc = window.parent.document; } } catch (err) { doc = null; }
    function day() { return input && input.isConnected ? (dates[Number(input.value)] || null) : null; }
    function attach() {
      if (!doc) { return false; }
      var found = doc.querySelector(selector);
      if (found && Number(found.max) !== dates.length - 1) { found = null; }  // not our period: ignore it
      if (found !== input) {
        if (observer) { observer.disconnect(); observer = null; }
        input = found;
        if (input) {
          observer = new MutationObserver(function () { var d = day(); if (d && !paused()) { onDay(d); } });
          observer.observe(input, {attributes: true, attributeFilter: ["aria-valuetext", "value"]});
        }
      }
      return !!input;
    }
    // The same key a person would press; the page then reruns with the new day.
    function step() {
      if (!attach()) { return false; }
      input.dispatchEvent(new KeyboardEvent("keydown", {key: "ArrowRight", code: "ArrowRight", bubbles: true, cancelable: true}));
      return true;
    }
    return {attach: attach, day: day, step: step, pauseWhile: function (fn) { paused = fn; }};
  };
})(window.ConflictMap = window.ConflictMap || {});
