"""The generated test suite derived from the spec: field rules, Access tables, sign-in.

`test_files` renders, per app, `tests/factories.py` (valid rows of every
entity), one `tests/test_<entity>_fields.py` and one `tests/test_<entity>_access.py`
per entity, a `tests/test_<entity>_<field>_lifecycle.py` per lifecycle, a
`tests/test_<entity>_actions.py` per entity with Actions, a
`tests/test_<entity>_derived.py` per entity with values derived on write, a
`tests/test_<entity>_rules.py` per entity with Rules, and `tests/test_auth.py`.
Every test is marked with the spec location it checks. Data the generator cannot
derive raises `DataGenerationError` at compile time.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.analyse.views import AppView
from compiler.ir.model import Spec
from compiler.ir.refs import spec_refs
from compiler.output.render import render
from compiler.output.tree import GeneratedFile
from compiler.testgen.access import access_tests_view
from compiler.testgen.actions import action_tests
from compiler.testgen.clock import clock_source
from compiler.testgen.data.factory import factory_views
from compiler.testgen.deletes import delete_tests_view
from compiler.testgen.derived import derived_tests
from compiler.testgen.fields import field_tests_view
from compiler.testgen.lifecycles import lifecycle_tests
from compiler.testgen.rules import rule_tests_view
from compiler.testgen.scenes.factory import FactoryModel
from compiler.testgen.scenes.scene import Evaluator
from compiler.testgen.scenes.search import RuleScenes


@dataclass(frozen=True, slots=True)
class EntityUrl:
    url: str
    module: str
    spec_ref: str
    public: bool
    """`anyone` may read some rows: list and read answer without a token."""


@dataclass(frozen=True, slots=True)
class AuthTestsView:
    signup_role: str | None
    roles: tuple[str, ...]
    spec_ref: str
    """The front matter, where `auth` is declared."""
    entities: tuple[EntityUrl, ...]


def test_files(app: AppView, spec: Spec, header: str) -> list[GeneratedFile]:
    evaluator, factory = Evaluator(spec), FactoryModel(spec, app.facts)
    files = [
        *_infrastructure_files(app, header),
        GeneratedFile(
            "tests/factories.py",
            render(
                "app/tests/factories.py.j2",
                header=header,
                factories=factory_views(app, spec, factory.rule_data),
            ),
        ),
        GeneratedFile(
            "tests/test_auth.py",
            render("app/tests/test_auth.py.j2", header=header, a=_auth(app, spec)),
        ),
    ]
    for entity, view in zip(spec.entities, app.entities, strict=True):
        scenes = RuleScenes(spec, entity, evaluator, factory)
        fields = field_tests_view(spec, entity, view, scenes)
        files.append(
            GeneratedFile(
                f"tests/test_{view.module}_fields.py",
                render("app/tests/test_entity_fields.py.j2", header=header, t=fields),
            )
        )
        access = access_tests_view(spec, entity, view, app.max_page_size)
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
        actions = action_tests(spec, entity, view)
        if not actions.empty:
            files.append(
                GeneratedFile(
                    f"tests/test_{view.module}_actions.py",
                    render("app/tests/test_entity_actions.py.j2", header=header, t=actions),
                )
            )
        deletes = delete_tests_view(spec, app, view)
        if deletes.cases:
            files.append(
                GeneratedFile(
                    f"tests/test_{view.module}_deletes.py",
                    render("app/tests/test_entity_deletes.py.j2", header=header, t=deletes),
                )
            )
        derived = derived_tests(spec, entity, view)
        if not derived.empty:
            files.append(
                GeneratedFile(
                    f"tests/test_{view.module}_derived.py",
                    render(
                        "app/tests/test_entity_derived.py.j2",
                        header=header,
                        t=derived,
                        sql_helpers=app.sql_helpers,
                    ),
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
        spec_ref=spec_refs(spec).of(spec.app.span),
        entities=tuple(
            EntityUrl(
                f"/api/{view.url}",
                view.module,
                spec_refs(spec).of(entity.name_span),
                view.access.public,
            )
            for entity, view in zip(spec.entities, app.entities, strict=True)
        ),
    )


def _infrastructure_files(app: AppView, header: str) -> list[GeneratedFile]:
    return [
        _rendered("tests/__init__.py", "app/tests/__init__.py.j2", header=header),
        _rendered(
            "tests/conftest.py",
            "app/tests/conftest.py.j2",
            header=header,
            spec_clock=clock_source(),
        ),
        _rendered("tests/test_health.py", "app/tests/test_health.py.j2", header=header, app=app),
        _rendered("tests/test_migrations.py", "app/tests/test_migrations.py.j2", header=header),
        _rendered(
            "tests/test_security.py", "app/tests/test_security.py.j2", header=header, app=app
        ),
    ]


def _rendered(path: str, template: str, **context: object) -> GeneratedFile:
    return GeneratedFile(path, render(template, **context))
