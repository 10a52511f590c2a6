"""Reading a spec: the only module that touches YAML, JSON, files and URLs for specs.

:func:`load_spec` turns a path or an http(s) URL into a :class:`LoadedSpec`: the plain
parsed document (JSON types only) and the openapi-pydantic model of it (3.0 or 3.1).
Every failure is a :class:`SpecError` carrying an :class:`~generator.ir.Diagnostic` that
names the file, the JSON pointer and the line where they are known.

Parsing a 4 MB YAML spec takes about a second, so the parsed document is cached as JSON
under :func:`user_cache_dir`, keyed by the SHA-256 of the source bytes. The cache never
holds the pydantic object: the document is validated on every load.

Line numbers are not tracked while parsing (that would slow every load down); they are
found on demand by :meth:`LoadedSpec.line_of`, which composes the YAML (or scans the
JSON) once, when first asked.
"""

from __future__ import annotations

import gc
import hashlib
import json
import math
import os
import re
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias, get_args
from urllib.parse import unquote, urlsplit

import httpx
import platformdirs
import yaml
from openapi_pydantic.v3 import v3_0, v3_1
from pydantic import BaseModel, ValidationError

from .ir import Diagnostic

__all__ = [
    "LoadedSpec",
    "SpecError",
    "escape_pointer_segment",
    "load_spec",
    "resolve_pointer",
    "spec_name",
    "user_cache_dir",
]

OpenAPIDocument: TypeAlias = v3_1.OpenAPI | v3_0.OpenAPI
Format = Literal["json", "yaml"]

if TYPE_CHECKING:
    _YamlLoader = yaml.SafeLoader
else:  # PyYAML built without libyaml gives the same results, several times slower
    _YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_CACHE_FORMAT: Final = 1
"""Bump when the parse result for the same bytes changes (conversions, warnings)."""

_APP_NAME: Final = "telnyx-codegen"


class SpecError(Exception):
    """Loading failed; ``.diagnostic`` is an error naming file, JSON pointer and line where known."""

    diagnostic: Diagnostic

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.format())
        self.diagnostic = diagnostic


def _error(name: str, message: str, pointer: str = "", line: int | None = None) -> SpecError:
    return SpecError(Diagnostic("error", pointer, message, name, line))


# --------------------------------------------------------------------------------------
# JSON pointers (RFC 6901)
# --------------------------------------------------------------------------------------


def escape_pointer_segment(s: str) -> str:
    """Escape one reference token: ``~`` -> ``~0``, ``/`` -> ``~1``."""
    return s.replace("~", "~0").replace("/", "~1")


def _pointer(parts: Sequence[str | int]) -> str:
    """The ``#/...`` form used in diagnostics (not percent-encoded, like build's pointers)."""
    return "#" + "".join("/" + escape_pointer_segment(str(p)) for p in parts)


_BAD_TILDE = re.compile(r"~(?![01])")


def _split_pointer(pointer: str) -> list[str]:
    """Unescaped reference tokens of ``"/a/b"``, ``"#/a/b"`` (percent-decoded), ``""`` or ``"#"``."""
    if pointer.startswith("#"):
        pointer = unquote(pointer[1:])
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        raise LookupError(f"invalid JSON pointer {pointer!r}: must be empty or start with '/'")
    tokens = pointer[1:].split("/")
    for token in tokens:
        if _BAD_TILDE.search(token):
            raise LookupError(
                f"invalid JSON pointer segment {token!r}: '~' must be followed by 0 or 1"
            )
    return [t.replace("~1", "/").replace("~0", "~") for t in tokens]


_INDEX = re.compile(r"0|[1-9][0-9]*")


def _array_index(segment: str, length: int) -> int | None:
    if _INDEX.fullmatch(segment) is None:
        return None
    index = int(segment)
    return index if index < length else None


def resolve_pointer(doc: Any, pointer: str) -> Any:
    """The node of ``doc`` at ``pointer`` (``"/a/b"`` or ``"#/a/b"``, RFC 6901).

    Raises :class:`LookupError` (never a bare KeyError) naming the segment that failed.
    """
    node = doc
    for depth, segment in enumerate(_split_pointer(pointer)):
        if isinstance(node, dict):
            if segment not in node:
                raise LookupError(
                    f"no key {segment!r} at segment {depth} of JSON pointer {pointer!r}"
                )
            node = node[segment]
        elif isinstance(node, list):
            index = _array_index(segment, len(node))
            if index is None:
                raise LookupError(
                    f"no array index {segment!r} (length {len(node)}) at segment {depth} of JSON pointer {pointer!r}"
                )
            node = node[index]
        else:
            raise LookupError(
                f"cannot descend into a {type(node).__name__} with {segment!r} at segment {depth} of JSON pointer {pointer!r}"
            )
    return node


