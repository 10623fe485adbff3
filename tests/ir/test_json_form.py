"""Tests of the JSON form of the IR: round trip, schema validity and sync, errors, determinism."""

from __future__ import annotations

import dataclasses
import json
import re
import typing
from pathlib import Path as FilePath
from typing import Any, Literal

import pytest
from jsonschema import Draft202012Validator

from compiler.frontend import analyse_file
from compiler.ir import examples as ex
from compiler.ir import expr as ir_expr
from compiler.ir import model as m
from compiler.ir import types as t
from compiler.ir.actions import Action
from compiler.ir.derived import SetOnWrite
from compiler.ir.json_form import IRFormatError, dumps, field_hints, from_json, loads, to_json
from compiler.ir.span import Span
from compiler.ir.uniques import UniqueTogether

SCHEMA_PATH = FilePath(__file__).parents[2] / "spec_schema" / "ir.schema.json"
UNION_DEFS = {
    "Expr": ir_expr.Expr,
    "FieldType": t.FieldType,
    "FieldRule": m.FieldRule,
    "Step": ex.Step,
}


class _Spans:
    """Distinct spans, one per call, so a swapped span would break the round trip."""

    def __init__(self) -> None:
        self.line = 0

    def __call__(self) -> Span:
        self.line += 1
        return Span(self.line, 2, self.line, 9)


