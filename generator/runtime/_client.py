"""The HTTP core: configuration, request building, sending with retries, error mapping."""

import copy as _copy
import logging
import os
import random
import time
from collections.abc import Mapping, Sequence
from types import TracebackType
from typing import Generic, Self, TypeVar
from urllib.parse import quote, urlencode

import httpx

from ._errors import APIConnectionError, APITimeoutError, TelnyxError, make_status_error
from ._request import (
    NO_OPTIONS,
    Endpoint,
    QueryParam,
    RequestBody,
    RequestOptions,
    encode_body,
    encode_headers,
    encode_query,
    expand_path,
)
from ._response import STREAMED_KINDS, error_body, is_event_stream, unexpected_content
from ._types import NOT_GIVEN, NotGiven, Timeout

__all__ = ["DEFAULT_MAX_RETRIES", "DEFAULT_TIMEOUT", "AsyncAPIClient", "SyncAPIClient"]

logger = logging.getLogger("telnyx")

DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=5.0)
DEFAULT_MAX_RETRIES = 2
_INITIAL_RETRY_DELAY = 0.5
_MAX_RETRY_DELAY = 8.0
_MAX_RETRY_AFTER = 60.0
_ACCEPT = {"sse": "text/event-stream", "binary": "*/*", "text": "*/*"}

HttpClientT = TypeVar("HttpClientT", httpx.Client, httpx.AsyncClient)


