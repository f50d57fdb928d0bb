"""Permission codes per role: the frontend builds its menus from them; services check roles."""

from __future__ import annotations

_REGULATOR = {
    "dashboard:view", "org:read", "archive:read", "archive:write", "grading:read",
    "inspection:read", "inspection:execute", "reminders:read",
}

ROLE_PERMISSIONS: dict[str, set[str]] = {
    "region_admin": _REGULATOR | {"users:manage", "login-audit:read", "audit:read", "audit:write",
                                  "rules:manage", "national:push"},
    "region_officer": _REGULATOR | {"audit:read", "audit:write", "national:push"},
    "prefecture_officer": _REGULATOR | {"audit:read", "audit:write", "archive:file"},
    "county_officer": _REGULATOR | {"audit:read", "audit:write"},
    "station_inspector": _REGULATOR | {"audit:read"},  # answers 督办文书 and 议定事项 addressed to it
    "enterprise_user": {"enterprise:portal", "reminders:read"},
    "api_client": {"national:api"},
}


def permissions_for(roles: list[str]) -> list[str]:
    out: set[str] = set()
    for role in roles:
        out |= ROLE_PERMISSIONS.get(role, set())
    return sorted(out)
