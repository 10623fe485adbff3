"""Expression backends: spec names and expressions → Python and SQL source.

`names` gives the identifiers of generated code (modules, tables, columns,
classes); `sql` compiles an expression to SQLAlchemy Core source for the
generated app; `python` compiles it to plain Python over rows in memory (its
runtime helpers are in `python_runtime`), used by the test generator's scene
search. Both return `compiled.Compiled`, and a property test keeps them in
agreement. Imports only the IR.
"""
