"""OpenAPI document → intermediate model (:mod:`generator.ir`), plus diagnostics.

The loader has already validated the document with openapi-pydantic. Building walks the
plain JSON form of the same document (``LoadedSpec.raw``): openapi-pydantic resolves no
``$ref``, keeps 3.0-style ``nullable`` and ``$ref``-with-siblings only in ``model_extra``,
so every question the builder asks has one answer in the raw mapping and two or three in
the parsed tree. Nothing here does I/O; iteration follows the document's own order, which
the loader preserves, so the same spec always gives the same IR.
"""

from __future__ import annotations

import gc
import re
import sys
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any, TypeVar, cast
from urllib.parse import quote, unquote

from . import ir
from .config import Config
from .naming import (
    PYDANTIC_RESERVED,
    RESOURCE_METHOD_RESERVED,
    NameCollision,
    UniqueNamer,
    module_name,
    pascal_case,
    python_identifier,
    snake_case,
    split_words,
)

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SCHEMA_PREFIX = "#/components/schemas/"
METHOD_ARGS = frozenset(
    {"self", "extra_headers", "extra_query", "extra_body", "timeout", "max_retries", "body", "cast", "with_raw_response"}
)
STATUS_WORDS = {
    "200": "",
    "201": "Created",
    "202": "Accepted",
    "203": "NonAuthoritative",
    "204": "NoContent",
    "206": "PartialContent",
    "207": "MultiStatus",
    "101": "SwitchingProtocols",
    "2XX": "Success",
    "4XX": "ClientError",
    "5XX": "ServerError",
    "default": "Default",
}
HTTP_REASONS = {
    "400": "BadRequest",
    "401": "Unauthorized",
    "402": "PaymentRequired",
    "403": "Forbidden",
    "404": "NotFound",
    "405": "MethodNotAllowed",
    "406": "NotAcceptable",
    "408": "RequestTimeout",
    "409": "Conflict",
    "410": "Gone",
    "413": "PayloadTooLarge",
    "415": "UnsupportedMediaType",
    "422": "UnprocessableEntity",
    "429": "TooManyRequests",
    "500": "InternalServerError",
    "501": "NotImplemented",
    "502": "BadGateway",
    "503": "ServiceUnavailable",
    "504": "GatewayTimeout",
}
_PARAM_RE = re.compile(r"\{([^{}]+)\}")
_COMPONENT_KEY = re.compile(r"[a-zA-Z0-9.\-_]+")


def _is_param_segment(segment: str) -> bool:
    return "{" in segment


def escape(segment: str) -> str:
    return segment.replace("~", "~0").replace("/", "~1")


def _unescape(segment: str) -> str:
    return segment.replace("~1", "/").replace("~0", "~")


def _unique(namer: UniqueNamer, candidates: list[str]) -> str:
    """The first free candidate; when all are taken (``_``, ``'`` and ``:`` all read as ``value``),
    the first one numbered: the last resort, for names that carry no meaning to tell apart."""
    try:
        return namer.unique(candidates)
    except NameCollision:
        n = 2
        while not namer.claim(f"{candidates[0]}_{n}"):
            n += 1
        return f"{candidates[0]}_{n}"


def _schema_key(ref: str) -> str | None:
    """The ``components/schemas`` key a ``$ref`` names (percent-decoded, as RFC 6901 says for
    URI fragments: ``#/components/schemas/Blue%20Widget``), or None for any other target."""
    decoded = unquote(ref)
    if not decoded.startswith(SCHEMA_PREFIX) or "/" in decoded[len(SCHEMA_PREFIX) :]:
        return None
    return _unescape(decoded[len(SCHEMA_PREFIX) :])


def body_kind(content_type: str) -> ir.BodyKind:
    ct = content_type.split(";")[0].strip().lower()
    if ct == "application/json" or ct.endswith("+json"):
        return "json"
    if ct.startswith("multipart/"):
        return "multipart"
    if ct == "application/x-www-form-urlencoded":
        return "form"
    if ct.startswith("text/"):
        return "text"
    return "binary"


def response_kind(content_type: str | None, schema: object) -> ir.ResponseKind:
    if content_type is None:
        return "empty"
    ct = content_type.split(";")[0].strip().lower()
    if ct == "text/event-stream":
        return "sse"
    if ct == "application/json" or ct.endswith("+json"):
        return "json"
    if ct.startswith("text/"):
        return "text"
    if ct in ("*/*", "*") and isinstance(schema, dict):
        if _is_structured(schema):
            return "json"
        if schema.get("type") == "string" and schema.get("format") != "binary":
            return "text"
    return "binary"


def _is_structured(schema: object) -> bool:
    """A (resolved) schema describing a JSON object or array rather than bytes or text."""
    if not isinstance(schema, dict):
        return False
    types = schema.get("type")
    types = types if isinstance(types, list) else [types]
    return bool({"object", "array"} & set(types)) or any(k in schema for k in ("properties", "allOf", "oneOf", "anyOf", "items"))


@dataclass(frozen=True, slots=True)
class _Ctx:
    """Where an inline type would be defined and what it would be called."""

    name: str
    module: str


class BuildError(Exception):
    def __init__(self, diagnostics: tuple[ir.Diagnostic, ...]) -> None:
        super().__init__("\n".join(d.format() for d in diagnostics))
        self.diagnostics = diagnostics


MAX_SCHEMA_DEPTH = 1000
"""Schemas nested deeper than this (through properties, items, variants and ``$ref`` chains) are an error."""
_BUILD_STACK_BYTES = 256 * 1024 * 1024
_BUILD_RECURSION_LIMIT = 40 * MAX_SCHEMA_DEPTH

_T = TypeVar("_T")


def build_api(raw: Mapping[str, Any], config: Config, *, source_name: str) -> tuple[ir.Api, tuple[ir.Diagnostic, ...]]:
    """Build the IR. Errors are returned as diagnostics (level ``error``), never raised.

    Building recurses about ten Python frames per level of schema nesting, so it runs on a
    thread with a large stack and a raised recursion limit (see :func:`_on_large_stack`).
    """
    return _on_large_stack(lambda: _build_without_gc(raw, config, source_name))


