"""The rules that turn one sentence's figures into candidate observations.

For each figure: its unit (the noun after it), its metric (cue words in its clause), its place
and crossing (gazetteer mentions, else the previous sentence's), its period (time expressions of
its clause, else the date the cited person spoke, else the publication date), its bounds (from
`numbers`) and whom the report cites. Figures about casualties, protests, border lengths,
distances, years, percentages and other things are `other` and never observations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from borderflow.extraction.dates import TimeExpr, find_times
from borderflow.extraction.numbers import Figure, find_figures
from borderflow.extraction.text import paragraphs, sentences
from borderflow.scenario.gazetteer import NATIONAL, Gazetteer, Mention

CUMULATIVE = ("cumulative_entries", "cumulative_departures", "call_ups", "cumulative_exits")
NATIONAL_METRICS = ("cumulative_departures", "call_ups")


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


CASUALTY = _re(
    r"\b(?:killed|wounded|dead|deaths?|died|casualt\w+|injur\w+|losses|captured|"
    r"prisoners?|missing\s+in\s+action|lost\s+(?:as\s+many\s+as|up\s+to|some|about)?)\b"
)
PROTEST = _re(r"\b(?:protest\w*|rall(?:y|ies)|demonstrat\w+|detain\w*|arrest\w*|detention\w*)\b")
BORDER_LENGTH = _re(
    r"^\s*-?\s*(?:long\s+|-long\s+)?(?:land\s+|shared\s+|common\s+)?"
    r"(?:border|frontier|boundary)|\bborder\b.{0,60}\blong\w*\b|\blength\b"
)
DISTANCE = _re(
    r"^\s*(?:\w+\s+)?(?:east|west|north|south|from|away|outside|inside|beyond|above|"
    r"below|high|deep|wide)\b|^\s*of\s+(?:the\s+)?(?:road|highway|track)"
)
# A figure the speaker calls false, a capacity, a refusal or an application is no observation.
DENIED = _re(
    r"\b(?:false|fake|not\s+(?:correct|true)|untrue|(?:does|do|did)\s+not\s+correspond|"
    r"exaggerat\w*|dismiss\w*|denied|deny|denies|rejected|rumou?rs?|no\s+such\s+figure|"
    r"misinformation|disinformation|nothing\s+like\s+that)\b"
)
NOT_FLOW = _re(
    r"\b(?:asylum|visas?|turned\s+back|turning\s+back|turn\s+back|refus\w+|denied\s+entry|"
    r"applied|applications?|accounts|identification\s+numbers|deport\w*|capacity|"
    r"able\s+to\s+(?:process|handle)|prepared\s+to\s+handle|can\s+(?:process|handle)|"
    r"normally|in\s+normal\s+operation|before\s+the\s+pandemic|a\s+year|per\s+year|annually|"
    r"in\s+(?:19|20)\d\d|booths|lanes|planned|trucks|lorries|cargo|(?:average|median|mean)\s+age|"
    r"aged|years?\s+old|survey|poll|tickets?|sent\s+home|in\s+error|in\s+training|"
    r"sent\s+to\s+the)\b"
)
OF_SIZE = _re(
    r"\b(?:city|town|country|nation|village|region|republic|population|man|woman|person)\s+of\s+"
    r"(?:some|about|around|roughly|nearly|almost|over|more\s+than)?\s*$"
)
QUEUE = _re(
    r"\b(?:queu\w*|lines?|lined|jam\w*|tailbacks?|backed\s+up|backlog|waiting|stuck|accumulation|"
    r"traffic|column|convoy|stretch\w*|snak\w+|gridlock\w*)\b"
)
WAIT = _re(
    r"\b(?:wait\w*|queu\w*|took|take[sn]?|spent|stuck|delay\w*|get\s+through|"
    r"to\s+cross|in\s+line|in\s+the\s+line)\b"
)
VEHICLES_CROSSED = _re(
    r"\b(?:crossed|passed|cleared|went\s+through|processed|entered|"
    r"let\s+through|crossing)\b"
)
CALLUP = _re(
    r"\b(?:drafted|called\s+up|calling\s+up|call\s+up|call-?ups?|mobili[sz]ed|joined\s+the\s+"
    r"(?:army|armed\s+forces|military)|"
    r"conscripted|summons(?:es)?|call-up\s+papers|enlisted|draftees)\b"
)
PLAN_BEFORE = _re(
    r"\b(?:order\w*|decree\w*|calling\s+up|call\s+up|target\w*|plans?|would|will|"
    r"aim\w*|called\s+for|seeks?|sought)\b[^.;]{0,30}$"
)
DONE = _re(r"\b(?:completed|fulfilled|accomplished|finished|achieved|carried\s+out)\b")
PLAN_AFTER = _re(
    r"^[^.;]{0,60}\b(?:initially\s+called\s+for|(?:to|would|will)\s+be\s+(?:called|drafted|"
    r"mobili[sz]ed)|target|into\s+the\s+war|planned)\b"
)
ENTRY = _re(
    r"\b(?:enter\w*|entr(?:y|ies)|arriv\w+|crossed|cross(?:ing|es)?\s+into|came|come|"
    r"coming|fled\s+(?:to|into|there)|flee\w*\s+(?:to|into)|reach\w*|visitors|"
    r"went\s+through|passed\s+through|admitted|border\s+crossings)\b"
)
DEPART = _re(r"\b(?:left|leave|leaving|fled|flee\w*|depart\w*|exodus|emigrat\w+)\b")
EXIT = _re(
    r"\b(?:exit(?:ed|s|ing)?|went\s+the\s+other\s+way|(?:gone|went|go|headed|heading|going|"
    r"returned|returning|travel\w*|come|came)\s+back|back\s+(?:to|into)\s+russia|"
    r"(?:into|to|for)\s+(?:russia|the\s+russian\s+federation)|left\s+(?:\w+\s+){0,3}again|"
    r"departures?\s+from)\b"
)
ABROAD = _re(r"\b(?:russia|the\s+country|abroad|their\s+homeland)\b")
RATE = _re(
    r"\b(?:per\s+day|a\s+day|daily|each\s+day|every\s+day|per\s+24\s+hours|a\s+24-hour|"
    r"on\s+average|an\s+average|a\s+single\s+day|day-on-day|in\s+one\s+day)\b|/day"
)
PERFECT = _re(
    r"\b(?:have|has|had)\s+(?:now\s+|already\s+|so\s+far\s+)?(?:been\s+)?\w+(?:ed|en|come)\b"
    r"|\b(?:so\s+far|in\s+total|altogether|to\s+date)\b"
)
COMPARE = _re(r"^\W*(?:this\s+compares|compared|up\s+from|down\s+from|against|versus|vs\.?)\b")
SAY = _re(
    r"\b(?:said|says|say|told(?:\s+(?:reporters|us|journalists|\w+))?|tells|reported|"
    r"reports|announced|announces|estimated|estimates|counted|counts|added|stated|"
    r"confirmed|wrote|writes|noted|put\s+the\s+figure|posted|tweeted)\b"
)
CITED = _re(r"\b(?:according\s+to|citing|quoting|cited\s+by)\s+([^,;.]+)")
PRONOUN = _re(r"^(?:he|she|they|it|we|i|the\s+(?:minister|ministry|agency|official|service))$")
AGENT = _re(
    r"\b(?:officials?|officers?|police|ministry|minister|government|guard|authorities|"
    r"service|office|agency|outlet|group|drivers?|witnesses|head|spokes\w+|media|source)\b"
)
HERE = _re(
    r"\b(?:here|through\s+it|the\s+(?:same|said|this)\s+(?:crossing|checkpoint|post|port|station)|"
    r"the\s+said\s+checkpoint)\b"
)
CLAUSE_SPLIT = _re(
    r";|\s[—–-]\s|,\s+(?:and|but|while|whereas)\s+|,?\s+(?=(?:up|down)\s+from\b)"
    r"|,?\s+(?=compared\s+(?:with|to)\b)|,\s+(?=against\b)"
)
COMPARISON = _re(
    r"\b(?P<q>nearly|almost|more\s+than|roughly|about)?\s*(?P<verb>doubled|tripled|"
    r"trebled|quadrupled|halved)\b"
)
FACTORS = {"doubled": 2.0, "tripled": 3.0, "trebled": 3.0, "quadrupled": 4.0, "halved": 0.5}

UNIT_WORDS: dict[str, str] = {}
for _unit, _words in {
    "km": "km kms kilometre kilometres kilometer kilometers",
    "mile": "mile miles mi",
    "metre": "m metre metres meter meters",
    "hour": "hour hours hr hrs h",
    "day": "day days",
    "week": "week weeks",
    "month": "month months",
    "year": "year years year-old years-old",
    "percent": "percent % pc",
    "vehicle": "car cars vehicle vehicles automobiles trucks lorries buses minibuses vans "
    "auto-transport",
    "thing": "children",
    "person": "people persons women russians citizens men travellers travelers visitors arrivals "
    "entries "
    "nationals reservists draftees recruits soldiers troops individuals migrants refugees "
    "tourists crossings passengers foreigners",
}.items():
    UNIT_WORDS.update(dict.fromkeys(_words.split(), _unit))
SKIP_ADJ = set(
    "russian more additional other new foreign young military-age fighting-age calendar working "
    "passenger private extra ethnic male border-crossing russian-registered".split()
)
FUNCTION = set(
    "of in at on to a an the had have has were was is are per daily since by and or "
    "but into from that this who which with as over for each every alone more than "
    "so far already".split()
)
TO_KM = {"km": 1.0, "mile": 1.609344}
TO_HOURS = {"hour": 1.0, "day": 24.0, "week": 168.0}


@dataclass
class Context:
    """What the report said last: carried to sentences that do not repeat it."""

    country: str = ""
    crossing: str = ""
    metric: str = ""
    who: str = ""
    last_period: tuple[date, date] | None = None  # what "in the same period" refers to


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
    if re.match(r"\s*units?\b", tail, re.IGNORECASE):  # "3,200 units (of auto-transport)"
        return "vehicle" if VEHICLE_WORDS.search(sentence) else None
    for word in re.findall(r"[\w'-]+|[^\w\s]", tail)[:3]:
        w = word.lower()
        if w in UNIT_WORDS:
            return UNIT_WORDS[w]
        if w in SKIP_ADJ:
            continue
        if w in FUNCTION or not w[0].isalpha() or not w.endswith("s"):
            return None  # a verb or a preposition: "9,000 arrived on Sunday"
        return "thing"  # another plural noun: "3,000 meals", "nine paragraphs"
    return None


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
    """The date the cited person spoke: a time right after the saying verb ("said Tuesday")."""
    for t in times:
        if t.kind == "point" and re.search(
            r"\b(?:said|says|told\s+\w+|announced|reported|stated|added)\s*$", sentence[: t.start]
        ):
            return t
        verb = SAY.search(sentence[t.end : t.end + 80])
        if (
            t.kind == "point"
            and t.start < 3
            and verb
            and not find_figures(verb.string[: verb.start()])
        ):
            return t  # "On Tuesday the minister said ..."
    return None


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
        times = find_times(sentence, published, published, announced)
        said = statement_time(sentence, times)
        self.spoken = said.date_to if said and said.date_to else published
        self.said_at = said.start if said else -1
        if self.spoken != published:
            times = find_times(sentence, self.spoken, published, announced)
        self.times = [said if said and t.start == said.start else t for t in times]
        self.masked = "".join(
            " " if any(t.start <= k < t.end for t in self.times) else c
            for k, c in enumerate(sentence)
        )
        self.places = gazetteer.find(sentence)
        self.clauses = clauses(sentence)
        self.who = attribution(sentence, context)
        self.figures = [f for f in find_figures(sentence) if self._is_figure(f)]
        self.attached = self._attach()

    # --- figures and times -----------------------------------------------------------------------
    def _is_figure(self, f: Figure) -> bool:
        if any(t.start < f.end and f.start < t.end for t in self.times):
            return False
        v = f.value
        is_year = (
            v is not None and 1900 <= v <= 2100 and float(v).is_integer() and "," not in f.text
        )
        return not (is_year and unit_after(self.s, f.end) not in ("person", "vehicle", "km"))

    def _attach(self) -> dict[int, TimeExpr]:
        """Times that follow a figure closely belong to it ("5,500 a week ago")."""
        out: dict[int, TimeExpr] = {}
        for t in self.times:
            if t.start == self.said_at or re.fullmatch(
                r"now|currently|at the moment", t.text, re.IGNORECASE
            ):
                continue  # "..., the ministry said on Monday": the day it spoke
            before = [f for f in self.figures if f.end <= t.start]
            if not before:
                continue
            f = before[-1]
            gap = self.s[f.end : t.start]
            if t.kind == "earlier" and re.search(r"\b(?:double|level|than|compared|from)\b", gap):
                continue  # "roughly double the level of the week before": a comparison
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
        taken = {id(t) for t in self.attached.values()}
        i = self.clause_of(f.start)
        s, e = self.clauses[i]
        free = [t for t in self.times if s <= t.start < e and id(t) not in taken]
        while not free and i > 0:
            i -= 1
            s, e = self.clauses[i]
            free = [t for t in self.times if s <= t.start < e]
        return free

    # --- places -------------------------------------------------------------------------------
    def place_for(self, f: Figure, metric: str) -> tuple[str, str, bool]:
        """(country, crossing id, carried?) for a figure of `metric`."""
        if metric in NATIONAL_METRICS:
            return NATIONAL, "", False
        s, e = self.clauses[self.clause_of(f.start)]
        in_clause = [m for m in self.places if s <= m.start < e]
        crossing = self._nearest(f, [m for m in in_clause if m.kind == "crossing"])
        if crossing is None:
            crossings = {m.id for m in self.places if m.kind == "crossing"}
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
            return self.gaz.country_of(crossing), self._coordinated(crossing, in_clause), False
        country = self._country(f, in_clause) or self._country(f, self.places)
        carried = False
        if not country:  # "there", "the country", or a sentence that names no place
            country, carried = self.context.country, True
        use_crossing = self.context.crossing and carried
        here = HERE.search(self.s[s:e])
        if not use_crossing and (
            metric in ("queue_km", "queue_vehicles", "wait_hours", "daily_vehicles") or here
        ):
            same = self.gaz.crossing_country.get(self.context.crossing) == country
            use_crossing = bool(self.context.crossing) and same
        return country, (self.context.crossing if use_crossing else ""), carried

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
        countries = [m for m in mentions if m.kind == "country" and m.id != "Russia"]
        strong = [m for m in countries if m.strong]
        best = self._nearest(f, strong) or self._nearest(f, countries)
        return best.id if best else ""

    @staticmethod
    def _nearest(f: Figure, mentions: list[Mention]) -> Mention | None:
        if not mentions:
            return None
        return min(mentions, key=lambda m: min(abs(m.start - f.end), abs(f.start - m.end)))


def classify(reader: SentenceReader, f: Figure, inherited: str) -> tuple[str, Figure] | None:
    """The metric of a figure and the figure in the metric's unit; None if it observes nothing."""
    s = reader.s
    clause = reader.clause_text(reader.clause_of(f.start))
    unit = unit_after(s, f.end)
    after = s[f.end : f.end + 80]
    before = s[max(0, f.start - 40) : f.start]
    if f.bound == "none":
        return _zero(reader, f, clause, inherited)
    if unit in ("percent", "year", "month", "thing"):
        return None
    if unit is None and f.bound == "" and f.point < 20:
        return None  # "two border crossings", "one man": counts too small to observe a flow
    if CASUALTY.search(clause) or PROTEST.search(clause):
        return ("other", f) if unit == "person" else None
    if DENIED.search(s) or NOT_FLOW.search(_segment(reader, f)) or OF_SIZE.search(before):
        return "other", f  # a claim called false, a capacity, a refusal, a population, an age
    if _converted(s, f):
        return None  # "5 miles (8 km)": the figure in brackets is the same length
    fallback = inherited if inherited in COMPATIBLE.get(unit or "", ()) else ""
    if unit == "metre":
        if not QUEUE.search(clause) or BORDER_LENGTH.search(clause):
            return None
        return "queue_km", _km(f.scaled_by(0.001))
    if unit in TO_KM:
        unit_tail = re.sub(r"^\s*-?\s*[\w]+", "", after)
        if (
            BORDER_LENGTH.search(unit_tail)
            or BORDER_LENGTH.search(clause)
            and not QUEUE.search(clause)
        ):
            return "other", f
        if DISTANCE.search(unit_tail) or not (QUEUE.search(clause) or fallback):
            return None
        return "queue_km", _km(f.scaled_by(TO_KM[unit]))
    if unit in TO_HOURS:
        if DURATION_BEFORE.search(before):
            return None  # "within two weeks": a span of the story, not a wait
        ok = WAIT.search(clause) or fallback
        return ("wait_hours", f.scaled_by(TO_HOURS[unit])) if ok else None
    if unit == "vehicle":
        if QUEUE.search(clause):
            return "queue_vehicles", f
        if VEHICLES_CROSSED.search(clause) or DEPART.search(clause):
            return "daily_vehicles", f
        return (fallback, f) if fallback else None
    if unit is None and FIGURE_OF.search(before):
        # "the figure was 14,900", "put the daily number at around 10,000": the subject is the
        # sentence's own cue word, else the previous sentence's
        found = _person_metric(reader, f, clause, inherited or reader.context.metric)
        return found
    return _person_metric(reader, f, clause, inherited)


