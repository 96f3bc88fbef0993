"""Static arrays of a scenario's network: options, travel times, utilities (built once per run)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from borderflow._libm import exp, jit
from borderflow.engine.policy import most_specific, place_names, scale_product
from borderflow.engine.rng import day_generator
from borderflow.engine.state import Net
from borderflow.parameters import MODES
from borderflow.scenario.model import Scenario

EARTH_RADIUS_KM = 6371.0


@jit
def great_circle_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Haversine distance in km from each point (lat1, lon1) to each point (lat2, lon2), in
    degrees (1-D arrays) -> (len(lat1), len(lat2)). Through the C library's sin, cos and asin,
    one number at a time (`_libm`), so a seed gives the same run on any machine."""
    out = np.empty((lat1.size, lat2.size))
    for i in range(lat1.size):
        p1 = math.radians(lat1[i])
        for j in range(lat2.size):
            p2 = math.radians(lat2[j])
            dlon = math.radians(lon2[j]) - math.radians(lon1[i])
            h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlon / 2) ** 2
            out[i, j] = 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(max(h, 0.0), 1.0)))
    return out


@dataclass(frozen=True)
class NetTables:
    """What `build_net` reads from a scenario's tables, read once (`Scenario.derived`): names,
    distances and columns as plain arrays. Only the parameters differ between runs."""

    destinations: list[str]
    countries: list[str]  # of each crossing
    air_countries: list[str]
    road_km: np.ndarray  # region x crossing, great circle
    c2c_km: np.ndarray  # crossing x crossing
    routes: tuple[np.ndarray, np.ndarray, np.ndarray] | None  # region, crossing, hours
    crossing_region: np.ndarray
    crossing_dest: np.ndarray  # each crossing's destination, and each air destination's
    air_dest_index: np.ndarray
    option_nest: np.ndarray  # each option's destination (queues, then air)
    start_hour: float
    solar_offset: np.ndarray
    regions: dict[str, np.ndarray]  # intensity, car_share, population, visa_weight
    air: dict[str, np.ndarray]  # flight_hours, fare_hours, background_per_day
    open_from: np.ndarray
    open_to: np.ndarray
    bg_per_step: np.ndarray  # background people per step, per crossing
    bg_mode: np.ndarray  # the mode background traffic takes: cars where cars pass, else the
    # first open mode (-1: none)
    surge_names: list[tuple[str, ...]]  # per crossing, `surge_factor` names, most specific first

    @classmethod
    def of(cls, sc: Scenario) -> NetTables:
        reg, cro, air = sc.regions, sc.crossings, sc.air
        coords = [t[c].to_numpy(dtype=float) for t in (reg, cro) for c in ("lat", "lon")]
        routes = None
        if sc.routes is not None and len(sc.routes):
            routes = (reg.index.get_indexer(sc.routes["region"]),
                      cro.index.get_indexer(sc.routes["crossing"]),
                      sc.routes["hours"].to_numpy(dtype=float))
        region_ids, dests = reg.index.tolist(), sc.destinations
        crossing_dest = np.array([dests.index(x) for x in cro["country"].tolist()])
        air_dest = np.array([dests.index(x) for x in air.index.tolist()], dtype=np.int64)
        caps = cro[[f"cap_{m}" for m in MODES]].to_numpy(dtype=float)
        first_open = [np.flatnonzero(c > 0) for c in caps]
        return cls(
            destinations=dests, countries=cro["country"].tolist(),
            air_countries=air.index.tolist(),
            road_km=great_circle_km(*coords), c2c_km=great_circle_km(*coords[2:], *coords[2:]),
            routes=routes,
            crossing_region=np.array([region_ids.index(r) if r in region_ids else -1
                                      for r in cro["region"].fillna("").tolist()]),
            crossing_dest=crossing_dest, air_dest_index=air_dest,
            option_nest=np.r_[np.repeat(crossing_dest, len(MODES)), air_dest].astype(np.int64),
            start_hour=float(sc.start.hour + sc.start.minute / 60),
            solar_offset=solar_offset(reg, sc.start),
            regions={k: reg[k].to_numpy(dtype=float)
                     for k in ("intensity", "car_share", "population", "visa_weight")},
            air={k: air[k].to_numpy(dtype=float)
                 for k in ("flight_hours", "fare_hours", "background_per_day")},
            open_from=cro["open_from"].to_numpy(dtype=float),
            open_to=cro["open_to"].to_numpy(dtype=float),
            bg_per_step=cro["background_per_day"].to_numpy(dtype=float) * sc.step_hours / 24,
            bg_mode=np.array([(0 if c[0] > 0 else int(o[0])) if len(o) else -1
                              for c, o in zip(caps, first_open, strict=True)], dtype=np.int64),
            surge_names=list(place_names("surge_factor", cro).values()),
        )