def _build_without_gc(raw: Mapping[str, Any], config: Config, source_name: str) -> tuple[ir.Api, tuple[ir.Diagnostic, ...]]:
    """Build with the cyclic GC paused, as loading does: building allocates hundreds of
    thousands of acyclic objects, and the collector's full passes over a heap that keeps
    growing found nothing but made building superlinear (3.4 s instead of 1.8 s for 10,000
    operations). Nothing is skipped; collection runs afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _Builder(raw, config, source_name).build()
    finally:
        if enabled:
            gc.enable()


def _on_large_stack(fn: Callable[[], _T]) -> _T:
    """``fn()`` on a daemon thread with a 256 MB stack, the recursion limit raised meanwhile.

    A thread is used because the main thread's C stack (8 MB) is fixed at process start.
    ``fn`` must do no I/O: on Ctrl-C the caller stops waiting and the thread dies with the
    process. Where a thread cannot be started (a tight address-space limit), ``fn`` runs here.
    """
    outcome: list[_T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(fn())
        except BaseException as exc:  # re-raised in the caller
            failure.append(exc)

    old_limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old_limit, _BUILD_RECURSION_LIMIT))
    try:
        old_size = threading.stack_size()
        try:
            threading.stack_size(_BUILD_STACK_BYTES)
            thread = threading.Thread(target=run, name="telnyx-codegen-build", daemon=True)
            thread.start()
        except (RuntimeError, ValueError, MemoryError):
            run()
        else:
            thread.join()
        finally:
            threading.stack_size(old_size)
    finally:
        sys.setrecursionlimit(old_limit)
    if failure:
        raise failure[0]
    return outcome[0]


class _Builder:
    def __init__(self, raw: Mapping[str, Any], config: Config, source_name: str) -> None:
        self.raw = raw
        self.config = config
        self.source = source_name
        self.diagnostics: list[ir.Diagnostic] = []
        self.seen_diagnostics: set[ir.Diagnostic] = set()
        self.schemas: Mapping[str, Any] = (raw.get("components") or {}).get("schemas") or {}
        self.types: dict[str, ir.NamedType] = {}
        self.type_names = UniqueNamer(case_insensitive=True, reserved=_RESERVED_TYPE_NAMES)
        self.by_pointer: dict[str, str] = {}
        self.component_names: dict[str, str] = {}
        self.component_modules: dict[str, str] = {}
        self.in_progress: set[str] = set()
        self.depth = 0
        """How many :meth:`type_of` calls are open (schema nesting, across ``$ref`` chains)."""

    # ------------------------------------------------------------------ diagnostics
    def error(self, pointer: str, message: str) -> None:
        self.report(ir.Diagnostic("error", pointer, message, self.source))

    def warn(self, pointer: str, message: str) -> None:
        self.report(ir.Diagnostic("warning", pointer, message, self.source))

    def report(self, diagnostic: ir.Diagnostic) -> None:
        """Record a diagnostic once: a node reached along several routes is reported once."""
        if diagnostic not in self.seen_diagnostics:
            self.seen_diagnostics.add(diagnostic)
            self.diagnostics.append(diagnostic)

    # ------------------------------------------------------------------ references
    def lookup(self, ref: str, pointer: str, *, quiet: bool = False) -> tuple[Any, str] | None:
        if not ref.startswith("#"):
            if not quiet:
                self.error(pointer, f"external $ref '{ref}' is not supported; bundle the spec into one file (e.g. `redocly bundle`)")
            return None
        node: Any = self.raw
        keys = [_unescape(part) for part in unquote(ref[1:]).split("/")[1:]] if ref != "#" else []
        for key in keys:
            if isinstance(node, dict) and key in node:
                node = node[key]
            elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
                node = node[int(key)]
            else:
                if not quiet:
                    self.error(pointer, f"$ref '{ref}' not found")
                return None
        return node, "#" + "".join("/" + escape(key) for key in keys)  # one spelling per target

    def deref(self, node: Any, pointer: str, *, quiet: bool = False) -> tuple[Any, str]:
        """Follow ``$ref`` chains; siblings of a ``$ref`` override the target's keys."""
        seen: list[str] = []
        siblings: dict[str, Any] = {}
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref in seen:
                if not quiet:
                    self.error(pointer, f"$ref cycle: {' -> '.join([*seen, ref])}")
                return {}, pointer
            seen.append(ref)
            siblings = {**{k: v for k, v in node.items() if k != "$ref"}, **siblings}
            found = self.lookup(ref, pointer, quiet=quiet)
            if found is None:
                return {}, pointer
            node, pointer = found
        if siblings and isinstance(node, dict):
            node = {**node, **siblings}
        return node, pointer

    # ------------------------------------------------------------------ build
    def build(self) -> tuple[ir.Api, tuple[ir.Diagnostic, ...]]:
        raw = self.raw
        self.name_components()
        for key in self.schemas:
            self.component_type(key)
        servers = tuple(s.get("url", "") for s in raw.get("servers") or [] if isinstance(s, dict)) or ("/",)
        operations = self.operations(servers[0])
        webhooks = self.webhooks()
        security = self.security(raw.get("security"))
        types = self.finish_types()
        self.check_required_cycles(types)
        resources = self.resources(operations)
        declared = [(t.get("name", ""), t.get("description", "")) for t in raw.get("tags") or []]
        used = {tag for op in operations for tag in op.tags}
        tags = tuple(declared) + tuple((t, "") for t in sorted(used - {n for n, _ in declared}))
        info = raw.get("info") or {}
        api = ir.Api(
            title=str(info.get("title", "")),
            version=str(info.get("version", "")),
            openapi_version=str(raw.get("openapi", "")),
            source_name=self.source,
            description=str(info.get("description", "") or ""),
            servers=servers,
            security=security or (),
            security_schemes=self.security_schemes(),
            operations=operations,
            resources=resources,
            types=types,
            webhooks=webhooks,
            tags=tags,
        )
        return api, tuple(self.diagnostics)

    # ------------------------------------------------------------------ named types
    def name_components(self) -> None:
        overrides = dict(self.config.schema_names)
        modules = UniqueNamer(case_insensitive=True, reserved={"__init__"})
        for key in self.schemas:
            pointer = SCHEMA_PREFIX + escape(key)
            if not _COMPONENT_KEY.fullmatch(key) and not self.check_component_key(key):
                continue
            wanted = overrides.get(key) or python_identifier(pascal_case(key), style="pascal")
            candidates = [wanted, python_identifier(key, style="pascal"), wanted + "Schema", wanted + "Model"]
            try:
                name = self.type_names.unique(candidates)
            except NameCollision:
                self.error(pointer, f"cannot name schema '{key}': {wanted} is taken; set [names.schemas] in the config")
                continue
            self.component_names[key] = name
            self.by_pointer[pointer] = name
            mod = module_name(key)
            self.component_modules[key] = "models." + _unique(modules, [mod, mod + "_schema", mod + "_model"])

    def check_component_key(self, key: str) -> bool:
        """Whether a key outside OpenAPI's ``[a-zA-Z0-9.-_]+`` can still be used (with a warning).

        Control and format characters, quotes, backslashes and backticks cannot: they would
        end up in file names, docstrings and messages. The pointer is percent-encoded (the URI
        fragment form of RFC 6901), so the diagnostic stays one line without spaces.
        """
        allowed = "OpenAPI allows only letters, digits, '.', '-' and '_' in component names"
        pointer = SCHEMA_PREFIX + quote(escape(key), safe="")
        if any(ch in '"\\`' or unicodedata.category(ch)[0] == "C" for ch in key):
            self.error(pointer, f"schema name {key!r} cannot be used: {allowed}; rename it")
            return False
        self.warn(pointer, f"schema name {key!r} is not a valid component name ({allowed})")
        return True

    def component_type(self, key: str) -> None:
        if key not in self.component_names:
            return
        name = self.component_names[key]
        if name in self.types or name in self.in_progress:
            return
        pointer = SCHEMA_PREFIX + escape(key)
        schema = self.schemas[key]
        self.named_type(schema, pointer, _Ctx(name, self.component_modules[key]), component=key)

    def named_type(self, schema: Any, pointer: str, ctx: _Ctx, *, component: str | None) -> None:
        """Define ``ctx.name`` from ``schema``: a model for objects, an alias otherwise."""
        self.in_progress.add(ctx.name)
        meta = _annotations(schema)
        if _is_object(schema, self) and not (isinstance(schema, dict) and "$ref" in schema and len(schema) == 1):
            fields, extra, note = self.object_fields(schema, pointer, ctx)
            description = meta.description + (("\n\n" + note) if note and meta.description else note)
            self.types[ctx.name] = ir.Model(
                name=ctx.name,
                module=ctx.module,
                fields=fields,
                pointer=pointer,
                description=description,
                component=component,
                extra=extra,
                deprecated=meta.deprecated,
                example=meta.example,
                has_example=meta.has_example,
                **self.property_rules(schema, pointer),
            )
        else:
            type_ = self.type_of(schema, pointer, ctx, allow_alias=False)
            self.types[ctx.name] = ir.Alias(
                name=ctx.name,
                module=ctx.module,
                type=type_,
                pointer=pointer,
                description=meta.description,
                component=component,
                deprecated=meta.deprecated,
                example=meta.example,
                has_example=meta.has_example,
            )
        self.in_progress.discard(ctx.name)

    def inline_model_name(self, pointer: str, ctx: _Ctx) -> str | None:
        if pointer in self.by_pointer:
            return self.by_pointer[pointer]
        base = ctx.name
        candidates = [base, base + "Object", base + "Item", base + "Shape", base + "Inline"]
        try:
            name = self.type_names.unique(candidates)
        except NameCollision:
            self.error(pointer, f"cannot name inline schema: {base} and its alternatives are taken")
            return None
        self.by_pointer[pointer] = name
        return name

    # ------------------------------------------------------------------ schema → type
    def type_of(self, schema: Any, pointer: str, ctx: _Ctx, *, allow_alias: bool = True) -> ir.TypeRef:
        """The type of a schema at ``pointer``; inline objects become models named ``ctx.name``."""
        if self.depth >= MAX_SCHEMA_DEPTH:
            self.error(pointer, f"schema nested more than {MAX_SCHEMA_DEPTH} levels deep (through properties, items and $refs)")
            return ir.AnyType()
        self.depth += 1
        try:
            t = self._type_of_ref(schema, pointer, ctx, allow_alias)
        finally:
            self.depth -= 1
        if _nesting(t) > MAX_INLINE_NESTING:
            t = self.nesting_alias(t, pointer, ctx)
        return t

    def nesting_alias(self, t: ir.TypeRef, pointer: str, ctx: _Ctx) -> ir.TypeRef:
        """A named alias for an inline type nested so deep its annotation would not parse."""
        base = re.sub(r"(Item|Value)\1+$", lambda m: f"{m[1]}{len(m[0]) // len(m[1])}", ctx.name)
        name = self.inline_model_name(pointer, _Ctx(base, ctx.module))
        if name is None:
            return ir.AnyType()
        self.types[name] = ir.Alias(name=name, module=ctx.module, type=t, pointer=pointer)
        return ir.ModelRef(name)

    def _type_of_ref(self, schema: Any, pointer: str, ctx: _Ctx, allow_alias: bool) -> ir.TypeRef:
        if schema is True or schema == {}:
            return ir.AnyType()
        if not isinstance(schema, dict):
            self.warn(pointer, "schema is not an object; treating it as any value")
            return ir.AnyType()
        nullable = schema.get("nullable") is True
        ref = schema.get("$ref")
        if isinstance(ref, str):
            return _nullable(self.ref_type(ref, pointer, ctx), nullable)
        t = self._type_of(schema, pointer, ctx, allow_alias)
        return _nullable(t, nullable)

    def ref_type(self, ref: str, pointer: str, ctx: _Ctx) -> ir.TypeRef:
        key = _schema_key(ref)
        if key is not None:
            if key not in self.schemas:
                self.error(pointer, f"$ref '{ref}' not found")
                return ir.AnyType()
            if key not in self.component_names:
                return ir.AnyType()
            self.component_type(key)
            return ir.ModelRef(self.component_names[key])
        found = self.lookup(ref, pointer)
        if found is None:
            return ir.AnyType()
        target, target_ptr = found
        return self.type_of(target, target_ptr, ctx)

    def _type_of(self, s: dict[str, Any], pointer: str, ctx: _Ctx, allow_alias: bool) -> ir.TypeRef:
        types = s.get("type")
        nullable = False
        if isinstance(types, list):
            nullable = "null" in types
            types = [t for t in types if t != "null"]
            if len(types) == 1:
                types = types[0]
            elif not types:
                types = "null"
        if "const" in s:
            value = s["const"]
            if value is None:
                return ir.Nullable(ir.AnyType())
            return _nullable(ir.Const(value), nullable) if _is_scalar(value) else ir.AnyType()
        if "enum" in s and isinstance(s["enum"], list):
            values = s["enum"]
            scalars = tuple(v for v in values if _is_scalar(v))
            nullable = nullable or None in values
            if len(scalars) != len([v for v in values if v is not None]):
                self.warn(pointer, "enum has non-scalar values; treating it as any value")
                return ir.AnyType()
            if not scalars:
                return ir.Nullable(ir.AnyType())
            unique = tuple(dict.fromkeys(scalars))
            return _nullable(ir.EnumType(unique), nullable)
        for combinator in ("oneOf", "anyOf"):
            branches = s.get(combinator)
            if isinstance(branches, list) and branches:
                if s.get("properties") or (isinstance(types, str) and types == "object" and s.get("properties")):
                    break  # an object with constraint branches: handled as an object below
                return _nullable(self.union(s, combinator, pointer, ctx), nullable)
        if types == "null":
            return ir.Nullable(ir.AnyType())
        if _is_object(s, self):
            props, _, _ = self.collect(s, pointer, ctx)
            if not props:
                if isinstance(s.get("allOf"), list) and len(s["allOf"]) == 1:
                    branch = s["allOf"][0]
                    return _nullable(self.type_of(branch, pointer + "/allOf/0", ctx), nullable)
                extra = self.extra_type(s, pointer, ctx)
                value_type: ir.TypeRef = extra if not isinstance(extra, bool) else ir.AnyType()
                return _nullable(ir.MapType(value_type), nullable)
            name = self.inline_model_name(pointer, ctx)
            if name is None:
                return ir.AnyType()
            if name not in self.types and name not in self.in_progress:
                self.named_type(s, pointer, _Ctx(name, ctx.module), component=None)
            return _nullable(ir.ModelRef(name), nullable)
        if isinstance(s.get("allOf"), list) and s["allOf"]:
            # allOf of non-object branches (e.g. a $ref to an enum plus a description)
            if len(s["allOf"]) == 1:
                return _nullable(self.type_of(s["allOf"][0], pointer + "/allOf/0", ctx), nullable)
            return _nullable(self.type_of(s["allOf"][-1], pointer + f"/allOf/{len(s['allOf']) - 1}", ctx), nullable)
        if types == "array" or "items" in s:
            items = s.get("items", {})
            item_ctx = _Ctx(ctx.name + "Item", ctx.module)
            return _nullable(ir.ArrayType(self.type_of(items, pointer + "/items", item_ctx)), nullable)
        if isinstance(types, list):
            variants = tuple(self._type_of({**s, "type": t}, pointer, ctx, allow_alias) for t in types)
            return _nullable(ir.UnionType(variants), nullable)
        fmt = s.get("format") or s.get("x-format")
        fmt = fmt if isinstance(fmt, str) else None
        if types == "string":
            if fmt == "binary":
                return _nullable(ir.Binary(), nullable)
            return _nullable(ir.Primitive("string", fmt), nullable)
        if types in ("integer", "number", "boolean"):
            return _nullable(ir.Primitive(cast(ir.PrimitiveKind, types), fmt), nullable)
        if "not" in s and len(s) == 1:
            return ir.AnyType()
        return _nullable(ir.AnyType(), nullable)

    def union(self, s: dict[str, Any], combinator: str, pointer: str, ctx: _Ctx) -> ir.TypeRef:
        branches: list[Any] = s[combinator]
        variants: list[ir.TypeRef] = []
        nullable = False
        for i, branch in enumerate(branches):
            bptr = f"{pointer}/{combinator}/{i}"
            resolved, _ = self.deref(branch, bptr)
            if isinstance(resolved, dict) and (resolved.get("type") == "null" or resolved.get("enum") == [None]):
                nullable = True
                continue
            bctx = _Ctx(ctx.name + self.variant_suffix(branch, resolved, i, s), ctx.module)
            t = self.type_of(branch, bptr, bctx)
            if isinstance(t, ir.Nullable):
                nullable = True
                t = t.inner
            if t not in variants:
                variants.append(t)
        if not variants:
            return ir.Nullable(ir.AnyType())
        if any(isinstance(v, ir.AnyType) for v in variants):
            return _nullable(ir.AnyType(), nullable)
        if len(variants) == 1:
            return _nullable(variants[0], nullable)
        disc = self.discriminator(s, pointer, variants)
        return _nullable(ir.UnionType(tuple(variants), disc), nullable)

    def variant_suffix(self, branch: Any, resolved: Any, index: int, parent: dict[str, Any]) -> str:
        """A name for an inline union branch, from its meaning: title, tag value or type."""
        if isinstance(resolved, dict):
            disc = parent.get("discriminator")
            prop = disc.get("propertyName") if isinstance(disc, dict) else None
            if isinstance(prop, str):
                tag = ((resolved.get("properties") or {}).get(prop)) or {}
                value = tag.get("const", (tag.get("enum") or [None])[0]) if isinstance(tag, dict) else None
                if isinstance(value, str) and value:
                    return pascal_case(value)
            title = resolved.get("title")
            if isinstance(title, str) and title.strip():
                return pascal_case(title)
            required = resolved.get("required")
            if isinstance(required, list) and required and all(isinstance(r, str) for r in required):
                return "With" + pascal_case("_".join(required[:2]))
            t = resolved.get("type")
            if isinstance(t, str):
                return pascal_case(t) + ("Variant" if t == "object" else "")
        return "Variant" + _ordinal_word(index)

    def discriminator(self, s: dict[str, Any], pointer: str, variants: list[ir.TypeRef]) -> ir.Discriminator | None:
        disc = s.get("discriminator")
        if not isinstance(disc, dict) or not isinstance(disc.get("propertyName"), str):
            return None
        prop = disc["propertyName"]
        mapping: list[tuple[str, str]] = []
        names = {v.name for v in variants if isinstance(v, ir.ModelRef)}
        raw_mapping = disc.get("mapping")
        if isinstance(raw_mapping, dict):
            for value, ref in raw_mapping.items():
                key = _schema_key(ref) if isinstance(ref, str) else None
                if key is not None:
                    name = self.component_names.get(key)
                    if name in names:
                        mapping.append((str(value), name))
                        continue
                self.warn(pointer + "/discriminator/mapping", f"mapping '{value}' -> '{ref}' is not one of the variants; ignored")
        else:
            for v in variants:
                if not isinstance(v, ir.ModelRef):
                    continue
                model = self.types.get(v.name)
                tag = _tag_values(model, prop)
                if tag:
                    mapping.extend((value, v.name) for value in tag)
                else:
                    comp = next((k for k, n in self.component_names.items() if n == v.name), None)
                    if comp is not None:
                        mapping.append((comp, v.name))
        py_prop = python_identifier(snake_case(prop), reserved=PYDANTIC_RESERVED)
        return ir.Discriminator(prop, py_prop, tuple(mapping))

    # ------------------------------------------------------------------ objects
    def collect(
        self, s: Any, pointer: str, ctx: _Ctx, stack: tuple[tuple[str, str], ...] = ()
    ) -> tuple[dict[str, tuple[Any, str, _Ctx]], set[str], list[str]]:
        """Properties (schema, pointer, owner ctx) and required names, merging allOf branches.

        ``stack`` holds (schema pointer, allOf branch pointer) of the schemas being merged,
        to report an allOf cycle instead of recursing forever.
        """
        props: dict[str, tuple[Any, str, _Ctx]] = {}
        required: set[str] = set()
        notes: list[str] = []
        if len(stack) > MAX_SCHEMA_DEPTH:
            self.error(pointer, f"allOf nested more than {MAX_SCHEMA_DEPTH} levels deep")
            return props, required, notes
        s, pointer = self.deref(s, pointer)
        if not isinstance(s, dict):
            return props, required, notes
        for i, branch in enumerate(s.get("allOf") or []):
            bptr = f"{pointer}/allOf/{i}"
            owner = ctx
            key = _schema_key(branch["$ref"]) if isinstance(branch, dict) and isinstance(branch.get("$ref"), str) else None
            if key is not None and key in self.component_names:
                owner = _Ctx(self.component_names[key], self.component_modules[key])
            resolved, rptr = self.deref(branch, bptr)
            if resolved is s:
                self.error(bptr, "allOf refers to its own schema")
                continue
            path = (*stack, (pointer, bptr))
            if any(rptr == p for p, _ in path):
                self.allof_cycle(path[[p for p, _ in path].index(rptr) :])
                continue
            p, r, n = self.collect(resolved, rptr, owner, path)
            props.update(p)
            required |= r
            notes += n
        for name, prop in (s.get("properties") or {}).items():
            props[name] = (prop, f"{pointer}/properties/{escape(name)}", ctx)
        req = s.get("required")
        if isinstance(req, list):
            required |= {r for r in req if isinstance(r, str)}
        for combinator in ("oneOf", "anyOf"):
            branches = s.get(combinator)
            if isinstance(branches, list) and s.get("properties"):
                notes.append(self.constraint_note(branches, combinator))
        return props, required, notes

    def property_rules(self, s: Any, pointer: str) -> dict[str, Any]:
        """``rules``/``rules_combinator`` of a model from its oneOf/anyOf constraint branches."""
        s, pointer = self.deref(s, pointer)
        if not isinstance(s, dict) or not s.get("properties"):
            return {}
        for combinator in ("oneOf", "anyOf"):
            branches = s.get(combinator)
            if not isinstance(branches, list) or not branches:
                continue
            rules = []
            for i, branch in enumerate(branches):
                branch, _ = self.deref(branch, f"{pointer}/{combinator}/{i}")
                if not isinstance(branch, dict):
                    continue
                required = tuple(r for r in branch.get("required") or [] if isinstance(r, str))
                forbidden = tuple(k for k, v in (branch.get("properties") or {}).items() if isinstance(v, dict) and v.get("not") == {})
                title = branch.get("title")
                rules.append(ir.PropertyRule(title if isinstance(title, str) else "", required, forbidden))
            return {"rules": tuple(rules), "rules_combinator": combinator}
        return {}

    def allof_cycle(self, cycle: tuple[tuple[str, str], ...]) -> None:
        """Report a cycle of (schema, allOf branch) pointers once, whichever schema it was entered from."""
        start = min(range(len(cycle)), key=lambda i: cycle[i][0])
        cycle = cycle[start:] + cycle[:start]
        names = " -> ".join(p for p, _ in (*cycle, cycle[0]))
        self.error(cycle[0][1], f"allOf cycle: {names}; a schema cannot include itself")

    def constraint_note(self, branches: list[Any], combinator: str) -> str:
        lines = ["Exactly one of these combinations applies:" if combinator == "oneOf" else "At least one of these combinations applies:"]
        for branch in branches:
            if not isinstance(branch, dict):
                continue
            parts = []
            req = [r for r in branch.get("required") or [] if isinstance(r, str)]
            if req:
                parts.append("requires " + ", ".join(f"`{r}`" for r in req))
            forbidden = [k for k, v in (branch.get("properties") or {}).items() if isinstance(v, dict) and "not" in v]
            if forbidden:
                parts.append("without " + ", ".join(f"`{f}`" for f in forbidden))
            title = branch.get("title")
            label = f"{title}: " if isinstance(title, str) else ""
            lines.append(f"- {label}{'; '.join(parts) or 'no further constraint'}")
        return "\n".join(lines)

    def object_fields(self, s: Any, pointer: str, ctx: _Ctx) -> tuple[tuple[ir.Field, ...], ir.TypeRef | bool, str]:
        props, required, notes = self.collect(s, pointer, ctx)
        resolved, _ = self.deref(s, pointer)
        for name in sorted(required - set(props)):
            if not (isinstance(resolved, dict) and (resolved.get("oneOf") or resolved.get("anyOf"))):
                self.warn(pointer, f"required property '{name}' is not defined in properties")
        fields = self.fields(props, required)
        return fields, self.extra_type(resolved, pointer, ctx), "\n".join(notes)

    def fields(self, props: dict[str, tuple[Any, str, _Ctx]], required: set[str]) -> tuple[ir.Field, ...]:
        namer = UniqueNamer(reserved=FIELD_RESERVED)
        out: list[ir.Field] = []
        for wire, (prop, pptr, owner) in props.items():
            base = python_identifier(snake_case(wire), reserved=FIELD_RESERVED)
            py = _unique(namer, [base, base + "_", python_identifier(wire.lower(), reserved=FIELD_RESERVED) + "_field"])
            fctx = _Ctx(owner.name + pascal_case(wire), owner.module)
            meta = _annotations(self.deref(prop, pptr)[0] if isinstance(prop, dict) and "$ref" in prop and len(prop) == 1 else prop)
            own = prop if isinstance(prop, dict) else {}
            if "$ref" in own and len(own) > 1:
                meta = replace_meta(_annotations(self.deref(own, pptr)[0]), _annotations(own))
            t = self.type_of(prop, pptr, fctx)
            not_type = None
            if isinstance(prop, dict) and "not" in prop:
                not_type = self.type_of(prop["not"], pptr + "/not", fctx)
            out.append(
                ir.Field(
                    wire_name=wire,
                    py_name=py,
                    type=t,
                    required=wire in required,
                    pointer=pptr,
                    description=meta.description,
                    default=meta.default,
                    has_default=meta.has_default,
                    read_only=meta.read_only,
                    write_only=meta.write_only,
                    deprecated=meta.deprecated,
                    example=meta.example,
                    has_example=meta.has_example,
                    format=meta.format,
                    constraints=meta.constraints,
                    not_type=not_type,
                )
            )
        return tuple(out)

    def extra_type(self, s: Any, pointer: str, ctx: _Ctx) -> ir.TypeRef | bool:
        if not isinstance(s, dict) or "additionalProperties" not in s:
            return True
        ap = s["additionalProperties"]
        if ap is True or ap == {}:
            return True
        if ap is False:
            return False
        return self.type_of(ap, pointer + "/additionalProperties", _Ctx(ctx.name + "Value", ctx.module))

    # ------------------------------------------------------------------ finishing types
    def finish_types(self) -> tuple[ir.NamedType, ...]:
        """Mark recursive types and merge modules that import each other into one."""
        deps = {name: set(ir.named_refs(t)) for name, t in self.types.items()}
        sccs = _sccs(deps)
        recursive: set[str] = set()
        for comp in sccs:
            if len(comp) > 1 or next(iter(comp)) in deps[next(iter(comp))]:
                recursive |= comp
        module_of = {name: t.module for name, t in self.types.items()}
        mod_deps: dict[str, set[str]] = {}
        for name, refs in deps.items():
            mod_deps.setdefault(module_of[name], set()).update(module_of[r] for r in refs if r in module_of and module_of[r] != module_of[name])
        merged: dict[str, str] = {}
        for comp in _sccs(mod_deps):
            if len(comp) > 1:
                target = sorted(comp)[0]
                for m in comp:
                    merged[m] = target
        out: list[ir.NamedType] = []
        for name, t in self.types.items():
            module = merged.get(t.module, t.module)
            out.append(replace(t, module=module, recursive=name in recursive))
        out.sort(key=lambda t: (t.module, t.name))
        return tuple(out)

    def check_required_cycles(self, types: tuple[ir.NamedType, ...]) -> None:
        """Error for models whose required, non-nullable fields lead back to themselves.

        ``Node.child`` required and typed ``Node`` means every instance contains another one:
        no finite value (request or response) can exist. A list, a map, a union or ``null``
        ends the chain, so only fields whose type is directly a model count.
        """
        by_name = {t.name: t for t in types}

        def target(t: ir.TypeRef) -> str | None:
            seen: set[str] = set()
            while isinstance(t, ir.ModelRef) and t.name not in seen:
                seen.add(t.name)
                named = by_name.get(t.name)
                if isinstance(named, ir.Model):
                    return named.name
                if not isinstance(named, ir.Alias):
                    return None
                t = named.type
            return None

        edges: dict[str, list[tuple[str, ir.Field]]] = {}
        for t in types:
            if isinstance(t, ir.Model):
                for f in t.fields:
                    to = target(f.type) if f.required else None
                    if to is not None:
                        edges.setdefault(t.name, []).append((to, f))
        graph = {name: [to for to, _ in out] for name, out in edges.items()}
        for comp in _sccs(graph):
            start = min(comp)
            if len(comp) == 1 and start not in graph.get(start, ()):
                continue
            path: list[tuple[str, ir.Field]] = []
            node, visited = start, set()
            while node not in visited:  # follow edges inside the component back to the start
                visited.add(node)
                to, f = next((to, f) for to, f in edges[node] if to in comp and (to == start or to not in visited))
                path.append((node, f))
                node = to
                if node == start:
                    break
            chain = " -> ".join(f"{_schema_label(f.pointer)}.{f.wire_name}" for _, f in path)
            self.error(
                path[0][1].pointer,
                f"required properties form a cycle, so no instance can exist: {chain} -> {_schema_label(path[0][1].pointer)}; make one of them optional or nullable",
            )

    # ------------------------------------------------------------------ operations
    def operations(self, server: str) -> tuple[ir.Operation, ...]:
        paths = self.raw.get("paths") or {}
        strip = server.rstrip("/").rsplit("/", 1)[-1] if "/" in server.rstrip("/").split("//", 1)[-1] else ""
        drafts: list[_Draft] = []
        for path, item in paths.items():
            pptr = "#/paths/" + escape(path)
            if not isinstance(item, dict):
                self.error(pptr, "path item is not an object")
                continue
            if "$ref" in item:
                found = self.lookup(item["$ref"], pptr)
                if found is None:
                    continue
                item = found[0]
            request_path = path
            if not path.startswith("/"):
                self.warn(pptr, f"path '{path}' does not start with '/'; read as '/{path}'")
                request_path = "/" + path
            if strip and (path == f"/{strip}" or path.startswith(f"/{strip}/")):
                request_path = path[len(strip) + 1 :] or "/"
            for method in item:
                if method not in HTTP_METHODS:
                    continue
                op = item[method]
                optr = f"{pptr}/{method}"
                if not isinstance(op, dict):
                    self.error(optr, "operation is not an object")
                    continue
                drafts.append(_Draft(path, request_path, method.upper(), op, item, optr))
        self.check_operation_ids(drafts)
        names = self.name_operations(drafts)
        return tuple(self.operation(d, names[d.pointer]) for d in drafts)

    def check_operation_ids(self, drafts: list[_Draft]) -> None:
        if not drafts:
            self.warn("#/paths", "the spec has no operations: the client gets no API methods (models and webhooks are still generated)")
        seen: dict[str, str] = {}
        folded: dict[str, str] = {}
        for d in drafts:
            op_id = d.op.get("operationId")
            if not isinstance(op_id, str) or not op_id:
                self.warn(d.pointer, f"operation has no operationId; using '{d.fallback_id}'")
                continue
            if op_id in seen:
                self.warn(d.pointer + "/operationId", f"operationId '{op_id}' is also used at {seen[op_id]}; the method names still differ by path")
                continue
            seen[op_id] = d.pointer
            other = folded.setdefault(op_id.casefold(), op_id)
            if other != op_id:
                self.warn(
                    d.pointer + "/operationId",
                    f"operationId '{op_id}' differs only in case from '{other}' at {seen[other]}; both are kept (method names come from paths)",
                )

    def name_operations(self, drafts: list[_Draft]) -> dict[str, tuple[tuple[str, ...], str]]:
        """(resource path, method name) for each operation, keyed by pointer."""
        overrides = dict(self.config.operation_names)
        plan: dict[str, tuple[tuple[str, ...], str, bool]] = {}
        for d in drafts:
            override = overrides.get(d.operation_id)
            if override:
                parts = tuple(override.split("."))
                plan[d.pointer] = (parts[:-1], parts[-1], True)
                continue
            plan[d.pointer] = (*self.default_name(d), False)
        # collapse a leaf resource holding a single operation into its parent
        children: dict[tuple[str, ...], set[str]] = {}
        members: dict[tuple[str, ...], list[str]] = {}
        for ptr, (res, _, _) in plan.items():
            members.setdefault(res, []).append(ptr)
            for i in range(1, len(res)):
                children.setdefault(res[:i], set()).add(res[i])
        by_ptr = {d.pointer: d for d in drafts}
        order = {d.pointer: i for i, d in enumerate(drafts)}
        for res, ptrs in members.items():
            if len(res) < 2 or children.get(res) or len(ptrs) != 1:
                continue
            ptr = ptrs[0]
            d = by_ptr[ptr]
            if plan[ptr][2] or not d.request_path.rstrip("/").endswith("/" + d.static_segments[-1] if d.static_segments else "\0"):
                continue
            leaf = res[-1]
            verb = {"GET": "list" if self.returns_list(d) else "retrieve", "DELETE": "delete", "PATCH": "update", "PUT": "update"}.get(d.method)
            if d.websocket:
                verb = "connect"
            if verb is None or leaf.startswith(f"{verb}_") or (d.method == "GET" and leaf in _VERB_SEGMENTS):
                plan[ptr] = (res[:-1], leaf, False)
            else:
                plan[ptr] = (res[:-1], f"{verb}_{leaf}", False)
        # resolve clashes inside each resource
        final: dict[str, tuple[tuple[str, ...], str]] = {}
        groups: dict[tuple[tuple[str, ...], str], list[str]] = {}
        for ptr, (res, meth, _) in plan.items():
            groups.setdefault((res, meth), []).append(ptr)
        child_names: dict[tuple[str, ...], set[str]] = {}
        for path, _m, _o in plan.values():
            for i in range(1, len(path)):
                child_names.setdefault(path[:i], set()).add(path[i])
        namers: dict[tuple[str, ...], UniqueNamer] = {}
        for res, _meth in groups:
            namers.setdefault(res, UniqueNamer(reserved={*RESOURCE_METHOD_RESERVED, *child_names.get(res, set())}))
        # natural (CRUD) names first, in document order
        ordered = sorted(groups.items(), key=lambda kv: (len(kv[1]) > 1, min(order[p] for p in kv[1])))
        pending: list[str] = []
        for (res, meth), ptrs in ordered:
            namer = namers[res]
            if len(ptrs) == 1 and namer.claim(meth):
                final[ptrs[0]] = (res, meth)
                continue
            winner = next((p for p in ptrs if self.is_natural(by_ptr[p], meth)), None) if len(ptrs) > 1 else None
            if winner is not None and namer.claim(meth):
                final[winner] = (res, meth)
            pending += [p for p in ptrs if p != winner or winner not in final]
        for ptr in sorted(pending, key=order.__getitem__):
            res, meth, _ = plan[ptr]
            d = by_ptr[ptr]
            namer = namers[res]
            candidates = self.fallback_names(d, res, meth)
            try:
                final[ptr] = (res, namer.unique(candidates))
            except NameCollision:
                self.error(ptr, f"cannot name operation {d.operation_id}: {', '.join(candidates)} are taken; set [names.operations] in the config")
                final[ptr] = (res, candidates[-1])
        return final

    def default_name(self, d: _Draft) -> tuple[tuple[str, ...], str]:
        segments = [s for s in d.request_path.strip("/").split("/") if s]
        static = [s for s in segments if not _is_param_segment(s)]
        if "actions" in static and static.index("actions") < len(static) - 1:
            i = static.index("actions")
            if i == 0 and len(static) > 2:  # /actions/purchase/esims -> esims.purchase
                return tuple(_segment_name(s) for s in static[2:]), _segment_name(static[1])
            res = [_segment_name(s) for s in static[:i]] or ["root"]
            return tuple(res), _segment_name("_".join(static[i + 1 :]))
        res = [_segment_name(s) for s in static] or ["root"]
        ends_with_param = bool(segments) and _is_param_segment(segments[-1])
        if d.websocket:
            return tuple(res), "connect"
        if ends_with_param:
            verb = {"GET": "retrieve", "PUT": "update", "PATCH": "update", "DELETE": "delete", "POST": "create"}
        else:
            verb = {"GET": "list" if self.returns_list(d) else "retrieve", "POST": "create", "PUT": "update", "PATCH": "update", "DELETE": "delete"}
        return tuple(res), verb.get(d.method, d.method.lower())

    def is_natural(self, d: _Draft, meth: str) -> bool:
        """Whether the CRUD verb fits the path's shape (an item path for retrieve/update/delete)."""
        segments = [s for s in d.request_path.strip("/").split("/") if s]
        if "actions" in segments or not segments:
            return False
        item = _is_param_segment(segments[-1])
        return (meth in ("retrieve", "update", "delete") and item) or (meth in ("list", "create") and not item)

    def fallback_names(self, d: _Draft, res: tuple[str, ...], meth: str) -> list[str]:
        words = split_words(d.operation_id)
        res_words = {w for r in res for w in split_words(r)} | {w.rstrip("s") for r in res for w in split_words(r)}
        trimmed = [w for w in words if w not in res_words and w.rstrip("s") not in res_words]
        out = []
        segments = [s for s in d.request_path.strip("/").split("/") if s]
        if d.method == "GET" and meth == "retrieve" and segments and not _is_param_segment(segments[-1]):
            out.append("list")
        if trimmed and trimmed != words:
            out.append("_".join(trimmed))
        out.append("_".join(words))
        out.append(f"{'_'.join(words)}_{d.method.lower()}")
        return [python_identifier(c, reserved=RESOURCE_METHOD_RESERVED) for c in out if c]

    def returns_list(self, d: _Draft) -> bool:
        found = self.success_json_schema(d)
        if found is None:
            return False
        schema, sptr = found
        resolved, _ = self.deref(schema, sptr)
        if isinstance(resolved, dict) and resolved.get("type") == "array":
            return True
        props, _, _ = self.collect(schema, sptr, _Ctx("_", "_"))
        for prop, pptr, _owner in props.values():
            target, _ = self.deref(prop, pptr)
            if isinstance(target, dict) and (target.get("type") == "array" or "items" in target):
                return True
        return False

    def success_json_schema(self, d: _Draft) -> tuple[Any, str] | None:
        """The first 2xx JSON response schema and its pointer."""
        for status, resp in (d.op.get("responses") or {}).items():
            if not str(status).startswith("2"):
                continue
            resolved, rptr = self.deref(resp, f"{d.pointer}/responses/{escape(str(status))}")
            content = resolved.get("content") if isinstance(resolved, dict) else None
            if isinstance(content, dict):
                for ct, media in content.items():
                    if body_kind(ct) == "json" and isinstance(media, dict) and "schema" in media:
                        return media["schema"], f"{rptr}/content/{escape(ct)}/schema"
        return None

    def operation(self, d: _Draft, name: tuple[tuple[str, ...], str]) -> ir.Operation:
        res, meth = name
        op = d.op
        type_prefix = pascal_case("_".join(res)) + pascal_case(meth)
        module = "types." + "_".join(res)
        params = self.params(d, type_prefix, module)
        bodies = self.bodies(d, type_prefix, module, {p.py_name for p in params})
        responses = self.responses(d, type_prefix, module)
        servers = tuple(s.get("url", "") for s in (op.get("servers") or d.item.get("servers") or []) if isinstance(s, dict))
        security = self.security(op.get("security")) if "security" in op else None
        extensions = tuple((k, v) for k, v in op.items() if k.startswith("x-"))
        deprecated = op.get("deprecated") is True
        return ir.Operation(
            operation_id=d.operation_id,
            method=d.method,
            path=d.path,
            request_path=d.request_path,
            resource=res,
            py_name=meth,
            pointer=d.pointer,
            summary=str(op.get("summary", "") or ""),
            description=str(op.get("description", "") or ""),
            tags=tuple(t for t in op.get("tags") or [] if isinstance(t, str)),
            params=params,
            bodies=bodies,
            responses=responses,
            pagination=self.pagination(d, params, responses),
            security=security,
            servers=servers,
            deprecated=deprecated,
            deprecation_message=str(op.get("x-sdk-deprecation-message", "") or ("This endpoint is deprecated." if deprecated else "")),
            hidden=op.get("x-hidden") in (True, "true"),
            websocket=d.websocket,
            extensions=extensions,
        )

    # ------------------------------------------------------------------ parameters
    def params(self, d: _Draft, type_prefix: str, module: str) -> tuple[ir.Param, ...]:
        merged: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}
        for source, base in ((d.item.get("parameters") or [], "#/paths/" + escape(d.path) + "/parameters"), (d.op.get("parameters") or [], d.pointer + "/parameters")):
            for i, p in enumerate(source):
                ptr = f"{base}/{i}"
                resolved, rptr = self.deref(p, ptr)
                if resolved == {} and isinstance(p, dict) and "$ref" in p:
                    continue  # a dangling or cyclic $ref: reported by deref
                if not isinstance(resolved, dict) or "name" not in resolved or "in" not in resolved:
                    self.error(ptr, "parameter needs 'name' and 'in'")
                    continue
                merged[(resolved["in"], resolved["name"])] = (resolved, ptr if rptr == ptr else rptr)
        template_vars = _PARAM_RE.findall(d.path)
        declared_path = {name for (loc, name) in merged if loc == "path"}
        for var in template_vars:
            if var not in declared_path:
                self.error(d.pointer, f"path template variable '{{{var}}}' has no path parameter")
        for name in sorted(declared_path - set(template_vars)):
            self.error(d.pointer + "/parameters", f"path parameter '{name}' does not appear in the path '{d.path}'")
        namer = UniqueNamer(reserved=METHOD_ARGS)
        out: list[ir.Param] = []
        ordered = sorted(merged.values(), key=lambda rp: _location_rank(rp[0]["in"], rp[0]["name"], template_vars))
        for p, ptr in ordered:
            loc = p["in"]
            if loc == "header" and p["name"].lower() in ("authorization", "content-type", "accept"):
                continue
            if loc not in ("path", "query", "header", "cookie"):
                self.error(ptr + "/in", f"unknown parameter location '{loc}'")
                continue
            schema: Any = p.get("schema", {})
            if "schema" not in p and isinstance(p.get("content"), dict):
                media: Any = next(iter(p["content"].values()), {})
                schema = media.get("schema", {}) if isinstance(media, dict) else {}
            style = p.get("style") or ("simple" if loc in ("path", "header") else "form")
            if style not in _STYLES:
                self.warn(ptr + "/style", f"unknown parameter style '{style}'; using 'form'")
                style = "form"
            explode = p.get("explode", style == "form")
            resolved, _ = self.deref(schema, ptr + "/schema")
            if loc == "query" and _is_object(resolved, self) and (self.collect(resolved, ptr + "/schema", _Ctx("_", "_"))[0]):
                if style != "deepObject":
                    self.warn(ptr, f"object query parameter '{p['name']}' has style '{style}'; sending its properties as deepObject ({p['name']}[key]=value), as the API expects")
                out += self.expand_deep_object(p, ptr, resolved, namer, type_prefix, module)
                continue
            ctx = _Ctx(type_prefix + pascal_case(p["name"]), module)
            t = self.type_of(schema, ptr + "/schema", ctx)
            meta = _annotations(resolved)
            example, has_example = _param_example(p, meta)
            base = python_identifier(snake_case(p["name"]), reserved=METHOD_ARGS)
            py = _unique(namer, [base, f"{loc}_{base}", f"{base}_{loc}"])
            out.append(
                ir.Param(
                    wire_name=p["name"],
                    py_name=py,
                    location=loc,
                    type=t,
                    required=bool(p.get("required")) or loc == "path",
                    pointer=ptr,
                    style=cast(ir.ParamStyle, style),
                    explode=bool(explode),
                    description=str(p.get("description", "") or meta.description),
                    deprecated=p.get("deprecated") is True,
                    default=meta.default,
                    has_default=meta.has_default,
                    example=example,
                    has_example=has_example,
                    format=meta.format,
                    constraints=meta.constraints,
                )
            )
        return tuple(out)

    def expand_deep_object(self, p: dict[str, Any], ptr: str, schema: dict[str, Any], namer: UniqueNamer, type_prefix: str, module: str) -> list[ir.Param]:
        props, required, _ = self.collect(schema, ptr + "/schema", _Ctx(type_prefix + pascal_case(p["name"]), module))
        out = []
        whole, _ = _param_example(p, _Meta())  # `example`, else the first of `examples`
        examples: dict[str, Any] = whole if isinstance(whole, dict) else {}
        for key, (prop, pptr, owner) in props.items():
            wire = f"{p['name']}[{key}]"
            base = python_identifier(snake_case(f"{p['name']}_{key}"), reserved=METHOD_ARGS)
            py = _unique(namer, [base, f"query_{base}"])
            t = self.type_of(prop, pptr, _Ctx(owner.name + pascal_case(key), owner.module))
            meta = _annotations(self.deref(prop, pptr)[0])
            example, has_example = (examples[key], True) if key in examples else (meta.example, meta.has_example)
            out.append(
                ir.Param(
                    wire_name=wire,
                    py_name=py,
                    location="query",
                    type=t,
                    required=bool(p.get("required")) and key in required,
                    pointer=pptr,
                    style="deepObject",
                    explode=True,
                    description=meta.description,
                    deprecated=meta.deprecated,
                    default=meta.default,
                    has_default=meta.has_default,
                    example=example,
                    has_example=has_example,
                    format=meta.format,
                    constraints=meta.constraints,
                    object_required=key in required,
                )
            )
        return out

    # ------------------------------------------------------------------ bodies
    def bodies(self, d: _Draft, type_prefix: str, module: str, taken: set[str]) -> tuple[ir.RequestBody, ...]:
        if "requestBody" not in d.op:
            return ()
        ptr = d.pointer + "/requestBody"
        rb, rptr = self.deref(d.op["requestBody"], ptr)
        if not isinstance(rb, dict):
            return ()
        content = rb.get("content") or {}
        out: list[ir.RequestBody] = []
        for ct, media in sorted(content.items(), key=lambda kv: body_kind(kv[0]) != "json"):
            if not isinstance(media, dict):
                continue
            kind = body_kind(ct)
            mptr = f"{rptr}/content/{escape(ct)}"
            schema = media.get("schema", {})
            resolved, sptr = self.deref(schema, mptr + "/schema")
            if ct in ("*/*", "*") and _is_structured(resolved):
                kind = "json"  # any content type, but the schema describes a JSON document
            suffix = {"json": "", "multipart": "Multipart", "form": "Form", "binary": "Binary", "text": "Text"}[kind]
            ctx = _Ctx(type_prefix + suffix + "Params", module)
            t = self.type_of(schema, mptr + "/schema", ctx)
            fields: tuple[ir.Field, ...] = ()
            flattened = False
            if kind in ("json", "multipart", "form") and _is_object(resolved, self):
                props, required, _ = self.collect(resolved, sptr, ctx if "$ref" not in schema else self.owner_ctx(schema, ctx))
                if props:
                    fields = self.argument_fields(self.fields(props, required), taken)
                    flattened = True
            example = media.get("example")
            has_example = "example" in media
            if not has_example and isinstance(media.get("examples"), dict) and media["examples"]:
                first = next(iter(media["examples"].values()))
                first, _ = self.deref(first, mptr + "/examples")
                if isinstance(first, dict) and "value" in first:
                    example, has_example = first["value"], True
            out.append(
                ir.RequestBody(
                    content_type=ct,
                    kind=kind,
                    type=t,
                    required=rb.get("required") is True,
                    pointer=mptr,
                    description=str(rb.get("description", "") or ""),
                    fields=fields,
                    flattened=flattened,
                    example=example,
                    has_example=has_example,
                )
            )
        return tuple(out)

    def argument_fields(self, fields: tuple[ir.Field, ...], taken: set[str]) -> tuple[ir.Field, ...]:
        """Body fields as keyword arguments: a name used by a parameter or a client option gets a suffix."""
        namer = UniqueNamer(reserved=taken | METHOD_ARGS)
        out = []
        for f in fields:
            if f.read_only:
                out.append(f)
                continue
            out.append(replace(f, py_name=_unique(namer, [f.py_name, f.py_name + "_", "body_" + f.py_name])))
        return tuple(out)

    def owner_ctx(self, schema: dict[str, Any], fallback: _Ctx) -> _Ctx:
        ref = schema.get("$ref")
        key = _schema_key(ref) if isinstance(ref, str) else None
        if key is not None and key in self.component_names:
            return _Ctx(self.component_names[key], self.component_modules[key])
        return fallback

    # ------------------------------------------------------------------ responses
    def responses(self, d: _Draft, type_prefix: str, module: str) -> tuple[ir.Response, ...]:
        out: list[ir.Response] = []
        for status, resp in (d.op.get("responses") or {}).items():
            status = str(status)
            ptr = f"{d.pointer}/responses/{escape(status)}"
            resolved, rptr = self.deref(resp, ptr)
            if not isinstance(resolved, dict):
                continue
            word = STATUS_WORDS.get(status, HTTP_REASONS.get(status, "Status" + status))
            headers = tuple(
                ir.ResponseHeader(name, self.type_of(self.deref(h, rptr)[0].get("schema", {}), f"{rptr}/headers/{escape(name)}/schema", _Ctx(type_prefix + pascal_case(name), module)), str(self.deref(h, rptr)[0].get("description", "") or ""))
                for name, h in (resolved.get("headers") or {}).items()
                if isinstance(h, dict)
            )
            content = resolved.get("content") or {}
            if not content:
                out.append(ir.Response(status, None, "empty", None, rptr, str(resolved.get("description", "") or ""), headers))
                continue
            for ct, media in content.items():
                if not isinstance(media, dict):
                    continue
                mptr = f"{rptr}/content/{escape(ct)}"
                schema = media.get("schema", {})
                kind = response_kind(ct, self.deref(schema, mptr + "/schema")[0])
                suffix = "" if body_kind(ct) == "json" or len(content) == 1 else pascal_case(ct.split("/")[-1])
                ctx = _Ctx(type_prefix + word + suffix + ("Response" if status.startswith("2") else "Error"), module)
                t: ir.TypeRef | None
                if kind in ("json", "sse"):
                    t = self.type_of(schema, mptr + "/schema", ctx)
                elif kind == "text":
                    t = ir.Primitive("string")
                else:
                    t = ir.Binary()
                example = media.get("example")
                has_example = "example" in media
                if not has_example and isinstance(media.get("examples"), dict) and media["examples"]:
                    first, _ = self.deref(next(iter(media["examples"].values())), mptr + "/examples")
                    if isinstance(first, dict) and "value" in first:
                        example, has_example = first["value"], True
                out.append(ir.Response(status, ct, kind, t, mptr, str(resolved.get("description", "") or ""), headers, example, has_example))
        return tuple(out)

    # ------------------------------------------------------------------ pagination
    def pagination(self, d: _Draft, params: tuple[ir.Param, ...], responses: tuple[ir.Response, ...]) -> ir.Pagination | None:
        if d.method != "GET":
            return None
        ok = next((r for r in responses if r.status.startswith("2") and r.kind == "json" and isinstance(r.type, ir.ModelRef)), None)
        if ok is None or not isinstance(ok.type, ir.ModelRef):
            return None
        model = self.types.get(ok.type.name)
        if not isinstance(model, ir.Model):
            return None
        data = next((f for f in model.fields if f.wire_name == "data"), None)
        if data is None or not isinstance(_strip_null(data.type), ir.ArrayType):
            return None
        item_type = cast(ir.ArrayType, _strip_null(data.type)).items
        wires = {p.wire_name for p in params if p.location == "query"}
        meta = next((f for f in model.fields if f.wire_name == "meta"), None)
        meta_fields = self.model_fields(meta.type) if meta else {}
        size = next((w for w in ("page[size]", "page_size", "per_page", "limit", "page[limit]") if w in wires), None)
        cursor_param = next((w for w in ("page[after]", "page_cursor", "cursor") if w in wires), None)
        if cursor_param is not None:
            if "cursors" in meta_fields:
                return ir.Pagination("cursor", item_type, page_param=cursor_param, size_param=size, total_pages_path=(), next_cursor_path=("meta", "cursors", "after"))
            if cursor_param in meta_fields or "cursor" in meta_fields:
                key = cursor_param if cursor_param in meta_fields else "cursor"
                has_more = ("meta", "has_more") if "has_more" in meta_fields else ()
                return ir.Pagination("cursor", item_type, page_param=cursor_param, size_param=size, total_pages_path=(), next_cursor_path=("meta", key), has_more_path=has_more)
        number = next((w for w in ("page[number]", "page_number", "page") if w in wires), None)
        if number is not None:
            total = ("meta", "total_pages") if "total_pages" in meta_fields else ()
            return ir.Pagination("page_number", item_type, page_param=number, size_param=size, total_pages_path=total)
        return None

    def model_fields(self, t: ir.TypeRef) -> dict[str, ir.Field]:
        t = _strip_null(t)
        if isinstance(t, ir.ModelRef):
            m = self.types.get(t.name)
            if isinstance(m, ir.Model):
                return {f.wire_name: f for f in m.fields}
        return {}

    # ------------------------------------------------------------------ security, webhooks, resources
    def security(self, reqs: Any) -> tuple[ir.SecurityRequirement, ...] | None:
        if not isinstance(reqs, list):
            return None
        return tuple(ir.SecurityRequirement(tuple(sorted(r))) for r in reqs if isinstance(r, dict))

    def security_schemes(self) -> tuple[ir.SecurityScheme, ...]:
        out = []
        for name, s in ((self.raw.get("components") or {}).get("securitySchemes") or {}).items():
            ptr = "#/components/securitySchemes/" + escape(name)
            s, _ = self.deref(s, ptr)
            if not isinstance(s, dict):
                continue
            t = s.get("type")
            kind = {"http": "bearer" if str(s.get("scheme", "")).lower() == "bearer" else "basic", "apiKey": "apiKey", "oauth2": "oauth2", "openIdConnect": "openIdConnect", "mutualTLS": "mutualTLS"}.get(str(t))
            if kind is None:
                self.warn(ptr, f"unknown security scheme type '{t}'")
                continue
            out.append(ir.SecurityScheme(name, cast(Any, kind), ptr, s.get("in"), s.get("name"), str(s.get("description", "") or "")))
        return tuple(out)

    def webhooks(self) -> tuple[ir.Webhook, ...]:
        out = []
        for name, item in (self.raw.get("webhooks") or {}).items():
            wptr = "#/webhooks/" + escape(name)
            item, _ = self.deref(item, wptr)
            if not isinstance(item, dict):
                continue
            for method, op in item.items():
                if method not in HTTP_METHODS or not isinstance(op, dict):
                    continue
                optr = f"{wptr}/{method}"
                rb, rptr = self.deref(op.get("requestBody", {}), optr + "/requestBody")
                media = ((rb.get("content") or {}) if isinstance(rb, dict) else {}).get("application/json")
                if not isinstance(media, dict):
                    self.warn(optr, "webhook has no application/json body; skipped from typed events")
                    continue
                ctx = _Ctx(python_identifier(pascal_case(name), style="pascal") + "Webhook", "types.webhooks")
                t = self.type_of(media.get("schema", {}), f"{rptr}/content/application~1json/schema", ctx)
                out.append(
                    ir.Webhook(
                        name=name,
                        event_type=t,
                        pointer=optr,
                        summary=str(op.get("summary", "") or ""),
                        description=str(op.get("description", "") or ""),
                        operation_id=str(op.get("operationId", "") or ""),
                        event_name=self.event_name(t),
                    )
                )
        return tuple(out)

    def event_name(self, t: ir.TypeRef) -> str | None:
        fields = self.model_fields(t)
        data = fields.get("data")
        inner = self.model_fields(data.type) if data else fields
        tag = inner.get("event_type") or fields.get("event_type")
        if tag is None:
            return None
        tt = _strip_null(tag.type)
        if isinstance(tt, ir.Const) and isinstance(tt.value, str):
            return tt.value
        if isinstance(tt, ir.EnumType) and len(tt.values) == 1 and isinstance(tt.values[0], str):
            return tt.values[0]
        return None

    def resources(self, operations: tuple[ir.Operation, ...]) -> tuple[ir.Resource, ...]:
        tree: dict[tuple[str, ...], list[ir.Operation]] = {}
        for op in operations:
            for i in range(1, len(op.resource) + 1):
                tree.setdefault(op.resource[:i], [])
            tree[op.resource].append(op)

        children: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
        for p in tree:
            children.setdefault(p[:-1], []).append(p)

        def node(path: tuple[str, ...]) -> ir.Resource:
            kids = sorted(children.get(path, ()))
            ops = sorted(tree[path], key=lambda o: o.py_name)
            return ir.Resource(
                name=path[-1],
                path=path,
                class_name=pascal_case("_".join(path)),
                module="resources." + ".".join(path),
                operations=tuple(o.pointer for o in ops),
                children=tuple(node(k) for k in kids),
            )

        return tuple(node(p) for p in sorted(p for p in tree if len(p) == 1))


