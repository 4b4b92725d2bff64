"""Country names in Arabic for any country, keyed by ISO 3166-1 alpha-2 code.

The names come from the Unicode CLDR through Babel (a maintained library the environment already
carries), so an Arabic map can name the neighbours of any conflict's country, not just those we wrote
down. Boundary files name countries the way Natural Earth abbreviates them ("Dem. Rep. Congo"): names
are matched to CLDR's English names with abbreviations expanded, and the few that still differ are
mapped to codes here once.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

#: Natural Earth's abbreviations, expanded on both sides before names are compared (CLDR abbreviates too).
_WORDS = {
    "barb": "barbuda",
    "br": "british",
    "dem": "democratic",
    "eq": "equatorial",
    "fr": "french",
    "gren": "grenadines",
    "herz": "herzegovina",
    "i": "island",
    "is": "islands",
    "n": "north",
    "rep": "republic",
    "s": "south",
    "st": "saint",
    "ter": "territory",
    "vin": "vincent",
    "w": "western",
}
#: Natural Earth (world-atlas 2.0.2) names that differ from CLDR's English names even when expanded, by ISO
#: code. Areas without a code of their own (Somaliland, N. Cyprus, Siachen Glacier, Ashmore and Cartier Is.,
#: Indian Ocean Ter.) stay unnamed on Arabic maps rather than being given a name we would have to invent.
NATURAL_EARTH_NAMES = {
    "Cabo Verde": "CV",
    "Congo": "CG",
    "Dem. Rep. Congo": "CD",
    "eSwatini": "SZ",
    "Faeroe Is.": "FO",
    "Fr. S. Antarctic Lands": "TF",
    "Heard I. and McDonald Is.": "HM",
    "Hong Kong": "HK",
    "Macao": "MO",
    "Macedonia": "MK",
    "Myanmar": "MM",
    "N. Mariana Is.": "MP",
    "Palestine": "PS",
    "S. Geo. and the Is.": "GS",
    "Turkey": "TR",
    "United States of America": "US",
    "Vatican": "VA",
    "Wallis and Futuna Is.": "WF",
    "Åland": "AX",
}


def _key(name: str) -> str:
    """A spelling-insensitive key: accents, '&', apostrophes and abbreviations made uniform."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    text = text.replace("&", " and ").replace("-", " ").replace("'", "")
    words = re.findall(r"[a-z]+\.?|\.", text)
    return " ".join(_WORDS.get(w.rstrip("."), w.rstrip(".")) for w in words if w != ".")


@cache
def _territories(lang: str) -> dict[str, str]:
    """CLDR's country names in a language; Babel is imported here, on first use, not with the module."""
    from babel import Locale

    return dict(Locale(lang).territories)


@cache
def _codes_by_english_name() -> dict[str, str]:
    return {_key(name): code for code, name in _territories("en").items() if len(code) == 2 and code.isalpha()}


def iso_code(name: str | None) -> str | None:
    """The ISO 3166-1 alpha-2 code of a country named in English or in Natural Earth's spelling."""
    if not name:
        return None
    return NATURAL_EARTH_NAMES.get(name) or _codes_by_english_name().get(_key(name))


def country_name(code: str | None, lang: str) -> str | None:
    """The country's name in the language ('ar', 'en'), or None for an unknown code."""
    if not code:
        return None
    return _territories(lang).get(code.upper())


def arabic_name(english_name: str | None) -> str | None:
    """The Arabic name of a country given its English (or Natural Earth) name, or None."""
    return country_name(iso_code(english_name), "ar")
