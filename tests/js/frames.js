// Prints what the browser's data model rebuilds of every frame of a payload file, as JSON:
// [{date, owner: [faction index per piece], certain: "0110…", fronts: [edge index…]}]. Used by
// tests/test_payload.py to check the frames sent as changes against the Python core.
const fs = require("node:fs");
const {loadMap} = require("./load.js");

const CM = loadMap("data.js");
const data = CM.makeData(JSON.parse(fs.readFileSync(process.argv[2], "utf8")));
const out = data.frames.map((f) => ({date: f.date, owner: f.owner, certain: f.certain, fronts: f.fronts}));
process.stdout.write(JSON.stringify(out));
