"""List lines ("Wed 21 Sep: 4,824"): each takes its subject, unit and place from the header line
above it, and its date from the line."""

from __future__ import annotations

import re

from borderflow.extraction.calibration import RULE_CONFIDENCE
from borderflow.extraction.dates import TimeExpr
from borderflow.extraction.numbers import Figure, find_figures
from borderflow.extraction.reader import Context, Row, SentenceReader, unit_after
from borderflow.extraction.screen import screen
from borderflow.extraction.vocabulary import (
    CROSSING_ONLY,
    DENIED,
    DEPART,
    ENTRY,
    EXIT,
    QUEUE,
    RATE,
    VEHICLE_WORDS,
    VEHICLES_CROSSED,
)

LIST_ITEM = re.compile(
    r"^\s*(?:[-•*–—]\s+\S.*\d|(?:[^:\d]{0,30}\d{1,2}\s+[A-Za-z]{3,9}\.?(?:\s+\d{4})?|"
    r"[^:\d]{0,30}\d{1,2}\.\d{1,2}\.?(?:\d{4})?)\s*[:\-–—]"  # "27.09 - 10,125"
    r"\s*[~≈]?\s*(?:about\s+|some\s+)?\d[\d,.]*\s*(?:k|thousand)?\s*[.;]?\s*$"
    r"|[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,2}:\s*[~≈]?\s*(?:about\s+|some\s+)?\d[\d,.]*\s*"
    r"(?:k|thousand)?\s*(?:\([^()]*\))?\s*[.;]?\s*$)"  # "Georgia: 53,000 (to Sept. 27)"
)
# "Sat 24 Sep - n/a": a listed day without a figure; the list goes on
LIST_GAP = re.compile(
    r"^\s*[^:\d]{0,30}\d{1,2}\s+[A-Za-z]{3,9}\.?\s*[:\-–—]\s*"
    r"(?:n/?a|no\s+data|not\s+(?:available|published)|[-–—?])\s*[.;]?\s*$",
    re.IGNORECASE,
)
# "Week total: 51,405", "Week total (Mon 26 Sep - Sun 2 Oct): about 54,550 entries." under a
# list of days: the list's total over its days, or over the period it states
TOTAL_LINE = re.compile(
    r"^\s*(?:[\w-]+\s+)?totals?\b[^:\d(]{0,30}(?:\([^()]{0,40}\))?\s*:\s*[~≈]?\s*"
    r"(?:about\s+|some\s+)?\d[\d,.]*\s*(?:k|thousand)?\s*(?:[a-z]+)?\s*[.;]?\s*$",
    re.IGNORECASE,
)


def list_metric(header: str) -> str:
    """The daily metric a list of figures continues: its header says what it counts."""
    if not header or DENIED.search(header):
        return ""
    if re.match(r"\W*(?:queues?|lines?|tailbacks?)\b", header, re.IGNORECASE):
        return "queue_vehicles"  # "Queues at the crossings on Tuesday:", its lines in cars
    if VEHICLE_WORDS.search(header):
        if QUEUE.search(header):
            return "queue_vehicles"
        if VEHICLES_CROSSED.search(header) or DEPART.search(header) or EXIT.search(header):
            return "daily_vehicles"
        return ""
    if EXIT.search(header) or re.search(r"\bdepartures\b", header, re.IGNORECASE):
        return "daily_exits"
    if ENTRY.search(header):
        return "daily_entries"
    return ""


def _screened(reader: SentenceReader, f: Figure) -> bool:
    """A list line's figure that the sentence screen calls no count (a price, a share, an
    account, a permit)."""
    s = reader.s
    clause = reader.clause_text(reader.clause_of(f.start))
    unit = unit_after(s, f.end)
    return bool(
        screen(reader, f, unit, clause, s[max(0, f.start - 40) : f.start], s[f.end : f.end + 80])
    )


