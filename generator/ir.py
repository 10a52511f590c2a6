"""The intermediate model: a small, typed, immutable description of an API.

Everything downstream of :mod:`generator.build` (rendering, docs, examples, diffs, the
manifest) reads these types and nothing else. Every node keeps the JSON pointer of the
spec location it came from, and every named thing keeps both its wire name and its
Python name. Derive new values with :func:`dataclasses.replace`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

JsonValue = None | bool | int | float | str | list["JsonValue"] | dict[str, "JsonValue"]
"""A value as it appears in the spec (examples, defaults, enum values, const)."""

Level = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A problem found in a spec: an error stops generation, a warning does not."""

    level: Level
    pointer: str
    message: str
    file: str = ""
    line: int | None = None

    def format(self) -> str:
        where = f"{self.file}#{self.pointer[1:] if self.pointer.startswith('#') else self.pointer}"
        if self.line is not None:
            where += f" (line {self.line})"
        return f"{self.level}: {where}: {self.message}"


# --------------------------------------------------------------------------------------
# Types: a closed set.
# --------------------------------------------------------------------------------------

PrimitiveKind = Literal["string", "integer", "number", "boolean"]
EnumValue = str | int | float | bool


@dataclass(frozen=True, slots=True)
class Primitive:
    """A scalar. ``format`` keeps the spec's format (uuid, date-time, int64, E164, ...)."""

    kind: PrimitiveKind
    format: str | None = None


@dataclass(frozen=True, slots=True)
class Binary:
    """Raw bytes: ``type: string, format: binary`` (uploads) or a binary response body."""


@dataclass(frozen=True, slots=True)
class EnumType:
    """A closed set of scalar values (never ``None``: nullability is :class:`Nullable`)."""

    values: tuple[EnumValue, ...]


@dataclass(frozen=True, slots=True)
class Const:
    """A single allowed value (``const:`` or a one-value enum used as a tag)."""

    value: EnumValue


@dataclass(frozen=True, slots=True)
class ArrayType:
    items: TypeRef


@dataclass(frozen=True, slots=True)
class MapType:
    """An object with no fixed properties whose values all have one type."""

    values: TypeRef


@dataclass(frozen=True, slots=True)
class ModelRef:
    """A reference to a named type in :attr:`Api.types` by its Python ``name``."""

    name: str


@dataclass(frozen=True, slots=True)
class Discriminator:
    property_wire_name: str
    property_py_name: str
    mapping: tuple[tuple[str, str], ...]
    """(wire value, model name) pairs; derived from the variants' tag fields when the spec has no mapping."""


@dataclass(frozen=True, slots=True)
class UnionType:
    variants: tuple[TypeRef, ...]
    discriminator: Discriminator | None = None


@dataclass(frozen=True, slots=True)
class Nullable:
    inner: TypeRef


@dataclass(frozen=True, slots=True)
class AnyType:
    """No constraint (``{}``, a schema with no type, or ``not`` alone)."""


TypeRef = Primitive | Binary | EnumType | Const | ArrayType | MapType | ModelRef | UnionType | Nullable | AnyType


@dataclass(frozen=True, slots=True)
class Constraints:
    """Validation keywords of a field's or parameter's own schema (for examples and checks).

    ``exclusiveMinimum``/``exclusiveMaximum`` in either spelling (3.0 boolean, 3.1 number)
    become ``minimum``/``maximum`` with the ``exclusive_*`` flag set. ``items`` holds the
    constraints of an array's item schema.
    """

    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False
    exclusive_maximum: bool = False
    multiple_of: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    min_items: int | None = None
    max_items: int | None = None
    unique_items: bool = False
    items: Constraints | None = None


NO_CONSTRAINTS = Constraints()


# --------------------------------------------------------------------------------------
# Named types (models and aliases)
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Field:
    wire_name: str
    py_name: str
    type: TypeRef
    required: bool
    pointer: str
    description: str = ""
    default: JsonValue = None
    has_default: bool = False
    read_only: bool = False
    write_only: bool = False
    deprecated: bool = False
    example: JsonValue = None
    has_example: bool = False
    format: str | None = None
    """The spec's format (or x-format), for docs: uuid, date-time, E164, ..."""
    not_type: TypeRef | None = None
    """What the schema's ``not`` forbids, where it says anything a type can express."""
    constraints: Constraints = NO_CONSTRAINTS


