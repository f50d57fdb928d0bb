"""Realistic synthetic enterprises over Tibet's 74 counties: Chinese names, valid credit codes,
unit types, sizes, key-category tags. Deterministic for a given seed."""

from __future__ import annotations

import csv
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DIVISIONS = REPO / "services" / "gateway" / "gateway" / "reference" / "tibet_divisions.csv"
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

PLACES = ["拉萨", "日喀则", "昌都", "林芝", "山南", "那曲", "阿里", "西藏", "藏东", "雪域", "高原", "圣城", "珠峰",
          "雅鲁藏布", "纳木错", "羊卓", "布达拉", "念青", "冈底斯", "唐古拉", "尼洋河", "拉鲁", "墨脱", "扎什伦布", "江孜"]
WORDS = ["天成", "吉祥", "扎西", "格桑", "德吉", "卓玛", "隆达", "圣地", "金珠", "白玛", "雪莲", "康桑", "宏源", "鑫达",
         "兴旺", "安泰", "顺通", "嘉华", "宇航", "恒通", "瑞丰", "昌盛", "利民", "聚源", "阳光", "绿洲", "华信"]
TRADES = [("燃气具", "gas_appliance"), ("电动车", "e_bike"), ("消防器材", "fire_product"), ("烟花爆竹", "fireworks"),
          ("成品油", "refined_oil"), ("建材", None), ("电线电缆", None), ("五金", None), ("家电", None), ("水泥", None),
          ("钢材", None), ("日用品", None), ("农资", None), ("化工", None), ("食品包装", None), ("服装", None),
          ("电器", None), ("轮胎", None), ("太阳能", None), ("矿泉水", None)]
SUFFIXES = [("有限公司", "91"), ("有限责任公司", "91"), ("经营部", "92"), ("商行", "92"), ("门市部", "92"),
            ("销售中心", "91"), ("加油站", "91"), ("厂", "91"), ("批发部", "92"), ("专卖店", "92")]


def credit_code(rng: random.Random, prefix: str, division: str) -> str:
    body = prefix + division + "".join(rng.choice(ALPHABET) for _ in range(9))
    total = sum(ALPHABET.index(c) * w for c, w in zip(body, WEIGHTS, strict=True))
    return body + ALPHABET[(31 - total % 31) % 31]


@dataclass
class County:
    code: str
    name: str
    path: str
    weight: float


def counties() -> list[County]:
    rows = list(csv.DictReader(DIVISIONS.open(encoding="utf-8")))
    out = []
    for r in rows:
        if r["level"] != "county":
            continue
        # Lhasa's and Shigatse's urban districts hold far more businesses than herding counties.
        weight = 12.0 if r["code"] in ("540102", "540103", "540202", "540302", "540402", "540502") else (
            3.0 if r["parent_code"] in ("540100", "540200") else 1.0)
        out.append(County(r["code"], r["name"], f"540000/{r['parent_code']}/{r['code']}", weight))
    return out


def units(n: int, *, seed: int = 20231, station_count: int = 2) -> Iterator[dict[str, object]]:
    """n enterprises as dicts of the enterprise table's columns (without computed ones)."""
    rng = random.Random(seed)
    cs = counties()
    weights = [c.weight for c in cs]
    seen: set[str] = set()
    for i in range(n):
        county = rng.choices(cs, weights)[0]
        trade, tag = rng.choice(TRADES)
        suffix, prefix = rng.choice(SUFFIXES)
        name = f"{rng.choice(PLACES)}{rng.choice(WORDS)}{trade}{suffix}"
        code = credit_code(rng, prefix, county.code)
        while code in seen:
            code = credit_code(rng, prefix, county.code)
        seen.add(code)
        station = f"{county.code}-{rng.randint(1, station_count):02d}" if rng.random() < 0.7 else None
        size = rng.random()
        employees = int(rng.paretovariate(1.3) * 3) if size < 0.97 else rng.randint(300, 3000)
        revenue = Decimal(int(rng.paretovariate(1.2) * 40)) if size < 0.97 else Decimal(rng.randint(2000, 60000))
        types = ["production"] if suffix == "厂" else rng.choice([["retail"], ["wholesale"], ["wholesale", "retail"],
                                                                    ["retail"], ["production", "wholesale"]])
        yield {
            "id": uuid.UUID(int=rng.getrandbits(128), version=4), "credit_code": code, "credit_code_check_ok": True,
            "name": name if i % 97 else f"{county.name}{name}", "unit_types": types, "is_individual": prefix == "92",
            "division_code": county.code, "station_code": station,
            "org_path": f"{county.path}/{station}" if station else county.path,
            "employees": employees, "revenue_wan": revenue, "size_year": 2025,
            "key_tags": [tag] if tag else [], "entry_reason": "摸底调查", "archive_status": "archived",
            "status": "normal" if rng.random() < 0.93 else rng.choice(["suspended", "deregistered", "lost_contact"]),
        }
