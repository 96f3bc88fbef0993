"""Numba kernels of the step loop. They take plain arrays (grouped in named tuples) and named
random streams, and touch only the parties that move: per-step work follows events, not population.

Parties are a preallocated struct of arrays; a record is appended, marked, never deleted or reused.
Each queue is a singly linked FIFO list through `nxt`; a party that leaves a queue early is only
marked (its node is skipped when it reaches the head). Travel and patience use calendars: one linked
list of parties per future step.
"""

from __future__ import annotations

import math

import numba
import numpy as np

# Party states
TRAVELLING, QUEUED, DONE = 0, 1, 2
# Ledger states, in the order of _parameters.STATES
AT_HOME, CALLED_UP, ON_ROAD, IN_QUEUE, CROSSED, STOPPED, RETURNED = range(7)
# Named random streams, one per decision
STREAMS = (
    "callups", "departures", "segments", "routes", "party_size",
    "background", "patience", "walk_switch", "screening", "reroute", "air",
)
(S_CALLUPS, S_DEPART, S_SEGMENT, S_ROUTE, S_SIZE, S_BACKGROUND, S_PATIENCE, S_WALK, S_SCREEN,
 S_REROUTE, S_AIR) = range(len(STREAMS))
CAR = 0
NEVER = np.int32(2**31 - 1)

jit = numba.njit(cache=True, nogil=True)


# ---------------------------------------------------------------------------------------------
# The step, in the order of docs/architecture.md (events were applied by the caller)
# ---------------------------------------------------------------------------------------------
@jit
def step(t, net, pol, par, ag, led, rec, rngs):
    """Advance one step: call-ups, departures and routes, travel, queues, service, reneging."""
    call_up(t, net, pol, par, led, rec, rngs)
    depart_and_choose(t, net, pol, par, ag, led, rec, rngs)
    arrive_by_air(t, net, ag, led, rec)
    arrive_background_air(t, net, rec, rngs)
    join_background(t, net, pol, par, ag, rec, rngs)
    join_travellers(t, net, pol, par, ag, led, rec, rngs)
    switch_to_foot(t, net, pol, par, ag, rec, rngs)
    serve_all(t, net, pol, par, ag, led, rec, rngs)
    renege(t, net, pol, par, ag, led, rec, rngs)
    record(t, net, pol, ag, led, rec)


@jit
def run_steps(t0, t1, net, pol, par, ag, led, rec, rngs, headroom):
    """Run steps t0..t1-1; stop early (returning the next step) if party slots may run short."""
    for t in range(t0, t1):
        if ag.p_size.shape[0] - ag.count[0] < slots_needed(net, pol, par, ag, led, headroom):
            return t
        step(t, net, pol, par, ag, led, rec, rngs)
    return t1


@jit
def slots_needed(net, pol, par, ag, led, floor):
    """More party records than one step can create: leavers (a bound on their draw, 12 sd over
    its mean), walkers and re-routers (at most everyone queued), background (Poisson, 12 sd)."""
    leavers = led.willing.sum() * par.max_departure_p
    background = 0.0
    for q in range(net.Q):
        background += net.bg_parties_per_step[q] * pol.bg_scale[q]
    queued = ag.q_people.sum()
    spread = 12.0 * math.sqrt(leavers + background) + 100.0
    return max(floor, int(leavers + background + spread) + queued)


# ---------------------------------------------------------------------------------------------
# Call-ups and departures
# ---------------------------------------------------------------------------------------------
@jit
def call_up(t, net, pol, par, led, rec, rngs):
    """Draw this step's share of the national call-up, split by regional intensity."""
    total = pol.callups_per_step[t]
    if total <= 0:
        return
    weight = 0.0
    for r in range(net.R):
        weight += net.intensity[r] * led.state[r, AT_HOME]
    if weight <= 0:
        return
    rng = rngs[S_CALLUPS]
    for r in range(net.R):
        home = led.state[r, AT_HOME]
        p = min(1.0, total * net.intensity[r] / weight)
        n = rng.binomial(home, p) if home > 0 and p > 0 else 0
        if n == 0:
            continue
        willing = rng.binomial(n, led.willing[r] / home)  # clamped: never more than there are
        willing = min(led.willing[r], max(willing, n - (home - led.willing[r])))
        led.willing[r] -= willing
        led.state[r, AT_HOME] -= n
        led.state[r, CALLED_UP] += n
        rec.new_call_ups[t, r] += n


