"""Crossing cards: for each busy crossing, tomorrow and the 7 days from tomorrow, what a planner
asks first: people in line by car and on foot, waits by mode, people turned back, stopped or
giving up, and needs in planning units (rations, litres of water, toilets, warming places).

Every figure is computed per member first (a run is one member) and only then reduced to the
median and the 90% band (5th-95th percentile), so a week's total or peak of a forecast is the
quantile of the members' totals or peaks. Numbers are rounded to what they mean: counts to two
significant figures, hours to whole hours, km to one decimal.
"""

# ruff: noqa: E501  (HTML fragments read better unbroken)
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from borderflow.report.data import WINDOW_DAYS, Ensemble
from borderflow.report.figures import esc
from borderflow.results.quantiles import QCOLS, member_quantiles

CARDS = 6  # crossings with a card: the busiest by people in line over the 7 days
PEAK = (
    "<b>Peak</b> means the highest daily figure in the 7 days: for people in line, the day's "
    "average number in line; for waits, the day's average wait of those who crossed. On a "
    "forecast each simulated future has its own peak and total; the page gives their median and, "
    "in brackets, the range that holds 90% of them."
)


def sig(x: float, digits: int = 2) -> str:
    """A count to `digits` significant figures with thousands separators (9408.8 -> 9,400);
    below one half, 0."""
    if x is None or not np.isfinite(x):
        return "–"
    if abs(x) < 0.5:
        return "0"
    shift = digits - 1 - math.floor(math.log10(abs(x)))
    value = round(x, shift)
    if abs(value) >= 1e6:
        return f"{value / 1e6:,.{max(0, shift + 6)}f} M"
    return f"{value:,.0f}"


def hours(x: float) -> str:
    """Hours to the whole hour."""
    return "–" if x is None or not np.isfinite(x) else f"{x:,.0f}"


def km(x: float) -> str:
    """Kilometres to one decimal."""
    return "–" if x is None or not np.isfinite(x) else f"{x:,.1f}"


@dataclass(frozen=True)
class Line:
    """One row of a card: a label, where the daily figures come from, how the week sums them
    ("peak" or "total") and how a number is written."""

    label: str
    source: str  # "metric:NAME" of the ensemble or "need:NAME" of the needs
    week: str
    form: str  # "count" | "hours" | "km"
    scale: float = 1.0


LINES = (
    Line("People in line by car or bus", "metric:queue_people_car", "peak", "count"),
    Line("People in line on foot", "metric:queue_people_foot", "peak", "count"),
    Line("Car queue (km)", "metric:queue_km", "peak", "km"),
    Line("Wait by car (hours)", "metric:wait_hours_car", "peak", "hours"),
    Line("Wait by bus (hours)", "metric:wait_hours_bus", "peak", "hours"),
    Line("Wait on foot (hours)", "metric:wait_hours_foot", "peak", "hours"),
    Line("Turned back (at the border or on the road)", "metric:daily_turned_back", "total", "count"),
    Line("Stopped at the border (screening)", "metric:daily_stopped", "total", "count"),
    Line("Gave up (on seeing the line, or after waiting)", "metric:daily_reneged", "total",
         "count"),
    Line("Food rations (2,100 kcal each)", "need:food_kcal", "total", "count", 1 / 2100),
    Line("Drinking water (litres)", "need:water_l", "total", "count"),
    Line("Toilets", "need:toilets", "peak", "count"),
    Line("Warming places for the night", "need:warming_places", "peak", "count"),
)
GLOSSARY = (
    ("Turned back", "sent away by a closure of the crossing (to their mode, visa or home "
     "region): from the line when it closed, at the border on arrival, or, on the road to it, "
     "when they heard of it (counted that day at that crossing)."),
    ("Stopped", "men held at the border by screening (for call-up papers)."),
    ("Gave up", "reached the line and left without crossing: on arrival, seeing a wait longer than "
     "they would stay, or after waiting as long as they would. Some try another "
     "crossing, the others go home. Car passengers who leave the car to walk count here for "
     "the car line, and join the foot line."),
    ("Rations", "one day's food for one person, 2,100 kcal (Sphere), more in the cold."),
)
FORMS = {"count": sig, "hours": hours, "km": km}
SPIKES = ("metric:daily_turned_back", "metric:daily_stopped", "metric:daily_reneged")
FLAGGED = {  # a fit panel's series -> the card line its out-of-band reports sit under
    "wait_hours": "metric:wait_hours_car", "queue_km": "metric:queue_km",
    "queue_vehicles": "metric:queue_people_car",
}


