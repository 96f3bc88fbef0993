"""Resolve one matched time expression of `dates.PATTERNS` to dates: one small resolver per
pattern kind, against the anchor (the day the source spoke), the publication date and the
announcement."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from borderflow.extraction.numbers import words_to_number

SO_FAR = re.compile(r"so\s+far|to\s+date", re.IGNORECASE)  # a count's end when it is said
MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}


def weekday_index(name: str) -> int:
    """Monday 0 to Sunday 6, from the name or its abbreviation ("Tue", "Thurs")."""
    return next(i for d, i in WEEKDAYS.items() if d.startswith(name[:3].lower()))


NUM_WORDS = {
    w: i for i, w in enumerate("zero one two three four five six seven eight nine ten".split())
}
NUM_WORDS.update({"a": 1, "an": 1, "a couple of": 2, "several": 3, "a few": 3})


def _count(word: str | None, default: int = 1) -> int:
    if not word:
        return default
    word = word.lower()
    if word.isdigit():
        return int(word)
    if word in NUM_WORDS:
        return NUM_WORDS[word]
    spelled = words_to_number(word)  # "the same twelve days"
    return int(spelled) if spelled else default


def _weekday_before(anchor: date, weekday: int, strict: bool = False) -> date:
    back = (anchor.weekday() - weekday) % 7
    if strict and back == 0:
        back = 7
    return anchor - timedelta(days=back)


def _calendar_date(day: int, month: int, year: str | None, published: date) -> date | None:
    y = int(year) if year else published.year
    try:
        out = date(y, month, day)
    except ValueError:
        return None
    if not year and out > published + timedelta(days=31):
        out = out.replace(year=y - 1)
    return out


def _month(m: re.Match[str]) -> int:
    return MONTHS[m.group("month").lower().rstrip(".")]


# One resolver per pattern kind: (match, its groups, anchor, published, announced) ->
# (kind, date_from, date_to, days).
def _since_event(m, g, anchor, published, announced):
    return "since", announced, None, 0


def _day_of_event(m, g, anchor, published, announced):
    return "point", announced, announced, 0  # "on the day of the order"


def _after_event(m, g, anchor, published, announced):
    d = announced + timedelta(days=(weekday_index(g["weekday"]) - announced.weekday()) % 7)
    return "point", d, d, 0


def _ordered(a: date | None, b: date | None) -> tuple:
    return "point", a, (b if a and b and b >= a else None), 0


def _full_range(m, g, anchor, published, announced):
    a = _calendar_date(int(g["d1"]), MONTHS[g["m1"].lower()], g.get("year"), published)
    b = _calendar_date(int(g["d2"]), MONTHS[g["m2"].lower()], g.get("year"), published)
    return _ordered(a, b)


def _full_range_md(m, g, anchor, published, announced):
    a = _calendar_date(int(g["d1"]), MONTHS[g["m1"].lower()], None, published)
    month = MONTHS[(g.get("m2") or g["m1"]).lower()]
    b = _calendar_date(int(g.get("d2") or g["d3"]), month, None, published)
    return _ordered(a, b)


def _days_to(m, g, anchor, published, announced):
    if g.get("day"):  # "the week ending Sunday 9 October": the date decides
        end = _calendar_date(int(g["day"]), _month(m), None, published)
    elif g.get("weekday"):
        end = _weekday_before(anchor, weekday_index(g["weekday"]))
    elif g.get("d4"):
        end = _calendar_date(int(g["d4"]), MONTHS[g["m4"].lower()], None, published)
    else:
        return "point", None, None, 0
    if end is None:
        return "point", None, None, 0
    days = 7 if g.get("week") else _count(g["n"], 1)
    return "point", end - timedelta(days=days - 1), end, 0


def _same(m, g, anchor, published, announced):
    n = g.get("n")  # "the same two days": the period is that long
    weeks = re.search(r"weeks\b", m.group(0), re.IGNORECASE)  # "the same three weeks"
    days = _count(n, 0) * (7 if weeks else 1) if n else 7 if g.get("week") else 0
    return "same", None, None, days


def _weekend(m, g, anchor, published, announced):
    sunday = anchor - timedelta(days=(anchor.weekday() - 6) % 7)
    if re.search(r"previous|last|past", m.group(0), re.IGNORECASE) and sunday == anchor:
        sunday -= timedelta(days=7)
    return "point", sunday - timedelta(days=1), sunday, 0


def _in_month(m, g, anchor, published, announced):
    month = _month(m)
    if g.get("year"):
        year = int(g["year"])
    else:
        year = published.year if month <= published.month else published.year - 1
    last = calendar.monthrange(year, month)[1]
    return "point", date(year, month, 1), date(year, month, last), 0


def _day_of_month(day: int, published: date) -> date | None:
    """ "the 23rd": that day of the publication's month, else of the month before."""
    d = _calendar_date(day, published.month, None, published)
    if d is not None and d > published:
        prev = published.replace(day=1) - timedelta(days=1)
        d = _calendar_date(day, prev.month, str(prev.year), published)
    return d


