"""What the people in line need, from planning standards: water, food, toilets, warm places."""

from borderflow._lazy import lazy_exports

_HOMES = {
    "Needs": "estimate",
    "StandardsError": "standards",
    "cold_risk": "standards",
    "compute": "estimate",
    "load_standards": "standards",
    "needs": "estimate",
    "wind_chill": "standards",
}
__all__ = [
    "Needs", "StandardsError", "cold_risk", "compute", "load_standards", "needs", "wind_chill",
]
__getattr__, __dir__ = lazy_exports(__name__, _HOMES)
