"""Quantiles of an ensemble: the five every output reports, over members or weighted particles."""

from __future__ import annotations

import warnings

import numpy as np

QUANTILES: tuple[float, ...] = (0.05, 0.25, 0.5, 0.75, 0.95)
QCOLS: tuple[str, ...] = tuple(f"q{round(q * 100):02d}" for q in QUANTILES)


def member_quantiles(x: np.ndarray) -> np.ndarray:
    """Quantiles over members (axis 0) of the members that have a figure (np.nanquantile's
    numbers), and NaN where most members have none: a wait on a day when in most futures no
    one crossed (a closed crossing) is no wait, not the wait of the few who did. numpy takes
    its slow path (one column at a time) only for the columns that hold a NaN."""
    out = np.full((len(QUANTILES),) + x.shape[1:], np.nan)
    missing = np.isnan(x).sum(axis=0)
    nan = missing > 0
    out[:, ~nan] = np.quantile(x[:, ~nan], QUANTILES, axis=0)
    most = nan & (2 * missing <= x.shape[0])  # at least half the members have a figure
    if most.any():
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            out[:, most] = np.nanquantile(x[:, most], QUANTILES, axis=0)
    return out


def weighted_quantiles(x: np.ndarray, w: np.ndarray, qs: tuple[float, ...]) -> np.ndarray:
    """Quantiles of x (n, k) along axis 0 with weights w (n)."""
    order = np.argsort(x, axis=0, kind="stable")
    xs = np.take_along_axis(x, order, axis=0)
    cw = np.cumsum(w[order], axis=0)
    cw = (cw - 0.5 * w[order]) / w.sum()
    return np.array([[np.interp(q, cw[:, j], xs[:, j]) for j in range(x.shape[1])] for q in qs])
