"""`borderflow validate`, `scenarios` and `new`: find, check and copy scenarios."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from borderflow.cli.common import (
    ScenarioArg,
    check_output,
    console,
    fail,
    load_or_exit,
    note_idle_events,
)
from borderflow.problems import ScenarioError
from borderflow.scenario import Scenario, copy_scenario, list_scenarios


def validate(
    scenario: ScenarioArg,
) -> None:
    """Check a scenario folder and list every problem (file, line or key, rule, value).

    Exits 0 and prints a summary when the scenario is valid, 1 otherwise.
    """
    loaded = load_or_exit(scenario)
    lines = [f"{loaded.name}: valid  ({loaded.title})"]
    lines += [f"  {line}" for line in scenario_summary(loaded)]
    console.print("\n".join(lines), markup=False, highlight=False, soft_wrap=True)
    note_idle_events(loaded)


def scenario_summary(s: Scenario) -> list[str]:
    """A few lines that say what a scenario holds."""
    by_country = s.crossings.groupby("country").size()
    seats = f"{s.air['seats_per_day'].sum():,.0f} seats/day"
    air = f"{seats} ({', '.join(s.air.index)})" if len(s.air) else ""
    return [
        f"regions: {len(s.regions)}, at-risk population {int(s.regions['population'].sum()):,}",
        f"crossings: {len(s.crossings)} ("
        + ", ".join(f"{c} {n}" for c, n in by_country.items())
        + ")",
        f"air destinations: {len(s.air)}" + (f", {air}" if air else ""),
        f"events: {len(s.events)}",
        f"start {s.start.isoformat()}, {s.days} days, step {s.step_hours:g} h ({s.n_steps} steps)",
    ]


def scenarios() -> None:
    """List the scenarios bundled with borderflow (use a name wherever a scenario is asked)."""
    from rich.table import Table

    table = Table("name", "title")
    for name, title in list_scenarios():
        table.add_row(name, title)
    console.print(table)


def new(
    folder: Annotated[Path, typer.Argument(help="The folder to create (must be new or empty).")],
    source: Annotated[
        str, typer.Option("--from", help="The bundled scenario name or folder to copy.")
    ] = "russia-2022",
    name: Annotated[
        str | None, typer.Option("--name", help="The copy's name (default: FOLDER's name).")
    ] = None,
) -> None:
    """Start a scenario of your own: copy a bundled one into FOLDER, then edit its files.

    Nothing is written if FOLDER exists and holds files.
    """
    check_output("FOLDER", folder, "folder")
    try:
        dest = copy_scenario(source, folder, name)
    except ScenarioError as exc:
        raise fail("\n".join(str(p) for p in exc.problems)) from None
    except FileExistsError as exc:
        raise fail(str(exc)) from None
    except OSError as exc:
        raise fail(f"cannot create {folder}: {exc}") from None
    console.print(f"copied {source} to {dest}; check it with: borderflow validate {dest}")
