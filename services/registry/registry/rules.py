"""Rules the archive applies: who must appoint a quality-safety director.

Orders 75/76 require a director from licence and CCC holders always, and from producers and
sellers of other products under mandatory national standards when they are large or medium.
"Large or medium" here is the OR test on the lower bounds of 附件4's B grade for each unit
type (the grading service owns the full rule sets; this is the one test the archive needs).
"""

from __future__ import annotations

from decimal import Decimal

# unit type → (employees lower bound, revenue lower bound in 万元)
LARGE_OR_MEDIUM_BOUNDS: dict[str, tuple[int, Decimal]] = {
    "production": (300, Decimal(2000)),
    "wholesale": (20, Decimal(5000)),
    "retail": (50, Decimal(500)),
}


def large_or_medium(unit_types: list[str], employees: int | None, revenue_wan: Decimal | None) -> bool:
    for unit_type in unit_types:
        x_min, y_min = LARGE_OR_MEDIUM_BOUNDS[unit_type]
        if (employees is not None and employees >= x_min) or (revenue_wan is not None and revenue_wan >= y_min):
            return True
    return False


def director_required(
    scopes: set[str], unit_types: list[str], employees: int | None, revenue_wan: Decimal | None
) -> bool:
    if scopes & {"licence", "ccc"}:
        return True
    if "mandatory_standard" in scopes:
        return large_or_medium(unit_types, employees, revenue_wan)
    return False
