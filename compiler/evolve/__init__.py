"""Schema evolution: the previous build's IR snapshot → the new IR, as a new Alembic revision.

`history` reads what the previous build left in OUT (its IR snapshot and its
revisions), `schema` and `diff` turn the two IRs into a typed list of changes,
`safety` says which of them lose data or can fail on existing rows, `plan`
orders them into operations and `files` renders the revision chain.
"""
