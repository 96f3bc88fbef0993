"""Every check on a scenario folder, and the building of a `Scenario` once all of them pass.

`check_folder` never stops at the first problem: it reads every file, checks every cell and key,
then the cross-references (in `references` and the checks that take them), and returns them all.
`load_scenario` raises `ScenarioError` carrying the full list.
"""

from __future__ import annotations

import hashlib
import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from borderflow.parameters import (
    PARAMETERS,
    PLACE_PARAMETERS,
    REGION_PARAMETERS,
    defaults,
    parameter_range,
)
from borderflow.problems import NO_VALUE, Problem, ScenarioError, unreadable
from borderflow.scenario.catalog import resolve
from borderflow.scenario.events import Invalid, References, Window, check_event, number, parse_time
from borderflow.scenario.gazetteer import Gazetteer
from borderflow.scenario.model import CallUps, Prior, Scenario
from borderflow.scenario.tables import (
    AIR,
    CROSSINGS,
    REGIONS,
    ROUTES,
    SPECS,
    TEMPERATURE,
    Table,
    read_table,
)

__all__ = ["Problem", "ScenarioError", "check_folder", "load_scenario"]

TOML = "scenario.toml"
STEP_HOURS: tuple[float, ...] = (0.5, 1, 2, 3, 4, 6, 8, 12, 24)
TOP_KEYS = (
    "name", "title", "description", "start", "days", "step_hours",
    "callups", "parameters", "priors", "events",
)  # fmt: skip
REQUIRED_KEYS = ("name", "title", "start", "days")
MAX_DAYS = 3650  # ten years of hourly steps: more than any crisis the model is for
CALLUP_CHECKS = {"target": number(0), "start_day": number(0), "days": number(0, above=True)}
PRIOR_KEYS = ("dist", "low", "high")
DISTS = ("uniform", "loguniform", "normal")
GROUPED_PRIORS = (*PLACE_PARAMETERS, *REGION_PARAMETERS, "pref_country")  # [priors.<name>.<x>]


@dataclass
class Found:
    """Problems so far, and the values checked so far (by TOML key)."""

    problems: list[Problem] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)

    def add(self, where: str, rule: str, value: Any = NO_VALUE, file: str = TOML) -> None:
        self.problems.append(Problem(file, where, rule, value))


# --- entry points ------------------------------------------------------------------------------


def load_scenario(name_or_path: str | os.PathLike[str]) -> Scenario:
    """Read, check and build a scenario: a bundled name (`russia-2022`) or a folder path.

    Raises `ScenarioError` listing every problem found, one `Problem` each.
    """
    folder = resolve(name_or_path)
    scenario, problems = check_folder(folder)
    if scenario is None:
        raise ScenarioError(problems)
    return scenario


def check_folder(folder: Path) -> tuple[Scenario | None, list[Problem]]:
    """All problems of a scenario folder, and the Scenario if there are none."""
    found = Found()
    tables = {}
    for spec in SPECS:
        tables[spec.file], problems = read_table(folder, spec)
        found.problems += problems
    refs = _references(tables)
    found.problems += references(tables, refs)
    raw = _read_toml(folder, found)
    if raw is not None:
        _check_toml(raw, refs, found)
        found.values["raw"] = raw
    if found.problems:
        return None, found.problems
    return _build(folder, tables, found.values), []


# --- scenario.toml -----------------------------------------------------------------------------


def _read_toml(folder: Path, found: Found) -> dict[str, Any] | None:
    """The parsed scenario.toml, or None after recording why it cannot be had."""
    path = folder / TOML
    if not path.is_file():
        found.add("", "file is missing")
        return None
    try:
        return tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except tomllib.TOMLDecodeError as exc:
        found.add(_error_line(str(exc)), f"TOML syntax error: {exc}")
    except (OSError, UnicodeDecodeError) as exc:
        found.add("", unreadable(exc))
    return None


def _error_line(message: str) -> str:
    """The line number in a tomllib message ('... (at line 3, column 7)'), or ''."""
    marker = "at line "
    if marker not in message:
        return ""
    digits = message.split(marker, 1)[1].split(",")[0].split(")")[0]
    return digits if digits.isdigit() else ""


def _check_toml(raw: dict[str, Any], refs: References, found: Found) -> None:
    """Every key of scenario.toml; checked values go to `found.values`."""
    _unknown_keys(raw, TOP_KEYS, "", found)
    for key in REQUIRED_KEYS:
        if key not in raw:
            found.add(key, "is required")
    _check_header(raw, found)
    _check_callups(raw.get("callups", {}), found)
    _check_parameters(raw.get("parameters", {}), found)
    _check_priors(raw.get("priors", {}), refs, found)
    _check_events(raw.get("events", []), refs, found)


