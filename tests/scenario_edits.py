"""Helpers that write broken variants of a scenario folder, and collect what loading reports."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from borderflow import Problem, ScenarioError, load_scenario


def problems(folder: Path) -> list[Problem]:
    """The problems `load_scenario` reports for `folder` (fails if it loads)."""
    with pytest.raises(ScenarioError) as info:
        load_scenario(folder)
    return info.value.problems


def lines(folder: Path) -> list[str]:
    """The problems as the one-line messages users see."""
    return [str(p) for p in problems(folder)]


def set_cell(folder: Path, file: str, line: int, column: str, value: str) -> None:
    """Set one CSV cell; `line` counts as in an editor (the header is line 1)."""
    rows = list(csv.reader(io.StringIO((folder / file).read_text())))
    rows[line - 1][rows[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    (folder / file).write_text(out.getvalue())


def replace(folder: Path, file: str, old: str, new: str) -> None:
    """Replace text once in a file (fails if `old` is not there)."""
    text = (folder / file).read_text()
    assert old in text, f"{old!r} not in {file}"
    (folder / file).write_text(text.replace(old, new, 1))


def append(folder: Path, file: str, text: str) -> None:
    """Add text at the end of a file."""
    with open(folder / file, "a") as f:
        f.write(text)


def where(found: list[Problem]) -> set[tuple[str, str]]:
    """(file, where) of each problem."""
    return {(p.file, p.where) for p in found}


def add_column(folder: Path, file: str, column: str, values: list[str]) -> None:
    """Add a CSV column, one value per data line."""
    rows = list(csv.reader(io.StringIO((folder / file).read_text())))
    assert len(values) == len(rows) - 1, "one value per data line"
    rows = [row + [cell] for row, cell in zip(rows, [column, *values], strict=True)]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    (folder / file).write_text(out.getvalue())
