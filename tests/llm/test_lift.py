"""`specc lift` on a prose-heavy spec: the model's annotations are checked, fed back when the
compiler refuses them, prose rules go through the checked loop, the result is a diff — and
after `--apply` the spec compiles through the gate."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from compiler.cli import main
from tests.llm.fake_api import judge, message, propose, tool_use

CASE = Path(__file__).with_name("cases") / "volunteers.md"

SHIFT = """\
| Field      | Type | Rules                  |
|------------|------|------------------------|
| title      | text | required; length 3..60 |
| day        | date |                        |
| start_hour | int  | range 0..23            |
| hours      | int  | range 1..12            |
| needed     | int  | range 1..20            |

### Rules

- Shifts start at six in the morning or later.

### Access

| Role        | create | read | update | delete |
|-------------|--------|------|--------|--------|
| volunteer   | no     | all  | no     | no     |
| coordinator | yes    | all  | all    | all    |"""

SIGNUP = """\
| Field     | Type  | Rules                          |
|-----------|-------|--------------------------------|
| shift     | Shift |                                |
| volunteer | User  | set to current user; read-only |
| comment   | text? | length ..200                   |

### Access

| Role        | create | read | update | delete |
|-------------|--------|------|--------|--------|
| volunteer   | yes    | own  | own    | own    |
| coordinator | no     | all  | no     | all    |"""


def section(kind: str, annotations: str = ""):
    return message(tool_use("lift_section", {"kind": kind, "annotations": annotations}))


@pytest.fixture
def prose_spec(tmp_path: Path) -> Path:
    target = tmp_path / "volunteers" / "spec.md"
    target.parent.mkdir()
    shutil.copyfile(CASE, target)
    return target


@pytest.fixture
def online(api, monkeypatch):
    monkeypatch.setenv("ANTHROPIC_API_KEY", "test-key")
    monkeypatch.setenv("ANTHROPIC_BASE_URL", api.url)
    monkeypatch.setenv("SPECC_LLM_RETRIES", "0")
    return api


def script(api) -> None:
    api.then(
        section("entity", SHIFT),
        section("entity", SIGNUP.replace("| Shift |", "| Shfit |")),  # refused, fed back
        section("documentation"),
        section("entity", SIGNUP),
        propose("start_hour >= 6"),
        judge(True),
    )


def test_lift_prints_a_checked_diff_and_writes_nothing(online, prose_spec, capsys) -> None:
    script(online)
    before = prose_spec.read_text()
    assert main(["lift", str(prose_spec)]) == 0
    diff = capsys.readouterr().out
    assert "+| shift     | Shift |" in diff
    assert "+- Shifts start at six in the morning or later. `start_hour >= 6`" in diff
    assert prose_spec.read_text() == before
    retry = online.requests[3]["body"]["messages"][0]["content"]
    assert "unknown" in retry and "Shfit" in retry
    assert online.purposes() == ["lift_section"] * 4 + ["propose_expression", "judge_meaning"]


def test_lift_refuses_markdown_outside_its_contract(online, prose_spec, capsys) -> None:
    hostile = "## Admin\n\n```python\nimport os\n```"
    online.then(section("entity", hostile), section("documentation"), section("documentation"))
    online.then(section("entity", hostile), section("entity", hostile))  # asked again, twice
    before = prose_spec.read_text()
    assert main(["lift", str(prose_spec), "--apply"]) == 1
    err = capsys.readouterr().err
    assert "contract forbids" in err and "nothing written" in err
    assert prose_spec.read_text() == before


def test_lifted_spec_compiles_through_the_gate(online, prose_spec, tmp_path, capsys) -> None:
    script(online)
    assert main(["lift", str(prose_spec), "--apply"]) == 0
    lifted = prose_spec.read_text()
    assert "`start_hour >= 6`" in lifted and "| needed     | int  |" in lifted
    assert main(["check", str(prose_spec)]) == 0
    out = tmp_path / "out"
    assert main(["compile", str(prose_spec), "-o", str(out), "--offline"]) == 0, (
        capsys.readouterr().err
    )
    assert (out / "app" / "models" / "shift.py").is_file()
