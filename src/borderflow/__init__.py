"""borderflow: mass departures across land borders after a mobilization order."""

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

__version__ = "0.1.0"

__all__ = [
    "CallUps",
    "Event",
    "MODES",
    "PARAMETERS",
    "ParameterError",
    "Prior",
    "Problem",
    "Results",
    "SEGMENTS",
    "STATES",
    "Scenario",
    "ScenarioError",
    "Sim",
    "__version__",
    "calibrate",
    "extract",
    "forecast",
    "list_scenarios",
    "load_observations",
    "load_scenario",
    "needs",
    "simulate",
]
