"""Synthetic ACLED-format CSV exports for tests and benchmarks: no ACLED data, only its column layout.

Events cluster around the dataset's places (more around a few busy ones), fall on days across the
dataset's period, stay inside the country's outline, and a share have approximate location or date
precision. `--old-dates` writes "16 May 2025" dates, as older exports did.

Usage: python scripts/devkit/acled_gen.py --data geodata/sudan-2025 --events 100000 --out /tmp/acled.csv
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

EVENT_TYPES = {
    "Battles": ["Armed clash", "Government regains territory", "Non-state actor overtakes territory"],
    "Explosions/Remote violence": ["Air/drone strike", "Shelling/artillery/missile attack", "Remote explosive/IED"],
    "Violence against civilians": ["Attack", "Abduction/forced disappearance", "Sexual violence"],
    "Strategic developments": ["Looting/property destruction", "Arrests", "Other"],
    "Protests": ["Peaceful protest", "Protest with intervention"],
}
ACTORS = ["Military Forces (synthetic)", "Paramilitary Forces (synthetic)", "Militia A (synthetic)", "Civilians"]
HEADER = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]


def generate(dataset, n: int, seed: int = 1, old_dates: bool = False) -> pd.DataFrame:
    """`n` synthetic events in ACLED's columns, inside `dataset`'s outline and period."""
    rng = np.random.default_rng(seed)
    places = [p for p in dataset.places if p.lat is not None]
    weights = rng.pareto(3.0, len(places)) + 0.3
    centre = rng.choice(len(places), size=n, p=weights / weights.sum())
    lat = np.array([p.lat for p in places])[centre] + rng.normal(0, 0.15, n)
    lon = np.array([p.lon for p in places])[centre] + rng.normal(0, 0.15, n)
    outside = ~shapely.contains_xy(dataset.outline, lon, lat)
    lat[outside] = np.array([p.lat for p in places])[centre[outside]]
    lon[outside] = np.array([p.lon for p in places])[centre[outside]]
    span = (dataset.end - dataset.manifest.period.start).days + 1
    days = pd.to_datetime(dataset.manifest.period.start) + pd.to_timedelta(rng.integers(0, span, n), unit="D")
    types = list(EVENT_TYPES)
    type_idx = rng.choice(len(types), size=n, p=[0.35, 0.3, 0.2, 0.1, 0.05])
    sub = [EVENT_TYPES[types[t]][i % len(EVENT_TYPES[types[t]])] for t, i in zip(type_idx, rng.integers(0, 3, n))]
    actor1 = rng.integers(0, 3, n)
    frame = pd.DataFrame(
        {
            "event_id_cnty": [f"SDN{i:07d}" for i in range(1, n + 1)],
            "event_date": days.strftime("%d %B %Y" if old_dates else "%Y-%m-%d"),
            "year": days.year,
            "time_precision": rng.choice([1, 2, 3], size=n, p=[0.85, 0.1, 0.05]),
            "disorder_type": "Political violence",
            "event_type": [types[t] for t in type_idx],
            "sub_event_type": sub,
            "actor1": [ACTORS[a] for a in actor1],
            "assoc_actor_1": "",
            "inter1": actor1 + 1,
            "actor2": [ACTORS[(a + 1) % len(ACTORS)] for a in actor1],
            "assoc_actor_2": "",
            "inter2": 2,
            "interaction": 12,
            "civilian_targeting": "",
            "iso": 729,
            "region": "Northern Africa",
            "country": dataset.manifest.country.name,
            "admin1": [places[c].name for c in centre],
            "admin2": "",
            "admin3": "",
            "location": [places[c].name for c in centre],
            "latitude": lat.round(4),
            "longitude": lon.round(4),
            "geo_precision": rng.choice([1, 2, 3], size=n, p=[0.7, 0.2, 0.1]),
            "source": "Synthetic Source",
            "source_scale": "National",
            "notes": [f"On {d:%d %B %Y}, a synthetic event near {places[c].name}." for d, c in zip(days, centre)],
            "fatalities": rng.poisson(1.2, n) * (rng.random(n) < 0.4),
            "tags": "",
            "timestamp": 1735689600,
        }
    )
    return frame[HEADER]


def main() -> None:
    """Write the CSV."""
    from dashboard.core import load_dataset

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="geodata/sudan-2025")
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--old-dates", action="store_true")
    args = parser.parse_args()
    frame = generate(load_dataset(args.data), args.events, args.seed, args.old_dates)
    frame.to_csv(args.out, index=False)
    print(f"wrote {args.out}: {len(frame):,} events")


if __name__ == "__main__":
    main()
