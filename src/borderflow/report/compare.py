"""Policies side by side: runs or forecasts of one scenario under different policies, the first
the base, each other one's difference from it per crossing (or host country) and day.

For forecasts the difference is taken member by member: members of the same posterior with the
same seeds (common random numbers, as `forecast --seed` gives), so the band is the band of the
difference, not a difference of bands. Folders of different kinds, networks, horizons or members
are refused.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from borderflow import _io
from borderflow.report.compare_table import Pair, summary_section
from borderflow.report.data import ReportError, complete_days
from borderflow.report.figures import esc
from borderflow.report.panels import panel_figure
from borderflow.results.artifacts import Output, open_output, read_daily, read_forecast_nc
from borderflow.results.quantiles import QCOLS, member_quantiles

NEEDS_COMPARED = (  # needs compared: (need, what a planner reads)
    ("water_l", "drinking water (L a day)"), ("food_kcal", "food energy (kcal a day)"),
    ("toilets", "toilets"), ("warming_places", "warming places"),
)
COMPARED = (  # (kind, metric, what a planner reads)
    ("crossing", "queue_people", "people in line"),
    ("crossing", "queue_people_car", "people in line in cars"),
    ("crossing", "queue_people_foot", "people in line on foot"),
    ("crossing", "wait_hours_car", "wait by car (h)"),
    ("crossing", "wait_hours_bus", "wait by bus (h)"),
    ("crossing", "wait_hours_foot", "wait on foot (h)"),
    ("crossing", "daily_turned_back", "people turned back a day"),
    ("crossing", "daily_entries", "entries a day at the crossing"),
    ("destination", "daily_entries", "entries a day"),
)
CHARTED = 6  # crossings (or countries) per chart: those the policy changes most


def series_of(src: Output) -> tuple[pd.DatetimeIndex, list[tuple[str, str, str]], np.ndarray,
                                     np.ndarray | None]:
    """(dates, keys, values member x date x series, member seeds or None for a run): the
    compared daily series, then the needs (kind `needs`) per crossing."""
    dates, keys, values, seeds = _daily_series_of(src)
    n_dates, n_keys, n_values = _needs_of(src)
    if n_keys and n_dates.equals(dates):
        keys, values = keys + n_keys, np.concatenate([values, n_values], axis=2)
    return dates, keys, values, seeds


def _needs_of(src: Output) -> tuple[pd.DatetimeIndex, list, np.ndarray]:
    """The compared needs per member, day and crossing, as series of kind `needs`."""
    from borderflow.assistance.estimate import member_needs
    from borderflow.assistance.standards import load_standards

    dates, ids, out = member_needs(src, load_standards())
    keys = [("needs", cid, need) for need, _ in NEEDS_COMPARED for cid in ids]
    values = np.concatenate([out[need] for need, _ in NEEDS_COMPARED], axis=2)
    return dates, keys, values


def _daily_series_of(src: Output) -> tuple[pd.DatetimeIndex, list[tuple[str, str, str]],
                                           np.ndarray, np.ndarray | None]:
    wanted = {(k, m) for k, m, _ in COMPARED}
    if src.kind == "run":
        daily = read_daily(src.path)
        daily = daily[[(k, m) in wanted for k, m in zip(daily["kind"], daily["metric"],
                                                         strict=True)]]
        wide = daily.pivot_table(index="date", columns=["kind", "id", "metric"],
                                 values="value", aggfunc="first")
        keys = [tuple(map(str, k)) for k in wide.columns]
        return pd.DatetimeIndex(wide.index), keys, wide.to_numpy(dtype=float)[None], None
    value = read_forecast_nc(src.path)
    keys_all = list(zip(*(value[c].values.astype(str) for c in ("kind", "id", "metric")),
                        strict=True))
    sel = [j for j, (k, _, m) in enumerate(keys_all) if (k, m) in wanted]
    return (pd.DatetimeIndex(pd.to_datetime(value["date"].values)),
            [keys_all[j] for j in sel], np.asarray(value.values[:, :, sel], dtype=float),
            np.asarray(value["seed"].values))


def label_of(src: Output) -> str:
    """A folder's variant: its scenario's name (a --label) where it differs, else the folder."""
    name = src.manifest.get("scenario_name") or src.manifest.get("scenario") or ""
    return f"{name} ({src.path.name})" if name else src.path.name


def compare(folders: list[str | Path]) -> pd.DataFrame:
    """The differences of each folder after the first from the first (see the module)."""
    _, pairs = compare_pairs(folders)
    return pd.concat([_rows(p.dates, p.keys, p.base, p.other, p.variant) for p in pairs],
                     ignore_index=True)


def compare_pairs(folders: list[str | Path]) -> tuple[Output, list[Pair]]:
    """The base, and each other folder beside it on the series they have in common."""
    if len(folders) < 2:
        raise ReportError("compare needs two folders or more: the base, then the variants")
    outputs = [open_output(f) for f in folders]
    base = outputs[0]
    dates, keys, values, seeds = series_of(base)
    base_index = {k: j for j, k in enumerate(keys)}
    pairs = []
    for other in outputs[1:]:
        o_dates, o_keys, o_values, o_seeds = series_of(other)
        _check_comparable(base, other, dates, o_dates, seeds, o_seeds)
        index = {k: j for j, k in enumerate(o_keys)}
        common = [k for k in keys if k in index]
        if not common:
            raise ReportError(f"{other.path}: no series in common with {base.path}")
        pairs.append(Pair(label_of(other), dates, common,
                          values[:, :, [base_index[k] for k in common]],
                          o_values[:, :, [index[k] for k in common]]))
    return base, pairs


def _check_comparable(base: Output, other: Output, dates: pd.DatetimeIndex,
                      o_dates: pd.DatetimeIndex, seeds: Any, o_seeds: Any) -> None:
    if base.kind != other.kind:
        raise ReportError(f"{other.path}: a {other.kind}, not a {base.kind} like {base.path}")
    if not dates.equals(o_dates):
        raise ReportError(f"{other.path}: covers {o_dates.min():%Y-%m-%d}..{o_dates.max():%Y-%m-%d}"
                          f", not {dates.min():%Y-%m-%d}..{dates.max():%Y-%m-%d} like "
                          f"{base.path}: compare folders of the same horizon")
    if sorted(base.crossings().index) != sorted(other.crossings().index):
        raise ReportError(f"{other.path}: another network of crossings than {base.path}: "
                          "compare folders of one scenario")
    if seeds is not None and not np.array_equal(seeds, o_seeds):
        raise ReportError(f"{other.path}: other members than {base.path} (seeds differ): "
                          "forecast each policy from the same posterior with the same --seed "
                          "and --members, so that the difference is member by member")


def _rows(dates: pd.DatetimeIndex, keys: list, a: np.ndarray, b: np.ndarray,
          variant: str) -> pd.DataFrame:
    """Long rows: date, kind, id, metric, variant, then the base, the variant and their
    difference (a run), or the difference's quantiles over members (a forecast)."""
    n_d, n_s = len(dates), len(keys)
    frame = pd.DataFrame({
        "date": np.repeat(dates.strftime("%Y-%m-%d"), n_s),
        "kind": np.tile([k for k, _, _ in keys], n_d), "id": np.tile([i for _, i, _ in keys], n_d),
        "metric": np.tile([m for _, _, m in keys], n_d), "variant": variant,
    })
    if a.shape[0] == 1:
        frame["base"] = a[0].reshape(-1)
        frame["value"] = b[0].reshape(-1)
        frame["difference"] = (b - a)[0].reshape(-1)
        return frame
    q = member_quantiles(b - a)  # quantile x date x series
    for c, name in enumerate(QCOLS):
        frame[f"difference_{name}"] = q[c].reshape(-1)
    return frame


