"""Score `extract` on hand-labelled reports: precision, recall and distractor leaks.

A folder holds report texts, `index.csv` (`file,published,source`), `expected.csv`
(`file,metric,place,crossing,date_from,date_to,value,low,high`; metric `other` marks a figure that
must never become an observation) and optionally `crossings.csv` (the gazetteer).
A row matches when every expected column agrees (numbers to 0.1).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from borderflow.extraction import extract
from borderflow.extraction.calibration import confidences, shrunk
from borderflow.scenario.gazetteer import Gazetteer

KEY = ["file", "metric", "place", "crossing", "date_from", "date_to", "value", "low", "high"]


@dataclass
class Score:
    """Counts and the rows behind them."""

    true_positives: int
    extracted: int
    expected: int
    leaks: list[tuple] = field(default_factory=list)
    missed: list[tuple] = field(default_factory=list)
    spurious: list[tuple] = field(default_factory=list)
    confidence: list[tuple[float, bool]] = field(default_factory=list)  # (row's, was it right)
    rules: list[tuple[str, str, bool]] = field(default_factory=list)  # (file, rule kind, right)

    def by_rule(self, files: set[str] | None = None) -> dict[str, tuple[int, int]]:
        """rule kind -> (right rows, rows), over `files` (default: every report)."""
        out: dict[str, tuple[int, int]] = {}
        for file, kind, ok in self.rules:
            if files is None or file in files:
                right, n = out.get(kind, (0, 0))
                out[kind] = (right + ok, n + 1)
        return dict(sorted(out.items()))

    def by_confidence(self) -> dict[float, tuple[int, int]]:
        """confidence -> (right rows, rows): how often rows at each confidence were right."""
        out: dict[float, tuple[int, int]] = {}
        for c, ok in self.confidence:
            right, n = out.get(c, (0, 0))
            out[c] = (right + ok, n + 1)
        return dict(sorted(out.items()))

    @property
    def precision(self) -> float:
        return self.true_positives / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.expected if self.expected else 1.0


def _keys(frame: pd.DataFrame) -> list[tuple]:
    out = []
    for row in frame.to_dict("records"):
        key = []
        for column in KEY:
            value = row.get(column)
            if column in ("value", "low", "high"):
                value = (
                    None
                    if value is None or pd.isna(value) or value == ""
                    else round(float(value), 1)
                )
            else:
                value = (
                    ""
                    if value is None or (isinstance(value, float) and pd.isna(value))
                    else (str(value))
                )
            key.append(value)
        out.append(tuple(key))
    return out


def run(folder: str | Path) -> pd.DataFrame:
    """Extract every report of `folder` separately; a `file` column names the report."""
    folder = Path(folder)
    gazetteer_csv = folder / "crossings.csv"
    gazetteer = Gazetteer.from_csv(gazetteer_csv) if gazetteer_csv.is_file() else None
    index = pd.read_csv(folder / "index.csv", dtype=str)
    frames = []
    for item in index.to_dict("records"):
        text = (folder / item["file"]).read_text(encoding="utf-8")
        found = extract(text, item["published"], source=item["source"], gazetteer=gazetteer)
        frames.append(found.assign(file=item["file"]))
    return pd.concat(frames, ignore_index=True)


def score(folder: str | Path) -> Score:
    """Compare `run(folder)` with `expected.csv`."""
    folder = Path(folder)
    expected = pd.read_csv(folder / "expected.csv", dtype={"crossing": str}, keep_default_na=False)
    found = run(folder)
    found = found[found["metric"] != "other"]
    truth = expected[expected["metric"] != "other"]
    got, want = _keys(found), _keys(truth)
    remaining = list(want)
    hits, spurious, calibration, rules = 0, [], [], []
    for key, conf, kind in zip(got, found["confidence"], found["rule"], strict=True):
        right = key in remaining
        if right:
            remaining.remove(key)
            hits += 1
        else:
            spurious.append(key)
        calibration.append((round(float(conf), 2), right))
        rules.append((key[0], str(kind), right))
    forbidden = {
        (row["file"], round(float(row["value"]), 1))
        for row in expected[expected["metric"] == "other"].to_dict("records")
    }
    leaks = [k for k in got if any((k[0], v) in forbidden for v in k[6:] if v is not None)]
    return Score(hits, len(got), len(want), leaks, remaining, spurious, calibration, rules)


def report(result: Score) -> str:
    """The lines the evaluation script prints."""
    lines = [
        f"precision: {result.precision:.3f} ({result.true_positives}/{result.extracted})",
        f"recall:    {result.recall:.3f} ({result.true_positives}/{result.expected})",
        f"distractor figures extracted as observations: {len(result.leaks)}",
        "right rows by confidence: "
        + ", ".join(f"{c:.2f}: {r}/{n}" for c, (r, n) in result.by_confidence().items()),
        "right rows by rule: "
        + ", ".join(f"{k}: {r}/{n}" for k, (r, n) in result.by_rule().items()),
    ]
    lines += [f"  missed:   {k}" for k in result.missed]
    lines += [f"  spurious: {k}" for k in result.spurious]
    lines += [f"  leak:     {k}" for k in result.leaks]
    return "\n".join(lines)


def style(file: str) -> str:
    """A report's style from its name ("07_wire_kazakhstan.txt" -> "wire"); else "statement"."""
    parts = Path(file).stem.split("_")
    word = parts[1] if len(parts) > 1 and parts[0].isdigit() else parts[0]
    return word if word in STYLES else "statement"


STYLES = ("wire", "liveblog", "tweets", "feature", "digest", "hard", "distractors")


def cross_validated(result: Score) -> list[tuple[float, bool]]:
    """(confidence, right) of every row, its confidence computed by `calibration.confidences` from
    the rows of the other styles only (their pooled precision as the prior): how honest the
    mechanism is on a style it was not fitted on."""
    styles = {file: style(file) for file, _, _ in result.rules}
    out = []
    for held in sorted(set(styles.values())):
        counts = result.by_rule({f for f, st in styles.items() if st != held})
        rows = sum(n for _, n in counts.values())
        prior = sum(r for r, _ in counts.values()) / rows if rows else 0.5
        table = confidences(counts, prior)
        out += [
            (table.get(kind, shrunk(0, 0, prior)), ok)
            for file, kind, ok in result.rules
            if styles[file] == held
        ]
    return out
