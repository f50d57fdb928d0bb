"""The regulators' org tree as the gateway serves it, built from the GB/T 2260 reference file.

Services' tests use it in place of the gateway: the reference counties, 拉萨经开区 and three
stations under each county (codes `<county>-01` … `-03`).
"""

from __future__ import annotations

import csv
from pathlib import Path

from servicekit.orgs import OrgNode

REPO = Path(__file__).resolve().parents[4]
DIVISIONS = REPO / "services" / "gateway" / "gateway" / "reference" / "tibet_divisions.csv"


def reference_org_nodes(divisions: Path = DIVISIONS) -> list[OrgNode]:
    nodes: dict[str, OrgNode] = {}
    with divisions.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            parent = nodes.get(row["parent_code"])
            path = f"{parent.path}/{row['code']}" if parent else row["code"]
            level = {"province": "region"}.get(row["level"], row["level"])
            nodes[row["code"]] = OrgNode(row["code"], row["name"] + "市场监督管理局", row["name"], level, path,
                                         row["parent_code"] or None)
    edz = OrgNode("540171", "拉萨经济技术开发区市场监督管理局", "拉萨经开区", "prefecture", "540000/540171", "540000")
    nodes[edz.code] = edz
    for county in [n for n in nodes.values() if n.level == "county"]:
        for i in (1, 2, 3):
            code = f"{county.code}-{i:02d}"
            nodes[code] = OrgNode(code, f"{county.short_name}第{i}市场监督管理所", None, "station",
                                  f"{county.path}/{code}", county.code)
    return list(nodes.values())
