"""The generated clients, executed over httpx.MockTransport: what goes on the wire for every
parameter style and body kind, and what comes back for every response kind."""

from __future__ import annotations

import base64
import json
import time
import warnings
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest

from .conftest import Generated


class Recorder:
    """A MockTransport handler that records requests and answers from a queue."""

    def __init__(self, *responses: httpx.Response) -> None:
        self.responses = list(responses)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        if len(self.responses) > 1:
            return self.responses.pop(0)
        return self.responses[0]

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]

    def query(self, i: int = -1) -> list[tuple[str, str]]:
        return parse_qsl(urlsplit(str(self.requests[i].url)).query, keep_blank_values=True)


def ok(body: Any, status: int = 200, **headers: str) -> httpx.Response:
    return httpx.Response(status, json=body, headers=headers)


def client(pkg: Generated, recorder: Recorder, **kw: Any) -> Any:
    mod: Any = pkg.import_()
    c = mod.Telnyx(api_key="sk-test", http_client=httpx.Client(transport=httpx.MockTransport(recorder)), **kw)
    c._sleep = lambda _s: None  # retries without waiting
    return c


def async_client(pkg: Generated, recorder: Recorder) -> Any:
    mod: Any = pkg.import_()
    return mod.AsyncTelnyx(api_key="sk-test", http_client=httpx.AsyncClient(transport=httpx.MockTransport(recorder)))


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("TELNYX_API_KEY", "TELNYX_BASE_URL", "TELNYX_PUBLIC_KEY", "TELNYX_LOG"):
        monkeypatch.delenv(name, raising=False)


PAGE_META = {"page_number": 1, "page_size": 1, "total_pages": 2, "total_results": 2}


# --------------------------------------------------------------------------- query, path, headers


def test_deep_object_filters_and_page_params_on_the_wire(sip_package: Generated) -> None:
    rec = Recorder(ok({"data": [], "meta": {**PAGE_META, "total_pages": 1}}))
    c = client(sip_package, rec)
    page = c.external_connections.list(filter_phone_number={"contains": "+1312"}, filter_id="123", page_number=2, page_size=10)
    assert page.data == []
    q = rec.query()
    assert ("filter[phone_number][contains]", "+1312") in q
    assert ("filter[id]", "123") in q
    assert ("page[number]", "2") in q and ("page[size]", "10") in q
    assert rec.last.url.path == "/v2/external_connections"
    assert rec.last.headers["authorization"] == "Bearer sk-test"


def test_form_arrays_headers_and_keyword_params(edge_package: Generated) -> None:
    rec = Recorder(ok({"data": [], "meta": {"page_number": 1, "page_size": 20, "total_pages": 1, "total_results": 0}}))
    c = client(edge_package, rec)
    c.widgets.list(tag=["a", "b"], ids=["x", "y"], filter_name={"contains": "w"}, x_request_source="tests")
    q = rec.query()
    assert [v for k, v in q if k == "tag"] == ["a", "b"]
    assert ("ids", "x,y") in q
    assert ("filter[name][contains]", "w") in q
    assert rec.last.headers["x-request-source"] == "tests"


def test_path_params_are_encoded_and_checked(sip_package: Generated) -> None:
    rec = Recorder(ok({"data": {"id": "1"}}))
    c = client(sip_package, rec)
    c.external_connections.uploads.retrieve("a/b", "t 1")
    assert rec.last.url.raw_path == b"/v2/external_connections/a%2Fb/uploads/t%201"
    with pytest.raises(ValueError, match="non-empty"):
        c.external_connections.retrieve("")


def test_unknown_keyword_is_a_type_error(sip_package: Generated) -> None:
    c = client(sip_package, Recorder(ok({})))
    with pytest.raises(TypeError):
        c.external_connections.retrieve("1", not_a_param=True)


# --------------------------------------------------------------------------- bodies


def test_json_body_sends_only_given_fields_and_null_for_none(edge_package: Generated) -> None:
    rec = Recorder(ok({"data": {"id": "w1", "name": "n", "color": "red"}}, 201))
    c = client(edge_package, rec)
    c.widgets.create(name="n", color="red", description=None, idempotency_key="key-1")
    assert json.loads(rec.last.content) == {"name": "n", "color": "red", "description": None}
    assert rec.last.headers["idempotency-key"] == "key-1"
    assert rec.last.headers["content-type"] == "application/json"


def test_json_or_multipart_chosen_by_whether_a_file_is_given(sip_package: Generated) -> None:
    rec = Recorder(ok({"data": {"media_name": "m"}}, 201))
    c = client(sip_package, rec)
    c.media.create(media_url="https://example.com/a.mp3")
    assert rec.last.headers["content-type"] == "application/json"
    assert json.loads(rec.last.content) == {"media_url": "https://example.com/a.mp3"}
    c.media.create(media=("hello.txt", b"hello", "text/plain"), media_name="greeting")
    ctype = rec.last.headers["content-type"]
    assert ctype.startswith("multipart/form-data; boundary=")
    body = rec.last.content
    assert b'name="media"; filename="hello.txt"' in body and b"hello" in body and b'name="media_name"' in body


