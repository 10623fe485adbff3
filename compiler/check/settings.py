"""The front matter's `settings`: the time zone must be one the generated app can load."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from compiler.diagnostics import Diagnostics, codes
from compiler.ir.model import Spec


def check_settings(spec: Spec, diags: Diagnostics) -> None:
    zone = spec.app.settings.timezone
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        diags.add(
            codes.UNKNOWN_TIMEZONE,
            spec.app.span,
            f"unknown time zone `{zone}` in `settings.timezone`",
            hint="use an IANA name such as `Europe/Berlin`, `America/New_York` or `UTC`",
        )
