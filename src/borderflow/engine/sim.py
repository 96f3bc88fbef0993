"""`Sim`: one run of a scenario. `simulate()` runs it and returns `Results`.

The step order is written once, in `kernels.step`; here the run is cut at event boundaries (where
the policy changes) and, when progress is shown, at day ends; party arrays are grown if needed.
"""

from __future__ import annotations

import time
from collections.abc import Mapping

import numpy as np

from borderflow.engine import kernels as K
from borderflow.engine.network import build_net, willing_scales
from borderflow.engine.params import build_par, resolve_parameters
from borderflow.engine.policy import PolicyBook
from borderflow.engine.rng import stream_generators
from borderflow.engine.state import grown, new_agents, new_ledger, new_records
from borderflow.results import Results
from borderflow.scenario import Scenario

HEADROOM = 20_000  # free party slots kept at least; kernels.slots_needed bounds each step


class Sim:
    """One run of a scenario: builds the state, steps it, hands back `Results`."""

    def __init__(self, scenario: Scenario, seed: int = 0, days: float | None = None,
                 params: Mapping[str, float] | None = None):
        self.scenario, self.seed = scenario, int(seed)
        self.params = resolve_parameters(scenario, params)
        self.n_steps = int(round((days or scenario.days) * 24 / scenario.step_hours))
        self.net = build_net(scenario, self.params, self.seed, days)
        self.par = build_par(scenario, self.params)
        self.book = PolicyBook(scenario, self.params, self.n_steps)
        self.rngs = stream_generators(self.seed)
        scale = willing_scales(scenario.regions, self.params)
        self.ledger = new_ledger(scenario.regions["population"].to_numpy(dtype=np.int64),
                                 np.minimum(1.0, self.params["willing_share"] * scale))
        self.agents = new_agents(self.net, self.par, self.n_steps, self.initial_slots(),
                                 int(self.ledger.willing.max(initial=0)))
        self.records = new_records(self.n_steps, self.net)
        self.t = 0
        self.wall_seconds = 0.0

    def initial_slots(self) -> int:
        """A first guess at the party records a run needs; grown on demand."""
        travellers = self.ledger.willing.sum()
        background = self.net.bg_parties_per_step.sum() * self.n_steps
        return int(travellers * 1.0 + background * 1.1) + 2 * HEADROOM

    def grow(self) -> None:
        """Grow the party arrays (between steps)."""
        ag = self.agents
        need = K.slots_needed(self.net, self.book.pol, self.par, ag, self.ledger, HEADROOM)
        slots = max(int(1.5 * ag.p_size.shape[0]), int(ag.count[0]) + 2 * need)
        self.agents = grown(ag, slots, self.n_steps)

    # --- running ----------------------------------------------------------------------------
    def stops(self, days: bool = True) -> list[int]:
        """Steps where the Python side must act: policy changes, and day ends if `days` (for a
        progress bar; each stop costs a call into the kernels)."""
        per_day = max(1, int(round(24 / self.scenario.step_hours)))
        marks = self.book.boundaries() | {0, self.n_steps}
        if days:
            marks |= set(range(0, self.n_steps, per_day))
        return sorted(s for s in marks if 0 <= s <= self.n_steps)

    def run(self, progress=None) -> Results:
        """Step to the end; `progress(step, n_steps)` is called at each stop."""
        self.compile()
        started = time.perf_counter()
        stops = self.stops(days=progress is not None)
        for t0, t1 in zip(stops[:-1], stops[1:], strict=False):
            if t0 in self.book.boundaries() or t0 == 0:
                self.book.update(t0)
            self.advance(t0, t1)
            if progress:
                progress(t1, self.n_steps)
        self.wall_seconds = time.perf_counter() - started
        return self.results()

    def compile(self) -> None:
        """Compile (or load from cache) the kernels, so `wall_seconds` times the simulation only."""
        K.run_steps(0, 0, self.net, self.book.pol, self.par, self.agents, self.ledger,
                    self.records, self.rngs, HEADROOM)

    def advance(self, t0: int, t1: int) -> None:
        t = t0
        while t < t1:
            t = K.run_steps(t, t1, self.net, self.book.pol, self.par, self.agents, self.ledger,
                            self.records, self.rngs, HEADROOM)
            if t < t1:
                self.grow()
        self.t = t1

    def results(self) -> Results:
        return Results.from_sim(self)


def simulate(scenario: Scenario, seed: int = 0, days: float | None = None,
             params: Mapping[str, float] | None = None, progress=None) -> Results:
    """Run `scenario` once with `seed` and return its `Results`.

    `days` shortens or lengthens the run; `params` overrides behaviour parameters by name
    (including `capacity_scale.<crossing, group or country>` and `background_scale.<...>`).
    """
    return Sim(scenario, seed=seed, days=days, params=params).run(progress=progress)

