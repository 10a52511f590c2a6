"""Secrets: the API key stays out of reprs, exception messages, debug logs and generated files;
webhook verification rejects everything that is not a fresh payload signed by Telnyx."""

from __future__ import annotations

import base64
import json
import logging
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator.config import Config
from generator.pipeline import generate

from .conftest import SPECS, Generated

SECRET = "KEY01928374650A1B2C3D4E5F_s3cr3t-value"


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("TELNYX_API_KEY", "TELNYX_BASE_URL", "TELNYX_PUBLIC_KEY", "TELNYX_LOG"):
        monkeypatch.delenv(name, raising=False)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Answers:
    """A MockTransport handler answering from a list (the last answer repeats)."""

    def __init__(self, *responses: httpx.Response) -> None:
        self.responses = list(responses)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.responses.pop(0) if len(self.responses) > 1 else self.responses[0]


def sync_client(pkg: Generated, answers: Answers, **options: Any) -> Any:
    mod: Any = pkg.import_()
    client = mod.Telnyx(api_key=SECRET, http_client=httpx.Client(transport=httpx.MockTransport(answers)), **options)
    client._sleep = lambda _seconds: None
    return client


def _all_text(exc: BaseException) -> str:
    """Everything an exception shows: str, repr, args, and the same for its causes."""
    parts = []
    while exc is not None:
        parts += [str(exc), repr(exc), repr(exc.args)]
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    return "\n".join(parts)


# --------------------------------------------------------------------------------------
# repr and exceptions
# --------------------------------------------------------------------------------------


def test_the_key_is_not_in_the_repr_of_clients(edge_package: Generated, monkeypatch: pytest.MonkeyPatch) -> None:
    mod: Any = edge_package.import_()
    clients = [mod.Telnyx(api_key=SECRET), mod.AsyncTelnyx(api_key=SECRET)]
    monkeypatch.setenv("TELNYX_API_KEY", SECRET)
    clients += [mod.Telnyx(), mod.Telnyx(api_key="other").with_options(api_key=SECRET)]
    for client in clients:
        assert client.api_key == SECRET
        for text in (repr(client), str(client), repr(client.widgets), repr(client.with_options(max_retries=0))):
            assert SECRET not in text


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422, 429, 500, 503])
def test_the_key_is_not_in_status_errors_even_when_the_server_echoes_it(edge_package: Generated, status: int) -> None:
    mod: Any = edge_package.import_()
    echoed = {"errors": [{"code": "10009", "title": f"Bad credentials Bearer {SECRET}", "detail": f"token {SECRET} is not valid"}]}
    client = sync_client(edge_package, Answers(httpx.Response(status, json=echoed)), max_retries=1)
    with pytest.raises(mod.APIStatusError) as info:
        client.widgets.retrieve("w1")
    assert info.value.status_code == status
    assert SECRET not in _all_text(info.value)
    assert "[redacted]" in str(info.value)
    assert info.value.body == echoed, "the raw body stays available, as the server sent it"


def test_the_key_is_not_in_connection_errors(edge_package: Generated) -> None:
    mod: Any = edge_package.import_()
    client = mod.Telnyx(api_key=SECRET, base_url=f"http://127.0.0.1:{_closed_port()}", max_retries=0)
    with pytest.raises(mod.APIConnectionError) as info:
        client.widgets.retrieve("w1")
    assert SECRET not in _all_text(info.value)


def test_the_key_is_not_in_timeouts_or_validation_errors(edge_package: Generated) -> None:
    mod: Any = edge_package.import_()

    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    client = mod.Telnyx(api_key=SECRET, http_client=httpx.Client(transport=httpx.MockTransport(slow)), max_retries=0)
    with pytest.raises(mod.APITimeoutError) as timeout:
        client.widgets.retrieve("w1")
    client = sync_client(edge_package, Answers(httpx.Response(200, text=f"<html>{SECRET}</html>", headers={"content-type": "text/html"})))
    with pytest.raises(mod.APIResponseValidationError) as invalid:
        client.widgets.retrieve("w1")
    for exc in (timeout.value, invalid.value):
        assert SECRET not in str(exc) and SECRET not in repr(exc)


