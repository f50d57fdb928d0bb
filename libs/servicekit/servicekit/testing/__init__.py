"""Test support for services: see servicekit.testing.plugin (a pytest plugin)."""

from servicekit.testing.plugin import AuthHelper, ServiceUnderTest

__all__ = ["AuthHelper", "ServiceUnderTest"]
