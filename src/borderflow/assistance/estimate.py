"""What the people in line need: water, food, toilets, warm places, cold risk, per crossing and day.

The queue state of a run (`daily.csv`, `results.nc`) or of every member of a forecast
(`forecast.nc`) is turned into needs with a table of planning figures (`standards.csv`, cited from
public humanitarian standards; a user overrides any of them with `--standards FILE`). Needs are
also given per kilometre of queue, because people in a line do not leave their place to look for
services: water, food and toilets must come to them.

Design: the arithmetic (`compute`) works on plain numpy arrays of any shape, so a run (date x
crossing) and a forecast (member x date x crossing) go through the same lines; on a forecast the
needs are computed per member and only then reduced to quantiles (a quantile of a sum is not the
sum of quantiles). Everything written records the figures used (`needs_standards.csv`) and the
basis of temperatures and peaks (`needs.json`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from borderflow import _io
from borderflow.assistance.countries import iso3
from borderflow.assistance.standards import NEED_UNITS, NEEDS, cold_risk, load_standards, wind_chill
from borderflow.results.artifacts import Output, OutputError, open_output
from borderflow.results.quantiles import QCOLS, member_quantiles

LONG_COLUMNS = ("date", "crossing", "name", "country", "country_code", "need", "unit", "value",
                *QCOLS, "cold_risk")
MIN_QUEUE_KM = 1.0  # per-km needs are left empty below this queue length: on a shorter queue
# a figure per km (4,000 people per km of a 200 m line) says nothing a planner can use

# crossing metrics of Results.daily() that needs read
INPUT_METRICS = (
    "queue_people",
    "queue_people_car",
    "queue_people_foot",
    "queue_people_overnight",
    "person_hours",
    "queue_km",
    "wait_hours",
    "wait_hours_car",
    "wait_hours_bus",
    "wait_hours_foot",
)



# ---------------------------------------------------------------- arithmetic


def compute(
    q: dict[str, np.ndarray], temp: dict[str, np.ndarray], std: pd.DataFrame
) -> dict[str, np.ndarray]:
    """Needs from queue arrays `q` (INPUT_METRICS + `people_peak`) and temperatures `temp`.

    All arrays broadcast together (date x crossing, or member x date x crossing).
    """
    s = std["value"].astype(float).to_dict()
    with np.errstate(invalid="ignore", divide="ignore"):
        person_days = q["person_hours"] / 24.0
        below = np.maximum(0.0, s["cold_uplift_base_c"] - temp["t_mean_c"])
        kcal_pp = (
            s["food_kcal_per_person_day"] + s["cold_uplift_kcal"] * below / s["cold_uplift_step_c"]
        )
        km = q["queue_km"]
        by_people = np.ceil(q["people_peak"] / s["people_per_toilet"])
        by_distance = np.ceil(np.round(km * 1000.0 / (2.0 * s["toilet_max_distance_m"]), 9))
        total = q["queue_people"]
        foot_share = np.where(total > 0, np.clip(q["queue_people_foot"] / total, 0, 1), 0.0)
        share = foot_share * s["warming_share_foot"] + (1 - foot_share) * s["warming_share_car"]
        out = {
            "people_mean": total,
            "people_peak": q["people_peak"],
            "people_car": q["queue_people_car"],
            "people_foot": q["queue_people_foot"],
            "people_overnight": q["queue_people_overnight"],
            "person_hours": q["person_hours"],
            "queue_km": km,
            "wait_hours": q["wait_hours"],
            **{m: q.get(m, np.full(np.shape(total), np.nan))
               for m in ("wait_hours_car", "wait_hours_bus", "wait_hours_foot")},
            "t_mean_c": np.broadcast_to(temp["t_mean_c"], np.shape(total)),
            "wind_chill_c": np.broadcast_to(
                wind_chill(temp["t_min_c"], temp["wind_kmh"]), np.shape(total)
            ),
            "water_l": person_days * s["water_l_per_person_day"],
            "food_kcal": person_days * kcal_pp,
            "toilets": np.maximum(by_people, by_distance),
            "warming_places": np.ceil(np.round(q["queue_people_overnight"] * share, 9)),
        }
        out["warming_m2"] = out["warming_places"] * s["covered_m2_per_person"]
        long_enough = km >= MIN_QUEUE_KM
        for name, base in (
            ("people_per_km", "people_mean"),
            ("water_l_per_km", "water_l"),
            ("food_kcal_per_km", "food_kcal"),
            ("toilets_per_km", "toilets"),
        ):
            out[name] = np.where(long_enough, out[base] / np.where(long_enough, km, 1.0), np.nan)
    return out


# ---------------------------------------------------------------- from files to arrays


def _grid_run(src: Output) -> tuple[pd.DatetimeIndex, list[str], dict[str, np.ndarray], str]:
    """Input arrays (date x crossing) of a run, and how the peak was obtained."""
    daily = src.daily()
    rows = daily[(daily["kind"] == "crossing") & daily["metric"].isin(INPUT_METRICS)]
    if rows.empty:
        raise OutputError(
            f"{src.path / 'daily.csv'}: no crossing queue metrics ({', '.join(INPUT_METRICS)})"
        )
    wide = rows.pivot_table(index=["date", "id"], columns="metric", values="value", aggfunc="first")
    dates = pd.DatetimeIndex(sorted(rows["date"].unique()))
    ids = sorted(rows["id"].unique())
    wide = wide.reindex(pd.MultiIndex.from_product([dates, ids]))
    q = {m: _col(wide, m).reshape(len(dates), len(ids)) for m in INPUT_METRICS}
    peak, basis = _hourly_peak(src.path / "results.nc", dates, ids)
    if peak is None:
        peak = np.fmax(q["queue_people"], q["queue_people_overnight"])
    q["people_peak"] = np.fmax(peak, q["queue_people"])
    return dates, ids, q, basis


def _col(wide: pd.DataFrame, metric: str) -> np.ndarray:
    fill = np.nan if metric.startswith("wait_hours") else 0.0
    if metric not in wide.columns:
        return np.full(len(wide), fill)
    return wide[metric].fillna(fill).to_numpy(dtype=float)


PEAK_LOWER_BOUND = "larger of the day's mean and end-of-day count (a lower bound: no hourly data)"


def _hourly_peak(
    path: Path, dates: pd.DatetimeIndex, ids: list[str]
) -> tuple[np.ndarray | None, str]:
    if not path.exists():
        return None, PEAK_LOWER_BOUND
    import xarray as xr

    try:
        with xr.open_dataset(path) as ds:
            if "n_queue_people" not in ds:
                return None, PEAK_LOWER_BOUND
            people = ds["n_queue_people"].sum("mode").load()
    except (OSError, ValueError, KeyError, RuntimeError) as exc:
        raise OutputError(f"{path}: cannot be read as a run's results: {exc}") from None
    frame = pd.DataFrame(
        people.values, index=people["time"].values, columns=people["crossing"].values.astype(str)
    )
    frame.index = pd.DatetimeIndex(frame.index)
    peak = frame.groupby(frame.index.floor("D")).max()
    peak = peak.reindex(index=dates, columns=ids).fillna(0.0)
    return peak.to_numpy(dtype=float), "maximum of the hourly (per step) count, from results.nc"


def _grid_forecast(src: Output) -> tuple[pd.DatetimeIndex, list[str], dict[str, np.ndarray], int]:
    """Input arrays (member x date x crossing) of a forecast ensemble."""
    value = src.ensemble()
    kind = value["kind"].values.astype(str)
    ids_all = value["id"].values.astype(str)
    metric = value["metric"].values.astype(str)
    sel = (kind == "crossing") & np.isin(metric, INPUT_METRICS)
    if not sel.any():
        raise OutputError(f"{src.path / 'forecast.nc'}: no crossing queue metrics in the ensemble")
    ids = sorted(set(ids_all[sel]))
    dates = pd.DatetimeIndex(pd.to_datetime(value["date"].values))
    data = np.asarray(value.values, dtype=float)
    col = {i: k for k, i in enumerate(ids)}
    q: dict[str, np.ndarray] = {}
    for m in INPUT_METRICS:
        wait = m.startswith("wait_hours")
        arr = np.full((data.shape[0], len(dates), len(ids)), np.nan if wait else 0.0)
        for s in np.flatnonzero(sel & (metric == m)):
            arr[:, :, col[ids_all[s]]] = data[:, :, s]
        q[m] = arr if wait else np.nan_to_num(arr)
    q["people_peak"] = np.fmax(q["queue_people"], q["queue_people_overnight"])
    return dates, ids, q, data.shape[0]


def _temperatures(
    src: Output, dates: pd.DatetimeIndex, ids: list[str], std: pd.DataFrame
) -> tuple[dict[str, np.ndarray], str, list[str]]:
    """Temperature arrays (date x crossing), the basis, and the crossings left on defaults."""
    cols = ("t_mean_c", "t_min_c", "wind_kmh")
    default = {c: float(std.at[f"default_{c}", "value"]) for c in cols}
    temp = {c: np.full((len(dates), len(ids)), default[c]) for c in cols}
    table = src.temperature()
    if table is None:
        basis = (
            "no temperature.csv in the scenario: default t_mean {t_mean_c} C, t_min {t_min_c} C, "
            "wind {wind_kmh} km/h for every crossing and day"
        ).format(**default)
        return temp, basis, list(ids)
    table = table.assign(date=table["date"].dt.normalize()).drop_duplicates(
        ["crossing", "date"], keep="last"
    )
    missing: list[str] = []
    for j, cid in enumerate(ids):
        rows = table[table["crossing"] == cid].set_index("date").sort_index()
        if rows.empty:
            missing.append(cid)
            continue
        # a date outside the file takes the nearest date given for that crossing
        near = rows.reindex(dates, method="nearest")
        for c in cols:
            temp[c][:, j] = near[c].fillna(default[c]).to_numpy(dtype=float)
    basis = f"scenario temperature.csv ({src.scenario_dir}); nearest date where a day is missing"
    if missing:
        basis += "; defaults for crossings not in the file"
    return temp, basis, missing


# ---------------------------------------------------------------- the public function


@dataclass
class Needs:
    """Needs of a run (`table`: one row per crossing and day) or a forecast (`table`: one row per
    crossing, day and need, with quantile columns), with the standards used and notes."""

    kind: str
    table: pd.DataFrame
    standards: pd.DataFrame
    notes: dict[str, Any]

    def long(self) -> pd.DataFrame:
        """One row per date, crossing and need, the same columns for a run and a forecast
        (LONG_COLUMNS): `value` is the run's figure or the forecast's median, q05..q95 the
        quantiles over members (a run is one member: all equal to its value)."""
        t = self.table
        if self.kind == "run":
            names = [n for n, _, _ in NEEDS]
            t = t.melt(id_vars=["date", "crossing", "name", "country", "cold_risk"],
                       value_vars=names, var_name="need", value_name="q50")
            order = {n: i for i, n in enumerate(names)}
            t = t.assign(_o=t["need"].map(order)).sort_values(
                ["date", "crossing", "_o"], kind="stable").drop(columns="_o")
            for q in QCOLS:
                t[q] = t["q50"]
        t = t.assign(value=t["q50"], unit=t["need"].map(NEED_UNITS),
                     country_code=t["country"].map(iso3))
        return t[list(LONG_COLUMNS)].reset_index(drop=True)

    def write(self, directory: str | Path) -> list[Path]:
        """Write needs.csv (the long table), needs_standards.csv and needs.json into
        `directory` (atomically)."""
        directory = Path(directory)
        std = self.standards.reset_index()[["name", "value", "unit", "need", "origin", "source"]]
        return [
            _io.write_with(
                directory / "needs.csv",
                lambda p: self.long().to_csv(p, index=False, float_format="%.6g"),
            ),
            _io.write_with(directory / "needs_standards.csv", lambda p: std.to_csv(p, index=False)),
            _io.write_text(
                directory / "needs.json", json.dumps(self.notes, indent=2, default=str) + "\n"
            ),
        ]


def needs(
    source: str | Path, standards: str | Path | None = None, scenario: str | Path | None = None
) -> Needs:
    """Needs of the people in line for a run or forecast directory.

    `standards`: a CSV (name,value[,source]) overriding some of the default planning figures.
    `scenario`: the scenario folder or bundled name, when the directory has no `scenario/` copy.
    """
    return needs_from_output(open_output(source, scenario), load_standards(standards))


def member_needs(src: Output, std: pd.DataFrame
                 ) -> tuple[pd.DatetimeIndex, list[str], dict[str, np.ndarray]]:
    """Each need per member, day and crossing (a run is one member): (dates, crossing ids,
    need -> member x date x crossing), for comparing policies member by member."""
    if src.kind == "run":
        dates, ids, q, _ = _grid_run(src)
        q = {k: v[None] for k, v in q.items()}
    else:
        dates, ids, q, _ = _grid_forecast(src)
    temp, _, _ = _temperatures(src, dates, ids, std)
    out = compute(q, temp, std)
    return dates, ids, {name: np.broadcast_to(out[name], q["queue_people"].shape)
                        for name, _, _ in NEEDS}


def needs_from_output(src: Output, std: pd.DataFrame) -> Needs:
    """Needs of an opened run or forecast directory with a given standards table."""
    if src.kind == "run":
        dates, ids, q, peak_basis = _grid_run(src)
        members = None
    else:
        dates, ids, q, members = _grid_forecast(src)
        peak_basis = PEAK_LOWER_BOUND
    temp, temp_basis, defaulted = _temperatures(src, dates, ids, std)
    out = compute(q, temp, std)
    meta = src.crossings().reindex(ids)
    band = cold_risk(wind_chill(temp["t_min_c"], temp["wind_kmh"]), std)
    if members is None:
        table = _run_table(dates, ids, out, band, meta)
    else:
        table = _forecast_table(dates, ids, out, band, meta)
    notes = {
        "kind": src.kind,
        "source": str(src.path),
        "scenario": str(src.scenario_dir) if src.scenario_dir else None,
        "members": members,
        "quantiles": list(QCOLS) if members else None,
        "standards_file": next((o for o in std["origin"] if o != "default"), None),
        "standards_overridden": sorted(std.index[std["origin"] != "default"]),
        "standards": {k: float(v) for k, v in std["value"].items()},
        "temperature": temp_basis,
        "temperature_defaulted_crossings": defaulted,
        "peak": peak_basis,
        "per_km": f"per km of the car queue; empty where the queue is under {MIN_QUEUE_KM} km",
        "units": NEED_UNITS,
    }
    return Needs(src.kind, table, std, notes)


def _labels(ids: list[str], meta: pd.DataFrame) -> tuple[list[str], list[str]]:
    """Display names (the id where the scenario gives none) and countries of `ids`."""
    meta = meta.reindex(ids)
    names = meta["name"] if "name" in meta else pd.Series(np.nan, index=ids)
    countries = meta["country"] if "country" in meta else pd.Series("", index=ids)
    names = [n if isinstance(n, str) and n else i for i, n in zip(ids, names, strict=True)]
    return names, [c if isinstance(c, str) else "" for c in countries]


def _run_table(dates, ids, out, band, meta) -> pd.DataFrame:
    names, countries = _labels(ids, meta)
    n_d, n_c = len(dates), len(ids)
    table = pd.DataFrame(
        {
            "date": np.repeat(dates.strftime("%Y-%m-%d"), n_c),
            "crossing": np.tile(ids, n_d),
            "name": np.tile(names, n_d),
            "country": np.tile(countries, n_d),
        }
    )
    for name, _, _ in NEEDS:
        table[name] = np.asarray(out[name], dtype=float).reshape(-1)
    table.insert(table.columns.get_loc("wind_chill_c") + 1, "cold_risk", band.reshape(-1))
    return table


def _forecast_table(dates, ids, out, band, meta) -> pd.DataFrame:
    names, countries = _labels(ids, meta)
    n_d, n_c = len(dates), len(ids)
    frames = []
    for name, _, _ in NEEDS:
        arr = np.asarray(out[name], dtype=float).reshape(out[name].shape[0], -1)
        qs = member_quantiles(arr)
        if name in ("toilets", "warming_places", "warming_m2"):
            qs = np.ceil(np.round(qs, 9))  # whole toilets and places
        frame = pd.DataFrame(qs.T, columns=list(QCOLS))
        frame.insert(0, "need", name)
        frame.insert(0, "cold_risk", band.reshape(-1))
        frame.insert(0, "country", np.tile(countries, n_d))
        frame.insert(0, "name", np.tile(names, n_d))
        frame.insert(0, "crossing", np.tile(ids, n_d))
        frame.insert(0, "date", np.repeat(dates.strftime("%Y-%m-%d"), n_c))
        frames.append(frame)
    table = pd.concat(frames, ignore_index=True)
    order = {n: i for i, (n, _, _) in enumerate(NEEDS)}
    table["_o"] = table["need"].map(order)
    table = table.sort_values(["date", "crossing", "_o"], kind="stable").drop(columns="_o")
    cols = ["date", "crossing", "name", "country", "need", *QCOLS, "cold_risk"]
    return table[cols].reset_index(drop=True)
