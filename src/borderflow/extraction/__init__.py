"""Read news reports and propose observations: `extract(texts, published, ...)`.

In the first days of a crisis the only data are news reports. `extract` turns report text into
candidate observation rows (the observation columns plus `quote`, `confidence`, `status`) that a
person reviews before calibrating. Everything is plain rules over regular expressions, the
standard library and pandas: no model, nothing downloaded, the same output on every machine, and
every decision traceable to one rule in `numbers`, `dates`, `gazetteer` or `rules`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import pandas as pd

from borderflow.extraction.dates import parse_date
from borderflow.extraction.document import read_report
from borderflow.extraction.reader import Row
from borderflow.scenario.gazetteer import Gazetteer, default_gazetteer

__all__ = ["COLUMNS", "REFERENCE_ANNOUNCED", "Gazetteer", "extract", "merge_candidates"]

COLUMNS = [
    "metric",
    "place",
    "crossing",
    "date_from",
    "date_to",
    "value",
    "low",
    "high",
    "reported_on",
    "source",
    "url",
    "quote",
    "confidence",
    "status",
    "rule",
]
REFERENCE_ANNOUNCED = date(2022, 9, 21)  # Russia's partial mobilization order (reference case)
_KEY = ["metric", "place", "crossing", "date_from", "value", "low", "high"]


def _as_date(value: date | str, name: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return parse_date(str(value))
    except ValueError as exc:
        raise ValueError(f"{name}: {exc}") from None


def _record(row: Row, published: date, source: str, url: str) -> dict[str, object]:
    cited = f"{source} quoting {row.who}" if source and row.who else (source or row.who)
    return {
        "metric": row.metric,
        "place": row.place,
        "crossing": row.crossing,
        "date_from": row.date_from.isoformat() if row.date_from else "",
        "date_to": row.date_to.isoformat() if row.date_to else "",
        "value": row.value,
        "low": row.low,
        "high": row.high,
        "reported_on": published.isoformat(),
        "source": cited,
        "url": url,
        "quote": row.quote if not row.notes else f"{row.quote} [{'; '.join(row.notes)}]",
        "confidence": row.confidence,
        "status": "candidate",
        "rule": row.rule,
    }


def extract(
    texts: str | Iterable[str],
    published: date | str,
    source: str | Sequence[str] | None = None,
    gazetteer: Gazetteer | None = None,
    announced: date | str | None = None,
    url: str = "",
    keep_other: bool = False,
) -> pd.DataFrame:
    """Candidate observations in `texts` (one string per report), published on `published`.

    `source` names the outlet (one name, or one per text); `announced` is the date of the order
    that "since the announcement" refers to (default: the reference case, 21 Sep 2022);
    `keep_other` also returns figures recognised as not observing the flows (metric `other`).
    The same figure in several reports becomes one row listing every source.
    """
    day = _as_date(published, "published")
    start = _as_date(announced, "announced") if announced is not None else REFERENCE_ANNOUNCED
    gaz = gazetteer if gazetteer is not None else default_gazetteer()
    items = [texts] if isinstance(texts, str) else list(texts)
    names = [source] * len(items) if source is None or isinstance(source, str) else list(source)
    if len(names) != len(items):
        raise ValueError(f"source: {len(names)} names for {len(items)} texts")
    records = [
        _record(row, day, name or "", url)
        for text, name in zip(items, names, strict=True)
        for row in read_report(text, gaz, day, start, keep_other)
    ]
    return merge_candidates(pd.DataFrame(records, columns=COLUMNS))


def _close(a: str, b: str, days: int) -> bool:
    if not a or not b:
        return a == b
    return abs((date.fromisoformat(a) - date.fromisoformat(b)).days) <= days


def merge_candidates(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per figure: equal metric, place, crossing, start, value and bounds, and an end date
    equal (daily figures) or within two days (cumulative counts repeated by later reports) merge;
    their sources are listed, the earliest report's dates and quote kept. Conflicts stay apart."""
    merged: list[dict[str, object]] = []
    for record in frame.sort_values("reported_on", kind="stable").to_dict("records"):
        key = [_norm(record[k]) for k in _KEY]
        slack = (
            2
            if record["metric"] in ("cumulative_entries", "cumulative_departures", "call_ups")
            else 0
        )
        for kept in merged:
            if [_norm(kept[k]) for k in _KEY] == key and _close(
                str(kept["date_to"]), str(record["date_to"]), slack
            ):
                sources = [s for s in str(kept["source"]).split("; ") if s]
                if record["source"] and record["source"] not in sources:
                    kept["source"] = "; ".join([*sources, str(record["source"])])
                kept["confidence"] = max(
                    float(str(kept["confidence"])), float(str(record["confidence"]))
                )
                break
        else:
            merged.append(dict(record))
    out = pd.DataFrame(merged, columns=COLUMNS)
    for column in ("value", "low", "high", "confidence"):
        out[column] = pd.to_numeric(out[column]).astype(float)
    return out.reset_index(drop=True)


def _norm(value: object) -> object:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return value
