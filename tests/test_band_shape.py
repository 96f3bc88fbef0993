"""The band's shape: a forecast's quantiles mapped to the central levels of its members that held
as many out-of-sample reports (`discrepancy.central_levels`)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from borderflow.forecasting import discrepancy
from borderflow.forecasting.backtesting import _error_without

NORMAL_50, NORMAL_90 = 0.6744897501960817, 1.6448536269514722


def depths_of(reports: np.ndarray, members: np.ndarray, family: str = "entries") -> pd.DataFrame:
    return pd.DataFrame({"family": family, "figure": range(len(reports)),
                         "d": [discrepancy.depth(members, y, y) for y in reports]})


def held(members: np.ndarray, reports: np.ndarray, central: float) -> float:
    """The share of reports inside the members' central band."""
    lo, hi = np.quantile(members, [0.5 - central / 2, 0.5 + central / 2])
    return float(np.mean((reports >= lo) & (reports <= hi)))


def test_a_band_twice_too_wide_holds_half_the_new_reports_in_its_50_percent_once_reshaped():
    """Members spread as N(0, 1) while reports fall as N(0, 0.5): their 50% band holds ~83% of
    reports. Mapped on 200 reports' depths, it holds ~50% of 4,000 new ones, and 90% ~90%."""
    rng = np.random.default_rng(0)
    members = rng.standard_normal(2000)
    past, new = rng.normal(0, 0.5, 200), rng.normal(0, 0.5, 4000)
    assert held(members, new, 0.5) > 0.8
    g = discrepancy.central_levels(depths_of(past, members))["entries"]
    reshaped = discrepancy.reshape_band(members[:, None], g)[:, 0]
    assert held(reshaped, new, 0.5) == pytest.approx(0.5, abs=0.05)
    assert held(reshaped, new, 0.9) == pytest.approx(0.9, abs=0.04)
    assert np.median(reshaped) == pytest.approx(np.median(members), abs=0.02)


def test_a_band_too_narrow_is_widened_up_to_the_members_range():
    rng = np.random.default_rng(1)
    members = rng.standard_normal(2000)
    g = discrepancy.central_levels(depths_of(rng.normal(0, 2, 200), members))["entries"]
    reshaped = discrepancy.reshape_band(members[:, None], g)[:, 0]
    assert np.ptp(np.quantile(reshaped, [0.25, 0.75])) > 1.5 * np.ptp(
        np.quantile(members, [0.25, 0.75]))
    assert reshaped.min() >= members.min() and reshaped.max() <= members.max()


def test_a_family_with_too_few_point_reports_keeps_its_band():
    members = np.arange(100.0)
    few = depths_of(np.full(discrepancy.MIN_DEPTHS - 1, 50.0), members, "wait")
    bounds = pd.DataFrame({"family": "wait", "figure": range(50), "d": np.nan})
    assert discrepancy.central_levels(pd.concat([few, bounds])) == {}
    enough = depths_of(np.full(discrepancy.MIN_DEPTHS, 50.0), members, "wait")
    assert set(discrepancy.central_levels(enough)) == {"wait"}
    assert list(discrepancy.band_levels(None, [0.05, 0.5, 0.95])) == [0.05, 0.5, 0.95]


def test_reshaping_keeps_each_members_rank_its_median_and_a_missing_figure():
    rng = np.random.default_rng(2)
    values = rng.lognormal(5, 1, (201, 7, 3))
    values[::10, 2, 1] = np.nan
    g = list(np.sqrt(discrepancy.LEVELS))  # a map that widens
    out = discrepancy.reshape_band(values, g)
    assert np.array_equal(np.isnan(out), np.isnan(values))
    ok = ~np.isnan(values[:, 2, 1])
    assert np.array_equal(np.argsort(out[ok, 2, 1]), np.argsort(values[ok, 2, 1]))
    assert np.allclose(np.median(out[:, 0, 0]), np.median(values[:, 0, 0]))
    assert not np.allclose(out, values, equal_nan=True)


