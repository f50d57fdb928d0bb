"""A tiny service built on servicekit, used only by servicekit's own tests."""
