"""Backtest: forecast from past cut-offs and score every figure the forecast had not seen.

For each cut-off c, the scenario is calibrated on the reports known by c (reported on or before
it, for periods ending on or before it), its posterior forecast `days` days from c + 1, and every
other report whose period ends by the horizon is scored, four ways:

- `model`: the posterior ensemble as it runs;
- `model+error`: the same members with the model's error against reports, exactly as
  `forecast` adds it (`discrepancy.apply` on the daily series a report reads: days up to the
  cut-off as modelled, running totals summed again), its scale and its band's shape estimated
  from the out-of-sample residuals of every other figure (cross-validation: a report's own
  residuals, at any cut-off, never set its band);
- `baseline`: the last reported figure carried forward (`skill`);
- `blend`: the quantiles of `model+error` and `baseline` averaged with a weight per horizon band,
  chosen on the other cut-offs (`blend`); backtest.json records the weights chosen on all.

Outputs in DIR: `backtest.csv` (one row per report, cut-off and forecaster), `summary.csv` (by
forecaster, horizon and metric: coverage of the 50% and 90% bands, mean WIS, median |log error|,
and the WIS relative to the baseline), `discrepancy.json` (the error scales and band maps from
every cut-off's out-of-sample residuals: what `borderflow forecast --discrepancy` takes) and
`backtest.json`.
Each cut-off's calibration and forecast are kept in DIR/cutoff-YYYY-MM-DD/. The whole folder is
written as one (`artifacts.writing`): into a staging folder beside DIR that replaces DIR once
every file is written, so a reader sees the previous backtest or this one, never a mix. An
interrupted backtest resumes from its staging folder (`resume=True`), and the same seed gives
the same files on any executor.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from borderflow._io import write_text, write_with
from borderflow.calibration.abc import Settings, calibrate
from borderflow.engine.rng import backtest_error_generator
from borderflow.forecasting import discrepancy as disc
from borderflow.forecasting import skill
from borderflow.forecasting.blend import blend_rows
from borderflow.forecasting.ensemble import forecast
from borderflow.forecasting.scoring import member_series_of
from borderflow.observations.load import EXITS, load_observations, observations_hash
from borderflow.observations.targets import (
    FLOOR,
    SERIES,
    DailySeries,
    build_targets,
    figures,
    report_bounds,
    select,
)
from borderflow.results.artifacts import OutputError, check_fingerprints, fingerprints, writing
from borderflow.results.quantiles import QCOLS, QUANTILES

FORECASTERS = ("model", "model+error", "baseline", "blend")
QUICK = Settings(population=12, batch=24, generations=2, quantile=0.5, seed=0)


@dataclass
class BacktestSettings:
    """How each cut-off is calibrated and forecast."""

    calibration: Settings = field(default_factory=Settings)
    members: int = 200
    seed: int = 0  # the forecasts' root seed (each calibration has calibration.seed)


def backtest(scenario: Any, observations: str | Path, cutoffs: list[str], days: int,
             out: str | Path, settings: BacktestSettings | None = None, executor: Any = None,
             resume: bool = False,
             progress: Callable[[str, int], Callable[[int], None]] | None = None
             ) -> dict[str, Any]:
    """Backtest `scenario` on `observations` at each cut-off; write DIR's files and return the
    summary (see the module's docstring)."""
    s = settings or BacktestSettings()
    out = Path(out)
    t0 = time.perf_counter()
    obs = load_observations(observations, scenario)
    dates = sorted({pd.Timestamp(c).normalize() for c in cutoffs})
    if not dates:
        raise ValueError("--cutoffs: give at least one date")
    if days < 1:
        raise ValueError(f"--days: must be >= 1, got {days}")
    # staged and swapped in whole; a second backtest into the same folder is refused
    with writing(out, keep_partial=True, resume=resume) as stage:
        return _backtest(scenario, observations, obs, dates, days, stage, s, executor, resume,
                         progress, t0)


def _backtest(scenario: Any, observations: str | Path, obs: pd.DataFrame,
              dates: list[pd.Timestamp], days: int, out: Path, s: BacktestSettings,
              executor: Any, resume: bool, progress: Any, t0: float) -> dict[str, Any]:
    runs = []
    for k, cutoff in enumerate(dates):
        folder = out / f"cutoff-{cutoff:%Y-%m-%d}"
        _, fc = _calibrate_and_forecast(scenario, observations, cutoff, days, folder, s,
                                        executor, resume, progress)
        known = select(obs, cutoff)
        unseen = _unseen(obs, known, cutoff, days)
        if not unseen.empty:
            series, params = member_series_of(fc, scenario)
            targets = build_targets(scenario, unseen)
            sims = figures(targets, series, params)  # report x member
            seeds = backtest_error_generator(s.seed, k).integers(0, 2**63 - 1, len(unseen))
            runs.append(Cutoff(cutoff, known, unseen, targets, series, params, sims, seeds,
                               _residuals(unseen, sims, cutoff)))
    residuals = pd.concat([r.residuals for r in runs]
                          or [_residuals(obs.iloc[:0], None, dates[0])], ignore_index=True)
    longest = int(residuals["h"].max()) if len(residuals) else None
    depths = _depths(runs, residuals, longest)
    table = pd.DataFrame([row for run in runs
                          for row in _score_cutoff(run, residuals, depths, longest)])
    mixed, weights = blend_rows(table)
    table = pd.concat([table, mixed], ignore_index=True) if len(mixed) else table
    summary = summarise(table)
    overall = {"sigma_per_sqrt_day": disc.scales(residuals), "residuals": int(len(residuals)),
               "max_horizon": longest, "central_levels": disc.central_levels(depths),
               "depths": int(depths["d"].notna().sum()),
               "source": f"out-of-sample residuals of the backtest at {len(dates)} cut-off(s)"}
    write_with(out / "backtest.csv", lambda p: table.to_csv(p, index=False))
    write_with(out / "summary.csv", lambda p: summary.to_csv(p, index=False))
    write_text(out / "discrepancy.json", json.dumps(overall, indent=2) + "\n")
    # backtest.json last, fingerprinting the others: a reader refuses a set it does not match
    files = fingerprints(out, ("backtest.csv", "summary.csv", "discrepancy.json"))
    manifest = {
        "scenario": scenario.name, "observations": str(Path(observations).resolve()),
        "cutoffs": [f"{c:%Y-%m-%d}" for c in dates], "days": days,
        "calibration": asdict(s.calibration), "members": s.members, "seed": s.seed,
        "scored": int(table["line"].nunique()) if len(table) else 0,
        "model_error": overall, "blend_weights": weights,
        "wall_seconds": round(time.perf_counter() - t0, 1),
        "files": files,
    }
    write_text(out / "backtest.json", json.dumps(manifest, indent=2) + "\n")
    return {"table": table, "summary": summary, "manifest": manifest}


@dataclass
class Cutoff:
    """One cut-off's reports and members: the reports it had seen (`known`) and not
    (`unseen`), their targets, the forecast's daily member series, and each report's figure
    per member as the model runs (`sims`, report x member)."""

    date: pd.Timestamp
    known: pd.DataFrame
    unseen: pd.DataFrame
    targets: tuple[Any, ...]
    series: DailySeries
    params: dict[str, Any]
    sims: np.ndarray
    seeds: np.ndarray  # one error seed a report: its error is drawn alike in every pass
    residuals: pd.DataFrame


def _error_without(figure: int, residuals: pd.DataFrame, depths: pd.DataFrame | None,
                   longest: int | None) -> dict[str, Any]:
    """The model's error estimated without a figure: the scales from every other figure's
    residuals and, given `depths`, the band maps from every other figure's depths, at any
    cut-off (its own miss never sets its own band)."""
    error = {"sigma_per_sqrt_day": disc.scales(residuals[residuals["figure"] != figure]),
             "max_horizon": longest}
    if depths is not None:
        error["central_levels"] = disc.central_levels(depths[depths["figure"] != figure])
    return error


def _as_forecast(run: Cutoff, i: int, error: dict[str, Any]) -> np.ndarray:
    """Report i's figure per member with the model's error as `forecast` adds it: the error
    on the daily series the report reads (`discrepancy.apply`: days up to the cut-off as
    modelled, each family's band reshaped, running totals summed again from the days)."""
    target = run.targets[i]
    name = SERIES[target.metric][0]
    keys = tuple((target.kind, id_, name) for id_ in target.ids)
    values = np.stack([run.series.get(*key) for key in keys], axis=2)
    noisy = disc.apply(values, keys, run.series.dates, run.date + pd.Timedelta(days=1),
                       error["sigma_per_sqrt_day"], np.random.default_rng(run.seeds[i]),
                       error["max_horizon"], error.get("central_levels"))
    daily = replace(run.series, data={key: noisy[:, :, j] for j, key in enumerate(keys)})
    return figures((target,), daily, run.params)[0]


def _depths(runs: list[Cutoff], residuals: pd.DataFrame, longest: int | None) -> pd.DataFrame:
    """The depth (`discrepancy.depth`) of each scored report about days after its cut-off,
    among its members with the error's scale (no map); the map acts on those days only."""
    rows = []
    for run in runs:
        for i, (_, row) in enumerate(run.unseen.iterrows()):
            if _horizon(row, run.date) >= 1:
                error = _error_without(row["figure"], residuals, None, longest)
                rows.append({"figure": int(row["figure"]), "d": disc.depth(
                    _as_forecast(run, i, error), *_report_bounds(row)),
                    "family": skill.FAMILIES.get(row["metric"], row["metric"])})
    return pd.DataFrame(rows, columns=["figure", "family", "d"])


def _score_cutoff(run: Cutoff, residuals: pd.DataFrame, depths: pd.DataFrame,
                  longest: int | None) -> list[dict[str, Any]]:
    """A cut-off's rows: each unseen report by the model, by the model with its error as
    `forecast` adds it (estimated without the report's figure), and by the baseline."""
    rows = []
    for i, (_, row) in enumerate(run.unseen.iterrows()):
        error = _error_without(row["figure"], residuals, depths, longest)
        rows += _score_row(row, run.date, {"model": run.sims[i],
                                           "model+error": _as_forecast(run, i, error)},
                           skill.baseline_quantiles(run.known, row, run.date))
    return rows


def _calibrate_and_forecast(scenario: Any, observations: str | Path, cutoff: pd.Timestamp,
                            days: int, folder: Path, s: BacktestSettings, executor: Any,
                            resume: bool, progress: Any) -> tuple[Path, Path]:
    """The cut-off's calibration and raw forecast, each reused when already complete."""
    cal, fc = folder / "calibration", folder / "forecast"
    until = f"{cutoff:%Y-%m-%d}"
    started = any(_same_inputs(f / "checkpoints" / "config.json", scenario, observations)
                  for f in (cal, cal.parent / f".{cal.name}.partial"))
    done = _complete(cal, s.calibration, scenario, observations)
    if not (resume and (cal / "posterior.csv").exists() and done):
        calibrate(scenario, observations, until, cal, s.calibration, executor=executor,
                  resume=resume and started, progress=progress)
    first = cutoff + pd.Timedelta(days=1)
    if not (resume and done and _same_forecast(fc, first, days, s)):
        forecast(scenario, cal, f"{first:%Y-%m-%d}", days, fc, members=s.members, seed=s.seed,
                 executor=executor, progress=progress, error=None)
    return cal, fc


def _same_inputs(config: Path, scenario: Any, observations: str | Path) -> bool:
    """Whether checkpoints were made from this scenario and these observations (a changed one
    is calibrated again from the start, not resumed)."""
    saved = _json_or_none(config)
    return saved is not None and _made_from(saved, scenario, observations)


def _complete(cal: Path, settings: Settings, scenario: Any, observations: str | Path) -> bool:
    """Whether a calibration folder finished with these settings, this scenario and these
    observations (a changed scenario or file is calibrated again)."""
    summary = _json_or_none(cal / "calibration.json")
    return (summary is not None and summary.get("settings") == asdict(settings)
            and _made_from(summary, scenario, observations)
            and len(summary.get("generations", [])) >= settings.generations)


def _made_from(saved: dict[str, Any], scenario: Any, observations: str | Path) -> bool:
    return (saved.get("scenario_hash") == scenario.files_hash
            and saved.get("observations_hash") == observations_hash(observations))


def _same_forecast(fc: Path, first: pd.Timestamp, days: int, s: BacktestSettings) -> bool:
    manifest = _json_or_none(fc / "forecast.json")
    if manifest is None:
        return False
    end = first + pd.Timedelta(days=days - 1)
    return (manifest.get("from") == f"{first:%Y-%m-%d}"
            and manifest.get("members") == s.members
            and manifest.get("horizon_end") == f"{end:%Y-%m-%d}"
            and manifest.get("seed") == s.seed and _whole(fc, manifest))


def _whole(fc: Path, manifest: dict[str, Any]) -> bool:
    """Whether a forecast's files are there and as its manifest lists them (a damaged one is
    made again)."""
    try:
        check_fingerprints(fc, manifest, "forecast.json")
    except OutputError:
        return False
    return (fc / "forecast.nc").exists()


def _json_or_none(path: Path) -> Any:
    """A JSON file's object, or None when it is missing, unreadable or not an object."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _unseen(obs: pd.DataFrame, known: pd.DataFrame, cutoff: pd.Timestamp, days: int
            ) -> pd.DataFrame:
    """Reports the calibration at `cutoff` did not see, whose periods end within the horizon
    (and after the scenario's first day). Exits are not modelled: they are not scored."""
    end = cutoff + pd.Timedelta(days=days)
    rows = obs[~obs["line"].isin(known["line"]) & (obs["date_to"] <= end)
               & ~obs["metric"].isin(EXITS)]
    return rows.reset_index(drop=True)


def _horizon(row: pd.Series, cutoff: pd.Timestamp) -> int:
    return int((row["date_to"] - cutoff).days)


def _residuals(unseen: pd.DataFrame, sims: np.ndarray, cutoff: pd.Timestamp) -> pd.DataFrame:
    """Out-of-sample residual rows (`discrepancy.scales` reads family, h, v, r)."""
    rows = []
    for i, (_, row) in enumerate(unseen.iterrows()):
        lo, hi = _report_bounds(row)
        r, v = disc.residual(sims[i], lo, hi, FLOOR.get(row["metric"], 1.0))
        rows.append({"line": int(row["line"]), "figure": int(row["figure"]), "cutoff": cutoff,
                     "r": r, "v": v,
                     "family": skill.FAMILIES.get(row["metric"], row["metric"]),
                     "h": max(1, _horizon(row, cutoff))})
    return pd.DataFrame(rows, columns=["line", "figure", "cutoff", "family", "h", "v", "r"])


def _report_bounds(row: pd.Series) -> tuple[float, float]:
    return report_bounds(row["value"], row["low"], row["high"])


def _score_row(row: pd.Series, cutoff: pd.Timestamp, members: dict[str, np.ndarray],
               baseline: dict[str, float] | None) -> list[dict[str, Any]]:
    """One report's scores by each forecaster."""
    lo, hi = _report_bounds(row)
    floor = FLOOR.get(row["metric"], 1.0)
    quantiles = {name: dict(zip(QCOLS, np.quantile(x, QUANTILES), strict=True))
                 for name, x in members.items()}
    if baseline is not None:
        quantiles["baseline"] = baseline
    base = {"cutoff": f"{cutoff:%Y-%m-%d}", "horizon": _horizon(row, cutoff),
            "line": int(row["line"]), "metric": row["metric"], "place": row["place"],
            "crossing": row["crossing"], "date_from": f"{row['date_from']:%Y-%m-%d}",
            "date_to": f"{row['date_to']:%Y-%m-%d}", "value": row["value"],
            "low": row["low"], "high": row["high"]}
    return [{**base, "forecaster": name, **q, **skill.scores(q, lo, hi, floor)}
            for name, q in quantiles.items()]


def summarise(table: pd.DataFrame) -> pd.DataFrame:
    """By forecaster, horizon band and metric: coverage, mean WIS, |log error|, and the WIS
    relative to the baseline (mean over mean, on the reports both scored). The 'all' rows
    average the metrics' relative WIS geometrically, weighted by their reports: the metrics'
    scales differ (people, km, hours), so a ratio of means over all of them would be that of
    the largest."""
    if table.empty:
        return pd.DataFrame()
    t = table.assign(band=table["horizon"].map(skill.horizon_band))
    base = t[t["forecaster"] == "baseline"].set_index(["cutoff", "line"])["wis"]
    frames = []
    for (name, band, metric), g in t.groupby(["forecaster", "band", "metric"]):
        paired = g.set_index(["cutoff", "line"])["wis"]
        common = paired.index.intersection(base.index)
        denominator = base[common].mean() if len(common) else np.nan
        frames.append(_summary_row(name, band, metric, g, paired[common].mean() / denominator
                                   if denominator > 0 else np.nan, len(common)))
    per_metric = pd.DataFrame(frames)
    for (name, band), g in t.groupby(["forecaster", "band"]):
        rows = per_metric[(per_metric["forecaster"] == name) & (per_metric["horizon"] == band)]
        ok = rows["relative_wis"].notna() & (rows["relative_wis"] > 0)
        weights = rows.loc[ok, "paired"]
        rel = (float(np.exp(np.average(np.log(rows.loc[ok, "relative_wis"]), weights=weights)))
               if weights.sum() > 0 else np.nan)
        frames.append(_summary_row(name, band, "all", g, rel, int(weights.sum())))
    return pd.DataFrame(frames)


def _summary_row(name: str, band: str, metric: str, g: pd.DataFrame, rel: float,
                 paired: int) -> dict[str, Any]:
    return {"forecaster": name, "horizon": band, "metric": metric, "reports": len(g),
            "inside_50": g["inside_50"].mean(), "inside_90": g["inside_90"].mean(),
            "mean_wis": g["wis"].mean(), "relative_wis": rel, "paired": paired,
            "median_abs_log_error": g["log_error"].abs().median()}


def format_summary(summary: pd.DataFrame) -> str:
    """The 'all metrics' rows as a plain table, one line per forecaster and horizon."""
    if summary.empty:
        return "no report after any cut-off within the horizon: nothing scored"
    rows = summary[summary["metric"] == "all"]
    lines = [f"{'forecaster':<12} {'horizon':>7} {'reports':>7} {'in 50%':>7} {'in 90%':>7} "
             f"{'mean WIS':>11} {'rel. WIS':>8} {'med |log err|':>13}"]
    for r in rows.itertuples():
        lines.append(f"{r.forecaster:<12} {r.horizon:>7} {r.reports:>7} {r.inside_50:>7.0%} "
                     f"{r.inside_90:>7.0%} {r.mean_wis:>11,.1f} {r.relative_wis:>8.2f} "
                     f"{r.median_abs_log_error:>13.3f}")
    return "\n".join(lines)
