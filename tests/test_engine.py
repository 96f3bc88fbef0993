"""The engine: conservation, determinism, events in time, policies touching only their flows."""

from __future__ import annotations

import dataclasses
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scenario_edits import add_column

from borderflow import Event, load_scenario, simulate
from borderflow.engine.kernels.draws import draw_patience
from borderflow.engine.network import great_circle_km, surge_factors, visa_shares
from borderflow.engine.params import resolve_parameters
from borderflow.engine.rng import stream_generators
from borderflow.engine.sim import Sim
from borderflow.observations.targets import Target
from borderflow.parameters import MODES, STATES, ParameterError


def same(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(np.array_equal(a[k], b[k], equal_nan=True) for k in a)


def with_event(scenario, kind: str, when: str, **fields):
    start = pd.Timestamp(when).tz_localize(scenario.start.tz)
    event = Event(kind=kind, start=start, fields=fields, key="test")
    return dataclasses.replace(scenario, events=scenario.events + (event,))


def event_step(scenario, when: str) -> int:
    start = pd.Timestamp(when).tz_localize(scenario.start.tz)
    return int(np.ceil((start - scenario.start).total_seconds() / 3600 / scenario.step_hours))


def test_population_is_conserved_at_every_step(tiny):
    """at home + called up + travelling + queued + crossed + stopped + returned = population."""
    res = simulate(tiny, seed=3)
    totals = res["n_state"].sum(axis=2)
    assert (totals == tiny.regions["population"].to_numpy()[None, :]).all()
    assert res["n_state"].min() >= 0


def test_people_move_through_every_state(tiny):
    """A run has departures, crossings and call-ups, not just people at home."""
    res = simulate(tiny, seed=3)
    last = res["n_state"][-1].sum(axis=0)
    for state in ("called_up", "crossed"):
        assert last[STATES.index(state)] > 0
    assert res.travellers > 0


def test_same_seed_gives_identical_results(tiny):
    """Two runs with one seed are bit-identical; another seed differs."""
    a, b, c = (simulate(tiny, seed=s) for s in (7, 7, 8))
    assert same(a.arrays, b.arrays)
    assert not same(a.arrays, c.arrays)


def test_distances_are_the_c_librarys_haversine_number_by_number():
    """Distances come from the C library's scalar sin, cos and asin, bit for bit, so a seed
    gives one run on every machine (numpy's SIMD loops differ in the last bit on AVX-512)."""
    rng = np.random.default_rng(7)
    lat, lon = rng.uniform(-89, 89, (2, 40)), rng.uniform(-180, 180, (2, 40))
    km = great_circle_km(lat[0], lon[0], lat[1], lon[1])

    def haversine(a, b, c, d):
        p1, p2 = math.radians(a), math.radians(c)
        h = (math.sin((p2 - p1) / 2) ** 2
             + math.cos(p1) * math.cos(p2) * math.sin((math.radians(d) - math.radians(b)) / 2) ** 2)
        return 2 * 6371.0 * math.asin(math.sqrt(min(max(h, 0.0), 1.0)))

    expected = [[haversine(lat[0, i], lon[0, i], lat[1, j], lon[1, j]) for j in range(40)]
                for i in range(40)]
    assert km.shape == (40, 40) and np.array_equal(km, expected)
    moscow_tbilisi = great_circle_km(np.array([55.76]), np.array([37.62]),
                                     np.array([41.72]), np.array([44.79]))[0, 0]
    assert 1_600 < moscow_tbilisi < 1_700  # about 1,650 km as the crow flies


def test_streams_are_independent_and_named():
    """Each decision draws from its own stream, derived from the seed alone."""
    g1, g2 = stream_generators(5), stream_generators(5)
    first = [g.random() for g in g1]
    assert first == [g.random() for g in g2]
    assert len(set(first)) == len(first)


def test_an_event_changes_nothing_before_its_date(tiny):
    """A mobilization point from 24 Sep leaves every array identical before that step."""
    when = "2022-09-24T00:00"
    screened = with_event(tiny, "screening", when, crossing="kairak", share=0.5)
    base, alt = simulate(tiny, seed=1), simulate(screened, seed=1)
    t = event_step(tiny, when)
    for name, arr in base.arrays.items():
        if arr.ndim and arr.shape[0] == base["new_entries"].shape[0]:
            assert np.array_equal(arr[:t], alt.arrays[name][:t], equal_nan=True), name
    assert alt["new_stopped"].sum() > 0 and base["new_stopped"].sum() == 0


def test_screening_stops_men_only_where_it_stands(tiny):
    """Screening at one crossing stops people there and nowhere else."""
    screened = with_event(tiny, "screening", "2022-09-22", crossing="kairak", share=0.5)
    res = simulate(screened, seed=2)
    stopped = res["new_stopped"].sum(axis=(0, 2))
    crossings = list(tiny.crossings.index)
    assert stopped[crossings.index("kairak")] > 0
    assert stopped.sum() == stopped[crossings.index("kairak")]


def test_closing_a_crossing_stops_its_new_arrivals(tiny):
    """After a full closure, nobody joins that crossing's queues."""
    when = "2022-09-23"
    closed = with_event(tiny, "close", when, crossing="sagarchin", travellers="all")
    res = simulate(closed, seed=4)
    t = event_step(tiny, when)
    c = list(tiny.crossings.index).index("sagarchin")
    assert res["new_arrivals"][: t, c].sum() > 0
    assert res["new_arrivals"][t + 1:, c].sum() == 0


def test_more_capacity_shortens_the_queue(tiny):
    """Tripling a crossing's capacity shortens its queue on average (not its overnight peak:
    Sagarchin closes at night, and what builds up then does not depend on the day's capacity)."""
    base = simulate(tiny, seed=5)
    more = simulate(tiny, seed=5, params={"capacity_scale.sagarchin": 3.0})
    c = list(tiny.crossings.index).index("sagarchin")

    def mean_queue(res):
        return res["n_queue_people"][:, c].sum(axis=1).mean()

    assert mean_queue(more) < 0.9 * mean_queue(base)


def test_a_country_preference_shifts_leavers_towards_or_away_from_it(tiny):
    """pref_country.Kazakhstan adds to the utility of every way into Kazakhstan: below zero
    fewer leavers enter it, above zero more; other names are rejected."""
    def kazakh_share(params):
        res = simulate(tiny, seed=2, days=4, params=params)
        entries = res["new_entries"].sum(axis=0) - res["new_entries_background"].sum(axis=0)
        return entries[tiny.destinations.index("Kazakhstan")] / entries.sum()

    base = kazakh_share({})
    assert kazakh_share({"pref_country.Kazakhstan": -2.0}) < base - 0.05
    assert kazakh_share({"pref_country.Kazakhstan": 2.0}) > base + 0.05
    with pytest.raises(KeyError, match="pref_country.Atlantis"):
        resolve_parameters(tiny, {"pref_country.Atlantis": 1.0})


def test_a_willing_scale_multiplies_the_willing_men_of_its_regions_only(tiny):
    """willing_scale.<region or region group> multiplies willing_share there (a region's own
    times its group's, at most every man); the other regions keep theirs; a region at 0 sends
    no one; other names are rejected."""
    sc = dataclasses.replace(tiny, regions=tiny.regions.assign(group=["cities", "cities", ""]))

    def willing(params):  # moscow 20,000 men, saint_petersburg 15,000, saratov 10,000
        return list(Sim(sc, params={"willing_share": 0.1, **params}).ledger.willing)

    assert willing({}) == [2000, 1500, 1000]
    assert willing({"willing_scale.cities": 2.0}) == [4000, 3000, 1000]
    both = {"willing_scale.cities": 2.0, "willing_scale.moscow": 1.5}
    assert willing(both) == [6000, 3000, 1000]
    assert willing({"willing_scale.saratov": 20.0}) == [2000, 1500, 10000]
    none = simulate(sc, seed=2, days=3, params={"willing_scale.moscow": 0.0})
    left = none["new_departures"].sum(axis=0)
    assert left[0] == 0 and left[1] > 0 and left[2] > 0
    with pytest.raises(KeyError, match="willing_scale.atlantis"):
        resolve_parameters(sc, {"willing_scale.atlantis": 1.0})


def test_visa_weights_move_visa_holders_between_regions_not_their_national_share(tiny):
    """A region's Schengen-visa share is the national share times its weight over the
    population-weighted mean weight, at most 1; weighting the region beside Finland sends more
    leavers through Finland's (visa-only) crossing."""
    reg = tiny.regions.assign(visa_weight=[1.0, 4.0, 1.0])  # saint_petersburg: 4
    shares = visa_shares(reg, 0.1)
    pop = reg["population"].to_numpy()
    assert (shares * pop).sum() / pop.sum() == pytest.approx(0.1)
    assert shares[1] == pytest.approx(4 * shares[0])
    assert visa_shares(reg, 0.5)[1] == 1.0
    assert np.array_equal(visa_shares(tiny.regions, 0.12), np.full(3, 0.12))

    def finland_leavers(scenario):  # four seeds of a few hundred leavers each
        fin = tiny.destinations.index("Finland")
        runs = (simulate(scenario, seed=s, days=3, params={"willing_share": 0.3})
                for s in range(1, 5))
        return sum(int((r["new_entries"] - r["new_entries_background"])[:, fin].sum())
                   for r in runs)

    assert finland_leavers(dataclasses.replace(tiny, regions=reg)) > 1.15 * finland_leavers(tiny)


def test_a_persistent_queue_makes_its_crossing_surge_to_the_factor(tiny):
    """With surge_factor 2, a crossing whose queue lasts works up to twice its capacity (linear
    over surge_hours, then steady) and serves more; one that never queues keeps its own; with
    the default factor 1 nothing changes."""
    params = {"surge_factor": 2.0, "surge_hours": 12.0, "surge_trigger_hours": 2.0}
    base, surged = simulate(tiny, seed=5), simulate(tiny, seed=5, params=params)
    own, working = base["capacity"], surged["capacity"]
    assert np.all((working == own) | (working > own))
    ratio = np.divide(working, own, out=np.ones_like(own), where=own > 0)
    grew = ratio[-1] > 1.0
    assert grew.any() and not grew.all()
    assert np.allclose(ratio[-1][grew], 2.0)
    first = int(np.argmax(ratio[:, grew][:, 0] > 1.0))
    ramp = ratio[first:first + 12, grew][:, 0]
    assert np.all(np.diff(ramp) > 0) and ramp[-1] == pytest.approx(2.0)
    assert surged["new_served"][:, grew].sum() > base["new_served"][:, grew].sum()


def test_a_place_surge_factor_overrides_the_scenarios_for_its_crossings(tiny_dir):
    """surge_factor.<crossing, group or country> sets the factor of those crossings (the most
    specific name wins); the others keep the scenario's surge_factor. Sagarchin's queue lasts
    (Kazakhstan's factor 3: it works up to three times its own); Kairak's group says 1."""
    add_column(tiny_dir, "crossings.csv", "group", ["", "kz_west", ""])
    tiny = load_scenario(tiny_dir)
    params = {"surge_factor": 2.0, "surge_factor.Kazakhstan": 3.0, "surge_factor.kz_west": 1.0,
              "surge_hours": 12.0, "surge_trigger_hours": 2.0}
    factors = dict(zip(tiny.crossings.index, surge_factors(tiny.crossings, params), strict=True))
    assert factors == {"vaalimaa": 2.0, "kairak": 1.0, "sagarchin": 3.0}
    shape = (-1, len(tiny.crossings), len(MODES))
    working = simulate(tiny, seed=5, params=params)["capacity"].reshape(shape).max(axis=0)
    own = simulate(tiny, seed=5)["capacity"].reshape(shape).max(axis=0)
    grew = dict(zip(tiny.crossings.index, (working / np.maximum(own, 1e-9)).max(axis=1),
                    strict=True))
    assert grew["sagarchin"] == pytest.approx(3.0) and grew["kairak"] == 1.0


def test_unknown_parameter_is_rejected_with_the_valid_names(tiny):
    """A misspelt parameter names itself and lists the valid ones."""
    with pytest.raises(KeyError, match="patience_hour.*valid"):
        resolve_parameters(tiny, {"patience_hour": 3})


@pytest.mark.parametrize(("name", "value", "bounds"), [
    ("departure_day_swing", 2.0, "[0, 1]"), ("patience_hours", -5.0, "[1, 1e+12]"),
    ("willing_share", float("nan"), "[0, 1]"), ("capacity_scale.kairak", -1.0, "[0, 1000]"),
    ("surge_factor.Kazakhstan", 0.5, "[1, 10]"),
    ("pref_country.Finland", float("inf"), "[-50, 50]"),
])
def test_a_parameter_outside_its_range_is_rejected(tiny, name, value, bounds):
    """A value outside the parameter's range (a place's: its kind's) names the parameter, the
    range and the value; no run starts."""
    with pytest.raises(ParameterError, match=rf"^{re.escape(name)}: .*{re.escape(bounds)}"):
        simulate(tiny, params={name: value})


def test_a_parameter_set_on_the_scenario_is_checked_too(tiny):
    """`Scenario.with_parameters` bypasses the loader's checks; the run still refuses."""
    with pytest.raises(ParameterError, match="reroute_share.*got 1.5"):
        simulate(tiny.with_parameters(reroute_share=1.5))


def test_unknown_place_of_a_place_parameter_lists_the_places(tiny):
    """A misspelt crossing in `capacity_scale.<place>` lists the scenario's places."""
    with pytest.raises(KeyError, match="capacity_scale.<place>.*kairak"):
        resolve_parameters(tiny, {"capacity_scale.kairack": 2.0})


def test_daily_table_adds_up_to_the_hourly_flows(tiny):
    """Daily entries summed over days equal the hourly entries summed over steps."""
    res = simulate(tiny, seed=6)
    daily = res.daily()
    rows = daily[(daily.kind == "destination") & (daily.metric == "daily_entries")]
    assert rows["value"].sum() == res["new_entries"].sum()
    assert set(daily.columns) == {"date", "kind", "id", "metric", "value"}


def test_results_dataset_has_the_documented_names(tiny):
    """The xarray Dataset carries the names of docs/architecture.md."""
    ds = simulate(tiny, seed=1).to_xarray()
    for name in ("n_queue_people", "n_queue_vehicles", "queue_km", "new_crossed", "new_entries",
                 "new_departures", "cum_call_ups", "wait_mean_hours", "wait_p90_hours", "n_state"):
        assert name in ds
    assert ds["n_queue_people"].dims == ("time", "crossing", "mode")


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    pops=st.lists(st.integers(0, 30_000), min_size=3, max_size=3),
    caps=st.lists(st.floats(0, 80), min_size=3, max_size=3),
    patience=st.floats(1, 200),
    reroute=st.floats(0, 1),
    willing=st.floats(0.001, 0.5),
    seed=st.integers(0, 2**31),
)
def test_conservation_holds_on_random_scenarios(tiny, pops, caps, patience, reroute, willing, seed):
    """Random populations, capacities and behaviour never create or lose a person."""
    regions = tiny.regions.copy()
    regions["population"] = pops
    crossings = tiny.crossings.copy()
    crossings["cap_car"] = caps
    sc = dataclasses.replace(tiny, regions=regions, crossings=crossings)
    res = simulate(sc, seed=seed, params={"patience_hours": patience, "reroute_share": reroute,
                                          "willing_share": willing})
    assert (res["n_state"].sum(axis=2) == np.array(pops)[None, :]).all()
    assert res["n_state"].min() >= 0
    assert res["n_queue_people"].min() >= 0


