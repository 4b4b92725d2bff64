"""A realistic archive of daily drawn control maps, for import and scale tests: `control_%Y%m%d.geojson`.

The land of one controller lies west of a front line that runs the length of the country. Each day a
few stretches of the front move a little, forward or back, so salients grow and are cut off over
weeks; now and then a larger push moves a long stretch. Pockets held behind the other side's line
(islands) appear and vanish, and the other side's besieged enclaves inside the land (holes) hold out
and fall. About one day in seven repeats the day before, as real archives do.

Usage: python scripts/devkit/drawn_series.py OUT_DIR [--days 760] [--start 2024-12-31] [--data DIR]
       [--vertices 2500] [--format geojson|gpkg|fgb] [--seed 18] [--other-side DIR]
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from dashboard.core import load_dataset

ROOT = Path(__file__).resolve().parents[2]
SUDAN = ROOT / "geodata" / "sudan-2025"
#: About one day in seven of a real archive is a copy of the day before.
REPEAT_PROBABILITY = 1 / 7


@dataclass
class Front:
    """The front line as longitudes at evenly spaced latitudes; the held land is west of it."""

    lats: np.ndarray
    lons: np.ndarray
    rng: np.random.Generator
    west: float
    east: float
    islands: list[BaseGeometry] = field(default_factory=list)
    holes: list[BaseGeometry] = field(default_factory=list)

    def step(self) -> None:
        """One day of fighting: a few local pushes, sometimes a large one, pockets made and lost."""
        for _ in range(self.rng.integers(1, 4)):
            self._push(width=self.rng.uniform(0.05, 0.4), reach=self.rng.normal(0, 0.04))
        if self.rng.random() < 0.04:
            self._push(width=self.rng.uniform(1.0, 3.0), reach=self.rng.normal(0, 0.25))
        self.lons = np.clip(self.lons, self.west + 0.5, self.east - 0.5)
        self._pockets()

    def _push(self, width: float, reach: float) -> None:
        centre = self.rng.uniform(self.lats[0], self.lats[-1])
        self.lons = self.lons + reach * np.exp(-(((self.lats - centre) / width) ** 2))

    def _pockets(self) -> None:
        if self.rng.random() < 0.03:
            self.islands.append(self._blob(east_of_front=True))
        if self.islands and self.rng.random() < 0.02:
            self.islands.pop(int(self.rng.integers(len(self.islands))))
        if self.rng.random() < 0.01:
            self.holes.append(self._blob(east_of_front=False))
        if self.holes and self.rng.random() < 0.008:
            self.holes.pop(int(self.rng.integers(len(self.holes))))

    def _blob(self, east_of_front: bool) -> BaseGeometry:
        """An irregular pocket of 10-30 km a little behind one side of the front."""
        at = int(self.rng.integers(len(self.lats)))
        offset = self.rng.uniform(0.3, 1.2) * (1 if east_of_front else -1)
        centre = shapely.Point(self.lons[at] + offset, self.lats[at])
        radius = self.rng.uniform(0.1, 0.3)
        angles = np.linspace(0, 2 * np.pi, 48, endpoint=False)
        radii = radius * (1 + 0.25 * np.sin(3 * angles + self.rng.uniform(0, 6)))
        return shapely.Polygon(np.column_stack([centre.x + radii * np.cos(angles), centre.y + radii * np.sin(angles)]))

    def shape(self, outline: BaseGeometry) -> BaseGeometry:
        """The held land today: west of the front, plus islands, minus holes, inside the outline."""
        ring = [(self.west - 1, self.lats[0] - 1), *zip(self.lons, self.lats, strict=True)]
        ring += [(self.west - 1, self.lats[-1] + 1)]
        ring[1] = (self.lons[0], self.lats[0] - 1)
        ring[-2] = (self.lons[-1], self.lats[-1] + 1)
        land = shapely.Polygon(ring)
        if self.islands:
            land = shapely.union_all([land, *self.islands])
        if self.holes:
            land = land.difference(shapely.union_all(self.holes))
        return shapely.intersection(land, outline)


def start_front(outline: BaseGeometry, vertices: int, rng: np.random.Generator) -> Front:
    """A rough front a third of the way across the country, with fractal wiggles along its length."""
    west, south, east, north = outline.bounds
    lats = np.linspace(south, north, vertices)
    base = west + (east - west) * 0.35
    wiggle = sum(
        rng.normal(0, 0.3 / k) * np.sin(k * np.pi * (lats - south) / (north - south) + rng.uniform(0, 6))
        for k in range(1, 60)
    )
    return Front(lats=lats, lons=base + wiggle, rng=rng, west=west, east=east)


@dataclass(frozen=True)
class Spec:
    """What to generate: how many days from when, how detailed, in which format, from which seed."""

    days: int = 760
    start: date = date(2024, 12, 31)
    vertices: int = 2500
    fmt: str = "geojson"
    seed: int = 18


def write_series(out: Path, outline: BaseGeometry, spec: Spec, other_side: Path | None = None) -> list[int]:
    """Write one file per day; returns each day's vertex count.

    With `other_side`, also write there the rest of the country each day (the other controller's land),
    so that the two series meet along one continuous front line.
    """
    rng = np.random.default_rng(spec.seed)
    front = start_front(outline, spec.vertices, rng)
    out.mkdir(parents=True, exist_ok=True)
    counts, shape = [], None
    for offset in range(spec.days):
        if shape is None or rng.random() >= REPEAT_PROBABILITY:
            front.step()
            shape = front.shape(outline)
        day = spec.start + timedelta(days=offset)
        _write_day(out / f"control_{day:%Y%m%d}.{spec.fmt}", shape, spec.fmt)
        if other_side is not None:
            other_side.mkdir(parents=True, exist_ok=True)
            rest = shapely.difference(outline, shape) if shape is not None else outline
            _write_day(other_side / f"control_{day:%Y%m%d}.{spec.fmt}", rest, spec.fmt)
        counts.append(int(shapely.get_num_coordinates(shape)))
    return counts


def _write_day(path: Path, shape: BaseGeometry, fmt: str) -> None:
    if fmt == "geojson":
        feature = {"type": "Feature", "properties": {}, "geometry": json.loads(shapely.to_geojson(shape))}
        path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8")
        return
    import geopandas as gpd

    driver = {"gpkg": "GPKG", "fgb": "FlatGeobuf"}[fmt]
    gpd.GeoDataFrame(geometry=[shape], crs="EPSG:4326").to_file(path, driver=driver)


def main(argv: list[str] | None = None) -> int:
    """Generate the series and print what was written."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--days", type=int, default=760)
    parser.add_argument("--start", type=date.fromisoformat, default=date(2024, 12, 31))
    parser.add_argument("--data", type=Path, default=SUDAN, help="the dataset whose outline holds the series")
    parser.add_argument("--vertices", type=int, default=2500, help="points along the front (plus the border's)")
    parser.add_argument("--format", choices=["geojson", "gpkg", "fgb"], default="geojson")
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--other-side", type=Path, help="also write the rest of the country each day, here")
    args = parser.parse_args(argv)
    outline = load_dataset(args.data).outline
    spec = Spec(args.days, args.start, args.vertices, args.format, args.seed)
    counts = write_series(args.out, outline, spec, args.other_side)
    print(f"wrote {len(counts)} daily files to {args.out}: {int(np.mean(counts)):,} vertices a day on average")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
