"""Backtests: the scores, the baseline, the model's error, and the command end to end."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from borderflow.calibration.abc import Settings
from borderflow.cli import app
from borderflow.forecasting import discrepancy, skill
from borderflow.forecasting.backtesting import BacktestSettings, backtest
from borderflow.forecasting.blend import blend_rows
from borderflow.forecasting.skill import horizon_band

OBS = """metric,place,crossing,date_from,date_to,value,low,high,reported_on,source,url
daily_entries,Finland,,2022-09-21,2022-09-21,2000,,,2022-09-22,made up,
daily_entries,Finland,,2022-09-22,2022-09-22,2500,,,2022-09-23,made up,
daily_entries,Finland,,2022-09-23,2022-09-23,2600,,,2022-09-24,made up,
daily_entries,Finland,,2022-09-24,2022-09-24,2400,,,2022-09-25,made up,
cumulative_entries,Kazakhstan,,2022-09-20,2022-09-23,5000,,,2022-09-24,made up,
queue_vehicles,Kazakhstan,Kairak,2022-09-23,2022-09-23,,50,200,2022-09-24,made up,
queue_vehicles,Kazakhstan,Kairak,2022-09-24,2022-09-24,120,,,2022-09-25,made up,
wait_hours,Finland,Vaalimaa,2022-09-23,2022-09-23,5,,,2022-09-26,late report,
"""
TINY_RUN = BacktestSettings(Settings(population=6, batch=12, generations=2, seed=1), members=8,
                            seed=3)
Q = {"q05": 10.0, "q25": 20.0, "q50": 30.0, "q75": 40.0, "q95": 50.0}


def test_wis_of_a_hit_is_the_weighted_widths():
    """A report at the median: WIS = (0.5/2 x 20 + 0.1/2 x 40) / 2.5 (no penalties)."""
    assert skill.wis(Q, 30.0, 30.0) == pytest.approx((0.25 * 20 + 0.05 * 40) / 2.5)


def test_wis_penalises_a_miss_by_the_missed_intervals():
    """A report at 60: |y - m| = 30, and both intervals missed by 20 and 10."""
    is50 = 20 + 2 / 0.5 * 20
    is90 = 40 + 2 / 0.1 * 10
    assert skill.wis(Q, 60.0, 60.0) == pytest.approx((0.5 * 30 + 0.25 * is50 + 0.05 * is90) / 2.5)


def test_a_bound_met_by_the_band_costs_no_penalty():
    """'More than 45' is met by the 90% band (up to 50) and by the median's side of it."""
    assert skill.covers(Q["q05"], Q["q95"], 45.0, math.inf)
    assert not skill.covers(Q["q25"], Q["q75"], 45.0, math.inf)
    assert skill.interval_score(10, 50, 0.1, 45, math.inf) == 40
    assert skill.log_error(30.0, 20.0, 40.0) == 0.0  # a range that holds the median


@given(st.floats(0, 1e6), st.floats(0, 1e6))
def test_wis_is_never_below_the_hit(y, shift):
    """No report scores better than one at the median of the same band."""
    q = {k: v + shift for k, v in Q.items()}
    assert skill.wis(q, y, y) >= skill.wis(q, q["q50"], q["q50"]) - 1e-9


def test_baseline_carries_the_last_rate_forward():
    """Median: the last daily report (2,400); a 3-day total after it: 3 x 2,400."""
    known = _obs().iloc[:4]
    cutoff = pd.Timestamp("2022-09-25")
    daily = pd.Series({"metric": "daily_entries", "place": "Finland", "crossing": "",
                       "date_from": pd.Timestamp("2022-09-27"),
                       "date_to": pd.Timestamp("2022-09-27"), "value": 1.0, "low": np.nan,
                       "high": np.nan})
    assert skill.baseline_quantiles(known, daily, cutoff)["q50"] == pytest.approx(2400)
    total = daily.copy()
    total["metric"], total["date_from"] = "cumulative_entries", pd.Timestamp("2022-09-25")
    assert skill.baseline_quantiles(known, total, cutoff)["q50"] == pytest.approx(3 * 2400)


