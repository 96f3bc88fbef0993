"""The HTML brief: self-contained, complete, and drawn in a real headless Chromium."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from synthetic_dirs import write_forecast, write_run
from typer.testing import CliRunner

from borderflow.cli import app
from borderflow.report.figures import PALETTE, line_figure
from borderflow.report.html import build_report, chart_countries, prepare
from borderflow.report.mapping import OUTLINES, map_figure
from borderflow.results import QCOLS

OBSERVATIONS = Path(__file__).resolve().parents[2] / "shared/data/observations-to-2022-09-27.csv"
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _observations(tmp_path: Path) -> Path:
    """A few reported figures (the shared file when present, else a small one)."""
    if OBSERVATIONS.exists():
        return OBSERVATIONS
    path = tmp_path / "obs.csv"
    path.write_text(
        "metric,place,crossing,date_from,date_to,value,low,high,reported_on,source,url\n"
        "daily_entries,Georgia,,2022-09-25,2022-09-25,10000,,,2022-09-26,test,\n"
        "queue_km,Georgia,upper_lars_dariali,2022-09-26,2022-09-26,,20,30,2022-09-26,test,\n"
    )
    return path


@pytest.fixture(params=["run", "forecast"])
def source_dir(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    if request.param == "run":
        return write_run(tmp_path / "run")
    return write_forecast(tmp_path / "fc", members=20)


def test_report_is_self_contained(source_dir: Path, tmp_path: Path) -> None:
    """One file, no external script, style or image; plotly.js inlined exactly once."""
    path = build_report(source_dir, tmp_path / "r.html", observations=_observations(tmp_path))
    page = path.read_text()
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", page)
    assert page.count("<script") == 2  # plotly.js, then the figures
    for section in (
        "Key figures",
        "Entries per host country",
        "Queues and waits",
        "What the people in line need",
        "Map",
        "Scenario, assumptions and events",
        "Sources and caveats",
    ):
        assert section in page
    assert "Upper Lars" in page and "open_mode" in page and "Sphere" in page
    assert "Natural Earth" in page  # the map's outlines, credited


def test_key_figures_come_first_and_cover_every_country(source_dir: Path) -> None:
    """Expected entries per host country over the next 7 days lead the page; the crossing
    cards follow."""
    r = prepare(source_dir)
    key = r.sections["key"]
    for country in ("Georgia", "Finland", "Kazakhstan", "Turkey"):
        assert country in key
    assert "Tomorrow" in r.sections["cards"] and "Upper Lars" in r.sections["cards"]


def test_forecast_window_starts_after_the_cutoff(tmp_path: Path) -> None:
    """The forecast's cut-off (forecast.json) sets the 7-day window; --as-of overrides it."""
    fc = write_forecast(tmp_path / "fc", members=5)
    assert str(prepare(fc).as_of.date()) == "2022-09-23"
    assert str(prepare(fc, as_of="2022-09-25").as_of.date()) == "2022-09-25"


def test_png_figures(tmp_path: Path) -> None:
    """--png writes every figure as a PNG."""
    run = write_run(tmp_path / "run")
    result = CliRunner().invoke(
        app,
        [
            "report",
            str(run),
            "-o",
            str(tmp_path / "r.html"),
            "--png",
            str(tmp_path / "png"),
            "--observations",
            str(_observations(tmp_path)),
        ],
    )
    assert result.exit_code == 0, result.output
    pngs = sorted(p.name for p in (tmp_path / "png").glob("*.png"))
    assert pngs == ["entries.png", "map.png", "queue.png", "wait.png"]
    assert all((tmp_path / "png" / p).read_bytes()[:4] == b"\x89PNG" for p in pngs)


def test_cli_rejects_a_bad_observations_file(tmp_path: Path) -> None:
    """An observations file without the needed columns exits 1 with a message."""
    run = write_run(tmp_path / "run")
    (tmp_path / "obs.csv").write_text("a,b\n1,2\n")
    result = CliRunner().invoke(
        app, ["report", str(run), "--observations", str(tmp_path / "obs.csv")]
    )
    assert result.exit_code == 1 and "observations need columns" in result.output


