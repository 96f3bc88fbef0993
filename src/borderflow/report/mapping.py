"""The brief's map: crossings in a Lambert azimuthal equal-area projection centred on the crossings
in use, over the bundled country outlines, offline.

- Projection: the sphere's Lambert azimuthal equal-area (Snyder 1987, Map Projections - A Working
  Manual, p. 185), a few lines of numpy: areas are true, so marker areas compare, and shapes near
  the centre are right; plotly's geo maps fetch topojson from a CDN, which an offline brief cannot.
- View: the box of the crossings in use (any entry or anyone in line), with a margin; origin
  regions and outlines are drawn only inside it.
- Size legend: reference circles in a corner, drawn like the crossings (area by people in line).
- Labels: annotations placed in pixels beside their marker, busiest first, at the first of eight
  positions whose box meets no label or marker already placed and stays inside the map; a
  crossing left without a label is still named on hover (the figure has a fixed width, so the
  pixel sums hold).
"""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from borderflow.report.figures import PALETTE, esc, rgba, rounded

OUTLINES = Path(__file__).with_name("country_outlines.geojson")  # scripts/make_country_outlines.py
EARTH_KM = 6371.0
WIDTH, MARGIN = 1100, {"l": 10, "r": 10, "t": 50, "b": 60}  # px
CHAR_PX, LINE_PX = 6.6, 15  # label box of 11 px text
MIN_SIZE, MAX_SIZE = 8.0, 50.0  # marker diameter, px
LEGEND_PEOPLE = (100, 1000, 5000, 10000, 20000, 50000)  # the 3 largest up to 1.5 x the map's
# (xanchor, yanchor, direction x, direction y): right, left, above, below, then the corners
PLACES = (("left", "middle", 1, 0), ("right", "middle", -1, 0), ("center", "bottom", 0, 1),
          ("center", "top", 0, -1), ("left", "bottom", 0.7, 0.7), ("right", "bottom", -0.7, 0.7),
          ("left", "top", 0.7, -0.7), ("right", "top", -0.7, -0.7))


def laea(lon: np.ndarray, lat: np.ndarray, lon0: float, lat0: float
         ) -> tuple[np.ndarray, np.ndarray]:
    """Lambert azimuthal equal-area x, y (km) of lon/lat (degrees) about (lon0, lat0); NaN for
    points more than 90 degrees away (the far side, which the map never needs)."""
    lam, phi = np.radians(np.asarray(lon, float) - lon0), np.radians(np.asarray(lat, float))
    p0 = math.radians(lat0)
    cos_c = math.sin(p0) * np.sin(phi) + math.cos(p0) * np.cos(phi) * np.cos(lam)
    with np.errstate(invalid="ignore", divide="ignore"):
        k = np.where(cos_c > 0, np.sqrt(2.0 / (1.0 + cos_c)), np.nan)
    x = EARTH_KM * k * np.cos(phi) * np.sin(lam)
    y = EARTH_KM * k * (math.cos(p0) * np.sin(phi) - math.sin(p0) * np.cos(phi) * np.cos(lam))
    return x, y


def marker_sizes(people: np.ndarray, top: float) -> np.ndarray:
    """Marker diameters (px): MIN_SIZE plus a part whose area is proportional to people,
    MAX_SIZE at `top` (the minimum keeps an empty crossing visible)."""
    return MIN_SIZE + (MAX_SIZE - MIN_SIZE) * np.sqrt(np.clip(people, 0, None) / max(top, 1.0))