FIGURE_OF = _re(
    r"\b(?:figure|number|count|tally|total)\b[^.;]{0,50}?\b(?:at|was|is|of|stood\s+at|reached|"
    r"passed|constitutes|to|hit|exceeded)\s*(?:~|some|about|around|roughly|nearly|almost|over|"
    r"more\s+than|just\s+over|upwards\s+of)?\s*$"
)
DURATION_BEFORE = _re(
    r"\b(?:within|over|during|after|past|last|next|first|in\s+the\s+(?:past|last|first))\s+"
    r"(?:the\s+)?$"
)


def _segment(reader: SentenceReader, f: Figure) -> str:
    """The words that belong to a figure: its clause from the previous figure to the next one,
    at most 80 characters before it and 60 after it."""
    s0, e0 = reader.clauses[reader.clause_of(f.start)]
    prev = max([g.end for g in reader.figures if g.end <= f.start] + [s0, f.start - 80])
    nxt = min([g.start for g in reader.figures if g.start >= f.end] + [e0, f.end + 60])
    return reader.masked[prev:nxt]


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
    return bool(m) and unit == "mile"


def _zero(reader: SentenceReader, f: Figure, clause: str, inherited: str):
    """ "no queue", "not a single passenger": a count of zero, when the clause says of what."""
    tail = reader.s[f.end : f.end + 40]
    if re.match(r"\s+(?:passenger\s+)?(?:queues?|lines?|tailbacks?)\b", tail, re.IGNORECASE):
        return "queue_vehicles", f
    if DENIED.search(reader.s) or NOT_FLOW.search(_segment(reader, f)):
        return None
    if re.match(r"\s+(?:passenger\s+)?(?:cars|vehicles)\b", tail, re.IGNORECASE):
        return ("queue_vehicles", f) if QUEUE.search(clause) else None
    found = _person_metric(reader, f, clause, inherited)
    return found if found is not None and found[0] != "other" else None