def test_cli_rejects_a_directory_that_is_not_a_run(tmp_path: Path) -> None:
    """A folder without daily.csv or forecast.nc exits 1 with a message."""
    result = CliRunner().invoke(app, ["report", str(tmp_path)])
    assert result.exit_code == 1 and "neither a run" in result.output


def test_entries_chart_gives_each_country_its_own_colour() -> None:
    """15 host countries in 10 colours: the chart keeps the reported ones and the largest
    others, largest first, and no two lines share a colour."""
    dates = pd.date_range("2022-09-21", periods=5)
    series = {
        f"C{k:02d}": pd.DataFrame({q: float(100 * k) for q in QCOLS}, index=dates)
        for k in range(1, 16)
    }
    shown = chart_countries(series, {"C01", "C02"}, len(PALETTE))
    assert list(shown) == [f"C{k:02d}" for k in (15, 14, 13, 12, 11, 10, 9, 8, 2, 1)]
    fig = line_figure("t", "y", shown, {}, 20, dates[2])
    colours = [t["line"]["color"] for t in fig["data"] if t.get("showlegend", True)]
    assert len(colours) == 10 and len(set(colours)) == 10
    assert list(chart_countries(series, set(), 20)) == [f"C{k:02d}" for k in range(15, 0, -1)]


def test_map_draws_outlines_and_names_the_busiest_crossings() -> None:
    """Country outlines (Natural Earth) under the crossings, the view around them, names on the
    map for the busiest that fit and every crossing named on hover."""
    ids = [f"x{k:02d}" for k in range(20)]
    crossings = pd.DataFrame(
        {
            "name": [f"Crossing {i}" for i in ids],
            "country": ["Kazakhstan"] * 10 + ["Georgia"] * 10,
            "lon": np.linspace(44.0, 80.0, 20),
            "lat": np.linspace(42.0, 55.0, 20),
        },
        index=ids,
    )
    peak = pd.Series(np.arange(20.0) * 100, index=ids)
    fig = map_figure(crossings, None, peak, {})
    outline, *points = fig["data"]
    assert outline["mode"] == "lines" and outline["showlegend"] is False
    assert len(outline["x"]) > 1000 and None in outline["x"]
    named = [a["text"] for a in fig["layout"]["annotations"] if a["text"].startswith("Crossing")]
    assert "Crossing x19" in named and len(named) >= 8  # the busiest first
    hovers = " ".join(h for tr in points for h in tr.get("customdata", []))
    assert all(f"Crossing {i}" in hovers for i in ids)
    (x0, x1), (y0, y1) = fig["layout"]["xaxis"]["range"], fig["layout"]["yaxis"]["range"]
    drawn = [tr for tr in points if tr["name"] != "size legend"]
    xs = np.concatenate([np.array(tr["x"], float) for tr in drawn])
    ys = np.concatenate([np.array(tr["y"], float) for tr in drawn])
    assert x0 < xs.min() and xs.max() < x1 and y0 < ys.min() and ys.max() < y1
    assert "Natural Earth" in json.loads(OUTLINES.read_text())["source"]


CHECK_JS = """
() => {
  const plots = [...document.querySelectorAll('.js-plotly-plot')];
  return plots.map(p => ({
    id: p.id,
    traces: p._fullData.length,
    points: p._fullData.reduce(
      (n, t) => n + (t.y || []).filter(v => v !== null && !Number.isNaN(v)).length, 0),
    drawn: p.querySelectorAll(
      '.scatterlayer .trace path.js-line, .scatterlayer .trace .point').length,
    labels: [...p.querySelectorAll('.annotation-text')].map(t => t.textContent),
  }));
}
"""


