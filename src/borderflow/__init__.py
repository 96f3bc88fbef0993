"""borderflow: mass departures across land borders after a mobilization order.

The public names are imported when first used (PEP 562), so `import borderflow` is quick and a
worker process that only runs simulations does not import the plotting, netCDF or calibration
libraries.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_HOMES = {  # public name -> the module that defines it
    "list_scenarios": "_bundled", "calibrate": "_calibrate", "Sim": "_engine",
    "simulate": "_engine", "extract": "_extract", "forecast": "_forecast", "needs": "_needs",
    "load_observations": "_observations", "MODES": "_parameters", "PARAMETERS": "_parameters",
    "SEGMENTS": "_parameters", "STATES": "_parameters", "ParameterError": "_parameters",
    "Problem": "_problems", "ScenarioError": "_problems", "Results": "_results",
    "CallUps": "_scenario", "Event": "_scenario", "Prior": "_scenario", "Scenario": "_scenario",
    "load_scenario": "_scenario",
}

__all__ = [  # the names of _HOMES, and the version
    "CallUps", "Event", "MODES", "PARAMETERS", "ParameterError", "Prior", "Problem", "Results",
    "SEGMENTS", "STATES", "Scenario", "ScenarioError", "Sim", "__version__", "calibrate",
    "extract", "forecast", "list_scenarios", "load_observations", "load_scenario", "needs",
    "simulate",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'borderflow' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"borderflow.{home}"), name)
    globals()[name] = value  # the next use is a plain lookup
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOMES))


if TYPE_CHECKING:  # for type checkers and editors: the same names, imported eagerly
    from borderflow._bundled import list_scenarios
    from borderflow._calibrate import calibrate
    from borderflow._engine import Sim, simulate
    from borderflow._extract import extract
    from borderflow._forecast import forecast
    from borderflow._needs import needs
    from borderflow._observations import load_observations
    from borderflow._parameters import MODES, PARAMETERS, SEGMENTS, STATES, ParameterError
    from borderflow._problems import Problem, ScenarioError
    from borderflow._results import Results
    from borderflow._scenario import CallUps, Event, Prior, Scenario, load_scenario
