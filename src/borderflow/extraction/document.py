"""One report read sentence by sentence: paragraphs, list lines under their header, datelines,
and the context (country, crossing, metric, day) carried from one sentence to the next."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from borderflow.extraction.corrections import corrected
from borderflow.extraction.lists import (
    LIST_GAP,
    LIST_ITEM,
    list_metric,
    read_list_item,
    read_list_total,
)
from borderflow.extraction.reader import PAST, Context, Row, SentenceReader
from borderflow.extraction.rules import read_sentence
from borderflow.extraction.tables import TableRow
from borderflow.extraction.text import blanked, paragraphs, sentences
from borderflow.extraction.vocabulary import (
    CALLUP,
    DENIED,
    ENTRY,
    EXIT,
    QUEUE,
    VEHICLE_WORDS,
    WAIT,
)
from borderflow.scenario.gazetteer import Gazetteer


def read_report(
    text: str, gazetteer: Gazetteer, published: date, announced: date, keep_other: bool = False
) -> list[Row]:
    """Every candidate row of one report, in reading order."""
    context = Context(report_country=_only_country(text, gazetteer))
    rows: list[Row] = []
    header: SentenceReader | None = None
    listed: list[Row] = []  # the rows of the list being read
    table = _Table()
    for paragraph in paragraphs(text):
        bullet = re.match(r"\s*[-•*–—]\s+\S", paragraph)  # "- Grebneva: no queue" too
        item = LIST_ITEM.match(paragraph) or LABEL_LINE.match(paragraph) or bullet
        if not (item or isinstance(paragraph, TableRow)):
            context.topic_day = context.past_day = None  # list items keep their header's date
        if listed and LIST_GAP.match(paragraph):
            continue  # "Sat 24 Sep - n/a": the list goes on
        listed_line = LIST_ITEM.match(paragraph) or _labelled_place(paragraph, gazetteer)
        if header is not None and listed_line and not _self_described(paragraph):
            found = read_list_item(paragraph, header, context, keep_other)
            if found is not None:
                rows.extend(found)
                listed.extend(found)
                _remember(context, found)
                continue
        total = read_list_total(paragraph, listed, header) if header is not None else None
        listed = []
        if total is not None:
            rows.append(total)
            _remember(context, [total])
            continue
        paragraph = table.begin_row(paragraph, context)
        # a note in brackets or a list's own line is no list's header
        heads_a_list = not (re.fullmatch(r"\(.*\)\W*", paragraph) or LIST_ITEM.match(paragraph))
        for sentence in sentences(paragraph):
            table.begin_cell(context)
            reader = SentenceReader(sentence, gazetteer, published, announced, context)
            if _is_dateline(paragraph, reader):
                _read_dateline(paragraph, reader, context)
                header = reader if list_metric(reader.s) else header  # "ARRIVALS, MONDAY 26 SEP"
                continue
            found = corrected(rows, read_sentence(reader, keep_other), reader, context, keep_other)
            rows.extend(found)
            _update(context, reader, found)
            if heads_a_list:
                header = reader
                context.list_period = context.last_period
        table.end_row(context)
    return rows


def _only_country(text: str, gazetteer: Gazetteer) -> str:
    """The host country a report is about, when it names one and no other (by name, adjective
    or crossing): "all eastern crossings" in a Finnish weekly summary are Finland's."""
    named = {
        gazetteer.crossing_country.get(m.id, "") if m.kind == "crossing" else m.id
        for m in gazetteer.find(text)
    }
    named -= {"Russia", ""}
    return named.pop() if len(named) == 1 else ""


# "Arrivals of Russian citizens: 3,211": a labelled line of a table under a dated header
LABEL_LINE = re.compile(r"^[^:\d]{2,50}:\s*[~≈]?\s*\d[\d,.]*\s*[\w+]*\s*$")