def _simulate():  # type: ignore[no-untyped-def]
    """The engine's simulate (public once exported), or skip."""
    import borderflow

    if hasattr(borderflow, "simulate"):
        return borderflow.simulate
    engine = pytest.importorskip("borderflow.engine.sim")
    return engine.simulate


def _real_run(tmp_path: Path, tiny_dir: Path) -> Path:
    """A real run of the tiny scenario, with the scenario folder beside it as `run` will copy it."""
    from borderflow import load_scenario

    out = tmp_path / "real"
    _simulate()(load_scenario(tiny_dir), seed=1).write(out)
    if not (out / "scenario").exists():
        shutil.copytree(tiny_dir, out / "scenario")
    return out


@pytest.mark.parametrize("kind", ["run", "forecast", "real"])
def test_report_in_headless_chromium(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """Chromium, offline: no console errors, every chart drew data, every crossing is on the map."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("CI must test the report in Debian's chromium: apt-get install chromium")
        pytest.skip("Debian chromium not installed (apt-get install chromium)")
    src = (
        write_run(tmp_path / "run")
        if kind == "run"
        else write_forecast(tmp_path / "fc", members=20)
    )
    path = build_report(src, tmp_path / "report.html", observations=_observations(tmp_path))
    errors: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, offline=True)
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        requests: list[str] = []
        page.on(
            "request",
            lambda r: requests.append(r.url) if not r.url.startswith(("file:", "data:")) else None,
        )
        page.goto(path.as_uri())
        page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 4")
        charts = page.evaluate(CHECK_JS)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"report-{kind}.png"), full_page=True)
        browser.close()
    assert errors == []
    assert requests == []
    assert {c["id"] for c in charts} == {"fig-entries", "fig-queue", "fig-wait", "fig-map"}
    for chart in charts:
        assert chart["traces"] > 0 and chart["points"] > 0 and chart["drawn"] > 0, chart
    labels = next(c for c in charts if c["id"] == "fig-map")["labels"]
    crossings = pd.read_csv(src / "scenario" / "crossings.csv").dropna(subset=["lat", "lon"])
    assert set(crossings["name"]) <= set(labels)
    assert (ARTIFACTS / f"report-{kind}.png").stat().st_size > 10_000


def test_the_report_survives_any_name(tmp_path: Path) -> None:
    """A crossing named like markup or maths: the page's figures stay one script and the PNGs
    are drawn."""
    src = write_run(tmp_path / "run")
    table = pd.read_csv(src / "scenario" / "crossings.csv")
    table.loc[0, "name"] = "Lars<!--<script>$x^2$</script>"
    table.to_csv(src / "scenario" / "crossings.csv", index=False)
    path = build_report(src, tmp_path / "r.html", png=tmp_path / "png")
    page = path.read_text()
    figures = page[page.index("var figures"):]
    assert "<!--" not in figures.split("</script>")[0] and "<script>" not in figures
    assert {p.name for p in (tmp_path / "png").iterdir()} >= {"map.png", "queue.png"}


def test_food_is_labelled_in_the_unit_it_is_shown_in() -> None:
    """Food energy is shown in rations of 2,100 kcal, and labelled so."""
    from borderflow.report.html import NEEDS_COLUMNS

    food = next(c for c in NEEDS_COLUMNS if c[0] == "food_kcal")
    assert food[2] == 1 / 2100 and "rations" in food[1] and "2,100 kcal" in food[1]


def test_an_as_of_outside_the_modelled_days_is_refused(tmp_path: Path) -> None:
    """--as-of 2100-01-01 would leave 'the next 7 days' empty without a word: refused, naming
    the days it may take."""
    run = write_run(tmp_path / "run")
    for as_of in ("2100-01-01", "2000-01-01"):
        result = CliRunner().invoke(app, ["report", str(run), "--as-of", as_of, "-o",
                                          str(tmp_path / "r.html")])
        assert result.exit_code == 1, result.output
        assert "--as-of: must be a day from" in result.output and repr(as_of) in result.output
