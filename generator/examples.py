"""Example values for docs and tests, derived from the IR only.

Values come from what the spec says, in this order: the spec's own example (when it fits
its schema), the default, then the schema itself: enum and const values, formats,
minimum/maximum, lengths, item counts and patterns, discriminator tags and required
fields. Nothing is invented from names, and the placeholder ``"string"`` is never produced
(a spec example that is that placeholder is not used either). The same operation always
gives the same example.

API (used by the docs and by the contract run; keep it stable):

``OperationExample``
    One call of an operation, both as it goes on the wire and as Python arguments of the
    generated method:

    - ``path_params``: (wire name, value) in path order;
    - ``query``: (wire name, value) pairs as sent, deepObject params flattened
      (``("filter[name][contains]", "sprocket")``), exploded arrays repeated, unexploded
      arrays comma-joined;
    - ``headers``: (wire name, text);
    - ``body``: the JSON, form or multipart fields as sent (wire names), the text of a text
      body, ``None`` for no body and for a raw binary body;
    - ``body_kind`` / ``content_type``: the :class:`ir.RequestBody` chosen (the first one,
      as the generated method does without file arguments — JSON when there is one);
    - ``files``: multipart file parts ``(field, filename, content, content type)``; a raw
      binary body is one entry with field ``""``;
    - ``args``: positional arguments (path params in order); ``kwargs``: keyword arguments
      by Python name. Object values are plain dicts with wire names inside (the generated
      methods take a model or a dict), files are ``(filename, bytes, content type)``.

``example_value(api, t, *, constraints=..., format=None, example=..., default=...)``
    A JSON value for a type (``None`` for binary, which has no JSON form).

``operation_example(api, op, *, required_only=False)``
    Required parameters and fields always (also a deepObject property its object requires,
    ``Param.object_required``); with ``required_only=False`` also the optional ones the spec
    gives an example for (directly or in the body's example). Read-only fields are never
    sent; an object's oneOf/anyOf property rules (``Model.rules``) are followed.

``check_value(api, t, value, constraints=..., *, direction="request")``
    The ways ``value`` breaks the schema ``t`` as far as the IR describes it (types, enums,
    formats, constraints, required and read-only fields, closed objects, union variants), as
    ``"<pointer>: <message>"`` strings; empty when it fits. Used to decide whether a spec
    example can be used, by the tests, and by the contract run to tell a spec whose example
    breaks its own schema from a generator defect.
"""

from __future__ import annotations

import importlib
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, Literal

from . import ir
from .ir import JsonValue

# The standard library's own regex parser turns a pattern into tokens we can walk to build a
# matching string (private modules without type stubs: typed as Any).
sre_parse: Any = importlib.import_module("re._parser")
sre_constants: Any = importlib.import_module("re._constants")

__all__ = [
    "FILE_CONTENT",
    "FILE_NAME",
    "FORMAT_VALUES",
    "OperationExample",
    "check_value",
    "example_value",
    "operation_example",
    "value_from_pattern",
]

FORMAT_VALUES: dict[str, str] = {
    "uuid": "0c2d6a8e-3f4b-4c5d-9e6f-7a8b9c0d1e2f",
    "date-time": "2024-01-15T09:30:00Z",
    "date": "2024-01-15",
    "time": "09:30:00",
    "e164": "+13125550001",
    "uri": "https://example.com",
    "url": "https://example.com",
    "uri-reference": "https://example.com",
    "iri": "https://example.com",
    "email": "user@example.com",
    "hostname": "example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "byte": "ZXhhbXBsZQ==",
    "int32": "1",
    "int64": "1",
    "integer": "1",
    "decimal": "1.00",
    "json-pointer": "/data",
    "duration": "PT1M",
}
"""String values for the formats the Telnyx spec uses (lower-case keys)."""

PLAIN_STRING = "example"
"""A string schema with no example, format, pattern or enum gets this (padded or cut to its lengths)."""
FILE_NAME = "example.bin"
FILE_CONTENT = b"example file content\n"
FILE_TYPE = "application/octet-stream"
MAX_DEPTH = 8

