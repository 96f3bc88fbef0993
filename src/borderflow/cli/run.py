"""`borderflow run`: simulate a scenario once and write its results."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated

import typer

from borderflow.cli.common import (
    Events,
    Label,
    ScenarioArg,
    Seed,
    check_output,
    console,
    fail,
    variant_or_exit,
)
from borderflow.results.artifacts import OutputError, check_writable


def parse_settings(items: list[str]) -> dict[str, float]:
    """`name=value` pairs from --set into a dict; raises ValueError naming the bad item."""
    out: dict[str, float] = {}
    for item in items:
        name, sep, value = item.partition("=")
        try:
            out[name.strip()] = float(value)
        except ValueError:
            sep = ""
        if not sep:
            raise ValueError(f"--set {item!r}: expected name=number")
    return out


def run_command(
    scenario: ScenarioArg,
    seed: Seed = 0,
    days: Annotated[float | None, typer.Option(help="Days to simulate (default: all; at least "
                                               "one step).", max=3650)] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the results.")] = Path(
        "runs/latest"
    ),
    set_: Annotated[
        list[str] | None, typer.Option("--set", help="Override a parameter: name=value.")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary.")] = False,
    event: Events = None,
    label: Label = None,
    defaults: Annotated[bool, typer.Option(
        "--defaults", help="Run the scenario's default parameters, even where it bundles a "
        "posterior (by default its posterior's median is used).")] = False,
) -> None:
    """Simulate a scenario once: writes results.nc, daily.csv and run.json to --out.

    Prints entries per destination and the peak queue and longest wait per crossing. A what-if
    needs no copy of the scenario: --event adds a dated change (repeatable), --label names it.
    """

    check_output("--out", out, "folder")
    try:
        params = parse_settings(set_ or [])
    except ValueError as exc:
        raise fail(str(exc)) from None
    with variant_or_exit(scenario, event or [], label) as loaded:
        fitted, source = ({}, "the scenario's defaults") if defaults else posterior_median(loaded)
        _run(loaded, seed, days, {**fitted, **params}, out, quiet, source)


def posterior_median(scenario) -> tuple[dict[str, float], str]:
    """The median of each parameter of the scenario's bundled posterior (weighted by its
    particles), and where the parameters come from; the defaults where it bundles none."""
    import numpy as np

    from borderflow.forecasting.ensemble import NOT_PARAMS, read_posterior

    folder = scenario.path / "posterior" if scenario.path else None
    if folder is None or not (folder / "posterior.csv").is_file():
        return {}, "the scenario's defaults (uncalibrated: not fitted to any report)"
    post = read_posterior(folder, scenario)
    w = post["weight"].to_numpy(dtype=float)
    median = {}
    for name in (c for c in post.columns if c not in NOT_PARAMS):
        order = np.argsort(post[name].to_numpy(dtype=float), kind="stable")
        cum = np.cumsum(w[order]) / w.sum()
        median[name] = float(post[name].to_numpy(dtype=float)[order][np.searchsorted(cum, 0.5)])
    return median, "the median of the scenario's bundled posterior (posterior/)"


def _run(loaded, seed, days, params, out: Path, quiet: bool, source: str) -> None:
    from borderflow.engine.sim import simulate
    from borderflow.parameters import ParameterError

    if days is not None and not (math.isfinite(days) and days * 24 / loaded.step_hours >= 0.5):
        raise fail(f"--days: must cover at least one step ({loaded.step_hours:g} h), got {days}")
    try:
        check_writable(out)  # before the run, not after
    except (OutputError, OSError) as exc:
        raise fail(f"--out {exc}") from None
    try:
        results = run_with_progress(simulate, loaded, seed, days, params, quiet)
    except KeyError as exc:
        raise fail(f"--set: {exc.args[0]}") from None
    except ParameterError as exc:
        raise fail(f"--set {exc}") from None
    results.meta["parameters_from"] = source
    try:
        results.write(out, loaded.path)
    except (OutputError, OSError) as exc:
        raise fail(f"--out {exc}") from None
    if not quiet:
        print_summary(console, results, out)


def run_with_progress(simulate, scenario, seed, days, params, quiet):
    if quiet:
        return simulate(scenario, seed=seed, days=days, params=params)
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task(f"simulating {scenario.name}", total=1.0)
        return simulate(scenario, seed=seed, days=days, params=params,
                        progress=lambda t, n: bar.update(task, completed=t / n))


def print_summary(console, results, out: Path) -> None:
    from rich.table import Table

    summary = results.summary()
    dest = Table("destination", "entries", "of which ordinary traffic",
                 title="Entries per destination")
    for name, row in summary["destinations"].sort_values("entries", ascending=False).iterrows():
        dest.add_row(name, f"{row['entries']:,}", f"{row['of_which_background']:,}")
    cross = Table(title="Busiest crossings (by the most people in line at once)")
    cross.add_column("crossing", no_wrap=True)
    for column in ("country", "peak people", "peak cars", "peak km", "longest wait h",
                   "stopped"):
        cross.add_column(column)
    top = summary["crossings"].sort_values("peak_people", ascending=False).head(12)
    for cid, row in top.iterrows():
        cross.add_row(cid, row["country"], f"{row['peak_people']:,}",
                      f"{row['peak_vehicles']:,}", f"{row['peak_km']:.1f}",
                      f"{row['longest_wait_h']:.0f}", f"{row['stopped']:,}")
    console.print(dest, cross)
    console.print(f"{results.travellers:,} travellers; simulated in {results.wall_seconds:.2f} s; "
                  f"results in {out}/ (results.nc, daily.csv, run.json)")
