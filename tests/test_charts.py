"""The area chart's spec: one line per faction on the map (and unassessed land), in the factions' colours,
with one point per day, built once per dataset."""

from dashboard.core.stats import area_timeseries
from dashboard.render.charts import UNASSESSED_LABEL, area_chart_spec
from dashboard.render.style import STYLE


def test_chart_lines_and_colours_follow_the_factions(mini, mini_days):
    spec = area_chart_spec(area_timeseries(mini_days), mini)
    scale = spec["encoding"]["color"]["scale"]
    assert scale["domain"] == ["Government", "Rebels", "Kurds", UNASSESSED_LABEL]
    assert scale["range"] == [f.colour for f in mini.factions.values()] + [STYLE.unassessed]
    rows = next(iter(spec["datasets"].values()))
    dates = {r["date"] for r in rows}
    assert mini.baseline.isoformat() in dates and mini.end.isoformat() in dates, "first and last day drawn"
    assert len(dates) < len(mini.period()), "steps: only the days when an area changes are sent"
    series = area_timeseries(mini_days)
    changed = series.sort_values("date").groupby("controller")["area_km2"].apply(lambda s: s.diff().ne(0).sum())
    assert len(rows) <= int(changed.sum()) + len(changed), "one row per change (and each faction's last day)"
    assert all(r["km2"] % 100 == 0 for r in rows), "tooltips show rounded areas"
