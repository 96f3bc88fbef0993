"""The event registry: which kinds of dated change exist, their fields, and how each is checked.

A kind lists its required fields, its optional ones, groups of which exactly one must be given
(`capacity` or `factor`), defaults, and one check per field. Checks that name a crossing, a
country or a mode look the name up in `References`, built once from the scenario's tables.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from borderflow.parameters import MODES, TRAVELLER_GROUPS
from borderflow.scenario.gazetteer import fold
from borderflow.scenario.model import Event

COMMON_FIELDS: tuple[str, ...] = ("kind", "date", "until", "source", "note")
"""Fields every event may carry besides its kind's own."""


class Invalid(ValueError):
    """A value broke a rule; `rule` says which (e.g. 'must be a number >= 0')."""

    def __init__(self, rule: str) -> None:
        super().__init__(rule)
        self.rule = rule


@dataclass(frozen=True)
class References:
    """Names an event (or a prior, or a route) may refer to, from the scenario's tables."""

    crossings: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()  # destinations: crossing countries and air countries
    land_countries: tuple[str, ...] = ()  # countries with a crossing
    air_countries: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()  # crossing groups sharing a scale (crossings.csv `group`)
    regions: tuple[str, ...] = ()
    region_groups: tuple[str, ...] = ()  # regions sharing a scale (regions.csv `group`)
    crossing_names: tuple[tuple[str, str], ...] = ()  # (folded name or alias, crossing id)


Check = Callable[[Any, References], Any]
"""Return the value converted (e.g. to float), or raise `Invalid`."""


def number(low: float = -math.inf, high: float = math.inf, *, above: bool = False) -> Check:
    """A finite number in [low, high] (or (low, high] when `above`); returns a float."""
    if high < math.inf:
        rule = f"must be a number in {'(' if above else '['}{low:g}, {high:g}]"
    else:
        rule = f"must be a number {'>' if above else '>='} {low:g}"

    def check(value: Any, refs: References) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise Invalid(rule)
        x = float(value)
        if not math.isfinite(x) or x > high or x < low or (above and x == low):
            raise Invalid(rule)
        return x

    return check


def one_of(what: str, valid: Callable[[References], tuple[str, ...]],
           other_names: Callable[[References], tuple[tuple[str, str], ...]] = lambda r: ()
           ) -> Check:
    """A string among `valid(refs)`, in any case, or one of `other_names` (folded name ->
    valid name, `gazetteer.fold`); returns the valid name. The rule lists the valid names."""

    def check(value: Any, refs: References) -> str:
        names = valid(refs)
        if isinstance(value, str):
            if value in names:
                return value
            known = {fold(n): n for n in names} | dict(other_names(refs))
            if fold(value.strip()) in known:
                return known[fold(value.strip())]
        raise Invalid(f"must be {what} ({', '.join(names) or 'none defined'})")

    return check


CROSSING = one_of("a crossing id in crossings.csv, or its name or an alias",
                  lambda r: r.crossings, lambda r: r.crossing_names)
COUNTRY = one_of("a destination country", lambda r: r.countries)
AIR_COUNTRY = one_of("a country in air.csv", lambda r: r.air_countries)
MODE = one_of("a mode", lambda r: MODES)
TRAVELLERS = one_of("a traveller group", lambda r: TRAVELLER_GROUPS)


@dataclass(frozen=True)
class Kind:
    """One event kind: its fields and their checks."""

    name: str
    doc: str
    checks: Mapping[str, Check]
    required: tuple[str, ...] = ()
    exactly_one: tuple[tuple[str, ...], ...] = ()
    defaults: Mapping[str, Any] = field(default_factory=dict)

    @property
    def fields(self) -> tuple[str, ...]:
        """The kind's own fields, beyond COMMON_FIELDS."""
        return tuple(self.checks)


# fmt: off
KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("rumour", "departures x (1 + rumour_response x level) while active (levels add)",
         {"level": number(0)}, required=("level",)),
    Kind("capacity", "sets (capacity) or scales (factor) a mode's capacity per hour",
         {"crossing": CROSSING, "mode": MODE, "capacity": number(0), "factor": number(0)},
         required=("crossing", "mode"), exactly_one=(("capacity", "factor"),)),
    Kind("open_mode", "opens a mode at a crossing (until `until`, then closes it)",
         {"crossing": CROSSING, "mode": MODE, "capacity": number(0, above=True)},
         required=("crossing", "mode", "capacity")),
    Kind("close", "those travellers can no longer choose the crossing or country",
         {"crossing": CROSSING, "country": COUNTRY, "travellers": TRAVELLERS, "mode": MODE},
         exactly_one=(("crossing", "country"),), defaults={"travellers": "all"}),
    Kind("screening", "that share of the men served is stopped (default: screening_share)",
         {"crossing": CROSSING, "share": number(0, 1)}, required=("crossing",)),
    Kind("air_seats", "sets (seats_per_day) or scales (factor) a destination's seats",
         {"country": AIR_COUNTRY, "seats_per_day": number(0), "factor": number(0)},
         required=("country",), exactly_one=(("seats_per_day", "factor"),)),
)}
# fmt: on