def _labelled_place(paragraph: str, gazetteer: Gazetteer) -> bool:
    """A labelled line that names a place or a total ("Vaalimaa: 1,410", "Total, all land
    crossing points: 3,120"), read under its heading; not a table's cell (read as a sentence)
    nor "Staff on duty: 40"."""
    if isinstance(paragraph, TableRow) or not LABEL_LINE.match(paragraph):
        return False
    label = paragraph.split(":")[0]
    return bool(gazetteer.find(label) or re.search(r"\btotal\b", label, re.IGNORECASE))


# "by land through Georgia", "to fly on to Dubai": a country on the way, not the report's
PASSED_THROUGH = (
    re.compile(  # the last of a list after "onward to" too: "to Turkey, ... or Georgia"
        r"\b(?:through|via|from|(?:on|onward|fly|flew|flying)\s+to)\s+"
        r"(?:(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?(?:,\s*|\s+(?:or|and)\s+))*(?:the\s+)?$",
        re.I,
    )
)
# "Less than in Finland or Georgia", "unlike Kazakhstan": a country compared with, not the one
# the report is about
COMPARED_WITH = re.compile(
    r"\b(?:than|unlike|compared\s+(?:with|to)|as\s+in)\s+(?:in\s+|at\s+)?(?:the\s+)?"
    r"(?:[A-Z][\w-]*(?:,\s*|\s+(?:or|and)\s+))*$"
)
INTERVIEWED = re.compile(
    r"\b(?:spoke|talked)\s+(?:to|with)\s+(?:us|me|this\s+(?:paper|newspaper|outlet))\b", re.I
)
WEEKDAY_ABBREV = re.compile(
    r"\b(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\b\.?", re.IGNORECASE
)
PERIOD_LINE = re.compile(
    r"\W*(?:reporting\s+)?period\b|[^.]{0,40}\bcover(?:s|ing)\b|\W*week\s+\d{1,2}\b", re.I
)


def _self_described(item: str) -> bool:
    """A list line that says what it counts ("* Georgia: 53,000 arrivals since Sept 21") reads
    as a sentence; a bare one ("Wed 21 Sep: 4,824") takes its subject from the header."""
    return bool(
        ENTRY.search(item)
        or EXIT.search(item)
        or QUEUE.search(item)
        or CALLUP.search(item)
        or WAIT.search(item)
        or VEHICLE_WORDS.search(item)  # "Cars passing Vaalimaa on Sunday: 1,350."
        or re.search(r"\bdepartures\b", item, re.IGNORECASE)
    )


# "[23.09 08:14]", "... (export, 29 September 2022)": a post's or an export's date in brackets
_WRAPPED_DATE = re.compile(
    r"^\[([^\[\]]*)\]$|\((?:export(?:ed)?|updated|as\s+of)\b,?\s*([^()]*)\)$", re.IGNORECASE
)


# who posted, after a post's date and hour: "27.09, 23:05 — Artur", "07 Oct 2022 | 21:05 |
# ural_rider"; and a post's number before it: "Post #1 | ..."
_POSTED_BY = re.compile(
    r"(?<=\d)\s*(?:[|—–]|\s-)\s*@?[\w.]{2,30}(?:\s+[A-Z][\w.]*)?\s*$"
    r"|^\W*(?:post\s+)?#\d{1,4}\s*[|—–:]\s*",
    re.IGNORECASE,
)


def _is_dateline(paragraph: str, reader: SentenceReader) -> bool:
    """A short line that only dates the statement below it: "Tbilisi, 27 September 2022", a
    forum post's "Vyborgsky | Sat 24 Sep 2022, 08:40", a chat post's "[23.09 08:14]", or a chat
    export's title "Group chat (export, 29 September 2022)"."""
    if len(paragraph) > 90:
        return False  # and no reading of a long paragraph for each of its sentences
    days = [t for t in reader.times if t.one_day]
    line = re.sub(  # the hour aside: "..., 08:40", "..., as of 08:00"
        r"(?:[,|]\s*(?:as\s+of\s+)?\d{1,2}[:.]\d{2}|\s+(?:as\s+of\s+)?\d{1,2}:\d{2})\s*$",
        "",
        re.sub(_POSTED_BY, "", re.sub(_WRAPPED_DATE, r"\1\2", paragraph.strip()).rstrip(" .")),
        flags=re.I,
    ).rstrip()
    return (
        not _narrates(line[: len(line) - len(days[0].text)] if days else line)
        and len(reader.times) == 1
        and len(days) == 1
        and bool(re.search(r"\d", days[0].text))
        and line.endswith(days[0].text.rstrip(" ."))
        and not [
            f for f in reader.figures if f.end <= len(line) and paragraph[: f.start][-1:] != "#"
        ]
    )