def test_closing_a_mode_turns_its_queue_back(tiny):
    """When pedestrians are no longer let through, the people waiting on foot are turned back."""
    c, m = list(tiny.crossings.index).index("sagarchin"), 2  # MODES.index("pedestrian")
    base = simulate(tiny, seed=9)
    busiest = int(base["n_queue_people"][:, c, m].argmax()) + 1  # close just after the peak
    when = (tiny.start + pd.Timedelta(hours=busiest)).tz_localize(None).isoformat()
    closed = with_event(tiny, "capacity", when, crossing="sagarchin", mode="pedestrian",
                        capacity=0)
    res = simulate(closed, seed=9)
    t = event_step(tiny, when)
    assert base["n_queue_people"][t - 1, c, m] > 0
    assert res["n_queue_people"][t:, c, m].sum() == 0
    assert res["new_turned_back"][t, c, m] >= res["n_queue_people"][t - 1, c, m] > 0
    assert (res["n_state"].sum(axis=2) == tiny.regions["population"].to_numpy()[None, :]).all()


@pytest.mark.parametrize("mean", [1.5, 3.0])
def test_cars_carry_the_mean_party_and_coaches_at_most_their_seats(tiny, mean):
    """Car owners form parties before choosing, so cars carry `car_party_mean` however few
    leave in a step; coach travellers of one region and hour ride together, up to the seats."""
    sim = Sim(tiny, seed=2, params={"car_party_mean": mean, "bus_seats": 3, "willing_share": 0.3})
    sim.run()
    ag, n = sim.agents, int(sim.agents.count[0])
    travellers = ag.p_region[:n] >= 0
    mode = sim.net.queue_mode[ag.p_queue[:n]]
    cars = ag.p_size[:n][travellers & (mode == MODES.index("car"))]
    coaches = ag.p_size[:n][travellers & (mode == MODES.index("bus"))]
    assert len(cars) > 500 and abs(cars.mean() - mean) < 0.15
    assert coaches.max() == 3 and coaches.min() >= 1


