"""Fuzzed inputs: broken copies of the bundled russia-2022 scenario (wrong types, missing keys,
NaN, huge numbers, control characters, other encodings, cut files) and broken observation
files. Whatever the input: exit 0 with whole outputs, or exit 1 with a message naming the file,
never a traceback; and what `validate` passes, `run` and `needs` run."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from borderflow import load_scenario
from borderflow.cli import app
from borderflow.observations.load import ObservationsError, load_observations
from borderflow.scenario.catalog import scenarios_root

BUNDLED = scenarios_root() / "russia-2022"
CSV_FILES = ("crossings.csv", "regions.csv", "air.csv", "temperature.csv")
CELLS = ("", "nan", "NaN", "inf", "-inf", "-1", "0", "1e308", "-1e308", "1e-320",
         "99999999999999999999999", "abc", "1,5", "\x00", "a\x1bb", "\u202e", "é", " ",
         "true", "2022-13-45", '"', "a\nb", "🙂" * 3)
TOML_VALUES = ('"abc"', "nan", "inf", "-inf", "1e308", "-1", "0", "[]", "{}", "true",
               '"a\\u0000b"', '"a\\u001bb"', "99999999999999999999", '"2022-13-45"', "1e-308",
               '""', '"../../etc"', "2022-09-21", "[1, 2]")
SETTINGS = settings(max_examples=40, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


@st.composite
def csv_edit(draw: st.DrawFn, text: str) -> str:
    """`text` (a CSV) with one cell, column or line broken, or cut short."""
    rows = _rows(text)
    kind = draw(st.sampled_from(["cell", "cell", "cell", "drop_column", "drop_line", "cut",
                                 "duplicate_line"]))
    line = draw(st.integers(0, len(rows) - 1))
    column = draw(st.integers(0, len(rows[0]) - 1))
    if kind == "cell":
        rows[line][column] = draw(st.sampled_from(CELLS) | st.text(max_size=8))
    elif kind == "drop_column":
        rows = [r[:column] + r[column + 1:] for r in rows]
    elif kind == "drop_line":
        del rows[line]
    elif kind == "duplicate_line":
        rows.insert(line, list(rows[line]))
    else:
        return text[: draw(st.integers(0, len(text)))]
    return _csv(rows)


@st.composite
def toml_edit(draw: st.DrawFn, text: str) -> str:
    """scenario.toml with one value changed, one line dropped, or raw bytes put in."""
    lines = text.splitlines(keepends=True)
    assigned = [i for i, s in enumerate(lines) if "=" in s and not s.lstrip().startswith("#")]
    i = draw(st.sampled_from(assigned))
    kind = draw(st.sampled_from(["value", "value", "value", "drop", "raw", "cut"]))
    if kind == "value":
        key = lines[i].split("=", 1)[0]
        lines[i] = f"{key}= {draw(st.sampled_from(TOML_VALUES))}\n"
    elif kind == "drop":
        del lines[i]
    elif kind == "raw":
        lines[i] = lines[i].rstrip("\n") + draw(st.sampled_from(["\x00", "\x1b", "\u2028"])) + "\n"
    else:
        return text[: draw(st.integers(0, len(text)))]
    return "".join(lines)


ENCODINGS = st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "latin-1", "utf-16",
                             "bad-byte"])


def _encode(text: str, encoding: str) -> bytes:
    if encoding == "bad-byte":
        return b"\xff" + text.encode("utf-8")
    return text.encode(encoding, errors="replace")


@st.composite
def broken_scenario(draw: st.DrawFn) -> tuple[str, bytes]:
    """(file name, new content) for one file of russia-2022."""
    name = draw(st.sampled_from(("scenario.toml", *CSV_FILES)))
    text = (BUNDLED / name).read_text(encoding="utf-8")
    text = draw(toml_edit(text) if name == "scenario.toml" else csv_edit(text))
    return name, _encode(text, draw(ENCODINGS))


def _no_traceback(result) -> None:
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        repr(result.exception), result.output)
    assert "Traceback" not in result.output


@SETTINGS
@given(broken_scenario())
def test_a_broken_scenario_is_refused_by_name_or_runs(edit):
    """validate, then (if it passed) run --days 2 and needs: each exits 0 or 1, a refusal names
    a file of the scenario, and what validate passes runs."""
    name, content = edit
    runner = CliRunner()
    with tempfile.TemporaryDirectory(prefix="borderflow-fuzz-") as tmp:
        folder = Path(shutil.copytree(BUNDLED, Path(tmp) / "s"))
        (folder / name).write_bytes(content)
        checked = runner.invoke(app, ["validate", str(folder)])
        _no_traceback(checked)
        if checked.exit_code == 1:
            assert any(f in checked.output for f in ("scenario.toml", *CSV_FILES, "routes.csv",
                                                     "posterior")), checked.output
            return
        out = Path(tmp) / "run"
        ran = runner.invoke(app, ["run", str(folder), "--days", "2", "-q", "--out", str(out)])
        _no_traceback(ran)
        assert ran.exit_code == 0, f"validate passed {name} but run refused it: {ran.output}"
        needed = runner.invoke(app, ["needs", str(out)])
        _no_traceback(needed)
        assert needed.exit_code == 0, f"validate passed {name} but needs refused: {needed.output}"


OBS_HEADER = ["metric", "place", "crossing", "date_from", "date_to", "value", "low", "high",
              "reported_on", "source", "url"]
OBS_ROW = ["daily_entries", "Finland", "", "2022-09-21", "2022-09-21", "2000", "", "",
           "2022-09-22", "made up", ""]


@st.composite
def observation_file(draw: st.DrawFn) -> bytes:
    """An observations CSV: a few rows of good figures, some cells replaced by nasty values."""
    rows = [list(OBS_HEADER)] + [list(OBS_ROW) for _ in range(draw(st.integers(0, 4)))]
    for _ in range(draw(st.integers(0, 4))):
        line = draw(st.integers(0, len(rows) - 1))
        column = draw(st.integers(0, len(OBS_HEADER) - 1))
        rows[line][column] = draw(st.sampled_from(CELLS) | st.text(max_size=6))
    if draw(st.booleans()):
        rows = [r[:-1] for r in rows]
    return _encode(_csv(rows), draw(ENCODINGS))


@settings(max_examples=60, deadline=None, derandomize=True)
@given(observation_file())
def test_any_observation_file_loads_or_is_refused_by_line(content):
    """Observations load as finite figures with dates, or are refused with problems that name
    the file; never another exception."""
    scenario = _tiny()
    with tempfile.TemporaryDirectory(prefix="borderflow-fuzz-") as tmp:
        path = Path(tmp) / "obs.csv"
        path.write_bytes(content)
        try:
            obs = load_observations(path, scenario)
        except ObservationsError as exc:
            assert exc.problems and all("obs.csv" in str(p) for p in exc.problems), exc.problems
            return
    for column in ("value", "low", "high"):
        values = obs[column].dropna()
        assert ((values >= 0) & (values < float("inf"))).all(), obs[column]
    assert obs["date_from"].notna().all() and obs["date_to"].notna().all()


_TINY = []


def _tiny():
    if not _TINY:
        _TINY.append(load_scenario(Path(__file__).parent / "fixtures" / "tiny"))
    return _TINY[0]


def test_the_parsers_survive_a_short_coverage_guided_fuzz(tmp_path):
    """fuzz/parsers.py (atheris) for 400 inputs from its seed corpus: no input makes a parser
    raise anything but its own error. Skipped where atheris is not installed."""
    pytest.importorskip("atheris")
    harness = Path(__file__).parents[1] / "fuzz" / "parsers.py"
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    result = subprocess.run([sys.executable, str(harness), "-runs=400", "-seed=1",
                             "-max_len=4096", str(corpus)], capture_output=True, text=True,
                            cwd=tmp_path, env={**os.environ, "PYTHONPATH": os.pathsep.join(
                                sys.path)})
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Done 400 runs" in result.stderr


@settings(max_examples=8, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(name=st.text(min_size=1, max_size=30), source=st.text(max_size=30))
def test_the_report_survives_any_name_and_source(name, source):
    """Any crossing name (markup, maths, control characters, any script) and any source text
    of a reported figure (but the control characters an observations file may not hold): the
    report is written, its figures stay one script, no traceback."""
    import pandas as pd
    from synthetic_dirs import write_run

    with tempfile.TemporaryDirectory(prefix="borderflow-fuzz-") as tmp:
        src = write_run(Path(tmp) / "run", days=3, hourly=False)
        table = pd.read_csv(src / "scenario" / "crossings.csv")
        table.loc[0, "name"] = name
        table.to_csv(src / "scenario" / "crossings.csv", index=False)
        obs = Path(tmp) / "obs.csv"
        pd.DataFrame([{"metric": "daily_entries", "place": "Finland",
                       "crossing": _printable(name), "date_from": "2022-09-21",
                       "date_to": "2022-09-21", "value": 10, "low": "", "high": "",
                       "source": _printable(source)}]).to_csv(obs, index=False)
        result = CliRunner().invoke(app, ["report", str(src), "-o", str(Path(tmp) / "r.html"),
                                          "--observations", str(obs)])
        _no_traceback(result)
        assert result.exit_code == 0, result.output
        page = (Path(tmp) / "r.html").read_text(encoding="utf-8")
        script = page[page.index("var figures"):].split("</script>")[0]
        assert "<!--" not in script and "<script" not in script.lower()


def _printable(text: str) -> str:
    return "".join(c for c in text if not ((ord(c) < 32 and c not in "\t\n\r") or ord(c) == 127))