def _narrates(head: str) -> bool:
    """A line that tells something before its day ("Visa holders were barred on 30 September")
    is a sentence, not a dateline; "Updated 27 September", "Posted on" are datelines."""
    return bool(PAST.search(re.sub(PUBLISHED, "", head)))


# a line saying when the report was issued: no new day of what it reports
PUBLISHED = re.compile(
    r"\b(?:published|generated|issued|released|prepared|compiled|posted|updated|exported|filed|"
    r"dated|edited)\b",
    re.IGNORECASE,
)


@dataclass
class _Table:
    """What the rows of the table being read keep from the text above it: its crossing (one
    cell's crossing is not the next cell's, and the table leaves none to the text after it) and
    its day (a day a row names stays in that row), and what the line above it counts."""

    open: bool = False
    crossing: tuple[str, str] = ("", "")
    day: tuple[date | None, date | None] = (None, None)
    counts: str = ""  # "VEHICLES WAITING ON THE RUSSIAN SIDE": the metric of unnamed cells

    def begin_row(self, paragraph: str, context: Context) -> str:
        in_table = isinstance(paragraph, TableRow)
        if in_table and not self.open:
            self.crossing = context.crossing, context.people_crossing
            self.counts = context.heading_metric
        elif self.open and not in_table:
            context.crossing, context.people_crossing = self.crossing
        self.open = in_table
        self.day = context.topic_day, context.past_day
        return _measured(_dated_row(paragraph, context), self.counts) if in_table else paragraph

    def begin_cell(self, context: Context) -> None:
        if self.open:
            context.crossing, context.people_crossing = self.crossing

    def end_row(self, context: Context) -> None:
        if self.open:
            context.topic_day, context.past_day = self.day


def _read_dateline(paragraph: str, reader: SentenceReader, context: Context) -> None:
    """A dateline's day, and the places it names ("Finland, arrivals of Russians, 27 September
    2022"); a day alone ("Tue 27 Sep") is also the day of the items under it."""
    rest = re.sub(WEEKDAY_ABBREV, "", paragraph.replace(reader.times[0].text, ""))
    titled = list_metric(paragraph) and not _WRAPPED_DATE.search(paragraph.strip())
    if titled:  # "ARRIVALS OF RUSSIAN CITIZENS, MONDAY 26 SEPTEMBER": the day
        context.topic_day = reader.times[0].date_to  # of the counts under it, not of the report
        return
    context.dateline = reader.times[0].date_to
    if not re.search(r"[^\W\d]", rest):  # and what they say of "the past day"
        context.topic_day = context.dateline
    if not PUBLISHED.search(paragraph):  # "Prepared by the unit, published Monday 10 October"
        context.report_period = None  # a new day: no earlier report period dates what follows
    _places(context, reader)


def _dated_row(row: TableRow, context: Context) -> TableRow:
    """A table row that names no day of its own takes the report's period ("period: 26
    September - 2 October"), else the day the line above the table or its dateline names."""
    if row.dated:
        return row
    if context.topic_day is None and context.report_period is not None:
        counts = [_in_the_period(s) for s in sentences(row)]
        return TableRow.of(" ".join(counts), dated=True)
    if context.topic_day is None and not context.dateline_as_of:
        context.topic_day = context.dateline  # "Finnish border, Sunday 2 October" over it
    return row  # under "as of 4 October" an undated count runs to that day


# what a table's title counts, said after each figure of a row that names no measure
_NOUN = {
    "daily_entries": "people entered",
    "daily_exits": "people left",
    "queue_vehicles": "cars waiting",
}