def test_baseline_band_widens_with_the_horizon():
    known, cutoff = _obs().iloc[:4], pd.Timestamp("2022-09-24")
    rows = [pd.Series({"metric": "daily_entries", "place": "Finland", "crossing": "",
                       "date_from": d, "date_to": d, "value": 1.0, "low": np.nan,
                       "high": np.nan})
            for d in (pd.Timestamp("2022-09-25"), pd.Timestamp("2022-09-29"))]
    near, far = (skill.baseline_quantiles(known, r, cutoff) for r in rows)
    assert far["q95"] / far["q05"] > near["q95"] / near["q05"] > 1
    assert skill.baseline_quantiles(known.iloc[:0], rows[0], cutoff) is None


def test_error_scale_is_the_90th_percentile_of_the_scales_each_report_needs():
    """Ten reports needing scales 0.1 .. 1.0 (no spread, horizon 1): 90% of them lie within
    the 90% band at the 90th percentile of those scales."""
    needed = np.arange(1, 11) / 10
    res = pd.DataFrame({"family": "entries", "h": 1.0, "v": 0.0, "r": needed * discrepancy.Z90})
    sigma = discrepancy.scales(res)["entries"]
    assert sigma == pytest.approx(np.quantile(needed, 0.9))
    assert np.mean(np.abs(res["r"]) <= discrepancy.Z90 * sigma + 1e-12) == pytest.approx(0.9)


def test_model_error_keeps_the_past_and_rebuilds_running_totals():
    """Days up to the cut-off stay as modelled; after it, a total is the sum of its days."""
    dates = pd.date_range("2022-09-21", periods=6)
    keys = (("destination", "Georgia", "cumulative_entries"),
            ("destination", "Georgia", "daily_entries"), ("crossing", "x", "queue_km"))
    daily = np.full((50, 6), 100.0)
    values = np.stack([np.cumsum(daily, axis=1), daily, np.full((50, 6), 3.0)], axis=2)
    first = pd.Timestamp("2022-09-24")
    out = discrepancy.apply(values, keys, dates, first, {"all": 0.5},
                            np.random.default_rng(0))
    assert np.array_equal(out[:, :3], values[:, :3])
    assert not np.allclose(out[:, 3:, 1], 100.0)
    assert np.allclose(out[:, :, 0], np.cumsum(out[:, :, 1], axis=1))
    same = discrepancy.apply(values, keys, dates, first, {"all": 0.0}, np.random.default_rng(0))
    assert np.array_equal(same, values)


def test_horizon_bands():
    assert [horizon_band(h) for h in (-1, 0, 1, 2, 3, 5, 7, 8)] == [
        "<=0", "<=0", "1-2", "1-2", "3-4", "5-7", "5-7", "8+"]


def scored(cutoff: str, line: int, horizon: int, forecaster: str, centre: float) -> dict:
    """A backtest row of a report of 100 people, forecast with a narrow band around `centre`."""
    q = {"q05": centre * 0.9, "q25": centre * 0.97, "q50": centre, "q75": centre * 1.03,
         "q95": centre * 1.1}
    return {"cutoff": cutoff, "line": line, "horizon": horizon, "metric": "daily_entries",
            "value": 100.0, "low": np.nan, "high": np.nan, "forecaster": forecaster, **q}


def test_the_blend_weight_of_a_cutoff_is_chosen_on_the_others():
    """Near the cut-off the model is right and the baseline wrong; further ahead the reverse,
    except at the last cut-off. Each horizon's weight follows the other cut-offs: the last
    cut-off's far reports get the baseline's weight although the model was right there."""
    rows = []
    for k, cutoff in enumerate(("2022-09-22", "2022-09-23", "2022-09-24")):
        far_model = 100.0 if cutoff == "2022-09-24" else 300.0
        near, far = 10 * k + 1, 10 * k + 2  # each cut-off's own reports
        rows += [scored(cutoff, near, 1, "model+error", 100.0),
                 scored(cutoff, near, 1, "baseline", 40.0),
                 scored(cutoff, far, 4, "model+error", far_model),
                 scored(cutoff, far, 4, "baseline", 100.0)]
    mixed, chosen = blend_rows(pd.DataFrame(rows))
    near, far = mixed[mixed["horizon"] == 1], mixed[mixed["horizon"] == 4]
    assert (near["blend_weight"] == 1.0).all() and near["q50"].eq(100.0).all()
    assert (far["blend_weight"] == 0.0).all()
    assert chosen == {"1-2": 1.0, "3-4": 0.0}
    assert set(mixed["forecaster"]) == {"blend"} and len(mixed) == 6