def map_figure(
    crossings: pd.DataFrame, regions: pd.DataFrame | None, size_by: pd.Series,
    hover: dict[str, str], in_use: set[str] | None = None,
) -> dict[str, Any]:
    """Crossings at their coordinates, marker area by peak people in line, over outlines."""
    placed = crossings.dropna(subset=["lat", "lon"])
    used = placed[placed.index.isin(in_use)] if in_use else placed
    used = used if len(used) else placed
    lon0 = float(used["lon"].mean()) if len(used) else 60.0
    lat0 = float(used["lat"].mean()) if len(used) else 50.0
    x, y = laea(placed["lon"].to_numpy(float), placed["lat"].to_numpy(float), lon0, lat0)
    box = _view(x[placed.index.isin(used.index)], y[placed.index.isin(used.index)])
    height = _height(box)
    peak = size_by.reindex(placed.index).fillna(0.0).to_numpy(float)
    top = max(float(np.nanmax(peak)) if len(peak) else 0.0, 1.0)
    sizes = marker_sizes(peak, top)
    traces = _outlines(lon0, lat0, box) + _regions(regions, lon0, lat0, box)
    for k, country in enumerate(sorted(placed["country"].fillna("").unique())):
        sel = (placed["country"].fillna("") == country).to_numpy()
        colour = PALETTE[k % len(PALETTE)]
        traces.append({
            "type": "scatter", "mode": "markers", "name": country or "(no country)",
            "x": rounded(x[sel]), "y": rounded(y[sel]),
            "customdata": [f"<b>{esc(n)}</b><br>{hover.get(i, '')}"
                           for i, n in placed.loc[sel, "name"].items()],
            "hovertemplate": "%{customdata}<extra></extra>",
            "marker": {"size": rounded(sizes[sel]), "color": rgba(colour, 0.6),
                       "line": {"color": colour, "width": 1}},
        })
    legend_trace, legend_notes, legend_box = _size_legend(box, height, top)
    labels = place_labels(x, y, sizes, [str(n) for n in placed["name"]], peak, box, height,
                          [legend_box])
    layout = {
        "title": {"text": "Crossings in use, sized by the peak number of people in line "
                          "(next 7 days)"},
        "width": WIDTH, "height": height, "margin": MARGIN, "hovermode": "closest",
        "xaxis": {"visible": False, "range": list(box[0])},
        "yaxis": {"visible": False, "range": list(box[1]), "scaleanchor": "x", "scaleratio": 1},
        "legend": {"orientation": "h", "y": -0.02, "yanchor": "top"},
        "meta": "map",
        "annotations": labels + legend_notes + [{
            "text": f"Lambert azimuthal equal-area, centred {lat0:.0f}°N {lon0:.0f}°E. "
                    "Outlines: Natural Earth (public domain)",
            "showarrow": False, "xref": "paper", "yref": "paper", "x": 1, "y": 0,
            "xanchor": "right", "yanchor": "bottom", "font": {"size": 9, "color": "#999"}}],
    }
    return {"data": traces + [legend_trace], "layout": layout}


def _view(x: np.ndarray, y: np.ndarray) -> tuple[tuple[float, float], tuple[float, float]]:
    """The box of the crossings in use with a margin (km), at least 600 km across."""
    if not len(x):
        return (-2000.0, 2000.0), (-1500.0, 1500.0)
    cx, cy = (x.min() + x.max()) / 2, (y.min() + y.max()) / 2
    half_x = max((x.max() - x.min()) * 0.58, 300.0)
    half_y = max((y.max() - y.min()) * 0.58, 300.0, half_x * 0.35)
    return (float(cx - half_x), float(cx + half_x)), (float(cy - half_y), float(cy + half_y))


def _height(box: tuple[tuple[float, float], tuple[float, float]]) -> int:
    """The figure height (px) that gives the box one scale in x and y at WIDTH."""
    plot_w = WIDTH - MARGIN["l"] - MARGIN["r"]
    ratio = (box[1][1] - box[1][0]) / (box[0][1] - box[0][0])
    return int(min(max(plot_w * ratio, 300), 900)) + MARGIN["t"] + MARGIN["b"]


def _px(box: tuple[tuple[float, float], tuple[float, float]], height: int) -> float:
    """Pixels per km on the map."""
    plot_w = WIDTH - MARGIN["l"] - MARGIN["r"]
    plot_h = height - MARGIN["t"] - MARGIN["b"]
    return min(plot_w / (box[0][1] - box[0][0]), plot_h / (box[1][1] - box[1][0]))


