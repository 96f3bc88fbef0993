"""Calibration: targets' extraction and penalties, the ABC-SMC driver, checkpoints and resume."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from borderflow import calibrate, load_observations, simulate
from borderflow.calibration.abc import (
    Settings,
    Space,
    first_generation,
    next_generation,
    refill,
)
from borderflow.cli import app
from borderflow.engine.network import build_net, day_factors
from borderflow.observations.load import ObservationsError, with_trust
from borderflow.observations.targets import build_targets, daily_series, distance, select
from borderflow.results.quantiles import weighted_quantiles
from borderflow.scenario.model import Prior

OBS = """metric,place,crossing,date_from,date_to,value,low,high,reported_on,source,url
daily_entries,Finland,,2022-09-22,2022-09-22,2500,,,2022-09-23,made up,
cumulative_entries,Kazakhstan,,2022-09-20,2022-09-23,5000,,,2022-09-24,made up,
queue_vehicles,Kazakhstan,Kairak,2022-09-23,2022-09-23,,50,200,2022-09-24,made up,
wait_hours,Finland,Vaalimaa,2022-09-23,2022-09-23,5,,,2022-09-26,late report,
"""
SMALL = Settings(population=6, batch=12, generations=2, seed=1)


@pytest.fixture
def obs_file(tmp_path: Path) -> Path:
    path = tmp_path / "obs.csv"
    path.write_text(OBS, encoding="utf-8")
    return path


def test_flow_extraction_matches_daily_table(tiny, obs_file):
    """A one-day destination flow equals Results.daily() for that day."""
    res = simulate(tiny, seed=2, days=3)
    t = build_targets(tiny, load_observations(obs_file, tiny))[0]
    daily = res.daily()
    row = daily[(daily["kind"] == "destination") & (daily["id"] == "Finland")
                & (daily["metric"] == "daily_entries")
                & (daily["date"].astype(str) == "2022-09-22")]
    assert t.figure(daily_series(res), res.parameters) == pytest.approx(row["value"].iloc[0])


def test_days_before_the_start_count_background(tiny, obs_file):
    """Entries of days before the order count at the background rate (crossings plus air), each
    calendar day times the run's factor of ordinary traffic into the country that day: the
    factor the simulation drew for the same day (day 0 here) and seed."""
    res = simulate(tiny, seed=2, days=3)
    t = build_targets(tiny, load_observations(obs_file, tiny))[1]
    assert t.baseline_per_day == pytest.approx(800 + 500)  # kairak + sagarchin, no air
    series = daily_series(res)
    in_run = sum(series.get("destination", "Kazakhstan", "daily_entries")[:3])
    d, sd = tiny.destinations.index("Kazakhstan"), res.parameters["background_day_sd"]
    f_before, f_day0 = day_factors(2, sd, np.array([-1, 0]), len(tiny.destinations))[:, d]
    assert f_day0 == build_net(tiny, res.parameters, seed=2, days=3).bg_day[0, d]
    assert f_before != pytest.approx(1.0) and f_day0 != pytest.approx(1.0)
    pre = f_before + f_day0 * 10 / 24  # 20 Sep whole, 21 Sep until the start at 10:00
    assert t.figure(series, res.parameters) == pytest.approx(in_run + pre * 1300)
    flat = simulate(tiny, seed=2, days=3, params={"background_day_sd": 0.0})
    in_run = sum(daily_series(flat).get("destination", "Kazakhstan", "daily_entries")[:3])
    assert t.figure(daily_series(flat), flat.parameters) == pytest.approx(in_run + 34 / 24 * 1300)


def test_penalties_point_interval_and_bound(tiny, obs_file):
    """Point: |log error|; interval: zero inside, log distance to the nearest end outside. The
    penalty is 1 - smaller/larger of the two (floored) figures: bounded by 1."""
    ts = build_targets(tiny, load_observations(obs_file, tiny))
    assert ts[0].penalty(np.array([2500.0]))[0] == 0
    assert ts[0].log_error(np.array([2500.0 * np.e + np.e - 1]))[0] == pytest.approx(1)
    assert ts[0].penalty(np.array([2500.0 * np.e + np.e - 1]))[0] == pytest.approx(1 - 1 / np.e)
    assert ts[0].penalty(np.array([1250.0 - 0.5]))[0] == pytest.approx(0.5)
    assert ts[0].penalty(np.array([1e12]))[0] < 1
    assert ts[2].penalty(np.array([100.0, 50.0, 200.0]))[:3].tolist() == [0, 0, 0]
    assert ts[2].log_error(np.array([402.0]))[0] == pytest.approx(np.log(403 / 201))
    assert ts[2].penalty(np.array([402.0]))[0] == pytest.approx(1 - 201 / 403)
    d = distance(ts, np.array([[2500.0, 5000.0, 100.0, 5.0]]))
    assert d[0] == pytest.approx(0)


def test_places_weigh_the_root_of_their_figures_and_conflicting_rows_share(tiny, tmp_path):
    """A place with n figures weighs sqrt(n) (national rows together), each figure 1/sqrt(n);
    two rows of one figure split it."""
    path = tmp_path / "obs.csv"
    path.write_text(OBS + "daily_entries,Finland,,2022-09-22,2022-09-22,2000,,,,other,\n"
                    "call_ups,all,,2022-09-21,2022-09-23,9000,,,,made up,\n", encoding="utf-8")
    ts = build_targets(tiny, load_observations(path, tiny))
    half = 0.5 / np.sqrt(2)  # Finland and Kazakhstan: two figures each; national: one
    assert [t.weight for t in ts] == pytest.approx([half, 2 * half, 2 * half, 2 * half, half, 1.0])


def test_conflicting_reports_are_fitted_where_they_agree(tiny, tmp_path):
    """Rows reporting one figure aim at their combination: two points at their (trust-weighted)
    geometric mean, overlapping ranges at the overlap; a trust-0 row has no say. Each row keeps
    its own figure for the fit table; rows of other figures keep their own aim."""
    path = tmp_path / "obs.csv"
    path.write_text(OBS.replace("url\n", "url,trust\n")
                    + "daily_entries,Finland,,2022-09-22,2022-09-22,1600,,,,other,,\n"
                    + "queue_vehicles,Kazakhstan,Kairak,2022-09-23,2022-09-23,,120,,,other,,\n"
                    + "queue_vehicles,Kazakhstan,Kairak,2022-09-23,2022-09-23,900,,,,third,,0\n",
                    encoding="utf-8")
    obs = load_observations(path, tiny)
    ts = build_targets(tiny, obs)
    middle = np.sqrt(2501 * 1601) - 1  # figures floored at +1 before the log
    assert ts[0].aim == ts[4].aim == pytest.approx((middle, middle))
    assert ts[0].penalty(np.array([middle]))[0] == pytest.approx(0)
    assert ts[0].penalty(np.array([2500.0]))[0] > ts[0].penalty(np.array([2200.0]))[0] > 0
    assert ts[0].reported() == "2500" and ts[4].reported() == "1600"
    assert ts[0].aimed_at() == ts[4].aimed_at() == "2000" and ts[1].aimed_at() == "5000"
    assert ts[2].aimed_at() == "120-200"
    assert ts[2].aim == ts[5].aim == ts[6].aim == (120.0, 200.0)
    assert ts[6].weight == 0 and ts[1].aim == () and ts[3].aim == ()
    weighed = build_targets(tiny, with_trust(obs, {2: 0.5}, path))
    expected = np.exp((0.5 * np.log(2501) + np.log(1601)) / 1.5) - 1
    assert weighed[0].aim[0] == pytest.approx(expected)


def test_trust_scales_a_rows_share_and_the_option_overrides_the_column(tiny, tmp_path):
    """A row's trust multiplies its share without passing weight to its place's other rows;
    `with_trust` replaces the file's trust by line and refuses unknown lines and bad values."""
    path = tmp_path / "obs.csv"
    text = OBS.replace("url\n", "url,trust\n").replace("made up,\n", "made up,,0.5\n", 1)
    path.write_text(text, encoding="utf-8")
    obs = load_observations(path, tiny)
    assert list(obs["trust"]) == [0.5, 1.0, 1.0, 1.0]
    share = 1 / np.sqrt(2)  # each place has two figures
    assert [t.weight for t in build_targets(tiny, obs)] == pytest.approx(
        [0.5 * share, share, share, share])
    moved = with_trust(obs, {2: 1.0, 3: 0.0}, path)
    assert [t.weight for t in build_targets(tiny, moved)] == pytest.approx(
        [share, 0.0, share, share])
    assert list(obs["trust"]) == [0.5, 1.0, 1.0, 1.0]  # the loaded table is left as it was
    with pytest.raises(ObservationsError) as info:
        with_trust(obs, {9: 0.5, 3: 1.5}, path)
    assert [str(p).replace(f"{tmp_path}/", "") for p in info.value.problems] == [
        "obs.csv:9: trust: no observation on this line, got 0.5",
        "obs.csv:3: trust: must be a number from 0 to 1, got 1.5"]


