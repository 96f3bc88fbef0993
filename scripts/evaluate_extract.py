"""Print the precision and recall of `borderflow extract` on the labelled test reports.

python scripts/evaluate_extract.py [FOLDER]      (default: tests/fixtures/reports)
"""

from __future__ import annotations

import sys
from pathlib import Path

from borderflow.extraction.evaluation import report, score

DEFAULT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "reports"


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else DEFAULT
    print(report(score(folder)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
