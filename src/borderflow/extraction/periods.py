"""A figure's period: the dates its sentence states, else those carried from the sentences
before ("the same period", "a day earlier", "Another 400"), else the day the source spoke."""

from __future__ import annotations

import re
from datetime import date, timedelta

from borderflow.extraction.numbers import Figure
from borderflow.extraction.reader import SentenceReader
from borderflow.extraction.resolvers import SO_FAR
from borderflow.extraction.vocabulary import COMPARISON, CUMULATIVE, RATE

THEN = re.compile(r"\b(?:at\s+that\s+(?:point|time|moment|hour)|by\s+then)\b", re.IGNORECASE)
ANOTHER = re.compile(
    r"\b(?:another|a\s+further|an\s+additional)\s+$"
    r"|^\W*of\s+(?:the|these|those)\s+(?:entries|arrivals|exits|departures|total)\W+$",
    re.IGNORECASE,
)  # "Of the entries, 3,960 were at Terehova": a part over the same days


def clause_since(reader: SentenceReader, f: Figure):
    """The start of a count stated anywhere in the figure's clause, if any."""
    ci = reader.clause_of(f.start)
    return next(
        (t for t in reader.times if t.kind == "since" and reader.clause_of(t.start) == ci), None
    )


def same_span(reader: SentenceReader, same) -> tuple[date, date] | None:
    """What "the same period" refers to: the sentence's own earlier period, else the last one
    the report named ("the same two days": the last one that long)."""
    named = [
        t
        for t in reader.times
        if t.kind == "point" and t.start < same.start and t.start != reader.said_at
    ]
    since = [t for t in reader.times if t.kind == "since" and t.start < same.start]
    if named and since and since[0].date_from < named[-1].date_to:
        return since[0].date_from, named[-1].date_to  # "between the order and Monday, ... over
        # the same period"
    if named:
        return named[-1].date_from, named[-1].date_to
    topic = reader.context.topic_day
    if topic is not None and re.match(r"that\b", same.text, re.IGNORECASE):
        return topic, topic  # "Monday afternoon. ... let in 9,000 that day"
    report = reader.context.report_period
    if report is not None and re.search(r"report(?:ing)?\s+period", same.text, re.I):
        return report  # "in the reporting period" of a table under "Period: 26 Sep - 2 Oct"
    if same.days:
        sized = [p for p in reader.context.periods if (p[1] - p[0]).days + 1 == same.days]
        return sized[-1] if sized else None
    return reader.context.last_period


def period(reader: SentenceReader, f: Figure, metric: str, last: date | None):
    """(date_from, date_to, explicit?) of a figure."""
    times = [t for t in reader.times_for(f) if t.start != reader.said_at] or reader.times_for(f)
    since = next((t for t in times if t.kind == "since"), None)
    if since is None and metric in CUMULATIVE:
        since = clause_since(reader, f)
    spans = [t for t in times if t.kind == "point" and t.date_from != t.date_to]
    kinds = ("point", "by") if metric in CUMULATIVE else ("point",)  # "so far: ... 25 September"
    dated_by = [t for t in times if t.kind == "by" and not SO_FAR.match(t.text)]  # "as of Sunday"
    point = (
        next(iter(spans), None)
        or (dated_by[0] if metric in CUMULATIVE and dated_by else None)
        or next((t for t in times if t.kind in kinds), None)
        or next((t for t in times if t.kind == "by"), None)
    )
    if metric in CUMULATIVE and point is not None and SO_FAR.match(point.text):
        point = _day_of_so_far(reader, f) or point  # "as of Tuesday: 200,000 called up so far"
    if point is None and metric in CUMULATIVE:  # "By Tuesday, 63,000 had entered since ..."
        ci = reader.clause_of(f.start)
        point = next(
            (t for t in reader.times if t.kind == "by" and reader.clause_of(t.start) == ci), None
        )
    if point is None and since is not None and metric in CUMULATIVE:
        ci = reader.clause_of(f.start)  # "between the announcement and ... on 30 September"
        point = next(
            (
                t
                for t in reader.times
                if t.kind in ("point", "by")
                and t.start > since.start
                and t.start != reader.said_at
                and reader.clause_of(t.start) == ci
            ),
            None,
        )
    if point is None and since is not None and metric in CUMULATIVE:
        opening = reader.times[0] if reader.times else None  # "Sept 27 — 98,000 have entered
        # since the mobilisation": the line's day ends the count
        if opening and opening.start <= 1 and opening.kind == "point" and opening is not since:
            point = opening if opening.start != reader.said_at else None
    window = next((t for t in times if t.kind == "window"), None)
    compared = COMPARISON.search(reader.clause_text(reader.clause_of(f.start)))
    if point is None and window is not None and not compared:
        return window.date_from, window.date_to, True  # "in the previous three days"
    earlier = next((t for t in times if t.kind == "earlier"), None)
    same = next((t for t in times if t.kind == "same"), None)
    if (
        earlier is not None
        and last is None
        and earlier.start < f.start
        and reader.context.last_period
    ):
        last = reader.context.last_period[1]  # "A day earlier ...": before the last sentence's day
    span = earlier_span(reader, earlier, last)
    if span is not None:
        return span[0], span[1], True  # "780 over the last seven days, against 412 the week before"
    if earlier is not None and last is not None:
        d = last - timedelta(days=earlier.days)
        return d, d, True
    span = same_span(reader, same) if same is not None and not (since or point) else None
    if span is not None:
        return span[0], span[1], True
    spoken = reader.spoken
    last_day = reader.context.last_period
    if not times and ANOTHER.search(reader.s[max(0, f.start - 25) : f.start]) and last_day:
        return last_day[0], last_day[1], True  # "Another 400 came through Koidula": the same days
    follows = reader.context.metric.replace("_entries", "_exits") == metric != reader.context.metric
    if not times and follows and last_day:
        return last_day[0], last_day[1], True  # "... entered yesterday. About 3,800 left."
    if not times and THEN.search(reader.s) and last_day:
        return last_day[1], last_day[1], True  # "the wait was a day and a half at that point"
    if not times and _in_report_period(reader, f, metric):
        report = reader.context.report_period  # "Week 39 (26 September - 2 October 2022)"
        return report[0], report[1], True
    averaged = not times and metric.startswith("daily_") and _averaged(reader, f)
    if averaged and last_day and last_day[0] < last_day[1]:
        return last_day[0], last_day[1], True  # "... since 21 September. On average 16,570 a day"
    if metric in CUMULATIVE:
        start = since.date_from if since else None
        if point is not None and point.date_from != point.date_to and not since:
            return point.date_from, point.date_to, True
        if point is not None and since is not None and point.date_to <= since.date_from:
            point = None  # "since the order on 21 September": the date belongs to the start
        end = point.date_to if point is not None else spoken
        return start or reader.announced, end, bool(since or point)
    if point is not None:
        return point.date_from, point.date_to, True
    if since is not None and metric not in ("queue_km", "queue_vehicles", "wait_hours"):
        return since.date_from, spoken, True  # a queue or a wait is of one moment
    return spoken, spoken, spoken != reader.published


