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

A scale fits one band, and reports' errors are not normal: most fall near the model's median and
a few far from it, so a band whose 90% holds 90% of reports holds more than half of them in its
50%. The band's shape is therefore recalibrated too (Kuleshov, Fenner and Ermon 2018, "Accurate
uncertainties for deep learning using calibrated regression", ICML), symmetrically about the
median so that no bias learned in the backtest's days is carried forward: each out-of-sample
report's depth d = |2 PIT - 1| is the smallest central level of the members (with their error)
that holds it, and the band a forecast calls central level c is the members' central level
g(c), the c-quantile of the family's depths (`central_levels`). g narrows a band whose centre
held too many reports and widens one (up to the members' range) that held too few. A family
with fewer than MIN_DEPTHS depths keeps its band (g(c) = c): a pooled map would narrow the waits,
whose reports fall outside more often than the others'. Beyond the longest horizon the backtest
measured, H, a map's narrowing fades as H / h (no backtest showed a band may be that confident so
far ahead), and its widening stays.
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
MIN_DEPTHS = 20  # out-of-sample point reports a family needs before its band's shape is mapped
LEVELS = np.linspace(0.0, 1.0, 21)  # the central levels c at which g(c) is kept
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


def depth(members: np.ndarray, y_low: float, y_high: float) -> float:
    """|2 PIT - 1| of a point report among the members (ties count half): the smallest central
    level of theirs that holds it. NaN for a bound or a range, which has no one PIT."""
    x = members[~np.isnan(members)]
    if y_low != y_high or not len(x):
        return math.nan
    pit = ((x < y_low).sum() + 0.5 * (x == y_low).sum()) / len(x)
    return float(abs(2.0 * pit - 1.0))


def central_levels(depths: pd.DataFrame) -> dict[str, list[float]]:
    """g per family (its values at LEVELS) from rows `family, d`; a family with fewer than
    MIN_DEPTHS point reports has none (it keeps its band)."""
    out = {}
    for family, group in depths.dropna(subset=["d"]).groupby("family"):
        if len(group) >= MIN_DEPTHS:
            g = np.quantile(group["d"].to_numpy(dtype=float), LEVELS)
            g[0], g[-1] = 0.0, 1.0  # the median stays the median, the range the range
            out[str(family)] = [round(float(v), 6) for v in g]
    return out


def band_levels(g: list[float] | None, levels: Any) -> np.ndarray:
    """The members' quantile levels that a forecast's quantile levels take under the map g
    (the levels themselves without one)."""
    q = np.asarray(levels, dtype=float)
    if g is None:
        return q
    return 0.5 + np.sign(q - 0.5) * np.interp(np.abs(2.0 * q - 1.0), LEVELS, g) / 2.0


def reshape_band(values: np.ndarray, g: list[float]) -> np.ndarray:
    """Members (axis 0) moved so that their quantile at each level p is the old one at
    `band_levels(g, p)`: each member keeps its rank, and so its path across days and series,
    and takes the value found at its mapped level. A NaN (no figure) stays NaN."""
    ordered = np.sort(values, axis=0)  # NaN last
    valid = (~np.isnan(values)).sum(axis=0)
    rank = np.argsort(np.argsort(values, axis=0, kind="stable"), axis=0, kind="stable")
    last = np.maximum(valid - 1, 0)
    pos = band_levels(g, np.clip(rank / np.maximum(last, 1), 0.0, 1.0)) * last
    low = np.minimum(np.floor(pos).astype(int), last)
    high = np.minimum(low + 1, last)
    a = np.take_along_axis(ordered, low, axis=0)
    b = np.take_along_axis(ordered, high, axis=0)
    return np.where(np.isnan(values), values, a + (pos - low) * (b - a))


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
    levels = data.get("central_levels", {})
    if not isinstance(levels, dict):
        raise ValueError(f"{path}: central_levels: must map families to band maps, "
                         f"got {levels!r}")
    for family, g in levels.items():
        if family not in set(SERIES_FAMILIES.values()):
            raise ValueError(f"{path}: central_levels: must name families of metrics "
                             f"({', '.join(sorted(set(SERIES_FAMILIES.values())))}), "
                             f"got {family!r}")
        if not _a_map(g):
            raise ValueError(f"{path}: central_levels.{family}: must be {len(LEVELS)} numbers "
                             f"rising from 0 to 1, got {g!r}")
    return data


def _reshape_days(series: np.ndarray, g: list[float], ahead: np.ndarray,
                  max_horizon: float | None) -> None:
    """Reshape a series' band (member x date, in place) after the cut-off: by g up to the
    longest horizon measured, H; at h days ahead beyond it, where g narrows the band, by
    c + (g(c) - c) H / h (no backtest measured how confident a band may be that far ahead, so
    its narrowing fades with the days, without a jump), and where g widens, by g."""
    near = (ahead > 0) & (ahead <= (max_horizon or np.inf))
    series[:, near] = reshape_band(series[:, near], g)
    for day in np.flatnonzero(ahead > (max_horizon or np.inf)):
        faded = LEVELS + (np.asarray(g) - LEVELS) * max_horizon / ahead[day]
        series[:, day] = reshape_band(series[:, day], list(np.maximum(g, faded)))


def _a_map(g: Any) -> bool:
    """Whether g is a band map: len(LEVELS) non-decreasing numbers from 0 to 1."""
    if not isinstance(g, list) or len(g) != len(LEVELS):
        return False
    if not all(isinstance(v, int | float) and not isinstance(v, bool) and 0 <= v <= 1
               for v in g):
        return False
    return g[0] == 0 and g[-1] == 1 and all(b >= a for a, b in zip(g, g[1:], strict=False))


def apply(values: np.ndarray, keys: tuple, dates: pd.DatetimeIndex, first: pd.Timestamp,
          sigmas: dict[str, float], rng: np.random.Generator,
          max_horizon: float | None = None,
          levels: dict[str, list[float]] | None = None) -> np.ndarray:
    """Members' series (member x date x series) times their error: one z per member, place and
    family, the scale growing with the days after `first` - 1 (the cut-off) up to
    `max_horizon` (the longest horizon its residuals measured; beyond it the scale stays);
    then each family's band reshaped by its map in `levels` (`central_levels`; beyond
    `max_horizon` its narrowing fades). Days up to the cut-off keep their modelled values.
    Running totals are summed again from their daily series, so a total's past stays as it
    was modelled."""
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
        out[:, :, j] *= np.exp(sigma_of(sigmas, family) * root[None, :]
                               * z[:, groups[(kind, id_, family)], None])
        g = (levels or {}).get(family)
        if g is not None:
            _reshape_days(out[:, :, j], g, ahead, max_horizon)
    index = {key: j for j, key in enumerate(keys)}
    for j, (kind, id_, metric) in enumerate(keys):
        daily = index.get((kind, id_, CUMULATIVE.get(metric, "")))
        if daily is not None:
            out[:, :, j] = np.cumsum(out[:, :, daily], axis=1)
    return out.astype(values.dtype)
