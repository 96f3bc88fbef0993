"""Figures that observe no flow: prices, shares, plans, changes, casualties, refusals, parts,
baselines and conversions. `screen` says whether a figure is such a distractor."""

from __future__ import annotations

import re

from borderflow.extraction.numbers import Figure
from borderflow.extraction.reader import SentenceReader, unit_after
from borderflow.extraction.segments import between_figures, clause_rest, figure_words
from borderflow.extraction.vocabulary import (
    BASELINE,
    CASUALTY,
    DENIED,
    NOT_FLOW,
    OF_SIZE,
    PART_OF,
    PROJECTED,
    PROTEST,
    TO_KM,
    UNDONE_AFTER,
)

HYPOTHETICAL = re.compile(  # "a 100 km line would stretch past Vladikavkaz"
    r"\bif\s+(?:you|we|one)\b|\bassuming\b|\bhypothetical\w*\b"
    r"|^\W*an?\s+[\d,.]+[\s-]*(?:km|kilomet\w+|miles?|cars?|vehicles?|hours?)\s+"
    r"(?:queue|line|wait|tailback)\s+would\b",
    re.IGNORECASE,
)
CORRECTED = re.compile(
    r"\b(?:an?\s+earlier\s+(?:post|version|report|story|article|update)"
    r"(?:\s+of\s+(?:this|the)\s+[\w:]+(?:\s+(?:post|article|story))?)?"
    r"\s+(?:also\s+)?(?:we\s+)?(?:said|gave|stated|reported|put)|"
    r"we\s+(?:wrongly|incorrectly|mistakenly)\s+(?:said|reported))\b",
    re.IGNORECASE,
)
# "revised its count to 4,120, up from the 3,870 it gave this morning": the replaced figure
REPLACED_BEFORE = re.compile(
    r"\b(?:(?:up|down)\s+from|instead\s+of|replacing|revised\s+from)\s+(?:the\s+)?$", re.I
)
REPLACED = re.compile(
    r"^\s*(?:[\w-]+\s+)?(?:it|they|we|he|she|the\s+\w+)\s+(?:had\s+)?(?:gave|given|reported|"
    r"published|announced|put\s+out)\b",
    re.IGNORECASE,
)
PRE_CRISIS_NORM = re.compile(
    r"\b(?:pre-?(?:crisis|war|mobili[sz]ation)|normal|usual|typical)\s+(?:norm|average|level|"
    r"baseline|rate|figure|volume|number)s?\s+(?:(?:is|was)\s+(?:more\s+like\s+)?|of\s+)?"
    r"(?:about\s+|roughly\s+|around\s+|some\s+)?$",
    re.IGNORECASE,
)
CITIZENS = re.compile(
    r"\s*(?:were\s+)?(?:russian\s+)?(?:citizens|nationals)(?:\s+of\s+the\s+russian\s+federation)?\b"
    r"|\s*(?:were\s+)?russians\b",
    re.IGNORECASE,
)
# "Hot line of the headquarters: 112", "call +7 ...": a number to dial
DIAL = re.compile(
    r"\b(?:hot\s*-?line|phone|tel\.?|telephone|call\s+centre)(?:\s+(?:number|no\.?))?"
    r"(?:\s+of\s+[\w\s-]{0,40})?\s*:\s*$",
    re.I,
)
# "a widely shared video claiming that 20,000 crossed", "a Telegram channel claimed"
SOCIAL_CLAIM = re.compile(
    r"\b(?:videos?|clips?|posts?|channels?|tweets?|bloggers?)\b[^.;,]{0,40}?"
    r"\bclaim(?:s|ed|ing)?\s+(?:that\s+)?(?:[\w\"“]+\s+){0,3}[\"“]?$",
    re.IGNORECASE,
)
MOVED = re.compile(
    r"\b(?:moved|advanced|crawled|progressed|covered|inched)\s+(?:forward\s+)?(?:only\s+)?"
    r"(?:about\s+)?$|(?:\d|\b)(?:km|kilomet\w+|metres|meters|m)\s+in\s+(?:about\s+)?$",
    re.IGNORECASE,
)


