"""The generated client against a loopback server that misbehaves on purpose.

A real HTTP server on 127.0.0.1 (a thread, bounded: every response within a second, every
socket with a timeout) answers ``GET /widgets/<scenario>-<n>`` according to the scenario,
counting attempts per path. The edge-case package's ``widgets.retrieve`` drives it, through
the sync and the async client alike. ``_sleep`` is replaced to keep the suite fast; the delays
the client chose are recorded and checked (Retry-After honoured, backoff bounded).

Documented outcomes (generator/runtime/__init__.py): retryable statuses and connection
failures are retried ``max_retries`` times, then raise a typed error; error bodies, HTML pages
and malformed JSON are kept on the exception as ``.body``; unexpected data in a 200 is parsed
leniently (unknown enum values and extra fields kept).
"""

from __future__ import annotations

import contextlib
import email.utils
import http.server
import itertools
import json
import socket
import struct
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from .conftest import Generated

WIDGET = {"id": "w1", "name": "Sprocket", "color": "red", "record_type": "widget"}
HTML_PAGE = b"<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>"


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _FaultServer
    timeout = 5  # no connection may hang the server

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self._answer()

    def _answer(self) -> None:
        path = self.path.split("?")[0]
        attempt = self.server.count(path)
        self.server.seen.append((self.command, path, dict(self.headers.items())))
        scenario = path.rsplit("/", 1)[-1].rsplit("-", 1)[0]
        getattr(self, "scenario_" + scenario.replace("-", "_"), self.scenario_ok)(attempt)

    # -------------------------------------------------------------------- answers
    def send(self, status: int, body: bytes | dict[str, Any] | str, content_type: str = "application/json", **headers: str) -> None:
        data = json.dumps(body).encode() if isinstance(body, dict) else body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        with contextlib.suppress(OSError):
            self.wfile.write(data)

    def scenario_ok(self, attempt: int) -> None:
        self.send(200, {"data": WIDGET})

    def scenario_rate_limited(self, attempt: int) -> None:
        if attempt == 1:
            self.send(429, {"errors": [{"code": "10011", "title": "Too many requests"}]}, retry_after="2")
        else:
            self.scenario_ok(attempt)

    def scenario_rate_limited_until(self, attempt: int) -> None:
        if attempt == 1:
            when = email.utils.formatdate(time.time() + 30, usegmt=True)
            self.send(429, {"errors": []}, retry_after=when)
        else:
            self.scenario_ok(attempt)

    def scenario_rate_limited_ms(self, attempt: int) -> None:
        if attempt == 1:
            self.send(429, {"errors": []}, retry_after_ms="250", retry_after="7")
        else:
            self.scenario_ok(attempt)

    def scenario_rate_limited_for_an_hour(self, attempt: int) -> None:
        self.send(429, {"errors": [{"title": "Slow down"}]}, retry_after="3600")

    def scenario_unavailable_then_ok(self, attempt: int) -> None:
        if attempt == 1:
            self.send(503, "Service Unavailable", "text/plain")
        else:
            self.scenario_ok(attempt)

    def scenario_always_unavailable(self, attempt: int) -> None:
        self.send(503, {"errors": [{"code": "90000", "title": "Down for maintenance"}]})

    def scenario_unavailable_do_not_retry(self, attempt: int) -> None:
        self.send(503, {"errors": []}, x_should_retry="false")

    def scenario_reset_mid_body_then_ok(self, attempt: int) -> None:
        if attempt == 1:
            self.reset_mid_body()
        else:
            self.scenario_ok(attempt)

    def scenario_always_reset(self, attempt: int) -> None:
        self.reset_mid_body()

    def reset_mid_body(self) -> None:
        body = json.dumps({"data": WIDGET}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[: len(body) // 2])
        self.wfile.flush()
        # SO_LINGER 0: close() sends a TCP RST instead of a FIN
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()

    def scenario_slow(self, attempt: int) -> None:
        time.sleep(1.0)  # longer than the client's 0.25 s timeout
        self.scenario_ok(attempt)

    def scenario_slow_then_ok(self, attempt: int) -> None:
        if attempt == 1:
            time.sleep(1.0)
        self.scenario_ok(attempt)

    def scenario_malformed_json(self, attempt: int) -> None:
        self.send(200, '{"data": {"id": "w1", "name": ', "application/json")

    def scenario_html_error_page(self, attempt: int) -> None:
        self.send(502, HTML_PAGE, "text/html")

    def scenario_html_login_page(self, attempt: int) -> None:  # a captive portal or proxy: 200 + HTML
        self.send(200, b"<html><body>Please sign in to the Wi-Fi</body></html>", "text/html; charset=utf-8")

    def scenario_wrong_content_type(self, attempt: int) -> None:
        self.send(200, json.dumps({"data": WIDGET}), "text/plain")

    def scenario_json_error_body(self, attempt: int) -> None:
        self.send(404, {"errors": [{"code": "10005", "title": "Resource not found", "detail": "No widget w9"}]}, x_request_id="req-42")

    def scenario_unknown_enum_and_extra_fields(self, attempt: int) -> None:
        data = {**WIDGET, "color": "ultraviolet", "status": "hibernating", "sparkle": {"level": 11}}
        self.send(200, {"data": data, "meta": {"new": True}})

    def scenario_wrong_types(self, attempt: int) -> None:
        self.send(200, {"data": {**WIDGET, "size": "large", "tags": "not-a-list", "created_at": "yesterday"}})

    def scenario_redirect(self, attempt: int) -> None:
        self.send(307, b"", "text/plain", location="/widgets/ok-after-redirect")

    def scenario_redirect_elsewhere(self, attempt: int) -> None:
        # Same port, other host name: another origin, where the API key must not follow.
        port = self.server.server_address[1]
        self.send(302, b"", "text/plain", location=f"http://localhost:{port}/widgets/check_auth-1")

    def scenario_check_auth(self, attempt: int) -> None:
        if "Authorization" in self.headers:
            self.scenario_ok(attempt)
        else:
            self.send(401, {"errors": [{"code": "10009", "title": "Authentication failed"}]})

    def scenario_redirect_loop(self, attempt: int) -> None:
        self.send(302, b"", "text/plain", location=self.path)

    def scenario_bad_gzip(self, attempt: int) -> None:
        self.send(200, b"\x1f\x8b this is not gzip", "application/json", content_encoding="gzip")

    def scenario_empty_200(self, attempt: int) -> None:
        self.send(200, b"", "application/json")

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def finish(self) -> None:
        with contextlib.suppress(OSError):  # after a deliberate reset
            super().finish()


class _FaultServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.attempts: dict[str, int] = {}
        self.seen: list[tuple[str, str, dict[str, str]]] = []

    def count(self, path: str) -> int:
        with self.lock:
            self.attempts[path] = self.attempts.get(path, 0) + 1
            return self.attempts[path]

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # deliberate resets are not errors


@pytest.fixture(scope="module")
def server() -> Iterator[_FaultServer]:
    srv = _FaultServer()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield srv
    finally:
        srv.shutdown()
        srv.server_close()


_ids = itertools.count(1)


def scenario(name: str) -> str:
    """A fresh widget id for ``name``: attempts are counted per path."""
    return f"{name}-{next(_ids)}"


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("TELNYX_API_KEY", "TELNYX_BASE_URL", "TELNYX_PUBLIC_KEY", "TELNYX_LOG"):
        monkeypatch.delenv(name, raising=False)


class Client:
    """The sync or async client, called the same way; records the delays it chose."""

    def __init__(self, pkg: Generated, server: _FaultServer, mode: str, **options: Any) -> None:
        self.mod: Any = pkg.import_()
        self.server = server
        self.mode = mode
        self.delays: list[float] = []
        base_url = f"http://127.0.0.1:{server.server_address[1]}"
        # generous by default: a loaded CI machine must not turn a slow accept() into a timeout
        options = {"api_key": "sk-secret-123", "base_url": base_url, "timeout": httpx.Timeout(10.0), "max_retries": 2, **options}
        if mode == "sync":
            self.client = self.mod.Telnyx(**options)
            self.client._sleep = self.delays.append
        else:
            self.client = self.mod.AsyncTelnyx(**options)

            async def record(seconds: float) -> None:
                self.delays.append(seconds)

            self.client._sleep = record

    def retrieve(self, widget_id: str, **kwargs: Any) -> Any:
        if self.mode == "sync":
            return self.client.widgets.retrieve(widget_id, **kwargs)

        async def call() -> Any:
            try:
                return await self.client.widgets.retrieve(widget_id, **kwargs)
            finally:
                await self.client.close()

        import asyncio

        return asyncio.run(call())

    def attempts(self, widget_id: str) -> int:
        return self.server.attempts.get(f"/widgets/{widget_id}", 0)


@pytest.fixture(params=["sync", "async"])
def make_client(request: pytest.FixtureRequest, edge_package: Generated, server: _FaultServer) -> Any:
    def make(**options: Any) -> Client:
        return Client(edge_package, server, request.param, **options)

    return make


# --------------------------------------------------------------------------------------
# Retries
# --------------------------------------------------------------------------------------


def test_429_honours_retry_after_seconds(make_client: Any) -> None:
    c, wid = make_client(), scenario("rate_limited")
    assert c.retrieve(wid).data.id == "w1"
    assert c.attempts(wid) == 2
    assert c.delays == [2.0]


def test_429_honours_retry_after_as_an_http_date(make_client: Any) -> None:
    c, wid = make_client(), scenario("rate_limited_until")
    assert c.retrieve(wid).data.id == "w1"
    assert len(c.delays) == 1 and 27 <= c.delays[0] <= 30


def test_retry_after_ms_wins_over_retry_after(make_client: Any) -> None:
    c, wid = make_client(), scenario("rate_limited_ms")
    c.retrieve(wid)
    assert c.delays == [0.25]


def test_an_unreasonable_retry_after_is_ignored_and_the_loop_is_bounded(make_client: Any) -> None:
    c, wid = make_client(max_retries=3), scenario("rate_limited_for_an_hour")
    with pytest.raises(c.mod.RateLimitError) as info:
        c.retrieve(wid)
    assert c.attempts(wid) == 4  # the first try and three retries, never more
    assert len(c.delays) == 3
    assert all(d <= 8.0 for d in c.delays), "exponential backoff, not the hour the server asked for"
    assert [round(d / (0.5 * 2**i), 2) >= 0.75 for i, d in enumerate(c.delays)] == [True] * 3
    assert info.value.errors[0].title == "Slow down"


def test_503_then_success(make_client: Any) -> None:
    c, wid = make_client(), scenario("unavailable_then_ok")
    assert c.retrieve(wid).data.name == "Sprocket"
    assert c.attempts(wid) == 2
    assert len(c.delays) == 1 and 0.375 <= c.delays[0] <= 0.5


def test_503_forever_gives_up_with_the_error_body(make_client: Any) -> None:
    c, wid = make_client(), scenario("always_unavailable")
    with pytest.raises(c.mod.InternalServerError) as info:
        c.retrieve(wid)
    assert c.attempts(wid) == 3
    assert info.value.status_code == 503
    assert info.value.errors[0].title == "Down for maintenance"
    assert info.value.body == {"errors": [{"code": "90000", "title": "Down for maintenance"}]}


def test_x_should_retry_false_is_obeyed(make_client: Any) -> None:
    c, wid = make_client(), scenario("unavailable_do_not_retry")
    with pytest.raises(c.mod.InternalServerError):
        c.retrieve(wid)
    assert c.attempts(wid) == 1 and c.delays == []


def test_max_retries_per_call(make_client: Any) -> None:
    c, wid = make_client(), scenario("always_unavailable")
    with pytest.raises(c.mod.InternalServerError):
        c.retrieve(wid, max_retries=0)
    assert c.attempts(wid) == 1


# --------------------------------------------------------------------------------------
# Connections
# --------------------------------------------------------------------------------------


def test_connection_reset_mid_body_is_retried(make_client: Any) -> None:
    c, wid = make_client(), scenario("reset_mid_body_then_ok")
    assert c.retrieve(wid).data.id == "w1"
    assert c.attempts(wid) == 2


def test_connection_reset_every_time_is_a_connection_error(make_client: Any) -> None:
    c, wid = make_client(), scenario("always_reset")
    with pytest.raises(c.mod.APIConnectionError) as info:
        c.retrieve(wid)
    assert not isinstance(info.value, c.mod.APITimeoutError)
    assert c.attempts(wid) == 3
    assert isinstance(info.value.__cause__, httpx.TransportError)


SHORT_READ = httpx.Timeout(0.25, connect=10.0)
"""Reading times out after 0.25 s; connecting may take long on a loaded machine."""


def test_a_response_slower_than_the_timeout(make_client: Any) -> None:
    c, wid = make_client(max_retries=1, timeout=SHORT_READ), scenario("slow")
    started = time.monotonic()
    with pytest.raises(c.mod.APITimeoutError) as info:
        c.retrieve(wid)
    assert time.monotonic() - started < 2.0, "two attempts of 0.25 s, not the server's second each"
    assert c.attempts(wid) == 2
    assert str(info.value) == "Request timed out."


def test_a_slow_first_attempt_then_success(make_client: Any) -> None:
    c, wid = make_client(timeout=SHORT_READ), scenario("slow_then_ok")
    assert c.retrieve(wid).data.id == "w1"
    assert len(c.delays) == 1


def test_nothing_listening(make_client: Any) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    c = make_client(base_url=f"http://127.0.0.1:{port}", max_retries=1)
    with pytest.raises(c.mod.APIConnectionError):
        c.retrieve("w1")
    assert len(c.delays) == 1


# --------------------------------------------------------------------------------------
# Bodies that are not what the operation returns
# --------------------------------------------------------------------------------------


def test_malformed_json_is_a_typed_error_with_the_raw_body(make_client: Any) -> None:
    c, wid = make_client(), scenario("malformed_json")
    with pytest.raises(c.mod.APIResponseValidationError) as info:
        c.retrieve(wid)
    assert info.value.status_code == 200
    assert info.value.body == '{"data": {"id": "w1", "name": '
    assert c.attempts(wid) == 1


def test_an_html_error_page_is_kept_as_text(make_client: Any) -> None:
    c, wid = make_client(), scenario("html_error_page")
    with pytest.raises(c.mod.InternalServerError) as info:
        c.retrieve(wid)
    assert info.value.status_code == 502 and c.attempts(wid) == 3
    assert info.value.body == HTML_PAGE.decode()
    assert info.value.errors == []
    assert str(info.value) == "Error code: 502 Bad Gateway"


def test_a_200_html_page_is_not_parsed_as_data(make_client: Any) -> None:
    c, wid = make_client(), scenario("html_login_page")
    with pytest.raises(c.mod.APIResponseValidationError) as info:
        c.retrieve(wid)
    assert "text/html" in str(info.value)
    assert info.value.body == "<html><body>Please sign in to the Wi-Fi</body></html>"


def test_a_wrong_content_type_is_a_typed_error(make_client: Any) -> None:
    c, wid = make_client(), scenario("wrong_content_type")
    with pytest.raises(c.mod.APIResponseValidationError) as info:
        c.retrieve(wid)
    assert "text/plain" in str(info.value)
    assert info.value.body == {"data": WIDGET}  # the raw body, decoded where it is JSON


def test_a_json_error_body_is_parsed(make_client: Any) -> None:
    c, wid = make_client(), scenario("json_error_body")
    with pytest.raises(c.mod.NotFoundError) as info:
        c.retrieve(wid)
    assert info.value.request_id == "req-42"
    assert info.value.errors[0].code == "10005" and info.value.errors[0].detail == "No widget w9"
    assert str(info.value) == "Error code: 404 Not Found: Resource not found - No widget w9"


def test_an_unknown_enum_value_and_extra_fields_are_kept(make_client: Any) -> None:
    c, wid = make_client(), scenario("unknown_enum_and_extra_fields")
    widget = c.retrieve(wid)
    assert type(widget.data).__name__ == "Widget"
    assert widget.data.color == "ultraviolet" and widget.data.status == "hibernating"
    assert widget.data.model_extra["sparkle"] == {"level": 11}
    assert widget.model_extra["meta"] == {"new": True}


def test_fields_of_the_wrong_type_keep_their_raw_values(make_client: Any) -> None:
    c, wid = make_client(), scenario("wrong_types")
    widget = c.retrieve(wid).data
    assert (widget.size, widget.tags, widget.created_at) == ("large", "not-a-list", "yesterday")
    assert widget.id == "w1" and widget.color == "red" and type(widget).__name__ == "Widget"


def test_an_empty_200_gives_none(make_client: Any) -> None:
    c, wid = make_client(), scenario("empty_200")
    assert c.retrieve(wid) is None


def test_an_undecodable_body_is_a_connection_error_not_a_raw_httpx_one(make_client: Any) -> None:
    c, wid = make_client(), scenario("bad_gzip")
    with pytest.raises(c.mod.APIConnectionError) as info:
        c.retrieve(wid)
    assert isinstance(info.value.__cause__, httpx.DecodingError)


# --------------------------------------------------------------------------------------
# Redirects
# --------------------------------------------------------------------------------------


def test_a_redirect_is_followed(make_client: Any, server: _FaultServer) -> None:
    c, wid = make_client(), scenario("redirect")
    assert c.retrieve(wid).data.id == "w1"
    followed = [headers for _, path, headers in server.seen if path == "/widgets/ok-after-redirect"]
    assert followed and followed[-1]["Authorization"] == "Bearer sk-secret-123"


def test_a_redirect_to_another_host_does_not_carry_the_api_key(make_client: Any, server: _FaultServer) -> None:
    c, wid = make_client(), scenario("redirect_elsewhere")
    with pytest.raises(c.mod.AuthenticationError):
        c.retrieve(wid)
    elsewhere = [headers for _, path, headers in server.seen if path == "/widgets/check_auth-1"]
    assert elsewhere and all("Authorization" not in h and "sk-secret-123" not in str(h) for h in elsewhere)


def test_a_redirect_loop_is_a_typed_error(make_client: Any) -> None:
    c, wid = make_client(), scenario("redirect_loop")
    with pytest.raises(c.mod.APIConnectionError) as info:
        c.retrieve(wid)
    assert isinstance(info.value.__cause__, httpx.TooManyRedirects)
    assert c.attempts(wid) <= 21  # httpx stops after 20 redirects; nothing retries it
