"""`borderflow report`: one self-contained HTML brief a planner can read offline, and PNG figures.

Library choices:
- plotly for the interactive charts: hover values, zoom and legend toggles help a planner read
  forecast bands; plotly.js (about 5 MB) is inlined ONCE in the page head and every figure is a
  small JSON block after it, so the file works without internet and stays well under 10 MB.
- The map is a plain plotly scatter of longitude/latitude with an equal-area-ish aspect
  (1 degree of latitude drawn 1/cos(mean latitude) times a degree of longitude), crossings sized
  by queue and labelled, origin regions as grey context. Plotly's geo maps fetch their topojson
  from a CDN and tile maps fetch tiles; both fail offline (and log console errors), so neither is
  used: the crossings and their labels always show.
- matplotlib (Agg) draws the same prepared data as PNG for situation reports (`--png DIR`).
- The page itself is a string template (`_report_template.html`) with escaped values: no
  templating dependency.

Runs and forecasts go through one path: a run is an ensemble of one member, so quantiles,
window sums and peaks are computed the same way (per member, then quantiles) and bands are only
drawn when there is more than one member.
"""

# ruff: noqa: E501  (HTML fragments read better unbroken)
from __future__ import annotations

import json
import time
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import Any

import numpy as np
import pandas as pd

from borderflow import _io
from borderflow.assistance.estimate import MIN_QUEUE_KM, Needs, member_needs, needs_from_output
from borderflow.assistance.standards import load_standards
from borderflow.report.cards import CardData, cards_section, hours, km, sig, tomorrow
from borderflow.report.data import (
    NATIONAL_PLACES,
    WINDOW_DAYS,
    Ensemble,
    _match_crossings,
    as_of_date,
    read_observations,
    report_ensemble,
)
from borderflow.report.figures import (
    PALETTE,
    esc,
    write_pngs,
)
from borderflow.report.fit import build_fit, crossing_warnings, fit_figure, fit_section
from borderflow.report.mapping import map_figure
from borderflow.report.notes import (
    assumptions_section,
    events_by_crossing,
    sources_section,
    table_html,
    technical_section,
)
from borderflow.report.panels import panel_figure
from borderflow.report.skill import coverage_figure, load_backtest, pit_figure, skill_section
from borderflow.results.artifacts import Output, open_output

TEMPLATE = Path(__file__).with_name("template.html")
TOP_CROSSINGS = 8


# ---------------------------------------------------------------- formatting


# ---------------------------------------------------------------- sections


@dataclass
class Report:
    """Everything the page shows, prepared once (the HTML and PNG writers only draw)."""

    src: Output
    ens: Ensemble
    needs: Needs
    obs: pd.DataFrame | None
    as_of: pd.Timestamp
    crossings: pd.DataFrame
    figures: dict[str, dict[str, Any]]
    sections: dict[str, str]


