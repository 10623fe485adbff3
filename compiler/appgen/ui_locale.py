"""How the generated UI writes amounts of the spec's currency: `€12,999.99`, `CHF 12.50`.

One format per app, English number style (the UI's text is English): the
browser's language is not consulted (docs/decisions.md, 2026-12-02).
"""

from __future__ import annotations

CURRENCY_SYMBOLS = {
    "EUR": "€",
    "GBP": "£",
    "USD": "$",
    "JPY": "¥",
    "INR": "₹",
}
"""Currencies written with a symbol before the amount; others with their code and a space."""


def currency_prefix(code: str) -> str:
    """What goes before an amount of this currency."""
    return CURRENCY_SYMBOLS.get(code.upper(), f"{code.upper()} ")
