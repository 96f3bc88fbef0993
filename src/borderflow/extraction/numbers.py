"""Find the figures in a sentence: digits, number words, scales, ranges and their bound words.

Plain regular expressions, no library: the vocabulary of numbers in news English is small
("98,000", "1.5 million", "5k", "twenty-two", "five to six thousand", "between 30 and 40", "a day")
and a hand-written scanner keeps every decision visible and testable.

A `Figure` carries `value` (the stated number; None when only a bound or a range is given),
`low` and `high`. The convention follows the observation files:
- "about", "roughly", "some", "approximately": value, no bounds (the fit allows for error);
- "more than", "over", "at least": low only;  "up to", "fewer than", "under": high only;
- "nearly", "almost", "close to": value and high;  ranges "five to six thousand": low and high.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

UNITS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
TENS = {
    w: 10 * i
    for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)
}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
SHORT_SCALES = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "mln": 1_000_000, "bn": 1e9}

_WORD = "|".join(sorted([*UNITS, *TENS, *SCALES, "dozen"], key=len, reverse=True))
_WORDS_RE = re.compile(
    rf"\b(?:an?\s+(?=(?:hundred|thousand|million|dozen)\b))?(?:{_WORD})"
    # "two thousand and fifty"; not "between ten and twelve"
    rf"(?:(?:(?:(?<=hundred)|(?<=thousand)|(?<=million))\s+and\s+|[\s-]+)(?:{_WORD}))*\b",
    re.IGNORECASE,
)
# "3,5 thousand", "2,5 kilometres": a decimal comma before a scale or a unit
_DECIMAL_UNIT = r"(?:thousand|million|billion|km|kilomet\w*|hours?|h|hrs?|days?)\b"
_DIGITS_RE = re.compile(
    r"(?<![\w.,:/])(\d{1,3}(?:,\d{3})+(?!,\d)|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d]|[.,]\d)"
    r"|\d+(?=,\d{1,2}\s*" + _DECIMAL_UNIT + r")|\d+)"
    r"((?:\.|,(?=\d{1,2}\s*" + _DECIMAL_UNIT + r"))\d+)?(?![\d:])"
    r"(?:\s*(thousand|million|billion)\b|(k|mn|mln|bn|m)\b(?![²]))?",
    re.IGNORECASE,
)
# "a day", "an hour" after a bound word are durations of one.
_ONE_RE = re.compile(
    r"\b(?:more than|over|under|less than|up to|nearly|almost|about|around|at least|for)\s+"
    r"(an?|one)\s+(?=(?:hour|day|week)\b)(?!\w+\s+and\s+a\s+half)",
    re.IGNORECASE,
)
# "a day and a half" (1.5, the unit after "a"), "two and a half hours" (2.5)
_AND_A_HALF_RE = re.compile(
    rf"\b(?:(an?|one)(?=\s+(?:day|hour)\s+and\s+a\s+half\b)|(\d+|(?:{_WORD}))\s+and\s+a\s+half\b"
    r"(?=\s+(?:hours?|days?|km|kilomet\w+|miles?)\b)"
    rf"|(\d+|(?:{_WORD}))\s+and\s+a\s+half\s+(thousand|million))",  # "five and a half thousand"
    re.IGNORECASE,
)
_THOUSANDS_AND_RE = re.compile(
    r"(?<![\d.,])(\d{1,3})\s+thousand\s+(\d{1,3})\b"
    r"(?![.,]\d|\s*(?:thousand|million)|\s+(?:more|others?|of)\b)",
    re.IGNORECASE,
)
FRACTIONS = {"half": 0.5, "quarter": 0.25, "third": 1 / 3}
# "half a km", "a quarter of a million", "half a million"
_FRACTION_RE = re.compile(
    r"\b(?:a\s+|one\s+)?(half|quarter|third)\s+(?:of\s+)?an?\s+(?:(million|thousand|billion)\b|"
    r"(?=(?:km|kilomet\w+|miles?|hours?|days?)\b))",
    re.IGNORECASE,
)
# "not a single passenger", "no queue", "no passenger cars": a count of zero
_NONE_RE = re.compile(
    r"\bnot\s+(?:a\s+)?single\b|\bnobody\b(?=\s+(?:crossed|arrived|entered|left))"
    r"|\bwithout\s+(?:any\s+|a\s+)?(?=(?:queues?|lines?)\b)"
    r"|\bno\b(?=\s+(?:passenger\s+|vehicle\s+|car\s+|traffic\s+)?(?:queues?|lines?|cars|vehicles|"
    r"tailbacks?)\b)",
    re.IGNORECASE,
)
# "the queue on the Georgian side was absent": no queue
_ABSENT_RE = re.compile(
    r"\b(?:queues?|lines?|tailbacks?)\b[^.;]{0,80}?\b(?:was|were|is|are)\s+(absent)\b",
    re.IGNORECASE,
)
_NOT_NUMBER_RE = re.compile(
    r"\b\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.m\.|[ap]m\b|o'clock)|\d{1,2}:\d{2}|\d+(?:st|nd|rd|th)\b|\b(?:No|no|number)\.?\s*\d+|[A-Z]-?\d+\b|\b(?:[Ww]eek|[Ww]k)\.?\s+\d{1,2}\b|(?<=[A-Za-z])-\d+\b"
    r"|(?i:\b(?:at|by|until|from|around|about)\s+(?:[1-9]|1[0-2]|one|two|three|four|five|six|"
    r"seven|eight|nine|ten|eleven|twelve)\s+(?:in\s+the\s+(?:morning|evening|afternoon)|"
    r"at\s+night)\b)",  # "At nine in the morning": an hour
)

_LOWER = (
    r"more than|over|at least|upwards? of|in excess of|above|exceeding|no fewer than|no less than|"
    r"just over|(?:a little|slightly) (?:over|more than)|passed|exceeded|surpassed|topped|beyond"
)
_UPPER = (
    r"(?<!went )(?<!gone )(?<!rose )(?<!risen )(?<!climbed )(?<!jumped )(?<!shot )"
    r"(?<!goes )(?<!crept )(?<!edged )up to|"  # "went up to 4,020" is a level, "go up to" a bound
    r"as many as|fewer than|less than|under|below|no more than|at most|not more than|"
    r"(?:does|did|do)\s+not\s+exceed|(?:had|has|have)\s+not\s+exceeded|not\s+exceeding|reaches\s+up\s+to|a\s+maximum\s+of|"
    r"as\s+(?:long|much|high|far)\s+as"
)
_NEAR = (
    r"nearly|almost|close to|(?:just|a little|slightly) (?:under|below|less than)|not quite|"
    r"(?:just )?shy of|approaching|nearing"
)
_APPROX = (
    r"about|around|roughly|approximately|approx\.|some|an estimated|estimated|circa|ca\.|~|"
    r"a total of|in total|totalling|totaling"
)
_BOUND_RE = re.compile(
    rf"(?:(?P<lower>{_LOWER})|(?P<upper>{_UPPER})|(?P<near>{_NEAR})|(?P<approx>{_APPROX}))"
    r"(?:\s+(?:some|about|around|the|an estimated))?\s*$",
    re.IGNORECASE,
)
_RANGE_JOIN_RE = re.compile(r"^\s*(?:-|–|—|to|or)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Figure:
    """A number in text: `start`/`end` offsets, `value`, `low`, `high` (None when absent)."""

    start: int
    end: int
    value: float | None
    low: float | None = None
    high: float | None = None
    text: str = ""
    bound: str = ""  # "", "lower", "upper", "near", "approx", "range"
    scaled: bool = False  # carried its own scale word ("thousand", "k")

    @property
    def point(self) -> float:
        """A single number for arithmetic: the value, else the mid-range, else the bound."""
        if self.value is not None:
            return self.value
        if self.low is not None and self.high is not None:
            return (self.low + self.high) / 2
        return self.low if self.low is not None else float(self.high or 0)

    def scaled_by(self, factor: float) -> Figure:
        """The same figure with every number multiplied by `factor` (unit conversion)."""

        def mul(x: float | None) -> float | None:
            return None if x is None else x * factor

        return replace(self, value=mul(self.value), low=mul(self.low), high=mul(self.high))


def words_to_number(words: str) -> float | None:
    """ "twenty-two" -> 22, "five thousand" -> 5000, "a hundred" -> 100; None if not a number."""
    tokens = [t for t in re.split(r"[\s-]+", words.lower()) if t and t != "and"]
    total, current = 0.0, 0.0
    for token in tokens:
        if token in ("a", "an"):
            current = 1
        elif token in UNITS:
            current += UNITS[token]
        elif token in TENS:
            current += TENS[token]
        elif token == "dozen":
            current = (current or 1) * 12
        elif token == "hundred":
            current = (current or 1) * 100
        elif token in SCALES:
            total += (current or 1) * SCALES[token]
            current = 0
        else:
            return None
    return total + current


def _raw_figures(text: str) -> list[Figure]:
    blocked = [(m.start(), m.end()) for m in _NOT_NUMBER_RE.finditer(text)]

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in blocked)

    found: list[Figure] = []
    for m in _DIGITS_RE.finditer(text):
        if not free(m.start(), m.end()):
            continue
        decimals = (m.group(2) or "").replace(",", ".")  # "3,5 thousand": a decimal comma
        number = float(re.sub(r"[,\s]", "", m.group(1)) + decimals)  # "7 743": spaced thousands
        scale = (m.group(3) or "").lower()
        short = (m.group(4) or "").lower()
        factor = SCALES.get(scale) or SHORT_SCALES.get(short, 1)
        if short == "m" and not re.match(r"\d", m.group(1)):
            factor = 1
        if short == "m" and re.match(
            r"\s*(?:long|east|west|north|south|high|above)", text[m.end() :]
        ):
            factor, end = 1, m.start(4)  # "500 m long" is metres
        else:
            end = m.end()
        found.append(
            Figure(m.start(), end, number * factor, text=text[m.start() : end], scaled=factor != 1)
        )
    for m in _WORDS_RE.finditer(text):
        spelled = words_to_number(m.group(0))
        if spelled is not None and free(m.start(), m.end()):
            scaled = bool(re.search(r"hundred|thousand|million|billion", m.group(0), re.I))
            found.append(Figure(m.start(), m.end(), spelled, text=m.group(0), scaled=scaled))
    for m in _ONE_RE.finditer(text):
        found.append(Figure(m.start(1), m.end(1), 1.0, text=m.group(1)))
    for m in _AND_A_HALF_RE.finditer(text):
        number = m.group(2) or m.group(3) or ""
        whole = (
            1.0 if m.group(1) else float(number) if number.isdigit() else words_to_number(number)
        )
        scale = SCALES[m.group(4).lower()] if m.group(4) else 1
        value = ((whole or 0.0) + 0.5) * scale
        found.append(Figure(m.start(), m.end(), value, text=m.group(0), scaled=scale != 1))
    for m in re.finditer(r"\ba\s+couple\s+of\s+(hundred|thousand|million)\b", text, re.I):
        value = 2 * SCALES[m.group(1).lower()]  # "a couple of thousand"
        found.append(
            Figure(m.start(), m.end(), value, text=m.group(0), bound="approx", scaled=True)
        )
    for m in _THOUSANDS_AND_RE.finditer(text):  # "12 thousand 300", as translated statements
        value = float(int(m.group(1)) * 1000 + int(m.group(2)))
        found.append(Figure(m.start(), m.end(), value, text=m.group(0), scaled=True))
    for m in _FRACTION_RE.finditer(text):
        scale = SCALES.get((m.group(2) or "").lower(), 1)
        value = FRACTIONS[m.group(1).lower()] * scale
        found.append(Figure(m.start(), m.end(), value, text=m.group(0), scaled=scale != 1))
    for m in _NONE_RE.finditer(text):
        found.append(Figure(m.start(), m.end(), 0.0, text=m.group(0), bound="none"))
    for m in _ABSENT_RE.finditer(text):
        found.append(Figure(m.start(1), m.end(1), 0.0, text=m.group(1), bound="none"))
    found.sort(key=lambda f: f.start)
    return _drop_overlaps(found)


def _drop_overlaps(figures: list[Figure]) -> list[Figure]:
    out: list[Figure] = []
    for figure in figures:
        if out and figure.start < out[-1].end:
            if figure.end - figure.start > out[-1].end - out[-1].start:
                out[-1] = figure
            continue
        out.append(figure)
    return out


def _scale_of(figure: Figure) -> float:
    m = re.search(r"(hundred|thousand|million|billion|k|mn|mln|bn)\s*$", figure.text, re.IGNORECASE)
    if not m:
        return 1.0
    word = m.group(1).lower()
    return float(SCALES.get(word) or SHORT_SCALES[word])


def _span_from(text: str, a: Figure, b: Figure) -> bool:
    """ "from 8 to 10 hours" is a range; "rose from 5,000 to 10,000" is a change."""
    before = text[max(0, a.start - 40) : a.start]
    change = re.search(
        r"\b(?:rose|risen|rising|climbed|fell|fallen|dropped|grew|jumped|increased|"
        r"decreased|went\s+up|went\s+down)\b[^.;]*$",
        before,
        re.IGNORECASE,
    )
    unit = re.match(
        r"\s*(?:hours?|hrs?|days?|km|kilomet\w+|miles?|cars|vehicles|units|people|persons)\b",
        text[b.end :],
    )
    return bool(unit) and not change


def _join_ranges(text: str, figures: list[Figure]) -> list[Figure]:
    out: list[Figure] = []
    i = 0
    while i < len(figures):
        a = figures[i]
        b = figures[i + 1] if i + 1 < len(figures) else None
        if b is not None:
            gap = text[a.end : b.start]
            before = text[max(0, a.start - 30) : a.start].lower()
            between = re.search(r"\bbetween\s+$", before) and re.fullmatch(r"\s*and\s*", gap)
            joined = _RANGE_JOIN_RE.match(gap) and (
                not re.search(r"\bfrom\s+(?:\w+\s+)?$", before) or _span_from(text, a, b)
            )
            if between or joined:
                low, high = a.value or 0.0, b.value or 0.0
                if not a.scaled and b.scaled and low < high / _scale_of(b) * 10:
                    low *= _scale_of(b)  # "five to six thousand"
                start = a.start - (8 if between else 0)
                out.append(Figure(start, b.end, None, low, high, text[start : b.end], "range"))
                i += 2
                continue
        out.append(a)
        i += 1
    return out


_CROSSED_BY = re.compile(
    r"\b(?:through|via|across)\s+(?:the\s+)?(?:\w+\s+){0,3}(?:checkpoint|crossing|post|port|border)"
    r"[^.;]*\bpassed\s*$",
    re.IGNORECASE,
)


def _with_bound(text: str, figure: Figure) -> Figure:
    if figure.bound in ("range", "none"):
        return figure
    m = _BOUND_RE.search(text[max(0, figure.start - 40) : figure.start])
    if not m or re.search(r"\bthere\s+\w+\s*$", text[max(0, figure.start - 40) : figure.start]):
        return figure  # "there passed 1,260 individuals": the verb, not a bound
    start = figure.start - (len(text[max(0, figure.start - 40) : figure.start]) - m.start())
    v = figure.value
    if m.group("lower") and _CROSSED_BY.search(text[max(0, figure.start - 90) : figure.start]):
        return figure  # "through the checkpoint ... passed 4,100 cars": the verb, not a bound
    if m.group("lower"):
        return replace(figure, start=start, value=None, low=v, bound="lower")
    if m.group("upper"):
        return replace(figure, start=start, value=None, high=v, bound="upper")
    if m.group("near"):
        return replace(figure, start=start, high=v, bound="near")
    return replace(figure, start=start, bound="approx")


def find_figures(text: str) -> list[Figure]:
    """Every figure in `text`, left to right, with ranges joined and bound words applied."""
    figures = _join_ranges(text, _raw_figures(text))
    return [_bound_after(text, _plus(text, _with_bound(text, f))) for f in figures]


_AFTER_UPPER = re.compile(
    r"\s*(?:[\w-]+\s+){0,2}?(?:tops|max(?:imum)?|at\s+(?:the\s+)?most|or\s+(?:less|fewer))\b",
    re.IGNORECASE,
)
_AFTER_LOWER = re.compile(
    r"\s*(?:[\w-]+\s+){0,2}?(?:or\s+more|and\s+more|and\s+counting|at\s+(?:the\s+)?least|minimum)\b",
    re.IGNORECASE,
)


def _bound_after(text: str, figure: Figure) -> Figure:
    """ "40 min tops", "5,000 people or more": a bound stated after the figure and its unit."""
    if figure.bound not in ("", "approx"):
        return figure
    tail = text[figure.end : figure.end + 40]
    if _AFTER_UPPER.match(tail):
        return replace(figure, value=None, high=figure.value, bound="upper")
    if _AFTER_LOWER.match(tail):
        return replace(figure, value=None, low=figure.value, bound="lower")
    return figure


def _plus(text: str, figure: Figure) -> Figure:
    """ "3,000+", "10k+", "1km+", "20h+": at least the figure."""
    if figure.bound:
        return figure
    if text[figure.end : figure.end + 1] == "+":
        return replace(figure, end=figure.end + 1, value=None, low=figure.value, bound="lower")
    if _UNIT_PLUS.match(text, figure.end):
        return replace(figure, value=None, low=figure.value, bound="lower")
    return figure


_UNIT_PLUS = re.compile(r"\s?(?:km|kms|h|hrs?|hours?|cars|min|mins)\+(?!\w)", re.IGNORECASE)
