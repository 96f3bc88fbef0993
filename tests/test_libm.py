"""The arithmetic that must give the same bits on every machine (`_libm`): the C library's
functions number by number, and matrix operations summed in a stated order."""

from __future__ import annotations

import math

import numpy as np
import pytest

from borderflow import _libm as libm


@pytest.mark.parametrize("name", ["exp", "log", "expm1"])
def test_elementwise_functions_are_the_c_librarys_bit_for_bit(name):
    x = np.random.default_rng(3).uniform(-30, 30, (6, 11))
    if name == "log":
        x = np.abs(x)
    got = getattr(libm, name)(x)
    want = np.array([[getattr(math, name)(v) for v in row] for row in x])
    assert got.shape == x.shape and np.array_equal(got, want)
    scalar = getattr(libm, name)(1.5)
    assert isinstance(scalar, float) and scalar == getattr(math, name)(1.5)


def test_log_of_zero_is_minus_infinity_and_below_zero_nan():
    assert np.array_equal(libm.log(np.array([0.0, 1.0])), [-np.inf, 0.0])
    assert np.isnan(libm.log(-1.0))


def test_matmul_sums_each_entry_in_the_order_of_the_inner_index():
    rng = np.random.default_rng(4)
    a, b = rng.normal(size=(5, 7)), rng.normal(size=(7, 3))
    want = np.zeros((5, 3))
    for i in range(5):
        for j in range(3):
            s = 0.0
            for k in range(7):
                s += a[i, k] * b[k, j]
            want[i, j] = s
    assert np.array_equal(libm.matmul(a, b), want)
    assert np.allclose(libm.matmul(a, b), a @ b, rtol=1e-13, atol=1e-13)


def test_covariance_and_cholesky_agree_with_numpys_to_rounding():
    z = np.random.default_rng(5).normal(size=(200, 6)) * [1, 2, 3, 0.1, 5, 1]
    c = libm.cov(z)
    assert np.allclose(c, np.cov(z.T), rtol=1e-12, atol=1e-14)
    low = libm.cholesky(c)
    assert np.array_equal(low, np.tril(low))
    assert np.allclose(low, np.linalg.cholesky(c), rtol=1e-10, atol=1e-12)
    assert np.allclose(libm.matmul(low, low.T), c, rtol=1e-12, atol=1e-14)


def test_cholesky_refuses_a_matrix_that_is_not_positive_definite():
    with pytest.raises(ValueError, match="positive definite"):
        libm.cholesky(np.array([[1.0, 2.0], [2.0, 1.0]]))
