"""The run and forecast folders: one writer and one reader for each file in them.

A run folder holds `results.nc` (every array), `daily.csv` (the daily table), `run.json` (the
manifest) and `scenario/` (a copy of the scenario that ran); a forecast folder `forecast.nc`
(every member's daily series), `forecast.csv` (quantiles), `forecast.json` and `scenario/`.
Later stages (needs, report, export, score) open a folder with `open_output` and read through it.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import time
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from borderflow.scenario.catalog import bundled_names, scenarios_root


class OutputError(ValueError):
    """A directory that is neither a run nor a forecast, or lacks a file that is needed."""


# ---------------------------------------------------------------- writing
MARKER = ".borderflow-output"
"""The file `writing` puts in every folder it writes: only a folder holding it (or an empty one)
is ever replaced, so a folder of anyone else's files never is, whatever it holds."""


LEFTOVERS = (".scenario-copy",)
"""What an interrupted write of an earlier borderflow could leave in a folder it had not yet
marked: a folder holding only these is borderflow's."""


class OutputBusy(OutputError):
    """Another process is writing the same output folder."""


@contextmanager
def writing(out: str | Path, keep_partial: bool = False, resume: bool = False
            ) -> Iterator[Path]:
    """Write an output folder as one: the files go into a staging folder beside `out`
    (`.NAME.partial`) and replace `out` whole once all are written, so a reader sees the old
    complete set or the new one, never a mix. A lock (`.NAME.lock`) refuses a second writer.
    `out` must be new, empty or a folder borderflow wrote (MARKER): other files are never
    replaced. (The lock file stays beside `out`: removing it could let two writers hold
    different locks.)

    With `keep_partial` (a calibration) an interrupted write leaves its staging folder for
    `resume` to continue; `resume` continues it, or starts from `out`'s own files."""
    out = output_folder(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with locked(out):
        _recover(out)
        check_replaceable(out)
        staging = out.parent / f".{out.name}.partial"
        if not (resume and staging.is_dir() and not staging.is_symlink()):
            _remove(staging)
            if resume and out.is_dir():
                shutil.copytree(out, staging)
            else:
                staging.mkdir()
        try:
            (staging / MARKER).write_text("written by borderflow; replaced whole by its next "
                                          "write\n", encoding="utf-8")
            yield staging
            _swap(staging, out)
        except BaseException:
            if not keep_partial:
                _remove(staging)
            raise


def output_folder(out: str | Path) -> Path:
    """`out` as an absolute folder path; OutputError for the current folder or one above it
    (replacing it would pull the ground from under the shell that asked)."""
    path = Path(out).resolve()
    if path == Path.cwd() or path in Path.cwd().parents or path.parent == path:
        raise OutputError(f"{out}: is the current folder or above it; choose a folder below it")
    return path


def check_writable(out: str | Path) -> None:
    """Before long work: OutputError if `out` could not be written (a file, a folder of other
    files, or another process writing it)."""
    out = output_folder(out)
    check_replaceable(out)
    if out.parent.exists():
        with locked(out):
            pass


@contextmanager
def locked(out: Path) -> Iterator[None]:
    """An exclusive lock on `out` while it is written (released if the process dies)."""
    path = out.parent / f".{out.name}.lock"
    try:
        handle = open(path, "a")  # noqa: SIM115 (closed below, after the lock)
    except OSError as exc:
        raise OutputError(f"{out}: its lock file {path} cannot be opened: "
                          f"{exc.strerror or exc}") from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputBusy(f"{out}: another borderflow process is writing this folder; "
                             "wait for it, or choose another --out") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def check_replaceable(out: Path) -> None:
    """OutputError unless `out` is missing, an empty folder or a folder borderflow wrote."""
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: is a file, not a folder; choose another --out")
    if out.is_dir() and not (out / MARKER).exists() and any(
            p.name not in LEFTOVERS for p in out.iterdir()):
        raise OutputError(f"{out}: holds files borderflow did not write (no {MARKER}; a "
                          "folder an earlier version wrote has none either: remove it if it "
                          "is one); choose a new or empty folder (nothing was written)")


def _swap(staging: Path, out: Path) -> None:
    """`staging` becomes `out` (the old `out` is moved aside first, then removed), once no
    reader holds `out` (`reading`)."""
    old = out.parent / f".{out.name}.old"
    _remove(old)
    if out.exists():
        with _between_readers(out):
            os.rename(out, old)
            os.rename(staging, out)
    else:
        os.rename(staging, out)
    _remove(old)


READERS_WAIT = 300.0
"""Seconds a finished write waits for the readers of the folder it replaces."""


@contextmanager
def _between_readers(out: Path) -> Iterator[None]:
    """An exclusive lock on the folder `out` itself (the one `reading` shares), taken once
    every reader has let go; OutputBusy if readers still hold it after READERS_WAIT seconds."""
    fd = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    try:
        deadline, pause = time.monotonic() + READERS_WAIT, 0.001
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise OutputBusy(f"{out}: still being read after {READERS_WAIT:.0f} s (by "
                                     "needs, report, export, score, compare or forecast); "
                                     "the new files were not swapped in") from None
                time.sleep(pause)
                pause = min(2 * pause, 0.05)
        yield
    finally:
        os.close(fd)  # releases the lock


@contextmanager
def reading(*folders: str | Path | None) -> Iterator[None]:
    """Shared locks on output folders while they are read: a writer swaps a new folder in only
    between readers, so a reader sees the old complete set or the new one, never a mix. (A
    folder that is missing or not a folder is passed over: the reader's own checks say so.)"""
    fds = []
    try:
        for folder in folders:
            if folder is not None:
                fd = _shared_lock(Path(folder))
                if fd is not None:
                    fds.append(fd)
        yield
    finally:
        for fd in fds:
            os.close(fd)


def _shared_lock(folder: Path) -> int | None:
    """A descriptor of `folder` holding a shared lock, or None if it is not a folder. The lock
    waits at most for a swap under way; if one replaced the folder meanwhile, the new one is
    locked instead."""
    for _ in range(100):
        try:
            fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        except FileNotFoundError:  # between a swap's two renames (or cut there), or missing
            if not (folder.parent / f".{folder.name}.old").is_dir():
                return None
            time.sleep(0.01)
            continue
        except OSError:
            return None
        fcntl.flock(fd, fcntl.LOCK_SH)
        try:
            if os.path.samestat(os.fstat(fd), os.stat(folder)):
                return fd
        except FileNotFoundError:
            pass
        os.close(fd)
    return None


def _remove(path: Path) -> None:
    """Remove what is at `path` (a folder, file or link of borderflow's), if anything."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif path.is_symlink() or path.exists():
        path.unlink()


def _recover(out: Path) -> None:
    """A swap cut between its two renames left no `out` but its old copy: put it back."""
    old = out.parent / f".{out.name}.old"
    if old.is_dir() and not out.exists():
        os.rename(old, out)


def write_run(results: Any, out: str | Path, scenario_path: Path | None = None
              ) -> dict[str, Path]:
    """results.nc, daily.csv, run.json and the scenario's copy, written as one folder."""
    out = Path(out)
    ds = results.to_xarray()
    daily = results.daily()
    with writing(out) as staging:
        ds.to_netcdf(staging / "results.nc", engine="h5netcdf")
        daily.to_csv(staging / "daily.csv", index=False)
        manifest = {**results.manifest(), "files": fingerprints(staging, RUN_DATA)}
        (staging / "run.json").write_text(json.dumps(manifest, indent=2) + "\n",
                                          encoding="utf-8")
        copy_scenario_folder(scenario_path, staging)
    return {"results": out / "results.nc", "daily": out / "daily.csv",
            "manifest": out / "run.json"}


RUN_DATA = ("results.nc", "daily.csv")
FORECAST_DATA = ("forecast.nc", "forecast.csv")


def fingerprints(folder: Path, names: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """Size and sha256 of each named file: the manifest that readers check the files against."""
    return {n: _fingerprint(folder / n) for n in names}


def _fingerprint(path: Path) -> dict[str, Any]:
    return {"bytes": path.stat().st_size, "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}


def check_fingerprints(folder: Path, manifest: dict[str, Any], manifest_name: str) -> None:
    """OutputError unless every file the manifest lists is there, whole and unchanged."""
    files = manifest.get("files") or {}
    if not isinstance(files, dict) or not all(isinstance(w, dict) for w in files.values()):
        raise OutputError(f"{folder / manifest_name}: files: must map file names to their bytes "
                          f"and sha256, got {files!r:.80}")
    for name, want in files.items():
        if Path(name).name != name or name in ("", ".", ".."):  # no path built from data
            raise OutputError(f"{folder / manifest_name}: files: must name files of the folder, "
                              f"got {name!r}")
        path = folder / name
        if not path.is_file():
            raise OutputError(f"{path}: missing, though {manifest_name} lists it")
        if _fingerprint(path) != {"bytes": want.get("bytes"), "sha256": want.get("sha256")}:
            raise OutputError(f"{path}: does not match {manifest_name} (damaged, or written by "
                              "another run); run it again")


def copy_scenario_folder(source: Path | None, out: Path) -> None:
    """Keep a copy of the scenario beside its results (needs and the report read it)."""
    if source is not None:
        shutil.copytree(source, out / "scenario",
                        ignore=shutil.ignore_patterns("__pycache__", ".*"))


def write_forecast_nc(path: Path, runs: Any) -> None:
    """forecast.nc: the DataArray `value` (member x date x series; series coordinates kind, id
    and metric; member coordinates seed and each parameter), written with h5netcdf as xarray
    writes it (`xr.open_dataset` reads back an identical dataset). Through xarray, the first
    write of a process took ~1.3 s, mostly imports (xarray, and dask for its write lock); this
    takes ~0.15 s."""
    import h5netcdf
    import h5py

    names = list(runs.params[0]) if runs.params else []
    members, days, series = runs.values.shape
    with h5netcdf.File(path, "w") as f:
        f.dimensions = {"member": members, "date": days, "series": series}
        f.create_variable("member", ("member",), data=np.arange(members))
        first = runs.dates[0]
        date = f.create_variable("date", ("date",), data=np.asarray(
            (runs.dates - first) // pd.Timedelta(days=1), dtype=np.int64))
        date.attrs["units"] = f"days since {first:%Y-%m-%d %H:%M:%S}"
        date.attrs["calendar"] = "proleptic_gregorian"
        for i, name in enumerate(("kind", "id", "metric")):
            f.create_variable(name, ("series",), dtype=h5py.string_dtype(),
                              data=np.array([k[i] for k in runs.keys], dtype=object))
        f.create_variable("seed", ("member",), data=np.asarray(runs.seeds, dtype=np.int64))
        for name in names:
            f.create_variable(name, ("member",), fillvalue=np.nan,
                              data=np.array([p[name] for p in runs.params], dtype=float))
        value = f.create_variable("value", ("member", "date", "series"), data=runs.values,
                                  fillvalue=np.float32(np.nan))
        value.attrs["coordinates"] = " ".join(sorted(["kind", "id", "metric", "seed", *names]))


def is_bundled(path: Path | None) -> bool:
    """Whether `path` is the folder of a bundled scenario."""
    return path is not None and Path(path).resolve().parent == scenarios_root().resolve()


# ---------------------------------------------------------------- reading


DAILY_COLUMNS = ("date", "kind", "id", "metric", "value")


def read_daily(folder: Path) -> pd.DataFrame:
    """A run's daily.csv: date, kind, id, metric, value (OutputError if it is damaged)."""
    path = Path(folder) / "daily.csv"
    try:
        table = pd.read_csv(path, dtype={"id": str, "kind": str, "metric": str})
        missing = [c for c in DAILY_COLUMNS if c not in table.columns]
        if missing:
            raise ValueError(f"missing column(s) {', '.join(missing)}")
        table["date"] = pd.to_datetime(table["date"], format="%Y-%m-%d")
        table["value"] = pd.to_numeric(table["value"], errors="raise")
    except (OSError, ValueError, TypeError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise OutputError(f"{path}: cannot be read as a run's daily table: {exc}") from None
    return table


def read_forecast_nc(folder: Path) -> Any:
    """A forecast's ensemble: the DataArray `value` (member, date, series), loaded (OutputError
    if the file is damaged or not a forecast's)."""
    import xarray as xr

    path = Path(folder) / "forecast.nc"
    try:
        with xr.open_dataset(path) as ds:
            value = ds["value"].load()
        if value.dims != ("member", "date", "series") or not {"kind", "id", "metric"} <= set(
                value.coords):
            raise ValueError(f"dims {value.dims}, not (member, date, series) with kind, id, metric")
    except (OSError, ValueError, KeyError, RuntimeError) as exc:
        raise OutputError(f"{path}: cannot be read as a forecast ensemble: {exc}") from None
    return value


def forecast_scenario(folder: str | Path) -> Any:
    """The scenario a forecast ran: its copy in DIR/scenario, else the bundled scenario the
    manifest names."""
    from borderflow.scenario import load_scenario

    path = Path(folder)
    if (path / "scenario" / "scenario.toml").exists():
        return load_scenario(path / "scenario")
    name = open_output(path).manifest.get("scenario")
    if not (isinstance(name, str) and _bundled(name)):  # a name, never a path from the file
        raise OutputError(f"{path}: no scenario/ copy, and forecast.json's scenario is not a "
                          f"bundled one, got {name!r}")
    return load_scenario(name)


def _bundled(name: str) -> list[Path]:
    """The bundled scenario folder called `name`, if there is one (never a path built from it)."""
    return [scenarios_root() / name] if name in bundled_names() else []


@dataclass
class Output:
    """A run or forecast directory with its scenario files (if found)."""

    path: Path
    kind: str  # "run" | "forecast"
    manifest: dict[str, Any] = field(default_factory=dict)
    scenario_dir: Path | None = None
    _ensemble: Any = field(default=None, repr=False)

    def crossings(self) -> pd.DataFrame:
        """id -> name, country, lat, lon: from the scenario, else results.nc, else ids only."""
        if self.scenario_dir and (self.scenario_dir / "crossings.csv").exists():
            table = pd.read_csv(self.scenario_dir / "crossings.csv", dtype={"id": str})
            return table.set_index("id")
        if (self.path / "results.nc").exists():
            cols = _results_crossings(self.path / "results.nc")
            if cols is not None:
                return cols
        return pd.DataFrame(columns=["name", "country", "lat", "lon"]).rename_axis("id")

    def scenario_toml(self) -> dict[str, Any]:
        if self.scenario_dir and (self.scenario_dir / "scenario.toml").exists():
            text = (self.scenario_dir / "scenario.toml").read_text(encoding="utf-8-sig")
            return tomllib.loads(text)
        return {}

    def temperature(self) -> pd.DataFrame | None:
        if self.scenario_dir and (self.scenario_dir / "temperature.csv").exists():
            table = pd.read_csv(self.scenario_dir / "temperature.csv", dtype={"crossing": str})
            table["date"] = pd.to_datetime(table["date"])
            return table
        return None

    def daily(self) -> pd.DataFrame:
        """Tidy daily metrics of a run: date, kind, id, metric, value."""
        return read_daily(self.path)

    def ensemble(self) -> Any:
        """The forecast ensemble: DataArray `value` (member, date, series), loaded once."""
        if self._ensemble is None:
            self._ensemble = read_forecast_nc(self.path)
        return self._ensemble


def _results_crossings(path: Path) -> pd.DataFrame | None:
    """The crossings' coordinates (name, country, lat, lon) a results.nc holds, if any
    (OutputError if the file is damaged)."""
    import xarray as xr

    try:
        with xr.open_dataset(path) as ds:
            cols = {str(c)[9:]: ds[c].values for c in ds.coords if str(c).startswith("crossing_")}
            index = pd.Index(ds["crossing"].values.astype(str), name="id") if cols else None
    except (OSError, ValueError, KeyError, RuntimeError) as exc:
        raise OutputError(f"{path}: cannot be read as a run's results: {exc}") from None
    return pd.DataFrame(cols, index=index) if cols else None


def open_output(path: str | Path, scenario: str | Path | None = None) -> Output:
    """Recognise a run (daily.csv) or forecast (forecast.nc) directory and find its scenario."""
    path = Path(path)
    if not path.is_dir():
        raise OutputError(f"{path}: not a directory")
    if (path / "forecast.nc").exists():
        kind, manifest_name = "forecast", "forecast.json"
    elif (path / "daily.csv").exists():
        kind, manifest_name = "run", "run.json"
    elif (path / "forecast.csv").exists():
        raise OutputError(
            f"{path}: forecast.csv without forecast.nc; needs and the report use the ensemble "
            "in forecast.nc"
        )
    else:
        raise OutputError(
            f"{path}: neither a run (daily.csv) nor a forecast (forecast.nc) directory"
        )
    if not (path / manifest_name).is_file():  # written last: without it the folder is not whole
        raise OutputError(f"{path / manifest_name}: missing; every {kind} folder borderflow "
                          "writes has one (incomplete, or not borderflow's): run it again")
    try:
        manifest = json.loads((path / manifest_name).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:  # (a UnicodeDecodeError is a ValueError)
        raise OutputError(f"{path / manifest_name}: not valid JSON: {exc}") from None
    if not isinstance(manifest, dict):
        raise OutputError(f"{path / manifest_name}: must hold a JSON object")
    check_fingerprints(path, manifest, manifest_name)
    return Output(path, kind, manifest, _scenario_dir(path, manifest, scenario))


def _scenario_dir(path: Path, manifest: dict[str, Any], override: str | Path | None) -> Path | None:
    """`override` (a folder or a bundled name), else DIR/scenario, else the manifest's scenario
    (a bundled name: never a path read from the file)."""
    if override is not None:  # asked for: that one, or a message
        for candidate in (Path(override), *_bundled(str(override))):
            if (candidate / "crossings.csv").exists():
                return candidate
        raise OutputError(f"--scenario: must be a scenario folder (with crossings.csv) or a "
                          f"bundled name, got {str(override)!r}")
    candidates = [path / "scenario"]
    name = manifest.get("scenario") or manifest.get("scenario_name")
    if isinstance(name, dict):
        name = name.get("name")
    if isinstance(name, str) and name:
        candidates += _bundled(name)  # a name, never a path from the file
    for candidate in candidates:
        if (candidate / "crossings.csv").exists():
            return candidate
    return None
