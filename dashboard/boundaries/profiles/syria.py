"""Syria's profile: the Golan decision (Natural Earth 10m as published), the UNDOF area, reference points."""

from __future__ import annotations

import geopandas as gpd
from shapely.geometry import box

from ..constants import EQUAL_AREA
from ..errors import BuildError
from ..geometry import area_km2, one
from .base import CheckPoint, Context, Profile

__all__ = ["SYRIA"]

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
            "choice": "Natural Earth 10m admin-0 Syria polygon as published (world-atlas countries-10m.json, id 760), "
            "unsimplified",
            "reason": (
                "Natural Earth admin-0 is a de-facto layer. At 10m the Israeli-occupied Golan (since 1967) is part of "
                "Israel's polygon and does not overlap Syria's (overlap 0 km2), so subtracting Israel changes nothing; "
                "the UNDOF area of separation (between the Alpha and Bravo lines, Syrian civil administration before "
                "the offensive) is in Syria, with old Quneitra. No polygon in these packages delimits the occupied "
                "Golan on its own (NE admin-1 puts it in Israel's Northern District, IL-Z). The 50m and 110m outlines "
                "were rejected: their Syria-Israel line runs along the eastern (Bravo) side of the area of separation, "
                "so they give the area of separation and old Quneitra to Israel, and 50m also puts Latakia city in the "
                "sea. Caveat: NE 10m's ceasefire line runs through Majdal Shams (the brief's point is ~40 m outside, "
                "the GeoNames point ~90 m inside); the outline is not hand-edited there."
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
                "Area of separation of the 1974 Syrian-Israeli Disengagement Agreement, patrolled by UNDOF; under "
                "Syrian civil administration before the 2024 offensive. Not a governorate. Natural Earth names it "
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
