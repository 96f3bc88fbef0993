"""`borderflow export`: files for the humanitarian data ecosystem (HDX and friends).

- `borderflow_tidy.csv`: one row per date, place and metric (model metrics and needs), the same
  columns for a run and a forecast: `value` (the run's figure, the forecast's median) and
  q05..q95; a unit for every metric in its own column; host countries with their ISO 3166-1
  alpha-3 code, crossings with their adm1 codes where known: the host side's p-code (column
  `adm1_pcode` of crossings.csv; the bundled scenarios have none yet) and the departure side's
  ISO 3166-2 code (its `region`, e.g. RU-SE).
- `borderflow_hxl.csv`: the same rows with an HXL hashtag row under the header (HXL 1.1:
  #date, #loc+code, #loc+name, #country+name, #country+code, #adm1+code, #adm1+code+origin,
  #geo+lat/#geo+lon, #indicator+code, #meta+unit, #indicator+num),
  so HXL tools (HDX, the HXL Proxy) can filter and join it; kept separate because plain CSV readers
  would take the tag row for data.
- `borderflow_crossings.geojson`: a FeatureCollection of the crossings (points, WGS84 lon/lat) with
  their figures on one date (default: the last modelled date); crossings without coordinates get a
  null geometry, as RFC 7946 allows.

No dependency beyond pandas and the standard library: GeoJSON is plain JSON.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from borderflow import _io
from borderflow.assistance.countries import iso3
from borderflow.assistance.estimate import needs_from_output
from borderflow.assistance.standards import NEED_UNITS, load_standards
from borderflow.results.artifacts import Output, OutputError, open_output
from borderflow.results.quantiles import QCOLS, member_quantiles

METRIC_UNITS = {
    "daily_entries": "persons/day",
    "daily_entries_background": "persons/day",
    "daily_vehicles": "vehicles/day",
    "queue_vehicles": "vehicles",
    "queue_km": "km",
    "queue_people": "persons",
    "queue_people_car": "persons",
    "queue_people_foot": "persons",
    "queue_people_overnight": "persons",
    "person_hours": "person h",
    "wait_hours": "h",
    "daily_stopped": "persons/day",
    "daily_reneged": "persons/day",
    "daily_turned_back": "persons/day",
    "wait_hours_car": "h",
    "wait_hours_bus": "h",
    "wait_hours_foot": "h",
    "cumulative_departures": "persons",
    "daily_unmet_air": "persons/day",
    "daily_departures": "persons/day",
    "daily_call_ups": "persons/day",
    "cum_call_ups": "persons",
    "daily_air_departures": "persons/day",
    "cumulative_entries": "persons",
}
HXL = {
    "date": "#date",
    "kind": "#meta+kind",
    "id": "#loc+code",
    "name": "#loc+name",
    "country": "#country+name",
    "country_code": "#country+code",
    "adm1_code": "#adm1+code",
    "origin_adm1_code": "#adm1+code+origin",
    "lat": "#geo+lat",
    "lon": "#geo+lon",
    "metric": "#indicator+code",
    "unit": "#meta+unit",
    "value": "#indicator+num",
    "cold_risk": "#severity+cold",
    **{q: f"#indicator+num+{q}" for q in QCOLS},
}
GEO_METRICS = ("queue_people", "queue_km", "wait_hours", "daily_entries")
GEO_NEEDS = (
    "people_peak",
    "queue_people_overnight",
    "water_l",
    "food_kcal",
    "toilets",
    "warming_places",
    "people_per_km",
    "water_l_per_km",
    "toilets_per_km",
)


# needs that restate a model metric under another name (the metric is exported once)
RESTATED = ("people_mean", "people_car", "people_foot", "people_overnight", "person_hours",
            "queue_km", "wait_hours", "wait_hours_car", "wait_hours_bus", "wait_hours_foot")
COLUMNS = ("date", "kind", "id", "name", "country", "country_code", "adm1_code",
           "origin_adm1_code", "lat", "lon",
           "metric", "unit", "value", *QCOLS, "cold_risk")


def tidy(src: Output, std: pd.DataFrame) -> pd.DataFrame:
    """Model metrics and needs, one row per date, place and metric, the same columns for a run
    and a forecast (COLUMNS): `value` is the run's figure or the forecast's median, q05..q95
    the quantiles over members (a run is one member)."""
    needs = needs_from_output(src, std).long()
    needs = needs[~needs["need"].isin(RESTATED)]
    needs = needs.rename(columns={"need": "metric", "crossing": "id"})
    needs = needs.drop(columns=["name", "country", "country_code", "unit"]).assign(kind="crossing")
    needs["date"] = pd.to_datetime(needs["date"])
    out = pd.concat([_metrics(src), needs], ignore_index=True)
    out["unit"] = out["metric"].map({**METRIC_UNITS, **NEED_UNITS}).fillna("")
    out = out.join(_places(src), on="id")
    out["country"] = out["country"].where(out["kind"] != "destination", out["id"])
    out["country_code"] = out["country"].map(iso3)
    out["date"] = out["date"].dt.strftime("%Y-%m-%d")
    return (out.reindex(columns=list(COLUMNS))
            .sort_values(["date", "kind", "id", "metric"], kind="stable").reset_index(drop=True))


def _places(src: Output) -> pd.DataFrame:
    """Name, country, coordinates and the adm1 codes of each crossing: `adm1_code`, the host
    side's p-code where crossings.csv gives one (column adm1_pcode); `origin_adm1_code`, the
    departure side's ISO 3166-2 code where its `region` is one (RU-SE)."""
    c = src.crossings()
    meta = c.reindex(columns=["name", "country", "lat", "lon"])
    meta["adm1_code"] = c["adm1_pcode"] if "adm1_pcode" in c else np.nan
    region = c["region"].astype(str) if "region" in c else pd.Series("", index=c.index)
    meta["origin_adm1_code"] = region.where(region.str.fullmatch(r"[A-Z]{2}-[A-Z0-9]{1,3}"))
    return meta[~meta.index.duplicated()]


