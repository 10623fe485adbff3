"""Parse stage: markdown text → syntax tree (`Document`) with source positions.

Also home of the expression parser (`expr_parser`), which the lower stage calls
on every code span that holds an expression.
"""

from compiler.parse.document import parse_document

__all__ = ["parse_document"]