@dataclass(frozen=True)
class Window:
    """When events may happen: from the start day's local midnight to the end day's."""

    start: pd.Timestamp  # the scenario start (tz-aware)
    days: int

    @property
    def low(self) -> pd.Timestamp:
        return self.start.normalize()

    @property
    def high(self) -> pd.Timestamp:
        return (self.start + pd.Timedelta(days=self.days)).normalize() + pd.Timedelta(days=1)

    def describe(self) -> str:
        fmt, offset = "%Y-%m-%d %H:%M", self.start.strftime("%z")
        return f"{self.low.strftime(fmt)} .. {self.high.strftime(fmt)} (UTC{offset})"


def parse_time(value: Any, tz: dt.tzinfo | None) -> pd.Timestamp:
    """A TOML date/datetime or ISO 8601 string as a Timestamp; naive times are local to `tz`."""
    rule = "must be a date (2022-09-26) or datetime (2022-09-26T08:00)"
    if not isinstance(value, str | dt.date):  # a TOML time of day is not a date
        raise Invalid(rule)
    try:  # ISO 8601 only: "22/09/2022" and "01/10/2022" would be read day- or month-first
        stamp = pd.Timestamp(dt.datetime.fromisoformat(value) if isinstance(value, str) else value)
    except (ValueError, TypeError) as exc:
        raise Invalid(rule) from exc
    if pd.isna(stamp):
        raise Invalid(rule)
    if tz is None:
        return stamp
    return stamp.tz_localize(tz) if stamp.tzinfo is None else stamp.tz_convert(tz)


@dataclass
class Found:
    """Problems found while checking one event: (where, rule, value)."""

    key: str
    items: list[tuple[str, str, Any]] = field(default_factory=list)

    def add(self, name: str, rule: str, value: Any = None) -> None:
        self.items.append((f"{self.key}.{name}" if name else self.key, rule, value))


def check_event(
    key: str, table: Any, refs: References, window: Window | None
) -> tuple[Event | None, list[tuple[str, str, Any]]]:
    """Check one `[[events]]` table declared at `key` (e.g. 'events[3]').

    Returns the Event (None if any problem) and the problems as (where, rule, value).
    `window` None means the scenario start is unusable, so dates are not checked.
    """
    found = Found(key)
    if not isinstance(table, dict):
        found.add("", "must be a table ([[events]])", table)
        return None, found.items
    kind = _kind_of(table, found)
    if kind is not None:
        _check_keys(table, kind, found)
    start, end = _check_dates(table, window, found)
    values = _check_fields(table, kind, refs, found) if kind else {}
    source, note = (_optional_text(table, name, found) for name in ("source", "note"))
    if found.items or kind is None or start is None:
        return None, found.items
    event_key = f"scenario.toml: {key}"
    fields = {**kind.defaults, **values}
    return Event(kind.name, start, end, fields, source, note, event_key), []


def _kind_of(table: dict[str, Any], found: Found) -> Kind | None:
    """The event's kind from the registry, or None after recording why not."""
    if "kind" not in table:
        found.add("kind", f"is required; valid kinds: {', '.join(KINDS)}")
        return None
    kind = KINDS.get(table["kind"]) if isinstance(table["kind"], str) else None
    if kind is None:
        found.add("kind", f"unknown event kind; valid kinds: {', '.join(KINDS)}", table["kind"])
    return kind


def _check_keys(table: dict[str, Any], kind: Kind, found: Found) -> None:
    """Unknown keys, missing required fields, and exactly-one groups."""
    valid = COMMON_FIELDS + kind.fields
    for name in table:
        if name not in valid:
            found.add(name, f"unknown key for a {kind.name} event; valid: {', '.join(valid)}", name)
    for name in kind.required:
        if name not in table:
            found.add(name, f"is required for a {kind.name} event")
    for group in kind.exactly_one:
        given = [name for name in group if name in table]
        if len(given) != 1:
            rule = f"a {kind.name} event needs exactly one of {', '.join(group)}"
            found.add("/".join(group), rule, ", ".join(given) if given else None)


def _check_fields(
    table: dict[str, Any], kind: Kind, refs: References, found: Found
) -> dict[str, Any]:
    """Run each given field's check; return the converted values."""
    values: dict[str, Any] = {}
    for name, check in kind.checks.items():
        if name not in table:
            continue
        try:
            values[name] = check(table[name], refs)
        except Invalid as exc:
            found.add(name, exc.rule, table[name])
    return values


def _check_dates(
    table: dict[str, Any], window: Window | None, found: Found
) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """Parse `date` (required) and `until` (optional), inside the window, until > date."""
    tz = window.start.tzinfo if window else None
    start = _when(table, "date", tz, window, found) if "date" in table else None
    if "date" not in table:
        found.add("date", "is required (a date or datetime, local to the scenario start)")
    end = _when(table, "until", tz, window, found) if "until" in table else None
    if start is not None and end is not None and end <= start:
        found.add("until", f"must be after date ({table['date']})", table["until"])
        return start, None
    return start, end


def _when(
    table: dict[str, Any], name: str, tz: dt.tzinfo | None, window: Window | None, found: Found
) -> pd.Timestamp | None:
    """One time field parsed and checked against the window, or None after recording why."""
    try:
        stamp = parse_time(table[name], tz)
    except Invalid as exc:
        found.add(name, exc.rule, table[name])
        return None
    if window is not None and not window.low <= stamp <= window.high:
        found.add(name, f"must lie within the scenario window {window.describe()}", table[name])
        return None
    return stamp


def _optional_text(table: dict[str, Any], name: str, found: Found) -> str:
    """`source` or `note`: a string, empty when absent."""
    value = table.get(name, "")
    if not isinstance(value, str):
        found.add(name, "must be a string", value)
        return ""
    return value
