"""The fit panel at the top of the brief: the model beside the reported figures.

Each report is matched to the model by the calibration's own rule (`observations/targets.py`,
the rule `borderflow score` uses): one figure per member, so a report over several days or
crossings is compared with the members' figure over the same days and crossings, never with a
sum of quantiles. A forecast's report is inside when the members' 5-95% range meets the
reported value or bounds. Reports are grouped into series, one panel each (a country's entries,
a crossing's queue or wait); totals over several days are shown per day, as their panel's line.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from borderflow.observations.load import load_observations, observations_hash
from borderflow.problems import ProblemsError
from borderflow.report.figures import PALETTE, esc, rounded
from borderflow.report.panels import _axis
from borderflow.results.artifacts import Output, OutputError, forecast_scenario
from borderflow.results.quantiles import QCOLS, member_quantiles

if TYPE_CHECKING:  # the matching rule imports the engine (numba): only when a brief needs it
    from borderflow.observations.targets import DailySeries, Target

PANEL_HEIGHT, GAP_HEIGHT = 130, 56  # px: a panel's plot, and the room for the next one's title
COLUMNS, GAP_X = 4, 0.05
TOP, BOTTOM = 100, 30  # px
SHOWN = 3  # reports outside the band named in a panel's verdict
ROOM = 0.25  # a single run is "close" to a report when within a quarter of the report's figure
WHAT = {  # series metric -> what the panel shows
    "daily_entries": "entries per day",
    "daily_vehicles": "cars crossing per day",
    "daily_departures": "men leaving home per day",
    "daily_call_ups": "call-ups per day",
    "queue_vehicles": "cars in the queue",
    "queue_km": "queue, km",
    "wait_hours": "wait, hours",
}


@dataclass
class Fit:
    """Each report beside the model's matching figure, and each panel's daily model series."""

    rows: pd.DataFrame  # one per report (see `_row`)
    series: dict[str, pd.DataFrame]  # panel -> daily quantiles on the report's definition
    members: int
    cutoff: pd.Timestamp | None  # a forecast's last day of reports it could be fitted to
    fitted_to: str  # what the posterior was fitted to, in words ("" if unknown)
    problems: str = ""  # why the reports could not be matched to the model, if they were not
    left_out: int = 0  # reports about days the model does not cover


def build_fit(src: Output, path: str | Path, dates: pd.DatetimeIndex) -> Fit:
    """Match each report of `path` to the run or forecast `src` (on its whole days `dates`)."""
    from borderflow.observations.targets import build_targets, figures, select

    try:
        scenario = _scenario(src)
        obs = select(load_observations(path, scenario), None)  # the model has no exits
    except (ProblemsError, OutputError) as exc:  # the brief still shows the rest
        return Fit(pd.DataFrame(), {}, 1, _cutoff(src), "", _first_lines(str(exc)))
    daily, params = _daily(src, scenario)
    covered = (obs["date_to"] <= daily.dates.max()) & (obs["date_to"] >= daily.dates.min())
    obs = obs[covered].reset_index(drop=True)
    targets = build_targets(scenario, obs)
    usable = [k for k, t in enumerate(targets) if _has_series(t, daily)]
    targets = tuple(targets[k] for k in usable)
    sims = figures(targets, daily, params) if targets else np.zeros((0, 1))
    sims = sims.reshape(len(targets), -1)
    cutoff = _cutoff(src)
    rows = [_row(t, s, obs.iloc[k], cutoff)
            for t, s, k in zip(targets, sims, usable, strict=True)]
    table = pd.DataFrame(rows)
    if src.kind == "run" and not table.empty:  # a run's weeks after the last report say nothing
        dates = dates[dates <= table["date_to"].max() + pd.Timedelta(days=7)]
    series = {} if table.empty else {
        key: _daily_quantiles(daily, targets[int(np.flatnonzero(table["panel"] == key)[0])], dates)
        for key in table["panel"].unique()}
    left_out = int((~covered).sum()) + len(obs) - len(usable)
    return Fit(table, series, sims.shape[1] if len(targets) else 1, cutoff, _fitted_to(src, path),
               left_out=left_out)


def _first_lines(text: str, most: int = 3) -> str:
    lines = text.splitlines()
    more = f" (and {len(lines) - most} more)" if len(lines) > most else ""
    return "; ".join(lines[:most]) + more


def _scenario(src: Output) -> Any:
    from borderflow.scenario import load_scenario

    if src.kind == "forecast":
        return forecast_scenario(src.path)
    if src.scenario_dir is None:
        raise OutputError(f"{src.path}: no scenario folder found to match the reports to "
                          "(give --scenario)")
    return load_scenario(src.scenario_dir)


def _daily(src: Output, scenario: Any) -> tuple[DailySeries, dict[str, Any]]:
    """The series targets read, member x date (a run is one member), and the parameters."""
    from borderflow.forecasting.scoring import member_series_of
    from borderflow.observations.targets import DailySeries

    if src.kind == "forecast":
        return member_series_of(src.path, scenario)
    table = src.daily()
    wide = table.pivot_table(index="date", columns=["kind", "id", "metric"], values="value",
                             aggfunc="first").sort_index()
    data = {tuple(map(str, key)): wide[key].to_numpy(float)[None, :] for key in wide.columns}
    params = dict(scenario.parameters)
    params.update(src.manifest.get("parameters") or {})
    seed = np.array([int(src.manifest.get("seed", 0) or 0)])
    start = scenario.start.tz_localize(None)
    return DailySeries(start, pd.DatetimeIndex(wide.index), data, seed), params


def _series() -> dict[str, tuple[str, str, str]]:
    """Report metric -> (daily series, how over crossings, how over days): the targets' rule."""
    from borderflow.observations.targets import SERIES

    return SERIES


