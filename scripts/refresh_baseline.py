"""Refresh the regression baseline of summary figures (run only when a change is intended).

    python scripts/refresh_baseline.py

Writes tests/baseline/russia-2022-seed0.json; tests/test_regression.py compares against it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from baseline_figures import BASELINE, figures  # noqa: E402

from borderflow._io import write_text  # noqa: E402

if __name__ == "__main__":
    write_text(BASELINE, json.dumps(figures(), indent=2, sort_keys=True) + "\n")
    print(f"wrote {BASELINE.relative_to(ROOT)}")
