"""What a planner reads in the brief: crossing cards, whole days only, rounded numbers, plain
words first and the technical fields last, a readable map and bands (real headless Chromium)."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xarray as xr
from synthetic_dirs import write_forecast, write_run

from borderflow.report.cards import hours, km, sig
from borderflow.report.html import build_report, prepare

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


def _row(card: str, label: str) -> tuple[str, str]:
    """The tomorrow and 7-day cells of one line of a card."""
    found = re.search(rf"<tr><td>{re.escape(label)}</td><td>(.*?)</td><td>(.*?)</td>", card)
    assert found, f"no line {label!r}"
    return found.group(1), found.group(2)


def _card(page: str, cid: str) -> str:
    start = page.index(f'data-crossing="{cid}"')
    return page[start: page.index("</table>", start)]


def _band(values: np.ndarray) -> str:
    q05, q50, q95 = np.quantile(values, [0.05, 0.5, 0.95])
    return f"{sig(q50)} <span class=range>({sig(q05)}–{sig(q95)})</span>"


def test_numbers_are_rounded_to_what_they_mean() -> None:
    """People to two significant figures, hours whole, km to one decimal."""
    assert sig(9408.833333333334) == "9,400"
    assert sig(37.4) == "37" and sig(0.3) == "0" and sig(1_234_567) == "1.2 M"
    assert hours(37.6) == "38" and km(3.14159) == "3.1"
    assert sig(float("nan")) == hours(float("nan")) == "–"


def test_cards_give_the_median_and_band_of_the_members(tmp_path: Path) -> None:
    """A forecast's card: tomorrow is the day after the cut-off; each cell is the median and
    90% band over members, of the day (tomorrow) or of each member's 7-day total or peak."""
    fc = write_forecast(tmp_path / "fc", members=15)
    cards = prepare(fc).sections["cards"]
    assert "Tomorrow</b> is Saturday 24 September 2022" in cards
    value = xr.open_dataset(fc / "forecast.nc")["value"]
    dates = pd.DatetimeIndex(value["date"].values)

    def series(metric: str) -> np.ndarray:
        sel = (value["id"] == "upper_lars_dariali") & (value["metric"] == metric)
        return value.isel(series=np.flatnonzero(sel.values)[0]).values  # member x date

    day = dates == "2022-09-24"
    week = (dates >= "2022-09-24") & (dates <= "2022-09-30")
    card = _card(cards, "upper_lars_dariali")
    car = series("queue_people_car")
    assert _row(card, "People in line by car or bus") == (
        _band(car[:, day][:, 0]), _band(car[:, week].max(axis=1)))
    back = series("daily_turned_back")
    turned = _row(card, "Turned back (at the border or on the road)")[1]
    assert turned == _band(back[:, week].sum(axis=1))
    assert "Peak</b> means the highest daily figure" in cards
    assert cards.count("Peak</b> means") == 1


def test_a_run_that_ends_during_a_day_leaves_that_day_out(tmp_path: Path) -> None:
    """A run from midnight for 9 days and 9 hours: its last day (30 Sep) is in no chart or
    table, and the page says why; the whole days before it are all there."""
    run = write_run(tmp_path / "run")
    manifest = json.loads((run / "run.json").read_text())
    manifest.update(start="2022-09-21 00:00:00+03:00", step_hours=1.0, steps=9 * 24 + 9)
    (run / "run.json").write_text(json.dumps(manifest))
    r = prepare(run)
    shown = {d for f in ("entries", "queue", "wait") for t in r.figures[f]["data"] for d in t["x"]}
    assert "2022-09-30" not in shown and "2022-09-29" in shown and "2022-09-21" in shown
    assert "30 Sep 2022" in r.sections["key"] and "only in part" in r.sections["key"]
    assert "2022-09-30" not in r.sections["needs"]