# --------------------------------------------------------------------------------------
# Line numbers, found lazily
# --------------------------------------------------------------------------------------

_LineTree: TypeAlias = "tuple[int, dict[str, _LineTree] | list[_LineTree] | None]"
"""(1-based line, children): a mapping entry's line is its key's, other nodes' their start."""

_JSON_WS = re.compile(r"[ \t\n\r]*")
_JSON_DECODER = json.JSONDecoder()


class _LineIndex:
    """Finds the line of a JSON pointer in the source text; built on first use, then memoized."""

    def __init__(self, source: bytes, fmt: Format) -> None:
        self._source = source
        self._format: Format = fmt
        self._text: str | None = None
        self._yaml_tree: _LineTree | None = None
        self._yaml_failed = False
        self._json_containers: dict[int, dict[str, tuple[int, int]] | list[int]] = {}
        self._memo: dict[tuple[str, ...], int | None] = {}

    def line_of(self, pointer: str) -> int | None:
        try:
            segments = tuple(_split_pointer(pointer))
        except LookupError:
            return None
        if segments not in self._memo:
            try:
                self._memo[segments] = self._find(segments)
            except (ValueError, IndexError, RecursionError):
                self._memo[segments] = None
        return self._memo[segments]

    def _decoded(self) -> str:
        if self._text is None:
            self._text = self._source.decode("utf-8").removeprefix("\ufeff")
        return self._text

    def _find(self, segments: tuple[str, ...]) -> int | None:
        if self._format == "json":
            return self._find_json(segments)
        return self._find_yaml(segments)

    # YAML: compose once, keep only a tree of line numbers (the node tree is ~20x the file).
    def _find_yaml(self, segments: tuple[str, ...]) -> int | None:
        if self._yaml_tree is None and not self._yaml_failed:
            self._yaml_tree = _yaml_line_tree(self._decoded())
            self._yaml_failed = self._yaml_tree is None
        node = self._yaml_tree
        for segment in segments:
            if node is None:
                return None
            children = node[1]
            if isinstance(children, dict):
                node = children.get(segment)
            elif isinstance(children, list):
                index = _array_index(segment, len(children))
                node = None if index is None else children[index]
            else:
                return None
        return None if node is None else node[0]

    # JSON: descend from the root, indexing each container passed through once.
    def _find_json(self, segments: tuple[str, ...]) -> int | None:
        text = self._decoded()
        pos = _skip_ws(text, 0)
        line_pos = pos
        for segment in segments:
            container = self._json_container(text, pos)
            if isinstance(container, dict):
                if segment not in container:
                    return None
                line_pos, pos = container[segment]
            else:
                index = _array_index(segment, len(container))
                if index is None:
                    return None
                line_pos = pos = container[index]
        return text.count("\n", 0, line_pos) + 1

    def _json_container(self, text: str, pos: int) -> dict[str, tuple[int, int]] | list[int]:
        found = self._json_containers.get(pos)
        if found is None:
            found = _scan_json_container(text, pos)
            self._json_containers[pos] = found
        return found


def _skip_ws(text: str, pos: int) -> int:
    match = _JSON_WS.match(text, pos)
    return pos if match is None else match.end()


def _scan_json_container(text: str, pos: int) -> dict[str, tuple[int, int]] | list[int]:
    """Positions of the members of the object/array at ``pos``: key -> (key pos, value pos)."""
    opener = text[pos]
    if opener not in "{[":
        return []
    closer = "}" if opener == "{" else "]"
    members: dict[str, tuple[int, int]] = {}
    items: list[int] = []
    pos = _skip_ws(text, pos + 1)
    if text[pos] == closer:
        return members if opener == "{" else items
    while True:
        if opener == "{":
            key_pos = pos
            if text[pos] != '"':
                raise ValueError("expected a key")
            key, pos = _JSON_DECODER.raw_decode(text, pos)
            pos = _skip_ws(text, pos)
            if text[pos] != ":":
                raise ValueError("expected ':'")
            pos = _skip_ws(text, pos + 1)
            members[key] = (key_pos, pos)  # a repeated key: the last one wins, as in json.loads
        else:
            items.append(pos)
        _, pos = _JSON_DECODER.raw_decode(text, pos)
        pos = _skip_ws(text, pos)
        if text[pos] == closer:
            return members if opener == "{" else items
        if text[pos] != ",":
            raise ValueError("expected ','")
        pos = _skip_ws(text, pos + 1)


_MERGE_TAG: Final = "tag:yaml.org,2002:merge"
_MERGE_KEY: Final = "\0<<"
"""Stands for a ``<<`` merge key among pending keys (no real key contains NUL)."""


class _Frame:
    """An open mapping or sequence while reading YAML events."""

    __slots__ = ("children", "key", "key_line", "line", "merges")

    def __init__(self, children: dict[str, _LineTree] | list[_LineTree], line: int) -> None:
        self.children = children
        self.line = line
        self.key: str | None = None
        self.key_line = 0
        self.merges: list[_LineTree] = []


