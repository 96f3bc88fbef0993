"""Mechanisms the reports show: what a closure does to ordinary traffic, waits by mode, and the
people a planner must serve who do not cross."""

from __future__ import annotations

import numpy as np
import pytest
from scenario_edits import add_column

from borderflow import load_scenario, simulate
from borderflow.parameters import MODES

DAY = 24  # steps a day in the tiny scenario


def background_into_finland(res, day: int) -> float:
    """Ordinary entries into Finland on day `day` of the run (0 = the start's day)."""
    d = res.destinations.index("Finland")
    return float(res["new_entries_background"][day * DAY:(day + 1) * DAY, d].sum())


@pytest.mark.parametrize("share", [0.0, 0.75])
def test_a_tourist_visa_closure_bars_the_ordinary_travellers_who_hold_one(tiny_dir, share):
    """tiny closes Vaalimaa (Finland's only crossing) to tourist visas on 24 Sep: the share of
    its ordinary traffic on tourist visas stops with the leavers holding them."""
    add_column(tiny_dir, "crossings.csv", "background_tourist_share", [str(share), "0", "0"])
    res = simulate(load_scenario(tiny_dir), seed=5, params={"background_day_sd": 0.0,
                                                          "background_wait_deterrence": 0.001})
    before = np.mean([background_into_finland(res, d) for d in (1, 2)])
    after = background_into_finland(res, 4)  # 25 Sep, the last whole day
    assert after / before == pytest.approx(1.0 - share, abs=0.08)


def test_a_place_parameter_overrides_the_tables_share(tiny_dir):
    """`background_tourist_share.<place>` (a prior or --set) replaces crossings.csv's value;
    the bare name is not a parameter."""
    add_column(tiny_dir, "crossings.csv", "background_tourist_share", ["0", "0", "0"])
    scenario = load_scenario(tiny_dir)
    params = {"background_day_sd": 0.0, "background_wait_deterrence": 0.001}
    res = simulate(scenario, seed=5, params={**params, "background_tourist_share.Finland": 1.0})
    assert background_into_finland(res, 4) == 0
    with pytest.raises(KeyError, match="unknown parameter 'background_tourist_share'"):
        simulate(scenario, seed=5, params={"background_tourist_share": 0.5})


def test_daily_table_has_waits_by_mode_and_the_people_turned_back(tiny):
    """daily.csv gives the wait of each mode and the people turned back at each crossing; the
    car wait is the one `wait_hours` reports where cars were served."""
    res = simulate(tiny, seed=2)
    daily = res.daily()
    cross = daily[daily["kind"] == "crossing"]
    metrics = set(cross["metric"])
    assert {"wait_hours_car", "wait_hours_bus", "wait_hours_foot", "daily_turned_back",
            "daily_stopped", "daily_reneged"} <= metrics
    wide = cross.pivot_table(index=["date", "id"], columns="metric", values="value")
    cars = wide["wait_hours_car"].notna()
    assert np.allclose(wide.loc[cars, "wait_hours_car"], wide.loc[cars, "wait_hours"])
    # tourist-visa holders queued at Vaalimaa when it closed leave the line, turned back
    turned = wide.xs("vaalimaa", level="id")["daily_turned_back"]
    assert turned.sum() == res["new_turned_back"][:, 0].sum() > 0


def test_mobilization_points_stand_where_the_reports_put_them():
    """The reports put draft offices at a crossing into Georgia and one into Finland; each
    screening event of the bundled scenario names its source."""
    scenario = load_scenario("russia-2022")
    screens = [e for e in scenario.events if e.kind == "screening"]
    countries = {scenario.crossings.at[e.fields["crossing"], "country"] for e in screens}
    assert countries == {"Georgia", "Finland"}
    assert all(e.source for e in screens)
    res = simulate(scenario, seed=0, days=12)
    finnish = [list(res.crossings.index).index(c) for c in
               scenario.crossings.index[scenario.crossings["country"] == "Finland"]]
    assert res["new_stopped"][:, finnish].sum() > 0


def longest_car_line_hours(res, crossing: str) -> float:
    """The longest the car line at `crossing` would take to serve, in hours, over the run."""
    c = res.crossings.index.get_loc(crossing)
    cars, cap = res["n_queue_parties"][:, c, 0], res["capacity"][:, c, 0]
    return float(np.max(np.divide(cars, cap, out=np.zeros(cars.shape), where=cap > 0)))