def test_a_runs_tomorrow_is_its_first_whole_day(tmp_path: Path) -> None:
    """A run starting at 10:00 on 21 Sep: tomorrow is 22 Sep, the first whole modelled day, and
    the page says from what it counts."""
    r = prepare(write_run(tmp_path / "run"))
    assert "Tomorrow</b> is Thursday 22 September 2022" in r.sections["cards"]
    assert "the start of the run" in r.sections["cards"]
    assert str(r.as_of.date()) == "2022-09-21"


def test_developer_fields_are_only_in_the_technical_section(tmp_path: Path) -> None:
    """wall_seconds, the scenario hash and the seed appear in the Technical section at the end
    and nowhere before it; no 'reneged' or 'background' jargon on the page."""
    page = build_report(write_run(tmp_path / "run"), tmp_path / "r.html").read_text()
    body = page[page.index("<body>"):]
    technical = body.index('<section id="technical">')
    for field in ("wall_seconds", "scenario_hash", "abc123"):
        assert field in body[technical:] and field not in body[:technical], field
    visible = re.sub(r"<script>.*?</script>", "", body, flags=re.S)
    assert not re.search(r"reneg|background", visible[:visible.index('<section id="technical">')],
                         re.I)
    assert "Gave up" in visible and "Turned back" in visible


def _browser_page(path: Path, p):  # type: ignore[no-untyped-def]
    browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox",
                                                                  "--disable-gpu"])
    page = browser.new_context(viewport={"width": 1280, "height": 900}, offline=True).new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 4")
    return browser, page, errors


@pytest.fixture
def sync_api():  # type: ignore[no-untyped-def]
    api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("CI must test the report in Debian's chromium: apt-get install chromium")
        pytest.skip("Debian chromium not installed (apt-get install chromium)")
    return api


def test_cards_in_headless_chromium(tmp_path: Path, sync_api) -> None:  # type: ignore[no-untyped-def]
    """Chromium draws a card per busy crossing, each with its lines, and the page's visible
    text holds no unrounded number (three or more decimals)."""
    path = build_report(write_forecast(tmp_path / "fc", members=20), tmp_path / "r.html")
    with sync_api.sync_playwright() as p:
        browser, page, errors = _browser_page(path, p)
        cards = page.eval_on_selector_all(
            ".card", "els => els.map(e => ({h: e.getBoundingClientRect().height, "
            "rows: e.querySelectorAll('tbody tr').length, text: e.innerText}))")
        text = page.evaluate("document.body.innerText")
        ARTIFACTS.mkdir(exist_ok=True)
        page.locator("#cards").screenshot(path=str(ARTIFACTS / "brief-cards.png"))
        browser.close()
    assert errors == []
    assert len(cards) == 3 and all(c["h"] > 100 and c["rows"] >= 8 for c in cards)
    assert "Upper Lars" in cards[0]["text"] and "Wait on foot" in cards[0]["text"]
    assert not re.search(r"\d\.\d{3,}", text)


def test_the_projection_keeps_areas() -> None:
    """Lambert azimuthal equal-area: the centre maps to (0, 0), and a 1-degree cell far from it
    keeps the sphere's area (R^2 dlon (sin lat2 - sin lat1))."""
    from borderflow.report.mapping import EARTH_KM, laea

    assert np.allclose(laea(np.array([60.0]), np.array([50.0]), 60.0, 50.0), 0.0)
    for lon, lat in ((40.0, 42.0), (90.0, 65.0), (30.0, 69.0)):
        fine = np.linspace(0, 1, 50)
        lons = np.r_[lon + fine, np.full(50, lon + 1), lon + 1 - fine, np.full(50, lon)]
        lats = np.r_[np.full(50, lat), lat + fine, np.full(50, lat + 1), lat + 1 - fine]
        x, y = laea(lons, lats, 60.0, 50.0)
        area = 0.5 * abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))
        band = np.sin(np.radians(lat + 1)) - np.sin(np.radians(lat))
        assert area == pytest.approx(EARTH_KM**2 * np.radians(1) * band, rel=2e-3), (lon, lat)


