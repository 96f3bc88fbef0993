"""Calibration: fit a scenario's priors to reported figures by ABC-SMC with MCMC moves.

The search is a driver over targets (`observations/targets.py`): it only sees a distance per
candidate.

Each generation draws its candidates from its own seed and evaluates them through an executor's
order-preserving `map` of `run_one`; nothing depends on completion order, so results are the same
(bit for bit) whatever the executor and the number of workers.

- Generation 0 samples the prior (`batch` candidates) and keeps the `population` closest
  (rejection ABC).
- Generation g > 0 (Del Moral, Doucet & Jasra 2012; Drovandi & Pettitt 2011): epsilon = the
  `quantile` of the particles' distances; particles beyond it are replaced by copies of those
  within; then every particle makes `batch // population` Metropolis-Hastings moves that leave
  the ABC posterior at epsilon unchanged: a Gaussian random walk on the prior's natural scale
  (log for loguniform) with the particles' covariance times 2.38^2 / d, reflected at the
  priors' bounds, accepted if the prior ratio allows (checked first, without simulating) and
  the candidate's distance is within epsilon. All particles weigh the same.
  Why not importance weights (population Monte Carlo, Beaumont et al. 2009, with a global or a
  local covariance kernel): over 20 parameters their weights collapsed onto 2-13 particles of
  200, so the fit and the forecast's members rested on a handful of parameter sets.
- Every generation is checkpointed atomically; `resume=True` continues from the last one.
"""

from __future__ import annotations

import json
import time
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from borderflow import _libm as libm
from borderflow._io import write_text, write_with
from borderflow.calibration.fit import fit_table, identification, moving_together
from borderflow.engine.rng import calibration_generator, calibration_seeds
from borderflow.observations.load import load_observations, observations_hash, with_trust
from borderflow.observations.targets import Target, build_targets, distance, run_one, select
from borderflow.parameters import parameter_range
from borderflow.results.artifacts import writing

METHOD = "ABC-SMC with MCMC moves (adaptive epsilon, equal weights, fixed batches)"


# ------------------------------------------------------------------------------- parameter space
@dataclass(frozen=True)
class Space:
    """The fitted parameters and their priors, on the natural scale `z` (log for loguniform).
    A normal prior is cut at its parameter's range (`parameter_range`)."""

    names: tuple[str, ...]
    dists: tuple[str, ...]
    a: np.ndarray  # lower bound in z (uniform, loguniform) or mean (normal)
    b: np.ndarray  # upper bound in z or sd
    lo: np.ndarray  # the values z may take: [a, b], or a normal's parameter range
    hi: np.ndarray

    @classmethod
    def from_priors(cls, priors: dict[str, Any]) -> Space:
        """The priors to fit (a prior with `fit = false` is left to the forecast's band)."""
        priors = {n: p for n, p in priors.items() if getattr(p, "fit", True)}
        if not priors:
            raise ValueError("the scenario declares no priors to fit: nothing to calibrate")
        names = tuple(sorted(priors))
        dists = tuple(priors[n].dist for n in names)
        lo = np.array([priors[n].low for n in names], dtype=float)
        hi = np.array([priors[n].high for n in names], dtype=float)
        log = np.array([d == "loguniform" for d in dists])
        zlo, zhi = libm.log(np.where(log, lo, 1.0)), libm.log(np.where(log, hi, 1.0))
        a, b = np.where(log, zlo, lo), np.where(log, zhi, hi)
        normal = np.array([d == "normal" for d in dists])
        cut = np.array([parameter_range(n) for n in names], dtype=float).reshape(-1, 2)
        return cls(names, dists, a, b, np.where(normal, cut[:, 0], a),
                   np.where(normal, cut[:, 1], b))

    @property
    def bounded(self) -> np.ndarray:
        return np.array([d != "normal" for d in self.dists])

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """`n` draws from the prior; a draw with a normal value outside its range is redrawn."""
        z = self._draw(rng, n)
        while (out := ~self.inside(z)).any():
            z[out] = self._draw(rng, int(out.sum()))
        return z

    def _draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        u = self.a + (self.b - self.a) * rng.random(size=(n, len(self.names)))
        g = self.a + np.where(self.bounded, 1.0, self.b) * rng.standard_normal(size=u.shape)
        return np.where(self.bounded, u, g)

    def inside(self, z: np.ndarray) -> np.ndarray:
        return np.all((z >= self.lo) & (z <= self.hi), axis=-1)

    def reflect(self, z: np.ndarray) -> np.ndarray:
        """z folded back into the bounds, as a mirror would (a random walk reflected at the
        bounds is still symmetric, so Metropolis-Hastings needs no correction)."""
        width = self.b - self.a
        y = np.mod(z - self.a, 2 * width)
        y = np.where(y > width, 2 * width - y, y)
        return np.where(self.bounded, self.a + y, z)

    def log_prior(self, z: np.ndarray) -> np.ndarray:
        sd = np.where(self.bounded, 1.0, self.b)
        normal = -0.5 * ((z - self.a) / sd) ** 2
        lp = np.where(self.bounded, 0.0, normal).sum(axis=-1)
        return np.where(self.inside(z), lp, -np.inf)

    def values(self, z: np.ndarray) -> np.ndarray:
        """Natural scale -> parameter values."""
        log = np.array([d == "loguniform" for d in self.dists])
        return np.where(log, libm.exp(z), z)

    def params(self, z: np.ndarray) -> dict[str, float]:
        return {n: float(v) for n, v in zip(self.names, self.values(z), strict=True)}


