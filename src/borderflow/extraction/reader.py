"""One sentence as the rules see it (its figures, times, mentions and clauses), the candidate row,
and the context carried from the sentences before."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from borderflow.extraction.context import Context, in_context
from borderflow.extraction.dates import NOT_LAST, TimeExpr, find_times
from borderflow.extraction.numbers import Figure, find_figures
from borderflow.extraction.resolvers import SO_FAR
from borderflow.extraction.text import blanked
from borderflow.extraction.vocabulary import (
    AGENT,
    ASIDE_AFTER,
    CITED,
    CLAUSE_SPLIT,
    CROSSING_ONLY,
    FUNCTION,
    HERE,
    NATIONAL_METRICS,
    PART_OF,
    PRONOUN,
    QUEUE,
    SAY,
    SKIP_ADJ,
    UNIT_WORDS,
    VEHICLE_WORDS,
    VERB_WORDS,
)
from borderflow.scenario.gazetteer import NATIONAL, Gazetteer, Mention


@dataclass
class Row:
    """One candidate observation before it becomes a DataFrame row."""

    metric: str
    place: str
    crossing: str
    date_from: date | None
    date_to: date | None
    value: float | None
    low: float | None
    high: float | None
    who: str
    quote: str
    confidence: float
    notes: list[str] = field(default_factory=list)
    rule: str = ""  # the kind of evidence (RULE_CONFIDENCE), which sets `confidence`


def unit_after(sentence: str, end: int) -> str | None:
    """The unit of the figure ending at `end`: the first unit noun within the next 3 words."""
    tail = sentence[end : end + 60]
    m = re.match(r"\s*-\s*(\w+)", tail)  # "20-km queue", "4,600-mile border"
    if m and m.group(1).lower() in UNIT_WORDS:
        return UNIT_WORDS[m.group(1).lower()]
    if re.match(r"-[a-z]", tail):
        return "thing"  # "a 300,000-man call-up", "a 26-lane checkpoint": a description
    if re.match(r"\s*(?:%|per\s*cent\b)", tail, re.IGNORECASE):
        return "percent"
    if re.match(r"\s*units?\s+of\s+(?:auto-?|motor\s+)?(?:transport|vehicles)\b", tail, re.I):
        return "vehicle"  # "65 units of transport"
    if re.match(r"\s*units?\b", tail, re.IGNORECASE):  # "3,200 units (of auto-transport)"
        return "vehicle" if VEHICLE_WORDS.search(sentence) or QUEUE.search(sentence) else None
    words = re.findall(r"[\w'-]+|[^\w\s]", tail)[:3]
    for i, word in enumerate(words):
        w = word.lower()
        if w in ('"', "”", "’", "»"):
            continue  # "up to 200" cars: the quote closes before the unit
        if w in UNIT_WORDS:
            return UNIT_WORDS[w]
        following = words[i + 1].lower() if i + 1 < len(words) else ""
        if w in SKIP_ADJ or (
            w.endswith("ing") and following.isalpha() and following not in FUNCTION
        ):
            continue  # "80 training grounds": the noun after the modifier decides
        if w in FUNCTION or not w[0].isalpha() or not w.endswith("s"):
            return None  # a verb or a preposition: "9,000 arrived on Sunday"
        if DEMONYM.fullmatch(word):
            return "person"  # "3,100 Finns and Russians", "2,000 Georgians"
        return "thing"  # another plural noun: "3,000 meals", "nine paragraphs"
    return None


def _part_only(sentence: str, m: Mention) -> bool:
    """ "..., most of them through Altanbulag": where part went, not the count's crossing."""
    before = sentence[max(0, m.start - 40) : m.start]
    return m.kind == "crossing" and bool(PART_VIA.search(before))