Direction = Literal["request", "response"]


@dataclass(frozen=True)
class OperationExample:
    path_params: tuple[tuple[str, JsonValue], ...]
    query: tuple[tuple[str, JsonValue], ...]
    headers: tuple[tuple[str, str], ...]
    body: JsonValue | None
    body_kind: str | None
    content_type: str | None
    files: tuple[tuple[str, str, bytes, str], ...]
    kwargs: tuple[tuple[str, object], ...]
    args: tuple[object, ...]


# ---------------------------------------------------------------------------------------
# Checking a value against a type
# ---------------------------------------------------------------------------------------

_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_DATE_TIME = re.compile(r"^\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)$")
_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")
_TIME = re.compile(r"^\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)?$")
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$")
_EMAIL = re.compile(r"^[^\s@]+@[^\s@]+$")


def _format_problem(fmt: str | None, value: str) -> str | None:
    fmt = (fmt or "").lower()
    if fmt == "uuid" and not _UUID.match(value):
        return "is not a uuid"
    if fmt == "date-time":
        if not _DATE_TIME.match(value):
            return "is not an RFC 3339 date-time"
        try:
            datetime.fromisoformat(value.replace("z", "Z").replace("Z", "+00:00"))
        except ValueError:
            return "is not a valid date-time"
    if fmt == "date":
        if not _DATE.match(value):
            return "is not a date (YYYY-MM-DD)"
        try:
            date.fromisoformat(value)
        except ValueError:
            return "is not a valid date"
    if fmt == "time" and not _TIME.match(value):
        return "is not a time"
    if fmt in ("uri", "url") and not _URI.match(value):
        return "is not an absolute URI"
    if fmt == "email" and not _EMAIL.match(value):
        return "is not an email address"
    return None