def place_labels(x: np.ndarray, y: np.ndarray, sizes: np.ndarray, names: list[str],
                 rank: np.ndarray, box: tuple[tuple[float, float], tuple[float, float]],
                 height: int, reserved: list[tuple[float, float, float, float]] | None = None
                 ) -> list[dict[str, Any]]:
    """Label annotations that overlap no other label, marker or `reserved` pixel box (from the
    lower left), busiest crossings first."""
    scale = _px(box, height)
    px, py = (x - box[0][0]) * scale, (y - box[1][0]) * scale  # pixels from the lower left
    w, h = (box[0][1] - box[0][0]) * scale, (box[1][1] - box[1][0]) * scale
    inside = np.isfinite(px) & (px >= 0) & (px <= w) & (py >= 0) & (py <= h)
    blocked = [(px[j] - sizes[j] / 2, py[j] - sizes[j] / 2, px[j] + sizes[j] / 2,
                py[j] + sizes[j] / 2) for j in np.flatnonzero(inside)]
    blocked += list(reserved or [])
    out = []
    for j in np.argsort(-rank, kind="stable"):
        if not inside[j]:
            continue
        for xanchor, yanchor, dx, dy in PLACES:
            gap = sizes[j] / 2 + 3
            rect = _label_box(px[j], py[j], gap, len(names[j]), xanchor, yanchor, dx, dy)
            if rect[0] >= 0 and rect[2] <= w and rect[1] >= 0 and rect[3] <= h and not any(
                    _overlap(rect, b) for b in blocked if not _is_own(b, px[j], py[j])):
                blocked.append(rect)
                out.append({"x": float(f"{x[j]:.6g}"), "y": float(f"{y[j]:.6g}"),
                            "text": esc(names[j]), "showarrow": False, "xanchor": xanchor,
                            "yanchor": yanchor, "xshift": dx * gap, "yshift": dy * gap,
                            "font": {"size": 11, "color": "#222"}, "name": "label"})
                break
    return out


def _label_box(cx: float, cy: float, gap: float, chars: int, xanchor: str, yanchor: str,
               dx: float, dy: float) -> tuple[float, float, float, float]:
    w, h = chars * CHAR_PX + 4, LINE_PX
    ax, ay = cx + dx * gap, cy + dy * gap
    x0 = {"left": ax, "right": ax - w, "center": ax - w / 2}[xanchor]
    y0 = {"bottom": ay, "top": ay - h, "middle": ay - h / 2}[yanchor]
    return x0, y0, x0 + w, y0 + h


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _is_own(rect: tuple[float, ...], cx: float, cy: float) -> bool:
    """The box of the label's own marker (centred on it)."""
    return abs((rect[0] + rect[2]) / 2 - cx) < 1e-6 and abs((rect[1] + rect[3]) / 2 - cy) < 1e-6


Box = tuple[float, float, float, float]


def _size_legend(box: tuple[tuple[float, float], tuple[float, float]], height: int, top: float
                 ) -> tuple[dict[str, Any], list[dict[str, Any]], Box]:
    """Reference circles for LEGEND_PEOPLE (those up to 1.5 x the largest) stacked in the lower
    left corner, drawn like the crossings; their notes, and the pixel box they take."""
    scale = _px(box, height)
    people = [p for p in LEGEND_PEOPLE if p <= top * 1.5][-3:] or [max(round(top, -2), 100)]
    sizes = marker_sizes(np.array(people, float), top)
    big = float(sizes.max())
    step_px = big + 10
    xs = np.full(len(people), box[0][0] + (16 + big / 2) / scale)
    ys = box[1][0] + (14 + big / 2 + step_px * np.arange(len(people))) / scale
    notes = [{"x": float(xs[k]), "y": float(ys[k]), "text": f"{p:,.0f}", "showarrow": False,
              "xanchor": "left", "xshift": big / 2 + 6, "font": {"size": 10, "color": "#444"}}
             for k, p in enumerate(people)]
    notes.append({"x": float(xs[-1]), "y": float(ys[-1]), "text": "<b>people in line</b>",
                  "showarrow": False, "xanchor": "left", "yanchor": "bottom",
                  "xshift": -big / 2, "yshift": big / 2 + 4, "font": {"size": 10, "color": "#444"}})
    trace = {"type": "scatter", "mode": "markers", "name": "size legend", "showlegend": False,
             "x": rounded(xs), "y": rounded(ys), "hoverinfo": "skip",
             "marker": {"size": rounded(sizes), "color": "rgba(0,0,0,0)",
                        "line": {"color": "#666", "width": 1}}}
    return trace, notes, (0.0, 0.0, 16 + big + 110, 14 + step_px * len(people) + 24)


def _outlines(lon0: float, lat0: float, box: tuple) -> list[dict[str, Any]]:
    """One grey line trace of the projected country outlines meeting the view."""
    (x0, x1), (y0, y1) = box
    xs: list[float | None] = []
    ys: list[float | None] = []
    for ring in country_outlines():
        x, y = laea(ring[:, 0], ring[:, 1], lon0, lat0)
        ok = np.isfinite(x)
        if not ok.any() or np.nanmax(x) < x0 or np.nanmin(x) > x1 or np.nanmax(y) < y0 \
                or np.nanmin(y) > y1:
            continue
        xs += [float(f"{v:.5g}") if o else None for v, o in zip(x, ok, strict=True)] + [None]
        ys += [float(f"{v:.5g}") if o else None for v, o in zip(y, ok, strict=True)] + [None]
    if not xs:
        return []
    return [{"type": "scatter", "mode": "lines", "x": xs, "y": ys, "name": "country outlines",
             "showlegend": False, "hoverinfo": "skip", "line": {"color": "#c8c8c8", "width": 0.8}}]