def test_the_blend_never_weighs_a_report_by_itself_seen_from_another_cutoff():
    """One report (line 7), scored from two cut-offs, where only the baseline is right: its
    weight at each cut-off comes from the other figures only (where the model is right), not
    from its own miss seen from the other cut-off."""
    rows = [scored("2022-09-22", 7, 3, "model+error", 300.0),
            scored("2022-09-22", 7, 3, "baseline", 100.0),
            scored("2022-09-23", 7, 4, "model+error", 300.0),
            scored("2022-09-23", 7, 4, "baseline", 100.0),
            scored("2022-09-24", 8, 3, "model+error", 100.0),
            scored("2022-09-24", 8, 3, "baseline", 300.0)]
    mixed, _ = blend_rows(pd.DataFrame(rows))
    assert (mixed.loc[mixed["line"] == 7, "blend_weight"] == 1.0).all()


def test_backtest_scores_only_what_each_cutoff_had_not_seen(tiny, tmp_path):
    """Each cut-off scores the reports it did not calibrate on, by three forecasters, and
    writes its files; resuming reuses the cut-offs and gives the same table."""
    obs_file = tmp_path / "obs.csv"
    obs_file.write_text(OBS, encoding="utf-8")
    out = tmp_path / "bt"
    result = backtest(tiny, obs_file, ["2022-09-22", "2022-09-24"], 3, out, TINY_RUN)
    table = result["table"]
    assert set(table["forecaster"]) == {"model", "model+error", "baseline", "blend"}
    first = table[table["cutoff"] == "2022-09-22"]
    # known by 22 Sep: the Finnish count of 21 Sep (reported 22 Sep) only
    assert 2 not in set(first["line"]) and {3, 4, 5}.issubset(set(first["line"]))
    later = table[table["cutoff"] == "2022-09-24"]
    assert set(later["line"]) == {5, 8, 9}  # reported after 24 Sep, or about later days
    assert (later[later["line"] == 9]["horizon"] == -1).all()  # a late report of 23 Sep
    late = later[later["line"] == 9].set_index("forecaster")[["q05", "q50", "q95"]]
    assert late.loc["model+error"].equals(late.loc["model"])  # as forecast: the past as modelled
    for name in ("backtest.csv", "summary.csv", "discrepancy.json", "backtest.json"):
        assert (out / name).is_file()
    manifest = json.loads((out / "backtest.json").read_text())
    assert manifest["model_error"]["residuals"] == (table["forecaster"] == "model").sum()
    before = (out / "backtest.csv").read_bytes()
    (out / "backtest.csv").unlink()
    backtest(tiny, obs_file, ["2022-09-22", "2022-09-24"], 3, out, TINY_RUN, resume=True)
    assert (out / "backtest.csv").read_bytes() == before


def test_backtest_command_quick(tiny_dir, tmp_path):
    obs_file = tmp_path / "obs.csv"
    obs_file.write_text(OBS, encoding="utf-8")
    result = CliRunner().invoke(app, [
        "backtest", str(tiny_dir), "--observations", str(obs_file), "--cutoffs",
        "2022-09-23", "--days", "2", "--out", str(tmp_path / "bt"), "--quick",
        "--scheduler", "serial"])
    assert result.exit_code == 0, result.output
    assert "rel. WIS" in result.output
    bad = CliRunner().invoke(app, [
        "backtest", str(tiny_dir), "--observations", str(obs_file), "--cutoffs", "23 Sep",
        "--out", str(tmp_path / "bt2"), "--quick"])
    assert bad.exit_code == 1 and "--cutoffs: must be a date YYYY-MM-DD, got '23 Sep'" in bad.output