def test_the_key_is_only_in_the_authorization_header(edge_package: Generated) -> None:
    answers = Answers(httpx.Response(200, json={"data": {"id": "w1", "name": "n"}}))
    sync_client(edge_package, answers).widgets.retrieve("w1", extra_query={"q": "1"})
    (request,) = answers.requests
    assert request.headers["authorization"] == f"Bearer {SECRET}"
    assert SECRET not in str(request.url)
    assert [name for name, value in request.headers.items() if SECRET in value] == ["authorization"]


# --------------------------------------------------------------------------------------
# Debug logs
# --------------------------------------------------------------------------------------


@pytest.fixture
def debug_logging(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """TELNYX_LOG=debug, and the 'telnyx' logger put back as it was afterwards."""
    logger = logging.getLogger("telnyx")
    handlers, level = list(logger.handlers), logger.level
    logger.handlers.clear()
    monkeypatch.setenv("TELNYX_LOG", "debug")
    yield
    logger.handlers[:] = handlers
    logger.setLevel(level)


def test_debug_logs_never_show_the_key(
    edge_package: Generated, debug_logging: None, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger, httpx and httpcore included
    mod: Any = edge_package.import_()
    answers = Answers(
        httpx.Response(503),
        httpx.Response(200, json={"data": {"id": "w1", "name": "n", "color": "ultraviolet"}}),
        httpx.Response(401, json={"errors": [{"title": f"bad key {SECRET}"}]}),
    )
    client = sync_client(edge_package, answers)
    client.widgets.retrieve("w1")  # a retry, then a lenient parse
    with pytest.raises(mod.AuthenticationError):
        client.widgets.retrieve("w2")
    client.close()

    messages = [record.getMessage() for record in caplog.records]
    assert any("HTTP request" in m for m in messages) and any("Retrying" in m for m in messages)
    assert any("did not match" in m for m in messages), "the lenient parse is logged too"
    stderr = capsys.readouterr().err
    assert "HTTP request: GET" in stderr, "TELNYX_LOG=debug writes to stderr"
    for text in [*messages, stderr, *(repr(r.args) for r in caplog.records)]:
        assert SECRET not in text


# --------------------------------------------------------------------------------------
# Generated files
# --------------------------------------------------------------------------------------


def test_generated_files_never_contain_a_key_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELNYX_API_KEY", SECRET)
    out = tmp_path / "out"
    generate(str(SPECS / "edge-cases.yaml"), out, Config(package="edge_cases"))
    files = [p for p in out.rglob("*") if p.is_file()]
    assert len(files) > 50 and any(p.suffix == ".md" for p in files)
    leaking = [str(p.relative_to(out)) for p in files if SECRET.encode() in p.read_bytes()]
    assert leaking == []
    curl = "\n".join(p.read_text() for p in out.glob("docs/*curl*.md"))
    assert "Bearer $TELNYX_API_KEY" in curl, "docs refer to the variable, never to a value"


# --------------------------------------------------------------------------------------
# Webhooks
# --------------------------------------------------------------------------------------

EVENT = json.dumps(
    {"data": {"event_type": "call.fork.started", "id": "e1", "occurred_at": "2026-01-01T00:00:00Z", "payload": {}}}
)


class Signer:
    def __init__(self) -> None:
        signing = pytest.importorskip("nacl.signing")
        self.key = signing.SigningKey.generate()
        self.public = base64.b64encode(bytes(self.key.verify_key)).decode()

    def headers(self, payload: str | bytes, timestamp: int | str | None = None) -> dict[str, str]:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        body = payload.encode() if isinstance(payload, str) else payload
        signature = self.key.sign(ts.encode() + b"|" + body).signature
        return {"telnyx-signature-ed25519": base64.b64encode(signature).decode(), "telnyx-timestamp": ts}


@pytest.fixture(params=["sync", "async"])
def webhooks(request: pytest.FixtureRequest, edge_package: Generated) -> tuple[Any, Any, Signer]:
    mod: Any = edge_package.import_()
    signer = Signer()
    cls = mod.Telnyx if request.param == "sync" else mod.AsyncTelnyx
    return mod, cls(api_key=SECRET, public_key=signer.public).webhooks, signer


def test_a_fresh_signed_payload_is_accepted(webhooks: tuple[Any, Any, Signer]) -> None:
    _, hooks, signer = webhooks
    event = hooks.unwrap(EVENT, signer.headers(EVENT))
    assert event.data.event_type == "call.fork.started" and type(event).__name__ != "dict"
    assert hooks.unwrap(EVENT.encode(), signer.headers(EVENT)).data.id == "e1"  # bytes too
    capitalised = {k.title(): v for k, v in signer.headers(EVENT).items()}
    assert hooks.unwrap(EVENT, capitalised).data.id == "e1"  # header names in any case
    just_inside = int(time.time()) - 290
    assert hooks.unwrap(EVENT, signer.headers(EVENT, just_inside)).data.id == "e1"


def _rejected(mod: Any, hooks: Any, payload: str, headers: dict[str, str], message: str) -> None:
    with pytest.raises(mod.WebhookVerificationError) as info:
        hooks.unwrap(payload, headers)
    assert message in str(info.value)


def test_a_tampered_payload_is_rejected(webhooks: tuple[Any, Any, Signer]) -> None:
    mod, hooks, signer = webhooks
    headers = signer.headers(EVENT)
    _rejected(mod, hooks, EVENT.replace("e1", "e2"), headers, "Invalid webhook signature")
    _rejected(mod, hooks, EVENT + " ", headers, "Invalid webhook signature")


def test_a_signature_cannot_be_moved_to_another_timestamp(webhooks: tuple[Any, Any, Signer]) -> None:
    mod, hooks, signer = webhooks
    old = signer.headers(EVENT, int(time.time()) - 3600)
    replayed = {**old, "telnyx-timestamp": str(int(time.time()))}
    _rejected(mod, hooks, EVENT, replayed, "Invalid webhook signature")


def test_a_stale_payload_is_rejected(webhooks: tuple[Any, Any, Signer]) -> None:
    mod, hooks, signer = webhooks
    _rejected(mod, hooks, EVENT, signer.headers(EVENT, int(time.time()) - 301), "too old")
    _rejected(mod, hooks, EVENT, signer.headers(EVENT, 0), "too old")


def test_a_future_dated_payload_is_rejected(webhooks: tuple[Any, Any, Signer]) -> None:
    mod, hooks, signer = webhooks
    _rejected(mod, hooks, EVENT, signer.headers(EVENT, int(time.time()) + 301), "in the future")


def test_missing_or_malformed_headers_are_rejected(webhooks: tuple[Any, Any, Signer]) -> None:
    mod, hooks, signer = webhooks
    headers = signer.headers(EVENT)
    for missing in ("telnyx-signature-ed25519", "telnyx-timestamp"):
        _rejected(mod, hooks, EVENT, {k: v for k, v in headers.items() if k != missing}, "Missing")
    _rejected(mod, hooks, EVENT, {}, "Missing")
    _rejected(mod, hooks, EVENT, {**headers, "telnyx-signature-ed25519": ""}, "Missing")
    _rejected(mod, hooks, EVENT, {**headers, "telnyx-timestamp": "yesterday"}, "Invalid telnyx-timestamp")
    _rejected(mod, hooks, EVENT, {**headers, "telnyx-signature-ed25519": "not base64!"}, "Invalid base64")
    short = base64.b64encode(b"too short").decode()
    _rejected(mod, hooks, EVENT, {**headers, "telnyx-signature-ed25519": short}, "Invalid webhook signature")


def test_a_payload_signed_by_another_key_is_rejected(webhooks: tuple[Any, Any, Signer]) -> None:
    mod, hooks, _ = webhooks
    impostor = Signer()
    _rejected(mod, hooks, EVENT, impostor.headers(EVENT), "Invalid webhook signature")


def test_the_public_key_must_be_given_and_valid(edge_package: Generated) -> None:
    mod: Any = edge_package.import_()
    signer = Signer()
    hooks = mod.Telnyx(api_key=SECRET).webhooks
    with pytest.raises(mod.TelnyxError, match="public key"):
        hooks.unwrap(EVENT, signer.headers(EVENT))
    with pytest.raises(mod.WebhookVerificationError, match="32 bytes"):
        hooks.unwrap(EVENT, signer.headers(EVENT), key=base64.b64encode(b"short").decode())
    assert hooks.unwrap(EVENT, signer.headers(EVENT), key=signer.public).data.id == "e1"