def _has_series(t: Target, daily: DailySeries) -> bool:
    return all((t.kind, i, _series()[t.metric][0]) in daily.data for i in t.ids)


def _cutoff(src: Output) -> pd.Timestamp | None:
    """A forecast's last day of reports its posterior could have been fitted to: the later of
    the forecast's cut-off and the day the posterior's reports end (a forecast from before that
    day has seen reports of its first days)."""
    if src.kind != "forecast":
        return None
    days = [src.manifest.get("cutoff"), src.manifest.get("posterior_until")]
    known = [pd.Timestamp(str(d)[:10]) for d in days if d]
    return max(known) if known else None


def _fitted_to(src: Output, given: str | Path) -> str:
    """The posterior's provenance in words: which reports, up to which day, and whether they
    are the file given to the brief."""
    from borderflow.report.notes import posterior_provenance

    _, prov = posterior_provenance(src)
    if not prov.get("observations"):
        return ""
    until = f", reports up to {pd.Timestamp(prov['until']):%-d %b %Y}" if prov.get("until") else ""
    same = prov.get("observations_sha256") == observations_hash(given)
    other = "" if same else "; not the file given here, whose earlier reports may differ"
    return f"{prov['observations']}{until}{other}"


def panel_key(t: Target, obs: pd.Series) -> tuple[str, str]:
    """The panel a report goes to (its series: what, where) and the panel's title, naming
    crossings as the report did ("Upper Lars", "Vaalimaa, Nuijamaa, Imatra together")."""
    series = _series()[t.metric][0]
    if t.kind == "crossing":
        names = [n.strip() for n in str(obs.get("crossing", "") or "").split(";") if n.strip()]
        names = names if len(names) == len(t.ids) else list(t.ids)
        where = f"{', '.join(names)}{' together' if len(names) > 1 else ''} ({obs['place']})"
    else:
        where = "Russia" if t.kind == "national" else t.ids[0]
    return f"{series}|{t.kind}|{';'.join(t.ids)}", f"{where}: {WHAT[series]}"


