"""Bundle a calibration of russia-2022 as the scenario's own posterior (`posterior/`), which
`borderflow forecast` uses when no --posterior is given.

    borderflow calibrate russia-2022 --observations ../shared/data/observations-to-2022-09-27.csv \\
        --until 2022-09-27 --out cal/ --seed 0
    python scripts/bundled_posterior.py cal/

Copies posterior.csv, fit.csv and identification.csv, and writes provenance.json: the
observations file's name and sha256, the cut-off, the seed and the settings (no machine paths).
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

TARGET = (Path(__file__).resolve().parents[1] / "src" / "borderflow" / "scenario" / "bundled"
          / "russia-2022" / "posterior")


def main(calibration: Path) -> None:
    summary = json.loads((calibration / "calibration.json").read_text(encoding="utf-8"))
    TARGET.mkdir(parents=True, exist_ok=True)
    for name in ("posterior.csv", "fit.csv", "identification.csv"):
        shutil.copyfile(calibration / name, TARGET / name)
    provenance = {
        "what": "the posterior of russia-2022 fitted to the reports known by the cut-off",
        "observations": Path(summary["observations"]).name,
        "observations_sha256": summary["observations_hash"],
        "until": summary["until"], "method": summary["method"],
        "settings": summary["settings"], "simulations": summary["simulations"],
        "final_epsilon": summary["generations"][-1]["epsilon"],
        "rebuild": "borderflow calibrate russia-2022 --observations "
                   f"{Path(summary['observations']).name} --until {summary['until']} "
                   f"--out cal/ --seed {summary['settings']['seed']}; "
                   "python scripts/bundled_posterior.py cal/",
    }
    (TARGET / "provenance.json").write_text(json.dumps(provenance, indent=2) + "\n",
                                            encoding="utf-8")
    print(f"bundled {calibration} as {TARGET}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
