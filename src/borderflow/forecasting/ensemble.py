"""Forecast: run the posterior ensemble over the horizon and reduce it to daily quantiles.

Members are posterior particles resampled by weight, each with its own seed (SeedSequence.spawn
of the forecast's seed), run from the scenario start to the end of the horizon through an
executor's order-preserving map, so the ensemble does not depend on the executor.

Outputs (atomically): `forecast.nc` (DataArray `value`, dims member x date x series, series coords
kind/id/metric, member coords `seed` and one per fitted parameter), `forecast.csv` (date, place,
crossing, metric, q05, q25, q50, q75, q95) and `forecast.json` (cut-off, horizon, posterior,
members).
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from borderflow.engine.rng import (
    band_generator,
    discrepancy_generator,
    forecast_generator,
    member_seeds,
)
from borderflow.parameters import check_parameter, check_parameter_name, parameter_range
from borderflow.results.artifacts import (
    FORECAST_DATA,
    copy_scenario_folder,
    fingerprints,
    is_bundled,
    read_forecast_nc,
    write_forecast_nc,
    writing,
)
from borderflow.results.quantiles import QCOLS, member_quantiles

CSV_SERIES = {  # kind -> metrics written to forecast.csv
    "destination": ("daily_entries", "cumulative_entries"),
    "crossing": ("daily_entries", "cumulative_entries", "queue_vehicles", "queue_km",
                 "queue_people", "queue_people_car", "queue_people_foot", "wait_hours",
                 "wait_hours_car", "wait_hours_bus", "wait_hours_foot", "daily_vehicles",
                 "daily_turned_back", "daily_stopped", "daily_reneged"),
    "national": ("cumulative_departures", "cum_call_ups"),
}
NOT_PARAMS = ("particle", "weight", "distance", "seed")


def member_series(res: Any) -> tuple[tuple, pd.DatetimeIndex, np.ndarray]:
    """Every daily series of a run (Results.daily() rows plus cumulative entries by place), as
    (keys, dates, date x series), keys sorted. Straight from the arrays, a block at a time:
    this runs once per member."""
    from borderflow.results.daily import daily_blocks

    dates, blocks = daily_blocks(res)
    names: list[tuple[str, str, str]] = []
    columns: list[np.ndarray] = []

    def add(kind: str, ids: list, metric: str, arr: np.ndarray) -> None:
        names.extend((kind, str(i), metric) for i in ids)
        columns.append(arr)

    for kind, (ids, metrics) in blocks.items():
        for metric, arr in metrics.items():
            add(kind, ids, metric, arr)
        if kind in ("destination", "crossing"):
            add(kind, ids, "cumulative_entries", np.cumsum(metrics["daily_entries"], axis=0))
    keys, order = sorted_keys(tuple(names))
    values = np.concatenate(columns, axis=1)[:, order].astype(np.float32)
    return keys, pd.DatetimeIndex(dates), values


@lru_cache(maxsize=8)
def sorted_keys(names: tuple[tuple[str, str, str], ...]) -> tuple[tuple, np.ndarray]:
    """The keys sorted, and where each came from (the same for every member of a forecast)."""
    order = sorted(range(len(names)), key=names.__getitem__)
    return tuple(names[i] for i in order), np.array(order, dtype=np.int64)


def run_member(scenario: Any, days: float, item: tuple[dict[str, float], int]
               ) -> tuple[tuple, pd.DatetimeIndex, np.ndarray]:
    """One member: (params, seed) -> its daily series. Top level, so executors can pickle it."""
    from borderflow.engine.sim import simulate

    params, seed = item
    return member_series(simulate(scenario, seed=int(seed), days=days, params=params))


def read_posterior(path: str | Path, scenario: Any) -> pd.DataFrame:
    """DIR/posterior.csv of a calibration (or the file itself), its columns `scenario`'s
    parameters and its values inside their ranges (ValueError naming the line and column)."""
    path = Path(path)
    file = path / "posterior.csv" if path.is_dir() else path
    if not file.exists():
        raise ValueError(f"{path}: no posterior.csv (run borderflow calibrate first)")
    try:
        post = pd.read_csv(file)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise ValueError(f"{file}: cannot read: {exc}") from None
    if "weight" not in post.columns:
        raise ValueError(f"{file}: no weight column")
    weights = pd.to_numeric(post["weight"], errors="coerce")
    bad = ~np.isfinite(weights) | (weights < 0)
    if bad.any() or weights.sum() <= 0:
        line = int(np.flatnonzero(bad)[0]) + 2 if bad.any() else 2
        raise ValueError(f"{file}:{line}: weight: must be finite numbers >= 0, not all 0")
    for name in (c for c in post.columns if c not in NOT_PARAMS):
        try:
            check_parameter_name(scenario, name)
        except KeyError as exc:
            raise ValueError(f"{file}: column {name!r}: {exc.args[0]}") from None
        for line, value in enumerate(post[name], start=2):
            try:
                check_parameter(name, value)
            except ValueError as exc:
                raise ValueError(f"{file}:{line}: {exc}") from None
    return post


def draw_members(post: pd.DataFrame, members: int, seed: int, band: tuple = ()
                 ) -> tuple[list[dict], np.ndarray]:
    """Particles resampled by weight (systematic), each with its draw of the priors left to the
    band (`band`, priors with `fit = false`), and one seed per member (spawned)."""
    rng = forecast_generator(seed)
    w = post["weight"].to_numpy(dtype=float)
    cum = np.cumsum(w / w.sum())
    idx = np.minimum(np.searchsorted(cum, (rng.uniform() + np.arange(members)) / members),
                     len(w) - 1)
    names = [c for c in post.columns if c not in NOT_PARAMS]
    columns = [post[n].to_numpy(dtype=float)[idx].tolist() for n in names]
    params = [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]
    if band:
        rng = band_generator(seed)
        for p in params:
            p.update({prior.name: draw_prior(prior, rng) for prior in band})
    return params, member_seeds(seed, members)


def draw_prior(prior: Any, rng: np.random.Generator) -> float:
    """One draw of a prior (a normal one cut at its parameter's range, by drawing again);
    exp and log from the C library, number by number, as everywhere a draw depends on them."""
    if prior.dist == "uniform":
        return float(prior.low + (prior.high - prior.low) * rng.random())
    if prior.dist == "loguniform":
        lo, hi = math.log(prior.low), math.log(prior.high)
        return math.exp(lo + (hi - lo) * rng.random())
    low, high = parameter_range(prior.name)
    while True:
        value = float(prior.low + prior.high * rng.standard_normal())
        if low <= value <= high:
            return value


@dataclass(frozen=True)
class Members:
    """A forecast's members, run: their parameters and seeds, and their daily series."""

    first: pd.Timestamp  # the first forecast day
    end: pd.Timestamp  # the last
    seed: int
    params: list[dict[str, float]]
    seeds: np.ndarray
    keys: tuple  # (kind, id, metric) of each series
    dates: pd.DatetimeIndex
    values: np.ndarray  # member x date x series
    started: float  # time.perf_counter() when the forecast started


def forecast(scenario: Any, posterior: str | Path, start: str, days: int, out: str | Path,
             members: int = 200, seed: int = 0, executor: Any = None,
             progress: Callable[[str, int], Callable[[int], None]] | None = None,
             error: dict[str, Any] | str | None = "auto") -> dict[str, Any]:
    """Run `members` posterior members from the scenario start to `start` + `days` - 1 and write
    forecast.nc, forecast.csv and forecast.json into `out`. Returns the manifest.

    `error` is the model's error against reports added to the band (`discrepancy`): "auto" (a
    discrepancy.json in the posterior folder, else in the scenario folder, else the calibration
    fit's in-sample floor), a discrepancy.json's path, its contents, or None for the ensemble as
    it runs."""
    runs = run_members(scenario, posterior, start, days, members, seed, executor, progress)
    return write_forecast_files(scenario, posterior, runs, out, error)


def model_error(scenario: Any, posterior: str | Path, error: dict[str, Any] | str | Path | None
                ) -> dict[str, Any] | None:
    """The model error a forecast adds (see `forecast`), or None."""
    from borderflow.forecasting import discrepancy

    if error is None or isinstance(error, dict):
        return error
    if str(error) != "auto":
        return discrepancy.read(error)
    folder = Path(posterior) if Path(posterior).is_dir() else Path(posterior).parent
    for candidate in (folder, scenario.path):
        if candidate is not None and (Path(candidate) / "discrepancy.json").exists():
            return discrepancy.read(Path(candidate) / "discrepancy.json")
    if (folder / "fit.csv").exists():
        return discrepancy.from_calibration(folder)
    return None


def run_members(scenario: Any, posterior: str | Path, start: str, days: int, members: int = 200,
                seed: int = 0, executor: Any = None,
                progress: Callable[[str, int], Callable[[int], None]] | None = None) -> Members:
    """The members of a forecast, run through `executor` (the command line closes its pool of
    workers before writing, so that they exit while the files are written)."""
    from borderflow.executors import SerialExecutor

    t0 = time.perf_counter()
    first = pd.Timestamp(start).normalize()
    end = first + pd.Timedelta(days=days - 1)
    origin = scenario.start.tz_localize(None)
    if end < origin:
        raise ValueError(f"the horizon ends ({end.date()}) before the scenario starts")
    sim_days = (end + pd.Timedelta(days=1) - origin) / pd.Timedelta(days=1)
    band = tuple(p for p in scenario.priors.values() if not p.fit)
    params, seeds = draw_members(read_posterior(posterior, scenario), members, seed, band)
    tick = progress(f"forecast, {members} members", members) if progress else None
    runs = (executor or SerialExecutor()).map(
        partial(run_member, scenario, sim_days), list(zip(params, seeds.tolist(), strict=True)),
        tick)
    keys, dates = runs[0][0], runs[0][1]
    if any(r[0] != keys for r in runs):
        raise RuntimeError("members returned different series")
    values = np.stack([r[2] for r in runs])
    return Members(first, end, seed, params, seeds, keys, dates, values, t0)


def write_forecast_files(scenario: Any, posterior: str | Path, runs: Members, out: str | Path,
                         error: dict[str, Any] | str | None = "auto") -> dict[str, Any]:
    """forecast.nc, forecast.csv, forecast.json and the scenario's copy, each written whole;
    the members with the model's error against reports (`forecast`'s `error`)."""
    from borderflow.forecasting import discrepancy

    out = Path(out)
    error = model_error(scenario, posterior, error)
    if error is not None:
        values = discrepancy.apply(runs.values, runs.keys, runs.dates, runs.first,
                                   error["sigma_per_sqrt_day"], discrepancy_generator(runs.seed),
                                   error.get("max_horizon"), error.get("central_levels"))
        runs = replace(runs, values=values)
    table = quantile_table(runs.values, runs.dates, runs.keys, scenario)
    manifest = _manifest(scenario, posterior, runs.first, runs.end, len(runs.params), runs.seed,
                         time.perf_counter() - runs.started)
    manifest["model_error"] = error
    with writing(out) as staging:  # a reader sees the old forecast or this one, never a mix
        write_forecast_nc(staging / "forecast.nc", runs)
        table.to_csv(staging / "forecast.csv", index=False)
        manifest["files"] = fingerprints(staging, FORECAST_DATA)
        (staging / "forecast.json").write_text(json.dumps(manifest, indent=2) + "\n",
                                               encoding="utf-8")
        copy_scenario_folder(scenario.path, staging)
    return manifest


def quantile_table(values: np.ndarray, dates: pd.DatetimeIndex, keys: tuple,
                   scenario: Any) -> pd.DataFrame:
    """forecast.csv rows: the CSV_SERIES of every place and crossing, quantiles per day (series
    by series, each day by day). Built column by column: one frame a series cost ~0.4 s."""
    country = scenario.crossings["country"].to_dict()
    cols = [j for j, (k, _, m) in enumerate(keys) if m in CSV_SERIES.get(k, ())]
    q = member_quantiles(values[:, :, cols].astype(float))  # quantile x day x series
    series = [keys[j] for j in cols]
    place = [country.get(i, "") if k == "crossing" else i for k, i, _ in series]
    crossing = [i if k == "crossing" else "" for k, i, _ in series]
    days = len(dates)

    def each_day(labels: list) -> np.ndarray:
        return np.repeat(np.array(labels, dtype=object), days)

    table = pd.DataFrame({
        "date": np.tile(dates.date, len(series)), "place": each_day(place),
        "crossing": each_day(crossing), "metric": each_day([m for _, _, m in series]),
    })
    for c, name in enumerate(QCOLS):
        table[name] = q[c].T.reshape(-1)
    return table


def _manifest(scenario: Any, posterior: str | Path, first: pd.Timestamp, end: pd.Timestamp,
              members: int, seed: int, seconds: float) -> dict[str, Any]:
    from borderflow._version import __version__

    path = scenario.path
    return {
        "borderflow_version": __version__,
        "scenario": scenario.name if is_bundled(path) or path is None else str(path),
        "scenario_name": scenario.name, "scenario_hash": scenario.files_hash,
        "start": str(scenario.start), "cutoff": str((first - pd.Timedelta(days=1)).date()),
        "from": str(first.date()), "horizon_end": str(end.date()),
        "posterior": str(Path(posterior).resolve()), "posterior_until": posterior_until(posterior),
        "members": members, "seed": seed, "wall_seconds": round(seconds, 2),
    }


def posterior_until(posterior: str | Path) -> str | None:
    """The last day of the reports a posterior was fitted to (its calibration.json's or, for a
    bundled one, provenance.json's `until`), or None if neither says."""
    folder = Path(posterior) if Path(posterior).is_dir() else Path(posterior).parent
    for name in ("calibration.json", "provenance.json"):
        try:
            until = json.loads((folder / name).read_text(encoding="utf-8")).get("until")
        except (OSError, ValueError, AttributeError):
            continue
        return str(until)[:10] if until else None
    return None


def load_ensemble(path: str | Path) -> pd.DataFrame:
    """The ensemble of a forecast directory as a tidy `member, date, kind, id, metric, value`."""
    da = read_forecast_nc(Path(path))
    m, d, s = da.shape
    return pd.DataFrame({
        "member": np.repeat(da["member"].values, d * s),
        "date": np.tile(np.repeat(pd.to_datetime(da["date"].values), s), m),
        "kind": np.tile(da["kind"].values.astype(str), m * d),
        "id": np.tile(da["id"].values.astype(str), m * d),
        "metric": np.tile(da["metric"].values.astype(str), m * d),
        "value": da.values.reshape(-1).astype(float),
    })
