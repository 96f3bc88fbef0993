"""What every command shares: the consoles, failing with a message, loading a scenario, options.

Every failure exits 1 with one line per problem (file, line or key, rule, value), never a
traceback.
"""

from __future__ import annotations

import json
import math
import shutil
import tempfile
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from borderflow.problems import Problem, ProblemsError, ScenarioError
from borderflow.scenario import Scenario, load_scenario
from borderflow.scenario.idle import idle_events

console = Console(emoji=False)  # ':date:' in a message is a key, not a calendar
err_console = Console(stderr=True, emoji=False)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print `message` to stderr and return the Exit to raise."""
    err_console.print(message, markup=False, highlight=False, soft_wrap=True)
    return typer.Exit(code)


def check_date(option: str, text: str | None) -> None:
    """Exit 1 naming `option` unless `text` is a date YYYY-MM-DD (or not given)."""
    import datetime as dt

    if text is None:
        return
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        raise fail(f"{option}: must be a date YYYY-MM-DD, got {text!r}") from None


MAX_DAYS = 3650
"""The longest span a command simulates from a scenario's start (as `run --days` allows)."""


def check_span(option: str, scenario: Scenario, last: str, after: int = 0) -> None:
    """Exit 1 naming `option` if simulating from the scenario's start to the day `last` (a date
    YYYY-MM-DD) plus `after` days would take more than MAX_DAYS days."""
    import datetime as dt

    start = scenario.start.date()
    days = (dt.date.fromisoformat(last) - start).days + after
    if days > MAX_DAYS:
        raise fail(f"{option}: must end at most {MAX_DAYS} days after the scenario's start "
                   f"({start}): {days} days to simulate, got {last!r}")


def check_path(option: str, path: Path | None, kind: str = "file") -> None:
    """Exit 1 naming `option` unless `path` is an existing `kind` ("file", "folder" or "file
    or folder"), or not given."""
    if path is None or (path.is_file() and "file" in kind) or (path.is_dir() and "folder" in kind):
        return
    state = "does not exist" if not path.exists() else f"is not a {kind}"
    raise fail(f"{option}: must be an existing {kind}; {str(path)!r} {state}")


def check_output(option: str, path: Path | None, kind: str = "file") -> None:
    """Before any work: exit 1 naming `option` if `path` could not be written as a `kind`
    ("file" or "folder"): a dangling link, a file where a folder must be (or the reverse), a
    file among its parents, or a parent that cannot be written."""
    if path is None:
        return
    problem = _output_problem(path, kind)
    if problem:
        raise fail(f"{option}: {problem}, got {str(path)!r}")


def _output_problem(path: Path, kind: str) -> str | None:
    import os

    if path.is_symlink() and not path.exists():
        return f"is a link to {os.readlink(path)!r}, which does not exist"
    if kind == "folder" and path.exists() and not path.is_dir():
        return "must be a folder, but is a file"
    if kind == "file" and path.is_dir():
        return "must be a file, but is a folder"
    parent = path.absolute().parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        return f"cannot be written: {str(parent)!r} is a file, not a folder"
    if not os.access(parent, os.W_OK | os.X_OK):
        return f"cannot be written: no permission to write in {str(parent)!r}"
    return None


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
def variant_or_exit(name_or_path: str, events: list[str], label: str | None
                    ) -> Iterator[Scenario]:
    """The scenario with `--event`s added and named `--label`, or exit 1 naming each problem.

    The variant is a copy of the scenario folder whose scenario.toml gains the events as
    `[[events]]` tables: the same registry, checks and messages as events written there, and
    the copy kept beside the results says what ran."""
    base = load_or_exit(name_or_path)
    if not events and not label:
        note_idle_events(base)
        yield base
        return
    with tempfile.TemporaryDirectory(prefix="borderflow-variant-") as tmp:
        folder = Path(tmp) / (label or base.name)
        shutil.copytree(base.path, folder, ignore=shutil.ignore_patterns("__pycache__", ".*"))
        toml = folder / "scenario.toml"
        text = toml.read_text(encoding="utf-8-sig")
        if label:
            text = _retitle(text, label)
        tables = [_event_table(item) for item in events]
        toml.write_text(text.rstrip("\n") + "\n" + "".join(tables), encoding="utf-8")
        try:
            variant = load_scenario(folder)
        except ScenarioError as exc:
            first = len(base.events) + 1
            raise fail_problems(ScenarioError([_as_option(p, first) for p in exc.problems]),
                                "--event") from None
        note_idle_events(variant, first=len(base.events) + 1)
        yield variant


def note_idle_events(scenario: Scenario, first: int | None = None) -> None:
    """Print a note for each event that changes nothing (`scenario/idle.py`); events from
    `--event` (numbered from `first` in the variant) are named as options."""
    for n, why in idle_events(scenario):
        where = (f"--event {n - first + 1}" if first is not None and n >= first
                 else f"scenario.toml: events[{n}]")
        err_console.print(f"note: {where}: {why}", markup=False, highlight=False, soft_wrap=True)


def _event_table(item: str) -> str:
    """`kind=open_mode,crossing=x,capacity=400,date=2022-09-22` as a TOML `[[events]]` table:
    numbers and true/false as such, anything else as a string."""
    lines = ["\n[[events]]\n"]
    for pair in filter(None, (p.strip() for p in item.split(","))):
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise fail(f"--event {item!r}: expected key=value pairs separated by commas, got "
                       f"{pair!r}")
        lines.append(f"{json.dumps(key.strip())} = {_toml_value(value.strip())}\n")
    return "".join(lines)


def _toml_value(text: str) -> str:
    if text in ("true", "false"):
        return text
    try:
        number = float(text)
    except ValueError:
        return json.dumps(text, ensure_ascii=False)
    return text if math.isfinite(number) else json.dumps(text)


def _retitle(text: str, label: str) -> str:
    """scenario.toml with its name set to `label` and the label added to its title."""
    out = []
    for line in text.splitlines(keepends=True):
        key = line.split("=", 1)[0].strip()
        if line.startswith("[") or key not in ("name", "title"):
            out.append(line)
        elif key == "name":
            out.append(f"name = {json.dumps(label, ensure_ascii=False)}\n")
        else:
            title = tomllib.loads(line).get("title", "")
            out.append(f"title = {json.dumps(f'{title} ({label})', ensure_ascii=False)}\n")
    return "".join(out)


def _as_option(problem: Problem, first: int) -> Problem:
    """A problem of the variant's scenario.toml named by the --event it came from."""
    where = problem.where
    if problem.file.endswith("scenario.toml") and where.startswith("events["):
        n = int(where[len("events["):where.index("]")])
        if n >= first:
            return Problem(f"--event {n - first + 1}", where[where.index("]") + 2:],
                           problem.rule, problem.value)
    return problem


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
Events = Annotated[
    list[str] | None,
    typer.Option("--event", help="Add a dated event, the fields of a scenario's [[events]]: "
                 "'kind=open_mode,crossing=upper_lars_dariali,mode=pedestrian,capacity=400,"
                 "date=2022-09-22'. Repeat for more."),
]
Label = Annotated[
    str | None, typer.Option("--label", help="Name this variant in every output and brief.")
]
