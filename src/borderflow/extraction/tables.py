"""Tables read as sentences: pipe tables ("| Crossing | Date | Queue (vehicles) |"), and tables
pasted from a spreadsheet or a bulletin with their cells separated by tabs, semicolons, aligned
runs of spaces or (in an export) commas. Each measured cell of a data row becomes "<column> at
<place> on <day>: <cell>.", so the sentence rules read it; a table with days across its top reads
"<row> on <day>: <cell>."."""

from __future__ import annotations

import csv
import re
from itertools import pairwise

_ROW = re.compile(r"^\s*\|.*\|\s*$")
_BARE = re.compile(r"^[^|\n]+(?:\s\|\s[^|\n]+)+$")  # cells between " | ", no outer pipes
_RULE = re.compile(r"^\s*\|[\s:|-]+\|\s*$")  # "|-----|:---:|"
# cells pasted from a spreadsheet or laid out in columns: tabs, semicolons, or 2+ spaces
# and commas, in an export whose lines have no ", " ("date,country,crossing,value")
_SEPARATORS = (
    re.compile(r"\t"),
    re.compile(r"\s*;\s*"),
    re.compile(r" {2,}|\t"),
    re.compile(r","),  # an export's commas: split by _export_cells
)
_PLACE_COLUMN = re.compile(
    r"^(?:host\s+)?(?:crossing|checkpoint|border\s+(?:crossing|point|crossing\s+point)|point|"
    r"post|place|country|location|bcp|port|region|province|oblast)s?(?:\s*/\s*\w+)?$",
    re.IGNORECASE,
)
_DATE_COLUMN = re.compile(
    r"^(?:(?:report(?:ing)?|reference|data)\s+)?(?:dates?|day)$|^(?:as\s+of|period(?:\s+covered)?|week)$",
    re.IGNORECASE,
)
# a long table exported from a dashboard: one row per indicator, its figure under "value"
_INDICATOR = re.compile(r"^(?:indicator|metric|variable|measure|series)$", re.IGNORECASE)
_VALUE = re.compile(r"^(?:value|count|figure|number|amount)$", re.IGNORECASE)
_UNIT = re.compile(r"^units?$", re.IGNORECASE)
_IN_OUT = re.compile(r"^(?:(?:ru|rf|russians?)\s+)?(in|inbound|out|outbound)$", re.I)
# "Net", "Change, %", "Lanes open", "Row": columns that measure no flow at a crossing
_NOT_MEASURED = re.compile(
    r"^(?:net\b|balance|delta|change|difference|share|%|lanes?\b|staff|row|no\.?$|#|id$|"
    r"notes?$|comments?$|remarks?$|sources?$|confidence$|baseline|unit$)"
    r"|\b(?:vs\.?|versus|compared|w/w|week\s+on\s+week)\b|%",  # "Arrivals vs same day wk 38"
    re.IGNORECASE,
)
# "Passenger cars", "vehicles_in": cars that went through, unless the column is a line's
_CARS_THROUGH = re.compile(
    r"^(?!.*\b(?:queue|queuing|waiting|line|standing|backlog)\b).*\b(?:cars?|vehicles?)\b", re.I
)
_EMPTY = re.compile(r"^(?:|[-–—?]|n/?a|no\s+data)$", re.IGNORECASE)
_NUMBER = re.compile(r"^[~≈<>+]?\s*\d[\d\s,.]*\s*[%+]?$")
_DAY_CELL = re.compile(
    r"\d{1,2}\s*[./]\s*\d{1,2}|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"|\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b",
    re.IGNORECASE,
)


class TableRow(str):
    """A table's data row rewritten as sentences: it keeps the day of the line that led into
    the table ("Our monitors recorded the following on the morning of 4 October:"). `dated`:
    the row names its own day or period."""

    dated: bool = False

    @classmethod
    def of(cls, text: str, dated: bool) -> TableRow:
        row = cls(text)
        row.dated = dated
        return row


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _name(column: str) -> str:
    """A header cell without its note in brackets: "Crossing (Russian name)" -> "Crossing"."""
    return re.sub(r"\s*\([^()]*\)\s*", " ", column).replace("_", " ").strip()


