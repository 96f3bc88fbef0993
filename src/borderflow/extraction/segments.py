"""The words that belong to a figure in its sentence: the rest of its clause, and its segment
between the figures before and after it."""

from __future__ import annotations

import re

from borderflow.extraction.numbers import Figure
from borderflow.extraction.reader import SentenceReader
from borderflow.extraction.vocabulary import RELATIVE, SUBORDINATE


def clause_rest(reader: SentenceReader, f: Figure) -> str:
    """The figure's clause after it, up to the next figure (at most 100 characters)."""
    e0 = reader.clauses[reader.clause_of(f.start)][1]
    nxt = min([g.start for g in reader.figures if g.start >= f.end] + [e0, f.end + 100])
    return reader.masked[f.end : nxt]


def between_figures(reader: SentenceReader, f: Figure) -> str:
    """The figure's clause from the figure before it to the figure after it ("with 4,700 exits
    and 3,900 entries", "Of the 98,000 who entered, 40,000 remain": each figure's own words)."""
    s0, e0 = reader.clauses[reader.clause_of(f.start)]
    start = max([g.end for g in reader.figures if g.end <= f.start] + [s0])
    end = min([g.start for g in reader.figures if g.start >= f.end] + [e0])
    return reader.masked[start:end]


def figure_words(reader: SentenceReader, f: Figure) -> str:
    """The words that belong to a figure: its clause from the previous figure to the next one,
    at most 80 characters before it and 60 after it."""
    s0, e0 = reader.clauses[reader.clause_of(f.start)]
    prev = max([g.end for g in reader.figures if g.end <= f.start] + [s0, f.start - 80])
    nxt = min([g.start for g in reader.figures if g.start >= f.end] + [e0, f.end + 60])
    sub = SUBORDINATE.search(reader.masked, f.end, nxt)
    nxt = sub.start() if sub else nxt  # "3,000 people as Russians with visas headed west"
    text = reader.masked[prev:nxt]
    at = f.start - prev
    return RELATIVE.sub(lambda m: m.group(0) if m.start() <= at < m.end() else _blank(m), text)


def _blank(m: re.Match[str]) -> str:
    """A relative clause that does not hold the figure, blanked."""
    return " " * len(m.group(0))
