"""The report's figures: plotly figure dicts for the page, and the same data drawn by matplotlib.

The figures are plain dicts (data, layout), serialised once into the page (plotly.js is inlined
by `report/html.py`). The map is a lon/lat scatter with a cos(latitude) aspect over country outlines
bundled with the package (Natural Earth 1:110m, public domain; country_outlines.geojson, made by
scripts/make_country_outlines.py): plotly's geo and tile maps fetch topojson or tiles from the
internet, which an offline brief cannot do. `write_pngs` draws the same dicts with matplotlib, so
the PNGs show exactly what the page shows.
"""

from __future__ import annotations

import html
import json
import math
from functools import cache, partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from borderflow import _io

OUTLINES = Path(__file__).with_name("country_outlines.geojson")  # scripts/make_country_outlines.py
MAP_LABELS = 8  # crossings named on the map, the busiest; every one on hover
PALETTE = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#ff7f0e",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#7f7f7f",
)


def esc(x: Any) -> str:
    """Text for HTML (None and NaN as empty)."""
    return html.escape("" if x is None or (isinstance(x, float) and math.isnan(x)) else str(x))


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
        traces.append(
            {
                "type": "scatter",
                "x": x,
                "y": _round(q["q95"].to_numpy()),
                "mode": "lines",
                "line": {"width": 0},
                "legendgroup": name,
                "showlegend": False,
                "hoverinfo": "skip",
            }
        )
        traces.append(
            {
                "type": "scatter",
                "x": x,
                "y": _round(q["q05"].to_numpy()),
                "mode": "lines",
                "line": {"width": 0},
                "fill": "tonexty",
                "fillcolor": _rgba(colour, 0.18),
                "legendgroup": name,
                "showlegend": False,
                "name": f"{name} 5–95%",
                "hoverinfo": "skip",
            }
        )
    traces.append(
        {
            "type": "scatter",
            "x": x,
            "y": _round(q["q50"].to_numpy()),
            "mode": "lines",
            "name": name,
            "legendgroup": name,
            "line": {"color": colour, "width": 2},
        }
    )
    return traces


def obs_trace(obs: pd.DataFrame, name: str, colour: str) -> dict[str, Any]:
    """Reported figures as markers, with error bars where a range was reported."""
    hi = (obs["high"].fillna(obs["y"]) - obs["y"]).clip(lower=0)
    lo = (obs["y"] - obs["low"].fillna(obs["y"])).clip(lower=0)
    return {
        "type": "scatter",
        "mode": "markers",
        "x": _dates(pd.DatetimeIndex(obs["x"])),
        "y": _round(obs["y"].to_numpy()),
        "name": f"{name} (reported)",
        "legendgroup": name,
        "marker": {
            "color": colour,
            "symbol": "diamond",
            "size": 8,
            "line": {"color": "black", "width": 1},
        },
        "error_y": {
            "type": "data",
            "symmetric": False,
            "array": _round(hi.to_numpy()),
            "arrayminus": _round(lo.to_numpy()),
            "color": colour,
        },
        "text": [esc(s)[:120] for s in obs["source"]],
        "hovertemplate": "%{y:,.0f}<br>%{text}<extra>reported</extra>",
    }


def line_figure(
    title: str,
    ytitle: str,
    series: dict[str, pd.DataFrame],
    labels: dict[str, str],
    members: int,
    as_of: pd.Timestamp,
    obs: dict[str, pd.DataFrame] | None = None,
) -> dict[str, Any]:
    traces: list[dict[str, Any]] = []
    for k, (sid, q) in enumerate(series.items()):
        colour = PALETTE[k % len(PALETTE)]
        traces += band_traces(q, labels.get(sid, sid), colour, members)
        if obs and sid in obs and len(obs[sid]):
            traces.append(obs_trace(obs[sid], labels.get(sid, sid), colour))
    layout = {
        "title": {"text": title},
        "height": 420,
        "margin": {"l": 60, "r": 20, "t": 50, "b": 40},
        "yaxis": {"title": {"text": ytitle}, "rangemode": "tozero"},
        "hovermode": "x unified",
        "legend": {"orientation": "h", "y": -0.15},
        "shapes": [
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": str(as_of.date()),
                "x1": str(as_of.date()),
                "y0": 0,
                "y1": 1,
                "line": {"color": "#888", "dash": "dot", "width": 1},
            }
        ],
        "annotations": [
            {
                "x": str(as_of.date()),
                "y": 1,
                "xref": "x",
                "yref": "paper",
                "text": "as of",
                "showarrow": False,
                "yanchor": "bottom",
                "font": {"size": 10, "color": "#666"},
            }
        ],
    }
    return {"data": traces, "layout": layout}