def _same(a: object, b: object) -> bool:
    """JSON equality: ``True`` is not ``1``, ``1`` is ``1.0``."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return a == b


def _search(pattern: str, value: str) -> bool | None:
    try:
        return re.search(pattern, value) is not None
    except re.error:
        return None


_TYPE_TABLES: dict[int, tuple[ir.Api, dict[str, ir.NamedType]]] = {}


def _type_table(api: ir.Api) -> dict[str, ir.NamedType]:
    """``{name: type}`` for an API, built once per API object (docs ask per operation)."""
    entry = _TYPE_TABLES.get(id(api))
    if entry is None or entry[0] is not api:
        if len(_TYPE_TABLES) >= 4:
            _TYPE_TABLES.clear()
        entry = (api, {t.name: t for t in api.types})
        _TYPE_TABLES[id(api)] = entry
    return entry[1]


class _Checker:
    def __init__(self, api: ir.Api, direction: Direction) -> None:
        self.types = _type_table(api)
        self.direction = direction

    def check(self, t: ir.TypeRef, value: object, c: ir.Constraints, path: str, depth: int = 0) -> list[str]:
        where = path or "/"
        if depth > 64:
            return []
        if isinstance(t, ir.Nullable):
            return [] if value is None else self.check(t.inner, value, c, path, depth)
        if isinstance(t, ir.AnyType):
            return []
        if value is None:
            return [f"{where}: is null"]
        if isinstance(t, ir.Binary):
            return [] if isinstance(value, (bytes, str)) else [f"{where}: is not binary content"]
        if isinstance(t, ir.Primitive):
            return self.primitive(t, value, c, where)
        if isinstance(t, ir.EnumType):
            return [] if any(_same(value, v) for v in t.values) else [f"{where}: {value!r} is not one of {list(t.values)!r}"]
        if isinstance(t, ir.Const):
            return [] if _same(value, t.value) else [f"{where}: {value!r} is not {t.value!r}"]
        if isinstance(t, ir.ArrayType):
            if not isinstance(value, list):
                return [f"{where}: is not an array"]
            out = []
            if c.min_items is not None and len(value) < c.min_items:
                out.append(f"{where}: has fewer than {c.min_items} items")
            if c.max_items is not None and len(value) > c.max_items:
                out.append(f"{where}: has more than {c.max_items} items")
            for i, item in enumerate(value):
                out += self.check(t.items, item, c.items or ir.NO_CONSTRAINTS, f"{path}/{i}", depth + 1)
            return out
        if isinstance(t, ir.MapType):
            if not isinstance(value, dict):
                return [f"{where}: is not an object"]
            out = []
            for k, v in value.items():
                out += self.check(t.values, v, ir.NO_CONSTRAINTS, f"{path}/{_escape(str(k))}", depth + 1)
            return out
        if isinstance(t, ir.ModelRef):
            named = self.types.get(t.name)
            if isinstance(named, ir.Alias):
                return self.check(named.type, value, c, path, depth + 1)
            if isinstance(named, ir.Model):
                return self.model(named, value, path, depth)
            return []
        if isinstance(t, ir.UnionType):
            results = [self.check(v, value, c, path, depth + 1) for v in t.variants]
            if any(not r for r in results):
                return []
            best = min(results, key=len)
            return [f"{where}: matches none of the {len(t.variants)} variants", *best]
        return []

    def primitive(self, t: ir.Primitive, value: object, c: ir.Constraints, where: str) -> list[str]:
        if t.kind == "string":
            if not isinstance(value, str):
                return [f"{where}: is not a string"]
            out = []
            if value == "string" and self.direction == "request":
                out.append(f"{where}: is the placeholder 'string'")
            problem = _format_problem(t.format, value)
            if problem:
                out.append(f"{where}: {value!r} {problem}")
            if c.min_length is not None and len(value) < c.min_length:
                out.append(f"{where}: is shorter than {c.min_length}")
            if c.max_length is not None and len(value) > c.max_length:
                out.append(f"{where}: is longer than {c.max_length}")
            if c.pattern is not None and _search(c.pattern, value) is False:
                out.append(f"{where}: {value!r} does not match {c.pattern!r}")
            return out
        if t.kind == "boolean":
            return [] if isinstance(value, bool) else [f"{where}: is not a boolean"]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return [f"{where}: is not a {t.kind}"]
        if t.kind == "integer" and isinstance(value, float) and not value.is_integer():
            return [f"{where}: is not an integer"]
        out = []
        if c.minimum is not None and (value < c.minimum or (c.exclusive_minimum and value == c.minimum)):
            out.append(f"{where}: is below the minimum {c.minimum:g}")
        if c.maximum is not None and (value > c.maximum or (c.exclusive_maximum and value == c.maximum)):
            out.append(f"{where}: is above the maximum {c.maximum:g}")
        if c.multiple_of and not math.isclose(value / c.multiple_of, round(value / c.multiple_of)):
            out.append(f"{where}: is not a multiple of {c.multiple_of:g}")
        return out

    def model(self, m: ir.Model, value: object, path: str, depth: int) -> list[str]:
        where = path or "/"
        if not isinstance(value, dict):
            return [f"{where}: is not an object ({m.name})"]
        out = []
        by_wire = {f.wire_name: f for f in m.fields}
        for f in m.fields:
            skip = f.read_only if self.direction == "request" else f.write_only
            if f.required and not skip and f.wire_name not in value:
                out.append(f"{where}: misses the required property '{f.wire_name}'")
        for key, item in value.items():
            found = by_wire.get(key)
            sub = f"{path}/{_escape(str(key))}"
            if found is None:
                if m.extra is False:
                    out.append(f"{where}: has the property '{key}' that {m.name} does not allow")
                elif not isinstance(m.extra, bool):
                    out += self.check(m.extra, item, ir.NO_CONSTRAINTS, sub, depth + 1)
                continue
            f = found
            if self.direction == "request" and f.read_only:
                continue
            if item is None and not f.required and not isinstance(f.type, ir.Nullable):
                # Optional and not nullable: null is outside the schema, but every client
                # treats it as absent; reported only for requests (the server sees it).
                if self.direction == "request":
                    out.append(f"{sub}: is null")
                continue
            out += self.check(f.type, item, f.constraints, sub, depth + 1)
        if m.rules:
            out += rule_problems(m, value, where)
        return out


def _holds(rule: ir.PropertyRule, value: dict[str, Any]) -> bool:
    return all(r in value for r in rule.required) and not any(f in value for f in rule.forbidden)


def rule_problems(m: ir.Model, value: dict[str, Any], where: str = "/") -> list[str]:
    """How an object breaks its model's oneOf/anyOf property rules."""
    holding = [r for r in m.rules if _holds(r, value)]
    if m.rules_combinator == "anyOf" and not holding:
        return [f"{where}: fits none of the {len(m.rules)} anyOf alternatives of {m.name}"]
    if m.rules_combinator == "oneOf" and len(holding) != 1:
        names = ", ".join(repr(r.title) for r in holding)
        return [f"{where}: fits {len(holding)} of the oneOf alternatives of {m.name}{' (' + names + ')' if names else ''}, not exactly one"]
    return []


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def check_value(
    api: ir.Api, t: ir.TypeRef, value: object, constraints: ir.Constraints = ir.NO_CONSTRAINTS, *, direction: Direction = "request"
) -> list[str]:
    """How ``value`` breaks schema ``t`` (see the module docstring); empty when it fits."""
    return _Checker(api, direction).check(t, value, constraints, "")