def test_space_natural_scale_and_prior():
    """Loguniform priors are sampled on the log scale; outside the bounds the prior is zero."""
    space = Space.from_priors({"a": Prior("a", "loguniform", 0.01, 1.0),
                               "b": Prior("b", "normal", 2.0, 0.5)})
    z = space.sample(np.random.default_rng(0), 2000)
    assert np.all(space.values(z)[:, 0] >= 0.01) and np.all(space.values(z)[:, 0] <= 1.0)
    assert abs(np.median(z[:, 0]) - np.log(0.1)) < 0.15
    assert space.log_prior(np.array([[np.log(2.0), 2.0]]))[0] == -np.inf


def test_a_normal_prior_is_cut_at_its_parameters_range():
    """A normal prior never draws, nor moves to, a value its parameter may not take; inside the
    range it keeps its shape."""
    space = Space.from_priors({"reroute_share": Prior("reroute_share", "normal", 0.9, 0.2)})
    z = space.sample(np.random.default_rng(0), 20_000)[:, 0]
    assert z.min() >= 0 and z.max() <= 1
    assert 0.1 < np.mean(z > 0.9) / np.mean(z < 0.9) < 1  # the upper tail is cut, not moved
    assert space.log_prior(np.array([[1.01]]))[0] == -np.inf
    assert space.log_prior(np.array([[0.99]]))[0] > -np.inf


