"""Reported figures (the observation format of DESIGN.md), checked against a scenario.

`load_observations(path, scenario)` returns one row per reported figure with its place resolved
to a `kind` (destination, crossing or national) and crossing ids; every broken rule is collected
and raised together as an `ObservationsError` (file, line, column, rule, value).

Rules:
- `metric` is one of METRICS; `place` is a destination of the scenario, or `all`/`Russia(total)`
  (national: only `cumulative_departures` and `call_ups`). For the exits (`daily_exits`,
  `cumulative_exits`: people leaving a host country) `place` is the host country.
- `crossing` (optional) names one or more crossings separated by `;`: ids, names or aliases,
  resolved with the extraction gazetteer; each must lie in `place`. Queue and wait metrics and
  `daily_vehicles` need a crossing.
- `date_from <= date_to`; `date_to` not after the scenario's last day. Flows may start before the
  scenario (the days before count at the background rate: see `observations/targets.py`); stocks
  (queue_vehicles, queue_km, wait_hours) and `daily_vehicles` must lie inside the scenario.
- `value`, `low`, `high` are numbers >= 0 with at least one given, and `low <= high`.
- `trust` (optional column; empty means 1) is a number from 0 to 1: how far the analyst trusts
  the figure (a doubted estimate 0.25, say; 0 keeps it in the fit table but out of the fit).
  `calibrate --trust LINE=T` sets it for a file one cannot edit (`with_trust`).
Conflicting rows are all kept; `weight` (1 / rows reporting the same thing) makes them share, and
`figure` says which rows report the same thing (the fit aims at their combination:
`observations/targets.py`).

Not an error, but shown beside the fit (`note_bound`): a point `value` whose `note` qualifies it
with "at least", "more than", "up to"... followed by no number or by the value itself ("hours
(at least; eyewitnesses)"). The row is fitted as the point it states; a bound belongs in `low` or
`high`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from borderflow.problems import Problem, ProblemsError, unreadable

FLOWS = ("daily_entries", "cumulative_entries", "daily_vehicles", "cumulative_departures",
         "call_ups")
STOCKS = ("queue_vehicles", "queue_km", "wait_hours")
# People leaving a host country (place = the host country). Checked like entries, but the model
# has no exits yet: calibration drops them (`targets.select`), so an exit is never an entry.
EXITS = ("daily_exits", "cumulative_exits")
METRICS = FLOWS + STOCKS + EXITS
CROSSING_ONLY = ("daily_vehicles",) + STOCKS
NATIONAL_METRICS = ("cumulative_departures", "call_ups")
NATIONAL_NAMES = ("all", "russia(total)", "russia")
REQUIRED = ("metric", "place", "crossing", "date_from", "date_to", "value", "low", "high")
COLUMNS = ("metric", "kind", "place", "crossing", "ids", "date_from", "date_to", "value", "low",
           "high", "reported_on", "source", "line", "weight", "trust", "figure", "note_bound")
# Narrower than the extraction's bound words (extraction/numbers.py): standing alone in a note,
# "over" or "under" rarely bound the figure ("over the whole week"). Group 2: a number after it.
BOUND_WORDS = re.compile(
    r"\b(at least|more than|at most|up to|less than|fewer than)\b\s*[~≈]?\s*(\d[\d,]*(?:\.\d+)?)?",
    re.I)


class ObservationsError(ProblemsError):
    """An observations file broke one or more rules; `.problems` lists every one."""


def load_observations(path: str | Path, scenario: Any) -> pd.DataFrame:
    """Read and check an observations CSV against `scenario`; raise `ObservationsError`."""
    path = Path(path)
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, UnicodeDecodeError) as exc:
        raise ObservationsError([Problem(str(path), "", unreadable(exc, path))]) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ObservationsError([Problem(str(path), "", f"cannot read: {exc}")]) from None
    missing = [c for c in REQUIRED if c not in raw.columns]
    if missing:
        rule = f"missing column(s) {', '.join(missing)} (need {', '.join(REQUIRED)})"
        raise ObservationsError([Problem(str(path), "1", rule)])
    checker = _Checker(str(path), scenario)
    rows = [checker.row(line, rec) for line, rec in enumerate(raw.to_dict("records"), start=2)]
    if checker.problems:
        raise ObservationsError(checker.problems)
    table = pd.DataFrame([r for r in rows if r is not None], columns=list(COLUMNS))
    return _with_weights(table)


def observations_hash(path: str | Path) -> str:
    """sha256 of the file's bytes (recorded with a calibration)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def with_trust(obs: pd.DataFrame, trust: Mapping[int, float], path: str | Path) -> pd.DataFrame:
    """`obs` with the trust of the rows on the given file lines replaced; every line must hold
    an observation and every trust lie in [0, 1]."""
    lines = set(obs["line"])
    problems = [Problem(str(path), f"{line}: trust", "no observation on this line", t)
                for line, t in trust.items() if line not in lines]
    problems += [Problem(str(path), f"{line}: trust", "must be a number from 0 to 1", t)
                 for line, t in trust.items() if not 0.0 <= t <= 1.0]
    if problems:
        raise ObservationsError(problems)
    out = obs.copy()
    out["trust"] = [float(trust.get(line, t)) for line, t in zip(out["line"], out["trust"],
                                                                strict=True)]
    return out


