"""Pipe tables ("| Crossing | Date | Queue (vehicles) |") and tab-separated ones pasted from a
spreadsheet, read as sentences: each cell of a data row becomes "<column> at <crossing> on
<date>: <cell>.", so the sentence rules read it."""

from __future__ import annotations

import re

_ROW = re.compile(r"^\s*\|.*\|\s*$")
_BARE = re.compile(r"^[^|\n]+(?:\s\|\s[^|\n]+)+$")  # cells between " | ", no outer pipes
_TABBED = re.compile(r"^[^\t|]*\t[^\t]*\t")  # three or more tab-separated cells
_RULE = re.compile(r"^\s*\|[\s:|-]+\|\s*$")  # "|-----|:---:|"
_PLACE_COLUMN = re.compile(
    r"^(?:host\s+)?(?:crossing|checkpoint|border\s+(?:crossing|point)|point|post|place|country|"
    r"location)s?$",
    re.IGNORECASE,
)
_DATE_COLUMN = re.compile(r"^(?:dates?|day|as\s+of|period(?:\s+covered)?)$", re.IGNORECASE)
_EMPTY = re.compile(r"^(?:|[-–—?]|n/?a|no\s+data)$", re.IGNORECASE)


def _cells(line: str) -> list[str]:
    if "\t" in line and "|" not in line:  # "date<TAB>crossing<TAB>entered_RU_citizens"
        return [c.strip().replace("_", " ") for c in line.strip().split("\t")]
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _name(column: str) -> str:
    """A header cell without its note in brackets: "Crossing (Russian name)" -> "Crossing"."""
    return re.sub(r"\s*\([^()]*\)\s*", " ", column).strip()


class TableRow(str):
    """A table's data row rewritten as sentences: it keeps the day of the line that led into
    the table ("Our monitors recorded the following on the morning of 4 October:")."""


def _row_sentences(header: list[str], cells: list[str]) -> str:
    """One data row as sentences, one per measured column (a short row leaves cells out)."""
    pairs = list(zip(header, cells, strict=False))
    places = [c for h, c in pairs if _PLACE_COLUMN.match(_name(h)) and c]  # "Narva-1, Estonia"
    day = next((c for h, c in pairs if _DATE_COLUMN.match(_name(h))), "")
    where = (f" at {', '.join(places)}" if places else "") + (f" on {day}" if day else "")
    said = [
        f"{h[:1].upper()}{h[1:]}{where}: {c}."
        for h, c in pairs
        if h
        and not (_PLACE_COLUMN.match(_name(h)) or _DATE_COLUMN.match(_name(h)) or _EMPTY.match(c))
    ]
    return TableRow(" ".join(said))


def tables_as_sentences(lines: list[str]) -> list[str]:
    """`lines` with every pipe table's data rows rewritten as sentences (its header and rule
    lines dropped); other lines unchanged."""
    out: list[str] = []
    header: list[str] | None = None
    for i, line in enumerate(lines):
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if _BARE.match(line) and (header is not None or _BARE.match(following)):
            cells = [c.strip() for c in line.split("|")]  # "Vaalimaa (Torfyanovka) | 1,021 | 410"
            if header is None:
                header = cells
            else:
                out.append(_row_sentences(header, cells))
            continue
        if _TABBED.match(line):
            cells = _cells(line)
            if header is None:
                header = cells if any(_DATE_COLUMN.match(c) for c in cells) else None
                if header is None:
                    out.append(line)
            else:
                out.append(_row_sentences(header, cells))
            continue
        if not _ROW.match(line):
            header = None
            out.append(line)
            continue
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if header is None and _RULE.match(following):
            header = _cells(line)  # the row above the rule names the columns
        elif header is not None and not _RULE.match(line):
            out.append(_row_sentences(header, _cells(line)))
    return out
