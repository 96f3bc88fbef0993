"""What-ifs from the command line: --event adds a dated change exactly as scenario.toml would,
and --label names the variant in every output."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import xarray as xr
from scenario_edits import append
from typer.testing import CliRunner

from borderflow.cli import app

EVENTS = {  # each kind, as --event and as the [[events]] table that says the same
    "rumour": ("kind=rumour,date=2022-09-23,until=2022-09-25,level=0.5",
               'kind = "rumour"\ndate = "2022-09-23"\nuntil = "2022-09-25"\nlevel = 0.5\n'),
    "capacity": ("kind=capacity,crossing=kairak,mode=car,factor=2,date=2022-09-22",
                 'kind = "capacity"\ncrossing = "kairak"\nmode = "car"\nfactor = 2\n'
                 'date = "2022-09-22"\n'),
    "open_mode": ("kind=open_mode,crossing=vaalimaa,mode=pedestrian,capacity=40,"
                  "date=2022-09-22T12:00",
                  'kind = "open_mode"\ncrossing = "vaalimaa"\nmode = "pedestrian"\n'
                  'capacity = 40\ndate = "2022-09-22T12:00"\n'),
    "close": ("kind=close,crossing=kairak,travellers=all,date=2022-09-24",
              'kind = "close"\ncrossing = "kairak"\ntravellers = "all"\ndate = "2022-09-24"\n'),
    "screening": ("kind=screening,crossing=kairak,share=0.1,date=2022-09-22",
                  'kind = "screening"\ncrossing = "kairak"\nshare = 0.1\ndate = "2022-09-22"\n'),
    "air_seats": ("kind=air_seats,country=Turkey,seats_per_day=0,date=2022-09-22",
                  'kind = "air_seats"\ncountry = "Turkey"\nseats_per_day = 0\n'
                  'date = "2022-09-22"\n'),
}


@pytest.mark.parametrize("kind", sorted(EVENTS))
def test_an_event_on_the_command_line_is_the_event_in_scenario_toml(kind, tiny_dir, tmp_path):
    option, table = EVENTS[kind]
    runner = CliRunner()
    by_option = runner.invoke(app, ["run", str(tiny_dir), "--seed", "3", "-q", "--out",
                                    str(tmp_path / "option"), "--event", option])
    assert by_option.exit_code == 0, by_option.output
    append(tiny_dir, "scenario.toml", "\n[[events]]\n" + table)
    by_toml = runner.invoke(app, ["run", str(tiny_dir), "--seed", "3", "-q", "--out",
                                  str(tmp_path / "toml")])
    assert by_toml.exit_code == 0, by_toml.output
    daily = [(tmp_path / f / "daily.csv").read_bytes() for f in ("option", "toml")]
    assert daily[0] == daily[1]
    with xr.open_dataset(tmp_path / "option" / "results.nc") as a, \
            xr.open_dataset(tmp_path / "toml" / "results.nc") as b:
        for name in a.data_vars:  # every array the same; only the scenario's hash differs
            assert np.array_equal(a[name].values, b[name].values, equal_nan=True), name
    copied = (tmp_path / "option" / "scenario" / "scenario.toml").read_text()
    assert f'"kind" = "{kind}"' in copied  # the variant's copy says what ran


def test_a_bad_event_names_the_option_field_rule_and_value(tiny_dir, tmp_path):
    result = CliRunner().invoke(app, [
        "run", str(tiny_dir), "-q", "--out", str(tmp_path / "o"), "--event",
        "kind=open_mode,crossing=nowhere,mode=pedestrian,capacity=-4,date=2022-09-22"])
    assert result.exit_code == 1
    assert "--event 1:crossing: must be a crossing id" in result.output
    assert "--event 1:capacity" in result.output
    assert not (tmp_path / "o").exists()


def test_a_label_names_the_variant(tiny_dir, tmp_path):
    out = tmp_path / "o"
    result = CliRunner().invoke(app, ["run", str(tiny_dir), "-q", "--out", str(out), "--days",
                                      "1", "--label", "lanes x2"])
    assert result.exit_code == 0, result.output
    assert json.loads((out / "run.json").read_text())["scenario"] == "lanes x2"
    assert "(lanes x2)" in (out / "scenario" / "scenario.toml").read_text()
    assert Path(out / "scenario").is_dir()


def test_a_variants_event_overrides_the_scenarios_own_where_both_set_the_same(tmp_path):
    """russia-2022 lets walkers through Upper Lars at 50 an hour on 26-29 Sep. A variant that
    opens it at 400 an hour from 22 Sep gets 400 then too, and after the scenario's event ends:
    events in force together apply in the order they are listed, the variant's last."""
    out = tmp_path / "walk"
    result = CliRunner().invoke(app, [
        "run", "russia-2022", "--days", "10", "--defaults", "--out", str(out), "--event",
        "kind=open_mode,crossing=upper_lars_dariali,mode=pedestrian,capacity=400,"
        "date=2022-09-22"])
    assert result.exit_code == 0, result.output
    res = xr.open_dataset(out / "results.nc")
    cap = res["capacity"].sel(crossing="upper_lars_dariali", mode="pedestrian").to_numpy()
    hours = np.arange(cap.size) + 9  # the run starts at 09:00 Moscow time on 21 Sep
    day = lambda d: cap[(hours >= 24 * d) & (hours < 24 * (d + 1))]  # noqa: E731
    assert (day(2) == 400).all()  # 23 Sep
    assert (day(6) == 400).all()  # 27 Sep, within the scenario's own event
    assert (day(9) == 400).all()  # 30 Sep, after it


