"""The data behind the report: daily series as an ensemble (a run is one member), reported figures.

Everything is computed per member and then reduced to quantiles, so a 7-day sum or a peak of a
forecast is the quantile of the members' sums or peaks, never a sum of quantiles.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from borderflow.problems import unreadable
from borderflow.results.artifacts import Output
from borderflow.results.quantiles import QCOLS, member_quantiles

WINDOW_DAYS = 7
NATIONAL_PLACES = {"all", "russia(total)", "russia", "national"}


class ReportError(ValueError):
    """Input the report cannot use (observations file, dates)."""


@dataclass
class Ensemble:
    """Daily series as an array (member x date x series); a run has one member. `partial`
    lists the days left out because the model covers them only in part."""

    dates: pd.DatetimeIndex
    keys: pd.DataFrame  # kind, id, metric per series
    values: np.ndarray
    partial: tuple[pd.Timestamp, ...] = ()

    @property
    def members(self) -> int:
        return self.values.shape[0]

    def ids(self, kind: str, metric: str) -> list[str]:
        sel = (self.keys["kind"] == kind) & (self.keys["metric"] == metric)
        return list(self.keys.loc[sel, "id"])

    def get(self, kind: str, metric: str) -> tuple[list[str], np.ndarray]:
        """Ids and their values (member x date x id) of one kind and metric."""
        sel = np.flatnonzero(
            ((self.keys["kind"] == kind) & (self.keys["metric"] == metric)).to_numpy()
        )
        return list(self.keys["id"].iloc[sel]), self.values[:, :, sel]

    def quantiles(self, kind: str, metric: str) -> dict[str, pd.DataFrame]:
        """id -> frame indexed by date with columns q05..q95."""
        ids, arr = self.get(kind, metric)
        out = {}
        for j, i in enumerate(ids):
            qs = member_quantiles(arr[:, :, j])
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
                agg = np.where(
                    np.all(np.isnan(part), axis=1),
                    np.nan,
                    np.nanmax(np.nan_to_num(part, nan=-np.inf), axis=1),
                )
        return pd.DataFrame(member_quantiles(agg).T, index=ids, columns=list(QCOLS))


WANTED = {
    ("destination", "daily_entries"),
    ("crossing", "queue_km"),
    ("crossing", "wait_hours"),
    ("crossing", "queue_people"),
    ("crossing", "daily_entries"),
    ("crossing", "queue_vehicles"),
    ("crossing", "queue_people_car"),
    ("crossing", "queue_people_foot"),
    ("crossing", "wait_hours_car"),
    ("crossing", "wait_hours_bus"),
    ("crossing", "wait_hours_foot"),
    ("crossing", "daily_turned_back"),
    ("crossing", "daily_stopped"),
    ("crossing", "daily_reneged"),
}


def modelled_span(src: Output) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The local clock times the model covers, [start, end): from the manifest (a run's start,
    step_hours and steps; a forecast's start and horizon_end) or the scenario's start and days;
    None when neither says."""
    man, toml = src.manifest, src.scenario_toml()
    start = man.get("start") or toml.get("start")
    if not start:
        return None
    begin = pd.Timestamp(str(start)).tz_localize(None)
    if man.get("horizon_end"):
        return begin, pd.Timestamp(man["horizon_end"]) + pd.Timedelta(days=1)
    if man.get("steps") and man.get("step_hours"):
        return begin, begin + pd.Timedelta(hours=float(man["steps"]) * float(man["step_hours"]))
    if toml.get("days"):
        return begin, begin + pd.Timedelta(days=float(toml["days"]))
    return None


def complete_days(src: Output, dates: pd.DatetimeIndex) -> np.ndarray:
    """True for each date the model covers from midnight to midnight: a day it covers only in
    part (a run starting at 09:00, ending at 09:00) would show as a sudden rise or drop."""
    span = modelled_span(src)
    if span is None:
        return np.ones(len(dates), bool)
    day = dates.normalize()
    return np.asarray((day >= span[0]) & (day + pd.Timedelta(days=1) <= span[1]))


def report_ensemble(src: Output) -> Ensemble:
    """The series the report draws, from daily.csv (run) or forecast.nc (forecast), whole
    days only."""
    ens = _all_days(src)
    keep = complete_days(src, ens.dates)
    if keep.all() or not keep.any():
        return ens
    dropped = tuple(ens.dates[~keep])
    return Ensemble(ens.dates[keep], ens.keys, ens.values[:, keep, :], dropped)


def _all_days(src: Output) -> Ensemble:
    if src.kind == "run":
        daily = src.daily()
        daily = daily[
            [(k, m) in WANTED for k, m in zip(daily["kind"], daily["metric"], strict=True)]
        ]
        wide = daily.pivot_table(
            index="date", columns=["kind", "id", "metric"], values="value", aggfunc="first"
        )
        keys = pd.DataFrame(list(wide.columns), columns=["kind", "id", "metric"])
        return Ensemble(pd.DatetimeIndex(wide.index), keys, wide.to_numpy(dtype=float)[None, :, :])
    value = src.ensemble()
    keys = pd.DataFrame({c: value[c].values.astype(str) for c in ("kind", "id", "metric")})
    sel = np.array([(k, m) in WANTED for k, m in zip(keys["kind"], keys["metric"], strict=True)])
    data = np.asarray(value.values[:, :, sel], dtype=float)
    return Ensemble(
        pd.DatetimeIndex(pd.to_datetime(value["date"].values)),
        keys[sel].reset_index(drop=True),
        data,
    )


