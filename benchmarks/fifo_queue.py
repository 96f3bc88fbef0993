"""One crossing queue, on its own: the engine's queue discipline with given arrivals.

`run_queue` serves a list of parties through one checkpoint with a capacity per step, exactly as
the engine's `serve_all` does for one queue, so the discipline can be checked against the
analytic first-come-first-served answer and against other tools (SimPy, in benchmarks/).

Discrete-time semantics, per step t (the engine's order):
1. parties arriving at step t join the tail, in the order given;
2. the step's capacity is added to the budget; the head is served while the budget covers its
   cost (1 per party, or its size when `per_person`), the head blocks the rest (strict FIFO);
3. if the queue is empty after service, the budget left over is lost (idle capacity is not saved);
4. a party whose patience ends at step t and that is still queued leaves (reneges).
A party served in the step it arrived waits 0 steps. With `patience_steps` k (>= 1) a party that
joined at step a may still be served at step a + k and reneges after service in that step.
"""

from __future__ import annotations

import numba
import numpy as np

from borderflow.engine.kernels.parties import push

NOT_SERVED = -1  # wait of a party that reneged or was still queued at the end
_NO_PATIENCE = np.int64(2**62)


def run_queue(arrival_steps, sizes, capacity_per_step, patience_steps=None,
              per_person: bool = False) -> np.ndarray:
    """Per-party waits in steps (`NOT_SERVED` = -1 for a party that reneged or never got
    through) for parties arriving at `arrival_steps` (any order; ties keep the given order) at
    one checkpoint serving `capacity_per_step[t]` units in step t (fractions carry over while
    the queue is non-empty). A unit is a party, or a person when `per_person`."""
    arrive = np.asarray(arrival_steps, dtype=np.int64)
    size = np.broadcast_to(np.asarray(sizes, dtype=np.int64), arrive.shape)
    cap = np.asarray(capacity_per_step, dtype=np.float64)
    if arrive.size and (arrive.min() < 0 or arrive.max() >= cap.size):
        raise ValueError("arrival steps must lie in 0 .. len(capacity_per_step) - 1")
    if patience_steps is None:
        patience = np.full(arrive.shape, _NO_PATIENCE)
    else:
        patience = np.broadcast_to(np.asarray(patience_steps, dtype=np.int64), arrive.shape)
        if patience.size and patience.min() < 1:
            raise ValueError("patience_steps must be >= 1")
    order = np.argsort(arrive, kind="stable")
    cost = np.ones(arrive.size) if not per_person else size[order].astype(np.float64)
    waits = np.full(arrive.size, NOT_SERVED, dtype=np.int64)
    waits[order] = serve_fifo(arrive[order], cost, patience[order].copy(), cap)
    return waits


@numba.njit(cache=True, nogil=True)
def serve_fifo(arrive, cost, patience, cap):
    """The queue loop on parties sorted by arrival step; returns their waits (-1 not served)."""
    n, T = arrive.shape[0], cap.shape[0]
    waits = np.full(n, -1, np.int64)
    queued = np.zeros(n, np.bool_)
    nxt = np.full(n, -1, np.int32)
    nxt_ren = np.full(n, -1, np.int32)
    head, tail = np.full(1, -1, np.int32), np.full(1, -1, np.int32)
    ren_head, ren_tail = np.full(T, -1, np.int32), np.full(T, -1, np.int32)
    budget, in_queue, p_next = 0.0, 0, 0
    for t in range(T):
        while p_next < n and arrive[p_next] == t:  # 1. join the tail
            push(head, tail, nxt, 0, p_next)
            queued[p_next] = True
            in_queue += 1
            give_up = t + patience[p_next]
            if give_up < T:
                push(ren_head, ren_tail, nxt_ren, give_up, p_next)
            p_next += 1
        budget += cap[t]  # 2. serve the head at this step's capacity
        p = head[0]
        while p >= 0:
            if not queued[p]:
                p = nxt[p]
                continue
            if budget < cost[p]:
                break
            budget -= cost[p]
            queued[p] = False
            in_queue -= 1
            waits[p] = t - arrive[p]
            p = nxt[p]
        head[0] = p
        if p < 0:
            tail[0] = -1
        if in_queue == 0:  # 3. idle capacity is lost
            budget = 0.0
        p = ren_head[t]  # 4. patience ends
        while p >= 0:
            if queued[p]:
                queued[p] = False
                in_queue -= 1
            p = nxt_ren[p]
    return waits


def fifo_departures(arrivals_per_step, capacity_per_step) -> np.ndarray:
    """Cumulative departures by the end of each step of a FIFO server with integer capacity,
    unit-cost parties, no reneging and idle capacity lost (Lindley's recursion, unrolled):
    D(t) = min( A(t), min over s <= t of [A(s-1) + c_s + ... + c_t] ), A(t) = a_0 + ... + a_t."""
    a = np.asarray(arrivals_per_step, dtype=np.int64)
    c = np.asarray(capacity_per_step, dtype=np.int64)
    A = np.cumsum(a)
    A_before = np.concatenate([[0], A[:-1]])
    C = np.concatenate([[0], np.cumsum(c)])  # C[t+1] - C[s] = sum c_s..c_t
    D = np.empty_like(A)
    for t in range(a.size):
        D[t] = min(A[t], int((A_before[: t + 1] + C[t + 1] - C[: t + 1]).min()))
    return D


def fifo_waits(arrival_steps, capacity_per_step) -> np.ndarray:
    """Per-party waits (steps) of unit parties from `fifo_departures`: the k-th arrival (in
    order) leaves in the first step by whose end more than k parties have left."""
    arrive = np.sort(np.asarray(arrival_steps, dtype=np.int64), kind="stable")
    counts = np.bincount(arrive, minlength=len(capacity_per_step))
    D = fifo_departures(counts, capacity_per_step)
    leave = np.searchsorted(D, np.arange(arrive.size), side="right")
    waits = np.where(leave < len(D), leave - arrive, NOT_SERVED)
    out = np.empty_like(waits)
    out[np.argsort(np.asarray(arrival_steps), kind="stable")] = waits
    return out


__all__ = ["NOT_SERVED", "fifo_departures", "fifo_waits", "run_queue"]
