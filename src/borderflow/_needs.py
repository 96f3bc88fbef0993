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
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import pandas as pd
import typer

from borderflow import _io

STANDARDS_FILE = Path(__file__).with_name("standards.csv")
QUANTILES: tuple[float, ...] = (0.05, 0.25, 0.5, 0.75, 0.95)
QCOLS: tuple[str, ...] = tuple(f"q{round(q * 100):02d}" for q in QUANTILES)
MIN_QUEUE_KM = 0.1  # per-km needs are left empty below this queue length

# crossing metrics of Results.daily() that needs read
INPUT_METRICS = (
    "queue_people",
    "queue_people_car",
    "queue_people_foot",
    "queue_people_overnight",
    "person_hours",
    "queue_km",
    "wait_hours",
)
# (column, unit, meaning): the needs table, in order
NEEDS: tuple[tuple[str, str, str], ...] = (
    ("people_mean", "persons", "people in line, mean over the day"),
    ("people_peak", "persons", "people in line at the day's peak"),
    ("people_car", "persons", "people in line in cars (and buses), day mean"),
    ("people_foot", "persons", "people in line on foot or bicycle, day mean"),
    ("people_overnight", "persons", "people still in line at the end of the day"),
    ("person_hours", "person h", "hours spent in line, summed over people"),
    ("queue_km", "km", "length of the car queue, day mean"),
    ("wait_hours", "h", "mean wait of those who crossed that day"),
    ("t_mean_c", "degC", "daily mean temperature"),
    ("wind_chill_c", "degC", "night wind chill (from the daily minimum and wind)"),
    ("water_l", "L", "drinking water"),
    ("food_kcal", "kcal", "food energy, with the cold uplift"),
    (
        "toilets",
        "toilets",
        "toilets (1 per people_per_toilet, and one every 2 x toilet_max_distance_m of queue)",
    ),
    ("warming_places", "places", "places in warming stations for the night"),
    ("warming_m2", "m2", "covered space for those places"),
    ("people_per_km", "persons/km", "people in line per km of queue (day mean)"),
    ("water_l_per_km", "L/km", "drinking water per km of queue"),
    ("food_kcal_per_km", "kcal/km", "food energy per km of queue"),
    ("toilets_per_km", "toilets/km", "toilets per km of queue"),
)
NEED_UNITS = {name: unit for name, unit, _ in NEEDS}
COLD_BANDS = ("low", "moderate", "high")