def _metrics(src: Output) -> pd.DataFrame:
    if src.kind == "run":
        daily = src.daily()
        return daily.assign(**{q: daily["value"] for q in QCOLS})
    value = src.ensemble()
    keys = pd.DataFrame({c: value[c].values.astype(str) for c in ("kind", "id", "metric")})
    arr = np.asarray(value.values, dtype=float)
    m, d, s = arr.shape
    qs = member_quantiles(arr.reshape(m, d * s))  # (q, date*series)
    dates = pd.to_datetime(value["date"].values)
    frame = pd.DataFrame(qs.T, columns=list(QCOLS))
    frame.insert(0, "date", np.repeat(dates, s))
    for col in ("metric", "id", "kind"):
        frame.insert(1, col, np.tile(keys[col].to_numpy(), d))
    return frame.assign(value=frame["q50"])


def hxl_rows(table: pd.DataFrame) -> pd.DataFrame:
    """The table with an HXL hashtag row inserted under the header."""
    tags = pd.DataFrame([[HXL.get(c, "") for c in table.columns]], columns=table.columns)
    text = table.astype(object)
    for col in table.select_dtypes("number").columns:
        text[col] = [("" if not np.isfinite(v) else f"{v:.6g}") for v in table[col]]
    return pd.concat([tags, text], ignore_index=True)


def geojson(src: Output, table: pd.DataFrame, date: str | None = None) -> dict[str, Any]:
    """Crossings as GeoJSON points with their figures on `date` (default: the last date)."""
    rows = table[table["kind"] == "crossing"]
    day = date or rows["date"].max()
    if day not in set(rows["date"]):
        raise OutputError(
            f"--date: no figures on {day}; dates run {rows['date'].min()} to {rows['date'].max()}"
        )
    rows = rows[rows["date"] == day]
    col = "value"
    meta = _places(src)
    features = []
    for cid in sorted(set(rows["id"]) | set(meta.index)):
        part = rows[rows["id"] == cid].set_index("metric")
        props: dict[str, Any] = {
            "id": cid,
            "date": day,
            "statistic": "value" if src.kind == "run" else "median (q50)",
        }
        info = meta.loc[cid] if cid in meta.index else pd.Series(dtype=object)
        props["name"] = info.get("name", cid) if isinstance(info.get("name"), str) else cid
        props["country"] = info.get("country") if isinstance(info.get("country"), str) else None
        props["country_code"] = iso3(props["country"]) or None
        for code in ("adm1_code", "origin_adm1_code"):
            props[code] = info.get(code) if isinstance(info.get(code), str) else None
        for m in (*GEO_METRICS, *GEO_NEEDS):
            v = part[col].get(m, np.nan) if len(part) else np.nan
            props[m] = None if v is None or not np.isfinite(v) else round(float(v), 3)
        risk = part["cold_risk"].dropna() if "cold_risk" in part else pd.Series(dtype=object)
        props["cold_risk"] = str(risk.iloc[0]) if len(risk) else None
        lat, lon = info.get("lat"), info.get("lon")
        geometry = (
            {"type": "Point", "coordinates": [round(float(lon), 6), round(float(lat), 6)]}
            if lat is not None and lon is not None and np.isfinite(lat) and np.isfinite(lon)
            else None
        )
        features.append({"type": "Feature", "id": cid, "geometry": geometry, "properties": props})
    return {"type": "FeatureCollection", "features": features}


def export(
    directory: str | Path,
    out: str | Path | None = None,
    date: str | None = None,
    standards: str | Path | None = None,
    scenario: str | Path | None = None,
) -> list[Path]:
    """Write the tidy CSV, the HXL CSV and the crossings GeoJSON; return their paths."""
    src = open_output(directory, scenario)
    table = tidy(src, load_standards(standards))
    folder = Path(out) if out else Path(directory) / "export"
    fc = geojson(src, table, date)
    return [
        _io.write_with(
            folder / "borderflow_tidy.csv",
            lambda p: table.to_csv(p, index=False, float_format="%.6g"),
        ),
        _io.write_with(
            folder / "borderflow_hxl.csv",
            lambda p: hxl_rows(table).to_csv(p, index=False, float_format="%.6g"),
        ),
        _io.write_text(
            folder / "borderflow_crossings.geojson",
            json.dumps(fc, indent=1, allow_nan=False) + "\n",
        ),
    ]
