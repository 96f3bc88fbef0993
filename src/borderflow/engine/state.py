"""Every array the kernels read or write, defined and allocated here, in named tuples:

- `Net`: the scenario's network, fixed for a run (built by `network.build_net`);
- `Par`: behaviour parameters in the kernels' units (built by `params.build_par`);
- `Pol`: what is in force at a step (kept by `policy.PolicyBook`);
- `Agents`: the party records and the lists through them, the queues, bookings, and the
  per-step scratch that routing and re-routing reuse (no state lives in scratch between steps);
- `Ledger`: where each region's at-risk men are (parameters.STATES);
- `Records`: what each step leaves behind, the arrays of `Results`.
"""

from __future__ import annotations

from collections import namedtuple
from typing import Any

import numpy as np

from borderflow.engine.kernels.common import N_GROUPS, N_SEGMENTS
from borderflow.engine.kernels.parties import BLOCK
from borderflow.parameters import STATES

Net = namedtuple(
    "Net",
    "R C M Q A O D dt start_hour booking_days foot_mode intensity solar_offset car_share "
    "visa_share eu0 eu0_by_option eu0_c2c travel_steps c2c_steps queue_crossing queue_mode "
    "crossing_region crossing_dest air_dest_index air_steps air_bg_per_step bg_parties_per_step "
    "open_from open_to option_nest surge_max bg_day",
)
Par = namedtuple(
    "Par",
    "wait_sensitivity info_delay_steps announcement_decay_hours callup_risk_weight "
    "rumour_response day_swing peak_hour departure_rate wait_deterrence bg_wait_deterrence "
    "tourist_visa_share car_party_p bg_party_p patience_hours patience_shape walk_switch_rate "
    "walk_switch_min_wait walkers_per_car_slot balk_share reroute_share bus_seats nest_scale "
    "max_departure_p "
    "surge_steps surge_trigger_hours",
)
Pol = namedtuple(
    "Pol",
    "cap open_any open_seg nonlocal_closed screen seats rumour callups_per_step bg_scale",
)

PARTY_ARRAYS = {  # a party record's fields, name: dtype (15 bytes a party)
    "p_region": np.int16, "p_queue": np.int16, "p_size": np.int8, "p_seg": np.int8,
    "p_state": np.int8, "p_join": np.int32, "nxt": np.int32,
}
AGENT_FIELDS = {  # the fields of Agents, by what they hold
    "records": (*PARTY_ARRAYS, "count"),
    "queues": ("q_head", "q_tail", "q_parties", "q_people", "budget", "surge", "surge_since"),
    "calendars": ("cal_keys", "ren_keys", "blocks", "still"),
    "waits heard": ("wait_hist",),
    "closures heard": ("shut_hist",),
    "bookings": ("booked", "coach_booked", "air_region", "air_dest"),
    "step scratch": (
        "scratch", "scratch_n", "ch_opts", "ch_n", "ch_wknown", "ch_ew", "ch_ewnow", "ch_mask",
        "ch_w", "ch_cnt", "ch_cum", "ch_sizes", "ch_nest", "ch_typical", "ch_den",
        "ch_nest_memo", "ch_seats", "ch_group", "ch_group_n", "ch_group_nest", "leavers",
        "rr_cum", "rr_stamp", "rr_exempt", "turned_head", "turned_tail", "patience",
        "patience_next"),
}
Agents = namedtuple("Agents", [f for fields in AGENT_FIELDS.values() for f in fields])
Ledger = namedtuple("Ledger", "state willing")
Records = namedtuple(
    "Records",
    "new_call_ups new_departures new_unmet_air new_air_departures new_entries "
    "new_entries_background new_arrivals new_crossed new_stopped new_reneged new_turned_back "
    "new_served wait_mean wait_p90 n_queue_parties n_queue_people capacity n_state",
)
PATIENCE_BATCH = 1024  # patience draws made at a time (kernels.draws.draw_patience)


def new_ledger(population: np.ndarray, willing_share: np.ndarray) -> Ledger:
    """Everyone at home; `willing_share` of each region's men may leave."""
    pop = np.asarray(population, dtype=np.int64)
    state = np.zeros((len(pop), len(STATES)), dtype=np.int64)
    state[:, 0] = pop
    willing = np.round(pop * willing_share).astype(np.int64)
    return Ledger(state=state, willing=willing)


def calendar_keys(T: int) -> np.ndarray:
    """The lists of a calendar, one per step and one past the end, all empty (kernels.parties)."""
    keys = np.zeros((T + 1, 3), np.int32)
    keys[:, :2] = -1
    return keys