def _measured(row: TableRow, counts: str) -> TableRow:
    """A row that names nothing it measures ("Narva on 26 Sep-2 Oct: 5,320.") under a title
    that does ("Russian citizens entering via the land crossing points"): its figures count
    what the title counts."""
    noun = _NOUN.get(counts)
    measured = (ENTRY, EXIT, QUEUE, WAIT, CALLUP, VEHICLE_WORDS)
    if noun is None or any(p.search(row) for p in measured):
        return row
    said = [
        cell if _UNIT_LABEL.search(cell.split(":")[0]) else re.sub(_CELL_END, rf"\1 {noun}.", cell)
        for cell in sentences(row)
    ]
    return TableRow.of(" ".join(said), row.dated)


_CELL_END = re.compile(r"(:\s*[~≈]?\s*\d[\d,. ]*)\.")
# a column with a unit of its own measures no people: "Length (km)", "Hours open"
_UNIT_LABEL = re.compile(
    r"\b(?:km|kilomet\w*|miles?|hours?|hrs?|h|min\w*|length|lanes?|staff|booths?|open)\b|%", re.I
)


def _in_the_period(cell: str) -> str:
    """A table cell's sentence said of the report period ("Entries at X in the reporting period:
    1,912.", "1,021 cars crossed at X in the reporting period."); a queue or a wait is of one
    moment, not of the period."""
    if QUEUE.search(cell) or WAIT.search(cell):
        return cell
    if re.search(r":\s", cell):
        return re.sub(r":\s", " in the reporting period: ", cell, count=1)
    return re.sub(r"\.?\s*$", " in the reporting period.", cell, count=1)


def _remember(context: Context, rows: list[Row]) -> None:
    """The periods of list rows, for a later "the same period" or "the seven days"."""
    for row in rows:
        if row.date_from is not None and row.date_to is not None:
            context.last_period = (row.date_from, row.date_to)
            context.periods.append(context.last_period)


def _day_heading(reader: SentenceReader):
    """A sentence that is only a day ("Sunday.", "Monday morning.", "Saturday, the 24th.",
    "Mon 26.09"): a diary's or a log's heading, whose day the sentences after it are about."""
    days = [t for t in reader.times if t.one_day]
    if reader.figures or not days or len({t.date_to for t in days}) != 1:
        return None  # "Yesterday (Wednesday 28 September)": two names of one day
    rest = re.sub(r"[,()]", " ", reader.masked).strip(" .")
    words = r"the|morning|afternoon|evening|night|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun"
    return days[0] if re.fullmatch(rf"(?:(?:{words})\.?\s*)*", rest, re.IGNORECASE) else None


def _as_of_heading(reader: SentenceReader):
    """A heading without figures that says when its figures stand ("KAZAKHSTAN: KEY FIGURES (as
    of 3 October)"): its day."""
    days = [  # "Summary as of 9 October 2022 (published 10 October)": the first
        t
        for t in reader.times
        if t.date_from
        and t.date_from == t.date_to
        and re.search(r"\bas\s+(?:of|at)\s+$", reader.s[: t.start], re.IGNORECASE)
    ]
    if reader.figures or len(days) != 1 or len(reader.s) > 100:
        return None
    return days[0]


COUNTS_FOR = re.compile(
    r"\b(?:figures|data|numbers|counts|totals|traffic|statistics)\s+(?:are\s+)?(?:for|of)\s+$", re.I
)
COUNTS_OF = re.compile(  # "Monday's figures"
    r"^(?:['’]s)?\s+(?:\w+\s+)?(?:figures|data|numbers|counts|totals|statistics)\b", re.I
)


# "Monday's figures are not in yet", "will follow", "still awaited": no counts of that day here
COUNTS_MISSING = re.compile(
    r"\b(?:not|no|yet|will|awaited|due|pending|delayed|later|missing|unavailable)\b", re.I
)


def _counts_day(reader: SentenceReader) -> date | None:
    """The one day a line without figures says the counts below are of ("Totals for Monday 3
    October", "(figures for 27 September unless stated)"): queues and waits keep their own."""
    if reader.figures or len(reader.s) > 120 or COUNTS_MISSING.search(reader.s):
        return None
    days = [
        t
        for t in reader.times
        if t.one_day
        and (COUNTS_FOR.search(reader.s[: t.start]) or COUNTS_OF.match(reader.s[t.end :]))
    ]
    return days[0].date_to if len(days) == 1 else None


