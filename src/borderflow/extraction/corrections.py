"""Corrections posted later in a report: the figure they withdraw is no observation, and the
figure they give takes its place ("8/ Correction to 2/: Sunday was 8,314, not 8,341", "*12 hours
not 13", "an earlier version said 2,100 ... The board's figure is 1,200")."""

from __future__ import annotations

import re
from dataclasses import replace

from borderflow.extraction.numbers import Figure
from borderflow.extraction.reader import Context, Row, SentenceReader

CORRECTING = re.compile(
    r"\b(?:correct(?:ion|ed|ing)|typo|misread|mistyped|transposed|my\s+(?:mistake|bad|fault|error)"
    r"|sorry|we\s+regret|should\s+(?:read|have\s+read|have\s+been))\b|(?:^|:\s)\*\s*\d",
    re.IGNORECASE,
)
# "8,314, not 8,341", "17 km, not 7", "12 hours not 13": the first replaces the second
_NOT_BETWEEN = re.compile(r"^\s*(?:[^\W\d]+\s*)?,?\s*(?:and\s+)?not\s+(?:the\s+)?$", re.I)
# "we gave the length of the queue as 25 km", "an earlier version said 2,100", "the 240 figure"
_WITHDRAWN_BEFORE = re.compile(
    r"\b(?:said|gave|given|put|reported|wrote|posted|stated)\b(?:\s+[\w'-]+){0,8}?\s+"
    r"(?:as\s+|at\s+)?(?:about\s+|around\s+)?$|\bthe\s+$",
    re.IGNORECASE,
)
_FIGURE_WORD = re.compile(r"^\s*(?:figure|number|count)\b", re.IGNORECASE)


def _values(row: Row) -> set[float]:
    return {v for v in (row.value, row.low, row.high) if v is not None}


def _figure_values(f: Figure) -> set[float]:
    return {v for v in (f.value, f.low, f.high) if v is not None}


def _last_with(rows: list[Row], value: float) -> int | None:
    """The index of the latest observation row that holds `value`."""
    for i in range(len(rows) - 1, -1, -1):
        if rows[i].metric != "other" and value in _values(rows[i]):
            return i
    return None


def _pairs(reader: SentenceReader) -> list[tuple[Figure, Figure]]:
    """(new, old) figures of "new, not old"."""
    figs = reader.figures
    return [
        (a, b)
        for a, b in zip(figs, figs[1:], strict=False)
        if _NOT_BETWEEN.match(reader.s[a.end : b.start])
    ]


def _withdrawn_only(reader: SentenceReader) -> Figure | None:
    """In a correction, the figure it says was given before ("said 2,100", "the 240 figure")."""
    if not CORRECTING.search(reader.s):
        return None
    for f in reader.figures:
        before = reader.s[max(0, f.start - 90) : f.start]
        m = _WITHDRAWN_BEFORE.search(before)
        if m and (
            not m.group(0).lower().startswith("the") or _FIGURE_WORD.match(reader.s[f.end :])
        ):
            return f
    return None


def _withdraw(rows: list[Row], i: int, keep_other: bool) -> Row:
    """Turn row `i` into a distractor (or drop it); return what it was."""
    old = rows[i]
    if keep_other:
        rows[i] = replace(old, metric="other", notes=[*old.notes, "withdrawn by a correction"])
    else:
        del rows[i]
    return old


def _in_place_of(old: Row, new: Figure, reader: SentenceReader) -> Row:
    """The withdrawn row with the corrected figure: its metric, place and period."""
    return replace(
        old,
        value=new.value,
        low=new.low,
        high=new.high,
        quote=reader.s.strip(),
        notes=[*old.notes, "corrected"],
    )


def _without(found: list[Row], values: set[float]) -> list[Row]:
    return [r for r in found if not _values(r) & values]


def _latest_with(rows: list[Row], old: Figure) -> int | None:
    """The index of the latest earlier observation row that holds the `old` figure."""
    found = [i for i in (_last_with(rows, v) for v in _figure_values(old)) if i is not None]
    return max(found) if found else None


def _restated(found: list[Row], f: Figure, row: Row) -> bool:
    """The sentence reads figure `f` as the same count as `row` (its metric and period)."""
    return any(_same_count(r, row) and _values(r) & _figure_values(f) for r in found)


def _other_kind(found: list[Row], new: Figure, was: Row) -> bool:
    """The sentence reads the replacing figure as a count of another kind than the row it
    would replace ("Sorry, we posted 5,000 by mistake." then "The queue was 12 km.")."""
    own = [r for r in found if r.metric != "other" and _values(r) & _figure_values(new)]
    return bool(own) and all(_unit(r.metric) != _unit(was.metric) for r in own)


def _unit(metric: str) -> str:
    """What a metric counts: people (entries, exits, departures, call-ups), cars, km or hours."""
    if metric.endswith(("_entries", "_exits", "_departures")) or metric == "call_ups":
        return "people"
    return "vehicles" if metric.endswith("_vehicles") else metric


# a correction that points at what was posted before: "Correction: our 10:50 entry said ..."
EARLIER_POST = re.compile(
    r"\bcorrection\b|\b(?:earlier|previous|first)\s+(?:version|post|entry|update|report|tweet)"
    r"|\bour\s+\d{1,2}[:.]\d{2}\b|\b(?:this\s+morning|yesterday)['’]s\s+(?:post|entry|update)"
    r"|\bshould\s+(?:read|have\s+read|have\s+been)\b",
    re.IGNORECASE,
)


