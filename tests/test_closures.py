"""Closures heard of: those on the road hear after `info_delay` and re-decide there; those in
line at a post that closes to their group leave it at once; a closed post adds no staff."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from borderflow import Event, load_scenario, simulate
from borderflow.engine.kernels.common import QUEUED, TRAVELLING
from borderflow.engine.sim import Sim
from borderflow.parameters import MODES, SEGMENTS, STATES

UPPER_LARS = "upper_lars_dariali"
KAIRAK = dict(params={"capacity_scale.kairak": 0.5, "willing_share": 0.5,
                      "pref_country.Kazakhstan": 3.0}, when="2022-09-23T12:00")


def with_event(scenario, when: str, **fields):
    """`scenario` with a `close` event from `when` (local to its start)."""
    start = pd.Timestamp(when).tz_localize(scenario.start.tz)
    event = Event(kind="close", start=start, fields=fields, key="test")
    return dataclasses.replace(scenario, events=scenario.events + (event,))


def step_of(scenario, when: str) -> int:
    start = pd.Timestamp(when).tz_localize(scenario.start.tz)
    return int(np.ceil((start - scenario.start).total_seconds() / 3600 / scenario.step_hours))


def run_to(sim: Sim, stop: int) -> Sim:
    """Step `sim` on from where it is up to (not including) step `stop`, as `Sim.run` does."""
    sim.compile()
    marks = sorted(set(sim.stops(days=False)) | {sim.t, stop})
    for t0, t1 in zip(marks[:-1], marks[1:], strict=False):
        if t0 < sim.t:
            continue
        if t0 >= stop:
            break
        if t0 in sim.book.boundaries() or t0 == 0:
            sim.book.update(t0)
        sim.advance(t0, t1)
    return sim


def records(sim: Sim, state: int, queues: list[int]) -> np.ndarray:
    """Ids of the party records of leavers in `state` bound for (or in) one of `queues`."""
    ag, n = sim.agents, int(sim.agents.count[0])
    keep = ((ag.p_state[:n] == state) & np.isin(ag.p_queue[:n], queues)
            & (ag.p_region[:n] >= 0))
    return np.flatnonzero(keep)


def queues_of(scenario, crossing: str) -> list[int]:
    c = list(scenario.crossings.index).index(crossing)
    return [c * len(MODES) + m for m in range(len(MODES))]


def test_travellers_hear_of_a_closure_after_the_info_delay_and_re_decide_on_the_road():
    """Closing Upper Lars on 29 Sep: people keep arriving to be turned back only until they can
    have heard (`info_delay_hours`); then everyone still on the road to it turns back at once,
    re-routing (new records on the road to other crossings) or going home. Nobody is turned back
    there after info_delay + one day, and the ledger still adds up to the population."""
    base = load_scenario("russia-2022")
    scenario = with_event(base, "2022-09-29", crossing=UPPER_LARS)
    t = step_of(base, "2022-09-29")
    sim = Sim(scenario, seed=0, days=14)
    heard = t + sim.par.info_delay_steps
    run_to(sim, heard)
    upper_lars = queues_of(scenario, UPPER_LARS)
    on_the_road = records(sim, TRAVELLING, upper_lars)
    assert len(on_the_road) > 100  # left far away before it closed
    count = int(sim.agents.count[0])
    returned = sim.ledger.state[:, STATES.index("returned")].sum()
    run_to(sim, heard + 1)
    assert len(records(sim, TRAVELLING, upper_lars)) == 0
    new = np.arange(count, int(sim.agents.count[0]))
    rerouted = new[sim.agents.p_state[new] == TRAVELLING]
    assert len(rerouted) > 100
    assert not np.isin(sim.agents.p_queue[rerouted], upper_lars).any()
    home = sim.ledger.state[:, STATES.index("returned")].sum() - returned
    size = sim.agents.p_size
    assert size[rerouted].sum() + home >= size[on_the_road].sum()  # all of them, and more
    res = run_to(sim, sim.n_steps).results()
    turned = res["new_turned_back"][:, list(scenario.crossings.index).index(UPPER_LARS)].sum(1)
    assert turned[heard] >= 0.9 * sim.agents.p_size[on_the_road].sum()  # counted when heard
    assert turned[heard + 1 + 24:].sum() == 0
    population = scenario.regions["population"].to_numpy()
    assert (res["n_state"].sum(axis=2) == population[None, :]).all()
    assert res["n_state"].min() >= 0


def test_a_closure_to_a_group_empties_its_line_the_step_it_begins(tiny):
    """Closing Kairak to travellers without a visa: those of them in its line are at the post
    and leave it the step it closes (turned back), while the others stay in line."""
    sc = with_event(tiny, KAIRAK["when"], crossing="kairak", travellers="no_visa")
    t, kairak = step_of(tiny, KAIRAK["when"]), queues_of(tiny, "kairak")
    sim = run_to(Sim(sc, seed=4, params=KAIRAK["params"]), t)
    queued = records(sim, QUEUED, kairak)
    segment = sim.agents.p_seg[queued]
    barred = queued[segment == SEGMENTS.index("no_visa")]
    assert len(barred) > 50 and (segment != SEGMENTS.index("no_visa")).any()
    run_to(sim, t + 1)
    assert (sim.agents.p_state[barred] != QUEUED).all()
    after = records(sim, QUEUED, kairak)
    assert (sim.agents.p_seg[after] != SEGMENTS.index("no_visa")).all()
    assert len(after) > 0
    assert sim.records.new_turned_back[t, kairak].sum() >= sim.agents.p_size[barred].sum()


def test_a_post_closed_to_everyone_empties_at_once_and_adds_no_staff(tiny):
    """Closing Kairak to everyone: its line, ordinary traffic included, is gone the step it
    closes, and the staff added for the queue before (surge) stop growing."""
    params = {**KAIRAK["params"], "surge_factor.kairak": 3.0, "surge_trigger_hours": 1.0,
              "surge_hours": 96.0}
    sc = with_event(tiny, KAIRAK["when"], crossing="kairak")
    t, k = step_of(tiny, KAIRAK["when"]), list(tiny.crossings.index).index("kairak")
    res = simulate(sc, seed=4, params=params)
    assert res["n_queue_people"][t - 1, k].sum() > 300
    assert res["n_queue_people"][t, k].sum() == 0
    working = res["capacity"][:, k, MODES.index("car")]
    assert working[t - 1] > working[0]  # the surge had begun
    assert (working[t:] == working[t - 1]).all()


@pytest.mark.parametrize("delay", [0.0, 12.0])
def test_the_delay_travellers_hear_with_is_the_queue_news_delay(tiny, delay):
    """With `info_delay_hours` 0 people on the road learn of a closure the step it begins; with
    12 h, arrivals are still turned away at the post for 12 hours, then none are."""
    sc = with_event(tiny, KAIRAK["when"], crossing="kairak")
    t, k = step_of(tiny, KAIRAK["when"]), list(tiny.crossings.index).index("kairak")
    res = simulate(sc, seed=4, params={**KAIRAK["params"], "info_delay_hours": delay})
    turned = res["new_turned_back"][:, k].sum(1)
    heard = t + int(delay)
    assert turned[heard] > 0
    assert turned[t:heard].sum() > 0 if delay else True  # arrivals before they could know
    assert turned[heard + 1:].sum() == 0