def test_the_map_zooms_to_the_crossings_in_use(tmp_path: Path) -> None:
    """A crossing no one uses, far east, stays out of the view; the ones in use are inside."""
    from borderflow.report.mapping import laea, map_figure

    crossings = pd.DataFrame({"name": ["A", "B", "Far"], "country": ["Georgia"] * 3,
                              "lon": [44.6, 48.8, 130.0], "lat": [42.7, 46.5, 45.0]},
                             index=["a", "b", "far"])
    fig = map_figure(crossings, None, pd.Series([100.0, 50.0, 0.0], index=crossings.index), {},
                     {"a", "b"})
    (x0, x1), (y0, y1) = fig["layout"]["xaxis"]["range"], fig["layout"]["yaxis"]["range"]
    lon0, lat0 = (44.6 + 48.8) / 2, (42.7 + 46.5) / 2
    x, y = laea(crossings["lon"].to_numpy(), crossings["lat"].to_numpy(), lon0, lat0)
    assert all(x0 < xi < x1 and y0 < yi < y1 for xi, yi in zip(x[:2], y[:2], strict=True))
    assert not (x0 < x[2] < x1)
    assert x1 - x0 < 2000  # km: zoomed to the Caucasus, not the whole of Russia


def test_forecast_bands_are_small_multiples(tmp_path: Path) -> None:
    """A forecast's queue chart: one panel per crossing, one median and one band per panel."""
    r = prepare(write_forecast(tmp_path / "fc", members=10, n_crossings=6))
    fig = r.figures["queue"]
    axes = [t["xaxis"] for t in fig["data"] if t.get("mode") == "lines"]
    panels = sorted(set(axes))
    assert len(panels) == 6 and all(axes.count(a) == 3 for a in panels)  # upper, band, median
    fills = [t["xaxis"] for t in fig["data"] if t.get("fill") == "tonexty"]
    assert sorted(fills) == panels  # one band per panel, none laid over another


MAP_JS = """
() => {
  const map = document.getElementById('fig-map');
  const rect = e => { const r = e.getBoundingClientRect();
                      return [r.left, r.top, r.right, r.bottom]; };
  const names = new Set(map._fullData.flatMap(t => t.customdata || [])
                        .map(c => c.split('<br>')[0].replace(/<\\/?b>/g, '')));
  const labels = [...map.querySelectorAll('.annotation')]
      .filter(a => names.has(a.textContent)).map(a => rect(a.querySelector('.annotation-text')));
  const legend = [...map.querySelectorAll('.annotation-text')].map(t => t.textContent);
  const queue = document.getElementById('fig-queue');
  return {labels, legend, panels: queue.querySelectorAll('.cartesianlayer .subplot').length};
}
"""


def test_map_labels_and_panels_in_headless_chromium(tmp_path: Path, sync_api) -> None:  # type: ignore[no-untyped-def]
    """With 24 crossings close together, the labels Chromium draws on the map overlap none of
    each other; the size legend is there; the queue chart has a panel per busy crossing."""
    path = build_report(write_forecast(tmp_path / "fc", members=8, n_crossings=24),
                        tmp_path / "r.html")
    with sync_api.sync_playwright() as p:
        browser, page, errors = _browser_page(path, p)
        got = page.evaluate(MAP_JS)
        page.locator("#map").screenshot(path=str(tmp_path / "map.png"))
        browser.close()
    assert errors == []
    boxes = got["labels"]
    assert len(boxes) >= 5
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)
    assert "people in line" in got["legend"]
    assert got["panels"] == 8