# ---------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------

_RESERVED_TYPE_NAMES = frozenset(
    {"Any", "BaseModel", "Field", "Literal", "Optional", "Union", "List", "Dict", "Annotated", "TypeAlias", "NotGiven", "Telnyx", "AsyncTelnyx", "date", "datetime", "Enum"}
)
_STYLES = frozenset({"simple", "form", "deepObject", "spaceDelimited", "pipeDelimited", "label", "matrix"})
_VERB_SEGMENTS = frozenset({"download", "export", "search", "preview", "validate", "verify", "check", "count", "lookup"})
"""Trailing path segments that already say what a GET does: ``/media/{name}/download`` -> ``media.download``."""
FIELD_RESERVED = PYDANTIC_RESERVED | frozenset({"str", "int", "float", "bool", "bytes", "list", "dict", "date", "datetime"})
"""Field names that would shadow a type used in the class's annotations, or a pydantic attribute."""


@dataclass(frozen=True, slots=True)
class _Draft:
    path: str
    request_path: str
    method: str
    op: dict[str, Any]
    item: dict[str, Any]
    pointer: str

    @property
    def operation_id(self) -> str:
        op_id = self.op.get("operationId")
        return op_id if isinstance(op_id, str) and op_id else self.fallback_id

    @property
    def fallback_id(self) -> str:
        return snake_case(f"{self.method} {self.path}")

    @property
    def websocket(self) -> bool:
        """A WebSocket handshake: a 101 response or a ws(s):// server."""
        servers = [s.get("url", "") for s in (self.op.get("servers") or self.item.get("servers") or []) if isinstance(s, dict)]
        return "101" in {str(k) for k in (self.op.get("responses") or {})} or any(str(u).startswith(("ws://", "wss://")) for u in servers)

    @property
    def static_segments(self) -> list[str]:
        return [s for s in self.request_path.strip("/").split("/") if s and not _is_param_segment(s)]


