"""Output folders are written as one: a reader sees the old complete set or the new one."""

from __future__ import annotations

import hashlib
import json
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from borderflow import simulate
from borderflow.results.artifacts import (
    MARKER,
    OutputBusy,
    OutputError,
    open_output,
    reading,
    writing,
)


def digest(folder: Path) -> dict[str, str]:
    """Every file of a folder (but its scenario copy) by content; run.json without its timing."""
    out = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file() and "scenario" not in p.parts:
            data = p.read_bytes()
            if p.name == "run.json":
                data = json.dumps({k: v for k, v in json.loads(data).items()
                                   if k != "wall_seconds"}).encode()
            out[str(p.relative_to(folder))] = hashlib.md5(data).hexdigest()
    return out


def test_a_failed_write_leaves_the_old_folder_whole(tmp_path):
    out = tmp_path / "out"
    with writing(out) as stage:
        (stage / "run.json").write_text("old")
        (stage / "daily.csv").write_text("old")
    with pytest.raises(RuntimeError), writing(out) as stage:
        (stage / "run.json").write_text("new")
        raise RuntimeError("interrupted")
    assert {p.name: p.read_text() for p in out.iterdir() if p.name != MARKER} == {
        "run.json": "old", "daily.csv": "old"}
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.lock", "out"]


def test_a_second_writer_is_refused(tmp_path, tiny):
    res = simulate(tiny, seed=1, days=1)
    with writing(tmp_path / "out"), pytest.raises(OutputBusy, match="another borderflow"):
        res.write(tmp_path / "out")


def test_a_folder_of_other_files_is_never_replaced(tmp_path, tiny, monkeypatch):
    """Whatever it holds (a run.json, a checkpoints folder), a folder borderflow did not write
    is never replaced; nor is the current folder."""
    mine = tmp_path / "mine"
    (mine / "checkpoints").mkdir(parents=True)
    (mine / "run.json").write_text("{}")
    (mine / "notes.txt").write_text("keep me")
    with pytest.raises(OutputError, match="did not write"):
        simulate(tiny, seed=1, days=1).write(mine)
    assert (mine / "notes.txt").read_text() == "keep me"
    monkeypatch.chdir(mine)
    with pytest.raises(OutputError, match="current folder"):
        simulate(tiny, seed=1, days=1).write(".")


def test_a_swap_cut_in_the_middle_is_put_back(tmp_path):
    """Killed between the swap's two renames, the folder is missing and its old copy beside it:
    the next writer (or reader through it) restores the old folder first."""
    out = tmp_path / "out"
    (tmp_path / ".out.old").mkdir()
    (tmp_path / ".out.old" / "run.json").write_text("old")
    (tmp_path / ".out.old" / MARKER).write_text("")
    with pytest.raises(RuntimeError), writing(out):
        raise RuntimeError("interrupted")
    assert (out / "run.json").read_text() == "old"


