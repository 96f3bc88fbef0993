"""Observations: loading, the checks (file, line, column, rule, value), weights, selection."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from borderflow import Scenario, load_observations, load_scenario
from borderflow.observations.load import ObservationsError
from borderflow.observations.targets import select

HEADER = "metric,place,crossing,date_from,date_to,value,low,high,reported_on,source,url\n"
SHARED = Path(__file__).resolve().parents[2] / "shared/data/observations-to-2022-09-27.csv"


def write(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "obs.csv"
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def problems(tmp_path: Path, tiny: Scenario, *rows: str) -> list[str]:
    with pytest.raises(ObservationsError) as info:
        load_observations(write(tmp_path, *rows), tiny)
    return [str(p).replace(f"{tmp_path}/", "") for p in info.value.problems]


def test_good_rows_resolve_kind_and_crossings(tmp_path, tiny):
    """Places become destinations, crossings (by alias) or national rows."""
    obs = load_observations(write(
        tmp_path,
        "daily_entries,Finland,,2022-09-22,2022-09-22,2500,,,2022-09-23,s,",
        "queue_vehicles,Kazakhstan,Ozinki,2022-09-23,2022-09-23,,50,200,,s,",
        "call_ups,all,,2022-09-21,2022-09-23,1000,,,,s,",
    ), tiny)
    assert list(obs["kind"]) == ["destination", "crossing", "national"]
    assert obs["ids"][1] == ("kairak",)
    assert np.isnan(obs["value"][1]) and obs["low"][1] == 50


def test_unknown_metric_names_line_and_column(tmp_path, tiny):
    """An unknown metric is reported with its line, column and value."""
    out = problems(tmp_path, tiny, "arrivals,Finland,,2022-09-22,2022-09-22,1,,,,s,")
    assert out[0].startswith("obs.csv:2: metric: must be one of") and "'arrivals'" in out[0]


def test_unknown_place_and_crossing(tmp_path, tiny):
    """Places and crossings not in the scenario are errors; so is a crossing of another country."""
    out = problems(
        tmp_path, tiny,
        "daily_entries,Mongolia,,2022-09-22,2022-09-22,1,,,,s,",
        "queue_km,Finland,Upper Lars,2022-09-22,2022-09-22,1,,,,s,",
        "queue_km,Finland,Ozinki,2022-09-22,2022-09-22,1,,,,s,",
    )
    assert "obs.csv:2: place: not a destination" in out[0]
    assert "obs.csv:3: crossing: not a crossing of the scenario" in out[1]
    assert "obs.csv:4: crossing: is in Kazakhstan, not in Finland" in out[2]


def test_dates_outside_the_scenario(tmp_path, tiny):
    """After the last day is an error; stocks before the start are errors; flows are not."""
    out = problems(
        tmp_path, tiny,
        "daily_entries,Finland,,2022-09-22,2022-10-30,1,,,,s,",
        "queue_km,Finland,Vaalimaa,2022-09-19,2022-09-19,1,,,,s,",
        "daily_entries,Finland,,2022-09-19,2022-09-19,1,,,,s,",
        "daily_entries,Finland,,2022-09-23,2022-09-22,1,,,,s,",
        "daily_entries,Finland,,22 Sep,2022-09-22,1,,,,s,",
    )
    assert len(out) == 4
    assert out[0].startswith("obs.csv:2: date_to: after the scenario's last day")
    assert out[1].startswith("obs.csv:3: date_from: queue_km needs dates inside")
    assert out[2].startswith("obs.csv:5: date_to: must not be before date_from")
    assert out[3].startswith("obs.csv:6: date_from: must be a date")


def test_low_above_high_and_missing_numbers(tmp_path, tiny):
    """low > high, negative or non-numeric figures, and rows without any figure are errors."""
    out = problems(
        tmp_path, tiny,
        "daily_entries,Finland,,2022-09-22,2022-09-22,,9,3,,s,",
        "daily_entries,Finland,,2022-09-22,2022-09-22,-1,,,,s,",
        "daily_entries,Finland,,2022-09-22,2022-09-22,abc,,,,s,",
        "daily_entries,Finland,,2022-09-22,2022-09-22,,,,,s,",
    )
    assert out[0] == "obs.csv:2: low: must not exceed high 3, got '9'"
    assert out[1].startswith("obs.csv:3: value: must be >= 0")
    assert out[2].startswith("obs.csv:4: value: must be a number")
    assert out[3].startswith("obs.csv:5: value: one of value, low, high is needed")


def test_trust_column_is_checked(tmp_path, tiny):
    """An optional trust column: empty means 1; a value outside 0-1 or not a number is an error."""
    path = tmp_path / "obs.csv"
    row = "daily_entries,Finland,,2022-09-22,2022-09-22,1,,,,s,,"
    path.write_text(HEADER.replace("url", "url,trust") + "".join(
        f"{row}{t}\n" for t in ("", "0.3", "1.2", "high")), encoding="utf-8")
    with pytest.raises(ObservationsError) as info:
        load_observations(path, tiny)
    out = [str(p).replace(f"{tmp_path}/", "") for p in info.value.problems]
    assert out == ["obs.csv:4: trust: must be a number from 0 to 1 (empty: 1), got '1.2'",
                   "obs.csv:5: trust: must be a number from 0 to 1 (empty: 1), got 'high'"]
    path.write_text(HEADER.replace("url", "url,trust") + f"{row}\n{row}0.3\n", encoding="utf-8")
    assert list(load_observations(path, tiny)["trust"]) == [1.0, 0.3]


def test_a_note_that_bounds_a_point_value_is_flagged(tmp_path, tiny):
    """A point value whose note says "at least" (of no other number) is flagged; a note's "up to"
    before another number, a bound already in `low`, and a file without notes are not."""
    path = tmp_path / "obs.csv"
    row = "wait_hours,Kazakhstan,Ozinki,2022-09-23,2022-09-23,{v},{lo},,,s,,{note}\n"
    path.write_text(HEADER.replace("url", "url,note") + "".join(row.format(v=v, lo=lo, note=n) for (
        v, lo, n) in [("10", "", '"hours (At least; eyewitnesses)"'),
                      ("30", "", '"km (queue; up to ~3,000 cars)"'),
                      ("", "10", '"hours (at least; a driver)"'),
                      ("10", "", "more than 10 hours")]), encoding="utf-8")
    assert list(load_observations(path, tiny)["note_bound"]) == ["at least", "", "", "more than"]
    assert set(load_observations(write(tmp_path, "call_ups,all,,2022-09-21,2022-09-23,1,,,,s,"),
                                 tiny)["note_bound"]) == {""}


def test_missing_columns(tmp_path, tiny):
    """A file without the required columns names them."""
    path = tmp_path / "obs.csv"
    path.write_text("metric,place\ndaily_entries,Finland\n", encoding="utf-8")
    with pytest.raises(ObservationsError, match="missing column"):
        load_observations(path, tiny)


def test_conflicting_rows_are_kept_and_share_weight(tmp_path, tiny):
    """Two reports of the same figure are both kept, each with weight 1/2."""
    obs = load_observations(write(
        tmp_path,
        "queue_vehicles,Finland,Vaalimaa,2022-09-23,2022-09-23,300,,,,a,",
        "queue_vehicles,Finland,Torfyanovka,2022-09-23,2022-09-23,500,,,,b,",
        "queue_vehicles,Finland,Vaalimaa,2022-09-24,2022-09-24,500,,,,b,",
    ), tiny)
    assert list(obs["weight"]) == [0.5, 0.5, 1.0]


def test_select_by_reported_on(tmp_path, tiny):
    """Only rows reported (else dated) on or before the cut-off are used."""
    obs = load_observations(write(
        tmp_path,
        "daily_entries,Finland,,2022-09-22,2022-09-22,1,,,2022-09-25,s,",
        "daily_entries,Finland,,2022-09-23,2022-09-23,1,,,,s,",
    ), tiny)
    assert list(select(obs, "2022-09-23")["date_to"].dt.day) == [23]
    assert len(select(obs, "2022-09-25")) == 2


@pytest.mark.skipif(not SHARED.exists(), reason="shared data not mounted")
def test_shared_file_loads_against_russia_2022():
    """Every row of the shared 27 Sep file loads against the bundled scenario."""
    obs = load_observations(SHARED, load_scenario("russia-2022"))
    assert len(obs) == 51
    assert set(obs["kind"]) == {"destination", "crossing", "national"}


def test_exits_load_with_the_host_country_and_calibration_drops_them(tmp_path, tiny):
    """daily_exits and cumulative_exits are observations of a host country (not national), and
    `select` (what calibration fits) never keeps them: the model has no exits."""
    path = write(
        tmp_path,
        "daily_entries,Finland,,2022-09-22,2022-09-22,2500,,,2022-09-23,s,",
        "daily_exits,Finland,,2022-09-22,2022-09-22,900,,,2022-09-23,s,",
        "cumulative_exits,Kazakhstan,,2022-09-21,2022-09-23,,4000,,2022-09-24,s,",
    )
    obs = load_observations(path, tiny)
    assert list(obs["metric"]) == ["daily_entries", "daily_exits", "cumulative_exits"]
    assert list(obs["kind"]) == ["destination", "destination", "destination"]
    assert list(select(obs, None)["metric"]) == ["daily_entries"]
    assert list(select(obs, "2022-09-30")["metric"]) == ["daily_entries"]
    out = problems(tmp_path, tiny, "daily_exits,all,,2022-09-22,2022-09-22,1,,,,s,")
    assert "place: national rows take" in out[0]


def test_values_must_be_finite(tmp_path, tiny):
    """'nan' or 'inf' in a figure is refused, naming line and column, not fitted."""
    found = problems(tmp_path, tiny,
                     "daily_entries,Finland,,2022-09-22,2022-09-22,nan,,,,s,",
                     "daily_entries,Finland,,2022-09-23,2022-09-23,,inf,,,s,")
    assert "obs.csv:2: value: must be a finite number, got 'nan'" in found
    assert "obs.csv:3: low: must be a finite number, got 'inf'" in found


def test_latin1_observations_are_refused_naming_the_line_and_byte(tmp_path, tiny):
    """A file saved as Latin-1: refused as not UTF-8, naming the line and the byte."""
    path = tmp_path / "obs.csv"
    path.write_bytes("metric,place,crossing,date_from,date_to,value,low,high,reported_on,source\n"
                     "daily_entries,Finland,,2022-09-21,2022-09-21,2000,,,2022-09-22,Yle é\n"
                     .encode("latin-1"))
    with pytest.raises(ObservationsError) as info:
        load_observations(path, tiny)
    assert "must be UTF-8 text" in str(info.value.problems[0])
    assert "line 2 has byte 0xe9" in str(info.value.problems[0])


@pytest.mark.parametrize("cell, expected", [
    ("1e309", "value: must be a finite number"), ("-5", "value: must be"),
    ("abc", "value: must be a finite number"),
    ("2000,,,2022-09-22,Yle \x00", "source: must not hold control characters")])
def test_the_report_refuses_what_calibrate_refuses(cell, expected, tmp_path):
    """The report's overlay of reported figures is checked as calibrate checks them: an
    infinite or negative figure or a NUL is refused by line, never drawn; Latin-1 too."""
    from borderflow.report.data import ReportError, read_observations

    head = "metric,place,crossing,date_from,date_to,value,low,high,reported_on,source\n"
    row = f"daily_entries,Finland,,2022-09-21,2022-09-21,{cell}" + (
        ",,,2022-09-22,Yle\n" if "," not in cell else "\n")
    path = tmp_path / "obs.csv"
    path.write_text(head + row, encoding="utf-8")
    with pytest.raises(ReportError, match=expected):
        read_observations(path)
    path.write_bytes((head + row.replace("Yle", "Yle é")).encode("latin-1"))
    with pytest.raises(ReportError, match="must be UTF-8 text"):
        read_observations(path)
