"""What operations return: parsed bodies, raw responses, binary downloads and SSE streams."""

import json
import os
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Generic, Self, TypeVar

import httpx

from ._errors import APIResponseValidationError
from ._models import parse

__all__ = [
    "STREAMED_KINDS",
    "APIResponse",
    "AsyncAPIResponse",
    "AsyncBinaryResponse",
    "AsyncStream",
    "BinaryResponse",
    "ServerSentEvent",
    "Stream",
    "error_body",
    "is_event_stream",
    "json_body",
    "parse_body",
    "unexpected_content",
]

R = TypeVar("R")
T = TypeVar("T")

STREAMED_KINDS = frozenset({"binary", "sse"})
"""Response kinds whose body is handed to the caller unread."""


def error_body(response: httpx.Response) -> object | None:
    """The decoded body of a read response: JSON if it is JSON, else its text, else None."""
    if not response.content:
        return None
    try:
        data: object = json.loads(response.content)
    except ValueError:
        return response.text
    return data


def unexpected_content(response: httpx.Response, expected: str) -> APIResponseValidationError:
    """The error for a read successful response whose content type is not ``expected``."""
    content_type = response.headers.get("content-type", "")
    return APIResponseValidationError(
        response,
        error_body(response),
        message=f"Expected {expected} but got content-type {content_type!r}",
    )


def is_event_stream(response: httpx.Response) -> bool:
    return "text/event-stream" in response.headers.get("content-type", "").lower()


def json_body(response: httpx.Response) -> object:
    """The JSON content of a read successful response; None when it has no body."""
    if response.status_code == 204 or not response.content:
        return None
    content_type = response.headers.get("content-type", "")
    if content_type and "json" not in content_type.lower():
        raise unexpected_content(response, "a JSON response")
    try:
        return json.loads(response.content)
    except ValueError:
        raise APIResponseValidationError(
            response, response.text, message="The response body is not valid JSON"
        ) from None


def parse_body(response: httpx.Response, kind: str, cast_to: Any) -> Any:
    """The value of a read response for the non-streamed kinds ``json``, ``text``, ``empty``."""
    if kind == "json":
        return parse(cast_to, json_body(response))
    if kind == "text":
        return response.text
    if kind == "empty":
        return None
    raise ValueError(f"Unknown response kind {kind!r}")


class _ParsedOnce(Generic[R]):
    def __init__(
        self, http_response: httpx.Response, parser: Callable[[httpx.Response], R]
    ) -> None:
        self.http_response = http_response
        self._parser = parser
        self._parsed: list[R] = []

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    def _parse(self) -> R:
        if not self._parsed:
            self._parsed.append(self._parser(self.http_response))
        return self._parsed[0]

    def __repr__(self) -> str:
        return f"<{type(self).__name__} [{self.status_code}] {self.http_response.request.method} {self.http_response.url}>"


class APIResponse(_ParsedOnce[R]):
    """The raw HTTP response of an operation, returned by ``with_raw_response`` methods."""

    def parse(self) -> R:
        """What the operation would have returned (computed once)."""
        return self._parse()

    def read(self) -> bytes:
        return self.http_response.read()

    def text(self) -> str:
        self.read()
        return self.http_response.text

    def json(self) -> Any:
        return json.loads(self.read())

    def close(self) -> None:
        self.http_response.close()


class AsyncAPIResponse(_ParsedOnce[R]):
    """The raw HTTP response of an async operation, returned by ``with_raw_response`` methods."""

    async def parse(self) -> R:
        """What the operation would have returned (computed once)."""
        return self._parse()

    async def read(self) -> bytes:
        return await self.http_response.aread()

    async def text(self) -> str:
        await self.read()
        return self.http_response.text

    async def json(self) -> Any:
        return json.loads(await self.read())

    async def close(self) -> None:
        await self.http_response.aclose()


