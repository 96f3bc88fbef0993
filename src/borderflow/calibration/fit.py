"""The fit table: each observation beside the posterior's simulated median and 90% interval."""

from __future__ import annotations

import numpy as np
import pandas as pd

from borderflow.observations.targets import Target
from borderflow.results.quantiles import weighted_quantiles


def fit_table(targets: tuple[Target, ...], obs: pd.DataFrame, figures: np.ndarray,
              weights: np.ndarray) -> pd.DataFrame:
    """Each observation beside the posterior's simulated median and 90% interval."""
    q05, q50, q95 = weighted_quantiles(figures, weights, (0.05, 0.5, 0.95))
    rows = []
    for i, t in enumerate(targets):
        r = obs.iloc[i]
        inside = t.meets(q05[i], q95[i])
        rows.append({
            "line": t.line, "metric": t.metric, "place": r["place"], "crossing": r["crossing"],
            "date_from": t.date_from.date(), "date_to": t.date_to.date(),
            "reported": t.reported(), "aimed_at": t.aimed_at(), "trust": r["trust"],
            "note_bound": r["note_bound"], "weight": t.weight,
            "sim_q05": q05[i], "sim_q50": q50[i], "sim_q95": q95[i],
            "rel_error": q50[i] / t.point() - 1 if t.point() else np.nan,
            "inside_90": inside,
        })
    return pd.DataFrame(rows)



def identification(names: tuple[str, ...], dists: tuple[str, ...], a: np.ndarray,
                   b: np.ndarray, z: np.ndarray, weights: np.ndarray) -> pd.DataFrame:
    """How far the data narrowed each parameter: its posterior sd over its prior sd, on the
    prior's natural scale (log for a log-uniform prior). Near 1: the reports did not inform it
    (its prior carries into the forecast's band); near 0: they fixed it."""
    w = weights / weights.sum()
    prior_sd = np.where(np.array([d == "normal" for d in dists]), b, (b - a) / np.sqrt(12.0))
    mean = w @ z
    post_sd = np.sqrt(np.maximum(0.0, w @ (z - mean) ** 2))
    return pd.DataFrame({"parameter": names, "prior": dists, "prior_sd": prior_sd,
                         "posterior_sd": post_sd, "narrowed_to": post_sd / prior_sd})


def moving_together(names: tuple[str, ...], z: np.ndarray, weights: np.ndarray,
                    threshold: float = 0.5) -> list[dict[str, float | str]]:
    """Pairs of parameters whose posterior correlation is at least `threshold` in size, largest
    first: the reports weigh their combination, not each one."""
    w = weights / weights.sum()
    centred = z - w @ z
    cov = (centred * w[:, None]).T @ centred
    sd = np.sqrt(np.diag(cov))
    with np.errstate(invalid="ignore", divide="ignore"):
        corr = cov / np.outer(sd, sd)
    pairs = [{"a": names[i], "b": names[j], "correlation": round(float(corr[i, j]), 3)}
             for i in range(len(names)) for j in range(i + 1, len(names))
             if np.isfinite(corr[i, j]) and abs(corr[i, j]) >= threshold]
    return sorted(pairs, key=lambda p: -abs(float(p["correlation"])))
