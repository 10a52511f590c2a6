"""Bases of the generated resource classes: request helpers and ``with_raw_response``."""

import copy
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

import httpx

from ._client import AsyncAPIClient, SyncAPIClient
from ._pagination import AsyncPage, PageData, PaginationSpec, SyncPage, page_data
from ._request import NO_OPTIONS, Endpoint, QueryParam, RequestBody, RequestOptions
from ._response import (
    APIResponse,
    AsyncAPIResponse,
    AsyncBinaryResponse,
    AsyncStream,
    BinaryResponse,
    Stream,
    parse_body,
)

__all__ = ["AsyncAPIResource", "SyncAPIResource", "WebSocketRequest"]

SyncPageT = TypeVar("SyncPageT", bound=SyncPage[Any, Any])
AsyncPageT = TypeVar("AsyncPageT", bound=AsyncPage[Any, Any])


def _warn_if_deprecated(endpoint: Endpoint) -> None:
    if endpoint.deprecated:
        # 1: here, 2: _request*, 3: the generated method, 4: the user's call
        warnings.warn(endpoint.deprecated, DeprecationWarning, stacklevel=4)


def _parser(kind: str, cast_to: Any, *, is_async: bool) -> Callable[[httpx.Response], Any]:
    if kind == "binary":
        return AsyncBinaryResponse if is_async else BinaryResponse
    if kind == "sse":
        if is_async:
            return lambda response: AsyncStream[Any](response, cast_to=cast_to)
        return lambda response: Stream[Any](response, cast_to=cast_to)
    return lambda response: parse_body(response, kind, cast_to)


@dataclass(frozen=True, slots=True)
class WebSocketRequest:
    """What a WebSocket library needs to open a streaming connection the API offers over
    WebSocket: the ``ws(s)://`` URL (query included) and the headers (with Authorization).

        request = client.speech_to_text.connect_transcription(...)
        async with websockets.connect(request.url, additional_headers=request.headers) as ws: ...
    """

    url: str
    headers: dict[str, str] = field(repr=False)
    """Kept out of ``repr``: it carries the API key."""


class _Resource:
    _raw = False
    """True on the copies made by ``with_raw_response``: requests return the raw response."""

    def _websocket(
        self,
        endpoint: Endpoint,
        *,
        path_params: Mapping[str, object] | None = None,
        query: Sequence[QueryParam] = (),
        headers: Mapping[str, object] | None = None,
        options: RequestOptions = NO_OPTIONS,
    ) -> WebSocketRequest:
        """The URL and headers of a WebSocket handshake; nothing is sent."""
        _warn_if_deprecated(endpoint)
        # both subclasses set _client, with different types
        client: SyncAPIClient | AsyncAPIClient = getattr(self, "_client")  # noqa: B009
        request = client._build_request(
            endpoint,
            path_params=path_params,
            query=query,
            headers=headers,
            body=None,
            kind="json",
            options=options,
        )
        scheme = {"http": "ws", "https": "wss"}.get(request.url.scheme, request.url.scheme)
        return WebSocketRequest(str(request.url.copy_with(scheme=scheme)), dict(request.headers))

    @property
    def with_raw_response(self) -> "RawResponseProxy":
        """The same methods, returning ``APIResponse`` (``AsyncAPIResponse``) objects that give
        the status, the headers and the body, and ``.parse()`` for the usual return value."""
        return RawResponseProxy(self)


class RawResponseProxy:
    def __init__(self, resource: _Resource) -> None:
        raw = copy.copy(resource)
        raw._raw = True
        self._resource = raw

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._resource, name)
        return value.with_raw_response if isinstance(value, _Resource) else value


