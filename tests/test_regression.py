"""Fixed-seed summary figures of russia-2022 match the stored baseline.

The baseline changes only through scripts/refresh_baseline.py, run on purpose."""

from __future__ import annotations

import json

from baseline_figures import BASELINE, figures


def test_russia_2022_matches_the_baseline():
    """Entries, peaks and totals for seed 0 over 14 days are those stored in the baseline."""
    assert figures() == json.loads(BASELINE.read_text())
