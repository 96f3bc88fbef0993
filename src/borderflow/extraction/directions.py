"""Which way people crossed: leaving a host country (an exit) and counts sent to several
countries at once."""

from __future__ import annotations

import re

from borderflow.extraction.numbers import Figure
from borderflow.extraction.reader import SentenceReader
from borderflow.extraction.vocabulary import (
    ASIDE_AFTER,
    BARE_LEFT,
    ENTRY,
    EXIT,
    LEFT_RUSSIA,
    SUBORDINATE,
)

COUNTED_NOUNS = {"exits", "departures", "entries", "arrivals", "entrants", "crossings"}
OUT_OF_RUSSIA = re.compile(
    r"\b(?:departures?|exits?)\s+(?:of\s+[\w\s]{0,20}?)?from\s+(?:the\s+)?"
    r"(?:Russia|Russian\s+Federation)\b",
    re.IGNORECASE,
)


def exits(reader: SentenceReader, f: Figure, clause: str) -> bool:
    """People leaving a host country: "left Georgia", "went back to Russia", "exited"."""
    s0, e0 = _figure_clause_span(reader, f)
    prev = max([g.end for g in reader.figures if g.end <= f.start] + [s0])
    nxt = min([g.start for g in reader.figures if g.start >= f.end] + [e0])
    first = re.match(r"\s*([^\W\d]+)\s+(?:and|while|but)\s+", reader.masked[prev : f.start])
    if prev > s0 and first and first.group(1).lower() in COUNTED_NOUNS:
        prev += first.end()  # "4,700 exits and 3,900 entries": "exits" is the first figure's
    if any(g.start >= f.end for g in reader.figures):  # "1 270 persons ..., in the direction
        # of exit – 430": the words after the last comma are the next figure's
        cut = max(reader.masked.rfind(",", f.end, nxt), reader.masked.rfind(";", f.end, nxt))
        nxt = cut if cut > f.end else nxt
    sub = SUBORDINATE.search(reader.masked, f.end, nxt)
    own = reader.masked[prev : sub.start() if sub else nxt]  # not "although ... left again"
    host = reader.context.country or any(  # a host country, or a crossing into one
        m.kind == "crossing" or m.id != "Russia" for m in reader.places
    )
    named_before = reader.masked[prev : f.start]
    if host and re.search(r"\b(?:departures|exits|outbound)\s*[:=\-–—]?\s*$", named_before, re.I):
        return True  # "Georgia: arrivals 8,200, departures 5,100"
    if OUT_OF_RUSSIA.search(own) or LEFT_RUSSIA.search(own):
        return False  # "put departures from Russia at 431,000", "261,000 men left Russia"
    if re.match(r"\s*(?:[a-z]+\s+)?out\b\s*(?:[,;.)]|and\b|$)", reader.masked[f.end :], re.I):
        return True  # "Storskog today: 90 Russians in, 30 out"
    if host and re.match(
        r"\W*(?:[\w()]+\s+){0,2}?(?:departures|departed|exits|exited|left|outbound)\b", clause, re.I
    ):
        return True  # "Departures of Russian citizens: 2,980" in a host country's report
    beside_entries = re.match(r"\s*departures\b", reader.masked[f.end :], re.I) and re.search(
        r"\b(?:entries|arrivals)\b", reader.s, re.I
    )
    if host and beside_entries:
        return True  # "287 entries and 241 departures" in a report about a host country
    if _host_counts_departures(reader, f):
        return True  # "Armenia's migration service counted 6,100 departures of Russians"
    if EXIT.search(own):
        return True  # "1,412 arrived and 2,630 departed for Russia": only the second is an exit
    rest = reader.masked[:prev] + reader.masked[nxt:]
    if re.search(r"\b(?:left|exited|departed)\s*$", reader.masked[prev : f.start]) and ENTRY.search(
        rest
    ):
        return True  # "entered 8 100 citizens of the RF, left 11 700": the verb before the figure
    tail = re.sub(WHO, "", reader.masked[f.end : nxt].strip())  # "7,880 Russian citizens left"
    entries_before = reader.context.metric.endswith("_entries") and host
    if BARE_LEFT.match(tail) and (ENTRY.search(rest + own) or entries_before):
        return True  # "10,140 entered Georgia on Friday, 7,330 left"
    for m in re.finditer(
        r"\b(?:left|leaving|leave|departed|departing)\s+(?:from\s+)?(?:the\s+territory\s+of\s+)?",
        own,
        re.IGNORECASE,
    ):
        at = prev + m.end()
        for place in reader.places:
            gap = reader.s[at : place.start] if place.start >= at else "-" * 9
            if (
                place.kind == "country"
                and place.id != "Russia"
                and len(gap) <= 4
                and not re.search(r"\b(?:for|to)\b", gap, re.IGNORECASE)
            ):  # "left Georgia", not "left for Georgia"
                return True
    if re.search(r"\b(?:left|departed|exited)\s+the\s+country\b", own, re.I) and host:
        return not re.search(r"\bRussia\b|\bRussian\s+Federation\b", reader.s)  # the host's
    return _left_through_own_crossing(reader, clause, s0)


