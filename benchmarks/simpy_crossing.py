"""The crossing queue written idiomatically in SimPy, and its race against borderflow's engine.

The model (the same as `fifo_queue.run_queue`, see its docstring for the step order):
parties arrive over time, one process each; the checkpoint is a `simpy.Container` of capacity
tokens that a booth process fills with the step's capacity; a party asks for its cost in tokens
(1 a party, or its size) and the container grants requests strictly first-come-first-served
(the head blocks). Idle capacity is lost: when nobody waits after the booth's turn the booth
empties the container. A party with patience gives up at the end of its last step.

Time: step t is the interval [t, t+1). Arrivals join at t; the booth works at t + 0.5; the idle
check is at t + 0.7; patience runs out at t + 0.8. A party's wait in steps is
floor(time served) - arrival step, so a party served in its arrival step waits 0.
Costs of 1 a party (vehicles) are exact with or without patience; with a cost per person and
patience, SimPy grants a request freed by a give-up only at the next put or request, so the two
may then differ (the engine serves it in the next step even when that step has no capacity).

Run: python benchmarks/simpy_crossing.py [--parties N]
"""

from __future__ import annotations

import argparse
import math
import time

import numpy as np
from bench import require

SERVICE, IDLE_CHECK, GIVE_UP = 0.5, 0.7, 0.8


def simpy_waits(arrival_steps, sizes, capacity_per_step, patience_steps=None,
                per_person=False) -> np.ndarray:
    """Per-party waits in steps (-1: gave up, or still waiting at the end) by SimPy."""
    simpy = require("simpy")
    env = simpy.Environment()
    tokens = simpy.Container(env, init=0)
    n = len(arrival_steps)
    waits = np.full(n, -1, dtype=np.int64)
    horizon = len(capacity_per_step)

    def booth():
        for t, cap in enumerate(capacity_per_step):
            yield env.timeout(t + SERVICE - env.now)
            if cap > 0:
                yield tokens.put(float(cap))
            yield env.timeout(t + IDLE_CHECK - env.now)
            if not tokens.get_queue and tokens.level > 0:
                yield tokens.get(tokens.level)

    def party(i, arrive, cost, patience):
        yield env.timeout(arrive)
        request = tokens.get(cost)
        if patience is None:
            yield request
        else:
            deadline = env.timeout(arrive + patience + GIVE_UP - env.now)
            yield request | deadline
            if not request.triggered:
                request.cancel()
                return
        waits[i] = math.floor(env.now) - arrive

    order = np.argsort(np.asarray(arrival_steps), kind="stable")
    env.process(booth())
    for i in order:
        cost = float(sizes[i]) if per_person else 1.0
        patience = None if patience_steps is None else int(patience_steps[i])
        env.process(party(int(i), int(arrival_steps[i]), cost, patience))
    env.run(until=horizon)
    return waits


def workload(n_parties: int, seed: int = 0, load: float = 1.05):
    """A busy day-long surge: parties arriving over `steps` steps (Poisson counts, a peak in the
    middle), integer capacity per step that closes at night; `load` = arrivals / capacity."""
    rng = np.random.default_rng(seed)
    steps = max(48, n_parties // 50)
    hour = np.arange(steps) % 24
    shape = 1.0 + 0.8 * np.sin(np.pi * np.arange(steps) / steps)
    counts = rng.poisson(shape / shape.sum() * n_parties)
    arrive = np.repeat(np.arange(steps), counts)
    open_now = (hour >= 6) & (hour < 22)
    per_open_step = counts.sum() / open_now.sum() / load
    cap = np.where(open_now, np.round(per_open_step), 0).astype(np.int64)
    cap = np.concatenate([cap, np.full(steps, int(max(1, per_open_step)))])  # time to drain
    sizes = 1 + rng.binomial(3, 1 / 3, arrive.size)
    patience = 1 + rng.geometric(1 / 48, arrive.size)
    return arrive, sizes, cap, patience


def timed(fn, *args, repeat=1, **kw):
    best, out = math.inf, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn(*args, **kw)
        best = min(best, time.perf_counter() - t0)
    return out, best


def compare(n_parties: int = 100_000, seed: int = 0) -> dict:
    """Both tools on the same workload: waits compared party by party, throughput of each."""
    from fifo_queue import run_queue

    arrive, sizes, cap, patience = workload(n_parties, seed)
    run_queue(arrive[:10], sizes[:10], cap)  # warm the JIT (cached on disk after the first run)
    rows = {}
    for label, pat in (("no reneging", None), ("reneging", patience)):
        w_simpy, t_simpy = timed(simpy_waits, arrive, sizes, cap, pat)
        w_bf, t_bf = timed(run_queue, arrive, sizes, cap, pat, repeat=5)
        rows[label] = {
            "parties": int(arrive.size), "steps": int(cap.size),
            "served": int((w_bf >= 0).sum()),
            "identical_waits": bool(np.array_equal(w_simpy, w_bf)),
            "mismatches": int((w_simpy != w_bf).sum()),
            "mean_wait_steps": float(w_bf[w_bf >= 0].mean()),
            "simpy_seconds": t_simpy, "borderflow_seconds": t_bf,
            "simpy_parties_per_s": arrive.size / t_simpy,
            "borderflow_parties_per_s": arrive.size / t_bf,
            "ratio": t_simpy / t_bf,
        }
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--parties", type=int, default=100_000)
    args = ap.parse_args()
    for label, row in compare(args.parties).items():
        print(label, {k: (round(v, 4) if isinstance(v, float) else v) for k, v in row.items()})


if __name__ == "__main__":
    main()
