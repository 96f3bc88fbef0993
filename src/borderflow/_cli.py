"""The `borderflow` command line: each command parses, calls the library, and reports.

Failures exit non-zero with a one-line message per problem, never a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from borderflow._bundled import copy_scenario, list_scenarios
from borderflow._problems import ScenarioError
from borderflow._scenario import Scenario, load_scenario

app = typer.Typer(
    name="borderflow",
    help="Model mass departures across land borders after a mobilization order.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",  # a docstring's paragraphs wrap to the terminal
)
console = Console()
err_console = Console(stderr=True)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print `message` to stderr and return the Exit to raise."""
    err_console.print(message, markup=False, highlight=False, soft_wrap=True)
    return typer.Exit(code)


# Commands are registered below, one line each, from the modules that implement them.
from borderflow._bench.cli import bench_command  # noqa: E402
app.command("bench")(bench_command)
from borderflow._calibrate_cli import calibrate_command  # noqa: E402
app.command("calibrate", epilog="Example:  borderflow calibrate russia-2022 --observations obs.csv "
            "--until 2022-09-27 --out cal/")(calibrate_command)
from borderflow._calibrate_cli import forecast_command, score_command  # noqa: E402
app.command("forecast", epilog="Example:  borderflow forecast russia-2022 --posterior cal/ "
            "--from 2022-09-28 --days 14 --out fc/")(forecast_command)
app.command("score", epilog="Example:  borderflow score fc/ later-reports.csv")(score_command)
from borderflow._needs import needs_command  # noqa: E402
app.command("needs")(needs_command)
from borderflow._report import report_command  # noqa: E402
app.command("report")(report_command)
from borderflow._export import export_command  # noqa: E402
app.command("export")(export_command)
from borderflow._extract.cli import extract_command  # noqa: E402
app.command("extract", epilog="Example:  borderflow extract report.txt --published 2022-09-27 "
            "--source Reuters -o obs.csv")(extract_command)
from borderflow._run_cli import run_command  # noqa: E402
app.command("run", epilog="Examples:  borderflow run russia-2022 --out runs/ru  |  "
            "borderflow run ./my-scenario --seed 3 --days 14 --set patience_hours=24")(run_command)


def _load(name_or_path: str) -> Scenario:
    """Load a scenario or exit 1 printing every problem, one per line."""
    try:
        return load_scenario(name_or_path)
    except ScenarioError as exc:
        for problem in exc.problems:
            err_console.print(str(problem), markup=False, highlight=False, soft_wrap=True)
        n = len(exc.problems)
        raise fail(f"{n} problem{'s' if n != 1 else ''} in {name_or_path}") from None


@app.command(
    epilog="Examples:  borderflow validate russia-2022  |  borderflow validate ./my-scenario"
)
def validate(
    scenario: Annotated[str, typer.Argument(help="A bundled scenario name or a scenario folder.")],
) -> None:
    """Check a scenario folder and list every problem (file, line or key, rule, value).

    Exits 0 and prints a summary when the scenario is valid, 1 otherwise.
    """
    loaded = _load(scenario)
    lines = [f"{loaded.name}: valid  ({loaded.title})"]
    lines += [f"  {line}" for line in scenario_summary(loaded)]
    console.print("\n".join(lines), markup=False, highlight=False, soft_wrap=True)


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


@app.command(epilog="Example:  borderflow scenarios")
def scenarios() -> None:
    """List the scenarios bundled with borderflow (use a name wherever a scenario is asked)."""
    from rich.table import Table

    table = Table("name", "title")
    for name, title in list_scenarios():
        table.add_row(name, title)
    console.print(table)


@app.command(
    epilog="Examples:  borderflow new my-scenario  |  borderflow new ./armenia --from russia-2022"
)
def new(
    folder: Annotated[Path, typer.Argument(help="The folder to create (must be new or empty).")],
    source: Annotated[
        str, typer.Option("--from", help="The bundled scenario name or folder to copy.")
    ] = "russia-2022",
) -> None:
    """Start a scenario of your own: copy a bundled one into FOLDER, then edit its files.

    Nothing is written if FOLDER exists and holds files.
    """
    try:
        dest = copy_scenario(source, folder)
    except ScenarioError as exc:
        raise fail("\n".join(str(p) for p in exc.problems)) from None
    except FileExistsError as exc:
        raise fail(str(exc)) from None
    except OSError as exc:
        raise fail(f"cannot create {folder}: {exc}") from None
    console.print(f"copied {source} to {dest}; check it with: borderflow validate {dest}")
