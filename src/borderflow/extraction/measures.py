"""Lengths and durations: whether a figure in km, miles, hours or days is a queue's length or a
wait, and the figure in the metric's unit (km, hours)."""

from __future__ import annotations

import re
from dataclasses import replace

from borderflow.extraction.numbers import Figure
from borderflow.extraction.reader import SentenceReader
from borderflow.extraction.vocabulary import (
    BORDER_LENGTH,
    DISTANCE,
    DURATION_BEFORE,
    FROM_TO_PLACES,
    QUEUE,
    TO_HOURS,
    TO_KM,
    VERB,
    WAIT,
)


def length(reader: SentenceReader, f: Figure, unit, clause, before, after, fallback):
    """A length in km or miles: a queue's, else a border's or a distance (no observation)."""
    it = re.search(r"\bit\b", before) and not DISTANCE.search(after)
    if not fallback and reader.context.metric == "queue_km" and (continues(reader, f) or it):
        fallback = "queue_km"  # "The queue is 2 km now. Yesterday it was more than 10 km."
    f = bound_of_converted(reader, f)
    described = re.match(r"-\s*\w+\s+([\w-]+)", after)
    if described and not QUEUE.search(described.group(1)):
        return None  # "a 90-kilometre fence", "a 5-km drive": a description, not a queue
    unit_tail = re.sub(r"^\s*-?\s*[\w]+\+?", "", after)  # "1km+ of cars"
    if BORDER_LENGTH.search(unit_tail) or BORDER_LENGTH.search(clause) and not QUEUE.search(clause):
        return "other", f
    if FROM_TO_PLACES.search(reader.s[reader.clauses[reader.clause_of(f.start)][0] : f.start]):
        return None  # "From St Petersburg to Vaalimaa it is roughly 200 km": a distance
    # "a queue 5 km from the post", "the column now runs 30 km back from the checkpoint"
    queue_from = re.match(r"\s*(?:back\s+)?from\b", unit_tail) and QUEUE.search(before)
    of_cars = re.match(r"\s*of\s+(?:(?:\w+\s+){0,2}(?:cars|vehicles|traffic)|queu)", unit_tail) or (
        re.match(r"\s*of\s+them\b", unit_tail) and re.search(r"\b(?:cars|vehicles)\b", clause)
    )  # "the cars now start well before Chmi, about 20 km of them"
    if not fallback and _of_a_named_crossing(reader, f, before, after):
        fallback = "queue_km"  # "Imatra was 1.5 km this morning"
    if of_cars:
        return "queue_km", km(f.scaled_by(TO_KM[unit]))  # "~20 km of cars from the checkpoint"
    if DISTANCE.search(unit_tail) and not queue_from or not (QUEUE.search(clause) or fallback):
        return None
    return "queue_km", km(f.scaled_by(TO_KM[unit]))


def _of_a_named_crossing(reader: SentenceReader, f: Figure, before: str, after: str) -> bool:
    """A length a named crossing "was" or "is": its line ("Imatra was 1.5 km this morning"), not
    a distance from it."""
    s0 = reader.clauses[reader.clause_of(f.start)][0]
    before_it = [p for p in reader.places if p.kind == "crossing" and s0 <= p.start < f.start]
    subject = (
        bool(before_it)
        and re.fullmatch(  # the crossing is what "was" the figure
            r"\s*(?:side\s+)?(?:was|is|were|are)\s+(?:about\s+|around\s+|~|some\s+)?",
            reader.s[before_it[-1].end : f.start],
        )
    )
    after_unit = re.sub(r"^\s*[\w]+\+?", "", after)
    elsewhere = re.match(  # "Lars was 30 km up the gorge", "the bridge is 0.2 km long"
        r"\s*(?:up|down|past|along|long|wide|high|away|from|to|of|before|behind|beyond|east|west|"
        r"north|south|further|farther|in\s+length)\b",
        after_unit,
        re.IGNORECASE,
    )
    from_to = (
        re.search(
            r"\b(?:to|from)\s+$", reader.s[max(0, before_it[-1].start - 6) : before_it[-1].start]
        )
        if before_it
        else None
    )
    return bool(subject) and not (elsewhere or from_to or DISTANCE.search(after))


