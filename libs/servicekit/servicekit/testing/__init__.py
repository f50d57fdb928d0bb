"""Test support for services: see servicekit.testing.plugin (a pytest plugin)."""

from servicekit.testing.dashboard import read_dashboard, refresh_dashboard
from servicekit.testing.plugin import AuthHelper, ServiceUnderTest

__all__ = ["AuthHelper", "ServiceUnderTest", "read_dashboard", "refresh_dashboard"]
