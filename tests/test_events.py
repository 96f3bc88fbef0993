"""The event registry: kinds, their fields, and the checks on dates and references."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scenario_edits import append, lines, problems, replace

from borderflow import load_scenario
from borderflow.scenario.events import (
    COMMON_FIELDS,
    KINDS,
    References,
    Window,
    check_event,
    parse_time,
)

REFS = References(
    crossings=("kairak", "vaalimaa"),
    countries=("Armenia", "Finland", "Kazakhstan"),
    air_countries=("Armenia",),
    regions=("moscow",),
)
WINDOW = Window(pd.Timestamp("2022-09-21T10:00+03:00"), 5)


def check(**table: object) -> list[tuple[str, str, object]]:
    """Problems of one event table checked at key events[1]."""
    return check_event("events[1]", dict(table), REFS, WINDOW)[1]


def where(found: list[tuple[str, str, object]]) -> list[str]:
    return [w for w, _, _ in found]


# --- the registry ------------------------------------------------------------------------------


def test_registry_has_documented_kinds() -> None:
    """The six kinds of the contract are registered."""
    assert set(KINDS) == {"rumour", "capacity", "open_mode", "close", "screening", "air_seats"}


def test_each_kind_documents_itself() -> None:
    """Every kind has a one-line doc and checks for its required fields."""
    for kind in KINDS.values():
        assert kind.doc and set(kind.required) <= set(kind.fields)


def test_valid_event_builds() -> None:
    """A valid table gives an Event with converted fields and the declared key."""
    table = {"kind": "capacity", "date": "2022-09-23", "crossing": "kairak", "mode": "car",
             "factor": 2, "source": "s"}  # fmt: skip
    event, found = check_event("events[4]", table, REFS, WINDOW)
    assert found == [] and event is not None
    assert event.fields == {"crossing": "kairak", "mode": "car", "factor": 2.0}
    assert event.key == "scenario.toml: events[4]" and event.source == "s"


def test_unknown_kind_lists_valid() -> None:
    """An unknown kind lists the valid kinds."""
    ((key, rule, value),) = check(kind="flood", date="2022-09-22")
    assert key == "events[1].kind" and value == "flood"
    assert rule == "unknown event kind; valid kinds: " + ", ".join(KINDS)


def test_missing_kind() -> None:
    """kind is required."""
    assert where(check(date="2022-09-22")) == ["events[1].kind"]


def test_missing_date() -> None:
    """date is required."""
    assert where(check(kind="rumour", level=1)) == ["events[1].date"]


def test_required_field() -> None:
    """A kind's required field must be given."""
    found = check(kind="open_mode", date="2022-09-22", crossing="kairak", mode="bus")
    assert found == [("events[1].capacity", "is required for a open_mode event", None)]


def test_unknown_field_lists_valid() -> None:
    """A field the kind does not take lists the valid ones."""
    ((key, rule, value),) = check(kind="rumour", date="2022-09-22", level=1, crossing="kairak")
    assert key == "events[1].crossing" and value == "crossing"
    assert rule == "unknown key for a rumour event; valid: " + ", ".join(COMMON_FIELDS + ("level",))


@pytest.mark.parametrize("given", [{}, {"capacity": 1, "factor": 2}])
def test_exactly_one_of_capacity_or_factor(given: dict[str, int]) -> None:
    """A capacity event needs exactly one of capacity and factor."""
    found = check(kind="capacity", date="2022-09-22", crossing="kairak", mode="car", **given)
    assert where(found) == ["events[1].capacity/factor"]


def test_close_needs_crossing_or_country() -> None:
    """A close event needs a crossing or a country."""
    assert where(check(kind="close", date="2022-09-22")) == ["events[1].crossing/country"]


def test_close_country_and_travellers() -> None:
    """close accepts a destination country and a traveller group."""
    table = {"kind": "close", "date": "2022-09-25", "country": "Finland",
             "travellers": "tourist_visa"}  # fmt: skip
    event, found = check_event("events[1]", table, REFS, WINDOW)
    assert found == [] and event is not None and event.fields["travellers"] == "tourist_visa"


