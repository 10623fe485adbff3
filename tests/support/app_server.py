"""Run a generated example app for real: migrated SQLite, an admin, uvicorn on a free port.

`running_app(example_dir, tmp_path)` copies the example, runs `alembic upgrade head`,
creates an admin with `python -m app.cli create-user` (password from `PASSWORD`),
serves it with uvicorn on a free loopback port in its own process group, and yields
an `App` (base URL, admin bearer headers). The server is killed on exit.

The app runs as in development over plain HTTP (`SECURE_COOKIES=0`), with a test
`SECRET_KEY` and its data directory inside `tmp_path`. `copy_app`, `app_env` and
`start_server` are the pieces, for tests that start the app in other ways.

Options of `running_app`: `database_url` (default a SQLite file in `tmp_path`),
`admin_role` (the role with full rights in that spec), `workers` (uvicorn worker
processes), `target` (the ASGI app to serve, `module:attribute`, importable from the
app's directory) and `extra_files` (written into the copy first, e.g. a module
wrapping the app).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

ADMIN_EMAIL = "admin@example.com"
ADMIN_PASSWORD = "correct horse battery staple"
SECRET_KEY = "integration-test-secret-key-32b!-0123456789"
UNSAFE_MODULE = '''"""The app without its write transactions: the negative control of the race
tests and the baseline of bench/race_safety.py, never a way to run an app.

Writes run in ordinary transactions, and on SQLite with pysqlite's own
transaction handling (BEGIN only before the first INSERT/UPDATE/DELETE), as
generated apps did before issue 10.
"""

from contextlib import nullcontext

from sqlalchemy import event
from sqlmodel import create_engine

from app.core import db
from app.core.config import settings


def _ordinary_transaction(session):
    session.rollback()


def _pragmas(connection, _record):
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


db.begin_write = _ordinary_transaction
if settings.database.startswith("sqlite"):
    db.engine = create_engine(settings.database, connect_args={"check_same_thread": False})
    event.listen(db.engine, "connect", _pragmas)
    db._sqlite_turn = lambda session: nullcontext()

from app.main import app  # noqa: E402

__all__ = ["app"]
'''
"""Written as `race_unsafe.py` into a served copy, `race_unsafe:app` serves it."""


@dataclass(frozen=True)
class App:
    base_url: str
    headers: dict[str, str]
    """`Authorization: Bearer …` of the admin."""
    log: Path
    database_url: str = ""
    app_dir: Path | None = None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


SETTINGS = ("DATABASE_URL", "SECRET_KEY", "ENVIRONMENT", "DATA_DIR", "SECURE_COOKIES")
"""The app's settings: taken from `app_env`, never from the environment of the tests."""


def app_env(database_url: str, data_dir: Path) -> dict[str, str]:
    """The environment of a served app: ours without pytest's or the app's own settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", *SETTINGS))}
    return env | {
        "DATABASE_URL": database_url,
        "SECRET_KEY": SECRET_KEY,
        "ENVIRONMENT": "development",
        "DATA_DIR": str(data_dir),
        "SECURE_COOKIES": "0",
    }


def copy_app(example_dir: Path, tmp_path: Path) -> Path:
    app_dir = tmp_path / example_dir.name
    shutil.copytree(
        example_dir, app_dir, ignore=shutil.ignore_patterns("__pycache__", "*.db", "*.db-*")
    )
    return app_dir


def _check(command: list[str], cwd: Path, env: dict[str, str]) -> None:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")


def stop(process: subprocess.Popen) -> None:
    """Kills the server's whole process group: SIGTERM, then SIGKILL after 10 s."""
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def start_server(
    app_dir: Path,
    env: dict[str, str],
    log: Path,
    *,
    workers: int = 1,
    target: str = "app.main:app",
) -> tuple[subprocess.Popen, str]:
    """uvicorn serving the app on a free loopback port, in its own process group."""
    port = free_port()
    serve = ["uvicorn", target, "--host", "127.0.0.1", "--port", str(port)]
    if workers > 1:
        serve += ["--workers", str(workers)]
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", *serve, "--no-access-log"],
            cwd=app_dir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return process, f"http://127.0.0.1:{port}"


@contextlib.contextmanager
def running_app(
    example_dir: Path,
    tmp_path: Path,
    *,
    database_url: str | None = None,
    admin_role: str = "admin",
    workers: int = 1,
    target: str = "app.main:app",
    extra_files: dict[str, str] | None = None,
) -> Iterator[App]:
    app_dir = copy_app(example_dir, tmp_path)
    for name, text in (extra_files or {}).items():
        (app_dir / name).write_text(text)
    database_url = database_url or f"sqlite:///{tmp_path / 'app.db'}"
    env = app_env(database_url, tmp_path / "data")
    _check([sys.executable, "-m", "alembic", "upgrade", "head"], app_dir, env)
    _check(
        [sys.executable, "-m", "app.cli", "create-user", ADMIN_EMAIL, "Admin", admin_role],
        app_dir,
        env | {"PASSWORD": ADMIN_PASSWORD},
    )
    log = tmp_path / "uvicorn.log"
    process, base_url = start_server(app_dir, env, log, workers=workers, target=target)
    try:
        wait_until_up(base_url, process, log)
        token = httpx.post(
            f"{base_url}/api/auth/token",
            data={"username": ADMIN_EMAIL, "password": ADMIN_PASSWORD},
            timeout=10,
        )
        token.raise_for_status()
        headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
        yield App(base_url, headers, log, database_url, app_dir)
    finally:
        stop(process)


def wait_until_up(
    base_url: str, process: subprocess.Popen, log: Path, statuses: tuple[int, ...] = (200,)
) -> None:
    """Until /healthz answers with one of `statuses`."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"uvicorn exited with {process.returncode}:\n{log.read_text()}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{base_url}/healthz", timeout=2).status_code in statuses:
                return
        time.sleep(0.1)
    raise RuntimeError(f"the app did not answer /healthz within 30 s:\n{log.read_text()}")
