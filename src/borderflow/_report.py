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

from __future__ import annotations

import html
import json
import math
import time
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import Annotated, Any

import numpy as np
import pandas as pd
import typer

from borderflow import _io
from borderflow._needs import (
    NEED_UNITS, QCOLS, QUANTILES, Needs, Source, SourceError, StandardsError,
    _nanquantile, needs_from_source, open_source, load_standards,
)

TEMPLATE = Path(__file__).with_name("_report_template.html")
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
           "#17becf", "#bcbd22", "#7f7f7f")
WINDOW_DAYS = 7
TOP_CROSSINGS = 8
NATIONAL_PLACES = {"all", "russia(total)", "russia", "national"}


class ReportError(ValueError):
    """Input the report cannot use (observations file, dates)."""


# ---------------------------------------------------------------- the data behind the report


@dataclass
class Ensemble:
    """Daily series as an array (member x date x series); a run has one member."""

    dates: pd.DatetimeIndex
    keys: pd.DataFrame  # kind, id, metric per series
    values: np.ndarray

    @property
    def members(self) -> int:
        return self.values.shape[0]

    def ids(self, kind: str, metric: str) -> list[str]:
        sel = (self.keys["kind"] == kind) & (self.keys["metric"] == metric)
        return list(self.keys.loc[sel, "id"])

    def get(self, kind: str, metric: str) -> tuple[list[str], np.ndarray]:
        """Ids and their values (member x date x id) of one kind and metric."""
        sel = np.flatnonzero(((self.keys["kind"] == kind) & (self.keys["metric"] == metric)).to_numpy())
        return list(self.keys["id"].iloc[sel]), self.values[:, :, sel]

    def quantiles(self, kind: str, metric: str) -> dict[str, pd.DataFrame]:
        """id -> frame indexed by date with columns q05..q95."""
        ids, arr = self.get(kind, metric)
        out = {}
        for j, i in enumerate(ids):
            qs = _nanquantile(arr[:, :, j])
            out[i] = pd.DataFrame(qs.T, index=self.dates, columns=list(QCOLS))
        return out

    def window(self, kind: str, metric: str, start: pd.Timestamp, how: str) -> pd.DataFrame:
        """Per id, quantiles over members of the sum or max over the window after `start`."""
        ids, arr = self.get(kind, metric)
        sel = (self.dates > start) & (self.dates <= start + pd.Timedelta(days=WINDOW_DAYS))
        part = arr[:, sel, :]
        if part.shape[1] == 0:
            return pd.DataFrame(columns=list(QCOLS))
        with np.errstate(all="ignore"):
            if how == "sum":
                agg = np.nansum(part, axis=1)
            else:
                agg = np.where(np.all(np.isnan(part), axis=1), np.nan, np.nanmax(np.nan_to_num(part, nan=-np.inf), axis=1))
        return pd.DataFrame(_nanquantile(agg).T, index=ids, columns=list(QCOLS))


WANTED = {("destination", "daily_entries"), ("crossing", "queue_km"), ("crossing", "wait_hours"),
          ("crossing", "queue_people"), ("crossing", "daily_entries"), ("crossing", "queue_vehicles")}


def load_ensemble(src: Source) -> Ensemble:
    """The series the report draws, from daily.csv (run) or forecast.nc (forecast)."""
    if src.kind == "run":
        daily = src.daily()
        daily = daily[[(k, m) in WANTED for k, m in zip(daily["kind"], daily["metric"], strict=True)]]
        wide = daily.pivot_table(index="date", columns=["kind", "id", "metric"], values="value", aggfunc="first")
        keys = pd.DataFrame(list(wide.columns), columns=["kind", "id", "metric"])
        return Ensemble(pd.DatetimeIndex(wide.index), keys, wide.to_numpy(dtype=float)[None, :, :])
    value = src.ensemble()
    keys = pd.DataFrame({c: value[c].values.astype(str) for c in ("kind", "id", "metric")})
    sel = np.array([(k, m) in WANTED for k, m in zip(keys["kind"], keys["metric"], strict=True)])
    data = np.asarray(value.values[:, :, sel], dtype=float)
    return Ensemble(pd.DatetimeIndex(pd.to_datetime(value["date"].values)), keys[sel].reset_index(drop=True), data)


