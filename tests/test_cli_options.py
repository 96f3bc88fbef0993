"""Every option is checked at the edge: a bad value exits 1 with a message naming the option,
never a traceback."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from borderflow.cli import app


@pytest.mark.parametrize("option", [
    ["--days", "nan"], ["--days", "inf"], ["--days", "0.001"], ["--days", "1e9"],
    ["--seed", "-1"], ["--seed", str(2**70)], ["--seed", "abc"]])
def test_run_refuses_bad_numbers(option, tiny_dir, tmp_path):
    result = CliRunner().invoke(app, ["run", str(tiny_dir), "--out", str(tmp_path / "o"),
                                      "-q", *option])
    assert result.exit_code == 1, result.output
    assert option[0] in result.output
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("option", [
    ["--generations", "0"], ["--population", "0"], ["--batch", "0"], ["--batch", "-5"],
    ["--batch", "5"], ["--workers", "-1"], ["--scheduler", "bogus"], ["--quantile", "0.01"]])
def test_calibrate_refuses_bad_settings(option, tiny_dir, tmp_path):
    (tmp_path / "none.csv").write_text("metric,place,date_from,date_to,value\n")
    result = CliRunner().invoke(app, [
        "calibrate", str(tiny_dir), "--observations", str(tmp_path / "none.csv"), "--until",
        "2022-09-23", "--out", str(tmp_path / "c"), "--population", "10", *option])
    assert result.exit_code == 1, result.output
    assert option[0] in result.output
    assert not (tmp_path / "c").exists()


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(days=st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.just(0.5)),
       seed=st.integers(-5, 2**64))
def test_any_days_and_seed_end_in_exit_0_or_1(days, seed, tiny_dir, tmp_path):
    """Whatever --days and --seed: a complete run (exit 0) or a message (exit 1)."""
    out = tmp_path / "o"
    result = CliRunner().invoke(app, ["run", str(tiny_dir), "--out", str(out), "-q",
                                      "--days", repr(days), "--seed", str(seed)])
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    if result.exit_code == 0:
        assert 0 < days <= 3650 and 0 <= seed < 2**63 and not math.isnan(days)
        assert {p.name for p in out.iterdir()} >= {"results.nc", "daily.csv", "run.json"}


def test_an_output_path_that_cannot_be_written_is_named(tiny_dir, tmp_path):
    """--out (or -o) below a file: exit 1 naming the option and the path, never a traceback."""
    afile = tmp_path / "afile"
    afile.write_text("x")
    run = tmp_path / "run"
    assert CliRunner().invoke(app, ["run", str(tiny_dir), "--out", str(run), "-q"]).exit_code == 0
    for command in (["run", str(tiny_dir), "--out", str(afile / "x"), "-q"],
                    ["report", str(run), "-o", str(afile / "r.html")],
                    ["export", str(run), "--out", str(afile / "e")],
                    ["needs", str(afile)],
                    ["score", str(afile), str(afile)]):
        result = CliRunner().invoke(app, command)
        assert result.exit_code == 1, (command, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), command
        assert str(afile) in result.output, (command, result.output)


def _bad_options(tiny: str, run: str, missing: str) -> list[tuple[list[str], str, str]]:
    """(command, option, value): every command with a bad value of each kind of option."""
    fc = ["forecast", "russia-2022", "--from", "2022-09-23", "--days", "2", "--out", "f"]
    cal = ["calibrate", tiny, "--observations", missing, "--until", "2022-09-23", "--out", "c"]
    return [
        (["run", tiny, "--days", "abc"], "--days", "abc"),
        (["run", tiny, "--seed", "1.5"], "--seed", "1.5"),
        ([*fc[:3], "2022-13-01", *fc[4:]], "--from", "2022-13-01"),
        ([*fc, "--members", "0"], "--members", "0"),
        ([*fc, "--days", "x"], "--days", "x"),
        ([*fc, "--posterior", missing], "--posterior", missing),
        ([*fc, "--error", missing], "--error", missing),
        ([*fc, "--workers", "-3"], "--workers", "-3"),
        ([*cal[:5], "2022-99-25", *cal[6:]], "--until", "2022-99-25"),
        (cal, "--observations", missing),
        ([*cal, "--quantile", "2"], "--quantile", "2"),
        (["backtest", tiny, "--observations", missing, "--cutoffs", "2022-09-23", "--out", "b"],
         "--observations", missing),
        (["backtest", tiny, "--observations", missing, "--cutoffs", "2022-09-23", "--out", "b",
          "--days", "0"], "--days", "0"),
        (["score", run, missing], "OBSERVATIONS", missing),
        (["needs", run, "--standards", missing], "--standards", missing),
        (["needs", run, "--scenario", missing], "--scenario", missing),
        (["report", run, "--as-of", "2022-99-01"], "--as-of", "2022-99-01"),
        (["report", run, "--observations", missing], "--observations", missing),
        (["report", run, "--backtest", missing], "--backtest", missing),
        (["export", run, "--date", "abc"], "--date", "abc"),
        (["export", run, "--scenario", missing], "--scenario", missing),
        (["extract", missing, "--published", "2022-99-27"], "--published", "2022-99-27"),
        ([*fc[:3], "2100-01-01", *fc[4:]], "--from", "2100-01-01"),  # 78 years to simulate
        ([*cal[:3], run + "/daily.csv", "--until", "2100-01-01", *cal[6:]], "--until",
         "2100-01-01"),
        (["backtest", tiny, "--observations", run + "/daily.csv", "--cutoffs", "2100-01-01",
          "--out", "b"], "--cutoffs", "2100-01-01"),
    ]


def test_every_bad_option_is_named_with_its_rule_and_value(tiny_dir, tmp_path, monkeypatch):
    """Each command, each kind of bad option (a path that does not exist, a bad date, a number
    out of range or not a number): exit 1, and the message names the option and the value."""
    monkeypatch.chdir(tmp_path)
    run, missing = str(tmp_path / "run"), str(tmp_path / "nope")
    assert CliRunner().invoke(app, ["run", str(tiny_dir), "--out", run, "-q"]).exit_code == 0
    for command, option, value in _bad_options(str(tiny_dir), run, missing):
        result = CliRunner().invoke(app, command)
        assert result.exit_code == 1, (command, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), command
        message = " ".join(result.output.split())
        assert option in message and repr(value) in message, (command, result.output)


def test_a_message_naming_a_key_is_printed_as_written(tiny_dir, tmp_path):
    """`--event 1:date:` stays text (the console once drew ':date:' as a calendar emoji)."""
    result = CliRunner().invoke(app, ["run", str(tiny_dir), "--out", str(tmp_path / "o"),
                                      "--event", "kind=close,crossing=a"])
    assert result.exit_code == 1 and "--event 1:date: is required" in result.output


def _writers(tiny: str, run: str, obs: str, out: str) -> list[tuple[list[str], str]]:
    """(command, option): every option that names a file or folder to write, set to `out`."""
    cal = ["--population", "6", "--batch", "12", "--generations", "1", "--scheduler", "serial"]
    return [
        (["run", tiny, "-q", "--out", out], "--out"),
        (["calibrate", tiny, "--observations", obs, "--until", "2022-09-23", *cal, "--out", out],
         "--out"),
        (["forecast", "russia-2022", "--from", "2022-09-23", "--days", "2", "--out", out],
         "--out"),
        (["backtest", tiny, "--observations", obs, "--cutoffs", "2022-09-23", "--quick",
          "--out", out], "--out"),
        (["score", run, obs, "--out", out], "--out"),
        (["report", run, "-o", out], "-o"),
        (["report", run, "-o", "r.html", "--png", out], "--png"),
        (["export", run, "--out", out], "--out"),
        (["compare", run, run, "-o", out], "-o"),
        (["compare", run, run, "-o", "c.html", "--csv", out], "--csv"),
        (["extract", obs, "--published", "2022-09-27", "-o", out], "-o"),
        (["new", out], "FOLDER"),
    ]


@pytest.mark.parametrize("where", ["below a file", "dangling link"])
def test_every_output_that_cannot_be_written_is_refused_before_work(where, tiny_dir, tmp_path,
                                                                     monkeypatch):
    """Each command's --out/-o/--png/--csv/FOLDER below a file or through a dangling link:
    exit 1 naming the option, the rule and the path; nothing is written (not even through
    the link)."""
    monkeypatch.chdir(tmp_path)
    run, obs = str(tmp_path / "run"), str(tmp_path / "obs.csv")
    (tmp_path / "obs.csv").write_text("metric,place,date_from,date_to,value\n")
    assert CliRunner().invoke(app, ["run", str(tiny_dir), "--out", run, "-q"]).exit_code == 0
    (tmp_path / "afile").write_text("x")
    (tmp_path / "dangle").symlink_to(tmp_path / "gone" / "target")
    out = "afile/x" if where == "below a file" else "dangle"
    for command, option in _writers(str(tiny_dir), run, obs, out):
        result = CliRunner().invoke(app, command)
        assert result.exit_code == 1, (command, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), command
        message = " ".join(result.output.split())
        assert f"{option}: " in message and repr(out) in message, (command, result.output)
    assert not (tmp_path / "gone").exists()
