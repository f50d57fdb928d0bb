"""Typed clients of the services audit reads."""
