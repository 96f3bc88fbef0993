"""The fit panel at the top of the brief: the model beside the reported figures, counted from the
forecast's own members, the cut-off's sides named, drawn in a real headless Chromium."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_report import CHECK_JS, CHROMIUM, CHROMIUM_ARGS

from borderflow import calibrate, forecast, load_scenario
from borderflow.calibration.abc import Settings
from borderflow.report.html import build_report, prepare
from borderflow.results.artifacts import read_forecast_nc

TINY = Path(__file__).parent / "fixtures" / "tiny"
HEAD = "metric,place,crossing,date_from,date_to,value,low,high,reported_on,source,url\n"
FITTED = HEAD + "daily_entries,Finland,,2022-09-22,2022-09-22,2500,,,2022-09-23,made up,\n"


@pytest.fixture(scope="module")
def fc(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny calibration to 23 Sep and a 12-member forecast of 24-25 Sep."""
    tmp = tmp_path_factory.mktemp("fit")
    tiny = load_scenario(TINY)
    (tmp / "obs.csv").write_text(FITTED, encoding="utf-8")
    calibrate(tiny, tmp / "obs.csv", "2022-09-23", tmp / "cal", Settings(4, 8, 1, seed=2))
    forecast(tiny, tmp / "cal", "2022-09-24", 2, tmp / "fc", members=12, seed=5)
    return tmp / "fc"


def _members(fc: Path, kind: str, sid: str, metric: str, day: str) -> np.ndarray:
    """The members' values of one series on one day, read straight from forecast.nc."""
    da = read_forecast_nc(fc)
    col = np.flatnonzero((da["kind"].values.astype(str) == kind)
                         & (da["id"].values.astype(str) == sid)
                         & (da["metric"].values.astype(str) == metric))[0]
    row = list(np.datetime_as_string(da["date"].values, "D")).index(day)
    return np.asarray(da.values[:, row, col], float)


def _observations(fc: Path, path: Path) -> tuple[Path, int, int]:
    """Reports made from the forecast itself, some inside its band and some far outside, on
    both sides of the cut-off (23 Sep); and how many of them the band holds, counted directly."""
    rows, inside = [], 0
    # near the band's edges (the 10th and 99th percentiles), in the middle, far above
    for day, level in (("2022-09-22", 0.10), ("2022-09-23", 0.99), ("2022-09-24", 0.5),
                       ("2022-09-25", None)):
        v = _members(fc, "destination", "Finland", "daily_entries", day)
        value = float(np.quantile(v, level)) if level else float(v.max()) * 10 + 1000
        q05, q95 = np.quantile(v, (0.05, 0.95))
        inside += int(q05 <= value <= q95)
        rows.append(f"daily_entries,Finland,,{day},{day},{value:.1f},,,,made up,")
    q = _members(fc, "crossing", "kairak", "queue_vehicles", "2022-09-24")
    low, high = float(q.max()) * 3 + 10, float(q.max()) * 5 + 20  # above every member
    q05, q95 = np.quantile(q, (0.05, 0.95))
    inside += int(q95 >= low and q05 <= high)
    rows.append(f"queue_vehicles,Kazakhstan,Kairak,2022-09-24,2022-09-24,,{low:.1f},{high:.1f},,"
                "made up,")
    path.write_text(HEAD + "\n".join(rows) + "\n", encoding="utf-8")
    return path, inside, len(rows)


def test_the_count_inside_the_band_is_the_members_count(fc: Path, tmp_path: Path) -> None:
    """The page's count of reports inside the 90% band, overall and per panel, is the count
    made directly from the forecast's members; a report outside is named as outside."""
    obs, inside, total = _observations(fc, tmp_path / "obs.csv")
    page = build_report(fc, tmp_path / "r.html", observations=obs).read_text()
    fit = page[page.index('<section id="fit">'):page.index('<section id="key">')]
    assert f"{inside} of {total} reports inside the 90% band" in fit
    shown = sum(int(n) for n in re.findall(r'data-inside="(\d+)"', fit))
    assert shown == inside
    assert sum(int(n) for n in re.findall(r'data-reports="(\d+)"', fit)) == total
    kairak = re.search(r'<li data-panel="queue_vehicles\|crossing\|kairak".*?</li>', fit)
    assert kairak and "Outside: 24 Sep: reported" in kairak.group(0)  # above every member
    assert "model lower" in kairak.group(0)
    assert "25 Sep: reported" in fit.split("Outside: ", 1)[1]


