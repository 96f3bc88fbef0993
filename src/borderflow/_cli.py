"""The `borderflow` command line: each command parses, calls the library, and reports.

Failures exit non-zero with a one-line message per problem, never a traceback.
"""

from __future__ import annotations

import typer
from rich.console import Console

app = typer.Typer(
    name="borderflow",
    help="Model mass departures across land borders after a mobilization order.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
err_console = Console(stderr=True)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print `message` to stderr and return the Exit to raise."""
    err_console.print(message, markup=False, highlight=False)
    return typer.Exit(code)


# Commands are registered below, one line each, from the modules that implement them.
from borderflow._needs import needs_command  # noqa: E402
app.command("needs")(needs_command)
