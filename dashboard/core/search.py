"""Finding places by any common spelling: English, Arabic, alternate transliterations, the id.

Shared by the page's links, the place list and the command line, so every entry point finds the same place.
"""

from __future__ import annotations

import re
import unicodedata

from .model import Dataset, Place


def normalise(text: str) -> str:
    """Lower case, no accents, no apostrophes or hyphens: 'Ma'arra' and 'Maarra' meet at 'maarra'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[\s'’ʿʾ`\-_.]+", "", stripped)


def find_places(dataset: Dataset, query: str) -> list[Place]:
    """Places any of whose names (English, Arabic, alternate spellings) or id contain the query."""
    wanted = normalise(query)
    if not wanted:
        return []
    return [p for p in dataset.places if any(wanted in normalise(n) for n in (p.id, *p.names))]