def test_reports_after_the_cutoff_are_out_of_sample(fc: Path, tmp_path: Path) -> None:
    """Reports up to the cut-off are in sample, those after it out of sample, and the page
    says which is which."""
    obs, _, _ = _observations(fc, tmp_path / "obs.csv")
    r = prepare(fc, obs)
    rows = r.sections["fit"]
    assert "Forecast cut-off: <b>23 Sep 2022</b>" in rows
    assert "The 2 reports up to it are <b>in sample</b>" in rows
    assert "The 3 after it are <b>out of sample</b>" in rows
    finland = re.search(r'<li data-panel="daily_entries\|destination\|Finland".*?</li>', rows)
    assert finland and "(in sample: 1 of 2; out of sample: 1 of 2)" in finland.group(0)
    assert "out of sample)" in finland.group(0)  # the miss on 25 Sep, named as out of sample
    hovers = {text.split(":")[0]: text for trace in r.figures["fit"]["data"]
              if trace.get("name") == "reported" for text in trace["text"]}
    assert "<br>out of sample" in hovers["25 Sep"] and "<br>in sample" in hovers["22 Sep"]


def test_without_observations_the_panel_says_how_to_add_them(fc: Path) -> None:
    r = prepare(fc)
    assert "--observations" in r.sections["fit"] and "fit" not in r.figures


def test_fit_panel_in_headless_chromium(fc: Path, tmp_path: Path) -> None:
    """Chromium, offline: the fit chart draws one panel per series with the model and the
    reports, the outside ones in red, and no console error."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium not installed (apt-get install chromium)")
    obs, _, _ = _observations(fc, tmp_path / "obs.csv")
    path = build_report(fc, tmp_path / "r.html", observations=obs)
    errors: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_context(viewport={"width": 1280, "height": 900}, offline=True).new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(path.as_uri())
        page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 5")
        fit = next(c for c in page.evaluate(CHECK_JS) if c["id"] == "fig-fit")
        red = page.evaluate("""() => [...document.querySelectorAll('#fig-fit .scatterlayer .point')]
            .filter(p => (p.style.fill || '').includes('214, 39, 40')
                      || (p.style.stroke || '').includes('214, 39, 40')).length""")
        panels = page.locator("#fit [data-panel]").count()
        browser.close()
    assert errors == []
    assert fit["traces"] > 0 and fit["points"] > 0 and fit["drawn"] > 0, fit
    titles = [t for t in fit["labels"] if "in the band" in t]
    assert len(titles) == panels == 2  # Finland's entries, Kairak's queue
    assert red >= 2  # 25 Sep's entries and 24 Sep's queue, outside the band


def test_a_single_run_is_compared_report_by_report(tmp_path: Path) -> None:
    """A run has no band: a report is close when the run is within a quarter of it, and the
    run's figure is read from its daily.csv."""
    from borderflow import simulate

    out = tmp_path / "run"
    simulate(load_scenario(TINY), seed=1).write(out)
    daily = pd.read_csv(out / "daily.csv")
    fin = daily[(daily["kind"] == "destination") & (daily["id"] == "Finland")
                & (daily["metric"] == "daily_entries")].set_index("date")["value"]
    rows = [f"daily_entries,Finland,,{day},{day},{fin[day] * k:.1f},,,,made up,"
            for day, k in (("2022-09-23", 1.1), ("2022-09-24", 3.0))]
    (tmp_path / "obs.csv").write_text(HEAD + "\n".join(rows) + "\n", encoding="utf-8")
    fit = prepare(out, tmp_path / "obs.csv", scenario=TINY).sections["fit"]
    assert "1 of 2 reports within a quarter of the run" in fit
    assert "Further off: 24 Sep: reported" in fit and "(run lower)" in fit


