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

from ...core.captions import located
from ...core.days import Days
from ...core.model import Dataset
from ..wording import caveats, credit_line, long_date, method_note
from .basemap import basemap_for
from .canvas import Canvas
from .frame import Frame
from .furniture import Footer, draw_badge, draw_head, draw_scale_bar
from .labels import draw_neighbour_labels, draw_place_labels
from .language import Language
from .layers import ProjectedTerritory, draw_basemap, draw_fronts, draw_unassessed, draw_zones, project_territory
from .legend import Content, Entry, Legend, content_of, draw_legend, entries, handle
from .markers import PlaceLayout, draw_markers, markers_of
from .metadata import Provenance, cited, publishers, records_in_force, source_lines
from .notes import draw_notes
from .page import PageText
from .vector import vector_bytes


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
        self.language = Language.of(lang)
        self.map_title = self.language.dataset_text(self.dataset, "map_title")
        self.canvas = canvas = Canvas(frame, self.language, self.page_text(frame, dates))
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
            markers = markers_of(self.layout, d.states, day, self.dataset)
            shown = _Frame(self.projected(d.territory), markers, records_in_force(d, self.dataset))
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
        obstacles += draw_notes(canvas, self.layout, located(self.dataset, frame.captions).notes, obstacles)
        draw_neighbour_labels(canvas, self.basemap, obstacles)
        draw_head(canvas)
        self.footer = Footer(canvas)
        self.day_artists: list = []

    def page_text(self, frame: Frame, dates: list[date]) -> PageText:
        """The texts around the map (see `day_page_text`)."""
        return day_page_text(self.dataset, self.language, frame, dates, self.animated)

    def projected(self, territory) -> ProjectedTerritory:
        """The territory in Web Mercator, projected once per distinct territory (days share them)."""
        key = id(territory)
        found = self._projected.get(key)
        if found is None or found[0]() is not territory:  # a weak reference: an id may be reused once freed
            found = self._projected[key] = (weakref.ref(territory), project_territory(territory))
        return found[1]

    def title(self, day: date) -> str:
        """The map's title for a day: map title and long date."""
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
        if self.canvas.frame.captions.title:
            title = f"{self.canvas.frame.captions.title} \N{EM DASH} {when}"
        records = [r for day in sorted(set(dates)) for r in self._frames[day].records]
        note = " ".join([method_note(self.dataset, lang, dates), *caveats(self.dataset, lang)])
        return Provenance(
            lang,
            title,
            f"{when}. {' '.join(filter(None, [self.canvas.frame.captions.caption, note]))}",
            credit_line(self.dataset, lang, self.canvas.frame.captions.credit),
            source_lines(cited(self.dataset, records)),
        )


def day_page_text(dataset: Dataset, language: Language, frame: Frame, dates: list[date], animated: bool) -> PageText:
    """The texts around a day map: the publisher's where given, else the dataset's dated title. A still
    image with the publisher's own title keeps its date at the head of the subtitle."""
    lang, captions, words = language.lang, frame.captions, language.words
    map_title = language.dataset_text(dataset, "map_title")
    subtitle = captions.subtitle or words.subtitle_static
    if animated:
        title = captions.title or map_title
    elif captions.title:
        title, subtitle = captions.title, f"{long_date(dates[0], lang)} \N{EM DASH} {subtitle}"
    else:
        title = f"{map_title} \N{EM DASH} {long_date(dates[0], lang)}"
    return PageText(
        title,
        subtitle,
        frame.label,
        caption=captions.caption,
        caveat=" ".join([*caveats(dataset, lang), *_drawn_note(dataset, language, dates)]),
        credits=credit_line(dataset, lang, captions.credit),
        title_size=16 if animated else 14.5,
        badge=long_date(dates[-1], lang) if animated else "",
    )


def check_fits(dataset: Dataset, frame: Frame, lang: str, dates: list[date], animated: bool = False) -> None:
    """ValueError (one line) when the texts would leave the map too little room: checked before rendering,
    so the app can say so instead of failing when the download is pressed."""
    language = Language.of(lang)
    Canvas(frame, language, day_page_text(dataset, language, frame, dates, animated))


@dataclass(frozen=True)
class Rendered:
    """One image with what it shows: the legend rows and the legend's display box (for tests and callers)."""

    image: Image.Image
    legend: list[Entry]
    legend_box: tuple[float, float, float, float] | None
    provenance: Provenance
    map_rect: tuple[float, float, float, float]  # figure fractions: pass as `rect` to pixel_of
    texts: list  # every text artist of the figure, for tests that check nothing is cut off or overlaps


def render_day(days: Days, day: date, frame: Frame, lang: str = "en") -> Rendered:
    """One day's map with its legend rows and legend box (the tests read them; `day_png` encodes it)."""
    scene = DayScene(days, frame, lang, [day])
    scene.show_day(day)
    image = scene.canvas.image()
    return Rendered(
        image, scene.legend, scene.legend_box, scene.provenance([day]), scene.canvas.rect, scene.canvas.texts()
    )


def day_vector(days: Days, day: date, frame: Frame, lang: str = "en", fmt: str = "svg") -> bytes:
    """One day's map as SVG or PDF from the same figure as the PNG (see vector.py)."""
    scene = DayScene(days, frame, lang, [day])
    scene.show_day(day)
    return vector_bytes(scene.canvas.fig, fmt, scene.provenance([day]))


def day_png(days: Days, day: date, frame: Frame, lang: str = "en") -> bytes:
    """One day's map as PNG bytes, with its provenance in text chunks."""
    rendered = render_day(days, day, frame, lang)
    return rendered.provenance.png(rendered.image, frame.dpi)


def _drawn_note(dataset: Dataset, language: Language, dates: list[date]) -> list[str]:
    """What drawn control maps change in the method, when any is in force on one of the dates."""
    return [language.words.method_drawn] if any(dataset.drawn.active_on(day) for day in dates) else []
