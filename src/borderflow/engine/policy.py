"""What is in force at a step: capacities, closures, screening, seats, rumours.

The policy is recomputed from the scenario's base whenever an event starts or ends, by applying
every event active at that step in the order declared. Each event kind has one handler here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from borderflow.engine.state import Pol
from borderflow.parameters import MODES, SEGMENTS
from borderflow.scenario.model import Event, Scenario

GROUP_SEGMENTS = {"all": list(range(len(SEGMENTS))), **{s: [i] for i, s in enumerate(SEGMENTS)}}


def place_names(name: str, crossings: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    """Per crossing, `name` given for it, its group and its country, most specific first."""
    # lists, not the columns: iterating pandas' string arrays costs ~1 ms a call, every run
    rows = zip(*(x.tolist() for x in (crossings.index, crossings["group"], crossings["country"])),
               strict=True)
    return {c: tuple(f"{name}.{p}" for p in (c, g, n) if p) for c, g, n in rows}


def scale_names(kind: str, crossings: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    """Per crossing, the parameters whose product scales it: its own, its group's, its country's
    (`kind` capacity or background)."""
    return place_names(f"{kind}_scale", crossings)


def most_specific(params: Mapping[str, float], names: tuple[str, ...], default: float) -> float:
    """A place parameter's value: the first of `names` (most specific first) that is set, else
    `default` (a factor or a share is not a product)."""
    return next((params[n] for n in names if n in params), default)


def scale_product(params: Mapping[str, float], names: tuple[str, ...]) -> float:
    """The product of the named scales (1 where a parameter is not set)."""
    out = 1.0
    for name in names:
        out *= params.get(name, 1.0)
    return out


class PolicyBook:
    """Base policy of a scenario and its events as step windows."""

    def __init__(self, scenario: Scenario, params: dict[str, float], n_steps: int):
        self.scenario, self.params, self.n_steps = scenario, params, n_steps
        self.tables = scenario.derived("policy", PolicyTables.of)
        self.crossings, self.countries = self.tables.crossings, self.tables.air_countries
        self.scale_names = self.tables.scale_names
        self.tourist_share = np.array([  # crossings.csv's, unless a parameter names the place
            most_specific(params, names, base) for names, base in
            zip(self.tables.tourist_names, self.tables.tourist_base, strict=True)])
        self.windows = [(self.to_step(e.start), self.to_step(e.end), e) for e in scenario.events]
        self.start_pol = self.base()
        self.pol = Pol(*(a.copy() for a in self.start_pol))  # updated in place; the base is kept

    def to_step(self, when) -> int:
        """First step at or after a moment (None = never ends)."""
        if when is None:
            return 10**9
        hours = (when - self.scenario.start).total_seconds() / 3600
        return max(0, int(np.ceil(hours / self.scenario.step_hours - 1e-9)))

    def boundaries(self) -> set[int]:
        """Steps at which the policy changes."""
        return {s for w in self.windows for s in w[:2]}

    def scale(self, kind: str, crossing: str) -> float:
        """A crossing's scale times its group's and its country's (capacity or background)."""
        return scale_product(self.params, self.scale_names[kind][crossing])

    def base_caps(self) -> np.ndarray:
        scales = np.array([self.scale("capacity", c) for c in self.crossings])
        return (self.tables.caps * scales[:, None]).reshape(-1)

    def base(self) -> Pol:
        sc, tab = self.scenario, self.tables
        C, M = len(self.crossings), len(MODES)
        open_seg = np.ones((len(SEGMENTS), C * M), dtype=np.bool_)
        open_seg[SEGMENTS.index("no_visa"), np.repeat(tab.visa_required, M)] = False
        bg = np.repeat([self.scale("background", c) for c in self.crossings], M)
        return Pol(
            cap=self.base_caps(), open_any=open_seg.any(axis=0), open_seg=open_seg,
            nonlocal_closed=np.zeros(C * M, dtype=np.bool_), screen=np.zeros(C),
            seats=tab.seats.copy(), rumour=np.zeros(1), bg_scale=bg.astype(float),
            callups_per_step=callup_schedule(sc, self.n_steps, self.params["callup_pace"]),
        )

    def update(self, t: int) -> None:
        """Reset to the base and apply every event active at step t, in place."""
        base = self.start_pol
        for name in ("cap", "open_seg", "nonlocal_closed", "screen", "seats", "rumour", "bg_scale"):
            getattr(self.pol, name)[...] = getattr(base, name)
        for start, end, event in self.windows:
            if start <= t < end:
                HANDLERS[event.kind](self, event)
        self.pol.open_any[...] = self.pol.open_seg.any(axis=0)

    # helpers for handlers
    def queues(self, event: Event) -> list[int]:
        """Queue indices an event names: a crossing or a country, one mode or all."""
        f = event.fields
        if "crossing" in f:
            cs = [self.crossings.index(f["crossing"])]
        else:
            cs = [c for c, x in enumerate(self.tables.countries) if x == f["country"]]
        ms = [MODES.index(f["mode"])] if f.get("mode") else range(len(MODES))
        return [c * len(MODES) + m for c in cs for m in ms]


