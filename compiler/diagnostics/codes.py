"""The registry of diagnostic codes.

Codes are stable: once published, a code keeps its meaning forever (retired
codes are never reused). `docs/diagnostics.md` is generated from this table and
a test keeps the two in sync. Numbering: E0xx input, E1xx document and front
matter, E2xx entities, fields and types, E3xx expressions, E4xx access,
E5xx lifecycles, E6xx rules, E7xx examples, E8xx annotations, E9xx the
evolution of a built app's database (migrations); W-codes are
warnings in the same ranges; G0xx are the gate stage's (compile output and
generated tests).
"""

from __future__ import annotations

from compiler.diagnostics.registry import CODES, Code, Severity, define

__all__ = ["CODES", "Code", "Severity"]  # with every code constant below


# E0xx — the input file itself
UNREADABLE = define("E001", "spec cannot be read", "The file does not exist or cannot be read.")
NOT_UTF8 = define(
    "E002",
    "spec is not UTF-8 text",
    "The spec must be UTF-8 encoded text (binary files are refused).",
)
TOO_LARGE = define(
    "E003", "spec is too large", "Specs larger than the configured limit are refused."
)

# E1xx — document structure and front matter: in `front_matter_codes`
from compiler.diagnostics.front_matter_codes import (  # noqa: E402, F401
    BAD_ROLE_NAME,
    BAD_YAML,
    DUPLICATE_ROLE,
    DUPLICATE_SUBSECTION,
    FRONT_MATTER_SCHEMA,
    NO_ENTITIES,
    NO_FRONT_MATTER,
    UNCLOSED_FRONT_MATTER,
    UNKNOWN_SIGNUP_ROLE,
    UNKNOWN_SUBSECTION,
    UNKNOWN_TIMEZONE,
)

# E2xx — entities, fields, types and field rules
BAD_ENTITY_NAME = define(
    "E201",
    "invalid entity name",
    "Entity names are CapitalisedIdentifiers (letters and digits, starting with a capital).",
)
DUPLICATE_ENTITY = define("E202", "duplicate entity", "Two sections declare the same entity.")
UNKNOWN_TYPE = define(
    "E203", "unknown type", "A field's type is neither a built-in type nor a declared entity."
)
BAD_FIELD_NAME = define(
    "E204", "invalid field name", "Field names are lowercase identifiers: letters, digits and `_`."
)
DUPLICATE_FIELD = define("E205", "duplicate field", "An entity declares the same field twice.")
RESERVED_NAME = define(
    "E206",
    "reserved name",
    "The name is a Python keyword, an SQL reserved word, a name the generated app uses itself "
    "(id, created_at, updated_at, …) or an entity name the compiler reserves (User).",
)
BAD_FIELDS_TABLE = define(
    "E207",
    "malformed fields table",
    "An entity's fields table needs the header `Field | Type | Rules` (an optional fourth "
    "column `Description` is allowed) and one field per row.",
)
NO_FIELDS = define("E208", "entity has no fields", "An entity section needs a fields table.")
UNKNOWN_FIELD_RULE = define(
    "E209", "unknown field rule", "A `;`-separated item of the Rules column is not a known rule."
)
RULE_NOT_FOR_TYPE = define(
    "E210",
    "rule does not apply to this type",
    "For instance `length` on a number, `pattern` on a date, or `min` on a boolean.",
)
IMPOSSIBLE_RANGE = define(
    "E211", "impossible range", "A range's lower bound is greater than its upper bound."
)
BAD_DEFAULT = define(
    "E212", "invalid default", "A default value is not a value of the field's type or enumeration."
)
BAD_PATTERN = define("E213", "invalid regular expression", "A `pattern` is not a valid regex.")
PATTERN_NOT_PORTABLE = define(
    "E224",
    "pattern uses a regex feature the app cannot check",
    "The generated app checks patterns with pydantic's regex engine (Rust's `regex`), which has "
    "no look-arounds (`(?=…)`, `(?<!…)`) and no back-references (`\\1`). Write the pattern "
    "without them.",
)
CONFLICTING_RULES = define(
    "E214",
    "conflicting field rules",
    "Two rules of a field contradict each other (for instance `required` with `computed`), "
    "or a rule is given twice.",
)
BAD_ENUM = define(
    "E215", "invalid enumeration", "A `one of:` list is empty or has duplicate or invalid values."
)
BAD_DECIMAL = define(
    "E216",
    "invalid decimal precision",
    "`decimal(p, s)` needs 1 ≤ p ≤ 38 and 0 ≤ s ≤ p.",
)
BAD_REFERENCE_RULE = define(
    "E217",
    "invalid reference rule",
    "`set to current user` and `only users with role` apply to User fields; "
    "`only where` applies to references.",
)
UNKNOWN_ROLE = define("E218", "unknown role", "A role is named that `auth.roles` does not declare.")
BAD_LITERAL = define(
    "E219", "invalid value", "A bound or value in a field rule is not a value of the field's type."
)
OPTIONAL_REQUIRED = define(
    "E220", "optional field marked required", "A `?` type cannot also be `required`."
)
BAD_LIST_TYPE = define(
    "E221", "invalid list type", "`list of` takes an entity (`list of Tag`), not a scalar type."
)
UNIQUE_NOT_SUPPORTED = define(
    "E222", "unique not supported", "`unique` does not apply to computed, list or long text fields."
)
BAD_OWNER = define(
    "E223",
    "invalid owner field",
    "An entity has more than one owner candidate, or `owner` marks a field that is not a User.",
)
REQUIRED_WITHOUT_INPUT = define(
    "W224",
    "redundant rule",
    "The rule has no effect here (for instance `required` on a field set to the current user).",
)