_TOTAL = re.compile(  # "Total", "Region, total", "In all", "Three days", "Four posts"
    r"^(?:[\w-]+,?\s+){0,2}?(?:total|sum|overall)\b|^(?:all|in\s+all)\b|^[\w-]+\s+(?:days|weeks|posts|crossings|checkpoints)$",
    re.IGNORECASE,
)
_AVERAGE = re.compile(r"^(?:daily\s+)?(?:average|mean|avg\.?)(?:\s+(?:per|a)\s+day)?$", re.I)


def _said(header: list[str]) -> list[str]:
    """Column names as the sentences say them; a daily-average column names what it averages
    ("| Entries | Daily average |" -> "Entries per day")."""
    said = [h.replace("_", " ") for h in header]
    for i, h in enumerate(header):
        direction = _IN_OUT.match(_name(h))
        if direction:  # "| RU in | RU out |": entries and exits
            said[i] = "Entries" if direction.group(1).lower() in ("in", "inbound") else "Exits"
        elif i and _AVERAGE.match(_name(h)):
            said[i] = f"{said[i - 1]} per day"
    return said


def _by_day(header: list[str], cells: list[str]) -> TableRow:
    """A row under days across the top: "| Arrivals in Finland | 4,120 | 3,870 |"; a "Total"
    column counts over the days."""
    days = [_WEEKDAY.sub("", _day_said(h)) for h in header[1:] if _DAY_CELL.search(h)]
    span = f"from {days[0]} to {days[-1]}" if days else ""  # "from 23.9. to 26.9."
    said = []
    for h, c in zip(header[1:], cells[1:], strict=False):
        if not h or _EMPTY.match(c) or _NOT_MEASURED.search(_name(h)):
            continue
        when = span if _TOTAL.match(h) else f"on {_day_said(h)}"
        said.append(f"{cells[0]} {when}: {c}.")
    return TableRow.of(" ".join(said), dated=True)  # each cell names its own days


_WEEK_NUMBER = re.compile(r"\b(?:week|wk)\.?\s*\d{1,2}\b\s*", re.IGNORECASE)  # "Week 39 (...)"


_WEEKDAY = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", re.IGNORECASE)


def _day_said(column: str) -> str:
    """A day column's name as a date the sentence rules read: "Week 39 (26 Sep-2 Oct)" ->
    "26 Sep-2 Oct"; "Fri 23.9" -> "Fri 23.9." (day.month, not a decimal)."""
    day = _WEEK_NUMBER.sub("", column).strip(" ()")
    return re.sub(r"(?<![\d.])(\d{1,2}\.\d{1,2})$", r"\1.", day)


def _where(names: list[str], cells: list[str], total: str) -> str:
    """ " at <place> on <day>" for a row; `total` for a total row."""
    places = [c for n, c in zip(names, cells, strict=False) if _PLACE_COLUMN.match(n) and c]
    days = [c for n, c in zip(names, cells, strict=False) if _DATE_COLUMN.match(n) and c]
    day = next((c for c in days if _DAY_CELL.search(c)), days[0] if days else "")  # not "Wk 38"
    if _TOTAL.match(cells[0]):  # "| TOTAL | Estonia | all | 9 870 |": the country it names
        named = [c for c in places if not _TOTAL.match(c)]
        day = _TOTAL.sub("", day).strip(" ,:") if day == cells[0] else day  # "TOTAL wk 40"
        own = _DAY_CELL.search(day) and re.sub(r" (?:on|from) .*$", "", total) + f" on {day}"
        return (own or total) + (
            f" in {', '.join(named)}" if named else ""
        )  # "TOTAL | 19 Sep-9 Oct"
    label = cells[0] if not re.search(r"\d", cells[0]) else ""
    if not places and label and not _DATE_COLUMN.match(names[0]):
        places = [label]  # "Mashtakovo / Syrym | 140 | 3 h": the first column names the place
    return (f" at {', '.join(places)}" if places else "") + (f" on {day}" if day else "")