class StandardsError(ValueError):
    """A standards file that cannot be used; `problems` holds one message per fault."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


class SourceError(ValueError):
    """A directory that is neither a run nor a forecast, or lacks a file that is needed."""


# ---------------------------------------------------------------- standards


def load_standards(path: str | Path | None = None) -> pd.DataFrame:
    """The planning figures: defaults from the package, overridden by `path` (CSV: name,value).

    Returns a frame indexed by name with value, unit, need, source and origin (`default` or the
    override file). Unknown names, missing or non-numeric or negative values raise StandardsError.
    """
    table = pd.read_csv(STANDARDS_FILE, dtype={"name": str}).set_index("name")
    table["origin"] = "default"
    if path is None:
        return table
    path = Path(path)
    try:
        override = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise StandardsError([f"{path}: cannot read: {exc}"]) from exc
    missing = {"name", "value"} - set(override.columns)
    if missing:
        raise StandardsError(
            [f"{path}:1: header must have columns name,value; missing {sorted(missing)}"]
        )
    problems: list[str] = []
    for i, row in override.iterrows():
        line = int(i) + 2  # type: ignore[call-overload]
        name, raw = row["name"].strip(), row["value"].strip()
        if name not in table.index:
            problems.append(
                f"{path}:{line}: name: unknown standard {name!r}; valid: {', '.join(table.index)}"
            )
            continue
        try:
            value = float(raw)
        except ValueError:
            problems.append(f"{path}:{line}: {name}: value must be a number, got {raw!r}")
            continue
        if not np.isfinite(value) or (value < 0 and not name.endswith("_c")):
            problems.append(
                f"{path}:{line}: {name}: value must be a finite number >= 0, got {raw!r}"
            )
            continue
        if value == 0 and name in (
            "people_per_toilet",
            "toilet_max_distance_m",
            "cold_uplift_step_c",
        ):
            problems.append(f"{path}:{line}: {name}: value must be > 0, got {raw!r}")
            continue
        table.loc[name, "value"] = value
        table.loc[name, "origin"] = str(path)
        if "source" in override.columns and row["source"].strip():
            table.loc[name, "source"] = row["source"].strip()
    if problems:
        raise StandardsError(problems)
    return table


# ---------------------------------------------------------------- arithmetic


def wind_chill(t_c: Any, wind_kmh: Any) -> np.ndarray:
    """Wind-chill index (JAG/TI 2001, Environment Canada / US NWS), degC.

    WCI = 13.12 + 0.6215 T - 11.37 V^0.16 + 0.3965 T V^0.16; defined for T <= 10 degC and
    V >= 4.8 km/h, elsewhere the air temperature itself.
    """
    t = np.asarray(t_c, dtype=float)
    v = np.asarray(wind_kmh, dtype=float)
    vp = np.power(np.maximum(v, 0.0), 0.16)
    wci = 13.12 + 0.6215 * t - 11.37 * vp + 0.3965 * t * vp
    return np.where((t <= 10.0) & (v >= 4.8), wci, t)


def cold_risk(wci: Any, std: pd.DataFrame) -> np.ndarray:
    """Band of a wind chill: low, moderate (<= windchill_moderate_c), high (<= windchill_high_c)."""
    wci = np.asarray(wci, dtype=float)
    band = np.full(wci.shape, COLD_BANDS[0], dtype=object)
    band[wci <= std.at["windchill_moderate_c", "value"]] = COLD_BANDS[1]
    band[wci <= std.at["windchill_high_c", "value"]] = COLD_BANDS[2]
    return band


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


# ---------------------------------------------------------------- reading run and forecast dirs


@dataclass
class Source:
    """A run or forecast directory with its scenario files (if found)."""

    path: Path
    kind: str  # "run" | "forecast"
    manifest: dict[str, Any] = field(default_factory=dict)
    scenario_dir: Path | None = None
    _ensemble: Any = field(default=None, repr=False)

    def crossings(self) -> pd.DataFrame:
        """id -> name, country, lat, lon: from the scenario, else results.nc, else ids only."""
        if self.scenario_dir and (self.scenario_dir / "crossings.csv").exists():
            table = pd.read_csv(self.scenario_dir / "crossings.csv", dtype={"id": str})
            return table.set_index("id")
        if (self.path / "results.nc").exists():
            import xarray as xr

            with xr.open_dataset(self.path / "results.nc") as ds:
                cols = {
                    str(c)[9:]: ds[c].values for c in ds.coords if str(c).startswith("crossing_")
                }
                if cols:
                    return pd.DataFrame(
                        cols, index=pd.Index(ds["crossing"].values.astype(str), name="id")
                    )
        return pd.DataFrame(columns=["name", "country", "lat", "lon"]).rename_axis("id")

    def scenario_toml(self) -> dict[str, Any]:
        if self.scenario_dir and (self.scenario_dir / "scenario.toml").exists():
            return tomllib.loads((self.scenario_dir / "scenario.toml").read_text(encoding="utf-8"))
        return {}

    def temperature(self) -> pd.DataFrame | None:
        if self.scenario_dir and (self.scenario_dir / "temperature.csv").exists():
            table = pd.read_csv(self.scenario_dir / "temperature.csv", dtype={"crossing": str})
            table["date"] = pd.to_datetime(table["date"])
            return table
        return None

    def daily(self) -> pd.DataFrame:
        """Tidy daily metrics of a run: date, kind, id, metric, value."""
        table = pd.read_csv(self.path / "daily.csv", dtype={"id": str, "kind": str, "metric": str})
        table["date"] = pd.to_datetime(table["date"])
        return table

    def ensemble(self) -> Any:
        """The forecast ensemble: DataArray `value` (member, date, series), loaded once."""
        import xarray as xr

        if self._ensemble is None:
            with xr.open_dataset(self.path / "forecast.nc") as ds:
                self._ensemble = ds["value"].load()
        return self._ensemble


def open_source(path: str | Path, scenario: str | Path | None = None) -> Source:
    """Recognise a run (daily.csv) or forecast (forecast.nc) directory and find its scenario."""
    path = Path(path)
    if not path.is_dir():
        raise SourceError(f"{path}: not a directory")
    if (path / "forecast.nc").exists():
        kind, manifest_name = "forecast", "forecast.json"
    elif (path / "daily.csv").exists():
        kind, manifest_name = "run", "run.json"
    elif (path / "forecast.csv").exists():
        raise SourceError(
            f"{path}: forecast.csv without forecast.nc; needs and the report use the ensemble "
            "in forecast.nc"
        )
    else:
        raise SourceError(
            f"{path}: neither a run (daily.csv) nor a forecast (forecast.nc) directory"
        )
    manifest: dict[str, Any] = {}
    if (path / manifest_name).exists():
        manifest = json.loads((path / manifest_name).read_text(encoding="utf-8"))
    return Source(path, kind, manifest, _scenario_dir(path, manifest, scenario))


def _scenario_dir(path: Path, manifest: dict[str, Any], override: str | Path | None) -> Path | None:
    """`override` (a folder or a bundled name), else DIR/scenario, else the manifest's scenario."""
    bundled = Path(__file__).with_name("scenarios")
    candidates: list[Path] = []
    if override is not None:
        candidates += [Path(override), bundled / str(override)]
    candidates.append(path / "scenario")
    name = manifest.get("scenario") or manifest.get("scenario_name")
    if isinstance(name, dict):
        name = name.get("name")
    if isinstance(name, str) and name:
        candidates += [bundled / name, Path(name)]
    for candidate in candidates:
        if (candidate / "crossings.csv").exists():
            return candidate
    if override is not None:
        raise SourceError(f"{override}: no scenario folder (with crossings.csv) found")
    return None


# ---------------------------------------------------------------- from files to arrays