def _row(t: Target, sims: np.ndarray, obs: pd.Series,
         cutoff: pd.Timestamp | None) -> dict[str, Any]:
    """A report beside the model: the model's 5/50/95% on the report's definition, whether
    that range meets it, and both per day when the report is a total over days."""
    q05, q50, q95 = np.quantile(sims, (0.05, 0.5, 0.95))
    low, high = t.bounds()
    scale = t.days if _series()[t.metric][2] == "sum" else 1  # totals shown per day
    key, title = panel_key(t, obs)
    # known to the fit only if its days ended and it was reported by the cut-off (`select`)
    reported = pd.to_datetime(obs.get("reported_on"), errors="coerce")
    known = cutoff is not None and t.date_to <= cutoff and not (reported > cutoff)
    side = "" if cutoff is None else ("in sample" if known else "out of sample")
    return {
        "line": t.line, "panel": key, "title": title, "metric": t.metric,
        "date_from": t.date_from, "date_to": t.date_to, "days": t.days,
        "x": t.date_from + (t.date_to - t.date_from) / 2,
        "reported": t.reported(), "value": t.value / scale, "low": low / scale,
        "high": high / scale, "point": t.point() / scale,
        "q05": q05 / scale, "q50": q50 / scale, "q95": q95 / scale,
        "inside": (t.meets(q05, q95) if sims.size > 1
                   else t.meets(q50 / (1 + ROOM), q50 / (1 - ROOM))),
        "above": bool(q05 > high), "side": side,
        "per_day": scale > 1, "source": str(obs.get("source", "") or ""),
    }


def _daily_quantiles(daily: DailySeries, t: Target, dates: pd.DatetimeIndex) -> pd.DataFrame:
    """The panel's line: the report's series summed (or averaged) over its crossings, each day."""
    series, over_ids, _ = _series()[t.metric]
    stack = np.stack([daily.get(t.kind, i, series) for i in t.ids], axis=0)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a day no crossing served anyone: NaN
        x = np.nanmean(stack, axis=0) if over_ids == "mean" else stack.sum(axis=0)
    frame = pd.DataFrame(member_quantiles(x).T, index=daily.dates, columns=list(QCOLS))
    return frame.reindex(dates)


# ---------------------------------------------------------------- words


def _n(x: float) -> str:
    """A model figure to two significant figures, as a planner reads it."""
    if not np.isfinite(x):
        return "–"
    return f"{float(f'{x:.2g}'):,.0f}" if abs(x) >= 100 else f"{float(f'{x:.2g}'):g}"


def _as_reported(x: float) -> str:
    """A reported figure as it was given (a per-day average of a total to 2 figures)."""
    return f"{x:,.0f}" if abs(x) >= 10 and float(x).is_integer() else _n(x)


def _when(r: pd.Series) -> str:
    first, last = r["date_from"], r["date_to"]
    if first == last:
        return f"{first:%-d %b}"
    return f"{first:%-d}–{last:%-d %b}" if first.month == last.month else (
        f"{first:%-d %b}–{last:%-d %b}")


def _reported(r: pd.Series) -> str:
    per = f" a day (of {r['days']} days)" if r["per_day"] else ""
    write = _n if r["per_day"] else _as_reported
    if np.isfinite(r["value"]):
        return f"{write(r['value'])}{per}"
    if not np.isfinite(r["high"]):
        return f"at least {write(r['low'])}{per}"
    if r["low"] <= 0:
        return f"at most {write(r['high'])}{per}"
    return f"{write(r['low'])}–{write(r['high'])}{per}"


def _miss(r: pd.Series, mixed: bool, members: int) -> str:
    side = f", {r['side']}" if mixed and r["side"] else ""
    if members <= 1:
        return (f"{_when(r)}: reported {_reported(r)}, the run {_n(r['q50'])} "
                f"(run {'higher' if r['q50'] > r['high'] else 'lower'})")
    return (f"{_when(r)}: reported {_reported(r)}, model {_n(r['q05'])}–{_n(r['q95'])} "
            f"(model {'higher' if r['above'] else 'lower'}{side})")


