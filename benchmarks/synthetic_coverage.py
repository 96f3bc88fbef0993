"""A synthetic check of the forecast method: does its 90% band hold 90% of what happens?

For each replicate: draw "true" parameters from the scenario's priors, simulate the truth with
its own seed, and report from it as agencies do (daily entries into the busiest host countries
and the queue at the busiest crossings), each figure with log-normal reporting noise. Calibrate
on the reports of days 1-5, forecast days 6-12 with the model's error as the calibration's
in-sample fit sets it (`discrepancy.from_calibration`: what a scenario without a backtest gets;
not the bundled scenario's discrepancy.json, which holds the real reports' errors), and count
the later reports inside the forecast's 50% and 90% bands. Too slow for CI (a calibration a
replicate):

    python benchmarks/synthetic_coverage.py --replicates 20 --out synthetic/

prints each replicate's coverage and the total, and writes synthetic/coverage.csv.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import pandas as pd

import borderflow
from borderflow.calibration.abc import Settings, Space
from borderflow.executors import make_executor
from borderflow.forecasting import discrepancy
from borderflow.forecasting.scoring import score

REPORTED_DAYS = 5
FORECAST_DAYS = 7


def truth(scenario, replicate: int, noise_sd: float) -> tuple[dict[str, float], pd.DataFrame]:
    """True parameters drawn from the priors, and the reports of the simulated truth."""
    space = Space.from_priors(scenario.priors)
    rng = np.random.default_rng([replicate, 7])
    params = space.params(space.sample(rng, 1)[0])
    res = borderflow.simulate(scenario, seed=10_000 + replicate, params=params,
                              days=REPORTED_DAYS + FORECAST_DAYS + 1)
    daily = res.daily()
    start = scenario.start.tz_localize(None).normalize()
    days = pd.date_range(start + pd.Timedelta(days=1), periods=REPORTED_DAYS + FORECAST_DAYS)
    entries = daily[(daily["kind"] == "destination") & (daily["metric"] == "daily_entries")]
    top = entries.groupby("id")["value"].sum().nlargest(4).index
    queues = daily[(daily["kind"] == "crossing") & (daily["metric"] == "queue_vehicles")]
    busy = queues.groupby("id")["value"].max().nlargest(3).index
    country = scenario.crossings["country"]
    rows = []
    for day in days:
        when = day.date()
        for place in top:
            value = entries[(entries["id"] == place) & (entries["date"] == when)]["value"].iloc[0]
            rows.append(("daily_entries", place, "", day, value))
        for cid in busy:
            value = queues[(queues["id"] == cid) & (queues["date"] == when)]["value"].iloc[0]
            rows.append(("queue_vehicles", country[cid], cid, day, value))
    obs = pd.DataFrame(rows, columns=["metric", "place", "crossing", "date", "true"])
    obs["value"] = np.round(obs["true"] * np.exp(rng.normal(0, noise_sd, len(obs))))
    return params, obs


def write_observations(obs: pd.DataFrame, path: Path) -> None:
    out = pd.DataFrame({
        "metric": obs["metric"], "place": obs["place"], "crossing": obs["crossing"],
        "date_from": obs["date"].dt.date, "date_to": obs["date"].dt.date,
        "value": obs["value"], "low": "", "high": "",
        "reported_on": (obs["date"] + pd.Timedelta(days=1)).dt.date,
        "source": "synthetic truth", "url": ""})
    out.to_csv(path, index=False)


def replicate(scenario, k: int, out: Path, settings: Settings, members: int, noise_sd: float,
              executor) -> dict[str, float]:
    folder = out / f"replicate-{k:02d}"
    folder.mkdir(parents=True, exist_ok=True)
    _, obs = truth(scenario, k, noise_sd)
    write_observations(obs, folder / "observations.csv")
    start = scenario.start.tz_localize(None).normalize()
    cutoff = start + pd.Timedelta(days=REPORTED_DAYS)
    borderflow.calibrate(scenario, folder / "observations.csv", f"{cutoff:%Y-%m-%d}",
                         folder / "calibration", settings, executor=executor)
    borderflow.forecast(scenario, folder / "calibration",
                        f"{cutoff + pd.Timedelta(days=1):%Y-%m-%d}", FORECAST_DAYS,
                        folder / "forecast", members=members, seed=k, executor=executor,
                        error=discrepancy.from_calibration(folder / "calibration"))
    table, _ = score(folder / "forecast", folder / "observations.csv")
    later = table[pd.to_datetime(table["date_to"]) > cutoff]
    ens = pd.read_csv(folder / "forecast" / "forecast.csv", keep_default_na=False)
    inside_50 = []
    for r in later.itertuples():
        row = ens[(ens["date"] == str(r.date_to)) & (ens["metric"] == r.metric)
                  & (ens["crossing"] == (r.crossing or ""))
                  & ((ens["place"] == r.place) | (ens["crossing"] != ""))]
        inside_50.append(bool(float(row["q25"].iloc[0]) <= r.point <= float(row["q75"].iloc[0])))
    return {"replicate": k, "reports": len(later), "inside_90": float(later["inside_90"].mean()),
            "inside_50": float(np.mean(inside_50)),
            "median_abs_log_error": float(later["log_error"].abs().median())}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", default="russia-2022")
    ap.add_argument("--replicates", type=int, default=20)
    ap.add_argument("--population", type=int, default=60)
    ap.add_argument("--batch", type=int, default=300)
    ap.add_argument("--generations", type=int, default=5)
    ap.add_argument("--members", type=int, default=100)
    ap.add_argument("--noise-sd", type=float, default=0.1, help="log sd of reporting noise")
    ap.add_argument("--out", type=Path, default=Path("synthetic"))
    args = ap.parse_args()
    scenario = borderflow.load_scenario(args.scenario)
    settings = Settings(population=args.population, batch=args.batch,
                        generations=args.generations, seed=0)
    rows = []
    t0 = time.perf_counter()
    with make_executor() as executor:
        for k in range(args.replicates):
            rows.append(replicate(scenario, k, args.out, settings, args.members, args.noise_sd,
                                  executor))
            r = rows[-1]
            print(f"replicate {k:2d}: {r['reports']} reports, inside 90% {r['inside_90']:.0%}, "
                  f"inside 50% {r['inside_50']:.0%}, median |log error| "
                  f"{r['median_abs_log_error']:.3f}", flush=True)
    table = pd.DataFrame(rows)
    table.to_csv(args.out / "coverage.csv", index=False)
    weights = table["reports"]
    print(f"{args.replicates} replicates, {int(weights.sum())} reports: inside the 90% band "
          f"{np.average(table['inside_90'], weights=weights):.1%}, inside the 50% band "
          f"{np.average(table['inside_50'], weights=weights):.1%}; "
          f"{time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