@dataclass(frozen=True, slots=True)
class PropertyRule:
    """A ``oneOf``/``anyOf`` branch of an object schema with properties that only says which
    properties must be present (``required``) and which must be absent (``not: {}``)."""

    title: str
    required: tuple[str, ...]
    """Wire names."""
    forbidden: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Model:
    """An object type with named fields: a pydantic model in the generated package."""

    name: str
    module: str
    """Module (without package prefix) that defines it, e.g. ``models.external_connection``."""
    fields: tuple[Field, ...]
    pointer: str
    description: str = ""
    component: str | None = None
    """The ``#/components/schemas`` key it was generated from, ``None`` for inline shapes."""
    extra: TypeRef | bool = True
    """additionalProperties: ``True`` (kept, any), ``False`` (forbidden in the spec) or their type."""
    deprecated: bool = False
    example: JsonValue = None
    has_example: bool = False
    recursive: bool = False
    """Part of (or reaching) a reference cycle; needs forward references."""
    rules: tuple[PropertyRule, ...] = ()
    """Constraint branches of the object (see :class:`PropertyRule`)."""
    rules_combinator: Literal["oneOf", "anyOf"] = "oneOf"
    """``oneOf``: exactly one rule holds; ``anyOf``: at least one."""


@dataclass(frozen=True, slots=True)
class Alias:
    """A named non-object type: an enum, union, array or scalar component."""

    name: str
    module: str
    type: TypeRef
    pointer: str
    description: str = ""
    component: str | None = None
    deprecated: bool = False
    example: JsonValue = None
    has_example: bool = False
    recursive: bool = False


NamedType = Model | Alias


# --------------------------------------------------------------------------------------
# Operations
# --------------------------------------------------------------------------------------

ParamLocation = Literal["path", "query", "header", "cookie"]
ParamStyle = Literal["simple", "form", "deepObject", "spaceDelimited", "pipeDelimited", "label", "matrix"]


@dataclass(frozen=True, slots=True)
class Param:
    """One argument of a generated method that travels in the path, query or a header.

    A ``deepObject`` parameter ``page`` with properties ``number`` and ``size`` is expanded
    into two params ``page[number]``/``page_number`` and ``page[size]``/``page_size``;
    a nested object property keeps its object type and is serialized as
    ``filter[x][contains]=...``.
    """

    wire_name: str
    py_name: str
    location: ParamLocation
    type: TypeRef
    required: bool
    pointer: str
    style: ParamStyle = "form"
    explode: bool = True
    description: str = ""
    deprecated: bool = False
    default: JsonValue = None
    has_default: bool = False
    example: JsonValue = None
    has_example: bool = False
    format: str | None = None
    constraints: Constraints = NO_CONSTRAINTS
    object_required: bool = False
    """A property of an expanded deepObject parameter that the object's schema requires:
    whenever any part of the parameter is sent, this one must be too."""


BodyKind = Literal["json", "multipart", "form", "binary", "text"]


@dataclass(frozen=True, slots=True)
class RequestBody:
    content_type: str
    kind: BodyKind
    type: TypeRef
    required: bool
    pointer: str
    description: str = ""
    fields: tuple[Field, ...] = ()
    """When the body is an object, its properties: these become keyword arguments."""
    flattened: bool = False
    """True when ``fields`` are the method's keyword arguments; else the body is one ``body`` argument."""
    example: JsonValue = None
    has_example: bool = False


ResponseKind = Literal["json", "binary", "text", "sse", "empty"]


@dataclass(frozen=True, slots=True)
class ResponseHeader:
    wire_name: str
    type: TypeRef
    description: str = ""


@dataclass(frozen=True, slots=True)
class Response:
    status: str
    """``200``, ``4XX`` or ``default``."""
    content_type: str | None
    kind: ResponseKind
    type: TypeRef | None
    pointer: str
    description: str = ""
    headers: tuple[ResponseHeader, ...] = ()
    example: JsonValue = None
    has_example: bool = False


PaginationKind = Literal["page_number", "cursor", "offset"]


@dataclass(frozen=True, slots=True)
class Pagination:
    """How a list operation pages; the runtime needs only these names."""

    kind: PaginationKind
    item_type: TypeRef
    items_field: str = "data"
    page_param: str = "page[number]"
    """Wire name of the request parameter that selects the next page (number or cursor)."""
    size_param: str | None = "page[size]"
    total_pages_path: tuple[str, ...] = ("meta", "total_pages")
    """page_number: where the response says how many pages there are."""
    next_cursor_path: tuple[str, ...] = ()
    """cursor: where the response carries the cursor for the next page."""
    has_more_path: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SecurityRequirement:
    schemes: tuple[str, ...]
    """Scheme names that must all be satisfied; empty means no auth."""