@dataclass(frozen=True, slots=True)
class _Meta:
    description: str = ""
    default: ir.JsonValue = None
    has_default: bool = False
    example: ir.JsonValue = None
    has_example: bool = False
    read_only: bool = False
    write_only: bool = False
    deprecated: bool = False
    format: str | None = None
    constraints: ir.Constraints = ir.NO_CONSTRAINTS


def _number(v: Any) -> float | None:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def _count(v: Any) -> int | None:
    return v if isinstance(v, int) and not isinstance(v, bool) and v >= 0 else None


def _constraints(s: Any) -> ir.Constraints:
    """The validation keywords of one schema node (not following ``$ref``)."""
    if not isinstance(s, dict):
        return ir.NO_CONSTRAINTS
    minimum, maximum = _number(s.get("minimum")), _number(s.get("maximum"))
    excl_min, excl_max = s.get("exclusiveMinimum"), s.get("exclusiveMaximum")
    if _number(excl_min) is not None:
        minimum, excl_min = _number(excl_min), True
    if _number(excl_max) is not None:
        maximum, excl_max = _number(excl_max), True
    pattern = s.get("pattern")
    items = s.get("items")
    out = ir.Constraints(
        minimum=minimum,
        maximum=maximum,
        exclusive_minimum=excl_min is True and minimum is not None,
        exclusive_maximum=excl_max is True and maximum is not None,
        multiple_of=_number(s.get("multipleOf")),
        min_length=_count(s.get("minLength")),
        max_length=_count(s.get("maxLength")),
        pattern=pattern if isinstance(pattern, str) else None,
        min_items=_count(s.get("minItems")),
        max_items=_count(s.get("maxItems")),
        unique_items=s.get("uniqueItems") is True,
        items=_constraints(items) if isinstance(items, dict) and "$ref" not in items else None,
    )
    if out.items == ir.NO_CONSTRAINTS:
        out = replace(out, items=None)
    return ir.NO_CONSTRAINTS if out == ir.NO_CONSTRAINTS else out