def _configure_logging() -> None:
    if os.environ.get("TELNYX_LOG", "").lower() == "debug" and not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("[%(asctime)s %(name)s %(levelname)s] %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)


def _should_retry(response: httpx.Response) -> bool:
    should_retry: str = response.headers.get("x-should-retry", "").lower()
    if should_retry in ("true", "false"):
        return should_retry == "true"
    return response.status_code in (408, 409, 429) or response.status_code >= 500


def _float(text: str | None) -> float | None:
    try:
        return None if text is None else float(text)
    except ValueError:
        return None


def _retry_after(headers: httpx.Headers) -> float | None:
    """The wait the server asked for, in seconds, if it is a sensible one."""
    if (milliseconds := _float(headers.get("retry-after-ms"))) is not None:
        seconds = milliseconds / 1000
    elif (value := _float(headers.get("retry-after"))) is not None:
        seconds = value
    elif "retry-after" in headers:
        from email.utils import parsedate_to_datetime

        try:
            seconds = parsedate_to_datetime(headers["retry-after"]).timestamp() - time.time()
        except (TypeError, ValueError):
            return None
    else:
        return None
    return seconds if 0 < seconds <= _MAX_RETRY_AFTER else None


def _connection_error(request: httpx.Request, exc: httpx.TransportError) -> APIConnectionError:
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(request)
    return APIConnectionError(request)


def _request_error(request: httpx.Request, exc: httpx.RequestError) -> APIConnectionError:
    """A failure retrying would not fix: too many redirects, a body that cannot be decoded."""
    return APIConnectionError(request, message=f"Request failed: {exc}")


def _read_now(response: httpx.Response, kind: str) -> bool:
    """Whether ``_send`` reads the body (inside its retry loop): all but a good stream or download."""
    good_stream = kind in STREAMED_KINDS and (kind != "sse" or is_event_stream(response))
    return not (response.is_success and good_stream)


class _BaseClient(Generic[HttpClientT]):
    """Everything about a client that does not depend on sync or async I/O."""

    api_key: str
    base_url: httpx.URL
    timeout: Timeout
    max_retries: int
    public_key: str | None

    def __init__(
        self,
        *,
        api_key: str | None,
        base_url: str | httpx.URL | None,
        default_base_url: str,
        timeout: Timeout | NotGiven,
        max_retries: int,
        default_headers: Mapping[str, str] | None,
        http_client: HttpClientT | None,
        user_agent: str,
        public_key: str | None,
    ) -> None:
        _configure_logging()
        api_key = api_key or os.environ.get("TELNYX_API_KEY")
        if not api_key:
            raise TelnyxError(
                "The api_key client option must be set either by passing api_key to the client "
                "or by setting the TELNYX_API_KEY environment variable"
            )
        self.api_key = api_key
        base_url = base_url or os.environ.get("TELNYX_BASE_URL")
        self._base_url_overridden = bool(base_url)
        self.base_url = httpx.URL(str(base_url or default_base_url))
        self.timeout = DEFAULT_TIMEOUT if isinstance(timeout, NotGiven) else timeout
        self.max_retries = max_retries
        self.public_key = public_key or os.environ.get("TELNYX_PUBLIC_KEY")
        self._user_agent = user_agent
        self._default_headers = dict(default_headers or {})
        self._owns_http = http_client is None
        self._http: HttpClientT = http_client if http_client is not None else self._new_http()

    def _new_http(self) -> HttpClientT:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__name__} base_url={str(self.base_url)!r}>"

    def with_options(
        self,
        *,
        api_key: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        default_headers: Mapping[str, str] | None = None,
        http_client: HttpClientT | None = None,
        public_key: str | None = None,
    ) -> Self:
        """A copy of this client with some options changed; it shares the HTTP connection pool
        unless ``http_client`` is given. ``default_headers`` are added to the current ones."""
        new = _copy.copy(self)
        new._owns_http = False
        if api_key is not None:
            new.api_key = api_key
        if base_url is not None:
            new.base_url = httpx.URL(str(base_url))
            new._base_url_overridden = True
        if not isinstance(timeout, NotGiven):
            new.timeout = timeout
        if not isinstance(max_retries, NotGiven):
            new.max_retries = max_retries
        if default_headers is not None:
            new._default_headers = {**self._default_headers, **default_headers}
        if http_client is not None:
            new._http = http_client
        if public_key is not None:
            new.public_key = public_key
        _rebind(new, self, new)
        return new

    copy = with_options

    def _build_request(
        self,
        endpoint: Endpoint,
        *,
        path_params: Mapping[str, object] | None,
        query: Sequence[QueryParam],
        headers: Mapping[str, object] | None,
        body: RequestBody | None,
        kind: str,
        options: RequestOptions,
    ) -> httpx.Request:
        base_url = str(self.base_url)
        if endpoint.base_url and not self._base_url_overridden:
            base_url = endpoint.base_url
        url = base_url.rstrip("/") + expand_path(endpoint.path, path_params)
        pairs = encode_query(query, options.extra_query)
        if pairs:
            # encoded here, so that httpx parses the URL once
            url += "?" + urlencode(pairs, quote_via=quote, safe="[]")
        encoded = encode_body(body, options.extra_body)

        # header names are case-insensitive: later entries replace earlier ones by lower-case key
        merged: dict[str, tuple[str, str]] = {}
        defaults: list[tuple[str, str]] = [("Accept", _ACCEPT.get(kind, "application/json")), ("User-Agent", self._user_agent)]
        if endpoint.auth:
            defaults.append(("Authorization", f"Bearer {self.api_key}"))
        if encoded.content_type is not None:
            defaults.append(("Content-Type", encoded.content_type))
        for name, value in (*defaults, *self._default_headers.items(), *encode_headers(headers).items()):
            merged[name.lower()] = (name, value)
        for name, extra in (options.extra_headers or {}).items():
            if isinstance(extra, NotGiven):
                merged.pop(name.lower(), None)
            else:
                merged[name.lower()] = (name, extra)

        return self._http.build_request(
            endpoint.method,
            url,
            headers=dict(merged.values()),
            content=encoded.content,
            files=encoded.files,
            timeout=self.timeout if isinstance(options.timeout, NotGiven) else options.timeout,
        )

    def _max_retries(self, options: RequestOptions) -> int:
        return (
            self.max_retries if isinstance(options.max_retries, NotGiven) else options.max_retries
        )

    def _retry_delay(
        self,
        request: httpx.Request,
        retries_taken: int,
        max_retries: int,
        response: httpx.Response | None,
    ) -> float | None:
        """Seconds to wait before retrying, or None when the request must not be retried."""
        if retries_taken >= max_retries or (response is not None and not _should_retry(response)):
            return None
        delay = None if response is None else _retry_after(response.headers)
        if delay is None:
            delay = min(_INITIAL_RETRY_DELAY * 2**retries_taken, _MAX_RETRY_DELAY)
            delay *= 1 - 0.25 * random.random()
        logger.debug("Retrying %s %s in %.2f seconds", request.method, request.url, delay)
        return delay

    def _log_attempt(self, request: httpx.Request, retries_taken: int, max_retries: int) -> None:
        logger.debug(
            "HTTP request: %s %s (attempt %d of %d)",
            request.method,
            request.url,
            retries_taken + 1,
            max_retries + 1,
        )


def _rebind(obj: object, old_client: object, new_client: object) -> None:
    """Point the resources cached on a copied client (recursively) at the copy."""
    attributes = vars(obj)
    for name, value in list(attributes.items()):
        if getattr(value, "_client", None) is old_client:
            clone = _copy.copy(value)
            clone._client = new_client
            attributes[name] = clone
            _rebind(clone, old_client, new_client)