# ------------------------------------------------------------------------------------ generations
@dataclass
class Generation:
    """The particles of one generation (z on the natural scale; equal weights)."""

    z: np.ndarray
    weights: np.ndarray
    dist: np.ndarray
    figures: np.ndarray
    seeds: np.ndarray
    epsilon: float
    simulations: int
    acceptance: float = float("nan")  # share of proposed moves accepted (nan: generation 0)

    @property
    def unique(self) -> int:
        """Distinct parameter sets among the particles."""
        return int(len(np.unique(self.z, axis=0)))

    def save(self, path: Path) -> None:
        def write(tmp: Path) -> None:
            with open(tmp, "wb") as fh:
                arrays: dict[str, Any] = {k: np.asarray(v) for k, v in self.__dict__.items()}
                np.savez(fh, **arrays)

        write_with(path, write)

    @classmethod
    def load(cls, path: Path) -> Generation:
        """A checkpoint (ValueError naming it if it is damaged)."""
        try:
            with np.load(path) as f:
                return cls(**{k: (f[k].item() if f[k].ndim == 0 else f[k]) for k in f.files})
        except (OSError, ValueError, TypeError, EOFError, zipfile.BadZipFile) as exc:
            raise ValueError(f"{path}: damaged checkpoint ({exc}); start again without "
                             "--resume") from None


Evaluate = Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]
"""(z, seeds) -> (figures, distances) of each candidate, in order."""


def first_generation(space: Space, s: Settings, evaluate: Evaluate) -> Generation:
    """Prior draws; the `population` closest are kept."""
    z = space.sample(calibration_generator(s.seed, 0, 0), s.batch)
    seeds = calibration_seeds(s.seed, 0, s.batch)
    figures, dist = evaluate(z, seeds)
    keep = np.argsort(dist, kind="stable")[: s.population]
    n = len(keep)
    return Generation(z[keep], np.full(n, 1.0 / n), dist[keep], figures[keep], seeds[keep],
                      float(dist[keep].max()), s.batch)