def prepare(
    directory: str | Path,
    observations: str | Path | None = None,
    as_of: str | None = None,
    standards: str | Path | None = None,
    scenario: str | Path | None = None,
    backtest: str | Path | None = None,
) -> Report:
    """Read a run or forecast directory (and a backtest's folder, for the section on skill) and
    prepare the figures and tables of the report."""
    src = open_output(directory, scenario)
    ens = report_ensemble(src)
    obs = read_observations(observations) if observations else None
    if obs is not None:  # only what falls in the modelled period
        obs = obs[
            (obs["x"] >= ens.dates.min()) & (obs["x"] <= ens.dates.max() + pd.Timedelta(days=1))
        ]
    when, basis = as_of_date(src, ens, as_of)
    std = load_standards(standards)
    card_data = CardData.build(ens, member_needs(src, std))
    first = tomorrow(ens.dates, when)
    if first is not None:  # the 7 days start tomorrow, the first whole modelled day
        when = first - pd.Timedelta(days=1)
    crossings = src.crossings()
    for col in ("name", "country", "lat", "lon"):
        if col not in crossings:
            crossings[col] = np.nan
    ids = sorted(set(ens.ids("crossing", "queue_km")) | set(ens.ids("crossing", "queue_people")))
    crossings = crossings.reindex(sorted(set(crossings.index) | set(ids)))
    crossings["name"] = crossings["name"].where(
        crossings["name"].notna(), crossings.index.to_series()
    )
    need = needs_from_output(src, std)
    labels = dict(zip(crossings.index, crossings["name"], strict=True))

    peak_q = ens.window("crossing", "queue_people", when, "max")
    order = list(
        ens.window("crossing", "queue_km", when, "max").sort_values("q50", ascending=False).index
    )
    top = [c for c in order if c in ids][:TOP_CROSSINGS]

    def busiest(title: str, unit: str, metric: str) -> dict[str, Any]:
        qs = ens.quantiles("crossing", metric)
        series = {c: qs[c] for c in top if c in qs}  # busiest first
        return panel_figure(title, unit, series, labels, ens.members, when,
                            _obs_by(obs, metric, "crossing", crossings))

    figures = {
        "entries": entries_figure(ens, when, _obs_by(obs, "daily_entries", "place")),
        "queue": busiest("Length of the car queue, busiest crossings", "km", "queue_km"),
        "wait": busiest("Wait of those who crossed (by car where cars pass), busiest crossings",
                        "hours", "wait_hours"),
        "map": map_figure(
            crossings,
            _regions(src),
            peak_q["q50"] if len(peak_q) else pd.Series(dtype=float),
            _map_hover(ens, when, crossings.index),
            crossings_in_use(ens),
        ),
    }
    fit = build_fit(src, observations, ens.dates) if observations else None
    if fit is not None and not fit.rows.empty:
        figures = {"fit": fit_figure(fit), **figures}
    summary = None
    if backtest is not None:
        summary, table = load_backtest(backtest)
        figures["coverage"], figures["pit"] = coverage_figure(summary), pit_figure(table)
    report = Report(src, ens, need, obs, when, crossings, figures, {})
    report.sections = {
        "fit": fit_section(fit),
        "skill": skill_section(summary, backtest),
        "key": _uncalibrated_banner(src) + _partial_note(ens) + key_figures(report),
        "cards": cards_section(card_data, crossings, when, ens.members, basis,
                               crossing_warnings(fit),
                               events_by_crossing(src.scenario_toml().get("events", []), crossings)),
        "needs": needs_section(report),
        "assumptions": assumptions_section(report),
        "sources": sources_section(report),
        "technical": technical_section(report),
    }
    return report


def _uncalibrated_banner(src: Output) -> str:
    """A run made from the scenario's defaults says so first: its figures are not fitted to
    any report (an older run.json, without the field, is not judged)."""
    source = str(src.manifest.get("parameters_from", ""))
    if src.kind != "run" or "uncalibrated" not in source:
        return ""
    return ('<p class="lead" style="background:#fff3cd;padding:0.6em;border-left:4px solid '
            '#e0a800"><strong>Uncalibrated.</strong> This run uses the scenario\'s default '
            "parameters, not fitted to any report: its figures can be far from what happened. "
            "Calibrate on reported figures, or forecast from a posterior, for figures to plan "
            "on.</p>")


def _regions(src: Output) -> pd.DataFrame | None:
    if src.scenario_dir and (src.scenario_dir / "regions.csv").exists():
        return pd.read_csv(src.scenario_dir / "regions.csv").dropna(subset=["lat", "lon"])
    return None


def entries_figure(
    ens: Ensemble, when: pd.Timestamp, obs: dict[str, pd.DataFrame]
) -> dict[str, Any]:
    """Entries per day of the host countries, largest first, as many as there are colours."""
    shown = chart_countries(ens.quantiles("destination", "daily_entries"), obs, len(PALETTE))
    total = len(ens.ids("destination", "daily_entries"))
    title = "Entries per day, by host country" + (
        f" ({len(shown)} of {total}: the reported and the largest; all in Key figures)"
        if len(shown) < total
        else ""
    )
    return panel_figure(title, "People per day", shown, {}, ens.members, when, obs)