def _yaml_line_tree(text: str) -> _LineTree | None:
    """The line tree of a YAML text, built from parser events (twice as fast as composing nodes).

    Aliases share their anchor's lines; ``<<`` merge keys add the merged keys (explicit keys
    win, then earlier merges). ``None`` for what the loader would reject (complex keys).
    """
    anchors: dict[str, dict[str, _LineTree] | list[_LineTree] | None] = {}
    stack: list[_Frame] = []
    result: _LineTree | None = None

    def attach(line: int, children: dict[str, _LineTree] | list[_LineTree] | None) -> None:
        nonlocal result
        if not stack:
            result = (line, children)
            return
        top = stack[-1]
        if isinstance(top.children, list):
            top.children.append((line, children))
        elif top.key == _MERGE_KEY:
            top.merges.append((line, children))
            top.key = None
        else:
            assert top.key is not None
            top.children[top.key] = (top.key_line, children)
            top.key = None

    with _gc_paused():
        try:
            events: Iterator[Any] = yaml.parse(text, Loader=_YamlLoader)
            for event in events:
                kind = type(event)
                if kind is yaml.ScalarEvent or kind is yaml.AliasEvent:
                    line = event.start_mark.line + 1
                    top = stack[-1] if stack else None
                    if top is not None and isinstance(top.children, dict) and top.key is None:
                        if kind is not yaml.ScalarEvent:
                            return None  # an alias as a key
                        merge = event.tag == _MERGE_TAG or (
                            event.value == "<<" and not event.style and event.tag is None
                        )
                        top.key, top.key_line = (_MERGE_KEY if merge else event.value), line
                        continue
                    if kind is yaml.AliasEvent:
                        attach(line, anchors.get(event.anchor))
                    else:
                        if event.anchor is not None:
                            anchors[event.anchor] = None
                        attach(line, None)
                elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                    top = stack[-1] if stack else None
                    if top is not None and isinstance(top.children, dict) and top.key is None:
                        return None  # a mapping or sequence as a key
                    children: dict[str, _LineTree] | list[_LineTree] = (
                        {} if kind is yaml.MappingStartEvent else []
                    )
                    if event.anchor is not None:
                        anchors[event.anchor] = children
                    stack.append(_Frame(children, event.start_mark.line + 1))
                elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                    frame = stack.pop()
                    if isinstance(frame.children, dict):
                        for merged in _merge_sources(frame.merges):
                            for key, value in merged.items():
                                frame.children.setdefault(key, value)
                    attach(frame.line, frame.children)
        except yaml.YAMLError:
            return None
    return result


def _merge_sources(merges: list[_LineTree]) -> Iterator[dict[str, _LineTree]]:
    """The mappings named by ``<<: *a`` or ``<<: [*a, *b]``, in order."""
    for _, value in merges:
        if isinstance(value, dict):
            yield value
        elif isinstance(value, list):
            for _, item in value:
                if isinstance(item, dict):
                    yield item


# --------------------------------------------------------------------------------------
# The result
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadedSpec:
    """A parsed and validated spec, plus what is needed to point at lines in it."""

    source: str
    """The path or URL as given."""
    name: str
    """File name for messages and headers, e.g. ``spec3.yml`` (for a URL: its last path segment)."""
    raw: dict[str, Any]
    """The plain parsed document: JSON types only, string keys."""
    document: OpenAPIDocument
    openapi_version: str
    """As written in the document, e.g. ``3.1.0`` (``document.openapi`` may differ: see load_spec)."""
    sha256: str
    """Of the source bytes."""
    warnings: tuple[Diagnostic, ...] = ()
    _lines: _LineIndex | None = field(default=None, repr=False, compare=False)

    def line_of(self, pointer: str) -> int | None:
        """1-based line of the node at a JSON pointer (``#/paths/~1faxes/post`` or ``/paths/...``).

        For a mapping entry this is the line of its key. ``None`` when unknown (no such node,
        or no source text). The first call on a YAML spec composes it (~0.3 s for 4 MB).
        """
        return None if self._lines is None else self._lines.line_of(pointer)


# --------------------------------------------------------------------------------------
# Reading bytes
# --------------------------------------------------------------------------------------


def _is_url(source: str) -> bool:
    return source[:8].lower().startswith(("http://", "https://"))


def _url_name(url: str) -> str:
    parts = urlsplit(url)
    last = unquote(parts.path.rstrip("/").rpartition("/")[2])
    return last or parts.netloc or url