def verdict(g: pd.DataFrame, members: int) -> str:
    """One line in planner words: how many reports the band holds, and which it misses."""
    n, inside = len(g), int(g["inside"].sum())
    mixed = g["side"].nunique() > 1
    text = (f"{inside} of {n} report{'s' * (n != 1)} "
            f"{'inside the 90% band' if members > 1 else 'within a quarter of the run'}"
            f"{_split(g)}.")
    out = g[~g["inside"]]
    if len(out):
        misses = [_miss(r, mixed, members) for _, r in out.head(SHOWN).iterrows()]
        more = f"; and {len(out) - SHOWN} more" if len(out) > SHOWN else ""
        text += f" {'Outside' if members > 1 else 'Further off'}: {'; '.join(misses)}{more}."
    return text


def _split(g: pd.DataFrame) -> str:
    """In and out of sample, when a panel has both; 'out of sample' when it has only those."""
    sides = [s for s in ("in sample", "out of sample") if (g["side"] == s).any()]
    if len(sides) == 2:
        parts = [f"{s}: {int(g.loc[g['side'] == s, 'inside'].sum())} of "
                 f"{int((g['side'] == s).sum())}" for s in sides]
        return f" ({'; '.join(parts)})"
    return " (out of sample)" if sides == ["out of sample"] else ""


# series -> (what the reports were, the words for above and below the band, the unit)
CARD_WORDS = {
    "wait_hours": ("waits", "longer", "shorter", " h"),
    "queue_km": ("queues", "longer", "shorter", " km"),
    "queue_vehicles": ("car queues", "longer", "shorter", " cars"),
    "daily_entries": ("entries", "higher", "lower", " a day"),
    "daily_vehicles": ("cars crossing", "higher", "lower", " a day"),
}


def crossing_warnings(fit: Fit | None) -> dict[str, dict[str, str]]:
    """Per crossing and series, the reports of that crossing alone that fall outside the
    model's band, in planner words ("reported waits were longer: 48 h on 25 Sep; the model's
    band was 13–37 h"), for the crossing's card; from the fit panel's own matching."""
    if fit is None or fit.rows.empty:
        return {}
    out: dict[str, dict[str, str]] = {}
    for key, g in fit.rows[~fit.rows["inside"]].groupby("panel", sort=False):
        series, kind, ids = key.split("|", 2)
        if kind != "crossing" or ";" in ids or series not in CARD_WORDS:
            continue
        out.setdefault(ids, {})[series] = _card_words(series, g, fit.members)
    return out


def _card_words(series: str, g: pd.DataFrame, members: int) -> str:
    what, up, down, unit = CARD_WORDS[series]
    longer = g[~g["above"]]  # the model below the report
    parts = []
    for side, word in ((longer, up), (g[g["above"]], down)):
        if len(side):
            each = ", ".join(f"{_reported(r)}{unit} on {_when(r)}" for _, r in side.iterrows())
            parts.append(f"reported {what} were {word}: {each}")
    model = (f"the model's band was {_n(g['q05'].min())}–{_n(g['q95'].max())}{unit}"
             if members > 1 else f"the run gave {_n(g['q50'].min())}–{_n(g['q50'].max())}{unit}")
    return f"{'; '.join(parts)}; {model} (see the fit panel)."


