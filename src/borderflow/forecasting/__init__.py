"""Forecasts: run a posterior ensemble past the cut-off, reduce it to daily quantiles, score it."""

from borderflow._lazy import lazy_exports

_HOMES = {
    "backtest": "backtesting",
    "forecast": "ensemble",
    "format_score": "scoring",
    "load_ensemble": "ensemble",
    "read_posterior": "ensemble",
    "score": "scoring",
}
__all__ = ["backtest", "forecast", "format_score", "load_ensemble", "read_posterior", "score"]
__getattr__, __dir__ = lazy_exports(__name__, _HOMES)
