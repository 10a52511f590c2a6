"""Error mapping by status, Telnyx error bodies, retries and their waits, timeouts."""

import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from generator.runtime import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)

from .fakeapi import API_KEY, Recorder, json_response, make_async_client, make_client

TELNYX_ERRORS = {
    "errors": [
        {
            "code": 10005,
            "title": "Resource not found",
            "detail": "The requested resource or URL could not be found.",
            "source": {"pointer": "/id", "parameter": "id"},
            "meta": {"url": "https://developers.telnyx.com/docs/overview/errors/10005"},
        },
        {"code": "10015", "title": "Bad request"},
    ]
}


@pytest.mark.parametrize(
    ("status", "error_cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (500, InternalServerError),
        (503, InternalServerError),
        (418, APIStatusError),
    ],
)
def test_status_maps_to_error_class_with_parsed_errors(
    status: int, error_cls: type[APIStatusError]
) -> None:
    recorder = Recorder(json_response(status, TELNYX_ERRORS, {"x-request-id": "req-123"}))
    client, _ = make_client(recorder, max_retries=0)
    with pytest.raises(APIStatusError) as caught:
        client.numbers.retrieve("1")
    error = caught.value
    assert type(error) is error_cls
    assert error.status_code == status
    assert error.request_id == "req-123"
    assert error.body == TELNYX_ERRORS
    assert [e.code for e in error.errors] == ["10005", "10015"]
    assert error.errors[0].source is not None and error.errors[0].source.parameter == "id"
    assert str(status) in error.message
    assert "Resource not found - The requested resource or URL could not be found." in error.message
    assert error.response.status_code == status


@pytest.mark.parametrize("body", [b"<html>Bad Gateway</html>", b'{"message": "nope"}', b""])
def test_error_body_of_another_shape_gives_no_errors(body: bytes) -> None:
    recorder = Recorder(httpx.Response(400, content=body))
    client, _ = make_client(recorder)
    with pytest.raises(BadRequestError) as caught:
        client.numbers.retrieve("1")
    assert caught.value.errors == []
    assert caught.value.request_id is None
    assert caught.value.message == "Error code: 400 Bad Request"


def test_json_with_a_non_json_content_type_is_a_validation_error() -> None:
    recorder = Recorder(
        httpx.Response(200, content=b'{"id": "1"}', headers={"content-type": "text/html"})
    )
    client, _ = make_client(recorder)
    with pytest.raises(APIResponseValidationError, match="text/html"):
        client.numbers.retrieve("1")


def test_html_on_a_json_operation_is_a_validation_error() -> None:
    recorder = Recorder(
        httpx.Response(200, content=b"<html></html>", headers={"content-type": "text/html"})
    )
    client, _ = make_client(recorder)
    with pytest.raises(APIResponseValidationError) as caught:
        client.numbers.retrieve("1")
    assert caught.value.status_code == 200
    assert caught.value.body == "<html></html>"


def test_retries_a_503_then_succeeds() -> None:
    recorder = Recorder(json_response(503, {}), json_response(200, {"id": "1"}))
    client, sleeps = make_client(recorder)
    assert client.numbers.retrieve("1").id == "1"
    assert len(recorder.requests) == 2
    assert len(sleeps) == 1 and 0.375 <= sleeps[0] <= 0.5


@pytest.mark.parametrize(
    ("status", "retried"),
    [
        (408, True),
        (409, True),
        (429, True),
        (500, True),
        (504, True),
        (400, False),
        (404, False),
        (422, False),
    ],
)
def test_which_statuses_are_retried(status: int, retried: bool) -> None:
    recorder = Recorder(json_response(status, {}), json_response(200, {"id": "1"}))
    client, _ = make_client(recorder)
    if retried:
        assert client.numbers.retrieve("1").id == "1"
    else:
        with pytest.raises(APIStatusError):
            client.numbers.retrieve("1")
    assert len(recorder.requests) == (2 if retried else 1)


@pytest.mark.parametrize(("random_value", "expected"), [(0.0, 1.0), (1.0, 0.75)])
def test_jitter_takes_up_to_a_quarter_off(
    monkeypatch: pytest.MonkeyPatch, random_value: float, expected: float
) -> None:
    monkeypatch.setattr(random, "random", lambda: random_value)
    client, sleeps = make_client(Recorder(json_response(500, {})), max_retries=2)
    with pytest.raises(InternalServerError):
        client.numbers.retrieve("1")
    assert sleeps == [0.5 * expected, 1.0 * expected]


def test_backoff_doubles_with_jitter_and_gives_up_after_max_retries() -> None:
    recorder = Recorder(json_response(500, TELNYX_ERRORS))
    client, sleeps = make_client(recorder, max_retries=4)
    with pytest.raises(InternalServerError):
        client.numbers.retrieve("1")
    assert len(recorder.requests) == 5
    for attempt, slept in enumerate(sleeps):
        base = 0.5 * 2**attempt
        assert base * 0.75 <= slept <= base


