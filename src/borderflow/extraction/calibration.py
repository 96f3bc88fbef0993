"""Row confidence: how often rows of one kind of evidence were right on reports the rules had not
been fitted to.

The tune set (tests/fixtures/extract_eval) is where the rules were written, so its rows are right
far more often (all 131 of them) than rows of new reports. The counts below are prequential, each
batch scored before any rule was changed for it, so every count is of text the rules had not
seen: six batches of paraphrase reports (tests/fixtures/extract_paraphrase/prequential.csv), and
the held-out sets (prequential.csv in tests/fixtures/extract_heldout2, 3, ...): the second to
fifteenth as first scored (from the third on, by their totals per kind, before their reports
were read), the twentieth to twenty-seventh as scored before any of them was read, the
twenty-eighth to thirty-fifth, never read, and the thirty-sixth to forty-third as scored before
any of them was read. The sixteenth to nineteenth are left out of the
counts, so the confidences can be checked on them.
A kind's confidence is its count shrunk toward the pooled precision of all kinds:

    confidence = (right + WEIGHT * PRIOR) / (rows + WEIGHT), at most CAP,

so a kind with few rows (or none, like "implied") stays near the pooled precision.
`tests/test_extract_calibration.py` checks the counts against the prequential files and the
mechanism by cross-validation over report styles on the tune set.
"""

from __future__ import annotations

# Right rows and rows of each kind, scored before the rules were fitted to the reports.
UNSEEN_COUNTS: dict[str, tuple[int, int]] = {
    "stated": (1795, 2227),  # cue, place and period all in the figure's own sentence
    "carried": (906, 1472),  # place or metric carried from an earlier sentence or clause
    "list": (24, 52),  # a line under a header that says what the list counts
    "undated": (186, 412),  # cue and place stated, the period is the report's day
    "implied": (0, 0),  # the earlier figure implied by "doubled": never seen
}
PRIOR = sum(r for r, _ in UNSEEN_COUNTS.values()) / sum(n for _, n in UNSEEN_COUNTS.values())
WEIGHT = 10.0  # rows' worth of the pooled precision added to each kind
CAP = 0.95


def shrunk(right: int, rows: int, prior: float = PRIOR, weight: float = WEIGHT) -> float:
    """A kind's confidence from its right rows and rows, shrunk toward `prior`."""
    if right < 0 or rows < right or weight <= 0:
        raise ValueError(f"need 0 <= right <= rows and weight > 0, not {right}, {rows}, {weight}")
    return round(min(CAP, (right + weight * prior) / (rows + weight)), 2)


def confidences(
    counts: dict[str, tuple[int, int]], prior: float = PRIOR, weight: float = WEIGHT
) -> dict[str, float]:
    """rule kind -> confidence, from (right, rows) per kind."""
    return {kind: shrunk(right, rows, prior, weight) for kind, (right, rows) in counts.items()}


RULE_CONFIDENCE = confidences(UNSEEN_COUNTS)
