"""Typed clients of the services inspection reads."""
