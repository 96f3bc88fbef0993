"""Daily tidy table of a run: flows summed per local day, stocks averaged over the day's steps."""

from __future__ import annotations

import numpy as np
import pandas as pd

from borderflow.parameters import MODES

CAR = MODES.index("car")
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


def daily_blocks(res) -> tuple[pd.DatetimeIndex, dict[str, tuple[list, dict[str, np.ndarray]]]]:
    """The daily series of a run: dates, and per kind its ids and metric arrays (day x id)."""
    dates, s = day_groups(res.times)
    a, dt = res.arrays, res.step_hours
    people = a["n_queue_people"].astype(float)
    queued = all_modes(people)
    crossing = {
        "daily_entries": per_day(all_modes(a["new_crossed"]), s, "sum"),
        "daily_vehicles": per_day(a["new_vehicles"], s, "sum"),
        "queue_vehicles": per_day(a["n_queue_vehicles"], s, "mean"),
        "queue_km": per_day(a["queue_km"], s, "mean"),
        "queue_people": per_day(queued, s, "mean"),
        "queue_people_car": per_day(people[:, :, CAR], s, "mean"),
        "queue_people_foot": per_day(all_modes(people[:, :, FOOT]), s, "mean"),
        "queue_people_overnight": per_day(queued, s, "last"),
        "person_hours": per_day(queued * dt, s, "sum"),
        "wait_hours": served_mean_wait(res, s),
        "daily_stopped": per_day(all_modes(a["new_stopped"]), s, "sum"),
        "daily_reneged": per_day(all_modes(a["new_reneged"]), s, "sum"),
    }
    destination = {
        "daily_entries": per_day(a["new_entries"], s, "sum"),
        "daily_entries_background": per_day(a["new_entries_background"], s, "sum"),
    }
    region = {
        "daily_departures": per_day(a["new_departures"], s, "sum"),
        "daily_call_ups": per_day(a["new_call_ups"], s, "sum"),
    }
    departures = a["new_departures"].sum(1)
    national = {
        "daily_departures": per_day(departures, s, "sum"),
        "cumulative_departures": per_day(np.cumsum(departures), s, "last"),
        "cum_call_ups": per_day(a["cum_call_ups"], s, "last"),
        "daily_air_departures": per_day(a["new_air_departures"], s, "sum"),
        "daily_unmet_air": per_day(a["new_unmet_air"], s, "sum"),
    }
    return dates, {
        "destination": (list(res.destinations), destination),
        "crossing": (list(res.crossings.index), crossing),
        "region": (list(res.regions), region),
        "national": (["all"], {k: v.reshape(-1, 1) for k, v in national.items()}),
    }


def daily_table(res) -> pd.DataFrame:
    dates, blocks = daily_blocks(res)
    return pd.concat([long(dates, ids, kind, metrics) for kind, (ids, metrics) in blocks.items()],
                     ignore_index=True)