def read_observations(path: str | Path) -> pd.DataFrame:
    """Reported figures (observations format): metric, place, crossing, date_from, date_to, value, low, high."""
    path = Path(path)
    try:
        obs = pd.read_csv(path, dtype={"crossing": str, "place": str, "metric": str})
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ReportError(f"{path}: cannot read observations: {exc}") from exc
    missing = {"metric", "place", "crossing", "date_from", "date_to", "value", "low", "high"} - set(obs.columns)
    if missing:
        raise ReportError(f"{path}:1: observations need columns {sorted(missing)}")
    for col in ("date_from", "date_to"):
        obs[col] = pd.to_datetime(obs[col], errors="coerce")
    bad = obs["date_to"].isna() | obs["date_from"].isna()
    if bad.any():
        line = int(np.flatnonzero(bad)[0]) + 2
        raise ReportError(f"{path}:{line}: date_from/date_to: must be dates YYYY-MM-DD")
    for col in ("value", "low", "high"):
        obs[col] = pd.to_numeric(obs[col], errors="coerce")
    obs["y"] = obs["value"].fillna(obs[["low", "high"]].mean(axis=1))
    obs["x"] = obs["date_from"] + (obs["date_to"] - obs["date_from"]) / 2
    obs["source"] = obs.get("source", pd.Series("", index=obs.index)).fillna("")
    return obs[obs["y"].notna()].reset_index(drop=True)


def _match_crossings(obs: pd.DataFrame, crossings: pd.DataFrame) -> pd.Series:
    """The crossing id of each observation (by id, name or alias; empty if several or none)."""
    lookup: dict[str, str] = {}
    for cid, row in crossings.iterrows():
        names = [cid, row.get("name", "")] + str(row.get("aliases", "") or "").split(";")
        lookup.update({str(n).strip().lower(): str(cid) for n in names if isinstance(n, str) and n.strip()})
    return obs["crossing"].fillna("").map(lambda c: lookup.get(c.strip().lower(), "") if ";" not in c else "")


def as_of_date(src: Source, ens: Ensemble, obs: pd.DataFrame | None, as_of: str | None) -> pd.Timestamp:
    """The day the 'next 7 days' start after: --as-of, the forecast cut-off, the last report, or
    the day before the first modelled day."""
    for candidate in (as_of, src.manifest.get("cutoff"), src.manifest.get("cut_off")):
        if candidate:
            try:
                return pd.Timestamp(candidate).tz_localize(None).normalize()
            except (ValueError, TypeError) as exc:
                raise ReportError(f"as-of date: must be YYYY-MM-DD, got {candidate!r}") from exc
    first = ens.dates.min() - pd.Timedelta(days=1)
    if obs is not None and len(obs):
        last = obs["date_to"].max()
        if ens.dates.min() <= last <= ens.dates.max():
            return last.normalize()
    return first


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


def esc(x: Any) -> str:
    return html.escape("" if x is None or (isinstance(x, float) and math.isnan(x)) else str(x))


