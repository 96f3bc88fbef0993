"""Calibration targets: a reported figure, how to extract its match from a run, and its penalty.

Extraction (one rule per metric, on local days of the scenario, `[date_from, date_to]` inclusive):

- `cumulative_entries` (destination or crossings): entries summed over the days (incl. background)
- `daily_entries`: the same sum divided by the number of days
- `daily_vehicles` (crossings): cars passing (incl. background) summed, divided by the days
- `cumulative_departures` (national): at-risk men leaving home, summed over the days
- `call_ups` (national): call-ups summed over the days
- `queue_vehicles`, `queue_km` (crossings): the day's mean of the hourly stock, summed over the
  crossings, averaged over the days
- `wait_hours` (crossings): mean wait of parties served that day (cars, else all modes),
  averaged over the crossings and the days

Hours of an entry flow before the scenario starts (figures of the days before the order, or the
first morning) count at the background rate: `background_per_day x background_scale` of the
crossings, plus the destination's air background, times the run's day factor of ordinary traffic
into that country (`engine.network.day_factors`: the same draw as the simulated days').

Penalty: 1 - exp(-e), e the log error |log(sim + f) - log(reported + f)| (f = 0.1 for km, 1
otherwise), i.e. 1 - smaller/larger: about e for small errors, bounded by 1 for large ones. A `low`
or `high` bound with no value is one-sided, both bounds an interval: e is the log distance to the
nearest end, zero inside. Bounded, so that a report no parameter set comes near (a "0" beside 402
the next day, a queue of 80 cars where the model holds hundreds) cannot outweigh the many the model
does fit: with |log error| one such row made a third of the distance.

Weight: each place (a destination country; national figures together) weighs the square root
of its number of reported figures (conflicting rows of one figure count as one), shared equally
among them: a figure of a place with n figures weighs 1/sqrt(n), split among its rows (as
`observations/load.py` sets them). A row's `trust` (default 1) scales its share: a doubted report
weighs less without giving its weight to the other reports of its place. How often a country
was reported on follows press attention and its agencies' habits: with a weight per report,
Georgia's and Finland's 30 reports of 51 set the fit and Kazakhstan's one count of 98,000
barely moved it. With a weight per place, Georgia's 20 figures would weigh as much as Storskog's
two, one of them a "0" no run comes near, and each of its ministry's daily counts 1/12 of a
Storskog report. The square root is between:
more reports count for more, less than in proportion.

Conflicting rows (one metric, place, crossings and dates) are fitted where they agree (`aim`):
their overlap, else the point nearest all of them in trust-weighted least squares of log
distances (two points: their geometric mean). Each row's own penalty would do the opposite:
1 - smaller/larger is concave, so of 2,500 and 3,500 cars it scores either report alone (0.29)
better than any figure between (0.31 at 2,958).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from borderflow import _libm as libm
from borderflow.engine.network import day_factors
from borderflow.engine.policy import scale_names, scale_product
from borderflow.observations.load import EXITS
from borderflow.results.daily import daily_blocks

SERIES = {  # observation metric -> (daily series metric, how over ids, how over days)
    "cumulative_entries": ("daily_entries", "sum", "sum"),
    "daily_entries": ("daily_entries", "sum", "per_day"),
    "daily_vehicles": ("daily_vehicles", "sum", "per_day"),
    "cumulative_departures": ("daily_departures", "sum", "sum"),
    "call_ups": ("daily_call_ups", "sum", "sum"),
    "queue_vehicles": ("queue_vehicles", "sum", "mean"),
    "queue_km": ("queue_km", "sum", "mean"),
    "wait_hours": ("wait_hours", "mean", "mean"),
}
FLOOR = {"queue_km": 0.1}
DAY = np.timedelta64(1, "D")


def report_bounds(value: float, low: float, high: float) -> tuple[float, float]:
    """A report as (low, high): its value both, else the bounds it states (an open side 0 or
    infinity)."""
    if not np.isnan(value):
        return float(value), float(value)
    return (0.0 if np.isnan(low) else float(low), np.inf if np.isnan(high) else float(high))


@dataclass(frozen=True)
class Target:
    """One reported figure: what it is, where, when, how much, and its weight."""

    line: int
    metric: str
    kind: str  # destination | crossing | national
    ids: tuple[str, ...]  # destination name, crossing ids, or ("all",)
    date_from: pd.Timestamp
    date_to: pd.Timestamp
    value: float
    low: float
    high: float
    weight: float
    baseline_per_day: float  # entries per day before the start (at the scenario's parameters)
    # per crossing: (its background_scale names (own, group, country), its entries per day)
    baseline_scales: tuple[tuple[tuple[str, ...], float], ...] = ()
    # (low, high) the penalty measures from: the row's own figure, or for conflicting reports of
    # one figure their combination (`combine`); empty: the row's own
    aim: tuple[float, float] = ()
    dest: int = -1  # index of the row's country among the scenario's destinations (-1: national)
    n_dest: int = 0  # the scenario's destinations

    @cached_property
    def days(self) -> int:
        return (self.date_to - self.date_from).days + 1

    def baseline(self, params: Mapping[str, float]) -> float:
        """Entries per day before the scenario starts, with the run's background scales."""
        extra = sum(share * (scale_product(params, names) - 1.0)
                    for names, share in self.baseline_scales)
        return self.baseline_per_day + extra

    def figure(self, daily: DailySeries, params: Mapping[str, float]) -> np.ndarray:
        """The run's (or each member's) figure matching this report. Through `figures`, which
        silences the warnings of days when a queue served no one."""
        series, over_ids, over_days = SERIES[self.metric]
        if len(self.ids) == 1:
            x = daily.get(self.kind, self.ids[0], series)
        else:
            stack = np.stack([daily.get(self.kind, i, series) for i in self.ids], axis=0)
            x = np.nanmean(stack, axis=0) if over_ids == "mean" else stack.sum(axis=0)
        part = x[..., daily.span(self._from64, self._to64)]
        if over_days == "mean":
            return np.nan_to_num(np.nanmean(part, axis=-1), nan=0.0)
        total = part.sum(axis=-1) + self.pre_start(daily, params) * self.baseline(params)
        return total / self.days if over_days == "per_day" else total

    def pre_start(self, daily: DailySeries, params: Mapping[str, float]) -> Any:
        """Days of [date_from, date_to] before the first step, each weighed by the run's factor
        of ordinary traffic that day (`daily.seeds` an array: one figure per member)."""
        days, hours, offsets = self._pre_start_hours(daily.start64)
        if days == 0.0 or self.dest < 0:
            return days
        # A day's first k draws do not depend on how many follow; drawing all of them gives the
        # same draws (and kept factors) as the run's days.
        n_dest = max(self.n_dest, self.dest + 1)

        def weighed(seed: Any, sd: Any) -> float:
            factors = day_factors(int(seed), float(sd), offsets, n_dest)[:, self.dest]
            return float((factors * hours).sum() / 24.0)

        sd = params.get("background_day_sd", 0.0)
        if np.ndim(daily.seeds) == 0:
            return weighed(daily.seeds, sd)
        sds = np.broadcast_to(sd, np.shape(daily.seeds))
        return np.array([weighed(*x) for x in zip(daily.seeds, sds, strict=True)])

    @cached_property
    def _from64(self) -> np.datetime64:
        return np.datetime64(self.date_from.to_datetime64(), "ns")

    @cached_property
    def _to64(self) -> np.datetime64:
        return np.datetime64(self.date_to.to_datetime64(), "ns")

    def _pre_start_hours(self, start: np.datetime64) -> tuple[float, np.ndarray, np.ndarray]:
        """(`pre_start_days`, the hours of each of those calendar days, their offsets from the
        start's day), kept per start: the same for every run of a calibration."""
        memo = self.__dict__.setdefault("_pre_start_memo", {})  # frozen: no attribute set
        if start not in memo:
            days = self.pre_start_days(start)
            n = int(np.ceil(days))
            hours = np.clip(24.0 * (days - np.arange(n)), 0.0, 24.0)
            offsets = (self._from64 - start.astype("datetime64[D]")) // DAY + np.arange(n)
            memo[start] = (days, hours, offsets)
        return memo[start]

    def pre_start_days(self, start: pd.Timestamp | np.datetime64) -> float:
        """Days of [date_from, date_to] before the scenario's first step (entries only)."""
        start = np.datetime64(start, "ns")
        if SERIES[self.metric][0] != "daily_entries" or start <= self._from64:
            return 0.0
        end = min(start, self._to64 + DAY)
        return float((end - self._from64) / DAY)

    def penalty(self, sim: np.ndarray) -> np.ndarray:
        """1 - exp(-|log error|) of `sim` (any shape), in [0, 1); zero inside intervals."""
        return -libm.expm1(-self.log_error(sim))

    def log_error(self, sim: np.ndarray) -> np.ndarray:
        """|log error| of `sim` (any shape) from the aim; zero inside an interval."""
        f = FLOOR.get(self.metric, 1.0)
        ls = libm.log(np.maximum(sim, 0) + f)
        low, high = libm.log(np.add(self.aim or self.bounds(), f))
        return np.maximum(np.maximum(low - ls, ls - high), 0.0)

    def bounds(self) -> tuple[float, float]:
        """The reported figure as (low, high): a value both, an open side 0 or infinity."""
        return report_bounds(self.value, self.low, self.high)

    def meets(self, lo: float, hi: float) -> bool:
        """Whether [lo, hi] holds the reported value, or meets the reported bounds."""
        low, high = self.bounds()
        return bool(hi >= low and lo <= high)

    def reported(self) -> str:
        """The reported figure as text: value, '>= low', '<= high' or 'low-high'."""
        if not np.isnan(self.value):
            return f"{self.value:g}"
        if np.isnan(self.high):
            return f">= {self.low:g}"
        if np.isnan(self.low):
            return f"<= {self.high:g}"
        return f"{self.low:g}-{self.high:g}"

    def aimed_at(self) -> str:
        """What the fit measured this row from, as text: the report, or its conflict's aim."""
        if not self.aim:
            return self.reported()
        low, high = self.aim
        return f"{low:.4g}" if low == high else (
            f">= {low:.4g}" if np.isinf(high) else f"{low:.4g}-{high:.4g}")

    def point(self) -> float:
        """One number to compare with: the value, else the bound or the interval's middle."""
        if not np.isnan(self.value):
            return self.value
        return float(np.nanmean([self.low, self.high]))

    def label(self) -> str:
        where = ",".join(self.ids)
        dates = f"{self.date_from.date()}" + (
            "" if self.days == 1 else f"..{self.date_to.date()}")
        return f"{self.metric} {where} {dates}"