def road_hours(tables: NetTables, params: dict[str, float]) -> np.ndarray:
    """Hours from each region to each crossing: routes.csv where given, else great circle."""
    hours = tables.road_km * params["detour_factor"] / params["speed_kmh"]
    if tables.routes is not None:
        ri, ci, given = tables.routes
        hours[ri, ci] = given
    return hours


def crossing_hours(tables: NetTables, params: dict[str, float]) -> np.ndarray:
    """Hours between crossings by road (for parties that give up and try another)."""
    return tables.c2c_km * params["detour_factor"] / params["speed_kmh"]


def mode_preferences(params: dict[str, float]) -> np.ndarray:
    return np.array([0.0 if m == "car" else params[f"pref_{m}"] for m in MODES])


def to_steps(hours: np.ndarray, dt: float) -> np.ndarray:
    return np.maximum(1, np.ceil(np.asarray(hours) / dt - 1e-9)).astype(np.int64)


def build_net(scenario: Scenario, params: dict[str, float], seed: int = 0,
              days: float | None = None) -> Net:
    """Every static array the kernels read (`seed` and `days`: the run's, for the day factors
    of ordinary traffic)."""
    tab = scenario.derived("network", NetTables.of)
    dt = scenario.step_hours
    R, C, M, A = len(tab.solar_offset), len(tab.countries), len(MODES), len(tab.air_countries)
    Q = C * M
    dests, countries, air_countries = tab.destinations, tab.countries, tab.air_countries
    ts = params["time_sensitivity"]
    hours = road_hours(tab, params) + params["road_setoff_hours"]  # decision to border
    pref = mode_preferences(params)
    air_hours = params["air_access_hours"] + tab.air["flight_hours"]
    home_pref = np.array([params.get(f"pref_country.{x}", 0.0) for x in countries])
    air_pref = np.array([params.get(f"pref_country.{x}", 0.0) for x in air_countries])
    u_land = (-ts * hours + home_pref[None, :])[:, :, None] + pref[None, None, :]
    u_air = -ts * (air_hours + tab.air["fare_hours"]) + params["pref_air"] + air_pref
    u0 = np.concatenate([u_land.reshape(R, Q), np.broadcast_to(u_air, (R, A))], axis=1)
    eu0 = softmax_scale(u0 / params["nest_scale"])
    c2c = crossing_hours(tab, params)
    u0_c2c = ((-ts * c2c + home_pref[None, :])[:, :, None] + pref[None, None, :]).reshape(C, Q)
    return Net(
        R=R, C=C, M=M, Q=Q, A=A, O=Q + A, D=len(dests), dt=float(dt),
        start_hour=tab.start_hour,
        booking_days=int(params["air_booking_days"]), foot_mode=MODES.index("pedestrian"),
        intensity=tab.regions["intensity"], solar_offset=tab.solar_offset,
        car_share=tab.regions["car_share"],
        visa_share=visa_share_of(tab.regions["population"], tab.regions["visa_weight"],
                                 params["schengen_visa_share"]),
        eu0=eu0, eu0_by_option=np.ascontiguousarray(eu0.T), eu0_c2c=softmax_scale(u0_c2c),
        travel_steps=to_steps(hours, dt), c2c_steps=to_steps(c2c, dt),
        queue_crossing=np.repeat(np.arange(C), M), queue_mode=np.tile(np.arange(M), C),
        crossing_region=tab.crossing_region,
        crossing_dest=tab.crossing_dest, air_dest_index=tab.air_dest_index,
        air_steps=to_steps(air_hours, dt),
        air_bg_per_step=tab.air["background_per_day"] * dt / 24,
        bg_parties_per_step=background_rates(tab, params),
        open_from=tab.open_from, open_to=tab.open_to,
        option_nest=tab.option_nest,
        surge_max=np.repeat(surge_factors_of(tab.surge_names, params), M),
        bg_day=day_factors(seed, params["background_day_sd"],
                           np.arange(run_days(tab.start_hour, days or scenario.days)), len(dests)),
    )


