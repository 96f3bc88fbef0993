"""Synthetic run and forecast directories in the documented layout (docs/architecture.md).

Made-up numbers with a realistic shape (a queue that builds up and drains), for testing needs,
report and export without the engine; also used by benchmarks/bench_report.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

START = "2022-09-21"

CROSSINGS = pd.DataFrame(
    {
        "id": ["upper_lars_dariali", "torfyanovka_vaalimaa", "karaozek_kurmangazy"],
        "name": ["Upper Lars", "Torfyanovka", "Karaozek"],
        "country": ["Georgia", "Finland", "Kazakhstan"],
        "region": ["north_ossetia", "leningrad", "astrakhan"],
        "lat": [42.7378, 60.5958, 46.5465],
        "lon": [44.6311, 27.9115, 48.7644],
        "cap_car": [60, 80, 40],
        "cap_bus": [30, 30, 0],
        "cap_pedestrian": [0, 0, 0],
        "cap_bicycle": [0, 20, 0],
        "open_from": [0, 0, 0],
        "open_to": [24, 24, 24],
        "visa_required": [0, 1, 0],
        "background_per_day": [6000, 3000, 5000],
        "lanes_queue": [1, 1, 1],
    }
)

SCENARIO_TOML = """\
name = "synthetic"
title = "Synthetic test scenario"
description = "Made-up numbers for tests."
start = "2022-09-21T10:00:00+03:00"
days = {days}
step_hours = 1.0

[callups]
target = 300000
start_day = 1.0
days = 35.0

[parameters]
willing_share = 0.03

[[events]]
kind = "open_mode"
date = "2022-09-26"
until = "2022-09-29"
crossing = "upper_lars_dariali"
mode = "pedestrian"
capacity = 300
source = "Meduza, 29 Sep 2022"
note = "pedestrians and bicycles let through"

[[events]]
kind = "close"
date = "2022-09-30"
country = "Finland"
travellers = "tourist_visa"
source = "Finnish government, 29 Sep 2022"
"""


PEAKS = {
    "upper_lars_dariali": (12000, 5),
    "torfyanovka_vaalimaa": (1500, 3),
    "karaozek_kurmangazy": (4000, 4),
}


def crossings_table(n: int = 3) -> pd.DataFrame:
    """The three crossings, plus copies (id_k, shifted north-east) up to `n` for size tests."""
    copies = [CROSSINGS]
    for k in range(1, -(-n // 3)):
        c = CROSSINGS.copy()
        c["id"] = c["id"] + f"_{k}"
        c["name"] = c["name"] + f" {k}"
        c["lat"] = c["lat"] + 0.7 * k
        c["lon"] = c["lon"] + 1.1 * k
        copies.append(c)
    return pd.concat(copies, ignore_index=True).head(max(n, 3))


def write_scenario(
    folder: Path, days: int = 10, temperature: bool = True, n_crossings: int = 3
) -> Path:
    """A scenario folder with three crossings (and a temperature.csv unless told not to)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "scenario.toml").write_text(SCENARIO_TOML.format(days=days), encoding="utf-8")
    crossings_table(n_crossings).to_csv(folder / "crossings.csv", index=False)
    pd.DataFrame(
        {
            "id": ["north_ossetia", "leningrad", "astrakhan", "moscow"],
            "name": ["North Ossetia", "Leningrad Oblast", "Astrakhan Oblast", "Moscow"],
            "lat": [43.02, 59.94, 46.35, 55.75],
            "lon": [44.68, 30.31, 48.04, 37.62],
            "population": [150000, 400000, 200000, 2500000],
            "intensity": [1.5, 1, 1, 0.8],
            "car_share": [0.5, 0.5, 0.5, 0.4],
        }
    ).to_csv(folder / "regions.csv", index=False)
    pd.DataFrame(
        {
            "country": ["Turkey"],
            "seats_per_day": [3000],
            "flight_hours": [4],
            "fare_hours": [40],
            "background_per_day": [2000],
        }
    ).to_csv(folder / "air.csv", index=False)
    if temperature:
        dates = pd.date_range(START, periods=days, freq="D").strftime("%Y-%m-%d")
        rows = [
            (c, d, t, t - 6, w)
            for c, t, w in (
                ("upper_lars_dariali", 8.0, 20.0),
                ("torfyanovka_vaalimaa", 9.0, 15.0),
                ("karaozek_kurmangazy", 15.0, 10.0),
            )
            for d in dates
        ]
        pd.DataFrame(rows, columns=["crossing", "date", "t_mean_c", "t_min_c", "wind_kmh"]).to_csv(
            folder / "temperature.csv", index=False
        )
    return folder