# ---------------------------------------------------------------------------------------
# Strings from patterns
# ---------------------------------------------------------------------------------------

_CATEGORY_CHARS = {
    sre_constants.CATEGORY_DIGIT: "1",
    sre_constants.CATEGORY_NOT_DIGIT: "a",
    sre_constants.CATEGORY_WORD: "a",
    sre_constants.CATEGORY_NOT_WORD: "-",
    sre_constants.CATEGORY_SPACE: " ",
    sre_constants.CATEGORY_NOT_SPACE: "a",
}
_CANDIDATES = "aA1-_ .xyzXYZ0"


def _in_class(items: list[Any], ch: str) -> bool:
    negate = False
    hit = False
    for op, arg in items:
        if op is sre_constants.NEGATE:
            negate = True
        elif (op is sre_constants.LITERAL and ord(ch) == arg) or (op is sre_constants.RANGE and arg[0] <= ord(ch) <= arg[1]) or (op is sre_constants.CATEGORY and re.fullmatch(_category_regex(arg), ch)):
            hit = True
    return hit != negate


def _category_regex(cat: Any) -> str:
    return {
        sre_constants.CATEGORY_DIGIT: r"\d",
        sre_constants.CATEGORY_NOT_DIGIT: r"\D",
        sre_constants.CATEGORY_WORD: r"\w",
        sre_constants.CATEGORY_NOT_WORD: r"\W",
        sre_constants.CATEGORY_SPACE: r"\s",
        sre_constants.CATEGORY_NOT_SPACE: r"\S",
    }.get(cat, ".")


def _class_char(items: list[Any]) -> str:
    if items and items[0][0] is not sre_constants.NEGATE:
        op, arg = items[0]
        if op is sre_constants.LITERAL:
            return chr(arg)
        if op is sre_constants.RANGE:
            return chr(arg[0])
        if op is sre_constants.CATEGORY:
            return _CATEGORY_CHARS.get(arg, "a")
    return next((ch for ch in _CANDIDATES if _in_class(items, ch)), "a")


def _emit(tokens: Any) -> Iterator[str]:
    for op, arg in tokens:
        if op is sre_constants.LITERAL:
            yield chr(arg)
        elif op is sre_constants.NOT_LITERAL:
            yield "a" if arg != ord("a") else "b"
        elif op is sre_constants.ANY:
            yield "a"
        elif op is sre_constants.IN:
            yield _class_char(arg)
        elif op is sre_constants.CATEGORY:
            yield _CATEGORY_CHARS.get(arg, "a")
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, getattr(sre_constants, "POSSESSIVE_REPEAT", None)):
            low, _high, sub = arg
            for _ in range(low):
                yield from _emit(sub)
        elif op is sre_constants.SUBPATTERN:
            yield from _emit(arg[-1])
        elif op is sre_constants.BRANCH:
            yield from _emit(arg[1][0])
        elif op is sre_constants.ATOMIC_GROUP:
            yield from _emit(arg)
        # AT (anchors), ASSERT, ASSERT_NOT, GROUPREF: nothing to emit


