"""Fixtures of the integration tests, shared from `tests/support`."""

from tests.support.postgres import postgres_database, postgres_url

__all__ = ["postgres_database", "postgres_url"]
