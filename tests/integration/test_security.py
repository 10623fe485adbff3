"""The security policy of the generated app, against the helpdesk example served by uvicorn.

One server (migrated SQLite, an admin) serves most checks; start-up checks start their
own. Every check here failed on the app before issue 10 (a fixed development key, no
`exp` required, no throttle, no headers, 500 on NUL bytes and lone surrogates, the
offset of a time dropped on SQLite, no start-up check, `/healthz` 200 on an empty
database). `test_security_checks_fail_on_a_weakened_app` shows that the generated
app's own security tests fail when a protection is taken out.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import jwt
import pytest

from tests.support.app_server import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    SECRET_KEY,
    App,
    app_env,
    copy_app,
    free_port,
    running_app,
    start_server,
    stop,
    wait_until_up,
)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "helpdesk"
SEED_ROWS = [
    ("/api/tags", {"name": "bug", "color": "#ff0000"}),
    ("/api/products", {"name": "Widget", "code": "WID", "support_email": "help@example.com"}),
    ("/api/tickets", {"title": "Printer on fire", "body": "It burns.", "product_id": 1}),
    ("/api/comments", {"ticket_id": 1, "body": "Looking into it."}),
]
"""A valid create body of every entity, in an order where references exist."""
HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}
BIG = str(2**63)


@pytest.fixture(scope="module")
def helpdesk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    with running_app(EXAMPLE, tmp_path_factory.mktemp("security")) as app:
        with httpx.Client(base_url=app.base_url, headers=app.headers, timeout=10) as client:
            for path, body in SEED_ROWS:
                response = client.post(path, json=body)
                assert response.status_code == 201, (path, response.text)
        yield app


@pytest.fixture
def api(helpdesk: App) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=helpdesk.base_url, headers=helpdesk.headers, timeout=10) as client:
        yield client


def _token(key: str = SECRET_KEY, **changes: object) -> str:
    now = datetime.now(UTC)
    claims: dict[str, object] = {"sub": "1", "ver": 0, "iat": now, "exp": now + timedelta(hours=1)}
    claims |= changes
    return jwt.encode({k: v for k, v in claims.items() if v is not None}, key, "HS256")


def _me(helpdesk: App, token: str) -> int:
    headers = {"Authorization": f"Bearer {token}"}
    return httpx.get(f"{helpdesk.base_url}/api/auth/me", headers=headers, timeout=10).status_code


# Tokens.


def test_a_token_of_ours_is_accepted(helpdesk: App) -> None:
    assert _me(helpdesk, _token()) == 200


@pytest.mark.parametrize(
    "token",
    [
        pytest.param(_token(key="a-forged-key-that-is-also-long-enough-000"), id="forged-key"),
        pytest.param(_token(key="insecure-development-key-change-me"), id="old-default-key"),
        pytest.param(_token(exp=None), id="no-exp"),
        pytest.param(_token(exp=datetime.now(UTC) - timedelta(seconds=1)), id="expired"),
        pytest.param(_token(ver=None), id="no-version"),
    ],
)
def test_tokens_that_are_not_ours_or_expired_are_refused(helpdesk: App, token: str) -> None:
    assert _me(helpdesk, token) == 401


def _ui_sign_in(client: httpx.Client, email: str, password: str) -> httpx.Response:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert token is not None
    form = {"email": email, "password": password, "next": "/", "csrf_token": token.group(1)}
    return client.post("/login", data=form)


def test_the_old_session_cookie_is_refused_after_sign_out(helpdesk: App) -> None:
    account = {"email": "leaving@example.com", "name": "Leaving", "password": "a long passphrase"}
    signup = httpx.post(f"{helpdesk.base_url}/api/auth/signup", json=account, timeout=10)
    assert signup.status_code == 201, signup.text
    bearer = httpx.post(
        f"{helpdesk.base_url}/api/auth/token",
        data={"username": account["email"], "password": account["password"]},
        timeout=10,
    ).json()["access_token"]
    with httpx.Client(base_url=helpdesk.base_url, timeout=10) as client:
        assert _ui_sign_in(client, account["email"], account["password"]).status_code == 303
        cookie = client.cookies["session"]
        assert client.get("/tickets").status_code == 200
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").text)
        assert csrf is not None
        assert client.post("/logout", data={"csrf_token": csrf.group(1)}).status_code == 303
    with httpx.Client(base_url=helpdesk.base_url, cookies={"session": cookie}) as replay:
        response = replay.get("/tickets")
        assert response.status_code == 303 and response.headers["location"].startswith("/login")
    assert _me(helpdesk, bearer) == 401, "sign-out ends the account's other sessions too"


# Sign-in throttling and accounts.


def test_failed_sign_ins_are_throttled_without_locking_out_others(helpdesk: App) -> None:
    url = f"{helpdesk.base_url}/api/auth/token"
    account = {"username": "someone.else@example.com", "password": "not the password"}
    statuses = [httpx.post(url, data=account, timeout=10).status_code for _ in range(6)]
    assert statuses == [401] * 5 + [429]
    refused = httpx.post(url, data=account, timeout=10)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    other = httpx.post(url, data={"username": ADMIN_EMAIL, "password": ADMIN_PASSWORD}, timeout=10)
    assert other.status_code == 200


def test_unknown_email_and_wrong_password_get_the_same_answer(helpdesk: App) -> None:
    url = f"{helpdesk.base_url}/api/auth/token"
    unknown = httpx.post(url, data={"username": "no.one@example.com", "password": "x" * 12})
    wrong = httpx.post(url, data={"username": ADMIN_EMAIL, "password": "x" * 12})
    assert (unknown.status_code, unknown.json()) == (wrong.status_code, wrong.json())
    assert wrong.status_code == 401
    httpx.post(url, data={"username": ADMIN_EMAIL, "password": ADMIN_PASSWORD})  # clears it


# Headers and cookies.


@pytest.mark.parametrize("path", ["/", "/login", "/api/tickets", "/healthz", "/static/style.css"])
def test_security_headers_on_every_response(helpdesk: App, path: str) -> None:
    response = httpx.get(f"{helpdesk.base_url}{path}", timeout=10)
    for name, value in HEADERS.items():
        assert response.headers.get(name) == value, (path, name)
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp


def test_cookies_are_secure_unless_configured_off(tmp_path: Path) -> None:
    """The served app runs with SECURE_COOKIES=0 (plain HTTP); by default they are Secure."""
    app_dir = copy_app(EXAMPLE, tmp_path)
    env = app_env(f"sqlite:///{tmp_path / 'app.db'}", tmp_path / "data")
    del env["SECURE_COOKIES"]
    script = (
        "from fastapi.testclient import TestClient\n"
        "from app.main import app\n"
        "print(TestClient(app).get('/login').headers['set-cookie'])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=app_dir, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert "secure" in out.stdout.lower()


# Crafted input.


def _text_fields(schema: dict, model: str) -> list[str]:
    fields = []
    for name, prop in schema["components"]["schemas"][model]["properties"].items():
        kinds = prop.get("anyOf", [prop])
        texts = [k for k in kinds if k.get("type") == "string"]
        if texts and not any(k.get("format") in ("date", "date-time") for k in texts):
            fields.append(name)
    return fields


@pytest.mark.parametrize("bad", ["x\x00y", "x\ud800y"], ids=["nul", "lone-surrogate"])
@pytest.mark.parametrize(("path", "body"), SEED_ROWS, ids=[p for p, _ in SEED_ROWS])
def test_bad_text_in_every_field_of_a_create_is_a_422(
    api: httpx.Client, path: str, body: dict, bad: str
) -> None:
    schema = api.get("/openapi.json").json()
    model = {
        "/api/tags": "TagCreate",
        "/api/products": "ProductCreate",
        "/api/tickets": "TicketCreate",
        "/api/comments": "CommentCreate",
    }[path]
    fields = _text_fields(schema, model)
    assert fields, model
    for field in fields:
        content = json.dumps(body | {field: bad})  # the surrogate escaped as \ud800
        response = api.post(path, content=content, headers={"Content-Type": "application/json"})
        assert response.status_code == 422, (field, response.status_code, response.text)
        assert ["body", field] in [error["loc"][:2] for error in response.json()["detail"]]


def test_bad_text_in_the_sign_in_forms_is_refused(helpdesk: App) -> None:
    token = httpx.post(
        f"{helpdesk.base_url}/api/auth/token",
        data={"username": "a\x00b@example.com", "password": "whatever password"},
        timeout=10,
    )
    assert token.status_code == 422 and token.json()["detail"][0]["loc"] == ["body", "username"]
    with httpx.Client(base_url=helpdesk.base_url, timeout=10) as client:
        page = _ui_sign_in(client, "a\x00b@example.com", "whatever password")
        assert page.status_code == 422 and "NUL" in page.text


def test_bad_text_in_a_ui_form_is_shown_not_a_500(helpdesk: App) -> None:
    with httpx.Client(base_url=helpdesk.base_url, timeout=10) as client:
        assert _ui_sign_in(client, ADMIN_EMAIL, ADMIN_PASSWORD).status_code == 303
        form_page = client.get("/products/new")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', form_page.text)
        assert csrf is not None
        form = {"name": "bad\x00name", "code": "BAD", "csrf_token": csrf.group(1)}
        response = client.post("/products/new", data=form)
        assert response.status_code == 422 and "NUL" in response.text


def test_an_oversized_body_is_a_413(api: httpx.Client) -> None:
    body = json.dumps({"name": "x" * 2_000_000, "color": "#ffffff"})
    response = api.post("/api/tags", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 413


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", f"/api/tags/{BIG}", None),
        ("GET", f"/api/tags?offset={BIG}", None),
        ("GET", f"/api/tickets?product_id={BIG}", None),
        ("GET", f"/api/tickets?assignee_id=-{BIG}", None),
        ("PATCH", f"/api/tickets/{BIG}", {}),
        ("DELETE", f"/api/tickets/{10**30}", None),
        ("POST", "/api/tickets", {"title": "Too big", "body": "b", "product_id": int(BIG)}),
        ("POST", "/api/comments", {"ticket_id": 2**31, "body": "at the int4 edge"}),
    ],
)
def test_out_of_range_integers_are_refused_not_500(
    api: httpx.Client, method: str, path: str, body: dict | None
) -> None:
    response = api.request(method, path, json=body)
    assert response.status_code in (404, 422), (response.status_code, response.text)


def test_a_list_field_has_a_maximum_length(api: httpx.Client) -> None:
    body = {"title": "Many tags", "body": "b", "product_id": 1, "tags": [1] * 1001}
    response = api.post("/api/tickets", json=body)
    assert response.status_code == 422 and response.json()["detail"][0]["loc"][:2] == [
        "body",
        "tags",
    ]


def test_a_date_query_parameter_must_be_a_date(api: httpx.Client) -> None:
    assert api.get("/api/tickets", params={"due": "0"}).status_code == 422
    assert api.get("/api/tickets", params={"due": "2030-01-02"}).status_code == 200


def test_a_time_keeps_its_instant_on_sqlite(api: httpx.Client) -> None:
    body = {"title": "Call back", "body": "b", "product_id": 1, "priority": "high"}
    created = api.post("/api/tickets", json=body | {"snooze_until": "2031-05-01T10:00:00+02:00"})
    assert created.status_code == 201, created.text
    expected = datetime(2031, 5, 1, 8, 0, tzinfo=UTC)
    for answer in (created, api.get(f"/api/tickets/{created.json()['id']}")):
        returned = datetime.fromisoformat(answer.json()["snooze_until"])
        assert returned.utcoffset() is not None and returned == expected


# The OpenAPI schema (schemathesis' findings).


def test_the_schema_says_what_is_refused(api: httpx.Client) -> None:
    schemas = api.get("/openapi.json").json()["components"]["schemas"]
    body = schemas["TicketCreate"]["properties"]["body"]
    assert body.get("pattern") == r"\S" or body.get("minLength", 0) >= 1
    title = schemas["TicketUpdate"]["properties"]["title"]
    assert "anyOf" not in title and title["type"] == "string", "null is refused: not nullable"
    assert schemas["TicketCreate"]["properties"]["tags"]["maxItems"] == 1000


def test_options_gets_405_with_the_real_allow_header(api: httpx.Client) -> None:
    paths = {"/api/tickets": {"GET", "POST"}, "/api/tickets/1": {"GET", "PATCH", "DELETE"}}
    for path, expected in paths.items():
        response = api.options(path)
        assert response.status_code == 405
        allowed = {method.strip() for method in response.headers["Allow"].split(",")}
        assert expected <= allowed and "PUT" not in allowed, (path, allowed)


# Start-up.


def _start_and_wait(app_dir: Path, env: dict[str, str], log: Path) -> tuple[int, str, float]:
    """Serves the app and waits for it to exit by itself (at most 30 s)."""
    started = time.monotonic()
    process, _ = start_server(app_dir, env, log)
    try:
        returncode = process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        stop(process)
        pytest.fail(f"the app did not exit:\n{log.read_text()}")
    return returncode, log.read_text(), time.monotonic() - started


def test_start_up_fails_fast_when_the_database_does_not_answer(tmp_path: Path) -> None:
    app_dir = copy_app(EXAMPLE, tmp_path)
    url = f"postgresql+psycopg://app:app@127.0.0.1:{free_port()}/app?connect_timeout=3"
    env = app_env(url, tmp_path / "data")
    returncode, output, seconds = _start_and_wait(app_dir, env, tmp_path / "log")
    assert returncode != 0
    assert "cannot start: the database at" in output and "does not answer" in output, output
    assert seconds < 20
    assert "Traceback" not in output and len(output.splitlines()) < 10, output
    check = subprocess.run(
        [sys.executable, "-m", "app.cli", "check-database"],
        cwd=app_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert check.returncode == 1 and "does not answer" in check.stderr
    assert "Traceback" not in check.stderr


def test_start_up_refuses_an_unmigrated_database_unless_told_to_migrate(tmp_path: Path) -> None:
    app_dir = copy_app(EXAMPLE, tmp_path)
    env = app_env(f"sqlite:///{tmp_path / 'empty.db'}", tmp_path / "data")
    returncode, output, _ = _start_and_wait(app_dir, env, tmp_path / "log")
    assert returncode != 0
    assert "the database is at migration none" in output and "alembic upgrade head" in output
    assert "Traceback" not in output, output
    log = tmp_path / "log-migrating"
    process, base_url = start_server(app_dir, env | {"MIGRATE_ON_START": "1"}, log)
    try:
        wait_until_up(base_url, process, log)
        assert httpx.get(f"{base_url}/healthz", timeout=10).status_code == 200
    finally:
        stop(process)


def test_healthz_is_503_when_the_database_is_at_another_migration(tmp_path: Path) -> None:
    app_dir = copy_app(EXAMPLE, tmp_path)
    database = tmp_path / "app.db"
    env = app_env(f"sqlite:///{database}", tmp_path / "data")
    migrate = [sys.executable, "-m", "alembic", "upgrade", "head"]
    subprocess.run(migrate, cwd=app_dir, env=env, check=True, capture_output=True)
    log = tmp_path / "log"
    process, base_url = start_server(app_dir, env, log)
    try:
        wait_until_up(base_url, process, log)
        with sqlite3.connect(database) as connection:
            connection.execute("UPDATE alembic_version SET version_num = 'elsewhere'")
        health = httpx.get(f"{base_url}/healthz", timeout=10)
        assert health.status_code == 503 and health.json()["schema"] == "elsewhere"
        assert "alembic upgrade head" in health.json()["detail"]
    finally:
        stop(process)


@pytest.mark.parametrize(
    ("key", "message"),
    [(None, "SECRET_KEY is not set"), ("short-key", "SECRET_KEY is too short")],
    ids=["unset", "weak"],
)
def test_production_refuses_to_start_without_a_strong_key(
    tmp_path: Path, key: str | None, message: str
) -> None:
    app_dir = copy_app(EXAMPLE, tmp_path)
    env = app_env(f"sqlite:///{tmp_path / 'app.db'}", tmp_path / "data") | {
        "ENVIRONMENT": "production"
    }
    env.pop("SECRET_KEY")
    if key is not None:
        env["SECRET_KEY"] = key
    returncode, output, _ = _start_and_wait(app_dir, env, tmp_path / "log")
    assert returncode != 0 and message in output, output
    assert "Traceback" not in output, output


def test_development_keeps_a_random_key_and_the_database_in_the_data_dir(tmp_path: Path) -> None:
    app_dir = copy_app(EXAMPLE, tmp_path)
    data = tmp_path / "data"
    env = app_env("", data)
    del env["SECRET_KEY"], env["DATABASE_URL"]
    migrate = [sys.executable, "-m", "alembic", "upgrade", "head"]
    subprocess.run(migrate, cwd=app_dir, env=env, check=True, capture_output=True)
    key_file = data / "secret_key"
    assert (key_file.stat().st_mode & 0o777) == 0o600
    key = key_file.read_text().strip()
    assert len(key) >= 32 and key not in (SECRET_KEY, "insecure-development-key-change-me")
    assert (data / "app.db").exists()
    assert not list(app_dir.rglob("*.db")) and not list(app_dir.rglob("secret_key"))
    log = tmp_path / "log"
    process, base_url = start_server(app_dir, env, log)
    try:
        wait_until_up(base_url, process, log)
        headers = {"Authorization": f"Bearer {_token(key=key)}"}
        # The key signs tokens (user 1 does not exist here: 401 either way, so compare keys).
        assert httpx.get(f"{base_url}/api/auth/me", headers=headers).status_code == 401
        assert key_file.read_text().strip() == key, "the key is kept, not remade"
    finally:
        stop(process)


# The checks can fail: the generated app's own security tests against weakened apps.

WEAKENINGS = [
    pytest.param(
        "app/core/security.py",
        'options={"require": REQUIRED_CLAIMS}',
        'options={"require": ["sub"]}',
        "test_bad_tokens_are_refused",
        id="exp-not-required",
    ),
    pytest.param(
        "app/main.py",
        "app.add_middleware(SecurityHeaders)",
        "",
        "test_security_headers_on_every_response",
        id="no-headers",
    ),
    pytest.param(
        "app/core/throttle.py",
        "if oldest_counted is not None:",
        "if False:",
        "test_failed_sign_ins_are_throttled_per_account",
        id="no-throttle",
    ),
    pytest.param(
        "app/core/validation.py",
        "problem = text_problem(text)",
        "problem = None",
        "test_text_the_database_cannot_store_is_a_422",
        id="no-text-check",
    ),
    pytest.param(
        "app/main.py",
        "app.add_middleware(BodySizeLimit)",
        "",
        "test_an_oversized_body_is_a_413",
        id="no-body-limit",
    ),
]


@pytest.mark.parametrize(("path", "old", "new", "test"), WEAKENINGS)
def test_security_checks_fail_on_a_weakened_app(
    tmp_path: Path, path: str, old: str, new: str, test: str
) -> None:
    app_dir = tmp_path / "helpdesk"
    shutil.copytree(EXAMPLE, app_dir, ignore=shutil.ignore_patterns("__pycache__", "*.db"))
    module = app_dir / path
    content = module.read_text()
    assert content.count(old) == 1, f"{old!r} not in {path}: update the weakening"
    module.write_text(content.replace(old, new))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    command += [f"tests/test_security.py::{test}"]
    result = subprocess.run(
        command, cwd=app_dir, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 1 and " failed" in result.stdout, result.stdout + result.stderr
