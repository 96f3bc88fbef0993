"""The scenario commands: validate, scenarios, new."""

from __future__ import annotations

from pathlib import Path

import pytest
from scenario_edits import set_cell
from typer.testing import CliRunner

from borderflow.cli import app
from borderflow.scenario import catalog as _bundled

runner = CliRunner()


@pytest.fixture
def bundled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A bundled-scenarios folder holding a copy of the tiny scenario as 'tiny'."""
    root = tmp_path / "bundled"
    root.mkdir()
    _bundled.copy_scenario(Path(__file__).parent / "fixtures" / "tiny", root / "tiny")
    monkeypatch.setattr(_bundled, "scenarios_root", lambda: root)
    return root


def test_validate_ok(tiny_dir: Path) -> None:
    """A valid scenario exits 0 with a summary."""
    result = runner.invoke(app, ["validate", str(tiny_dir)])
    assert result.exit_code == 0
    assert "regions: 3, at-risk population 45,000" in result.stdout
    assert "crossings: 3 (Finland 1, Kazakhstan 2)" in result.stdout
    assert "5 days, step 1 h" in result.stdout


def test_validate_lists_every_problem(tiny_dir: Path) -> None:
    """Problems go to stderr one per line, exit 1, no traceback."""
    set_cell(tiny_dir, "crossings.csv", 2, "cap_car", "abc")
    set_cell(tiny_dir, "regions.csv", 3, "car_share", "2")
    result = runner.invoke(app, ["validate", str(tiny_dir)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "regions.csv:3: car_share: must be a number in [0, 1], got '2'",
        "crossings.csv:2: cap_car: must be a number >= 0, got 'abc'",
        f"2 problems in {tiny_dir}",
    ]
    assert "Traceback" not in result.output


def test_validate_missing_folder(tmp_path: Path) -> None:
    """A folder that does not exist exits 1 with a message, not a traceback."""
    result = runner.invoke(app, ["validate", str(tmp_path / "nope")])
    assert result.exit_code == 1 and "no such folder" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_validate_unreadable_file(tiny_dir: Path) -> None:
    """A file that cannot be decoded exits 1 with a message."""
    (tiny_dir / "scenario.toml").write_bytes(b"\xff\xfe\x00name")
    result = runner.invoke(app, ["validate", str(tiny_dir)])
    assert result.exit_code == 1 and "scenario.toml: must be UTF-8 text" in result.stderr
    assert "line 1 has byte 0xff" in result.stderr


def test_validate_bundled_name(bundled: Path) -> None:
    """A bundled scenario is found by name."""
    result = runner.invoke(app, ["validate", "tiny"])
    assert result.exit_code == 0 and "tiny: valid" in result.stdout


def test_scenarios_lists_bundled(bundled: Path) -> None:
    """scenarios prints each bundled name and title."""
    result = runner.invoke(app, ["scenarios"], terminal_width=200)
    assert result.exit_code == 0
    assert "tiny" in result.stdout and "Tiny test scenario" in result.stdout


def test_list_scenarios(bundled: Path) -> None:
    """list_scenarios gives (name, title) pairs."""
    from borderflow import list_scenarios

    assert list_scenarios() == [
        ("tiny", "Tiny test scenario (3 regions, 3 crossings, 2 air destinations)")
    ]


def test_bundled_path_unknown(bundled: Path) -> None:
    """bundled_path of an unknown name lists the bundled ones."""
    with pytest.raises(KeyError, match="bundled: tiny"):
        _bundled.bundled_path("atlantis")


def test_new_copies(bundled: Path, tmp_path: Path) -> None:
    """new copies a bundled scenario into a new folder, which then validates."""
    dest = tmp_path / "mine"
    result = runner.invoke(app, ["new", str(dest), "--from", "tiny"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in dest.iterdir()) == sorted(
        p.name for p in (bundled / "tiny").iterdir()
    )
    assert runner.invoke(app, ["validate", str(dest)]).exit_code == 0


def test_new_into_empty_folder(bundled: Path, tmp_path: Path) -> None:
    """new may fill an existing empty folder."""
    (tmp_path / "empty").mkdir()
    result = runner.invoke(app, ["new", str(tmp_path / "empty"), "--from", "tiny"])
    assert result.exit_code == 0 and (tmp_path / "empty" / "scenario.toml").is_file()


def test_new_refuses_non_empty(bundled: Path, tmp_path: Path) -> None:
    """new refuses a folder that holds files, and leaves it as it was."""
    dest = tmp_path / "busy"
    dest.mkdir()
    (dest / "notes.txt").write_text("mine")
    result = runner.invoke(app, ["new", str(dest), "--from", "tiny"])
    assert result.exit_code == 1 and "not empty" in result.stderr
    assert [p.name for p in dest.iterdir()] == ["notes.txt"]


def test_new_leaves_no_temp_on_failure(
    bundled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An interrupted copy leaves neither the target nor a temporary folder."""

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(_bundled.shutil, "copytree", broken)
    result = runner.invoke(app, ["new", str(tmp_path / "mine"), "--from", "tiny"])
    assert result.exit_code == 1 and "disk full" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundled"]


def test_new_unknown_source(bundled: Path, tmp_path: Path) -> None:
    """new from an unknown scenario exits 1 naming the bundled ones."""
    result = runner.invoke(app, ["new", str(tmp_path / "mine"), "--from", "atlantis"])
    assert result.exit_code == 1 and "bundled: tiny" in result.stderr


@pytest.mark.parametrize("command", ["validate", "scenarios", "new"])
def test_help_has_examples(command: str) -> None:
    """Every command's --help shows an example."""
    result = runner.invoke(app, [command, "--help"], terminal_width=200)
    assert result.exit_code == 0 and f"borderflow {command}" in result.stdout


def test_new_names_the_copy_after_its_folder(tmp_path: Path) -> None:
    """A copy is its own variant: named after its folder (or --name), so outputs say which."""
    import tomllib

    from borderflow.cli import app

    runner = CliRunner()
    assert runner.invoke(app, ["new", str(tmp_path / "lanes-x2")]).exit_code == 0
    toml = tomllib.loads((tmp_path / "lanes-x2" / "scenario.toml").read_text())
    assert toml["name"] == "lanes-x2"
    assert runner.invoke(app, ["new", str(tmp_path / "b"), "--name", "walk at Lars"]).exit_code == 0
    assert tomllib.loads((tmp_path / "b" / "scenario.toml").read_text())["name"] == "walk at Lars"


def test_new_copies_only_scenario_folders(tmp_path: Path) -> None:
    from borderflow.cli import app

    result = CliRunner().invoke(app, ["new", str(tmp_path / "x"), "--from", "/etc"])
    assert result.exit_code == 1 and "not a scenario folder" in result.output
    assert not (tmp_path / "x").exists()
