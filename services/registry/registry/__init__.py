"""Registry service: the subject archive (F2)."""