def _long_row(names: list[str], cells: list[str], where: str) -> TableRow | None:
    """A dashboard export's row, "2022-10-04 | Georgia | Upper Lars | queue_length | 4.5 | km",
    as "Queue length at Upper Lars, Georgia on 2022-10-04: 4.5 km."."""
    column = {}
    for kind, pattern in (("what", _INDICATOR), ("value", _VALUE), ("unit", _UNIT)):
        column[kind] = next((i for i, n in enumerate(names) if pattern.match(n)), None)
    what, value, unit = column["what"], column["value"], column["unit"]
    if what is None or value is None or max(what, value) >= len(cells):
        return None
    said = cells[what].replace("_", " ")
    figure = cells[value] + (f" {cells[unit]}" if unit is not None and unit < len(cells) else "")
    return TableRow.of(f"{said[:1].upper()}{said[1:]}{where}: {figure}.", " on " in where)


def _row_sentences(header: list[str], cells: list[str], total: str = "") -> TableRow:
    """One data row as sentences, one per measured column (a short row leaves cells out)."""
    names = [_name(h) for h in header]  # matched without notes; said with them ("Queue (cars)")
    if not cells:
        return TableRow.of("", False)
    if not re.search(r"\d", cells[0]) and sum(bool(_DAY_CELL.search(h)) for h in header[1:]) >= 2:
        return _by_day(header, cells)
    where = _where(names, cells, total)
    long = _long_row(names, cells, where)
    if long is not None:
        return long
    labelled = not re.search(r"\d", cells[0])
    said = [
        f"{c} {h} crossed{where}."
        if _CARS_THROUGH.search(n)
        else f"{h[:1].upper()}{h[1:]}{where}: {c}."
        for i, (h, c, n) in enumerate(zip(_said(header), cells, names, strict=False))
        if h
        and not (i == 0 and labelled)
        and not (_PLACE_COLUMN.match(n) or _DATE_COLUMN.match(n) or _EMPTY.match(c))
        and not _NOT_MEASURED.search(n)
    ]
    return TableRow.of(" ".join(said), " on " in where or " from " in where)


def _table_sentences(header: list[str], rows: list[list[str]]) -> list[str]:
    """Every data row of a table as sentences. A total row counts over the days of the rows
    above it, and over all the places they name when they name more than one."""
    names = [_name(h) for h in header]
    others = [r for r in rows if r and not _TOTAL.match(r[0])]
    columns = [i for i, n in enumerate(names) if _DATE_COLUMN.match(n)]
    dated = next(  # "| Week | Period |": the column that holds days, not "Wk 38"
        (i for i in columns if any(i < len(r) and _DAY_CELL.search(r[i]) for r in others)),
        columns[0] if columns else None,
    )
    days = [r[dated] for r in others if dated is not None and dated < len(r) and r[dated]]
    days = [_WEEKDAY.sub("", d) for d in days]
    placed = {_where(names, r, "").split(" on ")[0] for r in others} - {""}
    total = " at all the crossings listed" if placed else ""
    if days:
        total += f" on {days[0]}" if days[0] == days[-1] else f" from {days[0]} to {days[-1]}"
    return [_row_sentences(header, r, total) for r in rows]


def _split(line: str, fewest: int = 3) -> tuple[int, list[str]] | None:
    """(separator, cells) of a line laid out as a table row of `fewest` cells or more, or None.
    Two cells are a row only with a tab or aligned spaces ("West Kazakhstan      78,400")."""
    for kind, separator in enumerate(_SEPARATORS):
        kept = (
            line.strip(" \r\n") if kind == 0 else line.strip()
        )  # "\tMon 3.10\t...": an empty corner
        cells = _export_cells(line) if kind == 3 else [c.strip() for c in separator.split(kept)]
        if cells is None:
            continue
        if len(cells) >= max(fewest, 3 if kind in (1, 3) else 2):
            return kind, cells
    return None