def _merge_constraints(base: ir.Constraints, over: ir.Constraints) -> ir.Constraints:
    """``over``'s keywords where it has them, ``base``'s elsewhere ($ref siblings over the target)."""
    if over == ir.NO_CONSTRAINTS:
        return base
    if base == ir.NO_CONSTRAINTS:
        return over
    changes = {
        name: getattr(over, name)
        for name in ir.Constraints.__dataclass_fields__
        if getattr(over, name) not in (None, False)
    }
    return replace(base, **changes)


def _annotations(s: Any) -> _Meta:
    if not isinstance(s, dict):
        return _Meta()
    example: Any = s.get("example")
    has_example = "example" in s
    if not has_example and isinstance(s.get("examples"), list) and s["examples"]:
        example, has_example = s["examples"][0], True
    fmt = s.get("format") or s.get("x-format")
    return _Meta(
        description=str(s.get("description", "") or s.get("title", "") or ""),
        default=s.get("default"),
        has_default="default" in s,
        example=example,
        has_example=has_example,
        read_only=s.get("readOnly") is True,
        write_only=s.get("writeOnly") is True,
        deprecated=s.get("deprecated") is True,
        format=fmt if isinstance(fmt, str) else None,
        constraints=_constraints(s),
    )


def replace_meta(base: _Meta, over: _Meta) -> _Meta:
    return _Meta(
        description=over.description or base.description,
        default=over.default if over.has_default else base.default,
        has_default=over.has_default or base.has_default,
        example=over.example if over.has_example else base.example,
        has_example=over.has_example or base.has_example,
        read_only=over.read_only or base.read_only,
        write_only=over.write_only or base.write_only,
        deprecated=over.deprecated or base.deprecated,
        format=over.format or base.format,
        constraints=_merge_constraints(base.constraints, over.constraints),
    )