class SyncAPIClient(_BaseClient[httpx.Client]):
    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | httpx.URL | None = None,
        default_base_url: str,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx.Client | None = None,
        user_agent: str,
        public_key: str | None = None,
    ) -> None:
        super().__init__(
            api_key=api_key,
            base_url=base_url,
            default_base_url=default_base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            http_client=http_client,
            user_agent=user_agent,
            public_key=public_key,
        )

    def _new_http(self) -> httpx.Client:
        return httpx.Client(follow_redirects=True)

    def _sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    def _send(
        self,
        endpoint: Endpoint,
        *,
        path_params: Mapping[str, object] | None = None,
        query: Sequence[QueryParam] = (),
        headers: Mapping[str, object] | None = None,
        body: RequestBody | None = None,
        kind: str = "json",
        options: RequestOptions = NO_OPTIONS,
    ) -> httpx.Response:
        """Send with retries; returns a 2xx response, read unless ``kind`` is streamed."""
        request = self._build_request(
            endpoint,
            path_params=path_params,
            query=query,
            headers=headers,
            body=body,
            kind=kind,
            options=options,
        )
        max_retries = self._max_retries(options)
        retries_taken = 0
        while True:
            self._log_attempt(request, retries_taken, max_retries)
            try:
                # streamed kinds are read by their caller; everything else in send(), which
                # raises a connection lost mid-body here, inside the retry loop
                response = self._http.send(request, stream=kind in STREAMED_KINDS)
                if _read_now(response, kind):
                    response.read()  # a connection lost mid-body is a connection error too
            except httpx.TransportError as exc:
                delay = self._retry_delay(request, retries_taken, max_retries, None)
                if delay is None:
                    raise _connection_error(request, exc) from exc
            except httpx.RequestError as exc:
                raise _request_error(request, exc) from exc
            else:
                logger.debug(
                    "HTTP response: %s %s -> %d", request.method, request.url, response.status_code
                )
                if response.is_success:
                    if kind == "sse" and not is_event_stream(response):
                        raise unexpected_content(response, "an event stream")
                    return response
                delay = self._retry_delay(request, retries_taken, max_retries, response)
                if delay is None:
                    raise make_status_error(response, error_body(response))
            self._sleep(delay)
            retries_taken += 1

    def close(self) -> None:
        """Close the HTTP client, if this client created it."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncAPIClient(_BaseClient[httpx.AsyncClient]):
    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | httpx.URL | None = None,
        default_base_url: str,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx.AsyncClient | None = None,
        user_agent: str,
        public_key: str | None = None,
    ) -> None:
        super().__init__(
            api_key=api_key,
            base_url=base_url,
            default_base_url=default_base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            http_client=http_client,
            user_agent=user_agent,
            public_key=public_key,
        )

    def _new_http(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(follow_redirects=True)

    async def _sleep(self, seconds: float) -> None:
        import asyncio

        await asyncio.sleep(seconds)

    async def _send(
        self,
        endpoint: Endpoint,
        *,
        path_params: Mapping[str, object] | None = None,
        query: Sequence[QueryParam] = (),
        headers: Mapping[str, object] | None = None,
        body: RequestBody | None = None,
        kind: str = "json",
        options: RequestOptions = NO_OPTIONS,
    ) -> httpx.Response:
        """Send with retries; returns a 2xx response, read unless ``kind`` is streamed."""
        request = self._build_request(
            endpoint,
            path_params=path_params,
            query=query,
            headers=headers,
            body=body,
            kind=kind,
            options=options,
        )
        max_retries = self._max_retries(options)
        retries_taken = 0
        while True:
            self._log_attempt(request, retries_taken, max_retries)
            try:
                response = await self._http.send(request, stream=kind in STREAMED_KINDS)
                if _read_now(response, kind):
                    await response.aread()  # a connection lost mid-body is a connection error too
            except httpx.TransportError as exc:
                delay = self._retry_delay(request, retries_taken, max_retries, None)
                if delay is None:
                    raise _connection_error(request, exc) from exc
            except httpx.RequestError as exc:
                raise _request_error(request, exc) from exc
            else:
                logger.debug(
                    "HTTP response: %s %s -> %d", request.method, request.url, response.status_code
                )
                if response.is_success:
                    if kind == "sse" and not is_event_stream(response):
                        raise unexpected_content(response, "an event stream")
                    return response
                delay = self._retry_delay(request, retries_taken, max_retries, response)
                if delay is None:
                    raise make_status_error(response, error_body(response))
            await self._sleep(delay)
            retries_taken += 1

    async def close(self) -> None:
        """Close the HTTP client, if this client created it."""
        if self._owns_http:
            await self._http.aclose()

    aclose = close

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()
