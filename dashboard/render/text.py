"""Turning data text into safe page text: escaping for Streamlit markdown, citations, short dates.

Streamlit markdown interprets more than HTML: `[x](javascript:…)` links, `:red[…]` colour directives,
`$…$` LaTeX and emoji shortcodes. Data text is therefore backslash-escaped (every ASCII punctuation
character, which CommonMark renders literally), and links are built only from validated http(s) URLs.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import quote

from ..core.model import Source

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=\"'&%@^])")


def md_escape(text: str) -> str:
    """Text shown literally by st.markdown, whatever characters it holds."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return escaped.replace("\n", "  \n")


def safe_url(url: str) -> str | None:
    """The URL ready for a markdown link, or None unless it is http(s) (never `javascript:`)."""
    if not re.match(r"^https?://", url, flags=re.IGNORECASE):
        return None
    return quote(url, safe=":/?#[]@!$&'*+,;=%~-._")


def short_date(day: date, with_year: bool = False) -> str:
    """'6 Dec' (slider ticks and tables), or '6 Dec 2025'."""
    return f"{day.day} {day:%b}" + (f" {day.year}" if with_year else "")


def day_words(day: date, precision: str = "day") -> str:
    """'6 Dec 2024', or 'by 6 Dec 2024' when only a latest date is known."""
    text = f"{day.day} {day:%b %Y}"
    return f"by {text}" if precision == "by" else text


def title_markdown(source: Source) -> str:
    """'[Title](url)' as escaped markdown, marked when the title was reconstructed from the URL."""
    title = md_escape(source.title) + ("" if source.title_captured else " \\(title not captured\\)")
    url = safe_url(source.url)
    return f"[{title}]({url})" if url else title


def citation_markdown(source: Source) -> str:
    """'Publisher (from Agency), [Title](url), 2024-12-05 · syndication' as escaped markdown."""
    publisher = md_escape(source.publisher)
    if source.original_publisher:
        publisher += f" \\(from {md_escape(source.original_publisher)}\\)"
    linked = title_markdown(source)
    published = source.published.isoformat() + (" \\(approx\\.\\)" if source.date_approximate else "")
    access = "" if source.access == "original" else f" · {source.access}"
    return f"{publisher}, {linked}, {published}{access}"