def _param_example(p: dict[str, Any], meta: _Meta) -> tuple[ir.JsonValue, bool]:
    if "example" in p:
        return p["example"], True
    examples = p.get("examples")
    if isinstance(examples, dict) and examples:
        first = next(iter(examples.values()))
        if isinstance(first, dict) and "value" in first:
            return first["value"], True
    return meta.example, meta.has_example


def _is_scalar(v: object) -> bool:
    return isinstance(v, (str, int, float, bool))


def _nullable(t: ir.TypeRef, nullable: bool) -> ir.TypeRef:
    if not nullable or isinstance(t, ir.Nullable):
        return t
    if isinstance(t, ir.AnyType):
        return t
    return ir.Nullable(t)


def _schema_label(field_pointer: str) -> str:
    """``Widget`` for ``#/components/schemas/Widget/properties/x``, else the schema's pointer."""
    schema = field_pointer.rsplit("/properties/", 1)[0]
    key = schema.removeprefix(SCHEMA_PREFIX)
    return _unescape(key) if key != schema and "/" not in key else schema


MAX_INLINE_NESTING = 32
"""Deeper inline types get a named alias: Python's parser allows at most 200 nested brackets."""


def _nesting(t: ir.TypeRef) -> int:
    """How many brackets an annotation of ``t`` nests (named types count as one level)."""
    if isinstance(t, ir.ArrayType):
        return 1 + _nesting(t.items)
    if isinstance(t, ir.MapType):
        return 1 + _nesting(t.values)
    if isinstance(t, ir.Nullable):
        return 1 + _nesting(t.inner)
    if isinstance(t, ir.UnionType):
        return 1 + max(_nesting(v) for v in t.variants)
    return 0


