"""What the report said before a sentence (`Context`), and the times a sentence names that only
that context dates: "the previous day", "the week before that", "on that Sunday", "the next
day ... on Monday"."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from borderflow.extraction.dates import TimeExpr

if TYPE_CHECKING:
    from borderflow.extraction.reader import Row


@dataclass
class Context:
    """What the report said last: carried to sentences that do not repeat it."""

    country: str = ""
    crossing: str = ""
    metric: str = ""
    who: str = ""
    last_period: tuple[date, date] | None = None  # what "in the same period" refers to
    topic_day: date | None = None  # "On 27 September, ..." opening a paragraph: its day
    people_crossing: str = ""  # the last crossing named where people were counted crossing
    topic_as_of: bool = False  # the topic day is a snapshot time ("As of 08:00 on 28 Sep")
    dateline: date | None = None  # "Tbilisi, 27 September 2022" heading a statement: its day
    dateline_as_of: bool = False  # the dateline is a heading's "as of 4 October"
    past_day: date | None = None  # the day a sentence of the paragraph was about, for the next
    # sentences in the past tense that name no time ("... on Monday. The count was 986.")
    past_day_named: bool = False  # named as a day ("on Saturday"), not "yesterday": verbless
    # sentences after it are of that day too ("... on Saturday there was no queue. At X, 40 cars.")
    periods: list[tuple[date, date]] = field(default_factory=list)  # every period so far
    list_period: tuple[date, date] | None = None  # the period when a list's header was read
    report_period: tuple[date, date] | None = None  # "Reporting period: 19-25 September"
    withdrawn: Row | None = None  # a row a correction withdrew, for the figure that replaces it
    claimed: list[Row] = field(default_factory=list)  # the last sentence's rows, for a verdict
    heading_metric: str = ""  # what the last line, one without figures, says the next counts
    report_country: str = ""  # the one host country the whole report names, if only one


def in_context(
    sentence: str, times: list[TimeExpr], said: TimeExpr | None, context: Context
) -> list[TimeExpr]:
    """The sentence's times, those that count from the days already spoken of resolved against
    them; the time the source spoke (`said`) as it is."""
    first = times[0] if times else None  # a "previous" day after an earlier time is its
    out = [
        said
        if said and t.start == said.start
        else _that_day(
            sentence, _previous_day(_before_last(t, context), context, t is first), context
        )
        for t in times
    ]
    return _same_weekday(out)


def _previous_day(t: TimeExpr, context: Context, first: bool) -> TimeExpr:
    """ "The previous Tuesday" after a sentence about Monday 26 September: the Tuesday before
    that day, not before the publication."""
    if not first or context.last_period is None:
        return t
    if re.search(r"\bthe\s+(?:previous|preceding)\s+day\b", t.text, re.IGNORECASE):
        d = context.last_period[0] - timedelta(days=1)  # "On the previous day the queue ..."
        return TimeExpr(t.start, t.end, t.kind, d, d, t.text)
    if re.search(r"\b(?:following|next)\s+day\b|\bday\s+later\b", t.text, re.IGNORECASE):
        d = context.last_period[1] + timedelta(days=1)  # "The following day the count reached"
        return TimeExpr(t.start, t.end, t.kind, d, d, t.text)
    m = re.match(r"the\s+previous\s+(\w+day)\b", t.text, re.IGNORECASE)
    if not m or t.kind != "point":
        return t
    day = context.last_period[0]
    back = (day.weekday() - t.date_to.weekday()) % 7 or 7
    d = day - timedelta(days=back)
    return TimeExpr(t.start, t.end, t.kind, d, d, t.text)


def _same_weekday(times: list[TimeExpr]) -> list[TimeExpr]:
    """ "The next day was different: on Monday 402 came": a weekday named beside a day counted
    from the story ("the next day") is that day, not the last such weekday before publication."""
    counted = [t for t in times if re.search(r"\b(?:next|following)\s+day\b", t.text, re.I)]
    if not counted or counted[0].date_to is None:
        return times
    day = counted[0].date_to
    name = day.strftime("%A").lower()
    return [
        TimeExpr(t.start, t.end, t.kind, day, day, t.text)
        if t.kind == "point" and re.search(rf"\b{name}\b", t.text, re.I) and t.date_to != day
        else t
        for t in times
    ]


def _before_last(t: TimeExpr, context: Context) -> TimeExpr:
    """ "The week before that" with no period earlier in its sentence: the days before the last
    period the report named."""
    if t.kind != "before" or context.last_period is None:
        return t
    end = context.last_period[0] - timedelta(days=1)
    return TimeExpr(t.start, t.end, "point", end - timedelta(days=t.days - 1), end, t.text)


def _that_day(sentence: str, t: TimeExpr, context: Context) -> TimeExpr:
    """ "on that Sunday" after a sentence about 25 September: the Sunday of the days spoken of."""
    spoken = [d for d in (context.topic_day, (context.last_period or (None, None))[1]) if d]
    if t.kind != "point" or not spoken or t.date_to is None:
        return t
    if not re.search(r"\bthat\s+(?:same\s+)?$", sentence[max(0, t.start - 11) : t.start], re.I):
        return t
    day = spoken[0]  # the day the paragraph opened with ("Then, on 30 September, ..."), else
    # the last figure's
    if re.fullmatch(r"weekend", t.text.strip(), re.IGNORECASE):  # "over that same weekend"
        saturday = day - timedelta(
            days=day.weekday() - 5 if day.weekday() >= 5 else day.weekday() + 2
        )
        return TimeExpr(t.start, t.end, t.kind, saturday, saturday + timedelta(days=1), t.text)
    d = day - timedelta(days=(day.weekday() - t.date_to.weekday()) % 7)
    return TimeExpr(t.start, t.end, t.kind, d, d, t.text)
