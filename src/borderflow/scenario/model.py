"""The immutable input of a simulation: `Scenario` and its parts (read and checked by `load`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

T = TypeVar("T")


@dataclass(frozen=True)
class CallUps:
    """National call-up schedule: `target` men, spread evenly over `days` from `start_day`."""

    target: float = 300_000
    start_day: float = 1.0
    days: float = 35.0


@dataclass(frozen=True)
class Prior:
    """A parameter's prior. For `normal`, low is the mean and high the sd. `fit` False: no
    report up to the cut-off can inform it, so `calibrate` leaves it out (at its default) and
    each forecast member draws it from this prior: the band carries its uncertainty."""

    name: str
    dist: str
    low: float
    high: float
    fit: bool = True


@dataclass(frozen=True)
class Event:
    """A dated change to the system; `fields` holds the kind's own keys
    (`scenario/events.py`)."""

    kind: str
    start: pd.Timestamp
    end: pd.Timestamp | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    source: str = ""
    note: str = ""
    key: str = ""  # where it was declared, e.g. "scenario.toml: events[3]"


@dataclass(frozen=True)
class Scenario:
    """Everything a run needs. The engine reads it and never changes it."""

    name: str
    title: str
    description: str
    path: Path | None
    start: pd.Timestamp
    days: int
    step_hours: float
    regions: pd.DataFrame
    crossings: pd.DataFrame
    air: pd.DataFrame
    routes: pd.DataFrame | None
    callups: CallUps
    parameters: dict[str, float]
    priors: dict[str, Prior]
    events: tuple[Event, ...]
    files_hash: str = ""

    @property
    def destinations(self) -> list[str]:
        """Host countries reachable by road or air, sorted."""
        return list(self.derived("destinations", lambda sc: tuple(
            sorted(set(sc.crossings["country"].tolist()) | set(sc.air.index.tolist())))))

    def derived(self, key: str, make: Callable[[Scenario], T]) -> T:
        """`make(self)`, computed once for this scenario and kept with it: the set-up of every
        run reads the same names and arrays from its tables, and pandas reads cost more than
        that set-up's own work. (A frozen scenario's tables do not change; `replace` makes a
        new scenario, with nothing kept. Do not change what `make` returns.)"""
        memo = self.__dict__.setdefault("_derived", {})  # frozen: no attribute is set
        if key not in memo:
            memo[key] = make(self)
        return memo[key]

    @property
    def n_steps(self) -> int:
        return int(round(self.days * 24 / self.step_hours))

    def with_parameters(self, **overrides: float) -> Scenario:
        """A copy with some parameters replaced (names must exist)."""
        unknown = sorted(set(overrides) - set(self.parameters))
        if unknown:
            raise KeyError(f"unknown parameters {unknown}; valid: {sorted(self.parameters)}")
        return replace(self, parameters={**self.parameters, **overrides})
