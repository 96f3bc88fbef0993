"""The report's figures: plotly figure dicts for the page, and the same data drawn by matplotlib.

The figures are plain dicts (data, layout), serialised once into the page (plotly.js is inlined
by `report/html.py`); the small multiples are in `panels.py`, the map in `mapping.py`.
`write_pngs` draws the same dicts with matplotlib, so the PNGs show what the page shows.
"""

from __future__ import annotations

import html
import math
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from borderflow import _io

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


def rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _dates(index: pd.DatetimeIndex) -> list[str]:
    return list(index.strftime("%Y-%m-%d"))


def rounded(values: np.ndarray) -> list[float | None]:
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
                "y": rounded(q["q95"].to_numpy()),
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
                "y": rounded(q["q05"].to_numpy()),
                "mode": "lines",
                "line": {"width": 0},
                "fill": "tonexty",
                "fillcolor": rgba(colour, 0.18),
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
            "y": rounded(q["q50"].to_numpy()),
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
        "y": rounded(obs["y"].to_numpy()),
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
            "array": rounded(hi.to_numpy()),
            "arrayminus": rounded(lo.to_numpy()),
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
        if fig["layout"].get("meta") == "panels":
            from borderflow.report.panels import draw_panels_png

            out.append(_save(plt, draw_panels_png(plt, fig, as_of), Path(directory) / f"{key}.png"))
            continue
        if fig["layout"].get("meta") == "map":
            from borderflow.report.mapping import draw_map_png

            out.append(_save(plt, draw_map_png(plt, fig), Path(directory) / f"{key}.png"))
            continue
        prev = None
        f, ax = plt.subplots(figsize=(10, 4.5), dpi=120)
        categorical = fig["layout"].get("meta") == "categorical"
        if categorical:
            from borderflow.report.skill import draw_png

            draw_png(fig, ax)
        for tr in [] if categorical else fig["data"]:
            x = pd.to_datetime(tr["x"])
            y = floats(tr["y"])
            if tr.get("fill") == "tonexty" and prev is not None:
                ax.fill_between(x, prev, y, color=_mpl_colour(tr["fillcolor"]), linewidth=0)
            elif tr.get("mode", "").startswith("markers"):
                m = tr.get("marker", {})
                ax.scatter(
                    x,
                    y,
                    s=30,
                    color=_mpl_colour(m.get("color", "#444")),
                    marker="D" if m.get("symbol") == "diamond" else "o",
                    label=tr.get("name"),
                    zorder=3,
                    edgecolors="black",
                    linewidths=0.5,
                )
            elif tr.get("line", {}).get("width", 1) != 0:
                line = tr["line"]
                label = tr.get("name") if tr.get("showlegend", True) else None
                ax.plot(x, y, color=line.get("color"), label=label, linewidth=line.get("width", 2))
            prev = y
        ax.set_title(fig["layout"]["title"]["text"])
        ax.set_ylabel(fig["layout"]["yaxis"]["title"]["text"])
        if not categorical:
            ax.axvline(as_of, color="#888", linestyle=":", linewidth=1)
            f.autofmt_xdate()
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7, loc="best")
        out.append(_save(plt, f, Path(directory) / f"{key}.png"))
    return out


def _save(plt: Any, figure: Any, path: Path) -> Path:
    _io.write_with(path, partial(_savefig, figure))
    plt.close(figure)
    return path


def floats(values: list) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in values], dtype=float)


def _savefig(figure: Any, path: Path) -> None:
    figure.savefig(path, format="png", bbox_inches="tight")


def _mpl_colour(colour: str) -> Any:
    if colour.startswith("rgba"):
        r, g, b, a = (float(v) for v in colour[5:-1].split(","))
        return (r / 255, g / 255, b / 255, a)
    return colour
