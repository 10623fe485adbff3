"""Diagnostics: compiler errors and warnings as values, with stable codes.

Every stage reports problems by adding `Diagnostic`s to a `Diagnostics`
collector; nothing is raised for a bad spec. `codes` registers every code,
`render` prints them the way compilers do.
"""

from compiler.diagnostics.codes import CODES, Code, Severity
from compiler.diagnostics.diagnostic import Diagnostic, Diagnostics
from compiler.diagnostics.render import render, render_all

__all__ = ["CODES", "Code", "Diagnostic", "Diagnostics", "Severity", "render", "render_all"]
