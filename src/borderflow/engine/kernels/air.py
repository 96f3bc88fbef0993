"""Air: seats are booked ahead; people fly on the day of their seat."""

from __future__ import annotations

from borderflow.engine.kernels.clock import local_day
from borderflow.engine.kernels.common import CROSSED, ON_ROAD, S_BACKGROUND, inline, inner


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


@inner
def first_flight_day(t, air_steps, dt):
    """The first day (from the start) on which a traveller deciding at step t can fly, with
    `air_steps` steps from deciding to boarding (scalars: it is called inside the routing loop)."""
    return int((t + air_steps) * dt // 24.0)


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
