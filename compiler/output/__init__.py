"""The generated tree and the template renderer shared by both generators.

`tree` holds `GeneratedFile` / `GeneratedTree` (what generation returns and the
gate writes); `render` is the strict, logic-free Jinja2 environment over
`templates/`. Imports `translate.names` only.
"""