def test_coaches_sell_no_more_seats_than_the_border_clears(tiny):
    """Coach seats are booked ahead, as flights are: a day's bookings to a bus queue stay
    within what its border clears (capacity x open hours), so the line at the border never
    holds more than a day's seats, though with ten times the coach capacity more people ride
    than the seats there were."""
    params = {"willing_share": 0.3}
    sim = Sim(tiny, seed=4, params=params)
    res = sim.run()
    bus = MODES.index("bus")
    cro = tiny.crossings
    seats = (cro["cap_bus"] * (cro["open_to"] - cro["open_from"])).to_numpy()
    booked = sim.agents.coach_booked.reshape(len(cro), len(MODES), -1)[:, bus]
    assert (booked <= seats[:, None]).all()
    assert (booked == seats[:, None]).any()  # sold out somewhere, some day
    queued = res["n_queue_people"][:, :, bus]
    assert queued.max() > 0 and (queued.max(axis=0) <= seats).all()
    assert (res["n_state"].sum(axis=2) == tiny.regions["population"].to_numpy()).all()
    roomy = dataclasses.replace(tiny, crossings=cro.assign(cap_bus=cro["cap_bus"] * 10))
    riders = simulate(roomy, seed=4, params=params)["new_arrivals"][:, :, bus].sum(axis=0)
    assert (riders > booked.sum(axis=1)).any()