def fit_section(fit: Fit | None) -> str:
    """The panel's words: the count, the cut-off, the series with a report outside the band
    one line each, then those the band holds in one sentence; the chart after."""
    if fit is None:
        return ("<p class=fitnone>No reported figures given, so the brief cannot show how close "
                "the model is to what was reported. Add them with <code>borderflow report DIR "
                "--observations FILE.csv</code> (the observations format of the calibration: "
                "metric, place, crossing, date_from, date_to, value, low, high).</p>")
    if fit.problems:
        return ("<p class=fitnone>The reported figures could not be matched to this scenario, so "
                f"the model is not shown beside them: {esc(fit.problems)}</p>")
    t = fit.rows
    if t.empty:
        return (f"<p class=fitnone>None of the reported figures falls in the modelled days"
                f"{_left_out(fit)}.</p>")
    bad, good = [], []
    for key, g in t.groupby("panel", sort=False):
        attrs = (f'data-panel="{esc(key)}" data-reports="{len(g)}" '
                 f'data-inside="{int(g["inside"].sum())}"')
        if g["inside"].all():
            good.append(f'<li {attrs}>{esc(g["title"].iloc[0])}: {len(g)} '
                        f'report{"s" * (len(g) != 1)}{esc(_split(g))}</li>')
        else:
            bad.append(f"<li {attrs}><b>{esc(g['title'].iloc[0])}</b>: "
                       f"{esc(verdict(g, fit.members))}</li>")
    held = "inside the band" if fit.members > 1 else "close to the run"
    held = f"<p>Every report {held}:</p><ul class=held>{''.join(good)}</ul>" if good else ""
    return (f"<p class=lead>{_lead(fit)}</p><ul class=verdicts>{''.join(bad)}</ul>{held}"
            '<div class="chart" id="fig-fit" style="min-height:0"></div>')


def _left_out(fit: Fit) -> str:
    if not fit.left_out:
        return ""
    return (f" ({fit.left_out} report{'s' * (fit.left_out != 1)} about days the model does not "
            "cover left out)")


def _lead(fit: Fit) -> str:
    t, m = fit.rows, fit.members
    inside = int(t["inside"].sum())
    if m <= 1:
        head = (f"<b>{inside} of {len(t)} reports within a quarter of the run</b>, "
                f"<b>{len(t) - inside} further off</b>{_left_out(fit)}. A single run has no "
                "band: each report is compared with the run's figure for its days and "
                "crossings, and is close when the run is within 25% of it.")
    else:
        head = (f"<b>{inside} of {len(t)} reports inside the 90% band</b>, "
                f"<b>{len(t) - inside} outside</b>{_left_out(fit)}. A report is inside when it "
                "falls within the range holding 90% of the simulated futures, for its days and "
                "crossings.")
    if fit.cutoff is None:
        return head
    fitted = (f"what the posterior was fitted to ({esc(fit.fitted_to)})" if fit.fitted_to
              else "about the days the posterior could be fitted to")
    n_in = int((t["side"] == "in sample").sum())
    after = (f"The {len(t) - n_in} after it are <b>out of sample</b>: the forecast's own test."
             if len(t) > n_in else
             "<b>No report after the cut-off yet</b>: nothing here tests the forecast itself; "
             "add later reports to --observations to see how it holds.")
    return (f"{head} Forecast cut-off: <b>{fit.cutoff:%-d %b %Y}</b> (dotted line). The {n_in} "
            f"reports up to it are <b>in sample</b>: {fitted}, so "
            f"they show the fit, not the forecast. {after}")


# ---------------------------------------------------------------- figure