def map_figure(
    crossings: pd.DataFrame, regions: pd.DataFrame | None, size_by: pd.Series, hover: dict[str, str]
) -> dict[str, Any]:
    """Crossings at their coordinates over country outlines, marker area by peak queue (people),
    the busiest MAP_LABELS named on the map and every one on hover; offline."""
    placed = crossings.dropna(subset=["lat", "lon"])
    points = [placed[["lon", "lat"]]]
    traces: list[dict[str, Any]] = []
    if regions is not None and len(regions):
        points.append(regions[["lon", "lat"]])
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "x": _round(regions["lon"].to_numpy(float)),
                "y": _round(regions["lat"].to_numpy(float)),
                "name": "origin regions (centres)",
                "marker": {"color": "#bbb", "size": 4},
                "text": [esc(n) for n in regions.get("name", regions.index)],
                "hovertemplate": "%{text}<extra>region</extra>",
            }
        )
    view = map_view(pd.concat(points).astype(float))
    peak = size_by.reindex(placed.index).fillna(0.0).to_numpy(float)
    top = max(float(np.nanmax(peak)) if len(peak) else 0.0, 1.0)
    sizes = 8 + 42 * np.sqrt(np.clip(peak, 0, None) / top)
    named = set(placed.index[np.argsort(-peak, kind="stable")[:MAP_LABELS]])
    countries = sorted(placed["country"].fillna("").unique())
    for k, country in enumerate(countries):
        sel = (placed["country"].fillna("") == country).to_numpy()
        part = placed[sel]
        traces.append(
            {
                "type": "scatter",
                "mode": "markers+text",
                "name": country or "(no country)",
                "x": _round(part["lon"].to_numpy(float)),
                "y": _round(part["lat"].to_numpy(float)),
                "text": [esc(n) if i in named else "" for i, n in part["name"].items()],
                "textposition": "top center",
                "textfont": {"size": 10},
                "customdata": [
                    f"<b>{esc(n)}</b><br>{hover.get(i, '')}" for i, n in part["name"].items()
                ],
                "hovertemplate": "%{customdata}<extra></extra>",
                "marker": {
                    "size": _round(sizes[sel]),
                    "color": _rgba(PALETTE[k % len(PALETTE)], 0.6),
                    "line": {"color": PALETTE[k % len(PALETTE)], "width": 1},
                },
            }
        )
    lat0 = float(placed["lat"].mean()) if len(placed) else 50.0
    layout = {
        "title": {"text": "Crossings, sized by the peak number of people in line"},
        "height": 560,
        "margin": {"l": 50, "r": 20, "t": 50, "b": 40},
        "hovermode": "closest",
        "xaxis": {
            "title": {"text": "longitude"},
            "showgrid": False,
            "zeroline": False,
            "range": view[0],
        },
        "yaxis": {
            "title": {"text": "latitude"},
            "scaleanchor": "x",
            "scaleratio": 1 / max(math.cos(math.radians(lat0)), 0.2),
            "showgrid": False,
            "zeroline": False,
            "range": view[1],
        },
        "legend": {"orientation": "h", "y": -0.12},
        "annotations": [
            {
                "text": "Outlines: Natural Earth (public domain)",
                "showarrow": False,
                "xref": "paper",
                "yref": "paper",
                "x": 1,
                "y": 0,
                "xanchor": "right",
                "yanchor": "bottom",
                "font": {"size": 9, "color": "#999"},
            }
        ],
    }
    return {"data": outline_traces(view) + traces, "layout": layout}


def map_view(points: pd.DataFrame) -> tuple[list[float], list[float]]:
    """The map's longitude and latitude ranges: the points' box with a margin."""
    if not len(points) or points.isna().all().any():
        return [20.0, 180.0], [35.0, 75.0]
    lon, lat = points["lon"], points["lat"]
    return (
        [float(lon.min()) - 4, float(lon.max()) + 4],
        [float(lat.min()) - 3, float(lat.max()) + 3],
    )


def outline_traces(view: tuple[list[float], list[float]]) -> list[dict[str, Any]]:
    """One grey line trace of the country outlines whose box meets the view (rings apart)."""
    (x0, x1), (y0, y1) = view
    xs: list[float | None] = []
    ys: list[float | None] = []
    for ring in country_outlines():
        (rx0, ry0), (rx1, ry1) = ring.min(axis=0), ring.max(axis=0)
        if rx0 <= x1 and rx1 >= x0 and ry0 <= y1 and ry1 >= y0:
            xs += ring[:, 0].tolist() + [None]
            ys += ring[:, 1].tolist() + [None]
    if not xs:
        return []
    return [
        {
            "type": "scatter",
            "mode": "lines",
            "x": xs,
            "y": ys,
            "name": "country outlines",
            "showlegend": False,
            "hoverinfo": "skip",
            "line": {"color": "#c8c8c8", "width": 0.8},
        }
    ]


