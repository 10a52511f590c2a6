"""Hand-written runtime copied verbatim into every generated package as ``<pkg>/_runtime/``.

Its modules import each other only relatively and depend on httpx, pydantic v2 and the
standard library (PyNaCl is imported lazily, only to verify webhooks).

Contract with the generated code
================================

Everything below is imported by generated code as ``from ._runtime import ...``.

Sentinels and aliases
---------------------
``NOT_GIVEN`` / ``NotGiven``: "argument not given" (falsy, repr ``NOT_GIVEN``). ``None`` is
different: it is sent as JSON ``null`` (query and header parameters omit both).
``Headers = Mapping[str, str | NotGiven]``, ``Query = Mapping[str, object]``,
``Body = Mapping[str, object]``, ``Timeout = float | httpx.Timeout | None``,
``FileInput = bytes | IO[bytes] | os.PathLike[str] | tuple[str | None, bytes | IO[bytes]]
| tuple[str | None, bytes | IO[bytes], str]`` (filename, content[, content type]).

Models
------
``BaseModel``: base of every generated model; ``extra="allow"``, ``populate_by_name=True``,
``defer_build=True``, ``protected_namespaces=()``, ``arbitrary_types_allowed=True``. Fields whose
Python name differs from the wire name use ``Field(alias="wire name")`` (``from_`` <-> ``from``;
a property named ``model_config`` becomes ``model_config_``). Responses are parsed leniently:
data that does not validate (a new enum value, a changed type) keeps its raw value instead of
raising, extra fields are kept. In requests an unset model field is not sent; a field set to
``None`` is sent as ``null``.

Describing a request
--------------------
``Endpoint(method, path, base_url=None, auth=True, deprecated=None)``: ``path`` is a template
relative to the base URL (``"/external_connections/{id}/uploads"``); ``base_url`` is the spec's
per-path/operation server, used only when the user did not choose a base URL (argument or
``TELNYX_BASE_URL``); ``auth=False`` sends no Authorization header; ``deprecated`` is a message
emitted as a ``DeprecationWarning`` pointing at the user's call.

``QueryParam(name, value, style="form", explode=True)``: ``name`` is the wire name
(``"page[number]"``, ``"filter[status]"``); ``NOT_GIVEN`` and ``None`` are omitted; styles are
``form``, ``deepObject``, ``spaceDelimited``, ``pipeDelimited``. bools are ``true``/``false``,
dates ISO 8601, enums their value; lists: form+explode repeats the key (``ids=a&ids=b``), form
without explode joins with ``,``, the delimited styles with `` `` and ``|``; a dict or model value
is sent deepObject-style whatever its style (``filter[x][contains]=v``, nested, lists inside it
as repeated keys). ``RequestOptions.extra_query`` entries are appended with their keys as given.

Bodies: ``JsonBody(data)`` (a mapping, ``NOT_GIVEN`` values dropped, or any JSON-able value),
``MultipartBody(fields, files)`` (fields: ``NOT_GIVEN``/``None`` dropped, scalars as text, lists
repeated, dicts and models JSON-encoded; files: bytes, file objects (name from ``.name``), paths
(filename and content type from the path) or tuples; a list repeats the part),
``FormBody(fields)`` (``application/x-www-form-urlencoded``, nested dicts as ``a[b]=c``),
``RawBody(content, content_type)``. ``RequestOptions.extra_body`` is merged into JSON (object),
form and multipart fields.

``RequestOptions(extra_headers=None, extra_query=None, extra_body=None, timeout=NOT_GIVEN,
max_retries=NOT_GIVEN)``: per-call options. Generated methods take them as keyword arguments,
typed ``**options: Unpack[CallOptions]`` (a ``TypedDict`` of the same five keys), and pass
``options=RequestOptions(**options)``. An ``extra_headers`` value of ``NOT_GIVEN`` removes
that header.

Resources
---------
``SyncAPIResource(client)`` / ``AsyncAPIResource(client)`` store ``self._client``. Generated
methods call::

    self._request(endpoint, *, path_params=None, query=(), headers=None, body=None,
                  cast_to=None, kind="json", options=RequestOptions()) -> Any

``async def`` on ``AsyncAPIResource``. Path parameters must be non-empty (else ``ValueError``),
bools are lowercase, each is percent-encoded as one path segment. Header parameters:
``NOT_GIVEN``/``None`` dropped. ``kind``: ``"json"`` -> ``cast_to`` parsed from the body (None
for 204 or an empty body; ``cast_to=None`` gives the decoded JSON); ``"text"`` -> ``str``;
``"binary"`` -> ``BinaryResponse`` / ``AsyncBinaryResponse`` (unread until ``.read()``,
``.text()``, ``.iter_bytes(chunk_size)``, ``.write_to_file(path)``; ``.content_type``,
``.close()``, context manager); ``"sse"`` -> ``Stream`` / ``AsyncStream`` of events (data
JSON-decoded and parsed as ``cast_to``; ends at ``data: [DONE]``); ``"empty"`` -> None. A 2xx
response of the wrong content type raises ``APIResponseValidationError``.

List operations call::

    self._request_page(page_cls, endpoint, *, path_params=None, query=(), headers=None,
                       cast_to, item_type, pagination, options=RequestOptions()) -> page_cls

``page_cls`` is ``PageNumberPage``/``CursorPage`` (sync) or ``AsyncPageNumberPage``/
``AsyncCursorPage`` (async; ``_request_page`` is a plain ``def`` there too and returns the page
unloaded: ``await page`` loads and returns it, ``async for item in page`` iterates all items).
The page class must match ``PaginationSpec.kind``.

``resource.with_raw_response.<method>(...)`` returns ``APIResponse`` (``AsyncAPIResponse``,
awaited) instead: ``status_code``, ``headers``, ``http_response``, ``parse()``, ``read()``,
``text()``, ``json()`` (coroutines on the async one). ``resource.with_raw_response.<child>``
gives the child resource's raw proxy. Child resources must be attributes of their parent (plain,
``functools.cached_property`` or property) holding a resource bound to the same client.

Pagination
----------
``PaginationSpec(kind, items_field="data", page_param="page[number]", size_param="page[size]",
total_pages_path=("meta", "total_pages"), next_cursor_path=(), has_more_path=())``.
``page_number``: the next page is the requested number (default 1) + 1 while it is below
``total_pages``; without ``total_pages`` it stops at an empty page or one shorter than the
requested size. ``cursor``: ``page_param`` takes the cursor found at ``next_cursor_path``; it
stops when that is missing or empty, or when ``has_more_path`` gives ``false``. Bracketed
names (``page[number]``, ``page[size]``) also reach inside an object parameter: with a single
deepObject ``QueryParam("page", {"size": 20})`` the runtime reads and sets ``number`` inside it,
so give ``page_param="page[number]"`` there, not ``"page"``. Pages give
``.data`` (this page's items, parsed as ``item_type``), ``.response`` (the body parsed as
``cast_to``), ``.meta`` (``response.meta`` or None), ``.has_next_page()``,
``.get_next_page()``, ``.iter_pages()``, and iterating a page yields the items of all pages.

Clients
-------
``SyncAPIClient(*, api_key=None, base_url=None, default_base_url, timeout=NOT_GIVEN,
max_retries=2, default_headers=None, http_client=None, user_agent, public_key=None)`` and
``AsyncAPIClient`` (same, ``httpx.AsyncClient``). ``api_key`` falls back to ``TELNYX_API_KEY``
(neither: ``TelnyxError``), ``base_url`` to ``TELNYX_BASE_URL`` then ``default_base_url``,
``public_key`` to ``TELNYX_PUBLIC_KEY``; the default timeout is 60 s (connect 5 s).
``with_options(**changes)`` (alias ``copy``) returns a copy sharing the HTTP client; it takes
``api_key``, ``base_url``, ``timeout``, ``max_retries``, ``default_headers`` (added to the
current ones), ``http_client``, ``public_key``. ``close()`` (``await close()``/``aclose()`` on
the async client) closes only an HTTP client the client created; both are context managers.
The API key never appears in ``repr``, exception messages or logs; ``TELNYX_LOG=debug`` turns on
debug logging on the ``telnyx`` logger.

Retries: 408, 409, 429, 5xx and connection errors/timeouts, ``max_retries`` times (client option,
or per call), waiting 0.5 s * 2**retry (at most 8 s, minus up to 25 % jitter) or what
``retry-after-ms`` / ``Retry-After`` (seconds or HTTP date) ask when within (0, 60] s; an
``x-should-retry: true|false`` response header overrides. Tests replace the client's ``_sleep``.

Errors
------
``TelnyxError`` > ``APIError`` (``message``, ``request``, ``body``) > ``APIStatusError``
(``status_code``, ``response``, ``errors: list[ErrorObject]`` from the ``{"errors": [...]}``
body, ``request_id`` from ``x-request-id``) > ``BadRequestError`` (400),
``AuthenticationError`` (401), ``PermissionDeniedError`` (403), ``NotFoundError`` (404),
``ConflictError`` (409), ``UnprocessableEntityError`` (422), ``RateLimitError`` (429),
``InternalServerError`` (>= 500). ``APIConnectionError`` > ``APITimeoutError``;
``APIResponseValidationError`` (``response``, ``status_code``); ``WebhookVerificationError``.

Webhooks
--------
``class Webhooks(WebhooksResource): _event_type = UnwrapWebhookEvent`` (the union of event
models). ``unwrap(payload, headers, *, key=None, tolerance=300)`` verifies the Ed25519 signature
(``telnyx-signature-ed25519`` over ``f"{telnyx-timestamp}|{payload}"``, timestamp within
``tolerance`` seconds) with ``key`` or the client's ``public_key``, then parses the event;
``unsafe_unwrap(payload)`` only parses; ``verify_signature(...)`` only verifies.
"""

