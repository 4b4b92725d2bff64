"""The one shared cartographic style: used by the Folium map, the static PNG/GIF and the HTML export,
so the interactive and the published map never drift apart."""

from __future__ import annotations

from dataclasses import dataclass

#: Framings for exports and the map's initial view: (west, south, east, north) in degrees.
FOCUS_PRESETS: dict[str, tuple[float, float, float, float]] = {
    "corridor": (35.55, 34.25, 38.25, 36.75),  # Idlib, Aleppo, Hama, Homs and the M5 between them
    "country": (35.45, 32.15, 42.55, 37.45),
    "north-west": (35.6, 35.0, 38.3, 36.9),
    "south": (35.5, 32.25, 37.4, 34.2),  # Damascus, Daraa, Suwayda, Quneitra
    "north-east": (37.8, 34.2, 42.5, 37.4),
}
DEFAULT_FOCUS = "corridor"
FOCUS_LABELS = {
    "corridor": "Aleppo – Hama – Homs corridor",
    "country": "Whole country",
    "north-west": "North-west (Idlib, Aleppo)",
    "south": "South (Damascus, Daraa, Suwayda)",
    "north-east": "North-east (Euphrates, Jazira)",
}

ZONE_FILL_OPACITY = 0.35
ZONE_OPACITY_STATIC = 0.45
FRONT_LINE_COLOUR = "#111111"
FRONT_LINE_WEIGHT = 3.5
OUTLINE_COLOUR = "#444444"
GOVERNORATE_COLOUR = "#8a8a8a"
NEIGHBOUR_FILL = "#f1efe9"
NEIGHBOUR_EDGE = "#b5b1a6"
SEA_COLOUR = "#dce9f2"
LAND_COLOUR = "#fbfaf7"
CONTESTED_COLOUR = "#ff7f0e"
RECENT_CHANGE_DAYS = 3
#: Play speeds offered, in days per second; the map animates in the browser at this pace.
PLAY_SPEEDS = (1, 2, 4, 8)
DEFAULT_PLAY_SPEED = 2

TERRITORY_CAVEAT = "Territory is approximate, derived from settlement control."


@dataclass(frozen=True)
class MarkerStyle:
    radius: float
    weight: float
    dash: str | None


def marker_style(rank: int, status: str, recently_changed: bool) -> MarkerStyle:
    """Bigger markers for bigger places; contested places dashed; recent changes get a thick ring."""
    radius = {1: 9.0, 2: 6.0, 3: 4.5}.get(rank, 4.5)
    weight = 3.5 if recently_changed else 1.5
    return MarkerStyle(radius=radius, weight=weight, dash="4 3" if status == "contested" else None)


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    """'W,S,E,N' in degrees; ValueError with the expected form when it is not that."""
    parts = text.split(",")
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError:
        raise ValueError(f"bbox must be four numbers W,S,E,N in degrees, got {text!r}") from None
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise ValueError(f"bbox must have W < E within ±180 and S < N within ±90, got {text!r}")
    return west, south, east, north