def _with_weights(table: pd.DataFrame) -> pd.DataFrame:
    """weight = 1 / number of rows reporting the same metric, place, crossings and dates;
    `figure` numbers those groups (rows of one figure share it)."""
    if table.empty:
        return table
    key = ["metric", "place", "date_from", "date_to"]
    ids = table["ids"].map(lambda t: ";".join(t))
    same = table.assign(_ids=ids).groupby(key + ["_ids"], sort=False)["metric"]
    table["weight"] = 1.0 / same.transform("size").to_numpy(dtype=float)
    table["figure"] = same.ngroup().to_numpy()
    return table


def note_bound(note: str, value: float, low: float, high: float) -> str:
    """The bound word of a note that qualifies a point value ("at least"), else ""."""
    if np.isnan(value) or not (np.isnan(low) and np.isnan(high)):
        return ""
    for found in BOUND_WORDS.finditer(note):
        number = found.group(2)
        if number is None or float(number.replace(",", "")) == value:  # not another figure
            return found.group(1).lower()
    return ""


class _Checker:
    """Checks rows one by one, collecting every problem."""

    def __init__(self, file: str, scenario: Any) -> None:
        from borderflow.scenario.gazetteer import Gazetteer

        self.file, self.scenario = file, scenario
        self.gazetteer = Gazetteer.from_scenario(scenario)
        self.destinations = {d.lower(): d for d in scenario.destinations}
        self.first = scenario.start.tz_localize(None).normalize()
        self.last = (scenario.start.tz_localize(None)
                     + pd.Timedelta(days=scenario.days) - pd.Timedelta(microseconds=1)).normalize()
        self.problems: list[Problem] = []

    def bad(self, line: int, column: str, rule: str, value: Any) -> None:
        self.problems.append(Problem(self.file, f"{line}: {column}", rule, value))

    def row(self, line: int, rec: dict[str, str]) -> dict[str, Any] | None:
        before = len(self.problems)
        metric = rec["metric"].strip()
        if metric not in METRICS:
            self.bad(line, "metric", f"must be one of {', '.join(METRICS)}", metric)
        kind, place = self.place(line, rec["place"].strip(), metric)
        ids = self.crossings(line, rec["crossing"].strip(), place, kind, metric)
        d0, d1 = self.dates(line, rec, metric)
        value, low, high = self.numbers(line, rec)
        trust = self.trust(line, rec.get("trust", ""))
        self.text(line, rec)
        if len(self.problems) > before:
            return None
        return {
            "metric": metric, "kind": "crossing" if ids else kind, "place": place,
            "crossing": rec["crossing"].strip(), "ids": ids, "date_from": d0, "date_to": d1,
            "value": value, "low": low, "high": high,
            "reported_on": rec.get("reported_on", ""), "source": rec.get("source", ""),
            "line": line, "weight": 1.0, "trust": trust,
            "note_bound": note_bound(rec.get("note", ""), value, low, high),
        }

    def text(self, line: int, rec: dict[str, str]) -> None:
        """No control characters (a NUL, an escape) in any cell; tabs and line breaks pass."""
        for column, cell in rec.items():
            if any((ord(ch) < 32 and ch not in "\t\n\r") or ord(ch) == 127 for ch in cell):
                self.bad(line, str(column), "must not hold control characters", cell)

    def place(self, line: int, name: str, metric: str) -> tuple[str, str]:
        if name.lower() in NATIONAL_NAMES:
            if metric in METRICS and metric not in NATIONAL_METRICS:
                self.bad(line, "place", f"national rows take {', '.join(NATIONAL_METRICS)} only",
                         name)
            return "national", "all"
        if name.lower() in self.destinations:
            if metric in NATIONAL_METRICS:
                self.bad(line, "place", f"{metric} is national: place must be 'all'", name)
            return "destination", self.destinations[name.lower()]
        known = ", ".join(sorted(self.destinations.values()))
        self.bad(line, "place", f"not a destination of the scenario (known: all, {known})", name)
        return "", name

    def crossings(self, line: int, text: str, place: str, kind: str, metric: str) -> tuple:
        if not text:
            if metric in CROSSING_ONLY:
                self.bad(line, "crossing", f"{metric} needs a crossing", text)
            return ()
        if kind == "national":
            self.bad(line, "crossing", "national rows take no crossing", text)
            return ()
        ids = []
        for name in (n.strip() for n in text.split(";") if n.strip()):
            cid = self.crossing_id(name)
            if cid is None:
                self.bad(line, "crossing", f"not a crossing of the scenario ({self.scenario.name})",
                         name)
            elif kind == "destination" and self.gazetteer.crossing_country[cid] != place:
                country = self.gazetteer.crossing_country[cid]
                self.bad(line, "crossing", f"is in {country}, not in {place}", name)
            else:
                ids.append(cid)
        return tuple(sorted(set(ids)))

    def crossing_id(self, name: str) -> str | None:
        if name in self.gazetteer.crossing_country:
            return name
        mentions = [m for m in self.gazetteer.find(name) if m.kind == "crossing"]
        if len(mentions) == 1 and mentions[0].end - mentions[0].start >= len(name.strip()) - 1:
            return mentions[0].id
        return None

    def dates(self, line: int, rec: dict[str, str], metric: str) -> tuple[Any, Any]:
        out = []
        for col in ("date_from", "date_to"):
            try:
                out.append(pd.Timestamp(date.fromisoformat(rec[col].strip())))
            except (ValueError, TypeError):
                self.bad(line, col, "must be a date YYYY-MM-DD", rec[col])
                out.append(None)
        d0, d1 = out
        if d0 is None or d1 is None:
            return d0, d1
        if d0 > d1:
            self.bad(line, "date_to", f"must not be before date_from {d0.date()}", rec["date_to"])
        elif d1 > self.last:
            self.bad(line, "date_to", f"after the scenario's last day {self.last.date()}",
                     rec["date_to"])
        elif d0 < self.first and metric in CROSSING_ONLY:
            self.bad(line, "date_from", f"{metric} needs dates inside the scenario (from "
                     f"{self.first.date()})", rec["date_from"])
        return d0, d1

    def numbers(self, line: int, rec: dict[str, str]) -> tuple[float, float, float]:
        out = []
        for col in ("value", "low", "high"):
            text = rec[col].strip().replace(",", "")
            try:
                x = float(text) if text else np.nan
                if text and not np.isfinite(x):
                    self.bad(line, col, "must be a finite number", rec[col])
                    x = np.nan
            except ValueError:
                self.bad(line, col, "must be a number", rec[col])
                x = np.nan
            if x < 0:
                self.bad(line, col, "must be >= 0", rec[col])
            out.append(x)
        value, low, high = out
        if all(np.isnan(out)) and all(rec[c].strip() == "" for c in ("value", "low", "high")):
            self.bad(line, "value", "one of value, low, high is needed", "")
        if low > high:
            self.bad(line, "low", f"must not exceed high {rec['high'].strip()}", rec["low"])
        return value, low, high

    def trust(self, line: int, text: str) -> float:
        try:
            t = float(text) if text.strip() else 1.0
        except ValueError:
            t = np.nan
        if not 0.0 <= t <= 1.0:
            self.bad(line, "trust", "must be a number from 0 to 1 (empty: 1)", text)
        return t