def _fetch(url: str, name: str, timeout: float) -> bytes:
    try:
        response = httpx.get(url, follow_redirects=True, timeout=timeout)
    except httpx.TimeoutException as exc:
        raise _error(
            name, f"could not fetch URL: {url}: timed out after {timeout:g} s (are you offline?)"
        ) from exc
    except httpx.TransportError as exc:
        reason = str(exc) or type(exc).__name__
        raise _error(name, f"could not fetch URL: {url}: {reason} (are you offline?)") from exc
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise _error(name, f"could not fetch URL: {url}: {exc}") from exc
    if not response.is_success:
        raise _error(
            name,
            f"could not fetch URL: {url}: HTTP {response.status_code} {response.reason_phrase}".rstrip(),
        )
    content = response.content
    content_type = response.headers.get("content-type", "").lower()
    if content_type.startswith("text/html") or content.lstrip()[:1] == b"<":
        raise _error(name, f"URL returned HTML, not an OpenAPI document: {response.url}")
    return content


def spec_name(source: str | os.PathLike[str]) -> str:
    """The name diagnostics give a spec: its file name, or the last segment of a URL's path."""
    src = os.fspath(source)
    return _url_name(src) if _is_url(src) else (Path(src).name or src)


def _read_file(path: str, name: str) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError as exc:
        raise _error(name, f"file not found: {path}") from exc
    except IsADirectoryError as exc:
        raise _error(name, f"is a directory, not a spec file: {path}") from exc
    except OSError as exc:
        raise _error(name, f"could not read {path}: {exc.strerror or exc}") from exc


# --------------------------------------------------------------------------------------
# Parsing
# --------------------------------------------------------------------------------------


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic GC while building big acyclic trees.

    Allocating a few hundred thousand containers triggers many full-heap collections that
    find nothing: pausing cuts YAML parsing from ~2.4 s to ~0.9 s and model_validate from
    ~0.25 s to ~0.12 s on the Telnyx spec. Nothing is skipped; collection just runs later.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = data[exc.start]
        raise _error(
            name,
            f"not UTF-8: invalid byte 0x{bad:02x} at byte offset {exc.start} (line {line})",
            line=line,
        ) from exc


def _reject_constant(value: str) -> Any:
    raise ValueError(f"{value} is not valid JSON")


def _parse_json(text: str, name: str) -> Any:
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise _error(
            name,
            f"invalid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}",
            line=exc.lineno,
        ) from exc
    except ValueError as exc:  # NaN / Infinity
        raise _error(name, f"invalid JSON: {exc}") from exc
    except RecursionError as exc:
        raise _error(name, "invalid JSON: nested too deeply") from exc


class _Converted(str):
    """A YAML value or key that is not JSON, kept as the text the author wrote."""

    kind: str
    detail: str
    line: int

    def __new__(cls, text: str, kind: str, detail: str, line: int) -> _Converted:
        self = super().__new__(cls, text)
        self.kind = kind
        self.detail = detail
        self.line = line
        return self


def _node_kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "mapping"
    return "sequence" if isinstance(node, yaml.SequenceNode) else "scalar"