def compare_html(table: pd.DataFrame, folders: list[str | Path], summary: str = "") -> str:
    """One offline page: the summary table (`summary`), then per compared metric and variant
    small multiples of the difference, one panel per crossing (or country) it changes most;
    days the model covers only in part are left out."""
    from plotly.offline import get_plotlyjs

    base = open_output(folders[0])
    dates = pd.DatetimeIndex(sorted(set(table["date"])))
    partial = [f"{d:%Y-%m-%d}" for d in dates[~complete_days(base, dates)]]
    table = table[~table["date"].isin(partial)]
    names = base.crossings()["name"].to_dict() if "name" in base.crossings() else {}
    figures, sections = {}, []
    mid = "difference" if "difference" in table else "difference_q50"
    shown = [*COMPARED, *(("needs", need, what) for need, what in NEEDS_COMPARED)]
    variants = list(table["variant"].unique())
    for n, (kind, metric, what) in enumerate(shown):
        for v, variant in enumerate(variants):
            part = table[(table["kind"] == kind) & (table["metric"] == metric)
                         & (table["variant"] == variant)]
            if part.empty or not np.abs(np.nan_to_num(part[mid].to_numpy(dtype=float))).max():
                continue
            key = f"fig{n}_{v}"
            figures[key] = _figure(part, what, mid, names, variant if len(variants) > 1 else "")
            sections.append(f'<div class="chart" id="{key}"></div>')
    body = "".join(sections) or "<p>No compared series differs between the folders.</p>"
    listed = "".join(f"<li><code>{esc(f)}</code>{' (base)' if i == 0 else ''}</li>"
                     for i, f in enumerate(folders))
    data = json.dumps(figures, separators=(",", ":")).replace("<", "\\u003c")
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>borderflow: '
        'policies compared</title><style>body{font-family:system-ui,sans-serif;max-width:1180px;'
        'margin:0 auto;padding:0 1em}.chart{min-height:420px}table{border-collapse:collapse;'
        'font-size:0.9em;margin:0.4em 0 1em}th,td{border-bottom:1px solid #e3e3e3;padding:0.25em '
        '0.6em;text-align:right;vertical-align:top}th{background:#f3f6fa}td:first-child,'
        'th:first-child,td:nth-child(2),th:nth-child(2){text-align:left}.range{color:#777;'
        'font-size:0.9em}.band{background:#f3f6fa;padding:0.5em 0.7em;border-left:4px solid '
        '#1f77b4}</style><script>'
        + get_plotlyjs().replace("</script>", "<\\/script>") +
        "</script></head><body><h1>Policies compared</h1><p>Each chart: a variant minus the "
        "base, per day, for the crossings (or countries) it changes most. Forecasts: the median "
        "difference over members of the same posterior and seeds, with its 90% band."
        + (f" Left out: {esc(', '.join(partial))}, which the model covers only in part."
           if partial else "") + "</p><ul>"
        f"{listed}</ul>{summary}<h2>Day by day</h2>{body}<script>var figures={data};"
        "Object.keys(figures).forEach(function(k){Plotly.newPlot(document.getElementById(k),"
        "figures[k].data,figures[k].layout,{displaylogo:false,responsive:true});});</script>"
        "</body></html>")