def test_a_country_capacity_scale_scales_all_its_crossings_and_only_them(tiny):
    """capacity_scale.Kazakhstan halves both Kazakh crossings; Finland's is untouched; it
    multiplies a crossing's own scale."""
    base = Sim(tiny, seed=1).book.pol.cap.reshape(len(tiny.crossings), -1)
    params = {"capacity_scale.Kazakhstan": 0.5, "capacity_scale.kairak": 3.0}
    cap = Sim(tiny, seed=1, params=params).book.pol.cap.reshape(len(tiny.crossings), -1)
    kaz = (tiny.crossings["country"] == "Kazakhstan").to_numpy()
    own = np.where(tiny.crossings.index == "kairak", 3.0, 1.0)[:, None]
    assert np.allclose(cap[kaz], 0.5 * own[kaz] * base[kaz])
    assert np.array_equal(cap[~kaz], base[~kaz])


def test_a_country_background_scale_scales_its_crossings_and_the_targets_baseline(tiny):
    """background_scale.Kazakhstan scales the Kazakh crossings' ordinary traffic (and only
    theirs), multiplies a crossing's own scale, and the pre-start baseline of observations
    follows it."""
    from borderflow.observations.targets import _baseline  # noqa: PLC0415

    params = {"background_scale.Kazakhstan": 0.5, "background_scale.kairak": 3.0}
    bg = Sim(tiny, seed=1, params=params).book.pol.bg_scale.reshape(len(tiny.crossings), -1)
    kaz = (tiny.crossings["country"] == "Kazakhstan").to_numpy()
    own = np.where(tiny.crossings.index == "kairak", 3.0, 1.0)
    assert np.allclose(bg[:, 0], np.where(kaz, 0.5, 1.0) * own)
    base, scales = _baseline(tiny, "destination", ("Kazakhstan",))
    road = tiny.crossings.loc[kaz, "background_per_day"].astype(float)
    target = Target(line=2, metric="daily_entries", kind="destination", ids=("Kazakhstan",),
                    date_from=tiny.start, date_to=tiny.start, value=1.0, low=np.nan,
                    high=np.nan, weight=1.0, baseline_per_day=base, baseline_scales=scales)
    own_scale = {c: 3.0 if c == "kairak" else 1.0 for c in road.index}
    expected = base + sum((0.5 * own_scale[c] - 1.0) * b for c, b in road.items())
    assert target.baseline(params) == pytest.approx(expected)
    assert target.baseline({}) == pytest.approx(base)


