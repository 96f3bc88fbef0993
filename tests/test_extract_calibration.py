"""Row confidence: shrinkage toward the precision on unseen text, checked by cross-validation
over report styles on the tune set."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from borderflow.extraction import extract
from borderflow.extraction.calibration import (
    CAP,
    PRIOR,
    RULE_CONFIDENCE,
    UNSEEN_COUNTS,
    confidences,
    shrunk,
)
from borderflow.extraction.evaluation import cross_validated, score, style

FIXTURES = Path(__file__).parent / "fixtures"
TUNE = FIXTURES / "extract_eval"
PREQUENTIAL = [
    FIXTURES / "extract_paraphrase" / "prequential.csv",
    *FIXTURES.glob("extract_heldout?*/prequential.csv"),
]


@pytest.fixture(scope="module")
def tune():
    return score(TUNE)


def test_shrinkage_lies_between_the_prior_and_the_record():
    """A kind's confidence is pulled from its record toward the unseen prior, less as rows grow."""
    few, many = shrunk(10, 10), shrunk(100, 100)
    assert PRIOR < few < many <= CAP
    assert shrunk(0, 0) == round(PRIOR, 2)
    assert shrunk(0, 20) < PRIOR


def test_bad_counts_are_refused():
    with pytest.raises(ValueError, match="right <= rows"):
        shrunk(5, 3)


def test_stored_confidences_follow_the_mechanism():
    assert RULE_CONFIDENCE == confidences(UNSEEN_COUNTS)


def test_counts_are_the_prequential_scores():
    """The counts are the sums of the batches' scores before the rules were fitted to them."""
    table = pd.concat([pd.read_csv(path) for path in PREQUENTIAL])
    sums = table.groupby("rule")[["right", "rows"]].sum()
    for kind, (right, rows) in UNSEEN_COUNTS.items():
        got = tuple(sums.loc[kind]) if kind in sums.index else (0, 0)
        assert got == (right, rows), kind


def test_confidence_is_below_the_in_sample_precision(tune):
    """Unseen text is read worse than the text the rules were written on: no kind's confidence
    is above its precision on the tune set."""
    for kind, (right, rows) in tune.by_rule().items():
        assert RULE_CONFIDENCE[kind] <= right / rows, kind


def test_reports_are_grouped_by_style():
    assert style("07_wire_kazakhstan_oct4.txt") == "wire"
    assert style("04_georgia_mia_statement_sep27.txt") == "statement"
    assert len({style(p.name) for p in TUNE.glob("*.txt")}) >= 5


def test_cross_validated_confidence_is_not_overconfident():
    """Confidences fitted on the other styles, applied to each style's rows, on the tune set and
    the paraphrases pooled (the rules read some of them wrong): in every bin of at least 10 rows
    the share of right rows is at least the bin's mean confidence minus 0.05."""
    pairs = [
        pair
        for folder in (TUNE, FIXTURES / "extract_paraphrase")
        for pair in cross_validated(score(folder))
    ]
    assert not all(ok for _, ok in pairs)  # a set read perfectly could not test this
    _assert_not_overconfident(pairs, 0.05)


def _assert_not_overconfident(pairs: list[tuple[float, bool]], slack: float) -> None:
    bins: dict[float, list[tuple[float, bool]]] = {}
    for conf, ok in pairs:
        bins.setdefault(round(conf, 1), []).append((conf, ok))
    checked = 0
    for rows in bins.values():
        if len(rows) < 10:
            continue
        mean = sum(c for c, _ in rows) / len(rows)
        right = sum(ok for _, ok in rows) / len(rows)
        assert right >= mean - slack, (mean, right, len(rows))
        checked += 1
    assert checked >= 1


def test_rows_name_their_rule_and_confidence():
    table = extract("Officials said 4,100 Russians entered Estonia on Monday.", "2022-10-05")
    assert table["rule"][0] == "stated"
    assert table["confidence"][0] == RULE_CONFIDENCE["stated"]