def value_from_pattern(pattern: str) -> str | None:
    """A short string the (ECMA-style) regular expression matches, or ``None`` if none is found."""
    try:
        tokens = sre_parse.parse(pattern)
        text = "".join(_emit(tokens))
    except (re.error, TypeError, ValueError, OverflowError):
        return None
    return text if _search(pattern, text) else None


# ---------------------------------------------------------------------------------------
# Deriving values
# ---------------------------------------------------------------------------------------


class _Engine:
    def __init__(self, api: ir.Api, required_only: bool) -> None:
        self.api = api
        self.types = _type_table(api)
        self.required_only = required_only
        self.checker = _Checker(api, "request")
        self.stack: list[str] = []

    # -------------------------------------------------------------- choosing
    def usable(self, t: ir.TypeRef, value: object, c: ir.Constraints) -> bool:
        return not self.checker.check(t, value, c, "")

    def slot(
        self,
        t: ir.TypeRef,
        c: ir.Constraints = ir.NO_CONSTRAINTS,
        fmt: str | None = None,
        candidates: tuple[JsonValue, ...] = (),
    ) -> JsonValue:
        """The first candidate (example, default, ...) that fits ``t``, else a derived value."""
        for value in candidates:
            if self.usable(t, value, c):
                return self.without_read_only(t, value)
        return self.derive(t, c, fmt)

    def without_read_only(self, t: ir.TypeRef, value: JsonValue) -> JsonValue:
        """A spec example with the read-only properties (never sent) taken out."""
        t = t.inner if isinstance(t, ir.Nullable) else t
        named = self.types.get(t.name) if isinstance(t, ir.ModelRef) else None
        if isinstance(named, ir.Alias):
            return self.without_read_only(named.type, value)
        if isinstance(named, ir.Model) and isinstance(value, dict):
            fields = {f.wire_name: f for f in named.fields}
            return {
                k: (self.without_read_only(fields[k].type, v) if k in fields else v)
                for k, v in value.items()
                if not (k in fields and fields[k].read_only)
            }
        if isinstance(t, ir.ArrayType) and isinstance(value, list):
            return [self.without_read_only(t.items, v) for v in value]
        return value

    # -------------------------------------------------------------- types
    def derive(self, t: ir.TypeRef, c: ir.Constraints = ir.NO_CONSTRAINTS, fmt: str | None = None) -> JsonValue:
        if isinstance(t, ir.Nullable):
            return self.derive(t.inner, c, fmt)
        if isinstance(t, ir.Primitive):
            return primitive_value(t.kind, t.format or fmt, c)
        if isinstance(t, ir.EnumType):
            return next((v for v in t.values if not _breaks(v, c)), t.values[0])
        if isinstance(t, ir.Const):
            return t.value
        if isinstance(t, ir.ArrayType):
            return self.array(t, c)
        if isinstance(t, ir.MapType):
            return {}
        if isinstance(t, ir.ModelRef):
            return self.named(t.name)
        if isinstance(t, ir.UnionType):
            return self.union(t, c, fmt)
        if isinstance(t, ir.Binary):
            return None
        return PLAIN_STRING

    def array(self, t: ir.ArrayType, c: ir.Constraints) -> JsonValue:
        count = max(1, c.min_items or 0)
        if c.max_items is not None:
            count = min(count, c.max_items)
        item_c = c.items or ir.NO_CONSTRAINTS
        items = t.items.inner if isinstance(t.items, ir.Nullable) else t.items
        if isinstance(items, ir.EnumType) and count > 1:
            values: list[JsonValue] = list(items.values[:count])
            return values
        first = self.derive(t.items, item_c)
        return [first for _ in range(count)]

    def named(self, name: str) -> JsonValue:
        t = self.types.get(name)
        if t is None:
            return {}
        if isinstance(t, ir.Alias):
            candidates = (t.example,) if t.has_example else ()
            if name in self.stack:
                return self.derive(t.type)
            self.stack.append(name)
            try:
                return self.slot(t.type, candidates=candidates)
            finally:
                self.stack.pop()
        return self.model(t, None)

    def model(self, m: ir.Model, base: JsonValue, tags: dict[str, JsonValue] | None = None) -> dict[str, JsonValue]:
        """An object for model ``m``: required fields, plus (unless required_only) the optional
        fields with an example; ``base`` is an example of the whole object to take values from."""
        base_obj = base if isinstance(base, dict) else (m.example if m.has_example and isinstance(m.example, dict) else {})
        recursing = self.stack.count(m.name) > 0
        if len(self.stack) > MAX_DEPTH:
            return dict(tags or {})
        self.stack.append(m.name)
        try:
            out: dict[str, JsonValue] = {}
            for f in m.fields:
                if f.read_only:
                    continue
                if tags and f.wire_name in tags:
                    out[f.wire_name] = tags[f.wire_name]
                    continue
                in_base = f.wire_name in base_obj
                optional_wanted = not self.required_only and not recursing and (f.has_example or in_base)
                if not (f.required or optional_wanted):
                    continue
                if not f.required and self.refers_to_stack(f.type):
                    continue
                out[f.wire_name] = self.field_value(f, base_obj)
            if m.rules and rule_problems(m, out):
                out = self.follow_rules(m, out, base_obj)
            return out
        finally:
            self.stack.pop()

    def follow_rules(self, m: ir.Model, out: dict[str, JsonValue], base: dict[str, Any]) -> dict[str, JsonValue]:
        """``out`` changed to satisfy the model's property rules: the first rule that can be
        made to hold by adding its required and dropping its forbidden properties."""
        fields = {f.wire_name: f for f in m.fields}
        for rule in m.rules:
            candidate = {k: v for k, v in out.items() if k not in rule.forbidden}
            for name in rule.required:
                if name not in candidate and name in fields:
                    candidate[name] = self.field_value(fields[name], base)
            if not rule_problems(m, candidate):
                return candidate
        return out

    def field_value(self, f: ir.Field, base: dict[str, Any]) -> JsonValue:
        candidates: list[JsonValue] = []
        if f.has_example:
            candidates.append(f.example)
        if f.wire_name in base:
            candidates.append(base[f.wire_name])
        if f.has_default and f.default is not None:
            candidates.append(f.default)
        return self.slot(f.type, f.constraints, f.format, tuple(candidates))

    def binary_fields(self, t: ir.TypeRef) -> set[str]:
        """Wire names of the binary fields of a model or of the models of a union."""
        t = t.inner if isinstance(t, ir.Nullable) else t
        if isinstance(t, ir.UnionType):
            return set().union(*(self.binary_fields(v) for v in t.variants))
        named = self.types.get(t.name) if isinstance(t, ir.ModelRef) else None
        if isinstance(named, ir.Alias):
            return self.binary_fields(named.type)
        if isinstance(named, ir.Model):
            return {f.wire_name for f in named.fields if _is_file(f.type)}
        return set()

    def refers_to_stack(self, t: ir.TypeRef) -> bool:

        return any(name in self.stack for name in ir.type_refs(t))

    def union(self, t: ir.UnionType, c: ir.Constraints, fmt: str | None) -> JsonValue:
        if t.discriminator is not None and t.discriminator.mapping:
            for tag, name in t.discriminator.mapping:
                m = self.types.get(name)
                if isinstance(m, ir.Model):
                    return self.model(m, None, {t.discriminator.property_wire_name: tag})
        values = [self.derive(v, c, fmt) for v in t.variants]
        for value in values:
            if sum(self.usable(v, value, c) for v in t.variants) == 1:
                return value
        return values[0]


def _breaks(value: object, c: ir.Constraints) -> bool:
    """Whether an enum value breaks the slot's constraints (pattern, length, range)."""
    if isinstance(value, str):
        if c.pattern is not None and _search(c.pattern, value) is False:
            return True
        if c.min_length is not None and len(value) < c.min_length:
            return True
        return c.max_length is not None and len(value) > c.max_length
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (c.minimum is not None and value < c.minimum) or (c.maximum is not None and value > c.maximum)
    return False


def primitive_value(kind: ir.PrimitiveKind, fmt: str | None, c: ir.Constraints) -> JsonValue:
    """A value of a scalar schema from its format and constraints."""
    if kind == "boolean":
        return True
    if kind in ("integer", "number"):
        return _number_value(kind, c)
    by_format = FORMAT_VALUES.get((fmt or "").lower())
    if c.pattern is not None:
        if by_format is not None and _search(c.pattern, by_format):
            return by_format
        from_pattern = value_from_pattern(c.pattern)
        if from_pattern is not None:
            return from_pattern
    if by_format is not None:
        return by_format
    text = PLAIN_STRING
    if c.min_length is not None and len(text) < c.min_length:
        text = (text * (c.min_length // len(text) + 1))[: c.min_length]
    if c.max_length is not None and len(text) > c.max_length:
        text = text[: c.max_length]
    return text


def _number_value(kind: str, c: ir.Constraints) -> int | float:
    low = c.minimum
    high = c.maximum
    step = 1.0 if kind == "integer" else 0.5
    value: float = 1.0
    if low is not None:
        value = max(value, low) if high is None or high >= 1 else low
        if value == low and c.exclusive_minimum:
            value = low + step
    if high is not None and (value > high or (value == high and c.exclusive_maximum)):
        value = high - step if c.exclusive_maximum else high
    if kind == "integer":
        value = float(math.ceil(value)) if low is not None and value < low else float(round(value))
    if c.multiple_of:
        value = math.ceil(value / c.multiple_of) * c.multiple_of
    return int(value) if value.is_integer() else value


def example_value(
    api: ir.Api,
    t: ir.TypeRef,
    *,
    constraints: ir.Constraints = ir.NO_CONSTRAINTS,
    format: str | None = None,
    example: JsonValue = None,
    has_example: bool = False,
    default: JsonValue = None,
    has_default: bool = False,
    required_only: bool = False,
) -> JsonValue:
    """A JSON value for ``t``: ``example`` or ``default`` when they fit, else derived."""
    candidates: list[JsonValue] = []
    if has_example:
        candidates.append(example)
    if has_default and default is not None:
        candidates.append(default)
    return _Engine(api, required_only).slot(t, constraints, format, tuple(candidates))


# ---------------------------------------------------------------------------------------
# Operations
# ---------------------------------------------------------------------------------------


def _param_value(engine: _Engine, p: ir.Param) -> JsonValue:
    candidates: list[JsonValue] = []
    if p.has_example:
        candidates.append(p.example)
    if p.has_default and p.default is not None:
        candidates.append(p.default)
    return engine.slot(p.type, p.constraints, p.format, tuple(candidates))


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def query_pairs(name: str, value: JsonValue, style: str, explode: bool) -> list[tuple[str, JsonValue]]:
    """A query parameter as the generated client sends it (wire names, bracketed objects)."""
    if value is None:
        return []
    if isinstance(value, dict):
        out: list[tuple[str, JsonValue]] = []
        for key, item in value.items():
            out += query_pairs(f"{name}[{key}]", item, "deepObject", True)
        return out
    if isinstance(value, list):
        items = [v for v in value if v is not None]
        if not items:
            return []
        texts = [_text(v) for v in items]
        if style == "spaceDelimited":
            return [(name, " ".join(texts))]
        if style == "pipeDelimited":
            return [(name, "|".join(texts))]
        if style == "form" and not explode:
            return [(name, ",".join(texts))]
        return [(name, v) for v in items]
    return [(name, value)]


def _is_file(t: ir.TypeRef) -> bool:
    t = t.inner if isinstance(t, ir.Nullable) else t
    return isinstance(t, ir.Binary) or (isinstance(t, ir.ArrayType) and isinstance(t.items, ir.Binary))


def operation_example(api: ir.Api, op: ir.Operation, *, required_only: bool = False) -> OperationExample:
    """Arguments for one valid call of ``op`` (see the module docstring)."""
    engine = _Engine(api, required_only)
    path_params: list[tuple[str, JsonValue]] = []
    query: list[tuple[str, JsonValue]] = []
    headers: list[tuple[str, str]] = []
    kwargs: list[tuple[str, object]] = []
    args: list[object] = []
    for p in op.params:
        if p.location == "cookie":
            continue
        if not (p.location == "path" or p.required or p.object_required or (not required_only and p.has_example)):
            continue
        if p.location == "path":  # the client refuses empty path segments
            p = replace(p, constraints=replace(p.constraints, min_length=max(1, p.constraints.min_length or 0)))
        value = _param_value(engine, p)
        if p.location == "path":
            path_params.append((p.wire_name, value))
            args.append(value)
        elif p.location == "query":
            query += query_pairs(p.wire_name, value, p.style, p.explode)
            kwargs.append((p.py_name, value))
        else:
            headers.append((p.wire_name, _text(value)))
            kwargs.append((p.py_name, _text(value)))
    body: JsonValue | None = None
    files: list[tuple[str, str, bytes, str]] = []
    chosen = op.bodies[0] if op.bodies else None
    if chosen is not None:
        body = _body(engine, chosen, files, kwargs)
    return OperationExample(
        path_params=tuple(path_params),
        query=tuple(query),
        headers=tuple(headers),
        body=body,
        body_kind=chosen.kind if chosen else None,
        content_type=chosen.content_type if chosen else None,
        files=tuple(files),
        kwargs=tuple(kwargs),
        args=tuple(args),
    )


def _body(engine: _Engine, b: ir.RequestBody, files: list[tuple[str, str, bytes, str]], kwargs: list[tuple[str, object]]) -> JsonValue | None:
    if b.kind == "binary":
        files.append(("", FILE_NAME, FILE_CONTENT, b.content_type if "*" not in b.content_type else FILE_TYPE))
        kwargs.append(("content", FILE_CONTENT))
        return None
    if b.kind == "text":
        text = engine.slot(b.type, candidates=(b.example,) if b.has_example and isinstance(b.example, str) else ())
        text = text if isinstance(text, str) else PLAIN_STRING
        kwargs.append(("content", text))
        return text
    if not b.flattened:
        candidates = (b.example,) if b.has_example else ()
        value = engine.slot(b.type, candidates=candidates)
        if b.kind == "multipart" and isinstance(value, dict):
            # a union of multipart shapes: its binary fields are file parts (bytes in the dict)
            binary = engine.binary_fields(b.type)
            arg: dict[str, object] = {}
            for key, item in value.items():
                if key in binary:
                    files.append((key, FILE_NAME, FILE_CONTENT, FILE_TYPE))
                    arg[key] = FILE_CONTENT
                else:
                    arg[key] = item
            kwargs.append(("body", arg))
            return {k: v for k, v in value.items() if k not in binary}
        kwargs.append(("body", value))
        return value
    base = b.example if b.has_example and isinstance(b.example, dict) else {}
    out: dict[str, JsonValue] = {}
    py_names: dict[str, str] = {}
    for f in b.fields:
        if f.read_only:
            continue
        py_names[f.wire_name] = f.py_name
        if b.kind == "multipart" and _is_file(f.type):
            if not (f.required or (not engine.required_only and f.wire_name in base)):
                continue
            files.append((f.wire_name, FILE_NAME, FILE_CONTENT, FILE_TYPE))
            part = (FILE_NAME, FILE_CONTENT, FILE_TYPE)
            single = isinstance(f.type.inner if isinstance(f.type, ir.Nullable) else f.type, ir.Binary)
            kwargs.append((f.py_name, part if single else [part]))
            continue
        wanted = f.required or (not engine.required_only and (f.has_example or f.wire_name in base))
        if wanted:
            out[f.wire_name] = engine.field_value(f, base)
    model = engine.types.get(b.type.name) if isinstance(b.type, ir.ModelRef) else None
    if isinstance(model, ir.Model) and model.rules and rule_problems(model, out):
        out = engine.follow_rules(model, out, base)
    kwargs += [(py_names.get(k, k), v) for k, v in out.items()]
    return out
