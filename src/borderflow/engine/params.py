"""A run's parameters: the scenario's, with overrides checked, and in the units the kernels use."""

from __future__ import annotations

import math
from collections.abc import Mapping

from borderflow.engine.state import Par
from borderflow.parameters import check_parameter, check_parameter_name
from borderflow.scenario import Scenario


def resolve_parameters(scenario: Scenario, params: Mapping[str, float] | None) -> dict[str, float]:
    """The scenario's parameters with `params` applied: KeyError for an unknown name (valid:
    a parameter's, `*_scale.<crossing, group or country>`, `surge_factor.<...>`,
    `willing_scale.<region or region group>` and `pref_country.<destination>`), ParameterError
    for a value outside its range."""
    merged = dict(scenario.parameters)
    for name, value in (params or {}).items():
        check_parameter_name(scenario, name)
        merged[name] = value
    return {name: check_parameter(name, value) for name, value in merged.items()}


def build_par(scenario: Scenario, params: dict[str, float]) -> Par:
    """Behaviour parameters in the units the kernels use."""
    return Par(
        wait_sensitivity=params["wait_sensitivity"],
        info_delay_steps=int(round(params["info_delay_hours"] / scenario.step_hours)),
        announcement_decay_hours=params["announcement_decay_hours"],
        callup_risk_weight=params["callup_risk_weight"],
        rumour_response=params["rumour_response"],
        day_swing=params["departure_day_swing"],
        peak_hour=params["departure_peak_hour"],
        departure_rate=params["departure_rate"],
        wait_deterrence=params["wait_deterrence"],
        bg_wait_deterrence=params["background_wait_deterrence"],
        tourist_visa_share=params["tourist_visa_share"],
        car_party_p=(params["car_party_mean"] - 1) / 3,
        bg_party_p=(params["background_party_mean"] - 1) / 3,
        patience_hours=params["patience_hours"],
        patience_shape=params["patience_shape"],
        walk_switch_rate=params["walk_switch_rate"],
        walk_switch_min_wait=params["walk_switch_min_wait"],
        walkers_per_car_slot=params["walkers_per_car_slot"],
        balk_share=params["balk_share"],
        reroute_share=params["reroute_share"],
        bus_seats=int(params["bus_seats"]),
        nest_scale=params["nest_scale"],
        max_departure_p=max_departure_p(scenario, params),
        surge_steps=max(params["surge_hours"] / scenario.step_hours, 1e-9),
        surge_trigger_hours=params["surge_trigger_hours"],
    )


def max_departure_p(scenario: Scenario, params: dict[str, float]) -> float:
    """An upper bound on any region's chance of leaving in one step (sizes the party arrays)."""
    rumour = sum(float(e.fields.get("level", 0)) for e in scenario.events if e.kind == "rumour")
    rate = (params["departure_rate"] * scenario.regions["intensity"].max()
            * (1 + params["callup_risk_weight"]) * (1 + params["rumour_response"] * rumour)
            * (1 + params["departure_day_swing"]))
    return 1 - math.exp(-rate * scenario.step_hours)
