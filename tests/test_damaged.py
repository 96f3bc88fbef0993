"""Damaged files read back: a truncated results.nc, forecast.nc or checkpoint, a manifest or
discrepancy.json that is not what it should be. Each is refused by exit 1 naming the file, or
made again (a backtest's damaged cut-off), never a traceback."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from test_backtest import OBS
from typer.testing import CliRunner

from borderflow import calibrate
from borderflow.calibration.abc import Settings
from borderflow.cli import app
from borderflow.forecasting.backtesting import BacktestSettings, backtest

runner = CliRunner()
SMALL = Settings(population=6, batch=12, generations=2, seed=1)


def refused(command: list[str], *expected: str) -> None:
    result = runner.invoke(app, command)
    assert result.exit_code == 1, (command, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), command
    for text in expected:
        assert text in result.output, (command, result.output)


def truncate(path: Path, keep: int = 3000) -> None:
    path.write_bytes(path.read_bytes()[:keep])


@pytest.fixture
def obs_file(tmp_path: Path) -> Path:
    (tmp_path / "obs.csv").write_text(OBS, encoding="utf-8")
    return tmp_path / "obs.csv"


def test_a_truncated_results_file_without_fingerprints_is_named(tiny_dir, tmp_path):
    """A run.json that lists no files to check (as an earlier version wrote), no scenario
    copy: needs, export and report still name the damaged results.nc (export and report once
    blamed their output path); without run.json the folder is refused as incomplete."""
    run = tmp_path / "run"
    assert runner.invoke(app, ["run", str(tiny_dir), "--out", str(run), "-q"]).exit_code == 0
    truncate(run / "results.nc")
    manifest = json.loads((run / "run.json").read_text())
    (run / "run.json").write_text(json.dumps({**manifest, "files": {}}))
    shutil.rmtree(run / "scenario")
    for command in (["needs", str(run)], ["export", str(run), "--out", str(tmp_path / "e")],
                    ["report", str(run), "-o", str(tmp_path / "r.html")]):
        refused(command, "results.nc: cannot be read as a run's results")
    (run / "run.json").unlink()
    refused(["needs", str(run)], "run.json: missing")


@pytest.mark.parametrize("files", [3, {"daily.csv": 3}, {"../../obs.csv": {}}])
def test_a_manifest_whose_file_list_is_wrong_is_refused(files, tiny_dir, tmp_path):
    """run.json's `files` of the wrong type, or naming a path outside the folder."""
    run = tmp_path / "run"
    assert runner.invoke(app, ["run", str(tiny_dir), "--out", str(run), "-q"]).exit_code == 0
    (run / "run.json").write_text(json.dumps({"files": files}))
    refused(["needs", str(run)], "run.json: files: must")


@pytest.mark.parametrize("damage", ["truncated checkpoint", "garbage checkpoint",
                                    "config not JSON", "config a list"])
def test_resuming_from_a_damaged_checkpoint_says_so(damage, tiny_dir, obs_file, tmp_path):
    """calibrate --resume over damaged checkpoints: exit 1 naming the file and what to do."""
    cal = tmp_path / "cal"
    args = ["calibrate", str(tiny_dir), "--observations", str(obs_file), "--until",
            "2022-09-24", "--out", str(cal), "--population", "6", "--batch", "12",
            "--generations", "3", "--seed", "1", "--scheduler", "serial"]
    calibrate_args = args[:args.index("--generations") + 1] + ["2", *args[-4:]]
    assert runner.invoke(app, calibrate_args).exit_code == 0
    checkpoints = cal / "checkpoints"
    if damage == "truncated checkpoint":
        truncate(checkpoints / "gen-001.npz", 500)
    elif damage == "garbage checkpoint":
        (checkpoints / "gen-000.npz").write_text("garbage")
    else:
        (checkpoints / "config.json").write_text("{bad" if damage == "config not JSON" else "[]")
    name = "config.json" if "config" in damage else ".npz"
    refused([*args, "--resume"], name, "start again without --resume")
    assert (cal / "posterior.csv").is_file()  # the finished calibration stays whole


def test_a_backtest_resumed_over_a_damaged_cutoff_makes_it_again(tiny, obs_file, tmp_path):
    """A cut-off's truncated forecast.nc or damaged calibration.json is not reused: resuming
    makes them again and gives the same table as the undamaged backtest."""
    settings = BacktestSettings(SMALL, members=8, seed=3)
    out = tmp_path / "bt"
    backtest(tiny, obs_file, ["2022-09-23"], 2, out, settings)
    before = (out / "backtest.csv").read_bytes()
    truncate(out / "cutoff-2022-09-23" / "forecast" / "forecast.nc", 300)
    (out / "cutoff-2022-09-23" / "calibration" / "calibration.json").write_text("[]")
    backtest(tiny, obs_file, ["2022-09-23"], 2, out, settings, resume=True)
    assert (out / "backtest.csv").read_bytes() == before


