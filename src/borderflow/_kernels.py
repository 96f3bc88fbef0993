"""Numba kernels of the step loop. They take plain arrays (grouped in named tuples) and named
random streams, and touch only the parties that move: per-step work follows events, not population.

Parties are a preallocated struct of arrays; a record is appended, marked, never deleted or reused.
Each queue is a singly linked FIFO list through `nxt`; a party that leaves a queue early is only
marked (its node is skipped when it reaches the head). Travel and patience use calendars: per
future step, the records due then, in the order they were added, kept in blocks of record ids
(see CALENDARS). Nothing is added to a step's list once that step has been visited (arrivals are
due this step, before `join_travellers`, or later; give-ups from the next step on).
"""

from __future__ import annotations

import math

import numba

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
CAR, BUS = 0, 1  # modes, in the order of _parameters.MODES
# TURNED: parties turned back at a border in a step are listed (ag.turned_head/tail, one list)
# through their queue link, which is free once they are out of their queue; `renege` sends them
# on to another crossing or home.

jit = numba.njit(cache=True, nogil=True)
# Kernels called only from other kernels get no CPython wrapper (calling one from Python crashes):
# a wrapper unboxes every array of the named tuples, and building them took a third of the compile.
inner = numba.njit(cache=True, nogil=True, no_cpython_wrapper=True)
# Small helpers called per region, group or option are inlined into their caller (numba IR):
# a call reference-counts each array argument, which cost more than the helpers' work.
inline = numba.njit(cache=True, nogil=True, inline="always")


