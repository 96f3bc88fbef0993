"""Needs: the arithmetic against hand-computed cases, standards overrides, runs and forecasts."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xarray as xr
from synthetic_dirs import write_forecast, write_run
from typer.testing import CliRunner

from borderflow.assistance import (
    StandardsError,
    cold_risk,
    compute,
    load_standards,
    needs,
    wind_chill,
)
from borderflow.cli import app


def _case(**over: float) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """One crossing-day: 100 people (20 on foot), 10 person-days, 1 km of queue, 0 C, no wind."""
    q = {
        "queue_people": 100.0,
        "queue_people_car": 80.0,
        "queue_people_foot": 20.0,
        "queue_people_overnight": 100.0,
        "person_hours": 240.0,
        "queue_km": 1.0,
        "wait_hours": 30.0,
        "people_peak": 120.0,
    }
    q.update(over)
    temp = {"t_mean_c": 0.0, "t_min_c": -5.0, "wind_kmh": 0.0}
    return {k: np.array([v]) for k, v in q.items()}, {k: np.array([v]) for k, v in temp.items()}


def test_hand_computed_case() -> None:
    """Water, food with cold uplift, toilets, warming places and per-km figures match by hand."""
    q, temp = _case()
    out = compute(q, temp, load_standards())
    assert out["water_l"][0] == pytest.approx(10 * 3)  # 10 person-days x 3 L
    assert out["food_kcal"][0] == pytest.approx(10 * (2100 + 400))  # +100 kcal per 5 C below 20 C
    assert out["toilets"][0] == 10  # max(ceil(120/50)=3, one per 100 m of 1 km = 10)
    assert out["warming_places"][0] == 40  # 100 x (0.2 x 1 + 0.8 x 0.25)
    assert out["warming_m2"][0] == pytest.approx(140)  # 40 x 3.5 m2
    assert out["people_per_km"][0] == pytest.approx(100)
    assert out["water_l_per_km"][0] == pytest.approx(30)
    assert out["toilets_per_km"][0] == pytest.approx(10)


def test_toilets_follow_people_on_a_short_queue() -> None:
    """On a 200 m queue the head count decides: ceil(1,010 / 50) = 21."""
    q, temp = _case(people_peak=1010.0, queue_km=0.2)
    assert compute(q, temp, load_standards())["toilets"][0] == 21


def test_cold_uplift_is_linear_and_zero_above_base() -> None:
    """12.5 C is 7.5 C below 20 C: +150 kcal; 25 C: none."""
    q, temp = _case()
    std = load_standards()
    temp["t_mean_c"] = np.array([12.5])
    assert compute(q, temp, std)["food_kcal"][0] == pytest.approx(10 * 2250)
    temp["t_mean_c"] = np.array([25.0])
    assert compute(q, temp, std)["food_kcal"][0] == pytest.approx(10 * 2100)


def test_per_km_empty_on_a_queue_under_a_km() -> None:
    """Under 1 km of queue the per-km figures are left empty (NaN): 4,000 people per km of a
    200 m line says nothing a planner can use."""
    for short in (0.05, 0.2, 0.99):
        q, temp = _case(queue_km=short)
        out = compute(q, temp, load_standards())
        assert np.isnan(out["water_l_per_km"][0]) and np.isnan(out["people_per_km"][0])
        assert np.isnan(out["toilets_per_km"][0])


def test_wind_chill_matches_the_chart() -> None:
    """Environment Canada chart: -20 C at 30 km/h is -33; above 10 C or calm: air temperature."""
    assert wind_chill(-20.0, 30.0) == pytest.approx(-32.6, abs=0.1)
    assert wind_chill(-5.0, 20.0) == pytest.approx(-11.6, abs=0.1)
    assert wind_chill(15.0, 40.0) == 15.0
    assert wind_chill(-5.0, 2.0) == -5.0


def test_cold_risk_bands() -> None:
    """Bands at the chart's thresholds: -10 moderate, -28 high."""
    bands = cold_risk(np.array([0.0, -10.0, -27.9, -28.0]), load_standards())
    assert list(bands) == ["low", "moderate", "moderate", "high"]


@pytest.mark.parametrize(
    ("name", "value", "changed"),
    [
        ("water_l_per_person_day", 5, {"water_l", "water_l_per_km"}),
        ("people_per_toilet", 20, {"toilets", "toilets_per_km"}),
        ("cold_uplift_kcal", 150, {"food_kcal", "food_kcal_per_km"}),
        ("warming_share_car", 0.5, {"warming_places", "warming_m2"}),
        ("windchill_moderate_c", 5, {"cold_risk"}),
    ],
)
def test_override_changes_only_what_depends_on_it(
    tmp_path: Path, name: str, value: float, changed: set[str]
) -> None:
    """Overriding one standard changes exactly the needs computed from it."""
    run = write_run(tmp_path / "run")
    (tmp_path / "std.csv").write_text(f"name,value\n{name},{value}\n")
    base = needs(run).table
    over = needs(run, standards=tmp_path / "std.csv")
    differs = {c for c in base.columns if not base[c].equals(over.table[c])}
    assert differs == changed
    assert over.notes["standards_overridden"] == [name]
    assert over.standards.at[name, "origin"] == str(tmp_path / "std.csv")


def test_unknown_standard_lists_the_valid_ones(tmp_path: Path) -> None:
    """An unknown name and a bad value are reported with file, line and value."""
    path = tmp_path / "std.csv"
    path.write_text("name,value\nwater_per_person,3\npeople_per_toilet,many\n")
    with pytest.raises(StandardsError) as err:
        load_standards(path)
    first, second = err.value.problems
    assert (
        f"{path}:2:" in first
        and "'water_per_person'" in first
        and "water_l_per_person_day" in first
    )
    assert f"{path}:3:" in second and "'many'" in second


