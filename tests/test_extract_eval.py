"""The labelled reports: recall, precision, no distractor as an observation, no copied text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from borderflow.extraction.evaluation import score

FIXTURES = Path(__file__).parent / "fixtures" / "reports"
SEEDS = Path(__file__).resolve().parents[2] / "shared/seeds"


@pytest.fixture(scope="module")
def result():
    return score(FIXTURES)


def test_recall_at_least_90_percent(result):
    """At least 90% of the figures a careful reader records are found."""
    assert result.recall >= 0.9, result.missed


def test_precision_at_least_90_percent(result):
    """At least 90% of the rows proposed are right."""
    assert result.precision >= 0.9, result.spurious


def test_no_distractor_becomes_an_observation(result):
    """No casualty, border-length, protest or caption figure is proposed as an observation."""
    assert result.leaks == []


def test_fixtures_cover_many_styles():
    """At least eight labelled reports."""
    assert len(list(FIXTURES.glob("*.txt"))) >= 8


def _shingles(text: str, n: int = 8) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9']+", text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def test_fixtures_do_not_copy_the_seed_articles():
    """No run of eight words of a seed article appears in a fixture report."""
    if not SEEDS.is_dir():
        pytest.skip("seed articles not present")
    seeds = set().union(*(_shingles(p.read_text(encoding="utf-8")) for p in SEEDS.glob("*.txt")))
    for report in FIXTURES.glob("*.txt"):
        assert not (_shingles(report.read_text(encoding="utf-8")) & seeds), report.name
