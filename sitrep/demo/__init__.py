"""The `make run` demo: fixture feeds on loopback, one full cycle, search and alerts shown."""
