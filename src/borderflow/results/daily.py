"""Daily tidy table of a run: flows summed per local day, stocks averaged over the day's steps."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from borderflow.parameters import MODES

CAR = MODES.index("car")
BUS = MODES.index("bus")
FOOT = [MODES.index("pedestrian"), MODES.index("bicycle")]


def day_groups(times: pd.DatetimeIndex) -> tuple[pd.DatetimeIndex, np.ndarray]:
    """The local days of a run and the first step of each."""
    days = times.normalize()
    starts = np.flatnonzero(np.r_[True, days[1:] != days[:-1]])
    return days[starts], starts


def per_day(x: np.ndarray, starts: np.ndarray, how: str) -> np.ndarray:
    """Reduce axis 0 of x per day: sum, mean, or last."""
    x = np.asarray(x, dtype=float)
    if how == "sum":
        return np.add.reduceat(x, starts, axis=0)
    if how == "last":
        ends = np.r_[starts[1:], x.shape[0]] - 1
        return x[ends]
    counts = np.diff(np.r_[starts, x.shape[0]])
    return np.add.reduceat(x, starts, axis=0) / counts.reshape((-1,) + (1,) * (x.ndim - 1))


def all_modes(x: np.ndarray) -> np.ndarray:
    """x (time x crossing x modes) summed over its modes, in order: the same numbers as
    x.sum(2), which numpy takes slowly over so short an axis (~0.6 ms a run's array)."""
    total = x[:, :, 0].copy()
    for m in range(1, x.shape[2]):
        total += x[:, :, m]
    return total


def served_mean_wait(res, starts: np.ndarray) -> np.ndarray:
    """Mean wait of parties served each day at each crossing (cars; else all modes)."""
    n = res["new_served"].astype(float)
    w = np.nan_to_num(res["wait_mean_hours"].astype(float)) * n
    car_n, car_w = per_day(n[:, :, CAR], starts, "sum"), per_day(w[:, :, CAR], starts, "sum")
    all_n, all_w = per_day(all_modes(n), starts, "sum"), per_day(all_modes(w), starts, "sum")
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(car_n > 0, car_w / car_n, np.where(all_n > 0, all_w / all_n, np.nan))


def mode_mean_wait(res, starts: np.ndarray, modes: list[int]) -> np.ndarray:
    """Mean wait of the parties of `modes` served each day at each crossing (NaN: none)."""
    n = res["new_served"][:, :, modes].astype(float)
    w = np.nan_to_num(res["wait_mean_hours"][:, :, modes].astype(float)) * n
    total_n, total_w = per_day(all_modes(n), starts, "sum"), per_day(all_modes(w), starts, "sum")
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total_n > 0, total_w / total_n, np.nan)


def long(dates, ids, kind: str, metrics: dict[str, np.ndarray]) -> pd.DataFrame:
    """Stack (day x id) arrays into rows."""
    frames = []
    for metric, values in metrics.items():
        values = np.asarray(values).reshape(len(dates), len(ids))
        frames.append(pd.DataFrame({
            "date": np.repeat(dates.date, len(ids)), "kind": kind,
            "id": np.tile(np.asarray(ids, dtype=object), len(dates)), "metric": metric,
            "value": values.reshape(-1),
        }))
    return pd.concat(frames, ignore_index=True)


class Reduction:
    """A run's arrays and its local days, with each daily series computed once when asked."""

    def __init__(self, res) -> None:
        self.res, self.a, self.dt = res, res.arrays, res.step_hours
        self.dates, self.s = day_groups(res.times)
        self._done: dict[str, np.ndarray] = {}

    def __call__(self, name: str) -> np.ndarray:
        if name not in self._done:
            self._done[name] = getattr(self, name)()
        return self._done[name]

    def people(self) -> np.ndarray:
        return self.a["n_queue_people"].astype(float)

    def queued(self) -> np.ndarray:
        return all_modes(self("people"))

    def departures(self) -> np.ndarray:
        return self.a["new_departures"].sum(1)