def _ordinal_day(m, g, anchor, published, announced):
    d = _day_of_month(int(g["day"]), published)
    if d is None:  # "the 31st" of a month without one
        return "point", None, None, 0
    if m.group(0).lower().startswith("since"):  # "since the 21st": the start of a count
        return "since", d, None, 0
    if m.group(0).lower().startswith("by"):  # "by the 25th": the end of a count
        return "by", d, d, 0
    return "point", d, d, 0


def _month_end(m, g, anchor, published, announced):
    _, _, last, _ = _in_month(m, g, anchor, published, announced)
    return "point", last, last, 0


def _this_month_end(m, g, anchor, published, announced):
    last = anchor.replace(day=calendar.monthrange(anchor.year, anchor.month)[1])
    return "point", last, last, 0


def _first_days(m, g, anchor, published, announced):
    if g["unit"].lower() == "fortnight":
        return "point", announced, announced + timedelta(days=13), 0
    week = g["unit"].lower().startswith("week")
    days = 7 * _count(g.get("n")) if week else _count(g.get("n"), 3)
    return "point", announced, announced + timedelta(days=days - 1), 0


def _first_days_of_month(m, g, anchor, published, announced):
    _, first, last, _ = _in_month(m, {}, anchor, published, announced)
    return "point", first, min(last, first + timedelta(days=_count(g.get("n"), 10) - 1)), 0


def _days_from(m, g, anchor, published, announced):
    first = _calendar_date(int(g["day"]), _month(m), None, published)
    if first is None:
        return "point", None, None, 0
    days = 7 if g.get("week") else _count(g.get("n"), 7)
    return "point", first, first + timedelta(days=days - 1), 0


def _date_pair(m, g, anchor, published, announced):
    month, year = _month(m), g.get("year")
    a = _calendar_date(int(g["d1"]), month, year, published)
    b = _calendar_date(int(g["day"]), month, year, published)
    return "point", a, b, 0


def _iso(m, g, anchor, published, announced):
    try:
        iso = date(int(g["y"]), int(g["m"]), int(g["d"]))
    except ValueError:  # "8-3532-77-45-10", a phone number: no date
        return "point", None, None, 0
    return "point", iso, iso, 0


def _week_number(m, g, anchor, published, announced):
    """ "week 40": that ISO week of the report's year, else of the year before ("week 52" in
    a January report)."""
    monday = date.fromisocalendar(published.year, int(g["wk"]), 1)
    if monday > published:
        monday = date.fromisocalendar(published.year - 1, int(g["wk"]), 1)
    return "point", monday, monday + timedelta(days=6), 0


def _numeric(m, g, anchor, published, announced):
    """ "24.9.", "27.09", "26.9.2022", "25/09/22": day.month, read only when the date is near
    the report."""
    day = g.get("d") or g.get("d1") or g["d2"]
    month = g.get("m") or g.get("m1") or g["m2"]
    year = g.get("y") or g.get("y1") or g.get("y2")
    year = "20" + year if year and len(year) == 2 else year  # "24.09.22", "25/09/22"
    d = _calendar_date(int(day), int(month), year, published)
    near = d is not None and -7 <= (published - d).days <= 120
    return ("point", d, d, 0) if near else ("point", None, None, 0)


def _single_day(m, g, anchor, published, announced):
    day = _calendar_date(int(g["day"]), _month(m), g.get("year"), published)
    return "point", day, day, 0


def _part_of_month(m, g, anchor, published, announced):
    month = _month(m)
    year = published.year if month <= published.month else published.year - 1
    last = calendar.monthrange(year, month)[1]
    spans = {
        "first": (1, 15),
        "second": (16, last),
        "early": (1, 10),
        "mid": (11, 20),
        "late": (21, last),
    }
    first, final = spans[g["which"].lower()]
    return "point", date(year, month, first), date(year, month, final), 0


def _weekday_last_week(m, g, anchor, published, announced):
    monday = anchor - timedelta(days=anchor.weekday() + 7)
    d = monday + timedelta(days=weekday_index(g["weekday"]))
    return "point", d, d, 0


def _weekday_range(m, g, anchor, published, announced):
    first, last = weekday_index(g["w1"]), weekday_index(g["w2"])
    end = _weekday_before(anchor, last)
    return "point", end - timedelta(days=(last - first) % 7), end, 0