def _unknown_keys(table: dict[str, Any], valid: Any, prefix: str, found: Found) -> None:
    """One problem per key of `table` not in `valid`, listing the valid ones."""
    for key in table:
        if key not in valid:
            found.add(prefix + key, f"unknown key; valid: {', '.join(valid)}", key)


def _check_header(raw: dict[str, Any], found: Found) -> None:
    """name, title, description, start, days, step_hours."""
    for key in ("name", "title", "description"):
        if isinstance(raw.get(key), str) and any(ord(c) < 32 and c not in "\n\t" or ord(c) == 127
                                                 for c in raw[key]):
            found.add(key, "must not hold control characters", raw[key])
        if key in raw and not isinstance(raw[key], str):
            found.add(key, "must be a string", raw[key])
    if "name" in raw and raw["name"] == "":
        found.add("name", "must not be empty", "")
    found.values["start"] = _start(raw["start"], found) if "start" in raw else None
    days = raw.get("days")
    if "days" in raw and (not isinstance(days, int) or isinstance(days, bool)
                          or not 1 <= days <= MAX_DAYS):
        found.add("days", f"must be an integer from 1 to {MAX_DAYS}", days)
    elif "days" in raw:
        found.values["days"] = days
    step = raw.get("step_hours", 1.0)
    if isinstance(step, bool) or step not in STEP_HOURS:
        found.add("step_hours", f"must be one of {', '.join(f'{s:g}' for s in STEP_HOURS)}", step)


def _start(value: Any, found: Found) -> pd.Timestamp | None:
    """The announcement time; it must carry a UTC offset."""
    try:
        stamp = parse_time(value, None)
    except Invalid as exc:
        found.add("start", exc.rule, value)
        return None
    if stamp.tzinfo is None:
        found.add("start", "must carry a UTC offset (2022-09-21T10:00:00+03:00)", value)
        return None
    return stamp


def _check_table(value: Any, key: str, found: Found) -> dict[str, Any]:
    """`value` if it is a table, else {} after recording the problem."""
    if isinstance(value, dict):
        return value
    found.add(key, "must be a table", value)
    return {}


def _check_value(check: Callable[..., Any], value: Any, key: str, found: Found) -> Any:
    """Run one check; None after recording the problem if it fails."""
    try:
        return check(value, References())
    except Invalid as exc:
        found.add(key, exc.rule, value)
        return None


def _check_callups(value: Any, found: Found) -> None:
    """[callups]: target, start_day, days."""
    table = _check_table(value, "callups", found)
    _unknown_keys(table, tuple(CALLUP_CHECKS), "callups.", found)
    for key, check in CALLUP_CHECKS.items():
        if key in table:
            _check_value(check, table[key], f"callups.{key}", found)


def _check_parameters(value: Any, found: Found) -> None:
    """[parameters]: known names, numbers inside each parameter's bounds."""
    table = _check_table(value, "parameters", found)
    _unknown_keys(table, tuple(PARAMETERS), "parameters.", found)
    for name, given in table.items():
        if name in PARAMETERS:
            p = PARAMETERS[name]
            _check_value(number(p.low, p.high), given, f"parameters.{name}", found)


def _prior_tables(value: Any, found: Found) -> dict[str, Any]:
    """Priors by name, with `[priors.capacity_scale.x]` flattened to 'capacity_scale.x' (x a
    crossing, or a country: then it scales all its crossings). `[priors.surge_factor]` may hold
    both the parameter's own prior and places' (`[priors.surge_factor.Kazakhstan]`)."""
    out = {}
    for name, table in _check_table(value, "priors", found).items():
        if name in GROUPED_PRIORS and isinstance(table, dict):
            places = {k: t for k, t in table.items() if isinstance(t, dict)}
            out.update({f"{name}.{place}": t for place, t in places.items()})
            own = {k: v for k, v in table.items() if k not in places}
            if own:
                out[name] = own
        else:
            out[name] = table
    return out


def prior_names(refs: References) -> list[str]:
    """Every name a prior may take."""
    crossings = [f"{s}.{c}" for s in PLACE_PARAMETERS for c in refs.crossings]
    places = (*refs.land_countries, *refs.groups)
    countries = [f"{s}.{c}" for s in PLACE_PARAMETERS for c in places]
    prefs = [f"pref_country.{c}" for c in refs.countries]
    origins = [f"{s}.{r}" for s in REGION_PARAMETERS for r in (*refs.regions, *refs.region_groups)]
    return list(PARAMETERS) + crossings + countries + prefs + origins


