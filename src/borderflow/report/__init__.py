"""Outputs for people: the offline HTML brief and its figures, and exports for HDX."""

from borderflow._lazy import lazy_exports

_HOMES = {"ReportError": "data", "build_report": "html", "export": "hdx"}
__all__ = ["ReportError", "build_report", "export"]
__getattr__, __dir__ = lazy_exports(__name__, _HOMES)