def _past_day(context: Context, reader: SentenceReader) -> None:
    """The day a sentence opens with ("On Monday morning some 550 cars ...") or the one day it
    names ("Traffic reached its high on Monday."), unless compared with or planned for: later
    sentences of the paragraph in the past tense that name no time are about that day."""
    if not reader.times:
        return
    days = [
        t
        for t in reader.times
        if t.one_day
        and not reader.compared(t)
        and not PUBLISHED.search(reader.s[max(0, t.start - 25) : t.start])  # "(generated 17 Oct)"
    ]
    opens = days and days[0].start <= 3
    named = len(days) == 1 and not re.search(
        r"yesterday|today|tonight|last\s+night|this\s|now", days[0].text, re.I
    )
    planned = re.search(r"\b(?:plans?|will|going\s+to|expects?|hopes?)\b", reader.s, re.I)
    context.past_day = days[0].date_to if (opens or named) and not planned else None
    context.past_day_named = bool(context.past_day) and named


def _places(context: Context, reader: SentenceReader) -> None:
    """The crossing and country a sentence names, for the sentences after it."""
    crossings = [m for m in reader.places if m.kind == "crossing"]
    countries = [  # not a country passed through ("by land through Georgia")
        m
        for m in reader.places
        if m.kind == "country"
        and m.id != "Russia"
        and not PASSED_THROUGH.search(reader.s[max(0, m.start - 80) : m.start])
        and not COMPARED_WITH.search(reader.s[max(0, m.start - 60) : m.start])
    ]
    if crossings:
        context.crossing = crossings[-1].id
        context.country = reader.gaz.country_of(crossings[-1])
        title = len(reader.s) < 80 and not reader.figures and not re.search(r"[.!?:]\W*$", reader.s)
        rest = blanked(reader.s, [(m.start, m.end) for m in crossings])
        section = not re.search(r"[^\W\d_]", rest)  # "KYAKHTA / ALTANBULAG" over its figures
        if section or not (title or QUEUE.search(reader.masked) or WAIT.search(reader.masked)):
            context.people_crossing = context.crossing  # not after a title "The Road Through X"
    elif countries:
        context.country = countries[-1].id
        if reader.gaz.crossing_country.get(context.crossing) != context.country:
            context.crossing = ""


def _heading_metric(reader: SentenceReader) -> str | None:
    """What a line says the figures under it count ("Russian citizens entering via the land
    crossing points", "VEHICLES WAITING ON THE RUSSIAN SIDE AT 08:00"): a metric, "" for
    something else (cars that are no line), None when it names nothing counted."""
    line = reader.masked
    waiting = QUEUE.search(line) or re.search(r"\bwaiting\b", line, re.IGNORECASE)
    if DENIED.search(line):
        return ""
    if VEHICLE_WORDS.search(line):
        return "queue_vehicles" if waiting else ""
    if EXIT.search(line):
        return "daily_exits"
    if ENTRY.search(line) or re.search(r"\barrivals\b", line, re.IGNORECASE):
        return "daily_entries"
    return None


