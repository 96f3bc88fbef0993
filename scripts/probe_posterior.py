"""Probe a calibration's final particles: how noisy the fit is, and what moves it.

    python scripts/probe_posterior.py noise CAL_DIR --particles 131,87 --reps 16
    python scripts/probe_posterior.py sweep CAL_DIR --particle 69 \\
        --set '{"capacity_scale.Kazakhstan": 0.45}' --set '{"nest_scale": 0.8}'
    python scripts/probe_posterior.py pull CAL_DIR --line 36

`noise` re-runs particles of the last generation with other seeds: the spread of the distance and
of each report's figure at fixed parameters. `sweep` re-runs one particle (its own seed) with
parameters overridden: the distance, each place's share of it and each report's relative error
(`--any` also sets parameters the calibration did not fit, e.g. a new place's scale).
`pull` asks which reports hold one report's figure where it is: over the last generation's
particles (their stored figures, no new runs), the rank correlation of that figure with each other
report's penalty. A report whose penalty falls as the figure rises pulls it up (rho < 0), and
by how much it counts is rho x its share of the distance x the spread of its penalty.
The distance is the calibration's: the trust it was run with (calibration.json) applies.
Options: --scenario (default: the calibration's), --observations and --until (default: the
calibration's). Benchmarks section 9 quotes noise and sweep, section 22 pull.
"""

from __future__ import annotations

import argparse
import json
from functools import partial
from pathlib import Path

import numpy as np

from borderflow.calibration.abc import Generation, Space, _evaluate
from borderflow.cli.common import load_or_exit as _load
from borderflow.executors import make_executor
from borderflow.observations.load import load_observations, with_trust
from borderflow.observations.targets import build_targets, distance, select


def setup(args: argparse.Namespace):
    cal = Path(args.calibration)
    config = json.loads((cal / "checkpoints" / "config.json").read_text(encoding="utf-8"))
    scenario = _load(args.scenario or config["scenario_path"] or config["scenario"])
    path = args.observations or config["observations"]
    trust = {int(line): t for line, t in config.get("trust", {}).items()}  # as calibrated
    obs = select(with_trust(load_observations(path, scenario), trust, path),
                 args.until or config["until"])
    targets = build_targets(scenario, obs)
    last = sorted((cal / "checkpoints").glob("gen-*.npz"))[-1]
    run = partial(_evaluate, scenario, float(config["days_simulated"]), targets)
    places = obs["place"].where(obs["kind"] != "national", "all").to_numpy()
    return Space.from_priors(scenario.priors), Generation.load(last), targets, run, places


def relative(targets, figures: np.ndarray) -> np.ndarray:
    points = np.array([t.point() for t in targets])
    with np.errstate(divide="ignore", invalid="ignore"):
        return figures / points - 1


def noise(args: argparse.Namespace) -> None:
    space, gen, targets, run, _ = setup(args)
    picks = [int(i) for i in args.particles.split(",")]
    items = [(space.params(gen.z[i]), 10_000 + k) for i in picks for k in range(args.reps)]
    with make_executor("processes", None) as ex:
        figures = np.array(ex.map(run, items, None)).reshape(len(picks), args.reps, -1)
    for i, f in zip(picks, figures, strict=True):
        d = distance(targets, f)
        print(f"particle {i}: distance {gen.dist[i]:.3f} in the calibration; {args.reps} other "
              f"seeds: mean {d.mean():.3f}, sd {d.std():.3f}, range {d.min():.3f}-{d.max():.3f}")
        err = relative(targets, f)
        for k, t in enumerate(targets):
            print(f"   line {t.line:>3} {t.label():<60} sd of relative error "
                  f"{np.nanstd(err[:, k]):.3f}")


def sweep(args: argparse.Namespace) -> None:
    space, gen, targets, run, places = setup(args)
    base = space.params(gen.z[args.particle])
    changes = [{}] + [json.loads(s) for s in args.set]
    unknown = {k for c in changes for k in c} - set(base)
    if unknown and not args.any:
        raise SystemExit(f"--set: not a fitted parameter: {', '.join(sorted(unknown))} "
                         "(--any sets it all the same)")
    items = [({**base, **c}, int(gen.seeds[args.particle])) for c in changes]
    with make_executor("processes", None) as ex:
        figures = np.array(ex.map(run, items, None))
    d = distance(targets, figures)
    w = np.array([t.weight for t in targets])
    share = np.stack([t.penalty(figures[:, k]) for k, t in enumerate(targets)], 1) * w / w.sum()
    err = relative(targets, figures)
    for j, c in enumerate(changes):
        by_place = " ".join(f"{p}={share[j, places == p].sum():.3f}" for p in sorted(set(places)))
        print(f"{json.dumps(c) if c else 'as calibrated'}: distance {d[j]:.3f} ({by_place})")
        print("   " + " ".join(f"{t.line}:{err[j, k]:+.2f}" for k, t in enumerate(targets)))


def pulls(targets, figures: np.ndarray, line: int) -> list[tuple[float, float, int]]:
    """(strength, rho, line) for each other report whose penalty varies over the particles,
    strongest upward pull first: rho is the rank correlation of report `line`'s figure with the
    other's penalty, strength rho x its weight share x the penalty's spread."""
    lines = [t.line for t in targets]
    if line not in lines:
        raise SystemExit(f"--line {line}: no report on that line (lines: {lines})")
    x = _ranks(figures[:, lines.index(line)])
    if np.ptp(x) == 0:  # the figure never moves: nothing to correlate with
        return []
    w = np.array([t.weight for t in targets])
    out = []
    for k, t in enumerate(targets):
        pen = t.penalty(figures[:, k])
        if t.line == line or np.ptp(pen) == 0:
            continue
        rho = float(np.corrcoef(x, _ranks(pen))[0, 1])
        out.append((rho * w[k] / w.sum() * float(pen.std()), rho, t.line))
    return sorted(out)


def _ranks(a: np.ndarray) -> np.ndarray:
    """Average ranks (ties share theirs), for a Spearman correlation."""
    _, inverse, counts = np.unique(a, return_inverse=True, return_counts=True)
    return (np.cumsum(counts) - (counts - 1) / 2.0)[inverse]


def pull(args: argparse.Namespace) -> None:
    _, gen, targets, _, _ = setup(args)
    found = pulls(targets, gen.figures, args.line)  # checks the line before printing
    labels = {t.line: t.label() for t in targets}
    print(f"line {args.line} {labels[args.line]}: over {len(gen.dist)} particles")
    for strength, rho, line in found:
        way = "up" if rho < 0 else "down"
        print(f"   line {line:>3} {labels[line]:<60} rho {rho:+.2f} pulls {way} "
              f"{abs(strength):.4f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("noise", "sweep", "pull"):
        p = sub.add_parser(name)
        p.add_argument("calibration")
        p.add_argument("--scenario")
        p.add_argument("--observations")
        p.add_argument("--until")
    sub.choices["noise"].add_argument("--particles", required=True)
    sub.choices["noise"].add_argument("--reps", type=int, default=16)
    sub.choices["sweep"].add_argument("--particle", type=int, required=True)
    sub.choices["sweep"].add_argument("--set", action="append", default=[])
    sub.choices["sweep"].add_argument("--any", action="store_true",
                                      help="allow parameters the calibration did not fit")
    sub.choices["pull"].add_argument("--line", type=int, required=True)
    args = parser.parse_args()
    {"noise": noise, "sweep": sweep, "pull": pull}[args.command](args)


if __name__ == "__main__":
    main()