PART_VIA = re.compile(
    r"\b(?:most(?:\s+of\s+them)?|mostly|mainly|chiefly|largely|many\s+of\s+them)\s+"
    r"(?:\w+\s+)?(?:through|via|at|by\s+way\s+of)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
PART_LEAD = re.compile(
    r"\b(?:of\s+whom|of\s+them|of\s+which|including|among\s+them)\s+(?:\w+\s+)?$", re.IGNORECASE
)
DEMONYM = re.compile(r"[A-Z][a-z]+(?:ns|ks|hs|nns|ese|is)")


def clauses(sentence: str) -> list[tuple[int, int]]:
    """Spans of the clauses of a sentence."""
    spans, start = [], 0
    for m in CLAUSE_SPLIT.finditer(sentence):
        spans.append((start, m.start()))
        start = m.start()
    spans.append((start, len(sentence)))
    return [(s, e) for s, e in spans if e > s]


def attribution(sentence: str, context: Context) -> str:
    """Whom the sentence cites: the subject of its saying verb, plus any "citing X"."""
    cited = [c.group(1).strip() for c in CITED.finditer(sentence)]
    bare = re.sub(r",\s*,", " ", CITED.sub(" ", sentence))
    subject = ""
    verb = SAY.search(bare)
    if verb:
        before = re.split(r"[,;:\"“”]|\bthat\b", bare[: verb.start()])[-1]
        before = re.sub(
            r"^\s*(?:(?:on|last|this)\s+\w+day|yesterday|today|while|as|after|when|"
            r"although|but|and|meanwhile)\b",
            "",
            before,
            flags=re.IGNORECASE,
        )
        words = before.split()[-8:]
        subject = re.sub(r"^(?:the|a|an)\s+", "", " ".join(words), flags=re.IGNORECASE).strip()
        if PRONOUN.match(subject):
            subject = context.who
        elif subject and not (re.search(r"[A-Z]", subject) or AGENT.search(subject)):
            subject = ""
    parts = [p for p in [subject, *cited] if p]
    return " citing ".join(dict.fromkeys(parts))


def statement_time(sentence: str, times: list[TimeExpr]) -> TimeExpr | None:
    """The date the cited person spoke: a time right after the saying verb ("said Tuesday").
    A period opening the sentence ("Between 21 September and 2 October, the ministry says") or a
    day's data ("Wednesday's figures") is not when someone spoke."""
    for t in times:
        if re.match(r"['’]s\b", sentence[t.end - 2 : t.end + 2]) or re.match(
            r"['’]s\b", sentence[t.end : t.end + 2]
        ):
            continue  # "Wednesday's figures", "yesterday's numbers": a day's data
        if (
            t.kind == "point"
            and re.search(
                r"\b(?:said|says|told\s+\w+|announced|reported|stated|added|released|published|"
                r"issued)(?:\s+on)?\s*$",
                sentence[: t.start],
            )
            and not (  # "says yesterday 1,850 crossed": the day of the count
                re.search(r"\bsays\s*$", sentence[: t.start])
                and re.match(r"yesterday|today|last\s+night", t.text, re.IGNORECASE)
            )
        ):
            return t
        verb = SAY.search(sentence[t.end : t.end + 80])
        if (
            t.kind == "point"
            and t.date_from == t.date_to
            and re.fullmatch(r"\s*(?:on\s+)?", sentence[: t.start], re.IGNORECASE)
            and verb
            and not re.fullmatch(
                r"says|tells|reports|estimates|counts|counted|recorded|registered|logged|writes",
                verb.group(0),
                re.I,
            )  # "Yesterday the ministry counted 2,300 ...; today ...": the count's day
            and not find_figures(verb.string[: verb.start()])
            and not _aside(sentence, t.end, verb)
        ):
            return t  # "On Tuesday the minister said ..."
        if (
            t.kind == "point"
            and re.search(r"\([^()]*,\s*$", sentence[: t.start])
            and re.match(r"\s*\)", sentence[t.end :])
        ):
            return t  # "(interior ministry, Sept 27)": the day the source gave the figure
        if re.fullmatch(r"\s*\[\s*", sentence[: t.start]) and re.match(
            r"[^\]\n]{0,12}\]", sentence[t.end :]
        ):
            return t  # "[24.09 13:40] Olya: ... yesterday": the day the post was written
    return None


def _aside(sentence: str, after: int, verb: re.Match[str]) -> bool:
    """ "On Friday, the committee said, 1,870 came in": the saying verb is an aside between
    commas, and the opening day is the figure's."""
    start = after + verb.start()
    return bool(
        re.match(r"[^,]{0,12},", sentence[after:start])
        and re.match(r"[^,]{0,20},\s*\S", sentence[start:])
    )


NOW = re.compile(r"now|currently|at the moment", re.IGNORECASE)
VERB_LIKE = re.compile(  # a verb, said or not: "At Mashtakovo, 40 cars." has none
    rf"\b(?:{VERB_WORDS}|says?)\b|['’]s\b", re.IGNORECASE
)
PAST = re.compile(
    r"\b(?:was|were|had|(?!hundred\b|united\b|speed\b)\w{3,}ed|put|said|told|saw|stood|got|went|"
    r"came|made|took|gave|found|"
    r"kept|held|ran)\b",
    re.IGNORECASE,
)
PRESENT = re.compile(
    r"\b(?:is|are|does\s+not|do\s+not|remains?|stands|reaches|amounts\s+to|constitutes)\b",
    re.IGNORECASE,
)
WHOLE_BORDER = re.compile(
    r"\b(?:over|across|via|along)\s+the\s+(?:\w+\s+){0,2}?(?:border|frontier)\b"
    r"|\b(?:across|at|through)\s+(?:both|all)\s+(?:the\s+)?(?:\w+\s+)?(?:crossings|checkpoints)\b"
    r"|^\W*(?:[A-Z]{2,3}\s+)?(?:national\s+)?total\b",  # "FI total Sun: 8 314 RU citizens in"
    re.IGNORECASE,
)
SEVERAL_POSTS = re.compile(  # "the three posts counted 2,450 entries": not the last one named
    r"\b(?:the|these|those|all|both)\s+(?:\w+\s+)?(?:posts|crossings|checkpoints|crossing\s+points)\b",
    re.IGNORECASE,
)
COMPARED_PLACE = re.compile(  # "Quiet compared w/ Finland: ~150 crossed": not the count's place
    r"\b(?:than|compared\s+(?:with|to|w/)|vs\.?|versus|unlike)\s+(?:in\s+)?$", re.IGNORECASE
)
COMPARED_TIME = re.compile(
    r"\b(?:than|compared\s+(?:with|to)|against|versus|as)\s+(?:on\s+|in\s+|at\s+)?$",
    re.IGNORECASE,
)


def _wire_dateline(sentence: str, t: TimeExpr) -> bool:
    """ "HELSINKI, Sept 27 - ...": the place and date a wire story opens with are no figure's."""
    return bool(
        re.fullmatch(r"\s*[A-Z][A-Z .'’-]{2,},\s*", sentence[: t.start])
        and re.match(r"\s*(?:\([^()]*\)\s*)?[-–—]", sentence[t.end :])
    )


class SentenceReader:
    """Reads one sentence: its times, places, clauses and figures."""

    def __init__(
        self,
        sentence: str,
        gazetteer: Gazetteer,
        published: date,
        announced: date,
        context: Context,
    ) -> None:
        self.s = sentence
        self.gaz = gazetteer
        self.published = published
        self.announced = announced
        self.context = context
        found = find_times(sentence, published, published, announced)
        # masked, but no figure's time
        self.dateline_times = [t for t in found if _wire_dateline(sentence, t)]
        times = [t for t in found if not _wire_dateline(sentence, t)]
        said = statement_time(sentence, times)
        self.spoken = said.date_to if said and said.date_to else (context.dateline or published)
        self.said_at = said.start if said else -1
        # "On 23 September, ... passed. The wait does not exceed 2 hours.": a present-tense
        # sentence is of the statement's day, unless the paragraph opened "As of <date>"
        present = PRESENT.search(sentence) and not context.topic_as_of
        topic = None if present else context.topic_day
        self.on_topic_day = not times and topic is not None
        verbless = not VERB_LIKE.search(sentence) and context.past_day_named
        if (
            not (times or present or topic)
            and context.past_day
            and (PAST.search(sentence) or verbless)
        ):
            topic = context.past_day
            self.on_topic_day = True
        if not times and (topic or context.dateline) is not None:
            self.spoken = topic or context.dateline  # the paragraph's day or the statement's
        if self.spoken != published:
            times = [
                t
                for t in find_times(sentence, self.spoken, published, announced)
                if not _wire_dateline(sentence, t)
            ]
        self.times = in_context(sentence, times, said, context)
        self.masked = blanked(
            sentence, [(t.start, t.end) for t in self.times + self.dateline_times]
        )
        self.places = [m for m in gazetteer.find(sentence) if not _part_only(sentence, m)]
        self.clauses = clauses(self.masked)  # no clause ends inside "21 Sep – 1 Oct"
        self.who = attribution(sentence, context)
        self.figures = [f for f in find_figures(self.masked) if self._is_figure(f)]
        self.attached = self._attach()

    # --- figures and times -----------------------------------------------------------------------
    def _is_figure(self, f: Figure) -> bool:
        if any(t.start < f.end and f.start < t.end for t in self.times):
            return False
        if re.search(r"\b(?:few|several|many)\s*$", self.s[max(0, f.start - 10) : f.start]):
            return False  # "a few hundred", "several thousand": no figure
        if re.search(r"\bthe\s*$", self.s[max(0, f.start - 5) : f.start]) and unit_after(
            self.s, f.end
        ) in ("day", "week", "month"):
            return False  # "in the two weeks from ...": a span, not a figure
        week = re.search(  # "weeks 39 and 40", "Wk 38": week numbers
            NOT_LAST + r"\b(?:weeks?|wks?)\.?\s*(?:\d{1,2}\s*(?:and|,|-|–|to)\s*)?$",
            self.s[max(0, f.start - 30) : f.start],
            re.IGNORECASE,
        )
        if week and f.value is not None and f.value <= 53:
            return False
        v = f.value
        is_year = (
            v is not None
            and 1900 <= v <= 2100
            and float(v).is_integer()
            and not re.search(r"[,\s]", f.text.strip())  # "1 980" is no year
            and not f.scaled  # "1.9k" is no year
        )
        return not (is_year and unit_after(self.s, f.end) not in ("person", "vehicle", "km"))

    def _attach(self) -> dict[int, TimeExpr]:
        """Times that follow a figure closely belong to it ("5,500 a week ago")."""
        out: dict[int, TimeExpr] = {}
        for t in self.times:
            if t.start == self.said_at or NOW.fullmatch(t.text):
                continue  # "..., the ministry said on Monday": the day it spoke
            before = [f for f in self.figures if f.end <= t.start]
            if not before:
                continue
            f = before[-1]
            gap = self.s[f.end : t.start]
            if SO_FAR.fullmatch(t.text) and re.search(r"\b(?:\w+est|most|record)\b", gap, re.I):
                continue  # "11,143, the highest single day so far": a superlative
            if t.kind == "earlier" and re.search(r"\b(?:double|level|than|compared|from)\b", gap):
                continue  # "roughly double the level of the week before": a comparison
            if f.start in out and (self.compared(t) or "," in gap):
                continue  # "4,000 entered on Monday as on Sunday", "waits of 36 hours last week,
                # was quiet on Tuesday": the first time after the figure is its own
            opened = any(x.end <= f.start and x.start != self.said_at for x in self.times)
            if opened and re.match(r"[^,;]*[,;]", gap) and t.one_day:
                continue  # "Yesterday we let in 4,000, today it will be more": the day before
            if t.start - f.end <= 35 and self.clause_of(f.start) == self.clause_of(t.start):
                if id(t) not in {id(x) for x in out.values()}:
                    out[f.start] = t
        return out

    def clause_of(self, pos: int) -> int:
        return next((i for i, (s, e) in enumerate(self.clauses) if s <= pos < e), 0)

    def clause_text(self, i: int) -> str:
        """Clause `i` with its time expressions blanked ("since the call-up" is no call-up)."""
        s, e = self.clauses[i]
        return self.masked[s:e]

    def times_for(self, f: Figure) -> list[TimeExpr]:
        """The figure's own time, else its clause's free times, else an earlier clause's."""
        if f.start in self.attached:
            return [self.attached[f.start]]
        whole = [g for g in self.figures if g.end <= f.start]
        if whole and PART_OF.search(self.masked[max(0, f.start - 40) : f.start]):
            return self.times_for(whole[-1])  # "1,870 persons, of whom 1,740 ...": the same day
        paired = self._respectively(f)
        if paired is not None:
            return [paired]
        taken = {id(t) for t in self.attached.values()}
        i = self.clause_of(f.start)
        s, e = self.clauses[i]
        free = [
            t
            for t in self.times
            if s <= t.start < e
            and id(t) not in taken
            and not self.compared(t)
            and not (NOW.fullmatch(t.text) and t.start - f.end > 40)  # "..., a sign that more
            # people are now returning": a comment's time
        ]
        points = [t for t in free if t.kind == "point" and t.start != self.said_at]
        if len(points) > 1:  # "arrived on Monday ...: over the weekend, 16,886 crossed"
            near = min(points, key=lambda t: self._distance(t, f))
            free = [t for t in free if t.kind != "point" or t is near]
        if all(t.start == self.said_at for t in free):
            # "10,140 entered on Friday, 7,330 left": a coordinated figure shares the time
            shared = [t for t in self.times if s <= t.start < e and self._shared(t, f)]
            free = shared or free
        if not free:  # "6,000 entered and 4,500 exited Georgia on 1 October": the pair's day
            free = self._pair_time(f, i)
        while not free and i > 0:
            i -= 1
            s, e = self.clauses[i]
            free = [t for t in self.times if s <= t.start < e and not self.compared(t)]
        return free

    def _respectively(self, f: Figure) -> TimeExpr | None:
        """ "on Sunday and Monday ... were 11,143 and 10,804 respectively": in order."""
        if not re.search(r"\brespectively\b", self.s, re.IGNORECASE):
            return None
        days = [t for t in self.times if t.kind == "point" and t.start != self.said_at]
        if len(days) != len(self.figures) or len(days) < 2:
            return None
        return days[self.figures.index(f)]

    def _respective_country(self, f: Figure) -> str:
        """ "Georgia and Kazakhstan took in 5,000 and 7,000 respectively": in order."""
        if not re.search(r"\brespectively\b", self.s, re.IGNORECASE):
            return ""
        countries = [m.id for m in self.places if m.kind == "country" and m.id != "Russia"]
        if len(countries) != len(self.figures) or len(countries) < 2:
            return ""
        return countries[self.figures.index(f)]

    def _distance(self, t: TimeExpr, f: Figure) -> int:
        """How far a time is from a figure; one after a comma that follows the figure is far
        ("Yesterday we let in 4,000, today it will be more")."""
        gap = min(abs(t.start - f.end), abs(f.start - t.end))
        return gap + (100 if t.start >= f.end and "," in self.s[f.end : t.start] else 0)

    def _pair_time(self, f: Figure, clause: int) -> list[TimeExpr]:
        later = [g for g in self.figures if g.start >= f.end and self.clause_of(g.start) == clause]
        if not later or later[0].start not in self.attached:
            return []
        gap = self.masked[f.end : later[0].start]
        pair = re.fullmatch(r"[^,;:]{0,40}\b(?:and|while|but|whereas)\s+", gap, re.IGNORECASE)
        # "2,930 entries, 1,210 exits on 2 Oct", "queue ~15 km, wait 20+ hours (3 Oct)"
        listed = re.fullmatch(r"\s*[a-z]+\s*,\s*(?:[a-z]+\s+){0,2}", gap)
        return [self.attached[later[0].start]] if pair or listed else []

    def _shared(self, t: TimeExpr, f: Figure) -> bool:
        gap = self.s[t.end : f.start]
        if t.end <= f.start and re.fullmatch(r"\s*,\s*to\s*", gap):
            return True  # "rose by 900 on Monday, to 2,700": the level reached that day
        return (
            t.end <= f.start
            and bool(re.match(r"\s*(?:,|;|and\b|while\b|whereas\b)", gap))
            and not re.search(r"\b(?:to|from|than|compared|against)\b", gap, re.IGNORECASE)
        )

    def compared(self, t: TimeExpr) -> bool:
        """ "shorter than on Monday", "compared with last week", "a quarter of the late-September
        level": the time of the thing compared."""
        return t.kind in ("point", "earlier") and bool(
            COMPARED_TIME.search(self.s[max(0, t.start - 25) : t.start])
            or re.search(r"\b(?:of|from|than|to)\s+the\s+$", self.s[max(0, t.start - 12) : t.start])
            and re.match(r"[\s-]*(?:levels?|peak|average|high|record)\b", self.s[t.end :], re.I)
        )

    # --- places -------------------------------------------------------------------------------
    def place_for(self, f: Figure, metric: str) -> tuple[str, str, bool]:
        """(country, crossing id, carried?) for a figure of `metric`."""
        if metric in NATIONAL_METRICS:
            return NATIONAL, "", False
        respective = self._respective_country(f)
        if respective:
            return respective, "", False
        ci = self.clause_of(f.start)
        s, e = self.clauses[ci]
        if ci > 0 and re.fullmatch(r"[\s\-–—:]*", self.s[s : f.start]):
            s = self.clauses[ci - 1][0]  # "before the MAPP Kyakhta - 80 units": its subject's place
        in_clause = [
            m
            for m in self.places
            if s <= m.start < e and not self._a_part_s(f, m) and not self._bracketed(f, m)
        ]
        crossing = self._through_after(f, in_clause) or self._nearest(
            f, [m for m in in_clause if m.kind == "crossing"]
        )
        if crossing is None:
            crossings = {
                m.id for m in self.places if m.kind == "crossing" and not self._a_part_s(f, m)
            }
            ci = self.clause_of(f.start)
            if len(crossings) == 1:
                only = next(m for m in self.places if m.kind == "crossing")
                if self.clause_of(only.start) <= ci or metric not in (
                    "daily_entries",
                    "cumulative_entries",
                    "daily_exits",
                    "cumulative_exits",
                ):
                    crossing = only
        if crossing is not None:
            group = self._coordinated(crossing, in_clause)
            whole = WHOLE_BORDER.search(self.s[s:e])  # "across both crossings some 4,400 ..."
            if (";" in group or whole) and metric not in CROSSING_ONLY:
                group = ""  # people counted over several crossings: the country's count
            return self.gaz.country_of(crossing), group, False
        country = self._country(f, in_clause) or self._country(
            f, [m for m in self.places if not self._bracketed(f, m)]
        )
        carried = False
        if not country:  # "there", "the country", or a sentence that names no place
            country, carried = self.context.country, True
        use_crossing = self.context.crossing and carried and not SEVERAL_POSTS.search(self.s)
        if metric not in CROSSING_ONLY and self.context.crossing != self.context.people_crossing:
            use_crossing = False  # the crossing was named for a queue, not for people crossing
        here = HERE.search(self.s[s:e])
        if metric not in CROSSING_ONLY and WHOLE_BORDER.search(self.s):
            use_crossing = False  # "arrived over the land border": the whole border's count
        if not use_crossing and (
            metric in ("queue_km", "queue_vehicles", "wait_hours", "daily_vehicles")
            or here
            and not SEVERAL_POSTS.search(self.s)
        ):
            same = self.gaz.crossing_country.get(self.context.crossing) == country
            use_crossing = bool(self.context.crossing) and same
        return country, (self.context.crossing if use_crossing else ""), carried

    def _bracketed(self, f: Figure, m: Mention) -> bool:
        """A place in brackets or an aside after the figure ("left it (many onward to Turkey)",
        "left, the ministry added, many of them transiting onward to Turkey")."""
        opened = self.s.rfind("(", f.end, m.start)
        inside = opened >= 0 and self.s.find(")", opened, m.start) < 0
        return inside or (m.start > f.end and bool(ASIDE_AFTER.search(self.s, f.end, m.start)))

    def _a_part_s(self, f: Figure, m: Mention) -> bool:
        """ "2,850 entered, of whom 2,300 via Altanbulag": the crossing is the part's, not the
        total's."""
        between = [g for g in self.figures if f.end <= g.start < m.start]
        return any(
            PART_LEAD.search(self.s[max(0, g.start - 20) : g.start])
            or re.match(  # "6,120 of them through Narva", not "5,000 of them Russians, ... at X"
                r"\s*of\s+(?:them|whom|these)\s+(?:through|via|at|in)\b", self.s[g.end :], re.I
            )
            for g in between
        )  # "10,284 entered, 6,120 of them through Narva"

    def _coordinated(self, crossing: Mention, mentions: list[Mention]) -> str:
        """ "Nuijamaa and Vaalimaa": every crossing of a list, `;`-joined (their sum is meant)."""
        group = [m for m in mentions if m.kind == "crossing"]
        if crossing not in group:
            return crossing.id
        i = group.index(crossing)
        lo, hi = i, i
        join = r"\s*(?:,|and|&|/|or|,\s*and)\s*"
        while lo > 0 and re.fullmatch(join, self.s[group[lo - 1].end : group[lo].start]):
            lo -= 1
        while hi + 1 < len(group) and re.fullmatch(
            join, self.s[group[hi].end : group[hi + 1].start]
        ):
            hi += 1
        return ";".join(dict.fromkeys(m.id for m in group[lo : hi + 1]))

    def _country(self, f: Figure, mentions: list[Mention]) -> str:
        countries = [
            m
            for m in mentions
            if m.kind == "country"
            and m.id != "Russia"
            and not COMPARED_PLACE.search(self.s[max(0, m.start - 20) : m.start])
            and not (  # "by land through Georgia"; not "through Georgia, which admitted ..."
                re.search(r"\b(?:through|via)\s+$", self.s[max(0, m.start - 9) : m.start])
                and not re.match(r",\s+(?:which|where)\b", self.s[m.end :])
            )
        ]
        strong = [m for m in countries if m.strong]
        best = self._nearest(f, strong) or self._nearest(f, countries)
        return best.id if best else ""

    def _through_after(self, f: Figure, mentions: list[Mention]) -> Mention | None:
        """ "..., 986 through Brusnichnoye": the crossing the figure goes through."""
        gap = r"\s*(?:[\w-]+\s+){0,2}?(?:through|via)\s+(?:the\s+)?"
        return next(
            (
                m
                for m in mentions
                if m.kind == "crossing"
                and m.start >= f.end
                and re.fullmatch(gap, self.s[f.end : m.start])
            ),
            None,
        )

    @staticmethod
    def _nearest(f: Figure, mentions: list[Mention]) -> Mention | None:
        if not mentions:
            return None
        return min(mentions, key=lambda m: min(abs(m.start - f.end), abs(f.start - m.end)))