@cache
def _outlines() -> dict[str, Any]:
    return json.loads(OUTLINES.read_text())


@cache
def country_outlines() -> tuple[np.ndarray, ...]:
    """Every ring of the bundled country outlines (lon, lat), as arrays (made once)."""
    return tuple(
        np.array(r, float) for f in _outlines()["features"] for r in f["geometry"]["coordinates"]
    )


def outlines_source() -> str:
    """Where the bundled outlines come from (the file says)."""
    return str(_outlines()["source"])


def write_pngs(
    figures: dict[str, dict[str, Any]], as_of: pd.Timestamp, directory: str | Path
) -> list[Path]:
    """The charts and the map as PNG (matplotlib), from the same prepared figure data."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with matplotlib.rc_context({"text.parse_math": False}):  # a "$" in a name is a dollar
        return _draw_pngs(plt, figures, as_of, directory)


def _draw_pngs(plt: Any, figures: dict[str, dict[str, Any]], as_of: pd.Timestamp,
               directory: str | Path) -> list[Path]:
    out = []
    for key, fig in figures.items():
        prev = None
        f, ax = plt.subplots(figsize=(10, 6 if key == "map" else 4.5), dpi=120)
        categorical = fig["layout"].get("meta") == "categorical"
        if categorical:
            from borderflow.report.skill import draw_png

            draw_png(fig, ax)
        for tr in [] if categorical else fig["data"]:
            x = _floats(tr["x"]) if key == "map" else pd.to_datetime(tr["x"])
            y = _floats(tr["y"])
            if tr.get("fill") == "tonexty" and prev is not None:
                ax.fill_between(x, prev, y, color=_mpl_colour(tr["fillcolor"]), linewidth=0)
            elif tr.get("mode", "").startswith("markers"):
                m = tr.get("marker", {})
                size = np.array(
                    m.get("size", 6)
                    if isinstance(m.get("size", 6), list)
                    else [m.get("size", 6)] * len(y),
                    float,
                )
                ax.scatter(
                    x,
                    y,
                    s=(size**2) / 2 if key == "map" else 30,
                    color=_mpl_colour(m.get("color", "#444")),
                    marker="D" if m.get("symbol") == "diamond" else "o",
                    label=tr.get("name"),
                    zorder=3,
                    edgecolors="black" if key != "map" else "none",
                    linewidths=0.5,
                )
                if key == "map" and "text" in tr and tr.get("mode") == "markers+text":
                    for xi, yi, t in zip(x, y, tr["text"], strict=True):
                        if not t:
                            continue
                        ax.annotate(
                            html.unescape(t),
                            (xi, yi),
                            fontsize=7,
                            ha="center",
                            va="bottom",
                            xytext=(0, 4),
                            textcoords="offset points",
                        )
            elif tr.get("line", {}).get("width", 1) != 0:
                line = tr["line"]
                label = tr.get("name") if tr.get("showlegend", True) else None
                ax.plot(x, y, color=line.get("color"), label=label, linewidth=line.get("width", 2))
            prev = y
        ax.set_title(fig["layout"]["title"]["text"])
        ax.set_ylabel(fig["layout"]["yaxis"]["title"]["text"])
        if key == "map":
            ax.set_xlabel("longitude")
            ax.set_xlim(fig["layout"]["xaxis"]["range"])
            ax.set_ylim(fig["layout"]["yaxis"]["range"])
            ax.set_aspect(fig["layout"]["yaxis"]["scaleratio"])
            for note in fig["layout"].get("annotations", []):
                ax.text(
                    1,
                    0,
                    note["text"],
                    transform=ax.transAxes,
                    ha="right",
                    va="bottom",
                    fontsize=6,
                    color="#999",
                )
        elif not categorical:
            ax.axvline(as_of, color="#888", linestyle=":", linewidth=1)
            f.autofmt_xdate()
        ax.grid(alpha=0.3)
        legend = ax.legend(fontsize=7, loc="best")
        for handle in legend.legend_handles if key == "map" else ():
            if hasattr(handle, "set_sizes"):  # not each series' first marker, a map-sized one
                handle.set_sizes([30])
        path = Path(directory) / f"{key}.png"
        _io.write_with(path, partial(_savefig, f))
        plt.close(f)
        out.append(path)
    return out


def _floats(values: list) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in values], dtype=float)


def _savefig(figure: Any, path: Path) -> None:
    figure.savefig(path, format="png", bbox_inches="tight")


def _mpl_colour(colour: str) -> Any:
    if colour.startswith("rgba"):
        r, g, b, a = (float(v) for v in colour[5:-1].split(","))
        return (r / 255, g / 255, b / 255, a)
    return colour
