// Prints what the browser's data model says of every drawn place on every day of a payload file, as JSON:
// {place: {day: [controller, status, certainty, since, previous, recent]}}. Used by
// tests/test_js_agrees.py to check the browser against the Python core.
const fs = require("node:fs");
const {loadMap} = require("./load.js");

const CM = loadMap("data.js");
const data = CM.makeData(JSON.parse(fs.readFileSync(process.argv[2], "utf8")));
const out = {};
for (const place of data.places) {
  out[place.id] = {};
  for (const day of data.dates) {
    const s = data.stateOf(place.id, day);
    out[place.id][day] = s && [s.controller, s.status, s.certainty, s.since, s.previous, s.recent];
  }
}
process.stdout.write(JSON.stringify(out));
