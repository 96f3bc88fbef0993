"""`borderflow needs`, `report` and `export`: what later stages make of a run or forecast folder."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from borderflow.assistance import StandardsError, needs
from borderflow.cli.common import (
    OutputDir,
    ScenarioOption,
    StandardsOption,
    check_date,
    check_output,
    check_path,
    console,
    fail,
)
from borderflow.report import ReportError, build_report, export
from borderflow.results import OutputError
from borderflow.results.artifacts import reading


def needs_command(
    directory: OutputDir,
    standards: StandardsOption = None,
    scenario: ScenarioOption = None,
) -> None:
    """Write DIR/needs.csv: what people in line need, one row per crossing, day and need (value;
    on a forecast the median, with quantiles q05..q95).

    Planning figures come from the bundled standards table (see needs_standards.csv in the output);
    override any of them with --standards FILE (CSV with columns name,value and optionally source).
    """
    check_path("--standards", standards)
    try:
        with reading(directory):  # a run or forecast swapped in meanwhile waits till the end
            result = needs(directory, standards=standards, scenario=scenario)
            paths = result.write(directory)
    except (StandardsError, OutputError, OSError) as exc:
        raise fail(str(exc)) from None
    console.print(f"needs ({result.kind}): {len(result.long())} rows -> {paths[0]}")
    console.print(
        f"temperature: {result.notes['temperature']}", markup=False, highlight=False, soft_wrap=True
    )
    if result.notes["standards_overridden"]:
        console.print(f"standards overridden: {', '.join(result.notes['standards_overridden'])}")


def report_command(
    directory: OutputDir,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="The HTML file (default DIR/report.html).")
    ] = None,
    observations: Annotated[
        Path | None,
        typer.Option("--observations", help="Reported figures (observations CSV): the fit "
                     "panel at the top sets the model beside them; the charts show them."),
    ] = None,
    png: Annotated[
        Path | None, typer.Option("--png", help="Also write the figures as PNG into this folder.")
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Date the 'next 7 days' start after (YYYY-MM-DD).")
    ] = None,
    standards: StandardsOption = None,
    scenario: ScenarioOption = None,
    backtest: Annotated[
        Path | None, typer.Option("--backtest", help="A backtest folder (borderflow backtest): "
                                  "show how well past forecasts did.")
    ] = None,
) -> None:
    """Write one self-contained HTML brief (works offline): key figures, charts, needs, map,
    skill, assumptions, sources.

    Example:  borderflow report runs/r1 -o brief.html --observations observations.csv --png figures/
    """
    try:
        import plotly  # noqa: F401

        if png:
            import matplotlib  # noqa: F401
    except ImportError:
        raise fail(
            "the report needs plotly (and matplotlib for --png), which borderflow installs: "
            "reinstall it with pip install borderflow"
        ) from None
    check_date("--as-of", as_of)
    check_path("--observations", observations)
    check_path("--standards", standards)
    check_path("--backtest", backtest, "folder")
    check_output("-o", output)
    check_output("--png", png, "folder")
    start = time.perf_counter()
    try:
        with reading(directory, backtest):
            path = build_report(directory, output, observations, png, as_of, standards,
                                scenario, backtest)
    except (ReportError, OutputError, StandardsError) as exc:
        raise fail(str(exc)) from None
    except OSError as exc:
        where = f"-o {output}" + (f" / --png {png}" if png else "")
        raise fail(f"{where}: cannot be written: {exc.strerror or exc}") from None
    size = path.stat().st_size / 1e6
    console.print(
        f"report -> {path} ({size:.1f} MB, {time.perf_counter() - start:.1f} s)",
        markup=False,
        highlight=False,
    )
    if png:
        console.print(f"PNG figures -> {png}", markup=False, highlight=False)


def export_command(
    directory: Annotated[Path, typer.Argument(help="A run or forecast directory.")],
    out: Annotated[
        Path | None, typer.Option("--out", help="Folder for the files (default DIR/export).")
    ] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="Date of the GeoJSON figures (default: the last).")
    ] = None,
    standards: StandardsOption = None,
    scenario: ScenarioOption = None,
) -> None:
    """Write a tidy CSV, an HXL-tagged CSV and a GeoJSON of the crossings with their figures.

    Example:  borderflow export runs/r1 --out share/
    """
    check_path("--standards", standards)
    check_date("--date", date)
    check_output("--out", out, "folder")
    try:
        with reading(directory):
            paths = export(directory, out, date, standards, scenario)
    except (OutputError, StandardsError) as exc:
        raise fail(str(exc)) from None
    except OSError as exc:
        raise fail(f"--out {out}: cannot be written: {exc.strerror or exc}") from None
    for path in paths:
        console.print(f"-> {path}", markup=False, highlight=False)


def compare_command(
    folders: Annotated[list[Path], typer.Argument(help="Run or forecast folders of one scenario "
                                                  "under different policies; the first is "
                                                  "the base.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The HTML page.")] = Path(
        "compare.html"),
    csv: Annotated[Path | None, typer.Option("--csv", help="Also write the differences as "
                                             "CSV.")] = None,
) -> None:
    """Put policies side by side: each variant minus the base, per crossing and day (people in
    line, waits by mode, people turned back, entries per host country, and the needs: water,
    food, toilets, warming places). Forecasts are compared member by member (the same posterior
    and seeds), so the band is that of the difference.

    Example:  borderflow compare runs/base runs/walk -o compare.html --csv compare.csv
    """
    from borderflow.report.compare import write_compare

    check_output("-o", output)
    check_output("--csv", csv)
    try:
        with reading(*folders):
            table = write_compare(folders, output, csv)
    except (ReportError, OutputError) as exc:
        raise fail(str(exc)) from None
    except OSError as exc:
        where = f"-o {output}" + (f" / --csv {csv}" if csv else "")
        raise fail(f"{where}: cannot be written: {exc.strerror or exc}") from None
    console.print(f"{len(table):,} differences -> {output}" + (f", {csv}" if csv else ""),
                  markup=False, highlight=False)
