"""Rows `borderflow extract` finds in a made-up sentence, as tuples to compare."""

from __future__ import annotations

from borderflow.extraction import extract
from borderflow.scenario.gazetteer import Gazetteer


def rows(text: str, gaz: Gazetteer, published: str = "2022-10-05") -> list[tuple]:
    """Rows as (metric, place, crossing, date_from, date_to, value, low, high), NaN as None."""
    out = []
    for r in extract(text, published, source="T", gazetteer=gaz).to_dict("records"):
        nums = [None if v != v else v for v in (r["value"], r["low"], r["high"])]
        out.append((r["metric"], r["place"], r["crossing"], r["date_from"], r["date_to"], *nums))
    return out
