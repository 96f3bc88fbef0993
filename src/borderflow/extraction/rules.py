"""The rules that turn one sentence's figures into candidate observations.

For each figure: its unit (the noun after it), its metric (cue words in its clause), its place
and crossing (gazetteer mentions, else the previous sentence's), its period (time expressions of
its clause, else the date the cited person spoke, else the publication date), its bounds (from
`numbers`) and whom the report cites. Figures about casualties, protests, border lengths,
distances, years, percentages and other things are `other` and never observations.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from borderflow.extraction.calibration import RULE_CONFIDENCE
from borderflow.extraction.directions import exits, several_countries
from borderflow.extraction.measures import duration, height, km, length
from borderflow.extraction.numbers import Figure
from borderflow.extraction.periods import TALLY, clause_since, earlier_span, period, same_span
from borderflow.extraction.reader import Row, SentenceReader, unit_after
from borderflow.extraction.screen import screen
from borderflow.extraction.segments import clause_rest, figure_words
from borderflow.extraction.vehicles import (
    COUNTING,
    ON_A_SIDE,
    THERE_ARE,
    at_a_crossing,
    board_line,
    crossed_here,
)
from borderflow.extraction.vocabulary import (
    ABROAD,
    AGENT,
    BORDER_LENGTH,
    CALLUP,
    COMPARE,
    COMPARISON,
    COUNTED,
    CROSSING_ONLY,
    DAILY_SUBJECT,
    DENIED,
    DEPART,
    DONE,
    DONE_AFTER,
    ELSEWHERE,
    ENTRY,
    ESTIMATE,
    FACTORS,
    FIGURE_OF,
    FUNCTION,
    LEFT_RUSSIA,
    NOT_FLOW,
    OBJECT_OF,
    PLAN_AFTER,
    PLAN_BEFORE,
    PROJECTED,
    QUEUE,
    RATE,
    REFERS_BACK,
    SUBJECT_OF,
    TO_HOURS,
    TO_KM,
    UNIT_WORDS,
    VEHICLES_CROSSED,
    VERB,
)


def classify(reader: SentenceReader, f: Figure, inherited: str) -> tuple[str, Figure] | None:
    """The metric of a figure and the figure in the metric's unit; None if it observes nothing."""
    s = reader.s
    clause = _own_clause(reader, f)
    unit = unit_after(s, f.end) or _subject_unit(reader, f) or _sibling_unit(reader, f)
    after = s[f.end : f.end + 80]
    before = s[max(0, f.start - 40) : f.start]
    if f.bound == "none":
        return _zero(reader, f, clause, inherited)
    verdict = screen(reader, f, unit, clause, before, after)
    if verdict:
        return ("other", f) if verdict == "other" else None
    fallback = inherited if inherited in COMPATIBLE.get(unit or "", ()) else ""
    if unit in TO_HOURS and (inherited in ("queue_vehicles", "queue_km") or board_line(reader, f)):
        fallback = "wait_hours"  # "Syrym: 600+ cars, ~12h": a line's cars, then its hours
    if unit == "vehicle" and board_line(reader, f):
        fallback = "queue_vehicles"  # "KZ-Syrym: 600+ cars"
    if unit == "vehicle" and inherited == "queue_km" and not VERB.search(reader.masked):
        fallback = "queue_vehicles"  # "about 400 m of cars, maybe 50 cars": the line in cars
    if unit == "metre":
        of_cars = re.match(
            r"\s*\w+\s+of\s+(?!abandoned|parked|burnt|wrecked)(?:\w+\s+){0,2}?(?:cars|vehicles|traffic)\b",
            after,
        )
        if not (QUEUE.search(clause) or of_cars) or BORDER_LENGTH.search(clause):
            return None  # "about 400 m of cars" is a line; "a 300 m bridge" is not
        if height(reader, f):
            return None
        return "queue_km", km(f.scaled_by(0.001))
    if unit in TO_KM:
        return length(reader, f, unit, clause, before, after, fallback)
    if unit in TO_HOURS:
        return duration(reader, f, unit, clause, before, after, fallback)
    if unit == "vehicle":
        if crossed_here(reader, f, fallback):
            return "daily_vehicles", f  # "1,021 cars leaving through X, 986 through Y, ... lines"
        standing = (
            ON_A_SIDE.search(clause_rest(reader, f))
            or THERE_ARE.search(before)
            or at_a_crossing(reader, f)  # "about 800 cars at Bugristoye"
            or _with_a_wait(reader)  # "At Taskala: about 120 vehicles, and a wait of four hours"
        ) and not COUNTING.search(clause)  # "officials counted 800 cars at Upper Lars"
        in_it = re.search(r"\bin\s+it\b", clause) and reader.context.metric.startswith("queue")
        if QUEUE.search(clause) or in_it or (standing and not VEHICLES_CROSSED.search(clause)):
            return "queue_vehicles", f  # "~600 cars on the Russian side", "there are 160 units"
        if VEHICLES_CROSSED.search(clause) or DEPART.search(clause):
            return "daily_vehicles", f
        last = reader.context.metric
        estimate = _an_estimate(reader, f)
        if (REFERS_BACK.search(before) or estimate) and last == "queue_km":
            last = "queue_vehicles"  # "The line is 30 km long. The region puts it at 3,500 cars."
        back = not VERB.search(s) or REFERS_BACK.search(before) or estimate
        if not fallback and back and last in COMPATIBLE["vehicle"]:
            fallback = last  # "At the checkpoint X - about 340 units.": the same
        return (fallback, f) if fallback else None
    if unit is None:
        return _bare(reader, f, clause, before, inherited)
    return _person_metric(reader, f, clause, inherited)


