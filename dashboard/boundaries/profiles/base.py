"""What a country profile is: reference points and the profile itself (read from a dataset's profile.json)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["CheckPoint", "Profile"]


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
class Profile:
    """A country's reviewed choices; the defaults (`Profile()`) are the generic rules."""

    iso: str | None = None  # the country the profile is for (a profile file must name it)
    name: str | None = None  # English name for outline.geojson (default: world-atlas `name`)
    name_ar: str | None = None  # the packages carry no Arabic country names
    expected_divisions: int | None = None
    neighbour_box: tuple[float, float, float, float] | None = None  # overrides the margin rule
    id_fixes: dict[str, tuple[str, str]] = field(default_factory=dict)  # NE adm1_code -> (id, reason)
    name_fixes: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)  # adm1_code -> {prop: (value, why)}
    special: dict[str, dict] = field(default_factory=dict)  # id -> replacement properties (the NE ones move to *_ne)
    sort_last: tuple[str, ...] = ()
    check_points: list[CheckPoint] = field(default_factory=list)
    checks: list[dict] = field(default_factory=list)  # declarative checks run before the decisions (see decisions.py)
    border_decisions: dict = field(default_factory=dict)  # {topic: record}, records may hold checks (decisions.py)
    readme_decisions: str = ""  # markdown, under "Border decisions"
    readme_notes: str = ""  # markdown, after the divisions table
    source: Path | None = None  # the file the profile was read from
    sha256: str | None = None  # of that file