def _check_priors(value: Any, refs: References, found: Found) -> None:
    """[priors.<name>]: a parameter or a crossing scale; dist, low, high, consistent."""
    valid = prior_names(refs)
    for name, table in _prior_tables(value, found).items():
        key = f"priors.{name}"
        if name not in valid:
            rule = (
                "unknown prior; valid: a parameter name, capacity_scale.<crossing, group or "
                "country>, background_scale.<...> or surge_factor.<...>, with a crossing in "
                f"{', '.join(refs.crossings)}, a group in {', '.join(refs.groups) or '(none)'} "
                f"or a country in {', '.join(refs.land_countries)}; "
                f"or pref_country.<destination>, one of {', '.join(refs.countries)}; "
                "or willing_scale.<region or region group> (regions.csv `id`, `group`)"
            )
            found.add(key, rule, name)
        table = _check_table(table, key, found)
        _unknown_keys(table, (*PRIOR_KEYS, "fit"), f"{key}.", found)
        _check_prior(name, table, key, found)


def _check_prior(name: str, table: dict[str, Any], key: str, found: Found) -> None:
    """One prior's dist, low and high."""
    n = len(found.problems)
    for field_ in PRIOR_KEYS:
        if field_ not in table:
            found.add(f"{key}.{field_}", "is required")
    dist = str(table.get("dist"))
    if "dist" in table and dist not in DISTS:
        found.add(f"{key}.dist", f"must be one of {', '.join(DISTS)}", table["dist"])
    low = _check_value(number(), table.get("low"), f"{key}.low", found) if "low" in table else None
    high = _check_value(number(), table["high"], f"{key}.high", found) if "high" in table else None
    if len(found.problems) > n or low is None or high is None:
        return
    _check_bounds(name, dist, low, high, key, found)
    fit = table.get("fit", True)
    if not isinstance(fit, bool):
        found.add(f"{key}.fit", "must be true or false", fit)
        return
    found.values.setdefault("priors", {})[name] = Prior(name, dist, low, high, fit)


def _check_bounds(name: str, dist: str, low: float, high: float, key: str, found: Found) -> None:
    """low < high; loguniform low > 0; inside the parameter's bounds. A normal prior (cut at
    the bounds when sampled): sd > 0, the mean inside the bounds."""
    lo, hi = parameter_range(name)
    if dist == "normal":
        if high <= 0:
            found.add(f"{key}.high", "the sd (high) of a normal prior must be > 0", high)
        if not lo <= low <= hi:
            found.add(f"{key}.low", f"the mean (low) of a normal prior must lie within the "
                      f"parameter's bounds [{lo:g}, {hi:g}]", low)
        return
    if low >= high:
        found.add(f"{key}.low", f"must be below high ({high:g})", low)
    if dist == "loguniform" and low <= 0:
        found.add(f"{key}.low", "must be > 0 for a loguniform prior", low)
    if low < lo or high > hi:
        rule = f"must lie within the parameter's bounds [{lo:g}, {hi:g}]"
        found.add(key, rule, f"[{low:g}, {high:g}]")


def _check_events(value: Any, refs: References, found: Found) -> None:
    """[[events]]: each through the registry in `scenario/events.py`."""
    if not isinstance(value, list):
        found.add("events", "must be an array of tables ([[events]])", value)
        return
    start, days = found.values.get("start"), found.values.get("days")
    window = Window(start, days) if start is not None and days else None
    events = []
    for i, table in enumerate(value, start=1):
        event, problems = check_event(f"events[{i}]", table, refs, window)
        found.problems += [Problem(TOML, w, r, v) for w, r, v in problems]
        events.append(event)
    found.values["events"] = tuple(events)


# --- cross-references, in one place ------------------------------------------------------------


def _references(tables: dict[str, Table]) -> References:
    """The names other parts may refer to, from the tables as written (even with bad cells)."""
    crossings, air = tables[CROSSINGS.file], tables[AIR.file]
    countries = set(crossings.ids("country")) | set(air.ids("country"))
    return References(
        crossings=crossings.ids("id"),
        countries=tuple(sorted(countries)),
        land_countries=tuple(sorted(set(crossings.ids("country")))),
        air_countries=air.ids("country"),
        groups=crossings.ids("group"),
        regions=tables[REGIONS.file].ids("id"),
        region_groups=tables[REGIONS.file].ids("group"),
        crossing_names=_crossing_names(crossings),
    )