def test_a_group_scale_multiplies_its_crossings_own_and_country_scales(tiny_dir):
    """capacity_scale.<group> scales the crossings that crossings.csv puts in the group (here
    one of the two Kazakh crossings), on top of their own scale and their country's;
    background_scale.<group> reaches the observations' pre-start baseline too."""
    from borderflow.observations.targets import _baseline  # noqa: PLC0415

    add_column(tiny_dir, "crossings.csv", "group", ["", "kz_west", ""])
    tiny = load_scenario(tiny_dir)
    base = Sim(tiny, seed=1).book.pol.cap.reshape(len(tiny.crossings), -1)
    params = {"capacity_scale.kz_west": 0.5, "capacity_scale.Kazakhstan": 2.0,
              "capacity_scale.kairak": 3.0}
    cap = Sim(tiny, seed=1, params=params).book.pol.cap.reshape(len(tiny.crossings), -1)
    factor = {"vaalimaa": 1.0, "kairak": 0.5 * 2.0 * 3.0, "sagarchin": 2.0}
    assert np.allclose(cap, base * np.array([factor[c] for c in tiny.crossings.index])[:, None])
    base_bg, scales = _baseline(tiny, "destination", ("Kazakhstan",))
    target = Target(line=2, metric="daily_entries", kind="destination", ids=("Kazakhstan",),
                    date_from=tiny.start, date_to=tiny.start, value=1.0, low=np.nan,
                    high=np.nan, weight=1.0, baseline_per_day=base_bg, baseline_scales=scales)
    kairak_bg = float(tiny.crossings.loc["kairak", "background_per_day"])
    assert target.baseline({"background_scale.kz_west": 0.5}) == pytest.approx(
        base_bg - 0.5 * kairak_bg)


