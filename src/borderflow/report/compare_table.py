"""The compare page's summary table: per variant, for the busiest crossings, tomorrow and the 7
days from tomorrow, the variant minus the base in people in line, waits by mode, people turned
back and entries; on forecasts the median difference and its 90% band, member by member.

As on the brief's cards, every figure is taken per member first (the day's figure, or the 7
days' peak or total) and only then reduced to quantiles. A wait where one side served no one
(most of its members have no wait) is not a difference: it reads "new" or "none now".
"""

# ruff: noqa: E501  (HTML fragments read better unbroken)
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from borderflow.report.cards import CARDS, hours, over_days, sig
from borderflow.report.data import WINDOW_DAYS
from borderflow.report.figures import esc
from borderflow.report.notes import table_html
from borderflow.results.quantiles import QCOLS, member_quantiles

SUMMARY = (  # (metric, what a planner reads, how the 7 days reduce it, how it is written)
    ("queue_people", "people in line", "peak", "count"),
    ("wait_hours_car", "wait by car (h)", "peak", "hours"),
    ("wait_hours_bus", "wait by bus (h)", "peak", "hours"),
    ("wait_hours_foot", "wait on foot (h)", "peak", "hours"),
    ("daily_turned_back", "people turned back", "total", "count"),
    ("daily_entries", "entries", "total", "count"),
)
FORMS = {"count": sig, "hours": hours}
NOTHING = ("0", "–", "0 <span class=range>(0 to 0)</span>")  # a line whose cells all read so
# is left out: the policy changes nothing there (a 0 median with a band is kept)


@dataclass(frozen=True)
class Pair:
    """A variant beside the base: the same series (member x date x series) of both."""

    variant: str
    dates: pd.DatetimeIndex
    keys: list[tuple[str, str, str]]
    base: np.ndarray
    other: np.ndarray


def signed(x: float, form: str) -> str:
    """A difference with its sign (+1,200, −300, 0)."""
    text = FORMS[form](abs(x))
    return text if text in ("0", "–") else f"{'+' if x > 0 else '−'}{text}"


def difference_cell(a: np.ndarray, b: np.ndarray, form: str) -> str:
    """The variant (b) minus the base (a), per member, as the median and 90% band; a figure
    that only one side has (most of its members) reads "new" or "none now"."""
    write = FORMS[form]
    qa, qb = (member_quantiles(x[:, None])[:, 0] for x in (a, b))
    mid = QCOLS.index("q50")
    if np.isnan(qa[mid]) and np.isnan(qb[mid]):
        return "–"
    if np.isnan(qa[mid]):
        return f"new: {write(qb[mid])} <span class=range>(none before)</span>"
    if np.isnan(qb[mid]):
        return f"none now <span class=range>(was {write(qa[mid])})</span>"
    d = member_quantiles((b - a)[:, None])[:, 0]
    if len(a) == 1:
        return signed(d[mid], form)
    return (f"{signed(d[mid], form)} <span class=range>({signed(d[0], form)} to "
            f"{signed(d[-1], form)})</span>")


def busiest(pair: Pair, week: np.ndarray, most: int = CARDS) -> list[str]:
    """The crossings with the most people in line in the 7 days under either policy (the
    median of the members' peaks), busiest first."""
    col = {k: j for j, k in enumerate(pair.keys)}
    ids = sorted({i for k, i, m in pair.keys if k == "crossing" and m == "queue_people"})
    peaks = []
    for cid in ids:
        j = col[("crossing", cid, "queue_people")]
        peaks.append(max(float(np.nanmedian(over_days(x[:, week, j], "peak")))
                         for x in (pair.base, pair.other)))
    order = np.argsort(-np.nan_to_num(np.array(peaks)), kind="stable")
    return [ids[k] for k in order if peaks[k] >= 1][:most]


def summary_rows(pair: Pair, first: pd.Timestamp, names: dict[str, str]) -> list[list[str]]:
    """Rows (crossing, what, tomorrow, the 7 days) of one variant; lines where the policy
    changes nothing left out."""
    col = {k: j for j, k in enumerate(pair.keys)}
    day = np.asarray(pair.dates == first)
    week = np.asarray((pair.dates >= first) & (pair.dates < first + pd.Timedelta(days=WINDOW_DAYS)))
    rows = []
    for cid in busiest(pair, week):
        for metric, what, how, form in SUMMARY:
            j = col.get(("crossing", cid, metric))
            if j is None:
                continue
            a, b = pair.base[:, :, j], pair.other[:, :, j]
            cells = [difference_cell(a[:, day][:, 0], b[:, day][:, 0], form),
                     difference_cell(over_days(a[:, week], how), over_days(b[:, week], how), form)]
            if all(c in NOTHING for c in cells):
                continue
            first_line = not rows or rows[-1][0] != cid
            rows.append([cid, f"<b>{esc(names.get(cid, cid))}</b>" if first_line else "",
                         f"{esc(what)} <span class=range>({how})</span>", *cells])
    return [row[1:] for row in rows]


def summary_section(pairs: list[Pair], first: pd.Timestamp | None, names: dict[str, str],
                    members: int) -> str:
    """The table per variant, what tomorrow is, and what the band of a difference means."""
    if first is None or not pairs:
        return ""
    last = first + pd.Timedelta(days=WINDOW_DAYS - 1)
    head = ["crossing", "what", f"tomorrow, {first:%a} {first.day} {first:%b}",
            f"{first.day} {first:%b} – {last.day} {last:%b}"]
    parts = [f"<h2>In numbers</h2><p class=lead>The variant minus the base at the {CARDS} busiest "
             f"crossings: tomorrow is {first:%A} {first.day} {first:%B %Y}, the first whole day "
             f"{'forecast' if members > 1 else 'modelled'}; "
             "the 7 days start then (peak: the highest day; total: the sum over the days). "
             "<i>New</i>: no one crossed there under the base (no wait to compare with); <i>none now</i>: "
             "no one crosses there under the variant.</p>"]
    if members > 1:
        parts.append(
            "<p class=band><b>The band</b> (in brackets, and shaded in the charts) is that of the "
            "difference, member by member: each simulated future is run under both policies with "
            "the same parameters and random numbers, and the band holds 90% of those futures' "
            "differences. A wide band (thousands of people either way) says the policy's effect "
            "depends on what the reports leave uncertain, such as how many would walk, not that "
            "both policies are uncertain.</p>")
    for pair in pairs:
        rows = summary_rows(pair, first, names)
        body = table_html(head, rows, "summary") if rows else "<p>No difference at these crossings.</p>"
        parts.append(f"<h3>{esc(pair.variant)} minus the base</h3>{body}")
    return "".join(parts)
