"""The benchmark code is correct: the matched scenarios agree (no timed assertions here)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from bench import BenchError, load_benchmark, main, require, table

from borderflow import load_scenario


def test_missing_extra_says_what_to_install():
    """An absent optional dependency fails with the install command."""
    with pytest.raises(BenchError, match=r"pip install -e \.\[bench\]"):
        require("no_such_module_for_borderflow")


def test_simpy_and_borderflow_waits_identical_on_the_workload():
    """On the benchmark's own workload both tools give every party the same wait."""
    pytest.importorskip("simpy", reason="simpy not installed: pip install -e .[bench]")
    rows = load_benchmark("simpy_crossing").compare(3_000)
    assert all(r["identical_waits"] and r["mismatches"] == 0 for r in rows.values())
    assert rows["reneging"]["served"] < rows["no reneging"]["served"]


def test_flee_matched_scenario_is_valid_and_matches_the_choice_rule(tmp_path: Path):
    """The borderflow side loads, and its logit weights equal Flee's 1 / (10 + km)."""
    flee = load_benchmark("flee_matched")
    scenario = load_scenario(flee.write_scenario(tmp_path / "m", 1000))
    hours = scenario.routes.set_index("crossing")["hours"].to_numpy()
    w = np.exp(-scenario.parameters["time_sensitivity"] * hours)
    assert np.allclose(w / w.sum(), list(flee.expected_split().values()))


def test_borderflow_matched_split_agrees_with_expected():
    """Every traveller arrives and the split is within sampling noise of the expected one."""
    flee = load_benchmark("flee_matched")
    split, _ = flee.run_borderflow(20_000, repeat=1)
    assert sum(split.values()) == 20_000
    for country, share in flee.expected_split().items():
        assert abs(split[country] / 20_000 - share) < 0.015


def test_flee_matched_split_agrees_with_borderflow():
    """Flee on the same scenario sends everyone and splits them as borderflow does."""
    pytest.importorskip("flee", reason="flee not installed: pip install -e .[bench]")
    row = load_benchmark("flee_matched").compare(5_000)
    assert row["flee_complete"] and row["arrived_flee"] == row["arrived_borderflow"] == 5_000
    for country, share in row["split_expected"].items():
        assert abs(row["split_flee"][country] - share) < 0.03
        assert abs(row["split_borderflow"][country] - share) < 0.03


def test_scaling_counts_and_profile_phases():
    """A small scaling run reports travellers, memory and bytes; the profile times every phase."""
    scaling = load_benchmark("scaling")
    row = scaling.run_size(2e4, repeat=1)
    assert 0.5 * 2e4 < row["travellers"] <= 2e4 and row["peak_bytes"] > 0
    assert row["bytes_high"] > row["bytes_low"] > 0
    assert {"serve_all", "renege"} <= {p.split("(")[0] for p in scaling.step_phases()}
    seconds = scaling.profile_phases(2e4)  # the phase kernels, called one by one from Python
    assert list(seconds) == [p.split("(")[0] for p in scaling.step_phases()]
    assert all(s > 0 for s in seconds.values())


def test_table_and_json_keys(tmp_path: Path, monkeypatch):
    """`python benchmarks/bench.py --json` writes flee_ratio and simpy_ratio (runs stubbed)."""
    import bench

    fake = json.loads((Path(__file__).parent / "fixtures" / "bench_figures.json").read_text())
    monkeypatch.setattr(bench, "run_all", lambda quick, flee_max_seconds, say: fake)
    out = tmp_path / "bench.json"
    assert main(["--quick", "--json", str(out)]) == 0
    figures = json.loads(out.read_text())
    assert {"flee_ratio", "simpy_ratio"} <= set(figures)
    assert "SimPy ratio" in table(figures)
