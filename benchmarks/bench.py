"""Benchmarks side by side with the peers, in one process: SimPy (one crossing queue), Flee (a
matched displacement scenario), and borderflow's scaling and step profile.

    pip install -e ".[bench]"
    python benchmarks/bench.py --quick --json bench.json

Each benchmark is a script of this folder, runnable on its own; this one runs them all and
prints one table. Figures go to benchmarks/README.md only as measured.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import platform
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

BENCHMARKS = Path(__file__).resolve().parent
INSTALL_HINT = "pip install -e .[bench]"


class BenchError(RuntimeError):
    """A benchmark cannot run (missing extra, no source checkout)."""


def load_benchmark(name: str) -> ModuleType:
    """Import benchmarks/<name>.py (this folder), once."""
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    return importlib.import_module(name)


def require(module: str) -> ModuleType:
    """Import an optional benchmark dependency or fail saying what to install."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise BenchError(f"the benchmark needs {module}: {INSTALL_HINT}") from None


QUICK = {"simpy_parties": 100_000, "flee_sizes": [100_000], "scaling_sizes": [1e4, 1e5, 1e6]}
FULL = {"simpy_parties": 1_000_000, "flee_sizes": [100_000, 1_000_000],
        "scaling_sizes": [1e4, 1e5, 1e6, 1e7]}


def cpu_model() -> str:
    """The CPU's model name (Linux), else the architecture."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.machine()


def machine() -> dict[str, Any]:
    """What the figures were measured on (the load average says if others shared the CPUs)."""
    import numba
    import numpy as np

    psutil = require("psutil")
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "cpu": cpu_model(), "cpus": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 1e9, 1),
        "python": platform.python_version(), "numpy": np.__version__, "numba": numba.__version__,
        "load_average_1m_at_start": os.getloadavg()[0],
    }


def run_all(quick: bool, flee_max_seconds: float, say=print) -> dict[str, Any]:
    """Every benchmark; returns the figures (JSON-ready)."""
    plan = QUICK if quick else FULL
    out: dict[str, Any] = {"quick": quick, "machine": machine()}
    started = time.perf_counter()
    say("SimPy: the crossing queue ...")
    simpy_rows = load_benchmark("simpy_crossing").compare(plan["simpy_parties"])
    out["simpy"] = simpy_rows
    out["simpy_ratio"] = simpy_rows["no reneging"]["ratio"]
    out["simpy_waits_identical"] = all(r["identical_waits"] for r in simpy_rows.values())
    flee = load_benchmark("flee_matched")
    out["flee"] = []
    for n in plan["flee_sizes"]:
        say(f"Flee: matched scenario, {n:,} travellers ...")
        out["flee"].append(flee.compare(n, flee_max_seconds=flee_max_seconds))
    out["flee_ratio"] = out["flee"][-1]["ratio"]
    out["flee_split_expected"] = flee.expected_split()
    scaling = load_benchmark("scaling")
    say("Scaling: memory bandwidth ...")
    gbs = scaling.memory_bandwidth()
    rows = []
    for n in plan["scaling_sizes"]:
        say(f"Scaling: russia-2022, {n:,.0f} travellers ...")
        row = scaling.run_size(n)
        row["bandwidth_share_low"], row["bandwidth_share_high"] = scaling.bandwidth_share(row, gbs)
        rows.append(row)
    out["scaling"] = {"memory_bandwidth_gbs": gbs, "rows": rows,
                      "marginal_bytes_per_traveller": scaling.marginal_bytes(rows)}
    say("Profile: the step by phase ...")
    out["profile_seconds"] = scaling.profile_phases(1e6 if quick else plan["scaling_sizes"][-2])
    out["total_seconds"] = time.perf_counter() - started
    out["machine"]["load_average_1m_at_end"] = os.getloadavg()[0]
    return out


def table(fig: dict[str, Any]) -> str:
    """The figures as plain text, side by side."""
    m = fig["machine"]
    lines = [f"borderflow bench ({'quick' if fig['quick'] else 'full'}), {m['date']}, "
             f"{m['cpus']} CPUs, load {m['load_average_1m_at_start']:.1f}"]
    lines.append("\nSimPy vs borderflow: one crossing queue (parties/s)")
    for label, r in fig["simpy"].items():
        lines.append(
            f"  {label:12s} {r['parties']:>9,} parties  SimPy {r['simpy_parties_per_s']:>10,.0f}"
            f"  borderflow {r['borderflow_parties_per_s']:>12,.0f}  ratio {r['ratio']:6.0f}x"
            f"  waits identical: {r['identical_waits']}")
    lines.append("\nFlee vs borderflow: matched scenario, 100 daily steps (agent-steps/s)")
    for r in fig["flee"]:
        done = "" if r["flee_complete"] else f" (Flee stopped after {r['flee_steps_run']} steps)"
        lines.append(
            f"  {r['travellers']:>9,} travellers  Flee {r['flee_agent_steps_per_s']:>11,.0f}"
            f"  borderflow {r['borderflow_agent_steps_per_s']:>12,.0f}"
            f"  ratio {r['ratio']:6.1f}x{done}")
        lines.append("    split      " + "  ".join(f"{c:>8s}" for c in r["split_expected"]))
        for who in ("expected", "flee", "borderflow"):
            shares = "  ".join(f"{v:8.3f}" for v in r[f"split_{who}"].values())
            lines.append(f"    {who:10s} {shares}")
    sc = fig["scaling"]
    lines.append(f"\nScaling on russia-2022 (memory bandwidth {sc['memory_bandwidth_gbs']:.1f}"
                 " GB/s, numpy copy)")
    lines.append("   travellers   seconds  travellers/s  peak MiB  B/traveller  bandwidth (est.)")
    for r in sc["rows"]:
        lines.append(
            f"  {r['travellers']:>11,} {r['seconds']:9.2f} {r['travellers_per_s']:13,.0f}"
            f" {r['peak_bytes'] / 2**20:9.1f} {r['bytes_per_traveller']:12.1f}"
            f"  {r['bandwidth_share_low']:.1%} - {r['bandwidth_share_high']:.1%}")
    slope = sc["marginal_bytes_per_traveller"]
    lines.append(f"  marginal bytes per traveller (slope): {slope:.1f}")
    total = sum(fig["profile_seconds"].values())
    lines.append("\nWhere the step's time goes (phase kernels called one by one)")
    for name, s in sorted(fig["profile_seconds"].items(), key=lambda kv: -kv[1]):
        lines.append(f"  {name:24s} {s:7.3f} s  {s / total:6.1%}")
    lines.append(f"\nSimPy ratio {fig['simpy_ratio']:.0f}x (goal >= 50x), Flee ratio "
                 f"{fig['flee_ratio']:.1f}x (goal >= 200x); {fig['total_seconds']:.0f} s in all")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Benchmark borderflow side by side with SimPy and Flee, and its scaling."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--quick", action="store_true",
                        help="Smaller sizes (Flee at 10^5 only); under 10 minutes on 2 cores.")
    parser.add_argument("--json", type=Path, help="Write the figures here.")
    parser.add_argument("--flee-max-seconds", type=float, default=1800.0,
                        help="Stop a Flee run after this long (its rate is then over the steps "
                        "it ran).")
    args = parser.parse_args(argv)
    try:
        figures = run_all(args.quick, args.flee_max_seconds, say=print)
    except BenchError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(table(figures))
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2, default=float) + "\n")
        print(f"figures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