def _bare(reader: SentenceReader, f: Figure, clause: str, before: str, inherited: str):
    """A figure with no unit noun: it continues the count before it, or takes its subject."""
    last = reader.context.metric
    if inherited == "daily_vehicles" or (FIGURE_OF.search(before) and last == "daily_vehicles"):
        return "daily_vehicles", f  # "At Brusnichnoye the count was 986, and at Svetogorsk 852"
    if inherited in COMPATIBLE["vehicle"] and COMPARE.search(clause):
        return inherited, f  # "3,100 cars in the queue, compared with 5,600 on Monday"
    if REFERS_BACK.search(before) and reader.context.metric in COMPATIBLE["vehicle"]:
        return reader.context.metric, f  # "... ~450 cars. Yesterday it was up to 600."
    counted = COUNTED.search(before)
    by_whom = re.search(r"\b(?:it|they|he|she|we)\b", before, re.I) or AGENT.search(before)
    if counted and by_whom and reader.context.metric in COMPATIBLE["vehicle"]:
        return reader.context.metric, f  # "... the line of cars. On Monday it counted 5,600."
    if FIGURE_OF.search(before) or counted:
        # "the figure was 14,900", "put the daily number at around 10,000": the subject is the
        # sentence's own cue word, else the previous sentence's
        found = _person_metric(reader, f, clause, inherited or reader.context.metric)
    else:
        found = _person_metric(reader, f, clause, inherited)
    if found is None and (inherited or last) == "queue_vehicles" and _an_estimate(reader, f):
        return "queue_vehicles", f  # "... the line at Syrym. A blogger counted roughly 2,500."
    return found


def _with_a_wait(reader: SentenceReader) -> bool:
    """Cars at a crossing the sentence names, told with the wait there: the line."""
    named = any(m.kind == "crossing" for m in reader.places)
    return named and bool(re.search(r"\bwait(?:s|ing)?\s+(?:of|is|was|time)\b", reader.s, re.I))


def _an_estimate(reader: SentenceReader, f: Figure) -> bool:
    """A source's estimate that ends its clause ("a blogger counted roughly 2,500", "they said
    around 2k"), not a figure a verb goes on about ("says 1,014 cars went out via X")."""
    rest = clause_rest(reader, f)
    return bool(ESTIMATE.search(reader.s[max(0, f.start - 70) : f.start])) and not (
        VERB.search(rest) or re.search(r"\b(?:went|gone|out|through|via)\b", rest)
    )


PEOPLE_COUNTED = re.compile(
    r"\b(?:handled|logged|registered|recorded|counted|tallied|clocked|"
    r"let\s+(?:[\w,]+\s+){1,4}?(?:through|in))\b",
    re.IGNORECASE,
)
NOT_AT_THE_BORDER = re.compile(
    r"\b(?:place\s+of\s+(?:stay|residence)|residen\w+|refugees?|cars?|vehicles?|trucks?|lorries|"
    r"buses)\b",
    re.IGNORECASE,
)


