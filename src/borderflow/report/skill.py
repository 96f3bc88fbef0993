"""The report's section on forecast skill, from a backtest folder (`borderflow backtest`): how
often past forecasts' 50% and 90% bands held what was later reported, by horizon, the PIT
histogram, and the model's weighted interval score against the naive baseline."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from borderflow.report.data import ReportError
from borderflow.report.figures import PALETTE, esc
from borderflow.results.artifacts import check_fingerprints

BANDS = ("<=0", "1-2", "3-4", "5-7", "8+")
SHOWN = ("model+error", "model", "baseline", "blend")
LABELS = {"model+error": "model with its error", "model": "model runs only",
          "baseline": "last report carried forward",
          "blend": "model and last report, blended (weight chosen on the other cut-offs)"}


def load_backtest(folder: str | Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A backtest folder's summary.csv and backtest.csv, checked against backtest.json."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / "backtest.json").read_text(encoding="utf-8"))
        check_fingerprints(folder, manifest, "backtest.json")
    except (OSError, ValueError) as exc:
        raise ReportError(f"{folder}: not a complete backtest folder: {exc}") from None
    try:
        summary = pd.read_csv(folder / "summary.csv")
        table = pd.read_csv(folder / "backtest.csv")
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ReportError(f"{folder}: not a backtest folder (summary.csv, backtest.csv): "
                          f"{exc}") from None
    return summary, table


def coverage_figure(summary: pd.DataFrame) -> dict[str, Any]:
    """Share of later reports inside the 50% and 90% bands, by horizon and forecaster."""
    rows = summary[summary["metric"] == "all"]
    bands = [b for b in BANDS if b in set(rows["horizon"])]
    data = []
    for k, name in enumerate(n for n in SHOWN if n in set(rows["forecaster"])):
        mine = rows[rows["forecaster"] == name].set_index("horizon").reindex(bands)
        for level, dash in (("inside_90", "solid"), ("inside_50", "dot")):
            data.append({
                "type": "scatter", "mode": "lines+markers", "x": bands,
                "y": [None if np.isnan(v) else round(float(v), 3) for v in mine[level]],
                "name": f"{LABELS[name]}, {level[-2:]}% band",
                "line": {"color": PALETTE[k], "dash": dash, "width": 2},
            })
    shapes = [{"type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": y, "y1": y,
               "line": {"color": "#999", "dash": "dash", "width": 1}} for y in (0.5, 0.9)]
    return {"data": data, "layout": {
        "title": {"text": "Past forecasts: share of later reports inside the band"},
        "xaxis": {"title": {"text": "days after the cut-off"}, "type": "category"},
        "yaxis": {"title": {"text": "share of reports"}, "range": [0, 1.05]},
        "shapes": shapes, "legend": {"orientation": "h", "y": -0.25},
        "meta": "categorical"}}


def pit_figure(table: pd.DataFrame) -> dict[str, Any]:
    """Where each later report fell in its forecast's distribution: flat if the bands are
    honest, a U if they are too narrow, a hump if too wide."""
    pit = table.loc[table["forecaster"] == "model+error", "pit"].dropna().to_numpy()
    counts, edges = np.histogram(pit, bins=10, range=(0.0, 1.0))
    centres = [f"{(a + b) / 2:.2f}" for a, b in zip(edges[:-1], edges[1:], strict=True)]
    return {"data": [
        {"type": "bar", "x": centres, "y": counts.tolist(), "name": "reports",
         "marker": {"color": PALETTE[0]}},
        {"type": "scatter", "mode": "lines", "x": centres, "y": [len(pit) / 10] * 10,
         "name": "flat: honest bands", "line": {"color": "#999", "dash": "dash", "width": 1}},
    ], "layout": {
        "title": {"text": "Where later reports fell in the forecast distribution (PIT)"},
        "xaxis": {"title": {"text": "probability level"}, "type": "category"},
        "yaxis": {"title": {"text": "reports"}}, "meta": "categorical"}}


def skill_section(summary: pd.DataFrame | None, folder: str | Path | None) -> str:
    """The section's text and table (or how to get one)."""
    if summary is None:
        return ("<p>No backtest given. <code>borderflow backtest</code> forecasts from past "
                "cut-offs and scores what was reported later; pass its folder with "
                "<code>--backtest DIR</code> to show here how often past bands held.</p>")
    rows = summary[(summary["metric"] == "all") & summary["forecaster"].isin(SHOWN)]
    rows = rows.assign(_o=rows["forecaster"].map(SHOWN.index),
                       _h=rows["horizon"].map(BANDS.index)).sort_values(["_o", "_h"])
    head = ("<tr><th>forecaster</th><th>days ahead</th><th>reports</th><th>inside 50%</th>"
            "<th>inside 90%</th><th>WIS against the baseline</th><th>median |log error|</th></tr>")
    body = "".join(
        f"<tr><td>{esc(LABELS[r.forecaster])}</td><td>{esc(r.horizon)}</td><td>{r.reports}</td>"
        f"<td>{r.inside_50:.0%}</td><td>{r.inside_90:.0%}</td><td>{_ratio(r.relative_wis)}</td>"
        f"<td>{r.median_abs_log_error:.2f}</td></tr>" for r in rows.itertuples())
    model = rows[rows["forecaster"] == "model+error"].set_index("horizon")["relative_wis"]
    worse = [("reports about days up to the cut-off" if h == "<=0" else f"{h} days ahead")
             for h, v in model.items() if not v < 1]  # NaN: no baseline to beat, not a win
    verdict = ("The model beat the baseline at every horizon scored." if not worse else
               f"The model did not beat the baseline for {' and '.join(worse)}: there, the last "
               "report carried forward did as well or better.")
    return (f"<p>From the backtest in <code>{esc(folder)}</code>: each past forecast against "
            f"the reports that came after its cut-off. A WIS ratio below 1 means the model's "
            f"bands scored better than carrying the last report forward. {esc(verdict)}</p>"
            f"<table>{head}{body}</table>"
            '<div class="chart" id="fig-coverage"></div><div class="chart" id="fig-pit"></div>')


def _ratio(value: float) -> str:
    return "" if np.isnan(value) else f"{value:.2f}"


def draw_png(fig: dict[str, Any], ax: Any) -> None:
    """A categorical figure (coverage, PIT) drawn by matplotlib on `ax`."""
    for tr in fig["data"]:
        x = list(tr["x"])
        y = np.array([np.nan if v is None else v for v in tr["y"]], float)
        if tr["type"] == "bar":
            ax.bar(x, y, color=tr["marker"]["color"], label=tr["name"])
        else:
            line = tr["line"]
            ax.plot(x, y, color=line["color"], linestyle=":" if line["dash"] in ("dot", "dash")
                    else "-", marker="o" if "markers" in tr["mode"] else None, label=tr["name"])
    for shape in fig["layout"].get("shapes", []):
        ax.axhline(shape["y0"], color="#999", linestyle="--", linewidth=1)
    ax.set_xlabel(fig["layout"]["xaxis"]["title"]["text"])