def table_html(header: list[str], rows: list[list[str]], cls: str = "") -> str:
    """An HTML table; cells are already escaped or formatted."""
    head = "".join(f"<th>{h}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


# ---------------------------------------------------------------- figures (plotly dicts)


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _dates(index: pd.DatetimeIndex) -> list[str]:
    return list(index.strftime("%Y-%m-%d"))


def _round(values: np.ndarray) -> list[float | None]:
    return [None if not np.isfinite(v) else float(f"{v:.4g}") for v in values]


def band_traces(q: pd.DataFrame, name: str, colour: str, members: int) -> list[dict[str, Any]]:
    """Median line and, on a forecast, the 5-95% band under it."""
    x = _dates(q.index)
    traces: list[dict[str, Any]] = []
    if members > 1:
        traces.append({"type": "scatter", "x": x, "y": _round(q["q95"].to_numpy()), "mode": "lines",
                       "line": {"width": 0}, "legendgroup": name, "showlegend": False, "hoverinfo": "skip"})
        traces.append({"type": "scatter", "x": x, "y": _round(q["q05"].to_numpy()), "mode": "lines",
                       "line": {"width": 0}, "fill": "tonexty", "fillcolor": _rgba(colour, 0.18),
                       "legendgroup": name, "showlegend": False, "name": f"{name} 5–95%", "hoverinfo": "skip"})
    traces.append({"type": "scatter", "x": x, "y": _round(q["q50"].to_numpy()), "mode": "lines",
                   "name": name, "legendgroup": name, "line": {"color": colour, "width": 2}})
    return traces


def obs_trace(obs: pd.DataFrame, name: str, colour: str) -> dict[str, Any]:
    """Reported figures as markers, with error bars where a range was reported."""
    hi = (obs["high"].fillna(obs["y"]) - obs["y"]).clip(lower=0)
    lo = (obs["y"] - obs["low"].fillna(obs["y"])).clip(lower=0)
    return {"type": "scatter", "mode": "markers", "x": _dates(pd.DatetimeIndex(obs["x"])), "y": _round(obs["y"].to_numpy()),
            "name": f"{name} (reported)", "legendgroup": name,
            "marker": {"color": colour, "symbol": "diamond", "size": 8, "line": {"color": "black", "width": 1}},
            "error_y": {"type": "data", "symmetric": False, "array": _round(hi.to_numpy()), "arrayminus": _round(lo.to_numpy()),
                        "color": colour},
            "text": [esc(s)[:120] for s in obs["source"]], "hovertemplate": "%{y:,.0f}<br>%{text}<extra>reported</extra>"}


def line_figure(title: str, ytitle: str, series: dict[str, pd.DataFrame], labels: dict[str, str],
                members: int, as_of: pd.Timestamp, obs: dict[str, pd.DataFrame] | None = None) -> dict[str, Any]:
    traces: list[dict[str, Any]] = []
    for k, (sid, q) in enumerate(series.items()):
        colour = PALETTE[k % len(PALETTE)]
        traces += band_traces(q, labels.get(sid, sid), colour, members)
        if obs and sid in obs and len(obs[sid]):
            traces.append(obs_trace(obs[sid], labels.get(sid, sid), colour))
    layout = {
        "title": {"text": title}, "height": 420, "margin": {"l": 60, "r": 20, "t": 50, "b": 40},
        "yaxis": {"title": {"text": ytitle}, "rangemode": "tozero"}, "hovermode": "x unified",
        "legend": {"orientation": "h", "y": -0.15},
        "shapes": [{"type": "line", "xref": "x", "yref": "paper", "x0": str(as_of.date()), "x1": str(as_of.date()),
                    "y0": 0, "y1": 1, "line": {"color": "#888", "dash": "dot", "width": 1}}],
        "annotations": [{"x": str(as_of.date()), "y": 1, "xref": "x", "yref": "paper", "text": "as of",
                         "showarrow": False, "yanchor": "bottom", "font": {"size": 10, "color": "#666"}}],
    }
    return {"data": traces, "layout": layout}


def map_figure(crossings: pd.DataFrame, regions: pd.DataFrame | None, size_by: pd.Series,
               hover: dict[str, str]) -> dict[str, Any]:
    """Crossings at their coordinates, marker area by peak queue (people), with labels; offline."""
    placed = crossings.dropna(subset=["lat", "lon"])
    traces: list[dict[str, Any]] = []
    if regions is not None and len(regions):
        traces.append({"type": "scatter", "mode": "markers", "x": _round(regions["lon"].to_numpy(float)),
                       "y": _round(regions["lat"].to_numpy(float)), "name": "origin regions (centres)",
                       "marker": {"color": "#bbb", "size": 4}, "text": [esc(n) for n in regions.get("name", regions.index)],
                       "hovertemplate": "%{text}<extra>region</extra>"})
    peak = size_by.reindex(placed.index).fillna(0.0).to_numpy(float)
    top = max(float(np.nanmax(peak)) if len(peak) else 0.0, 1.0)
    sizes = 8 + 42 * np.sqrt(np.clip(peak, 0, None) / top)
    countries = sorted(placed["country"].fillna("").unique())
    for k, country in enumerate(countries):
        sel = (placed["country"].fillna("") == country).to_numpy()
        part = placed[sel]
        traces.append({
            "type": "scatter", "mode": "markers+text", "name": country or "(no country)",
            "x": _round(part["lon"].to_numpy(float)), "y": _round(part["lat"].to_numpy(float)),
            "text": [esc(n) for n in part["name"]], "textposition": "top center", "textfont": {"size": 10},
            "customdata": [hover.get(i, "") for i in part.index],
            "hovertemplate": "<b>%{text}</b><br>%{customdata}<extra></extra>",
            "marker": {"size": _round(sizes[sel]), "color": _rgba(PALETTE[k % len(PALETTE)], 0.6),
                       "line": {"color": PALETTE[k % len(PALETTE)], "width": 1}},
        })
    lat0 = float(placed["lat"].mean()) if len(placed) else 50.0
    layout = {
        "title": {"text": "Crossings, sized by the peak number of people in line"}, "height": 560,
        "margin": {"l": 50, "r": 20, "t": 50, "b": 40}, "hovermode": "closest",
        "xaxis": {"title": {"text": "longitude"}, "showgrid": True, "zeroline": False},
        "yaxis": {"title": {"text": "latitude"}, "scaleanchor": "x",
                  "scaleratio": 1 / max(math.cos(math.radians(lat0)), 0.2), "zeroline": False},
        "legend": {"orientation": "h", "y": -0.12},
    }
    return {"data": traces, "layout": layout}


# ---------------------------------------------------------------- sections


@dataclass
class Report:
    """Everything the page shows, prepared once (the HTML and PNG writers only draw)."""

    src: Source
    ens: Ensemble
    needs: Needs
    obs: pd.DataFrame | None
    as_of: pd.Timestamp
    crossings: pd.DataFrame
    figures: dict[str, dict[str, Any]]
    sections: dict[str, str]


def prepare(directory: str | Path, observations: str | Path | None = None, as_of: str | None = None,
            standards: str | Path | None = None, scenario: str | Path | None = None) -> Report:
    """Read a run or forecast directory and prepare the figures and tables of the report."""
    src = open_source(directory, scenario)
    ens = load_ensemble(src)
    obs = read_observations(observations) if observations else None
    if obs is not None:  # only what falls in the modelled period
        obs = obs[(obs["x"] >= ens.dates.min()) & (obs["x"] <= ens.dates.max() + pd.Timedelta(days=1))]
    when = as_of_date(src, ens, obs, as_of)
    crossings = src.crossings()
    for col in ("name", "country", "lat", "lon"):
        if col not in crossings:
            crossings[col] = np.nan
    ids = sorted(set(ens.ids("crossing", "queue_km")) | set(ens.ids("crossing", "queue_people")))
    crossings = crossings.reindex(sorted(set(crossings.index) | set(ids)))
    crossings["name"] = crossings["name"].where(crossings["name"].notna(), crossings.index.to_series())
    need = needs_from_source(src, load_standards(standards))
    labels = dict(zip(crossings.index, crossings["name"], strict=True))

    peak_q = ens.window("crossing", "queue_people", when, "max")
    order = list(ens.window("crossing", "queue_km", when, "max").sort_values("q50", ascending=False).index)
    top = [c for c in order if c in ids][:TOP_CROSSINGS]
    figures = {
        "entries": line_figure("Entries per day, by host country", "people per day",
                               ens.quantiles("destination", "daily_entries"), {}, ens.members, when,
                               _obs_by(obs, "daily_entries", "place")),
        "queue": line_figure("Queue length (car queue), busiest crossings", "km",
                             {c: q for c, q in ens.quantiles("crossing", "queue_km").items() if c in top},
                             labels, ens.members, when, _obs_by(obs, "queue_km", "crossing", crossings)),
        "wait": line_figure("Wait of those who crossed, busiest crossings", "hours",
                            {c: q for c, q in ens.quantiles("crossing", "wait_hours").items() if c in top},
                            labels, ens.members, when, _obs_by(obs, "wait_hours", "crossing", crossings)),
        "map": map_figure(crossings, _regions(src), peak_q["q50"] if len(peak_q) else pd.Series(dtype=float),
                          _map_hover(ens, when, crossings.index)),
    }
    report = Report(src, ens, need, obs, when, crossings, figures, {})
    report.sections = {
        "key": key_figures(report, peak_q),
        "needs": needs_section(report),
        "assumptions": assumptions_section(report),
        "sources": sources_section(report),
    }
    return report


def _regions(src: Source) -> pd.DataFrame | None:
    if src.scenario_dir and (src.scenario_dir / "regions.csv").exists():
        return pd.read_csv(src.scenario_dir / "regions.csv").dropna(subset=["lat", "lon"])
    return None


def _obs_by(obs: pd.DataFrame | None, metric: str, by: str, crossings: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    if obs is None:
        return {}
    rows = obs[obs["metric"] == metric]
    if by == "place":
        rows = rows[rows["crossing"].fillna("").eq("") & ~rows["place"].str.lower().isin(NATIONAL_PLACES)]
        return {p: g for p, g in rows.groupby("place")}
    rows = rows.assign(cid=_match_crossings(rows, crossings)) if len(rows) else rows.assign(cid="")
    return {c: g for c, g in rows.groupby("cid") if c}


def _map_hover(ens: Ensemble, when: pd.Timestamp, ids: pd.Index) -> dict[str, str]:
    parts = {m: ens.window("crossing", m, when, "max") for m in ("queue_people", "queue_km", "wait_hours")}
    out = {}
    for cid in ids:
        vals = [f"{label}: {fmt(parts[m].at[cid, 'q50'], d) if cid in parts[m].index else '–'}"
                for m, label, d in (("queue_people", "peak people in line", 0), ("queue_km", "peak queue km", 1),
                                    ("wait_hours", "peak wait h", 0))]
        out[cid] = "<br>".join(vals) + "<br>(next 7 days)"
    return out


def window_label(r: Report) -> str:
    start = r.as_of + pd.Timedelta(days=1)
    return f"{start:%d %b %Y} – {r.as_of + pd.Timedelta(days=WINDOW_DAYS):%d %b %Y}"


def key_figures(r: Report, peak_q: pd.DataFrame) -> str:
    m = r.ens.members
    entries = r.ens.window("destination", "daily_entries", r.as_of, "sum").sort_values("q50", ascending=False)
    rows = [[esc(c), fmt_q(q, m)] for c, q in entries.iterrows()]
    ent = table_html(["host country", "entries in the 7 days"], rows, "key")
    km = r.ens.window("crossing", "queue_km", r.as_of, "max")
    wait = r.ens.window("crossing", "wait_hours", r.as_of, "max")
    busiest = km.sort_values("q50", ascending=False)
    busiest = busiest[busiest["q50"] > 0].index[:TOP_CROSSINGS]
    rows = [[esc(r.crossings.at[c, "name"]), esc(r.crossings.at[c, "country"]),
             fmt_q(peak_q.loc[c], m) if c in peak_q.index else "–", fmt_q(km.loc[c], m, 1),
             fmt_q(wait.loc[c], m) if c in wait.index else "–"] for c in busiest]
    queue = table_html(["crossing", "country", "peak people in line", "peak queue (km)", "peak wait (h)"], rows, "key")
    needs_rows = _largest_needs(r)
    band = "median (5–95% of the ensemble)" if m > 1 else "one run"
    return (f"<p class=lead>Next {WINDOW_DAYS} days: <b>{window_label(r)}</b>, after {r.as_of:%d %b %Y}; {band}.</p>"
            f"<div class=cards><div><h3>Expected entries per host country</h3>{ent}</div>"
            f"<div><h3>Peak queue and wait per crossing</h3>{queue or '<p>No queue.</p>'}</div></div>"
            f"<h3>Largest needs (peak day in the 7 days)</h3>{needs_rows}")


def _needs_window(r: Report) -> pd.DataFrame:
    """Per crossing, the peak over the window of each daily need (median on a forecast)."""
    t = r.needs.table
    dates = pd.to_datetime(t["date"])
    t = t[(dates > r.as_of) & (dates <= r.as_of + pd.Timedelta(days=WINDOW_DAYS))]
    if r.needs.kind == "forecast":
        wide = t.pivot_table(index=["crossing", "date"], columns="need", values="q50", aggfunc="first")
        hi = t.pivot_table(index=["crossing", "date"], columns="need", values="q95", aggfunc="first")
        peak = wide.groupby(level=0).max()
        peak_hi = hi.groupby(level=0).max().add_suffix("_q95")
        risk = t.groupby("crossing")["cold_risk"].agg(_worst)
        return peak.join(peak_hi).join(risk)
    num = t.drop(columns=["date", "name", "country", "cold_risk"]).groupby("crossing").max()
    return num.join(t.groupby("crossing")["cold_risk"].agg(_worst))


def _worst(bands: pd.Series) -> str:
    order = {"low": 0, "moderate": 1, "high": 2}
    return max(bands, key=lambda b: order.get(b, -1)) if len(bands) else ""


NEEDS_COLUMNS = (("people_peak", "peak people", 0, 1), ("people_overnight", "overnight", 0, 1),
                 ("water_l", "water L/day", 0, 1), ("food_kcal", "food Mcal/day", 1, 1e-6),
                 ("toilets", "toilets", 0, 1), ("warming_places", "warming places", 0, 1),
                 ("people_per_km", "people per km", 0, 1), ("water_l_per_km", "water L/km", 0, 1),
                 ("toilets_per_km", "toilets per km", 1, 1))


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
    note = ("Daily peak over the 7 days of the median across the ensemble; in brackets the 95th percentile."
            if n.kind == "forecast" else "Peak day over the 7 days.")
    std = n.standards.reset_index()
    std_rows = [[esc(s["name"]), esc(fmt(s["value"], 2).rstrip("0").rstrip(".")), esc(s["unit"]),
                 esc(s["origin"]), esc(s["source"])] for _, s in std.iterrows()]
    daily = n.table
    if n.kind == "forecast":
        daily = daily.pivot_table(index=["date", "crossing"], columns="need", values="q50", aggfunc="first").reset_index()
    daily = daily[daily.get("people_peak", 0) > 0]
    cols = ["date", "crossing", "people_peak", "people_overnight", "water_l", "food_kcal", "toilets", "warming_places",
            "people_per_km", "toilets_per_km"]
    drows = [[esc(v) if c in ("date", "crossing") else fmt(v, 1 if c.endswith("per_km") else 0) for c, v in zip(cols, rec, strict=True)]
             for rec in daily[[c for c in cols if c in daily]].itertuples(index=False)]
    return (f"<p>{note} Per-km figures are per kilometre of the car queue: people do not leave their place to find "
            f"services, so water, food and toilets must come to the line. Temperature: {esc(n.notes['temperature'])}. "
            f"Peak: {esc(n.notes['peak'])}.</p>{_needs_rows(r, None)}"
            f"<details><summary>Every crossing and day{' (medians)' if n.kind == 'forecast' else ''}</summary>"
            f"{table_html(cols, drows, 'daily')}</details>"
            f"<details><summary>Planning figures used</summary>{table_html(['name', 'value', 'unit', 'origin', 'source'], std_rows, 'std')}</details>")


def assumptions_section(r: Report) -> str:
    toml = r.src.scenario_toml()
    parts = [f"<p><b>{esc(toml.get('title', toml.get('name', 'scenario')))}</b> — {esc(toml.get('description', ''))}</p>"]
    facts = [("start", toml.get("start")), ("days", toml.get("days")), ("step hours", toml.get("step_hours")),
             ("call-ups", ", ".join(f"{k} {v}" for k, v in toml.get("callups", {}).items()))]
    facts += [(f"manifest: {k}", v) for k, v in r.src.manifest.items() if not isinstance(v, dict | list)]
    facts += [("members", r.ens.members)]
    parts.append(table_html(["", ""], [[esc(k), esc(v)] for k, v in facts if v not in (None, "")], "facts"))
    params = dict(toml.get("parameters", {}))
    if isinstance(r.src.manifest.get("parameters"), dict):
        params = {**params, **r.src.manifest["parameters"]}
    if params:
        parts.append("<h3>Parameters set by the scenario or run</h3>" +
                     table_html(["parameter", "value"], [[esc(k), esc(v)] for k, v in sorted(params.items())], "params"))
    events = toml.get("events", [])
    rows = []
    for ev in events:
        where = ev.get("crossing") or ev.get("country") or ""
        extra = ", ".join(f"{k}={v}" for k, v in ev.items() if k not in ("kind", "date", "until", "crossing", "country", "source", "note"))
        rows.append([esc(ev.get("date")), esc(ev.get("until", "")), esc(ev.get("kind")), esc(where), esc(extra),
                     esc(ev.get("note", "")), esc(ev.get("source", ""))])
    parts.append("<h3>Events</h3>" + (table_html(["date", "until", "kind", "where", "what", "note", "source"], rows, "events")
                                        if rows else "<p>No events.</p>"))
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
        items.append(f"<li>Temperatures are defaults at: {esc(', '.join(notes['temperature_defaulted_crossings']))}.</li>")
    missing = r.crossings.index[r.crossings["lat"].isna() | r.crossings["lon"].isna()]
    if len(missing):
        items.append(f"<li>Not on the map (no coordinates): {esc(', '.join(r.crossings.loc[missing, 'name'].astype(str)))}.</li>")
    srcs = [f"<li>Run or forecast: <code>{esc(r.src.path)}</code> ({esc(r.src.kind)}); scenario: "
            f"<code>{esc(r.src.scenario_dir)}</code>{' (see PROVENANCE.md there)' if r.src.scenario_dir and (r.src.scenario_dir / 'PROVENANCE.md').exists() else ''}</li>"]
    events = r.src.scenario_toml().get("events", [])
    srcs += sorted({f"<li>Event: {esc(e.get('source'))}</li>" for e in events if e.get("source")})
    if r.obs is not None:
        cited = r.obs[["source"]].assign(url=r.obs.get("url", "")).drop_duplicates()
        listed = "".join(f"<li>{esc(s)}{' — ' + esc(u) if isinstance(u, str) and u else ''}</li>"
                         for s, u in cited.itertuples(index=False))
        srcs.append(f"<li><details><summary>Reported figures shown ({len(r.obs)}, {len(cited)} sources)</summary>"
                    f"<ul>{listed}</ul></details></li>")
    srcs.append("<li>Planning figures: see the table in the needs section (Sphere, UNHCR, WFP/UNHCR, Environment Canada).</li>")
    return f"<h3>Caveats</h3><ul>{''.join(items)}</ul><h3>Data sources</h3><ul class=sources>{''.join(srcs)}</ul>"


# ---------------------------------------------------------------- writers


def render_html(r: Report) -> str:
    """The page: plotly.js inlined once, then each figure as a JSON block drawn on load."""
    from plotly.offline import get_plotlyjs

    figs = {k: {"data": f["data"], "layout": f["layout"]} for k, f in r.figures.items()}
    config = {"displaylogo": False, "responsive": True, "modeBarButtonsToRemove": ["sendDataToCloud"]}
    toml = r.src.scenario_toml()
    values = {
        "title": esc(f"borderflow brief — {toml.get('title', toml.get('name', r.src.path.name))}"),
        "subtitle": esc(f"{'Forecast, ' + str(r.ens.members) + ' members' if r.src.kind == 'forecast' else 'Single run'}"
                        f" · {r.ens.dates.min():%d %b %Y} – {r.ens.dates.max():%d %b %Y} · built {time.strftime('%Y-%m-%d %H:%M')}"),
        "plotlyjs": get_plotlyjs().replace("</script>", "<\\/script>"),
        "figures": json.dumps(figs, separators=(",", ":")).replace("</", "<\\/"),
        "config": json.dumps(config),
        **r.sections,
    }
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(values)


def write_pngs(r: Report, directory: str | Path) -> list[Path]:
    """The charts and the map as PNG (matplotlib), from the same prepared figure data."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out = []
    for key, fig in r.figures.items():
        f, ax = plt.subplots(figsize=(10, 6 if key == "map" else 4.5), dpi=120)
        for tr in fig["data"]:
            x = tr["x"] if key == "map" else pd.to_datetime(tr["x"])
            y = np.array([np.nan if v is None else v for v in tr["y"]], dtype=float)
            if tr.get("fill") == "tonexty":
                ax.fill_between(x, prev, y, color=_mpl_colour(tr["fillcolor"]), linewidth=0)
            elif tr.get("mode", "").startswith("markers"):
                m = tr.get("marker", {})
                size = np.array(m.get("size", 6) if isinstance(m.get("size", 6), list) else [m.get("size", 6)] * len(y), float)
                ax.scatter(x, y, s=(size ** 2) / 2 if key == "map" else 30, color=_mpl_colour(m.get("color", "#444")),
                           marker="D" if m.get("symbol") == "diamond" else "o", label=tr.get("name"), zorder=3,
                           edgecolors="black" if key != "map" else "none", linewidths=0.5)
                if key == "map" and "text" in tr and tr.get("mode") == "markers+text":
                    for xi, yi, t in zip(x, y, tr["text"], strict=True):
                        ax.annotate(html.unescape(t), (xi, yi), fontsize=7, ha="center", va="bottom",
                                    xytext=(0, 4), textcoords="offset points")
            elif tr.get("line", {}).get("width", 1) != 0:
                ax.plot(x, y, color=tr["line"].get("color"), label=tr.get("name"), linewidth=2)
            prev = y
        ax.set_title(fig["layout"]["title"]["text"])
        ax.set_ylabel(fig["layout"]["yaxis"]["title"]["text"])
        if key == "map":
            ax.set_xlabel("longitude")
            ax.set_aspect(fig["layout"]["yaxis"]["scaleratio"])
        else:
            ax.axvline(r.as_of, color="#888", linestyle=":", linewidth=1)
            f.autofmt_xdate()
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7, loc="best")
        path = Path(directory) / f"{key}.png"
        _io.write_with(path, lambda p, f=f: f.savefig(p, format="png", bbox_inches="tight"))
        plt.close(f)
        out.append(path)
    return out


def _mpl_colour(colour: str) -> Any:
    if colour.startswith("rgba"):
        r, g, b, a = (float(v) for v in colour[5:-1].split(","))
        return (r / 255, g / 255, b / 255, a)
    return colour


def build_report(directory: str | Path, output: str | Path | None = None, observations: str | Path | None = None,
                 png: str | Path | None = None, as_of: str | None = None, standards: str | Path | None = None,
                 scenario: str | Path | None = None) -> Path:
    """Write the HTML brief of a run or forecast directory (and PNGs into `png`); return its path."""
    r = prepare(directory, observations, as_of, standards, scenario)
    target = Path(output) if output else Path(directory) / "report.html"
    _io.write_text(target, render_html(r))
    if png:
        write_pngs(r, png)
    return target


# ---------------------------------------------------------------- CLI


def report_command(
    directory: Annotated[Path, typer.Argument(help="A run (borderflow run --out) or forecast directory.")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="The HTML file (default DIR/report.html).")] = None,
    observations: Annotated[Path | None, typer.Option("--observations", help="Reported figures to overlay (observations CSV).")] = None,
    png: Annotated[Path | None, typer.Option("--png", help="Also write the figures as PNG into this folder.")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Date the 'next 7 days' start after (YYYY-MM-DD).")] = None,
    standards: Annotated[Path | None, typer.Option("--standards", help="CSV name,value overriding planning figures.")] = None,
    scenario: Annotated[str | None, typer.Option("--scenario", help="Scenario folder or name, if DIR has no scenario/ copy.")] = None,
) -> None:
    """Write one self-contained HTML brief (works offline): key figures, charts, needs, map, assumptions, sources.

    Example:  borderflow report runs/r1 -o brief.html --observations observations.csv --png figures/
    """
    from borderflow._cli import console, fail

    try:
        import plotly  # noqa: F401
        if png:
            import matplotlib  # noqa: F401
    except ImportError:
        raise fail("the report needs plotly (and matplotlib for --png): pip install 'borderflow[report]'") from None
    start = time.perf_counter()
    try:
        path = build_report(directory, output, observations, png, as_of, standards, scenario)
    except (ReportError, SourceError, StandardsError) as exc:
        raise fail(str(exc)) from None
    size = path.stat().st_size / 1e6
    console.print(f"report -> {path} ({size:.1f} MB, {time.perf_counter() - start:.1f} s)", markup=False, highlight=False)
    if png:
        console.print(f"PNG figures -> {png}", markup=False, highlight=False)
