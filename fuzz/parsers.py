"""Coverage-guided fuzzing (atheris) of the parsers borderflow reads user files with: a scenario
file of the tiny test scenario, an observations CSV, a standards CSV, a discrepancy.json, a
run.json and a news report for `extract`. Each must load (a report: give its rows), or be refused
with its own error naming the file; anything else is a crash that atheris reports with the input
that caused it.

    pip install atheris   # or: pip install borderflow[fuzz]
    python fuzz/parsers.py -max_len=8192 -max_total_time=600 CORPUS/   # CORPUS/ empty: seeded
    python fuzz/parsers.py crash-<hash>             # replay one input

tests/test_fuzz_inputs.py runs a few hundred inputs of it when atheris is installed.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["borderflow"]):
    from borderflow.assistance.standards import StandardsError, load_standards
    from borderflow.extraction import extract
    from borderflow.forecasting import discrepancy
    from borderflow.observations.load import ObservationsError, load_observations
    from borderflow.problems import ProblemsError
    from borderflow.results.artifacts import MARKER, OutputError, open_output
    from borderflow.scenario import load_scenario

TINY = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "tiny"
SCENARIO_FILES = ("scenario.toml", "crossings.csv", "regions.csv", "air.csv", "routes.csv",
                  "temperature.csv")
WORK = Path(tempfile.mkdtemp(prefix="borderflow-atheris-"))
SCENARIO = load_scenario(TINY)


def scenario_file(name: str, data: bytes) -> None:
    folder = WORK / "s"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(TINY, folder)
    (folder / name).write_bytes(data)
    try:
        load_scenario(folder)
    except ProblemsError:
        pass


def observations(data: bytes) -> None:
    (WORK / "obs.csv").write_bytes(data)
    try:
        load_observations(WORK / "obs.csv", SCENARIO)
    except ObservationsError:
        pass


def standards(data: bytes) -> None:
    (WORK / "standards.csv").write_bytes(data)
    try:
        load_standards(WORK / "standards.csv")
    except StandardsError:
        pass


def discrepancy_json(data: bytes) -> None:
    (WORK / "discrepancy.json").write_bytes(data)
    try:
        discrepancy.read(WORK / "discrepancy.json")
    except ValueError:
        pass


def run_json(data: bytes) -> None:
    run = WORK / "run"
    run.mkdir(exist_ok=True)
    (run / MARKER).write_text("")
    (run / "daily.csv").write_text("date,kind,id,metric,value\n")
    (run / "run.json").write_bytes(data)
    try:
        open_output(run)
    except OutputError:
        pass


def report(data: bytes) -> None:
    """Any text a report may hold gives rows (perhaps none), never an exception."""
    extract(data.decode("utf-8", errors="replace"), "2022-10-01", keep_other=True)


TARGETS = [*(lambda d, n=n: scenario_file(n, d) for n in SCENARIO_FILES), observations,
           standards, discrepancy_json, run_json, report]


def test_one_input(data: bytes) -> None:
    """The first byte picks the target, the rest is the file."""
    if data:
        TARGETS[data[0] % len(TARGETS)](data[1:])


def seed(folder: Path) -> None:
    """Start an empty corpus folder from real files: one input per target (its index first)."""
    temperature = b"crossing,date,t_mean_c,t_min_c,wind_kmh\nvaalimaa,2022-09-21,8,2,15\n"
    standards_csv = b"name,value,source\nwater_l_per_person_day,3,Sphere\n"
    contents = [*((TINY / n).read_bytes() if (TINY / n).exists() else temperature
                  for n in SCENARIO_FILES), OBSERVATIONS, standards_csv,
                b'{"sigma_per_sqrt_day": {"all": 0.3}}', b'{"scenario": "tiny", "files": {}}',
                REPORT]
    for i, data in enumerate(contents):
        (folder / f"seed-{i}").write_bytes(bytes([i]) + data)


OBSERVATIONS = (b"metric,place,crossing,date_from,date_to,value,low,high,reported_on,source\n"
                b"daily_entries,Finland,,2022-09-21,2022-09-21,2000,,,2022-09-22,made up\n"
                b"queue_vehicles,Kazakhstan,Kairak,2022-09-23,2022-09-23,,50,200,2022-09-24,x\n")


REPORT = (b"TBILISI, Oct 1 - On Friday 30.09. 9 870 Russians entered Georgia, and 6,811 left. "
          b"The queue at Upper Lars was ~3k cars (12 km), the wait 1.5 days. Hotline "
          b"8-3532-77-45-10.\n| Date | Entries |\n|---|---|\n| 29 Sep | 8,102 |\n")


def main() -> None:
    for arg in sys.argv[1:]:
        if Path(arg).is_dir() and not any(Path(arg).iterdir()):
            seed(Path(arg))
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