class _SpecLoader(_YamlLoader):
    """Safe loader whose result is plain JSON: non-JSON scalars and keys become their text."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.converted = 0

    def _convert(self, node: yaml.Node, text: str, kind: str, detail: str) -> _Converted:
        self.converted += 1
        return _Converted(text, kind, detail, node.start_mark.line + 1)

    def flatten_mapping(self, node: yaml.MappingNode) -> None:
        """Resolve ``<<`` merge keys as the YAML spec says: explicit keys win, then earlier merges.

        (PyYAML's own version decides by the identity of key strings, so which merge wins
        depends on string interning.)
        """
        own: list[tuple[yaml.Node, yaml.Node]] = []
        sources: list[yaml.Node] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                if isinstance(value_node, yaml.SequenceNode):
                    sources.extend(value_node.value)
                else:
                    sources.append(value_node)
            else:
                if key_node.tag == "tag:yaml.org,2002:value":
                    key_node.tag = "tag:yaml.org,2002:str"
                own.append((key_node, value_node))
        if not sources:
            return
        taken = {k.value for k, _ in own if isinstance(k, yaml.ScalarNode)}
        merged: list[tuple[yaml.Node, yaml.Node]] = []
        for source in sources:
            if not isinstance(source, yaml.MappingNode):
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping",
                    node.start_mark,
                    f"expected a mapping or list of mappings for merging, but found a {_node_kind(source)}",
                    source.start_mark,
                )
            self.flatten_mapping(source)
            for key_node, value_node in source.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else id(key_node)
                if key not in taken:
                    taken.add(key)
                    merged.append((key_node, value_node))
        node.value = merged + own

    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, yaml.MappingNode):
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"expected a mapping node, but found a {_node_kind(node)}",
                node.start_mark,
            )
        self.flatten_mapping(node)
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            if type(key) is not str and not isinstance(key, _Converted):
                if not isinstance(key_node, yaml.ScalarNode):
                    raise yaml.constructor.ConstructorError(
                        "while constructing a mapping", node.start_mark,
                        f"found a {_node_kind(key_node)} as a key; OpenAPI keys are strings", key_node.start_mark,
                    )  # fmt: skip
                tag = key_node.tag.rpartition(":")[2]
                key = self._convert(key_node, key_node.value, "key", tag)
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping

    def construct_timestamp_text(self, node: yaml.Node) -> _Converted:
        return self._convert(node, node.value, "timestamp", "")

    def construct_float_checked(self, node: yaml.ScalarNode) -> float | _Converted:
        value: float = self.construct_yaml_float(node)
        if math.isfinite(value):
            return value
        return self._convert(node, node.value, "float", "")

    def construct_binary_text(self, node: yaml.Node) -> _Converted:
        text = "".join(str(node.value).split())
        return self._convert(node, text, "binary", "")

    def construct_unsupported(self, node: yaml.Node) -> None:
        raise yaml.constructor.ConstructorError(
            None, None, f"{node.tag} is not supported in an OpenAPI document", node.start_mark
        )


_SpecLoader.add_constructor("tag:yaml.org,2002:timestamp", _SpecLoader.construct_timestamp_text)
_SpecLoader.add_constructor("tag:yaml.org,2002:float", _SpecLoader.construct_float_checked)
_SpecLoader.add_constructor("tag:yaml.org,2002:binary", _SpecLoader.construct_binary_text)
_SpecLoader.add_constructor("tag:yaml.org,2002:omap", _SpecLoader.construct_unsupported)
_SpecLoader.add_constructor("tag:yaml.org,2002:pairs", _SpecLoader.construct_unsupported)


def _yaml_error(exc: yaml.YAMLError, text: str, name: str) -> SpecError:
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem_mark is not None:
        line = exc.problem_mark.line + 1
        column = exc.problem_mark.column + 1
        what = " ".join(p for p in (exc.context, exc.problem) if p)
        return _error(name, f"invalid YAML: {what} at line {line}, column {column}", line=line)
    if isinstance(exc, yaml.reader.ReaderError):
        line = text.count("\n", 0, exc.position) + 1
        return _error(
            name,
            f"invalid YAML: {exc.reason} (character {exc.character!r}) at line {line}",
            line=line,
        )
    return _error(name, f"invalid YAML: {exc}")


def _parse_yaml(text: str, name: str) -> tuple[Any, list[Diagnostic]]:
    loader = _SpecLoader(text)
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, text, name) from exc
    except RecursionError as exc:
        raise _error(name, "invalid YAML: nested too deeply, or a recursive alias") from exc
    finally:
        loader.dispose()
    _check_alias_expansion(data, name, text)
    if loader.converted == 0:
        return data, []
    return _normalize_converted(data, name)


def _may_have_anchors(text: str) -> bool:
    """Whether ``text`` may define a YAML anchor: an ``&`` after a space or flow indicator, before a name."""
    i = text.find("&")
    while i != -1:
        if (i == 0 or text[i - 1] in " \t\r\n[{,") and text[i + 1 : i + 2] not in ("", " ", "\t", "\r", "\n", ",", "[", "]", "{", "}"):
            return True
        i = text.find("&", i + 1)
    return False


_MAX_VALUES: Final = 10_000_000
"""What a YAML document may expand to through aliases (the Telnyx spec has ~120,000 values)."""


def _check_alias_expansion(data: Any, name: str, text: str) -> None:
    """Refuse a document whose aliases multiply it beyond :data:`_MAX_VALUES` (a "billion laughs").

    Aliases share one Python object, so parsing is cheap, but everything that walks the
    document (the cache, validation, building) would see every copy. Sizes are counted once
    per shared container; the error points at the smallest value that is still too big.
    """
    if not _may_have_anchors(text):
        return
    sizes: dict[int, int] = {}
    visiting: set[int] = set()
    stack: list[tuple[Any, bool]] = [(data, False)]
    while stack:
        node, finished = stack.pop()
        children = list(node.values()) if isinstance(node, dict) else node
        if finished:
            sizes[id(node)] = 1 + sum(sizes.get(id(c), 1) for c in children)
            continue
        if id(node) in sizes or id(node) in visiting:
            continue  # counted already, or a recursive alias (reported by validation)
        visiting.add(id(node))
        stack.append((node, True))
        stack.extend((c, False) for c in children if isinstance(c, dict | list) and id(c) not in sizes)
    if sizes.get(id(data), 1) <= _MAX_VALUES:
        return
    parts: list[str] = []
    node, path = data, {id(data)}
    while True:
        items = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
        key, child = max(items, key=lambda kv: sizes.get(id(kv[1]), 1))
        if sizes.get(id(child), 1) <= _MAX_VALUES or id(child) in path:  # small enough, or recursive
            break
        parts.append(str(key))
        node = child
        path.add(id(node))
    pointer = _pointer(parts)
    raise _error(
        name,
        f"YAML aliases expand this value to {sizes[id(node)]:,} values (the limit is {_MAX_VALUES:,}): an alias bomb?",
        pointer,
        _LineIndex(text.encode("utf-8"), "yaml").line_of(pointer),
    )


_CONVERSION_MESSAGES: Final[dict[str, Callable[[_Converted], str]]] = {
    "key": lambda c: (
        f"YAML key {str(c)!r} ({c.detail}) is not a string; read as the string {str(c)!r}"
    ),
    "timestamp": lambda c: f"YAML date/time {c!s} read as the string {str(c)!r}",
    "float": lambda c: f"YAML {c!s} is not a JSON number; read as the string {str(c)!r}",
    "binary": lambda c: "YAML !!binary value read as its base64 text",
}


def _normalize_converted(data: Any, name: str) -> tuple[Any, list[Diagnostic]]:
    """Replace :class:`_Converted` by plain ``str``; one warning per kind (first place + count)."""
    first: dict[str, tuple[_Converted, str]] = {}
    counts: dict[str, int] = {}
    seen: set[int] = set()

    def note(value: _Converted, parts: list[str]) -> str:
        counts[value.kind] = counts.get(value.kind, 0) + 1
        first.setdefault(value.kind, (value, _pointer(parts)))
        return str(value)

    def walk(node: Any, parts: list[str]) -> Any:
        if isinstance(node, _Converted):
            return note(node, parts)
        if isinstance(node, dict):
            if id(node) not in seen:
                seen.add(id(node))
                items = list(node.items())
                node.clear()
                for key, value in items:
                    plain_key = note(key, [*parts, key]) if isinstance(key, _Converted) else key
                    node[plain_key] = walk(value, [*parts, plain_key])
        elif isinstance(node, list) and id(node) not in seen:
            seen.add(id(node))
            for i, value in enumerate(node):
                node[i] = walk(value, [*parts, str(i)])
        return node

    data = walk(data, [])
    warnings = []
    for kind, (value, pointer) in first.items():
        message = _CONVERSION_MESSAGES[kind](value)
        if counts[kind] > 1:
            message += f" ({counts[kind] - 1} more like it)"
        warnings.append(Diagnostic("warning", pointer, message, name, value.line))
    return data, warnings


def _parse(data: bytes, name: str, json_hint: bool) -> tuple[Any, Format, list[Diagnostic]]:
    """Parse JSON if the name says so or it parses as JSON, else YAML."""
    text = _decode(data, name)
    with _gc_paused():
        if json_hint:
            return _parse_json(text, name), "json", []
        if text.lstrip()[:1] in ("{", "["):
            try:
                return _parse_json(text, name), "json", []
            except SpecError as json_error:
                try:
                    parsed, warnings = _parse_yaml(text, name)
                except SpecError:
                    raise json_error from None
                return parsed, "yaml", warnings
        parsed, warnings = _parse_yaml(text, name)
        return parsed, "yaml", warnings


# --------------------------------------------------------------------------------------
# Cache
# --------------------------------------------------------------------------------------


def user_cache_dir() -> Path:
    """``$TELNYX_CODEGEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/telnyx-codegen``, else the platform's."""
    override = os.environ.get("TELNYX_CODEGEN_CACHE_DIR")
    if override:
        return Path(override)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):  # the XDG spec says to ignore relative paths
        return Path(xdg) / _APP_NAME
    return Path(platformdirs.user_cache_dir(_APP_NAME))


def _cache_path(cache_dir: Path | None, sha: str) -> Path:
    return (cache_dir if cache_dir is not None else user_cache_dir()) / "specs" / f"{sha}.json"


def _read_cache(path: Path, name: str) -> tuple[dict[str, Any], Format, list[Diagnostic]] | None:
    """The cached parse, or ``None`` when absent, unreadable, corrupt or of another format."""
    try:
        with _gc_paused():
            entry = json.loads(path.read_bytes())
        if not isinstance(entry, dict) or entry.get("format") != _CACHE_FORMAT:
            return None
        raw, fmt, warnings = entry["raw"], entry["parser"], entry["warnings"]
        if (
            not isinstance(raw, dict)
            or fmt not in ("json", "yaml")
            or not isinstance(warnings, list)
        ):
            return None
        diagnostics = [
            Diagnostic("warning", str(w["pointer"]), str(w["message"]), name, w["line"])
            for w in warnings
        ]
        if not all(d.line is None or type(d.line) is int for d in diagnostics):
            return None
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return None
    return raw, fmt, diagnostics


def _write_cache(path: Path, raw: Any, fmt: Format, warnings: list[Diagnostic]) -> str | None:
    """Write atomically (temp file + rename); the reason on failure."""
    entry = {
        "format": _CACHE_FORMAT,
        "parser": fmt,
        "warnings": [
            {"pointer": w.pointer, "message": w.message, "line": w.line} for w in warnings
        ],
        "raw": raw,
    }
    try:
        data = json.dumps(entry, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except (ValueError, RecursionError) as exc:  # e.g. a recursive YAML alias
        return f"not representable as JSON: {exc}"
    tmp_name = ""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "wb", dir=path.parent, prefix=f".{path.stem[:16]}.", suffix=".tmp", delete=False
        ) as tmp:
            tmp_name = tmp.name
            tmp.write(data.encode("utf-8"))
        os.replace(tmp_name, path)
    except OSError as exc:
        if tmp_name:
            with suppress(OSError):
                os.unlink(tmp_name)
        return str(exc)
    return None