# a fact-check's verdict, or a reply that calls the sentence before it false
VERDICT = re.compile(  # after a chat post's time and author: "[27.09 10:05] Nino: That is false."
    r"^(?:\s*\[[^\]]*\])?\s*(?:(?!rating|verdict)@?[\w.-]{2,30}:\s*)?\W*"
    r"(?:(?:rating|verdict|our\s+verdict)\s*:\s*(?:false|mostly\s+false|misleading|wrong|fake|"
    r"unsupported|not\s+true)|(?:that|this)\s+(?:is|was|'s)\s+(?:false|fake|not\s+true|"
    r"untrue|wrong|nonsense)(?=\s*(?:[.!:;—–]|$))|"
    r"(?:that|this)\s+(?:figure|number|estimate)\s+(?:double-counted|overstated|over-counted|"
    r"was\s+(?:wrong|inflated|overstated)))\b",  # not "This is wrong, say MPs"
    re.IGNORECASE,
)


# a reply that gives only the corrected figure: "[24.09 13:44] Olya: sorry, 914."
TERSE = re.compile(
    r"^(?:\s*\[[^\]]*\])?\s*(?:@?[\w.-]{2,30}:\s*)?\W*(?:sorry|correction|typo|oops|my\s+bad)"
    r"\W*(?:it\s+(?:was|is)\s+|should\s+(?:be|read)\s+|make\s+(?:that|it)\s+)?~?\d[\d,]*(?:\.\d+)?\s*(?:[.!;]|$)",
    re.IGNORECASE,
)


def _terse(reader: SentenceReader, context: Context) -> tuple[Row, Figure] | None:
    """The previous sentence's one row of the same size that a terse reply corrects."""
    if len(reader.figures) != 1 or not TERSE.match(reader.s):
        return None
    new = reader.figures[0].value
    near = [r for r in context.claimed if r.value and new and 0.5 <= new / r.value <= 2]
    return (near[0], reader.figures[0]) if len(near) == 1 else None


def _judged_false(rows: list[Row], context: Context, reader: SentenceReader, keep_other: bool):
    """ "Claim 5: 'The queue is 100 km long.'" then "Rating: FALSE.": the claim's rows go."""
    verdict = VERDICT.search(reader.s)
    if not verdict:
        return
    if (
        re.search(r"\bfigure|number|estimate\b", verdict.group(0), re.I)
        and len(context.claimed) > 1
    ):
        return  # "That figure double-counted ..." after two figures: which one is not said
    for row in context.claimed:
        i = next((k for k, r in enumerate(rows) if r is row), None)
        if i is not None:
            _withdraw(rows, i, keep_other)


def corrected(
    rows: list[Row], found: list[Row], reader: SentenceReader, context: Context, keep_other: bool
) -> list[Row]:
    """The rows of a sentence after its corrections: an earlier row it withdraws leaves `rows`
    (or becomes `other`), and the corrected figure comes back as that row with the new value,
    from this sentence or the next ("... said 2,100. The board's figure is 1,200.")."""
    _judged_false(rows, context, reader, keep_other)
    pending, context.withdrawn = context.withdrawn, None
    correcting = bool(CORRECTING.search(reader.s))
    earlier = bool(EARLIER_POST.search(reader.s))
    swaps: list[tuple[Row, Figure]] = []
    for new, old in _pairs(reader):
        i = _latest_with(rows, old)
        # without a correction word, only the same count: "On Tuesday it was 4 km, not 9"
        if i is not None and (correcting or _restated(found, new, rows[i])):
            swaps.append((_withdraw(rows, i, keep_other), new))
            found = _without(found, _figure_values(old))
    terse = _terse(reader, context) if not swaps else None
    i = next((k for k, r in enumerate(rows) if terse and r is terse[0]), None)
    if i is not None:
        swaps.append((_withdraw(rows, i, keep_other), terse[1]))
    gone = _withdrawn_only(reader) if not swaps else None
    i = _latest_with(rows, gone) if gone is not None else None
    # "Sorry: the ministry said 5,000 on Monday" restates a count; "Correction: our 10:50 entry
    # said 2,800" withdraws it
    if gone is not None and i is not None and (earlier or not _restated(found, gone, rows[i])):
        was = _withdraw(rows, i, keep_other)
        found = _without(found, _figure_values(gone))
        later = [f for f in reader.figures if f.start > gone.end]
        if later:
            swaps.append((was, later[0]))
        else:
            context.withdrawn = was  # the figure that replaces it is in the next sentence
    if pending is not None and reader.figures and not swaps:
        new = reader.figures[0]  # "... said 2,100. The board's figure is 1,200."
        if not _other_kind(found, new, pending):  # not "... by mistake." then "12 km queue"
            swaps.append((pending, new))
    for was, new in swaps:
        if not _restated(found, new, was):
            found = [*_without(found, _figure_values(new)), _in_place_of(was, new, reader)]
    context.claimed = [r for r in found if r.metric != "other"]
    return found


def _same_count(row: Row, was: Row) -> bool:
    """The correction read on its own gives the withdrawn row's metric and period: its own
    place is kept ("Sunday's arrivals were 11,143, not 10,804")."""
    return (row.metric, row.date_from, row.date_to) == (was.metric, was.date_from, was.date_to)
