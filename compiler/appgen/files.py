"""The files of the generated application: project files, packages, one module family per entity.

`app_files(app, header)` renders the templates in `templates/app/` with the app's
view data; the web UI's files come from `appgen.ui`, the migrations from `evolve`.
The packages of hand-written code (`app/extensions/`, `tests/custom/`) are
`keep_existing`: created once, then owned by the user.
"""

from __future__ import annotations

from compiler.analyse.views import AppView
from compiler.appgen.migration import NAMING_CONVENTION
from compiler.output.render import render
from compiler.output.tree import GeneratedFile

_PACKAGES = {
    "app": "The generated application.",
    "app/core": "Settings, database, security and shared checks.",
    "app/api": "The JSON API.",
    "app/api/routes": "One router per resource.",
    "app/access": "The Access tables of the spec, as SQL conditions.",
    "app/services": "What may be done with each entity: the logic the API, the UI and hooks share.",
}
_USER_OWNED = {
    "app/extensions/__init__.py": "app/app/extensions/__init__.py.j2",
    "tests/custom/__init__.py": "app/tests/custom/__init__.py.j2",
}
"""Extension points: written once when absent, then the user's (never overwritten)."""


def app_files(app: AppView, header: str) -> list[GeneratedFile]:
    return [
        *_project_files(app, header),
        *_app_files(app, header),
        *_entity_files(app, header),
    ]


def _file(path: str, template: str, **context: object) -> GeneratedFile:
    return GeneratedFile(path, render(template, **context))


def _project_files(app: AppView, header: str) -> list[GeneratedFile]:
    return [
        _file("pyproject.toml", "app/pyproject.toml.j2", app=app),
        _file("Makefile", "app/Makefile.j2", app=app),
        _file("Dockerfile", "app/Dockerfile.j2", app=app),
        _file("compose.yaml", "app/compose.yaml.j2", app=app),
        _file(".dockerignore", "app/dockerignore.j2", app=app),
        _file(".gitignore", "app/gitignore.j2", app=app),
        _file("README.md", "app/README.md.j2", app=app),
        _file("alembic.ini", "app/alembic.ini.j2", app=app),
        _file("migrations/env.py", "app/migrations/env.py.j2", header=header),
        _file("migrations/script.py.mako", "app/migrations/script.py.mako.j2"),
    ]


def _app_files(app: AppView, header: str) -> list[GeneratedFile]:
    files = [
        _file(f"{package}/__init__.py", f"app/{package}/__init__.py.j2", header=header, doc=doc)
        for package, doc in _PACKAGES.items()
    ]
    core = ("config", "db", "errors", "extensions", "middleware", "passwords", "security", "sql")
    core += ("throttle", "validation")
    for module in (f"core/{name}" for name in core):
        files.append(_file(f"app/{module}.py", f"app/app/{module}.py.j2", header=header, app=app))
    shared = (
        "main",
        "cli",
        "devserver",
        "api/deps",
        "api/errors",
        "api/routes/auth",
        "models/user",
    )
    for module in (*shared, "services/hooks"):
        files.append(_file(f"app/{module}.py", f"app/app/{module}.py.j2", header=header, app=app))
    files.append(
        _file(
            "app/models/__init__.py",
            "app/app/models/__init__.py.j2",
            header=header,
            app=app,
            naming=NAMING_CONVENTION,
        )
    )
    for path, template in _USER_OWNED.items():
        files.append(GeneratedFile(path, render(template, app=app), keep_existing=True))
    return files


def _entity_files(app: AppView, header: str) -> list[GeneratedFile]:
    files = []
    for entity in app.entities:
        context = {"header": header, "app": app, "e": entity}
        files += [
            _file(f"app/models/{entity.module}.py", "app/app/models/entity.py.j2", **context),
            _file(f"app/access/{entity.module}.py", "app/app/access/entity.py.j2", **context),
            _file(
                f"app/api/routes/{entity.module}.py", "app/app/api/routes/entity.py.j2", **context
            ),
            _file(f"app/services/{entity.module}.py", "app/app/services/entity.py.j2", **context),
        ]
    return files
