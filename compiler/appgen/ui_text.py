"""Spec prose as the generated UI's Python source holds it: plain text in string literals."""

from __future__ import annotations

import json
import re


def plain(text: str) -> str:
    """Spec prose without its Markdown marks (`code`, **strong**, _emphasis_, *emphasis*)."""
    return re.sub(r"`|\*\*|(?<!\w)[_*](?=\w)|(?<=\w)[_*](?!\w)", "", text)


def literal(text: str) -> str:
    """A Python string literal (JSON's escapes are Python's)."""
    return json.dumps(text, ensure_ascii=False)