def sample_spec() -> m.Spec:
    """A small hand-built spec that uses every node class of the IR."""
    s = _Spans()

    def path(*parts: str) -> ir_expr.Path:
        return ir_expr.Path(parts, s(), tuple(s() for _ in parts))

    status_open = ir_expr.StringLit("open", s())
    is_open = ir_expr.Binary("==", path("status"), status_open, s(), s())
    every_expr = ir_expr.Binary(
        "and",
        ir_expr.Unary("not", ir_expr.IsNull(path("closed_at"), True, s()), s()),
        ir_expr.In(path("priority"), (ir_expr.IntLit(1, s()), ir_expr.IntLit(2, s())), False, s()),
        s(),
        s(),
    )
    count_open = ir_expr.Aggregate("count", "Ticket", None, is_open, s(), s())
    total = ir_expr.Aggregate("sum", "Ticket", "price", None, s(), s())
    fields = (
        m.Field(
            "title",
            t.ScalarType("text"),
            False,
            (m.Required(s()), m.Unique(s()), m.Length(3, None, s()), m.Pattern("[A-Z].*", s())),
            "The title.",
            (),
            s(),
            s(),
            s(),
        ),
        m.Field(
            "status",
            t.EnumType(("open", "closed")),
            False,
            (m.Default(status_open, s()), m.LifecycleOnly(s()), m.RenamedFrom("state", s())),
            "",
            (m.Note("Statuses follow the lifecycle.", s(), "status-note"),),
            s(),
            s(),
            s(),
        ),
        m.Field(
            "price",
            t.ScalarType("money", 14, 2),
            True,
            (
                m.Minimum(ir_expr.DecimalLit("0.00", s()), True, s()),
                m.Maximum(ir_expr.DecimalLit("1000.00", s()), False, s()),
            ),
            "Price, if any.",
            (),
            s(),
            s(),
            s(),
        ),
        m.Field(
            "author",
            t.RefType("User"),
            False,
            (m.SetAutomatically("current_user", "create", s()), m.ReadOnly(s()), m.Owner(s())),
            "",
            (),
            s(),
            s(),
            s(),
        ),
        m.Field(
            "assignee",
            t.RefType("User"),
            True,
            (m.OnlyWhere(ir_expr.IsOwn(path("assignee"), s()), s()),),
            "",
            (),
            s(),
            s(),
            s(),
        ),
        m.Field("tags", t.ListType("Tag"), False, (), "", (), s(), s(), s()),
        m.Field(
            "slug",
            t.ScalarType("text"),
            False,
            (SetOnWrite(path("title"), ("create", "update"), s()),),
            "",
            (),
            s(),
            s(),
            s(),
        ),
        m.Field(
            "main_tag",
            t.RefType("Tag"),
            True,
            (m.OnDelete("set null", s()),),
            "",
            (),
            s(),
            s(),
            s(),
        ),
        m.Field(
            "age",
            t.ScalarType("int"),
            False,
            (
                m.Computed(
                    ir_expr.Conditional(
                        ir_expr.IsNull(path("created_at"), True, s()),
                        ir_expr.Call(
                            "days_between",
                            (path("created_at"), ir_expr.Call("now", (), s(), s())),
                            s(),
                            s(),
                        ),
                        ir_expr.IntLit(0, s()),
                        s(),
                    ),
                    s(),
                ),
            ),
            "",
            (),
            s(),
            s(),
            s(),
        ),
    )
    no = m.AccessCell("no", None, s())
    access = m.Access(
        (
            m.AccessRow(
                "agent",
                m.AccessCell("all", None, s()),
                m.AccessCell("all", None, s()),
                m.AccessCell("where", is_open, s()),
                no,
                s(),
                s(),
            ),
            m.AccessRow(
                "customer",
                m.AccessCell("own", None, s()),
                m.AccessCell("own", None, s()),
                no,
                no,
                s(),
                s(),
            ),
        ),
        s(),
    )
    close = m.Transition(
        ("open",),
        "closed",
        (m.Actor("agent", False, s()), m.Actor("customer", True, s())),
        ir_expr.BoolLit(True, s()),
        (ir_expr.Assignment("closed_at", ir_expr.Call("now", (), s(), s()), s(), s()),),
        (m.Note("Closing is final.", s()),),
        s(),
        s(),
        s(),
    )
    ticket = m.Entity(
        name="Ticket",
        description="A support request.",
        fields=fields,
        rules=(
            m.Rule("Open tickets need a price.", every_expr, (), s()),
            m.Rule("Be nice.", None, (m.Note("Prose rule.", s()),), s()),
            m.Rule(
                "Not too many.",
                ir_expr.Binary("<", count_open, ir_expr.Unary("-", total, s()), s(), s()),
                (),
                s(),
            ),
        ),
        access=access,
        lifecycles=(m.Lifecycle("status", "open", (close,), s(), s()),),
        owner="author",
        notes=(),
        span=s(),
        name_span=s(),
        uniques=(
            UniqueTogether(
                "One open ticket per title and author.",
                ("title", "author"),
                (s(), s()),
                ir_expr.IsNull(path("closed_at"), False, s()),
                s(),
            ),
        ),
        actions=(
            Action(
                "escalate",
                (m.Actor("agent", False, s()),),
                is_open,
                "Escalate",
                (ir_expr.Assignment("priority", ir_expr.IntLit(2, s()), s(), s()),),
                s(),
                s(),
            ),
        ),
    )
    tag = m.Entity("Tag", "", (), (), None, (), None, (), s(), s())
    ann = ex.FieldValue("status", path("open"), s())
    example = ex.Example(
        "Agents close tickets",
        (
            ex.GivenUser("customer", "ann", s(), s()),
            ex.GivenRow("Ticket", "T1", (ann,), s(), s()),
            ex.ActAs("user", "ann", s(), s()),
            ex.Create(
                "Ticket", "T2", (ex.FieldValue("title", ir_expr.NullLit(s()), s()),), s(), s()
            ),
            ex.Read("T1", s(), s()),
            ex.Update("T1", (ann,), s(), s()),
            ex.Delete("T2", s(), s()),
            ex.ListRows("Ticket", s()),
            ex.Expect("error", "Be nice.", None, None, s(), s()),
            ex.Expect("count", None, 1, None, s(), None),
            ex.Expect("condition", None, None, is_open, s(), s()),
            ex.ActAs("anonymous", None, s(), None),
        ),
        "Ticket",
        s(),
        s(),
    )
    app = m.App(
        name="helpdesk",
        title="Help desk — «support»",
        summary="Tickets.",
        description="",
        roles=(m.Role("agent", s()), m.Role("customer", s())),
        signup_role="customer",
        settings=m.Settings(25, 100, "EUR", "Europe/Paris"),
        notes=(m.Note("An app note.", s()),),
        span=s(),
    )
    docs = (m.DocSection("Glossary", "A ticket is a request.", s()),)
    return m.Spec(m.IR_VERSION, "spec.md", app, (ticket, tag), (example,), docs)


def reachable_classes() -> set[type]:
    """Every dataclass (other than Span) that a Spec may contain."""
    found: set[type] = set()

    def walk(hint: Any) -> None:
        if dataclasses.is_dataclass(hint) and hint is not Span:
            if hint not in found:
                found.add(hint)
                for _, field_hint in field_hints(hint):
                    walk(field_hint)
        else:
            for arg in typing.get_args(hint):
                walk(arg)

    walk(m.Spec)
    return found


