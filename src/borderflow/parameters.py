"""Behaviour parameters: every default in one block, with its unit and where it comes from.

All defaults are estimates (none is fitted here); `borderflow calibrate` fits the ones that a
scenario declares priors for. A scenario's `[parameters]` table overrides any of them by name.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

MODES: tuple[str, ...] = ("car", "bus", "pedestrian", "bicycle")
"""Ways of passing a checkpoint. Car capacity counts vehicles per hour; the others persons."""

SEGMENTS: tuple[str, ...] = ("no_visa", "tourist_visa", "other_visa")
"""Traveller segments by Schengen visa: none, a tourist visa, another visa (work, family, ...)."""

PLACE_PARAMETERS: tuple[str, ...] = (
    "capacity_scale", "background_scale", "surge_factor", "background_tourist_share")
"""Parameters that may also be given per place: `<name>.<crossing, group or country>`.
`background_tourist_share` is given per place only (a share, 0-1); without one a crossing takes
crossings.csv's column of that name."""
SHARES: tuple[str, ...] = ("background_tourist_share",)
MAX_SCALE = 1000.0  # a place's or region's scale: at most a thousand times its own figure
MAX_UTILITY = 50.0  # a destination's preference, in utility: e^50 is beyond any real pull

REGION_PARAMETERS: tuple[str, ...] = ("willing_scale",)
"""Parameters given per origin: `<name>.<region or region group>` (regions.csv `id`, `group`).
`willing_scale` multiplies `willing_share` there (a region's own times its group's)."""

TRAVELLER_GROUPS: tuple[str, ...] = ("all", "tourist_visa", "no_visa", "other_visa", "non_local")
"""Who a `close` event applies to. `non_local`: parties from outside the crossing's region, barred
on the way into it (those already queued pass); the other groups' parties in line leave it when it
begins."""

STATES: tuple[str, ...] = (
    "at_home", "called_up", "travelling", "queued", "crossed", "stopped", "returned",
)
"""Where each at-risk man of a region is; they add up to the region's population at every step."""


@dataclass(frozen=True)
class Parameter:
    default: float
    unit: str
    low: float
    high: float
    doc: str