def day_factors(seed: int, sd: float, days: np.ndarray, n_dest: int) -> np.ndarray:
    """Day-to-day factor of ordinary traffic into each destination: lognormal, mean 1, log sd
    `sd`, per local day (`days`: offsets from the start's day, any sign) -> (days, n_dest).
    Counter-based, a day's factors depend on the seed and the day only: the days before the
    start (which targets read at the background rate) and the simulated days draw alike."""
    out = np.ones((len(days), n_dest))
    if sd <= 0:
        return out
    for k, day in enumerate(np.asarray(days, dtype=np.int64).tolist()):
        out[k] = day_factor_row(int(seed), float(sd), day, n_dest)
    return out


@lru_cache(maxsize=4096)
def day_factor_row(seed: int, sd: float, day: int, n_dest: int) -> np.ndarray:
    """One day's factors (read-only; kept, as a run's targets read the days before the start
    again, and a generator costs more to set up than to draw)."""
    z = day_generator(seed, day).standard_normal(n_dest)
    row = exp(sd * z - sd * sd / 2)
    row.flags.writeable = False
    return row


def run_days(start_hour: float, days: float) -> int:
    """Local days a run of `days` from `start_hour` touches, from the start's day."""
    return int(np.ceil((start_hour + days * 24) / 24)) + 1


def surge_factors(crossings: pd.DataFrame, params: dict[str, float]) -> np.ndarray:
    """Each crossing's `surge_factor`: its own `surge_factor.<crossing>`, else its group's, else
    its country's, else the scenario's one."""
    return surge_factors_of(list(place_names("surge_factor", crossings).values()), params)


def surge_factors_of(names: list[tuple[str, ...]], params: dict[str, float]) -> np.ndarray:
    """`surge_factors` from each crossing's names, most specific first."""
    return np.array([most_specific(params, own, params["surge_factor"]) for own in names],
                    dtype=float)


def willing_scales(regions: pd.DataFrame, params: dict[str, float]) -> np.ndarray:
    """Each region's `willing_scale`: its own `willing_scale.<region>` times its group's (1 where
    not set)."""
    rows = zip(regions.index.tolist(), regions["group"].tolist(), strict=True)
    return np.array([scale_product(params, (f"willing_scale.{r}", f"willing_scale.{g}"))
                     for r, g in rows], dtype=float)


def visa_shares(regions: pd.DataFrame, national: float) -> np.ndarray:
    """Each region's share of men with a Schengen visa: the national share times the region's
    `visa_weight` over the population-weighted mean weight, at most 1."""
    return visa_share_of(regions["population"].to_numpy(dtype=float),
                         regions["visa_weight"].to_numpy(dtype=float), national)


def visa_share_of(pop: np.ndarray, w: np.ndarray, national: float) -> np.ndarray:
    """`visa_shares` from the regions' populations and visa weights."""
    total = pop.sum()
    mean = (pop * w).sum() / total if total > 0 else 1.0
    return np.minimum(1.0, national * w / mean) if mean > 0 else np.zeros(len(w))


def softmax_scale(u: np.ndarray) -> np.ndarray:
    """exp(u) with each row's maximum subtracted: logit shares are unchanged, no underflow."""
    return exp(u - u.max(axis=1, keepdims=True))


def background_rates(tables: NetTables, params: dict[str, float]) -> np.ndarray:
    """Expected background parties per step per queue: cars where cars pass, else the first
    open mode. Background people per day come from crossings.csv."""
    rates = np.zeros((len(tables.bg_mode), len(MODES)))
    for c, m in enumerate(tables.bg_mode.tolist()):
        if tables.bg_per_step[c] <= 0 or m < 0:
            continue
        size = params["background_party_mean"] if m == 0 else 1.0
        rates[c, m] = tables.bg_per_step[c] / size
    return rates.reshape(-1)


def solar_offset(regions: pd.DataFrame, start: pd.Timestamp) -> np.ndarray:
    """Hours from the start's clock to each region's local solar time (longitude / 15 from UTC)."""
    utc = start.utcoffset().total_seconds() / 3600 if start.tzinfo else 0.0
    return regions["lon"].to_numpy(dtype=float) / 15.0 - utc
