"""The crossing queue on its own: exact FIFO waits, the engine's discipline, SimPy agreement."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from bench import load_benchmark
from fifo_queue import NOT_SERVED, fifo_departures, fifo_waits, run_queue
from hypothesis import given, settings
from hypothesis import strategies as st
from scenario_edits import replace

from borderflow import load_scenario, simulate
from borderflow.parameters import MODES

queues = st.integers(1, 40).flatmap(
    lambda T: st.tuples(
        st.lists(st.integers(0, T - 1), max_size=120),
        st.lists(st.integers(0, 6), min_size=T, max_size=T),
    )
)


def test_served_in_arrival_step_waits_zero():
    """A party arriving at an idle checkpoint with capacity is served at once (wait 0)."""
    assert run_queue([3], 1, [0, 0, 0, 1, 0]).tolist() == [0]


def test_head_blocks_and_fraction_carries():
    """Half a unit a step: parties leave every second step, in arrival order."""
    waits = run_queue([0, 0, 0], 1, [0.5] * 8)
    assert waits.tolist() == [1, 3, 5]


def test_idle_capacity_is_lost():
    """Capacity of steps with an empty queue is not saved for later arrivals."""
    assert run_queue([2, 2], 1, [5, 5, 1, 0, 1]).tolist() == [0, 2]


def test_cost_per_person_blocks_a_large_party():
    """Per person, a party of 3 waits for 3 units while the party behind it waits too."""
    waits = run_queue([0, 0], [3, 1], [2, 2, 2], per_person=True)
    assert waits.tolist() == [1, 1]


def test_patience_served_on_last_step_else_reneges():
    """With patience k a party may still be served at arrival + k; after that it has left."""
    cap = [1, 0, 0, 1]
    assert run_queue([0, 0], 1, cap, patience_steps=[1, 3]).tolist() == [0, 3]
    assert run_queue([0, 0], 1, cap, patience_steps=[1, 2]).tolist() == [0, NOT_SERVED]


def test_order_of_input_is_kept():
    """Waits come back in the order the parties were given, ties served in that order."""
    assert run_queue([2, 0, 2], 1, [1, 0, 1, 1, 0]).tolist() == [0, 0, 1]


def test_min_plus_by_hand():
    """D(t) = min(A(t), min_s A(s-1) + C(s..t)) on a hand-worked case."""
    assert fifo_departures([3, 0, 2, 0], [1, 1, 0, 5]).tolist() == [1, 2, 2, 5]


@settings(max_examples=300, deadline=None)
@given(queues)
def test_waits_equal_min_plus_fifo(case):
    """Without reneging, per-party waits equal the analytic FIFO answer (integer capacity)."""
    arrive, cap = case
    assert run_queue(arrive, 1, cap).tolist() == fifo_waits(arrive, cap).tolist()


@settings(max_examples=100, deadline=None)
@given(queues, st.randoms(use_true_random=False))
def test_waits_equal_simpy(case, rnd):
    """The SimPy model in benchmarks/ gives the same per-party waits, with and without patience."""
    pytest.importorskip("simpy", reason="simpy not installed: pip install -e .[bench]")
    simpy_waits = load_benchmark("simpy_crossing").simpy_waits
    arrive, cap = case
    sizes = [rnd.randint(1, 4) for _ in arrive]
    patience = [rnd.randint(1, 6) for _ in arrive]
    for pat in (None, patience):
        ours = run_queue(arrive, sizes, cap, pat)
        assert ours.tolist() == simpy_waits(arrive, sizes, cap, pat).tolist()
    ours = run_queue(arrive, sizes, cap, per_person=True)
    assert ours.tolist() == simpy_waits(arrive, sizes, cap, per_person=True).tolist()


def test_engine_queue_is_run_queue(tiny_dir: Path):
    """The engine's pedestrian queue at a crossing, fed the same arrivals, serves exactly as
    run_queue does: the same parties served and the same mean wait in every step."""
    path = tiny_dir / "crossings.csv"
    cro = pd.read_csv(path)
    cro.loc[cro["id"] == "sagarchin", "cap_pedestrian"] = 2
    cro.to_csv(path, index=False)
    params = {"patience_hours": 1e12, "walk_switch_rate": 0.0, "pref_pedestrian": 2.0,
              "walkers_per_car_slot": 0.0}  # its own booths only: idle car booths add none
    res = simulate(load_scenario(tiny_dir), seed=1, params=params)
    c, m = list(res.crossings.index).index("sagarchin"), 2
    row = cro.set_index("id").loc["sagarchin"]
    hours = res.times.hour.to_numpy()
    open_now = (row["open_from"] <= hours) & (hours < row["open_to"])
    cap = res["capacity"][:, c, m] * res.step_hours * open_now
    arrivals = res["new_arrivals"][:, c, m]
    assert arrivals.sum() > 50 and res["n_queue_parties"][:, c, m].max() > 5
    arrive = np.repeat(np.arange(arrivals.size), arrivals)
    waits = run_queue(arrive, 1, cap)
    served = np.bincount(arrive[waits >= 0] + waits[waits >= 0], minlength=arrivals.size)
    assert served.tolist() == res["new_served"][:, c, m].tolist()
    wait_sum = np.bincount(arrive[waits >= 0] + waits[waits >= 0], weights=waits[waits >= 0],
                           minlength=arrivals.size)
    with np.errstate(invalid="ignore"):
        mean = wait_sum / served * res.step_hours
    np.testing.assert_allclose(mean, res["wait_mean_hours"][:, c, m], rtol=1e-6)


def test_car_parties_walk_only_when_walking_is_quicker(tiny_dir: Path):
    """Kairak lets pedestrians through from 23 Sep; at a fifth of its capacity (4 walkers and
    8 cars an hour) its car queue grows to days. Car parties walk, but only while the walkers'
    line is shorter, in hours, than the car's remaining wait less `walk_switch_min_wait`: the
    pedestrian queue never holds more hours than the car queue less that margin (two hours of
    slack: one party's walkers and the step's service). Before, they walked into any line."""
    replace(tiny_dir, "scenario.toml", "capacity = 100", "capacity = 20")
    params = {"capacity_scale.kairak": 0.2, "pref_pedestrian": -20.0, "walk_switch_rate": 1.0,
              "patience_hours": 1e12, "walk_switch_min_wait": 12.0, "willing_share": 0.3}
    res = simulate(load_scenario(tiny_dir), seed=4, params=params)
    c = list(res.crossings.index).index("kairak")
    car, foot = MODES.index("car"), MODES.index("pedestrian")
    assert res["new_arrivals"][:, c, foot].sum() > 200  # parties did walk
    cap = res["capacity"][:, c]
    walking = res["n_queue_people"][:, c, foot] / np.where(cap[:, foot] > 0, cap[:, foot], np.inf)
    driving = res["n_queue_parties"][:, c, car] / cap[:, car]
    assert driving.max() > 48
    assert (walking - driving)[walking > 0].max() <= -12.0 + 2.0