def test_run_needs_use_the_hourly_peak_and_temperature(tmp_path: Path) -> None:
    """On a run the peak is the hourly maximum (1.2 x mean here); temperatures from the scenario."""
    table = needs(write_run(tmp_path / "run")).table
    row = table[(table["crossing"] == "upper_lars_dariali") & (table["date"] == "2022-09-26")].iloc[
        0
    ]
    assert row["people_peak"] == pytest.approx(1.2 * row["people_mean"], rel=1e-3)
    assert row["t_mean_c"] == 8.0
    assert row["wind_chill_c"] == pytest.approx(float(wind_chill(2.0, 20.0)))
    assert row["people_foot"] > 0 and row["name"] == "Upper Lars" and row["country"] == "Georgia"


def test_missing_temperature_uses_stated_defaults(tmp_path: Path) -> None:
    """Without temperature.csv every crossing uses the default, and the notes say so."""
    result = needs(write_run(tmp_path / "run", temperature=False, hourly=False))
    assert (result.table["t_mean_c"] == 5.0).all()
    assert "no temperature.csv" in result.notes["temperature"]
    assert "lower bound" in result.notes["peak"]
    assert len(result.notes["temperature_defaulted_crossings"]) == 3


def test_forecast_needs_are_quantiles_of_member_needs(tmp_path: Path) -> None:
    """On a forecast, water is computed per member from person-hours, then reduced to quantiles."""
    fc = write_forecast(tmp_path / "fc", members=15)
    table = needs(fc).table
    value = xr.open_dataset(fc / "forecast.nc")["value"]
    sel = (value["id"] == "upper_lars_dariali") & (value["metric"] == "person_hours")
    ph = value.isel(series=np.flatnonzero(sel.values)[0]).isel(date=4).values
    row = table[
        (table["crossing"] == "upper_lars_dariali")
        & (table["date"] == "2022-09-25")
        & (table["need"] == "water_l")
    ]
    assert row[["q05", "q50", "q95"]].to_numpy()[0] == pytest.approx(
        np.quantile(ph / 24 * 3, [0.05, 0.5, 0.95])
    )
    assert set(table["need"]) >= {
        "water_l",
        "food_kcal",
        "toilets",
        "warming_places",
        "people_per_km",
    }


def test_cli_writes_needs_and_the_figures_used(tmp_path: Path) -> None:
    """`borderflow needs DIR` writes needs.csv, needs_standards.csv and needs.json."""
    run = write_run(tmp_path / "run")
    result = CliRunner().invoke(app, ["needs", str(run)])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(run / "needs.csv")
    assert {"water_l", "food_kcal", "toilets", "warming_places", "water_l_per_km"} <= set(
        table["need"]
    )
    assert table["unit"].notna().all() and table["value"].equals(table["q50"])
    used = pd.read_csv(run / "needs_standards.csv")
    assert used.set_index("name").at["food_kcal_per_person_day", "value"] == 2100
    assert used["source"].str.len().min() > 10
    assert json.loads((run / "needs.json").read_text())["kind"] == "run"


def test_needs_csv_has_one_long_schema_for_runs_and_forecasts(tmp_path: Path) -> None:
    """needs.csv of a run and of a forecast: the same columns, one row per date, crossing and
    need, each need with its unit and each host country with its ISO3 code."""
    files = {}
    for kind, folder in (("run", write_run(tmp_path / "run")),
                         ("forecast", write_forecast(tmp_path / "fc", members=5))):
        assert CliRunner().invoke(app, ["needs", str(folder)]).exit_code == 0
        files[kind] = pd.read_csv(folder / "needs.csv")
    run, fc = files["run"], files["forecast"]
    assert list(run.columns) == list(fc.columns)
    for table in (run, fc):
        assert not table.duplicated(["date", "crossing", "need"]).any()
        assert table["unit"].notna().all()
        codes = table.drop_duplicates("country").set_index("country")["country_code"]
        assert codes.to_dict() == {"Georgia": "GEO", "Finland": "FIN", "Kazakhstan": "KAZ"}
    water = run[(run["need"] == "water_l")].set_index(["date", "crossing"])["value"]
    wide = needs(tmp_path / "run").table.set_index(["date", "crossing"])["water_l"]
    assert water.to_numpy() == pytest.approx(wide.reindex(water.index).to_numpy(), rel=1e-5)


def test_cli_rejects_a_bad_standards_file(tmp_path: Path) -> None:
    """A bad --standards file exits 1 with the problem, no traceback."""
    run = write_run(tmp_path / "run")
    (tmp_path / "s.csv").write_text("name,value\nnope,1\n")
    result = CliRunner().invoke(app, ["needs", str(run), "--standards", str(tmp_path / "s.csv")])
    assert result.exit_code == 1
    assert "unknown standard 'nope'" in result.output
    assert not (run / "needs.csv").exists()
    (tmp_path / "s.csv").write_bytes("name,value,source\nwater_l_per_person_day,3,Sphère\n"
                                     .encode("latin-1"))
    result = CliRunner().invoke(app, ["needs", str(run), "--standards", str(tmp_path / "s.csv")])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "must be UTF-8 text" in result.output and "line 2 has byte 0xe8" in result.output
    (tmp_path / "s.csv").write_text("name,value,source\nwater_l_per_person_day,3,a,b\n")
    result = CliRunner().invoke(app, ["needs", str(run), "--standards", str(tmp_path / "s.csv")])
    assert result.exit_code == 1 and "a line has more fields than the header" in result.output


def test_needs_is_exported() -> None:
    """`borderflow.needs` is the public function, also once its package is imported."""
    import borderflow.assistance  # noqa: F401  (the package of the same stage)

    assert borderflow.needs is needs
