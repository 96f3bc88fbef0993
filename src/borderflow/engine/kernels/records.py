"""Records at the end of the step: stocks, capacity working (with its surge), and the wait
people will hear about."""

from __future__ import annotations

from borderflow.engine.kernels.common import CAR, inner


@inner
def record(t, net, pol, par, ag, led, rec):
    """Stocks at the end of the step, each queue's surge, and the expected wait people will
    hear about (at the capacity now working; a foot line's with what idle car booths add)."""
    row = ag.wait_hist[(t + 1) % ag.wait_hist.shape[0]]
    parties, people, cap, mode, open_any = (ag.q_parties, ag.q_people, pol.cap, net.queue_mode,
                                            pol.open_any)
    out_parties, out_people = rec.n_queue_parties[t], rec.n_queue_people[t]
    out_cap = rec.capacity[t]
    for q in range(net.Q):
        out_parties[q] = parties[q]
        out_people[q] = people[q]
        units = parties[q] if mode[q] == CAR else people[q]
        if net.surge_max[q] > 1.0 and cap[q] > 0 and open_any[q]:  # no staff added when closed
            surge_step(t, q, units / (cap[q] * ag.surge[q]), net.surge_max[q], par, ag.surge,
                       ag.surge_since)
        working = cap[q] * ag.surge[q]
        out_cap[q] = working
        if mode[q] == net.foot_mode and working > 0:  # idle car booths serve walkers too
            q_car = q - net.foot_mode + CAR
            if parties[q_car] == 0 and cap[q_car] > 0:
                working += cap[q_car] * ag.surge[q_car] * par.walkers_per_car_slot
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