@pytest.mark.slow
def test_a_run_killed_at_any_moment_leaves_one_complete_run(tmp_path, tiny_dir):
    """`borderflow run` into a folder holding another run, killed (SIGKILL) at random moments:
    the folder is always the old run or the new one, whole."""
    out = tmp_path / "out"
    command = [sys.executable, "-m", "borderflow", "run", str(tiny_dir), "--out", str(out), "-q"]
    subprocess.run([*command, "--seed", "1"], check=True)
    old = digest(out)
    subprocess.run([*command, "--seed", "2", "--out", str(tmp_path / "ref")], check=True)
    new = digest(tmp_path / "ref")
    rng = random.Random(0)
    for _ in range(4):
        proc = subprocess.Popen([*command, "--seed", "2"])
        time.sleep(rng.uniform(0.2, 3.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        now = digest(out) if out.exists() else {}
        if not now:  # killed between the two renames: the next writer puts the old one back
            with pytest.raises(RuntimeError), writing(out):
                raise RuntimeError("recover only")
            now = digest(out)
        assert now in (old, new), sorted(now)
        if now == new:
            subprocess.run([*command, "--seed", "1"], check=True)
            assert digest(out) == old
    subprocess.run([*command, "--seed", "2"], check=True)
    assert digest(out) == new


def test_readers_refuse_a_damaged_folder(tmp_path, tiny_dir):
    """A truncated daily.csv or results file, or a run.json that is not JSON: needs, report
    and export exit 1 naming the file, never a traceback or figures from half a table."""
    from typer.testing import CliRunner

    from borderflow.cli import app

    runner = CliRunner()
    out = tmp_path / "run"
    assert runner.invoke(app, ["run", str(tiny_dir), "--out", str(out), "-q"]).exit_code == 0
    daily = (out / "daily.csv").read_bytes()
    (out / "daily.csv").write_bytes(daily[: len(daily) // 2])
    for command in (["needs", str(out)], ["export", str(out)],
                    ["report", str(out), "-o", str(tmp_path / "r.html")]):
        result = runner.invoke(app, command)
        assert result.exit_code == 1, (command, result.output)
        assert "daily.csv: does not match run.json" in result.output
    (out / "daily.csv").write_bytes(daily)
    (out / "run.json").write_text("{not json")
    result = runner.invoke(app, ["needs", str(out)])
    assert result.exit_code == 1 and "run.json: not valid JSON" in result.output


def timeless_digest(folder: Path) -> dict[str, str]:
    """Every file of a folder (but scenario copies and locks) by content, JSON files without
    their timings: two writes of the same inputs and seed compare equal."""
    out = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file() and "scenario" not in p.parts and not p.name.endswith(".lock"):
            data = p.read_bytes()
            if p.suffix == ".json":
                data = json.dumps(_without_timings(json.loads(data)), sort_keys=True).encode()
            out[str(p.relative_to(folder))] = hashlib.md5(data).hexdigest()
    return out


def _without_timings(value):
    if isinstance(value, dict):
        return {k: _without_timings(v) for k, v in value.items() if "seconds" not in k}
    if isinstance(value, list):
        return [_without_timings(v) for v in value]
    return value


@pytest.mark.slow
def test_a_backtest_killed_at_any_moment_leaves_one_complete_backtest(tmp_path, tiny_dir):
    """`borderflow backtest --quick` into a folder holding another backtest, killed (SIGKILL)
    at random moments: the folder is always the old backtest or the new one, whole; --resume
    then finishes the new one from the staging folder."""
    from test_backtest import OBS

    obs = tmp_path / "obs.csv"
    obs.write_text(OBS, encoding="utf-8")
    out = tmp_path / "bt"
    command = [sys.executable, "-m", "borderflow", "backtest", str(tiny_dir), "--observations",
               str(obs), "--cutoffs", "2022-09-22,2022-09-23", "--days", "2", "--quick",
               "--scheduler", "serial", "--out", str(out)]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    subprocess.run([*command, "--seed", "2"], check=True, **quiet)
    new = timeless_digest(out)
    subprocess.run([*command, "--seed", "1"], check=True, **quiet)
    old = timeless_digest(out)
    assert old != new and "backtest.json" in old
    rng = random.Random(0)
    for _ in range(4):
        proc = subprocess.Popen([*command, "--seed", "2"], **quiet)
        time.sleep(rng.uniform(0.1, 2.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if not out.exists():  # killed between the two renames: the next writer puts it back
            with pytest.raises(RuntimeError), writing(out):
                raise RuntimeError("recover only")
        now = timeless_digest(out)
        assert now in (old, new), sorted(now)
        if now == new:
            subprocess.run([*command, "--seed", "1"], check=True, **quiet)
            assert timeless_digest(out) == old
    subprocess.run([*command, "--seed", "2", "--resume"], check=True, **quiet)
    assert timeless_digest(out) == new
    assert not (tmp_path / ".bt.partial").exists()


def test_a_reader_sees_one_whole_run_while_a_writer_swaps_runs_in(tmp_path, tiny, tiny_dir):
    """A writer swaps two runs into one folder over and over while a reader (as needs, report,
    export, score and compare read: under `reading`) opens the folder and reads its manifest,
    daily table and scenario copy: every read is one run, whole, never a mix or a gap."""
    runs = {seed: simulate(tiny, seed=seed, days=2) for seed in (1, 2)}
    out = tmp_path / "out"
    daily = {}
    for seed, res in runs.items():
        res.write(out, tiny_dir)
        daily[seed] = open_output(out).daily()
    assert not daily[1].equals(daily[2])
    stop = threading.Event()

    def write_again_and_again():
        while not stop.is_set():
            for res in runs.values():
                res.write(out, tiny_dir)

    writer = threading.Thread(target=write_again_and_again)
    writer.start()
    try:
        for _ in range(60):
            with reading(out):
                src = open_output(out)
                seed = src.manifest["seed"]
                time.sleep(0.005)  # a swap now would mix the manifest with another run's table
                assert src.daily().equals(daily[seed])
                assert set(src.crossings().index) == set(tiny.crossings.index)
            time.sleep(0.005)
    finally:
        stop.set()
        writer.join()


def test_a_writer_waits_for_the_readers_of_the_folder_it_replaces(tmp_path, tiny):
    """While a reader holds the folder, a finished write is not swapped in; it is once the
    reader lets go."""
    out = tmp_path / "out"
    simulate(tiny, seed=1, days=1).write(out)
    new = simulate(tiny, seed=2, days=1)
    with reading(out):
        writer = threading.Thread(target=new.write, args=(out,))
        writer.start()
        writer.join(timeout=1.0)
        assert writer.is_alive() and open_output(out).manifest["seed"] == 1
    writer.join()
    assert open_output(out).manifest["seed"] == 2


def test_leftovers_beside_or_in_the_folder_do_not_block_a_write(tmp_path, tiny, tiny_dir):
    """A leftover .scenario-copy/ (an earlier version's interrupted write), a staging or old
    copy that is a file or a link: the next write replaces them (never writing through a link);
    a lock that cannot be opened is named."""
    res = simulate(tiny, seed=1, days=1)
    out = tmp_path / "out"
    (out / ".scenario-copy" / "x").mkdir(parents=True)
    res.write(out, tiny_dir)
    assert (out / "run.json").is_file() and not (out / ".scenario-copy").exists()
    (tmp_path / ".out.partial").write_text("x")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / ".out.old").symlink_to(tmp_path / "elsewhere")
    res.write(out, tiny_dir)
    (tmp_path / ".out.partial").symlink_to(tmp_path / "elsewhere")
    with writing(out, resume=True) as stage:  # as a calibration resumes: never through a link
        (stage / "run.json").write_text("{}")
    assert list((tmp_path / "elsewhere").iterdir()) == [] and (out / "run.json").is_file()
    (tmp_path / ".out.lock").unlink()
    (tmp_path / ".out.lock").mkdir()
    with pytest.raises(OutputError, match="lock file .* cannot be opened"):
        res.write(out)


@pytest.mark.parametrize("command", ["needs", "export"])
def test_the_commands_that_read_a_folder_wait_for_a_swap_under_way(command, tmp_path, tiny_dir):
    """While a writer swaps the folder (it holds the folder's lock exclusively), needs and
    export wait; they read it once the swap is over."""
    import fcntl
    import os

    from typer.testing import CliRunner

    from borderflow.cli import app

    out = tmp_path / "run"
    assert CliRunner().invoke(app, ["run", str(tiny_dir), "--out", str(out), "-q"]).exit_code == 0
    made = out / ("needs.csv" if command == "needs" else "export")
    fd = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(fd, fcntl.LOCK_EX)  # as `writing` holds it between its two renames
    results = []
    reader = threading.Thread(target=lambda: results.append(
        CliRunner().invoke(app, [command, str(out)])))
    reader.start()
    reader.join(timeout=2.0)
    waited = reader.is_alive() and not made.exists()
    os.close(fd)
    reader.join()
    assert waited and results[0].exit_code == 0 and made.exists(), results[0].output