class SyncAPIResource(_Resource):
    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    def _request(
        self,
        endpoint: Endpoint,
        *,
        path_params: Mapping[str, object] | None = None,
        query: Sequence[QueryParam] = (),
        headers: Mapping[str, object] | None = None,
        body: RequestBody | None = None,
        cast_to: Any = None,
        kind: str = "json",
        options: RequestOptions = NO_OPTIONS,
    ) -> Any:
        _warn_if_deprecated(endpoint)
        response = self._client._send(
            endpoint,
            path_params=path_params,
            query=query,
            headers=headers,
            body=body,
            kind=kind,
            options=options,
        )
        result = APIResponse[Any](response, _parser(kind, cast_to, is_async=False))
        return result if self._raw else result.parse()

    def _request_page(
        self,
        page_cls: type[SyncPageT],
        endpoint: Endpoint,
        *,
        path_params: Mapping[str, object] | None = None,
        query: Sequence[QueryParam] = (),
        headers: Mapping[str, object] | None = None,
        cast_to: Any,
        item_type: Any,
        pagination: PaginationSpec,
        options: RequestOptions = NO_OPTIONS,
    ) -> SyncPageT:
        _warn_if_deprecated(endpoint)

        def send(page_query: tuple[QueryParam, ...]) -> httpx.Response:
            return self._client._send(
                endpoint,
                path_params=path_params,
                query=page_query,
                headers=headers,
                options=options,
            )

        def fetch(page_query: tuple[QueryParam, ...]) -> PageData:
            return page_data(send(page_query), cast_to, item_type, pagination)

        first_query = tuple(query)

        def first_page(response: httpx.Response) -> SyncPageT:
            state = page_data(response, cast_to, item_type, pagination)
            return page_cls(spec=pagination, query=first_query, state=state, fetch=fetch)

        result = APIResponse(send(first_query), first_page)
        # with_raw_response callers get the APIResponse; the proxy is typed Any for them.
        return cast(SyncPageT, result) if self._raw else result.parse()


class AsyncAPIResource(_Resource):
    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    async def _request(
        self,
        endpoint: Endpoint,
        *,
        path_params: Mapping[str, object] | None = None,
        query: Sequence[QueryParam] = (),
        headers: Mapping[str, object] | None = None,
        body: RequestBody | None = None,
        cast_to: Any = None,
        kind: str = "json",
        options: RequestOptions = NO_OPTIONS,
    ) -> Any:
        _warn_if_deprecated(endpoint)
        response = await self._client._send(
            endpoint,
            path_params=path_params,
            query=query,
            headers=headers,
            body=body,
            kind=kind,
            options=options,
        )
        result = AsyncAPIResponse[Any](response, _parser(kind, cast_to, is_async=True))
        return result if self._raw else await result.parse()

    def _request_page(
        self,
        page_cls: type[AsyncPageT],
        endpoint: Endpoint,
        *,
        path_params: Mapping[str, object] | None = None,
        query: Sequence[QueryParam] = (),
        headers: Mapping[str, object] | None = None,
        cast_to: Any,
        item_type: Any,
        pagination: PaginationSpec,
        options: RequestOptions = NO_OPTIONS,
    ) -> AsyncPageT:
        """The page object, unloaded: awaiting it loads the first page, iterating it loads all."""
        _warn_if_deprecated(endpoint)

        async def send(page_query: tuple[QueryParam, ...]) -> httpx.Response:
            return await self._client._send(
                endpoint,
                path_params=path_params,
                query=page_query,
                headers=headers,
                options=options,
            )

        async def fetch(page_query: tuple[QueryParam, ...]) -> PageData:
            return page_data(await send(page_query), cast_to, item_type, pagination)

        first_query = tuple(query)
        if not self._raw:
            return page_cls(spec=pagination, query=first_query, fetch=fetch)

        async def raw_first_page() -> AsyncAPIResponse[AsyncPageT]:
            def first_page(response: httpx.Response) -> AsyncPageT:
                state = page_data(response, cast_to, item_type, pagination)
                return page_cls(spec=pagination, query=first_query, fetch=fetch, state=state)

            return AsyncAPIResponse(await send(first_query), first_page)

        # with_raw_response callers await this to get the AsyncAPIResponse (the proxy is Any).
        return cast(AsyncPageT, raw_first_page())