def _queue_shape(
    days: int, peak: float, peak_day: float, rng: np.random.Generator | None
) -> np.ndarray:
    t = np.arange(days, dtype=float)
    shape = peak * np.exp(-0.5 * ((t - peak_day) / 2.0) ** 2)
    if rng is not None:
        shape = shape * rng.lognormal(0.0, 0.25)
    return shape


def crossing_metrics(
    days: int, rng: np.random.Generator | None = None, n_crossings: int = 3
) -> pd.DataFrame:
    """Tidy crossing and destination rows (date, kind, id, metric, value) of one made-up run."""
    dates = pd.date_range(START, periods=days, freq="D")
    rows = []
    ids = crossings_table(n_crossings)["id"]
    peaks = {
        cid: (
            PEAKS[cid.rsplit("_", 1)[0] if cid not in PEAKS else cid][0] / (1 + i // 3),
            PEAKS[cid.rsplit("_", 1)[0] if cid not in PEAKS else cid][1],
        )
        for i, cid in enumerate(ids)
    }
    for cid, (peak, day) in peaks.items():
        people = _queue_shape(days, peak, day, rng)
        foot = (
            np.where((dates >= "2022-09-26") & (dates < "2022-09-29"), 0.2 * people, 0.0)
            if cid.startswith("upper")
            else 0 * people
        )
        car = people - foot
        metrics = {
            "queue_people": people,
            "queue_people_car": car,
            "queue_people_foot": foot,
            "queue_people_overnight": people * 0.9,
            "person_hours": people * 24,
            "queue_km": car / 2.5 * 8.5 / 1000,
            "queue_vehicles": car / 2.5,
            "wait_hours": 2 + people / 250,
            "wait_hours_car": 2 + people / 250,
            "wait_hours_foot": np.where(foot > 0, 1 + foot / 500, np.nan),
            "daily_turned_back": people / 20,
            "daily_stopped": people / 200,
            "daily_reneged": people / 10,
            "daily_entries": 3000 + people / 2,
            "daily_vehicles": 800 + people / 6,
        }
        for metric, values in metrics.items():
            rows += [
                (d, "crossing", cid, metric, float(v)) for d, v in zip(dates, values, strict=True)
            ]
    for country, base in (
        ("Georgia", 6000),
        ("Finland", 3000),
        ("Kazakhstan", 9000),
        ("Turkey", 2000),
    ):
        entries = base + _queue_shape(days, base, 4, rng)
        rows += [
            (d, "destination", country, "daily_entries", float(v))
            for d, v in zip(dates, entries, strict=True)
        ]
    rows += [(d, "national", "all", "cum_call_ups", 8000.0 * (i + 1)) for i, d in enumerate(dates)]
    return pd.DataFrame(rows, columns=["date", "kind", "id", "metric", "value"])


def write_run(folder: Path, days: int = 10, temperature: bool = True, hourly: bool = True) -> Path:
    """A run directory: daily.csv, run.json, scenario/ and (if `hourly`) results.nc."""
    folder.mkdir(parents=True, exist_ok=True)
    write_scenario(folder / "scenario", days, temperature)
    daily = crossing_metrics(days)
    out = daily.assign(date=daily["date"].dt.strftime("%Y-%m-%d"))
    out.to_csv(folder / "daily.csv", index=False)
    (folder / "run.json").write_text(
        json.dumps(
            {
                "version": "0.1.0",
                "scenario": "synthetic",
                "scenario_hash": "abc123",
                "seed": 7,
                "parameters": {"willing_share": 0.03},
                "wall_seconds": 1.5,
                "travellers": 1000,
            }
        ),
        encoding="utf-8",
    )
    if hourly:
        _write_results_nc(folder / "results.nc", daily, days)
    return folder


def _write_results_nc(path: Path, daily: pd.DataFrame, days: int) -> None:
    """n_queue_people per hour: the day's mean plus a +-20% daily cycle (peak = 1.2 x mean)."""
    import xarray as xr

    ids = list(CROSSINGS["id"])
    time = pd.date_range(START, periods=days * 24, freq="h")
    mean = daily[daily["metric"].eq("queue_people")].pivot(
        index="date", columns="id", values="value"
    )[ids]
    cycle = 1 + 0.2 * np.sin(2 * np.pi * (np.arange(24) - 6) / 24)
    hourly = np.repeat(mean.to_numpy(), 24, axis=0) * np.tile(cycle, days)[:, None]
    people = np.zeros((len(time), len(ids), 4))
    people[:, :, 0] = hourly
    ds = xr.Dataset(
        {"n_queue_people": (("time", "crossing", "mode"), people)},
        coords={"time": time, "crossing": ids, "mode": ["car", "bus", "pedestrian", "bicycle"]},
    )
    ds.to_netcdf(path, engine="h5netcdf")


def write_forecast(
    folder: Path,
    members: int = 20,
    days: int = 10,
    temperature: bool = True,
    extra_series: int = 0,
    n_crossings: int = 3,
) -> Path:
    """A forecast directory: forecast.nc (member, date, series), forecast.csv, .json, scenario/.

    `extra_series` adds region series (as a real forecast has), for a realistic ensemble size.
    """
    import xarray as xr

    folder.mkdir(parents=True, exist_ok=True)
    write_scenario(folder / "scenario", days, temperature, n_crossings)
    rng = np.random.default_rng(1)
    first = crossing_metrics(days, rng, n_crossings)
    keys = first[["kind", "id", "metric"]].drop_duplicates().reset_index(drop=True)
    dates = pd.date_range(START, periods=days, freq="D")
    n_series = len(keys) + extra_series
    value = np.zeros((members, days, n_series))
    for m in range(members):
        run = first if m == 0 else crossing_metrics(days, rng, n_crossings)
        wide = run.pivot_table(index="date", columns=["kind", "id", "metric"], values="value",
                               dropna=False)
        value[m, :, : len(keys)] = wide[list(keys.itertuples(index=False, name=None))].to_numpy()
    if extra_series:
        value[:, :, len(keys) :] = rng.poisson(50, size=(members, days, extra_series))
        extra = pd.DataFrame(
            {
                "kind": "region",
                "id": [f"r{i // 2}" for i in range(extra_series)],
                "metric": ["daily_departures", "daily_call_ups"] * (extra_series // 2)
                + ["daily_departures"] * (extra_series % 2),
            }
        )
        keys = pd.concat([keys, extra], ignore_index=True)
    da = xr.DataArray(
        value,
        dims=("member", "date", "series"),
        name="value",
        coords={
            "member": np.arange(members),
            "date": dates,
            "seed": ("member", np.arange(members) + 100),
            "kind": ("series", keys["kind"].to_numpy(str)),
            "id": ("series", keys["id"].to_numpy(str)),
            "metric": ("series", keys["metric"].to_numpy(str)),
        },
    )
    da.to_dataset().to_netcdf(folder / "forecast.nc", engine="h5netcdf")
    qs = np.quantile(value, [0.05, 0.25, 0.5, 0.75, 0.95], axis=0)
    table = crossings_table(n_crossings)
    crossing_country = dict(zip(table["id"], table["country"], strict=True))
    rows = []
    for s, key in keys.iterrows():
        place = key["id"] if key["kind"] != "crossing" else crossing_country[key["id"]]
        crossing = key["id"] if key["kind"] == "crossing" else ""
        for d, date in enumerate(dates):
            rows.append((date.strftime("%Y-%m-%d"), place, crossing, key["metric"], *qs[:, d, s]))
    pd.DataFrame(
        rows, columns=["date", "place", "crossing", "metric", "q05", "q25", "q50", "q75", "q95"]
    ).to_csv(folder / "forecast.csv", index=False)
    (folder / "forecast.json").write_text(
        json.dumps(
            {
                "version": "0.1.0",
                "scenario": "synthetic",
                "members": members,
                "cutoff": "2022-09-23",
            }
        ),
        encoding="utf-8",
    )
    return folder
