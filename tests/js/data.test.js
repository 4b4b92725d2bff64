// The browser's data model (static/map/data.js): which record a place shows on a day, since when, who held
// it before, whether it changed hands recently, and which frame of territory a day uses.
const test = require("node:test");
const assert = require("node:assert/strict");
const {loadMap} = require("./load.js");

const CM = loadMap("data.js");

function payload() {
  return {
    dataset: {lang: "en", recent_days: 3},
    period: {first: "2024-11-26", last: "2024-12-05"},
    factions: [{id: "GOV", short_name: "Gov", name: "Government"}, {id: "REB", short_name: "Rebels", name: "Rebels"}],
    places: [{id: "alpha", name: "Alpha", lon: 36, lat: 35}],
    frames: [{date: "2024-11-26"}, {date: "2024-12-01"}, {date: "2024-12-04"}],
    timeline: {alpha: [
      {from: "2024-11-26", controller: "GOV", status: "held", certainty: "confirmed", since: "2024-11-26", previous: null},
      {from: "2024-12-01", controller: "REB", status: "contested", certainty: "reported", since: "2024-12-01", previous: "GOV"},
      {from: "2024-12-03", controller: "REB", status: "held", certainty: "confirmed", since: "2024-12-01", previous: "GOV"},
    ]},
    history: {}, sources: {}, style: {unassessed: "grey"}, words: {},
  };
}

test("every day of the period, in order", () => {
  const data = CM.makeData(payload());
  assert.equal(data.dates.length, 10);
  assert.equal(data.dates[0], "2024-11-26");
  assert.equal(data.dates.at(-1), "2024-12-05");
  assert.ok(data.hasDay("2024-12-01") && !data.hasDay("2024-12-06"));
});

test("a place shows its latest record on or before the day, with since and the previous holder", () => {
  const data = CM.makeData(payload());
  assert.equal(data.stateOf("alpha", "2024-11-30").controller, "GOV");
  const taken = data.stateOf("alpha", "2024-12-01");
  assert.deepEqual([taken.controller, taken.status, taken.since, taken.previous], ["REB", "contested", "2024-12-01", "GOV"]);
  const later = data.stateOf("alpha", "2024-12-03");
  assert.equal(later.status, "held");
  assert.equal(later.since, "2024-12-01", "a new status is not a new holder");
});

test("recent: changed hands fewer than recent_days days before", () => {
  const data = CM.makeData(payload());
  assert.equal(data.stateOf("alpha", "2024-11-28").recent, false, "the baseline holder is not a change");
  assert.equal(data.stateOf("alpha", "2024-12-03").recent, true);
  assert.equal(data.stateOf("alpha", "2024-12-04").recent, false);
});

test("a day uses the last frame on or before it; previous/next change stop on frames after the baseline", () => {
  const data = CM.makeData(payload());
  assert.equal(data.frameIndex("2024-11-30"), 0);
  assert.equal(data.frameIndex("2024-12-01"), 1);
  assert.equal(data.frameIndex("2024-12-05"), 2);
  assert.deepEqual(data.changeDays, ["2024-12-01", "2024-12-04"]);
});

test("faction names fall back to the id for an unknown faction", () => {
  const data = CM.makeData(payload());
  assert.equal(data.factionName("REB"), "Rebels");
  assert.equal(data.factionName("REB", true), "Rebels");
  assert.equal(data.factionName("XXX"), "XXX");
});

test("frames sent as changes: owners, certainty and fronts rebuilt on any frame, past the checkpoints", () => {
  const p = payload();
  const count = 150;  // more than two checkpoints' worth (STRIDE 64)
  p.period = {first: "2024-01-01", last: "2024-12-31"};
  p.frames = Array.from({length: count}, (_, k) => ({date: new Date(Date.UTC(2024, 0, 1 + k)).toISOString().slice(0, 10)}));
  // three pieces in a row, edges 0-1 and 1-2; piece 1 flips between GOV confirmed (0) and REB reported (3)
  p.owners = {first: [0, 0, -1], changes: p.frames.map((_, k) => (k === 0 ? [] : [1, k % 2 ? 3 : 0]))};
  p.edge_pairs = [0, 1, 1, 2];
  const data = CM.makeData(p);
  for (const k of [0, 1, 63, 64, 65, 129, 149, 2]) {
    const frame = data.frames[k], flipped = k % 2 === 1;
    assert.deepEqual([...frame.owner], [0, flipped ? 1 : 0, -1], `frame ${k}`);
    assert.equal(frame.certain, flipped ? "100" : "110");
    assert.deepEqual([...frame.fronts], flipped ? [0] : [], "a front only between two known, different factions");
  }
});

