"""borderflow: mass departures across land borders after a mobilization order."""

from borderflow._parameters import MODES, PARAMETERS, SEGMENTS, STATES
from borderflow._scenario import CallUps, Event, Prior, Scenario

__version__ = "0.1.0"

__all__ = sorted(
    [
        "CallUps",
        "Event",
        "MODES",
        "PARAMETERS",
        "Prior",
        "SEGMENTS",
        "STATES",
        "Scenario",
        "__version__",
    ]
)