@dataclass
class CardData:
    """The daily figures the cards read: member x date x crossing arrays by source name."""

    dates: pd.DatetimeIndex
    ids: list[str]
    arrays: dict[str, np.ndarray]

    @classmethod
    def build(cls, ens: Ensemble, needs: tuple[pd.DatetimeIndex, list[str], dict[str, np.ndarray]]) -> CardData:
        ids = sorted(set(ens.ids("crossing", "queue_people")))
        arrays: dict[str, np.ndarray] = {}
        for line in LINES:
            kind, name = line.source.split(":")
            if kind == "metric":
                got, arr = ens.get("crossing", name)
                col = {c: j for j, c in enumerate(got)}
                arrays[line.source] = np.stack(
                    [arr[:, :, col[c]] if c in col else np.full(arr.shape[:2], np.nan) for c in ids], axis=2)
            else:
                n_dates, n_ids, values = needs
                d_idx = pd.DatetimeIndex(n_dates).get_indexer(ens.dates)
                c_idx = {c: j for j, c in enumerate(n_ids)}
                full = np.full((ens.members, len(ens.dates), len(ids)), np.nan)
                for j, c in enumerate(ids):
                    if c in c_idx:
                        src = values[name][:, :, c_idx[c]]
                        full[:, d_idx >= 0, j] = src[:, d_idx[d_idx >= 0]]
                arrays[line.source] = full
        return cls(ens.dates, ids, arrays)


def tomorrow(dates: pd.DatetimeIndex, as_of: pd.Timestamp) -> pd.Timestamp | None:
    """The first whole modelled day after `as_of`."""
    later = dates[dates > as_of]
    return later.min() if len(later) else None


def over_days(values: np.ndarray, how: str) -> np.ndarray:
    """Per member, the peak or total over axis 1 (NaN where every day is NaN)."""
    with np.errstate(all="ignore"):
        empty = np.all(np.isnan(values), axis=1)
        agg = np.nansum(values, axis=1) if how == "total" else np.nanmax(
            np.where(np.isnan(values), -np.inf, values), axis=1)
    return np.where(empty, np.nan, agg)


def cell(per_member: np.ndarray, form: str, scale: float) -> str:
    """Median, and on a forecast the 90% band, written in the line's form."""
    write = FORMS[form]
    per_member = per_member * scale
    if len(per_member) == 1:
        return write(float(per_member[0]))
    q = dict(zip(QCOLS, member_quantiles(per_member[:, None])[:, 0], strict=True))
    return f"{write(q['q50'])} <span class=range>({write(q['q05'])}–{write(q['q95'])})</span>"


def busy_crossings(data: CardData, first: pd.Timestamp, most: int = CARDS) -> list[str]:
    """The crossings with people in line in the 7 days, busiest first (median of the members'
    peak number in line, car and foot)."""
    sel = _week(data.dates, first)
    people = np.nan_to_num(data.arrays["metric:queue_people_car"]) + np.nan_to_num(
        data.arrays["metric:queue_people_foot"])
    peak = np.median(people[:, sel, :].max(axis=1), axis=0) if sel.any() else np.zeros(len(data.ids))
    order = np.argsort(-peak, kind="stable")
    return [data.ids[j] for j in order if peak[j] >= 1][:most]


def _week(dates: pd.DatetimeIndex, first: pd.Timestamp) -> np.ndarray:
    return np.asarray((dates >= first) & (dates < first + pd.Timedelta(days=WINDOW_DAYS)))


