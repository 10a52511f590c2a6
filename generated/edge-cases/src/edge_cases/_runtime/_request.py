"""How generated methods describe a request, and how the description becomes HTTP."""

import datetime as dt
import enum
import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TypedDict, cast
from urllib.parse import quote, urlencode

import pydantic

from ._models import to_jsonable
from ._types import NOT_GIVEN, Body, FileInput, Headers, NotGiven, Query, Timeout

__all__ = [
    "NO_OPTIONS",
    "CallOptions",
    "EncodedBody",
    "Endpoint",
    "FormBody",
    "JsonBody",
    "MultipartBody",
    "QueryParam",
    "RawBody",
    "RequestBody",
    "RequestOptions",
    "encode_body",
    "encode_headers",
    "encode_query",
    "expand_path",
]


@dataclass(frozen=True, slots=True)
class Endpoint:
    method: str
    path: str
    """Template relative to the base URL, e.g. ``/external_connections/{id}/uploads``."""
    base_url: str | None = None
    """Server override from the spec; used only when the user did not choose a base URL."""
    auth: bool = True
    """False when the operation needs no credentials: no Authorization header is sent."""
    deprecated: str | None = None
    """When set, calling the operation emits a DeprecationWarning with this message."""


@dataclass(frozen=True, slots=True)
class QueryParam:
    name: str
    """Wire name, e.g. ``page[number]`` or ``filter[status]``."""
    value: object
    """``NOT_GIVEN`` and ``None`` are both omitted."""
    style: str = "form"
    """``form``, ``deepObject``, ``spaceDelimited`` or ``pipeDelimited``."""
    explode: bool = True


@dataclass(frozen=True, slots=True)
class RequestOptions:
    extra_headers: Headers | None = None
    """Sent after all other headers; a ``NOT_GIVEN`` value removes that header."""
    extra_query: Query | None = None
    extra_body: Body | None = None
    """Merged into JSON, form and multipart bodies."""
    timeout: Timeout | NotGiven = NOT_GIVEN
    max_retries: int | NotGiven = NOT_GIVEN


@dataclass(frozen=True, slots=True)
class JsonBody:
    data: Mapping[str, object] | object


@dataclass(frozen=True, slots=True)
class MultipartBody:
    fields: Mapping[str, object] | pydantic.BaseModel
    """Form fields; a model (a multipart body that is a union of shapes) is dumped by alias."""
    files: Mapping[str, object]
    """File parts (FileInput or a list of them); a str given for a field that is text in
    another content type is sent as a plain field; NOT_GIVEN is left out."""


@dataclass(frozen=True, slots=True)
class FormBody:
    fields: Mapping[str, object]


@dataclass(frozen=True, slots=True)
class RawBody:
    content: bytes | IO[bytes] | os.PathLike[str] | str | NotGiven
    """NOT_GIVEN sends no body (an optional raw body the caller left out)."""
    content_type: str


NO_OPTIONS = RequestOptions()

RequestBody = JsonBody | MultipartBody | FormBody | RawBody


def _omitted(value: object) -> bool:
    return value is None or isinstance(value, NotGiven)


def _scalar(value: object) -> str:
    """The text of a value in a URL, header or form: ``true``/``false``, ISO dates, enum values."""
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _add_param(
    out: list[tuple[str, str]], name: str, value: object, style: str, explode: bool
) -> None:
    if isinstance(value, pydantic.BaseModel):
        value = to_jsonable(value)
    if _omitted(value):
        return
    # Objects are sent deepObject-style even when the spec says form: the API wants brackets.
    if isinstance(value, Mapping):
        for key, item in value.items():
            _add_param(out, f"{name}[{key}]", item, "deepObject", True)
    elif isinstance(value, list | tuple):
        # objects inside an array have no form/deepObject spelling: they go as JSON text
        items = [_form_value(item) for item in value if not _omitted(item)]
        if not items:
            return
        if style == "spaceDelimited":
            out.append((name, " ".join(items)))
        elif style == "pipeDelimited":
            out.append((name, "|".join(items)))
        elif style == "form" and not explode:
            out.append((name, ",".join(items)))
        else:
            out.extend((name, item) for item in items)
    else:
        out.append((name, _scalar(value)))


def encode_query(params: Sequence[QueryParam], extra: Query | None) -> list[tuple[str, str]]:
    """Serialize query parameters per their OpenAPI style; ``extra`` keys are used as given."""
    out: list[tuple[str, str]] = []
    for param in params:
        _add_param(out, param.name, param.value, param.style, param.explode)
    for name, value in (extra or {}).items():
        _add_param(out, name, value, "form", True)
    return out


