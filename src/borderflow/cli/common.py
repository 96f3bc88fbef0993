"""What every command shares: the consoles, failing with a message, loading a scenario, options.

Every failure exits 1 with one line per problem (file, line or key, rule, value), never a
traceback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from borderflow.problems import ProblemsError, ScenarioError
from borderflow.scenario import Scenario, load_scenario

console = Console()
err_console = Console(stderr=True)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print `message` to stderr and return the Exit to raise."""
    err_console.print(message, markup=False, highlight=False, soft_wrap=True)
    return typer.Exit(code)


def fail_problems(exc: ProblemsError, what: str) -> typer.Exit:
    """Print every problem of `exc`, one a line, and return the Exit to raise."""
    for problem in exc.problems:
        err_console.print(str(problem), markup=False, highlight=False, soft_wrap=True)
    n = len(exc.problems)
    return fail(f"{n} problem{'s' if n != 1 else ''} in {what}")


def load_or_exit(name_or_path: str) -> Scenario:
    """Load a scenario or exit 1 printing every problem, one per line."""
    try:
        return load_scenario(name_or_path)
    except ScenarioError as exc:
        raise fail_problems(exc, name_or_path) from None


@contextmanager
def progress_bars() -> Iterator[Callable[[str, int], Callable[[int], None]]]:
    """A rich progress display; yields `start(label, total) -> advance(n)`."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    with Progress("{task.description}", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=err_console, transient=False) as bar:
        def start(label: str, total: int) -> Callable[[int], None]:
            task = bar.add_task(label, total=total)
            return lambda n: bar.advance(task, n)

        yield start


def executor_or_exit(scheduler: str | None, workers: int | None) -> Any:
    """The executor the options ask for, or exit 1 naming --scheduler."""
    from borderflow.executors import make_executor

    try:
        return make_executor(scheduler, workers)
    except (RuntimeError, OSError, TimeoutError, ValueError) as exc:
        raise fail(f"--scheduler {scheduler}: {exc}") from None


ScenarioArg = Annotated[str, typer.Argument(help="A bundled scenario name or a scenario folder.")]
OutputDir = Annotated[
    Path, typer.Argument(help="A run (borderflow run --out) or forecast directory.")
]
Scheduler = Annotated[
    str | None,
    typer.Option("--scheduler", help="Where to run: 'processes' (default), 'serial', or the "
                 "address of a running Dask scheduler, tcp://HOST:PORT."),
]
Workers = Annotated[
    int | None, typer.Option("--workers", help="Local worker processes (default: all cores).",
                             min=1, max=1024)
]
# Options shared by needs, report and export.
StandardsOption = Annotated[
    Path | None,
    typer.Option(
        "--standards",
        help="CSV name,value[,source] overriding planning figures (see needs_standards.csv).",
    ),
]
ScenarioOption = Annotated[
    str | None,
    typer.Option(
        "--scenario", help="Scenario folder or bundled name, if DIR has no scenario/ copy."
    ),
]



# The calibration's settings (calibrate, backtest) and seeds (run, calibrate, forecast, backtest)
Observations = Annotated[Path, typer.Option("--observations", help="Reported figures (CSV).")]
Population = Annotated[int, typer.Option(help="Particles kept per generation.", min=2,
                                         max=100_000)]
Batch = Annotated[int, typer.Option(help="Simulations per generation (at least --population).",
                                    min=2, max=10_000_000)]
Generations = Annotated[int, typer.Option(help="ABC-SMC generations.", min=1, max=1000)]
Seed = Annotated[int, typer.Option(help="Root seed: one seed, one result.", min=0,
                                   max=2**63 - 1)]