def chart_countries(
    series: dict[str, pd.DataFrame], reported: Collection[str], most: int
) -> dict[str, pd.DataFrame]:
    """Of `series` (country -> daily quantiles), the countries with reported figures and then
    the largest others by median entries over the period, `most` in all, largest first: one
    colour each (15 lines in 10 colours gave Georgia and Uzbekistan the same one)."""
    order = sorted(series, key=lambda c: -np.nansum(series[c]["q50"].to_numpy()))
    keep = [c for c in order if c in reported][:most]
    keep += [c for c in order if c not in keep][: most - len(keep)]
    return {c: series[c] for c in order if c in keep}


def _obs_by(
    obs: pd.DataFrame | None, metric: str, by: str, crossings: pd.DataFrame | None = None
) -> dict[str, pd.DataFrame]:
    if obs is None:
        return {}
    rows = obs[obs["metric"] == metric]
    if by == "place":
        rows = rows[
            rows["crossing"].fillna("").eq("") & ~rows["place"].str.lower().isin(NATIONAL_PLACES)
        ]
        return {p: g for p, g in rows.groupby("place")}
    rows = rows.assign(cid=_match_crossings(rows, crossings)) if len(rows) else rows.assign(cid="")
    return {c: g for c, g in rows.groupby("cid") if c}


def crossings_in_use(ens: Ensemble) -> set[str]:
    """Crossings that anyone crosses or queues at on a day shown, in any member."""
    used: set[str] = set()
    for metric in ("daily_entries", "queue_people"):
        ids, arr = ens.get("crossing", metric)
        busy = np.nan_to_num(arr).max(axis=(0, 1)) >= 1 if arr.size else np.zeros(0, bool)
        used |= {i for i, b in zip(ids, busy, strict=True) if b}
    return used


def _map_hover(ens: Ensemble, when: pd.Timestamp, ids: pd.Index) -> dict[str, str]:
    parts = {
        m: ens.window("crossing", m, when, "max")
        for m in ("queue_people", "queue_km", "wait_hours")
    }
    out = {}
    for cid in ids:
        vals = [
            f"{label}: {write(parts[m].at[cid, 'q50']) if cid in parts[m].index else '–'}"
            for m, label, write in (
                ("queue_people", "peak people in line", sig),
                ("queue_km", "peak queue, km", km),
                ("wait_hours", "peak wait, hours", hours),
            )
        ]
        out[cid] = "<br>".join(vals) + "<br>(next 7 days)"
    return out


def window_label(r: Report) -> str:
    start, end = r.as_of + pd.Timedelta(days=1), r.as_of + pd.Timedelta(days=WINDOW_DAYS)
    return f"{start.day} {start:%b} – {end.day} {end:%b %Y}"


def key_figures(r: Report) -> str:
    """Entries per host country over the 7 days (the crossing cards follow)."""
    m = r.ens.members
    entries = r.ens.window("destination", "daily_entries", r.as_of, "sum").sort_values(
        "q50", ascending=False
    )
    rows = [[esc(c), _q_text(q, m)] for c, q in entries.iterrows()]
    band = "median (90% of the simulated futures in brackets)" if m > 1 else "one run"
    return (
        f"<p class=lead>Next {WINDOW_DAYS} days: <b>{window_label(r)}</b>; {band}.</p>"
        f"<h3>Expected entries per host country</h3>"
        f"{table_html(['host country', f'entries in the {WINDOW_DAYS} days'], rows, 'key')}"
    )


def _q_text(row: pd.Series, members: int) -> str:
    """A count's median to two significant figures, with the 90% band on a forecast."""
    if members <= 1:
        return sig(row["q50"])
    return f"{sig(row['q50'])} <span class=range>({sig(row['q05'])}–{sig(row['q95'])})</span>"


def _partial_note(ens: Ensemble) -> str:
    """Which days are left out because the model covers them only in part."""
    if not ens.partial:
        return ""
    days = ", ".join(f"{d:%d %b %Y}" for d in ens.partial)
    return (f"<p class=partial>Left out of every chart and table: {esc(days)}, which the model "
            "covers only in part (it starts or stops during the day), so their totals would "
            "show as a false drop.</p>")


def _needs_in_days(r: Report) -> pd.DataFrame:
    """The long needs table on the days the report shows (whole modelled days)."""
    t = r.needs.long()
    return t[pd.to_datetime(t["date"]).isin(r.ens.dates)]