def read_list_item(
    item: str, header: SentenceReader, context: Context, keep_other: bool
) -> list[Row] | None:
    """A line of a list ("Wed 21 Sep: 4,824", "- through Torfyanovka - 1,021 units"): its figure
    takes its subject, unit and place from the list's header, its date from the line (else the
    header's). None when the header does not say what the list counts."""
    metric = list_metric(header.s)
    if not metric:
        return None
    reader = SentenceReader(item, header.gaz, header.published, header.announced, context)
    figures = [
        f for f in reader.figures if not (f.value is not None and f.value < 1 and f.bound != "none")
    ]
    if not figures:
        return []
    named = re.match(r"\s*[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,2}:", item)
    if named and not any(m.start < named.end() for m in reader.places):
        return []  # "Price: 300" under a list of places: no place, no count
    f = figures[0] if named else figures[-1]
    if _screened(reader, f):
        return []  # "Volunteers on duty: 120", "Rents have risen by some 60%"
    since = next((t for t in header.times if t.kind == "since"), None)
    days = [t for t in reader.times if t.kind in ("point", "by")] or [
        t for t in header.times if t.kind == "point"
    ]
    if since is not None and metric.startswith("daily_"):
        # "Arrivals since Sept. 21, by country:" then "Georgia: 53,000 (to Sept. 27)"
        metric = metric.replace("daily_", "cumulative_")
        end = days[0].date_to if days else header.spoken
        days = [TimeExpr(0, 0, "point", since.date_from, end)]
    day = context.list_period
    if not days and day and day[0] == day[1] and metric.startswith("daily_"):
        # "By checkpoint (entry):" after "Over the past day (26 September), ...": that day
        days = [TimeExpr(0, 0, "point", *day)]
    if not days:
        return None
    crossings = [m for m in reader.places if m.kind == "crossing"]
    if crossings:
        crossing, country = crossings[0].id, header.gaz.country_of(crossings[0])
    else:
        countries = [
            m for m in [*reader.places, *header.places] if m.kind == "country" and m.id != "Russia"
        ]
        crossing, country = "", (countries[0].id if countries else context.country)
    if metric in CROSSING_ONLY and not crossing:
        return []
    d = days[0]
    if metric.startswith("daily_") and d.date_from != d.date_to and not RATE.search(header.s):
        metric = metric.replace("daily_", "cumulative_")  # "by crossing point, week 39:"
    row = Row(
        metric,
        country,
        crossing,
        d.date_from,
        d.date_to,
        f.value,
        f.low,
        f.high,
        header.who,
        f"{header.s} {item}".strip(),
        0.0,
        ["list line"],
    )
    row.rule = "list"
    row.confidence = RULE_CONFIDENCE["list"]
    return [row]


def read_list_total(line: str, listed: list[Row], header: SentenceReader) -> Row | None:
    """ "Week total: 51,405" right under list lines of one daily metric: its cumulative count over
    the listed days. None for any other line."""
    metrics = {r.metric for r in listed}
    if not TOTAL_LINE.match(line) or len(metrics) != 1 or not metrics.pop().startswith("daily_"):
        return None
    figures = find_figures(line.split(":", 1)[1])
    days = [d for r in listed for d in (r.date_from, r.date_to) if d is not None]
    stated = _stated_period(line, header)
    days = list(stated) if stated else days
    if not figures or not days:
        return None
    f, first = figures[-1], listed[0]
    kind = first.metric.removeprefix("daily_")
    if kind == "vehicles":
        return None  # vehicles are counted per day only
    row = Row(
        f"cumulative_{kind}",
        first.place,
        first.crossing,
        min(days),
        max(days),
        f.value,
        f.low,
        f.high,
        header.who,
        f"{header.s} {line}".strip(),
        RULE_CONFIDENCE["list"],
        ["list total"],
    )
    row.rule = "list"
    return row


def _stated_period(line: str, header: SentenceReader) -> tuple | None:
    """The period a total line states in brackets ("(Mon 26 Sep - Sun 2 Oct)"), else None."""
    bracket = re.search(r"\(([^()]*)\)", line.split(":", 1)[0])
    if not bracket:
        return None
    reader = SentenceReader(
        bracket.group(1), header.gaz, header.published, header.announced, Context()
    )
    dated = [t for t in reader.times if t.date_from is not None and t.date_to is not None]
    if not 1 <= len(dated) <= 2:
        return None  # one span, or two days that open and close it
    start, end = dated[0].date_from, dated[-1].date_to
    return (start, end) if start < end else None