# ---------------------------------------------------------------------------------------------
# The step, in the order of docs/architecture.md (events were applied by the caller)
# ---------------------------------------------------------------------------------------------
@inline  # into run_steps, so that its calls are compiled once, not twice
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
    record(t, net, pol, par, ag, led, rec)


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
    its mean, plus up to 3 men a group who fill a last car), walkers and re-routers (at most
    everyone queued), background (Poisson, 12 sd)."""
    leavers = led.willing.sum() * par.max_departure_p + 3 * 6 * net.R
    background = 0.0
    for q in range(net.Q):
        background += net.bg_parties_per_step[q] * pol.bg_scale[q]
    queued = ag.q_people.sum()
    spread = 12.0 * math.sqrt(leavers + background) + 100.0
    return max(floor, int(leavers + background + spread) + queued)


@jit
def binomial(rng, n, p):
    """rng.binomial(n, p): the same draw from the same stream (numpy's algorithm), the common
    small case (n * min(p, 1 - p) <= 30, inversion) done here: numba's Generator
    reference-counts its bit generator at every inner call, which cost more than the draw."""
    if n <= 0 or p <= 0.0:
        return 0
    if is_large(n, p):
        return rng.binomial(n, p)
    k = -1
    while k < 0:
        k = binomial_inversion(n, p, rng.random())
    return k


@inner
def is_large(n, p):
    """Whether numpy draws Binomial(n, p) (n, p > 0) by BTPE rather than by inversion."""
    return n * min(p, 1.0 - p) > 30.0


@inner
def binomial_inversion(n, p, u):
    """numpy's inversion for Binomial(n, p) (n, p > 0) from one uniform u: the draw, or -1
    where numpy would start again with a new uniform (the search passed its bound)."""
    flip = p > 0.5
    r = 1.0 - p if flip else p
    q = 1.0 - r
    px = math.exp(n * math.log(q))
    mean = n * r
    bound = min(n, mean + 10.0 * math.sqrt(mean * q + 1))
    x = 0
    while u > px:
        x += 1
        if x > bound:
            return -1
        u -= px
        px = ((n - x + 1) * r * px) / (x * q)
    return n - x if flip else x


# ---------------------------------------------------------------------------------------------
# Call-ups and departures
# ---------------------------------------------------------------------------------------------
@inner
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
        n = binomial(rng, home, p) if home > 0 and p > 0 else 0
        if n == 0:
            continue
        willing = binomial(rng, n, led.willing[r] / home)  # clamped: never more than there are
        willing = min(led.willing[r], max(willing, n - (home - led.willing[r])))
        led.willing[r] -= willing
        led.state[r, AT_HOME] -= n
        led.state[r, CALLED_UP] += n
        rec.new_call_ups[t, r] += n


@inner
def air_wait_hours(t, a, net, pol, ag):
    """Hours until the first free seat to destination `a` within the booking horizon."""
    d0 = first_flight_day(t, net.air_steps[a], net.dt)
    return hours_to_seat(t, d0, ag.booked[a], pol.seats[a], net)


@inline
def hours_to_seat(t, d0, booked, seats, net):
    """Hours from step t to the first day from d0 on with a seat left (`booked` per day, `seats`
    a day) within the booking horizon, or 1e4 if none."""
    for d in range(d0, d0 + net.booking_days):
        if booked[d] < seats:
            return max(0.0, (d - t * net.dt / 24.0) * 24.0)
    return 1e4


@inline
def coach_seats(q, net, pol, ag):
    """Coach seats a day to bus queue q: what the border clears of it in its open hours at the
    capacity now working, less the ordinary traffic's share. Coaches sell no more."""
    c = net.queue_crossing[q]
    per_day = 24.0 / net.dt
    cleared = pol.cap[q] * ag.surge[q] * (net.open_to[c] - net.open_from[c])
    return max(0, int(cleared - net.bg_parties_per_step[q] * pol.bg_scale[q] * per_day))


@inner
def first_flight_day(t, air_steps, dt):
    """The first day (from the start) on which a traveller deciding at step t can fly, with
    `air_steps` steps from deciding to boarding (scalars: it is called inside the routing loop)."""
    return int((t + air_steps) * dt // 24.0)


@inner
def prepare_choice(t, net, pol, par, ag):
    """Once per step: the open options, their known waits and who may choose them.

    Groups g = car * 3 + visa segment, each with its list of open options. Waits people act
    on are `info_delay` steps old; parties already at a border see the queues as they are now
    (for re-routing). A coach's wait adds the hours until its first day with a seat left; sold
    out over the horizon, it is closed."""
    H = ag.wait_hist.shape[0]
    known, now = (t - min(t, par.info_delay_steps)) % H, t % H
    today = int(t * net.dt // 24.0)
    n = 0
    for q in range(net.Q):
        ok = pol.cap[q] > 0 and pol.open_any[q]
        ag.ch_wknown[q] = ag.wait_hist[known, q]
        if ok and net.queue_mode[q] == BUS:  # coach seats are sold ahead, as flights are
            ag.ch_seats[q] = coach_seats(q, net, pol, ag)
            ahead = hours_to_seat(t, today, ag.coach_booked[q], ag.ch_seats[q], net)
            ok = ahead < 1e4
            ag.ch_wknown[q] += min(ahead, 24.0 * net.booking_days)
        ag.ch_ew[q] = (math.exp(-par.wait_sensitivity / par.nest_scale * ag.ch_wknown[q])
                       if ok else 0.0)
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
        ag.ch_ew[o] = (math.exp(-par.wait_sensitivity / par.nest_scale * ag.ch_wknown[o])
                       if ok else 0.0)
        ag.ch_mask[:, o] = ok
        if ok:
            ag.ch_opts[n] = o
            n += 1
    ag.ch_n[0] = n
    for g in range(6):
        group_options(g, n, ag.ch_n[1], ag.ch_opts, ag.ch_mask, net.option_nest, ag.ch_group,
                      ag.ch_group_n, ag.ch_group_nest)
    typical_waits(net, ag)


@inline
def group_options(g, n, land, opts, mask, option_nest, group, group_n, group_nest):
    """The options open to group g, in the order of `opts` (land first, so an option o is by
    air from o >= Q on), with their nests, and their count: all, and land only. The per-group
    loops run over these (option ids, not places in `opts`: one load less an option)."""
    m = 0
    for k in range(n):
        if k == land:
            group_n[g, 1] = m
        if mask[g, opts[k]]:
            group[g, m] = opts[k]
            group_nest[g, m] = option_nest[opts[k]]
            m += 1
    if land >= n:
        group_n[g, 1] = m
    group_n[g, 0] = m


@inner
def typical_waits(net, ag):
    """The known wait the people of each region hear of, ch_typical[r]: the mean over the
    options of car travellers without a visa (group 3), weighted by exp(utility / scale) (the
    logit's weights within one country); 0 if they have none. Regions are the inner loop, so
    that their sums run side by side; each adds the same terms in the same order as a loop
    over one region's options."""
    eu0, ew, wknown = net.eu0_by_option, ag.ch_ew, ag.ch_wknown
    num, den = ag.ch_typical, ag.ch_den
    num[:] = 0.0
    den[:] = 0.0
    for j in range(ag.ch_group_n[3, 0]):
        o = ag.ch_group[3, j]
        row, e, wait = eu0[o], ew[o], min(wknown[o], 1e3)
        for r in range(net.R):
            ek = row[r] * e
            num[r] += ek * wait
            den[r] += ek
    for r in range(net.R):
        num[r] = num[r] / den[r] if den[r] > 0 else 0.0


@inner
def depart_and_choose(t, net, pol, par, ag, led, rec, rngs):
    """Leavers ~ Binomial(willing at home, p) in each region; then all of them are routed."""
    prepare_choice(t, net, pol, par, ag)
    shock = math.exp(-t * net.dt / par.announcement_decay_hours)
    pace = 1.0 if pol.callups_per_step[t] > 0 else 0.0
    surge = 1.0 + par.rumour_response * pol.rumour[0]
    willing, intensity, leavers = led.willing, net.intensity, ag.leavers
    hour, solar, swing, peak = clock_hours(t, net), net.solar_offset, par.day_swing, par.peak_hour
    rng = rngs[S_DEPART]
    for r in range(net.R):
        leavers[r] = 0
        if willing[r] <= 0:
            continue
        known = ag.ch_typical[r]
        risk = intensity[r] * (shock + par.callup_risk_weight * pace)
        rate = (par.departure_rate * risk * surge * time_of_day(hour + solar[r], swing, peak)
                * math.exp(-par.wait_deterrence * known))
        leavers[r] = binomial(rng, willing[r], 1.0 - math.exp(-rate * net.dt))
    route_leavers(t, net, pol, par, ag, led, rec, rngs)


@inline
def clock_hours(t, net):
    """Hours on the start's clock at step t, from the start day's midnight."""
    return net.start_hour + t * net.dt


@inline
def time_of_day(hour, swing, peak):
    """Departures over the day at local (solar) `hour`: mean 1 over a day, highest at `peak`."""
    if swing <= 0:
        return 1.0
    return 1.0 + swing * math.cos(2.0 * math.pi * (hour - peak) / 24.0)


@inner
def route_leavers(t, net, pol, par, ag, led, rec, rngs):
    """Split each region's leavers by car and visa segment. Car owners first form car parties
    (1-4 men); then each party, or each person without a car, picks an option by nested logit
    (those whose flight is full choose again by land) and sets off. Those with no option, or no
    seat on a coach, stay home.

    One call a step, over arrays taken out of the tuples first. The work of each group (the
    weights, the multinomial draw, the records) is written out, not called: an inlined helper
    given arrays and a generator still reference-counts each of them at every call (numba's
    atomic counts took a fifth of a run's profile samples when these were helpers)."""
    rng, size_rng, route_rng = rngs[S_SEGMENT], rngs[S_SIZE], rngs[S_ROUTE]
    groups, group_n, group_nest = ag.ch_group, ag.ch_group_n, ag.ch_group_nest
    w, counts, cum, sizes = ag.ch_w, ag.ch_cnt, ag.ch_cum, ag.ch_sizes
    state, willing = led.state, led.willing
    count, p_region, p_queue, p_size, p_seg, p_state = party_fields(ag)
    cal_keys, blocks, T = ag.cal_keys, ag.blocks, ag.cal_keys.shape[0] - 1
    nonlocal_closed, queue_crossing = pol.nonlocal_closed, net.queue_crossing
    nest, memo = ag.ch_nest, ag.ch_nest_memo
    booked, air_region, air_dest = ag.booked, ag.air_region, ag.air_dest
    coach_booked, coach_seats_a_day = ag.coach_booked, ag.ch_seats
    air_departures, unmet_air = rec.new_air_departures, rec.new_unmet_air
    departures, leavers = rec.new_departures, ag.leavers
    dt, booking_days = net.dt, net.booking_days
    per_day = int(round(24.0 / dt))
    visa_share, car_share, eu0, ew = net.visa_share, net.car_share, net.eu0, ag.ch_ew
    queue_mode, travel_steps, air_steps, seats = (net.queue_mode, net.travel_steps,
                                                  net.air_steps, pol.seats)
    Q, scale, party_p = net.Q, par.nest_scale, par.car_party_p
    local_of = net.crossing_region[queue_crossing]  # the region of a queue's crossing
    any_nonlocal = nonlocal_closed.any()
    for r in range(net.R):
        n = leavers[r]
        if n <= 0:
            continue
        n_car = binomial(rng, n, car_share[r])
        gone, spare = 0, willing[r] - n
        for car in (1, 0):
            m = n_car if car else n - n_car
            n0 = binomial(rng, m, 1.0 - visa_share[r]) if m > 0 else 0
            n1 = binomial(rng, m - n0, par.tourist_visa_share) if m - n0 > 0 else 0
            for seg, people in enumerate((n0, n1, m - n0 - n1)):
                g = car * 3 + seg
                n_opts = group_n[g, 0]  # the options open to the group
                while people > 0:  # a second round: those whose flights were full, by land
                    # Nested-logit weights w[j] of the group's first n_opts options (after a
                    # failed booking, the land options, which come first); non-local closures
                    # apply. Nests are destination countries: w = a * S**(scale - 1), a =
                    # exp(utility / scale) (eu0 x ew), S the sum of a over the country's
                    # options open to the group; scale 1 is a plain logit.
                    # (A nest's sum is carried in `acc` while its options follow each other.)
                    for d in range(nest.shape[0]):
                        nest[d] = 0.0
                    d_acc, acc = -1, 0.0
                    for j in range(n_opts):
                        o = groups[g, j]
                        wk = eu0[r, o] * ew[o]  # exp(utility / scale)
                        if any_nonlocal and wk > 0:
                            if o < Q and nonlocal_closed[o] and local_of[o] != r:
                                wk = 0.0
                        w[j] = wk
                        if group_nest[g, j] != d_acc:
                            if d_acc >= 0:
                                nest[d_acc] = acc
                            d_acc = group_nest[g, j]
                            acc = nest[d_acc]
                        acc += wk
                    if d_acc >= 0:
                        nest[d_acc] = acc
                    if scale != 1.0:
                        for d in range(nest.shape[0]):  # S**(scale - 1); the last one is kept,
                            if nest[d] > 0:            # as the next group often has the same S
                                if nest[d] != memo[0, d]:
                                    memo[0, d] = nest[d]
                                    memo[1, d] = math.exp((scale - 1.0) * math.log(nest[d]))
                                nest[d] = memo[1, d]
                    units = people
                    if car:
                        units, extra = form_parties(people, spare, sizes, size_rng, party_p)
                        spare -= extra
                    # counts ~ Multinomial(units, w / sum w): per unit for a few (a search in
                    # the running sums `cum`), else by conditional binomials. One pass scales
                    # the weights by their nest and sums them (zeros add nothing to a sum).
                    total, last_j = 0.0, -1
                    for j in range(n_opts):
                        counts[j] = 0
                        wj = w[j]
                        if wj > 0 and scale != 1.0:
                            wj *= nest[group_nest[g, j]]
                            w[j] = wj
                        if wj > 0:
                            total += wj
                            last_j = j
                        cum[j] = total
                    if total > 0 and units <= 16:
                        for _ in range(units):
                            j = first_above(cum, n_opts, route_rng.random() * total)
                            counts[j if j >= 0 else last_j] += 1
                    elif total > 0:
                        left, mass = units, total
                        for j in range(n_opts):
                            if w[j] <= 0:
                                continue
                            got, pj = left, min(1.0, w[j] / mass)
                            if w[j] < mass and is_large(left, pj):
                                got = route_rng.binomial(left, pj)
                            elif w[j] < mass:  # `binomial` written out (see `binomial`)
                                got = -1
                                while got < 0:
                                    got = binomial_inversion(left, pj, route_rng.random())
                            counts[j] += got
                            left -= got
                            mass -= w[j]
                            if left == 0:
                                break
                    first, overflow = 0, 0
                    for j in range(n_opts):  # written out: a call here reference-counts arrays
                        if counts[j] == 0:
                            continue
                        o = groups[g, j]
                        last = first + counts[j]
                        on_board = counts[j]
                        if car:
                            on_board = 0
                            for i in range(first, last):
                                on_board += sizes[i]
                        if o >= Q:  # book seats from the earliest free day within the horizon
                            a = o - Q
                            d0 = first_flight_day(t, air_steps[a], dt)
                            left = on_board
                            for d in range(d0, d0 + booking_days):
                                got = min(max(int(seats[a] - booked[a, d]), 0), left)
                                if got == 0:
                                    continue
                                booked[a, d] += got
                                land_step = max(t + air_steps[a], d * per_day + per_day // 2)
                                land_step = min(land_step, T)
                                air_region[land_step, r] += got
                                air_dest[land_step, a] += got
                                air_departures[t] += got
                                left -= got
                                if left == 0:
                                    break
                            overflow += left
                        elif queue_mode[o] == BUS:  # coach seats, booked ahead
                            q = o
                            arrive = min(t + travel_steps[r, queue_crossing[q]], T)
                            on_board -= book_coaches(
                                r, q, seg, on_board, arrive, coach_seats_a_day[q], coach_booked,
                                booking_days, per_day, par.bus_seats, count, p_region, p_queue,
                                p_size, p_seg, p_state, cal_keys, blocks, T)
                        else:  # records on the road to q: car parties, or one a person
                            q = o
                            arrive = min(t + travel_steps[r, queue_crossing[q]], T)
                            mode, i, left = queue_mode[q], first, on_board
                            while left > 0:
                                size = sizes[i] if mode == CAR else 1
                                i += 1
                                p = count[0]
                                count[0] += 1
                                p_region[p], p_queue[p], p_size[p], p_seg[p] = r, q, size, seg
                                p_state[p] = TRAVELLING
                                cal_push(cal_keys, blocks, arrive, p)
                                left -= size
                        gone += on_board
                        if car:  # the next option takes the next car parties
                            first = last
                    gone -= overflow
                    unmet_air[t] += overflow
                    land_only = group_n[g, 1]
                    people, n_opts = (overflow, land_only) if n_opts > land_only else (0, n_opts)
        willing[r] -= gone  # those with no open option at all, or no coach seat, stay home
        state[r, AT_HOME] -= gone
        state[r, ON_ROAD] += gone
        departures[t, r] += gone


@inline
def book_coaches(r, q, seg, people, arrive, seats, booked, days, per_day, bus_seats, count,
                 p_region, p_queue, p_size, p_seg, p_state, cal_keys, blocks, T):
    """Coach seats to bus queue q (`seats` a day, `booked[q]` per day) for `people` of region r
    in visa segment `seg`, who would reach the border at step `arrive`: from that day on, for
    `days` days, in coaches of up to `bus_seats`. A day's seats are slots spread over it; a
    coach sets off to reach the border at its slot (or when it can). Returns the people left
    without a seat. (Plain arrays, not the state tuples: see `serve_all`.)"""
    left, d, end = people, arrive // per_day, arrive // per_day + days
    while left > 0 and seats > 0 and d < end:
        if booked[q, d] >= seats:
            d += 1
            continue
        size = min(left, bus_seats, seats - booked[q, d])
        slot = d * per_day + booked[q, d] * per_day // seats
        p = count[0]
        count[0] += 1
        p_region[p], p_queue[p], p_size[p], p_seg[p] = r, q, size, seg
        p_state[p] = TRAVELLING
        cal_push(cal_keys, blocks, min(max(arrive, slot), T), p)
        booked[q, d] += size
        left -= size
    return left


@inline
def form_parties(people, spare, sizes, rng, p):
    """Group `people` car owners into car parties of 1 + Binomial(3, p); the last car fills up
    with up to `spare` more willing men of the region (else it leaves with who is there), so
    cars carry the mean however few leave in a step. Returns (parties, men added)."""
    n, left = 0, people
    while left > 0:
        size = min(party_size(rng.random(), p), left + spare)
        sizes[n] = size
        n += 1
        left -= size
    return n, -left


@inner
def party_size(u, p):
    """1 + Binomial(3, p) from one uniform u (inverse of the distribution function)."""
    q = 1.0 - p
    c0 = q * q * q
    c1 = c0 + 3.0 * p * q * q
    c2 = c1 + 3.0 * p * p * q
    return 1 + (u >= c0) + (u >= c1) + (u >= c2)


@inner
def first_above(cum, n, x):
    """The first k < n with cum[k] > x (cum non-decreasing), or -1: the number of sums not
    above x, counted without a branch (the comparisons run side by side; a search's branches
    were mispredicted about half the time, and options are few)."""
    k = 0
    for i in range(n):
        k += cum[i] <= x
    return k if k < n else -1


# ---------------------------------------------------------------------------------------------
# Air: seats are booked ahead; people fly on the day of their seat
# ---------------------------------------------------------------------------------------------
@inner
def arrive_by_air(t, net, ag, led, rec):
    """Flights landing this step: their passengers enter the destination."""
    for r in range(net.R):
        k = ag.air_region[t, r]
        if k > 0:
            led.state[r, ON_ROAD] -= k
            led.state[r, CROSSED] += k
    for a in range(net.A):
        rec.new_entries[t, net.air_dest_index[a]] += ag.air_dest[t, a]


@inline
def local_day(t, net):
    """The local day of step t, from the start's day (0), as the rows of `net.bg_day`."""
    return min(int(clock_hours(t, net) // 24.0), net.bg_day.shape[0] - 1)


@inner
def arrive_background_air(t, net, rec, rngs):
    """Ordinary air arrivals (and arrivals via third countries) at each destination."""
    day = local_day(t, net)
    for a in range(net.A):
        if net.air_bg_per_step[a] > 0:
            d = net.air_dest_index[a]
            k = rngs[S_BACKGROUND].poisson(net.air_bg_per_step[a] * net.bg_day[day, d])
            rec.new_entries[t, d] += k
            rec.new_entries_background[t, d] += k


# ---------------------------------------------------------------------------------------------
# Parties: created when travellers set off; they reach their queue after the travel time
# ---------------------------------------------------------------------------------------------
@inner
def party_fields(ag):
    """The arrays a new party record is written into (a small tuple is cheap to pass)."""
    return (ag.count, ag.p_region, ag.p_queue, ag.p_size, ag.p_seg, ag.p_state)


@jit
def push(head, tail, links, key, p):
    """Append party p to the linked list `key` (heads/tails arrays, links through `links`)."""
    if tail[key] < 0:
        head[key] = p
    else:
        links[tail[key]] = p
    tail[key] = p
    links[p] = -1


# CALENDARS: list `key` (a step) of a calendar is kept in blocks, rows of `blocks` shared by both
# calendars: BLOCK record ids, then the next row of the list (column LINK, -1 at its end).
# keys[key] is (first row, last row, ids in the last row); (-1, -1, 0) when empty. Row 0 is the
# pool's own: [0, 0] the first free row (a list through LINK), [0, 1] the first row never used.
# A visit reads a block's ids one after another, so the records' fields load side by side, not
# one link after another as in a list through the records. Visited lists go back to the pool.
BLOCK = 15
LINK = BLOCK  # 16 int32, 64 bytes a row


@jit
def cal_push(keys, blocks, key, p):
    """Add record p at the end of calendar list `key`."""
    last, n = keys[key, 1], keys[key, 2]
    if n == BLOCK or last < 0:
        b = blocks[0, 0]  # a free row, else a new one
        if b > 0:
            blocks[0, 0] = blocks[b, LINK]
        else:
            b = blocks[0, 1]
            blocks[0, 1] = b + 1
        blocks[b, LINK] = -1
        if last < 0:
            keys[key, 0] = b
        else:
            blocks[last, LINK] = b
        keys[key, 1], last, n = b, b, 0
    blocks[last, n] = p
    keys[key, 2] = n + 1


@inline
def cal_count(keys, key, b):
    """How many ids row b of calendar list `key` holds (all but its last row are full)."""
    return keys[key, 2] if b == keys[key, 1] else BLOCK


@jit
def cal_release(keys, blocks, key):
    """Give calendar list `key`'s rows back to the pool (once the list was visited)."""
    if keys[key, 0] >= 0:
        blocks[keys[key, 1], LINK] = blocks[0, 0]
        blocks[0, 0] = keys[key, 0]
        keys[key, 0], keys[key, 1], keys[key, 2] = -1, -1, 0


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


@jit
def draw_patience(rng, mean, shape, out):
    """Fill `out` with queued parties' patience in hours, in order: gamma with this mean and
    shape (shape 1 draws the exponential directly, the same numbers as before the shape existed).

    The queueing loops take their draws from such a batch (`ag.patience`, next unused at
    `ag.patience_next[0]`): the same numbers in the same order as one draw a party, but a draw
    inside those loops reference-counted the generator at every party, which cost more than
    the draw."""
    for i in range(out.shape[0]):
        out[i] = rng.exponential(mean) if shape == 1.0 else rng.gamma(shape, mean / shape)


@inner
def join_travellers(t, net, pol, par, ag, led, rec, rngs):
    """Parties whose travel ends now join their queue, or are turned away if it closed to them.

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
    mean, shape = par.patience_hours, par.patience_shape
    patience, used = ag.patience, ag.patience_next
    turned_head, turned_tail = ag.turned_head, ag.turned_tail
    b = cal_keys[t, 0]
    while b >= 0:
        for k in range(cal_count(cal_keys, t, b)):
            p = blocks[b, k]
            r, size, q = p_region[p], p_size[p], p_queue[p]
            state[r, ON_ROAD] -= size
            state[r, IN_QUEUE] += size
            local_ok = not nonlocal_closed[q] or crossing_region[queue_crossing[q]] == r
            if cap[q] > 0 and open_seg[p_seg[p], q] and local_ok:
                push(q_head, q_tail, nxt, q, p)
                p_state[p] = QUEUED
                p_join[p] = t
                q_parties[q] += 1
                q_people[q] += size
                arrivals[t, q] += size
                if used[0] == patience.shape[0]:  # see draw_patience
                    draw_patience(rng, mean, shape, patience)
                    used[0] = 0
                give_up = t + 1 + int(patience[used[0]] / dt)
                used[0] += 1
                if give_up < horizon:
                    cal_push(ren_keys, blocks, give_up, p)
            else:  # closed to it while it travelled: it is turned away at once
                rec.new_turned_back[t, q] += size
                push(turned_head, turned_tail, nxt, 0, p)  # see TURNED
        b = blocks[b, LINK]
    cal_release(cal_keys, blocks, t)


# ---------------------------------------------------------------------------------------------
# Queues: walking instead of waiting, service at capacity, screening, giving up
# ---------------------------------------------------------------------------------------------
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

    At the booth a party is turned back if a closure bars its group; else a mobilization point
    stops a share of its men and the rest cross. A closure to non-locals bars the way into the
    crossing's region, not the booth: the parties already queued there pass.

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


@inner
def renege(t, net, pol, par, ag, led, rec, rngs):
    """Parties turned back this step, and those whose patience ends now, leave the border: to
    another crossing (a new party record), or home. One loop: it runs for every leaver.

    Most records whose patience ends were served before. Each row of the patience calendar is
    first cut down to those still queued, without a branch on each (so their states load side
    by side); then they leave, in order."""
    rng = rngs[S_REROUTE]
    count, cal_keys, ren_keys, blocks = ag.count, ag.cal_keys, ag.ren_keys, ag.blocks
    p_region, p_queue, p_size = ag.p_region, ag.p_queue, ag.p_size
    p_seg, p_state = ag.p_seg, ag.p_state
    nxt_q, still = ag.nxt, ag.still
    q_parties, q_people = ag.q_parties, ag.q_people
    state, reneged_t, share = led.state, rec.new_reneged[t], par.reroute_share
    opts, mask, ewnow, eu0_c2c = ag.ch_opts[: ag.ch_n[1]], ag.ch_mask, ag.ch_ewnow, net.eu0_c2c
    queue_crossing, queue_mode = net.queue_crossing, net.queue_mode
    crossing_region = net.crossing_region
    nonlocal_closed, c2c_steps, last = pol.nonlocal_closed, net.c2c_steps, cal_keys.shape[0] - 1
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
            g = (3 if car else 0) + p_seg[p]
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
        arrive = min(t + max(1, c2c_steps[c, queue_crossing[q2]]), last)
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


# ---------------------------------------------------------------------------------------------
# Records at the end of the step
# ---------------------------------------------------------------------------------------------
@inner
def record(t, net, pol, par, ag, led, rec):
    """Stocks at the end of the step, each queue's surge, and the expected wait people will
    hear about (at the capacity now working)."""
    row = ag.wait_hist[(t + 1) % ag.wait_hist.shape[0]]
    parties, people, cap, mode = ag.q_parties, ag.q_people, pol.cap, net.queue_mode
    out_parties, out_people = rec.n_queue_parties[t], rec.n_queue_people[t]
    out_cap = rec.capacity[t]
    for q in range(net.Q):
        out_parties[q] = parties[q]
        out_people[q] = people[q]
        units = parties[q] if mode[q] == CAR else people[q]
        if net.surge_max[q] > 1.0 and cap[q] > 0:
            surge_step(t, q, units / (cap[q] * ag.surge[q]), net.surge_max[q], par, ag.surge,
                       ag.surge_since)
        working = cap[q] * ag.surge[q]
        out_cap[q] = working
        row[q] = units / working if working > 0 else 1e4
    rec.n_state[t] = led.state


@inner
def surge_step(t, q, hours, factor, par, surge, since):
    """A crossing whose queue would take `surge_trigger_hours` to serve starts adding staff and
    booths; its capacity grows linearly to `factor` (its `surge_factor`) times its own over
    `surge_hours`, and stays there."""
    if since[q] < 0 and hours > par.surge_trigger_hours:
        since[q] = t
    if since[q] >= 0:
        ramp = min(1.0, (t + 1 - since[q]) / par.surge_steps)
        surge[q] = 1.0 + (factor - 1.0) * ramp
