// Drawn territory in the browser (static/map/data.js drawnAt): each series' last shape on or before the
// day, rings rebuilt from the shared ring table, fronts without the stretches on the border.
const test = require("node:test");
const assert = require("node:assert/strict");
const {loadMap} = require("./load.js");

const CM = loadMap("data.js");
// Arrays made in the sandbox have its prototypes: compare them as plain JSON.
const plain = (x) => JSON.parse(JSON.stringify(x));
const at = (day) => plain(CM.drawnAt(drawn, day));

// Ring 0: a square whose west side (vertices 0..1 and the closing vertex 4) lies on the border.
const square = [[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]];
const moved = [[0, 0], [0, 1], [2, 1], [2, 0], [0, 0]];
const other = [[2, 0], [2, 1], [3, 1], [3, 0], [2, 0]];
// The browser data sends a ring as integer differences: the first vertex, then each minus the one before.
const SCALE = 10;
const differences = (ring) => ring.flatMap(([x, y], i) => (i ? [x - ring[i - 1][0], y - ring[i - 1][1]] : [x, y]))
  .map((d) => Math.round(d * SCALE));
const drawn = {
  scale: SCALE,
  rings: [square, moved, other].map(differences),
  border: [[0, 1], [0, 1], []],
  series: [
    {id: "gov", shapes: [
      {date: "2024-12-01", faction: 0, certain: true, polygons: [[0]]},
      {date: "2024-12-03", faction: 0, certain: true, polygons: [[1]]},
      {date: "2024-12-06", faction: 0, certain: true, polygons: null},
    ]},
    {id: "reb", shapes: [{date: "2024-12-02", faction: 1, certain: false, polygons: [[2]]}]},
  ],
};

test("each series shows its last shape on or before the day; a null shape ends it", () => {
  assert.deepEqual(at("2024-11-30"), []);
  assert.deepEqual(at("2024-12-01").map((d) => d.series), ["gov"]);
  const third = at("2024-12-04");
  assert.deepEqual(third.map((d) => d.series), ["reb", "gov"], "earlier series last: drawn on top");
  assert.deepEqual(third[1].polygons, [[moved]]);
  assert.equal(third[0].certain, false);
  assert.deepEqual(at("2024-12-07").map((d) => d.series), ["reb"]);
  assert.deepEqual(plain(CM.drawnAt(undefined, "2024-12-07")), []);
  assert.deepEqual(["2024-11-30", "2024-12-01", "2024-12-07"].map((d) => CM.hasDrawn(drawn, d)), [false, true, true]);
  assert.equal(CM.hasDrawn(undefined, "2024-12-01"), false);
});

test("fronts are the rings without their stretches along the border", () => {
  const gov = at("2024-12-01")[0];
  assert.deepEqual(gov.fronts, [[[0, 1], [1, 1], [1, 0], [0, 0]]]);
  const reb = at("2024-12-02")[0];
  assert.deepEqual(reb.fronts, [other], "a ring with no border stretch is one whole line");
});

test("a ring sent as edits of an earlier ring is rebuilt", () => {
  const edited = {
    // Ring 1: the square with its vertices 2 and 3 replaced by (2, 1) and (2, 0), each given as its
    // difference from the vertex before it in the new ring; ring 2: ring 1 with (0, 0.5) inserted at 1.
    scale: SCALE,
    rings: [differences(square), {from: 0, edits: [[2, 4, [20, 0, 0, -10]]]}, {from: 1, edits: [[1, 1, [0, 5]]]}],
    border: [[0, 1], [0, 1], []],
    series: [{id: "gov", shapes: [
      {date: "2024-12-01", faction: 0, certain: true, polygons: [[1]]},
      {date: "2024-12-02", faction: 0, certain: true, polygons: [[2]]},
    ]}],
  };
  assert.deepEqual(plain(CM.drawnAt(edited, "2024-12-01"))[0].polygons, [[moved]]);
  assert.deepEqual(plain(CM.drawnAt(edited, "2024-12-02"))[0].polygons, [[[[0, 0], [0, 0.5], [0, 1], [2, 1], [2, 0], [0, 0]]]]);
});