def _crossing_names(crossings: Table) -> tuple[tuple[str, str], ...]:
    """(folded name, id) for each name of a crossing the gazetteer reads in crossings.csv (its
    name, the parts of one like "Upper Lars / Dariali", its aliases); a name two crossings
    share names neither, as in `extract`."""
    rows = [r for r in crossings.raw if r.get("id") and r.get("country")]
    if not rows:
        return ()
    gazetteer = Gazetteer.from_crossings(pd.DataFrame(rows))
    return tuple((alias, id_) for alias, (kind, id_, _) in gazetteer.aliases.items()
                 if kind == "crossing")


def references(tables: dict[str, Table], refs: References) -> list[Problem]:
    """Crossing regions and routes must name existing regions and crossings.

    Priors and events resolve their names through the same `refs` (see `prior_names` and the
    checks of `scenario/events.py`).
    """
    problems = []
    crossings, routes = tables[CROSSINGS.file], tables[ROUTES.file]
    taken = set(refs.crossings) | set(refs.countries)
    for cells, line in zip(crossings.raw, crossings.lines, strict=True):
        region, group = cells.get("region", ""), cells.get("group", "")
        if region and tables[REGIONS.file].present and region not in refs.regions:
            problems.append(_unknown_ref(CROSSINGS.file, line, "region", region, refs.regions))
        if group in taken:  # `capacity_scale.<group>` would be ambiguous
            rule = "group: must differ from every crossing id and country (it names a scale)"
            problems.append(Problem(CROSSINGS.file, str(line), rule, group))
    regions = tables[REGIONS.file]
    for cells, line in zip(regions.raw, regions.lines, strict=True):
        if cells.get("group") in refs.regions:  # `willing_scale.<group>` would be ambiguous
            rule = "group: must differ from every region id (it names a scale)"
            problems.append(Problem(REGIONS.file, str(line), rule, cells["group"]))
    checked = [(c, v) for c, v, t in (("region", refs.regions, REGIONS), ("crossing",
               refs.crossings, CROSSINGS)) if tables[t.file].present]  # fmt: skip
    for cells, line in zip(routes.raw, routes.lines, strict=True):
        for column, valid in checked:
            if cells.get(column) and cells[column] not in valid:
                problems.append(_unknown_ref(ROUTES.file, line, column, cells[column], valid))
    temperature = tables[TEMPERATURE.file]
    for cells, line in zip(temperature.raw, temperature.lines, strict=True):
        if crossings.present and cells.get("crossing") and cells["crossing"] not in refs.crossings:
            problems.append(_unknown_ref(TEMPERATURE.file, line, "crossing", cells["crossing"],
                                         refs.crossings))
    return problems


def _unknown_ref(file: str, line: int, column: str, value: str, valid: tuple[str, ...]) -> Problem:
    source = "regions.csv" if column == "region" else "crossings.csv"
    rule = f"{column}: must be an id in {source} ({', '.join(valid) or 'none defined'})"
    return Problem(file, str(line), rule, value)


# --- building ----------------------------------------------------------------------------------


def _build(folder: Path, tables: dict[str, Table], values: dict[str, Any]) -> Scenario:
    """The Scenario from checked tables and values."""
    raw = values["raw"]
    routes = tables[ROUTES.file]
    return Scenario(
        name=raw["name"],
        title=raw["title"],
        description=raw.get("description", ""),
        path=folder.resolve(),
        start=values["start"],
        days=raw["days"],
        step_hours=float(raw.get("step_hours", 1.0)),
        regions=tables[REGIONS.file].to_frame(),
        crossings=tables[CROSSINGS.file].to_frame(),
        air=tables[AIR.file].to_frame(),
        routes=routes.to_frame() if routes.present else None,
        callups=CallUps(**{k: float(v) for k, v in raw.get("callups", {}).items()}),
        parameters={**defaults(), **{k: float(v) for k, v in raw.get("parameters", {}).items()}},
        priors=values.get("priors", {}),
        events=tuple(e for e in values.get("events", ()) if e is not None),
        files_hash=files_hash(folder),
    )


def files_hash(folder: Path) -> str:
    """sha256 over the folder's files: each relative name and its bytes, in name order."""
    digest = hashlib.sha256()
    for path in sorted(_scenario_files(folder)):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _scenario_files(folder: Path) -> list[Path]:
    """Regular files under `folder`, without hidden ones, caches and a bundled posterior (made
    from the scenario, not part of it)."""
    skip = lambda p: p.parts[0] == "posterior" or any(  # noqa: E731
        part.startswith(".") or part == "__pycache__" for part in p.parts)
    return [p for p in folder.rglob("*") if p.is_file() and not skip(p.relative_to(folder))]
