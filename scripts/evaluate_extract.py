"""Print the precision, recall and distractors recorded of `borderflow extract` on labelled reports.

python scripts/evaluate_extract.py [FOLDER ...] [--quiet]

Without a folder: the old fixtures (tests/fixtures/reports), the tune set
(tests/fixtures/extract_eval), the paraphrases (tests/fixtures/extract_paraphrase), the
held-aside set, never read (tests/fixtures/extract_heldout), and the later held-out sets
(tests/fixtures/extract_heldout2, 3, ...; each scored unseen first, most then tuned on; see
docs/extraction.md for which were never read),
totals only.
With folders: each one's totals and its missed, spurious and leaked rows (indented lines;
`--quiet` leaves them out).
"""

from __future__ import annotations

import sys
from pathlib import Path

from borderflow.extraction.evaluation import report, score

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
DEFAULT = [
    FIXTURES / "reports",
    FIXTURES / "extract_eval",
    FIXTURES / "extract_paraphrase",
    FIXTURES / "extract_heldout",
    *sorted(
        FIXTURES.glob("extract_heldout?*"),
        key=lambda p: int(p.name.removeprefix("extract_heldout")),
    ),
]


def main(argv: list[str]) -> int:
    quiet = "--quiet" in argv
    folders = [Path(a) for a in argv[1:] if a != "--quiet"]
    if not folders:
        folders, quiet = [f for f in DEFAULT if f.is_dir()], True
    for folder in folders:
        if len(folders) > 1:
            print(f"== {folder.name}")
        text = report(score(folder))
        lines = [x for x in text.splitlines() if not (quiet and x.startswith("  "))]
        print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
