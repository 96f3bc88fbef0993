"""The CSV files of a scenario folder: their columns, the rule for each cell, and a reader that
reports every broken rule with its line (the header is line 1, as in a text editor).
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from borderflow.problems import Problem, unreadable
from borderflow.scenario.events import Invalid, References, number

_NO_REFS = References()

Parse = Callable[[str], Any]
"""Turn a cell's text into a value, or raise `Invalid`."""


def ident(cell: str) -> str:
    """A non-empty id or name, without control characters."""
    if not cell:
        raise Invalid("must not be empty")
    return label(cell)


def label(cell: str) -> str:
    """Any text, possibly empty, without control characters (a NUL, an escape)."""
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in cell):
        raise Invalid("must not hold control characters")
    return cell


def num(low: float = 0.0, high: float = math.inf, *, above: bool = False) -> Parse:
    """A number in [low, high] (or above `low`), as a float."""
    check = number(low, high, above=above)

    def parse(cell: str) -> float:
        try:
            value = float(cell)
        except ValueError:
            value = math.nan
        return check(value if math.isfinite(value) else cell, _NO_REFS)

    return parse


MAX_COUNT = 10**9  # people in one region: more than any country's men of call-up age


def count(cell: str) -> int:
    """A whole number from 0 to MAX_COUNT (1000, 1e6 or 1000.0 are accepted)."""
    try:
        value = float(cell)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0 or not value.is_integer() or value > MAX_COUNT:
        raise Invalid(f"must be an integer from 0 to {MAX_COUNT:,}")
    return int(value)


def day(cell: str) -> str:
    """A date YYYY-MM-DD."""
    import datetime as dt

    try:
        dt.date.fromisoformat(cell)
    except ValueError:
        raise Invalid("must be a date YYYY-MM-DD") from None
    return cell


def flag(cell: str) -> bool:
    """0 or 1."""
    if cell not in ("0", "1"):
        raise Invalid("must be 0 or 1")
    return cell == "1"


@dataclass(frozen=True)
class Column:
    name: str
    parse: Parse
    dtype: str  # pandas dtype of the loaded column
    default: Any = None  # None: the column is required


@dataclass(frozen=True)
class Spec:
    """One CSV file: its columns in order, and the column(s) whose values must be unique."""

    file: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    index: str | None  # the DataFrame index, or None for a plain RangeIndex
    optional: bool = False  # the file may be absent
    min_rows: int = 1

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.default is None)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


LAT, LON = num(-90, 90), num(-180, 180)
HOUR = num(0, 24)
AT_LEAST_0 = num(0)

# fmt: off
REGIONS = Spec("regions.csv", (
    Column("id", ident, "str"),             Column("name", label, "str"),
    Column("lat", LAT, "float64"),          Column("lon", LON, "float64"),
    Column("population", count, "int64"),   Column("intensity", num(0, above=True), "float64"),
    Column("car_share", num(0, 1), "float64"),
    Column("visa_weight", AT_LEAST_0, "float64", default=1.0),
    Column("group", label, "str", default=""),
), key=("id",), index="id")

CROSSINGS = Spec("crossings.csv", (
    Column("id", ident, "str"),             Column("name", label, "str"),
    Column("country", ident, "str"),        Column("region", label, "str"),
    Column("lat", LAT, "float64"),          Column("lon", LON, "float64"),
    Column("cap_car", AT_LEAST_0, "float64"),        Column("cap_bus", AT_LEAST_0, "float64"),
    Column("cap_pedestrian", AT_LEAST_0, "float64"), Column("cap_bicycle", AT_LEAST_0, "float64"),
    Column("open_from", HOUR, "float64"),   Column("open_to", HOUR, "float64"),
    Column("visa_required", flag, "bool"),  Column("background_per_day", AT_LEAST_0, "float64"),
    Column("lanes_queue", num(0, above=True), "float64"),
    Column("aliases", label, "str", default=""),
    Column("group", label, "str", default=""),
    Column("background_tourist_share", num(0, 1), "float64", default=0.0),
), key=("id",), index="id")

AIR = Spec("air.csv", (
    Column("country", ident, "str"),        Column("seats_per_day", AT_LEAST_0, "float64"),
    Column("flight_hours", AT_LEAST_0, "float64"), Column("fare_hours", AT_LEAST_0, "float64"),
    Column("background_per_day", AT_LEAST_0, "float64"),
), key=("country",), index="country", min_rows=0)

ROUTES = Spec("routes.csv", (
    Column("region", ident, "str"), Column("crossing", ident, "str"),
    Column("hours", AT_LEAST_0, "float64"),
), key=("region", "crossing"), index=None, optional=True, min_rows=0)
# fmt: on

