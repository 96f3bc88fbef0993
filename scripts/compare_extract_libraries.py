"""Measure dateparser, text2num, number-parser and spaCy's blank tokenizer against the rules on the
tune set (tests/fixtures/extract_eval), as reported in docs/extraction.md ("Libraries").

python scripts/compare_extract_libraries.py [FOLDER]

The four libraries are not dependencies of borderflow: install them first
(`pip install dateparser text2num number-parser spacy`); nothing is downloaded at run time.

Dates: for every expected row, the sentence holding its figure; a tool resolves the row when the
dates it reads from that sentence include the row's date_from and date_to.
Numbers: expected values that are not written as plain digits in the report ("twelve thousand",
"3,5 thousand", "~3.7k", "half a km"); a tool resolves one when its parsed numbers include it.
"""

import re
import sys
import time
from datetime import date, datetime
from pathlib import Path

try:
    import dateparser  # noqa: F401
    import spacy
    from dateparser.search import search_dates
    from number_parser import parse as np_parse
    from text_to_num import alpha2digit
except ImportError as exc:
    raise SystemExit(
        f"{exc.name}: not installed (pip install dateparser text2num number-parser spacy)"
    ) from None
import pandas as pd  # noqa: E402

from borderflow.extraction.dates import find_times  # noqa: E402
from borderflow.extraction.numbers import find_figures  # noqa: E402
from borderflow.extraction.text import paragraphs, sentences  # noqa: E402

TUNE = Path(sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/extract_eval")
ANNOUNCED = date(2022, 9, 21)
index = pd.read_csv(TUNE / "index.csv", dtype=str)
expected = pd.read_csv(TUNE / "expected.csv", dtype=str, keep_default_na=False)
expected = expected[expected.metric != "other"]
published = dict(zip(index.file, index.published, strict=True))


def values(row):
    return [float(row[c]) for c in ("value", "low", "high") if row[c]]


def sentence_of(text, vals):
    for p in paragraphs(text):
        for s in sentences(p):
            nums = {round(x, 1) for f in find_figures(s) for x in (f.value, f.low, f.high) if x}
            if any(
                round(v, 1) in nums or round(v, 1) in {round(n * 1000, 1) for n in nums}
                for v in vals
            ):
                return s
    return None


def ours_dates(s, pub):
    out = set()
    for t in find_times(s, pub, pub, ANNOUNCED):
        out.update(d for d in (t.date_from, t.date_to) if d)
    return out


def dp_dates(s, pub):
    settings = {
        "RELATIVE_BASE": datetime(pub.year, pub.month, pub.day),
        "PREFER_DATES_FROM": "past",
        "REQUIRE_PARTS": [],
    }
    found = search_dates(s, languages=["en"], settings=settings) or []
    return {d.date() for _, d in found}


rows = {"ours": [0, 0], "dateparser": [0, 0]}
single = {"ours": [0, 0], "dateparser": [0, 0]}
stated = {"ours": [0, 0], "dateparser": [0, 0]}
examples = []
t_ours = t_dp = 0.0
for row in expected.to_dict("records"):
    pub = date.fromisoformat(published[row["file"]])
    text = (TUNE / row["file"]).read_text()
    s = sentence_of(text, values(row))
    if s is None:
        continue
    gold = {date.fromisoformat(row["date_from"]), date.fromisoformat(row["date_to"])}
    a = time.perf_counter()
    o = ours_dates(s, pub)
    b = time.perf_counter()
    d = dp_dates(s, pub)
    c = time.perf_counter()
    t_ours += b - a
    t_dp += c - b
    is_stated = gold != {pub}
    for name, got in (("ours", o), ("dateparser", d)):
        ok = gold <= got
        rows[name][0] += ok
        rows[name][1] += 1
        if len(gold) == 1:
            single[name][0] += ok
            single[name][1] += 1
        if is_stated:
            stated[name][0] += ok
            stated[name][1] += 1
    if (gold <= o) != (gold <= d) and len(examples) < 12:
        examples.append((s[:110], sorted(gold), "ours" if gold <= o else "dateparser"))

print("== dates (expected rows whose sentence was found)")
for name in rows:
    print(
        f"{name:10s} all rows {rows[name][0]}/{rows[name][1]}  single-day {single[name][0]}/"
        f"{single[name][1]}  period not the publication day {stated[name][0]}/{stated[name][1]}"
    )
print(f"time: ours {t_ours:.2f}s dateparser {t_dp:.2f}s")
for e in examples:
    print("  right only with", e[2], e[1], "|", e[0])

# --- numbers ---------------------------------------------------------------------------------

PLAIN = re.compile(r"(?<![\d.])\d{1,3}(?:[, ]\d{3})+(?![\d])|(?<![\d.,])\d+(?:\.\d+)?(?![\d])")


def plain_numbers(text):
    return {
        round(float(m.group(0).replace(",", "").replace(" ", "")), 1) for m in PLAIN.finditer(text)
    }


def scaled_numbers(text):
    """digits with an optional scale word or k: what a caller would add after alpha2digit."""
    out = set()
    for m in re.finditer(r"(\d+(?:[.,]\d+)?)\s*(thousand|million|k\b)?", text, re.I):
        n = float(
            m.group(1).replace(",", "")
            if len(m.group(1).split(",")[-1]) == 3
            else m.group(1).replace(",", ".")
        )
        mult = {"thousand": 1e3, "million": 1e6, "k": 1e3}.get((m.group(2) or "").lower(), 1)
        out.add(round(n * mult, 1))
    return out


targets = []
for f, group in expected.groupby("file"):
    text = (TUNE / f).read_text()
    plain = plain_numbers(text)
    for row in group.to_dict("records"):
        for v in values(row):
            if round(v, 1) not in plain:
                targets.append((f, v))
targets = sorted(set(targets))
print(f"\n== numbers: {len(targets)} expected values not written as plain digits")
score = {"ours": 0, "text2num alpha2digit": 0, "number-parser parse": 0, "spacy like_num": 0}

nlp = spacy.blank("en")
misses = {k: [] for k in score}
cache = {}
for f, v in targets:
    if f not in cache:
        text = (TUNE / f).read_text()
        ours = {
            round(x, 1)
            for f_ in find_figures(text)
            for x in (f_.value, f_.low, f_.high)
            if x is not None
        }
        t2n = scaled_numbers(alpha2digit(text, "en"))
        npp = scaled_numbers(np_parse(text))
        doc = nlp(text)
        like = {t.text.lower() for t in doc if t.like_num}
        cache[f] = (ours, t2n, npp, like, text)
    ours, t2n, npp, like, text = cache[f]
    for name, got in (("ours", ours), ("text2num alpha2digit", t2n), ("number-parser parse", npp)):
        ok = any(round(v * k, 1) in got for k in (1, 1 / 24, 1 / 168, 1000, 1 / 1.609344))
        score[name] += ok
        if not ok:
            misses[name].append((f[:12], v))
    score["spacy like_num"] += 0  # like_num flags tokens but resolves no value
for name, n in score.items():
    print(f"{name:22s} {n}/{len(targets)}")
    print("   missed:", misses[name][:12])
sample = (
    "Some twelve thousand Russians, three to four days, half a km, a quarter of a million, "
    "3,5 thousand, ~3.7k, one man, two border crossings"
)
print("\nalpha2digit:", alpha2digit(sample, "en"))
print("number-parser:", np_parse(sample))
print("spacy like_num:", [t.text for t in nlp(sample) if t.like_num])
