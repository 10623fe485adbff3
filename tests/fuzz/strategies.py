"""Hypothesis strategies that build markdown-shaped specs from fragments.

The fragments are drawn from the vocabulary of the spec language (type words,
field rules, expressions, access cells, transitions, example steps) mixed with
near misses and garbage, so that generated specs get past the front matter and
the document structure and exercise lowering and checking.
"""

from __future__ import annotations

from hypothesis import strategies as st

ENTITY_NAMES = ["Ticket", "Product", "Tag", "Comment", "A", "User", "ticket", "Order", "X1"]
VALID_FIELD_NAMES = ["title", "status", "product", "tags", "amount", "due", "closed_at", "owner"]
FIELD_NAMES = [
    "title",
    "status",
    "owner",
    "product",
    "tags",
    "amount",
    "due",
    "closed_at",
    "id",
    "order",
    "class",
    "self",
    "Bad-Name",
    "",
    "x",
]
ROLE_NAMES = ["customer", "agent", "admin", "Admin", "user", "anonymous", ""]

VALID_TYPES = [
    "text",
    "long text",
    "int",
    "money",
    "bool",
    "date?",
    "datetime?",
    "one of: open, pending, closed",
    "Product",
    "User",
    "list of Tag",
    "decimal(5, 2)",
]
TYPE_WORDS = [
    "text",
    "long text",
    "int",
    "decimal",
    "decimal(5, 2)",
    "decimal(0, 3)",
    "decimal(99, 100)",
    "decimal(",
    "money",
    "bool",
    "date",
    "datetime",
    "email",
    "url",
    "one of: open, closed",
    "one of: a, a",
    "one of:",
    "one of: Open, 1x",
    "Ticket",
    "Product",
    "User",
    "User?",
    "list of Tag",
    "list of int",
    "list of",
    "list of Tag?",
    "text?",
    "int??",
    "?",
    "Nope",
    "",
]
RULE_WORDS = [
    "required",
    "unique",
    "read-only",
    "default 0",
    "default true",
    "default open",
    'default "x"',
    "default today",
    "default now",
    "default",
    "length 2..60",
    "length ..10",
    "length 5",
    "length 9..2",
    "length ..",
    "min 0",
    "max now",
    "min 0.01",
    "after today",
    'before "2020-01-01"',
    'range "2020-01-01"..today',
    "range 1..",
    "range -5..5",
    "pattern `^[A-Z]{3}$`",
    "pattern `(`",
    "pattern",
    "set to current user",
    "set to now on create",
    "set to now on update",
    "set to",
    "computed: `days_between(created_at, now())`",
    "computed: `count(Ticket where product == self)`",
    "computed: `a + `",
    "computed:",
    "only where `product.active`",
    "only where ``",
    "only users with role agent",
    "only users with roles agent, admin",
    "only users with role",
    "changes by lifecycle only",
    "owner",
    "garbage words",
    ";",
]
EXPRESSIONS = [
    'priority != "urgent" or assignee is set',
    'count(Ticket where status != "closed" and opened_by == self.opened_by) <= 5',
    "coalesce(sum(OrderLine.line_total where sales_order == self), 0)",
    "ticket is own and not internal",
    "days_between(moved_on, today()) <= 7",
    'status in ("a", "b")',
    "status not in ()",
    "a < b < c",
    "x = 1",
    "round(x, 2)",
    'len("a\\"b")',
    "((((((((((((((((((((((((((((((x))))))))))))))))))))))))))))))",
    "not not not not not not not not not not true",
    "-" * 60 + "1",
    "f(",
    ")",
    '"unterminated',
    "1.2.3",
    "self.self.self",
    'current_user.role == "agent"',
    "count(",
    "sum(Ticket.title where)",
    "max(Ticket)",
    "a is own is own",
    "x in (1,",
    "9" * 40,
    "",
]
ACCESS_CELLS = [
    "yes",
    "no",
    "all",
    "own",
    "where `ticket is own`",
    "where ``",
    "where",
    "maybe",
    "",
]
GARBAGE = ["", " ", "|", "\\|", "`", "``", "→", "{#x}", "[a]{b}", "~~~", "é", "\t", "<b>", "***"]


def mostly(
    common: st.SearchStrategy[str], rare: st.SearchStrategy[str], weight: int = 4
) -> st.SearchStrategy[str]:
    """`common` about `weight` times as often as `rare` (one_of has no weights).

    The rare branch sits in the middle: hypothesis favours the first and last
    alternatives.
    """
    half = weight // 2
    return st.one_of(*([common] * half), rare, *([common] * (weight - half)))


def rarely(draw: st.DrawFn) -> bool:
    """True about one time in ten (a middle value: hypothesis favours the bounds)."""
    return draw(st.integers(0, 9)) == 5


def pick(draw: st.DrawFn, valid: str, near_misses: list[str]) -> str:
    """`valid` most of the time, otherwise one of the near misses."""
    return draw(st.sampled_from(near_misses)) if rarely(draw) else valid