def test_backoff_is_capped_at_eight_seconds() -> None:
    client, sleeps = make_client(Recorder(json_response(502, {})), max_retries=7)
    with pytest.raises(InternalServerError):
        client.numbers.retrieve("1")
    assert max(sleeps) <= 8.0
    assert sleeps[-1] >= 6.0


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after": "3"}, 3.0),
        ({"retry-after-ms": "1500"}, 1.5),
        ({"retry-after-ms": "250.5", "retry-after": "9"}, 0.2505),
    ],
)
def test_429_honours_retry_after(headers: dict[str, str], expected: float) -> None:
    recorder = Recorder(json_response(429, {}, headers), json_response(200, {"id": "1"}))
    client, sleeps = make_client(recorder)
    client.numbers.retrieve("1")
    assert sleeps == [pytest.approx(expected)]


def test_retry_after_as_http_date() -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=20), usegmt=True)
    recorder = Recorder(
        json_response(429, {}, {"retry-after": when}), json_response(200, {"id": "1"})
    )
    client, sleeps = make_client(recorder)
    client.numbers.retrieve("1")
    assert 17 <= sleeps[0] <= 20


@pytest.mark.parametrize("value", ["0", "-1", "600", "soon"])
def test_unreasonable_retry_after_falls_back_to_backoff(value: str) -> None:
    recorder = Recorder(
        json_response(429, {}, {"retry-after": value}), json_response(200, {"id": "1"})
    )
    client, sleeps = make_client(recorder)
    client.numbers.retrieve("1")
    assert 0.375 <= sleeps[0] <= 0.5


def test_per_call_max_retries_overrides_the_client() -> None:
    recorder = Recorder(json_response(503, {}))
    client, _ = make_client(recorder, max_retries=5)
    with pytest.raises(InternalServerError):
        client.numbers.retrieve("1", max_retries=1)
    assert len(recorder.requests) == 2
    with pytest.raises(InternalServerError):
        client.numbers.retrieve("1", max_retries=0)
    assert len(recorder.requests) == 3


def test_x_should_retry_header_overrides_the_status() -> None:
    recorder = Recorder(
        json_response(400, {}, {"x-should-retry": "true"}), json_response(200, {"id": "1"})
    )
    client, _ = make_client(recorder)
    assert client.numbers.retrieve("1").id == "1"
    assert len(recorder.requests) == 2

    recorder = Recorder(json_response(503, {}, {"x-should-retry": "false"}))
    client, _ = make_client(recorder)
    with pytest.raises(InternalServerError):
        client.numbers.retrieve("1")
    assert len(recorder.requests) == 1


def test_client_errors_are_not_retried() -> None:
    recorder = Recorder(json_response(404, TELNYX_ERRORS))
    client, sleeps = make_client(recorder)
    with pytest.raises(NotFoundError):
        client.numbers.retrieve("1")
    assert len(recorder.requests) == 1 and sleeps == []


def test_connection_error_is_retried_then_raised() -> None:
    recorder = Recorder(httpx.ConnectError("boom"), json_response(200, {"id": "1"}))
    client, sleeps = make_client(recorder)
    assert client.numbers.retrieve("1").id == "1"
    assert len(sleeps) == 1

    recorder = Recorder(httpx.ConnectError("boom"))
    client, sleeps = make_client(recorder)
    with pytest.raises(APIConnectionError) as caught:
        client.numbers.retrieve("1")
    assert type(caught.value) is APIConnectionError
    assert len(recorder.requests) == 3
    assert isinstance(caught.value.__cause__, httpx.ConnectError)


def test_timeout_raises_api_timeout_error_and_uses_the_per_call_timeout() -> None:
    recorder = Recorder(httpx.ReadTimeout("slow"))
    client, _ = make_client(recorder, max_retries=1, timeout=12.0)
    with pytest.raises(APITimeoutError):
        client.numbers.retrieve("1")
    assert len(recorder.requests) == 2
    assert recorder.request.extensions["timeout"]["read"] == 12.0

    with pytest.raises(APITimeoutError):
        client.numbers.retrieve("1", timeout=httpx.Timeout(3.0), max_retries=0)
    assert recorder.request.extensions["timeout"]["read"] == 3.0


def test_default_timeout() -> None:
    recorder = Recorder(json_response(200, {"id": "1"}))
    client, _ = make_client(recorder)
    client.numbers.retrieve("1")
    assert recorder.request.extensions["timeout"] == {
        "connect": 5.0,
        "read": 60.0,
        "write": 60.0,
        "pool": 60.0,
    }


def test_api_key_is_not_in_error_text() -> None:
    recorder = Recorder(json_response(401, TELNYX_ERRORS))
    client, _ = make_client(recorder)
    with pytest.raises(AuthenticationError) as caught:
        client.numbers.retrieve("1")
    assert API_KEY not in str(caught.value)
    assert API_KEY not in repr(caught.value)


@pytest.mark.anyio
async def test_async_retries_and_errors() -> None:
    recorder = Recorder(
        httpx.ConnectError("boom"), json_response(503, {}), json_response(200, {"id": "1"})
    )
    client, sleeps = make_async_client(recorder)
    assert (await client.numbers.retrieve("1")).id == "1"
    assert len(sleeps) == 2

    client, _ = make_async_client(Recorder(json_response(422, TELNYX_ERRORS)))
    with pytest.raises(UnprocessableEntityError) as caught:
        await client.numbers.retrieve("1")
    assert caught.value.errors[0].title == "Resource not found"

    client, _ = make_async_client(Recorder(httpx.ConnectTimeout("slow")), max_retries=0)
    with pytest.raises(APITimeoutError):
        await client.numbers.retrieve("1")
