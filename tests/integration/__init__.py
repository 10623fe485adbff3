"""Tests against real components: PostgreSQL, a running app under schemathesis."""