def _went_to_a_country(reader: SentenceReader) -> bool:
    """ "51,000 Russians had gone to Georgia": people who went to a country the gazetteer names
    (not "went to Istanbul")."""
    countries = {p.start for p in reader.places if p.kind == "country" and p.id != "Russia"}
    went = re.finditer(r"\b(?:went|gone|headed|moved)\s+(?:in)?to\s+", reader.s, re.IGNORECASE)
    return any(m.end() in countries for m in went)


def _people_counted(reader: SentenceReader, f: Figure, clause: str) -> bool:
    """People counted into a host country: "Georgia logged 11,000", "the post handled 643
    Russians", "let 402 people through Storskog"; not residents registered, refugees or cars.
    A figure with no unit noun needs the host country in its own clause."""
    if not PEOPLE_COUNTED.search(clause) or NOT_AT_THE_BORDER.search(clause):
        return False
    s, e = reader.clauses[reader.clause_of(f.start)]
    countries = [m for m in reader.places if m.kind == "country" and m.id != "Russia"]
    if unit_after(reader.s, f.end) is None:
        return any(m.strong and s <= m.start < e for m in countries)
    named = countries or any(m.kind == "crossing" for m in reader.places)
    return bool(named) or bool(reader.context.crossing)


def _sibling_unit(reader: SentenceReader, f: Figure) -> str | None:
    """ "around 600 cars last night, ~350 this morning": the unit of the figure just before."""
    earlier = [g for g in reader.figures if g.end <= f.start]
    if not earlier or re.match(r"\s+of\b", reader.s[f.end :]):
        return None  # "~40 cars an hour, one of them told me": no count of cars
    word = re.match(r"\s*([a-z]+)", reader.masked[f.end :])
    if word and word.group(1) not in FUNCTION and word.group(1) not in ("through", "via"):
        return None  # "at least 15 km, four abreast": the word after says what it counts
    gap = reader.masked[earlier[-1].end : f.start]
    listed = re.fullmatch(r"\s*(?:through|via)\s+(?:[\w-]+\s+){0,2}?[\w-]+\s+and\s+", gap)
    if not listed and not re.fullmatch(
        r"\s*(?:[\w-]+\s+){0,6}?[\w-]*\s*,\s*(?:and\s+|then\s+)?", gap
    ):
        return None  # "1,021 cars through X, 986 through Y and 852 through Z": the same unit
    g = earlier[-1]  # "Queue length (km): 12 on 2 Oct, 9 on 3 Oct": the subject's unit too
    return unit_after(reader.s, g.end) or _subject_unit(reader, g) or _sibling_unit(reader, g)


def _own_clause(reader: SentenceReader, f: Figure) -> str:
    """The figure's clause; with the clause before it when the figure opens its clause after a
    dash ("before the checkpoint Syrym - 1,240 units"): that clause is its subject."""
    i = reader.clause_of(f.start)
    s0 = reader.clauses[i][0]
    if i > 0 and re.fullmatch(r"[\s\-–—:]*", reader.s[s0 : f.start]):
        return reader.clause_text(i - 1) + reader.clause_text(i)
    return reader.clause_text(i)


def _subject_unit(reader: SentenceReader, f: Figure) -> str | None:
    """The unit a bare figure takes from its subject: "the number of vehicles in the queue is
    3,300", "Cars passing Vaalimaa on Sunday: 1,350"."""
    s0 = reader.clauses[reader.clause_of(f.start)][0]
    before = reader.s[s0 : f.start]
    m = SUBJECT_OF.search(before)
    words = m.group(1).split() if m else []
    if not m and re.search(
        r":\s*(?:[A-Z][\w-]+\s+)?(?:~|some|about|around|approx\.?|approximately|roughly|maybe)?\s*$",
        before,
    ):
        # a "Subject: N" line, or "cars out of Russia: Torfyanovka 1,021, Brusnichnoye 986"
        words = re.findall(r"[\w-]+", before.split(":")[0])
    counted = re.search(  # "Vaalimaa   vehicles processed 1,140": the unit before its verb
        r"\b(cars|vehicles|units|persons|people)\s+(?:processed|handled|passed|cleared|counted|"
        r"logged)\s*:?\s*(?:~|about|around|approx\.?)?\s*$",
        before,
        re.IGNORECASE,
    )
    if not m and counted:
        words = [counted.group(1)]
    units = [UNIT_WORDS[w.lower()] for w in words if w.lower() in UNIT_WORDS]
    if not m:  # "Earlier days for context: 4,824 on Wednesday": the line lists days, not hours
        units = [u for u in units if u not in ("day", "week", "month", "year")]
    return units[0] if units else None