# E301–E321, expressions: in `expr_codes` (registered on import)
from compiler.diagnostics.expr_codes import (  # noqa: E402, F401
    BAD_ASSIGNMENT,
    BAD_DURATION_ARITHMETIC,
    BAD_RELATIVE_DATE,
    BRANCH_TYPES_DIFFER,
    COMPUTED_TYPE,
    CYCLIC_COMPUTED,
    DATE_PLUS_TIME,
    DURATION_NOT_STORED,
    EXPR_SYNTAX,
    NO_OWNER_FOR_OWN,
    NOT_BOOLEAN,
    NOT_ENUM_VALUE,
    NOT_IN_CONTEXT,
    SCALAR_EXTREME_TYPES,
    SINGLE_EQUALS,
    TYPE_MISMATCH,
    UNKNOWN_ENTITY_IN_EXPR,
    UNKNOWN_FUNCTION,
    UNKNOWN_NAME,
    UNTERMINATED_STRING,
    WRONG_ARITY,
)

# E4xx — access
NO_ACCESS_TABLE = define(
    "E401",
    "entity has no Access table",
    "Every entity needs an explicit `### Access` table; there is no default access.",
)
BAD_ACCESS_TABLE = define(
    "E402",
    "malformed Access table",
    "The header must be `Role | create | read | update | delete` (any order, each action once).",
)
BAD_ACCESS_CELL = define(
    "E403",
    "invalid access cell",
    "A cell is `yes`, `no`, `all`, `own` or ``where `expression` ``.",
)
OWN_WITHOUT_OWNER = define(
    "E404",
    "`own` without an owner",
    "`own` needs an owner field: the one User field set to the current user, or one marked "
    "`owner`.",
)
DUPLICATE_ACCESS_ROLE = define(
    "E405", "role listed twice", "A role has two rows in one Access table."
)
ROLE_WITHOUT_ACCESS = define(
    "W406",
    "role missing from Access table",
    "A role declared in the front matter has no row; it gets no access to the entity.",
)
OWN_ON_CREATE = define(
    "E407",
    "`own` in the create column",
    "A row does not exist before it is created; use `yes`, `no` or `where`.",
)
# E408–E411, the `anyone` row: in `access_codes` (registered on import)
from compiler.diagnostics.access_codes import (  # noqa: E402, F401
    ANYONE_HAS_NO_USER,
    ANYONE_IS_RESERVED,
    ANYONE_MAY_ONLY_READ,
    ANYONE_OWNS_NOTHING,
)