@given(n=st.integers(0, 5000), p=st.floats(0.0, 1.0), seed=st.integers(0, 2**32 - 1))
@settings(max_examples=300, deadline=None)
def test_kernel_binomial_is_the_generators_draw(n, p, seed):
    """The kernels' own binomial gives numpy's draw from the same stream, bit for bit (small
    case by inversion here, the large one handed to the generator), and leaves the stream in
    the same place."""
    from borderflow.engine.kernels.draws import binomial

    ours, theirs = np.random.default_rng(seed), np.random.default_rng(seed)
    assert binomial(ours, n, p) == theirs.binomial(n, p)
    assert ours.random() == theirs.random()


@given(people=st.integers(1, 200), spare=st.integers(0, 5), p=st.floats(0.0, 1.0),
       seed=st.integers(0, 2**32 - 1))
@settings(max_examples=200, deadline=None)
def test_car_parties_hold_everyone_and_borrow_at_most_the_spare(people, spare, p, seed):
    """Car parties of 1-4 hold all `people`; the last car takes at most `spare` more men."""
    from borderflow.engine.kernels.departures import form_parties

    sizes = np.zeros(people, np.int8)
    n, extra = form_parties(people, spare, sizes, np.random.default_rng(seed), p)
    assert 0 <= extra <= min(spare, 3)
    assert sizes[:n].sum() == people + extra
    assert sizes[:n].min() >= 1 and sizes[:n].max() <= 4


def test_ordinary_traffic_varies_from_day_to_day_by_its_factor(tiny):
    """Background arrivals into a country follow its day factor: lognormal with the log sd
    `background_day_sd` and mean 1; at sd 0, only the Poisson noise of the hourly draws."""
    def daily_log_sd_and_mean(sd: float) -> tuple[float, float]:
        res = simulate(tiny, seed=5, days=61, params={"willing_share": 0.0,
                                                       "background_day_sd": sd})
        fin = res.destinations.index("Finland")
        hourly = res["new_entries_background"][14:14 + 24 * 60, fin]  # local midnights
        days = hourly.reshape(60, 24).sum(axis=1)
        return float(np.log(days).std(ddof=1)), float(days.mean())

    spread, mean = daily_log_sd_and_mean(0.3)
    flat_spread, flat_mean = daily_log_sd_and_mean(0.0)
    assert 0.2 < spread < 0.4
    assert flat_spread < 0.05
    assert mean == pytest.approx(2000, rel=0.12) and flat_mean == pytest.approx(2000, rel=0.02)