def _zero(reader: SentenceReader, f: Figure, clause: str, inherited: str):
    """ "no queue", "not a single passenger": a count of zero, when the clause says of what."""
    tail = reader.s[f.end : f.end + 40]
    if re.match(
        r"\s*(?:passenger\s+|vehicle\s+|car\s+|traffic\s+)?(?:queues?|lines?|tailbacks?)\b",
        tail,
        re.IGNORECASE,
    ):
        return "queue_vehicles", f
    if f.text.lower() == "absent":
        return "queue_vehicles", f  # "the queue ... was absent"
    if DENIED.search(reader.s) or NOT_FLOW.search(figure_words(reader, f)):
        return None
    if re.match(r"\s+(?:passenger\s+)?(?:cars|vehicles)\b", tail, re.IGNORECASE):
        return ("queue_vehicles", f) if QUEUE.search(clause) else None
    found = _person_metric(reader, f, clause, inherited)
    return found if found is not None and found[0] != "other" else None


COMPATIBLE = {
    "km": ("queue_km",),
    "mile": ("queue_km",),
    "hour": ("wait_hours",),
    "minute": ("wait_hours",),
    "day": ("wait_hours",),
    "week": ("wait_hours",),
    "vehicle": ("queue_vehicles", "daily_vehicles"),
}


THROUGH_IT = re.compile(
    r"\b(?:through|via|at)\s+(?:the|this|that|said)\s+(?:said\s+)?(?:checkpoint|crossing|post)\b",
    re.IGNORECASE,
)


