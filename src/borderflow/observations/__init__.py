"""Reported figures: the observation format, checked against a scenario, and the calibration
targets they become."""

from borderflow._lazy import lazy_exports

_HOMES = {"METRICS": "load", "ObservationsError": "load", "load_observations": "load"}
__all__ = ["METRICS", "ObservationsError", "load_observations"]
__getattr__, __dir__ = lazy_exports(__name__, _HOMES)
