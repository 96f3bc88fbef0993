"""The engine: `Sim` runs a scenario step by step (numba kernels over arrays) into `Results`."""

from borderflow._lazy import lazy_exports

_HOMES = {"Sim": "sim", "simulate": "sim"}
__all__ = ["Sim", "simulate"]
__getattr__, __dir__ = lazy_exports(__name__, _HOMES)
