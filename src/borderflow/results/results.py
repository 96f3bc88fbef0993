"""`Results`: plain arrays shaped (time x place), converted to xarray or pandas only at the edge."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from borderflow.parameters import MODES, STATES

if TYPE_CHECKING:
    import xarray as xr

QUEUE_VARS = (
    "n_queue_parties", "n_queue_people", "new_arrivals", "new_crossed", "new_stopped",
    "new_reneged", "new_turned_back", "new_served", "wait_mean_hours", "wait_p90_hours", "capacity",
)


@dataclass
class Results:
    """What a run produced. Arrays only; no reference back to the engine."""

    scenario_name: str
    seed: int
    start: pd.Timestamp
    step_hours: float
    regions: list[str]
    crossings: pd.DataFrame  # id index: name, country, lat, lon, lanes_queue
    destinations: list[str]
    arrays: dict[str, np.ndarray]
    parameters: dict[str, float]
    wall_seconds: float = 0.0
    meta: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_sim(cls, sim) -> Results:
        rec, net, sc = sim.records, sim.net, sim.scenario
        T, C, M = sim.n_steps, net.C, net.M
        arrays = {k: np.asarray(v) for k, v in rec._asdict().items()}
        arrays["wait_mean_hours"] = arrays.pop("wait_mean")
        arrays["wait_p90_hours"] = arrays.pop("wait_p90")
        for k in QUEUE_VARS:
            arrays[k] = arrays[k].reshape(T, C, M)
        vehicles = arrays["n_queue_parties"][:, :, MODES.index("car")]
        m_per = sim.params["queue_m_per_vehicle"]
        lanes = sc.crossings["lanes_queue"].to_numpy(dtype=float)
        arrays["n_queue_vehicles"] = vehicles
        arrays["queue_km"] = (vehicles * m_per / np.maximum(lanes, 1) / 1000).astype(np.float32)
        arrays["new_vehicles"] = arrays["new_served"][:, :, MODES.index("car")]
        arrays["cum_call_ups"] = np.cumsum(arrays["new_call_ups"].sum(axis=1))
        cols = [c for c in ("name", "country", "lat", "lon", "lanes_queue") if c in sc.crossings]
        return cls(
            scenario_name=sc.name, seed=sim.seed, start=sc.start, step_hours=sc.step_hours,
            regions=list(sc.regions.index), crossings=sc.crossings[cols].copy(),
            destinations=sc.destinations, arrays=arrays, parameters=dict(sim.params),
            wall_seconds=sim.wall_seconds,
            meta={"scenario_hash": sc.files_hash, "parties": int(sim.agents.count[0])},
        )

    # --- views --------------------------------------------------------------------------------
    def __getitem__(self, name: str) -> np.ndarray:
        return self.arrays[name]

    @property
    def times(self) -> pd.DatetimeIndex:
        n = self.arrays["new_entries"].shape[0]
        local = self.start.tz_localize(None)
        return pd.date_range(local, periods=n, freq=pd.Timedelta(hours=self.step_hours))

    @property
    def travellers(self) -> int:
        """At-risk men who left home (by road or air) during the run."""
        return int(self.arrays["new_departures"].sum())

    def to_xarray(self) -> xr.Dataset:
        """All arrays as one Dataset with named dims and coordinates."""
        import xarray as xr

        data = {k: (dims_of(k, v), v) for k, v in self.arrays.items()}
        return xr.Dataset(
            data,
            coords={
                "time": self.times, "crossing": list(self.crossings.index), "mode": list(MODES),
                "destination": self.destinations, "region": self.regions, "state": list(STATES),
                **{f"crossing_{c}": ("crossing", self.crossings[c].to_numpy())
                   for c in self.crossings.columns},
            },
            attrs={"scenario": self.scenario_name, "seed": self.seed, "start": str(self.start),
                   "step_hours": self.step_hours, **{k: str(v) for k, v in self.meta.items()}},
        )

    def daily(self) -> pd.DataFrame:
        """Tidy daily table: date, kind, id, metric, value (see docs/architecture.md)."""
        from borderflow.results.daily import daily_table

        return daily_table(self)

    def summary(self) -> dict[str, pd.DataFrame]:
        """Entries per destination; peak queue and longest wait per crossing."""
        a = self.arrays
        entries = pd.DataFrame({
            "entries": a["new_entries"].sum(axis=0),
            "of_which_background": a["new_entries_background"].sum(axis=0),
        }, index=pd.Index(self.destinations, name="destination"))
        people = a["n_queue_people"].sum(axis=2)
        cross = pd.DataFrame({
            "country": self.crossings["country"].to_numpy(),
            "peak_vehicles": a["n_queue_vehicles"].max(axis=0),
            "peak_km": a["queue_km"].max(axis=0).round(1),
            "peak_people": people.max(axis=0),
            "longest_wait_h": longest_wait(a["wait_p90_hours"]),
            "crossed": a["new_crossed"].sum(axis=(0, 2)),
            "stopped": a["new_stopped"].sum(axis=(0, 2)),
        }, index=pd.Index(self.crossings.index, name="crossing"))
        return {"destinations": entries, "crossings": cross}

    # --- files --------------------------------------------------------------------------------
    def manifest(self) -> dict[str, Any]:
        from borderflow._version import __version__

        return {
            "borderflow_version": __version__, "scenario": self.scenario_name,
            "scenario_hash": self.meta.get("scenario_hash", ""), "seed": self.seed,
            "start": str(self.start), "step_hours": self.step_hours,
            "steps": int(self.arrays["new_entries"].shape[0]),
            "wall_seconds": round(self.wall_seconds, 4), "travellers": self.travellers,
            "parties": self.meta.get("parties"), "parameters": self.parameters,
            "parameters_from": self.meta.get("parameters_from", "the scenario's defaults"),
        }

    def write(self, out: str | Path, scenario_path: Path | None = None) -> dict[str, Path]:
        """Write results.nc, daily.csv and run.json (and a copy of the scenario folder) into
        `out` as one: a reader never sees a mix of two runs."""
        from borderflow.results.artifacts import write_run

        return write_run(self, out, scenario_path)


def longest_wait(p90: np.ndarray) -> np.ndarray:
    """Per crossing, the largest 90th-percentile wait of any step and mode (0 if none served)."""
    return np.where(np.isnan(p90), 0, p90).max(axis=(0, 2))


def dims_of(name: str, v: np.ndarray) -> tuple[str, ...]:
    """The named dims of a results array (shapes follow docs/architecture.md)."""
    if name == "n_state":
        return ("time", "region", "state")
    if v.ndim == 3:
        return ("time", "crossing", "mode")
    if v.ndim == 1:
        return ("time",)
    if name in ("new_call_ups", "new_departures"):
        return ("time", "region")
    if name.startswith("new_entries"):
        return ("time", "destination")
    return ("time", "crossing")