def used_classes(value: Any) -> set[type]:
    """Every dataclass (other than Span) that occurs in a value."""
    if isinstance(value, tuple):
        return set().union(*map(used_classes, value))
    if dataclasses.is_dataclass(value) and not isinstance(value, Span):
        inner = (used_classes(getattr(value, f.name)) for f in dataclasses.fields(value))
        return {type(value)}.union(*inner)
    return set()


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def test_sample_covers_every_node_class() -> None:
    assert used_classes(sample_spec()) == reachable_classes()


def test_round_trip_is_exact() -> None:
    spec = sample_spec()
    assert from_json(to_json(spec)) == spec
    assert loads(dumps(spec)) == spec


def test_round_trip_through_text_keeps_types() -> None:
    spec = loads(dumps(sample_spec()))
    title = spec.entities[0].fields[0]
    assert isinstance(title.rules, tuple) and isinstance(title.span, Span)
    assert spec.app.title == "Help desk — «support»"


def test_json_shape() -> None:
    data = to_json(sample_spec())
    assert list(data) == ["node", "ir_version", "source", "app", "entities", "examples", "docs"]
    assert data["node"] == "Spec" and data["ir_version"] == m.IR_VERSION
    title = data["entities"][0]["fields"][0]
    assert list(title)[:3] == ["node", "name", "type"]
    assert title["type"] == {"node": "ScalarType", "kind": "text", "precision": None, "scale": None}
    line = title["span"][0]
    assert title["span"] == [line, 2, line, 9]
    assert "rule" not in title and "has" not in title


def test_dumps_is_deterministic() -> None:
    text = dumps(sample_spec())
    assert text == dumps(sample_spec())
    assert text.endswith("}\n") and "«support»" in text
    assert json.loads(text) == to_json(sample_spec())
    assert '"span": [' in text and re.search(r'"span": \[\d+, \d+, \d+, \d+\]', text)
    assert not re.search(r'"span": \[\n', text), "spans are written on one line"


def test_json_validates_against_schema(schema: dict[str, Any]) -> None:
    Draft202012Validator.check_schema(schema)
    Draft202012Validator(schema).validate(to_json(sample_spec()))


def test_schema_rejects_malformed_json(schema: dict[str, Any]) -> None:
    validator = Draft202012Validator(schema)
    data = to_json(sample_spec())
    data["entities"][0]["fields"][0]["rules"][0]["node"] = "Bogus"
    data["app"]["span"] = [1, 2, 3]
    data["docs"][0]["extra"] = 1
    assert len(list(validator.iter_errors(data))) == 3


def test_schema_is_in_sync_with_dataclasses(schema: dict[str, Any]) -> None:
    defs = schema["$defs"]
    classes = reachable_classes()
    assert set(defs) == {cls.__name__ for cls in classes} | set(UNION_DEFS) | {"Span"}
    for cls in classes:
        names = [name for name, _ in field_hints(cls)]
        definition = defs[cls.__name__]
        assert definition["required"] == ["node", *names], cls.__name__
        assert list(definition["properties"]) == ["node", *names], cls.__name__
        assert definition["properties"]["node"] == {"const": cls.__name__}
        assert definition["additionalProperties"] is False
        assert definition["description"]
        for name, hint in field_hints(cls):
            literal = _literal_values(hint)
            if literal is not None:
                assert definition["properties"][name]["enum"] == literal, f"{cls.__name__}.{name}"
    for name, union in UNION_DEFS.items():
        refs = [option["$ref"] for option in defs[name]["oneOf"]]
        assert refs == [f"#/$defs/{cls.__name__}" for cls in typing.get_args(union)], name
    assert defs["Spec"]["properties"]["ir_version"] == {"const": m.IR_VERSION}


def _literal_values(hint: Any) -> list[str] | None:
    return list(typing.get_args(hint)) if typing.get_origin(hint) is Literal else None