@dataclass(frozen=True)
class DailySeries:
    """Daily series keyed (kind, id, metric), arrays (..., date); `start`: first step, local."""

    start: pd.Timestamp
    dates: pd.DatetimeIndex
    data: dict[tuple[str, str, str], np.ndarray]
    seeds: Any = 0  # the run's seed, or an array of the members' (day factors before the start)

    def get(self, kind: str, id: str, metric: str) -> np.ndarray:
        return self.data[(kind, id, metric)]

    @cached_property
    def start64(self) -> np.datetime64:
        return np.datetime64(self.start.to_datetime64(), "ns")

    def span(self, first: np.datetime64, last: np.datetime64) -> slice:
        """The positions of the days from `first` to `last` (the dates are consecutive)."""
        days = self.dates.values
        return slice(int(days.searchsorted(first)), int(days.searchsorted(last, "right")))


TARGET_SERIES = {  # the daily series targets read (SERIES), by kind
    "crossing": ("daily_entries", "daily_vehicles", "queue_vehicles", "queue_km", "wait_hours"),
    "destination": ("daily_entries",),
    "national": ("daily_departures", "daily_call_ups"),
}


def daily_series(res: Any) -> DailySeries:
    """The daily series that targets read, from a run (the one daily reduction, `daily_blocks`)."""
    dates, blocks = daily_blocks(res, TARGET_SERIES)
    data = {(kind, str(i), metric): arr[:, j]
            for kind, (ids, metrics) in blocks.items() for metric, arr in metrics.items()
            for j, i in enumerate(ids)}
    start = res.start.tz_localize(None)
    return DailySeries(start, pd.DatetimeIndex(dates), data, res.seed)


