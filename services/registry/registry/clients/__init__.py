"""Typed clients of the services the registry reads (none yet)."""
