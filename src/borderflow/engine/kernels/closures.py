"""Closures heard of. Parties in line at a post that closes to their group are there: they leave
the line the step it closes. Parties on the road to a queue closed to them hear of it with the
delay of the queue news (`info_delay`) and turn back then, instead of on arrival.

`ag.shut_hist` keeps, for the last steps (a ring, as `wait_hist`), which queue is closed to which
visa segment (rows 0..N_SEGMENTS-1: no capacity, or the segment barred) and which to non-locals
(row N_SEGMENTS). Parties are walked only on a step where a closure begins (the queues it bars)
or is heard of (the travel calendar); on other steps this is a comparison of two small rows."""

from __future__ import annotations

from borderflow.engine.kernels.common import (
    DONE,
    IN_QUEUE,
    N_SEGMENTS,
    ON_ROAD,
    QUEUED,
    TRAVELLING,
    inner,
)
from borderflow.engine.kernels.parties import LINK, cal_count, push


@inner
def hear_closures(t, net, pol, par, ag, led, rec):
    """Record the closures in force now; empty the lines of the groups a closure bars from now
    on; turn back the travellers who hear now of a closure that began `info_delay` ago."""
    hist = ag.shut_hist
    H, delay = hist.shape[0], par.info_delay_steps
    now, cap, open_seg, nonlocal_closed = hist[t % H], pol.cap, pol.open_seg, pol.nonlocal_closed
    for q in range(net.Q):
        for s in range(N_SEGMENTS):
            now[s, q] = not (cap[q] > 0 and open_seg[s, q])
        now[N_SEGMENTS, q] = nonlocal_closed[q]
    if t >= 1 and newly_shut(now, hist[(t - 1) % H]):
        leave_lines(t, net, pol, ag, rec, now, hist[(t - 1) % H])
    if t - delay >= 1 and newly_shut(hist[(t - delay) % H], hist[(t - delay - 1) % H]):
        turn_travellers(t, net, ag, led, rec, hist[(t - delay) % H], now)


@inner
def newly_shut(now, before):
    """Whether something is closed in `now` that was open in `before`."""
    for s in range(now.shape[0]):
        for q in range(now.shape[1]):
            if now[s, q] and not before[s, q]:
                return True
    return False


@inner
def leave_lines(t, net, pol, ag, rec, now, before):
    """At each queue (still served) that closed now to some visa segment, the parties of the
    segments it bars leave the line at once, counted as turned back (they re-route or go home in
    `renege`); at a post now closed to everyone, ordinary traffic leaves too. A closure to
    non-locals is left out: it bars the way into the region, not the booth (those queued pass).
    A queue with no capacity left is emptied by `close_queue`."""
    p_state, p_size, p_region, p_seg, nxt = ag.p_state, ag.p_size, ag.p_region, ag.p_seg, ag.nxt
    q_head, q_tail, q_parties, q_people = ag.q_head, ag.q_tail, ag.q_parties, ag.q_people
    turned_head, turned_tail, turned_t = ag.turned_head, ag.turned_tail, rec.new_turned_back[t]
    cap, open_any, budget = pol.cap, pol.open_any, ag.budget
    for q in range(net.Q):
        if q_parties[q] == 0 or cap[q] <= 0:
            continue
        began = False
        for s in range(N_SEGMENTS):
            began = began or (now[s, q] and not before[s, q])
        if not began:
            continue
        everyone = not open_any[q]
        p, last = q_head[q], -1
        while p >= 0:  # relink the list through those who stay
            nxt_p = nxt[p]
            if p_state[p] == QUEUED:
                r = p_region[p]
                if (everyone and r < 0) or (r >= 0 and now[p_seg[p], q]):
                    p_state[p] = DONE
                    q_parties[q] -= 1
                    q_people[q] -= p_size[p]
                    turned_t[q] += p_size[p]
                    if r >= 0:
                        push(turned_head, turned_tail, nxt, 0, p)  # see TURNED
                elif last < 0:
                    q_head[q], last = p, p
                else:
                    nxt[last], last = p, p
            p = nxt_p
        if last < 0:
            q_head[q] = -1
            budget[q] = 0.0
        else:
            nxt[last] = -1
        q_tail[q] = last


@inner
def turn_travellers(t, net, ag, led, rec, heard, now):
    """Parties on the road to a queue closed to them in the policy heard of (`heard`) and still
    closed now turn back where they are, counted as turned back at that crossing this step.
    Their record keeps the step it would have arrived (`p_join`), so that `renege` can place
    them on the road; `join_travellers` skips the record when that step comes."""
    p_region, p_queue, p_size, p_seg = ag.p_region, ag.p_queue, ag.p_size, ag.p_seg
    p_state, p_join, nxt = ag.p_state, ag.p_join, ag.nxt
    cal_keys, blocks, state = ag.cal_keys, ag.blocks, led.state
    turned_head, turned_tail, turned_t = ag.turned_head, ag.turned_tail, rec.new_turned_back[t]
    local_of, queue_crossing = net.crossing_region, net.queue_crossing
    for key in range(t + 1, cal_keys.shape[0]):
        b = cal_keys[key, 0]
        while b >= 0:
            for k in range(cal_count(cal_keys, key, b)):
                p = blocks[b, k]
                if p_state[p] != TRAVELLING:
                    continue
                q, r, s = p_queue[p], p_region[p], p_seg[p]
                barred = local_of[queue_crossing[q]] != r
                if not ((heard[s, q] or (heard[N_SEGMENTS, q] and barred))
                        and (now[s, q] or (now[N_SEGMENTS, q] and barred))):
                    continue
                size = p_size[p]
                p_state[p] = DONE
                p_join[p] = key
                state[r, ON_ROAD] -= size
                state[r, IN_QUEUE] += size  # as if at the border: `renege` takes it from there
                turned_t[q] += size
                push(turned_head, turned_tail, nxt, 0, p)  # see TURNED
            b = blocks[b, LINK]
