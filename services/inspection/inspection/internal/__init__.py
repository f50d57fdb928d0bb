"""Routes other platform services call with a service token (/internal/...)."""
