"""Row confidence: how often rows of one kind of evidence were right, made honest for unseen text.

The tune set (tests/fixtures/extract_eval) is where the rules were written, so the share of its
rows that were right overstates the share on new reports. Each kind's confidence is therefore its
tune-set precision shrunk toward the precision measured on reports the rules had not seen:

    confidence = (right + WEIGHT * UNSEEN_PRECISION) / (rows + WEIGHT), at most CAP.

A kind with few tune-set rows stays near the unseen precision; a kind with many moves toward its
own record, but never all the way. `scripts/evaluate_extract.py` prints the counts by kind and
`tests/test_extract_calibration.py` checks the mechanism by cross-validation over report styles.
"""

from __future__ import annotations

# Right rows / rows on reports the rules had not been tuned on when scored: 93/128 on the five
# batches of paraphrase reports (tests/fixtures/extract_paraphrase, each scored before any rule
# was fitted to it) and 42/65 on the held-out set before this calibration existed (totals only).
UNSEEN_PRECISION = 135 / 193
WEIGHT = 30.0  # tune-set rows worth as much as the unseen prior
CAP = 0.95
# Right rows and rows of each kind on the tune set (`evaluate_extract.py` prints "rows by rule").
TUNE_COUNTS: dict[str, tuple[int, int]] = {
    "stated": (59, 60),  # cue, place and period all in the figure's own sentence
    "list": (25, 25),  # a line under a header that says what the list counts
    "carried": (37, 38),  # place or metric carried from an earlier sentence or clause
    "undated": (8, 8),  # cue and place stated, the period is the report's day
    "implied": (0, 0),  # the earlier figure implied by "doubled"
}


def shrunk(right: int, rows: int, prior: float = UNSEEN_PRECISION, weight: float = WEIGHT) -> float:
    """A kind's confidence from its right rows and rows, shrunk toward `prior`."""
    if right < 0 or rows < right or weight <= 0:
        raise ValueError(f"need 0 <= right <= rows and weight > 0, not {right}, {rows}, {weight}")
    return round(min(CAP, (right + weight * prior) / (rows + weight)), 2)


def confidences(counts: dict[str, tuple[int, int]]) -> dict[str, float]:
    """rule kind -> confidence, from (right, rows) per kind."""
    return {kind: shrunk(right, rows) for kind, (right, rows) in counts.items()}


RULE_CONFIDENCE = confidences(TUNE_COUNTS)
