"""Installing a Debian package for the tests that need a real part (PostgreSQL, Chromium).

One `apt-get` at a time on the machine: pytest-xdist workers (and the evolve tests beside
the integration tests) may want different packages at once, and two apt-get processes
fight over dpkg's lock, so every call holds a file lock first.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

APT_TIMEOUT = 300  # seconds for each apt-get step (install, update, install)
LOCK = Path(tempfile.gettempdir()) / "specc-tests-apt.lock"


def install(package: str) -> str | None:
    """`apt-get install -y PACKAGE` (after `apt-get update` if the first try fails); why it
    could not, or None."""
    if os.geteuid() != 0:
        return f"not root, so {package} cannot be installed with apt-get"
    if shutil.which("apt-get") is None:
        return f"apt-get is not available to install {package}"
    with LOCK.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not _apt_get("install", package) and not (
            _apt_get("update") and _apt_get("install", package)
        ):
            return f"`apt-get install -y {package}` failed"
    return None


def _apt_get(*args: str) -> bool:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        result = subprocess.run(
            ["apt-get", "-q", "-y", *args],
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=APT_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        return False
    return result.returncode == 0
