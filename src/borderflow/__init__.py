"""borderflow: mass departures across land borders after a mobilization order.

The pipeline, one sub-package a stage (docs/architecture.md):

    scenario -> engine -> results -> needs, report
    observations -> calibrate -> forecast -> needs, report
    extract (news text -> observations)

The public names are imported when first used (PEP 562), so `import borderflow` is quick and a
worker process that only runs simulations does not import the plotting, netCDF or calibration
libraries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from borderflow._lazy import lazy_exports
from borderflow._version import __version__

_HOMES = {  # public name -> the module that defines it
    "CallUps": "scenario.model", "DaskExecutor": "executors", "Event": "scenario.model",
    "MODES": "parameters", "PARAMETERS": "parameters", "ParameterError": "parameters",
    "Prior": "scenario.model", "Problem": "problems", "ProcessExecutor": "executors",
    "Results": "results.results", "SEGMENTS": "parameters", "STATES": "parameters",
    "Scenario": "scenario.model", "ScenarioError": "problems", "SerialExecutor": "executors",
    "Settings": "calibration.abc", "Sim": "engine.sim", "build_report": "report.html",
    "calibrate": "calibration.abc", "export": "report.hdx", "extract": "extraction",
    "forecast": "forecasting.ensemble", "list_scenarios": "scenario.catalog",
    "load_ensemble": "forecasting.ensemble", "load_observations": "observations.load",
    "load_scenario": "scenario.load", "make_executor": "executors", "needs": "assistance.estimate",
    "score": "forecasting.scoring", "simulate": "engine.sim",
}

__all__ = [  # the names of _HOMES, and the version
    "CallUps", "DaskExecutor", "Event", "MODES", "PARAMETERS", "ParameterError", "Prior",
    "Problem", "ProcessExecutor", "Results", "SEGMENTS", "STATES", "Scenario", "ScenarioError",
    "SerialExecutor", "Settings", "Sim", "__version__", "build_report", "calibrate", "export",
    "extract", "forecast", "list_scenarios", "load_ensemble", "load_observations", "load_scenario",
    "make_executor", "needs", "score", "simulate",
]

__getattr__, __dir__ = lazy_exports(__name__, _HOMES)

if TYPE_CHECKING:  # for type checkers and editors: the same names, imported eagerly
    from borderflow.assistance.estimate import needs
    from borderflow.calibration.abc import Settings, calibrate
    from borderflow.engine.sim import Sim, simulate
    from borderflow.executors import (
        DaskExecutor,
        ProcessExecutor,
        SerialExecutor,
        make_executor,
    )
    from borderflow.extraction import extract
    from borderflow.forecasting.ensemble import forecast, load_ensemble
    from borderflow.forecasting.scoring import score
    from borderflow.observations.load import load_observations
    from borderflow.parameters import MODES, PARAMETERS, SEGMENTS, STATES, ParameterError
    from borderflow.problems import Problem, ScenarioError
    from borderflow.report.hdx import export
    from borderflow.report.html import build_report
    from borderflow.results.results import Results
    from borderflow.scenario.catalog import list_scenarios
    from borderflow.scenario.load import load_scenario
    from borderflow.scenario.model import CallUps, Event, Prior, Scenario
