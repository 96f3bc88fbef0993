"""Giving up: parties past their patience (and those turned back) re-route to another crossing
or go home."""

from __future__ import annotations

from borderflow.engine.kernels.common import (
    BUS,
    CAR,
    DONE,
    IN_QUEUE,
    N_SEGMENTS,
    ON_ROAD,
    QUEUED,
    RETURNED,
    S_REROUTE,
    TRAVELLING,
    inner,
)
from borderflow.engine.kernels.departures import book_coaches
from borderflow.engine.kernels.parties import LINK, cal_count, cal_push, cal_release


@inner
def renege(t, net, pol, par, ag, led, rec, rngs):
    """Parties turned back this step, and those whose patience ends now, leave the border: to
    another crossing (a new party record), or home. One loop: it runs for every leaver. Those
    who heard of a closure on the road (`turn_travellers`) choose as if at the crossing they
    were driving to, and travel on from where they are (`from_the_road`).

    Most records whose patience ends were served before. Each row of the patience calendar is
    first cut down to those still queued, without a branch on each (so their states load side
    by side); then they leave, in order."""
    rng = rngs[S_REROUTE]
    count, cal_keys, ren_keys, blocks = ag.count, ag.cal_keys, ag.ren_keys, ag.blocks
    p_region, p_queue, p_size = ag.p_region, ag.p_queue, ag.p_size
    p_seg, p_state, p_join = ag.p_seg, ag.p_state, ag.p_join
    nxt_q, still = ag.nxt, ag.still
    q_parties, q_people = ag.q_parties, ag.q_people
    state, reneged_t, share = led.state, rec.new_reneged[t], par.reroute_share
    opts, mask, ewnow, eu0_c2c = ag.ch_opts[: ag.ch_n[1]], ag.ch_mask, ag.ch_ewnow, net.eu0_c2c
    queue_crossing, queue_mode = net.queue_crossing, net.queue_mode
    crossing_region = net.crossing_region
    nonlocal_closed, c2c_steps, last = pol.nonlocal_closed, net.c2c_steps, cal_keys.shape[0] - 1
    travel_steps = net.travel_steps
    rr_cum, rr_stamp, exempt = ag.rr_cum, ag.rr_stamp, ag.rr_exempt
    coach_booked, seats, days = ag.coach_booked, ag.ch_seats, net.booking_days
    per_day, bus_seats = int(round(24.0 / net.dt)), par.bus_seats
    exempt[:] = False
    for q in opts:
        if nonlocal_closed[q]:
            exempt[crossing_region[queue_crossing[q]]] = True
    turned, b, n, i = ag.turned_head[0], ren_keys[t, 0], 0, 0
    while True:
        if turned >= 0:
            p, turned = turned, nxt_q[turned]
        elif i < n:
            p = still[i]
            i += 1
            q = p_queue[p]
            p_state[p] = DONE
            q_parties[q] -= 1
            q_people[q] -= p_size[p]
            reneged_t[q] += p_size[p]
        elif b >= 0:  # the next row's records still queued (neither served nor walked)
            n, i = 0, 0
            for k in range(cal_count(ren_keys, t, b)):
                p = blocks[b, k]
                still[n] = p
                n += p_state[p] == QUEUED
            b = blocks[b, LINK]
            continue
        else:
            break
        q, r, size = p_queue[p], p_region[p], p_size[p]
        p_state[p] = DONE
        if r < 0:
            continue
        state[r, IN_QUEUE] -= size
        q2 = -1
        c, car = queue_crossing[q], queue_mode[q] == CAR
        if rng.random() < share:
            g = (N_SEGMENTS if car else 0) + p_seg[p]
            if exempt[r]:  # a local of a crossing closed to non-locals: its own weights
                q2 = reroute_choice(c, car, r, g, opts, mask, ewnow, eu0_c2c, queue_crossing,
                                    queue_mode, nonlocal_closed, crossing_region, rng)
            else:
                if rr_stamp[c, g] != t:
                    reroute_weights(c, car, g, opts, mask, ewnow, eu0_c2c, queue_crossing,
                                    queue_mode, nonlocal_closed, rr_cum[c, g])
                    rr_stamp[c, g] = t
                total = rr_cum[c, g, opts.shape[0] - 1] if opts.shape[0] > 0 else 0.0
                q2 = reroute_pick(rr_cum, c, g, opts, rng.random() * total) if total > 0 else -1
        if q2 < 0:
            state[r, RETURNED] += size
            continue
        c2 = queue_crossing[q2]
        hops = c2c_steps[c, c2]
        if p_join[p] > t:  # heard of a closure on the road, p_join - t steps short of c
            hops = from_the_road(p_join[p] - t, travel_steps[r, c], travel_steps[r, c2], hops)
        arrive = min(t + max(1, hops), last)
        if queue_mode[q2] == BUS:  # seats on a coach, as leavers book them; the rest go home
            home = book_coaches(r, q2, p_seg[p], size, arrive, seats[q2], coach_booked, days,
                                per_day, bus_seats, count, p_region, p_queue, p_size, p_seg,
                                p_state, cal_keys, blocks, last)
            state[r, RETURNED] += home
            state[r, ON_ROAD] += size - home
            continue
        p2 = count[0]  # a new party record, on the road to q2
        count[0] += 1
        p_region[p2], p_queue[p2], p_size[p2], p_seg[p2] = r, q2, size, p_seg[p]
        p_state[p2] = TRAVELLING
        cal_push(cal_keys, blocks, arrive, p2)
        state[r, ON_ROAD] += size
    ag.turned_head[0] = ag.turned_tail[0] = -1
    cal_release(ren_keys, blocks, t)