def test_ordinary_traffic_puts_off_trips_for_the_wait_heard_of(tiny):
    """`background_wait_deterrence` damps ordinary arrivals by exp(-rate x the known wait):
    at Kairak, cut to 0.3 of its capacity so that ordinary traffic alone makes a queue, fewer
    arrive the higher the rate and the queue is shorter; at Vaalimaa, where no queue forms,
    arrivals stay within Poisson noise."""
    def arrivals_and_peak(rate: float) -> tuple[np.ndarray, np.ndarray]:
        res = simulate(tiny, seed=3, params={"background_wait_deterrence": rate,
                                             "willing_share": 0.0,
                                             "capacity_scale.kairak": 0.3})
        return res["new_arrivals"].sum(axis=(0, 2)), res["n_queue_parties"].sum(axis=2).max(axis=0)

    v, k = (list(tiny.crossings.index).index(c) for c in ("vaalimaa", "kairak"))
    (none, q_none), (some, q_some), (most, _) = (arrivals_and_peak(r) for r in (0.0, 0.05, 0.5))
    assert most[k] < some[k] < 0.9 * none[k]
    assert q_some[k] < 0.5 * q_none[k]
    assert some[v] == pytest.approx(none[v], rel=0.05)
    assert most[v] == pytest.approx(none[v], rel=0.05)


def test_a_closure_to_non_locals_lets_the_queue_already_there_pass(tiny):
    """`non_local` bars the way into the crossing's region (North Ossetia, 28 Sep 2022), not its
    booths: the cars queued when it starts are served as if nothing had changed, while
    non-locals arriving later are turned away. Barred at the booth, a third of them would not
    cross."""
    params = {"capacity_scale.kairak": 0.5, "willing_share": 0.5, "pref_country.Kazakhstan": 3.0}
    when, k, car = "2022-09-23T12:00", list(tiny.crossings.index).index("kairak"), 0
    closed = with_event(tiny, "close", when, crossing="kairak", travellers="non_local", mode="car")
    base, res = simulate(tiny, 4, params=params), simulate(closed, 4, params=params)
    t = event_step(tiny, when)
    queued = base["n_queue_people"][t - 1, k, car]
    window = int(np.searchsorted(np.cumsum(base["new_crossed"][t:, k, car]), 0.8 * queued))
    assert queued > 300 and window > 5  # the window serves the people queued at the closure
    open_, barred = (r["new_crossed"][t:t + window, k, car].sum() for r in (base, res))
    assert barred >= 0.95 * open_
    assert res["new_turned_back"][t:, k, car].sum() > 100
    assert base["new_turned_back"][t:, k, car].sum() == 0


def test_departures_follow_the_local_time_of_day(tiny):
    """`departure_day_swing` shapes departures over the day around `departure_peak_hour` of
    each region's solar time (longitude / 15 from UTC): at 0.6, four times as many leave at the
    peak as at night, with about as many in a day as without the profile; a region 75 degrees
    further east peaks five hours earlier on the start's clock."""
    east = tiny.regions.copy()
    east.loc["saratov", "lon"] = 121.03  # 75 degrees east of Saratov's 46.03
    far = dataclasses.replace(tiny, regions=east)
    params = {"departure_day_swing": 0.6, "departure_peak_hour": 17.0, "willing_share": 0.5}
    flat = simulate(tiny, 2, params={**params, "departure_day_swing": 0.0})["new_departures"]
    day = simulate(tiny, 2, params=params)["new_departures"]
    moved = simulate(far, 2, params=params)["new_departures"]
    clock = (tiny.start.hour + np.arange(day.shape[0]) * tiny.step_hours) % 24

    def peak_clock_hour(x: np.ndarray) -> float:  # circular mean of the clock hour
        angle = np.angle(np.sum(x * np.exp(2j * np.pi * clock / 24))) * 24 / (2 * np.pi)
        return float(angle % 24)

    moscow, saratov = (list(tiny.regions.index).index(r) for r in ("moscow", "saratov"))
    solar = (clock + 37.62 / 15 - 3) % 24  # Moscow's solar hour at each step
    at = {h: day[np.abs(solar - h) < 2, moscow].sum() for h in (17, 5)}
    assert at[17] > 2.5 * at[5]
    assert day.sum() == pytest.approx(flat.sum(), rel=0.1)
    assert peak_clock_hour(day[:, moscow]) == pytest.approx(17 + 3 - 37.62 / 15, abs=1.5)
    shift = peak_clock_hour(day[:, saratov]) - peak_clock_hour(moved[:, saratov])
    assert shift == pytest.approx(5.0, abs=1.0)


