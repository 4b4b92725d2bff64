// Loads the map's browser scripts into a sandbox the way a page would (one shared window.ConflictMap),
// with no DOM: what the tests call is the pure part (the data model and the player's timing logic).
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const STATIC = path.join(__dirname, "..", "..", "dashboard", "static", "map");

function loadMap(...names) {
  const window = {};
  const context = vm.createContext({
    window, console, Date, Math, JSON,
    // looked up at call time, so a test's mocked timers apply
    setInterval: (...args) => globalThis.setInterval(...args),
    clearInterval: (...args) => globalThis.clearInterval(...args),
  });
  for (const name of names) {
    vm.runInContext(fs.readFileSync(path.join(STATIC, name), "utf8"), context, {filename: name});
  }
  return window.ConflictMap;
}

module.exports = {loadMap};
