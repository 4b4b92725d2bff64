"""A synthetic whole war for scale work: thousands of places over fifteen years, on a real dataset's land.

Not data about any real war: the places, dates and controllers are invented, only the boundaries,
factions and source list are copied from the base dataset (by default geodata/syria-2024) so that the
result validates like a real dataset. What makes it realistic enough to measure:

- settlements are dense where people live: they cluster around the base dataset's places (bigger places
  draw more), scattered a few km around each, and never outside the outline;
- fronts move: each faction holds the land nearest to a few seeds that drift week by week, so only places
  near a moving front change hands, as in a real war; the drift speed is tuned to reach `changes`;
- sieges: some bigger places are besieged for months before they fall;
- a few hot places change hands many times (every few weeks for a year or two), with contested spells.

Usage: python scripts/devkit/whole_war.py OUT_DIR [--places 10000] [--years 15] [--changes 30000]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import shape

ROOT = Path(__file__).resolve().parents[2]
BASE = ROOT / "geodata" / "syria-2024"
BASELINE = date(2010, 1, 1)
_KM_PER_DEG = 111.0


def generate(
    out: Path, places: int = 1000, years: int = 15, changes: int = 30000, seed: int = 7, base: Path = BASE
) -> Path:
    """Write a dataset folder at `out` (replaced if present) and return it."""
    rng = np.random.default_rng(seed)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for name in ("boundaries", "sources"):
        if (base / name).is_dir():
            shutil.copytree(base / name, out / name)
    shutil.copy(base / "sources.json", out / "sources.json")
    factions = _distinct_factions(json.loads((base / "factions.json").read_text(encoding="utf-8"))["factions"])
    (out / "factions.json").write_text(json.dumps({"factions": factions}, ensure_ascii=False, indent=1), "utf-8")
    end = BASELINE + timedelta(days=round(365.25 * years) - 1)
    lon, lat, rank = _settlements(base, places, rng)
    ids = [f["id"] for f in factions]
    weeks = (end - BASELINE).days // 7 + 1
    sources = _two_origins(json.loads((base / "sources.json").read_text(encoding="utf-8"))["sources"])
    war = _War(ids, [BASELINE + timedelta(days=7 * w) for w in range(weeks)], end, rng, sources)
    owners = _fronts(lon, lat, war, changes)
    histories = [_history(owners[:, i], war) for i in range(len(lon))]
    _hot_places(histories, owners, war)
    _sieges(histories, rank, end, rng)
    features = [_feature(i, lon[i], lat[i], int(rank[i]), histories[i]) for i in range(len(lon))]
    _write_features(out / "places.geojson", features)
    _write_features(out / "areas.geojson", [])
    _write_manifest(base, out, end, years, features[0]["id"])
    return out


def _distinct_factions(factions: list[dict]) -> list[dict]:
    """Factions whose colours every reader can tell apart when all are on the map at once."""
    from dashboard.core import palette

    chosen: list[dict] = []
    for faction in factions:
        colours = {f["id"]: f["colour"] for f in [*chosen, faction]}
        pairs = {(f["id"], faction["id"]) for f in chosen}
        if not palette.clashes(colours, pairs) and not palette.neutral_clashes({faction["id"]: faction["colour"]}):
            chosen.append(faction)
    return chosen[:5]


def _two_origins(sources: list[dict]) -> dict[str, list[str]]:
    """One source for a reported record, and two from different publishers for a confirmed one."""
    first = sources[0]
    origin = (first.get("original_publisher") or first["publisher"]).strip().casefold()
    other = next(s for s in sources if (s.get("original_publisher") or s["publisher"]).strip().casefold() != origin)
    return {"reported": [first["id"]], "confirmed": [first["id"], other["id"]]}


def _settlements(base: Path, count: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Positions clustered around the base dataset's places, inside the outline; ranks 1-3 by cluster weight."""
    outline = shapely.union_all(
        [shape(f["geometry"]) for f in _features(base / "boundaries" / "outline.geojson") if f["geometry"]]
    )
    shapely.prepare(outline)
    centres = [
        (f["geometry"]["coordinates"], f["properties"]["rank"])
        for f in _features(base / "places.geojson")
        if f["geometry"] is not None
    ]
    xy = np.asarray([c for c, _ in centres], dtype=float)
    weight = np.asarray([{1: 12.0, 2: 4.0, 3: 1.0}[r] for _, r in centres])
    lon, lat, seen = [], [], set()
    while len(lon) < count:
        n = 2 * (count - len(lon)) + 16
        pick = rng.choice(len(xy), size=n, p=weight / weight.sum())
        spread_km = rng.gamma(2.0, 6.0, size=n)  # most within ~10 km, a tail into the countryside
        angle = rng.uniform(0, 2 * np.pi, size=n)
        cand_lon = xy[pick, 0] + spread_km * np.cos(angle) / (_KM_PER_DEG * np.cos(np.radians(xy[pick, 1])))
        cand_lat = xy[pick, 1] + spread_km * np.sin(angle) / _KM_PER_DEG
        inside = shapely.contains_xy(outline, cand_lon, cand_lat)
        for x, y in zip(np.round(cand_lon[inside], 5), np.round(cand_lat[inside], 5)):
            if (x, y) not in seen and len(lon) < count:
                seen.add((x, y))
                lon.append(float(x))
                lat.append(float(y))
    rank = np.full(count, 3)
    order = rng.permutation(count)
    majors = max(3, count // 1000)  # a country has a handful of cities, some towns, and many villages
    rank[order[:majors]] = 1
    rank[order[majors : majors + max(5, count // 30)]] = 2
    return np.asarray(lon), np.asarray(lat), rank


@dataclass(frozen=True)
class _War:
    """What every step of the generation shares."""

    ids: list[str]  # faction ids
    steps: list[date]  # one a week from the baseline
    end: date
    rng: np.random.Generator
    sources: dict[str, list[str]]  # by certainty


def _fronts(lon: np.ndarray, lat: np.ndarray, war: _War, target: int) -> np.ndarray:
    """Weekly owner of every place (steps x places): the faction of the nearest drifting seed."""
    rng, factions, weeks = war.rng, len(war.ids), len(war.steps)
    seeds = 3 * factions
    seed_faction = np.arange(seeds) % factions
    origin = np.column_stack([rng.choice(lon, seeds), rng.choice(lat, seeds)])
    walk = rng.normal(size=(weeks, seeds, 2))
    walk = np.cumsum(walk - walk.mean(axis=0), axis=0)  # a random walk that comes back: fronts advance, retreat
    speed = 0.02
    for _ in range(6):  # the number of handovers grows about linearly with the drift speed: tune it
        owners = _nearest(lon, lat, origin + speed * walk, seed_faction)
        found = int((owners[1:] != owners[:-1]).sum())
        if abs(found - target) <= 0.1 * target or found == 0:
            break
        speed *= target / found
    return owners


def _nearest(lon: np.ndarray, lat: np.ndarray, seeds: np.ndarray, seed_faction: np.ndarray) -> np.ndarray:
    owners = np.empty((len(seeds), len(lon)), dtype=np.int16)
    for w, at in enumerate(seeds):
        d = (lon[None, :] - at[:, 0, None]) ** 2 + (lat[None, :] - at[:, 1, None]) ** 2
        owners[w] = seed_faction[np.argmin(d, axis=0)]
    return owners


def _record(day: date, controller: str, certainty: str, sources: dict, status: str = "held", **extra) -> dict:
    return {
        "date": day.isoformat(),
        "controller": controller,
        "status": status,
        "certainty": certainty,
        "sources": sources[certainty],
    } | extra


def _history(owner: np.ndarray, war: _War) -> list[dict]:
    """A place's records: the baseline, then each weekly handover on a random day of its week."""
    steps, ids, end, rng, sources = war.steps, war.ids, war.end, war.rng, war.sources
    records = [_record(steps[0], ids[owner[0]], "reported", sources)]
    for w in np.nonzero(owner[1:] != owner[:-1])[0] + 1:
        day = min(steps[w] - timedelta(days=int(rng.integers(0, 7))), end)
        if day > date.fromisoformat(records[-1]["date"]):
            certainty = "confirmed" if rng.random() < 0.3 else "reported"
            records.append(_record(day, ids[owner[w]], certainty, sources))
    return records


def _hot_places(histories: list[list[dict]], owners: np.ndarray, war: _War, count: int = 5) -> None:
    """A few places on a front flip every few weeks for a year or two, with contested spells."""
    steps, ids, end, rng, sources = war.steps, war.ids, war.end, war.rng, war.sources
    flips = (owners[1:] != owners[:-1]).sum(axis=0)
    for place in np.argsort(flips)[-count:]:
        first = int(rng.integers(0, max(1, len(steps) - 110)))
        a = ids[owners[first, place]]
        b = next(i for i in ids if i != a)
        day, stop, holder = steps[first], min(end, steps[first] + timedelta(days=700)), a
        history = [r for r in histories[place] if not steps[first] < date.fromisoformat(r["date"]) <= stop]
        inserted = []
        while day < stop:
            day += timedelta(days=int(rng.integers(10, 45)))
            if day >= stop:
                break
            holder = b if holder == a else a
            status = "contested" if rng.random() < 0.3 else "held"
            inserted.append(_record(day, holder, "reported", sources, status=status))
        histories[place] = sorted([*history, *inserted], key=lambda r: r["date"])


def _sieges(histories: list[list[dict]], rank: np.ndarray, end: date, rng, per_place: float = 0.3) -> None:
    """Some bigger places are besieged by the side that takes them, for one to six months before they fall."""
    for place in np.nonzero(rank <= 2)[0]:
        history = histories[place]
        for index in range(1, len(history)):
            if rng.random() > per_place or history[index]["controller"] == history[index - 1]["controller"]:
                continue
            fall = date.fromisoformat(history[index]["date"])
            start = fall - timedelta(days=int(rng.integers(30, 180)))
            if start <= date.fromisoformat(history[index - 1]["date"]):
                continue
            siege = dict(history[index - 1], date=start.isoformat(), status="besieged")
            siege["besieged_by"] = [history[index]["controller"]]
            history.insert(index, siege)
            break  # one siege per place is enough to exercise the status


def _feature(index: int, lon: float, lat: float, rank: int, history: list[dict]) -> dict:
    kind = {1: "city", 2: "town", 3: "village"}[rank]
    return {
        "type": "Feature",
        "id": f"p{index:05d}",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {
            "name": f"Place {index}",
            "kind": kind,
            "rank": rank,
            "coord_source": "synthetic (scripts/devkit/whole_war.py)",
            "control": history,
        },
    }


def _write_features(path: Path, features: list[dict]) -> None:
    """One feature per line: compact enough for the loader's size limit, still diffable."""
    lines = ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features)
    path.write_text('{"type": "FeatureCollection", "features": [\n' + lines + "\n]}\n", encoding="utf-8")


def _write_manifest(base: Path, out: Path, end: date, years: int, place_id: str) -> None:
    manifest = json.loads((base / "dataset.json").read_text(encoding="utf-8"))
    manifest.pop("translations", None)
    manifest["title"] = f"Synthetic whole war: {years} years (generated, not real events)"
    manifest["subtitle"] = "Generated by scripts/devkit/whole_war.py for scale tests."
    manifest["map_title"] = "Synthetic whole war"
    manifest["period"] = {
        "baseline": BASELINE.isoformat(),
        "start": (BASELINE + timedelta(days=1)).isoformat(),
        "end": end.isoformat(),
    }
    manifest["default_view"] = {"date": end.isoformat(), "place": place_id, "framing": "country"}
    manifest["caveats"] = ["Synthetic data: every place, date and controller here is invented."]
    (out / "dataset.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _features(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["features"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--places", type=int, default=1000)
    parser.add_argument("--years", type=int, default=15)
    parser.add_argument("--changes", type=int, default=30000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    folder = generate(args.out, args.places, args.years, args.changes, args.seed)
    print(f"wrote {folder}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