COMPATIBLE = {
    "km": ("queue_km",),
    "mile": ("queue_km",),
    "hour": ("wait_hours",),
    "day": ("wait_hours",),
    "week": ("wait_hours",),
    "vehicle": ("queue_vehicles", "daily_vehicles"),
}


def _km(f: Figure) -> Figure:
    def r(x: float | None) -> float | None:
        return None if x is None else round(x, 1)

    return Figure(f.start, f.end, r(f.value), r(f.low), r(f.high), f.text, f.bound, f.scaled)


def _person_metric(reader: SentenceReader, f: Figure, clause: str, inherited: str):
    s = reader.s
    if CALLUP.search(clause):
        planned = PLAN_BEFORE.search(s[max(0, f.start - 60) : f.start]) or PLAN_AFTER.search(
            s[f.end :]
        )
        if planned and not DONE.search(s):
            return "other", f
        if re.search(r"\b(?:of|among)\s+(?:those|them|these)\b", s, re.IGNORECASE):
            return "other", f  # "of those mobilised, 82,000 were sent ...": a part of the count
        return "call_ups", f
    if _exits(reader, f, clause):
        return _entries(reader, f, clause, kind="exits"), f
    destination = any(m.kind == "country" and m.id != "Russia" and m.strong for m in reader.places)
    if ENTRY.search(clause) or (DEPART.search(clause) and destination):
        return _entries(reader, f, clause), f
    if DEPART.search(clause) and ABROAD.search(clause):
        return "cumulative_departures", f
    if inherited in ("daily_exits", "cumulative_exits"):
        return _entries(reader, f, clause, inherited, kind="exits"), f
    if inherited in ("daily_entries", "cumulative_entries", "cumulative_departures", "call_ups"):
        if inherited in ("daily_entries", "cumulative_entries"):
            return _entries(reader, f, clause, inherited), f
        return inherited, f
    return None


