"""Analysis: the checked IR → the facts both generators read, resolved once.

`views.app_view(spec)` builds one frozen `AppView`: per entity its fields with
their Python types and pydantic constraints (`fields`), the Access table as
compiled SQL conditions (`access`), the rules the database enforces as CHECK
constraints and those the app checks after a write (`rules`, `constraints`),
lifecycles (`lifecycles`), the rows a reference may point to (`choices`) and
the reference graph. `blockers` says what still stops a compile. Imports the
IR, the diagnostics and `translate`.
"""