def height(reader: SentenceReader, f: Figure) -> bool:
    """Metres of a height, not of a line: "the 2,379-metre Jvari Pass", "an altitude of 2,080
    metres", "perched at 1,740 metres", "a drone image taken from 300 metres"."""
    before = reader.s[max(0, f.start - 30) : f.start]
    after = reader.s[f.end : f.end + 40]
    return bool(
        re.search(
            r"\b(?:altitude|elevation|height)\s+of\s*$"
            r"|\b(?:perched|taken|seen|filmed|flying|hovering)\b",
            before,
        )
        or re.match(
            r"\s*-?\s*(?:metres?|meters?|m)\b[\s-]*(?:above|high|tall|(?:[A-Z][\w-]+\s+)?"
            r"(?:pass|peak|mountain|summit))\b",
            after,
            re.IGNORECASE,
        )
    )


def duration(reader: SentenceReader, f: Figure, unit, clause, before, after, fallback):
    """A duration: a wait, unless it is a rate, a span of the story or a description."""
    if re.search(r"\b(?:every|each)\s*$", before):
        return None  # "a car every 4 minutes": a rate, not a wait
    travel = TRAVEL_BEFORE.search(reader.s[max(0, f.start - 80) : f.start])
    if TRAVEL_AFTER.match(after) and not WAIT.search(before) or travel:
        return None  # "four hours by road from Samara", "the bus to UB takes 7 hours": a journey
    crossed_after = re.search(
        r"\b(?:through|crossed|across|made\s+it)\b[^.;]{0,40}\bafter\s+(?:about\s+|some\s+)?$",
        reader.s[max(0, f.start - 60) : f.start],
        re.IGNORECASE,
    )  # "we got through Kazbegi side after 27 hrs": the wait it took
    if re.match(r"\s*(?:[\w-]+\s+)?of\s+(?!wait|queu|stand)", after, re.IGNORECASE):
        crossed_after = None  # "after 3 hours of driving": a journey, not a wait
    if DURATION_BEFORE.search(before) and not (WAIT.search(after[:25]) or crossed_after):
        return None  # "within two weeks": a span of the story, not a wait
    described = re.match(r"\s*-\s*\w+\s+([\w-]+)", after)
    if described and not WAIT.search(described.group(1)):
        return None  # "24-hour operation": a description, not a wait
    ok = WAIT.search(clause) or fallback or crossed_after or _at_a_crossing(reader, f, unit)
    if unit in ("hour", "minute") and reader.context.metric == "wait_hours":
        ok = ok or continues(reader, f)  # "The Georgian side is quick, under an hour."
    line = reader.context.metric in ("queue_vehicles", "queue_km") and len(reader.s) <= 40
    if line and not VERB.search(reader.masked) and not SPAN_BEFORE.search(before):
        ok = True  # "Syrym: 300-400 cars, kazakh side slow. Maybe 8h.": the line's wait; not
        # "Tea supplies OK for one more day."
    if ok and not f.bound and STILL_WAITING.search(before):
        f = replace(f, value=None, low=f.value, bound="lower")  # "have been standing here 9 hours"
    return ("wait_hours", rounded(f.scaled_by(TO_HOURS[unit]), 2)) if ok else None


