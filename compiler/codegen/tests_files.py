"""The generated test suite derived from the spec: field rules, Access tables, sign-in.

`test_files` renders, per app, `tests/factories.py` (valid rows of every
entity), one `tests/test_<entity>_fields.py` and one `tests/test_<entity>_access.py`
per entity, a `tests/test_<entity>_<field>_lifecycle.py` per lifecycle, a
`tests/test_<entity>_rules.py` per entity with Rules, and `tests/test_auth.py`.
Every test is marked with the spec location it checks. Data the generator cannot
derive raises `DataGenerationError` at compile time.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.codegen.render import render
from compiler.codegen.rule_scenes import RuleScenes
from compiler.codegen.scene import Evaluator
from compiler.codegen.scene_factory import FactoryModel
from compiler.codegen.tests_access import access_tests_view
from compiler.codegen.tests_factory import factory_views
from compiler.codegen.tests_fields import field_tests_view
from compiler.codegen.tests_lifecycle import lifecycle_tests
from compiler.codegen.tests_rules import rule_tests_view
from compiler.codegen.views import AppView
from compiler.gate.tree import GeneratedFile
from compiler.ir.model import Spec


@dataclass(frozen=True, slots=True)
class EntityUrl:
    url: str
    module: str
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class AuthTestsView:
    signup_role: str | None
    roles: tuple[str, ...]
    line: int
    col: int
    """The front matter, where `auth` is declared."""
    entities: tuple[EntityUrl, ...]


def test_files(app: AppView, spec: Spec, header: str) -> list[GeneratedFile]:
    files = [
        GeneratedFile(
            "tests/factories.py",
            render("app/tests/factories.py.j2", header=header, factories=factory_views(app, spec)),
        ),
        GeneratedFile(
            "tests/test_auth.py",
            render("app/tests/test_auth.py.j2", header=header, a=_auth(app, spec)),
        ),
    ]
    evaluator, factory = Evaluator(spec), FactoryModel(spec)
    for entity, view in zip(spec.entities, app.entities, strict=True):
        scenes = RuleScenes(spec, entity, evaluator, factory)
        fields = field_tests_view(spec, entity, view, scenes)
        files.append(
            GeneratedFile(
                f"tests/test_{view.module}_fields.py",
                render("app/tests/test_entity_fields.py.j2", header=header, t=fields),
            )
        )
        access = access_tests_view(spec, entity, view)
        files.append(
            GeneratedFile(
                f"tests/test_{view.module}_access.py",
                render(
                    "app/tests/test_entity_access.py.j2",
                    header=header,
                    t=access,
                    max_page_size=app.max_page_size,
                ),
            )
        )
        for lifecycle in lifecycle_tests(spec, entity, view, scenes):
            files.append(
                GeneratedFile(
                    f"tests/test_{view.module}_{lifecycle.field}_lifecycle.py",
                    render("app/tests/test_entity_lifecycle.py.j2", header=header, t=lifecycle),
                )
            )
        rules = rule_tests_view(spec, entity, view, scenes)
        if not rules.empty:
            files.append(
                GeneratedFile(
                    f"tests/test_{view.module}_rules.py",
                    render("app/tests/test_entity_rules.py.j2", header=header, t=rules),
                )
            )
    return files


def _auth(app: AppView, spec: Spec) -> AuthTestsView:
    return AuthTestsView(
        signup_role=app.signup_role,
        roles=app.roles,
        line=spec.app.span.line,
        col=spec.app.span.col,
        entities=tuple(
            EntityUrl(f"/api/{view.url}", view.module, entity.name_span.line, entity.name_span.col)
            for entity, view in zip(spec.entities, app.entities, strict=True)
        ),
    )
