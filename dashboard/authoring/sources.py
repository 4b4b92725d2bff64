"""`add-source`: store a saved article's main text and register the source, so its sentences can be quoted.

HTML is reduced to the article's main text with trafilatura (navigation, adverts and comments dropped);
plain text is stored as it is. Excerpts are then checked against exactly this stored text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from ..core.errors import GeodataError, Problem
from ..core.messages import expected_words
from ..core.model import Source
from .files import list_json, read_json, slug, write_validated


class SourceError(ValueError):
    """The source cannot be added as asked (one line for the user)."""


@dataclass(frozen=True)
class NewSource:
    """What the user says about the article."""

    url: str
    publisher: str
    title: str
    published: date
    original_publisher: str | None = None
    access: str = "original"
    source_id: str | None = None


def article_text(path: Path) -> str:
    """The main text of a saved article: extracted from HTML, or read from a .txt file."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"--file {path}: cannot read it ({exc.strerror or exc})") from None
    if path.suffix.lower() in (".html", ".htm", ".xhtml"):
        import trafilatura

        text = trafilatura.extract(
            raw.decode("utf-8", errors="replace"),
            include_comments=False,
            include_tables=False,
            favor_precision=True,
            deduplicate=False,
        )
        if not text or not text.strip():
            raise SourceError(f"--file {path}: no article text found in this HTML page")
        return text.strip() + "\n"
    if path.suffix.lower() != ".txt":
        raise SourceError(f"--file {path}: expected a saved page (.html) or a text file (.txt)")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SourceError(f"--file {path}: expected UTF-8 text") from None


def add_source(folder: Path, article: Path, new: NewSource) -> tuple[Source, str]:
    """Store the article's text under sources/ and add it to sources.json; returns the source and its text."""
    doc = read_json(folder / "sources.json")
    items = doc.get("sources") if isinstance(doc, dict) else None
    if not isinstance(items, list):
        raise GeodataError([Problem(str(folder / "sources.json"), None, "sources", 'an object {"sources": [...]}')])
    taken = {item.get("id") for item in items if isinstance(item, dict)}
    source_id = new.source_id or _free_id(slug(f"{new.publisher}-{new.published.isoformat()}"), taken)
    if source_id in taken:
        raise SourceError(f"--id {source_id}: a source with this id already exists in {folder / 'sources.json'}")
    text = article_text(article)
    entry = {
        "id": source_id,
        "publisher": new.publisher,
        "title": new.title,
        "published": new.published.isoformat(),
        "url": new.url,
        "access": new.access,
        "text_file": f"sources/{source_id}.txt",
    }
    if new.original_publisher:
        entry["original_publisher"] = new.original_publisher
    try:
        source = Source.model_validate(entry)
    except ValidationError as exc:
        err = exc.errors()[0]
        flag = {"url": "--url", "publisher": "--publisher", "title": "--title"}.get(
            str(err["loc"][0]), str(err["loc"][0])
        )
        raise SourceError(f"{flag}: expected {expected_words(err)}, found {err.get('input')!r}") from None
    write_validated(
        folder,
        {
            f"sources/{source_id}.txt": text.encode("utf-8"),
            "sources.json": list_json("sources", [*items, entry]).encode("utf-8"),
        },
    )
    return source, text


def _free_id(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate
