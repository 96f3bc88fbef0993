"""Exports for the humanitarian data ecosystem: tidy CSV, HXL CSV, crossings GeoJSON."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from synthetic_dirs import write_forecast, write_run
from typer.testing import CliRunner

from borderflow.cli import app
from borderflow.report.hdx import export

FILES = ["borderflow_crossings.geojson", "borderflow_hxl.csv", "borderflow_tidy.csv"]


@pytest.fixture(params=["run", "forecast"])
def source_dir(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    if request.param == "run":
        return write_run(tmp_path / "run")
    return write_forecast(tmp_path / "fc", members=10)


def test_cli_writes_three_files(source_dir: Path) -> None:
    """`borderflow export DIR` writes the tidy CSV, the HXL CSV and the GeoJSON into DIR/export."""
    result = CliRunner().invoke(app, ["export", str(source_dir)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (source_dir / "export").iterdir()) == FILES


def test_tidy_has_metrics_and_needs_with_units(source_dir: Path, tmp_path: Path) -> None:
    """One row per date, place and metric; metrics and needs; every crossing row has a unit."""
    export(source_dir, tmp_path / "out")
    tidy = pd.read_csv(tmp_path / "out" / "borderflow_tidy.csv")
    assert {"queue_km", "daily_entries", "water_l", "toilets", "warming_places"} <= set(
        tidy["metric"]
    )
    assert not tidy.duplicated(["date", "kind", "id", "metric"]).any()
    assert tidy.loc[tidy["kind"] == "crossing", "unit"].notna().all()
    value_cols = (
        ["value"] if (source_dir / "daily.csv").exists() else ["q05", "q25", "q50", "q75", "q95"]
    )
    assert set(value_cols) <= set(tidy.columns)


def test_hxl_has_a_tag_row_and_the_same_rows(source_dir: Path, tmp_path: Path) -> None:
    """The HXL file is the tidy table with a hashtag row under the header."""
    export(source_dir, tmp_path / "out")
    hxl = pd.read_csv(tmp_path / "out" / "borderflow_hxl.csv", dtype=str, keep_default_na=False)
    tidy = pd.read_csv(tmp_path / "out" / "borderflow_tidy.csv")
    tags = hxl.iloc[0]
    assert (
        tags["date"] == "#date" and tags["id"] == "#loc+code" and tags["country"] == "#country+name"
    )
    assert all(t.startswith("#") for t in tags)
    assert len(hxl) == len(tidy) + 1


def test_geojson_points_with_latest_figures(tmp_path: Path) -> None:
    """Every crossing is a WGS84 point (lon, lat) with the figures of the last date or --date."""
    run = write_run(tmp_path / "run")
    export(run, tmp_path / "out")
    fc = json.loads((tmp_path / "out" / "borderflow_crossings.geojson").read_text())
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 3
    lars = next(f for f in fc["features"] if f["id"] == "upper_lars_dariali")
    assert lars["geometry"] == {"type": "Point", "coordinates": [44.6311, 42.7378]}
    daily = pd.read_csv(run / "daily.csv")
    last = daily[(daily["id"] == "upper_lars_dariali") & (daily["metric"] == "queue_km")].iloc[-1]
    assert lars["properties"]["date"] == last["date"]
    assert lars["properties"]["queue_km"] == pytest.approx(last["value"], abs=1e-3)
    assert lars["properties"]["water_l"] > 0 and lars["properties"]["cold_risk"] == "low"
    export(run, tmp_path / "out2", date="2022-09-25")
    fc2 = json.loads((tmp_path / "out2" / "borderflow_crossings.geojson").read_text())
    assert all(f["properties"]["date"] == "2022-09-25" for f in fc2["features"])


def test_unknown_date_is_an_error(tmp_path: Path) -> None:
    """--date outside the modelled days exits 1 and names the range."""
    run = write_run(tmp_path / "run")
    result = CliRunner().invoke(app, ["export", str(run), "--date", "2030-01-01"])
    assert result.exit_code == 1 and "2022-09-21 to 2022-09-30" in result.output


def test_needs_and_export_of_a_real_run(tmp_path: Path, tiny_dir: Path) -> None:
    """On a real run of the tiny scenario, needs and export work and agree with daily.csv."""
    import borderflow

    simulate = (
        getattr(borderflow, "simulate", None)
        or pytest.importorskip("borderflow.engine.sim").simulate
    )
    out = tmp_path / "real"
    simulate(borderflow.load_scenario(tiny_dir), seed=2).write(out)
    table = borderflow.needs(out, scenario=tiny_dir).table
    daily = pd.read_csv(out / "daily.csv")
    ph = daily[daily["metric"] == "person_hours"].set_index(["date", "id"])["value"]
    got = table.set_index(["date", "crossing"])["water_l"]
    assert got.to_numpy() == pytest.approx((ph.reindex(got.index) / 24 * 3).to_numpy())
    assert (table["people_peak"] >= table["people_mean"] - 1e-9).all()
    paths = export(out, scenario=tiny_dir)
    assert sorted(p.name for p in paths) == FILES


def test_exports_follow_hdx_conventions(tmp_path: Path) -> None:
    """The HXL file tags ISO3 country codes (#country+code) and adm1 codes (#adm1+code, a p-code
    where crossings.csv gives one; #adm1+code+origin, the departure side's ISO 3166-2 code);
    every row has a unit; a run and a forecast give the same columns."""
    run = write_run(tmp_path / "run")
    table = pd.read_csv(run / "scenario" / "crossings.csv")
    table["adm1_pcode"] = ["GE15", "", ""]
    table["region"] = ["RU-SE", "RU-LEN", "not a code"]
    table.to_csv(run / "scenario" / "crossings.csv", index=False)
    export(run, tmp_path / "run-out")
    export(write_forecast(tmp_path / "fc", members=5), tmp_path / "fc-out")
    hxl = pd.read_csv(tmp_path / "run-out" / "borderflow_hxl.csv", dtype=str,
                      keep_default_na=False)
    tags = hxl.iloc[0]
    assert tags["country_code"] == "#country+code" and tags["adm1_code"] == "#adm1+code"
    assert tags["origin_adm1_code"] == "#adm1+code+origin"
    rows = hxl.iloc[1:]
    crossings = rows[rows["kind"] == "crossing"].drop_duplicates("id").set_index("id")
    assert crossings.loc["upper_lars_dariali", ["country_code", "adm1_code",
                                                "origin_adm1_code"]].tolist() == [
        "GEO", "GE15", "RU-SE"]
    assert crossings.loc["karaozek_kurmangazy", ["adm1_code", "origin_adm1_code"]].tolist() == [
        "", ""]
    hosts = rows[rows["kind"] == "destination"].drop_duplicates("id").set_index("id")
    assert hosts["country_code"].to_dict() == {
        "Finland": "FIN", "Georgia": "GEO", "Kazakhstan": "KAZ", "Turkey": "TUR"}
    assert (rows["unit"] != "").all()
    run_cols = pd.read_csv(tmp_path / "run-out" / "borderflow_tidy.csv", nrows=1).columns
    fc_cols = pd.read_csv(tmp_path / "fc-out" / "borderflow_tidy.csv", nrows=1).columns
    assert list(run_cols) == list(fc_cols)
    geo = json.loads((tmp_path / "run-out" / "borderflow_crossings.geojson").read_text())
    props = {f["id"]: f["properties"] for f in geo["features"]}
    assert props["upper_lars_dariali"]["country_code"] == "GEO"
