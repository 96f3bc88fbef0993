"""The step's clock: hours of the run and local days (kernels read the day's rates by it)."""

from __future__ import annotations

from borderflow.engine.kernels.common import inline


@inline
def clock_hours(t, net):
    """Hours on the start's clock at step t, from the start day's midnight."""
    return net.start_hour + t * net.dt


@inline
def local_day(t, net):
    """The local day of step t, from the start's day (0), as the rows of `net.bg_day`."""
    return min(int(clock_hours(t, net) // 24.0), net.bg_day.shape[0] - 1)
