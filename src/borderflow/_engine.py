"""`Sim`: the engine and its state. `simulate()` runs a scenario once and returns `Results`.

The step order is written once, in `_kernels.step`; here the run is cut at event boundaries (where
the policy changes) and, when progress is shown, at day ends; state arrays are grown if needed.
"""

from __future__ import annotations

import time
from collections import namedtuple
from collections.abc import Mapping

import numpy as np

from borderflow import _kernels as K
from borderflow._network import build_net, build_par, willing_scales
from borderflow._parameters import (
    STATES,
    check_parameter,
    check_parameter_name,
)
from borderflow._policy import PolicyBook
from borderflow._results import Results
from borderflow._scenario import Scenario

Agents = namedtuple(
    "Agents",
    "p_region p_queue p_size p_seg p_state p_join nxt count "
    "q_head q_tail q_parties q_people budget surge surge_since "
    "cal_keys ren_keys blocks still wait_hist booked coach_booked air_region air_dest "
    "scratch scratch_n "
    "ch_opts ch_n ch_wknown ch_ew ch_ewnow ch_mask ch_w ch_cnt ch_cum ch_sizes ch_nest "
    "ch_typical ch_den "
    "ch_nest_memo ch_seats ch_group ch_group_n ch_group_nest leavers rr_cum rr_stamp rr_exempt "
    "turned_head turned_tail patience patience_next",
)
Ledger = namedtuple("Ledger", "state willing")
Records = namedtuple(
    "Records",
    "new_call_ups new_departures new_unmet_air new_air_departures new_entries "
    "new_entries_background new_arrivals new_crossed new_stopped new_reneged new_turned_back "
    "new_served wait_mean wait_p90 n_queue_parties n_queue_people capacity n_state",
)
PARTY_ARRAYS = {  # name: dtype of one party's field (15 bytes a party)
    "p_region": np.int16, "p_queue": np.int16, "p_size": np.int8, "p_seg": np.int8,
    "p_state": np.int8, "p_join": np.int32, "nxt": np.int32,
}
HEADROOM = 20_000  # free party slots kept at least; kernels.slots_needed bounds each step
PATIENCE_BATCH = 1024  # patience draws made at a time (kernels.draw_patience)


def resolve_parameters(scenario: Scenario, params: Mapping[str, float] | None) -> dict[str, float]:
    """The scenario's parameters with `params` applied: KeyError for an unknown name (valid:
    a parameter's, `*_scale.<crossing, group or country>`, `surge_factor.<...>`,
    `willing_scale.<region or region group>` and `pref_country.<destination>`), ParameterError
    for a value outside its range."""
    merged = dict(scenario.parameters)
    for name, value in (params or {}).items():
        check_parameter_name(scenario, name)
        merged[name] = value
    return {name: check_parameter(name, value) for name, value in merged.items()}


def stream_generators(seed: int) -> tuple[np.random.Generator, ...]:
    """One independent generator per named decision, all derived from the run's seed."""
    root = np.random.SeedSequence(seed)
    return tuple(
        np.random.Generator(np.random.PCG64(np.random.SeedSequence(root.entropy, spawn_key=(i,))))
        for i in range(len(K.STREAMS))
    )


def calendar_keys(T: int) -> np.ndarray:
    """The lists of a calendar, one per step and one past the end, all empty (kernels.CALENDARS)."""
    keys = np.zeros((T + 1, 3), np.int32)
    keys[:, :2] = -1
    return keys


