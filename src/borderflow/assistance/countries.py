"""Country names to ISO 3166-1 alpha-3 codes, for exports in HDX conventions (#country+code).

countries.csv is written by scripts/make_country_outlines.py from the same Natural Earth table
as the report's map outlines, so a country drawn on the map and one coded in an export agree.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

CODES_FILE = Path(__file__).with_name("countries.csv")


@cache
def _codes() -> dict[str, str]:
    table = pd.read_csv(CODES_FILE, dtype=str, keep_default_na=False)
    return {n.casefold(): c for n, c in zip(table["name"], table["iso3"], strict=True)}


def iso3(name: object) -> str:
    """The ISO3 code of a country name ('' when unknown or not a name)."""
    return _codes().get(name.strip().casefold(), "") if isinstance(name, str) else ""
