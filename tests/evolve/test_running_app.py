"""Recompiling under a running `make run` (issue 11, item 1): the dev server follows the swap
onto the new code and migrated database, and every write it acknowledged survives.

A writer posts products without pause while the spec gains a field and is recompiled
(the real command: stage, swap); the dev server restarts uvicorn in the new tree. Then
every product that got a 201 is read back, and the new field is served. The negative
control serves the same app with plain `uvicorn --reload`, the way `make run` did
before: after the swap it never serves the new code.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.evolve.driver import EvolvingApp
from tests.support.app_server import ADMIN_EMAIL, ADMIN_PASSWORD, app_env, free_port, stop

BASE = (Path(__file__).with_name("base.md")).read_text(encoding="utf-8")
WITH_STOCK = BASE.replace(
    "| note     | text?                   |                         |",
    "| note     | text?                   |                         |\n"
    "| stock    | int                     | min 0; default 3        |",
)


class Writer(threading.Thread):
    """Creates products until stopped; remembers the ids the app acknowledged."""

    def __init__(self, base_url: str, headers: dict[str, str]) -> None:
        super().__init__(daemon=True)
        self.base_url, self.headers = base_url, headers
        self.acknowledged: list[int] = []
        self.refused = 0
        self.halt = threading.Event()

    def run(self) -> None:
        with httpx.Client(base_url=self.base_url, headers=self.headers, timeout=10) as client:
            while not self.halt.is_set():
                number = len(self.acknowledged) + self.refused
                try:
                    answer = client.post("/api/products", json={"name": f"p{number}", "price": 1})
                except httpx.HTTPError:
                    self.refused += 1  # the instant of the restart: not acknowledged
                    time.sleep(0.05)
                    continue
                if answer.status_code == 201:
                    self.acknowledged.append(answer.json()["id"])
                else:
                    self.refused += 1


def _serve(app: EvolvingApp, command: list[str], tmp_path: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = app_env(app.database_url, tmp_path / "data") | {"MIGRATE_ON_START": "1"}
    subprocess.run(
        [sys.executable, "-m", "app.cli", "create-user", ADMIN_EMAIL, "Admin", "admin"],
        cwd=app.out,
        env=env | {"PASSWORD": ADMIN_PASSWORD, "MIGRATE_ON_START": "0"},
        check=False,
        capture_output=True,
    )
    log = (tmp_path / "server.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", *command, "--host", "127.0.0.1", "--port", str(port)],
        cwd=app.out,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    return process, f"http://127.0.0.1:{port}"


def _wait_for(predicate, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    return False


def _serves_stock(base_url: str) -> bool:
    schema = httpx.get(f"{base_url}/openapi.json", timeout=5).json()
    return "stock" in schema["components"]["schemas"]["ProductPublic"]["properties"]


def _sign_in(base_url: str) -> dict[str, str]:
    answer = httpx.post(
        f"{base_url}/api/auth/token",
        data={"username": ADMIN_EMAIL, "password": ADMIN_PASSWORD},
        timeout=10,
    )
    answer.raise_for_status()
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def _product_ids(base_url: str, headers: dict[str, str]) -> set[int]:
    ids: set[int] = set()
    with httpx.Client(base_url=base_url, headers=headers, timeout=30) as client:
        while True:
            page = client.get("/api/products", params={"offset": len(ids), "limit": 50})
            page.raise_for_status()
            rows = page.json()["data"]
            ids |= {row["id"] for row in rows}
            if not rows:
                return ids


def _recompile_while_writing(tmp_path: Path, command: list[str]) -> tuple[Writer, bool, str]:
    app = EvolvingApp(tmp_path / "project")
    assert app.compile(BASE).status == 0
    subprocess.run(
        [sys.executable, "-m", "alembic", "upgrade", "head"],
        cwd=app.out,
        env=app_env(app.database_url, tmp_path / "data"),
        check=True,
        capture_output=True,
    )
    process, base_url = _serve(app, command, tmp_path)
    try:
        assert _wait_for(lambda: httpx.get(f"{base_url}/healthz", timeout=2).status_code == 200)
        writer = Writer(base_url, _sign_in(base_url))
        writer.start()
        assert _wait_for(lambda: len(writer.acknowledged) >= 20)
        compiled = app.compile(WITH_STOCK)
        assert compiled.status == 0, compiled.stderr
        follows = _wait_for(lambda: _serves_stock(base_url), seconds=30)
        if not follows:
            writer.halt.set()
            return writer, False, "not checked"
        before_stop = len(writer.acknowledged)
        _wait_for(lambda: len(writer.acknowledged) >= before_stop + 20, seconds=20)
        writer.halt.set()
        writer.join(timeout=20)
        kept = _product_ids(base_url, _sign_in(base_url))
        lost = [i for i in writer.acknowledged if i not in kept]
        return writer, follows, f"lost {len(lost)} of {len(writer.acknowledged)}: {lost[:10]}"
    finally:
        stop(process)


def test_make_run_follows_a_recompile_and_keeps_every_acknowledged_write(tmp_path: Path) -> None:
    writer, follows, lost = _recompile_while_writing(tmp_path, ["app.devserver"])
    assert follows, "the dev server did not restart onto the new code"
    assert lost.startswith("lost 0 of"), lost
    assert len(writer.acknowledged) >= 40


@pytest.mark.parametrize("reload", [["uvicorn", "app.main:app", "--reload"]], ids=["uvicorn"])
def test_uvicorn_reload_does_not_follow_the_swap(tmp_path: Path, reload: list[str]) -> None:
    """The negative control: what `make run` did before does not serve the new code (it
    keeps serving the old tree, or its reloader dies with it)."""
    _, follows, _ = _recompile_while_writing(tmp_path, reload)
    assert not follows