# --------------------------------------------------------------------------------------
# Versions and validation
# --------------------------------------------------------------------------------------

_VERSION = re.compile(r"(\d+)\.(\d+)(?:\.(\d+))?(?:[-+][0-9A-Za-z.+-]*)?")


def _known_versions(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(get_args(model.model_fields["openapi"].annotation))


def _choose_model(
    raw: dict[str, Any], name: str
) -> tuple[type[v3_1.OpenAPI] | type[v3_0.OpenAPI], str, list[Diagnostic]]:
    """The model to validate with, the version as written, and version warnings."""
    if "openapi" not in raw:
        if "swagger" in raw:
            raise _error(
                name,
                f"Swagger {raw['swagger']} is not supported; convert it to OpenAPI 3.x (e.g. with swagger2openapi)",
                "#/swagger",
            )
        raise _error(name, "not an OpenAPI document (no 'openapi' field)", "#")
    value = raw["openapi"]
    warnings: list[Diagnostic] = []
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _error(name, f"invalid OpenAPI version {value!r}", "#/openapi")
    version = str(value)
    match = _VERSION.fullmatch(version)
    if match is None:
        raise _error(name, f"invalid OpenAPI version {version!r}", "#/openapi")
    major, minor, patch = int(match[1]), int(match[2]), match[3]
    if major != 3:
        raise _error(
            name,
            f"unsupported OpenAPI version {version} (this generator reads 3.0 and 3.1)",
            "#/openapi",
        )
    if not isinstance(value, str) or patch is None:
        warnings.append(
            Diagnostic(
                "warning",
                "#/openapi",
                f'OpenAPI version should be a string like "3.{minor}.0", not {value!r}',
                name,
            )
        )
    if minor == 0:
        return v3_0.OpenAPI, version, warnings
    if minor > 1:
        warnings.append(
            Diagnostic(
                "warning",
                "#/openapi",
                f"unknown OpenAPI version {version}; reading it as 3.1",
                name,
            )
        )
    return v3_1.OpenAPI, version, warnings


@cache
def _field_aliases() -> dict[str, str]:
    """Python field name -> spec key, over every openapi-pydantic model (``param_in`` -> ``in``)."""
    aliases: dict[str, str] = {}
    for module in (v3_0, v3_1):
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, BaseModel):
                for field_name, info in obj.model_fields.items():
                    if info.alias and info.alias != field_name:
                        aliases.setdefault(field_name, info.alias)
    return aliases


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _locate(raw: Any, error: Any) -> tuple[list[str], str | None, int]:
    """Spec path of a pydantic error, the missing field (if any), and how unlikely its branch is.

    The loc mixes spec keys with union branch tags (``Reference``, ``Schema``,
    ``str-enum[DataType]``): walking the raw document tells them apart.
    """
    aliases = _field_aliases()
    loc: tuple[str | int, ...] = error["loc"]
    node: Any = raw
    parts: list[str] = []
    missing: str | None = None
    unlikely = 0
    for i, segment in enumerate(loc):
        if isinstance(node, dict) and isinstance(segment, str):
            key = segment if segment in node else aliases.get(segment)
            if key is not None and key in node:
                parts.append(key)
                node = node[key]
                continue
            if i == len(loc) - 1 and error["type"] == "missing":
                missing = aliases.get(segment, segment)
                continue
        elif isinstance(node, list) and isinstance(segment, int) and 0 <= segment < len(node):
            parts.append(str(segment))
            node = node[segment]
            continue
        # A branch tag. Trying a node without $ref as a Reference is rarely what went wrong.
        if segment == "Reference" and not (isinstance(node, dict) and "$ref" in node):
            unlikely += 1
    return parts, missing, unlikely