def card_html(data: CardData, cid: str, name: str, country: str, first: pd.Timestamp,
              flags: dict[str, str] | None = None,
              events: list[tuple[pd.Timestamp, str]] | None = None) -> str:
    """One crossing's card: a table of LINES, tomorrow and the 7 days; under a line, where
    reports of this crossing fell outside the model's band (`flags`: series -> words), and
    the event behind a day that holds most of the week's people turned back or giving up
    (`events`: the crossing's and its country's, as (day, words))."""
    j = data.ids.index(cid)
    day = np.asarray(data.dates == first)
    week = _week(data.dates, first)
    last = data.dates[week].max()
    flags = dict(flags or {})
    rows = []
    for line in LINES:
        arr = data.arrays[line.source][:, :, j]
        t = arr[:, day][:, 0]
        w = over_days(arr[:, week], line.week)
        if np.all(np.nan_to_num(t) == 0) and np.all(np.nan_to_num(w) == 0):
            continue  # nothing to say (no one on foot, no bus lane)
        mark = [flags.pop(k) for k, src in FLAGGED.items() if src == line.source and k in flags]
        rows.append(
            f"<tr{' class=flagged' if mark else ''}><td>{esc(line.label)}{' ⚠' if mark else ''}</td>"
            f"<td>{cell(t, line.form, line.scale)}</td>"
            f"<td>{cell(w, line.form, line.scale)}</td><td class=how>{line.week}</td></tr>")
        rows += [_flag_row(text) for text in mark]
        if line.source in SPIKES:
            rows += _spike_row(arr, data.dates, week, events)
    rows += [_flag_row(text) for text in flags.values()]  # series with no line of their own
    head = (f"<tr><th></th><th>Tomorrow, {first:%a %d %b}</th>"
            f"<th>{first.day} {first:%b} – {last.day} {last:%b}</th><th></th></tr>")
    return (f'<div class=card data-crossing="{esc(cid)}"><h3>{esc(name)} <span class=range>{esc(country)}</span></h3>'
            f"<table class=cardtable><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table></div>")


def _spike_row(arr: np.ndarray, dates: pd.DatetimeIndex, week: np.ndarray,
               events: list[tuple[pd.Timestamp, str]] | None) -> list[str]:
    """A note tying the week's busiest day of a count to the event on that day or the day
    before, when that day holds at least half of the week's total (on the median)."""
    with np.errstate(all="ignore"):
        daily = np.nanmedian(arr[:, week], axis=0)
    total = np.nansum(daily)
    if not events or not total > 0:
        return []
    k = int(np.nanargmax(daily))
    day = dates[week][k]
    if daily[k] < total / 2:
        return []
    same = [w for d, w in events if d == day]
    before = [w for d, w in events if d == day - pd.Timedelta(days=1)]
    if not same and not before:
        return []
    when = "that day " if same else f"the day before, on {(day - pd.Timedelta(days=1)).day} {day - pd.Timedelta(days=1):%b}, "
    return [f"<tr class=note><td colspan=4>Most of them on {day.day} {day:%b} "
            f"({sig(daily[k])}): {when}{esc('; '.join(same or before))}.</td></tr>"]


def _flag_row(text: str) -> str:
    """A warning under a card's figure: the model is off the reports for this series."""
    return f"<tr class=flag><td colspan=4>⚠ {esc(text[:1].upper() + text[1:])}</td></tr>"


def cards_section(data: CardData, crossings: pd.DataFrame, as_of: pd.Timestamp, members: int, basis: str,
                  flags: dict[str, dict[str, str]] | None = None,
                  events: dict[str, list[tuple[pd.Timestamp, str]]] | None = None) -> str:
    """The section: when 'tomorrow' is, the one definition of peak, a card per busy crossing
    (with `flags`: crossing -> series -> where its reports fell outside the model's band)
    and what the words mean."""
    first = tomorrow(data.dates, as_of)
    if first is None:
        return "<p>No whole modelled day after the as-of date: no cards.</p>"
    ids = busy_crossings(data, first)
    band = ("Each cell gives the median of the forecast's simulated futures and, in brackets, "
            "the range holding 90% of them." if members > 1 else "One run: one figure per cell.")
    intro = (f"<p class=lead><b>Tomorrow</b> is {first:%A %d %B %Y}: the first whole modelled day after "
             f"{esc(basis)}. The second column covers the 7 days from tomorrow. {band}</p>"
             f"<p class=peak>{PEAK} Food and water are totals over the 7 days; toilets and "
             "warming places are for the peak day (what must be in place).</p>")
    cards = "".join(
        card_html(data, c, str(crossings.at[c, "name"]) if c in crossings.index else c,
                  str(crossings.at[c, "country"]) if c in crossings.index and isinstance(crossings.at[c, "country"], str) else "",
                  first, (flags or {}).get(c), (events or {}).get(c))
        for c in ids)
    words = "".join(f"<dt>{esc(w)}</dt><dd>{esc(d)}</dd>" for w, d in GLOSSARY)
    return (intro + (f"<div class=cardgrid>{cards}</div>" if cards else "<p>No one in line in these 7 days.</p>")
            + f"<dl class=glossary>{words}</dl>")