@dataclass(frozen=True, slots=True)
class SecurityScheme:
    name: str
    kind: Literal["bearer", "basic", "apiKey", "oauth2", "openIdConnect", "mutualTLS"]
    pointer: str
    location: str | None = None
    param_name: str | None = None
    description: str = ""


@dataclass(frozen=True, slots=True)
class Operation:
    operation_id: str
    method: str
    """Upper case: GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, TRACE."""
    path: str
    """The path as written in the spec."""
    request_path: str
    """The path the client joins to its base URL (a duplicated ``/v2`` prefix removed)."""
    resource: tuple[str, ...]
    """Attribute path of the resource on the client, e.g. ``("external_connections", "uploads")``."""
    py_name: str
    """Method name on the resource, e.g. ``create``."""
    pointer: str
    summary: str = ""
    description: str = ""
    tags: tuple[str, ...] = ()
    params: tuple[Param, ...] = ()
    bodies: tuple[RequestBody, ...] = ()
    """One per request content type, JSON first."""
    responses: tuple[Response, ...] = ()
    pagination: Pagination | None = None
    security: tuple[SecurityRequirement, ...] | None = None
    """``None``: the API's default applies; ``()`` means explicitly no auth."""
    servers: tuple[str, ...] = ()
    """Server URLs overriding the API's (path or operation level)."""
    deprecated: bool = False
    deprecation_message: str = ""
    hidden: bool = False
    websocket: bool = False
    """A WebSocket handshake (a ``101`` response or a ``ws(s)://`` server): the method
    returns the URL and headers to open the socket with, instead of making an HTTP call."""
    extensions: tuple[tuple[str, JsonValue], ...] = ()

    @property
    def call(self) -> str:
        return ".".join((*self.resource, self.py_name))


@dataclass(frozen=True, slots=True)
class Resource:
    """A group of operations reachable as ``client.<path>``; resources nest."""

    name: str
    """Attribute name on the parent, e.g. ``uploads``."""
    path: tuple[str, ...]
    class_name: str
    """e.g. ``ExternalConnectionsUploads`` (rendered as ``...Resource``/``Async...Resource``)."""
    module: str
    """Module that defines it, e.g. ``resources.external_connections``."""
    operations: tuple[str, ...]
    """Pointers of its operations (operationIds need not be unique), in method-name order."""
    children: tuple[Resource, ...] = ()
    description: str = ""


@dataclass(frozen=True, slots=True)
class Webhook:
    name: str
    """The key under ``webhooks`` (``callForkStarted``, ``fax.sending.started``)."""
    event_type: TypeRef
    pointer: str
    summary: str = ""
    description: str = ""
    operation_id: str = ""
    event_name: str | None = None
    """The payload's event type value (``data.event_type`` const/enum), when the schema says."""


@dataclass(frozen=True, slots=True)
class Api:
    title: str
    version: str
    openapi_version: str
    source_name: str
    """File name (or URL) of the spec, for headers and messages."""
    description: str = ""
    servers: tuple[str, ...] = ()
    security: tuple[SecurityRequirement, ...] = ()
    security_schemes: tuple[SecurityScheme, ...] = ()
    operations: tuple[Operation, ...] = ()
    """In the document's order: paths as written, methods as written within a path."""
    resources: tuple[Resource, ...] = ()
    types: tuple[NamedType, ...] = ()
    """All named types, sorted by module then name."""
    webhooks: tuple[Webhook, ...] = ()
    tags: tuple[tuple[str, str], ...] = field(default=())
    """(tag name, description) as declared plus used-but-undeclared tags with ''."""


def type_refs(t: TypeRef) -> Iterator[str]:
    """Names of the named types a type refers to directly (through arrays, maps, unions)."""
    if isinstance(t, ModelRef):
        yield t.name
    elif isinstance(t, ArrayType):
        yield from type_refs(t.items)
    elif isinstance(t, MapType):
        yield from type_refs(t.values)
    elif isinstance(t, Nullable):
        yield from type_refs(t.inner)
    elif isinstance(t, UnionType):
        for v in t.variants:
            yield from type_refs(v)


def named_refs(t: NamedType) -> Iterator[str]:
    """Names of the named types a model's fields (or an alias) refer to directly."""
    if isinstance(t, Alias):
        yield from type_refs(t.type)
        return
    for f in t.fields:
        yield from type_refs(f.type)
    if not isinstance(t.extra, bool):
        yield from type_refs(t.extra)
