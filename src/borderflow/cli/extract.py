"""`borderflow extract`: read news reports, write candidate observations as CSV."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from borderflow.cli.common import check_output, fail
from borderflow.extraction.dates import parse_date
from borderflow.problems import unreadable

_FLOAT = "%.10g"


def extract_command(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Report text files (UTF-8). Without files, the text is read from stdin."
        ),
    ] = None,
    published: Annotated[
        str, typer.Option("--published", help="Publication date of the reports, YYYY-MM-DD.")
    ] = "",
    source: Annotated[
        str | None,
        typer.Option("--source", help="Outlet name for the source column (default: file name)."),
    ] = None,
    url: Annotated[str, typer.Option("--url", help="URL for the url column.")] = "",
    announced: Annotated[
        str,
        typer.Option("--announced", help="Date of the order that 'since the announcement' means."),
    ] = "2022-09-21",
    gazetteer: Annotated[
        Path | None,
        typer.Option(
            "--gazetteer",
            help="Extra names: CSV with columns alias,kind,id (kind country or crossing).",
        ),
    ] = None,
    crossings: Annotated[
        Path | None,
        typer.Option(
            "--crossings",
            help="Crossings table (id,name,country[,aliases]) to use "
            "instead of the bundled russia-2022 scenario's.",
        ),
    ] = None,
    keep_other: Annotated[
        bool,
        typer.Option("--keep-other", help="Also list figures that observe nothing (metric other)."),
    ] = False,
    min_confidence: Annotated[
        float,
        typer.Option(
            "--min-confidence",
            help="Only rows whose confidence is at least this (0-1; the confidence is the share "
            "of rows of the same rule found right on reports the rules had not been fitted to).",
        ),
    ] = 0.0,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write the CSV here instead of stdout.")
    ] = None,
) -> None:
    """Propose observations from news reports: one CSV row per figure, for a person to review.

    Finds entries, exits, daily rates, queues (cars, km), waits, call-ups and departures, with
    bounds ("more than", "up to", ranges), places, crossings, dates, whom the report cites and the
    sentence each figure came from (quote).
    """
    from borderflow._io import write_text
    from borderflow.extraction import extract
    from borderflow.scenario.gazetteer import Gazetteer, default_gazetteer

    if not published:
        raise fail("--published: required (YYYY-MM-DD)")
    check_output("-o", output)
    if not 0.0 <= min_confidence <= 1.0:
        raise fail(f"--min-confidence: must be a number from 0 to 1, not {min_confidence}")
    for name, value in (("--published", published), ("--announced", announced)):
        try:
            parse_date(value)
        except ValueError as exc:
            raise fail(f"{name}: {exc}") from None
    try:
        gaz = Gazetteer.from_csv(crossings) if crossings else default_gazetteer()
        if gazetteer is not None:
            gaz.extend(gazetteer)
    except (OSError, ValueError, KeyError) as exc:
        raise fail(f"{crossings if crossings and not gazetteer else gazetteer}: {exc}") from None
    texts, names = [], []
    for path in files or []:
        try:
            texts.append(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise fail(f"{path}: {unreadable(exc, path)}") from None
        names.append(source or path.name)
    if not files:
        texts, names = [sys.stdin.read()], [source or "stdin"]
    table = extract(
        texts,
        published,
        source=names,
        gazetteer=gaz,
        announced=announced,
        url=url,
        keep_other=keep_other,
    )
    table = table[table["confidence"] >= min_confidence - 1e-9].reset_index(drop=True)
    text = table.to_csv(index=False, float_format=_FLOAT, lineterminator="\n")
    if output is None:
        sys.stdout.write(text)
    else:
        try:
            write_text(output, text)
        except OSError as exc:
            raise fail(f"-o {output}: cannot be written: {exc.strerror or exc}") from None
        typer.echo(f"{len(table)} candidate rows -> {output}", err=True)
