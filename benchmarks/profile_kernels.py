"""Where a forecast member's time goes inside the numba kernels, by instruction.

`perf` samples numba's JIT code but cannot name it. This script compiles the kernels afresh (in a
temporary cache, ~40 s: only a fresh compile keeps their object code, which numba's
non-public `_get_compiled_object` hands over), writes /tmp/perf-<pid>.map (each kernel's
functions at the addresses they were loaded to, so that `perf report` names them), keeps each
kernel's object code, then runs russia-2022 members drawn from the posterior, to 11 Oct 2022 as
the README's forecast does:

    perf record -e cpu-clock -F 4000 -o perf.data \\
        python benchmarks/profile_kernels.py POSTERIOR_DIR --members 25 --out prof
    perf report -i perf.data --no-children --sort sym | grep ":"  # each kernel:function share
    perf script -i perf.data -F ip | sort | uniq -c > prof/ips.txt
    python benchmarks/profile_kernels.py --annotate route_leavers --out prof  # hot instructions

The annotation maps each sampled address back to its offset in the kernel's object code and
prints `objdump -d` of it with the samples per instruction (a sample often lands just after the
instruction that waited). The compile's samples are in perf.data too: compare kernels' shares.
"""

from __future__ import annotations

import argparse
import bisect
import os
import re
import subprocess
import tempfile
from collections import Counter
from pathlib import Path


def run(posterior: str, members: int, out: Path) -> None:
    os.environ["NUMBA_CACHE_DIR"] = tempfile.mkdtemp(prefix="borderflow-numba-")
    import pandas as pd

    import borderflow
    from borderflow.forecasting import ensemble as F

    scenario = borderflow.load_scenario("russia-2022")
    params, seeds = F.draw_members(F.read_posterior(posterior, scenario), members + 1, 0)
    days = (pd.Timestamp("2022-10-12") - scenario.start.tz_localize(None)) / pd.Timedelta(days=1)
    F.run_member(scenario, days, (params[0], int(seeds[0])))  # compiles every kernel
    symbols = kernel_symbols(out)
    with open(f"/tmp/perf-{os.getpid()}.map", "w") as f:
        f.writelines(f"{a:x} {size:x} {name}\n" for a, size, _, name, _ in symbols)
    with open(out / "symbols.txt", "w") as f:
        f.writelines(f"{a:x} {size:x} {off:x} {name} {obj}\n"
                     for a, size, off, name, obj in symbols)
    for i in range(1, members + 1):
        F.run_member(scenario, days, (params[i], int(seeds[i])))
    print(f"{members} members run; symbols of {len(symbols)} functions in {out}")


def kernel_symbols(out: Path) -> list[tuple[int, int, int, str, str]]:
    """(address, size, offset in its object, kernel:function, object file) of the code of every
    compiled kernel of `engine.kernels` (each kernel's library holds copies of what it calls)."""
    import importlib
    import pkgutil

    from numba.core.registry import CPUDispatcher

    import borderflow.engine.kernels as package

    kernels = {}
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        kernels.update({k: getattr(module, k) for k in dir(module)})
    symbols = []
    for kernel, disp in sorted(kernels.items()):
        if not isinstance(disp, CPUDispatcher):
            continue
        for cres in disp.overloads.values():
            lib = cres.library
            obj = out / f"{kernel}.o"
            obj.write_bytes(lib._get_compiled_object())
            listing = subprocess.run(["nm", "-S", "--defined-only", str(obj)], check=True,
                                     capture_output=True, text=True).stdout
            funcs = [(int(o, 16), int(s, 16), n, k) for o, s, k, n in
                     (line.split() for line in listing.splitlines() if len(line.split()) == 4)
                     if k in "tTwW"]
            base = next((lib.get_pointer_to_function(n) - o for o, _, n, k in funcs
                         if k == "T" and lib.get_pointer_to_function(n)), None)
            if base is None:
                continue
            for off, size, name, _ in funcs:
                short = re.sub(r"B\d+v\d+.*", "", name)[-40:]
                symbols.append((base + off, size, off, f"{kernel}:{short}", str(obj)))
    return sorted(symbols)


def annotate(kernel: str, out: Path, top: int) -> None:
    """The hottest instructions of `kernel`'s own function, from out/ips.txt."""
    symbols = []
    for line in (out / "symbols.txt").read_text().splitlines():
        a, size, off, name, obj = line.split()
        symbols.append((int(a, 16), int(size, 16), int(off, 16), name, obj))
    starts = [s[0] for s in symbols]
    hits: dict[str, Counter] = {}  # object file -> samples by offset (a function may run from
    for line in (out / "ips.txt").read_text().splitlines():  # the copy of another kernel)
        count, ip = line.split()
        ip = int(ip, 16)
        i = bisect.bisect_right(starts, ip) - 1
        if i < 0:
            continue
        a, size, off, name, obj = symbols[i]
        if ip < a + size and name.split(":")[1].endswith(kernel):
            hits.setdefault(obj, Counter())[off + ip - a] += int(count)
    if not hits:
        raise SystemExit(f"no samples in {kernel}")
    obj_file = max(hits, key=lambda o: sum(hits[o].values()))
    hits = hits[obj_file]
    listing = subprocess.run(["objdump", "-d", "--no-show-raw-insn", obj_file], check=True,
                             capture_output=True, text=True).stdout
    rows = []
    for line in listing.splitlines():
        head = line.split(":")[0].strip()
        if re.fullmatch(r"[0-9a-f]+", head):
            text = re.sub(r"<_ZN[^>]*>", "", line.strip())
            rows.append((hits.get(int(head, 16), 0), text))
    total = sum(hits.values())
    print(f"{kernel}: {total} samples")
    for count, text in sorted(rows, key=lambda r: -r[0])[:top]:
        print(f"{count:6d} {100 * count / total:5.1f}%  {text}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("posterior", nargs="?", help="a calibration directory (posterior.csv)")
    ap.add_argument("--members", type=int, default=25)
    ap.add_argument("--out", type=Path, default=Path("prof"))
    ap.add_argument("--annotate", metavar="KERNEL", help="print KERNEL's hottest instructions")
    ap.add_argument("--top", type=int, default=40)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.annotate:
        annotate(args.annotate, args.out, args.top)
    elif args.posterior:
        run(args.posterior, args.members, args.out)
    else:
        ap.error("give a posterior directory, or --annotate KERNEL")


if __name__ == "__main__":
    main()
