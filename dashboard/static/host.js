// The map's component host: Streamlit's custom-component protocol on one side, the Folium-built map on
// the other. The page sends the Folium document once per dataset version and, on every run, the view it
// owns (day, place, compare, play); this file mounts the document, hands the view to `conflictMap`, and
// returns what the person did on the map ({date, place, view, playing, seq}) as the component's value.
// It only exchanges messages with the frame that hosts it (the components API's transport): it never
// reads or changes the page's document.
(function () {
  "use strict";

  // --- the protocol (Streamlit components, API version 1) -------------------------------------------
  function send(type, fields) {
    var message = {isStreamlitMessage: true, type: type};
    Object.keys(fields || {}).forEach(function (key) { message[key] = fields[key]; });
    self.parent.postMessage(message, "*");
  }

  var mounted = null;      // the version of the Folium document on screen
  var latestView = null;   // the page's latest view, applied once the map is ready
  var height = null;
  var seq = 0;             // counts the values sent, so the page tells a new one from the same one again
  var value = {date: null, place: null, view: null, playing: false, changed: [], seq: 0};

  // `changed` names what the person changed this time: the page takes only that (a day played must not
  // undo a place picked from the page's list since the last click on the map).
  function report(change) {
    Object.keys(change).forEach(function (key) { value[key] = change[key]; });
    value.changed = Object.keys(change);
    seq += 1;
    value.seq = seq;
    send("streamlit:setComponentValue", {value: JSON.parse(JSON.stringify(value)), dataType: "json"});
  }

  // --- mounting the Folium document ------------------------------------------------------------------
  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      if (document.querySelector('script[data-src="' + src + '"]')) { resolve(); return; }
      var script = document.createElement("script");
      script.src = src;
      script.setAttribute("data-src", src);
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(script);
    });
  }

  function adoptHead(parsed) {
    parsed.head.querySelectorAll("link[rel=stylesheet], style").forEach(function (node) {
      var href = node.getAttribute("href");
      if (href && document.querySelector('link[href="' + href + '"]')) { return; }
      document.head.appendChild(document.importNode(node, true));
    });
    var sources = [];
    parsed.head.querySelectorAll("script[src]").forEach(function (node) { sources.push(node.getAttribute("src")); });
    return sources.reduce(function (chain, src) { return chain.then(function () { return loadScript(src); }); },
                          Promise.resolve());
  }

  function runInline(parsed) {
    parsed.querySelectorAll("script:not([src])").forEach(function (node) {
      var script = document.createElement("script");
      script.text = node.textContent;
      document.body.appendChild(script);
    });
  }

  function mount(doc) {
    if (window.conflictMap && window.conflictMap.map) { window.conflictMap.map.remove(); }
    window.conflictMap = null;
    window.conflictMapReady = null;
    document.body.textContent = "";
    var parsed = new DOMParser().parseFromString(doc, "text/html");
    return adoptHead(parsed).then(function () {
      Array.prototype.forEach.call(parsed.body.children, function (node) {
        if (node.tagName !== "SCRIPT") { document.body.appendChild(document.importNode(node, true)); }
      });
      runInline(parsed);
      return window.conflictMapReady;
    }).then(function (api) {
      api.onReport(report);
      // Pans and zooms a person makes are reported (debounced), so the link and the exports can follow the
      // view; the map's own moves (fitting the country, revealing a place) are not.
      var touched = 0, timer = null;
      ["pointerdown", "wheel", "keydown", "touchstart"].forEach(function (name) {
        api.map.getContainer().addEventListener(name, function () { touched = Date.now(); }, {passive: true});
      });
      api.map.on("moveend", function () {
        var c = api.map.getCenter();
        value.view = {lat: +c.lat.toFixed(4), lng: +c.lng.toFixed(4), zoom: api.map.getZoom()};
        if (Date.now() - touched > 3000) { return; }
        clearTimeout(timer);
        timer = setTimeout(function () { report({view: value.view}); }, 700);
      });
      if (latestView) { api.fromPage(latestView); }
    });
  }

  // On a phone the map takes a little over half the screen, so the date above it and the start of the
  // controls below it are on the first screen too.
  function fitted(wanted) {
    return screen.width < 640 ? Math.max(300, Math.min(wanted, Math.round(screen.height * 0.55))) : wanted;
  }

  function setHeight(wanted) {
    wanted = fitted(wanted);
    if (wanted === height) { return; }
    height = wanted;
    document.body.style.height = wanted + "px";
    send("streamlit:setFrameHeight", {height: wanted});
  }

  function render(args) {
    setHeight(args.height);
    latestView = args.view || {};
    value.date = latestView.date || value.date;
    value.place = latestView.place === undefined ? value.place : latestView.place;
    if (args.map && args.map.version !== mounted) {
      mounted = args.map.version;
      mount(args.map.html).catch(function (err) {
        document.body.textContent = "The map could not be shown: " + String(err && err.message) + ". Reload the page.";
      });
      return;
    }
    if (window.conflictMap && window.conflictMap.fromPage) { window.conflictMap.fromPage(latestView); }
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (data && data.type === "streamlit:render") { render(data.args || {}); }
  });
  send("streamlit:componentReady", {apiVersion: 1});
})();
