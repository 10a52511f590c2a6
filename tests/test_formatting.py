"""The default engine (ruff format) gives the same bytes as black on generated code.

The templates write the constructs where the two styles part ways in the form both keep
(see generator.emit); these tests hold that on the boundaries of each construct and on
every file generated from the embedded specs and the shared Telnyx specs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import Config
from generator.emit import LINE_LENGTH, OutputFile, format_sources
from generator.load import user_cache_dir
from generator.pipeline import load_and_build
from generator.render import declaration, docstring_block, render, split_union

from .conftest import EMBEDDED, SPECS


def _both(sources: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    files = [OutputFile(path, text) for path, text in sources.items()]
    cache = user_cache_dir()
    ruff, _, _ = format_sources(files, cache_dir=cache, formatter="ruff")
    black, _, _ = format_sources(files, cache_dir=cache, formatter="black")
    return {f.path: f.content for f in ruff}, {f.path: f.content for f in black}


def _assert_same(sources: dict[str, str]) -> None:
    ruff, black = _both(sources)
    differ = sorted(path for path in sources if ruff[path] != black[path])
    assert not differ, f"ruff and black differ on {len(differ)} files, first {differ[0]}:\n--- ruff\n{ruff[differ[0]]}\n--- black\n{black[differ[0]]}"


# --------------------------------------------------------------------------------------
# The pieces, around the line length
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("annotation", "members"),
    [
        ("A | B", ["A", "B"]),
        ("List[A | B]", ["List[A | B]"]),
        ("List[A | B] | None", ["List[A | B]", "None"]),
        ('Literal["a | b"]', ['Literal["a | b"]']),
        ('Literal["[", "a"] | None', ['Literal["[", "a"]', "None"]),
        ("dict[str, Any]", ["dict[str, Any]"]),
        ("Annotated[A | B, Field(discriminator='x')]", ["Annotated[A | B, Field(discriminator='x')]"]),
        ("A|B", ["A|B"]),  # not how the renderer writes a union
    ],
)
def test_split_union(annotation: str, members: list[str]) -> None:
    assert split_union(annotation) == members


def test_declaration_parenthesises_a_long_union_only() -> None:
    assert declaration("a", "int | None", "None", 4) == "a: int | None = None"
    long_name = "n" * 80
    assert declaration(long_name, "Alpha | Beta | NotGiven", "NOT_GIVEN", 8, ",") == f"{long_name}: (Alpha | Beta | NotGiven) = NOT_GIVEN,"
    assert declaration(long_name, "List[Alpha | Beta]", None, 8, ",") == f"{long_name}: List[Alpha | Beta],"


def test_docstring_block_moves_closing_quotes_only_where_black_does() -> None:
    assert docstring_block("One line " + "x" * 120, 8) == "One line " + "x" * 120  # one line: never
    fits = "Summary.\n\n" + "y" * (LINE_LENGTH - 8 - 3)
    assert docstring_block(fits, 8) == "Summary.\n\n" + " " * 8 + "y" * 89
    over = "Summary.\n\n" + "y" * (LINE_LENGTH - 8 - 2)
    assert docstring_block(over, 8) == "Summary.\n\n" + " " * 8 + "y" * 90 + "\n" + " " * 8


def _signature_module(lengths: range) -> str:
    lines = ["def f(", "    self,", "    *,"]
    for n in lengths:
        name = f"p{n}_" + "x" * max(0, n - 40)
        for annotation, default in (
            ("Alpha | dict[str, Any] | NotGiven", "NOT_GIVEN"),
            ("Alpha | dict[str, Any]", None),
            ('Literal["one", "two", "three"]', None),
            ('List[Literal["one", "two", "three"] | dict[str, Any]]', None),
            ('Literal["aaaaaaaaaaaa", "bbbbbbbbbbbbbbbb", "cccccccccccccccc", "dddddddddddddd", "eeeeeeeeee"] | NotGiven', "NOT_GIVEN"),
        ):
            lines.append("    " + declaration(name, annotation, default, 4, ","))
    lines += [") -> None:", "    pass", "", "", "class M(BaseModel):"]
    for n in lengths:
        name = f"f{n}_" + "x" * max(0, n - 40)
        lines.append("    " + declaration(name, "Alpha | Beta | None", "None", 4))
        lines.append("    " + declaration(name + "_a", "Alpha | Beta | None", 'Field(default=None, alias="a")', 4))
        lines.append("    " + declaration(name + "_l", "List[Alpha | Beta]", "None", 4))
    return "\n".join(lines) + "\n"


def _docstring_module(lengths: range) -> str:
    out = ['"""' + docstring_block("Module.\n\nLast " + "m" * (LINE_LENGTH - 7), 0) + '"""', "", ""]
    for n in lengths:
        function = docstring_block(f"Summary {n}.\n\n" + "d" * (n - 8), 8)
        cls = docstring_block(f"Class {n}.\n\n" + "c" * (n - 4), 4)
        out += [f"def f{n}() -> None:", f'    """{docstring_block(f"Doc {n}.", 4)}"""', "", ""]
        out += ["class C:", f'    """{cls}"""', "", "    def m(self) -> None:", f'        """{function}"""', "", ""]
    return "\n".join(out).rstrip() + "\n"


def test_engines_agree_around_the_line_length() -> None:
    lengths = range(LINE_LENGTH - 40, LINE_LENGTH + 12)
    _assert_same({"signatures.py": _signature_module(lengths), "docstrings.py": _docstring_module(lengths)})


# --------------------------------------------------------------------------------------
# Whole generated trees
# --------------------------------------------------------------------------------------


def _rendered(spec: Path, package: str) -> dict[str, str]:
    config = Config(package=package)
    _, api, _ = load_and_build(str(spec), config)
    return {f.path: f.content for f in render(api, config) if f.format and f.path.endswith(".py")}


@pytest.mark.parametrize("name", sorted(EMBEDDED))
def test_engines_agree_on_the_embedded_specs(name: str) -> None:
    _assert_same(_rendered(SPECS / f"{name}.yaml", EMBEDDED[name]))


@pytest.mark.slow
def test_engines_agree_on_the_full_spec(full_spec: Path) -> None:
    sources = _rendered(full_spec, "telnyx_client")
    assert len(sources) > 2400
    _assert_same(sources)


@pytest.mark.slow
def test_engines_agree_on_the_older_spec(old_spec: Path) -> None:
    _assert_same(_rendered(old_spec, "telnyx_client"))
