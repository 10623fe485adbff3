"""specc: a compiler from an annotated markdown spec to a full-stack web app.

Stages, each a subpackage that talks to the next only through the IR and
diagnostics: `parse` (markdown → syntax tree), `lower` (syntax tree → IR),
`check` (IR → diagnostics), then code generation; `cli` drives them.
"""

__version__ = "0.1.0"
