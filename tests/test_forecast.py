"""Forecast: members from the posterior, files in the documented layout, read by needs/report."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from borderflow import calibrate, forecast, simulate
from borderflow.calibration.abc import Settings
from borderflow.cli import app
from borderflow.forecasting.ensemble import draw_members, load_ensemble
from borderflow.results.quantiles import QCOLS, QUANTILES, member_quantiles

OBS = """metric,place,crossing,date_from,date_to,value,low,high,reported_on,source,url
daily_entries,Finland,,2022-09-22,2022-09-22,2500,,,2022-09-23,made up,
queue_vehicles,Kazakhstan,Kairak,2022-09-22,2022-09-22,,50,200,2022-09-23,made up,
"""


@pytest.fixture(scope="module")
def fc(tmp_path_factory) -> tuple[Path, Path]:
    """A tiny calibration and a 6-member forecast of it."""
    from borderflow import load_scenario

    tmp = tmp_path_factory.mktemp("fc")
    tiny = load_scenario(Path(__file__).parent / "fixtures" / "tiny")
    (tmp / "obs.csv").write_text(OBS, encoding="utf-8")
    calibrate(tiny, tmp / "obs.csv", "2022-09-23", tmp / "cal", Settings(4, 8, 1, seed=2))
    forecast(tiny, tmp / "cal", "2022-09-24", 2, tmp / "fc", members=6, seed=5)
    return tmp / "cal", tmp / "fc"


def test_draw_members_by_weight_with_own_seeds():
    """Systematic resampling follows the weights; every member has its own seed."""
    post = pd.DataFrame({"weight": [0.0, 1.0], "seed": [1, 2], "a": [10.0, 20.0]})
    params, seeds = draw_members(post, 5, seed=0)
    assert [p["a"] for p in params] == [20.0] * 5
    assert len(set(seeds.tolist())) == 5


def test_member_quantiles_are_numpys_nanquantiles_where_most_members_have_a_figure():
    """Quantiles of the members with a figure; none where most members have none (a closed
    crossing's wait is no wait, not the wait of the few futures in which someone crossed)."""
    x = np.random.default_rng(2).lognormal(3, 1, (50, 9, 7))
    x[:20, 2, 3] = np.nan  # a day on which 20 of 50 members served no one
    x[:26, 4, 2] = np.nan  # one on which most (26 of 50) did not
    x[:, 5, 1] = np.nan  # and one on which none did
    with np.errstate(all="ignore"), pytest.warns(RuntimeWarning):
        want = np.nanquantile(x, QUANTILES, axis=0)
    want[:, 4, 2] = np.nan
    got = member_quantiles(x)
    assert np.array_equal(got, want, equal_nan=True) and np.isfinite(got[:, 2, 3]).all()
    assert np.isnan(got[:, 4, 2]).all() and np.isnan(got[:, 5, 1]).all()


def test_csv_layout_and_rows(fc):
    """forecast.csv: every day from the start, the documented series, ordered quantiles."""
    table = pd.read_csv(fc[1] / "forecast.csv", keep_default_na=False)
    assert list(table.columns) == ["date", "place", "crossing", "metric", *QCOLS]
    assert sorted(table["date"].unique()) == [f"2022-09-{d}" for d in range(21, 26)]
    dest = table[(table["crossing"] == "") & (table["place"] == "Finland")]
    assert set(dest["metric"]) == {"daily_entries", "cumulative_entries"}
    cross = table[table["crossing"] == "kairak"]
    assert set(cross["metric"]) == {
        "daily_entries", "cumulative_entries", "queue_vehicles", "queue_km", "queue_people",
        "queue_people_car", "queue_people_foot", "wait_hours", "wait_hours_car",
        "wait_hours_bus", "wait_hours_foot", "daily_vehicles", "daily_turned_back",
        "daily_stopped", "daily_reneged"}
    assert set(cross["place"]) == {"Kazakhstan"}
    national = table[table["place"] == "all"]
    assert set(national["metric"]) == {"cumulative_departures", "cum_call_ups"}
    q = table[list(QCOLS)].apply(pd.to_numeric, errors="coerce").dropna().to_numpy()
    assert np.all(np.diff(q, axis=1) >= -1e-9)


def test_csv_quantiles_are_the_members_quantiles(fc):
    """Each forecast.csv row holds the quantiles, over members, of its own series and day."""
    table = pd.read_csv(fc[1] / "forecast.csv", keep_default_na=False)
    ens = load_ensemble(fc[1])
    for kind, id_, metric, place, crossing in (
            ("destination", "Finland", "daily_entries", "Finland", ""),
            ("crossing", "kairak", "queue_vehicles", "Kazakhstan", "kairak"),
            ("crossing", "sagarchin", "wait_hours", "Kazakhstan", "sagarchin"),
            ("national", "all", "cumulative_departures", "all", "")):
        one = ens[(ens["kind"] == kind) & (ens["id"] == id_) & (ens["metric"] == metric)]
        wide = one.pivot_table(index="member", columns="date", values="value", dropna=False)
        want = member_quantiles(wide.to_numpy())
        rows = table[(table["place"] == place) & (table["crossing"] == crossing)
                     & (table["metric"] == metric)]
        assert list(rows["date"]) == [str(d.date()) for d in wide.columns]
        got = rows[list(QCOLS)].to_numpy(dtype=float).T
        assert np.allclose(got, want, rtol=1e-9, atol=1e-9, equal_nan=True)


def test_cumulative_is_the_running_sum(fc):
    """cumulative_entries of each member is the running sum of its daily entries."""
    ens = load_ensemble(fc[1])
    fin = ens[(ens["kind"] == "destination") & (ens["id"] == "Finland")]
    wide = fin.pivot_table(index=["member", "date"], columns="metric", values="value")
    for _, m in wide.groupby(level=0):
        assert np.allclose(m["daily_entries"].cumsum(), m["cumulative_entries"])


def test_netcdf_members_seeds_and_parameters(fc):
    """forecast.nc holds (member, date, series) with seed and parameter member coordinates."""
    import xarray as xr

    with xr.open_dataset(fc[1] / "forecast.nc") as ds:
        da = ds["value"]
        assert da.dims == ("member", "date", "series")
        assert da.sizes["member"] == 6
        assert {"seed", "willing_share", "capacity_scale.kairak", "kind", "id",
                "metric"} <= set(da.coords)


def test_netcdf_reads_back_as_xarray_writes_it(tmp_path):
    """forecast.nc, written without xarray, opens as the same dataset as xarray's own file of
    the ensemble: values (NaN included), dates, string and parameter coordinates."""
    import xarray as xr

    from borderflow.forecasting.ensemble import Members
    from borderflow.results.artifacts import write_forecast_nc

    rng = np.random.default_rng(3)
    values = rng.random((3, 4, 2)).astype(np.float32)
    values[1, 2, 0] = np.nan
    dates = pd.date_range("2022-09-21", periods=4, freq="D")
    keys = (("crossing", "kairak", "wait_hours"), ("destination", "Kazakhstan", "daily_entries"))
    params = [{"willing_share": 0.1 * i, "capacity_scale.kairak": 1.0 + i} for i in range(3)]
    seeds = np.array([7, 8, 9])
    runs = Members(dates[0], dates[-1], 0, params, seeds, keys, dates, values, 0.0)
    write_forecast_nc(tmp_path / "direct.nc", runs)
    coords = {"member": np.arange(3), "date": dates.values, "seed": ("member", seeds),
              **{k: ("series", [key[i] for key in keys]) for i, k in enumerate(("kind", "id",
                                                                                  "metric"))},
              **{n: ("member", np.array([p[n] for p in params])) for n in params[0]}}
    expected = xr.DataArray(values, dims=("member", "date", "series"), coords=coords)
    expected.to_dataset(name="value").to_netcdf(tmp_path / "xr.nc", engine="h5netcdf")
    with xr.open_dataset(tmp_path / "direct.nc") as got, \
            xr.open_dataset(tmp_path / "xr.nc") as want:
        xr.testing.assert_identical(got.load(), want.load())
        assert np.isnan(got["value"].values[1, 2, 0])


def test_manifest_and_readers(fc):
    """forecast.json carries the cut-off; needs and report read the forecast directory."""
    import json

    from borderflow.report.data import report_ensemble
    from borderflow.results.artifacts import open_output

    manifest = json.loads((fc[1] / "forecast.json").read_text())
    assert manifest["cutoff"] == "2022-09-23" and manifest["members"] == 6
    src = open_output(fc[1])
    assert src.kind == "forecast" and src.scenario_dir is not None
    assert report_ensemble(src).values.shape[0] == 6


def test_same_seed_same_forecast(fc, tmp_path):
    """Re-running with the same seed reproduces forecast.csv byte for byte."""
    from borderflow import load_scenario

    tiny = load_scenario(fc[1] / "scenario")
    forecast(tiny, fc[0], "2022-09-24", 2, tmp_path / "again", members=6, seed=5)
    assert (tmp_path / "again" / "forecast.csv").read_bytes() == (
        fc[1] / "forecast.csv").read_bytes()


@pytest.mark.parametrize(("edit", "message"), [
    (lambda post: post.assign(patience_hour=24.0), "column 'patience_hour': unknown parameter"),
    (lambda post: post.assign(reroute_share=[0.5] * (len(post) - 1) + [7.0]),
     "reroute_share: must be a finite number in [0, 1], got 7.0"),
])
def test_forecast_refuses_a_posterior_of_unknown_or_out_of_range_parameters(
        fc, tmp_path, edit, message):
    """An edited posterior.csv fails naming its file, line and column before any member runs,
    and leaves no forecast behind."""
    from borderflow import load_scenario

    post = edit(pd.read_csv(fc[0] / "posterior.csv"))
    post.to_csv(tmp_path / "posterior.csv", index=False)
    line = f":{len(post) + 1}: " if "got" in message else ": "  # a value's: the last line
    with pytest.raises(ValueError) as info:
        forecast(load_scenario(fc[1] / "scenario"), tmp_path, "2022-09-24", 2, tmp_path / "fc")
    assert str(info.value).startswith(f"{tmp_path / 'posterior.csv'}{line}{message}")
    assert not (tmp_path / "fc").exists()


def test_member_series_are_the_daily_table_plus_cumulative_entries(tiny):
    """A member's series (built from the arrays) equal the pivoted daily table, and the
    cumulative entries are its running sums."""
    from borderflow.forecasting.ensemble import member_series

    res = simulate(tiny, seed=4)
    keys, dates, values = member_series(res)
    daily = res.daily()
    wide = daily.set_index(["date", "kind", "id", "metric"])["value"].unstack([1, 2, 3])
    for j, key in enumerate(keys):
        if key[2] == "cumulative_entries":
            base = (key[0], key[1], "daily_entries")
            expected = np.cumsum(wide[base].to_numpy())
        else:
            expected = wide[key].to_numpy()
        assert np.allclose(values[:, j], expected.astype(np.float32), equal_nan=True), key
    assert list(dates.date) == list(wide.index)
    assert len(keys) == wide.shape[1] + len(res.destinations) + len(res.crossings)


def test_a_prior_left_to_the_band_is_drawn_by_each_member(tiny_dir, tmp_path):
    """`fit = false`: calibrate leaves the parameter out; each forecast member draws it from
    its prior, and forecast.nc records the draw."""
    import xarray as xr
    from scenario_edits import append

    from borderflow import load_scenario

    append(tiny_dir, "scenario.toml", '\n[priors."capacity_scale.sagarchin"]\ndist = "uniform"'
           '\nlow = 0.5\nhigh = 2.0\nfit = false\n')
    tiny = load_scenario(tiny_dir)
    (tmp_path / "obs.csv").write_text(OBS, encoding="utf-8")
    calibrate(tiny, tmp_path / "obs.csv", "2022-09-23", tmp_path / "cal", Settings(4, 8, 1, seed=2))
    assert "capacity_scale.sagarchin" not in pd.read_csv(tmp_path / "cal" / "posterior.csv")
    forecast(tiny, tmp_path / "cal", "2022-09-24", 2, tmp_path / "fc", members=12, seed=5)
    with xr.open_dataset(tmp_path / "fc" / "forecast.nc") as ds:
        drawn = ds["capacity_scale.sagarchin"].values
    assert len(set(drawn.round(6))) == 12 and 0.5 <= drawn.min() and drawn.max() <= 2.0


def test_fit_must_be_true_or_false(tiny_dir):
    from scenario_edits import append, lines

    append(tiny_dir, "scenario.toml", '\n[priors."capacity_scale.sagarchin"]\ndist = "uniform"'
           '\nlow = 0.5\nhigh = 2.0\nfit = "no"\n')
    assert "scenario.toml:priors.capacity_scale.sagarchin.fit: must be true or false, got 'no'" \
        in lines(tiny_dir)


def test_a_posterior_without_usable_weights_is_refused(tiny, tmp_path):
    """All-zero, negative or missing weights would collapse or break the ensemble: refused,
    naming the file and line."""
    from borderflow.forecasting.ensemble import read_posterior

    for weights in (("0", "0"), ("1", "-1"), ("1", "nan")):
        path = tmp_path / "posterior.csv"
        path.write_text("particle,weight,willing_share\n" + "".join(
            f"{i},{w},0.03\n" for i, w in enumerate(weights)))
        with pytest.raises(ValueError, match="posterior.csv:.*weight: must be finite"):
            read_posterior(path, tiny)


def test_forecast_uses_the_scenarios_own_posterior(tiny_dir, tmp_path):
    """With no --posterior, a scenario's bundled posterior/ is used; it is not part of the
    scenario's identity (its hash), being made from it."""
    import shutil

    from typer.testing import CliRunner

    from borderflow import load_scenario
    from borderflow.cli import app

    before = load_scenario(tiny_dir).files_hash
    (tmp_path / "obs.csv").write_text(OBS, encoding="utf-8")
    calibrate(load_scenario(tiny_dir), tmp_path / "obs.csv", "2022-09-23", tmp_path / "cal",
              Settings(4, 8, 1, seed=2))
    (tiny_dir / "posterior").mkdir()
    shutil.copyfile(tmp_path / "cal" / "posterior.csv", tiny_dir / "posterior" / "posterior.csv")
    assert load_scenario(tiny_dir).files_hash == before
    result = CliRunner().invoke(app, ["forecast", str(tiny_dir), "--from", "2022-09-24",
                                      "--days", "2", "--members", "4", "--out",
                                      str(tmp_path / "fc"), "--scheduler", "serial"])
    assert result.exit_code == 0, result.output
    manifest = (tmp_path / "fc" / "forecast.json").read_text()
    assert str(tiny_dir / "posterior") in manifest


@pytest.mark.parametrize("start,days", [("2022-09-21", 3), ("2022-09-20", 3), ("2022-10-28", 14)])
def test_a_forecast_outside_the_scenarios_days_is_refused(start, days, tmp_path):
    """russia-2022 covers 21 Sep - 30 Oct: a forecast must start after its first day and end by
    its last."""
    result = CliRunner().invoke(app, ["forecast", "russia-2022", "--from", start, "--days",
                                      str(days), "--members", "2", "--out", str(tmp_path / "f")])
    assert result.exit_code == 1
    assert "--from/--days: the forecast's days must lie after" in result.output
    assert repr(start) in result.output and not (tmp_path / "f").exists()


def test_a_forecast_from_days_its_posterior_has_seen_says_so(tmp_path):
    """The bundled posterior saw reports to 27 Sep: a forecast from 26 Sep is not out of sample
    on 26-27 Sep, and says so; one from 28 Sep says nothing of the kind."""
    for start, noted in (("2022-09-26", True), ("2022-09-28", False)):
        result = CliRunner().invoke(app, ["forecast", "russia-2022", "--from", start, "--days",
                                          "1", "--members", "2", "--out", str(tmp_path / start)])
        assert result.exit_code == 0, result.output
        assert ("not out of sample" in result.output) == noted
