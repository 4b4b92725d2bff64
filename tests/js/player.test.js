// Play (static/map/player.js): steps one day per tick, waits while the page has not taken the last day
// played (the app), and stops on the last day.
const test = require("node:test");
const assert = require("node:assert/strict");
const {loadMap} = require("./load.js");

const CM = loadMap("player.js");
const dates = ["d0", "d1", "d2", "d3"];

function fakeMap() {
  const attrs = {};
  return {attrs, getContainer: () => ({setAttribute: (k, v) => { attrs[k] = v; }})};
}

function player(canStep) {
  const state = {day: "d0", shown: []};
  const map = fakeMap();
  const p = CM.makePlayer(map, dates, () => state.day, (d) => { state.day = d; state.shown.push(d); }, canStep);
  return {p, state, map};
}

test("plays one day per tick and stops on the last day", (t) => {
  t.mock.timers.enable({apis: ["setInterval"]});
  const {p, state, map} = player(() => true);
  p.set(true, 2);
  assert.equal(map.attrs["data-playing"], "true");
  t.mock.timers.tick(500 * 5);
  assert.deepEqual(state.shown, ["d1", "d2", "d3"]);
  assert.equal(p.playing(), false);
  assert.equal(map.attrs["data-playing"], "false");
});

test("waits while the page has not taken the last day played", (t) => {
  t.mock.timers.enable({apis: ["setInterval"]});
  let pageCaughtUp = false;
  const {p, state} = player(() => pageCaughtUp);
  p.set(true, 4);
  t.mock.timers.tick(250 * 4);
  assert.deepEqual(state.shown, [], "no step before the page has the day");
  pageCaughtUp = true;
  t.mock.timers.tick(250);
  assert.deepEqual(state.shown, ["d1"]);
  p.set(false);
});

test("play at the end starts again from the first day", (t) => {
  t.mock.timers.enable({apis: ["setInterval"]});
  const {p, state} = player(() => true);
  state.day = "d3";
  p.set(true, 1);
  assert.equal(state.day, "d0");
  p.set(false);
});