def build_targets(scenario: Any, obs: pd.DataFrame) -> tuple[Target, ...]:
    """One Target per observation row (kind, ids and baseline resolved against `scenario`),
    its weight its place's sqrt(figures) shared among them (times its trust), its aim the
    combination of the rows that report the same figure."""
    out = []
    place = obs["place"].where(obs["kind"] != "national", "all")
    place_total = obs["weight"].groupby(place).transform("sum").to_numpy(dtype=float)
    names = scale_names("background", scenario.crossings)
    dests = list(scenario.destinations)
    for r, total in zip(obs.itertuples(index=False), place_total, strict=True):
        ids = r.ids if r.kind == "crossing" else (
            (r.place,) if r.kind == "destination" else ("all",))
        base, scales = _baseline(scenario, r.kind, ids, names)
        out.append(Target(int(r.line), r.metric, r.kind, tuple(ids), pd.Timestamp(r.date_from),
                          pd.Timestamp(r.date_to), float(r.value), float(r.low), float(r.high),
                          float(r.weight) / np.sqrt(total) * float(r.trust), base, scales,
                          dest=dests.index(r.place) if r.place in dests else -1,
                          n_dest=len(dests)))
    return tuple(_aimed(out, obs))


def _aimed(targets: list[Target], obs: pd.DataFrame) -> list[Target]:
    """Targets whose rows report one figure, each aimed at their combination."""
    trust = obs["trust"].to_numpy(dtype=float)
    for _, group in pd.Series(range(len(targets))).groupby(obs["figure"].to_numpy()):
        rows = list(group)
        if len(rows) > 1 and trust[rows].sum() > 0:
            aim = combine([targets[i] for i in rows], trust[rows])
            for i in rows:
                targets[i] = replace(targets[i], aim=aim)
    return targets


