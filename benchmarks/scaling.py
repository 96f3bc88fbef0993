"""Scaling on the russia-2022 network: time and peak memory from 10^4 to 10^7 travellers, the
machine's memory bandwidth, the share of it the hot loop reaches (an estimate), and a profile
of the step by phase.

Travellers are set through `willing_share` = target / at-risk population (the run reports how
many actually left). Times are with the kernels already compiled (a warm-up run first), best of
`repeat`. Peak memory: tracemalloc's peak over the run (numpy arrays, incl. the party arrays and
their growth) in a separate run from the timed one.

Run: python benchmarks/scaling.py [--sizes 1e4 1e5 1e6]
"""

from __future__ import annotations

import argparse
import inspect
import math
import re
import time
import tracemalloc

import numpy as np

# Bytes of party fields one party's life reads or writes in the kernels (created, calendar,
# join, patience calendar, service, patience check), counted from engine/kernels/: a lower bound
# on traffic. Scattered accesses each pull a 64-byte cache line: the upper estimate counts the
# accesses that are not in creation order.
FIELD_BYTES_PER_PARTY = 100
SCATTERED_ACCESSES_PER_PARTY = 24
LINE = 64
WALK_BYTES = 7  # per car party passed over by the walk-instead-of-wait scan (nxt, state, region)


def memory_bandwidth(mb: int = 512, repeat: int = 5) -> float:
    """GB/s of a large numpy copy (bytes read + bytes written over the time), best of `repeat`."""
    src = np.ones(mb * 2**20 // 8)
    dst = np.empty_like(src)
    best = math.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        np.copyto(dst, src)
        best = min(best, time.perf_counter() - t0)
    return 2 * src.nbytes / best / 1e9


def scenario_and_params(target: float):
    from borderflow import load_scenario

    scenario = load_scenario("russia-2022")
    population = float(scenario.regions["population"].sum())
    return scenario, {"willing_share": min(1.0, target / population)}


def walk_scan_parties(res) -> int:
    """Car parties passed over by the walking scan: queued cars where pedestrians may pass."""
    cap = res["capacity"]
    both = (cap[:, :, 0] > 0) & (cap[:, :, 2] > 0)
    return int((res["n_queue_parties"][:, :, 0] * both).sum())


def run_size(target: float, repeat: int = 2, memory: bool = True) -> dict:
    """Time (warm, best of `repeat`) and peak traced memory of one russia-2022 run."""
    from borderflow import simulate

    scenario, params = scenario_and_params(target)
    best, res = math.inf, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        res = simulate(scenario, seed=0, params=params)
        best = min(best, time.perf_counter() - t0)
    peak = math.nan
    if memory:
        tracemalloc.start()
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        simulate(scenario, seed=0, params=params)
        peak = tracemalloc.get_traced_memory()[1] - base
        tracemalloc.stop()
    travellers = res.travellers
    parties = int(res.meta["parties"])
    scan = walk_scan_parties(res)
    return {
        "target": int(target), "travellers": travellers, "parties": parties,
        "steps": int(res["new_entries"].shape[0]), "seconds": best,
        "travellers_per_s": travellers / best, "peak_bytes": peak,
        "bytes_per_traveller": peak / max(1, travellers),
        "bytes_low": parties * FIELD_BYTES_PER_PARTY + scan * WALK_BYTES,
        "bytes_high": parties * SCATTERED_ACCESSES_PER_PARTY * LINE + scan * 3 * LINE,
        "walk_scan_parties": scan,
    }


def bandwidth_share(row: dict, gbs: float) -> tuple[float, float]:
    """Estimated share of the measured bandwidth the run reaches (low, high)."""
    return (row["bytes_low"] / row["seconds"] / 1e9 / gbs,
            row["bytes_high"] / row["seconds"] / 1e9 / gbs)


def marginal_bytes(rows: list[dict]) -> float:
    """Slope of peak memory over travellers (least squares): the per-traveller cost."""
    x = np.array([r["travellers"] for r in rows], float)
    y = np.array([r["peak_bytes"] for r in rows], float)
    if len(rows) < 2 or not np.isfinite(y).all():
        return math.nan
    return float(np.polyfit(x, y, 1)[0])


# --- a profile of the step by phase -----------------------------------------------------------
def step_phases() -> list[str]:
    """The calls `kernels.step.step` makes, in order, as written in its source."""
    from borderflow.engine.kernels import step as K

    src = inspect.getsource(K.step.py_func)
    body = src.split('"""')[-1] if '"""' in src else src
    return [line.strip() for line in body.splitlines() if re.match(r"\s+\w+\(.*\)\s*$", line)]


def phase_runner(phases: list[str]):
    """One jitted function that runs phase k of the step alone. Phase kernels are called only
    from kernels, so they have no CPython wrapper; this function is the one way in from Python."""
    import numba

    from borderflow.engine.kernels import step as K  # which imports every phase kernel

    branches = "".join(f"    {'elif' if k else 'if'} k == {k}:\n        {p}\n"
                       for k, p in enumerate(phases))
    namespace = dict(vars(K))
    exec("def run_phase(k, t, net, pol, par, ag, led, rec, rngs):\n" + branches, namespace)
    return numba.njit(nogil=True)(namespace["run_phase"])


def profile_phases(target: float = 1e6) -> dict[str, float]:
    """Seconds spent in each phase of the step over a russia-2022 run, calling the phases one
    by one from Python. Each call's dispatch (unboxing the named tuples, ~0.1 ms) is included:
    ~0.1 s a phase over 960 steps, so read the figures for their order."""
    from borderflow.engine.sim import HEADROOM, Sim

    scenario, params = scenario_and_params(target)
    phases = step_phases()
    run_phase = phase_runner(phases)
    totals = dict.fromkeys((p.split("(")[0] for p in phases), 0.0)
    for warm in (True, False):
        sim = Sim(scenario, seed=0, params=params, days=1 if warm else None)
        stops = set(sim.book.boundaries()) | {0}
        for t in range(sim.n_steps):
            if t in stops:
                sim.book.update(t)
            while sim.agents.p_size.shape[0] - sim.agents.count[0] < HEADROOM:
                sim.grow()
            for k, name in enumerate(totals):
                t0 = time.perf_counter()
                run_phase(k, t, sim.net, sim.book.pol, sim.par, sim.agents, sim.ledger,
                          sim.records, sim.rngs)
                if not warm:
                    totals[name] += time.perf_counter() - t0
    return totals


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=float, nargs="+", default=[1e4, 1e5, 1e6])
    args = ap.parse_args()
    gbs = memory_bandwidth()
    print(f"memory bandwidth (numpy copy): {gbs:.1f} GB/s")
    rows = [run_size(n) for n in args.sizes]
    for r in rows:
        lo, hi = bandwidth_share(r, gbs)
        print(f"{r['travellers']:>11,} travellers  {r['seconds']:7.2f} s  "
              f"{r['peak_bytes'] / 2**20:8.1f} MiB  {r['bytes_per_traveller']:7.1f} B/traveller  "
              f"bandwidth {lo:.1%}-{hi:.1%}")
    print(f"marginal bytes per traveller: {marginal_bytes(rows):.1f}")
    for name, s in profile_phases(args.sizes[-1]).items():
        print(f"{name:24s} {s:7.3f} s")


if __name__ == "__main__":
    main()