def _exits(reader: SentenceReader, f: Figure, clause: str) -> bool:
    """People leaving a host country: "left Georgia", "went back to Russia", "exited"."""
    s0, e0 = reader.clauses[reader.clause_of(f.start)]
    prev = max([g.end for g in reader.figures if g.end <= f.start] + [s0])
    nxt = min([g.start for g in reader.figures if g.start >= f.end] + [e0])
    if EXIT.search(reader.masked[prev:nxt]):
        return True  # "1,412 arrived and 2,630 departed for Russia": only the second is an exit
    for m in re.finditer(
        r"\b(?:left|leaving|leave|departed)\s+(?:the\s+territory\s+of\s+)?", clause
    ):
        at = s0 + m.end()
        for place in reader.places:
            if place.kind == "country" and place.id != "Russia" and 0 <= place.start - at <= 4:
                return True
    return False


def _entries(
    reader: SentenceReader, f: Figure, clause: str, default: str = "", kind: str = "entries"
) -> str:
    daily, cumulative = f"daily_{kind}", f"cumulative_{kind}"
    if default:
        default = f"{default.split('_')[0]}_{kind}"
    if RATE.search(clause):
        return daily
    times = [t for t in reader.times_for(f) if t.start != reader.said_at]
    if any(t.kind == "since" for t in times):
        return cumulative
    if any(t.kind == "point" and t.date_from == t.date_to for t in times):
        return daily  # "arrived on Sunday"; the day someone spoke does not count
    if any(t.kind == "point" and t.date_from != t.date_to for t in times):
        return cumulative  # "over the weekend", "during September": a total over days
    if any(t.kind == "same" for t in times) and reader.context.last_period:
        a, b = reader.context.last_period
        return daily if a == b else cumulative
    if default:  # the clause continues the previous one: "..., and now it has risen to 10,000"
        return default
    if PERFECT.search(clause):
        return cumulative
    return cumulative


