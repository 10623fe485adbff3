"""The deployment files of every example, checked by their structure (issue 10).

No Docker daemon runs where the tests run (the `docker` client is installed, the daemon
and the compose plugin are not), so `docker compose up` is not exercised here. What can
be checked without it is: `compose.yaml` parses, has the app and a PostgreSQL service,
the app waits for the database's health check and refuses to start without a
`SECRET_KEY`, the database URL names the `db` service, the port is bound to loopback;
the `Dockerfile` runs as an unprivileged user with several uvicorn workers, checks the
database and migrates before serving, has a health check on `/healthz`, and bakes no
secret in. Each check is shown to fail on a copy with that property broken.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ("helpdesk", "bookings", "inventory", "events")


def compose_problems(text: str, app: str) -> list[str]:
    """What is wrong with a compose file for the app `app` (empty: nothing)."""
    problems = []
    compose = yaml.safe_load(text)
    services = compose.get("services", {})
    if set(services) != {"app", "db"}:
        return [f"services are {sorted(services)}, not app and db"]
    db, service = services["db"], services["app"]
    if not str(db.get("image", "")).startswith("postgres:"):
        problems.append("db is not a PostgreSQL image")
    health = " ".join(db.get("healthcheck", {}).get("test", []))
    if "pg_isready" not in health or f"-d {app}" not in health:
        problems.append("db has no pg_isready health check of the app's database")
    if service.get("depends_on", {}).get("db", {}).get("condition") != "service_healthy":
        problems.append("app does not wait for db to be healthy")
    env = service.get("environment", {})
    if not re.fullmatch(rf"postgresql\+psycopg://\w+:\w+@db/{app}", env.get("DATABASE_URL", "")):
        problems.append("DATABASE_URL does not name the db service and database")
    if not re.fullmatch(r"\$\{SECRET_KEY:\?.+\}", str(env.get("SECRET_KEY", ""))):
        problems.append("SECRET_KEY is not required from the environment")
    if env.get("ENVIRONMENT", "production") != "production":
        problems.append("the app is not run in production mode")
    if not all(str(port).startswith("127.0.0.1:") for port in service.get("ports", [])):
        problems.append("a port is published on every interface")
    if "db-data" not in compose.get("volumes", {}):
        problems.append("the database has no named volume")
    return problems


def dockerfile_problems(text: str) -> list[str]:
    """What is wrong with the app's Dockerfile (empty: nothing)."""
    problems = []
    lines = [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]
    users = [line.split()[1] for line in lines if line.startswith("USER ")]
    if not users or users[-1] in ("root", "0"):
        problems.append("the image runs as root")
    elif not re.search(rf"useradd --system --uid [1-9]\d* .*\b{users[-1]}\b", text):
        problems.append(f"the user {users[-1]} is not created in the image")
    workers = re.search(r"WEB_CONCURRENCY=(\d+)", text)
    if workers is None or int(workers.group(1)) < 2:
        problems.append("fewer than two workers by default")
    cmd = next((line for line in lines if line.startswith("CMD ")), "")
    if '--workers \\"$WEB_CONCURRENCY\\"' not in cmd:
        problems.append("uvicorn does not start WEB_CONCURRENCY workers")
    steps = [cmd.find(step) for step in ("check-database", "alembic upgrade head", "uvicorn")]
    if -1 in steps or steps != sorted(steps):
        problems.append("the database is not checked and migrated before serving")
    if not any(line.startswith("HEALTHCHECK") and "/healthz" in line for line in lines):
        problems.append("no health check on /healthz")
    if "SECRET_KEY" in text or "ENVIRONMENT=production" not in text:
        problems.append("a secret is baked in, or production mode is off")
    return problems


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_example_deployment_files_hold(name: str) -> None:
    example = ROOT / "examples" / name
    assert compose_problems((example / "compose.yaml").read_text(), name) == []
    assert dockerfile_problems((example / "Dockerfile").read_text()) == []


HELPDESK = ROOT / "examples" / "helpdesk"
BROKEN_COMPOSE = {
    "condition: service_healthy": ("condition: service_started", "wait for db"),
    "pg_isready -U app -d helpdesk": ("true", "pg_isready"),
    "${SECRET_KEY:?set SECRET_KEY to at least 32 random characters}": ("dev", "SECRET_KEY"),
    "@db/helpdesk": ("@localhost/helpdesk", "DATABASE_URL"),
    '"127.0.0.1:8000:8000"': ('"8000:8000"', "every interface"),
    "image: postgres:16": ("image: mysql:8", "PostgreSQL"),
}
BROKEN_DOCKERFILE = {
    "USER app": ("USER root", "root"),
    "--uid 10001": ("--uid 0", "not created"),
    "WEB_CONCURRENCY=4": ("WEB_CONCURRENCY=1", "two workers"),
    "python -m app.cli check-database && ": ("", "checked and migrated"),
    "HEALTHCHECK": ("# HEALTHCHECK", "/healthz"),
    "ENVIRONMENT=production": ("ENVIRONMENT=development", "production mode"),
}


@pytest.mark.parametrize("original", BROKEN_COMPOSE)
def test_a_broken_compose_file_is_noticed(original: str) -> None:
    text = (HELPDESK / "compose.yaml").read_text()
    replacement, problem = BROKEN_COMPOSE[original]
    assert original in text
    problems = compose_problems(text.replace(original, replacement), "helpdesk")
    assert any(problem in p for p in problems), problems


@pytest.mark.parametrize("original", BROKEN_DOCKERFILE)
def test_a_broken_dockerfile_is_noticed(original: str) -> None:
    text = (HELPDESK / "Dockerfile").read_text()
    replacement, problem = BROKEN_DOCKERFILE[original]
    assert original in text
    problems = dockerfile_problems(text.replace(original, replacement))
    assert any(problem in p for p in problems), problems
