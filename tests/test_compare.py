"""Policies side by side: differences per crossing and day, member by member for forecasts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from borderflow import calibrate, load_scenario
from borderflow.calibration.abc import Settings
from borderflow.cli import app
from borderflow.report.compare import compare

CLOSE = "kind=close,crossing=kairak,date=2022-09-23"
OBS = """metric,place,crossing,date_from,date_to,value,low,high,reported_on,source,url
daily_entries,Finland,,2022-09-22,2022-09-22,2500,,,2022-09-22,made up,
"""


def invoke(*args: str) -> None:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output


def test_runs_compared_day_by_day(tiny_dir, tmp_path):
    """Closing Kairak on 23 Sep: no difference before, people turned back from then on."""
    base, closed = tmp_path / "base", tmp_path / "closed"
    invoke("run", str(tiny_dir), "-q", "--days", "4", "--out", str(base))
    invoke("run", str(tiny_dir), "-q", "--days", "4", "--out", str(closed), "--event", CLOSE,
           "--label", "kairak closed")
    invoke("compare", str(base), str(closed), "-o", str(tmp_path / "c.html"), "--csv",
           str(tmp_path / "c.csv"))
    table = pd.read_csv(tmp_path / "c.csv")
    turned = table[(table["id"] == "kairak") & (table["metric"] == "daily_turned_back")]
    assert (turned[turned["date"] < "2022-09-23"]["difference"] == 0).all()
    assert turned[turned["date"] >= "2022-09-23"]["difference"].sum() > 0
    assert set(table["variant"]) == {"kairak closed (closed)"}
    needs = table[(table["kind"] == "needs") & (table["id"] == "kairak")]
    assert set(needs["metric"]) == {"water_l", "food_kcal", "toilets", "warming_places"}
    assert (tmp_path / "c.html").stat().st_size > 100_000


def test_forecasts_compared_member_by_member(tiny_dir, tmp_path):
    """Same posterior and seeds: the difference's band; other seeds are refused."""
    (tmp_path / "obs.csv").write_text(OBS, encoding="utf-8")
    calibrate(load_scenario(tiny_dir), tmp_path / "obs.csv", "2022-09-22", tmp_path / "cal",
              Settings(4, 8, 1, seed=2))
    common = ["--posterior", str(tmp_path / "cal"), "--from", "2022-09-23", "--days", "2",
              "--members", "6", "--scheduler", "serial"]
    invoke("forecast", str(tiny_dir), *common, "--out", str(tmp_path / "a"))
    invoke("forecast", str(tiny_dir), *common, "--out", str(tmp_path / "b"), "--event", CLOSE)
    table = compare([tmp_path / "a", tmp_path / "b"])
    turned = table[(table["id"] == "kairak") & (table["metric"] == "daily_turned_back")]
    assert (turned["difference_q95"] >= turned["difference_q05"]).all()
    assert turned["difference_q50"].max() > 0
    assert {"water_l", "toilets"} <= set(table[table["kind"] == "needs"]["metric"])
    invoke("forecast", str(tiny_dir), *common, "--out", str(tmp_path / "c"), "--seed", "9")
    result = CliRunner().invoke(app, ["compare", str(tmp_path / "a"), str(tmp_path / "c"),
                                      "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 1 and "seeds differ" in result.output


def test_the_compare_page_in_headless_chromium(tiny_dir, tmp_path):
    """The page draws its charts offline with no error."""
    from test_report import CHECK_JS, CHROMIUM, CHROMIUM_ARGS

    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists() or not shutil.which("chromium"):
        pytest.skip("Debian chromium not installed (apt-get install chromium)")
    base, closed = tmp_path / "base", tmp_path / "closed"
    invoke("run", str(tiny_dir), "-q", "--days", "4", "--out", str(base))
    invoke("run", str(tiny_dir), "-q", "--days", "4", "--out", str(closed), "--event", CLOSE)
    invoke("compare", str(base), str(closed), "-o", str(tmp_path / "c.html"))
    errors: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_context(offline=True).new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto((tmp_path / "c.html").as_uri())
        page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 2")
        charts = page.evaluate(CHECK_JS)
        browser.close()
    assert errors == []
    assert len(charts) >= 2
    assert all(c["traces"] > 0 and c["points"] > 0 and c["drawn"] > 0 for c in charts), charts


def test_the_compare_page_draws_a_panel_per_changed_crossing(tmp_path):
    """The page: one panel per crossing the policy changes (none of zeros), named, and the days
    the model covers only in part are left out and named."""
    import json

    from synthetic_dirs import write_run

    from borderflow.report.compare import compare_html

    base, other = write_run(tmp_path / "base"), write_run(tmp_path / "other")
    daily = pd.read_csv(other / "daily.csv")
    lars = (daily["id"] == "upper_lars_dariali") & (daily["metric"] == "queue_people")
    daily.loc[lars, "value"] *= 2
    daily.to_csv(other / "daily.csv", index=False)
    page = compare_html(compare([base, other]), [base, other])
    start = page.rindex("var figures=") + len("var figures=")
    figures = json.loads(page[start: page.index(";Object.keys", start)])
    people = next(f for f in figures.values() if "people in line:" in f["layout"]["title"]["text"])
    panels = [a["text"] for a in people["layout"]["annotations"][:-1]]
    assert panels == ["<b>Upper Lars</b>"]
    assert "Left out: 2022-09-21" in page
    assert all("2022-09-21" not in t["x"] for t in people["data"])
