"""The home-page dashboard (F6), composed from the four services' precomputed figures."""