def next_generation(g: int, space: Space, prev: Generation, s: Settings,
                    evaluate: Evaluate) -> Generation:
    """Tighten epsilon to the `quantile` of the distances, refill from the particles within it,
    then move every particle by Metropolis-Hastings at that epsilon."""
    eps = float(np.quantile(prev.dist, s.quantile))
    idx = refill(prev.dist, eps, calibration_generator(s.seed, g, 0))
    z, dist, figures, seeds = prev.z[idx], prev.dist[idx], prev.figures[idx], prev.seeds[idx]
    eps = max(eps, float(dist.max()))  # at least the two closest are kept
    chol = libm.cholesky(move_cov(z))
    rounds, tried, moved, ran = max(1, s.batch // len(z)), 0, 0, 0
    for r in range(1, rounds + 1):
        rng = calibration_generator(s.seed, g, r)
        cand = space.reflect(z + libm.matmul(rng.standard_normal(z.shape), chol.T))
        log_u = libm.log(rng.random(len(z)))
        go = np.flatnonzero(log_u < space.log_prior(cand) - space.log_prior(z))
        cand_seeds = calibration_seeds(s.seed, g, len(z), r)[go]
        f, d = evaluate(cand[go], cand_seeds)
        ok = d <= eps
        take = go[ok]
        z[take], dist[take], figures[take], seeds[take] = cand[go][ok], d[ok], f[ok], cand_seeds[ok]
        tried, moved, ran = tried + len(z), moved + len(take), ran + len(go)
    n = len(z)
    return Generation(z, np.full(n, 1.0 / n), dist, figures, seeds, eps, ran, moved / tried)


def refill(dist: np.ndarray, eps: float, rng: np.random.Generator) -> np.ndarray:
    """Indices of a new particle set of the same size: those within `eps` (at least the two
    closest), then copies of them drawn uniformly for the places of those beyond."""
    keep = np.flatnonzero(dist <= eps)
    if len(keep) < 2:
        keep = np.sort(np.argsort(dist, kind="stable")[:2])
    copies = keep[rng.integers(0, len(keep), size=len(dist) - len(keep))]
    return np.concatenate([keep, copies])


def move_cov(z: np.ndarray) -> np.ndarray:
    """The random walk's covariance: the particles' covariance times 2.38^2 / d (Roberts &
    Rosenthal's scaling), plus a tiny ridge."""
    d = z.shape[1]
    cov = libm.cov(z) if len(z) > 1 else np.zeros((d, d))
    return (2.38**2 / d) * cov + 1e-9 * np.eye(d)


def _evaluate(scenario: Any, days: float, targets: tuple[Target, ...],
              item: tuple[dict[str, float], int]) -> np.ndarray:
    """One candidate: (params, seed) -> figures. Top level, so executors can pickle it."""
    params, seed = item
    return run_one(scenario, params, seed, days, targets)


# ------------------------------------------------------------------------------------- the driver
@dataclass
class Settings:
    population: int = 200
    batch: int = 1000
    generations: int = 10
    quantile: float = 0.5
    seed: int = 0


def calibrate(scenario: Any, observations: str | Path, until: str, out: str | Path,
              settings: Settings | None = None, executor: Any = None, resume: bool = False,
              progress: Callable[[str, int], Callable[[int], None]] | None = None,
              trust: Mapping[int, float] | None = None) -> dict[str, Any]:
    """Fit `scenario`'s priors to the observations reported on or before `until`; write
    DIR/posterior.csv, DIR/fit.csv, DIR/calibration.json. Returns the calibration summary.
    `trust` maps file lines to a trust in [0, 1] that replaces the file's
    (`observations/load.py`)."""
    from borderflow.executors import SerialExecutor

    s = settings or Settings()
    out = Path(out)
    trust = {int(k): float(v) for k, v in (trust or {}).items()}
    obs = select(with_trust(load_observations(observations, scenario), trust, observations),
                 until)
    if obs.empty:
        raise ValueError(f"no observations reported on or before {until}")
    if not (obs["trust"] > 0).any():
        raise ValueError(f"every observation reported on or before {until} has trust 0: "
                         "nothing to fit")
    targets = build_targets(scenario, obs)
    space = Space.from_priors(scenario.priors)
    start = scenario.start.tz_localize(None)
    days = (pd.Timestamp(until).normalize() + pd.Timedelta(days=1) - start) / pd.Timedelta(days=1)
    config = _config(scenario, observations, until, days, s, space, trust)
    executor = executor or SerialExecutor()
    # Checkpoints and outputs go to a staging folder beside `out`, which replaces `out` only when
    # the calibration is complete: an earlier posterior stays whole until then, and an interrupted
    # calibration resumes from its staging folder.
    with writing(out, keep_partial=True, resume=resume) as stage:
        gens = _resume(stage, config) if resume else []
        if not resume:
            _start_fresh(stage, config)
        t0 = time.perf_counter()
        fn = partial(_evaluate, scenario, float(days), targets)
        for g in range(len(gens), s.generations):
            total = s.batch if g == 0 else max(1, s.batch // s.population) * len(gens[-1].z)
            tick = progress(f"generation {g + 1}/{s.generations}", total) if progress else None
            evaluate = _evaluator(space, targets, fn, executor, tick)
            gens.append(first_generation(space, s, evaluate) if g == 0 else
                        next_generation(g, space, gens[-1], s, evaluate))
            gens[-1].save(stage / "checkpoints" / f"gen-{g:03d}.npz")
        summary = _summary(config, gens, time.perf_counter() - t0, obs)
        _write_outputs(stage, space, gens[-1], targets, obs, summary)
    return summary


def _evaluator(space: Space, targets: tuple[Target, ...], fn: Callable, executor: Any,
               tick: Callable[[int], None] | None) -> Evaluate:
    """Candidates (z, seeds) -> (figures, distances), run through the executor in order."""
    def evaluate(z: np.ndarray, seeds: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        items = [(space.params(z[i]), int(seeds[i])) for i in range(len(z))]
        figures = np.array(executor.map(fn, items, tick), dtype=float)
        figures = figures.reshape(len(z), len(targets))
        return figures, distance(targets, figures)

    return evaluate


def _config(scenario: Any, observations: str | Path, until: str, days: float, s: Settings,
            space: Space, trust: Mapping[int, float]) -> dict[str, Any]:
    return {
        "method": METHOD, "scenario": scenario.name,
        "scenario_path": str(scenario.path) if scenario.path else None,
        "scenario_hash": scenario.files_hash, "observations": str(Path(observations).resolve()),
        "observations_hash": observations_hash(observations),
        "trust": {str(line): t for line, t in sorted(trust.items())},
        "until": str(pd.Timestamp(until).date()), "days_simulated": days,
        "settings": s.__dict__, "parameters": list(space.names),
        "priors": {n: [d, float(a), float(b)] for n, d, a, b in
                   zip(space.names, space.dists, space.a, space.b, strict=True)},
    }


def _start_fresh(out: Path, config: dict[str, Any]) -> None:
    ck = out / "checkpoints"
    ck.mkdir(parents=True, exist_ok=True)
    for old in ck.glob("gen-*.npz"):
        old.unlink()
    write_text(ck / "config.json", json.dumps(config, indent=2))


def _resume(out: Path, config: dict[str, Any]) -> list[Generation]:
    """The generations checkpointed under `out` by a calibration with the same config."""
    ck = out / "checkpoints"
    if not (ck / "config.json").exists():
        raise ValueError(f"{out}: nothing to resume (no checkpoints/config.json)")
    try:
        saved = json.loads((ck / "config.json").read_text(encoding="utf-8"))
    except ValueError as exc:
        saved = exc
    if not (isinstance(saved, dict) and isinstance(saved.get("settings"), dict)):
        raise ValueError(f"{ck / 'config.json'}: damaged (not a calibration's configuration); "
                         "start again without --resume")
    same = {k: v for k, v in config.items() if k != "settings"}
    old = {k: v for k, v in saved.items() if k != "settings"}
    fixed = ("seed", "quantile", "population", "batch")  # generations may grow; not these
    moved = [f"settings.{k}" for k in fixed if saved["settings"].get(k) != config["settings"][k]]
    if same != old or moved:
        changed = sorted(k for k in same.keys() | old.keys() if same.get(k) != old.get(k))
        changed += moved
        raise ValueError(f"{out}: checkpoints are of another calibration (differs in "
                         f"{', '.join(changed)}); start again without --resume")
    write_text(ck / "config.json", json.dumps(config, indent=2))
    files = sorted(ck.glob("gen-*.npz"))
    return [Generation.load(f) for f in files]


def _summary(config: dict[str, Any], gens: list[Generation], seconds: float,
             obs: pd.DataFrame) -> dict[str, Any]:
    return {
        **config,
        "observations_used": int(len(obs)),
        "generations": [{"epsilon": float(g.epsilon), "particles": int(len(g.weights)),
                         "unique": g.unique, "simulations": int(g.simulations),
                         "move_acceptance": None if np.isnan(g.acceptance) else
                         round(float(g.acceptance), 4)} for g in gens],
        "simulations": int(sum(g.simulations for g in gens)),
        "wall_seconds_this_run": round(seconds, 1),
    }


def _write_outputs(out: Path, space: Space, last: Generation, targets: tuple[Target, ...],
                   obs: pd.DataFrame, summary: dict[str, Any]) -> None:
    values = space.values(last.z)
    post = pd.DataFrame(values, columns=list(space.names))
    post.insert(0, "seed", last.seeds.astype(np.uint64))
    post.insert(0, "distance", last.dist)
    post.insert(0, "weight", last.weights)
    write_with(out / "posterior.csv", lambda p: post.to_csv(p, index_label="particle"))
    fit = fit_table(targets, obs, last.figures, last.weights)
    write_with(out / "fit.csv", lambda p: fit.to_csv(p, index=False))
    ident = identification(space.names, space.dists, space.a, space.b, last.z, last.weights)
    write_with(out / "identification.csv",
               lambda p: ident.to_csv(p, index=False, float_format="%.4g"))
    summary = {**summary, "moving_together": moving_together(space.names, last.z, last.weights)}
    write_text(out / "calibration.json", json.dumps(summary, indent=2, default=str))