from ._client import DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, AsyncAPIClient, SyncAPIClient
from ._errors import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    ErrorObject,
    ErrorSource,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    TelnyxError,
    UnprocessableEntityError,
    WebhookVerificationError,
)
from ._models import BaseModel
from ._pagination import (
    AsyncCursorPage,
    AsyncPageNumberPage,
    CursorPage,
    PageNumberPage,
    PaginationSpec,
)
from ._request import (
    CallOptions,
    Endpoint,
    FormBody,
    JsonBody,
    MultipartBody,
    QueryParam,
    RawBody,
    RequestOptions,
)
from ._resource import AsyncAPIResource, SyncAPIResource, WebSocketRequest
from ._response import (
    APIResponse,
    AsyncAPIResponse,
    AsyncBinaryResponse,
    AsyncStream,
    BinaryResponse,
    ServerSentEvent,
    Stream,
)
from ._types import NOT_GIVEN, Body, FileInput, Headers, NotGiven, Query, RawContent, Timeout
from ._webhooks import WebhooksResource

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "NOT_GIVEN",
    "APIConnectionError",
    "APIError",
    "APIResponse",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncAPIClient",
    "AsyncAPIResource",
    "AsyncAPIResponse",
    "AsyncBinaryResponse",
    "AsyncCursorPage",
    "AsyncPageNumberPage",
    "AsyncStream",
    "AuthenticationError",
    "BadRequestError",
    "BaseModel",
    "BinaryResponse",
    "Body",
    "CallOptions",
    "ConflictError",
    "CursorPage",
    "Endpoint",
    "ErrorObject",
    "ErrorSource",
    "FileInput",
    "FormBody",
    "Headers",
    "InternalServerError",
    "JsonBody",
    "MultipartBody",
    "NotFoundError",
    "NotGiven",
    "PageNumberPage",
    "PaginationSpec",
    "PermissionDeniedError",
    "Query",
    "QueryParam",
    "RateLimitError",
    "RawBody",
    "RawContent",
    "RequestOptions",
    "ServerSentEvent",
    "Stream",
    "SyncAPIClient",
    "SyncAPIResource",
    "TelnyxError",
    "Timeout",
    "UnprocessableEntityError",
    "WebSocketRequest",
    "WebhookVerificationError",
    "WebhooksResource",
]