# E5xx — lifecycles
LIFECYCLE_FIELD = define(
    "E501",
    "lifecycle of an unknown or non-enumeration field",
    "`### Lifecycle of <field>` must name a `one of:` field of the entity.",
)
UNKNOWN_STATE = define("E502", "unknown state", "A transition names a state the enumeration lacks.")
BAD_TRANSITION = define(
    "E503",
    "malformed transition",
    "A transition reads `- from[, from…] → to, by role[ (own)][, when `cond`][: sets `x = e`…]`.",
)
DUPLICATE_TRANSITION = define(
    "E504", "duplicate transition", "The same from → to pair is listed twice."
)
UNREACHABLE_STATE = define(
    "W505", "unreachable state", "No sequence of transitions leads from the initial state to it."
)
DUPLICATE_LIFECYCLE = define(
    "E506", "two lifecycles for one field", "A field has more than one Lifecycle subsection."
)
SELF_TRANSITION = define(
    "E507", "transition to the same state", "A transition's from and to are equal."
)
LIFECYCLE_ONLY_WITHOUT_LIFECYCLE = define(
    "E508",
    "`changes by lifecycle only` without a lifecycle",
    "The rule needs a `### Lifecycle of <field>` subsection for the field.",
)
EFFECT_ON_READONLY_TARGET = define(
    "E509",
    "effect assigns a field it may not",
    "An effect assigns the lifecycle field itself, a computed field or an unknown field.",
)
# E510–E514, effects on other rows and transition labels: in `lifecycle_codes`
# E515–E519, actions (`### Actions`): in `action_codes` (registered on import)
from compiler.diagnostics.action_codes import (  # noqa: E402, F401
    ACTION_NAME_CLASH,
    ACTION_WITHOUT_EFFECT,
    BAD_ACTION,
    DUPLICATE_ACTION,
    DUPLICATE_ACTION_LABEL,
)
from compiler.diagnostics.lifecycle_codes import (  # noqa: E402, F401
    DUPLICATE_TRANSITION_LABEL,
    EFFECT_ON_OTHER_FIELD,
    EFFECT_REFERENCE_UNKNOWN,
    EFFECT_ROLE_MAY_NOT_UPDATE,
    EFFECT_THROUGH_LIST,
)

# E6xx — rules
EMPTY_RULE = define("E601", "empty rule", "A `### Rules` bullet needs a sentence (the message).")
PROSE_RULE = define(
    "W602",
    "prose rule has no expression",
    "The rule is kept as prose for the LLM-assisted path; add a code span with an expression "
    "to make it deterministic.",
)
RULES_NOT_LIST = define(
    "E603",
    "Rules is not a list",
    "A `### Rules` subsection holds a bullet list, one rule per item.",
)
PROSE_RULE_NOT_COMPILABLE = define(
    "E605",
    "prose rule cannot be compiled",
    "`specc compile` refuses a rule without an expression: no code is generated for a rule "
    "nobody can check. Write its condition in backticks (`specc check` reports it as W602).",
)
TWO_EXPRESSIONS = define(
    "E604", "rule has more than one expression", "A rule bullet holds at most one code span."
)
# E225–E231, composite uniqueness: in `unique_codes` (registered on import)
# E232–E233, delete behaviour of references: in `delete_codes` (registered on import)
from compiler.diagnostics.delete_codes import (  # noqa: E402, F401
    ON_DELETE_NOT_REFERENCE,
    SET_NULL_ON_REQUIRED,
)

# E250–E253 and E255, values derived on write (E254 retired): in `derived_codes`
from compiler.diagnostics.derived_codes import (  # noqa: E402, F401
    CYCLIC_DERIVED,
    DERIVED_CONFLICT,
    DERIVED_MISSING_ON_CREATE,
    DERIVED_TYPE,
    DERIVED_UNKNOWABLE,
)

