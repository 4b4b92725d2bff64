"""What changes with the image's language: names, alignment and mirroring.

Arabic text is passed to matplotlib as plain Unicode: matplotlib 3.11 shapes and orders it itself
(libraqm), so nothing here reshapes or reorders. Arabic images are mirrored: titles, footer and legend
are right-aligned, legend swatches sit right of their text, labels prefer the left of their marker.
Numbers (dates, km, km²) use Western digits in both languages: chosen deliberately, so that figures read
the same on both versions of a map and match the data and the English text they are compared with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...core.model import Dataset, Faction, Place
from ..wording import Words, dataset_text, words

FONT = "DejaVu Sans"  # bundled with matplotlib: the same glyphs on every machine; covers Arabic too
_RTL_CHARS = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def has_rtl(text: str) -> bool:
    """True when the text holds Hebrew or Arabic letters."""
    return bool(_RTL_CHARS.search(text))


@dataclass(frozen=True)
class Language:
    """The image's language: its wording and how to name places and factions in it."""

    lang: str
    words: Words

    @classmethod
    def of(cls, lang: str) -> Language:
        return cls(lang, words(lang))

    @property
    def rtl(self) -> bool:
        return self.words.rtl

    @property
    def start(self) -> str:
        """The alignment where lines begin: 'right' for Arabic."""
        return "right" if self.rtl else "left"

    @property
    def end(self) -> str:
        return "left" if self.rtl else "right"

    @property
    def separator(self) -> str:
        """Between list items. In Arabic a right-to-left mark follows each comma, so a list of Latin names
        (publishers) is ordered right to left instead of running together as one left-to-right phrase."""
        return "\u060c\u200f " if self.rtl else ", "

    @property
    def mark(self) -> str:
        """Ends a Latin run inside Arabic text (RLM), so what follows keeps right-to-left order."""
        return "\u200f" if self.rtl else ""

    def place_name(self, place: Place) -> str:
        """The label: 'Palmyra (Tadmur)' → 'Palmyra'; the Arabic name on Arabic maps when the data has one."""
        name = place.name_ar if self.rtl and place.name_ar else place.name
        return name.split(" (")[0].strip() or name

    def faction_name(self, faction: Faction) -> str:
        if self.rtl:
            return faction.short_name_ar or faction.name_ar or faction.short_name
        return faction.short_name

    def dataset_text(self, dataset: Dataset, key: str) -> str:
        return dataset_text(dataset, key, self.lang)

    def suits(self, text: str | None) -> bool:
        """Whether a caller's text (a framing label) is in this image's script: no English on an Arabic map."""
        return bool(text) and has_rtl(text) == self.rtl

    def km2(self, value: float) -> str:
        """'12,300 km²' (Western digits in both languages, see the module docstring)."""
        return f"{value:,.0f} {self.words.km}²"
