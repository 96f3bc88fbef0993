"""Call-ups, departures and route choice: who leaves home this step, in what parties, and by
which crossing, mode or flight (a nested logit over the open options, nests = countries)."""

from __future__ import annotations

import math

from borderflow.engine.kernels.air import air_wait_hours, first_flight_day, hours_to_seat
from borderflow.engine.kernels.clock import clock_hours
from borderflow.engine.kernels.common import (
    AT_HOME,
    BUS,
    CALLED_UP,
    CAR,
    N_GROUPS,
    N_SEGMENTS,
    ON_ROAD,
    S_CALLUPS,
    S_DEPART,
    S_ROUTE,
    S_SEGMENT,
    S_SIZE,
    TRAVELLING,
    inline,
    inner,
)
from borderflow.engine.kernels.draws import (
    binomial,
    binomial_inversion,
    first_above,
    is_large,
    party_size,
)
from borderflow.engine.kernels.parties import cal_push, party_fields


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
def prepare_choice(t, net, pol, par, ag):
    """Once per step: the open options, their known waits and who may choose them.

    Groups g = car * N_SEGMENTS + visa segment, each with its list of open options. Waits people act
    on are `info_delay` steps old; parties already at a border see the queues as they are now
    (for re-routing). A crossing with a mobilization point that stops a share s of the men is
    worth (1 - s) of one without it: its utility gains log(1 - s), the odds of getting through
    (announced, so known at once). A coach's wait adds the hours until its first day with a
    seat left; sold out over the horizon, it is closed."""
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
        through = 1.0 - pol.screen[net.queue_crossing[q]]  # a man's chance past a draft office
        ag.ch_ew[q] = (math.exp(-par.wait_sensitivity / par.nest_scale * ag.ch_wknown[q])
                       * through ** (1.0 / par.nest_scale) if ok else 0.0)
        ag.ch_ewnow[q] = (math.exp(-par.wait_sensitivity * ag.wait_hist[now, q]) * through
                          if ok else 0.0)
        for g in range(N_GROUPS):
            car_ok = g >= N_SEGMENTS or net.queue_mode[q] != CAR
            ag.ch_mask[g, q] = ok and car_ok and pol.open_seg[g % N_SEGMENTS, q]
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
    for g in range(N_GROUPS):
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
    options of car travellers without a visa (group N_SEGMENTS), weighted by exp(utility /
    scale) (the
    logit's weights within one country); 0 if they have none. Regions are the inner loop, so
    that their sums run side by side; each adds the same terms in the same order as a loop
    over one region's options."""
    eu0, ew, wknown = net.eu0_by_option, ag.ch_ew, ag.ch_wknown
    num, den = ag.ch_typical, ag.ch_den
    num[:] = 0.0
    den[:] = 0.0
    for j in range(ag.ch_group_n[N_SEGMENTS, 0]):
        o = ag.ch_group[N_SEGMENTS, j]
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
                g = car * N_SEGMENTS + seg
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


@inline
def coach_seats(q, net, pol, ag):
    """Coach seats a day to bus queue q: what the border clears of it in its open hours at the
    capacity now working, less the ordinary traffic's share. Coaches sell no more."""
    c = net.queue_crossing[q]
    per_day = 24.0 / net.dt
    cleared = pol.cap[q] * ag.surge[q] * (net.open_to[c] - net.open_from[c])
    return max(0, int(cleared - net.bg_parties_per_step[q] * pol.bg_scale[q] * per_day))
