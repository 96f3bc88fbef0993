"""Random draws the kernels make in bulk or by hand: numpy's binomial inversion, patience in
batches, car party sizes, and picking from running sums (the same numbers as numpy's own)."""

from __future__ import annotations

import math

from borderflow.engine.kernels.common import inner, jit


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