def _figure_clause_span(reader: SentenceReader, f: Figure) -> tuple[int, int]:
    """The figure's clause; a figure opening its clause after a dash ("..., in the direction of
    exit – 430") takes the words after the last comma of the clause before."""
    i = reader.clause_of(f.start)
    s0, e0 = reader.clauses[i]
    if i > 0 and re.fullmatch(r"[\s\-–—:]*", reader.masked[s0 : f.start]):
        ps, pe = reader.clauses[i - 1]
        cut = max(reader.masked.rfind(",", ps, pe), reader.masked.rfind(";", ps, pe))
        s0 = cut + 1 if cut >= 0 else ps
    return s0, e0


WHO = re.compile(
    r"^(?:(?:russian|foreign)\s+)?(?:citizens|nationals|people|persons|russians|travellers)\s+"
    r"(?:of\s+the\s+russian\s+federation\s+)?",
    re.IGNORECASE,
)


def several_countries(reader: SentenceReader, f: Figure) -> bool:
    """The figure's segment sends it to countries listed together ("fled to Georgia, Kazakhstan
    and Finland")."""
    e0 = reader.clauses[reader.clause_of(f.start)][1]
    nxt = min([g.start for g in reader.figures if g.start >= f.end] + [e0])
    aside = ASIDE_AFTER.search(reader.s, f.end, nxt)  # ", many of them transiting onward to ..."
    nxt = aside.start() if aside else nxt
    hosts = [
        m
        for m in reader.places
        if m.kind == "country" and m.id != "Russia" and f.end <= m.start < nxt
    ]
    if not hosts or not re.search(r"\b(?:to|into|in|for)\s+$", reader.s[: hosts[0].start]):
        return False
    return any(
        a.id != b.id and re.fullmatch(r"\s*(?:,|and|or|&|,\s*and)\s*", reader.s[a.end : b.start])
        for a, b in zip(hosts, hosts[1:], strict=False)
    )


def _left_through_own_crossing(reader: SentenceReader, clause: str, s0: int) -> bool:
    """ "Mongolia's border authority said 2,390 Russians had left through Altanbulag": a crossing
    of the country named before the verb, so they left that country."""
    for m in re.finditer(r"\b(?:left|departed)\s+(?:through|via)\s+(?:the\s+)?", clause):
        for c in reader.places:
            if c.kind != "crossing" or not 0 <= c.start - (s0 + m.end()) <= 12:
                continue
            host = reader.gaz.country_of(c)
            if any(
                p.kind == "country" and p.id == host and p.start < s0 + m.start()
                for p in reader.places
            ):
                return True
    return False


def _host_counts_departures(reader: SentenceReader, f: Figure) -> bool:
    """ "Armenia's migration service counted 6,100 departures of Russians on Thursday", "Georgia
    registered 9,600 departures": a host country's own count of departures, sent nowhere named,
    is its exits."""
    after = reader.masked[f.end :].split(",")[0]
    if not re.match(r"\s*departures\b", after, re.IGNORECASE):
        return False
    if re.search(r"\b(?:to|for|into)\s+[A-Z]", after):
        return False  # "departures to Georgia": where they went
    owner = re.compile(r"(?:'s|’s)\s*$")
    sent = re.compile(r"\b(?:to|for|into|from|of|in)\s+(?:the\s+)?$", re.IGNORECASE)
    return any(
        m.kind == "country"
        and m.id != "Russia"
        and (
            owner.match(reader.s[m.end : m.end + 3])
            or not sent.search(reader.s[: m.start])
            or re.fullmatch(r"\s*in\s+", reader.s[: m.start], re.IGNORECASE)  # "In Armenia, ..."
        )
        and m.end < f.start
        for m in reader.places
    )