# kind -> metric -> its daily series (day x id) from a run's Reduction r; the order of daily.csv
METRICS: dict[str, dict[str, Callable[[Reduction], np.ndarray]]] = {
    "destination": {
        "daily_entries": lambda r: per_day(r.a["new_entries"], r.s, "sum"),
        "daily_entries_background": lambda r: per_day(r.a["new_entries_background"], r.s, "sum"),
    },
    "crossing": {
        "daily_entries": lambda r: per_day(all_modes(r.a["new_crossed"]), r.s, "sum"),
        "daily_vehicles": lambda r: per_day(r.a["new_vehicles"], r.s, "sum"),
        "queue_vehicles": lambda r: per_day(r.a["n_queue_vehicles"], r.s, "mean"),
        "queue_km": lambda r: per_day(r.a["queue_km"], r.s, "mean"),
        "queue_people": lambda r: per_day(r("queued"), r.s, "mean"),
        "queue_people_car": lambda r: per_day(r("people")[:, :, CAR], r.s, "mean"),
        "queue_people_foot": lambda r: per_day(all_modes(r("people")[:, :, FOOT]), r.s, "mean"),
        "queue_people_overnight": lambda r: per_day(r("queued"), r.s, "last"),
        "person_hours": lambda r: per_day(r("queued") * r.dt, r.s, "sum"),
        "wait_hours": lambda r: served_mean_wait(r.res, r.s),
        "daily_stopped": lambda r: per_day(all_modes(r.a["new_stopped"]), r.s, "sum"),
        "daily_reneged": lambda r: per_day(all_modes(r.a["new_reneged"]), r.s, "sum"),
        "wait_hours_car": lambda r: mode_mean_wait(r.res, r.s, [CAR]),
        "wait_hours_bus": lambda r: mode_mean_wait(r.res, r.s, [BUS]),
        "wait_hours_foot": lambda r: mode_mean_wait(r.res, r.s, FOOT),
        "daily_turned_back": lambda r: per_day(all_modes(r.a["new_turned_back"]), r.s, "sum"),
    },
    "region": {
        "daily_departures": lambda r: per_day(r.a["new_departures"], r.s, "sum"),
        "daily_call_ups": lambda r: per_day(r.a["new_call_ups"], r.s, "sum"),
    },
    "national": {  # one column, id "all"
        "daily_departures": lambda r: per_day(r("departures"), r.s, "sum"),
        "cumulative_departures": lambda r: per_day(np.cumsum(r("departures")), r.s, "last"),
        "cum_call_ups": lambda r: per_day(r.a["cum_call_ups"], r.s, "last"),
        "daily_air_departures": lambda r: per_day(r.a["new_air_departures"], r.s, "sum"),
        "daily_unmet_air": lambda r: per_day(r.a["new_unmet_air"], r.s, "sum"),
        "daily_call_ups": lambda r: per_day(r.a["new_call_ups"].sum(1), r.s, "sum"),
    },
}


def ids_of(res, kind: str) -> list:
    """The ids of a kind's series: destinations, crossings, regions, or ["all"]."""
    return {"destination": lambda: list(res.destinations),
            "crossing": lambda: list(res.crossings.index),
            "region": lambda: list(res.regions), "national": lambda: ["all"]}[kind]()


def daily_blocks(res, wanted: dict[str, tuple[str, ...]] | None = None
                 ) -> tuple[pd.DatetimeIndex, dict[str, tuple[list, dict[str, np.ndarray]]]]:
    """The daily series of a run: dates, and per kind its ids and metric arrays (day x id);
    `wanted` ({kind: metrics}) computes only those."""
    r = Reduction(res)
    blocks = {}
    for kind, metrics in METRICS.items():
        names = metrics if wanted is None else [m for m in metrics if m in wanted.get(kind, ())]
        if names:
            arrays = {m: metrics[m](r) for m in names}
            if kind == "national":
                arrays = {m: v.reshape(-1, 1) for m, v in arrays.items()}
            blocks[kind] = (ids_of(res, kind), arrays)
    return r.dates, blocks


def daily_table(res) -> pd.DataFrame:
    dates, blocks = daily_blocks(res)
    return pd.concat([long(dates, ids, kind, metrics) for kind, (ids, metrics) in blocks.items()],
                     ignore_index=True)
