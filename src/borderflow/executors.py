"""Executors: one method, `map(fn, items, progress=None) -> list`, results in input order.

`fn` must be a top-level (picklable) function of one item. Every random draw is fixed by the item
(its seed travels with it), so results do not depend on which executor runs them, nor on the
number of workers.

- `SerialExecutor()`: in this process (tests, debugging).
- `ProcessExecutor(workers)`: local processes started with 'spawn' (numba and fork do not mix).
- `DaskExecutor(address)`: a running Dask cluster (`pip install "borderflow[dask]"`).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any, Protocol

Progress = Callable[[int], None]
CHUNKS_PER_WORKER = 32  # items travel in chunks: `fn` (with the scenario) is pickled per chunk;
# small enough that the last chunks keep every worker busy to the end


def chunked(items: Sequence[Any], workers: int) -> list[list[Any]]:
    """Consecutive chunks of `items`, about CHUNKS_PER_WORKER per worker; the items of the last
    2 x workers chunks go one by one, so that at the end no worker waits for another's whole
    chunk (a forecast's last chunk of 4 members kept one of two workers idle ~0.7 s)."""
    size = max(1, -(-len(items) // (workers * CHUNKS_PER_WORKER)))
    head = max(0, len(items) - 2 * workers * size)
    return ([list(items[i:min(i + size, head)]) for i in range(0, head, size)]
            + [[x] for x in items[head:]])


def apply_chunk(fn: Callable[[Any], Any], chunk: list[Any]) -> list[Any]:
    """Top level, so it pickles: `fn` of each item of a chunk, in order."""
    return [fn(item) for item in chunk]


class Packed:
    """`fn` pickled once per map, with a digest: a worker unpickles it once and keeps it for
    the chunks (and maps) that follow, with what it derived from the scenario since. Unpickling
    the scenario and deriving its tables again for every chunk cost ~14 ms a chunk, about 3% of
    a calibration (chunks of 3-4 runs in its MCMC rounds)."""

    def __init__(self, fn: Callable[[Any], Any]) -> None:
        self.payload = pickle.dumps(fn, protocol=pickle.HIGHEST_PROTOCOL)
        self.key = hashlib.blake2b(self.payload, digest_size=16).digest()


_KEPT: dict[bytes, Callable[[Any], Any]] = {}  # in a worker: the last function unpacked


def apply_packed(packed: Packed, chunk: list[Any]) -> list[Any]:
    """`apply_chunk` with a packed function, unpickled only if this worker has not yet."""
    fn = _KEPT.get(packed.key)
    if fn is None:
        fn = pickle.loads(packed.payload)
        _KEPT.clear()
        _KEPT[packed.key] = fn
    return apply_chunk(fn, chunk)


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


def exit_with_parent(parent: int) -> None:
    """In a worker: ask Linux to end this process when its parent dies (kill -9 of a
    calibration's parent would otherwise leave its workers running); elsewhere, nothing. A
    parent already gone before the request was made is caught by its pid."""
    if sys.platform != "linux":
        return
    import ctypes
    import signal

    pr_set_pdeathsig = 1
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


class ProcessExecutor:
    """A pool of local worker processes ('spawn'), kept for the executor's life."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or os.cpu_count() or 1
        ctx = multiprocessing.get_context("spawn")
        self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx,
                                        initializer=exit_with_parent,
                                        initargs=(os.getpid(),))

    def map(self, fn: Callable[[Any], Any], items: Sequence[Any],
            progress: Progress | None = None) -> list[Any]:
        chunks, packed = chunked(items, self.workers), Packed(fn)
        futures = {self.pool.submit(apply_packed, packed, c): i for i, c in enumerate(chunks)}
        done: list[Any] = [None] * len(chunks)
        for fut in as_completed(futures):
            done[futures[fut]] = fut.result()
            if progress:
                progress(len(done[futures[fut]]))
        return [x for chunk in done for x in chunk]

    def close(self) -> None:
        """Stop the workers without waiting for them to exit (~0.3 s each once the engine is
        loaded): the caller goes on, and the interpreter waits for them only at its own exit."""
        self.pool.shutdown(wait=False, cancel_futures=True)

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

        chunks, packed = chunked(items, self.workers), Packed(fn)
        futures = self.client.map(apply_packed, [packed] * len(chunks), chunks, pure=False)
        index = {f.key: i for i, f in enumerate(futures)}
        done: list[Any] = [None] * len(chunks)
        for fut in dask_completed(futures):
            done[index[fut.key]] = fut.result()
            if progress:
                progress(len(done[index[fut.key]]))
            fut.release()
        return [x for chunk in done for x in chunk]

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
    if not scheduler.startswith(("tcp://", "tls://", "ucx://", "inproc://")):
        raise ValueError("must be 'processes', 'serial' or the address of a running Dask "
                         f"scheduler (tcp://HOST:PORT), got {scheduler!r}")
    return DaskExecutor(scheduler)
