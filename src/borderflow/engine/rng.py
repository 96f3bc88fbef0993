"""Every random stream of borderflow and the spawn key it comes from, in one table.

A seed fixes a run, a calibration and a forecast on any executor and any number of workers: each
stream is a `SeedSequence` child with its own spawn key, derived from the seed the work item
carries, never from a shared generator. No two uses share a key under one root seed.

| spawn key under the root seed     | stream                                                  |
|-----------------------------------|---------------------------------------------------------|
| (i,), i < len(STREAMS)            | a run's kernel stream STREAMS[i] (one per decision)     |
| (BG_DAY_STREAM, DAY_ZERO + day)   | a run's background day factor of one day                |
| (g, 0, r)                         | calibration generation g, round r: refills and moves    |
| (g, 1, r).spawn(n)                | calibration generation g, round r: the n run seeds      |
| (0,)                              | a forecast's resampling of the posterior                |
| (1,).spawn(members)               | a forecast's member seeds                               |
| (2,)                              | a forecast's model-error draws (its discrepancy)        |
| (3,)                              | a forecast's draws of the priors left to the band       |
| (4, k)                            | a backtest's model-error draws at its k-th cut-off      |

Calibration and forecast keys live under their own root seeds (`--seed`), not a run's.
"""

from __future__ import annotations

import numpy as np

STREAMS: tuple[str, ...] = (
    "callups", "departures", "segments", "routes", "party_size",
    "background", "patience", "walk_switch", "screening", "reroute", "air",
)
"""A run's named streams, one per decision; the kernels index them by position (S_* in
`kernels.common`)."""

BG_DAY_STREAM = 1_000  # spawn key of the day factors, apart from the kernels' streams (0, 1, ...)
DAY_ZERO = 1 << 20  # day offsets are keyed from here, so days before the start have keys too


def _generator(entropy: int, key: tuple[int, ...]) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(entropy, spawn_key=key)))


def stream_generators(seed: int) -> tuple[np.random.Generator, ...]:
    """A run's generators, one per name in STREAMS, all derived from the run's seed."""
    root = np.random.SeedSequence(seed)
    return tuple(_generator(root.entropy, (i,)) for i in range(len(STREAMS)))


def day_generator(seed: int, day: int) -> np.random.Generator:
    """The stream of a run's background day factor of `day` (days before the start too)."""
    return _generator(seed, (BG_DAY_STREAM, DAY_ZERO + day))


def calibration_generator(seed: int, g: int, r: int) -> np.random.Generator:
    """Calibration generation g, round r (r = 0: refilling; r > 0: the r-th move)."""
    return _generator(seed, (g, 0, r))


def calibration_seeds(seed: int, g: int, n: int, r: int = 0) -> np.ndarray:
    """Seeds of the n simulations of calibration generation g, round r."""
    children = np.random.SeedSequence(seed, spawn_key=(g, 1, r)).spawn(n)
    return np.array([c.generate_state(1, np.uint64)[0] for c in children], dtype=np.uint64)


def forecast_generator(seed: int) -> np.random.Generator:
    """A forecast's stream for resampling the posterior's particles."""
    return _generator(seed, (0,))


def member_seeds(seed: int, members: int) -> np.ndarray:
    """A forecast's member seeds."""
    children = np.random.SeedSequence(seed, spawn_key=(1,)).spawn(members)
    return np.array([c.generate_state(1, np.uint32)[0] for c in children], dtype=np.int64)


def discrepancy_generator(seed: int) -> np.random.Generator:
    """A forecast's draws of the model's error against reports (one per member and series)."""
    return _generator(seed, (2,))


def band_generator(seed: int) -> np.random.Generator:
    """A forecast's draws of the parameters no report informs (priors with `fit = false`)."""
    return _generator(seed, (3,))


def backtest_error_generator(seed: int, k: int) -> np.random.Generator:
    """A backtest's draws of the model's error for its k-th cut-off (counted among all)."""
    return _generator(seed, (4, k))