def calendar_blocks(slots: int, T: int) -> np.ndarray:
    """The calendars' pool of rows (kernels.CALENDARS), enough for `slots` records: a record is
    in at most one list of each calendar, and each list has at most one row not full."""
    rows = 1 + 2 * (-(-slots // K.BLOCK)) + 2 * (T + 1)
    blocks = np.empty((rows, K.BLOCK + 1), np.int32)
    blocks[0, :2] = 0, 1  # no free row; row 1 is the first never used
    return blocks


class Sim:
    """One run of a scenario: builds the state, steps it, hands back `Results`."""

    def __init__(self, scenario: Scenario, seed: int = 0, days: float | None = None,
                 params: Mapping[str, float] | None = None):
        self.scenario, self.seed = scenario, int(seed)
        self.params = resolve_parameters(scenario, params)
        self.n_steps = int(round((days or scenario.days) * 24 / scenario.step_hours))
        self.net = build_net(scenario, self.params, self.seed, days)
        self.par = build_par(scenario, self.params)
        self.book = PolicyBook(scenario, self.params)
        self.rngs = stream_generators(self.seed)
        self.ledger = self.init_ledger()
        self.agents = self.init_agents(self.initial_slots())
        self.records = self.init_records()
        self.t = 0
        self.wall_seconds = 0.0

    # --- state ------------------------------------------------------------------------------
    def init_ledger(self) -> Ledger:
        pop = self.scenario.regions["population"].to_numpy(dtype=np.int64)
        state = np.zeros((len(pop), len(STATES)), dtype=np.int64)
        state[:, 0] = pop
        scale = willing_scales(self.scenario.regions, self.params)
        share = np.minimum(1.0, self.params["willing_share"] * scale)
        willing = np.round(pop * share).astype(np.int64)
        return Ledger(state=state, willing=willing)

    def initial_slots(self) -> int:
        """A first guess at the party records a run needs; grown on demand."""
        travellers = self.ledger.willing.sum()
        background = self.net.bg_parties_per_step.sum() * self.n_steps
        return int(travellers * 1.0 + background * 1.1) + 2 * HEADROOM

    def init_agents(self, slots: int) -> Agents:
        net, T = self.net, self.n_steps
        # every field of a record is written before it is read: no need to fill
        parties = {k: np.empty(slots, dtype=d) for k, d in PARTY_ARRAYS.items()}
        hist = max(2, self.par.info_delay_steps + 2)
        days = int(np.ceil(T * net.dt / 24)) + net.booking_days + 2
        return Agents(
            **parties, count=np.zeros(1, dtype=np.int64),
            q_head=np.full(net.Q, -1, np.int32), q_tail=np.full(net.Q, -1, np.int32),
            q_parties=np.zeros(net.Q, np.int64), q_people=np.zeros(net.Q, np.int64),
            budget=np.zeros(net.Q), surge=np.ones(net.Q), surge_since=np.full(net.Q, -1, np.int64),
            cal_keys=calendar_keys(T), ren_keys=calendar_keys(T),
            blocks=calendar_blocks(slots, T), still=np.zeros(K.BLOCK, np.int32),
            wait_hist=np.zeros((hist, net.Q)),
            booked=np.zeros((net.A, days), np.int64),
            coach_booked=np.zeros((net.Q, days), np.int64),
            air_region=np.zeros((T + 1, net.R), np.int64),
            air_dest=np.zeros((T + 1, net.A), np.int64), scratch=np.zeros(200_000),
            scratch_n=np.zeros(1, np.int64),
            ch_opts=np.zeros(net.O, np.int64), ch_n=np.zeros(2, np.int64),
            ch_wknown=np.zeros(net.O), ch_ew=np.zeros(net.O), ch_ewnow=np.zeros(net.Q),
            ch_mask=np.zeros((6, net.O), np.bool_), ch_w=np.zeros(net.O),
            ch_cnt=np.zeros(net.O, np.int64), ch_cum=np.zeros(net.O), ch_nest=np.zeros(net.D),
            ch_typical=np.zeros(net.R), ch_den=np.zeros(net.R),
            ch_nest_memo=np.zeros((2, net.D)), ch_seats=np.zeros(net.Q, np.int64),
            ch_sizes=np.zeros(int(self.ledger.willing.max(initial=0)) + 1, np.int8),
            ch_group=np.zeros((6, net.O), np.int64), ch_group_n=np.zeros((6, 2), np.int64),
            ch_group_nest=np.zeros((6, net.O), np.int64),
            leavers=np.zeros(net.R, np.int64), rr_cum=np.zeros((net.C, 6, net.O)),
            rr_stamp=np.full((net.C, 6), -1, np.int64), rr_exempt=np.zeros(net.R, np.bool_),
            turned_head=np.full(1, -1, np.int32), turned_tail=np.full(1, -1, np.int32),
            patience=np.zeros(PATIENCE_BATCH), patience_next=np.full(1, PATIENCE_BATCH, np.int64),
        )

    def grow(self) -> None:
        """Grow the party arrays (between steps; links are indices, so they survive)."""
        ag = self.agents
        need = K.slots_needed(self.net, self.book.pol, self.par, ag, self.ledger, HEADROOM)
        slots = max(int(1.5 * ag.p_size.shape[0]), int(ag.count[0]) + 2 * need)
        grown = {}
        for k, d in PARTY_ARRAYS.items():
            arr = np.empty(slots, dtype=d)
            arr[: ag.p_size.shape[0]] = getattr(ag, k)
            grown[k] = arr
        blocks = calendar_blocks(slots, self.n_steps)
        blocks[: ag.blocks.shape[0]] = ag.blocks
        self.agents = ag._replace(**grown, blocks=blocks)

    def init_records(self) -> Records:
        T, net = self.n_steps, self.net
        counts = dict(dtype=np.int32)
        return Records(
            new_call_ups=np.zeros((T, net.R), **counts),
            new_departures=np.zeros((T, net.R), **counts),
            new_unmet_air=np.zeros(T, np.int64), new_air_departures=np.zeros(T, np.int64),
            new_entries=np.zeros((T, net.D), **counts),
            new_entries_background=np.zeros((T, net.D), **counts),
            **{k: np.zeros((T, net.Q), **counts) for k in (
                "new_arrivals", "new_crossed", "new_stopped", "new_reneged", "new_turned_back",
                "new_served", "n_queue_parties", "n_queue_people")},
            wait_mean=np.full((T, net.Q), np.nan, np.float32),
            wait_p90=np.full((T, net.Q), np.nan, np.float32),
            capacity=np.zeros((T, net.Q), np.float32),
            n_state=np.zeros((T, net.R, len(STATES)), np.int64),
        )

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

