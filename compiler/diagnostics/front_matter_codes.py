"""Diagnostic codes of the document's structure and front matter (E1xx), registered with
all others and re-exported by `compiler.diagnostics.codes`."""

from compiler.diagnostics.registry import define

NO_FRONT_MATTER = define(
    "E101",
    "missing front matter",
    "A spec starts with a YAML front matter block between `---` lines.",
)
BAD_YAML = define("E102", "front matter is not valid YAML", "The front matter could not be parsed.")
FRONT_MATTER_SCHEMA = define(
    "E103",
    "front matter does not match its schema",
    "A key is unknown, missing or of the wrong type (see spec_schema/front-matter.schema.json).",
)
UNCLOSED_FRONT_MATTER = define(
    "E104", "front matter is not closed", "The opening `---` has no closing `---` line."
)
UNKNOWN_SUBSECTION = define(
    "W105",
    "unknown annotated subsection",
    "A `###` heading inside an entity that is not Rules, Access, Lifecycle of <field> or Examples "
    "is kept as documentation; check its spelling if you meant one of those.",
)
DUPLICATE_SUBSECTION = define(
    "E106", "duplicate subsection", "An entity has two Rules, Access or Examples subsections."
)
NO_ENTITIES = define(
    "E107", "spec declares no entities", "A spec needs at least one entity section."
)
DUPLICATE_ROLE = define("E108", "duplicate role", "A role is listed twice in `auth.roles`.")
UNKNOWN_SIGNUP_ROLE = define(
    "E109", "unknown signup role", "`auth.signup` must name one of `auth.roles`."
)
BAD_ROLE_NAME = define(
    "E110", "invalid role name", "Role names are lowercase identifiers: letters, digits and `_`."
)
UNKNOWN_TIMEZONE = define(
    "E111", "unknown time zone", "`settings.timezone` must name an IANA zone (`Europe/Berlin`)."
)
