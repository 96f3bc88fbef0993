"""Queues: parties join (background and travellers), walk instead of waiting, are served at
capacity, screened at the booth, or turned back by a closure."""

from __future__ import annotations

import math

from borderflow.engine.kernels.clock import clock_hours, local_day
from borderflow.engine.kernels.common import (
    CAR,
    CROSSED,
    DONE,
    IN_QUEUE,
    ON_ROAD,
    QUEUED,
    S_BACKGROUND,
    S_PATIENCE,
    S_SCREEN,
    S_WALK,
    STOPPED,
    TRAVELLING,
    inner,
)
from borderflow.engine.kernels.draws import binomial_inversion, draw_patience, is_large, party_size
from borderflow.engine.kernels.parties import (
    LINK,
    cal_count,
    cal_push,
    cal_release,
    party_fields,
    push,
)


@inner
def join_background(t, net, pol, par, ag, rec, rngs):
    """Ordinary traffic arrives at the checkpoint (Poisson, at the day's rate into the country,
    less the trips put off for the wait heard of there), sharing the same queues."""
    rng = rngs[S_BACKGROUND]
    day = local_day(t, net)
    count, p_region, p_queue, p_size, p_seg, p_state = party_fields(ag)
    p_join, nxt, q_head, q_tail = ag.p_join, ag.nxt, ag.q_head, ag.q_tail
    for q in range(net.Q):
        if net.bg_parties_per_step[q] <= 0 or pol.cap[q] <= 0:
            continue
        d = net.crossing_dest[net.queue_crossing[q]]
        put_off = math.exp(-par.bg_wait_deterrence * ag.ch_wknown[q])
        k = rng.poisson(net.bg_parties_per_step[q] * pol.bg_scale[q] * net.bg_day[day, d] * put_off)
        people = 0
        for _ in range(k):
            size = 1
            if net.queue_mode[q] == CAR:
                size = party_size(rng.random(), par.bg_party_p)
            p = count[0]  # joins now; background never gives up
            count[0] += 1
            p_region[p], p_queue[p], p_size[p], p_seg[p] = -1, q, size, 0
            p_state[p], p_join[p] = QUEUED, t
            push(q_head, q_tail, nxt, q, p)
            people += size
        ag.q_parties[q] += k
        ag.q_people[q] += people
        rec.new_arrivals[t, q] += people


@inner
def join_travellers(t, net, pol, par, ag, led, rec, rngs):
    """Parties whose travel ends now join their queue, are turned away if it closed to them, or
    balk: a party that sees a wait longer than its patience gives up at once (`balk_share` of
    them judge the wait; the rest join and give up when their patience ends).

    The joining is written out here rather than called: this loop runs for every party, and a
    call that passes the state tuples costs more than the work (numba reference-counts them)."""
    rng = rngs[S_PATIENCE]
    p_region, p_size, p_queue = ag.p_region, ag.p_size, ag.p_queue
    p_seg, p_state = ag.p_seg, ag.p_state
    p_join, nxt = ag.p_join, ag.nxt
    q_head, q_tail, q_parties, q_people = ag.q_head, ag.q_tail, ag.q_parties, ag.q_people
    cal_keys, ren_keys, blocks = ag.cal_keys, ag.ren_keys, ag.blocks
    state, arrivals = led.state, rec.new_arrivals
    cap, open_seg, nonlocal_closed = pol.cap, pol.open_seg, pol.nonlocal_closed
    crossing_region, queue_crossing = net.crossing_region, net.queue_crossing
    dt, horizon = net.dt, ren_keys.shape[0]
    mean, shape, balk = par.patience_hours, par.patience_shape, par.balk_share
    patience, used = ag.patience, ag.patience_next
    turned_head, turned_tail = ag.turned_head, ag.turned_tail
    seen = ag.wait_hist[t % ag.wait_hist.shape[0]]  # each line's expected wait, as it is now
    b = cal_keys[t, 0]
    while b >= 0:
        for k in range(cal_count(cal_keys, t, b)):
            p = blocks[b, k]
            if p_state[p] != TRAVELLING:  # turned back on the road (`turn_travellers`)
                continue
            r, size, q = p_region[p], p_size[p], p_queue[p]
            state[r, ON_ROAD] -= size
            state[r, IN_QUEUE] += size
            local_ok = not nonlocal_closed[q] or crossing_region[queue_crossing[q]] == r
            if not (cap[q] > 0 and open_seg[p_seg[p], q] and local_ok):
                rec.new_turned_back[t, q] += size  # closed to it while it travelled
                p_join[p] = t  # at the border (see `renege`)
                push(turned_head, turned_tail, nxt, 0, p)  # see TURNED
                continue
            if used[0] == patience.shape[0]:  # see draw_patience
                draw_patience(rng, mean, shape, patience)
                used[0] = 0
            waits = patience[used[0]]
            used[0] += 1
            if balk > 0 and waits < seen[q] and (balk >= 1.0 or rng.random() < balk):
                rec.new_reneged[t, q] += size  # sees a wait longer than it will wait: balks
                p_join[p] = t  # at the border (see `renege`)
                push(turned_head, turned_tail, nxt, 0, p)  # leaves as those giving up do
                continue
            push(q_head, q_tail, nxt, q, p)
            p_state[p] = QUEUED
            p_join[p] = t
            q_parties[q] += 1
            q_people[q] += size
            arrivals[t, q] += size
            give_up = t + 1 + int(waits / dt)
            if give_up < horizon:
                cal_push(ren_keys, blocks, give_up, p)
        b = blocks[b, LINK]
    cal_release(cal_keys, blocks, t)


