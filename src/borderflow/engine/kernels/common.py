"""What every kernel shares: the numba decorators and the enumerations, each derived from the
one tuple that defines it (numba reads these module-level ints as compile-time constants)."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path

import numba

from borderflow.engine.rng import STREAMS
from borderflow.parameters import MODES, SEGMENTS, STATES


def kernels_cache_dir(base: str, kernels: Path = Path(__file__).parent) -> str:
    """Where the compiled kernels are kept: a folder named for the source of every kernel file.
    numba checks a cached function against its own file only, so a kernel that calls one
    changed in another file would load the old machine code (a branch checked out, a file
    edited); with a folder per source, changed kernels compile afresh. The tuples the kernels
    read as compile-time constants (from parameters.py and rng.py) count as source. numba keeps
    any other jitted code of the process there too."""
    digest = hashlib.sha256(repr((STREAMS, MODES, SEGMENTS, STATES)).encode())  # constants
    for path in sorted(kernels.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return os.path.join(base, f"borderflow-kernels-{digest.hexdigest()[:16]}")


def prune_kernel_caches(current: str, days: float = 30.0) -> list[str]:
    """Mark `current` as used now and remove the other kernel folders beside it that no import
    has used for `days` (5-10 MB each, one per kernel source ever run). Returns what it removed;
    a folder it cannot remove is left as it is."""
    base, now = Path(current).parent, time.time()
    try:
        Path(current).mkdir(parents=True, exist_ok=True)
        os.utime(current)
        old = [p for p in base.glob("borderflow-kernels-*")
               if p.is_dir() and str(p) != current and now - p.stat().st_mtime > days * 86400]
    except OSError:
        return []
    for folder in old:
        shutil.rmtree(folder, ignore_errors=True)
    return [str(p) for p in old if not p.exists()]


numba.config.CACHE_DIR = kernels_cache_dir(  # NUMBA_CACHE_DIR, else the user's cache folder
    numba.config.CACHE_DIR or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
        "borderflow"))
prune_kernel_caches(numba.config.CACHE_DIR)

jit = numba.njit(cache=True, nogil=True)
# Kernels called only from other kernels get no CPython wrapper (calling one from Python crashes):
# a wrapper unboxes every array of the named tuples, and building them took a third of the compile.
inner = numba.njit(cache=True, nogil=True, no_cpython_wrapper=True)
# Small helpers called per region, group or option are inlined into their caller (numba IR):
# a call reference-counts each array argument, which cost more than the helpers' work.
inline = numba.njit(cache=True, nogil=True, inline="always")

# A party record's state (`p_state`)
TRAVELLING, QUEUED, DONE = 0, 1, 2
# The ledger's states (columns of `led.state`), in the order of parameters.STATES
AT_HOME, CALLED_UP, ON_ROAD, IN_QUEUE, CROSSED, STOPPED, RETURNED = (
    STATES.index(s) for s in
    ("at_home", "called_up", "travelling", "queued", "crossed", "stopped", "returned"))
# Modes, in the order of parameters.MODES
CAR, BUS = MODES.index("car"), MODES.index("bus")
# Traveller groups g = car * N_SEGMENTS + visa segment: without a car, then with one
N_SEGMENTS = len(SEGMENTS)
N_GROUPS = 2 * N_SEGMENTS
# A run's random streams (rng.STREAMS), by position
(S_CALLUPS, S_DEPART, S_SEGMENT, S_ROUTE, S_SIZE, S_BACKGROUND, S_PATIENCE, S_WALK, S_SCREEN,
 S_REROUTE, S_AIR) = (STREAMS.index(s) for s in (
    "callups", "departures", "segments", "routes", "party_size", "background", "patience",
    "walk_switch", "screening", "reroute", "air"))
# TURNED: parties turned back in a step (at a border, or on the road: `closures`) are listed
# (ag.turned_head/tail, one list) through their queue link, which is free once they are out of
# their queue; `renege` sends them on to another crossing or home.