def _word(options: list[str], weight: int = 8) -> st.SearchStrategy[str]:
    """A word of the vocabulary, sometimes garbage instead."""
    garbage = st.one_of(st.sampled_from(GARBAGE), st.text(max_size=6))
    return mostly(st.sampled_from(options), garbage, weight)


def code(expr: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return expr.map(lambda e: f"`{e}`")


expressions = st.one_of(
    st.sampled_from(EXPRESSIONS),
    st.lists(st.sampled_from([*EXPRESSIONS, "and", "or", "==", "(", ")"]), max_size=5).map(
        " ".join
    ),
)


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    """A front matter block: valid most of the time, otherwise one of many near misses."""
    roles = draw(st.lists(st.sampled_from(ROLE_NAMES), min_size=0, max_size=4))
    roles_yaml = draw(
        st.sampled_from(
            [
                f"[{', '.join(roles)}]",
                "[customer, agent, admin]",
                "customer",
                "5",
                "[]",
                "{a: b}",
                "[customer, customer]",
            ]
        )
    )
    lines = [
        "---",
        draw(
            st.sampled_from(["app: helpdesk", "app: Help Desk", "app: 5", "app:", "app: [x]", ""])
        ),
        draw(st.sampled_from(["title: Helpdesk", "title:", "title: [", ""])),
        draw(st.sampled_from(["auth:", "auth: 5", "auth: []", ""])),
        f"  roles: {roles_yaml}",
        draw(st.sampled_from(["  signup: customer", "  signup: nobody", "  signup: [1]", ""])),
        draw(st.sampled_from(["settings:", "settings: 1", ""])),
        draw(
            st.sampled_from(
                [
                    "  page_size: 25",
                    "  page_size: -1",
                    "  page_size: x",
                    "  timezone: Mars/Olympus",
                    "  currency: EURO",
                    "  max_page_size: 1",
                    "  unknown: 1",
                    "",
                ]
            )
        ),
        draw(
            st.sampled_from(["extra: 1", "- list", ": :", "\t", "&a [*a]", "!!python/object x", ""])
        ),
    ]
    close = draw(st.sampled_from(["---", "---", "---", "...", ""]))
    style = pick(draw, "valid", ["shuffled", "shuffled", "none", "only dashes"])
    if style == "valid":
        return "\n".join(
            [
                "---",
                "app: helpdesk",
                "title: Helpdesk",
                "auth:",
                "  roles: [customer, agent, admin]",
                "  signup: customer",
                "---",
            ]
        )
    if style == "none":
        return ""
    if style == "only dashes":
        return "---"
    lines = draw(st.permutations(lines[1:]))
    return "\n".join(["---", *lines, close])


@st.composite
def table(draw: st.DrawFn, header: list[str], cells: list[st.SearchStrategy[str]]) -> str:
    columns = pick(draw, "exact", ["fewer", "more", "shuffled"])
    head = list(header)
    if columns == "fewer":
        head = head[: draw(st.integers(1, len(head)))]
    elif columns == "more":
        head = [*head, draw(_word(["Description", "Notes", "Field"]))]
    elif columns == "shuffled":
        head = draw(st.permutations(head))
    rows = []
    for _ in range(draw(st.integers(1, 5))):
        width = draw(st.integers(0, len(head) + 1)) if rarely(draw) else len(head)
        row = [draw(cells[i % len(cells)]) for i in range(width)]
        rows.append("| " + " | ".join(row) + " |")
    sep = pick(draw, "|" + "---|" * len(head), ["|-|", "", "| :-- | --: |", "|---"])
    return "\n".join(["| " + " | ".join(head) + " |", sep, *rows])


def fields_table() -> st.SearchStrategy[str]:
    rules_cell = st.lists(_word(RULE_WORDS), max_size=4).map("; ".join)
    return table(
        ["Field", "Type", "Rules", "Description"],
        [
            mostly(st.sampled_from(VALID_FIELD_NAMES), _word(FIELD_NAMES)),
            mostly(st.sampled_from(VALID_TYPES), _word(TYPE_WORDS), 3),
            rules_cell,
            _word(["Help text.", "[a]{b}", ""]),
        ],
    )


def access_table() -> st.SearchStrategy[str]:
    cell = _word(ACCESS_CELLS)
    return table(
        ["Role", "create", "read", "update", "delete"],
        [mostly(st.sampled_from(ROLE_NAMES[:3]), _word(ROLE_NAMES)), cell, cell, cell, cell],
    )


@st.composite
def rules_section(draw: st.DrawFn) -> str:
    bullets = []
    for _ in range(draw(st.integers(0, 4))):
        sentence = draw(_word(["A rule.", "Urgent tickets need an assignee.", "[x]{y} z."]))
        spans = draw(st.lists(code(expressions), max_size=2))
        bullets.append(f"- {sentence} {' '.join(spans)}")
        if draw(st.booleans()):
            bullets.append("  ~~~\n  a note\n  ~~~")
    return "### Rules\n\n" + "\n".join(bullets)


@st.composite
def transition(draw: st.DrawFn) -> str:
    states = ["open", "pending", "closed", "nope", ""]
    froms = ", ".join(draw(st.lists(st.sampled_from(states), min_size=1, max_size=3)))
    arrow = draw(st.sampled_from(["→", "->", "=>", "", " → → "]))
    to = draw(st.sampled_from(states))
    actors = [
        f"by {draw(_word(ROLE_NAMES))}{draw(st.sampled_from(['', ' (own)', ' (x)', ' (own']))}"
        for _ in range(draw(st.integers(0, 3)))
    ]
    parts = [f"{froms} {arrow} {to}", *actors]
    if draw(st.booleans()):
        parts.append(f"when {draw(code(expressions))}")
    text = ", ".join(parts)
    if draw(st.booleans()):
        effects = draw(
            st.lists(
                code(st.sampled_from(["closed_at = now()", "reopened = reopened + 1", "x", "= 1"])),
                max_size=3,
            )
        )
        text += ": sets " + ", ".join(effects)
    return "- " + text


@st.composite
def lifecycle_section(draw: st.DrawFn) -> str:
    field = draw(_word(["status", "priority", "title"]))
    transitions = draw(st.lists(transition(), max_size=4))
    return f"### Lifecycle of {field}\n\n" + "\n".join(transitions)


EXAMPLE_STEPS = [
    "given customer ann, customer bob",
    "given customer",
    "given Ticket T1 status=pending opened_by=ann",
    'given Product PRN code="PRN"',
    "given Ticket T1 title=",
    "given Nope N1",
    "as ann",
    "as agent",
    "as owner of T1",
    "as anonymous",
    "as",
    'create Ticket title="x" body="y" product=PRN',
    "create Ticket T2",
    "read Ticket T1",
    "read T1",
    "update T1 status=closed",
    "update T9 x=1",
    "delete T1",
    "list Ticket",
    "list",
    "expect ok",
    'expect error "Urgent tickets need an assignee."',
    "expect not found",
    "expect count 2",
    "expect count x",
    "expect T1.closed_at is set",
    "expect T1.reopened == 1 and",
    "expect",
    "frobnicate",
    'given Ticket T1 title="unterminated',
]


@st.composite
def example_block(draw: st.DrawFn) -> str:
    fence = draw(st.sampled_from(["```", "```", "~~~", "````"]))
    info = draw(st.sampled_from(["example", "example", "Example", "example extra", ""]))
    title = draw(st.sampled_from(["A title", "A title", "", "given customer ann"]))
    steps = draw(st.lists(_word(EXAMPLE_STEPS), max_size=8))
    close = draw(st.sampled_from([fence, fence, ""]))
    return "\n".join([f"{fence}{info}", title, *steps, close])


@st.composite
def annotation_block(draw: st.DrawFn) -> str:
    info = draw(st.sampled_from(["", "#x", "#reopen-policy", "#", "#a b", "#x"]))
    body = draw(_word(["A note.", "", "```", "{#x}"]))
    return f"~~~{info}\n{body}\n~~~"


@st.composite
def prose(draw: st.DrawFn) -> str:
    words = draw(
        st.lists(
            _word(["Some", "prose", "[active]{note}", "{#x}", "**bold**", "`code`", "→", "\\"]),
            max_size=12,
        )
    )
    return " ".join(words)


@st.composite
def entity_section(draw: st.DrawFn) -> str:
    heading = pick(draw, "## ", ["### ", "# ", "##"])
    name = draw(
        mostly(st.sampled_from(["Ticket", "Product", "Tag", "Comment"]), _word(ENTITY_NAMES))
    )
    parts = [f"{heading}{name}", draw(prose())]
    if draw(st.integers(0, 6)):
        parts.append(draw(fields_table()))
    sub = st.one_of(
        rules_section(),
        lifecycle_section(),
        access_table().map(lambda t: "### Access\n\n" + t),
        st.lists(example_block(), max_size=2).map(lambda xs: "### Examples\n\n" + "\n\n".join(xs)),
        annotation_block(),
        _word(["### Acess", "### Rule", "### Lifecycle", "### Lifecycle of", "### Notes"]),
        bullets(),
    )
    parts += draw(st.lists(sub, max_size=5))
    return "\n\n".join(parts)


@st.composite
def bullets(draw: st.DrawFn) -> str:
    items = draw(st.lists(_word(["item", "`x == 1`", "a → b", "- nested", "> quote"]), max_size=4))
    indent = draw(st.sampled_from(["", "  ", "    "]))
    return "\n".join(f"{indent}- {item}" for item in items)


@st.composite
def markdown_spec(draw: st.DrawFn) -> str:
    """A whole spec: front matter, a title, then documentation and entity sections."""
    parts = [draw(front_matter())]
    if draw(st.integers(0, 4)):
        parts.append(f"# {draw(_word(['Helpdesk', '']))}\n\n{draw(prose())}")
    entities = draw(st.lists(entity_section(), min_size=1, max_size=4))
    others = draw(
        st.lists(st.one_of(example_block(), annotation_block(), prose(), bullets()), max_size=3)
    )
    parts += draw(st.permutations(entities + others))
    separator = draw(st.sampled_from(["\n\n", "\n\n", "\n", "\n\n\n"]))
    return separator.join(parts) + draw(st.sampled_from(["", "\n"]))