def period(reader: SentenceReader, f: Figure, metric: str, last: date | None):
    """(date_from, date_to, explicit?) of a figure."""
    times = reader.times_for(f)
    since = next((t for t in times if t.kind == "since"), None)
    point = next((t for t in times if t.kind in ("point", "by")), None)
    if point is None and metric in CUMULATIVE:  # "By Tuesday, 63,000 had entered since ..."
        ci = reader.clause_of(f.start)
        point = next(
            (t for t in reader.times if t.kind == "by" and reader.clause_of(t.start) == ci), None
        )
    earlier = next((t for t in times if t.kind == "earlier"), None)
    same = next((t for t in times if t.kind == "same"), None)
    if earlier is not None and last is not None:
        d = last - timedelta(days=earlier.days)
        return d, d, True
    if same is not None and reader.context.last_period and not (since or point):
        a, b = reader.context.last_period
        return a, b, True
    spoken = reader.spoken
    if metric in CUMULATIVE:
        start = since.date_from if since else None
        if point is not None and point.date_from != point.date_to and not since:
            return point.date_from, point.date_to, True
        if point is not None and since is not None and point.date_to <= since.date_from:
            point = None  # "since the order on 21 September": the date belongs to the start
        end = point.date_to if point is not None else spoken
        return start or reader.announced, end, bool(since or point)
    if point is not None:
        return point.date_from, point.date_to, True
    if since is not None:
        return since.date_from, spoken, True
    return spoken, spoken, spoken != reader.published