PRICED = re.compile(  # "was advertised at 2,500", "a room now costs 900", "they paid like 300k"
    r"\b(?:advertised|priced|offered|listed|sold|sells?|went(?=\s+for)|rented|rents?|costs?|costing|fetch\w*|"
    r"paid|pays?|paying|charg(?:e|es|ed|ing)|asking)"
    r"\s+(?:for|at)?\s*(?:about\s+|around\s+|some\s+|up\s+to\s+|like\s+)?$",
    re.IGNORECASE,
)


SIZE_OF_CALLUP = re.compile(
    r"\b(?:mobili[sz]ation|call-?up|draft|conscription)\s+of\s+(?:some\s+|about\s+|up\s+to\s+)?$"
    r"|\b(?:the|an?)\s+(?:announced|declared|stated|planned|promised|targeted)\s+$",
    re.IGNORECASE,
)


CHANGE_BY = re.compile(
    r"\b(?:(?:rose|risen|fell|fallen|dropped|grew|increased|decreased|declined|jumped|climbed|"
    r"went\s+(?:up|down))\s+by|(?:is|are|was|were)\s+(?:up|down)|(?:an?\s+)?(?:increase|decrease|"
    r"drop|rise|fall|jump|decline)\s+of)\s+(?:some\s+|about\s+|nearly\s+|almost\s+)?$",
    re.IGNORECASE,
)


WITHIN_HOURS = re.compile(
    r"\b(?:in|within|during|over)\s+(?:the\s+)?(?:first|last|past|an|one|two|three|\d+)\s+hours?\b",
    re.IGNORECASE,
)


REGISTERED_AS = re.compile(
    r"\s*(?:[\w-]+\s+){0,3}?(?:registered|enrolled|signed\s+up)\s+(?:as|with|for)\b", re.I
)


_PLACES_AFTER = re.compile(r"\s*(?:\w+\s+)?(?:crossings|checkpoints|posts|crossing\s+points)\b")
_PLACES_BEFORE = re.compile(
    r"\b(?:the|all|at|through|across|via|of|its|their|these|both|between|has|have|had)\s+$",
    re.IGNORECASE,
)


def _places_counted(s: str, f: Figure, before: str, after: str) -> bool:
    """ "the three crossings", "at all 4 checkpoints", "has nine crossings": a count of places;
    not "Storskog registered 15 crossings" (crossings made)."""
    if not _PLACES_AFTER.match(after):
        return False
    return not re.search(r"\d", s[f.start : f.end]) or bool(_PLACES_BEFORE.search(before))