@pytest.mark.parametrize("balk_share", [1.0, 0.0])
def test_nobody_joins_a_line_they_see_is_longer_than_their_patience(balk_share):
    """With a patience of about 10 hours for everyone and no ordinary traffic, a party that sees
    Upper Lars's car line would take longer than that does not join it: the line never holds
    much more than 10 hours of cars. With `balk_share = 0` (nobody judges the wait) parties join
    and give up later, and the line grows far longer, full of people who will leave unserved."""
    params = {"patience_hours": 10.0, "patience_shape": 50.0, "balk_share": balk_share,
              "background_scale.Georgia": 0.0}
    res = simulate(load_scenario("russia-2022"), seed=3, days=10, params=params)
    hours = longest_car_line_hours(res, "upper_lars_dariali")
    if balk_share:
        assert 8.0 < hours <= 12.0  # 10 h, plus one step's arrivals seeing the same line
    else:
        assert hours > 15.0


def test_more_capacity_at_upper_lars_does_not_lengthen_its_line():
    """Doubling Upper Lars's capacity draws more people to it, but its car line stays shorter."""
    scenario = load_scenario("russia-2022")
    lines = [longest_car_line_hours(simulate(scenario, seed=1, days=10,
                                             params={"capacity_scale.upper_lars_dariali": k}),
                                    "upper_lars_dariali") for k in (1.0, 2.0)]
    assert lines[1] < lines[0]


@pytest.mark.parametrize("pace", [0.5, 2.0])
def test_the_callup_pace_spreads_the_same_target_over_fewer_or_more_days(pace):
    """`callup_pace` calls the scenario's target up `pace` times as fast: the same men in 1 /
    pace of the days (whole steps), and none after."""
    scenario = load_scenario("russia-2022")
    cu = scenario.callups
    res = simulate(scenario, seed=0, days=cu.start_day + cu.days / pace + 2,
                   params={"callup_pace": pace})
    called = res["cum_call_ups"]
    ends = int((cu.start_day + cu.days / pace) * 24 / scenario.step_hours)
    assert called[-1] == pytest.approx(cu.target, rel=0.01)  # drawn per region, step by step
    assert called[ends - 48] < 0.99 * cu.target  # still calling two days before the end
    assert called[ends] == called[-1]


def after_day(res, name: str, crossing: str, day: int) -> np.ndarray:
    """`name` at `crossing` (all modes) from `day` (0 = the first) on, one row a step."""
    x = res[name][int(day * 24 / res.step_hours):, res.crossings.index.get_loc(crossing)]
    return x.sum(axis=-1) if x.ndim > 1 else x


@pytest.mark.parametrize("share", [0.5, 1.0])
def test_men_avoid_a_crossing_where_a_draft_office_stops_them(share):
    """A mobilization point stopping a share of the men at Upper Lars from 23 Sep: fewer
    choose it, so its line is shorter; when it stops every man, hardly anyone goes there once
    those who set off before it have arrived (days 5 on)."""
    from test_engine import with_event

    base = load_scenario("russia-2022")
    screened = with_event(base, "screening", "2022-09-23", crossing="upper_lars_dariali",
                          share=share)
    runs = [simulate(sc, seed=2, days=9, params={"background_scale.Georgia": 0.0})
            for sc in (base, screened)]
    line = [after_day(r, "n_queue_people", "upper_lars_dariali", 5).mean() for r in runs]
    assert line[1] < (0.9 if share < 1 else 0.05) * line[0]
    if share == 1:
        came = [after_day(r, "new_arrivals", "upper_lars_dariali", 5).sum() for r in runs]
        assert came[1] < 0.2 * came[0]


def test_idle_car_booths_serve_the_walkers():
    """Non-local cars barred from Upper Lars from 23 Sep leave its car booths mostly idle while
    the scenario lets walkers through (26-28 Sep): those booths serve the foot line, which then
    moves faster; with `walkers_per_car_slot = 0` (separate booths) it does not."""
    from test_engine import with_event

    scenario = with_event(load_scenario("russia-2022"), "close", "2022-09-23",
                          crossing="upper_lars_dariali", travellers="non_local", mode="car")
    walkers = []
    for per_slot in (0.0, 2.0):
        res = simulate(scenario, seed=0, days=8, params={"walkers_per_car_slot": per_slot})
        c, foot = res.crossings.index.get_loc("upper_lars_dariali"), MODES.index("pedestrian")
        walkers.append(res["new_crossed"][:, c, foot].sum())
    assert walkers[1] > 1.3 * walkers[0]
