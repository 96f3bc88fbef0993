"""Scenarios: the immutable input of a run (`Scenario`), the files it is read from, every check
on them, and the scenarios bundled with borderflow (`bundled/`)."""

from borderflow._lazy import lazy_exports

_HOMES = {
    "CallUps": "model",
    "Event": "model",
    "Gazetteer": "gazetteer",
    "Prior": "model",
    "Scenario": "model",
    "bundled_names": "catalog",
    "check_folder": "load",
    "copy_scenario": "catalog",
    "list_scenarios": "catalog",
    "load_scenario": "load",
}
__all__ = [
    "CallUps",
    "Event",
    "Gazetteer",
    "Prior",
    "Scenario",
    "bundled_names",
    "check_folder",
    "copy_scenario",
    "list_scenarios",
    "load_scenario",
]
__getattr__, __dir__ = lazy_exports(__name__, _HOMES)
