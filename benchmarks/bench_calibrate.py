"""Benchmark: calibration simulations per second, a calibration's total time, a forecast's time.

Targets (issue 3, on this 2-core machine): a russia-2022 calibration of >= 10,000 simulations in
under 10 minutes; a 200-member forecast in under 30 seconds. The forecast is the README's: the
two weeks from 28 Sep (runs of 20.6 days from the scenario's start); `--forecast-days 34` runs
to the scenario's end (40-day runs, about twice the time).

By default a *short* calibration runs (--batch x --generations simulations, to 27 Sep) and its
rate is scaled to 10,000 simulations; the output says so. `--full` runs 10,000 (10 x 1,000).
The forecast runs --members members from the resulting posterior.

    python benchmarks/bench_calibrate.py [--workers 2] [--batch 100 --generations 2] [--full]
        [--members 200] [--scheduler tcp://HOST:PORT]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from borderflow import load_scenario
from borderflow.calibration.abc import Settings, calibrate
from borderflow.executors import make_executor
from borderflow.forecasting.ensemble import forecast

OBSERVATIONS = Path(__file__).resolve().parents[2] / "shared/data/observations-to-2022-09-27.csv"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="russia-2022")
    parser.add_argument("--observations", type=Path, default=OBSERVATIONS)
    parser.add_argument("--until", default="2022-09-27")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--scheduler", default=None)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--generations", type=int, default=2)
    parser.add_argument("--population", type=int, default=50)
    parser.add_argument("--full", action="store_true", help="10 generations of 1,000")
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--forecast-days", type=int, default=14, help="days from 28 Sep")
    args = parser.parse_args()
    if args.full:
        args.batch, args.generations, args.population = 1000, 10, 200
    scenario = load_scenario(args.scenario)
    settings = Settings(args.population, args.batch, args.generations)
    with make_executor(args.scheduler, args.workers) as ex, tempfile.TemporaryDirectory() as tmp:
        ex.map(_warm, [scenario] * max(1, ex.workers))  # numba cache loaded in every worker
        t0 = time.perf_counter()
        summary = calibrate(scenario, args.observations, args.until, Path(tmp) / "cal",
                            settings, executor=ex)
        cal = time.perf_counter() - t0
        n = summary["simulations"]
        t0 = time.perf_counter()
        forecast(scenario, Path(tmp) / "cal", "2022-09-28", args.forecast_days, Path(tmp) / "fc",
                 members=args.members, executor=ex)
        fc = time.perf_counter() - t0
    rate = n / cal
    label = "measured" if n >= 10_000 else f"scaled from {n} simulations"
    print(f"executor: {type(ex).__name__} ({ex.workers} workers)")
    print(f"calibration: {n} simulations in {cal:.1f} s = {rate:.2f} simulations/s")
    print(f"calibration of 10,000 simulations: {10_000 / rate:.0f} s ({label}); target < 600 s")
    print(f"forecast: {args.members} members, {args.forecast_days} days from 2022-09-28, in "
          f"{fc:.1f} s ({fc / args.members:.2f} s/member); target < 30 s for 200")
    return 0


def _warm(scenario: object) -> int:
    from borderflow.engine.sim import simulate

    simulate(scenario, seed=0, days=0.5)  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