LABEL_CHARS = 30  # a panel's title fits its quarter of the page's width


def _short(name: str) -> str:
    return name if len(name) <= LABEL_CHARS else name[:LABEL_CHARS - 1].rstrip() + "…"


def _figure(part: pd.DataFrame, what: str, mid: str, names: dict[str, str],
            variant: str) -> dict[str, Any]:
    """A panel per crossing (or country) the variant changes most: the difference (a run) or
    its median and 90% band over members (a forecast)."""
    size = part.groupby("id")[mid].apply(
        lambda x: float(np.abs(np.nan_to_num(x.to_numpy(dtype=float))).max()))
    series, labels = {}, {}
    changed = size[size > 0]  # a panel of zeros says nothing
    for sid in changed.sort_values(ascending=False).head(CHARTED).index:
        rows = part[part["id"] == sid]
        cols = ["difference"] * len(QCOLS) if mid == "difference" else [
            f"difference_{c}" for c in QCOLS]
        series[sid] = pd.DataFrame(rows[cols].to_numpy(dtype=float), columns=list(QCOLS),
                                   index=pd.DatetimeIndex(rows["date"]))
        labels[sid] = _short(str(names.get(sid, sid)))
    members = 1 if mid == "difference" else 2
    which = f"{variant} minus the base" if variant else "variant minus base"
    title = f"Difference in {what}: {which}"
    return panel_figure(title, what, series, labels, members, None, rangemode="normal")


def _first_day(base: Output, dates: pd.DatetimeIndex) -> pd.Timestamp | None:
    """Tomorrow of the summary: a forecast's first day (the day after its cut-off), a run's
    first whole day."""
    if base.kind == "forecast" and base.manifest.get("from"):
        return pd.Timestamp(base.manifest["from"])
    if base.kind == "forecast" and base.manifest.get("cutoff"):
        return pd.Timestamp(base.manifest["cutoff"]) + pd.Timedelta(days=1)
    whole = dates[complete_days(base, dates)]
    return whole.min() if len(whole) else None


def write_compare(folders: list[str | Path], html: str | Path | None,
                  csv: str | Path | None) -> pd.DataFrame:
    """compare() written as an offline page (with the summary table) and/or a CSV (each
    atomically)."""
    base, pairs = compare_pairs(folders)
    table = pd.concat([_rows(p.dates, p.keys, p.base, p.other, p.variant) for p in pairs],
                      ignore_index=True)
    if csv is not None:
        _io.write_with(Path(csv), lambda p: table.to_csv(p, index=False, float_format="%.6g"))
    if html is not None:
        names = base.crossings()["name"].to_dict() if "name" in base.crossings() else {}
        first = _first_day(base, pairs[0].dates)
        summary = summary_section(pairs, first, names, pairs[0].base.shape[0])
        _io.write_text(Path(html), compare_html(table, folders, summary))
    return table