test("markers thin by rank and zoom: rank 1 always, spaced below, every place from the last zoom", () => {
  const places = [{id: "big", rank: 1, lon: 36, lat: 35}];
  for (let i = 0; i < 200; i++) {  // a dense cluster of villages and a few towns around the city
    places.push({id: `p${i}`, rank: i % 20 ? 3 : 2, lon: 36 + (i % 20) * 0.01, lat: 35 + Math.floor(i / 20) * 0.01});
  }
  places.push({id: "nowhere", rank: 3, lon: null, lat: null});
  const zooms = CM.minZooms(places, 12, 4, 11);
  assert.equal(zooms[0], 0, "rank 1 shows at every zoom");
  const at = (z) => zooms.filter((m, i) => m <= z && places[i].lon !== null).length;
  assert.ok(at(6) < 10, `a country view shows a few of the cluster, not ${at(6)}`);
  assert.ok(at(6) <= at(8) && at(8) <= at(10), "more show as one zooms in");
  assert.equal(at(11), 201, "every drawn place shows from the last zoom");
  const pair = CM.minZooms([{rank: 3, lon: 30, lat: 10}, {rank: 2, lon: 30.001, lat: 10}], 12, 4, 11);
  assert.ok(pair[1] < pair[0], "of two places on one spot, the town shows before the village listed first");
});

test("the places a step may restyle: records between the two days, and recent marks ending", () => {
  const more = payload();
  more.places.push({id: "beta", name: "Beta", lon: 37, lat: 36});
  more.timeline.beta = [
    {from: "2024-11-26", controller: "GOV", status: "held", certainty: "confirmed", since: "2024-11-26", previous: null},
  ];
  const data = CM.makeData(more);
  const changed = (from, to) => Array.from(data.placesChangedBetween(from, to));
  assert.deepEqual(changed("2024-11-27", "2024-11-28"), [], "nothing dated, nothing recent");
  assert.deepEqual(changed("2024-11-30", "2024-12-01"), ["alpha"], "a record on the day");
  assert.deepEqual(changed("2024-12-01", "2024-11-30"), ["alpha"], "stepping back too");
  // alpha changed hands on 1 Dec: recent until 3 Dec (recent_days 3), so its mark ends on the 4th.
  assert.deepEqual(changed("2024-12-03", "2024-12-04"), ["alpha"], "its recent mark ends");
  assert.deepEqual(changed("2024-12-04", "2024-12-05"), []);
  const days = data.dates;
  for (let i = 0; i + 1 < days.length; i++) {
    for (const [from, to] of [[days[i], days[i + 1]], [days[i + 1], days[i]]]) {
      const moved = changed(from, to);
      for (const id of ["alpha", "beta"].filter((id) => !moved.includes(id))) {
        assert.deepEqual(data.stateOf(id, from), data.stateOf(id, to), `${id} looks the same ${from} -> ${to}`);
      }
    }
  }
});

test("a jump past many records restyles every marker", () => {
  const many = payload();
  for (let i = 0; i < 100; i++) {
    many.places.push({id: `p${i}`, name: `P${i}`, lon: 36, lat: 35});
    many.timeline[`p${i}`] = [{from: "2024-12-02", controller: "GOV", status: "held", certainty: "confirmed",
                               since: "2024-12-02", previous: null}];
  }
  const data = CM.makeData(many);
  assert.equal(data.placesChangedBetween("2024-11-30", "2024-12-03"), null);
  assert.equal(data.placesChangedBetween("2024-12-03", "2024-12-04").length, 1);
});
