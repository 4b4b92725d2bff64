"""Escaping and citations: data text always shows literally, links are only ever http(s)."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.core.model import Source
from dashboard.render.text import citation_markdown, day_words, md_escape, safe_url, short_date
from dashboard.render.wording import long_date


@pytest.mark.parametrize(
    "text",
    [
        "[x](javascript:alert(1))",
        ":red[alarm]",
        "$x^2$",
        "<img src=x onerror=alert(1)>",
        "*bold* _it_ `code`",
        "# heading",
        "1. list",
        "> quote",
    ],
)
def test_markdown_specials_are_escaped(text):
    escaped = md_escape(text)
    for char in "[]()$`*_<>#:":
        assert all(escaped[i - 1] == "\\" for i, c in enumerate(escaped) if c == char and i > 0) or char not in text


@given(st.text())
def test_escaping_never_loses_text(text):
    unescaped = md_escape(text).replace("  \n", "\n")
    assert unescaped.replace("\\", "") == text.replace("\\", "")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "ftp://x.org", "//evil.org"])
def test_only_http_links(url):
    assert safe_url(url) is None


def test_citation_marks_copies_and_missing_titles():
    source = Source(
        id="S1",
        publisher="Hathalyoum",
        original_publisher="Reuters",
        title="rebels-take-x",
        title_captured=False,
        published=date(2024, 12, 5),
        url="https://example.org/a(b)",
        access="syndication",
        date_approximate=True,
    )
    text = citation_markdown(source)
    assert "Hathalyoum \\(from Reuters\\)" in text and "\\(title not captured\\)" in text
    assert "(https://example.org/a%28b%29)" in text, (
        "parentheses would end the Markdown link" and "· syndication" in text and "approx" in text
    )


def test_dates_read_naturally():
    assert short_date(date(2024, 12, 6)) == "6 Dec" and short_date(date(2025, 1, 2), with_year=True) == "2 Jan 2025"
    assert day_words(date(2024, 12, 4), "by") == "by 4 Dec 2024"
    assert long_date(date(2024, 12, 6)) == "Friday 6 December 2024"
    assert long_date(date(2024, 12, 6), "ar") == "الجمعة 6 ديسمبر 2024"