def _validation_error(
    exc: ValidationError, raw: dict[str, Any], label: str, name: str, lines: _LineIndex
) -> SpecError:
    errors = exc.errors(include_url=False)
    located = [(_locate(raw, e), i) for i, e in enumerate(errors)]
    (parts, missing, _), index = min(located, key=lambda item: (item[0][2], item[1]))
    error = errors[index]
    message = " ".join(str(error["msg"]).split())
    if error["type"] in ("recursion_loop", "recursion_depth_exceeded"):  # pydantic-core's limits
        message = (
            "the value contains itself (a recursive YAML alias)"
            if "cyclic" in message
            else "nested too deeply to validate (about 250 levels of schemas is the limit)"
        )
    elif missing is not None:
        message = f"{missing!r}: {message}"
    elif not isinstance(error.get("input"), dict | list):
        message += f" (got {_short(error.get('input'))})"
    pointer = _pointer(parts)
    return _error(
        name, f"invalid OpenAPI {label} document: {message}", pointer, lines.line_of(pointer)
    )


def _validate(
    raw: dict[str, Any],
    model: type[v3_1.OpenAPI] | type[v3_0.OpenAPI],
    version: str,
    name: str,
    lines: _LineIndex,
) -> OpenAPIDocument:
    known = _known_versions(model)
    # openapi-pydantic types `openapi` as a Literal of the versions it knows; an unknown
    # patch (or 3.2) is validated as the newest one it knows. `openapi_version` keeps the truth.
    data = raw if version in known else {**raw, "openapi": max(known, key=_version_key)}
    label = "3.0" if model is v3_0.OpenAPI else "3.1"
    try:
        with _gc_paused():
            return model.model_validate(data)
    except ValidationError as exc:
        raise _validation_error(exc, raw, label, name, lines) from None
    except RecursionError as exc:
        raise _error(
            name, f"invalid OpenAPI {label} document: nested too deeply (a recursive YAML alias?)"
        ) from exc


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", version))


# --------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SpecSource:
    """The raw bytes of a spec and where they came from (before any parsing)."""

    source: str
    name: str
    data: bytes
    json_hint: bool

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def read_source(source: str | os.PathLike[str], *, timeout: float = 30.0) -> SpecSource:
    """Read a spec's bytes from a path or an http(s) URL; raises :class:`SpecError`."""
    src = os.fspath(source)
    if _is_url(src):
        name = _url_name(src)
        return SpecSource(src, name, _fetch(src, name, timeout), urlsplit(src).path.lower().endswith(".json"))
    name = Path(src).name or src
    return SpecSource(src, name, _read_file(src, name), src.lower().endswith(".json"))


def load_spec(
    source: str | os.PathLike[str] | SpecSource,
    *,
    use_cache: bool = True,
    cache_dir: Path | None = None,
    timeout: float = 30.0,
) -> LoadedSpec:
    """Read, parse and validate an OpenAPI 3.0/3.1 spec from a path or an http(s) URL.

    The parsed document is cached in ``<cache_dir or user_cache_dir()>/specs/<sha256>.json``;
    ``use_cache=False`` neither reads nor writes it. URLs are fetched every time (only the
    parse is cached). Raises :class:`SpecError`; other problems come back as ``warnings``.

    An OpenAPI version openapi-pydantic does not list (3.1.9, or 3.2.0 with a warning) is
    validated as the newest it knows of that line, so ``document.openapi`` may read
    ``3.1.2`` where ``openapi_version`` reads ``3.2.0``.
    """
    spec_source = source if isinstance(source, SpecSource) else read_source(source, timeout=timeout)
    src, name, data, json_hint = spec_source.source, spec_source.name, spec_source.data, spec_source.json_hint
    sha = spec_source.sha256

    cached = None
    path = _cache_path(cache_dir, sha) if use_cache else None
    if path is not None:
        cached = _read_cache(path, name)
        if cached is not None and json_hint and cached[1] != "json":
            cached = None  # same bytes parsed as YAML under another name; a .json must be JSON
    warnings: list[Diagnostic]
    if cached is not None:
        raw, fmt, warnings = cached
    else:
        parsed, fmt, warnings = _parse(data, name, json_hint)
        if not isinstance(parsed, dict):
            kind = "empty" if parsed is None else f"a {type(parsed).__name__}"
            raise _error(name, f"not an OpenAPI document: the top level is {kind}, not a mapping")
        raw = parsed
        if path is not None:
            problem = _write_cache(path, raw, fmt, warnings)
            if problem is not None:
                warnings.append(
                    Diagnostic(
                        "warning", "", f"could not cache the parsed spec in {path}: {problem}", name
                    )
                )

    lines = _LineIndex(data, fmt)
    try:
        model, version, version_warnings = _choose_model(raw, name)
    except SpecError as exc:
        d = exc.diagnostic
        if d.line is not None or not d.pointer.startswith("#/"):
            raise
        raise _error(name, d.message, d.pointer, lines.line_of(d.pointer)) from None
    document = _validate(raw, model, version, name, lines)
    return LoadedSpec(
        source=src,
        name=name,
        raw=raw,
        document=document,
        openapi_version=version,
        sha256=sha,
        warnings=tuple(warnings + version_warnings),
        _lines=lines,
    )
