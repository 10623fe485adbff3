"""Smoke tests of the benchmarks' own parts (no timing): the hand-written app answers
like the generated one, and the query counter counts."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from bench.app_throughput import ADMIN_EMAIL, ADMIN_PASSWORD, code_for, probe, seed_products
from bench.queries import count_queries

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx`")


@pytest.fixture(scope="module")
def password_hash() -> str:
    from bench.handwritten.app import password_hash

    return password_hash.hash(ADMIN_PASSWORD)


@pytest.fixture
def handwritten(tmp_path: Path, password_hash: str) -> Iterator[tuple[object, dict[str, str]]]:
    """A TestClient of the hand-written app on a fresh SQLite file with 200 products;
    the tokens of an admin and a customer."""
    from fastapi.testclient import TestClient

    from bench.handwritten import app as module

    database = tmp_path / "handwritten.db"
    engine = sa.create_engine(f"sqlite:///{database}", connect_args={"check_same_thread": False})
    module.Model.metadata.create_all(engine)
    seed_products(database)
    with Session(engine) as session:
        for email, role in ((ADMIN_EMAIL, "admin"), ("ann@example.com", "customer")):
            session.add(module.User(email=email, name=role, role=role, password_hash=password_hash))
        session.commit()

    def get_session() -> Iterator[Session]:
        with Session(engine) as session:
            yield session

    module.app.dependency_overrides[module.get_session] = get_session
    try:
        with TestClient(module.app) as client:
            form = {"username": ADMIN_EMAIL, "password": ADMIN_PASSWORD}
            response = client.post("/api/auth/token", data=form)
            assert response.status_code == 200, response.text
            tokens = {ADMIN_EMAIL: response.json()["access_token"]}
            tokens["ann@example.com"] = module.create_token(2)
            yield client, tokens
    finally:
        module.app.dependency_overrides.clear()
        engine.dispose()


def test_handwritten_app_answers_list_get_and_create(handwritten) -> None:
    client, tokens = handwritten
    results = probe(client, tokens[ADMIN_EMAIL])
    statuses = {case: result["status"] for case, result in results.items()}
    assert statuses == {
        "list": 200,
        "list active": 200,
        "list bad limit": 422,
        "list anonymous": 401,
        "list bad token": 401,
        "get": 200,
        "get missing": 404,
        "create": 201,
        "create duplicate name": 422,
        "create duplicate code": 422,
        "create bad code": 422,
        "create blank name": 422,
        "create bad email": 422,
        "create bad homepage": 422,
        "create missing field": 422,
        "create not bool": 422,
    }
    page = client.get("/api/products?limit=20", headers=_auth(tokens[ADMIN_EMAIL])).json()
    assert page["count"] == 201 and len(page["data"]) == 20
    assert set(page["data"][0]) == {
        "id",
        "name",
        "code",
        "active",
        "homepage",
        "support_email",
        "created_at",
        "updated_at",
    }
    assert page["data"][0]["created_at"].endswith(("Z", "+00:00"))


def test_handwritten_app_lets_every_role_read_and_only_admins_create(handwritten) -> None:
    client, tokens = handwritten
    customer = _auth(tokens["ann@example.com"])
    assert client.get("/api/products/3", headers=customer).status_code == 200
    body = {"name": "Scanner", "code": "SCN", "support_email": "s@example.com"}
    response = client.post("/api/products", json=body, headers=customer)
    assert response.status_code == 403
    assert response.json() == {"detail": "You may not create products"}


def test_handwritten_app_answers_like_the_generated_one(handwritten) -> None:
    client, tokens = handwritten
    mine = probe(client, tokens[ADMIN_EMAIL])
    command = [sys.executable, str(ROOT / "bench" / "app_throughput.py"), "_probe"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    generated = json.loads(done.stdout)
    assert generated == json.loads(json.dumps(mine))


def test_query_counter_counts_statements_inside_the_block_only() -> None:
    engine = sa.create_engine("sqlite://")
    with engine.connect() as connection:
        connection.execute(sa.text("CREATE TABLE t (x INTEGER)"))
        with count_queries(engine) as log:
            connection.execute(sa.text("INSERT INTO t VALUES (1)"))
            connection.execute(sa.text("INSERT INTO t VALUES (2)"))
            connection.execute(sa.text("SELECT   x\n FROM t"))
        connection.execute(sa.text("SELECT 1"))
    assert log.count == 3
    assert log.statements[-1] == "SELECT x FROM t"


def test_product_codes_are_distinct_and_match_the_spec_pattern() -> None:
    codes = [code_for(i) for i in range(26**3)]
    assert len(set(codes)) == 26**3
    assert all(len(c) == 3 and c.isalpha() and c.isupper() for c in codes)


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