TEMPERATURE = Spec("temperature.csv", (  # read by the needs (assistance/), checked here
    Column("crossing", ident, "str"), Column("date", day, "str"),
    Column("t_mean_c", num(-80, 60), "float64"), Column("t_min_c", num(-90, 60), "float64"),
    Column("wind_kmh", num(0, 400), "float64"),
), key=("crossing", "date"), index=None, optional=True, min_rows=0)
SPECS: tuple[Spec, ...] = (REGIONS, CROSSINGS, AIR, ROUTES, TEMPERATURE)


@dataclass
class Table:
    """A CSV file read cell by cell: raw rows (for cross-references) and parsed ones."""

    spec: Spec
    present: bool = False
    raw: list[dict[str, str]] = field(default_factory=list)
    parsed: list[dict[str, Any]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)

    def ids(self, column: str) -> tuple[str, ...]:
        """Distinct non-empty raw values of a column, in file order."""
        return tuple(dict.fromkeys(r[column] for r in self.raw if r.get(column)))

    def to_frame(self) -> pd.DataFrame:
        """The parsed rows as a typed DataFrame (call only when there were no problems)."""
        names = self.spec.names
        frame = pd.DataFrame(self.parsed, columns=list(names))
        frame = frame.astype({c.name: c.dtype for c in self.spec.columns})
        return frame.set_index(self.spec.index) if self.spec.index else frame


def read_table(folder: Path, spec: Spec) -> tuple[Table, list[Problem]]:
    """Read and check one CSV file of `folder`; every problem is reported, none stops the read."""
    table, path = Table(spec), folder / spec.file
    if not path.is_file():
        missing = [] if spec.optional else [Problem(spec.file, "", "file is missing")]
        return table, missing
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return table, [Problem(spec.file, "", unreadable(exc))]
    table.present = True
    rows = [(n, row) for n, row in _rows(text) if any(cell.strip() for cell in row)]
    if not rows:
        return table, [Problem(spec.file, "", f"file is empty; columns: {', '.join(spec.names)}")]
    problems = _check_header(spec, rows[0][1])
    header = [h.strip() for h in rows[0][1]]
    for line, row in rows[1:]:
        problems += _read_row(table, header, line, row)
    problems += _check_unique(table)
    if len(table.raw) < spec.min_rows:
        problems.append(Problem(spec.file, "", f"needs at least {spec.min_rows} data row"))
    return table, problems


def _rows(text: str) -> list[tuple[int, list[str]]]:
    """CSV rows with the line number each starts on."""
    reader = csv.reader(io.StringIO(text))
    out, line = [], 1
    for row in reader:
        out.append((line, row))
        line = reader.line_num + 1
    return out


def _check_header(spec: Spec, header: list[str]) -> list[Problem]:
    """Missing, unknown and repeated columns, all on line 1."""
    names = [h.strip() for h in header]
    problems = []
    for name in spec.required:
        if name not in names:
            rule = f"missing column {name}; required: {', '.join(spec.required)}"
            problems.append(Problem(spec.file, "1", rule))
    for name in names:
        if name not in spec.names:
            rule = f"unknown column; valid: {', '.join(spec.names)}"
            problems.append(Problem(spec.file, "1", rule, name))
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.append(Problem(spec.file, "1", "column appears more than once", name))
    return problems


def _read_row(table: Table, header: list[str], line: int, row: list[str]) -> list[Problem]:
    """Check one data row's cells; keep its raw and parsed values."""
    spec = table.spec
    if len(row) != len(header):
        rule = f"has {len(row)} fields, the header has {len(header)}"
        return [Problem(spec.file, str(line), rule, ",".join(row))]
    cells = {name: cell.strip() for name, cell in zip(header, row, strict=True)}
    parsed, problems = {}, []
    for column in spec.columns:
        if column.name not in cells:
            parsed[column.name] = column.default
            continue
        try:
            parsed[column.name] = column.parse(cells[column.name])
        except Invalid as exc:
            rule = f"{column.name}: {exc.rule}"
            problems.append(Problem(spec.file, str(line), rule, cells[column.name]))
    table.raw.append(cells)
    table.parsed.append(parsed)
    table.lines.append(line)
    return problems


def _check_unique(table: Table) -> list[Problem]:
    """Rows whose key repeats an earlier row's."""
    spec, problems = table.spec, []
    first: dict[tuple[str, ...], int] = {}
    if any(k not in (table.raw[0] if table.raw else {}) for k in spec.key):
        return []
    for cells, line in zip(table.raw, table.lines, strict=True):
        key = tuple(cells[k] for k in spec.key)
        if key in first:
            rule = f"{'/'.join(spec.key)}: duplicate (first on line {first[key]})"
            problems.append(Problem(spec.file, str(line), rule, "/".join(key)))
        first.setdefault(key, line)
    return problems