@inner
def from_the_road(ahead, trip, from_home, from_c):
    """Steps to another crossing for a party `ahead` steps short of the crossing c it was
    driving to (a trip of `trip` steps from home): the times from home and from c, weighted by
    how far along the road it is (exact at either end; by the triangle inequality, no shorter
    than the straight way from where it is)."""
    share = min(1.0, ahead / max(trip, 1))  # of the trip still ahead
    return int(round(share * from_home + (1.0 - share) * from_c))


@inner
def reroute_choice(c, car, r, g, opts, mask, ewnow, eu0_c2c, queue_crossing, queue_mode,
                   nonlocal_closed, crossing_region, rng):
    """Logit over the other crossings' open queues of the same kind (car or not), as seen now
    from crossing c by group g. Returns the queue, or -1 if none is open to the party."""
    total = 0.0
    for pass_ in range(2):
        x = rng.random() * total if pass_ == 1 else 0.0
        acc = 0.0
        for k in range(opts.shape[0]):
            q2 = opts[k]
            c2 = queue_crossing[q2]
            if c2 == c or not mask[g, q2] or (queue_mode[q2] == CAR) != car:
                continue
            if nonlocal_closed[q2] and crossing_region[c2] != r:
                continue
            acc += eu0_c2c[c, q2] * ewnow[q2]
            if pass_ == 1 and x < acc:
                return q2
        total = acc
        if total <= 0:
            return -1
    return -1


@inner
def reroute_weights(c, car, g, opts, mask, ewnow, eu0_c2c, queue_crossing, queue_mode,
                    nonlocal_closed, cum):
    """Running sums of `reroute_choice`'s weights for group g at crossing c, for everyone who
    is not local to a crossing closed to non-locals (computed once a step, when first needed)."""
    acc = 0.0
    for k in range(opts.shape[0]):
        q2 = opts[k]
        c2 = queue_crossing[q2]
        if c2 != c and mask[g, q2] and (queue_mode[q2] == CAR) == car and not nonlocal_closed[q2]:
            acc += eu0_c2c[c, q2] * ewnow[q2]
        cum[k] = acc


@inner
def reroute_pick(rr_cum, c, g, opts, x):
    """The draw of `reroute_choice` from its running sums rr_cum[c, g]: the first queue whose
    sum passes x (a uniform times the total, drawn by the caller only if the total is
    positive): the same numbers, the same queue. (The row is not sliced out, and the generator
    is not passed: either kept the arrays reference-counted at every party.)"""
    n, k = opts.shape[0], 0
    for i in range(n):  # as first_above, over the row
        k += rr_cum[c, g, i] <= x
    return opts[k] if k < n else -1