@pytest.mark.parametrize("content", ["[1]", "{bad", '{"sigma_per_sqrt_day": {"all": -1}}',
                                     '{"sigma_per_sqrt_day": {"all": Infinity}}',
                                     '{"sigma_per_sqrt_day": {}, "central_levels": [0, 1]}',
                                     '{"sigma_per_sqrt_day": {}, '
                                     '"central_levels": {"wait": [0, 1]}}',
                                     '{"sigma_per_sqrt_day": {}, "central_levels": {"queue": '
                                     '[0, 0.9, 0.8' + ', 0.9' * 17 + ', 1]}}',
                                     '{"sigma_per_sqrt_day": {}, "central_levels": {"entires": '
                                     '[0' + ', 0.5' * 19 + ', 1]}}'])
def test_a_bad_discrepancy_file_is_refused_before_the_members_run(content, tmp_path):
    path = tmp_path / "discrepancy.json"
    path.write_text(content)
    refused(["forecast", "russia-2022", "--from", "2022-09-28", "--days", "2", "--members", "2",
             "--out", str(tmp_path / "fc"), "--error", str(path), "--scheduler", "serial"],
            "--error", "discrepancy.json")
    assert not (tmp_path / "fc").exists()


def test_a_file_in_place_of_the_staging_folder_does_not_stop_a_calibration(tiny, obs_file,
                                                                          tmp_path):
    (tmp_path / ".cal.partial").write_text("x")
    calibrate(tiny, obs_file, "2022-09-24", tmp_path / "cal", SMALL)
    assert (tmp_path / "cal" / "posterior.csv").is_file()


@pytest.mark.parametrize("name", ["../../../etc", "/etc", "tiny"])
def test_a_manifests_scenario_is_never_followed_as_a_path(name, tmp_path, obs_file):
    """A forecast folder without its scenario copy: score takes the manifest's scenario only
    if it is a bundled name."""
    from synthetic_dirs import write_forecast

    fc = write_forecast(tmp_path / "fc", members=4)
    shutil.rmtree(fc / "scenario")
    manifest = json.loads((fc / "forecast.json").read_text())
    (fc / "forecast.json").write_text(json.dumps({**manifest, "scenario": name}))
    refused(["score", str(fc), str(obs_file)], "is not a bundled one", repr(name))


def test_an_interrupted_calibration_leaves_the_previous_one_whole(tiny, obs_file, tmp_path):
    """Calibrating again into a folder, cut off in its second generation: the folder still
    holds the previous calibration, every file of it (not its checkpoints deleted, nor its
    posterior beside the new configuration); --resume then finishes the new one."""
    cal = tmp_path / "cal"
    calibrate(tiny, obs_file, "2022-09-24", cal, SMALL)
    before = {p.relative_to(cal): p.read_bytes() for p in cal.rglob("*") if p.is_file()}

    def stop_in_generation_2(label, total):
        if label.startswith("generation 2"):
            raise KeyboardInterrupt
        return lambda n: None

    again = Settings(population=6, batch=12, generations=2, seed=2)
    with pytest.raises(KeyboardInterrupt):
        calibrate(tiny, obs_file, "2022-09-24", cal, again, progress=stop_in_generation_2)
    assert {p.relative_to(cal): p.read_bytes() for p in cal.rglob("*") if p.is_file()} == before
    calibrate(tiny, obs_file, "2022-09-24", cal, again, resume=True)
    assert json.loads((cal / "calibration.json").read_text())["settings"]["seed"] == 2


def test_a_run_manifests_scenario_is_never_followed_as_a_path(tiny_dir, tmp_path):
    """A run folder without its scenario copy whose run.json names a folder ('../..' or an
    absolute path): the name is looked up among the bundled scenarios only, never followed."""
    from borderflow.results.artifacts import open_output

    run = tmp_path / "a" / "b" / "run"
    assert runner.invoke(app, ["run", str(tiny_dir), "--out", str(run), "-q"]).exit_code == 0
    shutil.rmtree(run / "scenario")
    manifest = json.loads((run / "run.json").read_text())
    for name in (str(tiny_dir), "../../../tiny"):
        (run / "run.json").write_text(json.dumps({**manifest, "scenario": name}))
        assert open_output(run).scenario_dir is None
