"""The `borderflow` command line: each command parses its options, calls the library and prints.

The commands live in this package, one module a stage; the library never imports it.
"""

from __future__ import annotations

import sys

import typer
from typer.core import TyperGroup

from borderflow.cli import calibrate, extract, outputs, run, scenario


class Commands(TyperGroup):
    """The commands; a bad option (unknown, of the wrong type or out of range) exits 1 like every
    other refused input, with the message naming the option, the rule and the value."""

    def main(self, *args, standalone_mode: bool = True, **kwargs):  # type: ignore[override]
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except typer.Abort:
            typer.echo("Aborted.", err=True)
            sys.exit(130)
        except Exception as exc:  # click's usage errors: typer vendors click, so by their shape
            if not (hasattr(exc, "show") and hasattr(exc, "exit_code")):
                raise
            _name_the_value(exc, args[0] if args else kwargs.get("args"))
            exc.show()
            sys.exit(exc.exit_code if type(exc).__name__ == "NoArgsIsHelpError" else 1)
        if isinstance(code, int) and code:
            sys.exit(code)
        return code


def _name_the_value(exc: Exception, args: list[str] | None) -> None:
    """Add the value given to the option a usage error names (click's messages name the option
    and the rule, not the value)."""
    param = getattr(exc, "param", None)
    if param is None or not hasattr(exc, "message"):
        return
    given = list(sys.argv[1:] if args is None else args)
    values = [given[i + 1] for i, a in enumerate(given[:-1]) if a in param.opts]
    values += [a.split("=", 1)[1] for a in given for o in param.opts if a.startswith(o + "=")]
    if values and repr(values[-1]) not in exc.message:
        exc.message = f"{exc.message}, got {values[-1]!r}"


app = typer.Typer(
    name="borderflow",
    cls=Commands,
    help="Model mass departures across land borders after a mobilization order.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",  # a docstring's paragraphs wrap to the terminal
)

COMMANDS = (  # (name, function, example), in the order `--help` lists them: a newcomer's order
    ("scenarios", scenario.scenarios, "borderflow scenarios"),
    ("forecast", calibrate.forecast_command, "borderflow forecast russia-2022 --from 2022-09-28 "
     "--days 14 --out fc/  |  borderflow forecast russia-2022 --posterior cal/ --from "
     "2022-09-28 --days 14 --out fc/"),
    ("run", run.run_command, "borderflow run russia-2022 --out runs/ru  |  "
     "borderflow run ./my-scenario --seed 3 --days 14 --set patience_hours=24"),
    ("report", outputs.report_command, None),
    ("needs", outputs.needs_command, None),
    ("compare", outputs.compare_command, None),
    ("export", outputs.export_command, None),
    ("new", scenario.new, "borderflow new my-scenario  |  borderflow new ./armenia "
     "--from russia-2022"),
    ("validate", scenario.validate, "borderflow validate russia-2022  |  "
     "borderflow validate ./my-scenario"),
    ("extract", extract.extract_command, "borderflow extract report.txt --published 2022-09-27 "
     "--source Reuters -o obs.csv"),
    ("calibrate", calibrate.calibrate_command, "borderflow calibrate russia-2022 "
     "--observations obs.csv --until 2022-09-27 --out cal/"),
    ("backtest", calibrate.backtest_command, "borderflow backtest russia-2022 --observations "
     "obs.csv --cutoffs 2022-09-22,2022-09-23,2022-09-24,2022-09-25 --days 5 --out bt/"),
    ("score", calibrate.score_command, "borderflow score fc/ later-reports.csv"),
)
for name, command, example in COMMANDS:
    epilog = None if example is None else f"Example{'s' if '|' in example else ''}:  {example}"
    app.command(name, epilog=epilog)(command)