def _strip_null(t: ir.TypeRef) -> ir.TypeRef:
    return t.inner if isinstance(t, ir.Nullable) else t


def _is_object(s: Any, b: _Builder, _seen: frozenset[int] = frozenset()) -> bool:
    if not isinstance(s, dict):
        return False
    t = s.get("type")
    types = t if isinstance(t, list) else [t]
    if "object" in types or "properties" in s:
        return True
    if t is None and ("additionalProperties" in s):
        return True
    branches = s.get("allOf")
    if isinstance(branches, list) and branches and t is None:
        # quiet: collect() reports dangling refs and cycles where they are
        seen = _seen | {id(s)}
        return any(
            id(target) not in seen and _is_object(target, b, seen)
            for target in (b.deref(x, "#", quiet=True)[0] for x in branches)
        )
    return False


def _tag_values(model: ir.NamedType | None, prop: str) -> tuple[str, ...]:
    if not isinstance(model, ir.Model):
        return ()
    f = next((f for f in model.fields if f.wire_name == prop), None)
    if f is None:
        return ()
    t = _strip_null(f.type)
    if isinstance(t, ir.Const) and isinstance(t.value, str):
        return (t.value,)
    if isinstance(t, ir.EnumType) and all(isinstance(v, str) for v in t.values):
        return tuple(str(v) for v in t.values)
    return ()


