"""Small multiples: one panel per crossing or host country, each with its own median line,
90% band and reported figures, instead of many translucent bands laid over each other.

The figure is a plain plotly dict: panel k draws on axes x{k}/y{k}, whose domains tile the
figure; every panel shares the date axis (a zoom moves them all) and has its own vertical
scale, named in the panel's title. `draw_panels_png` draws the same dict with matplotlib.
"""

from __future__ import annotations

import html
import math
import re
from typing import Any

import numpy as np
import pandas as pd

from borderflow.report.figures import PALETTE, band_traces, esc, floats, obs_trace

COLUMNS = 4  # panels per row
PANEL_HEIGHT = 190  # px
GAP_X, GAP_Y = 0.05, 0.12  # share of the figure between panels


def _axis(k: int, name: str) -> str:
    """Plotly's name of panel k's axis: x, x2, x3 ... (as a trace refers to it)."""
    return name if k == 0 else f"{name}{k + 1}"


def _domains(k: int, rows: int) -> tuple[list[float], list[float]]:
    col, row = k % COLUMNS, k // COLUMNS
    width = (1 - GAP_X * (COLUMNS - 1)) / COLUMNS
    height = (1 - GAP_Y * (rows - 1)) / rows
    x0 = col * (width + GAP_X)
    y1 = 1 - row * (height + GAP_Y)
    return [round(x0, 4), round(x0 + width, 4)], [round(y1 - height, 4), round(y1, 4)]


def panel_figure(
    title: str,
    unit: str,
    series: dict[str, pd.DataFrame],
    labels: dict[str, str],
    members: int,
    as_of: pd.Timestamp | None,
    obs: dict[str, pd.DataFrame] | None = None,
    rangemode: str = "tozero",
) -> dict[str, Any]:
    """One panel per series (id -> daily quantiles), in the order given; a dotted line at
    `as_of` unless it is None; `rangemode` "normal" for differences, which go either way."""
    rows = max(1, math.ceil(len(series) / COLUMNS))
    traces: list[dict[str, Any]] = []
    layout: dict[str, Any] = {
        "title": {"text": title},
        "height": 90 + PANEL_HEIGHT * rows,
        "margin": {"l": 50, "r": 20, "t": 80, "b": 30},
        "showlegend": False,
        "hovermode": "x unified",
        "meta": "panels",
        "annotations": [],
        "shapes": [],
    }
    for k, (sid, q) in enumerate(series.items()):
        name = labels.get(sid, sid)
        colour = PALETTE[0]
        xa, ya = _axis(k, "x"), _axis(k, "y")
        panel = band_traces(q, name, colour, members)
        if obs and sid in obs and len(obs[sid]):
            panel.append(obs_trace(obs[sid], name, PALETTE[1]))
        for tr in panel:
            tr.update(xaxis=xa, yaxis=ya)
        traces += panel
        xd, yd = _domains(k, rows)
        layout[f"xaxis{'' if k == 0 else k + 1}"] = {
            "domain": xd, "anchor": ya, "matches": "x" if k else None, "tickfont": {"size": 9},
            "nticks": 4, "tickformat": "%-d %b"}
        layout[f"yaxis{'' if k == 0 else k + 1}"] = {
            "domain": yd, "anchor": xa, "rangemode": rangemode, "tickfont": {"size": 9}}
        layout["annotations"].append({
            "text": f"<b>{esc(name)}</b>", "x": (xd[0] + xd[1]) / 2, "y": yd[1], "xref": "paper",
            "yref": "paper", "xanchor": "center", "yanchor": "bottom", "showarrow": False,
            "font": {"size": 11}})
        layout["shapes"] += [] if as_of is None else [{
            "type": "line", "xref": xa, "yref": f"{ya} domain", "x0": str(as_of.date()),
            "x1": str(as_of.date()), "y0": 0, "y1": 1,
            "line": {"color": "#888", "dash": "dot", "width": 1}}]
    band = "; shaded: the range holding 90% of the simulated futures" if members > 1 else ""
    layout["annotations"].append({
        "text": f"{unit}. Line: {'median' if members > 1 else 'the run'}{band}"
                f"{'; diamonds: reported' if obs else ''}{'; dotted: as of' if as_of else ''}. "
                "Each panel has its own scale.",
        "x": 0, "y": 1, "xref": "paper", "yref": "paper", "xanchor": "left", "yanchor": "bottom",
        "yshift": 22, "showarrow": False, "font": {"size": 11, "color": "#555"}})
    for axis in [a for a in layout if a.startswith("xaxis")]:
        if layout[axis]["matches"] is None:
            del layout[axis]["matches"]
    return {"data": traces, "layout": layout}


def _plain(text: str) -> str:
    """An annotation's text without its markup (a <br> a new line)."""
    return html.unescape(re.sub(r"<[^>]+>", "", text.replace("<br>", "\n")))


def draw_panels_png(plt: Any, fig: dict[str, Any], as_of: pd.Timestamp) -> Any:
    """The panels as a matplotlib figure (one subplot per panel, shared dates)."""
    names = [a["text"] for a in fig["layout"]["annotations"][:-1]]
    rows = max(1, math.ceil(len(names) / COLUMNS))
    f, axes = plt.subplots(rows, COLUMNS, figsize=(12, 2.4 * rows + 0.8), dpi=120, sharex=True,
                           squeeze=False)
    prev: dict[str, np.ndarray] = {}
    for tr in fig["data"]:
        k = int(tr["xaxis"][1:] or 1) - 1
        ax = axes[k // COLUMNS][k % COLUMNS]
        x, y = pd.to_datetime(tr["x"]), floats(tr["y"])
        if tr.get("fill") == "tonexty" and tr["xaxis"] in prev:
            ax.fill_between(x, prev[tr["xaxis"]], y, color="#1f77b4", alpha=0.2, linewidth=0)
        elif tr.get("mode") == "markers":
            ax.scatter(x, y, marker="D", s=20, color=tr.get("marker", {}).get("color", "#d62728"),
                       edgecolors="black", zorder=3)
        elif tr.get("line", {}).get("width", 1) != 0:
            ax.plot(x, y, color=tr["line"].get("color", "#1f77b4"), linewidth=1.5)
        prev[tr["xaxis"]] = y
    for k, ax in enumerate(axes.flat):
        if k >= len(names):
            ax.axis("off")
            continue
        ax.set_title(_plain(names[k]), fontsize=9)
        if as_of is not None:
            ax.axvline(as_of, color="#888", linestyle=":", linewidth=1)
        ax.set_ylim(bottom=0)
        ax.tick_params(labelsize=7)
        ax.grid(alpha=0.3)
    from matplotlib.dates import AutoDateLocator, DateFormatter

    for ax in axes.flat:
        ax.xaxis.set_major_locator(AutoDateLocator(maxticks=4))
        ax.xaxis.set_major_formatter(DateFormatter("%-d %b"))
    note = fig["layout"]["annotations"][-1]["text"]
    f.suptitle(f"{fig['layout']['title']['text']}\n{note}", fontsize=10)
    f.tight_layout()
    return f