def _person_metric(reader: SentenceReader, f: Figure, clause: str, inherited: str):
    s = reader.s
    if PROJECTED.search(s[max(0, f.start - 40) : f.start]):
        return "other", f  # "the influx could reach 100,000": a forecast, not a count
    if re.match(r"[\s-]*(?:target|goal|quota|ceiling)\b", s[f.end :], re.IGNORECASE):
        return "other", f  # "two thirds of the way to the 300,000 target"
    segment = figure_words(reader, f)
    if any(not OBJECT_OF.search(segment[: m.start()]) for m in CALLUP.finditer(segment)):
        planned = PLAN_BEFORE.search(s[max(0, f.start - 60) : f.start]) or PLAN_AFTER.search(
            s[f.end :]
        )
        if planned and not (DONE.search(s) or DONE_AFTER.search(s[f.end :])):
            return "other", f
        near = s[max(0, f.start - 40) : f.end + 15]
        if re.search(r"\b(?:of|among)\s+(?:those|them|these)\b", near, re.IGNORECASE):
            return "other", f  # "of those mobilised, 82,000 were sent ...": a part of the count
        return "call_ups", f
    if exits(reader, f, clause):
        last = reader.context.metric  # "... entered the country yesterday. About 3,800 left."
        follows = "" if reader.times or not last.endswith("_entries") else last
        return _entries(reader, f, clause, follows, kind="exits"), f
    if (DEPART.search(clause) or ENTRY.search(clause)) and ELSEWHERE.search(segment):
        return "cumulative_departures", f  # "200,000 fled to neighbouring countries"
    if several_countries(reader, f):
        return None  # "fled to Georgia, Kazakhstan and Finland": no one country's count
    destination = any(m.kind == "country" and m.id != "Russia" and m.strong for m in reader.places)
    via = any(m.kind == "crossing" for m in reader.places) or (  # "left Russia via Kyakhta"
        reader.context.crossing and THROUGH_IT.search(clause)  # "... through the checkpoint"
    )
    terse_in = re.match(  # "90 Russians in, 30 out", "8 314 RU citizens in (border guard)"
        r"\s*(?:[a-z]+\s+){0,2}?in\b\s*(?:[,;.)(]|and\b|$)", reader.masked[f.end :], re.I
    )
    if (
        ENTRY.search(clause)
        or terse_in
        or _people_counted(reader, f, clause)
        or _went_to_a_country(reader)
        or (DEPART.search(clause) and (destination or via and LEFT_RUSSIA.search(clause)))
    ):
        return _entries(reader, f, clause), f
    if DEPART.search(clause) and ABROAD.search(clause):
        return "cumulative_departures", f
    if (destination or via) and PUT_AT.search(s[max(0, f.start - 60) : f.start]):
        return "daily_entries", f  # "put the daily number at 10,000", "the pace at 10,000 a day"
    hosts = any(m.id != "Russia" for m in reader.places)
    if (
        LEFT_AT_ALL.search(clause)
        and not hosts
        and EXODUS_SPAN.search(s)
        and not RATE.search(clause)
    ):
        return "cumulative_departures", f  # "about 190,000 people left in the first five days"
    if inherited in ("daily_exits", "cumulative_exits"):
        return _entries(reader, f, clause, inherited, kind="exits"), f
    if inherited == "call_ups" and PLAN_BEFORE.search(s[max(0, f.start - 60) : f.start]):
        return "other", f  # "222,000 called up, against a declared target of 300,000"
    if inherited in ("daily_entries", "cumulative_entries", "cumulative_departures", "call_ups"):
        if inherited in ("daily_entries", "cumulative_entries"):
            return _entries(reader, f, clause, inherited), f
        if inherited == "call_ups" and re.match(r"\s*of\s+(?:them|those|these)\b", s[f.end :]):
            return "other", f  # "... completed, and 87,000 of them were deployed": a part
        return inherited, f
    last = reader.context.metric
    if last in ("daily_entries", "daily_exits") and re.search(
        r"(?:\b(?:traffic|flow)\b[^.;]*|^[^.;\d]*):\s*$", s[: f.start], re.IGNORECASE
    ):
        return last, f  # "Traffic stayed at a similar level: 278 people", "Earlier days: 4,824 on"
    day_subject = re.match(  # "Sunday was not far behind, at 8,314."
        r"\W*(?:on\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday)\b"
        r"[^,;:]*\b(?:was|were|saw|brought)\b",
        s,
        re.IGNORECASE,
    )
    if (
        last in ENTRY_METRICS
        and (
            OF_THEM_RUSSIANS.search(clause)  # "... entered. Of whom Russian citizens: 9,600"
            or REFERS_BACK.search(s[max(0, f.start - 40) : f.start])
            or day_subject
            or _goes_on_with_the_last_count(reader, f)
        )
    ):
        kind = last.split("_")[1]  # "On Wednesday itself it was 643 people"
        return _entries(reader, f, clause, last, kind=kind), f
    return None


def _goes_on_with_the_last_count(reader: SentenceReader, f: Figure) -> bool:
    """ "And on Monday, 10,804.", "Saturday, nearly 8,600, still the record.": a day and a figure
    of the size of the last count, and no verb or noun of their own ("Yesterday, 1,200 Finnish
    citizens." counts other people)."""
    if not DAY_THEN_FIGURE.match(reader.s[: f.start]) or VERB.search(reader.masked):
        return False
    rest = reader.s[f.end : reader.clauses[reader.clause_of(f.start)][1]]
    if set(re.findall(r"[^\W\d_]+", rest.lower())) - {"still", "the", "a", "new", "record", "high"}:
        return False  # the words after the figure name what it counts
    last = [r.value for r in reader.context.claimed if r.value]
    return not last or 0.1 <= (f.point or 0) / last[-1] <= 10