def _mangled(change: Any) -> dict[str, Any]:
    data = to_json(sample_spec())
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["entities"][0]["fields"][0]["rules"][0].update(node="Bogus"), "'Bogus'"),
        (lambda d: d["entities"][0]["rules"][0]["expr"].update(node="Rule"), "node of StringLit"),
        (lambda d: d["app"].pop("summary"), "missing key 'summary'"),
        (lambda d: d["app"].update(colour="red"), "unknown key(s) ['colour']"),
        (lambda d: d.update(ir_version="0"), "unsupported IR version '0'"),
        (lambda d: d.pop("ir_version"), "missing key 'ir_version'"),
        (lambda d: d["app"].update(span=[1, 2, 3]), "$.app.span: expected a span"),
        (lambda d: d["app"].update(span=[1, 2, 3, "4"]), "$.app.span: expected a span"),
        (lambda d: d["app"]["settings"].update(page_size="25"), "expected an integer"),
        (lambda d: d["app"]["settings"].update(page_size=True), "expected an integer"),
        (lambda d: d["entities"][1].update(name=None), "$.entities[1].name: expected a string"),
        (lambda d: d["entities"][0].update(fields={}), "$.entities[0].fields: expected an array"),
        (lambda d: d["entities"][0].update(access=[]), "expected a Access object"),
        (lambda d: d["entities"][0]["fields"][1]["type"].update(values=None), "expected an array"),
        (lambda d: d["examples"][0]["steps"][2].update(kind="robot"), "expected one of"),
        (lambda d: d["examples"][0]["steps"].append(None), "null is not allowed"),
        (lambda d: d["examples"][0]["steps"].append("Read"), "got a string"),
    ],
)
def test_malformed_input_raises(change: Any, message: str) -> None:
    with pytest.raises(IRFormatError) as error:
        from_json(_mangled(change))
    assert message in str(error.value)


def test_malformed_text_and_root_raise() -> None:
    with pytest.raises(IRFormatError, match="not JSON"):
        loads("{")
    with pytest.raises(IRFormatError, match="expected a Spec object"):
        loads("[]")
    with pytest.raises(IRFormatError, match="expected node 'Spec'"):
        from_json({**to_json(sample_spec()), "node": "App"})


def test_error_is_a_value_error() -> None:
    assert issubclass(IRFormatError, ValueError)


def _on_field(example: ex.Example) -> bool:
    return any(isinstance(s, ex.Expect) and s.kind == "field_error" for s in example.steps)


@pytest.mark.parametrize(
    ("version", "dropped"),
    [
        ("3", ("label", "reference")),
        ("4", ("label",)),  # written by a build with effects on other rows
        ("4", ("reference",)),  # written by a build with transition labels
        ("5", ()),  # IR 6 only added a node (`Conditional`)
        ("6", ()),  # IR 7 only added a node (`SetOnWrite`)
        ("7", ()),  # IR 8 added `field` to expectations
        ("8", ()),  # IR 9 added `actions` to entities
    ],
)
def test_an_older_snapshot_reads_as_the_same_spec(version: str, dropped: tuple[str, ...]) -> None:
    """Previous builds keep their IR in `migrations/ir.json`; since IR 3 transitions gained
    `label` and effects `reference` and `reference_span`, so an older snapshot reads as the
    same spec with those None everywhere; entities gained `uniques` in IR 6 (none before);
    expectations gained `field` in IR 8 (an older example cannot expect a field's error);
    entities gained `actions` in IR 9 (none before)."""
    spec = analyse_file(FilePath("specs/helpdesk/spec.md"), "specs/helpdesk/spec.md").spec
    assert spec is not None
    assert any(entity.actions for entity in spec.entities)
    # an older build could write neither: the snapshot is of the spec without them
    spec = dataclasses.replace(
        spec,
        examples=tuple(e for e in spec.examples if not _on_field(e)),
        entities=tuple(dataclasses.replace(e, actions=()) for e in spec.entities),
    )
    old = json.loads(json.dumps(to_json(spec)))
    old["ir_version"] = version
    for example in old["examples"]:
        for step in example["steps"]:
            if step["node"] == "Expect" and version < "8":
                del step["field"]
    for entity in old["entities"]:
        if version < "6":
            del entity["uniques"]
        del entity["actions"]  # IR 9 (issue 14 item 8)
        for lifecycle in entity["lifecycles"]:
            for transition in lifecycle["transitions"]:
                if "label" in dropped:
                    transition.pop("label")
                for effect in transition["effects"]:
                    if "reference" in dropped:
                        del effect["reference"], effect["reference_span"]
    unlabelled = from_json(old)
    assert unlabelled.ir_version == m.IR_VERSION
    if "label" not in dropped:
        assert unlabelled == spec
    transitions = [t for e in unlabelled.entities for lc in e.lifecycles for t in lc.transitions]
    assert any(t.effects for t in transitions)
    if "label" in dropped:
        assert all(t.label is None for t in transitions)
