"""The model's own error against reports, added to a forecast's band.

A posterior ensemble spreads only over the parameters and the model's randomness; reports also
differ from any run of the model (what the model leaves out, and how reports count). That error is
taken as log-normal, one scale per metric family (`skill.FAMILIES`), growing with the square root
of the horizon as a random walk's would:

    reported = modelled x exp(sigma_family x sqrt(h) x z),  z ~ N(0, 1), h >= 1 days ahead.

sigma is estimated from residuals, never chosen by hand: for each report i, r_i is its log error
from the members' mean log figure, v_i the members' own log variance and h_i its horizon; the
scale that would just put report i inside the 90% band is

    s_i^2 = max(0, (r_i / 1.645)^2 - v_i) / h_i,

and sigma_family is the 90th percentile of the s_i: the smallest scale whose 90% bands would
have held 90% of the family's reports. A quantile, not a mean of squares, so that one report no
model comes near (a "0" beside hundreds) does not widen every band. Out-of-sample residuals (a
backtest's) are the honest source; a calibration's in-sample fit gives a floor (its residuals
are those the fit was chosen to make small, h = 1). A family with fewer than MIN_RESIDUALS
residuals takes the scale of all families pooled. The scale grows with the horizon only up to
the longest horizon the residuals measured (`max_horizon`): it is not extrapolated.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from borderflow.forecasting.skill import FAMILIES, Z90
from borderflow.observations.targets import FLOOR

MIN_RESIDUALS = 3
SERIES_FAMILIES = {  # a forecast series' metric -> the family of the reports it is compared with
    "daily_entries": "entries", "daily_vehicles": "entries", "daily_entries_background": "entries",
    "queue_vehicles": "queue", "queue_km": "queue", "queue_people": "queue",
    "queue_people_car": "queue", "queue_people_foot": "queue", "queue_people_overnight": "queue",
    "person_hours": "queue", "wait_hours": "wait", "wait_hours_car": "wait",
    "wait_hours_bus": "wait", "wait_hours_foot": "wait",
    "daily_departures": "national", "daily_call_ups": "national",
}
CUMULATIVE = {  # a running total -> the daily series it sums (recomputed from the daily's error)
    "cumulative_entries": "daily_entries", "cumulative_departures": "daily_departures",
    "cum_call_ups": "daily_call_ups",
}


def residual(members: np.ndarray, y_low: float, y_high: float, floor: float
             ) -> tuple[float, float]:
    """(r, v): the report's log distance from the members' mean log figure (0 inside a reported
    interval that holds it), and the members' log variance."""
    logs = np.log(np.maximum(members, 0.0) + floor)
    centre = float(logs.mean())
    y = min(max(math.exp(centre) - floor, y_low), y_high)
    return math.log(max(y, 0.0) + floor) - centre, float(logs.var())


def scales(residuals: pd.DataFrame) -> dict[str, float]:
    """sigma per family (per sqrt(day)) from rows `family, r, v, h`; "all" is the pooled one."""
    if residuals.empty:
        return {"all": 0.0}
    r, v = residuals["r"].to_numpy(dtype=float), residuals["v"].to_numpy(dtype=float)
    h = np.maximum(1.0, residuals["h"].to_numpy(dtype=float))
    needed = np.sqrt(np.maximum(0.0, (r / Z90) ** 2 - v) / h)
    out = {"all": float(np.quantile(needed, 0.9))}
    families = residuals["family"].to_numpy()
    for family in sorted(set(families)):
        mine = needed[families == family]
        if len(mine) >= MIN_RESIDUALS:
            out[str(family)] = float(np.quantile(mine, 0.9))
    return out


def sigma_of(sigmas: dict[str, float], family: str) -> float:
    """A family's scale, else the pooled one."""
    return sigmas.get(family, sigmas.get("all", 0.0))


