"""A real PostgreSQL for tests: `$TEST_POSTGRES_URL`, or a throwaway local server.

`postgres_url` (session scope) yields a SQLAlchemy URL of a database the tests may
use and in which they may `CREATE DATABASE`. In order of preference:

1. `$TEST_POSTGRES_URL` when set (an existing server; nothing is started or stopped);
2. the PostgreSQL binaries under `/usr/lib/postgresql/*/bin`, installed first with
   `apt-get install -y postgresql` when missing, running as root and apt-get exists;
   a server is then made with `initdb` in a temporary directory, started with `pg_ctl`
   on a free loopback port (trust auth), and stopped and removed at the end of the
   session. initdb refuses root, so as root the server runs as the `postgres` user.

When neither is possible the tests using it are skipped with the reason.
`fresh_database(url)` creates a new empty database and returns its URL.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import apt

START_TIMEOUT = 60  # seconds for pg_ctl to see the server accept connections


def find_bin_dir() -> Path | None:
    """The newest `/usr/lib/postgresql/N/bin` that has initdb and pg_ctl, or None."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda path: int(path.parent.name) if path.parent.name.isdigit() else 0,
        reverse=True,
    )
    for bin_dir in candidates:
        if (bin_dir / "initdb").exists() and (bin_dir / "pg_ctl").exists():
            return bin_dir
    return None


def install_postgres() -> str | None:
    """Installs PostgreSQL with apt-get; returns why it could not, or None on success."""
    return apt.install("postgresql")


def _as_server_user(command: list[str]) -> list[str]:
    """The command run as `postgres` when we are root (initdb and postgres refuse root)."""
    if os.geteuid() != 0:
        return command
    if shutil.which("runuser"):
        return ["runuser", "-u", "postgres", "--", *command]
    return ["su", "postgres", "-s", "/bin/sh", "-c", subprocess.list2cmdline(command)]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run(command: list[str], timeout: float) -> None:
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL
    )
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")


@contextlib.contextmanager
def throwaway_server(bin_dir: Path) -> Iterator[str]:
    """Runs a new PostgreSQL cluster on a free loopback port; yields its admin URL."""
    root = Path(tempfile.mkdtemp(prefix="specc-pg-"))
    data = root / "data"
    if os.geteuid() == 0:
        account = pwd.getpwnam("postgres")
        os.chown(root, account.pw_uid, account.pw_gid)
    pg_ctl = [str(bin_dir / "pg_ctl"), "-D", str(data)]
    started = False
    try:
        initdb = [str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust"]
        _run(_as_server_user([*initdb, "--no-sync", "-E", "UTF8", "--locale=C"]), timeout=120)
        port = _free_port()
        options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
        start = [*pg_ctl, "-w", "-t", str(START_TIMEOUT), "-l", str(root / "log"), "-o", options]
        started = True
        _run(_as_server_user([*start, "start"]), timeout=START_TIMEOUT + 10)
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        if started:
            with contextlib.suppress(Exception):
                _run(_as_server_user([*pg_ctl, "-m", "immediate", "-w", "stop"]), timeout=60)
        shutil.rmtree(root, ignore_errors=True)


def fresh_database(url: str, prefix: str = "specc_test") -> str:
    """Creates a new, empty database on the server of `url`; returns the URL of it."""
    import sqlalchemy as sa
    from sqlalchemy.engine import make_url

    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    finally:
        engine.dispose()
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def _ensure_psycopg() -> None:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed (pip install 'psycopg[binary]')")


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A PostgreSQL database URL (`.../specc_test`) for the whole session."""
    _ensure_psycopg()
    if os.environ.get("TEST_POSTGRES_URL"):
        yield os.environ["TEST_POSTGRES_URL"]
        return
    bin_dir = find_bin_dir()
    if bin_dir is None:
        reason = install_postgres()
        bin_dir = find_bin_dir()
        if bin_dir is None:
            pytest.skip(f"no PostgreSQL: TEST_POSTGRES_URL is unset and {reason or 'no initdb'}")
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no `postgres` user to run initdb as")
    with throwaway_server(bin_dir) as admin_url:
        import sqlalchemy as sa

        engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                connection.execute(sa.text("CREATE DATABASE specc_test"))
        finally:
            engine.dispose()
        yield admin_url.rsplit("/", 1)[0] + "/specc_test"


def drop_database(url: str) -> None:
    """Drops the database of `url`, closing any connection still open to it."""
    import sqlalchemy as sa
    from sqlalchemy.engine import make_url

    target = make_url(url)
    engine = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
    finally:
        engine.dispose()


@pytest.fixture
def postgres_database(postgres_url: str) -> Iterator[str]:
    """A new, empty PostgreSQL database for one test, dropped after it."""
    url = fresh_database(postgres_url)
    yield url
    drop_database(url)