def _regions(regions: pd.DataFrame | None, lon0: float, lat0: float, box: tuple
             ) -> list[dict[str, Any]]:
    """Origin regions' centres inside the view, as grey context."""
    if regions is None or not len(regions):
        return []
    x, y = laea(regions["lon"].to_numpy(float), regions["lat"].to_numpy(float), lon0, lat0)
    sel = (x >= box[0][0]) & (x <= box[0][1]) & (y >= box[1][0]) & (y <= box[1][1])
    names = list(regions.get("name", regions.index))
    return [{"type": "scatter", "mode": "markers", "x": rounded(x[sel]), "y": rounded(y[sel]),
             "name": "origin regions (centres)", "marker": {"color": "#bbb", "size": 4},
             "text": [esc(n) for n, s in zip(names, sel, strict=True) if s],
             "hovertemplate": "%{text}<extra>region</extra>"}]


@cache
def _outline_file() -> dict[str, Any]:
    return json.loads(OUTLINES.read_text())


@cache
def country_outlines() -> tuple[np.ndarray, ...]:
    """Every ring of the bundled country outlines (lon, lat), as arrays (made once)."""
    return tuple(np.array(r, float) for f in _outline_file()["features"]
                 for r in f["geometry"]["coordinates"])


def outlines_source() -> str:
    """Where the bundled outlines come from (the file says)."""
    return str(_outline_file()["source"])


ANCHOR = {"left": "left", "right": "right", "center": "center", "middle": "center",
          "top": "top", "bottom": "bottom"}


def draw_map_png(plt: Any, fig: dict[str, Any]) -> Any:
    """The map as a matplotlib figure: outlines, markers (area as on the page), annotations."""
    import html

    layout = fig["layout"]
    inches = layout["width"] / 110
    f, ax = plt.subplots(figsize=(inches, inches * layout["height"] / layout["width"]), dpi=110)
    for tr in fig["data"]:
        x = np.array([np.nan if v is None else v for v in tr["x"]], float)
        y = np.array([np.nan if v is None else v for v in tr["y"]], float)
        if tr["mode"] == "lines":
            ax.plot(x, y, color=tr["line"]["color"], linewidth=0.6)
            continue
        m = tr["marker"]
        size = np.broadcast_to(np.asarray(m["size"], float), x.shape)
        face = _colour(m["color"])
        ax.scatter(x, y, s=(size * 72 / 110) ** 2, color=face,
                   edgecolors=_colour(m.get("line", {}).get("color", "none")), linewidths=0.6,
                   label=tr["name"] if tr.get("showlegend", True) else None, zorder=3)
    for note in layout["annotations"]:
        if note.get("xref") == "paper":
            ax.text(note["x"], note["y"], note["text"], transform=ax.transAxes, ha="right",
                    va="bottom", fontsize=6, color="#999")
            continue
        text = html.unescape(note["text"].replace("<b>", "").replace("</b>", ""))
        ax.annotate(text, (note["x"], note["y"]), fontsize=7,
                    xytext=(note.get("xshift", 0) * 72 / 110, note.get("yshift", 0) * 72 / 110),
                    textcoords="offset points", ha=ANCHOR[note.get("xanchor", "center")],
                    va=ANCHOR[note.get("yanchor", "middle")], zorder=4)
    ax.set_xlim(layout["xaxis"]["range"])
    ax.set_ylim(layout["yaxis"]["range"])
    ax.set_aspect(1)
    ax.axis("off")
    ax.set_title(layout["title"]["text"], fontsize=10)
    legend = ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, 0), ncol=6)
    for handle in legend.legend_handles:
        if hasattr(handle, "set_sizes"):
            handle.set_sizes([30])
    return f


def _colour(colour: str) -> Any:
    if colour.startswith("rgba"):
        r, g, b, a = (float(v) for v in colour[5:-1].split(","))
        return (r / 255, g / 255, b / 255, a)
    return colour
