"""The step calendars (kernels.CALENDARS): lists of record ids kept in pooled blocks."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from borderflow import load_scenario
from borderflow.engine.kernels.common import jit
from borderflow.engine.kernels.parties import BLOCK, LINK, cal_count, cal_push, cal_release
from borderflow.engine.sim import Sim
from borderflow.engine.state import calendar_blocks, calendar_keys


@jit
def visit(keys, blocks, key, out):
    """The ids of list `key`, in order, into `out`; returns how many."""
    n, b = 0, keys[key, 0]
    while b >= 0:
        for k in range(cal_count(keys, key, b)):
            out[n] = blocks[b, k]
            n += 1
        b = blocks[b, LINK]
    return n


STEPS = 6
# A script: per step, records pushed onto later lists (or the last), then the step's list visited
# and released, as the kernels do.
scripts = st.lists(st.lists(st.integers(0, STEPS), max_size=40), min_size=STEPS, max_size=STEPS)


@settings(max_examples=60, deadline=None)
@given(scripts)
def test_lists_keep_their_order_and_rows_return_to_the_pool(script):
    records = sum(len(pushes) for pushes in script)
    keys, blocks = calendar_keys(STEPS), calendar_blocks(records, STEPS)
    expected = [[] for _ in range(STEPS + 1)]
    out, p = np.zeros(records + 1, np.int32), 0
    for t, pushes in enumerate(script):
        for offset in pushes:
            key = min(t + offset, STEPS)
            cal_push(keys, blocks, key, p)
            expected[key].append(p)
            p += 1
        n = visit(keys, blocks, t, out)
        assert out[:n].tolist() == expected[t]
        cal_release(keys, blocks, t)
        assert visit(keys, blocks, t, out) == 0
        live_rows = sum(-(-len(expected[k]) // BLOCK) for k in range(t + 1, STEPS + 1))
        free, n_free = blocks[0, 0], 0
        while free > 0:
            free, n_free = blocks[free, LINK], n_free + 1
        assert blocks[0, 1] - 1 == live_rows + n_free  # every row used is in a list or free
        expected[t] = []


def test_growing_the_party_arrays_changes_no_number(monkeypatch):
    """A run that starts with few party slots grows them (and the calendars' pool) between
    steps; its results are those of a run that never grows."""
    scenario = load_scenario("russia-2022")
    whole = Sim(scenario, seed=3, days=3)
    whole.run()
    monkeypatch.setattr(Sim, "initial_slots", lambda self: 50_000)
    grown = Sim(scenario, seed=3, days=3)
    grown.run()
    assert grown.agents.p_size.shape[0] > 50_000  # it did grow
    for name, array in whole.records._asdict().items():
        np.testing.assert_array_equal(getattr(grown.records, name), array, err_msg=name)
