"""The typed intermediate representation (IR) of a spec, and its JSON form."""

from compiler.ir.model import IR_VERSION, Spec
from compiler.ir.span import Span

__all__ = ["IR_VERSION", "Span", "Spec"]