def _export_cells(line: str) -> list[str] | None:
    """The cells of a comma-separated export line ("date,country,crossing,value"), quoted cells
    whole ('"1,410"'); None for prose (", ") or for a figure split at its thousands ("1,410,980"
    under "entries,exits,cars" may be 1 / 410 / 980 or 1,410 / 980)."""
    if ", " in re.sub(r'"[^"]*"', "", line):
        return None
    cells = [c.strip() for c in next(csv.reader([line.strip()]))]
    if any(re.fullmatch(r"\d{1,3}", a) and re.fullmatch(r"\d{3}", b) for a, b in pairwise(cells)):
        return None
    return cells


def _names_a_column(cell: str) -> bool:
    """A header cell: a few words, not a figure, no sentence's end ("Persons entered (past
    day)", "Arrivals vs same day wk 38")."""
    if _DAY_MONTH.match(cell):
        return True  # "21.09", "23.9.": a day across the top
    return len(cell.split()) <= 6 and not _NUMBER.match(cell) and not re.search(r"[.!?]$", cell)


_DAY_MONTH = re.compile(r"^(?:[0-3]?\d\.(?:0[1-9]|1[0-2])\.?|[0-3]?\d\.[1-9]\.)$")


def _delimited(lines: list[str], i: int) -> tuple[list[str], list[list[str]], int] | None:
    """A table of cells separated by tabs, semicolons, aligned spaces or commas from line `i`: its
    header of names, its rows of figures (split the same way, no wider), and the lines it takes.
    Prose with double spaces or semicolons between sentences is no table."""
    split = _split(lines[i], fewest=2)
    if split is None or not all(_names_a_column(c) for c in split[1]):
        return None
    kind, header = split
    rows: list[list[str]] = []
    for line in lines[i + 1 :]:
        found = _split(line, fewest=2)
        if found is None or found[0] != kind or len(found[1]) > len(header):
            break
        if not re.search(r"\d", line) or any(len(c.split()) > 6 for c in found[1]):
            break
        if len(header) == 2 and not _NUMBER.match(found[1][-1]):
            break  # "Region   Entered" over "West Kazakhstan   78,400": a name, then a figure
        rows.append(found[1])
    return (header, rows, 1 + len(rows)) if rows else None


def _piped(lines: list[str], i: int) -> tuple[list[str], list[list[str]], int] | None:
    """A pipe table from line `i`: "| a | b |" over a rule line "|---|---|", or rows of cells
    between " | " with no outer pipes."""
    following = lines[i + 1] if i + 1 < len(lines) else ""
    if _ROW.match(lines[i]) and _RULE.match(following):
        n = 2
        while i + n < len(lines) and _ROW.match(lines[i + n]):
            n += 1
        rows = [_cells(line) for line in lines[i + 2 : i + n] if not _RULE.match(line)]
        return _cells(lines[i]), rows, n
    if _BARE.match(lines[i]) and _BARE.match(following):
        n = 1
        while i + n < len(lines) and _BARE.match(lines[i + n]):
            n += 1
        rows = [[c.strip() for c in line.split("|")] for line in lines[i + 1 : i + n]]
        return [c.strip() for c in lines[i].split("|")], rows, n
    return None


def tables_as_sentences(lines: list[str]) -> list[str]:
    """`lines` with every table's data rows rewritten as sentences (its header and rule lines
    dropped); other lines unchanged."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        table = _piped(lines, i) or _delimited(lines, i)
        if table is None:
            out.append(lines[i])
            i += 1
            continue
        header, rows, used = table
        out.extend(_table_sentences(header, rows))
        i += used
    return out
