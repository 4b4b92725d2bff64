"""Assembles a day map: one figure with the date-independent layers laid out once (basemap, legend, scale
bar, labels, caveat), and `show_day` swapping in one day's layers (zones, unassessed land, front lines,
markers, the dated title or badge, the sources line). A PNG shows one day; an animation shows many days
on the same scene (animation.py), its legend covering what any of its frames shows.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from datetime import date

from PIL import Image

from ...core.days import Days
from ..wording import caveats, long_date, method_note
from .basemap import basemap_for
from .canvas import Canvas
from .frame import Frame
from .furniture import Footer, draw_badge, draw_scale_bar, draw_subtitle, draw_title
from .labels import draw_neighbour_labels, draw_place_labels
from .language import Language
from .layers import ProjectedTerritory, draw_basemap, draw_fronts, draw_unassessed, draw_zones, project_territory
from .legend import Content, Entry, Legend, content_of, draw_legend, entries, handle
from .markers import PlaceLayout, draw_markers, markers_of
from .metadata import Provenance, cited, publishers, records_in_force, source_lines


@dataclass(frozen=True)
class _Frame:
    """What one date of a scene draws."""

    territory: ProjectedTerritory
    markers: list
    records: list


class DayScene:
    """The figure for a list of dates; `show_day(d)` readies it for one of them."""

    def __init__(self, days: Days, frame: Frame, lang: str, dates: list[date], animated: bool = False):
        if not dates:
            raise ValueError("no dates to draw")
        self.days, self.dataset, self.animated = days, days.dataset, animated
        self.canvas = canvas = Canvas(frame, Language.of(lang))
        self.language = canvas.language
        self.basemap = basemap_for(self.dataset)
        self._projected: dict[int, tuple[weakref.ref, ProjectedTerritory]] = {}
        draw_basemap(canvas, self.basemap)
        self.layout = PlaceLayout(canvas, self.dataset)
        content = Content()
        # What each date draws is kept for the scene's life (its projected territory, its markers and the
        # records it rests on), not the whole day: a year of weekly frames at ten thousand places would
        # otherwise hold a gigabyte, and the days' LRU is too small to compute each territory only once.
        self._frames: dict[date, _Frame] = {}
        for day in dict.fromkeys(dates):
            d = days[day]
            shown = _Frame(
                self.projected(d.territory), markers_of(self.layout, d.states, day, self.dataset), records_in_force(d)
            )
            self._frames[day] = shown
            content.update(content_of(canvas, shown.territory, shown.markers))
        self.content = content
        self.legend: list[Entry] = entries(content, self.dataset, self.language)
        handles = [handle(canvas, row, self.dataset) for row in self.legend]
        placed = draw_legend(
            canvas, Legend(self.legend, handles, self.language.words.legend_title), self.layout, self.basemap.outline
        )
        taken, obstacles = ((placed[0],), [placed[1]]) if placed else ((), [])
        self.legend_box = placed[1] if placed else None
        obstacles.append(draw_scale_bar(canvas, self.layout, self.basemap.outline, taken)[1])
        obstacles += draw_place_labels(canvas, self.layout, obstacles)
        draw_neighbour_labels(canvas, self.basemap, obstacles)
        self.map_title = self.language.dataset_text(self.dataset, "map_title")
        if animated:
            draw_title(canvas, self.map_title, size=16)
        draw_subtitle(canvas, self.language.words.subtitle_static, frame.label, below=0.36 if animated else 0.33)
        self.footer = Footer(canvas, " ".join(caveats(self.dataset, lang)), self.dataset.manifest.attribution)
        self.day_artists: list = []

    def projected(self, territory) -> ProjectedTerritory:
        """The territory in Web Mercator, projected once per distinct territory (days share them)."""
        key = id(territory)
        found = self._projected.get(key)
        if found is None or found[0]() is not territory:  # a weak reference: an id may be reused once freed
            found = self._projected[key] = (weakref.ref(territory), project_territory(territory))
        return found[1]

    def title(self, day: date) -> str:
        """The animated map's title for a day: map title and long date."""
        return f"{self.map_title} \N{EM DASH} {long_date(day, self.language.lang)}"

    def show_day(self, day: date) -> None:
        """Replace the previous day's layers with `day`'s."""
        for artist in self.day_artists:
            artist.remove()
        canvas, shown = self.canvas, self._frames[day]
        territory = shown.territory
        artists = draw_zones(canvas, self.dataset, territory)
        artists += draw_unassessed(canvas, territory.unassessed)
        artists += draw_fronts(canvas, territory.fronts)
        artists += draw_markers(canvas, self.layout, shown.markers, self.dataset)
        if self.animated:
            artists.append(draw_badge(canvas, long_date(day, self.language.lang)))
        else:
            artists.append(draw_title(canvas, self.title(day)))
        artists.append(self.footer.draw_sources(publishers(self.dataset, shown.records)))
        self.day_artists = artists

    def provenance(self, dates: list[date]) -> Provenance:
        """Title, description, attribution and every source cited on any of the dates."""
        lang, first, last = self.language.lang, min(dates), max(dates)
        if first == last:
            title, when = self.title(first), long_date(first, lang)
        else:
            when = f"{long_date(first, lang)} \N{EN DASH} {long_date(last, lang)}"
            title = f"{self.map_title} \N{EM DASH} {when}"
        records = [r for day in sorted(set(dates)) for r in self._frames[day].records]
        note = " ".join([method_note(self.dataset, lang), *caveats(self.dataset, lang)])
        return Provenance(
            lang,
            title,
            f"{when}. {note}",
            self.dataset.manifest.attribution,
            source_lines(cited(self.dataset, records)),
        )


@dataclass(frozen=True)
class Rendered:
    """One image with what it shows: the legend rows and the legend's display box (for tests and callers)."""

    image: Image.Image
    legend: list[Entry]
    legend_box: tuple[float, float, float, float] | None
    provenance: Provenance


def render_day(days: Days, day: date, frame: Frame, lang: str = "en") -> Rendered:
    """One day's map with its legend rows and legend box (the tests read them; `day_png` encodes it)."""
    scene = DayScene(days, frame, lang, [day])
    scene.show_day(day)
    return Rendered(scene.canvas.image(), scene.legend, scene.legend_box, scene.provenance([day]))


def day_png(days: Days, day: date, frame: Frame, lang: str = "en") -> bytes:
    """One day's map as PNG bytes, with its provenance in text chunks."""
    rendered = render_day(days, day, frame, lang)
    return rendered.provenance.png(rendered.image, frame.dpi)
