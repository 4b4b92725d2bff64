"""Colour-vision safety: factions that share a map must stay distinguishable for readers with colour-vision
deficiencies, not only for readers with typical vision, and no faction may look like land nobody assessed.

Each pair of factions that appear on the map on the same day is compared as people with deuteranopia,
protanopia and tritanopia see them (colorspacious' Machado et al. simulation at full severity) and with
typical vision, as a distance in the perceptually uniform CAM02-UCS space. Below `MIN_DISTANCE` two flat
fills are hard to tell apart in the small patches a map is made of, so validation refuses the palette.
The same distance keeps every faction away from the neutral fills (`NEUTRAL_FILLS`): a winner drawn in a
grey that reads as "no data" misleads more than two factions that look alike.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from colorspacious import cspace_convert

#: CAM02-UCS ΔE. Around 10 is a just-noticeable difference between large swatches; map fills need more.
MIN_DISTANCE = 15.0
VISIONS = {
    "typical vision": None,
    "deuteranopia": {"name": "sRGB1+CVD", "cvd_type": "deuteranomaly", "severity": 100},
    "protanopia": {"name": "sRGB1+CVD", "cvd_type": "protanomaly", "severity": 100},
    "tritanopia": {"name": "sRGB1+CVD", "cvd_type": "tritanomaly", "severity": 100},
}
#: Fills that mean "no faction". The renderers draw unassessed land in `MapStyle.unassessed`
#: (render/style.py); tests/test_palette.py pins the two values together, as the core may not import render.
NEUTRAL_FILLS = {"unassessed land": "#9c978d"}


@dataclass(frozen=True)
class Clash:
    """Two factions whose colours come too close for some readers."""

    first: str
    second: str
    vision: str
    distance: float


@lru_cache(maxsize=1024)
def _appearance(colour: str, vision: str) -> tuple[float, float, float]:
    rgb = np.asarray([int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    simulation = VISIONS[vision]
    if simulation is not None:
        rgb = np.clip(cspace_convert(rgb, simulation, "sRGB1"), 0, 1)
    return tuple(cspace_convert(rgb, "sRGB1", "CAM02-UCS"))


def distance(a: str, b: str, vision: str) -> float:
    """How far apart two #RRGGBB colours look to a reader with this vision (CAM02-UCS ΔE)."""
    return float(np.linalg.norm(np.subtract(_appearance(a.upper(), vision), _appearance(b.upper(), vision))))


def closest(a: str, b: str) -> tuple[str, float]:
    """The vision under which two colours are closest, and their distance then."""
    return min(((vision, distance(a, b, vision)) for vision in VISIONS), key=lambda item: item[1])


def clashes(colours: dict[str, str], together: Iterable[tuple[str, str]]) -> list[Clash]:
    """Every pair of factions shown together whose colours are closer than MIN_DISTANCE for some reader."""
    found = []
    for first, second in sorted(together):
        if first in colours and second in colours:
            vision, gap = closest(colours[first], colours[second])
            if gap < MIN_DISTANCE:
                found.append(Clash(first, second, vision, gap))
    return found


def pairs_shown_together(controllers_by_day: Iterable[set[str]]) -> set[tuple[str, str]]:
    """Pairs of factions present on the map on the same day."""
    pairs: set[tuple[str, str]] = set()
    for present in controllers_by_day:
        pairs.update(itertools.combinations(sorted(present), 2))
    return pairs


def present_by_date(histories: Iterable[Iterable[Any]]) -> Iterator[set[str]]:
    """The factions on the map on each date some record takes effect, by one sweep over the records.

    `histories` are lists of records (with `date` and `controller`, None for no claim) in date order.
    Each record changes the controller of one history, so a count per faction updated record by record
    gives every date's set in time linear in the records (not dates x records). Records of one history on
    one date: the last one wins, as on the map.
    """
    events = sorted(
        (
            (record.date, h, i, record.controller)
            for h, history in enumerate(histories)
            for i, record in enumerate(history)
        ),
        key=lambda event: event[:3],
    )
    current: dict[int, str | None] = {}
    count: Counter[str] = Counter()
    for index, (day, h, _, controller) in enumerate(events):
        before = current.get(h)
        if before is not None:
            count[before] -= 1
        if controller is not None:
            count[controller] += 1
        current[h] = controller
        if index + 1 == len(events) or events[index + 1][0] != day:
            yield {faction for faction, n in count.items() if n > 0}


def neutral_clashes(colours: dict[str, str]) -> list[Clash]:
    """Every faction whose colour comes closer than MIN_DISTANCE to a neutral fill for some reader
    (`Clash.second` names the fill)."""
    found = []
    for faction, colour in sorted(colours.items()):
        for fill_name, fill in NEUTRAL_FILLS.items():
            vision, gap = closest(colour, fill)
            if gap < MIN_DISTANCE:
                found.append(Clash(faction, fill_name, vision, gap))
    return found