def calendar_blocks(slots: int, T: int) -> np.ndarray:
    """The calendars' pool of rows (kernels.parties), enough for `slots` records: a record is
    in at most one list of each calendar, and each list has at most one row not full."""
    rows = 1 + 2 * (-(-slots // BLOCK)) + 2 * (T + 1)
    blocks = np.empty((rows, BLOCK + 1), np.int32)
    blocks[0, :2] = 0, 1  # no free row; row 1 is the first never used
    return blocks


def new_agents(net: Any, par: Any, T: int, slots: int, max_willing: int) -> Agents:
    """Room for `slots` party records, empty queues and calendars over T steps, and scratch."""
    # every field of a record is written before it is read: no need to fill
    parties = {k: np.empty(slots, dtype=d) for k, d in PARTY_ARRAYS.items()}
    hist = max(2, par.info_delay_steps + 2)
    days = int(np.ceil(T * net.dt / 24)) + net.booking_days + 2
    return Agents(
        **parties, count=np.zeros(1, dtype=np.int64),
        q_head=np.full(net.Q, -1, np.int32), q_tail=np.full(net.Q, -1, np.int32),
        q_parties=np.zeros(net.Q, np.int64), q_people=np.zeros(net.Q, np.int64),
        budget=np.zeros(net.Q), surge=np.ones(net.Q), surge_since=np.full(net.Q, -1, np.int64),
        cal_keys=calendar_keys(T), ren_keys=calendar_keys(T),
        blocks=calendar_blocks(slots, T), still=np.zeros(BLOCK, np.int32),
        wait_hist=np.zeros((hist, net.Q)),
        shut_hist=np.ones((hist, N_SEGMENTS + 1, net.Q), np.bool_),  # kernels.closures
        booked=np.zeros((net.A, days), np.int64),
        coach_booked=np.zeros((net.Q, days), np.int64),
        air_region=np.zeros((T + 1, net.R), np.int64),
        air_dest=np.zeros((T + 1, net.A), np.int64),
        **new_scratch(net, max_willing),
    )


def new_scratch(net: Any, max_willing: int) -> dict[str, np.ndarray]:
    """The per-step scratch of routing (ch_*) and re-routing (rr_*): rewritten every step."""
    G = N_GROUPS
    return dict(
        scratch=np.zeros(200_000), scratch_n=np.zeros(1, np.int64),
        ch_opts=np.zeros(net.O, np.int64), ch_n=np.zeros(2, np.int64),
        ch_wknown=np.zeros(net.O), ch_ew=np.zeros(net.O), ch_ewnow=np.zeros(net.Q),
        ch_mask=np.zeros((G, net.O), np.bool_), ch_w=np.zeros(net.O),
        ch_cnt=np.zeros(net.O, np.int64), ch_cum=np.zeros(net.O), ch_nest=np.zeros(net.D),
        ch_typical=np.zeros(net.R), ch_den=np.zeros(net.R),
        ch_nest_memo=np.zeros((2, net.D)), ch_seats=np.zeros(net.Q, np.int64),
        ch_sizes=np.zeros(max_willing + 1, np.int8),
        ch_group=np.zeros((G, net.O), np.int64), ch_group_n=np.zeros((G, 2), np.int64),
        ch_group_nest=np.zeros((G, net.O), np.int64),
        leavers=np.zeros(net.R, np.int64), rr_cum=np.zeros((net.C, G, net.O)),
        rr_stamp=np.full((net.C, G), -1, np.int64), rr_exempt=np.zeros(net.R, np.bool_),
        turned_head=np.full(1, -1, np.int32), turned_tail=np.full(1, -1, np.int32),
        patience=np.zeros(PATIENCE_BATCH), patience_next=np.full(1, PATIENCE_BATCH, np.int64),
    )


def grown(ag: Agents, slots: int, T: int) -> Agents:
    """`ag` with room for `slots` party records (links are indices, so they survive)."""
    arrays = {}
    for k, d in PARTY_ARRAYS.items():
        arr = np.empty(slots, dtype=d)
        arr[: ag.p_size.shape[0]] = getattr(ag, k)
        arrays[k] = arr
    blocks = calendar_blocks(slots, T)
    blocks[: ag.blocks.shape[0]] = ag.blocks
    return ag._replace(**arrays, blocks=blocks)


def new_records(T: int, net: Any) -> Records:
    """Zeroed records of T steps (waits NaN: no one served)."""
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
