"""Loading a scenario folder: the Scenario it builds, and every rule its checks enforce."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scenario_edits import add_column, append, lines, problems, replace, set_cell, where

import borderflow
from borderflow import PARAMETERS, Problem, Scenario, ScenarioError, load_scenario
from borderflow.parameters import defaults

TINY = Path(__file__).parent / "fixtures" / "tiny"

# --- the Scenario built ------------------------------------------------------------------------

WHOLE = "must be an integer from 0 to 1,000,000,000"


def test_tiny_loads(tiny: Scenario) -> None:
    """The tiny fixture is valid and has the documented shape."""
    assert (len(tiny.regions), len(tiny.crossings), len(tiny.air)) == (3, 3, 2)
    assert tiny.days == 5 and tiny.step_hours == 1.0 and tiny.n_steps == 120


def test_tables_indexed_by_id(tiny: Scenario) -> None:
    """Regions and crossings are indexed by id, air by country."""
    assert tiny.regions.index.name == "id" and "moscow" in tiny.regions.index
    assert tiny.crossings.index.name == "id" and "kairak" in tiny.crossings.index
    assert tiny.air.index.name == "country" and list(tiny.air.index) == ["Armenia", "Turkey"]


def test_columns_typed(tiny: Scenario) -> None:
    """Numbers are floats, population ints, visa_required bools."""
    assert tiny.regions["population"].dtype == "int64"
    assert tiny.crossings["cap_car"].dtype == "float64"
    assert tiny.crossings["visa_required"].dtype == bool
    assert tiny.crossings.loc["vaalimaa", "visa_required"]


def test_empty_region_and_missing_aliases_are_empty_strings(tiny: Scenario) -> None:
    """An empty crossing region stays '', and aliases are always present."""
    assert tiny.crossings.loc["sagarchin", "region"] == ""
    assert tiny.crossings.loc["vaalimaa", "aliases"] == "Torfyanovka"


def test_start_is_tz_aware(tiny: Scenario) -> None:
    """start keeps its UTC offset."""
    assert tiny.start == pd.Timestamp("2022-09-21T07:00:00Z")
    assert tiny.start.utcoffset() == pd.Timedelta(hours=3)


def test_parameters_are_defaults_with_overrides(tiny: Scenario) -> None:
    """Every parameter is present; [parameters] overrides the default."""
    assert set(tiny.parameters) == set(PARAMETERS)
    assert tiny.parameters["patience_hours"] == 48.0
    assert tiny.parameters["willing_share"] == defaults()["willing_share"]


def test_priors_built(tiny: Scenario) -> None:
    """Priors by name, crossing scales included."""
    assert tiny.priors["willing_share"].dist == "loguniform"
    assert tiny.priors["capacity_scale.kairak"].high == 2.0


def test_nested_scale_prior_accepted(tiny_dir: Path) -> None:
    """[priors.background_scale.kairak] (unquoted) names the crossing scale too."""
    append(tiny_dir, "scenario.toml", '\n[priors.background_scale.kairak]\ndist = "uniform"\n'
           "low = 0.5\nhigh = 1.5\n")  # fmt: skip
    assert "background_scale.kairak" in load_scenario(tiny_dir).priors


def test_country_scale_priors_accepted_only_for_a_crossing_country(tiny_dir: Path) -> None:
    """capacity_scale.<country> and background_scale.<country> scale all of a country's
    crossings; the country must have one (a country reached only by air has none)."""
    body = 'dist = "uniform"\nlow = 0.5\nhigh = 2'
    for kind in ("capacity_scale", "background_scale"):
        append(tiny_dir, "scenario.toml", f"\n[priors.{kind}.Kazakhstan]\n{body}\n")
    priors = load_scenario(tiny_dir).priors
    assert {"capacity_scale.Kazakhstan", "background_scale.Kazakhstan"} <= set(priors)
    (p,) = _prior(tiny_dir, body, name="background_scale.Turkey")
    assert p.where == "priors.background_scale.Turkey" and "Finland" in p.rule


def test_group_scale_priors_and_group_names(tiny_dir: Path) -> None:
    """crossings.csv's optional `group` lets one prior scale several crossings; a group may not
    take a crossing's or a country's name (the scale's name would be ambiguous)."""
    add_column(tiny_dir, "crossings.csv", "group", ["", "kz_west", "kz_west"])
    append(tiny_dir, "scenario.toml", '\n[priors.capacity_scale.kz_west]\n'
           'dist = "loguniform"\nlow = 0.25\nhigh = 2\n')
    assert load_scenario(tiny_dir).priors["capacity_scale.kz_west"].low == 0.25
    set_cell(tiny_dir, "crossings.csv", 3, "group", "Finland")
    assert any(s.startswith("crossings.csv:3: group: must differ from every crossing id and "
                            "country") and "'Finland'" in s for s in lines(tiny_dir))


def test_region_group_priors_and_group_names(tiny_dir: Path) -> None:
    """regions.csv's optional `group` lets one prior scale the willing men of several regions;
    a group may not take a region's id; an unknown origin is named with the rule."""
    add_column(tiny_dir, "regions.csv", "group", ["capitals", "capitals", ""])
    append(tiny_dir, "scenario.toml", '\n[priors.willing_scale.capitals]\n'
           'dist = "loguniform"\nlow = 0.5\nhigh = 4\n')
    assert load_scenario(tiny_dir).priors["willing_scale.capitals"].high == 4
    (p,) = _prior(tiny_dir, 'dist = "uniform"\nlow = 0.5\nhigh = 2',
                  name="willing_scale.atlantis")
    assert p.where == "priors.willing_scale.atlantis" and "willing_scale.<region" in p.rule
    set_cell(tiny_dir, "regions.csv", 4, "group", "moscow")
    assert any(s.startswith("regions.csv:4: group: must differ from every region id")
               and "'moscow'" in s for s in lines(tiny_dir))


def test_place_surge_priors_sit_beside_the_scenarios_own(tiny_dir: Path) -> None:
    """[priors.surge_factor] and [priors.surge_factor.<crossing, group or country>] both load;
    a place that is not one is refused."""
    body = 'dist = "uniform"\nlow = 1\nhigh = 2.5'
    append(tiny_dir, "scenario.toml", f"\n[priors.surge_factor]\n{body}\n"
                                      f"\n[priors.surge_factor.Kazakhstan]\n{body}\n")
    priors = load_scenario(tiny_dir).priors
    assert priors["surge_factor"].high == priors["surge_factor.Kazakhstan"].high == 2.5
    (p,) = _prior(tiny_dir, body, name="surge_factor.Turkey")
    assert p.where == "priors.surge_factor.Turkey" and "surge_factor.<...>" in p.rule


def test_country_preference_prior_for_any_destination(tiny_dir: Path) -> None:
    """pref_country.<destination> may be fitted for a road or an air destination, not for a
    country the scenario does not reach."""
    body = 'dist = "uniform"\nlow = -3\nhigh = 3'
    append(tiny_dir, "scenario.toml", f"\n[priors.pref_country.Kazakhstan]\n{body}\n"
                                      f"\n[priors.pref_country.Turkey]\n{body}\n")
    assert {"pref_country.Kazakhstan", "pref_country.Turkey"} <= set(
        load_scenario(tiny_dir).priors)
    (p,) = _prior(tiny_dir, body, name="pref_country.Atlantis")
    assert p.where == "priors.pref_country.Atlantis" and "pref_country.<destination>" in p.rule


def test_events_localized(tiny: Scenario) -> None:
    """A date without time is local midnight at start's offset; end is kept."""
    rumour = tiny.events[0]
    assert rumour.kind == "rumour" and rumour.start == pd.Timestamp("2022-09-22T00:00+03:00")
    assert rumour.end == pd.Timestamp("2022-09-24T00:00+03:00")
    assert rumour.start.utcoffset() == pd.Timedelta(hours=3)
    assert rumour.key == "scenario.toml: events[1]"


def test_close_event_default_travellers(tiny: Scenario) -> None:
    """A close event gets travellers='all' unless it says otherwise."""
    close = [e for e in tiny.events if e.kind == "close"][0]
    assert close.fields == {"crossing": "vaalimaa", "travellers": "tourist_visa"}


def test_routes_loaded(tiny: Scenario) -> None:
    """routes.csv gives region, crossing, hours columns."""
    assert tiny.routes is not None
    assert list(tiny.routes.columns) == ["region", "crossing", "hours"]


def test_routes_optional(tiny_dir: Path) -> None:
    """Without routes.csv, routes is None."""
    (tiny_dir / "routes.csv").unlink()
    assert load_scenario(tiny_dir).routes is None


def test_files_hash_changes_with_content(tiny_dir: Path) -> None:
    """files_hash is stable, and changes when a file changes."""
    first = load_scenario(tiny_dir).files_hash
    assert load_scenario(tiny_dir).files_hash == first and len(first) == 64
    set_cell(tiny_dir, "regions.csv", 2, "population", "20001")
    assert load_scenario(tiny_dir).files_hash != first


def test_scenario_toml_path_accepted(tiny_dir: Path) -> None:
    """A path to scenario.toml loads its folder."""
    assert load_scenario(tiny_dir / "scenario.toml").name == "tiny"


def test_public_names_sorted() -> None:
    """The package exports the loader and its error, in a sorted __all__."""
    assert {"load_scenario", "ScenarioError", "list_scenarios", "Problem"} <= set(
        borderflow.__all__
    )
    assert borderflow.__all__ == sorted(borderflow.__all__)


# --- Problem and ScenarioError -----------------------------------------------------------------


def test_problem_str_format() -> None:
    """A problem reads file:where: rule, got value."""
    p = Problem("crossings.csv", "7", "cap_car: must be a number >= 0", "abc")
    assert str(p) == "crossings.csv:7: cap_car: must be a number >= 0, got 'abc'"


def test_problem_without_place_or_value() -> None:
    """A whole-file problem has no line and no value."""
    assert str(Problem("air.csv", "", "file is missing")) == "air.csv: file is missing"


def test_error_message_lists_all() -> None:
    """ScenarioError's message has one line per problem."""
    error = ScenarioError([Problem("a", "1", "x"), Problem("b", "2", "y")])
    assert str(error) == "a:1: x\nb:2: y" and len(error.problems) == 2


def test_unknown_name_or_folder(tmp_path: Path) -> None:
    """A name that is neither a folder nor bundled is reported, not raised as OSError."""
    found = problems(tmp_path / "nowhere")
    assert "no such folder, nor a bundled scenario" in found[0].rule


# --- CSV files ---------------------------------------------------------------------------------


def test_missing_file(tiny_dir: Path) -> None:
    """A missing required CSV is reported by name."""
    (tiny_dir / "air.csv").unlink()
    assert lines(tiny_dir) == ["air.csv: file is missing"]


def test_empty_file(tiny_dir: Path) -> None:
    """An empty CSV is reported, listing the columns it needs."""
    (tiny_dir / "regions.csv").write_text("")
    found = [p for p in problems(tiny_dir) if p.file == "regions.csv"]
    assert found[0].rule.startswith("file is empty; columns: id, name, lat")


def test_missing_column(tiny_dir: Path) -> None:
    """A missing column is reported on line 1 with the required ones."""
    replace(tiny_dir, "air.csv", ",fare_hours", "")
    replace(tiny_dir, "air.csv", ",20,", ",")
    replace(tiny_dir, "air.csv", ",30,", ",")
    (p,) = problems(tiny_dir)
    assert (p.file, p.where) == ("air.csv", "1")
    assert p.rule.startswith("missing column fare_hours; required: country, seats_per_day")


def test_unknown_column(tiny_dir: Path) -> None:
    """An unknown column is reported with the valid ones."""
    rows = (tiny_dir / "air.csv").read_text().splitlines()
    rows = [rows[0] + ",hub"] + [row + ",x" for row in rows[1:]]
    (tiny_dir / "air.csv").write_text("\n".join(rows) + "\n")
    (p,) = problems(tiny_dir)
    assert p.where == "1" and p.value == "hub" and "valid: country, seats_per_day" in p.rule


def test_wrong_field_count(tiny_dir: Path) -> None:
    """A row with too few fields is reported with its line."""
    append(tiny_dir, "regions.csv", "kazan,Kazan,55.8\n")
    assert lines(tiny_dir) == [
        "regions.csv:5: has 3 fields, the header has 7, got 'kazan,Kazan,55.8'"
    ]


def test_duplicate_id(tiny_dir: Path) -> None:
    """A repeated id is reported on its second line, naming the first."""
    append(tiny_dir, "regions.csv", "moscow,Moscow again,55.7,37.6,10,1,0.5\n")
    assert lines(tiny_dir) == ["regions.csv:5: id: duplicate (first on line 2), got 'moscow'"]


def test_duplicate_route(tiny_dir: Path) -> None:
    """A repeated (region, crossing) route is reported."""
    append(tiny_dir, "routes.csv", "moscow,vaalimaa,11\n")
    (p,) = problems(tiny_dir)
    assert (p.file, p.where, p.value) == ("routes.csv", "4", "moscow/vaalimaa")


def test_non_numeric_capacity(tiny_dir: Path) -> None:
    """The example from the contract, exactly."""
    set_cell(tiny_dir, "crossings.csv", 3, "cap_car", "abc")
    assert lines(tiny_dir) == ["crossings.csv:3: cap_car: must be a number >= 0, got 'abc'"]


def test_two_bad_cells_two_lines(tiny_dir: Path) -> None:
    """Every bad cell is reported, not just the first."""
    set_cell(tiny_dir, "crossings.csv", 2, "cap_bus", "-1")
    set_cell(tiny_dir, "crossings.csv", 4, "lanes_queue", "0")
    assert lines(tiny_dir) == [
        "crossings.csv:2: cap_bus: must be a number >= 0, got '-1'",
        "crossings.csv:4: lanes_queue: must be a number > 0, got '0'",
    ]


def test_problems_from_all_files_together(tiny_dir: Path) -> None:
    """Problems in several files and in scenario.toml come in one error."""
    set_cell(tiny_dir, "regions.csv", 3, "lat", "95")
    set_cell(tiny_dir, "air.csv", 2, "seats_per_day", "-5")
    replace(tiny_dir, "scenario.toml", "days = 5", "days = 0")
    assert where(problems(tiny_dir)) == {
        ("regions.csv", "3"), ("air.csv", "2"), ("scenario.toml", "days"),
    }  # fmt: skip


@pytest.mark.parametrize(
    ("file", "line", "column", "value", "rule"),
    [
        ("regions.csv", 2, "lat", "-91", "lat: must be a number in [-90, 90]"),
        ("regions.csv", 3, "lon", "180.5", "lon: must be a number in [-180, 180]"),
        ("regions.csv", 4, "population", "-3", f"population: {WHOLE}"),
        ("regions.csv", 4, "population", "12.5", f"population: {WHOLE}"),
        ("regions.csv", 2, "intensity", "0", "intensity: must be a number > 0"),
        ("regions.csv", 2, "car_share", "1.2", "car_share: must be a number in [0, 1]"),
        ("air.csv", 2, "country", "", "country: must not be empty"),
        ("crossings.csv", 2, "visa_required", "yes", "visa_required: must be 0 or 1"),
        ("crossings.csv", 3, "open_from", "25", "open_from: must be a number in [0, 24]"),
        ("crossings.csv", 3, "open_to", "-1", "open_to: must be a number in [0, 24]"),
        ("crossings.csv", 2, "background_per_day", "nan", "background_per_day: must be a number"),
        ("crossings.csv", 2, "cap_pedestrian", "inf", "cap_pedestrian: must be a number >= 0"),
        ("crossings.csv", 2, "country", "", "country: must not be empty"),
        ("air.csv", 3, "seats_per_day", "-1", "seats_per_day: must be a number >= 0"),
        ("air.csv", 3, "flight_hours", "x", "flight_hours: must be a number >= 0"),
        ("routes.csv", 2, "hours", "-2", "hours: must be a number >= 0"),
    ],
)
def test_cell_rules(
    tiny_dir: Path, file: str, line: int, column: str, value: str, rule: str
) -> None:
    """Each cell rule names the file, line, column, rule and value."""
    set_cell(tiny_dir, file, line, column, value)
    (p,) = problems(tiny_dir)
    assert (p.file, p.where, p.value) == (file, str(line), value)
    assert p.rule.startswith(rule)


def test_visa_weight_is_optional_and_checked(tiny_dir: Path) -> None:
    """regions.csv may carry `visa_weight` (default 1); a negative one is named with its line."""
    assert borderflow.load_scenario(tiny_dir).regions["visa_weight"].tolist() == [1.0] * 3
    path = tiny_dir / "regions.csv"
    path.write_text(path.read_text().replace("car_share\n", "car_share,visa_weight\n", 1)
                    .replace("0.5\n", "0.5,2\n").replace("0.45\n", "0.45,1\n")
                    .replace("0.6\n", "0.6,-1\n"))
    (p,) = problems(tiny_dir)
    assert (p.file, p.where, p.value) == ("regions.csv", "4", "-1")
    assert p.rule.startswith("visa_weight: must be a number >= 0")


def test_crossing_region_must_exist(tiny_dir: Path) -> None:
    """A crossing's region must be an id in regions.csv, listed on error."""
    set_cell(tiny_dir, "crossings.csv", 3, "region", "saratof")
    assert lines(tiny_dir) == [
        "crossings.csv:3: region: must be an id in regions.csv "
        "(moscow, saint_petersburg, saratov), got 'saratof'"
    ]


def test_route_references_must_exist(tiny_dir: Path) -> None:
    """A route's region and crossing must both exist; both are reported."""
    set_cell(tiny_dir, "routes.csv", 2, "region", "kazan")
    set_cell(tiny_dir, "routes.csv", 3, "crossing", "upper_lars")
    assert where(problems(tiny_dir)) == {("routes.csv", "2"), ("routes.csv", "3")}


def test_bad_cell_does_not_hide_its_id(tiny_dir: Path) -> None:
    """A region with a bad cell still counts as existing for cross-references."""
    set_cell(tiny_dir, "regions.csv", 4, "population", "many")
    assert where(problems(tiny_dir)) == {("regions.csv", "4")}


def test_no_regions(tiny_dir: Path) -> None:
    """regions.csv needs at least one data row."""
    (tiny_dir / "regions.csv").write_text("id,name,lat,lon,population,intensity,car_share\n")
    assert "regions.csv: needs at least 1 data row" in lines(tiny_dir)


def test_undecodable_file(tiny_dir: Path) -> None:
    """A file that is not UTF-8 is a problem, not a crash."""
    (tiny_dir / "air.csv").write_bytes(b"country\xff\xfe,seats\n")
    (p,) = problems(tiny_dir)
    assert p.file == "air.csv" and p.rule.startswith("must be UTF-8 text")
    assert "line 1 has byte 0xff" in p.rule


# --- scenario.toml -----------------------------------------------------------------------------


def test_toml_syntax_error_line(tiny_dir: Path) -> None:
    """A TOML syntax error gives its line."""
    replace(tiny_dir, "scenario.toml", "days = 5", "days = = 5")
    (p,) = problems(tiny_dir)
    assert (p.file, p.where) == ("scenario.toml", "6") and "TOML syntax error" in p.rule


def test_toml_syntax_error_keeps_csv_problems(tiny_dir: Path) -> None:
    """A broken scenario.toml does not hide the CSV problems."""
    replace(tiny_dir, "scenario.toml", "days = 5", "days = = 5")
    set_cell(tiny_dir, "regions.csv", 2, "lat", "x")
    assert where(problems(tiny_dir)) == {("scenario.toml", "6"), ("regions.csv", "2")}


def test_required_keys(tiny_dir: Path) -> None:
    """Missing required keys are each reported."""
    replace(tiny_dir, "scenario.toml", 'name = "tiny"\n', "")
    replace(tiny_dir, "scenario.toml", "days = 5\n", "")
    assert lines(tiny_dir) == ["scenario.toml:name: is required", "scenario.toml:days: is required"]


def test_unknown_top_key(tiny_dir: Path) -> None:
    """An unknown top-level key lists the valid ones."""
    replace(tiny_dir, "scenario.toml", "days = 5", "days = 5\nduration = 5")
    (p,) = problems(tiny_dir)
    assert p.where == "duration" and p.rule.startswith("unknown key; valid: name, title")


def test_start_needs_offset(tiny_dir: Path) -> None:
    """A start without a UTC offset is rejected."""
    replace(tiny_dir, "scenario.toml", "10:00:00+03:00", "10:00:00")
    (p,) = problems(tiny_dir)
    assert p.where == "start" and "UTC offset" in p.rule


def test_start_native_toml_datetime(tiny_dir: Path) -> None:
    """An unquoted TOML datetime with offset is accepted."""
    replace(tiny_dir, "scenario.toml", '"2022-09-21T10:00:00+03:00"', "2022-09-21T10:00:00+03:00")
    assert load_scenario(tiny_dir).start.utcoffset() == pd.Timedelta(hours=3)


@pytest.mark.parametrize("value", ["0", "2.5", '"5"', "true"])
def test_days_integer_at_least_1(tiny_dir: Path, value: str) -> None:
    """days must be an integer from 1 to 3650."""
    replace(tiny_dir, "scenario.toml", "days = 5", f"days = {value}")
    (p,) = problems(tiny_dir)
    assert p.where == "days" and p.rule == "must be an integer from 1 to 3650"


def test_step_hours_allowed_values(tiny_dir: Path) -> None:
    """step_hours must be one of the allowed values, listed."""
    replace(tiny_dir, "scenario.toml", "step_hours = 1.0", "step_hours = 5")
    assert lines(tiny_dir) == [
        "scenario.toml:step_hours: must be one of 0.5, 1, 2, 3, 4, 6, 8, 12, 24, got 5"
    ]


def test_unknown_parameter(tiny_dir: Path) -> None:
    """An unknown parameter lists the valid names."""
    replace(tiny_dir, "scenario.toml", "patience_hours", "patience_hour")
    (p,) = problems(tiny_dir)
    assert p.where == "parameters.patience_hour" and "willing_share" in p.rule


def test_parameter_out_of_bounds(tiny_dir: Path) -> None:
    """A parameter outside its bounds is rejected with the bounds."""
    replace(tiny_dir, "scenario.toml", "patience_hours = 48.0", "patience_hours = 0.5")
    assert lines(tiny_dir) == [
        "scenario.toml:parameters.patience_hours: must be a number in [1, 1e+12], got 0.5"
    ]


def test_callups_rules(tiny_dir: Path) -> None:
    """callups: unknown keys and bad values, each reported."""
    replace(tiny_dir, "scenario.toml", "target = 3000", "target = -1\nmen = 3")
    assert where(problems(tiny_dir)) == {
        ("scenario.toml", "callups.target"), ("scenario.toml", "callups.men"),
    }  # fmt: skip


def _prior(folder: Path, body: str, name: str = "departure_rate") -> list[Problem]:
    append(folder, "scenario.toml", f"\n[priors.{name}]\n{body}\n")
    return problems(folder)


def test_prior_unknown_name(tiny_dir: Path) -> None:
    """A prior must name a parameter or a crossing scale."""
    (p,) = _prior(tiny_dir, 'dist = "uniform"\nlow = 0\nhigh = 1', name="speed")
    assert p.where == "priors.speed" and "capacity_scale.<crossing, group or country>" in p.rule


def test_prior_scale_of_unknown_crossing(tiny_dir: Path) -> None:
    """capacity_scale.<x> needs x in crossings.csv."""
    body = 'dist = "uniform"\nlow = 0.5\nhigh = 2'
    (p,) = _prior(tiny_dir, body, name='"capacity_scale.upper_lars"')
    assert p.where == "priors.capacity_scale.upper_lars" and "kairak" in p.rule


def test_prior_bad_dist(tiny_dir: Path) -> None:
    """dist must be uniform, loguniform or normal."""
    (p,) = _prior(tiny_dir, 'dist = "beta"\nlow = 0\nhigh = 1')
    assert str(p) == (
        "scenario.toml:priors.departure_rate.dist: must be one of uniform, loguniform, normal, "
        "got 'beta'"
    )


def test_prior_low_below_high(tiny_dir: Path) -> None:
    """low must be below high."""
    (p,) = _prior(tiny_dir, 'dist = "uniform"\nlow = 0.5\nhigh = 0.1')
    assert p.where == "priors.departure_rate.low" and p.rule == "must be below high (0.1)"


def test_prior_loguniform_positive(tiny_dir: Path) -> None:
    """A loguniform prior needs low > 0."""
    (p,) = _prior(tiny_dir, 'dist = "loguniform"\nlow = 0\nhigh = 0.1')
    assert p.where == "priors.departure_rate.low" and "> 0" in p.rule


def test_prior_inside_parameter_bounds(tiny_dir: Path) -> None:
    """A uniform prior must stay within the parameter's bounds."""
    (p,) = _prior(tiny_dir, 'dist = "uniform"\nlow = 0.1\nhigh = 2')
    assert p.where == "priors.departure_rate" and "[0, 1]" in p.rule


def test_prior_missing_and_unknown_keys(tiny_dir: Path) -> None:
    """Missing high and an unknown key are both reported."""
    found = _prior(tiny_dir, 'dist = "uniform"\nlow = 0\nmax = 1')
    assert where(found) == {
        ("scenario.toml", "priors.departure_rate.max"),
        ("scenario.toml", "priors.departure_rate.high"),
    }


def test_prior_normal_sd_positive(tiny_dir: Path) -> None:
    """A normal prior's sd (high) must be > 0."""
    (p,) = _prior(tiny_dir, 'dist = "normal"\nlow = 0.5\nhigh = 0')
    assert p.where == "priors.departure_rate.high"


def test_prior_normal_mean_inside_parameter_bounds(tiny_dir: Path) -> None:
    """A normal prior is cut at the parameter's bounds, so its mean (low) must lie within."""
    (p,) = _prior(tiny_dir, 'dist = "normal"\nlow = 1.5\nhigh = 0.1')
    assert p.where == "priors.departure_rate.low" and "[0, 1]" in p.rule and p.value == 1.5


def test_place_prior_takes_its_kinds_bounds(tiny_dir: Path) -> None:
    """A place's surge factor has the surge factor's bounds (1-10), not just >= 0."""
    body = 'dist = "uniform"\nlow = 0.5\nhigh = 2'
    (p,) = _prior(tiny_dir, body, name='"surge_factor.kairak"')
    assert p.where == "priors.surge_factor.kairak" and "[1, 10]" in p.rule


# --- properties --------------------------------------------------------------------------------

NUMERIC = {
    "regions.csv": ["lat", "lon", "population", "intensity", "car_share"],
    "crossings.csv": ["lat", "lon", "cap_car", "cap_bus", "cap_pedestrian", "cap_bicycle",
                      "open_from", "open_to", "background_per_day", "lanes_queue"],
    "air.csv": ["seats_per_day", "flight_hours", "fare_hours", "background_per_day"],
    "routes.csv": ["hours"],
}  # fmt: skip
DATA_LINES = {"regions.csv": 3, "crossings.csv": 3, "air.csv": 2, "routes.csv": 2}
CELLS = [(f, c) for f, cols in NUMERIC.items() for c in cols if c not in ("lat", "lon")]


def _variant() -> Path:
    """A fresh copy of the tiny folder in its own temporary directory."""
    return Path(shutil.copytree(TINY, Path(tempfile.mkdtemp()) / "tiny"))


@settings(max_examples=40, deadline=None)
@given(
    cell=st.sampled_from(CELLS),
    line=st.integers(0, 2),
    value=st.floats(max_value=-1e-9, allow_nan=False, allow_infinity=False),
)
def test_negative_numbers_always_rejected(cell: tuple[str, str], line: int, value: float) -> None:
    """Any negative number in a non-negative column is the one problem, on its line."""
    file, column = cell
    line = 2 + line % DATA_LINES[file]
    folder = _variant()
    try:
        set_cell(folder, file, line, column, repr(value))
        (p,) = problems(folder)
        assert (p.file, p.where, p.value) == (file, str(line), repr(value))
        assert p.rule.startswith(f"{column}: must be")
    finally:
        shutil.rmtree(folder.parent)


@settings(max_examples=40, deadline=None)
@given(bad=st.lists(st.sampled_from(CELLS), min_size=1, max_size=4, unique=True))
def test_every_bad_cell_reported(bad: list[tuple[str, str]]) -> None:
    """n cells made non-numeric give exactly n problems, one per cell."""
    folder = _variant()
    try:
        for file, column in bad:
            set_cell(folder, file, 2, column, "n/a")
        found = problems(folder)
        assert sorted((p.file, p.rule.split(":")[0]) for p in found) == sorted(bad)
    finally:
        shutil.rmtree(folder.parent)


KEY_NAMES = st.from_regex(r"[a-z][a-z_]{0,15}", fullmatch=True)


@settings(max_examples=40, deadline=None)
@given(key=KEY_NAMES, table=st.sampled_from(["", "callups", "parameters"]))
def test_unknown_keys_always_rejected(key: str, table: str) -> None:
    """A random key not in the schema is rejected, listing the valid keys."""
    valid = {
        "": ["name", "title", "description", "start", "days", "step_hours", "callups",
             "parameters", "priors", "events"],
        "callups": ["target", "start_day", "days"],
        "parameters": list(PARAMETERS),
    }[table]  # fmt: skip
    if key in valid or (table == "" and key in ("callups", "parameters")):
        return
    folder = _variant()
    try:
        text = (folder / "scenario.toml").read_text()
        anchor = "step_hours = 1.0\n" if table == "" else f"[{table}]\n"
        (folder / "scenario.toml").write_text(text.replace(anchor, f"{anchor}{key} = 1\n", 1))
        (p,) = problems(folder)
        assert p.where == (f"{table}.{key}" if table else key) and p.value == key
        assert p.rule == f"unknown key; valid: {', '.join(valid)}"
    finally:
        shutil.rmtree(folder.parent)


def test_validate_refuses_what_would_crash_later(tiny_dir: Path) -> None:
    """Inputs that loaded before and failed later: ten years of days, a NUL in a name, a
    population past any country's, a malformed temperature.csv. Each is named where it is."""
    from scenario_edits import lines, replace, set_cell

    replace(tiny_dir, "scenario.toml", "days = 5", "days = 100000000")
    set_cell(tiny_dir, "crossings.csv", 2, "name", "Vaalimaa\x00")
    set_cell(tiny_dir, "regions.csv", 2, "population", "1e308")
    (tiny_dir / "temperature.csv").write_text("crossing,date,t_mean_c,t_min_c,wind_kmh\n"
                                              "vaalimaa,22 Sep,5,abc,10\n"
                                              "nowhere,2022-09-22,5,1,10\n")
    found = lines(tiny_dir)
    assert "scenario.toml:days: must be an integer from 1 to 3650, got 100000000" in found
    assert "crossings.csv:2: name: must not hold control characters, got 'Vaalimaa\\x00'" in found
    assert any(f.startswith(f"regions.csv:2: population: {WHOLE}") for f in found)
    assert any(f.startswith("temperature.csv:2: date: must be a date YYYY-MM-DD") for f in found)
    assert any(f.startswith("temperature.csv:2: t_min_c:") for f in found)
    assert any(f.startswith("temperature.csv:3: crossing:") for f in found)


def test_a_bom_in_scenario_toml_is_read_everywhere(tiny_dir: Path, tmp_path: Path) -> None:
    """A scenario.toml saved with a byte-order mark loads, and its brief is built."""
    from borderflow import simulate
    from borderflow.report.html import build_report

    toml = tiny_dir / "scenario.toml"
    toml.write_bytes(b"\xef\xbb\xbf" + toml.read_bytes())
    scenario = load_scenario(tiny_dir)
    simulate(scenario, seed=1, days=1).write(tmp_path / "run", scenario.path)
    assert build_report(tmp_path / "run", tmp_path / "r.html").exists()
