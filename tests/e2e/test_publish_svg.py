"""The print SVG as a designer meets it: opened in Chromium, its title, labels and note are real text that
the browser lays out (selectable, searchable, editable), not outlines, and every text sits inside the image."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page

from dashboard.core.captions import Captions, Note
from dashboard.render.exports import ExportRequest, ImageSize, export_bytes
from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e


def test_svg_text_is_real_text_inside_the_image_in_chromium(page: Page, bundled_days, tmp_path):
    captions = Captions(
        title="Assad's rule ends",
        credit="Example News",
        caption="Rebel forces entered Damascus on 8 December 2024 after an eleven-day offensive.",
        notes=(Note("Rebels enter the capital", place="damascus"),),
    )
    request = ExportRequest("svg", date(2024, 12, 8), framing="country", size=ImageSize(1600, 900), captions=captions)
    path = tmp_path / "card.svg"
    path.write_bytes(export_bytes(bundled_days, request))
    page.set_viewport_size({"width": 1600, "height": 900})
    page.goto(path.as_uri())
    texts = page.eval_on_selector_all("text", "nodes => nodes.map(n => n.textContent.trim())")
    for expected in ("Assad's rule ends", "Damascus", "Rebels enter the capital", "Aleppo"):
        assert any(expected in t for t in texts), expected
    size = page.evaluate(
        "() => { const b = document.documentElement.getBBox(); return [b.x, b.y, b.width, b.height]; }"
    )
    svg = page.evaluate(
        "() => { const s = document.documentElement; return [s.width.baseVal.value, s.height.baseVal.value]; }"
    )
    outside = page.evaluate(
        """([w, h]) => [...document.querySelectorAll('text')].filter(t => t.textContent.trim()).filter(t => {
             const b = t.getBBox(), m = t.getCTM(); const x = b.x * m.a + m.e, y = b.y * m.d + m.f;
             return x < -1 || y < -1 || x + b.width * m.a > w + 1 || y + b.height * m.d > h + 1; })
           .map(t => t.textContent)""",
        svg,
    )
    assert size[2] > 0 and not outside, outside
    screenshot(page, "publish-svg-card")