def test_refill_keeps_those_within_epsilon_and_copies_only_them():
    """The new set has the old size: everyone within epsilon (in order), then copies of them;
    with fewer than two within, the two closest."""
    dist = np.array([0.5, 0.1, 0.9, 0.3, 0.7, 0.2])
    idx = refill(dist, 0.3, np.random.default_rng(0))
    assert len(idx) == 6 and list(idx[:3]) == [1, 3, 5] and set(idx[3:]) <= {1, 3, 5}
    assert sorted(refill(dist, 0.05, np.random.default_rng(0))[:2]) == [1, 5]


def test_reflection_folds_into_the_bounds_symmetrically():
    """Points beyond a bound come back as in a mirror; inside they stay; unbounded (normal)
    coordinates are untouched. Mirroring keeps the walk symmetric: the density of moving from
    x to y equals that of moving from y to x."""
    space = Space.from_priors({"a": Prior("a", "uniform", 0.0, 1.0),
                               "b": Prior("b", "normal", 0.0, 1.0)})
    z = np.array([[1.25, 7.0], [-0.25, -7.0], [0.5, 0.0], [2.75, 0.0]])
    assert np.allclose(space.reflect(z), [[0.75, 7.0], [0.25, -7.0], [0.5, 0.0], [0.75, 0.0]])
    rng = np.random.default_rng(0)
    x, y = 0.1, 0.3
    from_x = space.reflect(np.column_stack([x + 0.4 * rng.standard_normal(400_000),
                                            np.zeros(400_000)]))[:, 0]
    from_y = space.reflect(np.column_stack([y + 0.4 * rng.standard_normal(400_000),
                                            np.zeros(400_000)]))[:, 0]
    near = 0.02
    assert np.mean(np.abs(from_x - y) < near) == pytest.approx(
        np.mean(np.abs(from_y - x) < near), rel=0.05)


