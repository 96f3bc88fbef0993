"""Forecast skill on figures a forecast has not seen: interval scores, the weighted interval
score, coverage, and a naive baseline to compare with.

The weighted interval score (WIS) is the COVID-19 Forecast Hub's (Bracher et al. 2021, PLoS
Comput Biol 17: e1008618): with the median m and the central (1 - alpha) intervals [l, u],

    WIS = (|y - m| / 2 + sum_k alpha_k / 2 * IS_alpha_k) / (K + 1/2),
    IS_alpha = (u - l) + 2 / alpha * (l - y) [y < l] + 2 / alpha * (y - u) [y > u].

borderflow's quantiles (q05, q25, q50, q75, q95) give the 50% and 90% intervals (K = 2). A
report that is a bound or a range ("more than 3,000") is scored as the interval [a, b] it
states: y is the point of [a, b] nearest to each quantity it is compared with, so a forecast
that meets the bound is not penalised for where inside it falls.

The baseline is the Forecast Hub's: each series' last reported figure (as a daily rate) carried
forward, with a log-normal band whose spread grows with the square root of the horizon from the
series' own past day-to-day changes (pooled over the series of the same metric when a series has
fewer than two changes).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from borderflow.results.quantiles import QCOLS, QUANTILES

ALPHAS = (0.5, 0.1)  # the central intervals q25-q75 and q05-q95
FAMILIES = {  # observation metric -> family (errors alike: one discrepancy scale, one baseline)
    "daily_entries": "entries", "cumulative_entries": "entries", "daily_vehicles": "entries",
    "queue_vehicles": "queue", "queue_km": "queue", "wait_hours": "wait",
    "cumulative_departures": "national", "call_ups": "national",
    "daily_exits": "exits", "cumulative_exits": "exits",
}
PER_DAY = ("cumulative_entries", "cumulative_departures", "call_ups", "cumulative_exits")
Z90 = 1.6448536269514722  # the standard normal's 95th percentile: a 90% band's half-width
Z50 = 0.6744897501960817  # its 75th: a 50% band's half-width
_Z_OF_Q = {0.05: -Z90, 0.25: -Z50, 0.5: 0.0, 0.75: Z50, 0.95: Z90}


def scores(q: dict[str, float], y_low: float, y_high: float, floor: float) -> dict[str, Any]:
    """A forecast's scores for one report, given its quantiles and the report's [y_low, y_high]."""
    return {"inside_50": covers(q["q25"], q["q75"], y_low, y_high),
            "inside_90": covers(q["q05"], q["q95"], y_low, y_high),
            "log_error": log_error(q["q50"], y_low, y_high, floor),
            "interval_score_90": interval_score(q["q05"], q["q95"], 0.1, y_low, y_high),
            "wis": wis(q, y_low, y_high),  # a bound or range has no one PIT value
            "pit": pit(q, nearest(y_low, y_high, q["q50"])) if y_low == y_high else np.nan}


def horizon_band(h: int) -> str:
    """Horizons grouped as a reader asks: reports about the past, 1-2, 3-4, 5-7, 8+ days."""
    if h <= 0:
        return "<=0"
    for top, label in ((2, "1-2"), (4, "3-4"), (7, "5-7")):
        if h <= top:
            return label
    return "8+"


def nearest(y_low: float, y_high: float, x: float) -> float:
    """The point of the reported interval [y_low, y_high] nearest to x."""
    return min(max(x, y_low), y_high)


def interval_score(low: float, high: float, alpha: float, y_low: float, y_high: float) -> float:
    """IS_alpha of the interval [low, high] for an observation in [y_low, y_high]."""
    below = max(0.0, low - y_high)  # the whole report lies below the interval
    above = max(0.0, y_low - high)
    return (high - low) + 2.0 / alpha * (below + above)


def wis(q: dict[str, float], y_low: float, y_high: float) -> float:
    """The weighted interval score of quantiles q (QCOLS) for a report in [y_low, y_high]."""
    m = q["q50"]
    total = 0.5 * abs(m - nearest(y_low, y_high, m))
    for alpha, (lo, hi) in zip(ALPHAS, (("q25", "q75"), ("q05", "q95")), strict=True):
        total += alpha / 2.0 * interval_score(q[lo], q[hi], alpha, y_low, y_high)
    return total / (len(ALPHAS) + 0.5)


def covers(low: float, high: float, y_low: float, y_high: float) -> bool:
    """Whether the interval [low, high] meets the report [y_low, y_high]."""
    return bool(high >= y_low and low <= y_high)


def log_error(median: float, y_low: float, y_high: float, floor: float = 1.0) -> float:
    """log((median + f) / (y + f)), y the point of the report nearest the median (0 inside)."""
    y = nearest(y_low, y_high, median)
    return float(np.log((median + floor) / (y + floor)))


def pit(q: dict[str, float], y: float) -> float:
    """Where the report falls in the forecast distribution, interpolated between quantiles
    (0 below q05 ... 1 above q95): its probability integral transform, for a PIT histogram."""
    xs = [q[c] for c in QCOLS]
    if y <= xs[0]:
        return 0.0
    if y >= xs[-1]:
        return 1.0
    return float(np.interp(y, xs, QUANTILES))


# --------------------------------------------------------------------------------- the baseline
def rate(row: pd.Series) -> float:
    """A report as a daily rate (totals over a period divided by its days); stocks as they are."""
    point = row["value"] if not np.isnan(row["value"]) else np.nanmean([row["low"], row["high"]])
    if row["metric"] in PER_DAY:
        return float(point) / ((row["date_to"] - row["date_from"]).days + 1)
    return float(point)


def series_key(row: pd.Series) -> tuple[str, str, str]:
    """The series a report belongs to: what it counts (entries per day whether reported daily or
    as a total; any other metric as itself), its place and its crossings."""
    what = "entries" if row["metric"] in ("daily_entries", "cumulative_entries") else row["metric"]
    return what, row["place"], row["crossing"] or ""


def baseline_quantiles(known: pd.DataFrame, row: pd.Series, cutoff: pd.Timestamp
                       ) -> dict[str, float] | None:
    """The baseline's quantiles for `row` from the reports `known` at the cut-off, or None when
    its series was never reported."""
    key = series_key(row)
    keys = [series_key(r) for _, r in known.iterrows()]
    past = known[np.array([k == key for k in keys], dtype=bool)]
    past = past[past["value"].notna() | past["low"].notna() | past["high"].notna()]
    if past.empty:
        return None
    past = past.sort_values("date_to", kind="stable")
    rates = np.array([rate(r) for _, r in past.iterrows()])
    last = rates[-1]
    sd = daily_log_sd(past["date_to"].to_numpy(), rates)
    if sd is None:
        pool = known[np.array([k[0] == key[0] for k in keys], dtype=bool)]
        sd = pooled_log_sd(pool)
    h = max(1.0, (row["date_to"] - cutoff).days)
    days = (row["date_to"] - row["date_from"]).days + 1 if row["metric"] in PER_DAY else 1
    scale = last * days
    return {c: float(scale * math.exp(_Z_OF_Q[q] * sd * math.sqrt(h)))
            for c, q in zip(QCOLS, QUANTILES, strict=True)}


def daily_log_sd(dates: np.ndarray, rates: np.ndarray) -> float | None:
    """The sd of a series' log changes per day (each change over d days counts as d days' worth:
    its square divided by d), or None with fewer than two changes."""
    squares, gaps = _log_changes(dates, rates)
    if len(gaps) < 2:
        return None
    return float(math.sqrt(np.sum(squares) / np.sum(gaps)))


def pooled_log_sd(pool: pd.DataFrame) -> float:
    """The day-to-day log sd of every series of a family together (1.0 when none has two)."""
    sq, days = 0.0, 0.0
    keys = [series_key(r) for _, r in pool.iterrows()]
    for _, g in pool.assign(_key=[" | ".join(k) for k in keys]).groupby("_key"):
        g = g.sort_values("date_to", kind="stable")
        squares, gaps = _log_changes(g["date_to"].to_numpy(),
                                     np.array([rate(r) for _, r in g.iterrows()]))
        sq += float(np.sum(squares))
        days += float(np.sum(gaps))
    return math.sqrt(sq / days) if days > 0 else 1.0


def _log_changes(dates: np.ndarray, rates: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(squared log changes, their gaps in days) between a series' successive positive rates
    reported on different days."""
    ok = rates > 0
    dates, logs = dates[ok], np.log(rates[ok])
    gaps = np.diff(dates).astype("timedelta64[D]").astype(float)
    keep = gaps > 0
    return np.diff(logs)[keep] ** 2, gaps[keep]