def test_a_crossings_card_says_when_its_reports_fall_outside_the_band(fc: Path,
                                                                      tmp_path: Path) -> None:
    """Waits reported far above every member put a warning under the card's wait, naming the
    reports and the model's band from the fit's own matching; a report inside the band none."""
    from borderflow.report.fit import _n

    rows, bands = [], []
    for day, factor in (("2022-09-24", 3), ("2022-09-25", 4)):
        w = _members(fc, "crossing", "sagarchin", "wait_hours", day)
        value = np.nanmax(w) * factor + 5
        rows.append(f"wait_hours,Kazakhstan,Sagarchin,{day},{day},{value:.0f},,,,made up,")
        bands.append(np.nanquantile(w, (0.05, 0.95)))
    (tmp_path / "obs.csv").write_text(HEAD + "\n".join(rows) + "\n", encoding="utf-8")
    cards = prepare(fc, tmp_path / "obs.csv").sections["cards"]
    card = re.search(r'<div class=card data-crossing="sagarchin">.*?</table></div>', cards)
    assert card, "sagarchin has a card"
    flag = re.search(r"<tr class=flag><td colspan=4>⚠ (.*?)</td></tr>", card.group(0))
    assert flag, "a warning under the card's wait"
    values = [r.split(",")[5] for r in rows]
    low, high = min(b[0] for b in bands), max(b[1] for b in bands)
    assert flag.group(1) == (f"Reported waits were longer: {values[0]} h on 24 Sep, {values[1]} h "
                             f"on 25 Sep; the model&#x27;s band was {_n(low)}–{_n(high)} h (see "
                             "the fit panel).")
    w = _members(fc, "crossing", "sagarchin", "wait_hours", "2022-09-24")
    inside = f"wait_hours,Kazakhstan,Sagarchin,2022-09-24,2022-09-24,{np.nanmedian(w):.2f},,,,x,"
    (tmp_path / "in.csv").write_text(HEAD + inside + "\n", encoding="utf-8")
    assert "class=flag" not in prepare(fc, tmp_path / "in.csv").sections["cards"]


def test_the_header_and_the_posterior_say_what_the_forecast_is(fc: Path, tmp_path: Path) -> None:
    """The header gives the forecast's days and where the model starts; a posterior read from
    a temporary copy of the scenario (since deleted) is marked so, and its provenance is read
    from the forecast folder's own copy."""
    import json
    import shutil

    from borderflow.report.html import render_html

    copy = tmp_path / "fc"
    shutil.copytree(fc, copy)
    manifest = json.loads((copy / "forecast.json").read_text(encoding="utf-8"))
    gone = tmp_path / "borderflow-variant-x" / "tiny"
    manifest.update(scenario=str(gone), posterior=str(gone / "posterior"))
    (copy / "forecast.json").write_text(json.dumps(manifest), encoding="utf-8")
    (copy / "scenario" / "posterior").mkdir(parents=True, exist_ok=True)
    (copy / "scenario" / "posterior" / "provenance.json").write_text(json.dumps(
        {"observations": "obs.csv", "until": "2022-09-23", "method": "ABC-SMC"}), encoding="utf-8")
    r = prepare(copy)
    tech = r.sections["technical"]
    assert f"{gone / 'posterior'} (a temporary copy, since deleted)" in tech
    assert "obs.csv, reports up to 2022-09-23; ABC-SMC" in tech
    start = pd.Timestamp(manifest["start"][:10])
    sub = re.search(r'<p class="sub">(.*?) · built', render_html(r))
    assert sub and sub.group(1) == (f"Forecast 24 Sep – 25 Sep 2022, 12 simulated futures; model "
                                    f"from {start.day} {start:%b}, reports up to 23 Sep")


def test_a_forecast_from_before_its_posteriors_last_reports_counts_them_in_sample(
        tmp_path: Path) -> None:
    """The bundled posterior saw the reports to 27 Sep: a forecast from 26 Sep takes 27 Sep as
    its cut-off, so a report of 26 Sep is in sample, not out of it."""
    from typer.testing import CliRunner

    from borderflow.cli import app

    out = tmp_path / "fc"
    result = CliRunner().invoke(app, ["forecast", "russia-2022", "--from", "2022-09-26",
                                      "--days", "3", "--members", "4", "--out", str(out)])
    assert result.exit_code == 0, result.output
    obs = tmp_path / "obs.csv"
    obs.write_text("metric,place,crossing,date_from,date_to,value,low,high,reported_on,source\n"
                   "daily_entries,Georgia,,2022-09-26,2022-09-26,10000,,,2022-09-27,T\n",
                   encoding="utf-8")
    rows = prepare(out, obs).sections["fit"]
    assert "Forecast cut-off: <b>27 Sep 2022</b>" in rows
    assert "<b>in sample</b>" in rows and "out of sample</b>" not in rows
