"""Two APIs (IR vs IR) → a changelog, each change classified for Python users of the package.

:func:`diff_apis` compares the intermediate models built from an old and a new spec; it never
looks at spec text, so reformatting, reordering, moving a schema behind a ``$ref`` or editing
a description changes nothing here. :func:`to_json` gives the stable JSON form (schema in
``docs/changelog-schema.md``), :func:`to_markdown` the human one.

What is compared
    Operations are matched by (method, path). Present in one spec only: ``operation_added`` /
    ``operation_removed``. Same method and path with another operationId or another Python call
    (``client.a.b.c``): ``operation_renamed``.

    For an operation in both, its Python signature and return value: parameters by
    (location, wire name); request bodies by content type, a flattened body's fields (the
    method's keyword arguments) by wire name, read-only fields skipped as the method skips
    them; the return type built from the 2xx responses, as the generated method returns it.
    Error responses are not compared (their bodies are models, compared below).

    Named types are matched by JSON pointer: a component schema by its key, an inline shape
    by where it sits in the spec. Only component schemas are reported as ``model_added`` /
    ``model_removed`` (inline shapes come and go with their operations and show up as
    signature or return-type changes there). For a type in both: its Python name, model vs
    alias, deprecation, and for a model each field by wire name; for an alias its type.
    A model that is only ever a flattened request body is not compared field by field: its
    fields are the method's arguments and are reported there.

    Every typed thing (parameter, argument, body, return, field, alias) is compared the same
    way: nullability, then the type with enum values set aside, then enum values. Types
    compare by meaning, not text: ``ModelRef`` by the pointer of the named type, unions as
    sets, ``int`` inside ``float``, an enum or const inside its scalar, anything inside
    ``Any``; a format that does not change the Python type (``uuid``) is no change.

Direction
    A change to something the user *sends* (parameters, arguments, request bodies, models
    reachable from them) breaks code when it accepts less; a change to something the user
    *receives* (return values, models reachable from responses or webhook events) breaks code
    when it may hold more than before, because typed code (``mypy --strict``) stops checking.
    A model reachable from both sides, or from neither, is held to both rules.

Classification (breaking → the suggested bump is major)
    ============================  ===========================  ===========================
    change                        input (sent)                 output (received)
    ============================  ===========================  ===========================
    operation / model removed     breaking                     breaking
    operation renamed             breaking if the Python call changes, else not
    model renamed (Python name)   breaking                     breaking
    added                         breaking if required         non-breaking
    removed                       breaking                     breaking
    renamed (Python name)         breaking                     breaking
    made required                 breaking                     non-breaking
    made optional                 non-breaking                 breaking (now ``X | None``)
    made nullable                 non-breaking                 breaking
    made non-nullable             breaking                     non-breaking
    type widened                  non-breaking                 breaking
    type narrowed                 breaking                     non-breaking
    type changed otherwise        breaking                     breaking
    enum value added              non-breaking                 non-breaking (lenient parsing)
    enum value removed            breaking                     breaking
    (un)deprecated                non-breaking                 non-breaking
    ============================  ===========================  ===========================

    A request body added to an operation that had none is breaking when it is required and
    brings a required argument. A return type that changes kind (JSON, stream, bytes, text,
    nothing) is breaking.

Suggested bump: ``major`` with any breaking change, else ``minor`` with any change, else
``patch`` (documentation only, or nothing).

Order is deterministic: breaking first, then by subject (operations, parameters, request
bodies, request fields, responses, models, fields), then by call or model name, name, change.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from . import ir

__all__ = [
    "SCHEMA_VERSION",
    "Change",
    "Changelog",
    "SpecInfo",
    "diff_apis",
    "first_run",
    "suggested_bump",
    "to_json",
    "to_markdown",
    "type_text",
]

SCHEMA_VERSION = 1
"""Bump when the JSON form changes incompatibly (see docs/changelog-schema.md)."""

Subject = Literal["operation", "parameter", "request_body", "request_field", "response", "model", "field"]
Direction = Literal["input", "output", "both"]
Bump = Literal["major", "minor", "patch"]

SUBJECTS: tuple[Subject, ...] = ("operation", "parameter", "request_body", "request_field", "response", "model", "field")
CHANGES = (
    "added",
    "removed",
    "renamed",
    "kind_changed",
    "made_required",
    "made_optional",
    "made_nullable",
    "made_non_nullable",
    "type_changed",
    "enum_value_added",
    "enum_value_removed",
    "deprecated",
    "undeprecated",
)
_SUBJECT_TITLES = {
    "operation": "Operations",
    "parameter": "Parameters",
    "request_body": "Request bodies",
    "request_field": "Request body fields (keyword arguments)",
    "response": "Return types",
    "model": "Models",
    "field": "Model fields",
}


@dataclass(frozen=True, slots=True)
class SpecInfo:
    source: str
    title: str
    version: str
    operations: int
    types: int


@dataclass(frozen=True, slots=True)
class Change:
    subject: Subject
    change: str
    """One of :data:`CHANGES`."""
    breaking: bool
    message: str
    """What changed, in words, without the call or model it is about."""
    pointer: str
    pointer_in: Literal["old", "new"]
    direction: Direction | None = None
    call: str | None = None
    """``client.a.b.c`` for operation-level changes."""
    calls: tuple[str, ...] = ()
    """Every call affected (for a model: every call whose arguments or result reach it)."""
    webhooks: tuple[str, ...] = ()
    method: str | None = None
    path: str | None = None
    operation_id: str | None = None
    model: str | None = None
    name: str | None = None
    """Python name of the parameter, argument or field (or the model)."""
    wire_name: str | None = None
    location: str | None = None
    old: str | None = None
    new: str | None = None
    values: tuple[ir.EnumValue, ...] = ()

    @property
    def kind(self) -> str:
        return f"{self.subject}_{self.change}"


@dataclass(frozen=True, slots=True)
class Changelog:
    old: SpecInfo | None
    """``None`` for a first generation: nothing to compare with."""
    new: SpecInfo
    changes: tuple[Change, ...] = field(default=())


def suggested_bump(log: Changelog) -> Bump | None:
    """major / minor / patch; ``None`` for a first generation."""
    if log.old is None:
        return None
    if any(c.breaking for c in log.changes):
        return "major"
    return "minor" if log.changes else "patch"


# --------------------------------------------------------------------------------------
# Indexing one side
# --------------------------------------------------------------------------------------


@dataclass
class _Usage:
    input: set[str] = field(default_factory=set)
    output: set[str] = field(default_factory=set)
    webhooks: set[str] = field(default_factory=set)
    referenced: bool = False
    """Reached from anything other than being a flattened request body."""


class _Side:
    def __init__(self, api: ir.Api) -> None:
        self.api = api
        self.by_name: dict[str, ir.NamedType] = {t.name: t for t in api.types}
        self.by_pointer: dict[str, ir.NamedType] = {t.pointer: t for t in api.types}
        self.ops: dict[tuple[str, str], ir.Operation] = {}
        for op in api.operations:
            self.ops.setdefault((op.method, op.path), op)
        self.edges: dict[str, set[str]] = {t.name: set(ir.named_refs(t)) for t in api.types}
        self.usage: dict[str, _Usage] = {}
        self._index_usage()

    def pointer(self, name: str) -> str:
        t = self.by_name.get(name)
        return t.pointer if t is not None else name

    def _closure(self, roots: Iterable[str]) -> set[str]:
        seen: set[str] = set()
        stack = [r for r in roots if r in self.by_name]
        while stack:
            name = stack.pop()
            if name in seen:
                continue
            seen.add(name)
            stack.extend(r for r in self.edges.get(name, ()) if r not in seen and r in self.by_name)
        return seen

    def _use(self, name: str) -> _Usage:
        return self.usage.setdefault(self.pointer(name), _Usage())

    def _index_usage(self) -> None:
        for refs in self.edges.values():
            for r in refs:
                self._use(r).referenced = True
        for op in self.api.operations:
            call = "client." + op.call
            inputs: set[str] = set()
            for p in op.params:
                inputs |= set(ir.type_refs(p.type))
            for b in op.bodies:
                inputs |= set(ir.type_refs(b.type))
                for f in b.fields:
                    inputs |= set(ir.type_refs(f.type))
                if not b.flattened:
                    for r in ir.type_refs(b.type):
                        self._use(r).referenced = True
            outputs: set[str] = set()
            for response in op.responses:
                if response.type is not None:
                    outputs |= set(ir.type_refs(response.type))
            for name in inputs - {n for b in op.bodies if b.flattened for n in ir.type_refs(b.type)}:
                self._use(name).referenced = True
            for name in outputs:
                self._use(name).referenced = True
            for name in self._closure(inputs):
                self._use(name).input.add(call)
            for name in self._closure(outputs):
                self._use(name).output.add(call)
        for hook in self.api.webhooks:
            for name in self._closure(ir.type_refs(hook.event_type)):
                use = self._use(name)
                use.webhooks.add(hook.name)
                use.referenced = True


# --------------------------------------------------------------------------------------
# Types: text, meaning, relation
# --------------------------------------------------------------------------------------


def _scalar_name(value: ir.EnumValue) -> str:
    return {bool: "bool", int: "int", float: "float", str: "str"}[type(value)]


def _primitive_name(t: ir.Primitive, request: bool) -> str:
    if t.kind == "string":
        if not request and t.format in ("date-time", "date"):
            return "datetime" if t.format == "date-time" else "date"
        return "str"
    return {"integer": "int", "number": "float", "boolean": "bool"}[t.kind]


def _literal(values: Sequence[ir.EnumValue], limit: int = 6) -> str:
    shown = [repr(v) for v in values[:limit]]
    if len(values) > limit:
        shown.append(f"... {len(values) - limit} more")
    return "Literal[" + ", ".join(shown) + "]"


def type_text(t: ir.TypeRef | None, *, request: bool = False) -> str:
    """A readable Python annotation for ``t`` (the generated code's, with long enums cut)."""
    if t is None:
        return "None"
    if isinstance(t, ir.Primitive):
        return _primitive_name(t, request)
    if isinstance(t, ir.Binary):
        return "FileInput" if request else "bytes"
    if isinstance(t, ir.EnumType):
        return _literal(t.values)
    if isinstance(t, ir.Const):
        return _literal([t.value])
    if isinstance(t, ir.ArrayType):
        return f"list[{type_text(t.items, request=request)}]"
    if isinstance(t, ir.MapType):
        return f"dict[str, {type_text(t.values, request=request)}]"
    if isinstance(t, ir.ModelRef):
        return t.name
    if isinstance(t, ir.Nullable):
        inner = type_text(t.inner, request=request)
        return inner if inner == "Any" else f"{inner} | None"
    if isinstance(t, ir.UnionType):
        return " | ".join(dict.fromkeys(type_text(v, request=request) for v in t.variants))
    return "Any"


Canon = tuple[Any, ...]
_ANY: Canon = ("any",)


def _canon(t: ir.TypeRef, side: _Side, request: bool) -> Canon:
    """The meaning of a type for Python code: enum values and irrelevant formats left out."""
    if isinstance(t, ir.Primitive):
        return ("prim", _primitive_name(t, request))
    if isinstance(t, ir.Binary):
        return ("binary",)
    if isinstance(t, ir.EnumType):
        kinds = {_scalar_name(v) for v in t.values}
        return ("enum", kinds.pop() if len(kinds) == 1 else "mixed")
    if isinstance(t, ir.Const):
        return ("const", _scalar_name(t.value), t.value)
    if isinstance(t, ir.ArrayType):
        return ("array", _canon(t.items, side, request))
    if isinstance(t, ir.MapType):
        return ("map", _canon(t.values, side, request))
    if isinstance(t, ir.ModelRef):
        return ("ref", side.pointer(t.name))
    if isinstance(t, ir.Nullable):
        inner = _canon(t.inner, side, request)
        return inner if inner == _ANY else ("nullable", inner)
    if isinstance(t, ir.UnionType):
        variants: set[Canon] = set()
        for v in t.variants:
            c = _canon(v, side, request)
            variants |= c[1] if c[0] == "union" else {c}
        return ("union", frozenset(variants))
    return _ANY


def _within(a: Canon, b: Canon) -> bool:
    """Whether every value of ``a`` is a value of ``b`` (enum values aside)."""
    if a == b or b == _ANY:
        return True
    if a == _ANY:
        return False
    if b[0] == "nullable":
        return _within(a[1], b[1]) if a[0] == "nullable" else _within(a, b[1])
    if a[0] == "nullable":
        return False
    if a[0] == "union":
        return all(_within(v, b) for v in a[1])
    if b[0] == "union":
        return any(_within(a, v) for v in b[1])
    if a[0] == "prim" and b[0] == "prim":
        return bool(a[1] == "int" and b[1] == "float")
    if a[0] in ("enum", "const") and b[0] in ("prim", "enum"):
        return bool(a[1] == b[1] or (a[1] == "int" and b[1] == "float" and b[0] == "prim"))
    if a[0] == b[0] and a[0] in ("array", "map"):
        return _within(a[1], b[1])
    return False


Relation = Literal["same", "widened", "narrowed", "changed"]


def _relation(a: Canon, b: Canon) -> Relation:
    forward, backward = _within(a, b), _within(b, a)
    if forward and backward:
        return "same"
    if forward:
        return "widened"
    return "narrowed" if backward else "changed"


def _strip_null(t: ir.TypeRef) -> tuple[ir.TypeRef, bool]:
    if isinstance(t, ir.Nullable):
        if isinstance(t.inner, ir.AnyType):
            return t.inner, False
        return t.inner, True
    return t, False


def _enum_values(t: ir.TypeRef) -> list[ir.EnumValue]:
    """Enum and const values anywhere in ``t`` (not inside named types), in order."""
    if isinstance(t, ir.EnumType):
        return list(t.values)
    if isinstance(t, ir.Const):
        return [t.value]
    if isinstance(t, ir.ArrayType):
        return _enum_values(t.items)
    if isinstance(t, ir.MapType):
        return _enum_values(t.values)
    if isinstance(t, ir.Nullable):
        return _enum_values(t.inner)
    if isinstance(t, ir.UnionType):
        return [v for variant in t.variants for v in _enum_values(variant)]
    return []


def _has_enum(t: ir.TypeRef) -> bool:
    if isinstance(t, ir.EnumType):
        return True
    if isinstance(t, ir.ArrayType):
        return _has_enum(t.items)
    if isinstance(t, ir.MapType):
        return _has_enum(t.values)
    if isinstance(t, ir.Nullable):
        return _has_enum(t.inner)
    if isinstance(t, ir.UnionType):
        return any(_has_enum(v) for v in t.variants)
    return False


def _value_key(v: ir.EnumValue) -> tuple[str, ir.EnumValue]:
    return (_scalar_name(v), v)


# --------------------------------------------------------------------------------------
# Classification
# --------------------------------------------------------------------------------------

_BREAKS: dict[str, tuple[bool, bool]] = {
    # change: (breaking when sent, breaking when received)
    "removed": (True, True),
    "renamed": (True, True),
    "kind_changed": (True, True),
    "made_required": (True, False),
    "made_optional": (False, True),
    "made_nullable": (False, True),
    "made_non_nullable": (True, False),
    "type_widened": (False, True),
    "type_narrowed": (True, False),
    "type_changed": (True, True),
    "enum_value_added": (False, False),
    "enum_value_removed": (True, True),
    "deprecated": (False, False),
    "undeprecated": (False, False),
}


def _breaking(rule: str, direction: Direction) -> bool:
    sent, received = _BREAKS[rule]
    return (sent and direction != "output") or (received and direction != "input")


@dataclass(frozen=True, slots=True)
class _Typed:
    """One typed change: the part of a :class:`Change` that depends only on the types."""

    change: str
    breaking: bool
    words: str
    old: str | None = None
    new: str | None = None
    values: tuple[ir.EnumValue, ...] = ()


def _compare_types(old: ir.TypeRef, new: ir.TypeRef, olds: _Side, news: _Side, direction: Direction) -> list[_Typed]:
    out: list[_Typed] = []
    o, o_null = _strip_null(old)
    n, n_null = _strip_null(new)
    if o_null != n_null:
        change = "made_nullable" if n_null else "made_non_nullable"
        if direction == "input":
            words = "now accepts None" if n_null else "no longer accepts None"
        else:
            words = "may now be None" if n_null else "is never None now"
        out.append(_Typed(change, _breaking(change, direction), words))
    modes = {"input": (True,), "output": (False,), "both": (True, False)}[direction]
    relations = {request: _relation(_canon(o, olds, request), _canon(n, news, request)) for request in modes}
    request = direction == "input"
    old_text, new_text = type_text(o, request=request), type_text(n, request=request)
    if any(r != "same" for r in relations.values()):
        breaking = any(
            _breaking("type_" + r if r != "changed" else "type_changed", "input" if req else "output")
            for req, r in relations.items()
            if r != "same"
        )
        shown = {r for r in relations.values() if r != "same"}
        how = shown.pop() if len(shown) == 1 else "changed"
        out.append(_Typed("type_changed", breaking, f"type {how}: `{old_text}` → `{new_text}`", old_text, new_text))
    if _has_enum(o) and _has_enum(n):
        old_values = {_value_key(v): v for v in _enum_values(o)}
        new_values = {_value_key(v): v for v in _enum_values(n)}
        added = tuple(v for k, v in new_values.items() if k not in old_values)
        removed = tuple(v for k, v in old_values.items() if k not in new_values)
        if added:
            out.append(_Typed("enum_value_added", _breaking("enum_value_added", direction), "new enum values " + _values_text(added), values=added))
        if removed:
            out.append(_Typed("enum_value_removed", _breaking("enum_value_removed", direction), "enum values removed: " + _values_text(removed), values=removed))
    return out


def _values_text(values: Sequence[ir.EnumValue], limit: int = 12) -> str:
    text = ", ".join(f"`{v!r}`" for v in values[:limit])
    return text + (f" and {len(values) - limit} more" if len(values) > limit else "")


def _deprecation(old: bool, new: bool) -> _Typed | None:
    if old == new:
        return None
    return _Typed("deprecated" if new else "undeprecated", False, "deprecated" if new else "no longer deprecated")


# --------------------------------------------------------------------------------------
# The comparison
# --------------------------------------------------------------------------------------


class _Differ:
    def __init__(self, old: ir.Api, new: ir.Api) -> None:
        self.olds = _Side(old)
        self.news = _Side(new)
        self.changes: list[Change] = []

    # ------------------------------------------------------------------ operations
    def operations(self) -> None:
        olds, news = self.olds, self.news
        for key in sorted(olds.ops.keys() - news.ops.keys()):
            op = olds.ops[key]
            self.op_change(op, "removed", True, f"removed (`{op.method} {op.path}`)", op.pointer, "old")
        for key in sorted(news.ops.keys() - olds.ops.keys()):
            op = news.ops[key]
            self.op_change(op, "added", False, f"new operation `{op.method} {op.path}`", op.pointer, "new")
        for key in sorted(olds.ops.keys() & news.ops.keys()):
            self.operation(olds.ops[key], news.ops[key])

    def op_change(self, op: ir.Operation, change: str, breaking: bool, message: str, pointer: str, side: Literal["old", "new"], subject: Subject = "operation", **more: Any) -> None:
        call = "client." + op.call
        self.changes.append(
            Change(
                subject=subject,
                change=change,
                breaking=breaking,
                message=message,
                pointer=pointer,
                pointer_in=side,
                direction=more.pop("direction", None),
                call=call,
                calls=(call,),
                method=op.method,
                path=op.path,
                operation_id=op.operation_id,
                **more,
            )
        )

    def operation(self, o: ir.Operation, n: ir.Operation) -> None:
        if o.call != n.call or o.operation_id != n.operation_id:
            if o.call != n.call:
                words = f"renamed from `client.{o.call}`"
                if o.operation_id != n.operation_id:
                    words += f" (operationId `{o.operation_id}` → `{n.operation_id}`)"
            else:
                words = f"operationId `{o.operation_id}` → `{n.operation_id}` (the Python call is unchanged)"
            self.op_change(n, "renamed", o.call != n.call, words, n.pointer, "new", old=f"client.{o.call}", new=f"client.{n.call}")
        dep = _deprecation(o.deprecated, n.deprecated)
        if dep is not None:
            self.op_change(n, dep.change, False, dep.words, n.pointer, "new")
        self.params(o, n)
        self.bodies(o, n)
        self.returns(o, n)

    def params(self, o: ir.Operation, n: ir.Operation) -> None:
        old = {(p.location, p.wire_name): p for p in o.params}
        new = {(p.location, p.wire_name): p for p in n.params}
        for key, p in old.items():
            if key not in new:
                self.arg(n, "parameter", "removed", True, f"{p.location} parameter `{p.py_name}` removed", p, "old")
        for key, p in new.items():
            if key not in old:
                req = "required" if p.required else "optional"
                text = type_text(p.type, request=True)
                self.arg(n, "parameter", "added", p.required, f"new {req} {p.location} parameter `{p.py_name}: {text}`", p, "new", new_text=text)
                continue
            q = old[key]
            label = f"{p.location} parameter `{p.py_name}`"
            if q.py_name != p.py_name:
                self.arg(n, "parameter", "renamed", True, f"{p.location} parameter `{p.wire_name}` renamed `{q.py_name}` → `{p.py_name}`", p, "new", old_text=q.py_name, new_text=p.py_name)
            self.compare_arg(n, "parameter", label, q.required, p.required, q.type, p.type, q.deprecated, p.deprecated, p)

    def compare_arg(self, op: ir.Operation, subject: Subject, label: str, old_req: bool, new_req: bool, old_t: ir.TypeRef, new_t: ir.TypeRef, old_dep: bool, new_dep: bool, thing: ir.Param | ir.Field | ir.RequestBody) -> None:
        if old_req != new_req:
            change = "made_required" if new_req else "made_optional"
            self.arg(op, subject, change, _breaking(change, "input"), f"{label} is now {'required' if new_req else 'optional'}", thing, "new")
        for t in _compare_types(old_t, new_t, self.olds, self.news, "input"):
            self.arg(op, subject, t.change, t.breaking, f"{label}: {t.words}", thing, "new", old_text=t.old, new_text=t.new, values=t.values)
        dep = _deprecation(old_dep, new_dep)
        if dep is not None:
            self.arg(op, subject, dep.change, False, f"{label} {dep.words}", thing, "new")

    def arg(self, op: ir.Operation, subject: Subject, change: str, breaking: bool, message: str, thing: ir.Param | ir.Field | ir.RequestBody, side: Literal["old", "new"], *, old_text: str | None = None, new_text: str | None = None, values: tuple[ir.EnumValue, ...] = ()) -> None:
        name = wire = location = None
        if isinstance(thing, ir.Param):
            name, wire, location = thing.py_name, thing.wire_name, thing.location
        elif isinstance(thing, ir.Field):
            name, wire = thing.py_name, thing.wire_name
        self.op_change(op, change, breaking, message, thing.pointer, side, subject, direction="input", name=name, wire_name=wire, location=location, old=old_text, new=new_text, values=values)

    def bodies(self, o: ir.Operation, n: ir.Operation) -> None:
        old = {b.content_type: b for b in o.bodies}
        new = {b.content_type: b for b in n.bodies}
        for ct, b in old.items():
            if ct not in new:
                self.arg(n, "request_body", "removed", True, f"`{ct}` request body removed", b, "old")
        for ct, b in new.items():
            if ct not in old:
                adds_required = not o.bodies and b.required and (not b.flattened or any(r for _, r in _arguments(b, len(n.bodies)).values()))
                words = "required" if b.required else "optional"
                self.arg(n, "request_body", "added", adds_required, f"new {words} `{ct}` request body", b, "new", new_text=type_text(b.type, request=True))
                continue
            a = old[ct]
            if a.flattened and b.flattened:
                self.body_fields(n, a, b, len(o.bodies), len(n.bodies))
            elif a.flattened != b.flattened:
                before = "keyword arguments" if a.flattened else "one `body` argument"
                after = "keyword arguments" if b.flattened else "one `body` argument"
                self.arg(n, "request_body", "type_changed", True, f"`{ct}` request body passed as {after}, was {before}", b, "new", old_text=type_text(a.type, request=True), new_text=type_text(b.type, request=True))
            else:
                self.compare_arg(n, "request_body", f"`{ct}` request body", a.required, b.required, a.type, b.type, False, False, b)

    def body_fields(self, op: ir.Operation, a: ir.RequestBody, b: ir.RequestBody, n_old: int, n_new: int) -> None:
        old = _arguments(a, n_old)
        new = _arguments(b, n_new)
        for wire, (f, _) in old.items():
            if wire not in new:
                self.arg(op, "request_field", "removed", True, f"argument `{f.py_name}` removed", f, "old")
        for wire, (f, req) in new.items():
            if wire not in old:
                text = type_text(f.type, request=True)
                self.arg(op, "request_field", "added", req, f"new {'required' if req else 'optional'} argument `{f.py_name}: {text}`", f, "new", new_text=text)
                continue
            g, old_req = old[wire]
            if g.py_name != f.py_name:
                self.arg(op, "request_field", "renamed", True, f"argument for `{wire}` renamed `{g.py_name}` → `{f.py_name}`", f, "new", old_text=g.py_name, new_text=f.py_name)
            self.compare_arg(op, "request_field", f"argument `{f.py_name}`", old_req, req, g.type, f.type, g.deprecated, f.deprecated, f)

    def returns(self, o: ir.Operation, n: ir.Operation) -> None:
        (ok, ot), (nk, nt) = _returns(o), _returns(n)
        old_text, new_text = _return_text(ok, ot), _return_text(nk, nt)
        ptr = _success_pointer(n)
        if ok != nk:
            self.op_change(n, "type_changed", True, f"returns `{new_text}`, was `{old_text}`", ptr, "new", "response", direction="output", old=old_text, new=new_text)
            return
        if ot is None or nt is None:
            return
        for t in _compare_types(ot, nt, self.olds, self.news, "output"):
            self.op_change(n, t.change, t.breaking, f"return value {t.words}", ptr, "new", "response", direction="output", old=t.old, new=t.new, values=t.values)

    # ------------------------------------------------------------------ types
    def types(self) -> None:
        olds, news = self.olds, self.news
        for pointer in sorted(olds.by_pointer.keys() | news.by_pointer.keys()):
            o, n = olds.by_pointer.get(pointer), news.by_pointer.get(pointer)
            if o is None and n is not None:
                if n.component is not None:
                    self.model_change(n, None, "added", False, "new model", n.pointer, "new")
            elif n is None and o is not None:
                if o.component is not None:
                    self.model_change(o, None, "removed", True, "removed", o.pointer, "old")
            elif o is not None and n is not None:
                self.named(o, n)

    def usage(self, pointer: str) -> tuple[Direction, tuple[str, ...], tuple[str, ...], bool]:
        uses = [u for u in (self.olds.usage.get(pointer), self.news.usage.get(pointer)) if u is not None]
        sent = any(u.input for u in uses)
        received = any(u.output or u.webhooks for u in uses)
        direction: Direction = "input" if sent and not received else "output" if received and not sent else "both"
        calls = tuple(sorted({c for u in uses for c in u.input | u.output}))
        hooks = tuple(sorted({h for u in uses for h in u.webhooks}))
        body_only = len(uses) == 2 and not any(u.referenced for u in uses) and sent
        return direction, calls, hooks, body_only

    def model_change(self, t: ir.NamedType, direction: Direction | None, change: str, breaking: bool, message: str, pointer: str, side: Literal["old", "new"], subject: Subject = "model", **more: Any) -> None:
        _, calls, hooks, _ = self.usage(t.pointer)
        self.changes.append(
            Change(
                subject=subject,
                change=change,
                breaking=breaking,
                message=message,
                pointer=pointer,
                pointer_in=side,
                direction=direction,
                calls=calls,
                webhooks=hooks,
                model=t.name,
                **more,
            )
        )

    def named(self, o: ir.NamedType, n: ir.NamedType) -> None:
        direction, _, _, body_only = self.usage(n.pointer)
        if o.name != n.name:
            self.model_change(n, direction, "renamed", True, f"renamed from `{o.name}`", n.pointer, "new", old=o.name, new=n.name, name=n.name)
        if type(o) is not type(n):
            before, after = ("model", "alias") if isinstance(o, ir.Model) else ("alias", "model")
            self.model_change(n, direction, "kind_changed", True, "now a type alias, was a model" if after == "alias" else "now a model, was a type alias", n.pointer, "new", old=before, new=after)
            return
        dep = _deprecation(o.deprecated, n.deprecated)
        if dep is not None:
            self.model_change(n, direction, dep.change, False, dep.words, n.pointer, "new")
        if isinstance(o, ir.Alias) and isinstance(n, ir.Alias):
            for t in _compare_types(o.type, n.type, self.olds, self.news, direction):
                self.model_change(n, direction, t.change, t.breaking, t.words, n.pointer, "new", old=t.old, new=t.new, values=t.values)
        elif isinstance(o, ir.Model) and isinstance(n, ir.Model) and not body_only:
            self.fields(o, n, direction)

    def fields(self, o: ir.Model, n: ir.Model, direction: Direction) -> None:
        old = {f.wire_name: f for f in o.fields}
        new = {f.wire_name: f for f in n.fields}
        for wire, f in old.items():
            if wire not in new:
                self.model_change(n, direction, "removed", True, f"field `{f.py_name}` removed", f.pointer, "old", "field", name=f.py_name, wire_name=wire)
        for wire, f in new.items():
            if wire not in old:
                text = type_text(f.type, request=direction == "input")
                req = "required" if f.required else "optional"
                breaking = f.required and direction != "output"
                self.model_change(n, direction, "added", breaking, f"new {req} field `{f.py_name}: {text}`", f.pointer, "new", "field", name=f.py_name, wire_name=wire, new=text)
                continue
            g = old[wire]
            more = {"name": f.py_name, "wire_name": wire}
            if g.py_name != f.py_name:
                self.model_change(n, direction, "renamed", True, f"field `{wire}` renamed `{g.py_name}` → `{f.py_name}`", f.pointer, "new", "field", old=g.py_name, new=f.py_name, **more)
            label = f"field `{f.py_name}`"
            if g.required != f.required:
                change = "made_required" if f.required else "made_optional"
                self.model_change(n, direction, change, _breaking(change, direction), f"{label} is now {'required' if f.required else 'optional'}", f.pointer, "new", "field", **more)
            for t in _compare_types(g.type, f.type, self.olds, self.news, direction):
                self.model_change(n, direction, t.change, t.breaking, f"{label}: {t.words}", f.pointer, "new", "field", old=t.old, new=t.new, values=t.values, **more)
            dep = _deprecation(g.deprecated, f.deprecated)
            if dep is not None:
                self.model_change(n, direction, dep.change, False, f"{label} {dep.words}", f.pointer, "new", "field", **more)


def _arguments(b: ir.RequestBody, n_bodies: int) -> dict[str, tuple[ir.Field, bool]]:
    """A flattened body's keyword arguments by wire name, with required-ness as the method has it."""
    return {f.wire_name: (f, f.required and b.required and n_bodies == 1) for f in b.fields if not f.read_only}


def _status_rank(status: str) -> tuple[int, str]:
    return (int(status), status) if status.isdigit() else (int(status[0]) * 100 + 99, status)


def _success(op: ir.Operation) -> list[ir.Response]:
    ok = (r for r in op.responses if r.status.startswith("2") or r.status == "101")
    return sorted(ok, key=lambda r: _status_rank(r.status))


def _returns(op: ir.Operation) -> tuple[str, ir.TypeRef | None]:
    """(kind, type) of what the generated method returns, as render does it."""
    success = _success(op)
    kinds = {r.kind for r in success}
    json_types: list[ir.TypeRef] = []
    for r in success:
        if r.kind == "json" and r.type is not None and r.type not in json_types:
            json_types.append(r.type)
    if json_types:
        t: ir.TypeRef = json_types[0] if len(json_types) == 1 else ir.UnionType(tuple(json_types))
        if "empty" in kinds and not isinstance(t, ir.Nullable | ir.AnyType):
            t = ir.Nullable(t)
        return "json", t
    if "sse" in kinds:
        r = next(r for r in success if r.kind == "sse")
        return "sse", r.type or ir.AnyType()
    for kind in ("binary", "text"):
        if kind in kinds:
            return kind, None
    return "empty", None


def _return_text(kind: str, t: ir.TypeRef | None) -> str:
    if kind == "json":
        return type_text(t)
    if kind == "sse":
        return f"Stream[{type_text(t)}]"
    return {"binary": "BinaryResponse", "text": "str"}.get(kind, "None")


def _success_pointer(op: ir.Operation) -> str:
    success = _success(op)
    return success[0].pointer if success else op.pointer + "/responses"


def _sort_key(c: Change) -> tuple[Any, ...]:
    anchor = c.call if c.subject in ("operation", "parameter", "request_body", "request_field", "response") else c.model
    return (
        not c.breaking,
        SUBJECTS.index(c.subject),
        anchor or "",
        c.location or "",
        c.name or "",
        CHANGES.index(c.change),
        c.pointer,
        c.message,
    )


def diff_apis(old: ir.Api, new: ir.Api) -> Changelog:
    """Every change from ``old`` to ``new`` that Python code using the generated package can see."""
    differ = _Differ(old, new)
    differ.operations()
    differ.types()
    return Changelog(_info(old), _info(new), tuple(sorted(differ.changes, key=_sort_key)))


def first_run(api: ir.Api) -> Changelog:
    """The changelog of a first generation: no previous spec, no changes."""
    return Changelog(None, _info(api))


def _info(api: ir.Api) -> SpecInfo:
    return SpecInfo(api.source_name, api.title, api.version, len(api.operations), len(api.types))


# --------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------


def _summary(log: Changelog) -> dict[str, Any]:
    kinds: dict[str, int] = {}
    for c in log.changes:
        kinds[c.kind] = kinds.get(c.kind, 0) + 1
    breaking = sum(c.breaking for c in log.changes)
    return {
        "total": len(log.changes),
        "breaking": breaking,
        "non_breaking": len(log.changes) - breaking,
        "operations_added": kinds.get("operation_added", 0),
        "operations_removed": kinds.get("operation_removed", 0),
        "operations_renamed": kinds.get("operation_renamed", 0),
        "by_kind": dict(sorted(kinds.items())),
    }


def to_json(log: Changelog) -> dict[str, Any]:
    """The stable JSON form; see docs/changelog-schema.md."""

    def spec(info: SpecInfo) -> dict[str, Any]:
        return {"source": info.source, "title": info.title, "version": info.version, "operations": info.operations, "types": info.types}

    def change(c: Change) -> dict[str, Any]:
        operation = None if c.method is None else {"method": c.method, "path": c.path, "operation_id": c.operation_id}
        return {
            "kind": c.kind,
            "subject": c.subject,
            "change": c.change,
            "breaking": c.breaking,
            "direction": c.direction,
            "call": c.call,
            "calls": list(c.calls),
            "webhooks": list(c.webhooks),
            "operation": operation,
            "model": c.model,
            "name": c.name,
            "wire_name": c.wire_name,
            "location": c.location,
            "old": c.old,
            "new": c.new,
            "values": list(c.values),
            "pointer": c.pointer,
            "pointer_in": c.pointer_in,
            "message": c.message,
        }

    return {
        "schema_version": SCHEMA_VERSION,
        "old": None if log.old is None else spec(log.old),
        "new": spec(log.new),
        "summary": _summary(log),
        "bump": suggested_bump(log),
        "changes": [change(c) for c in log.changes],
    }


def _who(c: Change, limit: int = 3) -> str:
    if c.call is not None:
        return f"`{c.call}`"
    head = f"`{c.model}`"
    used = [f"`{call}`" for call in c.calls[:limit]]
    if len(c.calls) > limit:
        used.append(f"{len(c.calls) - limit} more")
    if c.webhooks and len(used) <= limit:
        used.append("webhook " + ", ".join(f"`{h}`" for h in c.webhooks[:2]) + (" ..." if len(c.webhooks) > 2 else ""))
    if used:
        head += " (used by " + (", ".join(used[:-1]) + " and " + used[-1] if len(used) > 1 else used[0]) + ")"
    return head


def to_markdown(log: Changelog) -> str:
    s = _summary(log)
    bump = suggested_bump(log)
    if log.old is None:
        return (
            f"# API changes: {log.new.source}\n\n"
            f"No previous spec to compare with: a first generation ({log.new.title} {log.new.version}, "
            f"{log.new.operations} operations, {log.new.types} types).\n\n"
            "Suggested version bump: none (first generation)\n"
        )
    lines = [
        f"# API changes: {log.old.source} → {log.new.source}",
        "",
        f"{log.old.title} {log.old.version} → {log.new.title} {log.new.version}: "
        f"{log.old.operations} → {log.new.operations} operations, {log.old.types} → {log.new.types} types.",
        "",
        f"**{s['total']} changes: {s['breaking']} breaking, {s['non_breaking']} non-breaking.** "
        f"Operations: {s['operations_added']} added, {s['operations_removed']} removed, {s['operations_renamed']} renamed.",
    ]
    for breaking, title in ((True, "Breaking changes"), (False, "Non-breaking changes")):
        group = [c for c in log.changes if c.breaking == breaking]
        if not group:
            continue
        lines += ["", f"## {title} ({len(group)})"]
        for subject in SUBJECTS:
            items = [c for c in group if c.subject == subject]
            if not items:
                continue
            lines += ["", f"### {_SUBJECT_TITLES[subject]} ({len(items)})", ""]
            lines += [f"- {_who(c)}: {c.message} — `{c.pointer}`" + (" (old spec)" if c.pointer_in == "old" else "") for c in items]
    if not log.changes:
        lines += ["", "No changes visible to Python code using the generated package."]
    lines += ["", f"Suggested version bump: {bump}", ""]
    return "\n".join(lines)