def _needs_window(r: Report) -> pd.DataFrame:
    """Per crossing, the peak day over the 7 days of each daily need: the highest daily median
    and the highest daily 5th and 95th percentiles (`NAME`, `NAME_q05`, `NAME_q95`), and the
    worst night cold."""
    t = _needs_in_days(r)
    dates = pd.to_datetime(t["date"])
    t = t[(dates > r.as_of) & (dates <= r.as_of + pd.Timedelta(days=WINDOW_DAYS))]

    def peak(col: str) -> pd.DataFrame:
        return t.pivot_table(index=["crossing", "date"], columns="need", values=col,
                             aggfunc="first").groupby(level=0).max()

    return (peak("q50").join(peak("q05").add_suffix("_q05")).join(peak("q95").add_suffix("_q95"))
            .join(t.groupby("crossing")["cold_risk"].agg(_worst)))


def _worst(bands: pd.Series) -> str:
    order = {"low": 0, "moderate": 1, "high": 2}
    return max(bands, key=lambda b: order.get(b, -1)) if len(bands) else ""


# need, heading, scale, writer: counts to 2 significant figures, per-km rates to 1 decimal
NEEDS_COLUMNS = (
    ("people_peak", "most in line at one time", 1, sig),
    ("people_overnight", "in line overnight", 1, sig),
    ("water_l", "water, litres a day", 1, sig),
    ("food_kcal", "food rations a day (2,100 kcal)", 1 / 2100, sig),
    ("toilets", "toilets", 1, sig),
    ("warming_places", "warming places", 1, sig),
    ("people_per_km", "people per km of queue", 1, sig),
    ("toilets_per_km", "toilets per km", 1, km),
)


def _needs_rows(r: Report) -> str:
    peak = _needs_window(r)
    if peak.empty or "people_peak" not in peak:
        return f"<p>No one in line in {window_label(r)}.</p>"
    peak = peak[peak["people_peak"] >= 0.5].sort_values("people_peak", ascending=False)
    fc = r.ens.members > 1
    rows = []
    for cid, row in peak.iterrows():
        cells = [esc(r.crossings.at[cid, "name"]) if cid in r.crossings.index else esc(cid)]
        for col, _, scale, write in NEEDS_COLUMNS:
            text = write(row.get(col, np.nan) * scale)
            if fc and f"{col}_q95" in row and np.isfinite(row[f"{col}_q95"]):
                text += (f" <span class=range>({write(row[f'{col}_q05'] * scale)}–"
                         f"{write(row[f'{col}_q95'] * scale)})</span>")
            cells.append(text)
        cells.append(esc(row.get("cold_risk", "")))
        rows.append(cells)
    header = ["crossing", *[h for _, h, _, _ in NEEDS_COLUMNS], "night cold (wind chill)"]
    return table_html(header, rows, "needs")


def _warming_note(std: pd.DataFrame) -> str:
    """What drives warming places and what drives the night cold, from the planning figures."""
    v = std["value"].astype(float)
    return (
        f"Warming places are counted for the people spending the night in line, whatever the weather: "
        f"{v['warming_share_foot']:.0%} of those on foot and {v['warming_share_car']:.0%} of those in cars "
        "(fuel, water and heat run out on a wait of days). The night cold column rates the cold alone, "
        f"from the wind chill at the night's low: moderate from {v['windchill_moderate_c']:g} °C, high from "
        f"{v['windchill_high_c']:g} °C; 'low' beside many warming places means many people in line overnight, "
        "not a cold night.")


