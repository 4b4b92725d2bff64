"""The one cartographic style: every colour, weight, dash and radius the maps use, defined once.

The browser map reads it from its data (`payload.py` writes `asdict(STYLE)`), the static PNG/GIF, the
legend in the page and the chart read it here, so the interactive and the published map never drift
apart. Faction colours come from each dataset's factions.json, not from here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class MapStyle:
    """Colours are #RRGGBB; weights and radii in CSS pixels (the static map converts them to points)."""

    sea: str = "#dce9f2"
    land: str = "#fbfaf7"
    outline: str = "#444444"
    division: str = "#8a8a8a"
    neighbour_fill: str = "#f1efe9"
    neighbour_edge: str = "#b5b1a6"
    text: str = "#1a1a1a"
    muted_text: str = "#555555"
    #: Land no place reaches and no area covers: neutral, and dotted so it never reads as a faction.
    unassessed: str = "#9c978d"
    unassessed_opacity: float = 0.22
    zone_opacity: float = 0.38
    #: Land and places resting on `reported`/`disputed` records: paler fill plus hatching in the colour.
    uncertain_opacity: float = 0.16
    hatch_spacing: float = 7.0
    hatch_width: float = 1.6
    front: str = "#111111"
    front_weight: float = 3.5
    front_casing: str = "#ffffff"
    front_casing_extra: float = 3.0
    marker_edge: str = "#222222"
    marker_weight: float = 1.5
    marker_radius: dict[str, float] = field(default_factory=lambda: {"1": 9.0, "2": 6.0, "3": 4.5})
    recent_edge: str = "#000000"
    recent_weight: float = 3.5
    contested: str = "#e86a00"
    contested_weight: float = 3.0
    #: Dash pattern as multiples of the line width (on, off): Leaflet and matplotlib scale it alike.
    contested_dash: tuple[float, float] = (1.2, 0.9)
    besieged_weight: float = 3.0
    #: Marker fill opacity for places whose record is not `confirmed` (the ring stays solid).
    uncertain_marker_opacity: float = 0.45
    selection: str = "#111111"
    selection_weight: float = 2.5
    selection_radius: float = 15.0
    selection_dash: tuple[float, float] = (2.0, 1.2)
    # Static images (PNG, GIF, MP4) only:
    paper: str = "#ffffff"  # the image background, the legend box and text halos
    map_frame: str = "#9a9a9a"  # the thin border of the map rectangle
    legend_edge: str = "#bbbbbb"
    neighbour_label: str = "#a29d90"
    minor_label: str = "#333333"  # names of smaller places
    swatch_fill: str = "#e6e6e6"  # the neutral fill of legend swatches that explain a ring
    unassessed_dot_spacing: float = 7.0  # the dots over unassessed land, CSS px apart
    unassessed_dot_radius: float = 0.9
    hatch_opacity: float = 0.6  # the hatch lines over uncertain land (full colour would drown the map)
    compare_gain_opacity: float = 0.8  # land that changed hands, in the gainer's colour
    compare_background_opacity: float = 0.13  # the end date's zones under it
    compare_loss_weight: float = 2.0  # the outline in the loser's colour

    def radius(self, rank: int) -> float:
        """Marker radius for a place of this rank (1 = major city)."""
        return self.marker_radius.get(str(rank), self.marker_radius["3"])

    def as_json(self) -> dict:
        """The style as the browser reads it (inside the map's data)."""
        return asdict(self)


STYLE = MapStyle()

#: Play speeds offered, in days per second; the map animates in the browser at this pace.
PLAY_SPEEDS = (1, 2, 4, 8)
DEFAULT_PLAY_SPEED = 2


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