# fmt: off
PARAMETERS: dict[str, Parameter] = {
    # --- who leaves, and when -------------------------------------------------------------
    "willing_share":            Parameter(0.03,  "1",   0, 1,    "share of at-risk men who would leave if risk were high (estimate)"),
    "departure_rate":           Parameter(0.004, "1/h", 0, 1,    "hourly hazard of leaving for a willing man at unit risk (estimate)"),
    "announcement_decay_hours": Parameter(96.0,  "h",   1, 1e4,  "e-folding time of the shock of the announcement (estimate)"),
    "callup_risk_weight":       Parameter(1.0,   "1",   0, 100,  "weight of the call-up pace in perceived risk (estimate)"),
    "callup_pace":              Parameter(1.0,   "1",   0.05, 20, "speed of the call-up as a multiple of the scenario's (its target spread evenly over `[callups] days`): 2 calls the same men up in half the days (estimate)"),
    "rumour_response":          Parameter(1.0,   "1",   0, 100,  "extra departures per unit rumour level (estimate)"),
    "departure_day_swing":      Parameter(0.6,   "1",   0, 1,    "departures over the day: x (1 + this x cos(2 pi (solar hour - departure_peak_hour) / 24)); 0.6: four times as many leave at the peak hour as at night (estimate: the day curve of road traffic)"),
    "departure_peak_hour":      Parameter(17.0,  "h",   0, 24,   "local solar hour (longitude / 15 from UTC) at which most leave: late afternoon, as road traffic (estimate)"),
    "info_delay_hours":         Parameter(6.0,   "h",   0, 240,  "age of the queue news people act on (estimate)"),
    "wait_deterrence":          Parameter(0.005, "1/h", 0, 1,    "departures damped by exp(-this x known wait) (estimate)"),
    # --- which way ------------------------------------------------------------------------
    "time_sensitivity":         Parameter(0.04,  "1/h", 0, 10,   "logit weight of travel hours (estimate)"),
    "wait_sensitivity":         Parameter(0.03,  "1/h", 0, 10,   "logit weight of expected wait hours (estimate)"),
    "nest_scale":               Parameter(0.5,   "1",   0.01, 1, "nested logit by destination country: 1 = every way in counts on its own, towards 0 = a country counts as its best way (estimate)"),
    "pref_bus":                 Parameter(-1.0,  "1",  -20, 20,  "utility of crossing by bus rather than car (estimate)"),
    "pref_pedestrian":          Parameter(-1.5,  "1",  -20, 20,  "utility of crossing on foot rather than by car (estimate)"),
    "pref_bicycle":             Parameter(-2.5,  "1",  -20, 20,  "utility of crossing by bicycle rather than by car (estimate)"),
    "pref_air":                 Parameter(0.5,   "1",  -20, 20,  "utility of flying rather than driving (estimate)"),
    "speed_kmh":                Parameter(60.0,  "km/h", 1, 200, "average road speed to the border (estimate)"),
    "detour_factor":            Parameter(1.3,   "1",   1, 5,    "road distance over great-circle distance (estimate)"),
    "road_setoff_hours":        Parameter(0.0,   "h",   0, 96,   "hours from deciding to setting off by road: packing, finding a car or a coach (estimate)"),
    "air_access_hours":         Parameter(8.0,   "h",   0, 96,   "hours from deciding to board a booked flight (estimate)"),
    "air_booking_days":         Parameter(7.0,   "d",   1, 60,   "how far ahead people will book a seat on a flight or a coach (estimate)"),
    # --- in the queue ---------------------------------------------------------------------
    "patience_hours":           Parameter(72.0,  "h",   1, 1e12, "mean time a party waits before giving up (estimate); far beyond the run (1e12): nobody gives up"),
    "patience_shape":           Parameter(1.0,   "1",   0.2, 50, "shape of the gamma law of patience: 1 = exponential (as likely to give up in the first hour as later), above 1 giving up gathers near the mean, below 1 early and late (estimate)"),
    "balk_share":               Parameter(1.0,   "1",   0, 1,    "share of parties arriving at a line who judge its wait: one whose patience is shorter than the wait it sees does not join, it gives up at once; the rest join and give up when their patience ends (estimate: nobody joins a line knowing they will leave it unserved)"),
    "reroute_share":            Parameter(0.5,   "1",   0, 1,    "share of parties giving up who try another crossing (estimate)"),
    "walk_switch_rate":         Parameter(0.02,  "1/h", 0, 1,    "hourly chance a queued car party walks when pedestrians may pass (estimate)"),
    "walk_switch_min_wait":     Parameter(12.0,  "h",   0, 1e3,  "a car party walks only if its remaining wait exceeds the walkers' by this (estimate)"),
    "walkers_per_car_slot":     Parameter(2.0,   "1",   0, 10,   "walkers an open car booth serves in a car's time when no car waits: the booths are shared, and a car's ~2 men pass the same check (0 = separate booths; estimate)"),
    "surge_factor":             Parameter(1.0,   "1",   1, 10,   "capacity a crossing works up to once a queue persists, as a multiple of its own: more staff and booths (1 = none; estimate)"),
    "surge_hours":              Parameter(72.0,  "h",   1, 1e4,  "hours from the queue's forming to the full surge, linear (estimate)"),
    "surge_trigger_hours":      Parameter(6.0,   "h",   0, 1e3,  "a crossing starts to surge once its queue would take this long to serve (estimate)"),
    "screening_share":          Parameter(0.0,   "1",   0, 1,    "share of men stopped where a mobilization point stands, unless the event says (estimate)"),
    "queue_m_per_vehicle":      Parameter(10.0,  "m",   1, 100,  "metres of road per queued car: 30 km for up to ~3,000 cars at Upper Lars, 26 Sep 2022 (Odishinews.ge; derived)"),
    # --- who travels with whom ------------------------------------------------------------
    "car_party_mean":           Parameter(2.0,   "1",   1, 4,    "mean at-risk men per car, 1-4 (estimate)"),
    "background_party_mean":    Parameter(2.0,   "1",   1, 4,    "mean people per background car (estimate)"),
    "background_wait_deterrence": Parameter(0.01, "1/h", 0, 1, "ordinary traffic joining a queue damped by exp(-this x the wait heard of there): trips put off (estimate)"),
    "background_day_sd":        Parameter(0.09,  "1",   0, 1,    "day-to-day spread of ordinary traffic into a country: log sd of its daily factor (lognormal, mean 1); 0.09 is the spread of Georgia's four counts before the order, 17-20 Sep 2022 (derived)"),
    "bus_seats":                Parameter(45.0,  "1",   1, 120,  "people of one region who ride one coach together to a crossing in an hour, at most (estimate: a coach's seats)"),
    "schengen_visa_share":      Parameter(0.12,  "1",   0, 1,    "share of at-risk men holding a Schengen visa, nationally; regions scale it by their visa_weight (estimate)"),
    "tourist_visa_share":       Parameter(0.8,   "1",   0, 1,    "share of those visas that are tourist visas (estimate)"),
}
# fmt: on


