"""Party records and the lists through them: a queue's FIFO list, the calendars of future steps.

CALENDARS: list `key` (a step) of a calendar is kept in blocks, rows of `blocks` shared by both
calendars (travel and patience): BLOCK record ids, then the next row of the list (column LINK,
-1 at its end). keys[key] is (first row, last row, ids in the last row); (-1, -1, 0) when empty.
Row 0 is the pool's own: [0, 0] the first free row (a list through LINK), [0, 1] the first row
never used. A visit reads a block's ids one after another, so the records' fields load side by
side, not one link after another as in a list through the records. Visited lists go back to the
pool. Nothing is added to a step's list once that step has been visited (arrivals are due this
step, before `join_travellers`, or later; give-ups from the next step on).
"""

from __future__ import annotations

from borderflow.engine.kernels.common import inline, inner, jit

BLOCK = 15
LINK = BLOCK  # 16 int32, 64 bytes a row


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
def party_fields(ag):
    """The arrays a new party record is written into (a small tuple is cheap to pass)."""
    return (ag.count, ag.p_region, ag.p_queue, ag.p_size, ag.p_seg, ag.p_state)
