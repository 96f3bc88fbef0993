"""The step, in the order of docs/architecture.md, and the loop that runs it.

Kernels take plain arrays grouped in named tuples (`engine.state`) and named random streams
(`engine.rng`), and touch only the parties that move: per-step work follows events, not
population. Parties are a preallocated struct of arrays; a record is appended, marked, never
deleted or reused. Each queue is a singly linked FIFO list through `nxt`; a party that leaves a
queue early is only marked (its node is skipped when it reaches the head). Travel and patience
use calendars (`calendars`). Events were applied by the caller (`engine.policy`).
"""

from __future__ import annotations

import math

from borderflow.engine.kernels.air import arrive_background_air, arrive_by_air
from borderflow.engine.kernels.closures import hear_closures
from borderflow.engine.kernels.common import N_GROUPS, inline, jit
from borderflow.engine.kernels.departures import call_up, depart_and_choose
from borderflow.engine.kernels.queues import (
    join_background,
    join_travellers,
    serve_all,
    switch_to_foot,
)
from borderflow.engine.kernels.records import record
from borderflow.engine.kernels.renege import renege


@inline  # into run_steps, so that its calls are compiled once, not twice
def step(t, net, pol, par, ag, led, rec, rngs):
    """Advance one step: call-ups, departures and routes, closures heard of, travel, queues,
    service, reneging."""
    call_up(t, net, pol, par, led, rec, rngs)
    depart_and_choose(t, net, pol, par, ag, led, rec, rngs)
    arrive_by_air(t, net, ag, led, rec)
    arrive_background_air(t, net, rec, rngs)
    hear_closures(t, net, pol, par, ag, led, rec)
    join_background(t, net, pol, par, ag, rec, rngs)
    join_travellers(t, net, pol, par, ag, led, rec, rngs)
    switch_to_foot(t, net, pol, par, ag, rec, rngs)
    serve_all(t, net, pol, par, ag, led, rec, rngs)
    renege(t, net, pol, par, ag, led, rec, rngs)
    record(t, net, pol, par, ag, led, rec)


@jit
def run_steps(t0, t1, net, pol, par, ag, led, rec, rngs, headroom):
    """Run steps t0..t1-1; stop early (returning the next step) if party slots may run short."""
    for t in range(t0, t1):
        if ag.p_size.shape[0] - ag.count[0] < slots_needed(net, pol, par, ag, led, headroom):
            return t
        step(t, net, pol, par, ag, led, rec, rngs)
    return t1


@jit
def slots_needed(net, pol, par, ag, led, floor):
    """More party records than one step can create: leavers (a bound on their draw, 12 sd over
    its mean, plus up to 3 men a group who fill a last car), walkers and re-routers (at most
    everyone queued), background (Poisson, 12 sd)."""
    leavers = led.willing.sum() * par.max_departure_p + 3 * N_GROUPS * net.R
    background = 0.0
    for q in range(net.Q):
        background += net.bg_parties_per_step[q] * pol.bg_scale[q]
    queued = ag.q_people.sum()
    spread = 12.0 * math.sqrt(leavers + background) + 100.0
    return max(floor, int(leavers + background + spread) + queued)
