"""Every sentence the maps and the page print about the method, certainty and legend, in one place,
in English and Arabic. Datasets add their own caveats (dataset.json); these are the product's words.

Arabic strings are plain Unicode: matplotlib 3.11 and browsers shape and order Arabic themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ..core.model import Dataset


@dataclass(frozen=True)
class Words:
    """One language's wording."""

    lang: str
    method: str  # the territory caveat, with {reach} km
    method_short: str  # the map badge
    method_short_drawn: str  # the map badge on a day with drawn control maps
    method_drawn: str  # added to the method on a day with drawn control maps
    legend_front: str
    legend_contested: str
    legend_besieged: str
    legend_recent: str  # with {days}
    legend_uncertain: str
    legend_unassessed: str
    subtitle_static: str
    sources: str
    more_sources: str  # with {n}
    sources_elsewhere: str
    credits: str
    months: tuple[str, ...]
    weekdays: tuple[str, ...]
    compare_title: str  # with {start}, {end}
    gained: str
    # Static maps (PNG, GIF, MP4): no `legend_` prefix where a placeholder other than {days}/{reach} is used.
    legend_title: str
    besieged_by: str  # with {faction}
    split_with: str  # with {faction}
    km: str
    north: str  # the north arrow's letter
    lost: str
    compare_subtitle: str  # with {end}
    compare_place: str
    compare_unassessed: str
    compare_unchanged: str
    map_by: str  # with {credit}: the publisher's credit line
    data_licence: str  # with {licence}

    @property
    def rtl(self) -> bool:
        """True for right-to-left scripts."""
        return self.lang == "ar"


