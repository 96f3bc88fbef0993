"""Score: per-observation error, log error, 90% band; totals and the ARD of the split."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from test_forecast import fc  # noqa: F401  (module-scoped forecast fixture)
from typer.testing import CliRunner

from borderflow.cli import app
from borderflow.forecasting.scoring import ard_split, score, totals

LATER = """metric,place,crossing,date_from,date_to,value,low,high,reported_on,source,url
daily_entries,Finland,,2022-09-24,2022-09-24,2000,,,2022-09-25,made up,
daily_entries,Kazakhstan,,2022-09-24,2022-09-24,3000,,,2022-09-25,made up,
cumulative_entries,Kazakhstan,Kairak,2022-09-21,2022-09-25,,1000,,2022-09-26,made up,
daily_entries,Finland,,2022-09-26,2022-09-26,2000,,,2022-09-27,after the horizon,
"""


def test_ard_split_by_hand():
    """Medians rescaled to the observed total: |60-50| + |40-50| over 100 = 0.2."""
    table = pd.DataFrame({
        "metric": ["daily_entries"] * 2, "place": ["A", "B"], "crossing": ["", ""],
        "date_from": ["d"] * 2, "date_to": ["d"] * 2, "point": [50.0, 50.0], "q50": [30.0, 20.0],
    })
    assert ard_split(table) == (pytest.approx(0.2), 1)


def test_score_table_and_totals(fc, tmp_path):  # noqa: F811
    """Each covered observation is scored; rows after the horizon are counted, not scored."""
    path = tmp_path / "later.csv"
    path.write_text(LATER, encoding="utf-8")
    table, tot = score(fc[1], path)
    assert len(table) == 3 and tot["not_covered"] == 1
    r = table.iloc[0]
    assert r["error"] == pytest.approx(r["q50"] - 2000)
    assert r["log_error"] == pytest.approx(np.log((r["q50"] + 1) / 2001))
    assert r["inside_90"] == (r["q05"] <= 2000 <= r["q95"])
    assert tot["ard_days"] == 1 and 0 <= tot["ard_split"] <= 2
    assert tot == totals(table, 1)


def test_cli_score(fc, tmp_path):  # noqa: F811
    """The command prints one line per observation and the totals."""
    path = tmp_path / "later.csv"
    path.write_text(LATER, encoding="utf-8")
    result = CliRunner().invoke(app, ["score", str(fc[1]), str(path)])
    assert result.exit_code == 0, result.output
    assert "ARD of the split between destinations" in result.output
    assert result.output.count("daily_entries") == 2