def _sccs(graph: Mapping[str, Iterable[str]]) -> list[set[str]]:
    """Strongly connected components (iterative Tarjan), deterministic order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[set[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, iter(sorted(graph.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            v, it = work[-1]
            advanced = False
            for w in it:
                if w not in graph:
                    continue
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(sorted(graph.get(w, ())))))
                    advanced = True
                    break
                if w in on_stack:
                    low[v] = min(low[v], index[w])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp: set[str] = set()
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.add(w)
                    if w == v:
                        break
                out.append(comp)
    return out


_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def _segment_name(segment: str) -> str:
    """A path segment as an attribute name; a leading number is spelled out (10dlc -> ten_dlc)."""
    name = snake_case(segment.removesuffix(".json"))
    match = re.match(r"(\d+)_?(.*)", name)
    if match and int(match.group(1)) < len(_NUMBER_WORDS):
        name = f"{_NUMBER_WORDS[int(match.group(1))]}_{match.group(2)}".rstrip("_")
    return python_identifier(name, reserved=RESOURCE_METHOD_RESERVED)


def _location_rank(loc: str, name: str, template_vars: list[str]) -> tuple[int, int]:
    if loc == "path":
        return 0, template_vars.index(name) if name in template_vars else len(template_vars)
    return {"query": 1, "header": 2, "cookie": 3}.get(loc, 4), 0


def _ordinal_word(i: int) -> str:
    words = ["First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth"]
    return words[i] if i < len(words) else f"N{i + 1}"
