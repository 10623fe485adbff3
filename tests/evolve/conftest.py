"""Fixtures of the evolution tests: a throwaway PostgreSQL (tests/support/postgres.py)."""

from tests.support.postgres import postgres_database, postgres_url

__all__ = ["postgres_database", "postgres_url"]
