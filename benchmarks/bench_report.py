"""Benchmark: build the HTML report of a synthetic 200-member, 40-day forecast.

Prints the build time and the size of report.html; the targets (issue 4) are under 10 s and
under 10 MB. The ensemble has 30 crossings and 1,000 extra region series, so forecast.nc has
a realistic size.

    python benchmarks/bench_report.py [--members 200] [--days 40]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from synthetic_dirs import write_forecast  # noqa: E402

from borderflow.report.html import build_report  # noqa: E402

OBSERVATIONS = Path(__file__).resolve().parents[2] / "shared/data/observations-to-2022-09-27.csv"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--days", type=int, default=40)
    parser.add_argument("--crossings", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        fc = write_forecast(
            Path(tmp) / "fc",
            members=args.members,
            days=args.days,
            extra_series=1000,
            n_crossings=args.crossings,
        )
        nc_mb = (fc / "forecast.nc").stat().st_size / 1e6
        start = time.perf_counter()
        path = build_report(
            fc, fc / "report.html", observations=OBSERVATIONS if OBSERVATIONS.exists() else None
        )
        seconds = time.perf_counter() - start
        size_mb = path.stat().st_size / 1e6
    print(
        f"members={args.members} days={args.days} crossings={args.crossings} "
        f"forecast.nc={nc_mb:.1f} MB"
    )
    print(f"report build: {seconds:.2f} s (target < 10 s)")
    print(f"report size:  {size_mb:.2f} MB (target < 10 MB)")
    return 0 if seconds < 10 and size_mb < 10 else 1


if __name__ == "__main__":
    raise SystemExit(main())
