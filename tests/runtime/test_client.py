"""Client configuration: API key, base URL, options copies, logging, deprecations, closing."""

import logging
import subprocess
import sys
import warnings
from pathlib import Path

import httpx
import pytest

from generator.runtime import Endpoint, SyncAPIResource, TelnyxError

from .fakeapi import (
    API_KEY,
    DEFAULT_BASE_URL,
    AsyncTelnyx,
    Recorder,
    Telnyx,
    json_response,
    make_async_client,
    make_client,
)


def ok(request: httpx.Request) -> httpx.Response:
    return json_response(200, {"id": "1"})


def test_api_key_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELNYX_API_KEY", "env-key")
    recorder = Recorder(ok)
    client = Telnyx(http_client=httpx.Client(transport=httpx.MockTransport(recorder)))
    client.numbers.retrieve("1")
    assert recorder.request.headers["authorization"] == "Bearer env-key"


def test_missing_api_key_is_an_error() -> None:
    with pytest.raises(TelnyxError, match="TELNYX_API_KEY environment variable"):
        Telnyx()
    with pytest.raises(TelnyxError):
        AsyncTelnyx()


def test_api_key_never_in_repr_or_debug_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    recorder = Recorder(json_response(503, {}), ok)
    client, _ = make_client(recorder)
    client.numbers.retrieve("1")
    assert API_KEY not in repr(client)
    assert "https://api.telnyx.com/v2" in repr(client)
    assert "attempt 2 of 3" in caplog.text
    assert "GET https://api.telnyx.com/v2/phone_numbers/1" in caplog.text
    assert API_KEY not in caplog.text


def test_telnyx_log_debug_turns_on_the_telnyx_logger() -> None:
    code = (
        "import httpx\n"
        "from tests.runtime.fakeapi import Telnyx, Recorder, json_response\n"
        "t = httpx.MockTransport(Recorder(json_response(200, {'id': '1'})))\n"
        "Telnyx(api_key='sk-hidden', http_client=httpx.Client(transport=t)).numbers.retrieve('1')\n"
    )
    env = {"TELNYX_LOG": "debug", "PATH": ""}
    root = Path(__file__).parents[2]
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=root, check=True
    )
    assert (
        "HTTP request: GET https://api.telnyx.com/v2/phone_numbers/1 (attempt 1 of 3)"
        in result.stderr
    )
    assert "HTTP response: GET https://api.telnyx.com/v2/phone_numbers/1 -> 200" in result.stderr
    assert "sk-hidden" not in result.stderr


def test_base_url_argument_environment_and_default(monkeypatch: pytest.MonkeyPatch) -> None:
    recorder = Recorder(ok)
    client, _ = make_client(recorder, base_url="http://localhost:4010/")
    client.numbers.retrieve("1")
    assert str(recorder.request.url) == "http://localhost:4010/phone_numbers/1"

    monkeypatch.setenv("TELNYX_BASE_URL", "http://mock:4010")
    client, _ = make_client(recorder)
    client.numbers.retrieve("1")
    assert str(recorder.request.url) == "http://mock:4010/phone_numbers/1"


def test_endpoint_base_url_is_used_only_when_the_user_did_not_choose_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    endpoint = Endpoint("GET", "/v2/ai/chat", base_url="https://api.telnyx.com")
    recorder = Recorder(ok)

    client, _ = make_client(recorder)
    SyncAPIResource(client)._request(endpoint)
    assert str(recorder.request.url) == "https://api.telnyx.com/v2/ai/chat"

    client, _ = make_client(recorder, base_url="http://localhost:4010")
    SyncAPIResource(client)._request(endpoint)
    assert str(recorder.request.url) == "http://localhost:4010/v2/ai/chat"

    SyncAPIResource(make_client(recorder)[0].with_options(base_url="http://other"))._request(
        endpoint
    )
    assert str(recorder.request.url) == "http://other/v2/ai/chat"

    monkeypatch.setenv("TELNYX_BASE_URL", "http://env")
    SyncAPIResource(make_client(recorder)[0])._request(endpoint)
    assert str(recorder.request.url) == "http://env/v2/ai/chat"


def test_with_options_copies_and_shares_the_http_client() -> None:
    recorder = Recorder(json_response(503, {}), ok)
    client, sleeps = make_client(recorder, default_headers={"X-A": "1"})
    numbers_before = client.numbers
    copy = client.with_options(api_key="other-key", max_retries=0, default_headers={"X-B": "2"})

    assert copy is not client and isinstance(copy, Telnyx)
    assert copy._http is client._http
    assert copy.numbers is not numbers_before
    assert copy.numbers._client is copy  # cached resources follow the copy
    assert client.numbers._client is client
    with pytest.raises(Exception, match="503"):
        copy.numbers.retrieve("1")
    assert recorder.request.headers["authorization"] == "Bearer other-key"
    assert recorder.request.headers["x-a"] == "1" and recorder.request.headers["x-b"] == "2"
    assert sleeps == []  # max_retries=0 on the copy only

    client.numbers.retrieve("1")
    assert recorder.request.headers["authorization"] == f"Bearer {API_KEY}"
    assert "x-b" not in recorder.request.headers
    assert client.copy(timeout=5.0).timeout == 5.0
    assert client.timeout == httpx.Timeout(60.0, connect=5.0)


def test_close_only_closes_an_http_client_the_client_created() -> None:
    given = httpx.Client(transport=httpx.MockTransport(ok))
    with Telnyx(api_key=API_KEY, http_client=given) as client:
        client.numbers.retrieve("1")
    assert not given.is_closed

    with Telnyx(api_key=API_KEY) as owned:
        copy = owned.with_options(max_retries=1)
        copy.close()
        assert not owned._http.is_closed
    assert owned._http.is_closed


def test_deprecated_endpoint_warns_at_the_callers_line() -> None:
    client, _ = make_client(Recorder(ok))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        client.numbers.legacy_lookup()
    [warning] = caught
    assert warning.category is DeprecationWarning
    assert str(warning.message) == "legacy_lookup is deprecated"
    assert warning.filename == __file__


@pytest.mark.anyio
async def test_async_client_deprecation_base_url_and_close() -> None:
    recorder = Recorder(ok)
    client, _ = make_async_client(recorder)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        await client.numbers.legacy_lookup()
    assert [w.filename for w in caught] == [__file__]
    assert str(recorder.request.url) == f"{DEFAULT_BASE_URL}/legacy"

    async with AsyncTelnyx(api_key=API_KEY) as owned:
        assert API_KEY not in repr(owned)
        copy = owned.with_options(base_url="http://x")
        assert copy._http is owned._http
    assert owned._http.is_closed
