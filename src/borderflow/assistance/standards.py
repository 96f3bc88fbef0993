"""Planning figures for the needs of people in line (`standards.csv`, cited from public
humanitarian standards: Sphere, UNHCR, WFP), overridable from a file, and the cold arithmetic."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from borderflow.problems import unreadable

STANDARDS_FILE = Path(__file__).with_name("standards.csv")
# (column, unit, meaning): the needs table, in order
NEEDS: tuple[tuple[str, str, str], ...] = (
    ("people_mean", "persons", "people in line, mean over the day"),
    ("people_peak", "persons", "people in line at the day's peak"),
    ("people_car", "persons", "people in line in cars (and buses), day mean"),
    ("people_foot", "persons", "people in line on foot or bicycle, day mean"),
    ("people_overnight", "persons", "people still in line at the end of the day"),
    ("person_hours", "person h", "hours spent in line, summed over people"),
    ("queue_km", "km", "length of the car queue, day mean"),
    ("wait_hours", "h", "mean wait of those who crossed that day (cars; else all modes)"),
    ("wait_hours_car", "h", "mean wait of those who crossed by car that day"),
    ("wait_hours_bus", "h", "mean wait of those who crossed by bus or coach that day"),
    ("wait_hours_foot", "h", "mean wait of those who crossed on foot or by bicycle that day"),
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
        with warnings.catch_warnings():  # a line longer than the header: refused, not cut
            warnings.simplefilter("error", pd.errors.ParserWarning)
            override = pd.read_csv(path, dtype=str, keep_default_na=False, index_col=False)
    except pd.errors.ParserWarning:
        raise StandardsError([f"{path}: a line has more fields than the header "
                              "(name,value[,source])"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise StandardsError([f"{path}: {unreadable(exc, path)}"]) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise StandardsError([f"{path}: cannot read: {exc}"]) from None
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
