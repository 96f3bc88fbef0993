"""Executors: one method, `map(fn, items, progress=None) -> list`, results in input order.

`fn` must be a top-level (picklable) function of one item. Every random draw is fixed by the item
(its seed travels with it), so results do not depend on which executor runs them, nor on the
number of workers.

- `SerialExecutor()`: in this process (tests, debugging).
- `ProcessExecutor(workers)`: local processes started with 'spawn' (numba and fork do not mix).
- `DaskExecutor(address)`: a running Dask cluster (`pip install "borderflow[dask]"`).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any, Protocol

Progress = Callable[[int], None]


class Executor(Protocol):
    def map(self, fn: Callable[[Any], Any], items: Sequence[Any],
            progress: Progress | None = None) -> list[Any]: ...

    def close(self) -> None: ...


class SerialExecutor:
    """Run each item in this process, in order."""

    workers = 1

    def map(self, fn: Callable[[Any], Any], items: Sequence[Any],
            progress: Progress | None = None) -> list[Any]:
        out = []
        for item in items:
            out.append(fn(item))
            if progress:
                progress(1)
        return out

    def close(self) -> None:
        pass

    def __enter__(self) -> SerialExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class ProcessExecutor:
    """A pool of local worker processes ('spawn'), kept for the executor's life."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or os.cpu_count() or 1
        ctx = multiprocessing.get_context("spawn")
        self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx)

    def map(self, fn: Callable[[Any], Any], items: Sequence[Any],
            progress: Progress | None = None) -> list[Any]:
        futures = {self.pool.submit(fn, item): i for i, item in enumerate(items)}
        out: list[Any] = [None] * len(items)
        for fut in as_completed(futures):
            out[futures[fut]] = fut.result()
            if progress:
                progress(1)
        return out

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)

    def __enter__(self) -> ProcessExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class DaskExecutor:
    """Send the items to a running Dask scheduler at `address` (tcp://host:port)."""

    def __init__(self, address: str, timeout: float = 30) -> None:
        try:
            from distributed import Client
        except ImportError as exc:
            raise RuntimeError(
                'the Dask executor needs dask distributed: pip install "borderflow[dask]"'
            ) from exc
        self.client = Client(address, timeout=timeout)
        self.workers = max(1, sum(self.client.nthreads().values()))

    def map(self, fn: Callable[[Any], Any], items: Sequence[Any],
            progress: Progress | None = None) -> list[Any]:
        from distributed import as_completed as dask_completed

        futures = self.client.map(fn, list(items), pure=False)
        index = {f.key: i for i, f in enumerate(futures)}
        out: list[Any] = [None] * len(items)
        for fut in dask_completed(futures):
            out[index[fut.key]] = fut.result()
            if progress:
                progress(1)
            fut.release()
        return out

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def make_executor(scheduler: str | None = None, workers: int | None = None
                  ) -> SerialExecutor | ProcessExecutor | DaskExecutor:
    """`scheduler`: None (local processes), 'serial', 'processes', or a tcp:// address."""
    if scheduler in (None, "processes"):
        return SerialExecutor() if workers == 1 else ProcessExecutor(workers)
    if scheduler == "serial":
        return SerialExecutor()
    return DaskExecutor(scheduler)