def screen(reader: SentenceReader, f: Figure, unit, clause: str, before: str, after: str) -> str:
    """ "other" for a figure that is no observation but worth keeping as a distractor, "drop"
    for one that is no count at all, "" for a figure to classify."""
    s = reader.s
    currency = re.search(r"(?:[$€£₽]|\b(?:USD|EUR|GEL|KZT|RUB|AMD|MNT|US\$))\s*$", before)
    if re.search(r"\b[A-Z][a-z]+,\s*$", before) and re.match(r"\s*,", after) and f.point < 120:
        return "drop"  # "a driver from Ulan-Ude, Aleksei, 41, who crossed": an age
    if unit == "money" or currency or PRICED.search(before):
        return "other"  # a price, rent or wage
    if unit in ("percent", "year", "month", "thing"):
        return "drop"
    if re.match(r"\s*(?:[\w-]+\s+){0,2}?(?:an|per|each|every)\s+hour\b", after) or (
        unit in ("vehicle", "person", None) and WITHIN_HOURS.search(clause_rest(reader, f))
    ):
        return "drop"  # "60 cars an hour", "300 in the first hour": a part of a day
    if re.search(r"\bout\s+of\s*$", before) or re.match(r"\s*(?:out\s+of|in\s+every)\b", after):
        return "drop"  # "nine out of ten arrivals": a share
    if re.match(r"\s*(?:[\w-]+\s+)?(?:lanes?|booths?|windows?|counters?)\b", after, re.IGNORECASE):
        return "drop"  # "opened 2 extra lanes", "12 booths": the post's equipment
    expected_wait = unit in ("hour", "minute", "day") and re.search(r"\bexpect", before, re.I)
    if PROJECTED.search(before) and not expected_wait:
        return "other"  # "could reach 100,000", "would reach 20 km", "expects up to 20,000"
    if MOVED.search(before):
        return "drop"  # "moved 1.5 km in 6 hrs": progress in the line, not its length or wait
    if SIZE_OF_CALLUP.search(before):
        return "other"  # "the partial mobilisation of 300,000 reservists": the order's size
    if CHANGE_BY.search(before):
        return "other"  # "fell by 2,000", "were up 1,200": a difference between two counts
    if STAYED.search(between_figures(reader, f)) or re.match(r"\s*(?:\w+\s+)?difference\b", after):
        return "other"  # "53,000 who came are still in the country", "the 53,000 difference"
    if FORECAST.search(s[max(0, f.start - 60) : f.start]) or COMING.search(after[:60]):
        return "other"  # "Forecast for the weekend: up to 9,000", "further arrivals next month"
    if (unit is None or _places_counted(s, f, before, after)) and f.bound == "" and f.point < 20:
        return "drop"  # "two border crossings", "one man": counts too small to observe a flow
    if CASUALTY.search(clause) or PROTEST.search(clause):
        return "other" if unit == "person" else "drop"
    if any(t.date_to and t.date_to.year < reader.published.year for t in reader.times_for(f)):
        return "other"  # "entries in September 2021 were 17,406": last year's level
    words = s[max(0, f.start - 80) : f.end + 60]  # as written: "so far today" is a time too
    if HYPOTHETICAL.search(s) or re.search(r"\bso\s+far\s+today\b", words, re.IGNORECASE):
        return "other"  # "a 30 km queue holds 3,000 cars if you allow 10 m a car"; a part-day
    if CORRECTED.search(s[reader.clauses[reader.clause_of(f.start)][0] : f.end]):
        return "other"  # "in an earlier post we said the queue was 26 km": withdrawn
    if re.search(r"\d[^;.!?]{0,60},\s*not\s+(?:the\s+)?$", before) or PRE_CRISIS_NORM.search(
        before
    ):
        return "other"  # "4,800 on Monday, not 48,000"; "a pre-crisis norm of 1,500 a day"
    if re.match(
        r"\s*(?:[\w-]+\s+)?at\s+(?:the|its)\s+(?:peak|height|worst|longest|maximum)\b(?!\s+(?:on|of)\b)",
        after,
    ) or (PEAKS_BEFORE.search(before) and not any(t.one_day for t in reader.times_for(f))):
        return "other"  # "down from about 10,000 at the peak", "from peaks above 20,000": a
        # level no day is given for
    replaced = REPLACED.match(after) and REPLACED_BEFORE.search(before) or _revised_away(s, f)
    if replaced or SOCIAL_CLAIM.search(s[max(0, f.start - 90) : f.start]):
        return "other"  # "up from the 3,870 it gave this morning"; "a video claiming 20,000"
    if DIAL.search(s[max(0, f.start - 80) : f.start]):
        return "drop"  # "Hot line: 112"
    if REGISTERED_AS.match(after):
        return "other"  # "1,900 Russians registered as entrepreneurs": not a border count
    denied = DENIED.search(_semicolon_part(s, f))
    if denied or NOT_FLOW.search(figure_words(reader, f)) or OF_SIZE.search(before):
        return "other"  # a claim called false, a capacity, a refusal, a population, an age
    via = re.match(r"\s*(?:[\w-]+\s+)?(?:via|through|at)\s", after)  # "of whom 2,300 via X"
    via = via or CITIZENS.match(after)  # "1,870 persons, of whom 1,740 Russian citizens": entries
    part = PART_OF.search(before) and not via and not _own_span(reader, f)
    if part or _undone(reader, f) or _baseline(reader, f):
        return "other"  # "of whom 18,720 were men", "9,000 ... were sent home", "before the order"
    if _converted(s, f):
        return "drop"  # "5 miles (8 km)": the figure in brackets is the same length
    return ""


