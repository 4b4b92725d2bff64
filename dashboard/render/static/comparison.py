"""The comparison map: what changed hands between two dates, readable at a glance.

The end date's zones are drawn faintly; the land that changed hands is filled strongly in the colour of who
gained it and outlined in the colour of who lost it; places that changed hands are marked (fill: new
holder, ring: previous holder) and labelled. The legend gives each side's gains and losses in km²,
rounded to what the method supports (`round_area`), and names every other colour the image shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.collections import LineCollection
from matplotlib.lines import Line2D
from matplotlib.patches import PathPatch, Rectangle

from ...core.captions import located
from ...core.compare import Comparison
from ...core.days import Days
from ...core.stats import round_area
from ..style import STYLE
from ..wording import caveats, credit_line, date_span, medium_date, method_note
from .basemap import basemap_for
from .canvas import Canvas
from .frame import Frame
from .furniture import Footer, draw_head, draw_scale_bar
from .labels import draw_neighbour_labels, draw_place_labels
from .language import Language
from .layers import ZONES_Z, draw_basemap, draw_zones, project_territory
from .legend import Entry, Legend, draw_legend
from .markers import MARKERS_Z, PlaceLayout, pale
from .metadata import Provenance, cited, publishers, source_lines
from .notes import draw_notes
from .page import PageText
from .paths import line_segments, polygon_path
from .projection import to_mercator
from .vector import vector_bytes

GAIN_Z = ZONES_Z + 0.5


def comparison_png(days: Days, comparison: Comparison, frame: Frame, lang: str = "en") -> bytes:
    """The comparison map as PNG bytes, with its provenance in text chunks."""
    image, _rows, provenance = render_comparison(days, comparison, frame, lang)
    return provenance.png(image, frame.dpi)


def comparison_vector(days: Days, comparison: Comparison, frame: Frame, lang: str = "en", fmt: str = "svg") -> bytes:
    """The comparison map as SVG or PDF from the same figure as the PNG."""
    canvas, _rows, provenance = draw_comparison(days, comparison, frame, lang)
    return vector_bytes(canvas.fig, fmt, provenance)


def render_comparison(days: Days, comparison: Comparison, frame: Frame, lang: str = "en"):
    """(image, legend rows, provenance)."""
    canvas, rows, provenance = draw_comparison(days, comparison, frame, lang)
    return canvas.image(), rows, provenance


def _page_text(dataset, comparison: Comparison, frame: Frame, lang: str) -> PageText:
    w, captions = Language.of(lang).words, frame.captions
    start_text, end_text = date_span(comparison.start, comparison.end, lang)
    return PageText(
        captions.title or w.compare_title.format(start=start_text, end=end_text),
        captions.subtitle or w.compare_subtitle.format(end=medium_date(comparison.end, lang)),
        frame.label,
        caption=captions.caption,
        caveat=" ".join(
            [*caveats(dataset, lang), *([w.method_drawn] if dataset.drawn.active_on(comparison.end) else [])]
        ),
        credits=credit_line(dataset, lang, captions.credit),
    )


def draw_comparison(days: Days, comparison: Comparison, frame: Frame, lang: str = "en"):
    """(canvas, legend rows, provenance): the drawn figure, for PNG, SVG or PDF output."""
    dataset = days.dataset
    text = _page_text(dataset, comparison, frame, lang)
    canvas = Canvas(frame, Language.of(lang), text)
    w = canvas.language.words
    basemap = basemap_for(dataset)
    draw_basemap(canvas, basemap)
    end = days[comparison.end]
    background = project_territory(end.territory)
    draw_zones(canvas, dataset, background, opacity=STYLE.compare_background_opacity, hatch=False)
    faint = {c for c, _, g in background.zones if g.intersects(canvas.view)}
    shown_losers, shown_gainers, unassessed_gain = set(), set(), False
    for row in comparison.areas.itertuples():
        geom = to_mercator(row.geometry)
        path = polygon_path(geom.intersection(canvas.view.buffer(canvas.metres_per_pixel() * 20)))
        if path is None:
            continue
        if row.to_controller:
            fill, alpha = dataset.factions[row.to_controller].colour, STYLE.compare_gain_opacity
            shown_gainers.add(row.to_controller)
        else:
            fill, alpha, unassessed_gain = STYLE.unassessed, 0.5, True
        canvas.ax.add_patch(PathPatch(path, facecolor=fill, edgecolor="none", alpha=alpha, zorder=GAIN_Z))
        if row.from_controller:
            shown_losers.add(row.from_controller)
            canvas.ax.add_collection(
                LineCollection(
                    line_segments([geom]),
                    colors=dataset.factions[row.from_controller].colour,
                    linewidths=canvas.css(STYLE.compare_loss_weight),
                    zorder=GAIN_Z + 0.1,
                    joinstyle="round",
                )
            )
    changed = {c.place_id: c for c in comparison.places if c.after.place.is_shown}
    layout = PlaceLayout(canvas, dataset, always=set(changed))
    _draw_places(canvas, layout, changed, dataset)
    drawn = Drawn(faint, shown_losers | shown_gainers, unassessed_gain, changed)
    rows, handles = _legend(canvas, dataset, comparison, drawn)
    placed = draw_legend(canvas, Legend(rows, handles, w.legend_title), layout, basemap.outline)
    taken, obstacles = ((placed[0],), [placed[1]]) if placed else ((), [])
    obstacles.append(draw_scale_bar(canvas, layout, basemap.outline, taken)[1])
    obstacles += draw_place_labels(canvas, layout, obstacles, ranks=(1, 2, 3), required_ranks=(1,), only=set(changed))
    obstacles += draw_place_labels(
        canvas, layout, obstacles, ranks=(1,), only={p.id for p in layout.places} - set(changed)
    )
    obstacles += draw_notes(canvas, layout, located(dataset, frame.captions).notes, obstacles)
    draw_neighbour_labels(canvas, basemap, obstacles)
    draw_head(canvas)
    records = [
        *(c.after.record for c in changed.values()),
        *(r for r in end.area_records if r is not None),
        *dataset.drawn.active_on(comparison.end),  # a drawn control map is cited like any record
    ]
    Footer(canvas).draw_sources(publishers(dataset, records))
    when = f"{medium_date(comparison.start, lang)} \N{EN DASH} {medium_date(comparison.end, lang)}"
    note = " ".join(
        filter(
            None,
            [
                frame.captions.caption,
                method_note(dataset, lang, [comparison.start, comparison.end]),
                *caveats(dataset, lang),
            ],
        )
    )
    provenance = Provenance(lang, text.title, f"{when}. {note}", text.credits, source_lines(cited(dataset, records)))
    return canvas, rows, provenance


def _draw_places(canvas: Canvas, layout: PlaceLayout, changed: dict, dataset) -> None:
    """Changed places: fill in the new holder's colour, ring in the previous holder's. Other major places:
    small neutral dots for orientation."""
    xs, ys, sizes, fills, edges, widths = [], [], [], [], [], []
    for i, place in enumerate(layout.places):
        if not layout.visible[i]:
            continue
        change = changed.get(place.id)
        r = layout.radius_pt[i]
        if change is not None:
            fill, edge = (
                dataset.factions[change.after.controller].colour,
                dataset.factions[change.before.controller].colour,
            )
            width = min(canvas.css(STYLE.besieged_weight), 0.55 * r)
        elif place.rank <= 2:
            r, fill, edge, width = r * 0.6, STYLE.swatch_fill, STYLE.marker_edge, canvas.css(1.0)
        else:
            continue
        xs.append(layout.xy[i, 0])
        ys.append(layout.xy[i, 1])
        sizes.append((2 * r) ** 2)
        fills.append(fill)
        edges.append(edge)
        widths.append(width)
    if xs:
        canvas.ax.scatter(xs, ys, s=sizes, facecolors=fills, edgecolors=edges, linewidths=widths, zorder=MARKERS_Z)


@dataclass(frozen=True)
class Drawn:
    """What the comparison map drew, which its legend must explain: factions in the faint background, factions
    whose gains or losses are drawn, whether land became unassessed, and the places that changed hands."""

    faint: set[str]
    shown: set[str]
    unassessed_gain: bool
    changed: dict


def _legend(canvas: Canvas, dataset, comparison: Comparison, drawn: Drawn):
    faint, shown, unassessed_gain, changed = drawn.faint, drawn.shown, drawn.unassessed_gain, drawn.changed
    language, w = canvas.language, canvas.language.words
    name = lambda f: language.faction_name(dataset.factions[f])  # noqa: E731
    balance = comparison.balance.set_index("controller")
    rows, handles = [], []
    gains = balance[balance["gained_km2"] > 0].sort_values("gained_km2", ascending=False)
    for faction_id, row in gains.iterrows():
        rows.append(
            Entry("gain", f"{w.gained} {name(faction_id)}: {language.km2(round_area(row.gained_km2))}", faction_id)
        )
        handles.append(
            Rectangle(
                (0, 0),
                1,
                1,
                facecolor=dataset.factions[faction_id].colour,
                alpha=STYLE.compare_gain_opacity,
                edgecolor="none",
            )
        )
    if unassessed_gain:
        rows.append(Entry("unassessed", w.compare_unassessed))
        handles.append(Rectangle((0, 0), 1, 1, facecolor=STYLE.unassessed, alpha=0.5, edgecolor="none"))
    losses = balance[balance["lost_km2"] > 0].sort_values("lost_km2", ascending=False)
    for faction_id, row in losses.iterrows():
        rows.append(Entry("loss", f"{w.lost} {name(faction_id)}: {language.km2(round_area(row.lost_km2))}", faction_id))
        handles.append(
            Rectangle(
                (0, 0),
                1,
                1,
                facecolor="none",
                edgecolor=dataset.factions[faction_id].colour,
                linewidth=canvas.css(STYLE.compare_loss_weight),
            )
        )
    listed = set(gains.index) | set(losses.index)
    for faction_id in dataset.factions:  # every other colour drawn: factions only in the faint background
        if faction_id in faint - listed or faction_id in shown - listed:
            rows.append(Entry("faction", name(faction_id), faction_id))
            handles.append(
                Rectangle((0, 0), 1, 1, facecolor=pale(dataset.factions[faction_id].colour, 0.3), edgecolor="none")
            )
    ring = dict(linestyle="none", marker="o", markersize=canvas.pt(7))
    if changed:
        rows.append(Entry("changed", w.compare_place))
        handles.append(
            Line2D(
                [],
                [],
                markerfacecolor=STYLE.swatch_fill,
                markeredgecolor=STYLE.marker_edge,
                markeredgewidth=canvas.pt(2.2),
                **ring,
            )
        )
    rows.append(Entry("unchanged", w.compare_unchanged))
    handles.append(
        Line2D(
            [],
            [],
            markerfacecolor=STYLE.swatch_fill,
            markeredgecolor=STYLE.marker_edge,
            markeredgewidth=canvas.pt(0.8),
            linestyle="none",
            marker="o",
            markersize=canvas.pt(4.5),
        )
    )
    return rows, handles