def needs_section(r: Report) -> str:
    n = r.needs
    note = (
        "For each crossing, the highest daily median in the 7 days of each need; in brackets, as "
        "in the cards, the range holding 90% of the simulated futures (the highest daily 5th and "
        "95th percentiles)." if r.ens.members > 1 else "For each crossing, the peak day in the 7 days."
    )
    note += " " + _warming_note(n.standards)
    std_rows = [
        [esc(s["name"]), esc(f"{s['value']:,.2f}".rstrip("0").rstrip(".")), esc(s["unit"]),
         esc(s["origin"]), esc(s["source"])]
        for _, s in n.standards.reset_index().iterrows()
    ]
    daily = _needs_in_days(r).pivot_table(index=["date", "name"], columns="need", values="q50",
                                          aggfunc="first").reset_index()
    daily = daily[daily.get("people_peak", 0) >= 0.5]
    drows = [
        [esc(rec["date"]), esc(rec["name"])]
        + [write(rec.get(col, np.nan) * scale) for col, _, scale, write in NEEDS_COLUMNS]
        for _, rec in daily.iterrows()
    ]
    header = ["date", "crossing", *[h for _, h, _, _ in NEEDS_COLUMNS]]
    return (
        f"<p>{note} Per-km figures are per kilometre of the car queue: people do not leave their place to find "
        f"services, so water, food and toilets must come to the line. They are given only where the queue is at "
        f"least {MIN_QUEUE_KM:g} km ('–' otherwise): on a shorter line a figure per km means little. Temperature: {esc(n.notes['temperature'])}. "
        f"'Most in line at one time': {esc(n.notes['peak'])}.</p>{_needs_rows(r)}"
        f"<details><summary>Every crossing and day{' (medians)' if r.ens.members > 1 else ''}</summary>"
        f"{table_html(header, drows, 'daily')}</details>"
        f"<details><summary>Planning figures used</summary>{table_html(['name', 'value', 'unit', 'origin', 'source'], std_rows, 'std')}</details>"
    )


# ---------------------------------------------------------------- writers


def render_html(r: Report) -> str:
    """The page: plotly.js inlined once, then each figure as a JSON block drawn on load."""
    from plotly.offline import get_plotlyjs

    figs = {k: {"data": f["data"], "layout": f["layout"]} for k, f in r.figures.items()}
    config = {
        "displaylogo": False,
        "responsive": True,
        "modeBarButtonsToRemove": ["sendDataToCloud"],
    }
    toml = r.src.scenario_toml()
    values = {
        "title": esc(f"borderflow brief — {toml.get('title', toml.get('name', r.src.path.name))}"),
        "subtitle": esc(f"{_period(r)} · built {time.strftime('%Y-%m-%d %H:%M')}"),
        "plotlyjs": get_plotlyjs().replace("</script>", "<\\/script>"),
        # "<" as \u003c: no name (a "</script>", a "<!--") can end or comment out the script
        "figures": json.dumps(figs, separators=(",", ":")).replace("<", "\\u003c"),
        "config": json.dumps(config),
        **r.sections,
    }
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(values)


def _period(r: Report) -> str:
    """What the brief covers: a forecast's days (and where its model starts), or a run's."""
    first, last = r.ens.dates.min(), r.ens.dates.max()
    m = r.src.manifest
    if r.src.kind != "forecast" or not m.get("from"):
        return f"Single run · {first.day} {first:%b} – {last.day} {last:%b %Y}"
    start, end = pd.Timestamp(m["from"]), pd.Timestamp(m.get("horizon_end") or last)
    since = pd.Timestamp(str(m.get("start") or first)[:10])
    return (f"Forecast {start.day} {start:%b} – {end.day} {end:%b %Y}, {r.ens.members} simulated "
            f"futures; model from {since.day} {since:%b}, reports up to {_day(m.get('cutoff'))}")


def _day(value: Any) -> str:
    return "?" if not value else f"{pd.Timestamp(str(value)).day} {pd.Timestamp(str(value)):%b}"


def build_report(
    directory: str | Path,
    output: str | Path | None = None,
    observations: str | Path | None = None,
    png: str | Path | None = None,
    as_of: str | None = None,
    standards: str | Path | None = None,
    scenario: str | Path | None = None,
    backtest: str | Path | None = None,
) -> Path:
    """Write the HTML brief of a run or forecast directory (and PNGs into `png`); return its path."""
    r = prepare(directory, observations, as_of, standards, scenario, backtest)
    target = Path(output) if output else Path(directory) / "report.html"
    _io.write_text(target, render_html(r))
    if png:
        write_pngs(r.figures, r.as_of, png)
    return target


# ---------------------------------------------------------------- CLI
