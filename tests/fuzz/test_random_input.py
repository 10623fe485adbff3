"""Random text and bytes: the front end never raises and locations stay in the file."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz._support import analyse_bytes_checked, analyse_text_checked

FUZZ = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Characters with a meaning somewhere in the spec language or in markdown, plus
# every kind of line break Python's str.splitlines knows (a line counter that
# disagrees with split("\n") would put locations past the end of the file).
SPECIAL_CHARS = (
    "-|`~#>*_[]{}()<>=!:;,.\"'\\/ \t\n\r"
    "→←…–—é\u00a0\u200b\ufeff\u2028\u2029\x85\x0b\x0c\x1c\x1d\x1e\x00\x7f"
)

PIECES = [
    "---",
    "---\n",
    "\n---\n",
    "# ",
    "## ",
    "### ",
    "### Rules\n",
    "### Access\n",
    "### Examples\n",
    "### Lifecycle of status\n",
    "| Field | Type | Rules |\n|---|---|---|\n",
    "| Role | create | read | update | delete |\n|-|-|-|-|-|\n",
    "|",
    "\\|",
    "`",
    "```",
    "```example\n",
    "~~~",
    "~~~#x\n",
    "{#x}",
    "[a]{b}",
    "→",
    "->",
    "- ",
    "  - ",
    "> ",
    "1. ",
    "app: x\n",
    "auth:\n  roles: [a]\n",
    "    ",
    "\t",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
]

random_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=400)
special_text = st.text(alphabet=st.sampled_from(SPECIAL_CHARS + "abcXYZ019"), max_size=400)
piece_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=60).map(
    "".join
)

markdown_like = st.one_of(random_text, special_text, piece_text)


@st.composite
def huge_line(draw: st.DrawFn) -> str:
    """One very long line of a repeated fragment, maybe inside a spec-like frame."""
    fragment = draw(st.sampled_from(["a", "|", "`", "| a ", "-", "{", "[", "\\", "→", "é", " "]))
    repeat = draw(st.integers(min_value=1_000, max_value=60_000))
    line = fragment * repeat
    prefix = draw(st.sampled_from(["", "# ", "## A\n\n", "- ", "| ", "---\napp: ", "`"]))
    return prefix + line + draw(st.sampled_from(["", "\n", " `", " |"]))


@st.composite
def deep_nesting(draw: st.DrawFn) -> str:
    """Deeply nested lists and block quotes (markdown recursion)."""
    depth = draw(st.integers(min_value=1, max_value=400))
    marker = draw(st.sampled_from(["> ", "- ", "* ", "1. ", "> - ", "- > ", "  - "]))
    style = draw(st.sampled_from(["one line", "staircase", "quotes and lists"]))
    if style == "one line":
        return marker * depth + draw(st.sampled_from(["x", "`a`", "| a |", "```example"]))
    if style == "staircase":
        return "\n".join("  " * i + "- item" for i in range(depth))
    return "\n".join(">" * i + " - x" for i in range(depth))


@settings(FUZZ)
@given(markdown_like)
def test_random_text_never_raises(text: str) -> None:
    analyse_text_checked(text)


@settings(FUZZ)
@given(markdown_like)
def test_random_text_as_utf8_bytes(text: str) -> None:
    analyse_bytes_checked(text.encode("utf-8", "surrogatepass"))


@settings(FUZZ, max_examples=30)
@given(huge_line())
def test_huge_lines(text: str) -> None:
    analyse_text_checked(text)


@settings(FUZZ, max_examples=60)
@given(deep_nesting())
def test_deep_nesting(text: str) -> None:
    analyse_text_checked(text)


INTERESTING_BYTES = [
    b"\x00",
    b"\xff",
    b"\xfe",
    b"\xc3",
    b"\xc3\x28",
    b"\xe2\x82",
    b"\xed\xa0\x80",  # an encoded surrogate: not UTF-8
    b"\xf4\x90\x80\x80",  # above U+10FFFF
    b"\xef\xbb\xbf",  # BOM
    b"\r\n",
    b"\r",
    b"\n",
    b"---\n",
    b"|",
    b"`",
    b"\xe2\x86\x92",  # →
]


@st.composite
def random_bytes(draw: st.DrawFn) -> bytes:
    parts = draw(
        st.lists(st.one_of(st.binary(max_size=20), st.sampled_from(INTERESTING_BYTES)), max_size=40)
    )
    return b"".join(parts)


@settings(FUZZ)
@given(random_bytes())
def test_random_bytes_never_raise(data: bytes) -> None:
    result = analyse_bytes_checked(data)
    if b"\x00" in data:
        assert result.spec is None and result.diagnostics[0].code.id == "E002"


@settings(FUZZ, max_examples=100)
@given(st.binary(max_size=300), st.integers(min_value=0, max_value=300))
def test_invalid_utf8_location_points_at_the_bad_byte(prefix: bytes, cut: int) -> None:
    """The E002 location of an invalid byte is inside the file."""
    data = prefix[:cut].replace(b"\x00", b"") + b"\xff" + prefix[cut:].replace(b"\x00", b"")
    result = analyse_bytes_checked(data)
    assert result.spec is None