@pytest.mark.parametrize(
    ("field", "value", "rule"),
    [
        ("crossing", "upper_lars",
         "must be a crossing id in crossings.csv, or its name or an alias (kairak, vaalimaa)"),
        ("country", "Georgia", "must be a destination country (Armenia, Finland, Kazakhstan)"),
        ("travellers", "men", "must be a traveller group (all, tourist_visa, no_visa"),
        ("mode", "ferry", "must be a mode (car, bus, pedestrian, bicycle)"),
    ],
)
def test_close_references(field: str, value: str, rule: str) -> None:
    """Names must exist; the rule lists the valid ones."""
    table = (
        {"crossing": "kairak", field: value} if field in ("travellers", "mode") else {field: value}
    )
    ((key, got_rule, got),) = check(kind="close", date="2022-09-22", **table)
    assert key == f"events[1].{field}" and got == value and got_rule.startswith(rule)


def test_air_seats_country_must_fly() -> None:
    """air_seats needs a country of air.csv, not just any destination."""
    ((key, rule, _),) = check(kind="air_seats", date="2022-09-22", country="Finland", factor=0.5)
    assert key == "events[1].country" and rule == "must be a country in air.csv (Armenia)"


@pytest.mark.parametrize(
    ("table", "key"),
    [
        ({"kind": "rumour", "level": -1}, "level"),
        ({"kind": "open_mode", "crossing": "kairak", "mode": "bus", "capacity": 0}, "capacity"),
        ({"kind": "screening", "crossing": "kairak", "share": 1.5}, "share"),
        ({"kind": "capacity", "crossing": "kairak", "mode": "car", "capacity": "10"}, "capacity"),
        ({"kind": "air_seats", "country": "Armenia", "seats_per_day": True}, "seats_per_day"),
    ],
)
def test_number_fields(table: dict[str, object], key: str) -> None:
    """Numeric fields are numbers in their range (a quoted number or a bool is not)."""
    assert where(check(date="2022-09-22", **table)) == [f"events[1].{key}"]


def test_screening_share_optional() -> None:
    """Without share, a screening event leaves it to the screening_share parameter."""
    event, _ = check_event("events[1]", {"kind": "screening", "date": "2022-09-22",
                                         "crossing": "kairak"}, REFS, WINDOW)  # fmt: skip
    assert event is not None and "share" not in event.fields


def test_all_problems_of_an_event() -> None:
    """Several bad fields of one event are all reported."""
    found = check(kind="open_mode", date="2022-12-01", crossing="x", mode="y", capacity=-1)
    assert sorted(where(found)) == [
        "events[1].capacity", "events[1].crossing", "events[1].date", "events[1].mode",
    ]  # fmt: skip


# --- dates -------------------------------------------------------------------------------------


def test_date_only_is_local_midnight() -> None:
    """A date without a time is 00:00 at the scenario's offset."""
    stamp = parse_time("2022-09-22", WINDOW.start.tzinfo)
    assert stamp == pd.Timestamp("2022-09-21T21:00Z")


def test_toml_native_date_accepted() -> None:
    """A TOML date or datetime object works like its string."""
    tz = WINDOW.start.tzinfo
    assert parse_time(dt.date(2022, 9, 22), tz) == parse_time("2022-09-22", tz)
    assert parse_time(dt.datetime(2022, 9, 22, 8), tz) == parse_time("2022-09-22T08:00", tz)


def test_offset_converted_to_start() -> None:
    """A time with another offset is the same instant, shown at start's offset."""
    stamp = parse_time("2022-09-22T08:00+00:00", WINDOW.start.tzinfo)
    assert stamp.hour == 11 and stamp.utcoffset() == pd.Timedelta(hours=3)


@pytest.mark.parametrize("value", ["soon", "2022-13-01", 5, dt.time(8, 0), "22/09/2022",
                                   "01/10/2022", "Sept 28"])
def test_unparseable_dates(value: object) -> None:
    """A date that does not parse, or is not ISO 8601 (day or month first?), is reported with its
    value."""
    ((key, rule, got),) = check(kind="rumour", level=1, date=value)
    assert key == "events[1].date" and got == value and rule.startswith("must be a date")


def test_start_day_midnight_allowed() -> None:
    """The start day's date (00:00 before the announcement hour) is inside the window."""
    assert check(kind="rumour", level=1, date="2022-09-21") == []


@pytest.mark.parametrize("date", ["2022-09-20", "2022-09-27T00:01"])
def test_date_outside_window(date: str) -> None:
    """A date outside the window is reported with the window."""
    ((key, rule, _),) = check(kind="rumour", level=1, date=date)
    assert key == "events[1].date"
    assert (
        rule
        == "must lie within the scenario window 2022-09-21 00:00 .. 2022-09-27 00:00 (UTC+0300)"
    )


