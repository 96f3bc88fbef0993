"""borderflow: mass departures across land borders after a mobilization order."""

from borderflow._bundled import list_scenarios
from borderflow._engine import Sim, simulate
from borderflow._extract import extract
from borderflow._needs import needs
from borderflow._parameters import MODES, PARAMETERS, SEGMENTS, STATES
from borderflow._problems import Problem, ScenarioError
from borderflow._results import Results
from borderflow._scenario import CallUps, Event, Prior, Scenario, load_scenario

__version__ = "0.1.0"

__all__ = sorted(
    [
        "CallUps",
        "Event",
        "MODES",
        "PARAMETERS",
        "Prior",
        "Problem",
        "Results",
        "SEGMENTS",
        "STATES",
        "Sim",
        "Scenario",
        "ScenarioError",
        "__version__",
        "extract",
        "list_scenarios",
        "load_scenario",
        "needs",
        "simulate",
    ]
)
