"""Promotion: the staged tree replaces OUT in one atomic step.

On Linux, `renameat2(RENAME_EXCHANGE)` swaps the two directories at once; the
old tree, now at the staging path, is then deleted. Where the exchange is not
available, a journalled pair of renames is used instead (OUT → backup, staging
→ OUT); `recover` rolls back a promotion interrupted between them, so OUT is
either the old tree or the new one, never a mix or missing.

For tests only: with `SPECC_TEST_KILL_BEFORE_SWAP=1` in the environment the
process SIGKILLs itself right before the exchange, or between the two renames.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import json
import os
import secrets
import shutil
import signal
import sys
from collections.abc import Callable
from pathlib import Path

from compiler.gate.files import fsync_dir
from compiler.gate.stage import STAGING_PREFIX, work_dir

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_UNSUPPORTED = (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP)
KILL_HOOK = "SPECC_TEST_KILL_BEFORE_SWAP"


def promote(staging: Path, out: Path) -> None:
    """Make `staging` become `out`; the previous `out` is deleted."""
    if not os.path.lexists(out):
        os.rename(staging, out)
        fsync_dir(out.parent)
        fsync_dir(staging.parent)
        return
    if _exchange(staging, out):
        fsync_dir(out.parent)
        fsync_dir(staging.parent)
        shutil.rmtree(staging, ignore_errors=True)
        return
    _promote_with_journal(staging, out)


def recover(out: Path) -> list[str]:
    """Roll back a journalled promotion of `out` that was interrupted, and delete the
    staging and backup directories stale builds left in its work directory (and the
    lock file older versions of specc kept beside OUT).

    Call it only while no other build of `out` runs (the pipeline holds a lock).
    Returns the names of what it removed or rolled back, for the audit log.
    """
    cleaned: list[str] = []
    journal = journal_path(out)
    if journal.exists():
        backup = Path(json.loads(journal.read_text(encoding="utf-8"))["backup"])
        if os.path.lexists(backup):
            if os.path.lexists(out):
                os.rename(out, _scratch_name(out, "discard"))
            os.rename(backup, out)
            fsync_dir(out.parent)
        journal.unlink()
        fsync_dir(journal.parent)
        cleaned.append(journal.name)
    for prefix in (STAGING_PREFIX, "backup-", "discard-"):
        for stale in work_dir(out).glob(f"{prefix}*"):
            shutil.rmtree(stale, ignore_errors=True)
            cleaned.append(stale.name)
    legacy = out.parent / f".{out.name}.lock"
    if legacy.is_file():
        legacy.unlink()
        cleaned.append(legacy.name)
    return sorted(cleaned)


def journal_path(out: Path) -> Path:
    return work_dir(out) / "promote-journal"


def _promote_with_journal(staging: Path, out: Path) -> None:
    backup = _scratch_name(out, "backup")
    journal = journal_path(out)
    pending = journal.with_name(journal.name + ".tmp")
    record = {"out": str(out), "backup": str(backup), "staging": str(staging)}
    with pending.open("w", encoding="utf-8") as stream:
        json.dump(record, stream)
        stream.flush()
        os.fsync(stream.fileno())
    os.rename(pending, journal)
    fsync_dir(journal.parent)
    try:
        os.rename(out, backup)
        fsync_dir(out.parent)
        fsync_dir(backup.parent)
        _test_kill_hook()
        os.rename(staging, out)
        fsync_dir(out.parent)
        fsync_dir(staging.parent)
    except BaseException:
        recover(out)
        raise
    journal.unlink()
    fsync_dir(journal.parent)
    shutil.rmtree(backup, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically; False when the platform or file system cannot."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    _test_kill_hook()
    status = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if status == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    """libc's renameat2 (glibc ≥ 2.28), or None."""
    if not sys.platform.startswith("linux"):
        return None
    function = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if function is None:
        return None
    function.argtypes = (ctypes.c_int, ctypes.c_char_p) * 2 + (ctypes.c_uint,)
    function.restype = ctypes.c_int
    return function


def _scratch_name(out: Path, kind: str) -> Path:
    return work_dir(out) / f"{kind}-{secrets.token_hex(6)}"


def _test_kill_hook() -> None:
    if os.environ.get(KILL_HOOK) == "1":
        os.kill(os.getpid(), signal.SIGKILL)