AVERAGED = re.compile(r"\baverag(?:ed|ing)\s+(?:about\s+|around\s+|some\s+)?$", re.I)
RUNNING = re.compile(r"\b(?:since|total|so\s+far|to\s+date|altogether|in\s+all|overall)\b", re.I)
# a running tally; under a report's one day ("figures for 3 October") "have entered" and "after
# the order" tell one too
TALLY = re.compile(
    RUNNING.pattern + r"|\b(?:have|has)\s+(?:now\s+|already\s+)?(?:entered|arrived|crossed|"
    r"come|fled|received|left|exited)\b|\bafter\s+the\s+(?:order|announcement|decree)\b",
    re.I,
)


def _day_of_so_far(reader: SentenceReader, f: Figure):
    """The one day named before a count "so far", the sentence's first figure ("told Putin on
    Tuesday that 222,000 have been called up so far"): the count's end. Not the day of a figure
    before it ("On Tuesday 5,000 entered; so far 60,000 have")."""
    if any(g.end <= f.start for g in reader.figures):
        return None
    days = [
        t
        for t in reader.times
        if t.kind in ("point", "by")
        and t.date_from == t.date_to
        and t.start < f.start
        and not SO_FAR.match(t.text)
        and not reader.compared(t)
        and ";" not in reader.s[t.end : f.start]
        and (t.kind == "by" or SAID_ON.search(reader.s[max(0, t.start - 40) : t.start]))
    ]
    return days[-1] if len(days) == 1 else None


# "told the president on Tuesday", "quoted the television on Monday": the day someone spoke
SAID_ON = re.compile(r"\b(?:said|says|told|tells|quoted|reported)\b[^.;:]*$", re.IGNORECASE)


def _in_report_period(reader: SentenceReader, f: Figure, metric: str) -> bool:
    """An undated count of entries or exits in a report with a period line ("Week 39 (26
    September - 2 October)", "figures for 27 September") is of that period, and so is a rate a
    day ("arrivals averaged 5,300 a day"); not a running total ("since", "in total")."""
    report = reader.context.report_period
    one_day = report is not None and report[0] == report[1]
    per_day = RATE.search(reader.s[f.end : f.end + 25]) or AVERAGED.search(reader.s[: f.start])
    return (
        report is not None
        and metric
        in ("cumulative_entries", "cumulative_exits")
        + (("daily_entries", "daily_exits") if one_day or per_day else ())
        and not (TALLY if one_day else RUNNING).search(reader.s)
        and not ANOTHER.search(reader.s[max(0, f.start - 25) : f.start])
    )


def _averaged(reader: SentenceReader, f: Figure) -> bool:
    """ "On average 16,570 arrived each day" just after a sentence naming its period; not an
    average of something else, nor one after "since then"."""
    s0 = reader.clauses[reader.clause_of(f.start)][0]
    before = reader.s[s0 : f.start]
    per_day = re.search(r"\b(?:a|each|per)\s+day\b|\bdaily\b", reader.s, re.IGNORECASE)
    then = re.search(r"\b(?:since\s+then|after\s+that|now)\b", reader.s, re.IGNORECASE)
    return bool(re.search(r"\baverage\b", before, re.IGNORECASE) and per_day and not then)


def earlier_span(reader: SentenceReader, earlier, last: date | None) -> tuple[date, date] | None:
    """ "the week before" after a count over a week in the same sentence: the week before it."""
    if earlier is None or last is None or reader.context.last_period is None:
        return None
    a, b = reader.context.last_period
    if b != last or (b - a).days + 1 != earlier.days or earlier.days < 2:
        return None
    shift = timedelta(days=earlier.days)
    return a - shift, b - shift