def defaults() -> dict[str, float]:
    """Default value of every parameter, by name."""
    return {name: p.default for name, p in PARAMETERS.items()}


class ParameterError(ValueError):
    """A parameter set to a value outside the values it may take."""


def parameter_range(name: str) -> tuple[float, float]:
    """The values parameter `name` may take. A place's (`surge_factor.<place>`) those of its
    kind; a scale (`capacity_scale.<place>`, `background_scale.<place>`,
    `willing_scale.<region>`) 0 to MAX_SCALE; a destination's preference
    (`pref_country.<destination>`, a utility) within +-MAX_UTILITY: names are checked where
    they are read."""
    kind = name.partition(".")[0]
    if kind in PARAMETERS:
        return PARAMETERS[kind].low, PARAMETERS[kind].high
    if kind in SHARES:
        return 0.0, 1.0
    scales = (*PLACE_PARAMETERS, *REGION_PARAMETERS)
    # a scale multiplies a capacity or a share; a preference is a utility, exp'd in the logit:
    # beyond these bounds the arithmetic overflows into nonsense (no one leaves), not a result
    return (0.0, MAX_SCALE) if kind in scales else (-MAX_UTILITY, MAX_UTILITY)


def check_parameter(name: str, value: float) -> float:
    """`value` as a float; ParameterError naming the parameter, its range and the value if it
    is not a finite number in `parameter_range(name)`."""
    low, high = parameter_range(name)
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = math.nan
    if not (math.isfinite(number) and low <= number <= high):
        raise ParameterError(f"{name}: must be a finite number in [{low:g}, {high:g}], "
                             f"got {value!r}")
    return number


def check_parameter_name(scenario: Any, name: str) -> None:
    """KeyError unless `name` is a parameter, or a place's or destination's in `scenario`."""
    kind, _, where = name.partition(".")
    if kind in PLACE_PARAMETERS and where:
        what, valid = "place", scenario.derived("crossing_places", crossing_places)
    elif kind in REGION_PARAMETERS and where:
        what, valid = "region or region group", scenario.derived("region_places", region_places)
    elif kind == "pref_country":
        what, valid = "destination", frozenset(scenario.destinations)
    elif name in PARAMETERS:
        return
    else:
        raise KeyError(f"unknown parameter {name!r}; valid: {sorted(PARAMETERS)}")
    if where not in valid:
        raise KeyError(f"unknown parameter {name!r}: {kind}.<{what}> takes a {what} of the "
                       f"scenario, one of {sorted(valid)}")


def crossing_places(scenario: Any) -> frozenset[str]:
    """The crossings, their groups and their countries: what a place parameter may name."""
    cro = scenario.crossings
    return frozenset(cro.index.tolist() + cro["country"].tolist() + cro["group"].tolist()) - {""}


def region_places(scenario: Any) -> frozenset[str]:
    """The regions and their groups: what a region parameter may name."""
    reg = scenario.regions
    return frozenset(reg.index.tolist() + reg["group"].tolist()) - {""}
