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