def _weekday(m, g, anchor, published, announced):
    rel = (g.get("rel") or "").lower()
    if g.get("nth"):  # "Monday the 26th": the day of the month decides
        d = _day_of_month(int(g["nth"]), published)
    else:
        strict = rel in ("last", "past", "previous")
        d = _weekday_before(anchor, weekday_index(g["weekday"]), strict=strict)
    return ("since" if rel == "since" else "point"), d, (None if rel == "since" else d), 0


def _yesterday(m, g, anchor, published, announced):
    back = 2 if re.match(r"the\s+day\s+before", m.group(0), re.IGNORECASE) else 1
    d = anchor - timedelta(days=back)  # "the day before yesterday": two days back
    return "point", d, d, 0


def _following_day(m, g, anchor, published, announced):
    """ "The following day": the day after the one just spoken of (reader.py); alone, the day
    after the anchor."""
    d = anchor + timedelta(days=1)
    return "point", d, d, 0


def _since_month_start(m, g, anchor, published, announced):
    _, first, _, _ = _in_month(m, g, anchor, published, announced)
    return "since", first, None, 0


def _today(m, g, anchor, published, announced):
    by = SO_FAR.match(m.group(0))
    return ("by" if by else "point"), anchor, anchor, 0


def _ago(m, g, anchor, published, announced):
    per = 7 if g["unit"].lower().startswith("week") else 1
    n1 = _count(g["n1"]) * per
    n2 = _count(g.get("n2"), n1 // per) * per if g.get("n2") else n1
    return "point", anchor - timedelta(days=max(n1, n2)), anchor - timedelta(days=min(n1, n2)), 0


def _earlier(m, g, anchor, published, announced):
    unit = (g.get("unit") or g.get("unit2") or "day").lower()
    return "earlier", None, None, _count(g.get("n")) * (7 if unit.startswith("week") else 1)


def _before_that(m, g, anchor, published, announced):
    """ "the seven days before that": resolved against the period named before it."""
    days = 7 if g.get("week") else 1 if g.get("day") else _count(g.get("n"), 7)
    return "before", None, None, days


def _window(m, g, anchor, published, announced):
    unit = (g.get("unit") or g.get("unit2") or "week").lower()
    days = 7 if unit == "week" else _count(g.get("n") or g.get("n2"), 7)
    if unit == "hours":  # "in the last 48 hours"
        days = max(1, _count(g.get("n"), 24) // 24)
    return "window", anchor - timedelta(days=days), anchor - timedelta(days=1), days


def _last_week(m, g, anchor, published, announced):
    monday = anchor - timedelta(days=anchor.weekday() + 7)
    return "point", monday, monday + timedelta(days=6), 0


def _week_before_last(m, g, anchor, published, announced):
    monday = anchor - timedelta(days=anchor.weekday() + 14)
    return "point", monday, monday + timedelta(days=6), 0


def _this_week(m, g, anchor, published, announced):
    return "point", anchor - timedelta(days=anchor.weekday()), anchor, 0


_RESOLVERS = {
    "since_event": _since_event,
    "week_since": _since_event,
    "after_event": _after_event,
    "day_of_event": _day_of_event,
    "full_range": _full_range,
    "full_range_md": _full_range_md,
    "days_to": _days_to,
    "same": _same,
    "weekend": _weekend,
    "in_month": _in_month,
    "ordinal_day": _ordinal_day,
    "first_days_of_month": _first_days_of_month,
    "days_from": _days_from,
    "first_days": _first_days,
    "week_after": _first_days,
    "date_pair": _date_pair,
    "iso": _iso,
    "week_number": _week_number,
    "numeric": _numeric,
    "day_month": _single_day,
    "month_day": _single_day,
    "half_month": _part_of_month,
    "month_end": _month_end,
    "this_month_end": _this_month_end,
    "part_month": _part_of_month,
    "weekday_range": _weekday_range,
    "weekday_last_week": _weekday_last_week,
    "weekday": _weekday,
    "weekday_short": _weekday,
    "yesterday": _yesterday,
    "today": _today,
    "following_day": _following_day,
    "since_month_start": _since_month_start,
    "ago": _ago,
    "earlier": _earlier,
    "before_that": _before_that,
    "window": _window,
    "last_week": _last_week,
    "week_before_last": _week_before_last,
    "this_week": _this_week,
}


def resolve(kind: str, m: re.Match[str], anchor: date, published: date, announced: date) -> tuple:
    """(kind, date_from, date_to, days) for one match; no dates for one no calendar holds
    ("99999999 days ago")."""
    try:
        return _RESOLVERS[kind](m, m.groupdict(), anchor, published, announced)
    except (OverflowError, ValueError):
        return "point", None, None, 0