@dataclass(frozen=True)
class PolicyTables:
    """What the policy reads from a scenario's tables, read once (`Scenario.derived`)."""

    crossings: list[str]
    countries: list[str]  # of each crossing
    air_countries: list[str]
    caps: np.ndarray  # crossing x mode, per hour
    visa_required: np.ndarray  # bool, per crossing
    seats: np.ndarray  # per air destination, a day
    scale_names: dict[str, dict[str, tuple[str, ...]]]  # capacity | background -> crossing -> names
    tourist_names: list[tuple[str, ...]]  # per crossing, background_tourist_share names
    tourist_base: list[float]  # per crossing, crossings.csv's background_tourist_share

    @classmethod
    def of(cls, sc: Scenario) -> PolicyTables:
        cro = sc.crossings
        return cls(
            crossings=cro.index.tolist(), countries=cro["country"].tolist(),
            air_countries=sc.air.index.tolist(),
            caps=cro[[f"cap_{m}" for m in MODES]].to_numpy(dtype=float),
            visa_required=cro["visa_required"].to_numpy(dtype=bool),
            seats=sc.air["seats_per_day"].to_numpy(dtype=float),
            scale_names={k: scale_names(k, cro) for k in ("capacity", "background")},
            tourist_names=list(place_names("background_tourist_share", cro).values()),
            tourist_base=cro["background_tourist_share"].astype(float).tolist(),
        )


def callup_schedule(scenario: Scenario, n_steps: int, pace: float = 1.0) -> np.ndarray:
    """Men called up nationally in each of a run's `n_steps` steps: the target spread evenly
    over the window, which `pace` times faster lasts 1 / `pace` as long."""
    dt, cu = scenario.step_hours, scenario.callups
    days = cu.days / pace
    hours = np.arange(n_steps) * dt
    active = (hours >= cu.start_day * 24) & (hours < (cu.start_day + days) * 24)
    return np.where(active, cu.target * dt / (days * 24), 0.0)


def on_rumour(book: PolicyBook, e: Event) -> None:
    book.pol.rumour[0] += float(e.fields["level"])


def on_capacity(book: PolicyBook, e: Event) -> None:
    for q in book.queues(e):
        c = book.crossings[q // len(MODES)]
        if "capacity" in e.fields:
            book.pol.cap[q] = float(e.fields["capacity"]) * book.scale("capacity", c)
        else:
            book.pol.cap[q] *= float(e.fields["factor"])


def on_close(book: PolicyBook, e: Event) -> None:
    group = e.fields.get("travellers", "all")
    for q in book.queues(e):
        if group == "non_local":
            book.pol.nonlocal_closed[q] = True
        else:
            book.pol.open_seg[GROUP_SEGMENTS[group], q] = False
        if group == "all":
            book.pol.bg_scale[q] = 0.0
        elif group == "tourist_visa":  # ordinary travellers on tourist visas are barred too
            book.pol.bg_scale[q] *= 1.0 - book.tourist_share[q // len(MODES)]
    country = e.fields.get("country")
    if group == "all" and country in book.countries and not e.fields.get("mode"):
        book.pol.seats[book.countries.index(country)] = 0.0


def on_screening(book: PolicyBook, e: Event) -> None:
    share = e.fields.get("share", book.params["screening_share"])
    book.pol.screen[book.crossings.index(e.fields["crossing"])] = float(share)


def on_air_seats(book: PolicyBook, e: Event) -> None:
    a = book.countries.index(e.fields["country"])
    if "seats_per_day" in e.fields:
        book.pol.seats[a] = float(e.fields["seats_per_day"])
    else:
        book.pol.seats[a] *= float(e.fields["factor"])


HANDLERS: dict[str, Callable[[PolicyBook, Event], None]] = {
    "rumour": on_rumour,
    "capacity": on_capacity,
    "open_mode": on_capacity,
    "close": on_close,
    "screening": on_screening,
    "air_seats": on_air_seats,
}
