"""`borderflow bench`: side-by-side benchmarks against SimPy and Flee, and scaling.

The models being compared live in the source checkout's `benchmarks/` folder (one script each,
runnable on their own); this package finds them, runs them in one process and prints the table.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BENCHMARKS = Path(__file__).resolve().parents[3] / "benchmarks"
INSTALL_HINT = "pip install -e .[bench]"


class BenchError(RuntimeError):
    """A benchmark cannot run (missing extra, no source checkout)."""


def load_benchmark(name: str) -> ModuleType:
    """Import benchmarks/<name>.py from the source checkout borderflow is installed from."""
    path = BENCHMARKS / f"{name}.py"
    if not path.is_file():
        raise BenchError(f"{path} not found: `borderflow bench` runs from a source checkout "
                         f"installed with `{INSTALL_HINT}`")
    key = f"borderflow_benchmarks.{name}"
    if key in sys.modules:
        return sys.modules[key]
    spec = importlib.util.spec_from_file_location(key, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[key] = module
    spec.loader.exec_module(module)
    return module


def require(module: str) -> ModuleType:
    """Import an optional benchmark dependency or fail saying what to install."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise BenchError(f"the benchmark needs {module}: {INSTALL_HINT}") from None
