"""The package's layers (pyproject.toml, [tool.importlinter]) hold, and a breach is caught."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]


def lint_imports(src: Path) -> subprocess.CompletedProcess:
    """import-linter's contracts over the package found in `src`."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    code = ("from importlinter.cli import lint_imports; "
            f"raise SystemExit(lint_imports(config_filename={str(ROOT / 'pyproject.toml')!r}, "
            "no_cache=True))")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          cwd=src)


def test_the_layer_contracts_are_kept():
    """Every stage imports only the stages below it, deferred imports included."""
    result = lint_imports(ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_an_upward_import_breaks_the_contract(tmp_path: Path):
    """A deferred import of the command line from the results is a breach the check reports."""
    src = tmp_path / "src"
    shutil.copytree(ROOT / "src" / "borderflow", src / "borderflow",
                    ignore=shutil.ignore_patterns("__pycache__", "*.nbi", "*.nbc"))
    daily = src / "borderflow" / "results" / "daily.py"
    daily.write_text(daily.read_text() + "\n\ndef _breach():\n    import borderflow.cli  # noqa\n")
    result = lint_imports(src)
    assert result.returncode != 0
    assert "borderflow.results.daily -> borderflow.cli" in result.stdout


def test_no_module_is_over_600_lines():
    """A module that grows past 600 lines holds more than one concern: split it."""
    long = {str(p.relative_to(ROOT)): n for p in (ROOT / "src").rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 600}
    assert long == {}
