"""Measure a learned classifier of each figure's metric against the rules, leaving one labelled
set out at a time, as reported in docs/extraction.md ("Libraries").

python scripts/compare_extract_learned.py

scikit-learn is not a dependency of borderflow: install it first (`pip install scikit-learn`).

Every figure the sentence reader finds in a labelled set is a case. Its label is the metric of
the expected row holding its number (in the metric's unit), `other` for a distractor row, `none`
for a number no row holds. The model is a logistic regression on hashed words and word pairs:
the 8 words before the figure, the 6 after, the sentence's words and the unit after it. For each
held-out set it is fitted on every other set. The rules' metric for a figure is that of the row
`extract` gives with its number. Only the metric is compared, not dates or places.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from borderflow.extraction import REFERENCE_ANNOUNCED, extract
from borderflow.extraction.reader import Context, SentenceReader, unit_after
from borderflow.extraction.text import paragraphs, sentences
from borderflow.scenario.gazetteer import Gazetteer

try:
    from sklearn.feature_extraction.text import HashingVectorizer
    from sklearn.linear_model import LogisticRegression
except ImportError:
    raise SystemExit("scikit-learn: not installed (pip install scikit-learn)") from None

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
HELD_OUT = sorted(FIXTURES.glob("extract_heldout?*"),
                  key=lambda p: int(p.name.removeprefix("extract_heldout")))
SETS = [FIXTURES / "extract_eval", FIXTURES / "extract_paraphrase", FIXTURES / "extract_heldout",
        *HELD_OUT]
UNIT_FACTORS = (1, 24, 168, 1 / 60, 0.001, 1.609344, 1000)  # as written -> the metric's unit
OBSERVED = {"daily_entries", "cumulative_entries", "daily_exits", "cumulative_exits",
            "daily_vehicles", "queue_vehicles", "queue_km", "wait_hours", "call_ups",
            "cumulative_departures"}


def numbers_by_metric(frame: pd.DataFrame) -> list[tuple[str, list[float]]]:
    """(metric, its row's numbers) per row, observations before distractors."""
    out = []
    for row in frame.to_dict("records"):
        nums = [float(x) for x in (row["value"], row["low"], row["high"]) if x == x and x != ""]
        out.append((row["metric"], nums))
    return sorted(out, key=lambda t: t[0] == "other")


def metric_of(values: list[float], table: list[tuple[str, list[float]]]) -> str:
    for metric, nums in table:
        if any(abs(round(v * k, 1) - n) < 0.11 for v in values for k in UNIT_FACTORS
               for n in nums):
            return metric
    return "none"


def words(text: str) -> list[str]:
    return re.findall(r"[a-z]+", text.lower())


def cases(folder: Path) -> list[tuple[str, str, str]]:
    """(features, label, the rules' metric) of every figure in a labelled folder."""
    index = pd.read_csv(folder / "index.csv")
    expected = pd.read_csv(folder / "expected.csv")
    gazetteer = Gazetteer.from_csv(folder / "crossings.csv")
    out = []
    for item in index.to_dict("records"):
        text = (folder / item["file"]).read_text(encoding="utf-8")
        truth = numbers_by_metric(expected[expected.file == item["file"]])
        rules = numbers_by_metric(extract(text, item["published"], gazetteer=gazetteer,
                                          keep_other=True))
        published = date.fromisoformat(item["published"])
        for sentence in (s for p in paragraphs(text) for s in sentences(p)):
            reader = SentenceReader(sentence, gazetteer, published, REFERENCE_ANNOUNCED,
                                    Context())
            for f in reader.figures:
                values = [v for v in (f.value, f.low, f.high) if v is not None]
                features = (["L_" + w for w in words(reader.masked[: f.start])[-8:]]
                             + ["R_" + w for w in words(reader.masked[f.end :])[:6]]
                             + ["S_" + w for w in words(reader.masked)]
                             + [f"U_{unit_after(sentence, f.end)}"])
                out.append((" ".join(features), metric_of(values, truth),
                            metric_of(values, rules)))
    return out


def main() -> int:
    frame = pd.DataFrame([(folder.name, *case) for folder in SETS for case in cases(folder)],
                         columns=["set", "x", "label", "rules"])
    vectors = HashingVectorizer(n_features=2**18, ngram_range=(1, 2), alternate_sign=False,
                                token_pattern=r"\S+").transform(frame.x)
    totals: Counter = Counter()
    print("held-out set        observations  model right/said  rules right/said")
    for folder in HELD_OUT:
        test = (frame.set == folder.name).to_numpy()
        model = LogisticRegression(max_iter=2000, C=4.0).fit(vectors[~test], frame.label[~test])
        label = frame.label[test].to_numpy()
        observed = np.isin(label, list(OBSERVED))
        line = f"{folder.name:20}{observed.sum():13}"
        for name, said in (("model", model.predict(vectors[test])),
                           ("rules", frame.rules[test].to_numpy())):
            right = int(((said == label) & observed).sum())
            claimed = int(np.isin(said, list(OBSERVED)).sum())
            totals[name, "right"] += right
            totals[name, "said"] += claimed
            line += f"  {right:8}/{claimed:<8}"
        totals["observed"] += int(observed.sum())
        print(line)
    for name in ("model", "rules"):
        print(f"{name}: metric recall {totals[name, 'right'] / totals['observed']:.3f}, "
              f"precision {totals[name, 'right'] / totals[name, 'said']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
