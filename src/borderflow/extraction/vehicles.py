"""Vehicles at a crossing: a line standing there ("KZ-Syrym: 600+ cars", "about 800 cars at
Bugristoye") or cars that crossed ("1,021 cars leaving through Torfyanovka", "900+ cars out")."""

from __future__ import annotations

import re

from borderflow.extraction.numbers import Figure
from borderflow.extraction.reader import SentenceReader
from borderflow.extraction.vocabulary import (
    DEPART,
    DURATION_BEFORE,
    QUEUE,
    RATE,
    VEHICLES_CROSSED,
    VERB,
)

COUNTING = re.compile(
    r"\b(?:counted|logged|registered|recorded|processed|cleared|let\s+through)\b", re.IGNORECASE
)
THERE_ARE = re.compile(
    r"\bthere\s+(?:are|were|is|was)\s+(?:located\s+)?(?:about\s+|some\s+|around\s+|maybe\s+)?$"
    r"|\b(?:has|had)\s+(?:about\s+|some\s+|around\s+|maybe\s+|only\s+|just\s+)?$",
    re.I,
)
ON_A_SIDE = re.compile(r"^\s*(?:[\w-]+\s+){0,4}?on\s+the\s+\w+\s+side\b", re.IGNORECASE)


LINE_MOVING = re.compile(
    r",\s*(?:(?:not|barely|slowly|hardly)\s+)?(?:moving|crawling|standing|stuck|waiting)\b.*$",
    re.IGNORECASE,
)


def board_line(reader: SentenceReader, f: Figure) -> bool:
    """A verbless line of a situation board: "KZ-Syrym: 600+ cars, ~12h", "Kairak: ~4 hrs",
    "Verkhny Lars update 14:00 — ~3k cars"."""
    found = re.search(r":\s|\s[—–-]\s", reader.s)  # not the colon of "08:00"; or a dash
    colon = found.start() if found else -1
    named = next((m for m in reader.places if m.kind == "crossing" and m.start > colon), None)
    subject = named and not any(colon < g.start < named.start for g in reader.figures)
    gap = reader.s[named.end : f.start] if named else ""
    if subject and re.fullmatch(r",\s*(?:~|about\s+|around\s+|some\s+|maybe\s+)?", gap):
        colon = named.end  # "Taskala, ~500 cars.", "Monday: Taskala, ~500 cars."
    end = reader.clauses[reader.clause_of(f.start)][1]  # "...: 180 units; the queue is 2 km"
    line = re.sub(LINE_MOVING, "", reader.masked[colon:end])  # "X now: ~150 cars, moving."
    if colon < 0 or colon > f.start or VERB.search(line):
        return False
    period = re.match(r"(?:over|in|within|during)\b", reader.s[f.start :], re.IGNORECASE)
    if (
        period
        or DURATION_BEFORE.search(reader.s[max(0, f.start - 12) : f.start])
        or re.match(
            r"\s*\w*\s*(?:over|in|per|within|during)\s+(?:the\s+)?\w+\s+hours?\b", reader.s[f.end :]
        )
    ):
        return False  # "5,200 cars over 24 hours": a flow over a period, not a line or a wait
    if RATE.search(reader.masked[f.end :]) or re.match(
        r"\S*\s*\w+\s+(?:out|in)\b", reader.s[f.end :]
    ):
        return False  # "5,500 cars/day", "900+ cars out": a flow, not a line
    return any(m.kind == "crossing" and m.end <= colon for m in reader.places)


def at_a_crossing(reader: SentenceReader, f: Figure) -> bool:
    """Vehicles counted at a named crossing, with no verb of crossing: a line standing there."""
    m = re.match(r"\s*(?:[\w-]+\s+){0,2}?at\s+", reader.masked[f.end :])
    return bool(m) and any(
        p.kind == "crossing" and p.start == f.end + m.end() for p in reader.places
    )


def crossed_here(reader: SentenceReader, f: Figure, fallback: str) -> bool:
    """Vehicles whose own words, up to the next comma or figure, say they crossed ("1,021 cars
    leaving through Torfyanovka"), or that go on a count of crossing cars ("986 through Y")."""
    nxt = min([g.start for g in reader.figures if g.start >= f.end] + [f.end + 50])
    after = re.split(r"[,;]", reader.masked[f.end : nxt])[0]
    if QUEUE.search(after):
        return False
    if VEHICLES_CROSSED.search(after) or DEPART.search(after):
        return True
    if re.match(r"\s*(?:[\w-]+\s+){0,3}?(?:out|in)\s+(?:to\s+\w+\s+)?(?:through|via)\b", after):
        return True  # "1,021 cars out via Torfyanovka"
    if re.fullmatch(r"\s*(?:[\w-]+\s+)?(?:out|outbound)\W*", after):
        return True  # "Torfyanovka yesterday: 900+ cars out."
    return fallback == "daily_vehicles" and bool(re.match(r"\s*(?:through|via)\b", after))
