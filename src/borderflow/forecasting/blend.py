"""A blend of the model (with its error) and the naive baseline, scored in the backtest.

The blend averages the two forecasters' quantiles, q = w x model + (1 - w) x baseline (quantile
averaging, as the Forecast Hub's ensembles do), with one weight w per horizon band. The weight
for a report at one cut-off is chosen on the other cut-offs' reports of other figures only (the
same report seen from a neighbouring cut-off is left out too), so the blend's scores are out of
sample like the others. It is the weight with the least mean WIS, each report's WIS divided by
the size of its figure (so that km, hours and people weigh alike).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from borderflow.forecasting import skill
from borderflow.observations.targets import FLOOR, report_bounds
from borderflow.results.quantiles import QCOLS

GRID = np.round(np.linspace(0.0, 1.0, 11), 2)  # candidate weights of the model
KEY = ["cutoff", "line"]


def blend_rows(table: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, float]]:
    """Rows of forecaster `blend` for every report that both `model+error` and `baseline`
    scored, and the weight per horizon band chosen on every cut-off (for the record)."""
    model = table[table["forecaster"] == "model+error"].set_index(KEY)
    base = table[table["forecaster"] == "baseline"].set_index(KEY)
    common = model.index.intersection(base.index)
    if common.empty:
        return table.iloc[:0], {}
    model, base = model.loc[common], base.loc[common]
    bounds = [report_bounds(r.value, r.low, r.high) for r in model.itertuples()]
    floors = model["metric"].map(lambda m: FLOOR.get(m, 1.0)).to_numpy()
    qm, qb = _quantiles(model), _quantiles(base)
    cost = np.array([[_scaled_wis(m, b, w, lo, hi, f) for w in GRID]
                     for m, b, (lo, hi), f in zip(qm, qb, bounds, floors, strict=True)])
    bands = model["horizon"].map(skill.horizon_band).to_numpy()
    cutoffs = model.index.get_level_values("cutoff").to_numpy()
    lines = model.index.get_level_values("line").to_numpy()
    rows = []
    for i, (key, row) in enumerate(model.iterrows()):
        # other cut-offs' reports, never this one (seen from a neighbouring cut-off)
        others = (bands == bands[i]) & (cutoffs != cutoffs[i]) & (lines != lines[i])
        w = _best(cost[others]) if others.any() else 1.0
        q = _mix(qm[i], qb[i], w)
        rows.append({**row.to_dict(), "cutoff": key[0], "line": key[1], "forecaster": "blend",
                     **q, **skill.scores(q, *bounds[i], floors[i]), "blend_weight": w})
    chosen = {band: _best(cost[bands == band]) for band in sorted(set(bands))}
    columns = [*(c for c in table.columns if c != "blend_weight"), "blend_weight"]
    return pd.DataFrame(rows, columns=columns), chosen


def _best(cost: np.ndarray) -> float:
    """The grid weight with the least mean cost over the reports every weight could score (the
    model's own, 1.0, wins ties and an empty choice)."""
    cost = cost[np.isfinite(cost).all(axis=1)]
    if not len(cost):
        return 1.0
    mean = cost.mean(axis=0)
    return float(GRID[len(GRID) - 1 - int(np.argmin(mean[::-1]))])


def _quantiles(rows: pd.DataFrame) -> list[dict[str, float]]:
    return [dict(zip(QCOLS, values, strict=True)) for values in rows[list(QCOLS)].to_numpy()]


def _mix(model: dict[str, float], base: dict[str, float], w: float) -> dict[str, float]:
    return {c: w * model[c] + (1.0 - w) * base[c] for c in QCOLS}


def _scaled_wis(model: dict[str, float], base: dict[str, float], w: float, lo: float,
                hi: float, floor: float) -> float:
    size = max(lo if np.isinf(hi) else (lo + hi) / 2, floor)
    return skill.wis(_mix(model, base, w), lo, hi) / size