@jit
def air_wait_hours(t, a, net, pol, ag):
    """Hours until the first free seat to destination `a` within the booking horizon."""
    d0 = first_flight_day(t, a, net)
    for d in range(d0, d0 + net.booking_days):
        if ag.booked[a, d] < pol.seats[a]:
            return max(0.0, (d - t * net.dt / 24.0) * 24.0)
    return 1e4


@jit
def first_flight_day(t, a, net):
    """The first day (from the start) on which a traveller deciding at step t can fly."""
    return int((t + net.air_steps[a]) * net.dt // 24.0)


@jit
def prepare_choice(t, net, pol, par, ag):
    """Once per step: the open options, their known waits and who may choose them.

    Groups g = car * 3 + visa segment. Waits people act on are `info_delay` steps old; parties
    already at a border see the queues as they are now (for re-routing)."""
    H = ag.wait_hist.shape[0]
    known, now = (t - min(t, par.info_delay_steps)) % H, t % H
    n = 0
    for q in range(net.Q):
        ok = pol.cap[q] > 0 and pol.open_any[q]
        ag.ch_wknown[q] = ag.wait_hist[known, q]
        ag.ch_ew[q] = math.exp(-par.wait_sensitivity * ag.ch_wknown[q]) if ok else 0.0
        ag.ch_ewnow[q] = math.exp(-par.wait_sensitivity * ag.wait_hist[now, q]) if ok else 0.0
        for g in range(6):
            car_ok = g >= 3 or net.queue_mode[q] != CAR
            ag.ch_mask[g, q] = ok and car_ok and pol.open_seg[g % 3, q]
        if ok:
            ag.ch_opts[n] = q
            n += 1
    ag.ch_n[1] = n  # land options end here
    for a in range(net.A):
        o = net.Q + a
        ag.ch_wknown[o] = air_wait_hours(t, a, net, pol, ag)
        ok = pol.seats[a] > 0 and ag.ch_wknown[o] < 1e4
        ag.ch_ew[o] = math.exp(-par.wait_sensitivity * ag.ch_wknown[o]) if ok else 0.0
        ag.ch_mask[:, o] = ok
        if ok:
            ag.ch_opts[n] = o
            n += 1
    ag.ch_n[0] = n


@jit
def depart_and_choose(t, net, pol, par, ag, led, rec, rngs):
    """Leavers ~ Binomial(willing at home, p); each picks an option by logit and sets off."""
    prepare_choice(t, net, pol, par, ag)
    shock = math.exp(-t * net.dt / par.announcement_decay_hours)
    pace = 1.0 if pol.callups_per_step[t] > 0 else 0.0
    surge = 1.0 + par.rumour_response * pol.rumour[0]
    K = ag.ch_n[0]
    for r in range(net.R):
        if led.willing[r] <= 0:
            continue
        option_weights(net.eu0[r], ag.ch_opts[:K], ag.ch_ew, ag.ch_e[:K])
        known = typical_wait(ag.ch_opts[:K], ag.ch_mask[3], ag.ch_e[:K], ag.ch_wknown)
        risk = net.intensity[r] * (shock + par.callup_risk_weight * pace)
        rate = par.departure_rate * risk * surge * math.exp(-par.wait_deterrence * known)
        n = rngs[S_DEPART].binomial(led.willing[r], 1.0 - math.exp(-rate * net.dt))
        if n > 0:
            gone = n - route_leavers(t, r, n, net, pol, par, ag, rec, rngs)
            led.willing[r] -= gone
            led.state[r, AT_HOME] -= gone
            led.state[r, ON_ROAD] += gone
            rec.new_departures[t, r] += gone


@jit
def option_weights(eu0_r, opts, ew, e):
    """exp(utility) of each open option for one region, in the compact order of `opts`."""
    for k in range(opts.shape[0]):
        e[k] = eu0_r[opts[k]] * ew[opts[k]]


@jit
def typical_wait(opts, mask, e, wknown):
    """Choice-weighted known wait of the options in `mask` (car travellers without a visa)."""
    num, den = 0.0, 0.0
    for k in range(opts.shape[0]):
        if mask[opts[k]]:
            num += e[k] * min(wknown[opts[k]], 1e3)
            den += e[k]
    return num / den if den > 0 else 0.0


@jit
def route_leavers(t, r, n, net, pol, par, ag, rec, rngs):
    """Split n leavers by car and visa segment; each group picks options by logit (air overflow
    chooses again by land) and sets off in parties. Returns those with no option at all."""
    rng, size_rng = rngs[S_SEGMENT], rngs[S_SIZE]
    n_car = rng.binomial(n, net.car_share[r])
    K, land = ag.ch_n[0], ag.ch_n[1]
    T = ag.cal_head.shape[0] - 1
    count, p_region, p_queue, p_size, p_seg, p_state = party_fields(ag)
    counts = ag.ch_cnt[:K]
    stay = 0
    for car in (1, 0):
        m = n_car if car else n - n_car
        n0 = rng.binomial(m, 1.0 - par.schengen_visa_share) if m > 0 else 0
        n1 = rng.binomial(m - n0, par.tourist_visa_share) if m - n0 > 0 else 0
        for seg, k_seg in enumerate((n0, n1, m - n0 - n1)):
            if k_seg == 0:
                continue
            g = car * 3 + seg
            counts[:] = 0
            group_weights(r, K, K, ag.ch_opts, ag.ch_mask[g], ag.ch_e, ag.ch_w, net.Q,
                          pol.nonlocal_closed, net.crossing_region, net.queue_crossing)
            draw_counts(k_seg, ag.ch_w[:K], counts, rngs[S_ROUTE])
            overflow, flown = 0, 0
            for k in range(land, K):
                if counts[k] > 0:
                    a = ag.ch_opts[k] - net.Q
                    left = book_air(t, r, a, counts[k], pol.seats[a], ag.booked[a],
                                    net.air_steps[a], net.dt, net.booking_days,
                                    ag.air_region, ag.air_dest[:, a], rec.new_air_departures)
                    overflow += left
                    flown += counts[k] - left
            if overflow > 0:
                rec.new_unmet_air[t] += overflow
                group_weights(r, K, land, ag.ch_opts, ag.ch_mask[g], ag.ch_e, ag.ch_w, net.Q,
                              pol.nonlocal_closed, net.crossing_region, net.queue_crossing)
                draw_counts(overflow, ag.ch_w[:K], counts, rngs[S_ROUTE])
            by_land = 0
            for k in range(land):
                if counts[k] > 0:  # they set off in parties: cars carry 1-4, others go alone
                    q = ag.ch_opts[k]
                    arrive = min(t + net.travel_steps[r, net.queue_crossing[q]], T)
                    left = counts[k]
                    while left > 0:
                        size = 1
                        if net.queue_mode[q] == CAR:
                            size = min(left, 1 + size_rng.binomial(3, par.car_party_p))
                        p = count[0]  # a new party record (written out: once per party)
                        count[0] += 1
                        p_region[p], p_queue[p], p_size[p], p_seg[p] = r, q, size, seg
                        p_state[p] = TRAVELLING
                        push(ag.cal_head, ag.cal_tail, ag.nxt_cal, arrive, p)
                        left -= size
                    by_land += counts[k]
            stay += k_seg - flown - by_land
    return stay


@jit
def group_weights(r, K, end, opts, mask, e, w, Q, nonlocal_closed, crossing_region,
                  queue_crossing):
    """Weights of one group over the first K options; those from `end` on get none (after a
    failed booking only land options remain). Non-local closures apply."""
    for k in range(end, K):
        w[k] = 0.0
    for k in range(end):
        o = opts[k]
        wk = e[k] if mask[o] else 0.0
        if wk > 0 and o < Q and nonlocal_closed[o] and crossing_region[queue_crossing[o]] != r:
            wk = 0.0
        w[k] = wk


@jit
def draw_counts(n, w, out, rng):
    """Add Multinomial(n, w / sum w) to `out`: per person for small n, else by conditional
    binomials. No allocation (this runs for every region, group and step)."""
    total = w.sum()
    if total <= 0 or n <= 0:
        return
    if n <= 16:
        for _ in range(n):
            x, acc = rng.random() * total, 0.0
            pick = -1
            for k in range(w.shape[0]):
                if w[k] > 0:
                    pick = k
                    acc += w[k]
                    if x < acc:
                        break
            out[pick] += 1
        return
    left, mass = n, total
    for k in range(w.shape[0]):
        if w[k] <= 0:
            continue
        m = left if w[k] >= mass else rng.binomial(left, min(1.0, w[k] / mass))
        out[k] += m
        left -= m
        mass -= w[k]
        if left == 0:
            break


# ---------------------------------------------------------------------------------------------
# Air: seats are booked ahead; people fly on the day of their seat
# ---------------------------------------------------------------------------------------------
@jit
def book_air(t, r, a, n, seats, booked, air_steps, dt, booking_days, air_region, air_dest,
             departures):
    """Book n seats to destination a from the earliest free day; return how many found none."""
    d0 = int((t + air_steps) * dt // 24.0)
    steps_per_day = int(round(24.0 / dt))
    left = n
    for d in range(d0, d0 + booking_days):
        free = int(seats - booked[d])
        if free <= 0:
            continue
        k = min(free, left)
        booked[d] += k
        land = max(t + air_steps, d * steps_per_day + steps_per_day // 2)
        land = min(land, air_dest.shape[0] - 1)
        air_region[land, r] += k
        air_dest[land] += k
        departures[t] += k
        left -= k
        if left == 0:
            break
    return left


@jit
def arrive_by_air(t, net, ag, led, rec):
    """Flights landing this step: their passengers enter the destination."""
    for r in range(net.R):
        k = ag.air_region[t, r]
        if k > 0:
            led.state[r, ON_ROAD] -= k
            led.state[r, CROSSED] += k
    for a in range(net.A):
        rec.new_entries[t, net.air_dest_index[a]] += ag.air_dest[t, a]


@jit
def arrive_background_air(t, net, rec, rngs):
    """Ordinary air arrivals (and arrivals via third countries) at each destination."""
    for a in range(net.A):
        if net.air_bg_per_step[a] > 0:
            k = rngs[S_BACKGROUND].poisson(net.air_bg_per_step[a])
            d = net.air_dest_index[a]
            rec.new_entries[t, d] += k
            rec.new_entries_background[t, d] += k


# ---------------------------------------------------------------------------------------------
# Parties: created when travellers set off; they reach their queue after the travel time
# ---------------------------------------------------------------------------------------------
@jit
def party_fields(ag):
    """The arrays a new party record is written into (a small tuple is cheap to pass)."""
    return (ag.count, ag.p_region, ag.p_queue, ag.p_size, ag.p_seg, ag.p_state)


@jit
def new_party(region, q, size, seg, fields):
    """Append a travelling party; its links and times are set when it joins a list."""
    count, p_region, p_queue, p_size, p_seg, p_state = fields
    p = count[0]
    count[0] += 1
    p_region[p] = region
    p_queue[p] = q
    p_size[p] = size
    p_seg[p] = seg
    p_state[p] = TRAVELLING
    return p


@jit
def push(head, tail, links, key, p):
    """Append party p to the linked list `key` (heads/tails arrays, links through `links`)."""
    if tail[key] < 0:
        head[key] = p
    else:
        links[tail[key]] = p
    tail[key] = p
    links[p] = -1


@jit
def join_background(t, net, pol, par, ag, rec, rngs):
    """Ordinary traffic arrives at the checkpoint (Poisson), sharing the same queues."""
    rng = rngs[S_BACKGROUND]
    fields = party_fields(ag)
    for q in range(net.Q):
        if net.bg_parties_per_step[q] <= 0 or pol.cap[q] <= 0:
            continue
        k = rng.poisson(net.bg_parties_per_step[q] * pol.bg_scale[q])
        for _ in range(k):
            size = 1
            if net.queue_mode[q] == CAR:
                size = 1 + rng.binomial(3, par.bg_party_p)
            p = new_party(-1, q, size, 0, fields)
            push(ag.q_head, ag.q_tail, ag.nxt, q, p)  # joins now; background never gives up
            ag.p_state[p] = QUEUED
            ag.p_join[p] = t
            ag.q_parties[q] += 1
            ag.q_people[q] += size
            rec.new_arrivals[t, q] += size


@jit
def enqueue(t, p, net, par, ag, rec, rngs):
    """Party p joins the tail of its queue now and draws its patience."""
    q = ag.p_queue[p]
    push(ag.q_head, ag.q_tail, ag.nxt, q, p)
    ag.p_state[p] = QUEUED
    ag.p_join[p] = t
    ag.q_parties[q] += 1
    ag.q_people[q] += ag.p_size[p]
    rec.new_arrivals[t, q] += ag.p_size[p]
    if ag.p_region[p] >= 0:
        wait = rngs[S_PATIENCE].exponential(par.patience_hours)
        give_up = t + 1 + int(wait / net.dt)
        if give_up < ag.ren_head.shape[0]:
            ag.p_renege[p] = give_up
            push(ag.ren_head, ag.ren_tail, ag.nxt_ren, give_up, p)


@jit
def join_travellers(t, net, pol, par, ag, led, rec, rngs):
    """Parties whose travel ends now join their queue, or are turned away if it closed to them.

    The joining is written out here rather than called: this loop runs for every party, and a
    call that passes the state tuples costs more than the work (numba reference-counts them)."""
    rng = rngs[S_PATIENCE]
    p = ag.cal_head[t]
    while p >= 0:
        nxt = ag.nxt_cal[p]
        r, size, q = ag.p_region[p], ag.p_size[p], ag.p_queue[p]
        led.state[r, ON_ROAD] -= size
        led.state[r, IN_QUEUE] += size
        local_ok = not pol.nonlocal_closed[q] or net.crossing_region[net.queue_crossing[q]] == r
        if pol.cap[q] > 0 and pol.open_seg[ag.p_seg[p], q] and local_ok:
            push(ag.q_head, ag.q_tail, ag.nxt, q, p)
            ag.p_state[p] = QUEUED
            ag.p_join[p] = t
            ag.q_parties[q] += 1
            ag.q_people[q] += size
            rec.new_arrivals[t, q] += size
            give_up = t + 1 + int(rng.exponential(par.patience_hours) / net.dt)
            if give_up < ag.ren_head.shape[0]:
                ag.p_renege[p] = give_up
                push(ag.ren_head, ag.ren_tail, ag.nxt_ren, give_up, p)
        else:  # closed to it while it travelled: it is turned away at once
            rec.new_turned_back[t, q] += size
            turn_back(p, ag)
        p = nxt


# ---------------------------------------------------------------------------------------------
# Queues: walking instead of waiting, service at capacity, screening, giving up
# ---------------------------------------------------------------------------------------------
@jit
def unlink(p, ag):
    """Mark party p as out of its queue (its node is skipped at the head)."""
    q = ag.p_queue[p]
    ag.p_state[p] = DONE
    ag.q_parties[q] -= 1
    ag.q_people[q] -= ag.p_size[p]


@jit
def switch_to_foot(t, net, pol, par, ag, rec, rngs):
    """Where pedestrians may pass, car parties far back in the line leave the car and walk."""
    p_switch = 1.0 - math.exp(-par.walk_switch_rate * net.dt)
    if p_switch <= 0:
        return
    for c in range(net.C):
        q_car, q_foot = c * net.M + CAR, c * net.M + net.foot_mode
        if pol.cap[q_foot] <= 0 or pol.cap[q_car] <= 0 or ag.q_parties[q_car] == 0:
            continue
        ahead = 0
        p = ag.q_head[q_car]
        while p >= 0:
            nxt = ag.nxt[p]
            if ag.p_state[p] == QUEUED:
                ahead += 1
                if ag.p_region[p] >= 0 and ahead / pol.cap[q_car] > par.walk_switch_min_wait:
                    if rngs[S_WALK].random() < p_switch:
                        walk(t, p, q_foot, net, par, ag, rec, rngs)
            p = nxt


@jit
def walk(t, p, q_foot, net, par, ag, rec, rngs):
    """Car party p leaves its car; each member joins the pedestrian queue alone."""
    unlink(p, ag)
    q_car = ag.p_queue[p]
    rec.new_reneged[t, q_car] += ag.p_size[p]
    for _ in range(ag.p_size[p]):
        w = new_party(ag.p_region[p], q_foot, 1, ag.p_seg[p], party_fields(ag))
        enqueue(t, w, net, par, ag, rec, rngs)


@jit
def serve_all(t, net, pol, par, ag, led, rec, rngs):
    """Each open queue serves its head at this step's capacity (the fraction carries over).

    At the booth a party is turned back if a closure bars it; else a mobilization point stops
    a share of its men and the rest cross. Written out in one loop (it runs for every party)."""
    hour = (net.start_hour + t * net.dt) % 24.0
    for q in range(net.Q):
        if pol.cap[q] <= 0 and ag.q_parties[q] > 0:
            close_queue(t, q, ag, rec)
            continue
        c = net.queue_crossing[q]
        is_open = net.open_from[c] <= hour < net.open_to[c]
        ag.budget[q] += pol.cap[q] * net.dt if is_open else 0.0
        n_served = 0
        p = ag.q_head[q]
        while p >= 0:
            nxt = ag.nxt[p]
            if ag.p_state[p] != QUEUED:
                p = nxt
                continue
            r, size = ag.p_region[p], ag.p_size[p]
            cost = 1.0 if net.queue_mode[q] == CAR else float(size)
            if ag.budget[q] < cost:
                break
            ag.budget[q] -= cost
            local_ok = not pol.nonlocal_closed[q] or net.crossing_region[c] == r
            if r >= 0 and not (pol.open_seg[ag.p_seg[p], q] and local_ok):  # barred
                rec.new_turned_back[t, q] += size
                ag.p_state[p] = DONE
                ag.q_parties[q] -= 1
                ag.q_people[q] -= size
                turn_back(p, ag)
                p = nxt
                continue
            ag.p_state[p] = DONE
            ag.q_parties[q] -= 1
            ag.q_people[q] -= size
            stopped = 0
            if r >= 0 and pol.screen[c] > 0:
                stopped = rngs[S_SCREEN].binomial(size, pol.screen[c])
            crossed = size - stopped
            d = net.crossing_dest[c]
            rec.new_crossed[t, q] += crossed
            rec.new_stopped[t, q] += stopped
            rec.new_entries[t, d] += crossed
            rec.new_served[t, q] += 1
            if r < 0:
                rec.new_entries_background[t, d] += crossed
            else:
                led.state[r, IN_QUEUE] -= size
                led.state[r, CROSSED] += crossed
                led.state[r, STOPPED] += stopped
            if n_served < ag.scratch.shape[0]:
                ag.scratch[n_served] = (t - ag.p_join[p]) * net.dt
                n_served += 1
            p = nxt
        ag.q_head[q] = p
        if p < 0:
            ag.q_tail[q] = -1
        if ag.q_parties[q] == 0:
            ag.budget[q] = 0.0
        if n_served:
            wait_stats(ag.scratch[:n_served], rec.wait_mean[t], rec.wait_p90[t], q)


@jit
def wait_stats(waits, mean_row, p90_row, q):
    """Mean and 90th percentile (nearest rank) of the waits of parties served from queue q."""
    waits.sort()
    n = waits.shape[0]
    mean_row[q] = waits.mean()
    p90_row[q] = waits[max(0, int(math.ceil(0.9 * n)) - 1)]


@jit
def close_queue(t, q, ag, rec):
    """A mode has closed (e.g. pedestrians no longer let through): everyone in its queue is
    turned back (background traffic simply leaves)."""
    p = ag.q_head[q]
    while p >= 0:
        nxt = ag.nxt[p]
        if ag.p_state[p] == QUEUED:
            ag.p_state[p] = DONE
            ag.q_parties[q] -= 1
            ag.q_people[q] -= ag.p_size[p]
            rec.new_turned_back[t, q] += ag.p_size[p]
            if ag.p_region[p] >= 0:
                turn_back(p, ag)
        p = nxt
    ag.q_head[q] = ag.q_tail[q] = -1
    ag.budget[q] = 0.0


@jit
def turn_back(p, ag):
    """Note party p as turned back at the border this step; `renege` sends it on. Its queue
    link is free (it is out of its queue), so the list of turned-back parties reuses it."""
    push(ag.turned_head, ag.turned_tail, ag.nxt, 0, p)


@jit
def renege(t, net, pol, par, ag, led, rec, rngs):
    """Parties turned back this step, and those whose patience ends now, leave the border: to
    another crossing (a new party record), or home. One loop: it runs for every leaver."""
    rng, fields = rngs[S_REROUTE], party_fields(ag)
    turned, nxt = ag.turned_head[0], ag.ren_head[t]
    while True:
        if turned >= 0:
            p, turned = turned, ag.nxt[turned]
        elif nxt >= 0:
            p, nxt = nxt, ag.nxt_ren[nxt]
            if ag.p_state[p] != QUEUED or ag.p_renege[p] != t:
                continue
            q = ag.p_queue[p]
            ag.p_state[p] = DONE
            ag.q_parties[q] -= 1
            ag.q_people[q] -= ag.p_size[p]
            rec.new_reneged[t, q] += ag.p_size[p]
        else:
            break
        q, r, size = ag.p_queue[p], ag.p_region[p], ag.p_size[p]
        ag.p_state[p] = DONE
        if r < 0:
            continue
        led.state[r, IN_QUEUE] -= size
        q2 = -1
        c, car = net.queue_crossing[q], net.queue_mode[q] == CAR
        if rng.random() < par.reroute_share:
            g = (3 if car else 0) + ag.p_seg[p]
            q2 = reroute_choice(c, car, r, ag.ch_opts[: ag.ch_n[1]], ag.ch_mask[g],
                                ag.ch_ewnow, net.eu0_c2c[c], net.queue_crossing, net.queue_mode,
                                pol.nonlocal_closed, net.crossing_region, rng)
        if q2 < 0:
            led.state[r, RETURNED] += size
            continue
        p2 = new_party(r, q2, size, ag.p_seg[p], fields)
        arrive = min(t + max(1, net.c2c_steps[c, net.queue_crossing[q2]]), ag.cal_head.shape[0] - 1)
        push(ag.cal_head, ag.cal_tail, ag.nxt_cal, arrive, p2)
        led.state[r, ON_ROAD] += size
    ag.turned_head[0] = ag.turned_tail[0] = -1


@jit
def reroute_choice(c, car, r, opts, mask, ewnow, eu0_c2c_c, queue_crossing, queue_mode,
                   nonlocal_closed, crossing_region, rng):
    """Logit over the other crossings' open queues of the same kind (car or not), as seen now
    from crossing c. Returns the queue, or -1 if none is open to the party."""
    total = 0.0
    for pass_ in range(2):
        x = rng.random() * total if pass_ == 1 else 0.0
        acc = 0.0
        for k in range(opts.shape[0]):
            q2 = opts[k]
            c2 = queue_crossing[q2]
            if c2 == c or not mask[q2] or (queue_mode[q2] == CAR) != car:
                continue
            if nonlocal_closed[q2] and crossing_region[c2] != r:
                continue
            acc += eu0_c2c_c[q2] * ewnow[q2]
            if pass_ == 1 and x < acc:
                return q2
        total = acc
        if total <= 0:
            return -1
    return -1


# ---------------------------------------------------------------------------------------------
# Records at the end of the step
# ---------------------------------------------------------------------------------------------
@jit
def record(t, net, pol, ag, led, rec):
    """Stocks at the end of the step, and the expected wait people will hear about."""
    row = (t + 1) % ag.wait_hist.shape[0]
    for q in range(net.Q):
        rec.n_queue_parties[t, q] = ag.q_parties[q]
        rec.n_queue_people[t, q] = ag.q_people[q]
        rec.capacity[t, q] = pol.cap[q]
        units = ag.q_parties[q] if net.queue_mode[q] == CAR else ag.q_people[q]
        ag.wait_hist[row, q] = units / pol.cap[q] if pol.cap[q] > 0 else 1e4
    rec.n_state[t] = led.state