@inner
def switch_to_foot(t, net, pol, par, ag, rec, rngs):
    """Where pedestrians may pass, car parties far back in the line leave the car and walk when
    walking is quicker by `walk_switch_min_wait` hours than the car's remaining wait: each member
    joins the pedestrian queue alone (new records) and draws a patience."""
    p_switch = 1.0 - math.exp(-par.walk_switch_rate * net.dt)
    if p_switch <= 0:
        return
    rng, patience_rng = rngs[S_WALK], rngs[S_PATIENCE]
    count, p_region, p_queue, p_size, p_seg, p_state = party_fields(ag)
    p_join, nxt = ag.p_join, ag.nxt
    q_head, q_tail, q_parties, q_people = ag.q_head, ag.q_tail, ag.q_parties, ag.q_people
    ren_keys, blocks, horizon = ag.ren_keys, ag.blocks, ag.ren_keys.shape[0]
    reneged_t, arrivals_t = rec.new_reneged[t], rec.new_arrivals[t]
    mean, shape, dt = par.patience_hours, par.patience_shape, net.dt
    patience, used = ag.patience, ag.patience_next
    for c in range(net.C):
        q_car, q_foot = c * net.M + CAR, c * net.M + net.foot_mode
        if pol.cap[q_foot] <= 0 or pol.cap[q_car] <= 0 or q_parties[q_car] == 0:
            continue
        car_cap, foot_cap = pol.cap[q_car] * ag.surge[q_car], pol.cap[q_foot] * ag.surge[q_foot]
        ahead = 0
        p = q_head[q_car]
        while p >= 0:
            nxt_p = nxt[p]
            if p_state[p] == QUEUED:
                ahead += 1
                far = ahead / car_cap > q_people[q_foot] / foot_cap + par.walk_switch_min_wait
                if p_region[p] >= 0 and far and rng.random() < p_switch:
                    p_state[p] = DONE  # out of the car queue
                    size = p_size[p]
                    q_parties[q_car] -= 1
                    q_people[q_car] -= size
                    reneged_t[q_car] += size
                    for _ in range(size):
                        w = count[0]
                        count[0] += 1
                        p_region[w], p_queue[w], p_size[w] = p_region[p], q_foot, 1
                        p_seg[w], p_state[w], p_join[w] = p_seg[p], QUEUED, t
                        push(q_head, q_tail, nxt, q_foot, w)
                        q_parties[q_foot] += 1
                        q_people[q_foot] += 1
                        arrivals_t[q_foot] += 1
                        if used[0] == patience.shape[0]:  # see draw_patience
                            draw_patience(patience_rng, mean, shape, patience)
                            used[0] = 0
                        give_up = t + 1 + int(patience[used[0]] / dt)
                        used[0] += 1
                        if give_up < horizon:
                            cal_push(ren_keys, blocks, give_up, w)
            p = nxt_p