# "And on Monday, 10,804.", "Saturday, nearly 8,600, still the record.": the last count's day
DAY_THEN_FIGURE = re.compile(
    r"\W*(?:and\s+|then\s+|but\s+)?(?:on\s+)?(?:monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|yesterday|today)\b[\s,:;—–-]*(?:~|some|about|around|roughly|nearly|almost|"
    r"over|just\s+(?:over|under))?\s*$",
    re.IGNORECASE,
)
OF_THEM_RUSSIANS = re.compile(
    r"\b(?:of\s+whom|among\s+(?:them|whom|these))\b[^.;]{0,40}?\b(?:russian\s+(?:citizens|nationals)|"
    r"russians|citizens\s+of\s+the\s+russian\s+federation)\b",
    re.IGNORECASE,
)
# "have left", "fled": not "left their jobs", "left the queue", "were leaving every day"
LEFT_AT_ALL = re.compile(
    r"\b(?:left|fled|departed|departures|emigrated)\b(?!\s+(?:(?:their|his|her|its|our|a|an)\b|the\s+(?!country\b)))"
    r"(?![^.;,]*\b(?:workers|employees|staff|jobs|homes?)\b)",
    re.IGNORECASE,
)
# "put the daily number at around", "put the current pace at about"
PUT_AT = re.compile(
    r"\bput\s+(?:the\s+|its\s+)?(?:(?:current\s+)?(?:pace|rate|flow|influx)|daily\s+(?:number|figure|"
    r"count|total))\s+at\s+(?:~|some|about|around|roughly|nearly|almost|over|more\s+than)?\s*$",
    re.IGNORECASE,
)
# the exodus as a whole: a count of people who left with no host country named is Russia's
EXODUS_SPAN = re.compile(
    r"\b(?:(?:since|after)\s+the\s+(?:order|mobili[sz]ation|announcement|decree)|in\s+the\s+first\s+"
    r"\w+\s+(?:days|weeks?)|all\s+routes|demographers?)\b",
    re.IGNORECASE,
)
ENTRY_METRICS = ("daily_entries", "cumulative_entries", "daily_exits", "cumulative_exits")


def _entries(
    reader: SentenceReader, f: Figure, clause: str, default: str = "", kind: str = "entries"
) -> str:
    daily, cumulative = f"daily_{kind}", f"cumulative_{kind}"
    if default:
        default = f"{default.split('_')[0]}_{kind}"
    if RATE.search(figure_words(reader, f)) or DAILY_SUBJECT.search(clause):
        return daily  # "5,000 a day", "the daily number ... to 10,000"; not "published daily"
    times = [t for t in reader.times_for(f) if t.start != reader.said_at]
    if any(t.kind == "since" for t in times) or clause_since(reader, f):
        return cumulative  # "the tally of entrants since 21 September stood at 141,000 on Friday"
    if reader.on_topic_day:
        return daily  # a line under "Traffic on Sunday 2 October:"
    if any(t.one_day for t in times):
        return daily  # "arrived on Sunday"; the day someone spoke does not count
    spans = ("point",) if COMPARISON.search(clause) else ("point", "window")
    if any(t.kind in spans and t.date_from != t.date_to for t in times):
        return cumulative  # "over the weekend", "during September": a total over days
    earlier = next((t for t in times if t.kind == "earlier"), None)
    last = reader.context.last_period
    if earlier is not None and last and earlier_span(reader, earlier, last[1]) is not None:
        return cumulative  # "against 412 the week before" a count over the week
    if earlier is not None:
        return daily  # "after a record 11,143 the day before"
    span = next((same_span(reader, t) for t in times if t.kind == "same"), None)
    if span is not None:
        return daily if span[0] == span[1] else cumulative
    if not times and not VERB.search(clause) and reader.context.metric == daily:
        return daily  # "Later: Tsagaannuur also busy, about 300 arrivals."
    if default:  # the clause continues the previous one: "..., and now it has risen to 10,000"
        return default
    period = reader.context.report_period
    if not times and period and period[0] == period[1] and not TALLY.search(reader.s):
        return daily  # under "(figures for 27 September unless stated)"
    return cumulative


def rule_kind(place: str, carried: bool, explicit: bool, inherited: bool) -> str:
    """Which kind of evidence the row rests on (a key of RULE_CONFIDENCE)."""
    if carried or inherited or not place:
        return "carried"
    return "stated" if explicit else "undated"


