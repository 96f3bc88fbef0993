"""Tables read as sentences: pipe tables ("| Crossing | Date | Queue (vehicles) |"), and tables
pasted from a spreadsheet or a bulletin with their cells separated by tabs, semicolons or aligned
runs of spaces. Each measured cell of a data row becomes "<column> at <place> on <day>: <cell>.",
so the sentence rules read it; a table with days across its top reads "<row> on <day>: <cell>."."""

from __future__ import annotations

import re

_ROW = re.compile(r"^\s*\|.*\|\s*$")
_BARE = re.compile(r"^[^|\n]+(?:\s\|\s[^|\n]+)+$")  # cells between " | ", no outer pipes
_RULE = re.compile(r"^\s*\|[\s:|-]+\|\s*$")  # "|-----|:---:|"
# cells pasted from a spreadsheet or laid out in columns: tabs, semicolons, or 2+ spaces
_SEPARATORS = (re.compile(r"\t"), re.compile(r"\s*;\s*"), re.compile(r" {2,}|\t"))
_PLACE_COLUMN = re.compile(
    r"^(?:host\s+)?(?:crossing|checkpoint|border\s+(?:crossing|point|crossing\s+point)|point|"
    r"post|place|country|location|bcp|port|region|province|oblast)s?(?:\s*/\s*\w+)?$",
    re.IGNORECASE,
)
_DATE_COLUMN = re.compile(r"^(?:dates?|day|as\s+of|period(?:\s+covered)?|week)$", re.IGNORECASE)
# "Net", "Change, %", "Lanes open", "Row": columns that measure no flow at a crossing
_NOT_MEASURED = re.compile(
    r"^(?:net\b|balance|delta|change|difference|share|%|lanes?\b|staff|row|no\.?$|#|id$|"
    r"notes?$|comments?$|remarks?$|sources?$)",
    re.IGNORECASE,
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
    the table ("Our monitors recorded the following on the morning of 4 October:")."""


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _name(column: str) -> str:
    """A header cell without its note in brackets: "Crossing (Russian name)" -> "Crossing"."""
    return re.sub(r"\s*\([^()]*\)\s*", " ", column).replace("_", " ").strip()


def _row_sentences(header: list[str], cells: list[str]) -> str:
    """One data row as sentences, one per measured column (a short row leaves cells out)."""
    names = [_name(h) for h in header]  # matched without notes; said with them ("Queue (cars)")
    pairs = list(zip([h.replace("_", " ") for h in header], cells, strict=False))
    label = cells[0] if cells and not re.search(r"\d", cells[0]) else ""
    across = label and sum(bool(_DAY_CELL.search(h)) for h in header[1:]) >= 2
    if across:  # "| Arrivals in Finland | 4,120 | 3,870 |" under "| | Sat 1 Oct | Sun 2 Oct |"
        said = [f"{label} on {h}: {c}." for h, c in pairs[1:] if h and not _EMPTY.match(c)]
        return TableRow(" ".join(said))
    places = [c for n, c in zip(names, cells, strict=False) if _PLACE_COLUMN.match(n) and c]
    if not places and label and not (_DATE_COLUMN.match(names[0]) or _NUMBER.match(label)):
        places = [label]  # "Mashtakovo / Syrym | 140 | 3 h": the first column names the place
    day = next((c for n, c in zip(names, cells, strict=False) if _DATE_COLUMN.match(n)), "")
    where = (f" at {', '.join(places)}" if places else "") + (f" on {day}" if day else "")
    said = [
        f"{h[:1].upper()}{h[1:]}{where}: {c}."
        for i, ((h, c), n) in enumerate(zip(pairs, names, strict=False))
        if h
        and not (i == 0 and places and c == places[-1])
        and not (_PLACE_COLUMN.match(n) or _DATE_COLUMN.match(n) or _EMPTY.match(c))
        and not _NOT_MEASURED.match(n)
    ]
    return TableRow(" ".join(said))


def _split(line: str) -> list[str] | None:
    """The cells of a line laid out as a table row (3 or more), or None."""
    for separator in _SEPARATORS:
        cells = [c.strip() for c in separator.split(line.strip())]
        if len(cells) >= 3:
            return cells
    return None


def _delimited(lines: list[str], i: int) -> int:
    """How many lines from `i` form a delimited table: a header of names, then rows of figures."""
    header = _split(lines[i])
    if header is None or any(_NUMBER.match(c) for c in header):
        return 0
    n = 1
    while i + n < len(lines):
        cells = _split(lines[i + n])
        if cells is None or len(cells) > len(header) or not re.search(r"\d", lines[i + n]):
            break
        n += 1
    return n if n > 1 else 0


def tables_as_sentences(lines: list[str]) -> list[str]:
    """`lines` with every table's data rows rewritten as sentences (its header and rule lines
    dropped); other lines unchanged."""
    out: list[str] = []
    header: list[str] | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        following = lines[i + 1] if i + 1 < len(lines) else ""
        i += 1
        if _BARE.match(line) and (header is not None or _BARE.match(following)):
            cells = [c.strip() for c in line.split("|")]  # "Vaalimaa (Torfyanovka) | 1,021 | 410"
            if header is None:
                header = cells
            else:
                out.append(_row_sentences(header, cells))
            continue
        if _ROW.match(line):
            if header is None and _RULE.match(following):
                header = _cells(line)  # the row above the rule names the columns
            elif header is not None and not _RULE.match(line):
                out.append(_row_sentences(header, _cells(line)))
            continue
        header = None
        rows = _delimited(lines, i - 1)
        if rows:
            names = _split(line) or []
            out.extend(_row_sentences(names, _split(row) or []) for row in lines[i : i - 1 + rows])
            i += rows - 1
            continue
        out.append(line)
    return out
