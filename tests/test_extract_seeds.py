"""The three seed articles (../shared/seeds) still give every figure they state."""

from __future__ import annotations

from pathlib import Path

import pytest

from borderflow.extraction import extract

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
KEY = ["metric", "place", "crossing", "date_from", "date_to", "value", "low", "high"]
N = None
# file prefix -> (published, the figures a careful reader records)
FIGURES = {
    "000": (
        "2022-09-28",
        [
            ("cumulative_entries", "Georgia", "", "2022-09-21", "2022-09-28", 78000.0, N, N),
            ("cumulative_entries", "Kazakhstan", "", "2022-09-21", "2022-09-27", 98000.0, N, N),
        ],
    ),
    "003": (
        "2022-09-28",
        [
            ("wait_hours", "Georgia", "upper_lars_dariali", "2022-09-28", "2022-09-28", N, 48.0, N),
            ("daily_entries", "Georgia", "", "2022-09-28", "2022-09-28", 10000.0, N, N),
            ("daily_entries", "Georgia", "", "2022-09-21", "2022-09-21", 5000.0, N, N),
        ],
    ),
    "004": (
        "2022-10-05",
        [
            ("call_ups", "Russia(total)", "", "2022-09-21", "2022-10-05", N, 200000.0, N),
            ("cumulative_entries", "Kazakhstan", "", "2022-09-21", "2022-10-05", N, 100000.0, N),
            ("daily_entries", "Georgia", "", "2022-09-27", "2022-09-28", N, 5000.0, 6000.0),
            ("daily_entries", "Georgia", "", "2022-10-02", "2022-10-02", 10000.0, N, N),
        ],
    ),
}


def _rows(frame) -> list[tuple]:
    out = []
    for row in frame[KEY].to_dict("records"):
        out.append(
            tuple(
                None
                if isinstance(v, float) and v != v
                else (round(v, 1) if isinstance(v, float) else v)
                for v in row.values()
            )
        )
    return out


@pytest.mark.parametrize("prefix", sorted(FIGURES))
def test_seed_article_gives_every_figure(prefix):
    paths = sorted(SEEDS.glob(f"{prefix}_*.txt")) if SEEDS.is_dir() else []
    if not paths:
        pytest.skip("seed articles not present")
    published, figures = FIGURES[prefix]
    found = _rows(extract(paths[0].read_text(encoding="utf-8"), published))
    for figure in figures:
        assert figure in found, (figure, found)