PEAKS_BEFORE = re.compile(
    r"\bfrom\s+(?:a\s+|the\s+|its\s+)?peaks?\s+(?:of\s+)?(?:above\s+|over\s+)?$", re.I
)
# people who stayed, or entries less exits: a stock in the country, not a border count
STAYED = re.compile(
    r"\b(?:still\s+(?:in|inside)\s+the\s+country|(?<!not\s)(?:remain|stay)(?:s|ed|ing)?\s+in\s+the\s+"
    r"country|difference\s+between|net\s+(?:inflow|outflow|balance|increase|migration))\b",
    re.IGNORECASE,
)
FORECAST = re.compile(
    r"\b(?:forecast|planning\s+figures?|projections?)\b[^.;\d]{0,40}$"
    r"|\bassum(?:e|es|ing)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
COMING = re.compile(
    r"^\s*(?:[\w-]+\s+)?further\b|\b(?:in|over|during)\s+the\s+(?:coming|next)\s+(?:days|weeks?|months?)\b",
    re.IGNORECASE,
)


def _revised_away(s: str, f: Figure) -> bool:
    """The figure a revision replaced: "43,120 (revised from 42,650)", "published as 98,000, is
    revised to 101,620"."""
    before = s[max(0, f.start - 50) : f.start]
    if re.search(r"\brevised\s+(?:(?:up|down)(?:wards?)?\s+)?from\s+(?:the\s+)?$", before, re.I):
        return True
    published_as = re.search(
        r"\b(?:published|reported|given|announced|released)\s+as\s+(?:~|about|around)?\s*$",
        before,
        re.IGNORECASE,
    )
    return bool(published_as) and bool(re.search(r"\brevised\s+to\b", s[f.end :], re.I))


def _semicolon_part(s: str, f: Figure) -> str:
    """The part of the sentence between semicolons that holds the figure: a denial before a
    semicolon ("... were 'fabricated'; only 37 passed") does not reach past it."""
    end = s.find(";", f.end)
    return s[s.rfind(";", 0, f.start) + 1 : end if end >= 0 else len(s)]


def _own_span(reader: SentenceReader, f: Figure) -> bool:
    """ "of whom 40,548 arrived from Friday to Monday": a part over its own stated days is a
    count of those days."""
    rest = (f.end, f.end + len(clause_rest(reader, f)))
    return any(
        rest[0] <= t.start < rest[1] and t.date_from and t.date_to and t.date_from < t.date_to
        for t in reader.times
    )


def _undone(reader: SentenceReader, f: Figure) -> bool:
    """People the rest of the figure's clause sends home, turns back or releases; not a remark
    after "though" or "but" ("40,000 arrived, though many have since moved on")."""
    rest = re.split(r",\s*(?:though|although|but|while|yet)\b", clause_rest(reader, f))[0]
    return bool(UNDONE_AFTER.search(rest))


def _baseline(reader: SentenceReader, f: Figure) -> bool:
    """ "daily tallies had hovered around 6,000 before the order", "12,000 a day crossed before
    the pandemic": ordinary times, no date."""
    ci = reader.clause_of(f.start)
    dated = any(  # a date in the figure's own clause, not in a clause before it
        re.search(r"\d", t.text)
        for t in reader.times_for(f)
        if t.kind == "point" and reader.clause_of(t.start) == ci
    )
    # "12,000 a day crossed before the pandemic"; not "10,000 crossed, twice the usual number"
    s0 = reader.clauses[reader.clause_of(f.start)][0]
    said = BASELINE.search(reader.masked[s0 : f.end] + clause_rest(reader, f).split(",")[0])
    return not dated and bool(said)


def _converted(s: str, f: Figure) -> bool:
    """The figure is a conversion of the length just before it: "5 miles (8 km)" keeps 8 only
    when the first is not in km; "8 km (5 miles)" keeps 8."""
    before = s[max(0, f.start - 30) : f.start]
    after = s[f.end : f.end + 25]
    unit = unit_after(s, f.end)
    if unit not in TO_KM:
        return False
    if re.search(r"\b(?:km|kms|kilomet\w+)\s*\(\s*(?:about\s+|some\s+)?$", before):
        return True  # the bracketed conversion of a km figure
    m = re.match(
        r"\s*-?\s*(?:miles?|mi)\s*\(\s*(?:about\s+|some\s+)?[\d.,]+\s*-?\s*(?:km|kilomet)", after
    )
    said_in_km = re.search(r"\b(?:km|kms|kilomet\w+)\b[^.;\d]{0,30}\bor\s*$", before) or re.match(
        r"\s*(?:miles?|mi)\b[^.;\d]{0,30}\bor\s+(?:about\s+|some\s+)?[\d.,]+\s*-?\s*(?:km|kilomet)",
        s[f.end : f.end + 60],
    )  # "5 km on Monday, or about 3 miles", "3 miles, or 5 km": the km figure is the one kept
    return unit == "mile" and bool(m or said_in_km)