ENGLISH = Words(
    lang="en",
    method=(
        "Territory is approximate: each listed place colours the land nearer to it than to any other place, "
        "up to {reach} km away; land beyond every place's reach is unassessed. Front lines are where land of "
        "two different controllers meets."
    ),
    method_short="Territory approximate: derived from the places listed",
    method_short_drawn="Territory from dated control maps where drawn; elsewhere approximate, from the places listed",
    method_drawn=(
        "Where dated control maps are drawn for the day, their land is shown and counted as drawn, and the "
        "method above fills only the rest."
    ),
    legend_front="Front line",
    legend_contested="Contested",
    legend_besieged="Besieged",
    legend_recent="Changed hands in the last {days} days",
    legend_uncertain="Hatched: reported or disputed, not confirmed",
    legend_unassessed="Unassessed: no listed place within {reach} km",
    subtitle_static="Places coloured by who held them; shading shows the territory this implies.",
    sources="Sources",
    more_sources="(+{n} more; full list in the GeoJSON export)",
    sources_elsewhere="Sources: see the GeoJSON export.",
    credits="Boundaries: Natural Earth. Places: GeoNames.",
    months=(
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    weekdays=("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    compare_title="What changed hands, {start} to {end}",
    gained="Gained by",
    legend_title="Control",
    besieged_by="Besieged by {faction}",
    split_with="Split with {faction}",
    km="km",
    north="N",
    lost="Lost by",
    compare_subtitle=(
        "Land that changed hands, in the colour of who gained it and outlined in the colour of who lost it; "
        "faint: control on {end}."
    ),
    compare_place="Changed hands (ring: previous holder)",
    compare_unassessed="No longer assessed",
    compare_unchanged="Did not change hands",
    map_by="Map: {credit}.",
    data_licence="Data licence: {licence}.",
)

ARABIC = Words(
    lang="ar",
    method=(
        "المناطق تقريبية: كل موقع مُدرج يلوّن الأرض الأقرب إليه من أي موقع آخر حتى مسافة {reach} كم؛ "
        "وما يتجاوز ذلك غير مُقيَّم. خطوط الجبهة حيث تلتقي أراضي طرفين مختلفين."
    ),
    method_short="المناطق تقريبية: مستمدة من المواقع المدرجة",
    method_short_drawn="المناطق من خرائط سيطرة مؤرخة حيث رُسمت، وفي غيرها تقريبية مستمدة من المواقع المدرجة",
    method_drawn=(
        "حيث توجد خرائط سيطرة مؤرخة مرسومة لليوم، تُعرض أرضها وتُحسب كما رُسمت، ولا تملأ الطريقة أعلاه إلا الباقي."
    ),
    legend_front="خط الجبهة",
    legend_contested="متنازع عليها",
    legend_besieged="محاصرة",
    legend_recent="تغيّرت السيطرة خلال آخر {days} أيام",
    legend_uncertain="مخطط: مُبلَّغ عنه أو مختلف فيه، غير مؤكد",
    legend_unassessed="غير مُقيَّمة: لا موقع مُدرج ضمن {reach} كم",
    subtitle_static="المواقع ملوّنة بحسب الجهة المسيطرة؛ والتظليل يبيّن الأراضي المستنتجة منها.",
    sources="المصادر",
    more_sources="(و{n} أخرى؛ القائمة كاملة في ملف GeoJSON)",
    sources_elsewhere="المصادر: انظر ملف GeoJSON.",
    credits="الحدود: Natural Earth. المواقع: GeoNames.",
    months=(
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "مايو",
        "يونيو",
        "يوليو",
        "أغسطس",
        "سبتمبر",
        "أكتوبر",
        "نوفمبر",
        "ديسمبر",
    ),
    weekdays=("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"),
    compare_title="ما تغيّر بين {start} و{end}",
    gained="كسبها",
    legend_title="السيطرة",
    besieged_by="محاصَرة من {faction}",
    split_with="مقسّمة مع {faction}",
    km="كم",
    north="ش",
    lost="خسرها",
    compare_subtitle=(
        "الأراضي التي تغيّرت السيطرة عليها بلون من كسبها، وحدودها بلون من خسرها؛ والتظليل الباهت: السيطرة في {end}."
    ),
    compare_place="تغيّرت السيطرة عليه (الحلقة: الجهة السابقة)",
    compare_unassessed="لم تعد مُقيَّمة",
    compare_unchanged="لم تتغيّر السيطرة عليه",
    map_by="الخريطة: {credit}.",
    data_licence="رخصة البيانات: {licence}.",
)

LANGUAGES = {"en": ENGLISH, "ar": ARABIC}

CERTAINTY_WORDS = {
    "confirmed": "confirmed: two independent reports, or the losing side admitted it",
    "reported": "reported: one report, or one side's claim",
    "disputed": "disputed: inferred, or sources disagree",
}


def words(lang: str = "en") -> Words:
    """The wording for a language code (ValueError for one we do not have)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: choose one of {', '.join(LANGUAGES)}")
    return LANGUAGES[lang]


def method_note(dataset: Dataset, lang: str = "en", days: Iterable[date] = ()) -> str:
    """The territory caveat with this dataset's reach, and what drawn control maps change when any is in
    force on one of `days`."""
    note = words(lang).method.format(reach=_number(dataset.manifest.territory.reach_km))
    if any(dataset.drawn.active_on(day) for day in days):
        note += " " + words(lang).method_drawn
    return note


def caveats(dataset: Dataset, lang: str = "en") -> list[str]:
    """The dataset's own caveats in the language (English when it has no translation)."""
    translation = dataset.manifest.translations.get(lang)
    return list(translation.caveats) if translation and translation.caveats else list(dataset.manifest.caveats)


def dataset_text(dataset: Dataset, key: str, lang: str = "en") -> str:
    """A manifest text (`title`, `subtitle`, `map_title`, `country_name`, `attribution`) in the language,
    else English."""
    translation = dataset.manifest.translations.get(lang)
    value = getattr(translation, key, None) if translation else None
    if value:
        return value
    return dataset.manifest.country.name if key == "country_name" else getattr(dataset.manifest, key)


def licence_text(dataset: Dataset, lang: str = "en") -> str:
    """'Data licence: CC BY 4.0 (https://…).', or '' for a dataset that states none."""
    licence = dataset.manifest.licence
    if licence is None:
        return ""
    name = f"{licence.name} ({licence.url})" if licence.url else licence.name
    return words(lang).data_licence.format(licence=name)


def credit_line(dataset: Dataset, lang: str = "en", credit: str = "") -> str:
    """The line every export carries: the publisher's credit, the dataset's attribution (translated when the
    dataset has it in the language) and the data's licence."""
    parts = [words(lang).map_by.format(credit=credit.strip().rstrip("."))] if credit.strip() else []
    parts += [dataset_text(dataset, "attribution", lang), licence_text(dataset, lang)]
    return " ".join(p for p in parts if p)


def long_date(day: date, lang: str = "en") -> str:
    """'Friday 6 December 2024' (or its Arabic form, with Western digits)."""
    w = words(lang)
    return f"{w.weekdays[day.weekday()]} {day.day} {w.months[day.month - 1]} {day.year}"


def medium_date(day: date, lang: str = "en") -> str:
    """'6 December 2024'."""
    return f"{day.day} {words(lang).months[day.month - 1]} {day.year}"


def date_span(start: date, end: date, lang: str = "en") -> tuple[str, str]:
    """The two ends of a date range without repeating what they share: ('26 November', '8 December 2024'),
    ('3', '7 December 2024') within a month, full dates across years (for `compare_title`)."""
    months = words(lang).months
    if start.year != end.year:
        return medium_date(start, lang), medium_date(end, lang)
    if start.month != end.month:
        return f"{start.day} {months[start.month - 1]}", medium_date(end, lang)
    return f"{start.day}", medium_date(end, lang)


def _number(value: float) -> str:
    return f"{value:g}"


#: The interactive map's own page (the HTML export's controls, place list, area table and map as text) and
#: its place panel, shipped to the browser in the map's data: the map code holds no sentence of its own.
BROWSER_WORDS = {
    "en": {
        "page": {
            "date": "Date",
            "legend": "Legend",
            "mapCredit": "Boundaries: Natural Earth · Places: GeoNames",
            "compareTitle": "Changed hands from {start} to {end}:",
            "compareBadge": "Changes from {start} to {end}",
            "gainedBy": "gained by {faction} (fill)",
            "lostBy": "lost by {faction} (dashed outline)",
            "noChange": "No land changed hands.",
            "frontBefore": "Drawn front line on {start} (dashed)",
            "prev": "Previous change",
            "next": "Next change",
            "play": "Play",
            "pause": "Pause",
            "speed": "Speed",
            "place": "Place",
            "pick": "Choose a place…",
            "findPlace": "Find any of the {n} places",
            "findHint": "Part of a name: the list below shows the matches (else the biggest places)",
            "noMatch": "No place matches",
            "areas": "Area held",
            "faction": "Faction",
            "firm": "km², confirmed",
            "soft": "km², reported or disputed",
            "share": "Share",
            "unassessed": "Unassessed",
            "about": "About the map",
            "hint": "Click a place on the map, or choose one in the list, to see who held it and the sources.",
            "rounded": "Areas are rounded to 100 km² and derived from the places listed: read them as orders of "
            "magnitude.",
            "asText": "The map as text",
            "holds": "holds",
            "places": "listed place(s)",
            "changed": "Changed hands in the last",
            "days": "days",
            "none": "No place changed hands in the last",
            "notFound": "Not found in this map: {what}. Showing the nearest valid view.",
            "noDate": "the date {value}",
            "noPlace": "the place {value}",
        },
        "panel": {
            "holds": "holds it on",
            "since": "since",
            "start": "at the start of the period",
            "before": "before",
            "history": "Control history",
            "other": "Other version",
            "quoted": "Quoted verbatim from",
            "status": {
                "held": "held",
                "contested": "contested",
                "besieged": "besieged",
                "split": "split between sides",
            },
            "noCoord": "Not drawn on the map: no sourced coordinate.",
            "by": "by",
            "close": "Close",
            "from": "from",
            "titleMissing": "title not captured",
            "besieged_by": "besieged by",
            "shared_with": "shared with",
            "certainty": {
                "confirmed": "confirmed: two independent reports, or the losing side admitted it",
                "reported": "reported: one report, or one side's claim",
                "disputed": "disputed: inferred, or sources disagree",
            },
        },
    },
    "ar": {
        "page": {
            "date": "التاريخ",
            "legend": "مفتاح الخريطة",
            "mapCredit": "الحدود: Natural Earth · المواقع: GeoNames",
            "compareTitle": "تغيّرت السيطرة من {start} إلى {end}:",
            "compareBadge": "التغييرات من {start} إلى {end}",
            "gainedBy": "كسبها {faction} (تعبئة)",
            "lostBy": "خسرها {faction} (حد متقطع)",
            "noChange": "لم تتغيّر السيطرة على أي أرض.",
            "frontBefore": "خط الجبهة المرسوم في {start} (متقطع)",
            "prev": "التغيير السابق",
            "next": "التغيير التالي",
            "play": "تشغيل",
            "pause": "إيقاف",
            "speed": "السرعة",
            "place": "الموقع",
            "pick": "اختر موقعًا…",
            "findPlace": "ابحث في {n} موقعًا",
            "findHint": "جزء من الاسم: تعرض القائمة أدناه المطابقات (وإلا فأكبر المواقع)",
            "noMatch": "لا يطابق أي موقع",
            "areas": "المساحات",
            "faction": "الطرف",
            "firm": "كم²، مؤكد",
            "soft": "كم²، غير مؤكد",
            "share": "النسبة",
            "unassessed": "غير مُقيَّمة",
            "about": "عن الخريطة",
            "hint": "انقر على موقع في الخريطة أو اختره من القائمة لمعرفة الجهة المسيطرة ومصادرها.",
            "rounded": "المساحات مقرّبة إلى 100 كم² ومستمدة من المواقع المدرجة: اقرأها كمقادير تقريبية.",
            "asText": "الخريطة نصًّا",
            "holds": "تسيطر على",
            "places": "موقعًا مدرجًا",
            "changed": "تغيّرت السيطرة خلال آخر",
            "days": "أيام",
            "none": "لم تتغيّر السيطرة على أي موقع خلال آخر",
            "notFound": "غير موجود في هذه الخريطة: {what}. نعرض أقرب عرض صالح.",
            "noDate": "التاريخ {value}",
            "noPlace": "الموقع {value}",
        },
        "panel": {
            "holds": "تسيطر عليها في",
            "since": "منذ",
            "start": "منذ بداية الفترة",
            "before": "قبلها",
            "history": "سجل السيطرة",
            "other": "رواية أخرى",
            "quoted": "اقتباس حرفي من",
            "status": {
                "held": "تحت السيطرة",
                "contested": "متنازع عليها",
                "besieged": "محاصرة",
                "split": "مقسّمة بين طرفين",
            },
            "noCoord": "غير مرسومة على الخريطة: لا إحداثيات موثقة.",
            "by": "بحلول",
            "close": "إغلاق",
            "from": "نقلًا عن",
            "titleMissing": "العنوان غير مسجّل",
            "besieged_by": "تحاصرها",
            "shared_with": "تتقاسمها مع",
            "certainty": {
                "confirmed": "مؤكد: تقريران مستقلان أو اعتراف الطرف الخاسر",
                "reported": "مُبلَّغ عنه: تقرير واحد أو ادعاء طرف واحد",
                "disputed": "مختلف فيه: استنتاج أو تضارب المصادر",
            },
        },
    },
}


def browser_words(lang: str = "en") -> dict:
    """The map page's and place panel's words in `lang` (English when there are none in it)."""
    return BROWSER_WORDS.get(lang, BROWSER_WORDS["en"])
