"""The app generator: analysed view data → the files of the generated application.

`files` renders the project, the packages and one module family per entity;
`ui` the server-rendered web UI; `migration` the initial Alembic revision's
tables. Imports the IR, `translate`, `analyse` and `output`.
"""