def _at_a_crossing(reader: SentenceReader, f: Figure, unit: str) -> bool:
    """Hours told of a named crossing, not of a journey or its opening hours ("Ivangorod side was
    around six hours", "at Karaozek people reported 14 to 20 hours", "14 hours door to door")."""
    s0, e0 = reader.clauses[reader.clause_of(f.start)]
    counted_before = any(s0 <= g.end <= f.start for g in reader.figures)
    over = counted_before and re.match(r"(?:over|in|within)\b", reader.s[f.start : f.end], re.I)
    if unit not in ("hour", "minute") or over or SPAN_BEFORE.search(reader.s[s0 : f.start]):
        return False  # "entered over the preceding 24 hours", "5,200 cars over 24 hours"
    named = any(p.kind == "crossing" and s0 <= p.start < e0 for p in reader.places) or (
        bool(reader.context.crossing) and re.search(r"\bthere\b", reader.masked[f.end : e0])
    )  # "Avoid Mashtakovo. People say it is 20 hours there."
    door_to_door = re.match(r"\s*(?:\w+\s+)?door[\s-]+to[\s-]+door\b", reader.s[f.end :], re.I)
    return bool(door_to_door) or named and not JOURNEY.search(reader.masked[s0:e0])


TRAVEL_AFTER = re.compile(  # the unit, then how one travels
    r"\s*-?\s*[\w]+['’]?s?['’]?\s+(?:by\s+(?:road|car|bus|train|air|plane)|drive|driving|away|"
    r"flight|journey)\b",
    re.IGNORECASE,
)
TRAVEL_BEFORE = re.compile(
    r"\b(?:bus|train|flight|drive|ride|journey|trip)\b[^.;]{0,40}\btakes?\s+(?:about\s+|around\s+)?$",
    re.IGNORECASE,
)
SPAN_BEFORE = re.compile(
    r"\b(?:in|per|an?|each|every|within|over|during|for|preceding|previous|past|last|next|first)"
    r"\s+(?:the\s+)?$",
    re.IGNORECASE,
)
JOURNEY = re.compile(
    r"\b(?:drive|driving|drove|journey|trip|ride|flight|flew|walk\w*|away|from|open\w*|clos\w*|"
    r"works?|operat\w*|regime|slept|sleep\w*|stay\w*|rest\w*|"
    r"shut|shifts?|a\s+day|per\s+day|round\s+the\s+clock|ago|later|earlier|before|after|until|"
    r"since|for\s+the\s+(?:first|last|past))\b",
    re.IGNORECASE,
)  # "Upper Lars, a three-hour drive from Tbilisi", "closed for six hours": no wait


STILL_WAITING = re.compile(
    r"\b(?:have|has|'ve|’ve)\s+been\s+(?:\w+\s+){0,2}?(?:for\s+)?$", re.IGNORECASE
)  # still in line: the wait so far is a lower bound


def continues(reader: SentenceReader, f: Figure) -> bool:
    """A sentence that only goes on about the last one's wait or queue ("Yesterday it was more
    than 10 km."): no verb but a copula, and no distance, rate or opening hours after the figure."""
    verbs = {m.group(0).lower() for m in VERB.finditer(reader.masked)}
    elsewhere = re.search(
        r"\b(?:away|further|farther|north|south|east|west|from|drive|by\s+car|a\s+day|per\s+day|"
        r"opens?|closes?)\b",
        reader.masked[f.end :],
        re.IGNORECASE,
    )
    return verbs <= {"is", "are", "was", "were", "been"} and not elsewhere


def bound_of_converted(reader: SentenceReader, f: Figure) -> Figure:
    """ "more than 10 miles (16 km)": the bracketed conversion keeps the bound of the original."""
    if f.bound or not re.search(
        r"\b(?:miles?|mi)\s*\(\s*$", reader.s[max(0, f.start - 12) : f.start]
    ):
        return f
    original = [g for g in reader.figures if g.end <= f.start][-1:]
    if not original or original[0].bound not in ("lower", "upper", "near"):
        return f
    bound, v = original[0].bound, f.value
    if bound == "lower":
        return replace(f, value=None, low=v, bound=bound)
    if bound == "upper":
        return replace(f, value=None, high=v, bound=bound)
    return replace(f, high=v, bound=bound)


def km(f: Figure) -> Figure:
    return rounded(f, 1)


def rounded(f: Figure, digits: int) -> Figure:
    def r(x: float | None) -> float | None:
        return None if x is None else round(x, digits)

    return Figure(f.start, f.end, r(f.value), r(f.low), r(f.high), f.text, f.bound, f.scaled)