# Observed precision of each kind of row on the tune set (tests/fixtures/extract_eval, 32
# reports; `scripts/evaluate_extract.py` prints "right rows by confidence"): the share of rows of
# that kind that were right, so rows at 0.92 are right about 92% of the time there.
RULE_CONFIDENCE = {
    "stated": 0.92,  # cue, place and period in the figure's own sentence: 49/53 right
    "list": 0.95,  # a line of a list under a header saying what it counts: 25/25 (capped)
    "carried": 0.86,  # place or metric carried from an earlier sentence or clause: 31/36
    "undated": 0.75,  # cue and place stated, period = the report's day: 6/8
    "implied": 0.5,  # an earlier figure implied by "doubled": none in the tune set (a guess)
}


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
        start, end, explicit = period(reader, f, metric, last_date)
        last_date = end
        if start is not None and end is not None:
            reader.context.last_period = (start, end)
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
        rows.append(row)
        rows.extend(_comparison(reader, f, row))
    return rows


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


LIST_ITEM = re.compile(
    r"^\s*(?:[-•*–—]\s+\S.*\d|[^:\d]{0,30}\d{1,2}\s+[A-Za-z]{3,9}\.?(?:\s+\d{4})?\s*[:\-–—]"
    r"\s*[~≈]?\s*(?:about\s+|some\s+)?\d[\d,.]*\s*(?:k|thousand)?\s*[.;]?\s*$)"
)
VEHICLE_WORDS = _re(r"\b(?:vehicles?|cars?|auto-?transport|automobiles|buses|trucks)\b")