def test_reported_figures_do_not_move_the_window(tmp_path: Path) -> None:
    """The same run has the same 'tomorrow' and 7 days with or without --observations."""
    run = write_run(tmp_path / "run")
    obs = tmp_path / "obs.csv"
    obs.write_text("metric,place,crossing,date_from,date_to,value,low,high,source\n"
                   "daily_entries,Georgia,,2022-09-26,2022-09-26,10000,,,test\n")
    plain, reported = prepare(run), prepare(run, observations=obs)
    assert plain.as_of == reported.as_of
    assert plain.sections["cards"] == reported.sections["cards"]


def test_a_spike_of_people_turned_back_is_tied_to_the_event_that_day() -> None:
    """A day holding most of the week's count names the event of that day (or the day
    before); a spread-out week, or a spike with no event near it, gets no note."""
    from borderflow.report.cards import _spike_row
    from borderflow.report.notes import event_words

    dates = pd.date_range("2022-09-26", periods=7)
    week = np.ones(7, dtype=bool)
    rng = np.random.default_rng(1)
    spike = rng.uniform(5, 15, (20, 7))
    spike[:, 2] += 15_000  # 28 Sep
    closure = {"kind": "close", "crossing": "upper_lars_dariali", "travellers": "non_local",
               "mode": "car"}
    words = event_words(closure, "Upper Lars")
    assert words == "Upper Lars closed to cars from other regions"
    on_the_day = _spike_row(spike, dates, week, [(pd.Timestamp("2022-09-28"), words)])
    assert len(on_the_day) == 1
    assert "Most of them on 28 Sep (15,000): that day " + words in on_the_day[0]
    day_before = _spike_row(spike, dates, week, [(pd.Timestamp("2022-09-27"), words)])
    assert "the day before, on 27 Sep, " + words in day_before[0]
    assert _spike_row(spike, dates, week, [(pd.Timestamp("2022-09-30"), words)]) == []
    assert _spike_row(rng.uniform(5, 15, (20, 7)), dates, week,
                      [(pd.Timestamp("2022-09-28"), words)]) == []


def test_the_weeks_gave_up_is_the_quantile_of_each_members_total(tmp_path: Path) -> None:
    """'Gave up' over the 7 days: per member the sum over the days, then the median and band."""
    fc = write_forecast(tmp_path / "fc", members=15)
    card = _card(prepare(fc).sections["cards"], "upper_lars_dariali")
    value = xr.open_dataset(fc / "forecast.nc")["value"]
    dates = pd.DatetimeIndex(value["date"].values)
    sel = (value["id"] == "upper_lars_dariali") & (value["metric"] == "daily_reneged")
    gave_up = value.isel(series=np.flatnonzero(sel.values)[0]).values
    week = (dates >= "2022-09-24") & (dates <= "2022-09-30")
    assert _row(card, "Gave up (on seeing the line, or after waiting)")[1] == _band(
        gave_up[:, week].sum(axis=1))


def test_the_needs_table_uses_the_cards_90_percent_range(tmp_path: Path) -> None:
    """The needs table brackets the 5th-95th percentile range, as the cards do, never a lone
    95th percentile; its note says what drives warming places, from the planning figures used."""
    from borderflow.assistance import needs

    fc = write_forecast(tmp_path / "fc", members=15)
    (tmp_path / "std.csv").write_text("name,value\nwarming_share_car,0.4\n", encoding="utf-8")
    section = prepare(fc, standards=tmp_path / "std.csv").sections["needs"]
    table = section[:section.index("<details>")]
    assert "≤" not in table and "the range holding 90% of the simulated futures" in table
    assert "100% of those on foot and 40% of those in cars" in table
    t = needs(fc, standards=tmp_path / "std.csv").long()
    t = t[(t["crossing"] == "upper_lars_dariali") & (t["need"] == "people_peak")
          & (t["date"] >= "2022-09-24") & (t["date"] <= "2022-09-30")]
    row = re.search(r"<td>Upper Lars</td><td>(.*?)</td>", table)
    assert row and row.group(1) == (f"{sig(t['q50'].max())} <span class=range>("
                                    f"{sig(t['q05'].max())}–{sig(t['q95'].max())})</span>")
