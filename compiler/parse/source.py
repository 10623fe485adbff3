"""Reads a spec file into normalised text, refusing what is not a spec (binary, huge)."""

from __future__ import annotations

from pathlib import Path

from compiler.diagnostics import Diagnostics, codes
from compiler.ir.span import Span

MAX_SPEC_BYTES = 8 * 1024 * 1024
"""A spec larger than this is refused (a 1,000-entity spec of ten fields each is about 2.5 MB)."""


def read_spec(path: Path, diags: Diagnostics) -> str | None:
    """The spec's text with `\\n` newlines and no BOM, or None after a diagnostic."""
    try:
        size = path.stat().st_size
        if size > MAX_SPEC_BYTES:
            diags.add(
                codes.TOO_LARGE,
                Span.point(1, 1),
                f"spec is {size:,} bytes; the limit is {MAX_SPEC_BYTES:,}",
            )
            return None
        data = path.read_bytes()
    except OSError as error:
        diags.add(
            codes.UNREADABLE, Span.point(1, 1), f"cannot read spec: {error.strerror or error}"
        )
        return None
    return decode_spec(data, diags)


def decode_spec(data: bytes, diags: Diagnostics) -> str | None:
    if b"\x00" in data:
        diags.add(codes.NOT_UTF8, Span.point(1, 1), "spec is a binary file (it contains NUL bytes)")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        col = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        diags.add(
            codes.NOT_UTF8,
            Span.point(line, col),
            f"spec is not valid UTF-8 (byte 0x{data[error.start]:02x})",
            hint="save the file as UTF-8",
        )
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")