def test_form_and_octet_stream_bodies(edge_package: Generated, tmp_path: Any) -> None:
    rec = Recorder(ok({"access_token": "t", "token_type": "bearer", "expires_in": 3600}))
    c = client(edge_package, rec)
    c.oauth.token(grant_type="client_credentials", client_id="id", client_secret="s")
    assert rec.last.headers["content-type"] == "application/x-www-form-urlencoded"
    assert dict(parse_qsl(rec.last.content.decode()))["grant_type"] == "client_credentials"
    assert "authorization" not in rec.last.headers  # security: []
    path = tmp_path / "blob.bin"
    path.write_bytes(b"\x00\x01binary")
    rec.responses = [httpx.Response(204)]
    assert c.storage.objects.update("k1", content=path) is None
    assert rec.last.content == b"\x00\x01binary"
    assert rec.last.headers["content-type"] == "application/octet-stream"


# --------------------------------------------------------------------------- responses


def test_binary_download_and_text(sip_package: Generated, tmp_path: Any) -> None:
    rec = Recorder(httpx.Response(200, content=b"RIFFdata", headers={"content-type": "application/octet-stream"}))
    c = client(sip_package, rec)
    resp = c.media.download("m1")
    target = tmp_path / "m1.bin"
    resp.write_to_file(target)
    assert target.read_bytes() == b"RIFFdata"


def test_sse_stream_yields_parsed_events(edge_package: Generated) -> None:
    events = 'data: {"delta": "Hel"}\n\ndata: {"delta": "lo"}\n\ndata: [DONE]\n\n'
    rec = Recorder(httpx.Response(200, content=events.encode(), headers={"content-type": "text/event-stream"}))
    c = client(edge_package, rec)
    chunks = list(c.ai.chat.stream(messages=[{"role": "user", "content": "hi"}], stream=True))
    assert len(chunks) == 2


def test_unknown_enum_and_extra_fields_do_not_crash(edge_package: Generated) -> None:
    rec = Recorder(ok({"data": {"id": "w1", "name": "n", "color": "ultraviolet", "brand_new": 1}}))
    widget = client(edge_package, rec).widgets.retrieve("w1")
    data = widget.data
    assert data.color == "ultraviolet"
    assert data.model_extra["brand_new"] == 1


def test_errors_map_to_typed_exceptions(sip_package: Generated) -> None:
    mod: Any = sip_package.import_()
    body = {"errors": [{"code": "10005", "title": "Resource not found", "detail": "No connection 9", "source": {"pointer": "/id"}}]}
    rec = Recorder(ok(body, 404, **{"x-request-id": "req-1"}))
    c = client(sip_package, rec)
    with pytest.raises(mod.NotFoundError) as info:
        c.external_connections.retrieve("9")
    err = info.value
    assert err.status_code == 404 and err.request_id == "req-1"
    assert err.errors[0].detail == "No connection 9" and err.errors[0].code == "10005"
    assert "sk-test" not in str(err) and "sk-test" not in repr(c)


def test_retries_then_gives_up(sip_package: Generated) -> None:
    mod: Any = sip_package.import_()
    rec = Recorder(httpx.Response(503), ok({"data": {"id": "1"}}))
    c = client(sip_package, rec)
    c.external_connections.retrieve("1")
    assert len(rec.requests) == 2
    rec = Recorder(httpx.Response(429, headers={"retry-after": "1"}))
    c = client(sip_package, rec)
    with pytest.raises(mod.RateLimitError):
        c.external_connections.retrieve("1", max_retries=3)
    assert len(rec.requests) == 4


def test_base_url_override_and_auth_rules(edge_package: Generated, monkeypatch: pytest.MonkeyPatch) -> None:
    rec = Recorder(ok({"status": "ok"}))
    c = client(edge_package, rec)
    c.well_known.retrieve_status()
    assert str(rec.last.url) == "https://api.telnyx.com/.well-known/status"
    assert "authorization" not in rec.last.headers
    monkeypatch.setenv("TELNYX_BASE_URL", "http://127.0.0.1:4010")
    c = client(edge_package, rec)
    c.whatsapp.list_phone_numbers()
    assert str(rec.last.url).startswith("http://127.0.0.1:4010/whatsapp/phone_numbers")


def test_deprecated_operation_warns(edge_package: Generated) -> None:
    rec = Recorder(ok({"id": "c1", "choices": []}))
    c = client(edge_package, rec)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        c.ai.chat.completions(messages=[{"role": "user", "content": "hi"}])
    assert any(issubclass(w.category, DeprecationWarning) for w in caught)


def test_api_key_required(sip_package: Generated) -> None:
    mod: Any = sip_package.import_()
    with pytest.raises(mod.TelnyxError, match="TELNYX_API_KEY"):
        mod.Telnyx()


# --------------------------------------------------------------------------- pagination


def _two_pages(request: httpx.Request) -> httpx.Response:
    number = int(dict(parse_qsl(request.url.query.decode())).get("page[number]", "1"))
    return ok({"data": [{"id": str(number)}], "meta": {**PAGE_META, "page_number": number}})


