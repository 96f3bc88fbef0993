"""`borderflow calibrate`, `forecast` and `score`: parse, call the library, report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer

from borderflow.cli.common import (
    Batch,
    Events,
    Generations,
    Label,
    Observations,
    Population,
    ScenarioArg,
    Scheduler,
    Seed,
    Workers,
    check_date,
    check_output,
    check_path,
    check_span,
    console,
    err_console,
    executor_or_exit,
    fail,
    fail_problems,
    load_or_exit,
    progress_bars,
    variant_or_exit,
)
from borderflow.observations.load import ObservationsError
from borderflow.results.artifacts import check_writable, open_output, reading


def _observation_problems(exc: ObservationsError) -> typer.Exit:
    return fail_problems(exc, "the observations")


def calibrate_command(
    scenario: ScenarioArg,
    observations: Observations,
    until: Annotated[str, typer.Option("--until", help="Cut-off date: use figures reported on "
                                       "or before it (YYYY-MM-DD).")],
    out: Annotated[Path, typer.Option("--out", help="Directory for the posterior and fit table.")],
    population: Population = 200,
    batch: Batch = 1000,
    generations: Generations = 10,
    quantile: Annotated[float, typer.Option(
        help="Each generation's tolerance: this quantile of the particles' distances. Lower "
             "tightens faster and keeps fewer distinct particles.", min=0.05, max=0.95)] = 0.5,
    seed: Seed = 0,
    resume: Annotated[bool, typer.Option("--resume", help="Continue from DIR's checkpoints.")]
    = False,
    trust: Annotated[list[str] | None, typer.Option(
        "--trust", help="LINE=T: trust the observation on that file line T (0-1) instead of "
        "the file's trust column (default 1); repeat for more lines.")] = None,
    scheduler: Scheduler = None,
    workers: Workers = None,
) -> None:
    """Fit the scenario's priors to the reported figures by ABC-SMC.

    Writes DIR/posterior.csv (particles, weights, seeds), DIR/fit.csv (each observation beside the
    simulated median and 90% interval) and DIR/calibration.json. Interrupted? Run the same
    command again with --resume.
    """
    from borderflow.calibration.abc import Settings, calibrate

    if batch < population:
        raise fail(f"--batch: must be at least --population ({population}), got {batch}")
    check_date("--until", until)
    check_path("--observations", observations)
    check_output("--out", out, "folder")
    loaded = load_or_exit(scenario)
    check_span("--until", loaded, until, 1)
    settings = Settings(population=population, batch=batch, generations=generations,
                        quantile=quantile, seed=seed)
    trusted = _trust_option(trust or [])
    try:
        with executor_or_exit(scheduler, workers) as ex, progress_bars() as bar:
            summary = calibrate(loaded, observations, until, out, settings, executor=ex,
                                resume=resume, progress=bar, trust=trusted)
    except ObservationsError as exc:
        raise _observation_problems(exc) from None
    except ValueError as exc:
        raise fail(str(exc)) from None
    except OSError as exc:
        raise fail(f"--out {out}: cannot be written: {exc.strerror or exc}") from None
    _print_fit(out, summary)


def _trust_option(items: list[str]) -> dict[int, float]:
    """`--trust LINE=T` values -> {line: trust}; a malformed one fails naming it."""
    out = {}
    for item in items:
        line, _, value = item.partition("=")
        try:
            out[int(line)] = float(value)
        except ValueError:
            raise fail(f"--trust {item}: must be LINE=T, a file line and a number from 0 to 1"
                        ) from None
    return out


def _print_fit(out: Path, summary: dict[str, Any]) -> None:
    import pandas as pd

    fit = pd.read_csv(out / "fit.csv", keep_default_na=False)
    lines = [f"{'line':>4} {'observation':<58} {'reported':>12} {'median':>10} "
             f"{'90% interval':>22}"]
    for r in fit.itertuples():
        what = f"{r.metric} {r.place} {r.crossing} {r.date_from}..{r.date_to}"[:58]
        band = f"{r.sim_q05:,.4g} - {r.sim_q95:,.4g}"
        mark = ("" if r.inside_90 else "  (outside)") + (
            f"  (trust {r.trust:g})" if r.trust != 1 else "") + (
            f"  (note says '{r.note_bound}': fitted as a point)" if r.note_bound else "")
        lines.append(f"{r.line:>4} {what:<58} {r.reported:>12} {r.sim_q50:>10,.4g} {band:>22}"
                     f"{mark}")
    ident = pd.read_csv(out / "identification.csv")
    lines.append("\nhow far the reports narrowed each parameter (posterior sd / prior sd; near 1: "
                 "not informed, the prior carries into the band)")
    for r in ident.sort_values("narrowed_to").itertuples():
        lines.append(f"  {r.parameter:<44} {r.narrowed_to:5.2f}")
    for pair in summary.get("moving_together", [])[:8]:
        lines.append(f"  moving together: {pair['a']} and {pair['b']} ({pair['correlation']:+.2f})")
    last = summary["generations"][-1]
    lines.append(f"{summary['simulations']} simulations, final epsilon {last['epsilon']:.3f}, "
                 f"{last['unique']} distinct of {last['particles']} particles; wrote "
                 f"{out}/posterior.csv, fit.csv, identification.csv, calibration.json")
    console.print("\n".join(lines), markup=False, highlight=False, soft_wrap=True)


def forecast_command(
    scenario: ScenarioArg,
    start: Annotated[str, typer.Option("--from", help="First forecast day (YYYY-MM-DD); the "
                                       "cut-off is the day before.")],
    days: Annotated[int, typer.Option("--days", help="Days to forecast from --from.", min=1,
                                      max=3650)],
    out: Annotated[Path, typer.Option("--out", help="Directory for forecast.csv/.nc/.json.")],
    posterior: Annotated[Path | None, typer.Option(
        "--posterior", help="A calibration directory (default: the scenario's own, its "
        "posterior/ folder, if it bundles one).")] = None,
    members: Annotated[int, typer.Option(help="Ensemble members (posterior draws).", min=1,
                                         max=100_000)] = 200,
    seed: Seed = 0,
    error: Annotated[str, typer.Option(
        "--error", help="The model's error against reports, added to the band: 'auto' (the "
        "posterior folder's discrepancy.json, else its fit's in-sample floor), a "
        "discrepancy.json (a backtest's), or 'none'.")] = "auto",
    scheduler: Scheduler = None,
    workers: Workers = None,
    event: Events = None,
    label: Label = None,
) -> None:
    """Forecast --days days from --from, with bands: the calibrated ensemble (the scenario's own
    posterior unless --posterior), each member run from the scenario's start.

    Writes DIR/forecast.csv (date, place, crossing, metric, q05..q95 for every day),
    DIR/forecast.nc (every member) and DIR/forecast.json; `borderflow needs DIR` and
    `borderflow report DIR` read them. The members carry the model's error against reports
    (--error), so the band is that of a report, not only of the model's runs.
    """

    check_date("--from", start)
    check_path("--posterior", posterior, "file or folder")
    check_output("--out", out, "folder")
    with variant_or_exit(scenario, event or [], label) as loaded:
        _check_whatifs_after_cutoff(loaded, len(event or []), start)
        _forecast(loaded, posterior, start, days, out, members, seed, error, scheduler, workers)


def _check_whatifs_after_cutoff(loaded, n_events: int, start: str) -> None:
    """Exit 1 naming an --event that starts before --from: the posterior was fitted to the days
    before the cut-off as they were, so a what-if may change only the days after it."""
    first = dt.date.fromisoformat(start)
    for i, e in enumerate(loaded.events[len(loaded.events) - n_events:], start=1):
        if e.start.date() < first:
            raise fail(f"--event {i}: starts {e.start.date()}, before the forecast's first day "
                       f"{start}: a forecast's what-if may change only the days after its "
                       "cut-off, which the posterior was not fitted to; start it on "
                       f"{start} or later, or compare runs of the past with `borderflow "
                       "compare`")


def _forecast(loaded, posterior, start, days, out, members, seed, error, scheduler, workers):
    check_span("--from", loaded, start, days)
    from borderflow.forecasting.ensemble import run_members, write_forecast_files

    if posterior is None:
        posterior = loaded.path / "posterior"
        if not (posterior / "posterior.csv").is_file():
            raise fail(f"--posterior: required: {loaded.name} bundles no posterior (make one "
                       "with borderflow calibrate)")

    if days < 1 or members < 1:
        raise fail("--days and --members must be >= 1")
    _check_horizon(loaded, start, days, posterior)
    try:
        check_writable(out)  # before the members run, not after
        with reading(posterior, _error_folder(error)):  # read whole, never mid-swap
            errors = _model_error_or_exit(loaded, posterior, error)
            with executor_or_exit(scheduler, workers) as ex, progress_bars() as bar:
                runs = run_members(loaded, posterior, start, days, members, seed, ex, bar)
        manifest = write_forecast_files(loaded, posterior, runs, out, errors)  # as workers exit
    except (ValueError, OSError) as exc:
        raise fail(str(exc)) from None
    console.print(f"{members} members, {manifest['from']}..{manifest['horizon_end']}, "
                  f"{manifest['wall_seconds']:.1f} s; wrote {out}/forecast.csv, forecast.nc, "
                  "forecast.json", markup=False, highlight=False, soft_wrap=True)


def _check_horizon(loaded, start: str, days: int, posterior: Path) -> None:
    """Exit 1 naming --from unless the forecast's days lie within the scenario's window (after
    its first day, to its last); say so if the posterior had seen reports of days from --from
    on (those days are then not out of sample)."""
    import datetime as dt

    first, scenario_start = dt.date.fromisoformat(start), loaded.start.date()
    last_day = scenario_start + dt.timedelta(days=int(loaded.days) - 1)
    end = first + dt.timedelta(days=days - 1)
    if not scenario_start < first or end > last_day:
        raise fail(f"--from/--days: the forecast's days must lie after the scenario's first day "
                   f"({scenario_start}) and by its last ({last_day}); got {start!r} for {days} "
                   f"days, to {end}")
    from borderflow.forecasting.ensemble import posterior_until

    until = posterior_until(posterior)
    if until and until >= start:
        err_console.print(f"note: the posterior was fitted to reports up to {until}: the days "
                          f"from {start} to then are not out of sample", markup=False,
                          highlight=False, soft_wrap=True)


def _model_error_or_exit(loaded, posterior, error: str):
    """The model error --error asks for, read before the members run (exit 1 naming --error
    if it cannot be read)."""
    import pandas as pd

    from borderflow.forecasting.ensemble import model_error

    if error not in ("auto", "none") and not Path(error).is_file():
        raise fail(f"--error: must be 'auto', 'none' or a discrepancy.json file, got {error!r}")
    try:
        return model_error(loaded, posterior, None if error == "none" else error)
    except (ValueError, OSError, KeyError, pd.errors.ParserError) as exc:
        raise fail(f"--error {error}: {exc}") from None


def _error_folder(error: str) -> Path | None:
    """The folder of a discrepancy.json given to --error (a backtest's), if one is."""
    return None if error in ("auto", "none") else Path(error).parent


def score_command(
    forecast_dir: Annotated[Path, typer.Argument(help="A forecast directory.")],
    observations: Annotated[Path, typer.Argument(help="Reported figures (CSV) to score against.")],
    out: Annotated[Path | None, typer.Option("--out", help="Also write the table as CSV.")] = None,
) -> None:
    """Score a forecast: per observation the error, log error and whether it falls inside the
    90% band; then totals, including the ARD of the split between destinations (as in Flee)."""
    from borderflow._io import write_with
    from borderflow.forecasting.scoring import format_score, score

    check_path("OBSERVATIONS", observations)
    check_output("--out", out)
    if not (forecast_dir / "forecast.nc").exists():
        raise fail(f"{forecast_dir}: no forecast.nc (run borderflow forecast first)")
    try:
        with reading(forecast_dir):
            open_output(forecast_dir)  # its files whole, as forecast.json lists them
            table, tot = score(forecast_dir, observations)
    except ObservationsError as exc:
        raise _observation_problems(exc) from None
    except (ValueError, OSError, KeyError) as exc:
        raise fail(f"{forecast_dir}: cannot be scored: {exc}") from None
    console.print(format_score(table, tot), markup=False, highlight=False, soft_wrap=True)
    if out is not None:
        try:
            write_with(out, lambda p: table.to_csv(p, index=False))
        except OSError as exc:
            raise fail(f"--out {out}: cannot be written: {exc}") from None


def backtest_command(
    scenario: ScenarioArg,
    observations: Observations,
    cutoffs: Annotated[str, typer.Option("--cutoffs", help="Cut-off dates, comma-separated "
                                         "(YYYY-MM-DD,YYYY-MM-DD,...).")],
    out: Annotated[Path, typer.Option("--out", help="Directory for the backtest.")],
    days: Annotated[int, typer.Option("--days", help="Days forecast after each cut-off.", min=1,
                                        max=3650)] = 7,
    quick: Annotated[bool, typer.Option("--quick", help="A tiny calibration and 16 members "
                                        "(replacing --population, --batch, --generations and "
                                        "--members): checks the pipeline, not the skill.")
                      ] = False,
    population: Population = 200,
    batch: Batch = 1000,
    generations: Generations = 10,
    members: Annotated[int, typer.Option(help="Ensemble members per forecast.", min=1,
                                         max=100_000)] = 200,
    seed: Seed = 0,
    resume: Annotated[bool, typer.Option("--resume", help="Reuse DIR's finished cut-offs and "
                                         "continue an interrupted calibration.")] = False,
    scheduler: Scheduler = None,
    workers: Workers = None,
) -> None:
    """Forecast from past cut-offs and score every figure each forecast had not seen.

    For each cut-off: calibrate on the reports known by then, forecast --days days, and score
    the later reports against the model, the model with its error against reports, and a naive
    baseline (the last report carried forward). Writes DIR/backtest.csv (one row per report,
    cut-off and forecaster), DIR/summary.csv (coverage of the 50% and 90% bands, WIS, relative
    WIS, median |log error| by horizon and metric), DIR/discrepancy.json (what `forecast
    --error` takes) and DIR/backtest.json, all at once: until it ends DIR keeps the previous
    backtest whole. Interrupted? Run the same command again with --resume.
    """
    from borderflow.calibration.abc import Settings
    from borderflow.forecasting.backtesting import QUICK, BacktestSettings, backtest, format_summary

    check_path("--observations", observations)
    check_output("--out", out, "folder")
    loaded = load_or_exit(scenario)
    dates = [c.strip() for c in cutoffs.split(",") if c.strip()]
    for c in dates:
        check_date("--cutoffs", c)
        check_span("--cutoffs", loaded, c, days + 1)
    calibration = QUICK if quick else Settings(population=population, batch=batch,
                                                generations=generations, seed=seed)
    settings = BacktestSettings(calibration, members=16 if quick else members, seed=seed)
    try:
        with executor_or_exit(scheduler, workers) as ex, progress_bars() as bar:
            result = backtest(loaded, observations, dates, days, out, settings, executor=ex,
                              resume=resume, progress=bar)
    except ObservationsError as exc:
        raise _observation_problems(exc) from None
    except ValueError as exc:
        raise fail(str(exc)) from None
    except OSError as exc:
        raise fail(f"--out {out}: cannot be written: {exc.strerror or exc}") from None
    console.print(format_summary(result["summary"]), markup=False, highlight=False,
                  soft_wrap=True)
    console.print(f"wrote {out}/backtest.csv, summary.csv, discrepancy.json, backtest.json",
                  markup=False, highlight=False)

