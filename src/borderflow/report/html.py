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
from borderflow.assistance.estimate import Needs, needs_from_output
from borderflow.assistance.standards import load_standards
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
    line_figure,
    map_figure,
    outlines_source,
    write_pngs,
)
from borderflow.report.skill import coverage_figure, load_backtest, pit_figure, skill_section
from borderflow.results.artifacts import Output, open_output

TEMPLATE = Path(__file__).with_name("template.html")
TOP_CROSSINGS = 8


# ---------------------------------------------------------------- formatting


def fmt(x: float, digits: int = 0) -> str:
    """A number for people: thousands separators, NaN as a dash, large numbers in k/M."""
    if x is None or not np.isfinite(x):
        return "–"
    if abs(x) >= 1e7:
        return f"{x / 1e6:,.1f} M"
    return f"{x:,.{digits}f}"


def fmt_q(row: pd.Series, members: int, digits: int = 0, scale: float = 1.0) -> str:
    """Median, with the 90% range on a forecast."""
    mid = fmt(row["q50"] * scale, digits)
    if members <= 1:
        return mid
    return f"{mid} <span class=range>({fmt(row['q05'] * scale, digits)}–{fmt(row['q95'] * scale, digits)})</span>"


def table_html(header: list[str], rows: list[list[str]], cls: str = "") -> str:
    """An HTML table; cells are already escaped or formatted."""
    head = "".join(f"<th>{h}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


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
    when = as_of_date(src, ens, obs, as_of)
    crossings = src.crossings()
    for col in ("name", "country", "lat", "lon"):
        if col not in crossings:
            crossings[col] = np.nan
    ids = sorted(set(ens.ids("crossing", "queue_km")) | set(ens.ids("crossing", "queue_people")))
    crossings = crossings.reindex(sorted(set(crossings.index) | set(ids)))
    crossings["name"] = crossings["name"].where(
        crossings["name"].notna(), crossings.index.to_series()
    )
    need = needs_from_output(src, load_standards(standards))
    labels = dict(zip(crossings.index, crossings["name"], strict=True))

    peak_q = ens.window("crossing", "queue_people", when, "max")
    order = list(
        ens.window("crossing", "queue_km", when, "max").sort_values("q50", ascending=False).index
    )
    top = [c for c in order if c in ids][:TOP_CROSSINGS]

    def busiest(title: str, unit: str, metric: str) -> dict[str, Any]:
        series = {c: q for c, q in ens.quantiles("crossing", metric).items() if c in top}
        return line_figure(title, unit, series, labels, ens.members, when,
                           _obs_by(obs, metric, "crossing", crossings))

    figures = {
        "entries": entries_figure(ens, when, _obs_by(obs, "daily_entries", "place")),
        "queue": busiest("Queue length (car queue), busiest crossings", "km", "queue_km"),
        "wait": busiest("Wait of those who crossed, busiest crossings", "hours", "wait_hours"),
        "map": map_figure(
            crossings,
            _regions(src),
            peak_q["q50"] if len(peak_q) else pd.Series(dtype=float),
            _map_hover(ens, when, crossings.index),
        ),
    }
    summary = None
    if backtest is not None:
        summary, table = load_backtest(backtest)
        figures["coverage"], figures["pit"] = coverage_figure(summary), pit_figure(table)
    report = Report(src, ens, need, obs, when, crossings, figures, {})
    report.sections = {
        "skill": skill_section(summary, backtest),
        "key": _uncalibrated_banner(src) + key_figures(report, peak_q),
        "needs": needs_section(report),
        "assumptions": assumptions_section(report),
        "sources": sources_section(report),
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
    return line_figure(title, "people per day", shown, {}, ens.members, when, obs)


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


def _map_hover(ens: Ensemble, when: pd.Timestamp, ids: pd.Index) -> dict[str, str]:
    parts = {
        m: ens.window("crossing", m, when, "max")
        for m in ("queue_people", "queue_km", "wait_hours")
    }
    out = {}
    for cid in ids:
        vals = [
            f"{label}: {fmt(parts[m].at[cid, 'q50'], d) if cid in parts[m].index else '–'}"
            for m, label, d in (
                ("queue_people", "most people in line (day mean)", 0),
                ("queue_km", "peak queue km", 1),
                ("wait_hours", "peak wait h", 0),
            )
        ]
        out[cid] = "<br>".join(vals) + "<br>(next 7 days)"
    return out


def window_label(r: Report) -> str:
    start = r.as_of + pd.Timedelta(days=1)
    return f"{start:%d %b %Y} – {r.as_of + pd.Timedelta(days=WINDOW_DAYS):%d %b %Y}"


def key_figures(r: Report, peak_q: pd.DataFrame) -> str:
    m = r.ens.members
    entries = r.ens.window("destination", "daily_entries", r.as_of, "sum").sort_values(
        "q50", ascending=False
    )
    rows = [[esc(c), fmt_q(q, m)] for c, q in entries.iterrows()]
    ent = table_html(["host country", "entries in the 7 days"], rows, "key")
    km = r.ens.window("crossing", "queue_km", r.as_of, "max")
    wait = r.ens.window("crossing", "wait_hours", r.as_of, "max")
    busiest = km.sort_values("q50", ascending=False)
    busiest = busiest[busiest["q50"] > 0].index[:TOP_CROSSINGS]
    rows = [
        [
            esc(r.crossings.at[c, "name"]),
            esc(r.crossings.at[c, "country"]),
            fmt_q(peak_q.loc[c], m) if c in peak_q.index else "–",
            fmt_q(km.loc[c], m, 1),
            fmt_q(wait.loc[c], m) if c in wait.index else "–",
        ]
        for c in busiest
    ]
    queue = table_html(
        ["crossing", "country", "peak people in line", "peak queue (km)", "peak wait (h)"],
        rows,
        "key",
    )
    needs_rows = _largest_needs(r)
    band = "median (5–95% of the ensemble)" if m > 1 else "one run"
    return (
        f"<p class=lead>Next {WINDOW_DAYS} days: <b>{window_label(r)}</b>, after {r.as_of:%d %b %Y}; {band}.</p>"
        f"<div class=cards><div><h3>Expected entries per host country</h3>{ent}</div>"
        f"<div><h3>Peak queue and wait per crossing</h3>{queue or '<p>No queue.</p>'}</div></div>"
        f"<h3>Largest needs (peak day in the 7 days)</h3>{needs_rows}"
    )


def _needs_window(r: Report) -> pd.DataFrame:
    """Per crossing, the peak over the window of each daily need (median on a forecast)."""
    t = r.needs.table
    dates = pd.to_datetime(t["date"])
    t = t[(dates > r.as_of) & (dates <= r.as_of + pd.Timedelta(days=WINDOW_DAYS))]
    if r.needs.kind == "forecast":
        wide = t.pivot_table(
            index=["crossing", "date"], columns="need", values="q50", aggfunc="first"
        )
        hi = t.pivot_table(
            index=["crossing", "date"], columns="need", values="q95", aggfunc="first"
        )
        peak = wide.groupby(level=0).max()
        peak_hi = hi.groupby(level=0).max().add_suffix("_q95")
        risk = t.groupby("crossing")["cold_risk"].agg(_worst)
        return peak.join(peak_hi).join(risk)
    num = t.drop(columns=["date", "name", "country", "cold_risk"]).groupby("crossing").max()
    return num.join(t.groupby("crossing")["cold_risk"].agg(_worst))


def _worst(bands: pd.Series) -> str:
    order = {"low": 0, "moderate": 1, "high": 2}
    return max(bands, key=lambda b: order.get(b, -1)) if len(bands) else ""


NEEDS_COLUMNS = (
    ("people_peak", "peak people", 0, 1),
    ("people_overnight", "overnight", 0, 1),
    ("water_l", "water L/day", 0, 1),
    ("food_kcal", "food, million kcal/day", 1, 1e-6),  # 1 Mcal is 1,000 kcal: not that unit
    ("toilets", "toilets", 0, 1),
    ("warming_places", "warming places", 0, 1),
    ("people_per_km", "people per km", 0, 1),
    ("water_l_per_km", "water L/km", 0, 1),
    ("toilets_per_km", "toilets per km", 1, 1),
)


def _needs_rows(r: Report, limit: int | None) -> str:
    peak = _needs_window(r)
    if peak.empty or "people_peak" not in peak:
        return f"<p>No one in line in {window_label(r)}.</p>"
    peak = peak[peak["people_peak"] > 0].sort_values("people_peak", ascending=False)
    if limit:
        peak = peak.head(limit)
    fc = r.needs.kind == "forecast"
    rows = []
    for cid, row in peak.iterrows():
        cells = [esc(r.crossings.at[cid, "name"]) if cid in r.crossings.index else esc(cid)]
        for col, _, digits, scale in NEEDS_COLUMNS:
            text = fmt(row.get(col, np.nan) * scale, digits)
            if fc and f"{col}_q95" in row:
                text += f" <span class=range>(≤{fmt(row[f'{col}_q95'] * scale, digits)})</span>"
            cells.append(text)
        cells.append(esc(row.get("cold_risk", "")))
        rows.append(cells)
    header = ["crossing", *[h for _, h, _, _ in NEEDS_COLUMNS], "cold risk"]
    return table_html(header, rows, "needs")


def _largest_needs(r: Report) -> str:
    return _needs_rows(r, 5)


def needs_section(r: Report) -> str:
    n = r.needs
    note = (
        "Daily peak over the 7 days of the median across the ensemble; in brackets the 95th percentile."
        if n.kind == "forecast"
        else "Peak day over the 7 days."
    )
    std = n.standards.reset_index()
    std_rows = [
        [
            esc(s["name"]),
            esc(fmt(s["value"], 2).rstrip("0").rstrip(".")),
            esc(s["unit"]),
            esc(s["origin"]),
            esc(s["source"]),
        ]
        for _, s in std.iterrows()
    ]
    daily = n.table
    if n.kind == "forecast":
        daily = daily.pivot_table(
            index=["date", "crossing"], columns="need", values="q50", aggfunc="first"
        ).reset_index()
    daily = daily[daily.get("people_peak", 0) > 0]
    cols = [
        "date",
        "crossing",
        "people_peak",
        "people_overnight",
        "water_l",
        "food_kcal",
        "toilets",
        "warming_places",
        "people_per_km",
        "toilets_per_km",
    ]
    drows = [
        [
            esc(v) if c in ("date", "crossing") else fmt(v, 1 if c.endswith("per_km") else 0)
            for c, v in zip(cols, rec, strict=True)
        ]
        for rec in daily[[c for c in cols if c in daily]].itertuples(index=False)
    ]
    return (
        f"<p>{note} Per-km figures are per kilometre of the car queue: people do not leave their place to find "
        f"services, so water, food and toilets must come to the line. Temperature: {esc(n.notes['temperature'])}. "
        f"Peak: {esc(n.notes['peak'])}.</p>{_needs_rows(r, None)}"
        f"<details><summary>Every crossing and day{' (medians)' if n.kind == 'forecast' else ''}</summary>"
        f"{table_html(cols, drows, 'daily')}</details>"
        f"<details><summary>Planning figures used</summary>{table_html(['name', 'value', 'unit', 'origin', 'source'], std_rows, 'std')}</details>"
    )


def assumptions_section(r: Report) -> str:
    toml = r.src.scenario_toml()
    parts = [
        f"<p><b>{esc(toml.get('title', toml.get('name', 'scenario')))}</b> — {esc(toml.get('description', ''))}</p>"
    ]
    facts = [
        ("start", toml.get("start")),
        ("days", toml.get("days")),
        ("step hours", toml.get("step_hours")),
        ("call-ups", ", ".join(f"{k} {v}" for k, v in toml.get("callups", {}).items())),
    ]
    facts += [
        (f"manifest: {k}", v) for k, v in r.src.manifest.items() if not isinstance(v, dict | list)
    ]
    facts += [("members", r.ens.members)]
    parts.append(
        table_html(["", ""], [[esc(k), esc(v)] for k, v in facts if v not in (None, "")], "facts")
    )
    params = dict(toml.get("parameters", {}))
    if isinstance(r.src.manifest.get("parameters"), dict):
        params = {**params, **r.src.manifest["parameters"]}
    if params:
        parts.append(
            "<h3>Parameters set by the scenario or run</h3>"
            + table_html(
                ["parameter", "value"],
                [[esc(k), esc(v)] for k, v in sorted(params.items())],
                "params",
            )
        )
    events = toml.get("events", [])
    rows = []
    for ev in events:
        where = ev.get("crossing") or ev.get("country") or ""
        extra = ", ".join(
            f"{k}={v}"
            for k, v in ev.items()
            if k not in ("kind", "date", "until", "crossing", "country", "source", "note")
        )
        rows.append(
            [
                esc(ev.get("date")),
                esc(ev.get("until", "")),
                esc(ev.get("kind")),
                esc(where),
                esc(extra),
                esc(ev.get("note", "")),
                esc(ev.get("source", "")),
            ]
        )
    parts.append(
        "<h3>Events</h3>"
        + (
            table_html(["date", "until", "kind", "where", "what", "note", "source"], rows, "events")
            if rows
            else "<p>No events.</p>"
        )
    )
    return "".join(parts)


CAVEATS = (
    "These are model results, not measurements: the queue, wait and entry figures follow from the scenario's "
    "assumptions and events listed above.",
    "Host countries count every entry of a citizen, including the ordinary traffic that was there before the order, "
    "and many entrants leave again within days.",
    "Needs are planning minimums from the cited standards, for the people in line only (not for people who crossed).",
    "Reported figures often conflict; they are shown as reported, each with its source, not reconciled.",
)


def sources_section(r: Report) -> str:
    items = [f"<li>{esc(c)}</li>" for c in CAVEATS]
    notes = r.needs.notes
    if notes.get("temperature_defaulted_crossings"):
        items.append(
            f"<li>Temperatures are defaults at: {esc(', '.join(notes['temperature_defaulted_crossings']))}.</li>"
        )
    missing = r.crossings.index[r.crossings["lat"].isna() | r.crossings["lon"].isna()]
    if len(missing):
        items.append(
            f"<li>Not on the map (no coordinates): {esc(', '.join(r.crossings.loc[missing, 'name'].astype(str)))}.</li>"
        )
    srcs = [
        f"<li>Run or forecast: <code>{esc(r.src.path)}</code> ({esc(r.src.kind)}); scenario: "
        f"<code>{esc(r.src.scenario_dir)}</code>{' (see PROVENANCE.md there)' if r.src.scenario_dir and (r.src.scenario_dir / 'PROVENANCE.md').exists() else ''}</li>"
    ]
    events = r.src.scenario_toml().get("events", [])
    srcs += sorted({f"<li>Event: {esc(e.get('source'))}</li>" for e in events if e.get("source")})
    if r.obs is not None:
        cited = r.obs[["source"]].assign(url=r.obs.get("url", "")).drop_duplicates()
        listed = "".join(
            f"<li>{esc(s)}{' — ' + esc(u) if isinstance(u, str) and u else ''}</li>"
            for s, u in cited.itertuples(index=False)
        )
        srcs.append(
            f"<li><details><summary>Reported figures shown ({len(r.obs)}, {len(cited)} sources)</summary>"
            f"<ul>{listed}</ul></details></li>"
        )
    srcs.append(
        "<li>Planning figures: see the table in the needs section (Sphere, UNHCR, WFP/UNHCR, Environment Canada).</li>"
    )
    srcs.append(f"<li>Map outlines: {esc(outlines_source())}</li>")
    return f"<h3>Caveats</h3><ul>{''.join(items)}</ul><h3>Data sources</h3><ul class=sources>{''.join(srcs)}</ul>"


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
        "subtitle": esc(
            f"{'Forecast, ' + str(r.ens.members) + ' members' if r.src.kind == 'forecast' else 'Single run'}"
            f" · {r.ens.dates.min():%d %b %Y} – {r.ens.dates.max():%d %b %Y} · built {time.strftime('%Y-%m-%d %H:%M')}"
        ),
        "plotlyjs": get_plotlyjs().replace("</script>", "<\\/script>"),
        # "<" as \u003c: no name (a "</script>", a "<!--") can end or comment out the script
        "figures": json.dumps(figs, separators=(",", ":")).replace("<", "\\u003c"),
        "config": json.dumps(config),
        **r.sections,
    }
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(values)


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
