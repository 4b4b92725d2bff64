// Prints what the browser's data model rebuilds of every frame of a payload file, as JSON:
// [{date, owner: [faction index per piece], certain: "0110…", fronts: [edge index…], areas, unassessed_km2}].
// With chunk files after the payload (a head from render/payload.py `payload_parts`), it first records which
// days were there before any chunk came ({before: {day: hasDay}}), then adds the chunks in the order given.
// Used by tests/test_payload.py to check the frames sent as changes against the Python core.
const fs = require("node:fs");
const {loadMap} = require("./load.js");

const read = (file) => JSON.parse(fs.readFileSync(file, "utf8"));
const CM = loadMap("data.js");
const data = CM.makeData(read(process.argv[2]));
const before = {}, called = [];
for (const day of [data.dates[0], data.dates.at(-1)]) {
  before[day] = data.hasDay(day);
  data.whenDay(day, (d) => called.push(d));
}
for (const file of process.argv.slice(3)) { data.addChunk(read(file)); }
const frames = data.frames.map((f) => ({date: f.date, owner: [...f.owner], certain: f.certain, fronts: [...f.fronts],
  areas: f.areas.map((a) => [a.faction, a.confirmed_km2, a.uncertain_km2]), unassessed_km2: f.unassessed_km2}));
process.stdout.write(JSON.stringify({before, called, frames}));
