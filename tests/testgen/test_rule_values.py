"""The factory's dates, times and numbers are chosen so that its rows keep the rules."""

from __future__ import annotations

from decimal import Decimal

from compiler.testgen.data.rule_values import rule_values
from tests.front.helpers import build, spec_text


def offsets(fields: str, rules: str) -> dict[str, int]:
    spec = build(spec_text(fields, sections=f"### Rules\n\n{rules}\n"))
    return rule_values(spec, spec.entities[0])


def test_a_later_date_than_another_is_a_day_later() -> None:
    fields = "| loaned_on | date | required |\n| due_on | date | required |"
    assert offsets(fields, "- Due after the loan. `due_on > loaned_on`") == {"due_on": 1}
    assert offsets(fields, "- Due after the loan. `loaned_on < due_on`") == {"due_on": 1}
    assert offsets(fields, "- Due on or after. `due_on >= loaned_on`") == {}


def test_a_time_after_now_is_after_the_moment_the_app_checks_it() -> None:
    fields = "| starts_at | datetime | required |"
    assert offsets(fields, "- In the future. `starts_at > now()`") == {"starts_at": 60}
    # now() is read a little after the factory made the row: equal is already too late
    assert offsets(fields, "- Not in the past. `starts_at >= now()`") == {"starts_at": 60}
    # and the row made just before is in the past by then
    assert offsets(fields, "- In the past. `starts_at < now()`") == {}


def test_offsets_keep_the_field_bounds_and_several_rules_at_once() -> None:
    fields = (
        "| opens_on | date | required; after today |\n"
        "| closes_on | date | required |\n"
        "| label | text | required |"
    )
    rules = (
        "- Closes after it opens. `closes_on > opens_on`\n"
        "- Open for at most a week. `days_between(opens_on, closes_on) <= 7`"
    )
    found = offsets(fields, rules)
    assert found["opens_on"] >= 1 and 0 < found["closes_on"] - found["opens_on"] <= 7


def test_rules_over_other_rows_or_the_user_are_left_alone() -> None:
    fields = "| day | date | required |"
    assert offsets(fields, "- Counted. `count(Thing where day == self.day) <= 3`") == {}


def test_a_number_a_rule_fixes_takes_the_rules_literal() -> None:
    fields = "| price | money | range 0..99 |\n| qty | int | required; min 1 |"
    assert offsets(fields, "- Priced so. `price == 41.25`") == {"price": Decimal("41.25")}
    assert offsets(fields, "- Enough. `qty > 3`") == {"qty": 4}
    assert offsets(fields, "- Few. `qty <= 3`") == {}  # the factory's own 1 keeps it


def test_a_default_the_rules_break_is_overridden_unless_clients_cannot_write_it() -> None:
    # fuzz seed 6023: `default now` under "at least a day old" broke every create
    rule = "- A day old. `add_days(moment, 1) <= now()`"
    assert offsets("| moment | datetime | default now |", rule) == {"moment": -1440}
    assert offsets("| moment | datetime | default now; read-only |", rule) == {}
    assert offsets("| moment | datetime | default now |", "- Past. `moment <= now()`") == {}


def _text(source: str, n: int = 7) -> str:
    return str(eval(source, {"n": n}))


def test_a_text_meets_each_part_of_an_and() -> None:
    # issue 9, fuzz class 4: the factory's "Some notes of a thing, number 7" broke both parts
    fields = "| notes | long text | required |\n| label | text | required; unique |"
    found = offsets(fields, '- Notes. `starts_with(notes, "a") and len(notes) > 3`')
    assert set(found) == {"notes"}
    for n in (1, 7, 1234):
        text = _text(str(found["notes"]), n)
        assert text.startswith("a") and len(text) > 3
    loud = offsets(fields, "- Loud labels. `label == upper(label) and len(label) <= 12`")
    assert _text(str(loud["label"]), 7) != _text(str(loud["label"]), 8)  # still unique
    assert all(_text(str(loud["label"]), n).isupper() for n in (1, 999))


def test_texts_compared_with_each_other_and_other_parts_over_other_rows() -> None:
    fields = "| code | text | required |\n| name | text | required |\n| day | date | required |"
    rules = (
        "- Code first. `code < name`\n"
        "- Counted. `count(Thing where day == self.day) < 3 and days_between(day, today()) >= 2`"
    )
    found = offsets(fields, rules)
    code, name = (_text(str(found.get(f, "")), 5) if f in found else None for f in ("code", "name"))
    code = code or "Code 5"
    name = name or "Name 5"
    assert code < name
    assert found["day"] <= -2  # the `and` part over other rows no longer hides the date part
