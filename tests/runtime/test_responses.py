"""Response kinds: JSON, text, empty, binary downloads, SSE streams and raw responses."""

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from generator.runtime import (
    APIResponse,
    APIResponseValidationError,
    AsyncAPIResponse,
    BinaryResponse,
    Endpoint,
    PageNumberPage,
    ServerSentEvent,
    Stream,
    SyncAPIResource,
)
from generator.runtime._response import _SSEDecoder

from .fakeapi import Chunk, PhoneNumber, Recorder, json_response, make_async_client, make_client

MP3 = bytes(range(256)) * 40


def binary_response(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=MP3, headers={"content-type": "audio/mpeg"})


SSE_BODY = (
    b": keep-alive comment\n\n"
    b'data: {"text": "Hel"}\n\n'
    b"event: delta\nid: 7\nretry: 1000\n"
    b'data: {"text":\ndata: "lo"}\n\n'
    b'data: {"text": "!", "extra": 1}\r\n\r\n'
    b"data: [DONE]\n\n"
    b'data: {"text": "after done"}\n\n'
)


def sse_response(request: httpx.Request) -> httpx.Response:
    return httpx.Response(
        200, content=SSE_BODY, headers={"content-type": "text/event-stream; charset=utf-8"}
    )


def test_binary_read_text_and_context_manager() -> None:
    client, _ = make_client(Recorder(binary_response))
    with client.numbers.download("rec.mp3") as download:
        assert isinstance(download, BinaryResponse)
        assert download.content_type == "audio/mpeg"
        assert download.read() == MP3
    assert download.response.is_closed


def test_binary_iter_bytes_and_write_to_file(tmp_path: Path) -> None:
    client, _ = make_client(Recorder(binary_response))
    chunks = list(client.numbers.download("a").iter_bytes(1000))
    assert b"".join(chunks) == MP3
    assert {len(c) for c in chunks[:-1]} == {1000}

    target = tmp_path / "out.mp3"
    client.numbers.download("a").write_to_file(target)
    assert target.read_bytes() == MP3


class TrackedStream(httpx.SyncByteStream):
    def __init__(self) -> None:
        self.iterated = False

    def __iter__(self) -> Iterator[bytes]:
        self.iterated = True
        yield MP3


def test_binary_body_is_streamed_not_read_before_asked() -> None:
    body = TrackedStream()
    client, _ = make_client(Recorder(lambda request: httpx.Response(200, stream=body)))
    download = client.numbers.download("a")
    assert not body.iterated
    assert download.read() == MP3
    assert body.iterated


def test_sse_events_are_parsed_until_done() -> None:
    client, _ = make_client(Recorder(sse_response))
    stream = client.numbers.stream()
    assert isinstance(stream, Stream)
    chunks = list(stream)
    assert chunks == [Chunk(text="Hel"), Chunk(text="lo"), Chunk(text="!", extra=1)]
    assert stream.response.is_closed


def test_sse_without_event_stream_content_type_is_a_validation_error() -> None:
    client, _ = make_client(Recorder(json_response(200, {"text": "hi"})))
    with pytest.raises(APIResponseValidationError, match="event stream") as caught:
        client.numbers.stream()
    assert caught.value.body == {"text": "hi"}


def test_sse_decoder_event_fields() -> None:
    client, _ = make_client(Recorder(sse_response))
    events = list(SyncAPIResource(client)._request(Endpoint("GET", "/events"), kind="sse"))
    assert events == [{"text": "Hel"}, {"text": "lo"}, {"text": "!", "extra": 1}]

    decoder = _SSEDecoder()
    lines = SSE_BODY.decode().replace("\r\n", "\n").split("\n")
    decoded = [event for line in lines if (event := decoder.feed(line)) is not None]
    assert decoded[1] == ServerSentEvent('{"text":\n"lo"}', event="delta", id="7", retry=1000)
    assert decoded[2].event is None and decoded[2].id == "7"  # the last id is kept
    assert decoded[1].json() == {"text": "lo"}