@inner
def serve_all(t, net, pol, par, ag, led, rec, rngs):
    """Each open queue serves its head at this step's capacity (the fraction carries over).

    Walkers pass the same booths as cars: what an open car line leaves unused in a step, with
    no car waiting, serves the foot line (`walkers_per_car_slot` walkers a car's slot).

    The parties of a group a closure bars left the line when it began (`leave_lines`); at the
    booth a party of a barred group would be turned back. A mobilization point stops a share of
    a party's men and the rest cross. A closure to non-locals bars the way into the crossing's
    region, not the booth: the parties already queued there pass.

    Written out in one loop (it runs for every party), over arrays taken out of the tuples
    first (numba reference-counts a tuple's arrays at each use inside a loop)."""
    hour = clock_hours(t, net) % 24.0
    rng = rngs[S_SCREEN]
    p_region, p_size, p_seg = ag.p_region, ag.p_size, ag.p_seg
    p_state, p_join = ag.p_state, ag.p_join
    nxt, q_head, q_tail = ag.nxt, ag.q_head, ag.q_tail
    q_parties, q_people = ag.q_parties, ag.q_people
    budget, surge, scratch, state = ag.budget, ag.surge, ag.scratch, led.state
    turned_head, turned_tail = ag.turned_head, ag.turned_tail
    cap, open_seg, screen = pol.cap, pol.open_seg, pol.screen
    crossed_t, stopped_t, entries_t = rec.new_crossed[t], rec.new_stopped[t], rec.new_entries[t]
    served_t, background_t = rec.new_served[t], rec.new_entries_background[t]
    for q in range(net.Q):
        if cap[q] <= 0 and q_parties[q] > 0:
            close_queue(t, q, ag, rec)
            continue
        c = net.queue_crossing[q]
        is_open = net.open_from[c] <= hour < net.open_to[c]
        budget[q] += cap[q] * surge[q] * net.dt if is_open else 0.0
        by_car, d = net.queue_mode[q] == CAR, net.crossing_dest[c]
        n_served = 0
        p = q_head[q]
        while p >= 0:
            nxt_p = nxt[p]
            if p_state[p] != QUEUED:
                p = nxt_p
                continue
            r, size = p_region[p], p_size[p]
            cost = 1.0 if by_car else float(size)
            if budget[q] < cost:
                break
            budget[q] -= cost
            p_state[p] = DONE
            q_parties[q] -= 1
            q_people[q] -= size
            if r >= 0 and not open_seg[p_seg[p], q]:
                rec.new_turned_back[t, q] += size  # barred at the booth
                push(turned_head, turned_tail, nxt, 0, p)  # see TURNED
                p = nxt_p
                continue
            stopped = 0
            if r >= 0 and screen[c] > 0:  # `binomial` written out, as in route_leavers
                if is_large(size, screen[c]):
                    stopped = rng.binomial(size, screen[c])
                else:
                    stopped = -1
                    while stopped < 0:
                        stopped = binomial_inversion(size, screen[c], rng.random())
            crossed = size - stopped
            crossed_t[q] += crossed
            stopped_t[q] += stopped
            entries_t[d] += crossed
            served_t[q] += 1
            if r < 0:
                background_t[d] += crossed
            else:
                state[r, IN_QUEUE] -= size
                state[r, CROSSED] += crossed
                state[r, STOPPED] += stopped
            if n_served < scratch.shape[0]:
                scratch[n_served] = (t - p_join[p]) * net.dt
                n_served += 1
            p = nxt_p
        q_head[q] = p
        if p < 0:
            q_tail[q] = -1
        if q_parties[q] == 0:
            q_foot = c * net.M + net.foot_mode
            if by_car and cap[q_foot] > 0:  # idle car booths serve the walkers (served next)
                budget[q_foot] += budget[q] * par.walkers_per_car_slot
            budget[q] = 0.0
        if n_served:
            wait_stats(scratch[:n_served], rec.wait_mean[t], rec.wait_p90[t], q)


@inner
def wait_stats(waits, mean_row, p90_row, q):
    """Mean and 90th percentile (nearest rank) of the waits of parties served from queue q.
    A queue serves in the order parties joined it, so the waits come longest first: no sort is
    needed (checked; sorted if ever not). The waits are whole steps times the step's hours,
    exact in a float, so their sum does not depend on the order."""
    n = waits.shape[0]
    total, downwards = 0.0, True
    for i in range(n):
        total += waits[i]
        if i > 0 and waits[i] > waits[i - 1]:
            downwards = False
    mean_row[q] = total / n
    k = max(0, int(math.ceil(0.9 * n)) - 1)  # rank from the shortest
    if downwards:
        p90_row[q] = waits[n - 1 - k]
    else:
        waits.sort()
        p90_row[q] = waits[k]


@inner
def close_queue(t, q, ag, rec):
    """A mode has closed (e.g. pedestrians no longer let through): everyone in its queue is
    turned back (background traffic simply leaves)."""
    p_state, p_size, p_region, nxt = ag.p_state, ag.p_size, ag.p_region, ag.nxt
    p = ag.q_head[q]
    while p >= 0:
        nxt_p = nxt[p]
        if p_state[p] == QUEUED:
            p_state[p] = DONE
            ag.q_parties[q] -= 1
            ag.q_people[q] -= p_size[p]
            rec.new_turned_back[t, q] += p_size[p]
            if p_region[p] >= 0:
                push(ag.turned_head, ag.turned_tail, nxt, 0, p)  # see TURNED
        p = nxt_p
    ag.q_head[q] = ag.q_tail[q] = -1
    ag.budget[q] = 0.0
