"""What a country profile is: reference points, the context its decision function sees, the profile itself."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import geopandas as gpd
from shapely.geometry.base import BaseGeometry

__all__ = ["CheckPoint", "Context", "Profile"]


@dataclass
class CheckPoint:
    """A reference point [lon, lat]. inside: True/False = must be inside/outside the outline, None = report only."""

    name: str
    lon: float
    lat: float
    inside: bool | None
    division: str | None
    source: str


@dataclass
class Context:
    """What a profile's decision function may look at."""

    iso2: str
    numeric: str
    c10: gpd.GeoDataFrame  # 10m countries in the neighbours box, repaired and on the grid
    c50: gpd.GeoDataFrame  # 50m countries in the neighbours box, repaired and on the grid
    outline: BaseGeometry
    admin1: list[dict]  # NE admin-1 features of every country whose polygon meets the neighbours box
    divisions: dict[str, BaseGeometry]  # output division geometries by id


@dataclass
class Profile:
    """A country's reviewed choices; the defaults (`Profile()`) are the generic rules."""

    name: str | None = None  # English name for outline.geojson (default: world-atlas `name`)
    name_ar: str | None = None  # the packages carry no Arabic country names
    expected_divisions: int | None = None
    neighbour_box: tuple[float, float, float, float] | None = None  # overrides the margin rule
    id_fixes: dict[str, tuple[str, str]] = field(default_factory=dict)  # NE adm1_code -> (id, reason)
    name_fixes: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)  # adm1_code -> {prop: (value, why)}
    special: dict[str, dict] = field(default_factory=dict)  # id -> replacement properties (the NE ones move to *_ne)
    sort_last: tuple[str, ...] = ()
    check_points: list[CheckPoint] = field(default_factory=list)
    decisions: Callable[[Context], dict] | None = None  # -> {topic: record}; may raise BuildError
    readme_decisions: str = ""  # markdown, under "Border decisions"
    readme_notes: str = ""  # markdown, after the divisions table
