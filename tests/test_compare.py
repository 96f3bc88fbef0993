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
from borderflow.results.quantiles import QCOLS

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


def test_no_wait_difference_where_one_side_served_no_one():
    """A day when most of the variant's members served no one (a closed crossing) has no wait
    difference, not the difference of the few members that did."""
    import numpy as np

    from borderflow.report.compare import _rows

    dates = pd.date_range("2022-09-28", periods=2)
    keys = [("crossing", "upper_lars_dariali", "wait_hours_car")]
    base = np.full((20, 2, 1), 20.0)
    other = base.copy()
    other[:12, 1, 0] = np.nan  # closed on the second day in 12 futures of 20
    other[12:, 1, 0] = 130.0  # the few who still crossed waited long
    rows = _rows(dates, keys, base, other, "closed")
    assert rows.loc[0, "difference_q50"] == 0
    assert rows.loc[1, [f"difference_{q}" for q in QCOLS]].isna().all()


def test_the_summary_cells_read_new_and_none_now_and_give_the_band():
    """Waits only the variant has read 'new', only the base 'none now'; otherwise the median
    difference member by member and its 90% band."""
    import numpy as np

    from borderflow.report.compare_table import difference_cell

    rng = np.random.default_rng(3)
    a, b = rng.uniform(10, 20, 40), rng.uniform(10, 20, 40) + 5
    d = np.quantile(b - a, (0.05, 0.5, 0.95))
    assert difference_cell(a, b, "hours") == (
        f"+{d[1]:.0f} <span class=range>({'+' if d[0] > 0 else '−'}{abs(d[0]):.0f} to "
        f"+{d[2]:.0f})</span>")
    none = np.full(40, np.nan)
    assert difference_cell(none, b, "hours").startswith(f"new: {np.median(b):.0f} ")
    assert difference_cell(a, none, "hours").startswith("none now")
    assert "nan" not in difference_cell(none, b, "hours").lower()
    assert difference_cell(none, none, "hours") == "–"


def test_the_summary_table_has_the_busiest_crossings_tomorrow_and_the_week(tmp_path):
    """The summary: per variant, the busiest crossings, a line per compared figure, tomorrow and
    the 7 days; the 7-day people turned back the median of each member's total difference."""
    import re

    import numpy as np
    import xarray as xr
    from synthetic_dirs import write_forecast

    from borderflow.report.cards import sig
    from borderflow.report.compare import write_compare

    base = write_forecast(tmp_path / "a", members=15)
    other = write_forecast(tmp_path / "b", members=15)
    ds = xr.open_dataset(other / "forecast.nc").load()
    value = ds["value"]
    sel = (value["id"] == "upper_lars_dariali") & (value["metric"] == "daily_turned_back")
    col = int(np.flatnonzero(sel.values)[0])
    extra = np.arange(15)[:, None] * 10.0 + 100  # each member turns back more, every day
    ds["value"][:, :, col] = ds["value"][:, :, col] + extra
    ds.close()
    ds.to_netcdf(other / "forecast.nc", engine="h5netcdf")
    table = write_compare([base, other], tmp_path / "c.html", None)
    assert len(table)
    page = (tmp_path / "c.html").read_text(encoding="utf-8")
    summary = page[page.index("<h2>In numbers"):page.index("<h2>Day by day")]
    assert "tomorrow, Sat 24 Sep" in summary and "24 Sep – 30 Sep" in summary
    assert "member by member" in summary
    line = re.search(r"people turned back <span class=range>\(total\)</span></td><td>(.*?)</td>"
                     r"<td>(.*?)</td>", summary)
    week = np.median(extra[:, 0] * 7)
    assert line and line.group(2).startswith(f"+{sig(week)} ")