def in_sample(fit: pd.DataFrame) -> pd.DataFrame:
    """Residual rows from a calibration's fit table (fit.csv): each report against the
    posterior's simulated median, the band's width as the members' spread, h = 1."""
    rows = []
    for r in fit.itertuples():
        f = FLOOR.get(r.metric, 1.0)
        lo, hi = _bounds(str(r.reported))
        y = min(max(r.sim_q50, lo), hi)
        v = ((math.log(r.sim_q95 + f) - math.log(max(r.sim_q05, 0.0) + f)) / (2 * Z90)) ** 2
        rows.append({"family": FAMILIES.get(r.metric, r.metric), "h": 1.0, "v": v,
                     "r": math.log(max(y, 0.0) + f) - math.log(max(r.sim_q50, 0.0) + f)})
    return pd.DataFrame(rows, columns=["family", "h", "v", "r"])


def _bounds(reported: str) -> tuple[float, float]:
    """A fit table's `reported` text ('123', '>= 5', '<= 9', '30-40') as (low, high)."""
    text = reported.replace(",", "").strip()
    if text.startswith(">="):
        return float(text[2:]), math.inf
    if text.startswith("<="):
        return 0.0, float(text[2:])
    if "-" in text[1:]:
        a, b = text[0] + text[1:].split("-", 1)[0], text[1:].split("-", 1)[1]
        return float(a), float(b)
    return float(text), float(text)


def from_calibration(folder: str | Path) -> dict[str, Any]:
    """The in-sample floor of a calibration folder (its fit.csv)."""
    fit = pd.read_csv(Path(folder) / "fit.csv", dtype={"reported": str})
    res = in_sample(fit)
    return {"sigma_per_sqrt_day": scales(res), "residuals": int(len(res)),
            "source": f"in-sample fit of {Path(folder) / 'fit.csv'} (a floor)"}


def read(path: str | Path) -> dict[str, Any]:
    """A discrepancy.json (a backtest's, or written by hand with the same keys)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except ValueError as exc:  # not JSON, or not UTF-8
        raise ValueError(f"{path}: not a discrepancy.json (JSON): {exc}") from None
    sig = data.get("sigma_per_sqrt_day") if isinstance(data, dict) else None
    if not isinstance(sig, dict) or not all(isinstance(v, int | float) and 0 <= v < math.inf
                                            for v in sig.values()):
        raise ValueError(f"{path}: sigma_per_sqrt_day: must map families to finite numbers "
                         f">= 0, got {sig!r}")
    return data


def apply(values: np.ndarray, keys: tuple, dates: pd.DatetimeIndex, first: pd.Timestamp,
          sigmas: dict[str, float], rng: np.random.Generator,
          max_horizon: float | None = None) -> np.ndarray:
    """Members' series (member x date x series) times their error: one z per member, place and
    family, the scale growing with the days after `first` - 1 (the cut-off) up to
    `max_horizon` (the longest horizon its residuals measured; beyond it the scale stays);
    days up to the cut-off keep their modelled values. Running totals are summed again from
    their daily series, so a total's past stays as it was modelled."""
    out = values.astype(float, copy=True)
    groups: dict[tuple[str, str, str], int] = {}
    for kind, id_, metric in keys:
        family = SERIES_FAMILIES.get(metric)
        if family is not None:
            groups.setdefault((kind, id_, family), len(groups))
    z = rng.standard_normal((values.shape[0], len(groups)))
    ahead = np.maximum(0, (dates - first).days.to_numpy() + 1)
    held = np.minimum(ahead, max_horizon) if max_horizon else ahead  # not beyond what was measured
    root = np.sqrt(np.maximum(1, held)) * (ahead > 0)
    for j, (kind, id_, metric) in enumerate(keys):
        family = SERIES_FAMILIES.get(metric)
        if family is None:
            continue
        sigma = sigma_of(sigmas, family)
        g = groups[(kind, id_, family)]
        out[:, :, j] *= np.exp(sigma * root[None, :] * z[:, g, None])
    index = {key: j for j, key in enumerate(keys)}
    for j, (kind, id_, metric) in enumerate(keys):
        daily = index.get((kind, id_, CUMULATIVE.get(metric, "")))
        if daily is not None:
            out[:, :, j] = np.cumsum(out[:, :, daily], axis=1)
    return out.astype(values.dtype)