def read_sentence(reader: SentenceReader, keep_other: bool) -> list[Row]:
    """The candidate rows of one sentence."""
    rows: list[Row] = []
    clause_metric: dict[int, str] = {}
    last_date: date | None = None
    for f in reader.figures:
        i = reader.clause_of(f.start)
        inherited = clause_metric.get(i) or clause_metric.get(i - 1, "")
        if not inherited and COMPARE.search(reader.clause_text(i)):
            inherited = reader.context.metric  # "This compares with ...": the last sentence's
        found = classify(reader, f, inherited)
        if found is None:
            continue
        metric, fig = found
        was_inherited = bool(inherited) and metric == inherited and not _has_cue(reader, f)
        clause_metric[i] = metric
        if metric == "other" and not keep_other:
            continue
        place, crossing, carried = reader.place_for(f, metric)
        if metric in CROSSING_ONLY and fig.bound == "none":
            crossing = _zero_crossings(reader, f, crossing)
        if not (place or crossing) and metric != "other":
            place, carried = reader.context.report_country, True  # the report's only country
        if metric in CROSSING_ONLY and not crossing:
            crossing = _only_crossing(reader, place)
            if not crossing:
                continue  # a queue, wait or vehicle count belongs to a crossing
        if metric != "other" and not (place or crossing):
            continue  # "arrivals recorded by host states exceed 420,000": no one country's
        start, end, explicit = period(reader, f, metric, last_date)
        last_date = end
        if start is not None and end is not None:
            reader.context.last_period = (start, end)
            reader.context.periods.append((start, end))
        row = Row(
            metric,
            place,
            crossing,
            start,
            end,
            fig.value,
            fig.low,
            fig.high,
            reader.who,
            reader.s,
            0.0,
        )
        row.rule = rule_kind(place, carried, explicit, was_inherited)
        row.confidence = RULE_CONFIDENCE[row.rule]
        rows.extend(
            replace(row, crossing=c, place=place or reader.gaz.crossing_country.get(c, ""))
            for c in crossing.split(";")
            if fig.bound == "none"
        )
        rows.extend([row, *_comparison(reader, f, row)] if fig.bound != "none" else [])
    return rows


def _zero_crossings(reader: SentenceReader, f: Figure, crossing: str) -> str:
    """ "Kairak and Syrym, no queue", "At the Syrym and Kairak checkpoints ...; no queues": none
    at each crossing the sentence names (`;`-joined, one row each)."""
    named = list(dict.fromkeys(m.id for m in reader.places if m.kind == "crossing"))
    named = [c for c in named if any(m.id == c and m.start < f.start for m in reader.places)]
    if crossing and (not named or all(c in named for c in crossing.split(";"))):
        return crossing
    return ";".join(named)


def _only_crossing(reader: SentenceReader, country: str) -> str:
    """The crossing of a country that has only one ("wait times of 48 hours ... Georgia said")."""
    ids = [c for c, k in reader.gaz.crossing_country.items() if k == country]
    return ids[0] if len(ids) == 1 else ""


def _has_cue(reader: SentenceReader, f: Figure) -> bool:
    clause = reader.clause_text(reader.clause_of(f.start))
    return bool(ENTRY.search(clause) or CALLUP.search(clause) or unit_after(reader.s, f.end))


def _comparison(reader: SentenceReader, f: Figure, row: Row) -> list[Row]:
    """ "nearly doubled in a week to 10,000 a day" also states the earlier rate (5,000)."""
    clause = reader.clause_text(reader.clause_of(f.start))
    s0 = reader.clauses[reader.clause_of(f.start)][0]
    m = COMPARISON.search(clause)
    if not m or s0 + m.end() > f.start or row.metric == "other" or row.date_to is None:
        return []
    stated = [  # "doubled, to 2,100 on Friday from 950 a week before": the earlier figure is given
        g for g in reader.figures if re.search(r"\bfrom\s*$", reader.masked[: g.start].rstrip())
    ]
    if stated:
        return []
    factor = FACTORS[m.group("verb").lower()]
    window = next((t for t in reader.times if t.kind == "window"), None)
    days = window.days if window else 7
    d = row.date_to - timedelta(days=days)
    note = f"earlier figure implied by '{m.group(0).strip()}'"
    return [
        Row(
            row.metric,
            row.place,
            row.crossing,
            d,
            d,
            round(f.point / factor),
            None,
            None,
            row.who,
            row.quote,
            RULE_CONFIDENCE["implied"],
            [note],
            "implied",
        )
    ]