@pytest.mark.parametrize("shape, cv", [(1.0, 1.0), (16.0, 0.25)])
def test_patience_has_the_set_mean_and_the_shape_sets_its_spread(shape, cv):
    """A party's patience has mean `patience_hours` and a coefficient of variation of
    1 / sqrt(patience_shape): 1 for the exponential, a quarter at shape 16."""
    rng = np.random.default_rng(4)
    hours = np.empty(20_000)
    draw_patience(rng, 10.0, shape, hours)
    assert hours.mean() == pytest.approx(10.0, rel=0.03)
    assert hours.std() / hours.mean() == pytest.approx(cv, rel=0.05)


def test_the_patience_shape_reaches_the_queues(tiny):
    """Shape 1 is the exponential drawn as before (the same run); another shape changes who
    gives up when."""
    params = {"patience_hours": 10.0, "willing_share": 0.3}
    base = simulate(tiny, seed=4, params=params)
    same = simulate(tiny, seed=4, params={**params, "patience_shape": 1.0})
    other = simulate(tiny, seed=4, params={**params, "patience_shape": 16.0})
    assert np.array_equal(base["new_reneged"], same["new_reneged"])
    assert base["new_reneged"].sum() > 0
    assert not np.array_equal(base["new_reneged"], other["new_reneged"])


def test_setting_off_later_adds_to_every_road_journey_not_to_flights(tiny):
    """`road_setoff_hours` is added to each region's road time to each crossing (and so to its
    utility); flights keep their own access time. In a run, no leaver reaches a border before
    that many hours after the first departure."""
    def net(hours):
        return Sim(tiny, seed=0, params={"road_setoff_hours": hours}).net

    plain, late = net(0.0), net(24.0)
    steps_a_day = int(round(24 / tiny.step_hours))
    assert (late.travel_steps == plain.travel_steps + steps_a_day).all()
    assert (late.air_steps == plain.air_steps).all()
    def land_share(n):
        return n.eu0[:, : n.Q].sum() / n.eu0.sum()

    assert land_share(late) < land_share(plain)  # the road costs more time beside a flight

    slow = {"capacity_scale.Finland": 0.01, "capacity_scale.Kazakhstan": 0.01}  # none pass
    res = simulate(tiny, seed=3, params={"road_setoff_hours": 24.0, **slow})  # on arrival
    queued = res["n_state"].sum(axis=1)[:, STATES.index("queued")]
    left = np.flatnonzero(res["new_departures"].sum(axis=1))[0]
    assert np.flatnonzero(queued)[0] >= left + steps_a_day


def test_kernel_folders_unused_for_a_month_are_removed(tmp_path):
    """Each kernel source ever run leaves a folder of compiled code: those no import has used
    for 30 days go, the current one and recent ones stay, and nothing else is touched."""
    import os
    import time

    from borderflow.engine.kernels import common

    current = tmp_path / "borderflow-kernels-current"
    old, recent = tmp_path / "borderflow-kernels-old", tmp_path / "borderflow-kernels-recent"
    other = tmp_path / "someone-elses-cache"
    for folder in (old, recent, other):
        (folder / "x.nbi").parent.mkdir()
        (folder / "x.nbi").write_bytes(b"compiled")
    month_ago = time.time() - 31 * 86400
    for folder in (old, other):
        os.utime(folder, (month_ago, month_ago))
    removed = common.prune_kernel_caches(str(current))
    assert removed == [str(old)]
    assert current.is_dir() and recent.is_dir() and other.is_dir() and not old.exists()


def test_compiled_kernels_are_kept_by_the_source_of_every_kernel_file(tmp_path):
    """numba checks a cached kernel against its own file only: the cache folder is named for
    all of them, so a change to a kernel another one calls compiles both afresh."""
    import shutil

    import numba

    from borderflow.engine.kernels import common

    kernels = Path(common.__file__).parent
    assert numba.config.CACHE_DIR.endswith(Path(common.kernels_cache_dir("x")).name)
    copy = tmp_path / "kernels"
    shutil.copytree(kernels, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = common.kernels_cache_dir("base", copy)
    assert before == common.kernels_cache_dir("base", kernels)
    queues = copy / "queues.py"
    queues.write_text(queues.read_text() + "\n# an edit\n")
    assert common.kernels_cache_dir("base", copy) != before