_PATH_PARAM = re.compile(r"\{([^{}]+)\}")


def expand_path(template: str, params: Mapping[str, object] | None) -> str:
    """Substitute path parameters, each percent-encoded as one path segment."""
    encoded: dict[str, str] = {}
    for name, value in (params or {}).items():
        text = "" if _omitted(value) else _scalar(value)
        if not text:
            raise ValueError(f"Expected a non-empty value for `{name}` but received {value!r}")
        encoded[name] = quote(text, safe="")
    return _PATH_PARAM.sub(lambda match: encoded[match.group(1)], template)


def encode_headers(headers: Mapping[str, object] | None) -> dict[str, str]:
    """Header parameters: ``NOT_GIVEN``/``None`` dropped, the rest as text."""
    return {name: _scalar(value) for name, value in (headers or {}).items() if not _omitted(value)}


@dataclass(frozen=True, slots=True)
class EncodedBody:
    """A body ready for ``httpx``: either ``content`` or multipart ``files``."""

    content: bytes | None = None
    files: list[tuple[str, Any]] | None = None
    content_type: str | None = None


def _merge(fields: Mapping[str, object], extra: Body | None) -> dict[str, object]:
    return {**fields, **(extra or {})}


def _read(content: bytes | IO[bytes] | os.PathLike[str] | str) -> bytes:
    if isinstance(content, bytes):
        return content
    if isinstance(content, str):
        return content.encode("utf-8")
    if isinstance(content, os.PathLike):
        return Path(content).read_bytes()
    return content.read()


def _form_value(value: object) -> str:
    if isinstance(value, Mapping | pydantic.BaseModel):
        return json.dumps(to_jsonable(value), separators=(",", ":"))
    return _scalar(value)


def _file_part(value: FileInput) -> Any:
    """A file in the shape ``httpx`` takes; paths are read now so that retries can resend them."""
    if isinstance(value, os.PathLike):
        import mimetypes

        path = Path(value)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return (path.name, path.read_bytes(), content_type)
    return value


def _multipart(body: MultipartBody, extra: Body | None) -> list[tuple[str, Any]]:
    # Plain fields go in as file parts without a filename so that httpx always sends
    # multipart/form-data, even when no file is given.
    parts: list[tuple[str, Any]] = []
    fields = body.fields
    if isinstance(fields, pydantic.BaseModel):
        fields = fields.model_dump(by_alias=True, exclude_unset=True)
    for name, value in _merge(fields, extra).items():
        if isinstance(value, bytes | os.PathLike) or hasattr(value, "read"):
            parts.append((name, _file_part(cast(FileInput, value))))  # a model body's binary field
            continue
        values = value if isinstance(value, list | tuple) else [value]
        parts.extend((name, (None, _form_value(v))) for v in values if not _omitted(v))
    for name, file in body.files.items():
        if isinstance(file, NotGiven):
            continue
        if isinstance(file, str):
            parts.append((name, (None, file)))
            continue
        files = file if isinstance(file, list) else [file]
        parts.extend((name, _file_part(cast(FileInput, f))) for f in files)
    return parts


def encode_body(body: RequestBody | None, extra: Body | None) -> EncodedBody:
    """Encode a request body; ``extra`` (RequestOptions.extra_body) is merged into its fields."""
    if isinstance(body, MultipartBody):
        return EncodedBody(files=_multipart(body, extra))
    if isinstance(body, FormBody):
        pairs: list[tuple[str, str]] = []
        for name, value in _merge(body.fields, extra).items():
            _add_param(pairs, name, value, "form", True)
        return EncodedBody(
            urlencode(pairs).encode("ascii"), None, "application/x-www-form-urlencoded"
        )
    if isinstance(body, RawBody):
        if isinstance(body.content, NotGiven):
            return EncodedBody()
        return EncodedBody(_read(body.content), None, body.content_type)
    if body is None and not extra:
        return EncodedBody()
    data = {} if body is None else body.data
    if extra:
        if not isinstance(data, Mapping):
            raise TypeError("extra_body can only be used with operations whose body is an object")
        data = _merge(data, extra)
    content = json.dumps(
        to_jsonable(data), separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    return EncodedBody(content.encode("utf-8"), None, "application/json")


class CallOptions(TypedDict, total=False):
    """Per-call options every generated method accepts as keyword arguments."""

    extra_headers: Headers | None
    extra_query: Query | None
    extra_body: Body | None
    timeout: Timeout | NotGiven
    max_retries: int | NotGiven
