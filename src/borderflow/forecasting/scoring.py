"""Score a forecast against reported figures: per observation and in total.

Each observation's figure is extracted from every member with the calibration's rule
(`observations/targets.py`), so a multi-day sum is the quantile of the members' sums, never a sum of
quantiles. Per observation: error (median - reported), log error (log((median + f) /
(reported + f))), inside the 90% band (q05..q95 meets the reported value or interval). Totals:
share inside the band, mean |log error|, and Flee's averaged relative difference (ARD) on the
split between destinations: for each day (or period) with entries reported for two or more
destinations, sum_d |s_d x O/S - o_d| / O (medians s rescaled to the observed total O), averaged
over the days.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from borderflow.observations.load import load_observations
from borderflow.observations.targets import FLOOR, DailySeries, build_targets, figures, select
from borderflow.results.artifacts import forecast_scenario, read_forecast_nc


def member_series_of(forecast_dir: Path, scenario: Any) -> tuple[DailySeries, dict[str, Any]]:
    """A forecast folder's members as the daily series targets read, and their parameters."""
    da = read_forecast_nc(forecast_dir)
    keys = zip(da["kind"].values.astype(str), da["id"].values.astype(str),
               da["metric"].values.astype(str), strict=True)
    values = np.asarray(da.values, dtype=float)
    data = {key: values[:, :, j] for j, key in enumerate(keys)}
    params: dict[str, Any] = dict(scenario.parameters)
    params.update({str(c): da[c].values for c in da.coords if da[c].dims == ("member",)})
    dates = pd.DatetimeIndex(pd.to_datetime(da["date"].values))
    seeds = da["seed"].values
    return DailySeries(scenario.start.tz_localize(None), dates, data, seeds), params


def score(forecast_dir: str | Path, observations: str | Path) -> tuple[pd.DataFrame, dict]:
    """Per-observation table and totals of a forecast against reported figures."""
    forecast_dir = Path(forecast_dir)
    scenario = forecast_scenario(forecast_dir)
    obs = select(load_observations(observations, scenario), None)  # exits are not modelled
    series, params = member_series_of(forecast_dir, scenario)
    inside_run = obs["date_to"] <= series.dates.max()
    obs = obs[inside_run].reset_index(drop=True)
    rows = []
    targets = build_targets(scenario, obs)
    for t, sims, (_, r) in zip(targets, figures(targets, series, params), obs.iterrows(),
                               strict=True):
        q05, q50, q95 = np.quantile(sims, (0.05, 0.5, 0.95))
        f, point = FLOOR.get(t.metric, 1.0), t.point()
        rows.append({
            "line": t.line, "metric": t.metric, "place": r["place"], "crossing": r["crossing"],
            "date_from": t.date_from.date(), "date_to": t.date_to.date(),
            "reported": t.reported(), "point": point, "q05": q05, "q50": q50, "q95": q95,
            "error": q50 - point, "log_error": float(np.log((q50 + f) / (point + f))),
            "inside_90": t.meets(q05, q95),
        })
    table = pd.DataFrame(rows)
    return table, totals(table, int((~inside_run).sum()))


def totals(table: pd.DataFrame, not_covered: int = 0) -> dict[str, Any]:
    if table.empty:
        return {"observations": 0, "not_covered": not_covered}
    ard, days = ard_split(table)
    return {
        "observations": int(len(table)), "not_covered": not_covered,
        "inside_90": int(table["inside_90"].sum()),
        "share_inside_90": float(table["inside_90"].mean()),
        "mean_abs_log_error": float(table["log_error"].abs().mean()),
        "median_abs_log_error": float(table["log_error"].abs().median()),
        "ard_split": ard, "ard_days": days,
    }


def ard_split(table: pd.DataFrame) -> tuple[float, int]:
    """Flee's averaged relative difference on the split between destinations."""
    ent = table[table["metric"].isin(["daily_entries", "cumulative_entries"])
                & (table["crossing"].fillna("") == "") & (table["place"] != "all")]
    out = []
    for _, g in ent.groupby(["metric", "date_from", "date_to"]):
        g = g.groupby("place")[["point", "q50"]].mean()
        if len(g) < 2 or g["point"].sum() <= 0 or g["q50"].sum() <= 0:
            continue
        o, s = g["point"].sum(), g["q50"].sum()
        out.append(float(np.abs(g["q50"] * o / s - g["point"]).sum() / o))
    return (float(np.mean(out)) if out else float("nan")), len(out)


def format_score(table: pd.DataFrame, tot: dict[str, Any]) -> str:
    """Plain-text report: one line per observation, then the totals."""
    lines = [f"{'line':>4} {'observation':<54} {'reported':>12} {'median':>10} {'error':>10} "
             f"{'log err':>8} {'in 90%':>6}"]
    for r in table.itertuples():
        what = f"{r.metric} {r.place} {r.crossing} {r.date_from}..{r.date_to}"[:54]
        lines.append(f"{r.line:>4} {what:<54} {r.reported:>12} {r.q50:>10,.4g} {r.error:>10,.4g} "
                     f"{r.log_error:>8.3f} {'yes' if r.inside_90 else 'no':>6}")
    if tot.get("observations"):
        lines.append(
            f"{tot['observations']} observations scored ({tot['not_covered']} after the horizon "
            f"skipped): {tot['inside_90']} inside the 90% band ({tot['share_inside_90']:.0%}); "
            f"mean |log error| {tot['mean_abs_log_error']:.3f}, median "
            f"{tot['median_abs_log_error']:.3f}; ARD of the split between destinations "
            f"{tot['ard_split']:.3f} over {tot['ard_days']} day(s)")
    else:
        lines.append(f"no observation within the forecast ({tot['not_covered']} after it)")
    return "\n".join(lines)
