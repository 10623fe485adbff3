"""Shared helpers for tests against real components (PostgreSQL, a running app)."""
