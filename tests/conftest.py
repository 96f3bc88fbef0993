"""Shared fixtures: the tiny scenario (tests/fixtures/tiny), as a folder copy and loaded; the
extraction tests' gazetteer (tests/fixtures/reports/crossings.csv); the benchmarks folder on the
import path."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from borderflow import Scenario, load_scenario
from borderflow.scenario.gazetteer import Gazetteer

TINY = Path(__file__).parent / "fixtures" / "tiny"
# The benchmarks (and their reference FIFO queue) are scripts of benchmarks/, not of the package.
sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))


@pytest.fixture
def tiny_dir(tmp_path: Path) -> Path:
    """A fresh copy of the tiny scenario folder, free to edit."""
    return Path(shutil.copytree(TINY, tmp_path / "tiny"))


@pytest.fixture
def tiny(tiny_dir: Path) -> Scenario:
    """The tiny scenario, loaded: 3 regions, 3 crossings (2 countries), 2 air destinations."""
    return load_scenario(tiny_dir)


@pytest.fixture(scope="session")
def gaz() -> Gazetteer:
    """The gazetteer of the extraction tests' reports."""
    return Gazetteer.from_csv(Path(__file__).parent / "fixtures" / "reports" / "crossings.csv")
