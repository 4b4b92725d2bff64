"""Country names in Arabic for any country, keyed by ISO 3166-1 alpha-2 code.

The names come from the Unicode CLDR through Babel (a maintained library the environment already
carries), so an Arabic map can name the neighbours of any conflict's country, not just those we wrote
down. Boundary files name countries the way Natural Earth abbreviates them ("Dem. Rep. Congo"), so
those spellings are mapped to codes here once; every other name is matched to CLDR's English name.
"""

from __future__ import annotations

from functools import cache

from babel import Locale

#: Natural Earth (world-atlas 2.0.2) names that differ from CLDR's English names, by ISO code. Areas
#: without a code of their own (Somaliland, N. Cyprus, Siachen Glacier, Ashmore and Cartier Is., Indian
#: Ocean Ter.) stay unnamed on Arabic maps rather than being given a name we would have to invent.
NATURAL_EARTH_NAMES = {
    "Antigua and Barb.": "AG",
    "Bosnia and Herz.": "BA",
    "Br. Indian Ocean Ter.": "IO",
    "British Virgin Is.": "VG",
    "Cabo Verde": "CV",
    "Cayman Is.": "KY",
    "Central African Rep.": "CF",
    "Congo": "CG",
    "Cook Is.": "CK",
    "Côte d'Ivoire": "CI",
    "Dem. Rep. Congo": "CD",
    "Dominican Rep.": "DO",
    "Eq. Guinea": "GQ",
    "Faeroe Is.": "FO",
    "Falkland Is.": "FK",
    "Fr. Polynesia": "PF",
    "Fr. S. Antarctic Lands": "TF",
    "Heard I. and McDonald Is.": "HM",
    "Hong Kong": "HK",
    "Macao": "MO",
    "Macedonia": "MK",
    "Marshall Is.": "MH",
    "Myanmar": "MM",
    "N. Mariana Is.": "MP",
    "Palestine": "PS",
    "Pitcairn Is.": "PN",
    "S. Geo. and the Is.": "GS",
    "S. Sudan": "SS",
    "Saint Helena": "SH",
    "Saint Lucia": "LC",
    "Solomon Is.": "SB",
    "St-Barthélemy": "BL",
    "St-Martin": "MF",
    "St. Kitts and Nevis": "KN",
    "St. Pierre and Miquelon": "PM",
    "St. Vin. and Gren.": "VC",
    "São Tomé and Principe": "ST",
    "Trinidad and Tobago": "TT",
    "Turkey": "TR",
    "Turks and Caicos Is.": "TC",
    "U.S. Virgin Is.": "VI",
    "United States of America": "US",
    "Vatican": "VA",
    "W. Sahara": "EH",
    "eSwatini": "SZ",
    "Åland": "AX",
}


@cache
def _codes_by_english_name() -> dict[str, str]:
    return {name: code for code, name in Locale("en").territories.items() if len(code) == 2 and code.isalpha()}


def iso_code(name: str | None) -> str | None:
    """The ISO 3166-1 alpha-2 code of a country named in English or in Natural Earth's spelling."""
    if not name:
        return None
    return NATURAL_EARTH_NAMES.get(name) or _codes_by_english_name().get(name)


def country_name(code: str | None, lang: str) -> str | None:
    """The country's name in the language ('ar', 'en'), or None for an unknown code."""
    if not code:
        return None
    return Locale(lang).territories.get(code.upper())


def arabic_name(english_name: str | None) -> str | None:
    """The Arabic name of a country given its English (or Natural Earth) name, or None."""
    return country_name(iso_code(english_name), "ar")