def _grid_run(src: Source) -> tuple[pd.DatetimeIndex, list[str], dict[str, np.ndarray], str]:
    """Input arrays (date x crossing) of a run, and how the peak was obtained."""
    daily = src.daily()
    rows = daily[(daily["kind"] == "crossing") & daily["metric"].isin(INPUT_METRICS)]
    if rows.empty:
        raise SourceError(
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
    fill = np.nan if metric == "wait_hours" else 0.0
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

    with xr.open_dataset(path) as ds:
        if "n_queue_people" not in ds:
            return None, PEAK_LOWER_BOUND
        people = ds["n_queue_people"].sum("mode").load()
    frame = pd.DataFrame(
        people.values, index=people["time"].values, columns=people["crossing"].values.astype(str)
    )
    frame.index = pd.DatetimeIndex(frame.index)
    peak = frame.groupby(frame.index.floor("D")).max()
    peak = peak.reindex(index=dates, columns=ids).fillna(0.0)
    return peak.to_numpy(dtype=float), "maximum of the hourly (per step) count, from results.nc"


def _grid_forecast(src: Source) -> tuple[pd.DatetimeIndex, list[str], dict[str, np.ndarray], int]:
    """Input arrays (member x date x crossing) of a forecast ensemble."""
    value = src.ensemble()
    kind = value["kind"].values.astype(str)
    ids_all = value["id"].values.astype(str)
    metric = value["metric"].values.astype(str)
    sel = (kind == "crossing") & np.isin(metric, INPUT_METRICS)
    if not sel.any():
        raise SourceError(f"{src.path / 'forecast.nc'}: no crossing queue metrics in the ensemble")
    ids = sorted(set(ids_all[sel]))
    dates = pd.DatetimeIndex(pd.to_datetime(value["date"].values))
    data = np.asarray(value.values, dtype=float)
    col = {i: k for k, i in enumerate(ids)}
    q: dict[str, np.ndarray] = {}
    for m in INPUT_METRICS:
        arr = np.full((data.shape[0], len(dates), len(ids)), np.nan if m == "wait_hours" else 0.0)
        for s in np.flatnonzero(sel & (metric == m)):
            arr[:, :, col[ids_all[s]]] = data[:, :, s]
        q[m] = arr if m == "wait_hours" else np.nan_to_num(arr)
    q["people_peak"] = np.fmax(q["queue_people"], q["queue_people_overnight"])
    return dates, ids, q, data.shape[0]


def _temperatures(
    src: Source, dates: pd.DatetimeIndex, ids: list[str], std: pd.DataFrame
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

    def write(self, directory: str | Path) -> list[Path]:
        """Write needs.csv, needs_standards.csv and needs.json into `directory` (atomically)."""
        directory = Path(directory)
        std = self.standards.reset_index()[["name", "value", "unit", "need", "origin", "source"]]
        return [
            _io.write_with(
                directory / "needs.csv",
                lambda p: self.table.to_csv(p, index=False, float_format="%.6g"),
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
    return needs_from_source(open_source(source, scenario), load_standards(standards))


def needs_from_source(src: Source, std: pd.DataFrame) -> Needs:
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
        qs = _nanquantile(arr)
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


def _nanquantile(arr: np.ndarray) -> np.ndarray:
    """Quantiles over axis 0 (members), NaN where every member is NaN, without warnings."""
    out = np.full((len(QUANTILES), arr.shape[1]), np.nan)
    ok = ~np.all(np.isnan(arr), axis=0)
    if ok.any():
        out[:, ok] = np.nanquantile(arr[:, ok], QUANTILES, axis=0)
    return out


# ---------------------------------------------------------------- CLI


# Options shared by needs, report and export.
StandardsOption = Annotated[
    Path | None,
    typer.Option(
        "--standards",
        help="CSV name,value[,source] overriding planning figures (see needs_standards.csv).",
    ),
]
ScenarioOption = Annotated[
    str | None,
    typer.Option(
        "--scenario", help="Scenario folder or bundled name, if DIR has no scenario/ copy."
    ),
]


def needs_command(
    directory: Annotated[
        Path, typer.Argument(help="A run (borderflow run --out) or forecast directory.")
    ],
    standards: StandardsOption = None,
    scenario: ScenarioOption = None,
) -> None:
    """Write DIR/needs.csv: what people in line need, per crossing and day (forecast: quantiles).

    Planning figures come from the bundled standards table (see needs_standards.csv in the output);
    override any of them with --standards FILE (CSV with columns name,value and optionally source).
    """
    from borderflow._cli import console, fail

    try:
        result = needs(directory, standards=standards, scenario=scenario)
        paths = result.write(directory)
    except (StandardsError, SourceError) as exc:
        raise fail(str(exc)) from None
    console.print(f"needs ({result.kind}): {len(result.table)} rows -> {paths[0]}")
    console.print(
        f"temperature: {result.notes['temperature']}", markup=False, highlight=False, soft_wrap=True
    )
    if result.notes["standards_overridden"]:
        console.print(f"standards overridden: {', '.join(result.notes['standards_overridden'])}")