def _update(context: Context, reader: SentenceReader, rows: list[Row]) -> None:
    observed = [r for r in rows if r.metric != "other"]
    said = _heading_metric(reader)
    if observed:
        context.heading_metric = ""  # a count was read: no title over what follows
    elif said is not None:
        context.heading_metric = said  # a note in brackets under the title keeps it
    first = min([f.start for f in reader.figures] + [len(reader.s)])
    as_of = re.match(r"\s*as\s+of\b", reader.s, re.IGNORECASE)
    opening = next(  # "On 27 September, ...", "As of 07:00 on 3.10.2022 in the direction ..."
        (
            t
            for t in reader.times
            if t.end < first
            and (
                reader.s[t.end : t.end + 1] == ","
                or as_of
                and t.start <= 15
                or t.start <= 1
                and re.match(r"\s+[—–-]\s", reader.s[t.end :])  # "Sept 27 — The ministry says"
            )
        ),
        None,
    )
    if reader.s.rstrip().endswith((":", "...", "…")):  # "Figures for 27 September below..."
        days = [t for t in reader.times if t.one_day]
        opening = days[-1] if len(days) == 1 else opening  # "Traffic on Sunday 2 October:"
    dated = opening is not None and re.search(  # a calendar date or a day's name, not "today"
        r"\d|\b(?:mon|tues|wednes|thurs|fri|satur|sun|yester)day\b|\bpast\s+day\b",
        opening.text,
        re.IGNORECASE,
    )
    as_of = _as_of_heading(reader)
    if as_of is not None:
        context.dateline = as_of.date_to  # the day the figures under it stand at
        context.dateline_as_of = True
    heading = _day_heading(reader)
    if heading is not None:
        opening, dated = heading, True
    if dated and opening.kind in ("point", "by") and opening.date_from == opening.date_to:
        context.topic_day = opening.date_to  # "On 27 September, ...", "As of 08:00 on 28 Sep, ..."
        context.topic_as_of = bool(re.search(r"\bas\s+of\b", reader.s[: opening.start], re.I))
    _past_day(context, reader)
    days = [t for t in reader.times if t.one_day]
    if not observed and len(days) == 1 and INTERVIEWED.search(reader.s):
        context.dateline = days[0].date_to  # "He spoke to us on Thursday.": the answers' day
    _places(context, reader)
    spans = [t for t in reader.times if t.kind == "point" and t.date_from != t.date_to]
    one_span = len({(t.date_from, t.date_to) for t in spans}) == 1  # "week 39 (26 Sep to 2 Oct)"
    past = bool(spans) and spans[0].date_to <= reader.published  # not a policy's coming period
    heading = len(reader.s) <= 100 and one_span and past and not re.search(r"[.!?]\s*$", reader.s)
    if not reader.figures and spans and (PERIOD_LINE.match(reader.s) or heading):
        context.last_period = (spans[0].date_from, spans[0].date_to)  # "the reporting period"
        context.periods.append(context.last_period)
        if re.match(r"\W*(?:reporting\s+)?period\b|\W*week\s+\d", reader.s, re.I) or heading:
            context.report_period = context.last_period  # "period: 26 September - 2 October"
    elif not reader.figures:  # "in the first ten days after the order", then "in those ten days"
        context.periods.extend((t.date_from, t.date_to) for t in spans)
    counted = _counts_day(reader)
    if counted is not None and counted != context.topic_day:
        context.report_period = context.last_period = (counted, counted)  # "(figures for 27 Sep)"
        context.periods.append(context.last_period)
        context.topic_day = None  # "As of 28 September, 10:00" is the time of its queues only
    if not reader.figures and not DENIED.search(reader.s):
        # "Arrivals at X kept rising." names the subject a following "The figure was N" counts
        clause = reader.masked
        queue = re.search(r"\b(?:queue|tailback|line\s+of\s+(?:cars|vehicles))\b", clause, re.I)
        if queue and not (ENTRY.search(clause) or EXIT.search(clause)):
            context.metric = "queue_km"  # "Got to the back of the queue." then "It's ~15 km long."
        elif re.search(r"\bwait(?:ing)?[\s-]+times?\b", clause, re.IGNORECASE):
            context.metric = "wait_hours"  # "Wait-time check." then "We've been here 36 hours"
        elif EXIT.search(clause):
            context.metric = "daily_exits"
        elif ENTRY.search(clause) or re.search(r"\barrivals\b", clause, re.IGNORECASE):
            since = any(t.kind == "since" for t in reader.times)
            context.metric = "cumulative_entries" if since else "daily_entries"
    national = any(r.metric.endswith("entries") and not r.crossing for r in observed)
    if national and not any(m.kind == "crossing" for m in reader.places):
        context.crossing = ""  # a country-wide count: later figures are not the crossing's
    if observed:
        context.metric = observed[-1].metric
    if reader.who:
        context.who = reader.who
