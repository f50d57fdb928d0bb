"""统一社会信用代码 (GB 32100-2015): 18 characters, alphabet without I O S V Z, weighted check.

Some early codes fail the check digit; those are accepted with a warning, never rejected.
Wrong length or alphabet is rejected.
"""

from __future__ import annotations

from dataclasses import dataclass

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUES = {ch: i for i, ch in enumerate(ALPHABET)}


@dataclass(frozen=True)
class CreditCodeCheck:
    code: str
    check_digit_ok: bool
    expected_check: str


class CreditCodeError(ValueError):
    """Malformed code: the message is for people (Chinese)."""


def normalise(raw: str) -> str:
    return raw.strip().upper().replace(" ", "")


def check_char(first17: str) -> str:
    total = sum(_VALUES[ch] * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def validate(raw: str) -> CreditCodeCheck:
    """Reject a malformed code; report (not reject) a wrong check digit."""
    code = normalise(raw)
    if len(code) != 18:
        raise CreditCodeError(f"统一社会信用代码应为 18 位，当前为 {len(code)} 位")
    bad = sorted({ch for ch in code if ch not in _VALUES})
    if bad:
        raise CreditCodeError(f"统一社会信用代码含有不允许的字符：{'、'.join(bad)}（不使用 I、O、S、V、Z）")
    expected = check_char(code[:17])
    return CreditCodeCheck(code=code, check_digit_ok=code[17] == expected, expected_check=expected)
