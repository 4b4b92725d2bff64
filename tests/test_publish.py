"""Publishing: the publisher's own words (page.py, notes.py, core/captions.py), size presets, SVG and PDF
(vector.py), the data's licence on every format, and Arabic exports that are Arabic throughout."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import tarfile
from datetime import date

import pytest
from PIL import Image

from dashboard.core import Days, load_dataset
from dashboard.core.captions import Captions, Note, located, parse_note
from dashboard.core.countries import arabic_name
from dashboard.render.exports import ExportRequest, ImageSize, aspect_height, export_bytes
from dashboard.render.static import Frame, pixel_of
from dashboard.render.static.metadata import mp4_tags
from dashboard.render.static.scene import render_day
from tests.conftest import MINI, ROOT, SYRIA

DAY = date(2024, 12, 8)
LONG = (
    "Rebel forces entered the capital after an offensive of eleven days that began in the north-west; "
    "this caption is deliberately long, so that it must wrap over several lines and push the map up "
    "rather than run off the image or over the map. "
) * 3


@pytest.fixture(scope="module")
def syria_days():
    return Days(load_dataset(SYRIA))


@pytest.fixture(scope="module")
def licensed_mini(tmp_path_factory) -> Days:
    """The mini fixture with a licence and an Arabic attribution, to check that every format carries them."""
    folder = shutil.copytree(MINI, tmp_path_factory.mktemp("licensed") / "mini")
    manifest = json.loads((folder / "dataset.json").read_text(encoding="utf-8"))
    manifest["licence"] = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
    manifest.setdefault("translations", {}).setdefault("ar", {})["attribution"] = "نسبة عربية للاختبار."
    (folder / "dataset.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return Days(load_dataset(folder))


def country_frame(days: Days, width=1600, height=900, dpi=200, captions: Captions | None = None) -> Frame:
    framing = days.dataset.manifest.framing("country")
    return Frame(tuple(framing.bbox), width, height, dpi, framing.label, captions or Captions())


def boxes(rendered) -> tuple[list, tuple[float, float, float, float]]:
    """(figure-level text boxes, the map axes' box), in display pixels."""
    width, height = rendered.image.size
    left, bottom, right, top = rendered.map_rect
    figure_texts = [t for t in rendered.texts if t.axes is None]
    return [t.get_window_extent() for t in figure_texts], (left * width, bottom * height, right * width, top * height)


# -- the publisher's words ---------------------------------------------------------------------------


def test_notes_parse_places_and_points_and_refuse_other_forms():
    assert parse_note("damascus: Rebels enter") == Note("Rebels enter", place="damascus")
    assert parse_note("36.3, 33.5: A point: with a colon") == Note("A point: with a colon", lon=36.3, lat=33.5)
    for bad in ("no colon here", "damascus:", ": text", "200,10: off the globe", "x: " + "y" * 200):
        with pytest.raises(ValueError, match="note"):
            parse_note(bad)


def test_notes_name_places_that_exist_and_are_drawn(syria_days):
    dataset = syria_days.dataset
    assert located(dataset, Captions(notes=(Note("x", place="damascus"),))).notes[0].lat is not None
    with pytest.raises(ValueError, match="'atlantis': no place with that id"):
        located(dataset, Captions(notes=(Note("x", place="atlantis"),)))


def test_long_texts_wrap_stay_inside_the_image_and_never_overlap_the_map(syria_days):
    captions = Captions(
        title="A very long headline that a newsroom might write for a social card, long enough to need two lines",
        subtitle="A subtitle that also runs on for a while to test that it wraps under the title",
        credit="Example News / A. Reporter",
        caption=LONG,
        notes=(Note("Rebels enter the capital on 8 December", place="damascus"),),
    )
    rendered = render_day(syria_days, DAY, country_frame(syria_days, captions=captions))
    width, height = rendered.image.size
    text_boxes, (mx0, my0, mx1, my1) = boxes(rendered)
    assert rendered.map_rect[1] > 0.115, "the footer grew to hold the caption"
    for b in text_boxes:
        assert b.x0 >= 0 and b.x1 <= width and b.y0 >= 0 and b.y1 <= height, "no text runs off the image"
        assert b.y1 <= my0 + 1 or b.y0 >= my1 - 1, "no text above or below the map reaches into it"
    shown = " ".join(t.get_text() for t in rendered.texts if t.axes is None)
    assert " ".join(LONG.split()) in " ".join(shown.split()), "the whole caption is printed, nothing cut"
    assert "Map: Example News / A. Reporter." in shown


def test_the_caveat_is_never_cut_with_an_ellipsis(sudan_days):
    rendered = render_day(sudan_days, date(2025, 10, 29), country_frame(sudan_days, 1600, 1200))
    shown = " ".join(" ".join(t.get_text() for t in rendered.texts if t.axes is None).split())
    assert "\N{HORIZONTAL ELLIPSIS}" not in shown.split("Sources:")[0]
    for caveat in sudan_days.dataset.manifest.caveats:
        assert " ".join(caveat.split()) in shown


def test_a_note_points_at_its_place_without_covering_it(syria_days):
    captions = Captions(notes=(Note("Rebels enter the capital", place="damascus"),))
    frame = country_frame(syria_days, captions=captions)
    rendered = render_day(syria_days, DAY, frame)
    note = next(t for t in rendered.texts if t.get_text() == "Rebels enter the capital")
    damascus = syria_days.dataset.place("damascus")
    x, y = pixel_of(damascus.lon, damascus.lat, bbox=frame.bbox, width=1600, height=900, rect=rendered.map_rect)
    box = note.get_bbox_patch().get_window_extent()
    assert not (box.x0 <= x <= box.x1 and box.y0 <= 900 - y <= box.y1), "the box does not hide the place"
    assert note.arrow_patch is not None, "a leader line joins the note to the place"


@pytest.mark.parametrize(("aspect", "size"), [("16:9", (1600, 900)), ("1:1", (1600, 1600)), ("4:5", (1600, 2000))])
def test_aspect_presets_give_the_image_that_shape(tmp_path, aspect, size):
    out = tmp_path / "map.png"
    done = run_cli("--format", "png", "--out", str(out), "--aspect", aspect, "--dpi", "100")
    assert done.returncode == 0, done.stderr
    assert Image.open(out).size == size and aspect_height(1600, aspect) == size[1]


def test_aspect_and_height_together_are_one_clear_error(tmp_path):
    done = run_cli("--format", "png", "--out", str(tmp_path / "x.png"), "--aspect", "16:9", "--height", "500")
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1 and "--aspect" in done.stderr
    done = run_cli("--format", "png", "--out", str(tmp_path / "x.png"), "--aspect", "2:1")
    assert done.returncode == 2 and "--aspect must be one of 16:9, 1:1, 4:5, 3:2" in done.stderr


def test_words_on_a_format_that_cannot_show_them_are_refused(tmp_path):
    done = run_cli("--format", "csv", "--out", str(tmp_path / "x.csv"), "--title", "T")
    assert done.returncode == 2 and "--title" in done.stderr and "not csv" in done.stderr


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "export", "--data", str(MINI), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )


# -- print -------------------------------------------------------------------------------------------


def test_svg_has_real_editable_text_including_the_title(syria_days):
    request = ExportRequest(
        "svg", DAY, framing="country", size=ImageSize(1600, 900, 200), captions=Captions(title="Assad falls")
    )
    svg = export_bytes(syria_days, request).decode("utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert ">Assad falls</text>" in svg or ">Assad falls\n</text>" in svg, "the title is a <text>, not glyph paths"
    assert "Data licence: CC BY 4.0" in svg
    assert ">Damascus</text>" in svg, "place labels stay text too: their halo is an SVG stroke, not a path effect"
    assert "paint-order: stroke" in svg
    assert "<dc:rights>" in svg, "the licence is in the file's metadata too"


def test_pdf_opens_and_embeds_its_fonts(syria_days, tmp_path):
    pdf = export_bytes(syria_days, ExportRequest("pdf", DAY, framing="country", size=ImageSize(1600, 900, 200)))
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert b"/FontFile2" in pdf, "TrueType fonts embedded (pdf.fonttype 42)"
    assert b"DejaVuSans" in pdf
    if shutil.which("pdftoppm"):  # poppler-utils, when installed: the PDF renders to the image's shape
        (tmp_path / "map.pdf").write_bytes(pdf)
        done = subprocess.run(
            ["pdftoppm", "-png", "-r", "100", "-singlefile", str(tmp_path / "map.pdf"), str(tmp_path / "page")],
            capture_output=True,
        )
        assert done.returncode == 0, done.stderr
        assert Image.open(tmp_path / "page.png").size == (800, 450), "8 x 4.5 in at 100 dpi"


# -- the data's licence --------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["png", "svg", "gif", "mp4", "html", "geojson", "csv"])
def test_the_licence_travels_with_every_format(licensed_mini, fmt):
    small = ImageSize(400, 300, 50)
    request = ExportRequest(fmt, date(2024, 12, 8), size=small, every=7)
    data = export_bytes(licensed_mini, request)
    if fmt == "png":
        assert "CC BY 4.0" in Image.open(io.BytesIO(data)).info["Copyright"]
    elif fmt == "gif":
        assert "CC BY 4.0" in Image.open(io.BytesIO(data)).info["comment"].decode("utf-8")
    elif fmt == "mp4":
        assert "CC BY 4.0" in mp4_tags(data)["copyright"]
    elif fmt == "geojson":
        about = json.loads(data)["properties"]
        assert about["licence"]["name"] == "CC BY 4.0" and "CC BY 4.0" in about["attribution"]
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
        assert rows and all(r["data_licence"].startswith("CC BY 4.0") for r in rows)
    else:
        assert "Data licence: CC BY 4.0" in data.decode("utf-8")
    if fmt == "html":
        assert 'rel="license" href="https://creativecommons.org/licenses/by/4.0/"' in data.decode("utf-8")


def test_the_printed_footer_carries_the_licence(licensed_mini):
    frame = Frame((35.5, 32.8, 38.5, 35.2), 800, 600, 100)
    shown = " ".join(t.get_text() for t in render_day(licensed_mini, date(2024, 12, 8), frame).texts)
    assert "Data licence: CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)." in " ".join(shown.split())


def test_the_bundled_datasets_state_a_licence():
    for folder in (SYRIA, ROOT / "geodata" / "sudan-2025"):
        manifest = load_dataset(folder).manifest
        assert manifest.licence is not None and manifest.licence.name == "CC BY 4.0"
        assert manifest.translations["ar"].attribution, "Arabic maps print an Arabic attribution"


# -- Arabic throughout -----------------------------------------------------------------------------


def test_arabic_map_has_arabic_attribution_licence_and_neighbours(syria_days):
    rendered = render_day(syria_days, DAY, country_frame(syria_days), lang="ar")
    shown = " ".join(t.get_text() for t in rendered.texts)
    assert syria_days.dataset.manifest.translations["ar"].attribution in " ".join(shown.split())
    assert "رخصة البيانات" in shown
    assert "Settlement coordinates" not in shown and "Data licence" not in shown, "no English fine print"
    assert "تركيا" in shown and "العراق" in shown, "neighbouring countries named in Arabic"
    assert "T U R K E Y" not in shown


def test_every_natural_earth_country_has_an_arabic_name(npm_tarballs):
    """Any conflict's neighbours, not just Syria's and Sudan's: every country in the pinned world-atlas."""
    with tarfile.open(npm_tarballs["world_atlas"]) as archive:
        doc = json.load(archive.extractfile("package/countries-50m.json"))
    names = {g["properties"]["name"] for g in doc["objects"]["countries"]["geometries"]}
    no_code = {"Somaliland", "N. Cyprus", "Siachen Glacier", "Ashmore and Cartier Is.", "Indian Ocean Ter."}
    missing = sorted(n for n in names - no_code if not arabic_name(n))
    assert not missing, missing
    assert arabic_name("Turkey") == "تركيا" and arabic_name("S. Sudan") == "جنوب السودان"


def test_arabic_labels_never_sit_on_markers(syria_days):
    rendered = render_day(syria_days, DAY, country_frame(syria_days), lang="ar")
    frame = country_frame(syria_days)
    width, height = rendered.image.size
    labels = [t for t in rendered.texts if t.axes is not None and t.get_text() in _arabic_names(syria_days)]
    assert labels
    for place in syria_days.dataset.shown_places:
        x, y = pixel_of(place.lon, place.lat, bbox=frame.bbox, width=width, height=height, rect=rendered.map_rect)
        for label in labels:
            b = label.get_window_extent()
            assert not (b.x0 + 1 < x < b.x1 - 1 and b.y0 + 1 < height - y < b.y1 - 1), (label.get_text(), place.id)


def _arabic_names(days: Days) -> set[str]:
    return {(p.name_ar or "").split(" (")[0].strip() for p in days.dataset.places if p.name_ar}


def test_tall_images_keep_the_bands_the_same_height_not_the_same_share(syria_days):
    """A 4:5 card has the 4:3 image's title and footer bands in pixels, so its extra height goes to the map."""
    wide = render_day(syria_days, DAY, country_frame(syria_days, 1600, 1200)).map_rect
    tall = render_day(syria_days, DAY, country_frame(syria_days, 1600, 2000)).map_rect
    assert wide == pytest.approx((0.02, 0.115, 0.98, 0.875)), "an ordinary export keeps the default rectangle"
    assert (1 - tall[3]) * 2000 == pytest.approx((1 - wide[3]) * 1200, abs=1)
    assert tall[1] * 2000 == pytest.approx(wide[1] * 1200, abs=1)


def test_comparison_exports_take_notes_and_print_as_svg(syria_days):
    request = ExportRequest(
        "svg",
        DAY,
        framing="country",
        compare_to=date(2024, 11, 26),
        size=ImageSize(1600, 900, 200),
        captions=Captions(title="Eleven days", notes=(Note("Taken 30 November", place="aleppo"),)),
    )
    svg = export_bytes(syria_days, request).decode("utf-8")
    assert ">Eleven days</text>" in svg and ">Taken 30 November</text>" in svg


def test_a_long_legend_label_wraps_inside_the_map(tmp_path):
    """A faction with a long name on a small square card: the legend grows taller, never past the map."""
    folder = shutil.copytree(MINI, tmp_path / "long")
    factions = json.loads((folder / "factions.json").read_text(encoding="utf-8"))
    factions["factions"][1]["short_name"] = (
        "A coalition of several armed groups with a very long name indeed, as the press often spells it out in full"
    )
    (folder / "factions.json").write_text(json.dumps(factions), encoding="utf-8")
    days = Days(load_dataset(folder))
    rendered = render_day(days, date(2024, 12, 8), Frame((35.5, 32.8, 38.5, 35.2), 500, 500, 100))
    width, height = rendered.image.size
    left, bottom, right, top = rendered.map_rect
    lx0, ly0, lx1, ly1 = rendered.legend_box
    assert left * width - 1 <= lx0 and lx1 <= right * width + 1, "the legend stays inside the map's width"
    assert any("\n" in t.get_text() and "coalition" in t.get_text() for t in rendered.texts), "the label wrapped"


def test_texts_too_long_for_the_image_are_refused_before_rendering(syria_days):
    from dashboard.render.exports import check_request

    request = ExportRequest(
        "png", DAY, framing="country", size=ImageSize(400, 300, 100), captions=Captions(caption="word " * 600)
    )
    with pytest.raises(ValueError, match="leave .*% of the image to the map: shorten them"):
        check_request(syria_days.dataset, request)
    fine = ExportRequest("png", DAY, framing="country", size=ImageSize(1600, 1200), captions=Captions(caption=LONG))
    check_request(syria_days.dataset, fine)