def combine(reports: list[Target], trust: np.ndarray) -> tuple[float, float]:
    """Where conflicting reports of one figure agree: the figures (low, high) closest to all of
    them in the trust-weighted least squares of log distances (rows of trust 0 have no say).
    Overlapping reports give their overlap; two points, their weighted geometric mean."""
    low, high = np.array([r.bounds() for r in reports]).T[:, trust > 0]
    if low.max() <= high.min():
        return float(low.max()), float(high.min())
    f = FLOOR.get(reports[0].metric, 1.0)
    lo, hi = libm.log(low + f), libm.log(high + f)
    x = float(libm.exp(_balance(lo, hi, trust[trust > 0], hi.min(), lo.max())) - f)
    return x, x


def _balance(lo: np.ndarray, hi: np.ndarray, w: np.ndarray, left: float, right: float) -> float:
    """The root in [left, right] of sum w (x - clip(x, lo, hi)), increasing in x (bisection)."""
    for _ in range(60):
        mid = 0.5 * (left + right)
        if (w * (mid - np.clip(mid, lo, hi))).sum() > 0:
            right = mid
        else:
            left = mid
    return 0.5 * (left + right)


def _baseline(scenario: Any, kind: str, ids: tuple[str, ...],
              names: Mapping[str, tuple[str, ...]] | None = None) -> tuple[float, tuple]:
    """Background entries per day of a destination or crossings at the scenario's parameters
    (`names`: each crossing's background scale names, if already at hand)."""
    cro = scenario.crossings
    names = names or scale_names("background", cro)
    if kind == "destination":
        rows = cro[cro["country"] == ids[0]]
        air = float(scenario.air["background_per_day"].get(ids[0], 0.0))
    elif kind == "crossing":
        rows, air = cro.loc[list(ids)], 0.0
    else:
        return 0.0, ()
    scales = tuple((names[cid], float(bg))
                   for cid, bg in rows["background_per_day"].astype(float).items())
    base = air + sum(bg * scale_product(scenario.parameters, n) for n, bg in scales)
    return float(base), scales


def select(obs: pd.DataFrame, until: pd.Timestamp | str | None) -> pd.DataFrame:
    """Rows reported on or before `until` (reported_on, else date_to) and about days up to it;
    never exits (`daily_exits`, `cumulative_exits`): the model has no exits to fit them to."""
    obs = obs[~obs["metric"].isin(EXITS)].reset_index(drop=True)
    if until is None:
        return obs
    until = pd.Timestamp(until).normalize()
    reported = pd.to_datetime(obs["reported_on"].replace("", None), errors="coerce")
    reported = reported.fillna(obs["date_to"])
    return obs[(reported <= until) & (obs["date_to"] <= until)].reset_index(drop=True)


def distance(targets: tuple[Target, ...], figures: np.ndarray) -> np.ndarray:
    """Weighted mean penalty; `figures` (..., n_targets)."""
    w = np.array([t.weight for t in targets])
    pen = np.stack([t.penalty(figures[..., i]) for i, t in enumerate(targets)], axis=-1)
    return (pen * w).sum(axis=-1) / w.sum()


def figures(targets: tuple[Target, ...], daily: DailySeries,
            params: Mapping[str, float]) -> np.ndarray:
    """Each target's figure (n_targets, ...): a mean over days when a queue served no one is 0."""
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.array([t.figure(daily, params) for t in targets], dtype=float)


def run_one(scenario: Any, params: Mapping[str, float], seed: int, days: float | None,
            targets: tuple[Target, ...]) -> np.ndarray:
    """Simulate once and return the figure matching each target (float64, n_targets)."""
    from borderflow.engine.sim import simulate

    res = simulate(scenario, seed=int(seed), days=days, params=dict(params))
    return figures(targets, daily_series(res), res.parameters)
