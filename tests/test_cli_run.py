"""`borderflow run`: files written atomically, a summary printed, bad input refused cleanly."""

from __future__ import annotations

import json

import xarray as xr
from typer.testing import CliRunner

from borderflow.cli import app

runner = CliRunner()


def test_run_writes_results_daily_and_manifest(tiny_dir, tmp_path):
    """A run leaves results.nc, daily.csv, run.json and a scenario copy, and no temp files."""
    out = tmp_path / "run"
    result = runner.invoke(app, ["run", str(tiny_dir), "--seed", "4", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Entries per destination" in result.output
    manifest = json.loads((out / "run.json").read_text())
    assert manifest["seed"] == 4 and manifest["travellers"] > 0 and manifest["wall_seconds"] > 0
    assert manifest["scenario_hash"]
    with xr.open_dataset(out / "results.nc", engine="h5netcdf") as ds:
        assert int(ds["new_departures"].sum()) == manifest["travellers"]
    assert (out / "scenario" / "scenario.toml").exists()
    # no temporary file left; the marker says borderflow wrote the folder (and may replace it)
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == [".borderflow-output"]


def test_run_refuses_an_unknown_parameter(tiny_dir, tmp_path):
    """--set with a misspelt name exits 1 naming it, without a traceback or output files."""
    out = tmp_path / "run"
    result = runner.invoke(app, ["run", str(tiny_dir), "--set", "patience=3", "--out", str(out)])
    assert result.exit_code == 1
    assert "patience" in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_run_refuses_a_setting_outside_its_range(tiny_dir, tmp_path):
    """--set with a value outside the parameter's range exits 1 naming the parameter, the range
    and the value, without a traceback or output files."""
    out = tmp_path / "run"
    args = ["run", str(tiny_dir), "--set", "departure_day_swing=2", "--out", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "--set departure_day_swing: must be a finite number in [0, 1], got 2.0" in (
        result.output)
    assert not out.exists()


def test_run_refuses_a_malformed_setting(tiny_dir, tmp_path):
    """--set without name=number says what it expected."""
    args = ["run", str(tiny_dir), "--set", "patience_hours", "-o", str(tmp_path)]
    result = runner.invoke(app, args)
    assert result.exit_code == 1 and "name=number" in result.output


def test_run_reports_scenario_problems(tmp_path):
    """A missing scenario exits 1 with a one-line problem, never a traceback."""
    result = runner.invoke(app, ["run", str(tmp_path / "nowhere")])
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_output_files_follow_the_umask(tmp_path):
    """Files written atomically get the mode a plain open() would: 0644 under umask 022."""
    import os
    import stat

    from borderflow._io import write_text

    old = os.umask(0o022)
    try:
        path = write_text(tmp_path / "a.txt", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_a_preference_or_scale_beyond_arithmetic_is_refused(tiny_dir, tmp_path):
    """--set pref_country.Finland=1e308 would overflow exp() into a run with no one leaving:
    refused with the parameter, its range and the value."""
    from typer.testing import CliRunner

    from borderflow.cli import app

    for setting in ("pref_country.Finland=1e308", "capacity_scale.kairak=1e300"):
        result = CliRunner().invoke(app, ["run", str(tiny_dir), "--out", str(tmp_path / "o"),
                                          "-q", "--set", setting])
        assert result.exit_code == 1, result.output
        assert setting.split("=")[0] in result.output and "must be a finite number in" in \
            result.output


def test_a_run_says_where_its_parameters_come_from(tiny_dir, tmp_path):
    """Without a bundled posterior a run is uncalibrated, and run.json and its brief say so;
    with one, the posterior's median is run (--defaults: the defaults)."""
    import shutil

    from typer.testing import CliRunner

    from borderflow.cli import app
    from borderflow.report.html import prepare

    runner = CliRunner()
    out = tmp_path / "plain"
    assert runner.invoke(app, ["run", str(tiny_dir), "-q", "--days", "1", "--out", str(out)]
                         ).exit_code == 0
    assert "uncalibrated" in json.loads((out / "run.json").read_text())["parameters_from"]
    assert "Uncalibrated." in prepare(out).sections["key"]
    (tiny_dir / "posterior").mkdir()
    (tiny_dir / "posterior" / "posterior.csv").write_text(
        "particle,weight,willing_share\n0,1,0.02\n1,1,0.04\n2,2,0.05\n")
    out = tmp_path / "fitted"
    assert runner.invoke(app, ["run", str(tiny_dir), "-q", "--days", "1", "--out", str(out)]
                         ).exit_code == 0
    manifest = json.loads((out / "run.json").read_text())
    assert manifest["parameters"]["willing_share"] == 0.04  # the weighted median
    assert "posterior" in manifest["parameters_from"]
    assert "Uncalibrated." not in prepare(out).sections["key"]
    out = tmp_path / "defaults"
    assert runner.invoke(app, ["run", str(tiny_dir), "-q", "--days", "1", "--out", str(out),
                               "--defaults"]).exit_code == 0
    assert json.loads((out / "run.json").read_text())["parameters"]["willing_share"] != 0.04
    shutil.rmtree(tiny_dir / "posterior")
