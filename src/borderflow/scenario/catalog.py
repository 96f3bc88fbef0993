"""Scenarios shipped in the package (`borderflow/scenario/bundled/<name>/`), and copying one out."""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import tomllib
from importlib.resources import files
from pathlib import Path

from borderflow._io import current_umask
from borderflow.problems import Problem, ScenarioError


def scenarios_root() -> Path:
    """The folder holding the bundled scenarios."""
    return Path(str(files("borderflow.scenario") / "bundled"))


def bundled_names() -> list[str]:
    """Names of the bundled scenarios (folders with a scenario.toml), sorted."""
    root = scenarios_root()
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "scenario.toml").is_file())


def bundled_path(name: str) -> Path:
    """The folder of bundled scenario `name`; KeyError listing the valid names if none."""
    if name not in bundled_names():
        raise KeyError(f"no bundled scenario {name!r}; bundled: {', '.join(bundled_names())}")
    return scenarios_root() / name


def list_scenarios() -> list[tuple[str, str]]:
    """(name, title) of each bundled scenario, sorted by name."""
    return [(name, _title(scenarios_root() / name)) for name in bundled_names()]


def _title(folder: Path) -> str:
    """The title in a scenario.toml, or a note saying why there is none."""
    try:
        with open(folder / "scenario.toml", "rb") as f:
            title = tomllib.load(f).get("title", "")
    except (OSError, tomllib.TOMLDecodeError):
        return "(scenario.toml cannot be read; run borderflow validate)"
    return title if isinstance(title, str) else str(title)


def resolve(name_or_path: str | os.PathLike[str]) -> Path:
    """A scenario folder from a path (a folder or its scenario.toml) or a bundled name."""
    path = Path(name_or_path)
    if path.is_file() and path.name == "scenario.toml":
        return path.parent
    if path.is_dir():
        return path
    if isinstance(name_or_path, str) and name_or_path in bundled_names():
        return scenarios_root() / name_or_path
    bundled = ", ".join(bundled_names()) or "none"
    rule = f"no such folder, nor a bundled scenario; bundled: {bundled}"
    raise ScenarioError([Problem(str(name_or_path), "", rule)])


def copy_scenario(source: str | os.PathLike[str], dest: str | os.PathLike[str],
                  name: str | None = None) -> Path:
    """Copy a scenario folder (bundled name or path) to `dest`, which must not hold any file,
    and name the copy `name` (default: the folder's name), so that its outputs and briefs say
    which variant they are. Only a scenario folder (one with a scenario.toml) is copied.

    The copy goes to a temporary folder beside `dest` and is then renamed, so an interrupted
    copy never leaves a half-filled `dest`.
    """
    origin, dest = resolve(source), Path(dest)
    if not (origin / "scenario.toml").is_file():
        raise ScenarioError([Problem(str(source), "", "not a scenario folder (no scenario.toml)")])
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise FileExistsError(f"{dest} exists and is not empty; choose a new folder")
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent))
    os.chmod(tmp, 0o777 & ~current_umask())  # mkdtemp's 0700 would hide it from colleagues
    try:
        shutil.copytree(origin, tmp, dirs_exist_ok=True, ignore=_ignored)
        _rename(tmp / "scenario.toml", name or dest.name)
        if dest.exists():
            dest.rmdir()
        os.rename(tmp, dest)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return dest


def _rename(toml: Path, name: str) -> None:
    """Set the top-level `name` of a scenario.toml, keeping every other line as it is."""
    lines = toml.read_text(encoding="utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith("["):
            break  # past the top-level keys
        if re.match(r"name\s*=", line):
            lines[i] = f"name = {json.dumps(name, ensure_ascii=False)}\n"
            break
    toml.write_text("".join(lines), encoding="utf-8")


def _ignored(folder: str, names: list[str]) -> list[str]:
    """Caches and hidden files are not part of a scenario."""
    return [n for n in names if n.startswith(".") or n == "__pycache__"]
