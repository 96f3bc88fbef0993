"""Executors: same results, in order, whatever runs them (serial, processes, a Dask cluster)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from borderflow.calibration.abc import Settings, calibrate
from borderflow.executors import (
    CHUNKS_PER_WORKER,
    ProcessExecutor,
    SerialExecutor,
    chunked,
    make_executor,
)

OBS = """metric,place,crossing,date_from,date_to,value,low,high,reported_on,source,url
daily_entries,Finland,,2022-09-22,2022-09-22,2500,,,2022-09-23,made up,
cumulative_entries,Kazakhstan,,2022-09-20,2022-09-23,5000,,,2022-09-24,made up,
queue_vehicles,Kazakhstan,Kairak,2022-09-23,2022-09-23,,50,200,2022-09-24,made up,
"""
SMALL = Settings(population=6, batch=12, generations=2, seed=3)


def square(x: int) -> int:
    return x * x


def test_serial_map_keeps_order():
    """The serial executor returns results in input order and ticks progress once per item."""
    ticks: list[int] = []
    assert SerialExecutor().map(square, [3, 1, 2], ticks.append) == [9, 1, 4]
    assert ticks == [1, 1, 1]


def test_make_executor_choices():
    """'serial' and workers=1 run in process; None means local processes."""
    assert isinstance(make_executor("serial"), SerialExecutor)
    assert isinstance(make_executor(None, 1), SerialExecutor)


def _calibrate(tiny, tmp_path: Path, name: str, executor) -> dict[str, bytes]:
    obs = tmp_path / "obs.csv"
    obs.write_text(OBS, encoding="utf-8")
    out = tmp_path / name
    calibrate(tiny, obs, "2022-09-24", out, SMALL, executor=executor)
    return {f: (out / f).read_bytes() for f in ("posterior.csv", "fit.csv")}


@pytest.mark.slow
def test_processes_match_serial(tiny, tmp_path):
    """A calibration on 2 spawned processes is bit-identical to the serial one."""
    serial = _calibrate(tiny, tmp_path, "serial", SerialExecutor())
    with ProcessExecutor(2) as ex:
        assert ex.map(square, list(range(7))) == [i * i for i in range(7)]
        assert _calibrate(tiny, tmp_path, "processes", ex) == serial


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _dask_cli() -> list[str]:
    exe = shutil.which("dask", path=str(Path(sys.executable).parent) + os.pathsep
                       + os.environ.get("PATH", ""))
    return [exe] if exe else [sys.executable, "-m", "dask"]


@pytest.fixture
def dask_cluster(tmp_path):
    """A real Dask cluster on loopback: a scheduler and a worker process with 2 workers."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail('CI must install the dask extra: pip install -e ".[dask]"')
        pytest.skip("dask distributed not installed")
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    log = open(tmp_path / "dask.log", "w")  # noqa: SIM115
    here = str(Path(__file__).parent)  # workers import this module for `square`
    path = os.pathsep.join(p for p in (here, os.environ.get("PYTHONPATH", "")) if p)
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False", "PYTHONPATH": path}
    procs = [subprocess.Popen(_dask_cli() + ["scheduler", "--host", "127.0.0.1", "--port",
                                             str(port), "--no-dashboard"],
                              stdout=log, stderr=log, env=env)]
    time.sleep(2)
    procs.append(subprocess.Popen(_dask_cli() + ["worker", address, "--nworkers", "2",
                                                 "--nthreads", "1", "--no-dashboard"],
                                  stdout=log, stderr=log, env=env, cwd=tmp_path))
    try:
        from distributed import Client

        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
        log.close()


@pytest.mark.slow
def test_dask_cluster_matches_serial(tiny, tmp_path, dask_cluster):
    """A calibration sent to a real Dask cluster is bit-identical to the serial one."""
    from borderflow.executors import DaskExecutor

    serial = _calibrate(tiny, tmp_path, "serial", SerialExecutor())
    with DaskExecutor(dask_cluster) as ex:
        assert ex.workers == 2
        assert ex.map(square, [4, 5, 6]) == [16, 25, 36]
        assert _calibrate(tiny, tmp_path, "dask", ex) == serial
    assert np.isfinite(len(serial["posterior.csv"]))


@pytest.mark.parametrize(
    "n, workers", [(0, 2), (1, 2), (15, 2), (200, 2), (1000, 2), (1001, 2), (7, 5)]
)
def test_chunks_keep_every_item_once_in_order(n, workers):
    """Work travels in chunks; joined, they are the items in their order. The last items go
    one by one (as many as 2 x workers chunks held), the others about CHUNKS_PER_WORKER
    chunks a worker."""
    chunks = chunked(list(range(n)), workers)
    assert [x for c in chunks for x in c] == list(range(n))
    size = max(1, -(-n // (workers * CHUNKS_PER_WORKER)))
    singles = min(n, 2 * workers * size) if size > 1 else n
    assert all(len(c) == 1 for c in chunks[len(chunks) - singles:])
    head = [len(c) for c in chunks[: len(chunks) - singles]]
    assert all(k == size for k in head[:-1]) and all(1 <= k <= size for k in head[-1:])
    assert len(chunks) <= workers * CHUNKS_PER_WORKER + singles


def test_workers_end_when_their_parent_is_killed(tmp_path):
    """kill -9 of the process that owns a pool: its workers exit too (Linux)."""
    import signal
    import subprocess
    import sys
    import time

    import pytest

    if sys.platform != "linux":
        pytest.skip("parent-death signal is Linux's")
    code = ("import time\nfrom borderflow.executors import ProcessExecutor\n"
            "ex = ProcessExecutor(2)\nex.map(time.sleep, [0.3] * 8)\n"
            "print(ex.map(abs, [-1, -2]), flush=True)\n"
            "import multiprocessing as mp\n"
            "print(' '.join(str(p.pid) for p in mp.active_children()), flush=True)\n"
            "time.sleep(60)\n")
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert parent.stdout.readline().strip() == "[1, 2]"
    workers = [int(x) for x in parent.stdout.readline().split()]
    assert workers
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 20
    alive = workers
    while alive and time.monotonic() < deadline:
        time.sleep(0.2)
        alive = [w for w in workers if _alive(w)]
    assert alive == []


def _alive(pid: int) -> bool:
    from pathlib import Path

    status = Path(f"/proc/{pid}/status")
    try:
        return "State:\tZ" not in status.read_text()
    except OSError:
        return False
