"""`borderflow extract` on the command line."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import typer
from typer.testing import CliRunner

from borderflow.cli.extract import extract_command

FIXTURES = Path(__file__).parent / "fixtures" / "reports"
REPORT = str(FIXTURES / "08_roundup.txt")
CROSSINGS = ["--crossings", str(FIXTURES / "crossings.csv")]
app = typer.Typer()
app.command("extract")(extract_command)
app.command("noop")(lambda: None)  # two commands, so `extract` stays a subcommand
runner = CliRunner()


def test_writes_csv_to_stdout():
    """Rows go to stdout as CSV in the observation format."""
    res = runner.invoke(app, ["extract", REPORT, "--published", "2022-09-28", *CROSSINGS])
    assert res.exit_code == 0, res.output
    table = pd.read_csv(io.StringIO(res.stdout))
    assert "queue_km" in set(table["metric"]) and set(table["status"]) == {"candidate"}


def test_writes_output_file(tmp_path):
    """-o writes the file."""
    out = tmp_path / "obs.csv"
    res = runner.invoke(
        app,
        [
            "extract",
            REPORT,
            "--published",
            "2022-09-28",
            "-o",
            str(out),
            "--source",
            "Roundup",
            *CROSSINGS,
        ],
    )
    assert res.exit_code == 0, res.output
    assert pd.read_csv(out)["source"].str.startswith("Roundup").all()


def test_reads_stdin():
    """Without files the text comes from stdin."""
    res = runner.invoke(
        app,
        ["extract", "--published", "2022-09-27", *CROSSINGS],
        input="About 9,000 Russians entered Finland on Monday.\n",
    )
    assert res.exit_code == 0, res.output
    assert pd.read_csv(io.StringIO(res.stdout))["value"].tolist() == [9000]


def test_unreadable_file_is_one_line_error(tmp_path):
    """A missing file is named in a one-line error, exit 1."""
    res = runner.invoke(app, ["extract", str(tmp_path / "nope.txt"), "--published", "2022-09-28"])
    assert res.exit_code == 1 and "nope.txt: cannot read" in res.output


def test_bad_published_is_one_line_error():
    """A bad --published is named, exit 1."""
    res = runner.invoke(app, ["extract", REPORT, "--published", "28/09/2022"])
    assert res.exit_code == 1 and res.output.startswith("--published:")


def test_user_gazetteer_extends_names(tmp_path):
    """--gazetteer adds an alias."""
    extra = tmp_path / "extra.csv"
    extra.write_text("alias,kind,id\nthe Lars gate,crossing,upper_lars_dariali\n")
    res = runner.invoke(
        app,
        ["extract", "--published", "2022-09-27", "--gazetteer", str(extra), *CROSSINGS],
        input="The queue at the Lars gate was 12 km long.\n",
    )
    assert res.exit_code == 0, res.output
    assert pd.read_csv(io.StringIO(res.stdout))["crossing"].tolist() == ["upper_lars_dariali"]


def test_min_confidence_keeps_rows_at_or_above_it():
    """--min-confidence drops the rows below it; every kept row names its rule and sentence."""
    base = ["extract", REPORT, "--published", "2022-09-28", *CROSSINGS]
    every = pd.read_csv(io.StringIO(runner.invoke(app, base).stdout))
    cut = sorted(set(every["confidence"]))[-1]
    res = runner.invoke(app, [*base, "--min-confidence", str(cut)])
    assert res.exit_code == 0, res.output
    kept = pd.read_csv(io.StringIO(res.stdout))
    assert 0 < len(kept) < len(every)
    assert (kept["confidence"] >= cut).all() and kept["quote"].str.len().gt(0).all()
    assert set(kept["rule"]) <= set(every["rule"])
