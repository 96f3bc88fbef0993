"""Summary figures of the bundled scenario for a fixed seed: the regression baseline."""

from __future__ import annotations

from pathlib import Path

import borderflow

BASELINE = Path(__file__).parent / "baseline" / "russia-2022-seed0.json"
SEED, DAYS = 0, 14


def figures() -> dict:
    """Entries per destination, peaks per busy crossing, and national totals."""
    res = borderflow.simulate(borderflow.load_scenario("russia-2022"), seed=SEED, days=DAYS)
    summary = res.summary()
    crossings = summary["crossings"]
    busy = crossings[crossings["crossed"] > 0]
    return {
        "seed": SEED, "days": DAYS,
        "travellers": res.travellers,
        "call_ups": int(res["cum_call_ups"][-1]),
        "entries": {k: int(v) for k, v in summary["destinations"]["entries"].items()},
        "peak_vehicles": {k: int(v) for k, v in busy["peak_vehicles"].items()},
        "crossed": {k: int(v) for k, v in busy["crossed"].items()},
        "stopped": int(crossings["stopped"].sum()),
        "air_departures": int(res["new_air_departures"].sum()),
    }