def _obs() -> pd.DataFrame:
    from io import StringIO

    obs = pd.read_csv(StringIO(OBS), dtype={"crossing": str}, keep_default_na=False)
    for c in ("date_from", "date_to"):
        obs[c] = pd.to_datetime(obs[c])
    for c in ("value", "low", "high"):
        obs[c] = pd.to_numeric(obs[c].replace("", np.nan))
    return obs


def test_the_brief_shows_how_past_forecasts_did(tiny, tmp_path):
    """`report --backtest DIR` adds coverage by horizon and the PIT histogram, drawn in headless
    Chromium offline with no error, and says plainly where the model lost to the baseline."""
    import shutil

    from synthetic_dirs import write_forecast
    from test_report import ARTIFACTS, CHECK_JS, CHROMIUM, CHROMIUM_ARGS

    from borderflow.report.html import build_report, prepare

    obs_file = tmp_path / "obs.csv"
    obs_file.write_text(OBS, encoding="utf-8")
    backtest(tiny, obs_file, ["2022-09-22", "2022-09-23"], 3, tmp_path / "bt", TINY_RUN)
    fc = write_forecast(tmp_path / "fc", members=10)
    report = prepare(fc, backtest=tmp_path / "bt")
    assert {"coverage", "pit"} <= set(report.figures)
    assert "the baseline" in report.sections["skill"]
    assert "No backtest given" in prepare(fc).sections["skill"]
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists() or not shutil.which("chromium"):
        pytest.skip("Debian chromium not installed (apt-get install chromium)")
    path = build_report(fc, tmp_path / "report.html", backtest=tmp_path / "bt")
    errors: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_context(offline=True).new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(path.as_uri())
        page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 6")
        charts = {c["id"]: c for c in page.evaluate(CHECK_JS)}
        ARTIFACTS.mkdir(exist_ok=True)
        page.locator("#skill").screenshot(path=str(ARTIFACTS / "report-skill.png"))
        browser.close()
    assert errors == []
    for key in ("fig-coverage", "fig-pit"):
        assert charts[key]["traces"] > 0 and charts[key]["points"] > 0, charts[key]


def test_model_error_is_not_extrapolated_past_the_horizons_measured():
    """With max_horizon 2, day 9 ahead has the same error scale as day 2."""
    dates = pd.date_range("2022-09-21", periods=12)
    keys = (("crossing", "x", "wait_hours"),)
    values = np.ones((4000, 12, 1))
    out = discrepancy.apply(values, keys, dates, pd.Timestamp("2022-09-22"), {"all": 0.4},
                            np.random.default_rng(1), max_horizon=2)
    sd = np.log(out[:, :, 0]).std(axis=0)
    assert sd[0] == 0 and sd[2] == pytest.approx(0.4 * math.sqrt(2), rel=0.05)
    assert sd[10] == pytest.approx(sd[2], rel=0.05)


def test_the_brief_refuses_a_damaged_backtest(tiny, tmp_path):
    """backtest.json fingerprints the backtest's files: a truncated backtest.csv is refused."""
    from borderflow.report.data import ReportError
    from borderflow.report.skill import load_backtest

    obs_file = tmp_path / "obs.csv"
    obs_file.write_text(OBS, encoding="utf-8")
    backtest(tiny, obs_file, ["2022-09-23"], 2, tmp_path / "bt", TINY_RUN)
    assert len(load_backtest(tmp_path / "bt")[1]) > 0
    data = (tmp_path / "bt" / "backtest.csv").read_bytes()
    (tmp_path / "bt" / "backtest.csv").write_bytes(data[: len(data) // 2])
    with pytest.raises(ReportError, match="backtest.csv: does not match backtest.json"):
        load_backtest(tmp_path / "bt")


def test_a_second_backtest_into_the_same_folder_is_refused(tiny, tmp_path):
    """While one process holds the backtest folder's lock, another backtest into it stops
    before writing anything."""
    from borderflow.results.artifacts import OutputBusy, locked

    obs_file = tmp_path / "obs.csv"
    obs_file.write_text(OBS, encoding="utf-8")
    out = tmp_path / "bt"
    out.mkdir()
    with locked(out), pytest.raises(OutputBusy, match="another borderflow process"):
        backtest(tiny, obs_file, ["2022-09-23"], 2, out, TINY_RUN)
    assert list(out.iterdir()) == []