def test_pagination_sync_iterates_every_page(sip_package: Generated) -> None:
    mod: Any = sip_package.import_()
    c = mod.Telnyx(api_key="k", http_client=httpx.Client(transport=httpx.MockTransport(_two_pages)))
    first = c.external_connections.list(page_size=1)
    assert [x.id for x in first.data] == ["1"] and first.meta.total_pages == 2
    assert [x.id for x in c.external_connections.list(page_size=1)] == ["1", "2"]
    assert len(list(c.external_connections.list(page_size=1).iter_pages())) == 2


@pytest.mark.anyio
async def test_pagination_async(sip_package: Generated) -> None:
    mod: Any = sip_package.import_()
    c = mod.AsyncTelnyx(api_key="k", http_client=httpx.AsyncClient(transport=httpx.MockTransport(_two_pages)))
    ids = [x.id async for x in c.external_connections.list(page_size=1)]
    assert ids == ["1", "2"]
    first = await c.external_connections.list(page_size=1)
    assert [x.id for x in first.data] == ["1"]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


# --------------------------------------------------------------------------- webhooks


def test_webhook_unwrap_verifies_ed25519(edge_package: Generated) -> None:
    nacl = pytest.importorskip("nacl.signing")
    mod: Any = edge_package.import_()
    key = nacl.SigningKey.generate()
    public = base64.b64encode(bytes(key.verify_key)).decode()
    c = mod.Telnyx(api_key="k", public_key=public)
    payload = json.dumps({"data": {"event_type": "call.fork.started", "id": "e1", "occurred_at": "2026-01-01T00:00:00Z", "payload": {}}})
    ts = str(int(time.time()))
    sig = base64.b64encode(key.sign(f"{ts}|{payload}".encode()).signature).decode()
    event = c.webhooks.unwrap(payload, {"telnyx-signature-ed25519": sig, "telnyx-timestamp": ts})
    assert type(event).__name__ != "dict" and event.data.event_type == "call.fork.started"
    with pytest.raises(mod.WebhookVerificationError):
        c.webhooks.unwrap(payload.replace("e1", "e2"), {"telnyx-signature-ed25519": sig, "telnyx-timestamp": ts})
    stale = str(int(time.time()) - 3600)
    stale_sig = base64.b64encode(key.sign(f"{stale}|{payload}".encode()).signature).decode()
    with pytest.raises(mod.WebhookVerificationError):
        c.webhooks.unwrap(payload, {"telnyx-signature-ed25519": stale_sig, "telnyx-timestamp": stale})
    with pytest.raises(mod.WebhookVerificationError):
        c.webhooks.unwrap(payload, {"telnyx-timestamp": ts})


def test_raw_response_and_with_options(sip_package: Generated) -> None:
    rec = Recorder(ok({"data": {"id": "1", "record_type": "external_connection"}}, **{"x-request-id": "r-9"}))
    c = client(sip_package, rec)
    raw = c.external_connections.with_raw_response.retrieve("1")
    assert raw.status_code == 200 and raw.headers["x-request-id"] == "r-9"
    assert raw.parse().data.id == "1"
    quick = c.with_options(max_retries=0, timeout=3.0)
    rec.responses = [httpx.Response(503)]
    mod: Any = sip_package.import_()
    with pytest.raises(mod.InternalServerError):
        quick.external_connections.retrieve("1")
    assert len(rec.requests) == 2  # one raw call, one call without retries


@pytest.mark.anyio
async def test_async_client_errors_retries_and_sse(edge_package: Generated) -> None:
    mod: Any = edge_package.import_()
    rec = Recorder(httpx.Response(503), ok({"data": {"id": "w1", "name": "n", "color": "red"}}))
    c = async_client(edge_package, rec)

    async def no_sleep(_s: float) -> None:
        return None

    c._sleep = no_sleep
    widget = await c.widgets.retrieve("w1")
    assert widget.data.id == "w1" and len(rec.requests) == 2
    rec.responses = [ok({"errors": [{"code": "10015", "title": "Bad request", "detail": "name is invalid"}]}, 422)]
    with pytest.raises(mod.UnprocessableEntityError) as info:
        await c.widgets.create(name="", color="red")
    assert info.value.errors[0].detail == "name is invalid"
    events = 'data: {"delta": "a"}\n\ndata: [DONE]\n\n'
    rec.responses = [httpx.Response(200, content=events.encode(), headers={"content-type": "text/event-stream"})]
    stream = await c.ai.chat.stream(messages=[{"role": "user", "content": "hi"}], stream=True)
    assert [chunk async for chunk in stream] == [{"delta": "a"}]


def test_uploads_from_path_and_file_object(sip_package: Generated, tmp_path: Any) -> None:
    rec = Recorder(ok({"data": {"media_name": "m"}}, 201))
    c = client(sip_package, rec)
    path = tmp_path / "greeting.mp3"
    path.write_bytes(b"ID3audio")
    c.media.create(media=path)
    assert b'filename="greeting.mp3"' in rec.last.content and b"ID3audio" in rec.last.content
    with path.open("rb") as fh:
        c.media.create(media=fh)
    assert b'filename="greeting.mp3"' in rec.last.content
