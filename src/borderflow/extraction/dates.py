"""Find time expressions in a sentence and resolve them against the report's dates.

Rules, not a library: `dateutil`'s fuzzy parser would read "Tuesday" as *next* Tuesday and cannot
tell "since the announcement" from a date, and news English uses a small set of forms: weekdays
("on Tuesday", "last Wednesday", "Friday last week", "Vaalimaa (Tue):", "Sat–Sun"; an abbreviation
only with a capital and where it reads as a day, not "we sat"), calendar dates ("26 September",
"Sept. 26, 2022"), offsets ("yesterday", "four to five days ago", "a week earlier"), windows ("last
week", "in the first week", "the first half of September") and the start of a cumulative count
("since the mobilization was announced", "since 21 September").

A weekday is the latest such day on or before the anchor (the publication date, or the day the
cited person spoke): reports speak of the past.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from borderflow.extraction.resolvers import MONTHS, NUM_WORDS, WEEKDAYS, resolve

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d{2}))?"
_WEEKDAY = r"(?P<weekday>" + "|".join(WEEKDAYS) + r")(?:'s)?"
_ANY_WEEKDAY = r"(?:" + "|".join(WEEKDAYS) + r")"  # a day's name that the date beside it settles
_SHORT_DAY = r"(?-i:Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun|MON|TUE|WED|THU|FRI|SAT|SUN)"
_PART = r"(?:\s+(?:night|morning|evening|afternoon|noon))?"
_COUNT = r"(?P<n1>\d+|" + "|".join(NUM_WORDS) + r")(?:\s*(?:to|-|or)\s*(?P<n2>\d+|\w+))?"
_START_EVENT = (
    r"(?:(?:the|this|last\s+week's|\w+'s|putin's|moscow's)\s+)?(?:partial\s+)?"
    r"(?:mobili[sz]ation(?:\s+(?:order|decree|drive|announcement))?(?:\s+(?:was|had\s+been)\s+"
    r"(?:announced|declared|ordered))?|announcement|call-?up(?:\s+(?:order|was\s+announced))?|"
    r"order|decree|speech|address)"
    r"|(?:moscow|(?:president\s+)?(?:vladimir\s+)?putin|the\s+kremlin|russia|the\s+president|"
    r"the\s+government)\s+"
    r"(?:announced|declared|ordered)(?:\s+(?:the|a|its))?(?:\s+partial)?"
    r"(?:\s+(?:mobili[sz]ation|call-?up))?"
)

_MD = (
    r"(?P<{m}>"
    + "|".join(sorted(MONTHS, key=len, reverse=True))
    + r")\.?\s+(?P<{d}>\d{{1,2}})(?:st|nd|rd|th)?\b"
)
_DM = (
    r"(?P<{d}>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<{m}>"
    + "|".join(sorted(MONTHS, key=len, reverse=True))
    + r")\.?"
)

# "last week 48 Russians crossed": a week before a figure, not week 48
NOT_LAST = r"(?<!last )(?<!this )(?<!next )(?<!past )(?<!previous )(?<!that )(?<!the )"
WEEK_NUMBER = re.compile(r"^(?:\w+\s+){0,2}(?:week|wk)\b", re.IGNORECASE)

PATTERNS: list[tuple[str, str]] = [
    (
        "since_event",
        rf"\bsince\s+(?:{_START_EVENT})|\bbetween\s+(?:{_START_EVENT})"
        rf"(?:\s+(?:last\s+|on\s+)?{_WEEKDAY}|\s+on\s+{_DAY}\s+{_MONTH})?\s+and\b",
    ),
    ("day_of_event", rf"\b(?:on\s+)?the\s+day\s+of\s+(?:{_START_EVENT})"),
    (
        "after_event",
        rf"\b(?:on\s+)?the\s+(?:first\s+)?{_WEEKDAY}\s+(?:after|following)\s+(?:{_START_EVENT})",
    ),
    (
        "full_range",
        rf"\b(?:from|between)\s+{_DM.format(d='d1', m='m1')}\s+(?:to|until|and|through|-|–)\s+"
        rf"{_DM.format(d='d2', m='m2')}{_YEAR}",
    ),
    (
        "full_range_md",
        rf"\b(?:from|between)\s+{_MD.format(d='d1', m='m1')}\s+(?:to|until|and|through|-|–)\s+"
        rf"(?:{_MD.format(d='d2', m='m2')}|(?P<d3>\d{{1,2}})\b)",
    ),
    (
        "days_to",  # "in the week to 9 October", "the seven days to 2 October", "Week ending 9 Oct"
        rf"(?:\b(?:(?:in|over|during|for)\s+)?the\s+|^\W*|\b(?=week\s+end))(?:(?P<n>\w+)\s+days|(?P<week>week))\s+"
        rf"(?:to|until|up\s+to|ending|ended)\s+"
        rf"(?:(?:{_ANY_WEEKDAY},?\s+)?{_DAY}\s+{_MONTH}|{_WEEKDAY}|{_MD.format(d='d4', m='m4')})",
    ),
    (  # "in the seven days from Monday 19 September": that many days from the stated day
        "days_from",
        rf"\b(?:in|during|over)\s+the\s+(?:(?P<n>\w+)\s+days|(?P<week>week))\s+"
        rf"(?:from|starting|beginning)\s+(?:on\s+)?(?:{_WEEKDAY},?\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}",
    ),
    (
        "same",
        r"\b(?:in|during|over|for)\s+(?:the\s+same|those|these)\s+(?:(?P<n>\w+)\s+(?=(?:days|weeks)\b))?"
        r"(?:period|time|days|weeks|week|24\s+hours|day|evening|morning|night)\b"
        r"|\b(?:on\s+)?the\s+same\s+(?:day|evening|morning|night)\b|\bof\s+(?:those|them|these)\b"
        r"|\bthat\s+(?:same\s+)?day\b"
        r"|\b(?:during|in|over|for|throughout)\s+the\s+(?:indicated|said|reporting)\s+(?:period|week)\b",
    ),
    (  # "31,240 entered over the week" under a heading "Week 40 (3-9 October)"
        "same",
        r"\b(?:in|during|over|for)\s+the\s+(?P<week>week)\b(?!\s+(?:to|until|up\s+to|ending|before|"
        r"after|following|since|from|of|beginning|starting|that|when|in|before))",
    ),
    (  # "exits for the seven days": the seven days just spoken of
        "same",
        r"\b(?:in|during|over|for)\s+the\s+(?P<n>two|three|four|five|six|seven|eight|nine|ten|\d+)"
        r"\s+days\b(?!\s+(?:to|until|up\s+to|ending|before|after|following|since|from|of))",
    ),
    (
        "weekend",
        r"\b(?:(?:over|during|at|on|across)\s+)?(?:the\s+)?(?:(?:last|past|previous|this)\s+)?"
        r"weekend\b|\b(?:over\s+|on\s+)?saturday\s+and\s+sunday(?:\s+combined)?\b",
    ),
    (
        "in_month",
        rf"\b(?:during|in|for|throughout|over)\s+(?:the\s+month\s+of\s+|all\s+of\s+)?{_MONTH}"
        # "in September 2021"; not "in September 26"
        rf"(?:\s+(?P<year>(?:19|20)\d{{2}})\b|(?!\s*\d))",
    ),
    (  # "in the first ten days of October"
        "first_days_of_month",
        rf"\b(?:in|during|over)\s+the\s+first\s+(?P<n>\w+)\s+days\s+of\s+{_MONTH}",
    ),
    (
        "first_days",
        rf"\b(?:in|during|over)\s+the\s+first\s+(?:(?P<n>\w+)\s+)?(?P<unit>weeks?|days)"
        rf"(?:\s+(?:since|after)\s+(?:{_START_EVENT}))?",
    ),
    (
        "week_after",
        rf"\b(?:in|during|over)\s+the\s+(?:(?P<n>\w+)\s+)?(?P<unit>weeks?|days|fortnight)\s+"
        rf"(?:after|following)\s+(?:{_START_EVENT})",
    ),
    ("week_since", rf"\b(?:in|during|over)\s+the\s+(?:week|days)\s+since\s+(?:{_START_EVENT})"),
    ("date_pair", rf"\b(?P<d1>\d{{1,2}})\s*(?:and|-|–|to)\s*{_DAY}\s+(?:of\s+)?{_MONTH}{_YEAR}"),
    ("iso", r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b"),
    (  # "in week 40", "Wk 38": an ISO week, Monday to Sunday; not one with its days in brackets
        "week_number",
        r"\b(?:(?:in|during|over|for)\s+)?(?:(?:calendar|iso)\s+)?"
        + NOT_LAST
        + r"(?:week|wk\.?)\s*(?P<wk>[1-4]\d|5[0-3])\b(?!\s*\(\s*\d)",
    ),
    (  # "27.09", "24.9.", "26.9.2022", "25/09": day.month as statements and chats write it
        "numeric",
        r"(?<![\d.,$€£])(?:(?P<d>[0-3]\d)\.(?P<m>0[1-9]|1[0-2])(?!\d|,\d)(?:\.(?P<y>(?:20)?\d\d)\b)?"
        r"|(?P<d1>[0-3]?\d)\.(?P<m1>[1-9]|1[0-2])\.(?:(?P<y1>20\d\d)\b|(?!\d))"
        r"|(?P<d2>[0-3]\d)/(?P<m2>0[1-9]|1[0-2])(?:/(?:20)?(?P<y2>\d\d))?(?![\d/]))"
        r"(?!\s*(?:%|per\s*cent|km|kilomet|miles?|hours?|thousand|million|k\b|m\b))",
    ),
    ("day_month", rf"\b(?:the\s+)?{_DAY}(?:\s+of)?\s+{_MONTH}{_YEAR}\b"),
    ("month_day", rf"\b{_MONTH}\s+{_DAY}\b{_YEAR}"),
    ("month_end", rf"\b(?:the\s+)?end\s+of\s+{_MONTH}"),  # "between the order and the end of
    # September"
    ("this_month_end", r"\b(?:the\s+)?end\s+of\s+the\s+month\b"),  # of the month named before
    ("half_month", rf"\b(?:the\s+)?(?P<which>first|second)\s+half\s+of\s+{_MONTH}"),
    ("part_month", rf"\b(?P<which>early|mid|late)[-\s]+{_MONTH}"),
    (  # "Over the weekend (Sat–Sun)", "Monday-Wednesday": the days from one to the other
        "weekday_range",
        rf"\b(?P<w1>{_ANY_WEEKDAY}|{_SHORT_DAY})\.?\s*(?:[–—-]|to|through|thru)\s*"
        rf"(?P<w2>{_ANY_WEEKDAY}|{_SHORT_DAY})\b\.?",
    ),
    (
        "weekday_last_week",
        rf"\b(?:on\s+)?{_WEEKDAY}{_PART}\s+(?:of\s+)?(?:last|the\s+previous|the\s+past)\s+week\b",
    ),
    (
        "ordinal_day",
        r"(?:\b(?:on|by|since)\s+|(?<=from\s)|(?<=to\s)|(?<=until\s)|(?<=between\s)|(?<=and\s)|"
        r"(?<=\bof\s))"  # "the 5,500 peak of the 28th"
        r"the\s+(?P<day>\d{1,2})(?:st|nd|rd|th)\b(?!\s+of)"
        r"(?!\s+(?:week|day|month|year|time|round|wave|century|floor|anniversary|consecutive|"
        r"straight)\b)",  # not "by the end of the 2nd week"
    ),
    (
        "weekday",
        rf"\b(?:(?:the\s+)?(?P<rel>on|last|this|past|since|previous)\s+)?{_WEEKDAY}{_PART}\b"
        r"(?:\s+the\s+(?P<nth>\d{1,2})(?:st|nd|rd|th)\b)?",
    ),
    (  # "Vaalimaa (Tue): 1 km", "on Sat the line grew"; not "we sat in the car"
        "weekday_short",
        rf"(?:\b(?P<rel>on|last)\s+)?(?<![Tt]he\s)\b(?P<weekday>{_SHORT_DAY})\.?(?!\w|-[A-Za-z])"
        r"(?:\s+(?:the\s+)?(?P<nth>\d{1,2})(?:st|nd|rd|th)\b)?"
        r"(?(rel)|(?=\s*[):,;/–—-]|\s+\d|\s+(?:night|morning|evening|afternoon)\b|\s*$))",
    ),
    (
        "yesterday",
        r"\b(?:the\s+day\s+before\s+)?yesterday\b|\blast\s+night\b"
        r"|\b(?:during|in|over|for)\s+the\s+(?:past|last|previous)\s+(?:day|24\s+hours)\b"
        r"|\b(?:during|in|over)\s+the\s+24\s+hours\s+(?:to|until|up\s+to|ending)\b"
        r"|\bthe\s+(?:previous|preceding)\s+day\b"
        r"|(?<=\()(?:past|last)\s+(?:day|24\s*h(?:ours|rs)?)(?=\))"  # "Entered (past day)"
        r"|(?<=,\s)(?:past|last)\s+(?:day|24\s*h(?:ours|rs)?)(?=\s*:)",  # "Entries, past 24 hours:"
    ),
    ("following_day", r"\bthe\s+(?:following|next)\s+day\b|\ba\s+day\s+later\b"),
    ("since_month_start", rf"\bsince\s+the\s+(?:beginning|start)\s+of\s+{_MONTH}"),
    (
        "today",
        r"\b(?:today|tonight|this\s+(?:morning|evening|afternoon)|now|currently|"
        r"at\s+the\s+moment|so\s+far|to\s+date|as\s+of\s+now|the\s+present\s+day)\b",
    ),
    ("ago", rf"\b{_COUNT}\s+(?P<unit>days?|weeks?)\s+ago\b"),
    ("week_before_last", r"\b(?:(?:in|during|over)\s+)?the\s+week\s+before\s+last\b"),
    (
        "before_that",
        r"\b(?:(?:in|over|during)\s+)?the\s+(?:(?P<n>\w+)\s+days|(?P<week>week)|(?P<day>day))\s+"
        r"(?:before|prior\s+to)\s+(?:that|then)\b",
    ),
    (
        "earlier",
        r"\b(?:(?P<n>a|one|two|\d+)\s+)?(?P<unit>days?|weeks?)\s+(?:earlier\b|before\b"
        # "one day before the decree", "the last day before the visa ban": a day placed by an
        # event the sentence names, not counted back from its own time
        r"(?!\s+(?:the|its|a|an|his|her|their|this)\b|\s+(?:decree|order|announcement|speech|"
        r"mobili[sz]ation)))"
        r"|\bthe\s+(?P<unit2>week|day)\s+before\b(?!\s+(?:that|the|last|this))",
    ),
    (
        "window",
        r"\b(?:in|over|during|within)\s+(?:the\s+)?(?:past|last|previous(?!\s+week\b))\s+"
        r"(?:(?P<n>\w+)\s+)?(?P<unit>week|days|hours)\b|\bin\s+a\s+week\b|\bwithin\s+a\s+week\b"
        r"|(?<=\()(?:past|last)\s+(?P<n2>\w+)\s+(?P<unit2>days)(?=\))",  # "(last 7 days)"
    ),
    (  # "last week", "last week's figures"; not "last week's record" or "the weekend"
        "last_week",
        r"\b(?:last|the\s+previous|the\s+past)\s+week(?:'s(?=\s+(?:figures|numbers|data|"
        r"statistics|counts?|totals?)\b))?\b(?!\s*(?:'s|end))",
    ),
    ("this_week", r"\bthis\s+week\b"),
]
_COMPILED = [(kind, re.compile(p, re.IGNORECASE)) for kind, p in PATTERNS]


@dataclass(frozen=True)
class TimeExpr:
    """A resolved time expression.

    kind: `point` (one day or a window: date_from..date_to), `since` (start of a cumulative
    count), `by` (end of a count: "so far", "by Saturday"), `earlier` (offset from another date of
    the sentence: `days` before it), `window` (the `days` before the anchor, for comparisons).
    """

    start: int
    end: int
    kind: str
    date_from: date | None
    date_to: date | None
    text: str = ""
    days: int = 0

    @property
    def one_day(self) -> bool:
        """A point that is a single day ("on Monday"), not a period."""
        return self.kind == "point" and self.date_from == self.date_to


def find_times(text: str, anchor: date, published: date, announced: date) -> list[TimeExpr]:
    """All time expressions in `text`, left to right, not overlapping (first pattern wins)."""
    taken: list[tuple[int, int]] = []
    out: list[TimeExpr] = []
    for kind, pattern in _COMPILED:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            resolved = resolve(kind, m, anchor, published, announced)
            if resolved[0] == "point" and (resolved[1] is None or resolved[2] is None):
                continue
            taken.append((m.start(), m.end()))
            out.append(
                TimeExpr(
                    m.start(),
                    m.end(),
                    resolved[0],
                    resolved[1],
                    resolved[2],
                    m.group(0),
                    resolved[3],
                )
            )
    out.sort(key=lambda t: t.start)
    out = _end_of_named_month(out)
    joined = _join_spans(text, _merge_adjacent(text, _without_week_glosses(text, out)))
    read = [u for u in (_since_or_by(text, t) for t in joined) if u is not None]
    return _days_before(_previous_of(text, read))


def _end_of_named_month(times: list[TimeExpr]) -> list[TimeExpr]:
    """ "between 21 September and the end of the month": the end of the month named before it
    (else of the report's month)."""
    out: list[TimeExpr] = []
    for t in times:
        named = [u for u in out if u.kind == "point" and u.date_to is not None]
        if re.fullmatch(r"(?:the\s+)?end\s+of\s+the\s+month", t.text, re.I) and named:
            day = named[-1].date_to
            last = day.replace(day=calendar.monthrange(day.year, day.month)[1])
            t = TimeExpr(t.start, t.end, "point", last, last, t.text)
        out.append(t)
    return out


def _without_week_glosses(text: str, times: list[TimeExpr]) -> list[TimeExpr]:
    """ "on Tuesday (week 41)", "on Tuesday, week 41's busiest day": a week number right after
    a day only says which week the day is in."""
    out: list[TimeExpr] = []
    for t in times:
        prev = out[-1] if out else None
        glosses = prev is not None and prev.one_day and WEEK_NUMBER.match(t.text)
        if glosses and re.fullmatch(r"\W{0,3}", text[prev.end : t.start]):
            continue
        out.append(t)
    return out


def _join_spans(text: str, times: list[TimeExpr]) -> list[TimeExpr]:
    """ "between Friday and Monday", "from Monday the 26th to Thursday the 29th": one period."""
    out: list[TimeExpr] = []
    for t in times:
        prev = out[-1] if out else None
        if prev is not None and _spans_to(text, prev, t):
            start = prev.date_from
            if start > t.date_to:  # "from Friday to Monday" said on a Friday: last week's
                start -= timedelta(days=7)
            span = text[prev.start : t.end]
            out[-1] = TimeExpr(prev.start, t.end, "point", start, t.date_to, span)
            continue
        out.append(t)
    return out


def _spans_to(text: str, a: TimeExpr, b: TimeExpr) -> bool:
    """ "from <day a> to <day b>": two single days that open and close one period."""
    gap = text[a.end : b.start]
    # "26 September to 2 October": two calendar dates joined by "to" need no "from" either
    dated_to = bool(re.search(r"\d", a.text) and re.search(r"\d", b.text)) and re.fullmatch(
        r"\s*(?:to|until|through)\s*", gap, re.I
    )
    kinds_ok = a.kind == "point" and (b.kind == "point" or (b.kind == "by" and dated_to))
    if not kinds_ok or any(t.date_to is None or t.date_from != t.date_to for t in (a, b)):
        return False
    weekdays_only = not re.search(r"\d", a.text)
    if a.date_to > b.date_to and not (weekdays_only and (a.date_to - b.date_to).days < 7):
        return False
    opened = re.search(
        r"\b(?:from|between|over)\s+(?:on\s+)?$", text[max(0, a.start - 9) : a.start], re.I
    )
    joined = re.fullmatch(
        r"\s*(?:to|until|till|through|and|up\s+to|-|–|\.\.)\s*", text[a.end : b.start], re.I
    )
    pair = (
        re.match(r"on\s", a.text, re.I)
        and re.fullmatch(r"\s+and\s+", text[a.end : b.start])
        and not re.search(
            r"\brespectively\b", text, re.I
        )  # "... were 11,143 and 10,804 respectively"
    )
    opened = opened or (pair and (b.date_to - a.date_to).days == 1)  # "On Friday and Saturday"
    # "23.09–26.09", "(26.9.–2.10.)": two calendar dates joined by a dash need no "from"
    dashed = re.fullmatch(r"\s?(?:[-–]|\.\.)\s?", text[a.end : b.start]) and re.search(
        r"\d", b.text
    )
    return bool((opened or dashed or dated_to) and joined) and a.date_to != b.date_to


def _days_before(times: list[TimeExpr]) -> list[TimeExpr]:
    """ "the seven days before that": the days before the period named just before it."""
    out: list[TimeExpr] = []
    for t in times:
        named = [u for u in out if u.kind == "point" and u.date_from is not None]
        if t.kind == "before" and named:
            end = named[-1].date_from - timedelta(days=1)
            t = TimeExpr(t.start, t.end, "point", end - timedelta(days=t.days - 1), end, t.text)
        out.append(t)
    return out


def _previous_of(text: str, times: list[TimeExpr]) -> list[TimeExpr]:
    """ "on Friday ..., up from 3,100 the previous Friday": the week before the day just named."""
    out: list[TimeExpr] = []
    for t in times:
        days = [u for u in out if u.kind == "point" and u.date_to and u.date_from == u.date_to]
        if (
            t.kind == "point"
            and re.match(r"the\s+previous\s+\w+day\b", t.text, re.IGNORECASE)
            and any(u.date_to == t.date_to for u in days)
        ):
            d = t.date_to - timedelta(days=7)
            t = TimeExpr(t.start, t.end, "point", d, d, t.text)
        shift = _NEXT_OR_PREVIOUS_DAY.get(re.sub(r"^(?:on\s+)?", "", t.text.lower()))
        if days and shift:  # "On 25 September ...; on the previous day ...": beside that day
            d = days[-1].date_to + timedelta(days=shift)
            t = TimeExpr(t.start, t.end, "point", d, d, t.text)
        out.append(t)
    return out


_NEXT_OR_PREVIOUS_DAY = {
    "the previous day": -1,
    "the preceding day": -1,
    "the following day": 1,
    "the next day": 1,
    "a day later": 1,
}


_EVENT_START = re.compile(
    r"\b(?:since|from)\s+(?:the\s+)?(?:day\s+of\s+(?:the\s+)?)?(?:[\w-]+\s+)?"
    r"(?:announcement|decree|order|speech),\s*$",
    re.IGNORECASE,
)


def _since_or_by(text: str, t: TimeExpr) -> TimeExpr | None:
    """ "since 21 September" starts a count; "by Saturday" ends one ("came through on Monday" does
    not); "the busiest week since the order" compares, and is no time of the figure."""
    if t.kind == "since" and re.search(
        r"\b(?:\w+est|most|first|highest|lowest)\s+(?:\w+\s+){0,2}$",
        text[max(0, t.start - 30) : t.start],
    ):
        return None
    before = text[max(0, t.start - 12) : t.start].lower()
    single = t.date_from == t.date_to
    change = re.search(r"\b(?:up|down)\s+from\s+(?:on\s+)?$", before)  # "down from Thursday"
    # "from the day of the mobilisation announcement, Wednesday 21.9.": the date restates it
    restated = _EVENT_START.search(text[max(0, t.start - 60) : t.start])
    if (
        t.kind == "point"
        and (re.search(r"\b(?:since|from)\s+(?:on\s+)?$", before) or restated)
        and single
    ):
        if change:
            return t
        return TimeExpr(t.start, t.end, "since", t.date_from, None, t.text)
    governed = not re.match(r"(?:on|in|at|during|over)\b", t.text, re.IGNORECASE)
    ends = governed and re.search(r"\b(?:by|as\s+of|until|through|to)\s+$", before)
    # "as of noon on Sunday", "as of 08:00 on 28.09": the end of a count, its hour aside
    hour = re.search(
        r"\bas\s+of\s+(?:[\w:.]+\s+){1,2}$", text[max(0, t.start - 25) : t.start], re.I
    )
    if t.kind == "point" and (ends or hour):
        return TimeExpr(t.start, t.end, "by", t.date_to, t.date_to, t.text)
    return t


def _merge_adjacent(text: str, times: list[TimeExpr]) -> list[TimeExpr]:
    """ "Monday 26 September" is one date; "since the announcement last Wednesday" one start."""
    out: list[TimeExpr] = []
    for t in times:
        prev = out[-1] if out else None
        if (
            prev
            and prev.kind == "point"
            and re.fullmatch(r"\s+of\s+", text[prev.end : t.start])
            and re.fullmatch(r"(?:this|last|the\s+previous)\s+week", t.text, re.IGNORECASE)
        ):
            continue  # "between Monday and Wednesday of this week": the week only places them
        if prev and re.fullmatch(r"[\s,(]*(?:on\s*)?", text[prev.end : t.start]):
            if prev.kind == "point" and t.kind == "point" and prev.date_from == prev.date_to:
                out[-1] = TimeExpr(
                    prev.start, t.end, "point", t.date_from, t.date_to, text[prev.start : t.end]
                )
                continue
            if prev.kind == "since" and t.kind == "point" and not prev.text.endswith("and"):
                out[-1] = TimeExpr(
                    prev.start, t.end, "since", t.date_from, None, text[prev.start : t.end]
                )
                continue
        out.append(t)
    return out


def parse_date(text: str) -> date:
    """An ISO date (YYYY-MM-DD); raises ValueError naming the value otherwise."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"not a date (YYYY-MM-DD): {text!r}") from None
