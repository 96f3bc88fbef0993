"""What runs and forecasts produce: `Results`, the daily reduction, quantiles, and the run and
forecast folders on disk (`artifacts`)."""

from borderflow._lazy import lazy_exports

_HOMES = {
    "Output": "artifacts",
    "OutputError": "artifacts",
    "QCOLS": "quantiles",
    "QUANTILES": "quantiles",
    "Results": "results",
    "open_output": "artifacts",
}
__all__ = ["Output", "OutputError", "QCOLS", "QUANTILES", "Results", "open_output"]
__getattr__, __dir__ = lazy_exports(__name__, _HOMES)