@pytest.mark.parametrize(
    ("kind", "response", "expected"),
    [
        (
            "text",
            httpx.Response(200, text="<Response/>", headers={"content-type": "application/xml"}),
            "<Response/>",
        ),
        ("empty", httpx.Response(200, json={"ignored": True}), None),
        ("json", httpx.Response(204), None),
        ("json", httpx.Response(200, content=b""), None),
        ("json", httpx.Response(200, json=[1, 2]), [1, 2]),
    ],
)
def test_other_kinds(kind: str, response: httpx.Response, expected: object) -> None:
    client, _ = make_client(Recorder(response))
    assert SyncAPIResource(client)._request(Endpoint("GET", "/x"), kind=kind) == expected


def test_with_raw_response_gives_status_headers_and_parse() -> None:
    recorder = Recorder(json_response(200, {"id": "1", "status": "active"}, {"x-request-id": "r1"}))
    client, _ = make_client(recorder)
    raw = client.numbers.with_raw_response.retrieve("1")
    assert isinstance(raw, APIResponse)
    assert raw.status_code == 200
    assert raw.headers["x-request-id"] == "r1"
    assert raw.json() == {"id": "1", "status": "active"}
    assert raw.text().startswith("{")
    assert raw.http_response.request.url.path == "/v2/phone_numbers/1"
    parsed = raw.parse()
    assert isinstance(parsed, PhoneNumber) and parsed.status == "active"
    assert raw.parse() is parsed
    # the resource itself still returns parsed values
    assert isinstance(client.numbers.retrieve("1"), PhoneNumber)


def test_with_raw_response_reaches_child_resources_pages_and_downloads() -> None:
    recorder = Recorder(json_response(202, {"ok": True}))
    client, _ = make_client(recorder)
    raw = client.numbers.with_raw_response.uploads.create("conn 1", number_ids=["n1"])
    assert raw.status_code == 202
    assert raw.parse() == {"ok": True}
    assert recorder.request.url.raw_path == b"/v2/external_connections/conn%201/uploads"

    client, _ = make_client(
        Recorder(json_response(200, {"data": [{"id": "a"}], "meta": {"total_pages": 1}}))
    )
    raw_page = client.numbers.with_raw_response.list()
    assert isinstance(raw_page, APIResponse)
    page = raw_page.parse()
    assert isinstance(page, PageNumberPage) and [n.id for n in page] == ["a"]

    client, _ = make_client(Recorder(binary_response))
    raw_download = client.numbers.with_raw_response.download("a")
    assert raw_download.headers["content-type"] == "audio/mpeg"
    assert raw_download.read() == MP3


@pytest.mark.anyio
async def test_async_binary_sse_and_raw_response(tmp_path: Path) -> None:
    client, _ = make_async_client(Recorder(binary_response))
    async with await client.numbers.download("a") as download:
        assert await download.read() == MP3
    chunks = [c async for c in (await client.numbers.download("a")).iter_bytes(4096)]
    assert b"".join(chunks) == MP3
    await (await client.numbers.download("a")).write_to_file(tmp_path / "a.mp3")
    assert (tmp_path / "a.mp3").read_bytes() == MP3

    client, _ = make_async_client(Recorder(sse_response))
    assert [c.text async for c in await client.numbers.stream()] == ["Hel", "lo", "!"]

    client, _ = make_async_client(Recorder(json_response(200, {"id": "1"})))
    raw = await client.numbers.with_raw_response.retrieve("1")
    assert isinstance(raw, AsyncAPIResponse)
    assert raw.status_code == 200
    assert await raw.json() == {"id": "1"}
    assert (await raw.parse()).id == "1"

    client, _ = make_async_client(
        Recorder(json_response(200, {"data": [{"id": "a"}], "meta": {"total_pages": 1}}))
    )
    raw_page = await client.numbers.with_raw_response.list()
    assert [n.id for n in (await raw_page.parse()).data] == ["a"]
