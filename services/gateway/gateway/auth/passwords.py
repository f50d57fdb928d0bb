"""Password hashing (argon2id) and the password policy."""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from servicekit.errors import InvalidInput

_hasher = PasswordHasher()

# A few passwords that meet the class rule yet appear on every breached list.
_COMMON = {"Password1!", "Passw0rd!", "Admin@123", "Admin123!", "P@ssw0rd", "Qwer1234!", "Abc@1234", "Aa123456!"}


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def check_policy(password: str, *, username: str, min_length: int = 8) -> None:
    """At least `min_length` characters from 3 of 4 classes, not the username, not a common one."""
    classes = sum(
        bool(re.search(p, password)) for p in (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^A-Za-z0-9]")
    )
    if len(password) < min_length:
        raise InvalidInput(f"密码长度至少 {min_length} 位", code="PASSWORD_TOO_SHORT")
    if len(password) > 128:
        raise InvalidInput("密码长度不能超过 128 位", code="PASSWORD_TOO_LONG")
    if classes < 3:
        raise InvalidInput("密码须包含大写字母、小写字母、数字、特殊字符中的至少三类", code="PASSWORD_TOO_WEAK")
    if username and username.lower() in password.lower():
        raise InvalidInput("密码不能包含用户名", code="PASSWORD_CONTAINS_USERNAME")
    if password in _COMMON:
        raise InvalidInput("该密码过于常见，请换一个", code="PASSWORD_TOO_COMMON")