# E611–E612, rules no row can keep, and E640–E644: in `rule_codes` (registered on import)
# E606–E610, the LLM-assisted stage's: in `llm_codes` (registered on import)
from compiler.diagnostics.llm_codes import (  # noqa: E402, F401
    BAD_LOCK_FILE,
    LOCKED_ANSWER_REFUSED,
    MODEL_UNAVAILABLE,
    PROSE_RULE_REFUSED,
    STALE_LOCK_ENTRY,
)
from compiler.diagnostics.rule_codes import (  # noqa: E402, F401
    NO_TEST_DATA,
    RULE_NO_NEW_ROW_KEEPS,
    RULE_READS_OWN_ID,
    RULES_CONTRADICT,
)
from compiler.diagnostics.unique_codes import (  # noqa: E402, F401
    UNIQUE_CONDITION_NOT_LOCAL,
    UNIQUE_DUPLICATE,
    UNIQUE_FIELD_NOT_SUPPORTED,
    UNIQUE_FIELD_TWICE,
    UNIQUE_ONE_FIELD,
    UNIQUE_SYNTAX,
    UNIQUE_UNKNOWN_FIELD,
)

# E7xx — examples
EXAMPLE_SYNTAX = define(
    "E701", "invalid example step", "A line of an `example` block is not a known step."
)
EXAMPLE_UNKNOWN_NAME = define(
    "E702", "unknown name in example", "A step names a user or row the example has not given."
)
EXAMPLE_UNKNOWN_FIELD = define(
    "E703", "unknown field in example", "A step sets a field the entity does not have."
)
EXAMPLE_BAD_VALUE = define(
    "E704", "invalid value in example", "A value does not fit the field's type or enumeration."
)
EXAMPLE_NO_TITLE = define(
    "E705", "example has no title", "The first line of an example block is its title."
)
EXAMPLE_NO_EXPECT = define(
    "E706", "example expects nothing", "An example needs at least one `expect` step."
)
EXAMPLE_DUPLICATE_NAME = define(
    "E707", "name given twice in example", "Two given users or rows share a name."
)
EXAMPLE_NO_ACTOR = define(
    "E708", "action without an actor", "An action step comes before any `as` step."
)
EXAMPLE_DUPLICATE_TITLE = define(
    "E709", "duplicate example title", "Two examples of a spec have the same title."
)
EXAMPLE_UNKNOWN_MESSAGE = define(
    "E710",
    "expected error matches no rule",
    '`expect error "…"` must quote the sentence of one of the spec\'s rules.',
)
AMBIGUOUS_GIVEN = define(
    "W711",
    "role and entity share a name",
    "`given member ann` names a role when `member` is one, even if an entity is called "
    "`Member`: the step makes a user. Write the entity's name as declared (`given Member …`) "
    "for a row of it.",
)

# E712–E713, examples that expect an error on a field: in `example_codes`
from compiler.diagnostics.example_codes import (  # noqa: E402, F401
    EXAMPLE_FIELD_ERROR_WITHOUT_WRITE,
    EXAMPLE_FIELD_NEVER_REFUSED,
)

# E8xx — MSFM annotations
UNKNOWN_POINTER = define(
    "E801", "unknown annotation pointer", "`{#id}` names no `~~~#id` annotation block."
)
DUPLICATE_POINTER = define("E802", "duplicate annotation id", "Two `~~~#id` blocks share an id.")
UNUSED_POINTER_BLOCK = define(
    "W803",
    "annotation block never referenced",
    "A `~~~#id` block is not pointed to by any `{#id}`.",
)

# G0xx — the gate stage: in `gate_codes` (registered on import)
from compiler.diagnostics.gate_codes import (  # noqa: E402, F401
    GATE_DID_NOT_RUN,
    HAND_EDIT,
    HAND_WRITTEN_FAILED,
    LINT_FAILED,
    NOT_SPECC_OUTPUT,
    STALE_OUTPUT,
    TEST_FAILED,
    UPGRADE_FAILED,
)

# E9xx — evolving the database of the previous build: defined in `migration_codes`
from compiler.diagnostics.migration_codes import *  # noqa: E402, F403

__all__ += ["CANNOT_MIGRATE", "DATA_LOSS", "RISKY_MIGRATION", "STALE_RENAME"]  # noqa: F405