def _toy(z: np.ndarray, seeds: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """y = theta + N(0, 1) noise drawn from each candidate's seed; observed y = 1."""
    y = z[:, 0] + np.array([np.random.default_rng(int(s)).standard_normal() for s in seeds])
    return y[:, None], np.abs(y - 1.0)


def test_mcmc_moves_find_the_abc_posterior_of_a_known_model():
    """theta ~ U(-5, 5), y = theta + N(0, 1), y = 1 observed: as epsilon shrinks the ABC
    posterior tends to N(1, 1) (truncated far out). Every particle stays within its
    generation's epsilon, the moves keep most particles distinct, epsilon falls."""
    space = Space.from_priors({"theta": Prior("theta", "uniform", -5.0, 5.0)})
    s = Settings(population=1000, batch=4000, generations=4, quantile=0.5, seed=4)
    gen = first_generation(space, s, _toy)
    eps = [gen.epsilon]
    for g in range(1, s.generations):
        gen = next_generation(g, space, gen, s, _toy)
        assert np.all(gen.dist <= gen.epsilon) and 0 < gen.acceptance < 1
        eps.append(gen.epsilon)
    theta = gen.z[:, 0]
    assert eps[-1] < 0.2 * eps[0] and np.all(np.diff(eps) < 0)
    assert abs(theta.mean() - 1.0) < 0.2 and abs(theta.std() - 1.0) < 0.15  # ~3 standard errors
    assert gen.unique > 0.35 * len(theta)
    assert gen.weights == pytest.approx(np.full(len(theta), 1 / len(theta)))


def test_weighted_quantiles():
    """Weighted median of equal weights is the plain median."""
    x = np.array([[1.0], [2.0], [3.0]])
    assert weighted_quantiles(x, np.ones(3), (0.5,))[0, 0] == pytest.approx(2.0)


def test_calibrate_writes_posterior_fit_and_uses_cutoff(tiny, obs_file, tmp_path):
    """Outputs exist; observations reported after --until are left out; same seed, same result."""
    out = tmp_path / "cal"
    summary = calibrate(tiny, obs_file, "2022-09-24", out, SMALL)
    post = pd.read_csv(out / "posterior.csv")
    fit = pd.read_csv(out / "fit.csv")
    assert summary["observations_used"] == 3 and len(fit) == 3
    assert set(post.columns) >= {"weight", "seed", "willing_share", "capacity_scale.kairak"}
    assert post["weight"].sum() == pytest.approx(1.0)
    sims = [g["simulations"] for g in summary["generations"]]
    assert sims[0] == 12 and 0 < sims[1] <= 12 and summary["simulations"] == sum(sims)
    again = tmp_path / "again"
    calibrate(tiny, obs_file, "2022-09-24", again, SMALL)
    assert (again / "posterior.csv").read_bytes() == (out / "posterior.csv").read_bytes()


def test_resume_continues_from_checkpoints(tiny, obs_file, tmp_path):
    """Stopping after one generation and resuming gives the uninterrupted result."""
    full, part = tmp_path / "full", tmp_path / "part"
    calibrate(tiny, obs_file, "2022-09-24", full, SMALL)
    calibrate(tiny, obs_file, "2022-09-24", part, Settings(6, 12, 1, seed=1))
    assert len(list((part / "checkpoints").glob("gen-*.npz"))) == 1
    calibrate(tiny, obs_file, "2022-09-24", part, SMALL, resume=True)
    assert (part / "posterior.csv").read_bytes() == (full / "posterior.csv").read_bytes()
    with pytest.raises(ValueError, match="another calibration"):
        calibrate(tiny, obs_file, "2022-09-23", part, SMALL, resume=True)
    tighter = Settings(6, 12, 2, quantile=0.3, seed=1)
    with pytest.raises(ValueError, match="differs in settings.quantile"):
        calibrate(tiny, obs_file, "2022-09-24", part, tighter, resume=True)


def test_cli_calibrate_and_bad_observations(tiny_dir, obs_file, tmp_path):
    """The command prints the fit table; a bad file gives one line per problem and exit 1."""
    out = tmp_path / "cal"
    args = ["calibrate", str(tiny_dir), "--observations", str(obs_file), "--until", "2022-09-24",
            "--out", str(out), "--population", "4", "--batch", "8", "--generations", "1",
            "--quantile", "0.4", "--scheduler", "serial"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "daily_entries Finland" in result.output
    summary = json.loads((out / "calibration.json").read_text())
    assert summary["until"] == "2022-09-24" and summary["settings"]["quantile"] == 0.4
    obs_file.write_text(OBS.replace("Kairak", "Nowhere").replace("2500", "lots"))
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    assert "obs.csv:2: value: must be a number" in result.output
    assert "obs.csv:4: crossing: not a crossing" in result.output


def test_cli_trust_is_recorded_shown_and_checked(tiny_dir, obs_file, tmp_path):
    """--trust LINE=T reaches the fit table and calibration.json; a resume with other trusts is
    refused; malformed or impossible values fail naming them."""
    out = tmp_path / "cal"
    args = ["calibrate", str(tiny_dir), "--observations", str(obs_file), "--until", "2022-09-24",
            "--out", str(out), "--population", "4", "--batch", "8", "--generations", "1",
            "--scheduler", "serial"]
    result = CliRunner().invoke(app, [*args, "--trust", "3=0.25"])
    assert result.exit_code == 0, result.output
    assert "(trust 0.25)" in result.output
    fit = pd.read_csv(out / "fit.csv")
    assert list(fit["trust"]) == [1.0, 0.25, 1.0]
    assert json.loads((out / "calibration.json").read_text())["trust"] == {"3": 0.25}
    result = CliRunner().invoke(app, [*args, "--trust", "3=0.5", "--resume"])
    assert result.exit_code == 1 and "differs in trust" in result.output
    result = CliRunner().invoke(app, [*args, "--trust", "3=lots"])
    assert result.exit_code == 1 and "--trust 3=lots: must be LINE=T" in result.output
    result = CliRunner().invoke(app, [*args, "--trust", "3=2"])
    assert result.exit_code == 1 and "obs.csv:3: trust: must be a number from 0 to 1" in (
        result.output)
    result = CliRunner().invoke(app, [*args, "--trust", "2=0", "--trust", "3=0", "--trust", "4=0"])
    assert result.exit_code == 1 and "has trust 0: nothing to fit" in result.output


def test_probe_script_measures_a_calibration_as_it_was_run(tiny_dir, obs_file, tmp_path):
    """scripts/probe_posterior.py rebuilds the calibration's distance, trust included: the last
    generation's stored figures score the distances the calibration stored."""
    from argparse import Namespace

    out = tmp_path / "cal"
    args = ["calibrate", str(tiny_dir), "--observations", str(obs_file), "--until", "2022-09-24",
            "--out", str(out), "--population", "4", "--batch", "8", "--generations", "1",
            "--scheduler", "serial", "--trust", "3=0"]
    assert CliRunner().invoke(app, args).exit_code == 0
    _, gen, targets, _, _ = _probe().setup(Namespace(calibration=str(out), scenario=None,
                                                     observations=None, until=None))
    assert [t.line for t in targets if t.weight == 0] == [3]
    assert distance(targets, gen.figures) == pytest.approx(gen.dist)


def test_probe_script_finds_the_reports_that_pull_one_figure(tiny, obs_file):
    """`pull`: a report whose penalty falls as line 2's figure rises pulls it up (rho -1), one
    whose penalty rises pulls it down (rho +1); the upward pull is listed first."""
    targets = build_targets(tiny, select(load_observations(obs_file, tiny), "2022-09-24"))
    assert [t.line for t in targets] == [2, 3, 4]
    rise = np.linspace(0.0, 1.0, 10)
    figures = np.column_stack([1000 + 4500 * rise,  # line 2: Finland's entries, reported 2,500
                               5000 + 4000 * rise,  # line 3: 5,000 reported, ever further above
                               10 + 35 * rise])     # line 4: below its 50-200 cars, ever nearer
    found = _probe().pulls(targets, figures, 2)
    assert [(line, round(rho, 6)) for _, rho, line in found] == [(4, -1.0), (3, 1.0)]
    assert found[0][0] < 0 < found[1][0]
    with pytest.raises(SystemExit, match="--line 9: no report on that line"):
        _probe().pulls(targets, figures, 9)


def _probe():
    """scripts/probe_posterior.py as a module."""
    import importlib.util

    script = Path(__file__).parents[1] / "scripts" / "probe_posterior.py"
    spec = importlib.util.spec_from_file_location("probe_posterior", script)
    probe = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(probe)
    return probe


def test_cli_flags_a_point_value_whose_note_says_more_than(tiny_dir, tmp_path):
    """The fit table shows which point values their own notes call bounds."""
    obs = tmp_path / "obs.csv"
    rows = OBS.splitlines()
    rows[0] += ",note"
    rows[1] += ",people (more than; border guard)"
    obs.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "cal"
    args = ["calibrate", str(tiny_dir), "--observations", str(obs), "--until", "2022-09-24",
            "--out", str(out), "--population", "4", "--batch", "8", "--generations", "1",
            "--scheduler", "serial"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    flagged = [ln for ln in result.output.splitlines() if "fitted as a point" in ln]
    assert len(flagged) == 1 and flagged[0].lstrip().startswith("2 daily_entries")
    assert "(note says 'more than': fitted as a point)" in flagged[0]
    fit = pd.read_csv(out / "fit.csv", keep_default_na=False)
    assert list(fit["note_bound"]) == ["more than", "", ""]


def test_identification_says_which_parameters_the_reports_narrowed():
    """A posterior spread like its prior is 'not informed' (~1); one pinned down is ~0; two
    parameters that trade off are reported as moving together."""
    from borderflow.calibration.fit import identification, moving_together

    rng = np.random.default_rng(0)
    spread = rng.uniform(0, 1, 4000)
    z = np.column_stack([spread, np.full(4000, 0.5) + rng.normal(0, 0.01, 4000), 1 - spread])
    ident = identification(("a", "b", "c"), ("uniform",) * 3, np.zeros(3), np.ones(3), z,
                           np.ones(4000))
    assert ident.set_index("parameter")["narrowed_to"]["a"] == pytest.approx(1.0, abs=0.05)
    assert ident.set_index("parameter")["narrowed_to"]["b"] < 0.05
    assert moving_together(("a", "b", "c"), z, np.ones(4000)) == [
        {"a": "a", "b": "c", "correlation": -1.0}]
