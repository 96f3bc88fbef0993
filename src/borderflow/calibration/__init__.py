"""Calibration: fit a scenario's priors to reported figures (ABC-SMC with MCMC moves)."""

from borderflow._lazy import lazy_exports

_HOMES = {"Settings": "abc", "calibrate": "abc", "fit_table": "fit"}
__all__ = ["Settings", "calibrate", "fit_table"]
__getattr__, __dir__ = lazy_exports(__name__, _HOMES)