def _list_metric(header: str) -> str:
    """The daily metric a list of figures continues: its header says what it counts."""
    if not header or DENIED.search(header):
        return ""
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


def read_list_item(
    item: str, header: SentenceReader, context: Context, keep_other: bool
) -> list[Row] | None:
    """A line of a list ("Wed 21 Sep: 4,824", "- through Torfyanovka - 1,021 units"): its figure
    takes its subject, unit and place from the list's header, its date from the line (else the
    header's). None when the header does not say what the list counts."""
    metric = _list_metric(header.s)
    if not metric:
        return None
    reader = SentenceReader(item, header.gaz, header.published, header.announced, context)
    figures = [
        f for f in reader.figures if not (f.value is not None and f.value < 1 and f.bound != "none")
    ]
    if not figures:
        return []
    f = figures[-1]
    days = [t for t in reader.times if t.kind == "point"] or [
        t for t in header.times if t.kind == "point"
    ]
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


CROSSING_ONLY = ("queue_vehicles", "daily_vehicles", "queue_km", "wait_hours")


def read_report(
    text: str, gazetteer: Gazetteer, published: date, announced: date, keep_other: bool = False
) -> list[Row]:
    """Every candidate row of one report, in reading order."""
    context = Context()
    rows: list[Row] = []
    header: SentenceReader | None = None
    for paragraph in paragraphs(text):
        if header is not None and LIST_ITEM.match(paragraph):
            found = read_list_item(paragraph, header, context, keep_other)
            if found is not None:
                rows.extend(found)
                continue
        for sentence in sentences(paragraph):
            reader = SentenceReader(sentence, gazetteer, published, announced, context)
            found = read_sentence(reader, keep_other)
            rows.extend(found)
            _update(context, reader, found)
            header = reader
    return rows


def _update(context: Context, reader: SentenceReader, rows: list[Row]) -> None:
    crossings = [m for m in reader.places if m.kind == "crossing"]
    countries = [m for m in reader.places if m.kind == "country" and m.id != "Russia"]
    if crossings:
        context.crossing = crossings[-1].id
        context.country = reader.gaz.country_of(crossings[-1])
    elif countries:
        context.country = countries[-1].id
        if reader.gaz.crossing_country.get(context.crossing) != context.country:
            context.crossing = ""
    observed = [r for r in rows if r.metric != "other"]
    if not reader.figures and not DENIED.search(reader.s):
        # "Arrivals at X kept rising." names the subject a following "The figure was N" counts
        clause = reader.masked
        if EXIT.search(clause):
            context.metric = "daily_exits"
        elif ENTRY.search(clause) or re.search(r"\barrivals\b", clause, re.IGNORECASE):
            since = any(t.kind == "since" for t in reader.times)
            context.metric = "cumulative_entries" if since else "daily_entries"
    national = any(r.metric.endswith("entries") and not r.crossing for r in observed)
    if national and not crossings:
        context.crossing = ""  # a country-wide count: later figures are not the crossing's
    if observed:
        context.metric = observed[-1].metric
    if reader.who:
        context.who = reader.who