class BinaryResponse:
    """A binary download; its body is read only when asked for. Close it, or use ``with``."""

    def __init__(self, response: httpx.Response) -> None:
        self.response = response

    @property
    def content_type(self) -> str | None:
        content_type: str | None = self.response.headers.get("content-type")
        return content_type

    def read(self) -> bytes:
        return self.response.read()

    def text(self) -> str:
        self.read()
        return self.response.text

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        return self.response.iter_bytes(chunk_size)

    def write_to_file(self, path: str | os.PathLike[str]) -> None:
        with open(path, "wb") as file:
            for chunk in self.response.iter_bytes():
                file.write(chunk)

    def close(self) -> None:
        self.response.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncBinaryResponse:
    """A binary download of the async client; its body is read only when asked for."""

    def __init__(self, response: httpx.Response) -> None:
        self.response = response

    @property
    def content_type(self) -> str | None:
        content_type: str | None = self.response.headers.get("content-type")
        return content_type

    async def read(self) -> bytes:
        return await self.response.aread()

    async def text(self) -> str:
        await self.read()
        return self.response.text

    def iter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        return self.response.aiter_bytes(chunk_size)

    async def write_to_file(self, path: str | os.PathLike[str]) -> None:
        with open(path, "wb") as file:
            async for chunk in self.response.aiter_bytes():
                file.write(chunk)

    async def close(self) -> None:
        await self.response.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()


@dataclass(frozen=True, slots=True)
class ServerSentEvent:
    data: str
    event: str | None = None
    id: str | None = None
    retry: int | None = None

    def json(self) -> Any:
        return json.loads(self.data)


class _SSEDecoder:
    """Turns the lines of a ``text/event-stream`` into events, per the WHATWG rules."""

    def __init__(self) -> None:
        self._data: list[str] = []
        self._event: str | None = None
        self._retry: int | None = None
        self._last_id: str | None = None

    def feed(self, line: str) -> ServerSentEvent | None:
        """Take one line; returns an event when a blank line completes one."""
        if not line:
            if not self._data:
                self._event = None
                return None
            event = ServerSentEvent("\n".join(self._data), self._event, self._last_id, self._retry)
            self._data, self._event, self._retry = [], None, None
            return event
        if line.startswith(":"):
            return None
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._event = value
        elif name == "id" and "\0" not in value:
            self._last_id = value
        elif name == "retry" and value.isdigit():
            self._retry = int(value)
        return None


def _event_value(event: ServerSentEvent, cast_to: Any) -> Any:
    try:
        data: object = json.loads(event.data)
    except ValueError:
        data = event.data
    return parse(cast_to, data)


class Stream(Generic[T]):
    """Iterates the events of a server-sent event response, parsed; ends at ``data: [DONE]``."""

    def __init__(self, response: httpx.Response, *, cast_to: Any) -> None:
        self.response = response
        self._cast_to = cast_to
        self._iterator = self._events()

    def _events(self) -> Iterator[T]:
        decoder = _SSEDecoder()
        try:
            for line in self.response.iter_lines():
                event = decoder.feed(line)
                if event is None:
                    continue
                if event.data == "[DONE]":
                    break
                yield _event_value(event, self._cast_to)
        finally:
            self.response.close()

    def __iter__(self) -> Iterator[T]:
        return self._iterator

    def __next__(self) -> T:
        return next(self._iterator)

    def close(self) -> None:
        self.response.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncStream(Generic[T]):
    """Async iterates the events of a server-sent event response; ends at ``data: [DONE]``."""

    def __init__(self, response: httpx.Response, *, cast_to: Any) -> None:
        self.response = response
        self._cast_to = cast_to
        self._iterator = self._events()

    async def _events(self) -> AsyncIterator[T]:
        decoder = _SSEDecoder()
        try:
            async for line in self.response.aiter_lines():
                event = decoder.feed(line)
                if event is None:
                    continue
                if event.data == "[DONE]":
                    break
                yield _event_value(event, self._cast_to)
        finally:
            await self.response.aclose()

    def __aiter__(self) -> AsyncIterator[T]:
        return self._iterator

    async def __anext__(self) -> T:
        return await self._iterator.__anext__()

    async def close(self) -> None:
        await self.response.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()