def test_the_forecast_band_is_reshaped_after_the_cutoff_and_totals_summed_again():
    dates = pd.date_range("2022-09-21", periods=8)
    keys = (("destination", "Georgia", "cumulative_entries"),
            ("destination", "Georgia", "daily_entries"), ("crossing", "x", "wait_hours"))
    rng = np.random.default_rng(3)
    daily = rng.lognormal(8, 0.5, (300, 8))
    values = np.stack([np.cumsum(daily, axis=1), daily, rng.lognormal(2, 1, (300, 8))], axis=2)
    first = pd.Timestamp("2022-09-25")
    narrow = {"entries": [float(c) ** 2 for c in discrepancy.LEVELS]}  # narrows the centre
    out = discrepancy.apply(values, keys, dates, first, {}, np.random.default_rng(0),
                            levels=narrow)
    assert np.array_equal(out[:, :4], values[:, :4])
    q = lambda x: np.ptp(np.quantile(x, [0.25, 0.75]))  # noqa: E731
    assert q(out[:, 5, 1]) < 0.6 * q(values[:, 5, 1])  # now the members' central 25%
    assert np.array_equal(out[:, :, 2], values[:, :, 2])  # the waits have no map here
    assert np.allclose(out[:, :, 0], np.cumsum(out[:, :, 1], axis=1))


def test_a_reports_own_depth_and_residual_never_shape_its_own_band():
    """The error a report is scored with is estimated without its figure (at any cut-off): a
    change to its own residual or depth changes nothing, another figure's does."""
    rng = np.random.default_rng(4)
    residuals = pd.DataFrame({"figure": np.arange(30) % 15, "family": "entries", "h": 1.0,
                              "v": 0.0, "r": rng.normal(0, 0.3, 30)})
    depths = pd.DataFrame({"figure": np.arange(30) % 15, "family": "entries",
                           "d": np.linspace(0, 0.3, 30)})
    base = _error_without(0, residuals, depths, 5)
    own = residuals["figure"] == 0
    assert _error_without(0, residuals.assign(r=np.where(own, 9.0, residuals["r"])),
                          depths.assign(d=np.where(own, 1.0, depths["d"])), 5) == base
    other = residuals["figure"] == 1
    assert _error_without(0, residuals, depths.assign(d=np.where(other, 1.0, depths["d"])),
                          5) != base
    assert _error_without(0, residuals.assign(r=np.where(other, 9.0, residuals["r"])),
                          depths, 5) != base


def test_beyond_the_horizons_measured_a_narrowing_fades_and_a_widening_stays():
    dates = pd.date_range("2022-09-21", periods=12)
    keys = (("destination", "Georgia", "daily_entries"),)
    values = np.random.default_rng(5).lognormal(8, 0.5, (400, 12, 1))
    first = pd.Timestamp("2022-09-22")  # day d is d ahead
    iqr = lambda x, d: np.ptp(np.quantile(x[:, d, 0], [0.25, 0.75]))  # noqa: E731
    narrow = {"entries": [float(c) ** 2 for c in discrepancy.LEVELS]}
    out = discrepancy.apply(values, keys, dates, first, {}, np.random.default_rng(0), 2, narrow)
    ratio = {d: iqr(out, d) / iqr(values, d) for d in range(1, 12)}
    assert ratio[1] < 0.6 and ratio[2] < 0.6  # measured
    assert ratio[3] < 0.75 and ratio[4] < 0.75  # just beyond: close to day 2, no jump
    assert ratio[3] < ratio[11] and 0.8 < ratio[11] < 1.0  # fading out
    wide = {"entries": [float(c) ** 0.5 for c in discrepancy.LEVELS]}
    out = discrepancy.apply(values, keys, dates, first, {}, np.random.default_rng(0), 2, wide)
    assert iqr(out, 2) > 1.3 * iqr(values, 2) and iqr(out, 9) > 1.3 * iqr(values, 9)