def test_until_after_date() -> None:
    """until must come after date."""
    found = check(kind="rumour", level=1, date="2022-09-23", until="2022-09-22")
    assert found == [("events[1].until", "must be after date (2022-09-23)", "2022-09-22")]


def test_until_outside_window() -> None:
    """until is checked against the window too."""
    found = check(kind="rumour", level=1, date="2022-09-23", until="2022-10-30")
    assert where(found) == ["events[1].until"]


# --- through the loader ------------------------------------------------------------------------


def test_event_problem_names_key(tiny_dir: Path) -> None:
    """A bad event field is reported as scenario.toml:events[n].field."""
    replace(tiny_dir, "scenario.toml", 'crossing = "vaalimaa"', 'crossing = "vaalimaaa"')
    (line,) = lines(tiny_dir)
    assert line.startswith(
        "scenario.toml:events[3].crossing: must be a crossing id in crossings.csv"
    )
    assert line.endswith("got 'vaalimaaa'")


def test_event_problems_across_events(tiny_dir: Path) -> None:
    """Problems in different events are all reported."""
    replace(tiny_dir, "scenario.toml", "level = 1.0", "level = -1.0")
    replace(tiny_dir, "scenario.toml", 'mode = "pedestrian"', 'mode = "walk"')
    assert [p.where for p in problems(tiny_dir)] == ["events[1].level", "events[2].mode"]


def test_events_keep_the_order_of_the_file(tiny_dir: Path) -> None:
    """Events come in the order the file lists them, whatever their dates: in force together,
    the later-listed applies last (a variant's --events are listed after the scenario's)."""
    append(tiny_dir, "scenario.toml", '\n[[events]]\nkind = "rumour"\ndate = "2022-09-21T12:00"\n'
           "level = 0.5\n")  # fmt: skip
    events = load_scenario(tiny_dir).events
    keys = [f"scenario.toml: events[{i}]" for i in range(1, len(events) + 1)]
    assert [e.key for e in events] == keys
    assert events[-1].kind == "rumour" and events[-1].start < events[0].start


def test_event_not_a_table(tiny_dir: Path) -> None:
    """events must be an array of tables."""
    replace(tiny_dir, "scenario.toml", "step_hours = 1.0", "step_hours = 1.0\nevents = 3")
    text = (tiny_dir / "scenario.toml").read_text()
    (tiny_dir / "scenario.toml").write_text(text.split("[[events]]")[0])
    assert [p.where for p in problems(tiny_dir)] == ["events"]


def test_bad_start_skips_window_check(tiny_dir: Path) -> None:
    """With an unusable start, events are still checked but not against a window."""
    replace(tiny_dir, "scenario.toml", "+03:00", "")
    assert [p.where for p in problems(tiny_dir)] == ["start"]


# --- properties --------------------------------------------------------------------------------

FIELD_NAMES = st.from_regex(r"[a-z][a-z_]{0,12}", fullmatch=True)


@settings(max_examples=60)
@given(kind=st.sampled_from(sorted(KINDS)), name=FIELD_NAMES)
def test_unknown_fields_always_rejected(kind: str, name: str) -> None:
    """Any field a kind does not take is rejected, listing the kind's valid fields."""
    valid = COMMON_FIELDS + KINDS[kind].fields
    if name in valid:
        return
    found = check(kind=kind, date="2022-09-22", **{name: 1})
    rules = {w: r for w, r, _ in found}
    assert (
        rules[f"events[1].{name}"] == f"unknown key for a {kind} event; valid: {', '.join(valid)}"
    )


@settings(max_examples=60)
@given(level=st.floats(allow_nan=False, allow_infinity=False))
def test_rumour_level_sign(level: float) -> None:
    """A rumour level is accepted exactly when it is >= 0."""
    found = check(kind="rumour", date="2022-09-22", level=level)
    assert (found == []) == (level >= 0)


@settings(max_examples=60)
@given(hours=st.integers(-72, 24 * 8))
def test_window_bounds(hours: int) -> None:
    """A date is accepted exactly when it lies within the window."""
    stamp = WINDOW.low + pd.Timedelta(hours=hours)
    found = check(kind="rumour", level=1, date=stamp.isoformat())
    assert (found == []) == (WINDOW.low <= stamp <= WINDOW.high)
