"""Typed clients of the services grading reads."""
