"""Lower stage: syntax tree → IR. See `compiler.lower.spec`."""

from compiler.lower.spec import lower

__all__ = ["lower"]
