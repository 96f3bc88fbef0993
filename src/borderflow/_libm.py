"""Arithmetic that gives the same bits on every x86-64 machine.

A seeded run or calibration must come out the same wherever it runs: on a laptop, a server, each
worker of a Dask cluster. numpy does not promise that. On machines with AVX-512 its loops for
exp, log, expm1, sin, cos and arcsin are SIMD code whose last bit differs from the C library's,
and its matrix products, covariances and Cholesky factors come from OpenBLAS, whose kernels (and
so their order of additions) are chosen by the processor. One bit moved in a travel time, a
parameter value or a distance moves every random draw after it.

So the model's transcendental functions are taken one number at a time from the C library (numba
calls it, as the kernels do), and its few matrix operations are plain loops in a fixed order.
The arrays involved are small (regions x options, particles x parameters).
"""

from __future__ import annotations

import math

import numba
import numpy as np

jit = numba.njit(cache=True, nogil=True)


EXP, LOG, EXPM1 = range(3)


@jit
def _each_flat(x, op):
    out = np.empty_like(x)
    for i in range(x.size):
        v = x[i]
        if op == EXP:
            out[i] = math.exp(v)
        elif op == EXPM1:
            out[i] = math.expm1(v)
        else:
            out[i] = math.log(v) if v > 0 else (-np.inf if v == 0 else np.nan)
    return out


def _each(op: int, x):
    """Function `op` of each element of x (any shape, or a scalar: then a float)."""
    a = np.asarray(x, dtype=float)
    out = _each_flat(np.ascontiguousarray(a.reshape(-1)), op).reshape(a.shape)
    return out if out.ndim else float(out)


def exp(x):
    """e**x, element by element."""
    return _each(EXP, x)


def log(x):
    """Natural logarithm, element by element (-inf at 0, nan below)."""
    return _each(LOG, x)


def expm1(x):
    """e**x - 1, element by element."""
    return _each(EXPM1, x)


@jit
def _matmul(a, b):
    n, k = a.shape
    m = b.shape[1]
    out = np.zeros((n, m))
    for i in range(n):
        for j in range(m):
            s = 0.0
            for r in range(k):
                s += a[i, r] * b[r, j]
            out[i, j] = s
    return out


def matmul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a @ b for 2-D arrays, each entry summed in the order of the inner index."""
    return _matmul(np.ascontiguousarray(a, dtype=float), np.ascontiguousarray(b, dtype=float))


@jit
def _cov(z):
    n, d = z.shape
    mean = np.zeros(d)
    for i in range(n):
        for j in range(d):
            mean[j] += z[i, j]
    mean /= n
    out = np.zeros((d, d))
    for i in range(n):
        for j in range(d):
            dj = z[i, j] - mean[j]
            for k in range(j + 1):
                out[j, k] += dj * (z[i, k] - mean[k])
    for j in range(d):
        for k in range(j + 1):
            out[j, k] /= n - 1
            out[k, j] = out[j, k]
    return out


def cov(z: np.ndarray) -> np.ndarray:
    """The sample covariance of the rows of z (n x d, n >= 2), as np.cov(z.T)."""
    return _cov(np.ascontiguousarray(z, dtype=float))


@jit
def _cholesky(a):
    d = a.shape[0]
    low = np.zeros((d, d))
    for j in range(d):
        s = a[j, j]
        for k in range(j):
            s -= low[j, k] * low[j, k]
        if s <= 0.0:
            raise ValueError("cholesky: the matrix is not positive definite")
        low[j, j] = math.sqrt(s)
        for i in range(j + 1, d):
            s = a[i, j]
            for k in range(j):
                s -= low[i, k] * low[j, k]
            low[i, j] = s / low[j, j]
    return low


def cholesky(a: np.ndarray) -> np.ndarray:
    """The lower-triangular L with L @ L.T = a (a symmetric, positive definite)."""
    return _cholesky(np.ascontiguousarray(a, dtype=float))