def fit_figure(fit: Fit) -> dict[str, Any]:
    """One panel per series: the model (line, and band on a forecast) and the reports as
    markers (filled: a value; open: bounds only; red: outside the band), whiskers spanning a
    reported range and the days of a total; the cut-off dotted, the days after it shaded."""
    keys = list(dict.fromkeys(fit.rows["panel"])) if not fit.rows.empty else []
    rows = max(1, -(-len(keys) // COLUMNS))
    area = rows * PANEL_HEIGHT + (rows - 1) * GAP_HEIGHT
    traces: list[dict[str, Any]] = []
    layout: dict[str, Any] = {
        "title": {"text": "The model beside the reported figures", "y": 0.995,
                  "yref": "container", "yanchor": "top"},
        "height": TOP + area + BOTTOM, "margin": {"l": 50, "r": 20, "t": TOP, "b": BOTTOM},
        "showlegend": False, "hovermode": "closest", "meta": "panels",
        "annotations": [], "shapes": []}
    for k, key in enumerate(keys):
        g = fit.rows[fit.rows["panel"] == key]
        xa, ya = _axis(k, "x"), _axis(k, "y")
        panel = _model_traces(fit.series[key], fit.members) + _report_traces(g, fit.members)
        for tr in panel:
            tr.update(xaxis=xa, yaxis=ya)
        traces += panel
        xd, yd = _domains(k, area)
        layout[f"xaxis{'' if k == 0 else k + 1}"] = {
            "domain": xd, "anchor": ya, "tickfont": {"size": 9}, "nticks": 4,
            "tickformat": "%-d %b", **({"matches": "x"} if k else {})}
        layout[f"yaxis{'' if k == 0 else k + 1}"] = {
            "domain": yd, "anchor": xa, "rangemode": "tozero", "tickfont": {"size": 9}}
        inside, n = int(g["inside"].sum()), len(g)
        count = f" · {inside} of {n} {'in the band' if fit.members > 1 else 'close'}"
        where, what = g["title"].iloc[0].rsplit(": ", 1)
        layout["annotations"].append({
            "text": f"<b>{esc(where)}</b><br>{esc(what)}{count}", "x": (xd[0] + xd[1]) / 2,
            "y": yd[1], "xref": "paper", "yref": "paper", "xanchor": "center",
            "yanchor": "bottom", "showarrow": False, "font": {"size": 10}})
        layout["shapes"] += _cutoff_shapes(fit.cutoff, fit.series[key].index.max(), xa, ya)
    band = "median, shaded: 90% of the futures" if fit.members > 1 else "the run"
    red = "outside the band" if fit.members > 1 else "more than 25% off"
    cut = "; dotted: cut-off, grey after it: out of sample" if fit.cutoff is not None else ""
    layout["annotations"].append({
        "text": f"Line: model ({band}). Reported: ● a figure, ▲ at least, ▼ at most, ○ a range; "
                f"red: {red}; bar: a total over its days, per day{cut}.",
        "x": 0, "y": 1, "xref": "paper", "yref": "paper", "xanchor": "left",
        "yanchor": "bottom", "yshift": 42, "showarrow": False,
        "font": {"size": 11, "color": "#555"}})
    return {"data": traces, "layout": layout}


def _domains(k: int, area: float) -> tuple[list[float], list[float]]:
    """Panel k's share of the width and of the plotting height (`area` px), row by row."""
    col, row = k % COLUMNS, k // COLUMNS
    width = (1 - GAP_X * (COLUMNS - 1)) / COLUMNS
    top = 1 - row * (PANEL_HEIGHT + GAP_HEIGHT) / area
    x0 = col * (width + GAP_X)
    return ([round(x0, 4), round(x0 + width, 4)],
            [round(max(top - PANEL_HEIGHT / area, 0), 4), round(top, 4)])


def _model_traces(q: pd.DataFrame, members: int) -> list[dict[str, Any]]:
    x = list(q.index.strftime("%Y-%m-%d"))
    out: list[dict[str, Any]] = []
    if members > 1:
        out += [{"type": "scatter", "x": x, "y": rounded(q["q95"].to_numpy()), "mode": "lines",
                 "line": {"width": 0}, "hoverinfo": "skip"},
                {"type": "scatter", "x": x, "y": rounded(q["q05"].to_numpy()), "mode": "lines",
                 "line": {"width": 0}, "fill": "tonexty", "fillcolor": "rgba(31,119,180,0.18)",
                 "hoverinfo": "skip"}]
    out.append({"type": "scatter", "x": x, "y": rounded(q["q50"].to_numpy()), "mode": "lines",
                "name": "model", "line": {"color": PALETTE[0], "width": 2},
                "hovertemplate": "model %{y:,.3~g}<extra></extra>"})
    return out


def _report_traces(g: pd.DataFrame, members: int) -> list[dict[str, Any]]:
    """The reports of a panel, one trace per look (filled or open, inside or outside)."""
    out = []
    bound = ~np.isfinite(g["value"].to_numpy(float))
    miss = (~g["inside"]).to_numpy()
    for is_bound in (False, True):
        for is_miss in (False, True):
            s = g[(bound == is_bound) & (miss == is_miss)]
            if len(s):
                out += _spans(s, is_miss) + [_markers(s, is_bound, is_miss, members)]
    return out


def _spans(s: pd.DataFrame, is_miss: bool) -> list[dict[str, Any]]:
    """A report over several days as a level line over its days (a per-day average)."""
    many = s[s["days"] > 1]
    if many.empty:
        return []
    x: list[str | None] = []
    y: list[float | None] = []
    for _, r in many.iterrows():
        level = r["point"] if np.isfinite(r["point"]) else r["low"]
        x += [f"{r['date_from']:%Y-%m-%d}", f"{r['date_to']:%Y-%m-%d}", None]
        y += [*rounded(np.array([level, level])), None]
    return [{"type": "scatter", "mode": "lines", "x": x, "y": y, "hoverinfo": "skip",
             "line": {"color": PALETTE[1] if is_miss else "#222", "width": 2}}]


def _markers(s: pd.DataFrame, is_bound: bool, is_miss: bool, members: int) -> dict[str, Any]:
    y = s["point"].where(np.isfinite(s["point"]), s["low"]).to_numpy(float)
    high = np.where(np.isfinite(s["high"]), s["high"], y)
    colour = PALETTE[1] if is_miss else "#222"
    text = [f"{_when(r)}: reported {_reported(r)}<br>model {_n(r['q50'])}"
            + (f" (90%: {_n(r['q05'])}–{_n(r['q95'])})" if members > 1 else "")
            + (f"<br>{r['side']}" if r["side"] else "")
            + (f"<br>{esc(r['source'][:90])}" if r["source"] else "")
            for _, r in s.iterrows()]
    return {
        "type": "scatter", "mode": "markers", "name": "reported", "cliponaxis": False,
        "x": list(s["x"].dt.strftime("%Y-%m-%d %H:%M")), "y": rounded(y),
        "marker": {"color": colour, "size": 8,
                   "symbol": [_symbol(r) for _, r in s.iterrows()] if is_bound else "circle",
                   "line": {"color": colour, "width": 2 if is_bound else 1}},
        "error_y": {"type": "data", "symmetric": False, "color": colour, "thickness": 1.5,
                    "width": 0,
                    "array": _whisker(high - y), "arrayminus": _whisker(y - s["low"])},
        "text": text, "hovertemplate": "%{text}<extra></extra>",
    }


def _whisker(length: Any) -> list[float | None]:
    """Error-bar lengths, 0 where there is no span."""
    x = np.asarray(length, float)
    return rounded(np.where(x > 0, x, 0.0))


def _symbol(r: pd.Series) -> str:
    """A bound's marker: a triangle pointing the way the figure lies, a circle for a range."""
    if not np.isfinite(r["high"]):
        return "triangle-up-open"
    return "triangle-down-open" if r["low"] <= 0 else "circle-open"


def _cutoff_shapes(cutoff: pd.Timestamp | None, last: pd.Timestamp, xa: str,
                   ya: str) -> list[dict[str, Any]]:
    """The cut-off as a dotted line and the days after it shaded, from halfway between the
    cut-off day and the next (a day's figure is drawn at its midnight)."""
    if cutoff is None or not last > cutoff:
        return []
    edge = f"{cutoff + pd.Timedelta(hours=12):%Y-%m-%d %H:%M}"
    return [{"type": "rect", "xref": xa, "yref": f"{ya} domain", "x0": edge, "x1": str(last.date()),
             "y0": 0, "y1": 1, "fillcolor": "rgba(0,0,0,0.05)", "line": {"width": 0},
             "layer": "below"},
            {"type": "line", "xref": xa, "yref": f"{ya} domain", "x0": edge, "x1": edge,
             "y0": 0, "y1": 1, "line": {"color": "#555", "dash": "dot", "width": 1}}]
