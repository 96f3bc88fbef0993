"""Write src/borderflow/report/country_outlines.geojson, the country outlines the report's map
draws, and src/borderflow/assistance/countries.csv, country name -> ISO 3166-1 alpha-3 code
(the exports' #country+code; Natural Earth's -99 for Kosovo becomes the user-assigned XKX).

Source: Natural Earth, 1:110m Cultural Vectors, Admin 0 - Countries (public domain,
naturalearthdata.com), as shipped in the geopandas 0.14.4 wheel (datasets/naturalearth_lowres,
WGS 84). Coordinates are rounded to 0.01 degree (about 1 km, far below the 1:110m scale's own
accuracy). Rerun to regenerate; it needs pyshp and the wheel:

    pip download geopandas==0.14.4 --no-deps -d /tmp/ne && cd /tmp/ne
    unzip geopandas-0.14.4-py3-none-any.whl 'geopandas/datasets/*'
    pip install pyshp
    python scripts/make_country_outlines.py /tmp/ne/geopandas/datasets/naturalearth_lowres
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src/borderflow/report/country_outlines.geojson"
CODES = Path(__file__).resolve().parents[1] / "src/borderflow/assistance/countries.csv"
NO_CODE = {"Kosovo": "XKX"}  # Natural Earth gives -99
SOURCE = (
    "Natural Earth 1:110m Cultural Vectors, Admin 0 - Countries (public domain, "
    "naturalearthdata.com), as shipped in geopandas 0.14.4 (datasets/naturalearth_lowres); "
    "coordinates rounded to 0.01 degree. Made by scripts/make_country_outlines.py."
)


def rings(shape) -> list[list[list[float]]]:
    """The shape's rings (outer and holes alike: the map draws them as lines)."""
    bounds = list(shape.parts) + [len(shape.points)]
    return [
        [[round(x, 2), round(y, 2)] for x, y in shape.points[a:b]]
        for a, b in zip(bounds[:-1], bounds[1:], strict=True)
    ]


def main(folder: str) -> None:
    import shapefile  # pyshp

    reader = shapefile.Reader(str(Path(folder) / "naturalearth_lowres"))
    features = [
        {
            "type": "Feature",
            "properties": {"name": rec["name"], "iso_a3": rec["iso_a3"]},
            "geometry": {"type": "MultiLineString", "coordinates": rings(shape)},
        }
        for shape, rec in zip(reader.shapes(), reader.records(), strict=True)
    ]
    doc = {"type": "FeatureCollection", "source": SOURCE, "features": features}
    tmp = OUT.with_suffix(".tmp")
    tmp.write_text(json.dumps(doc, separators=(",", ":")) + "\n")
    tmp.replace(OUT)
    print(f"{OUT}: {len(features)} countries, {OUT.stat().st_size / 1e3:.0f} kB")
    codes = sorted({(f["properties"]["name"], f["properties"]["iso_a3"]) for f in features})
    lines = ["name,iso3"] + [f"{n},{NO_CODE.get(n, c)}" for n, c in codes]
    CODES.with_suffix(".tmp").write_text("\n".join(lines) + "\n")
    CODES.with_suffix(".tmp").replace(CODES)


if __name__ == "__main__":
    main(sys.argv[1])
