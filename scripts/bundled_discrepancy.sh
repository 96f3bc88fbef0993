#!/usr/bin/env bash
# Rebuild russia-2022's discrepancy.json (the model's error against reports and the band's shape,
# which `forecast --error auto` applies) from a backtest on the shared observations.
# About 11 min on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
OBS=${1:-../shared/data/observations-to-2022-09-27.csv}
OUT=$(mktemp -d)
borderflow backtest russia-2022 --observations "$OBS" \
    --cutoffs 2022-09-22,2022-09-23,2022-09-24,2022-09-25 --days 5 --out "$OUT/bt"
python - "$OUT/bt/discrepancy.json" <<'PY'
import json, sys
from pathlib import Path
d = json.loads(Path(sys.argv[1]).read_text())
d["source"] = ("out-of-sample residuals of `borderflow backtest russia-2022 --observations "
               "observations-to-2022-09-27.csv --cutoffs 2022-09-22,2022-09-23,2022-09-24,"
               f"2022-09-25 --days 5` (seed 0, 10 x 1,000 simulations, 200 members): "
               f"{d['residuals']} residuals and {d['depths']} depths of point reports; an "
               "ESTIMATE of the model's error against reports and of its band's shape, "
               "rebuilt by scripts/bundled_discrepancy.sh")
target = Path("src/borderflow/scenario/bundled/russia-2022/discrepancy.json")
target.write_text(json.dumps(d, indent=2) + "\n")
print(f"wrote {target}")
PY