def read_observations(path: str | Path) -> pd.DataFrame:
    """Reported figures (observations format: metric, place, crossing, dates, value, low, high).
    Crossings and places may be outside the scenario (they are drawn where they match), but a
    figure that is not a finite number >= 0, a period that ends before it starts, or a control
    character is refused by line, as calibrate refuses it, never drawn."""
    path = Path(path)
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, UnicodeDecodeError) as exc:
        raise ReportError(f"{path}: {unreadable(exc, path)}") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ReportError(f"{path}: cannot read observations: {exc}") from None
    missing = {"metric", "place", "crossing", "date_from", "date_to", "value", "low", "high"} - set(
        raw.columns
    )
    if missing:
        raise ReportError(f"{path}:1: observations need columns {sorted(missing)}")
    problems = [f"{path}:{line}: {p}" for line, rec in enumerate(raw.to_dict("records"), start=2)
                for p in _row_problems(rec)]
    if problems:
        raise ReportError("\n".join(problems))
    obs = raw.replace("", np.nan)
    for col in ("date_from", "date_to"):
        obs[col] = pd.to_datetime(obs[col], format="%Y-%m-%d")
    for col in ("value", "low", "high"):
        obs[col] = pd.to_numeric(obs[col])
    for col in ("metric", "place", "crossing", "source"):
        obs[col] = raw[col] if col in raw.columns else ""
    obs["y"] = obs["value"].fillna(obs[["low", "high"]].mean(axis=1))
    obs["x"] = obs["date_from"] + (obs["date_to"] - obs["date_from"]) / 2
    return obs[obs["y"].notna()].reset_index(drop=True)


def _row_problems(rec: dict[str, str]) -> list[str]:
    """What is wrong with one row of an observations file: `column: rule, got 'value'`."""
    out = [f"{c}: must not hold control characters, got {v!r}" for c, v in rec.items()
           if any((ord(ch) < 32 and ch not in "\t\n\r") or ord(ch) == 127 for ch in v)]
    dates = {}
    for col in ("date_from", "date_to"):
        try:
            dates[col] = pd.Timestamp(dt.date.fromisoformat(rec[col].strip()))
        except ValueError:
            out.append(f"{col}: must be a date YYYY-MM-DD, got {rec[col]!r}")
    if len(dates) == 2 and dates["date_to"] < dates["date_from"]:
        out.append(f"date_to: must not be before date_from, got {rec['date_to']!r}")
    for col in ("value", "low", "high"):
        cell = rec[col].strip()
        try:
            ok = not cell or 0 <= float(cell) < math.inf
        except ValueError:
            ok = False
        if not ok:
            out.append(f"{col}: must be a finite number >= 0 (or empty), got {rec[col]!r}")
    return out


def _match_crossings(obs: pd.DataFrame, crossings: pd.DataFrame) -> pd.Series:
    """The crossing id of each observation (by id, name or alias; empty if several or none)."""
    lookup: dict[str, str] = {}
    for cid, row in crossings.iterrows():
        names = [cid, row.get("name", "")] + str(row.get("aliases", "") or "").split(";")
        lookup.update(
            {str(n).strip().lower(): str(cid) for n in names if isinstance(n, str) and n.strip()}
        )
    return (
        obs["crossing"]
        .fillna("")
        .map(lambda c: lookup.get(c.strip().lower(), "") if ";" not in c else "")
    )


def as_of_date(src: Output, ens: Ensemble, as_of: str | None) -> tuple[pd.Timestamp, str]:
    """The day the 'next 7 days' start after, and why: --as-of (a modelled day, or the one
    before), the forecast cut-off, or the day before the first whole modelled day of a run.
    Reported figures never move it: the same run gives the same window with or without
    --observations."""
    first = ens.dates.min() - pd.Timedelta(days=1)
    if as_of:
        try:
            day = pd.Timestamp(dt.date.fromisoformat(str(as_of)))
        except ValueError:
            day = pd.NaT
        if day is pd.NaT or not first <= day <= ens.dates.max():
            raise ReportError(f"--as-of: must be a day from {first:%Y-%m-%d} to "
                              f"{ens.dates.max():%Y-%m-%d} (the modelled days, and the one "
                              f"before), got {as_of!r}")
        return day, f"the as-of date asked for ({day:%d %b %Y})"
    for candidate in (src.manifest.get("cutoff"), src.manifest.get("cut_off")):
        if candidate:
            try:
                day = pd.Timestamp(candidate).tz_localize(None).normalize()
            except (ValueError, TypeError) as exc:
                raise ReportError(f"{src.path}: cutoff: must be YYYY-MM-DD, got "
                                  f"{candidate!r}") from exc
            return day, f"the forecast's cut-off ({day:%d %b %Y})"
    return first, "the start of the run"