def test_a_forecasts_whatif_may_not_start_before_its_first_day(tmp_path):
    """The posterior was fitted to the days before --from as they were: a what-if starting
    earlier is refused, naming it; one starting on --from runs."""
    command = ["forecast", "russia-2022", "--from", "2022-09-28", "--days", "2", "--members",
               "2", "--scheduler", "serial", "--event"]
    early = "kind=capacity,crossing=upper_lars_dariali,mode=car,factor=2,date=2022-09-22"
    result = CliRunner().invoke(app, [*command, early, "--out", str(tmp_path / "a")])
    assert result.exit_code == 1
    assert "--event 1: starts 2022-09-22, before the forecast's first day 2022-09-28" in (
        " ".join(result.output.split()))
    assert not (tmp_path / "a").exists()
    on_time = early.replace("2022-09-22", "2022-09-28")
    result = CliRunner().invoke(app, [*command, on_time, "--out", str(tmp_path / "b")])
    assert result.exit_code == 0, result.output


def test_an_event_names_a_crossing_or_country_as_people_write_it(tmp_path):
    """A crossing by its name or an alias in crossings.csv, and names in any case, run as the
    ids do; a name two crossings share is not guessed."""
    def run(event: str, out: str):
        return CliRunner().invoke(app, ["run", "russia-2022", "-q", "--days", "4", "--out",
                                        str(tmp_path / out), "--event", event])

    assert run("kind=capacity,crossing=upper_lars_dariali,mode=car,factor=2,"
               "date=2022-09-22", "ids").exit_code == 0
    assert run("kind=capacity,crossing=verkhny lars,mode=CAR,factor=2,date=2022-09-22",
               "names").exit_code == 0
    ids, names = ((tmp_path / d / "daily.csv").read_bytes() for d in ("ids", "names"))
    assert ids == names
    assert run("kind=air_seats,country=turkey,seats_per_day=0,date=2022-09-22",
               "country").exit_code == 0
    for name in ("Lars Upper", "Pavlovka"):  # no such name; a name two crossings share
        bad = run(f"kind=capacity,crossing={name},mode=car,factor=2,date=2022-09-22", "bad")
        assert bad.exit_code == 1 and "crossing id in crossings.csv, or its name" in bad.output


def test_an_event_that_changes_nothing_is_noted_and_the_run_goes_ahead(tiny_dir, tmp_path):
    """A closure to travellers without a visa at a crossing that already requires one, and an
    event after the run ends (still inside the window events may name), each get a note saying
    so and where it was declared; the run's results equal the run without them."""
    out = tmp_path / "idle"
    result = CliRunner().invoke(app, [
        "run", str(tiny_dir), "--seed", "3", "-q", "--out", str(out),
        "--event", "kind=close,crossing=vaalimaa,travellers=no_visa,date=2022-09-22",
        "--event", "kind=close,crossing=kairak,travellers=all,date=2022-09-26T12:00"])
    assert result.exit_code == 0, result.output
    assert "note: --event 1: closes vaalimaa to travellers without a visa" in result.output
    assert "note: --event 2: starts 2022-09-26 12:00, at or after the end" in result.output
    plain = tmp_path / "plain"
    assert CliRunner().invoke(app, ["run", str(tiny_dir), "--seed", "3", "-q", "--out",
                                    str(plain)]).exit_code == 0
    assert (out / "daily.csv").read_bytes() == (plain / "daily.csv").read_bytes()
    quiet = CliRunner().invoke(app, [
        "run", str(tiny_dir), "--seed", "3", "-q", "--out", str(tmp_path / "busy"),
        "--event", "kind=close,crossing=kairak,travellers=no_visa,date=2022-09-22"])
    assert "note:" not in quiet.output  # Kairak lets travellers in without a visa
