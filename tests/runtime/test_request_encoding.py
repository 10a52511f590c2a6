"""Query, path, header and body encoding, checked on the requests that reach the transport."""

import enum
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import Field

from generator.runtime import (
    NOT_GIVEN,
    BaseModel,
    Endpoint,
    FormBody,
    JsonBody,
    MultipartBody,
    QueryParam,
    RawBody,
    RequestOptions,
    SyncAPIResource,
)

from .fakeapi import API_KEY, Recorder, json_response, make_client


class Status(enum.Enum):
    ACTIVE = "active"


class Filter(BaseModel):
    contains: str | None = None
    in_: list[str] | None = None


def send(**request: Any) -> httpx.Request:
    recorder = Recorder(json_response(200, {}))
    client, _ = make_client(recorder)
    endpoint = request.pop("endpoint", Endpoint("POST", "/things/{id}"))
    request.setdefault("path_params", {"id": "x"})
    SyncAPIResource(client)._request(endpoint, **request)
    return recorder.request


def query_of(*params: QueryParam, extra: dict[str, object] | None = None) -> list[tuple[str, str]]:
    request = send(query=params, options=RequestOptions(extra_query=extra))
    return request.url.params.multi_items()


def test_scalars_bools_dates_enums_and_omitted_values() -> None:
    assert query_of(
        QueryParam("a", "x y"),
        QueryParam("flag", True),
        QueryParam("off", False),
        QueryParam("n", 3),
        QueryParam("since", datetime(2024, 5, 1, 12, 30, tzinfo=UTC)),
        QueryParam("day", date(2024, 5, 1)),
        QueryParam("status", Status.ACTIVE),
        QueryParam("none", None),
        QueryParam("missing", NOT_GIVEN),
    ) == [
        ("a", "x y"),
        ("flag", "true"),
        ("off", "false"),
        ("n", "3"),
        ("since", "2024-05-01T12:30:00+00:00"),
        ("day", "2024-05-01"),
        ("status", "active"),
    ]


def test_array_styles() -> None:
    assert query_of(
        QueryParam("ids", ["a", "b"]),
        QueryParam("csv", ["a", "b"], explode=False),
        QueryParam("spaced", ["a", "b"], style="spaceDelimited", explode=False),
        QueryParam("piped", [1, True], style="pipeDelimited", explode=False),
        QueryParam("empty", []),
    ) == [("ids", "a"), ("ids", "b"), ("csv", "a,b"), ("spaced", "a b"), ("piped", "1|true")]


def test_deep_object_nested_two_levels_with_arrays() -> None:
    value = {
        "status": "active",
        "x": {"contains": "v", "in": ["a", "b"], "skip": None},
        "g": NOT_GIVEN,
    }
    assert query_of(QueryParam("filter", value, style="deepObject")) == [
        ("filter[status]", "active"),
        ("filter[x][contains]", "v"),
        ("filter[x][in]", "a"),
        ("filter[x][in]", "b"),
    ]


def test_form_style_object_and_model_values_are_sent_with_brackets() -> None:
    assert query_of(
        QueryParam("filter", {"phone_number": {"eq": "+1555"}}),
        QueryParam("where", Filter(in_=["x"]), style="deepObject"),
    ) == [("filter[phone_number][eq]", "+1555"), ("where[in_]", "x")]


def test_extra_query_is_appended_with_its_keys_as_given() -> None:
    params = query_of(QueryParam("a", 1), extra={"page[size]": 5, "debug": True})
    assert params == [("a", "1"), ("page[size]", "5"), ("debug", "true")]


def test_path_params_are_percent_encoded_segments() -> None:
    request = send(
        endpoint=Endpoint("GET", "/a/{id}/b/{flag}"), path_params={"id": "x/y z?#", "flag": False}
    )
    assert request.url.raw_path == b"/v2/a/x%2Fy%20z%3F%23/b/false"


@pytest.mark.parametrize("value", ["", None, NOT_GIVEN])
def test_empty_path_param_is_rejected_before_sending(value: object) -> None:
    recorder = Recorder(json_response(200, {}))
    client, _ = make_client(recorder)
    with pytest.raises(ValueError, match="Expected a non-empty value for `id` but received"):
        SyncAPIResource(client)._request(Endpoint("GET", "/a/{id}"), path_params={"id": value})
    assert recorder.requests == []


def test_headers_auth_and_extra_headers() -> None:
    recorder = Recorder(json_response(200, {}))
    client, _ = make_client(recorder, default_headers={"X-Team": "a", "X-Default": "d"})
    SyncAPIResource(client)._request(
        Endpoint("GET", "/things"),
        headers={"X-Flag": True, "X-Skip": None, "X-Gone": NOT_GIVEN, "X-Num": 5, "X-Default": "p"},
        options=RequestOptions(extra_headers={"X-Extra": "1", "x-team": NOT_GIVEN}),
    )
    request = recorder.request
    assert request.headers["authorization"] == f"Bearer {API_KEY}"
    assert request.headers["user-agent"] == "Telnyx/Python test"
    assert request.headers["accept"] == "application/json"
    assert request.headers["x-default"] == "p"
    assert request.headers["x-flag"] == "true"
    assert request.headers["x-num"] == "5"
    assert request.headers["x-extra"] == "1"
    assert "x-skip" not in request.headers
    assert "x-gone" not in request.headers
    assert "x-team" not in request.headers


def test_endpoint_without_auth_sends_no_authorization_header() -> None:
    request = send(endpoint=Endpoint("GET", "/public", auth=False), path_params=None)
    assert "authorization" not in request.headers


class Sender(BaseModel):
    from_: str | None = Field(default=None, alias="from")
    webhook_url: str | None = None


def test_json_body_drops_not_given_but_sends_null_and_model_fields_by_alias() -> None:
    body = {
        "to": "+1555",
        "text": None,
        "subject": NOT_GIVEN,
        "when": date(2024, 1, 2),
        "status": Status.ACTIVE,
        "nested": Sender(from_="+1666", webhook_url=None),
        "unset_model": Sender(),
    }
    request = send(body=JsonBody(body))
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.content) == {
        "to": "+1555",
        "text": None,
        "when": "2024-01-02",
        "status": "active",
        "nested": {"from": "+1666", "webhook_url": None},
        "unset_model": {},
    }


def test_json_body_of_a_non_object_and_extra_body_merge() -> None:
    assert json.loads(send(body=JsonBody(["a", "b"])).content) == ["a", "b"]
    request = send(
        body=JsonBody({"a": 1, "b": 2}), options=RequestOptions(extra_body={"b": 3, "c": None})
    )
    assert json.loads(request.content) == {"a": 1, "b": 3, "c": None}
    with pytest.raises(TypeError, match="extra_body"):
        send(body=JsonBody(["a"]), options=RequestOptions(extra_body={"b": 3}))


def multipart_parts(request: httpx.Request) -> list[tuple[dict[str, str], bytes]]:
    """(headers, content) of each part of a multipart/form-data request."""
    request.read()
    boundary = request.headers["content-type"].split("boundary=")[1].encode()
    parts = []
    for chunk in request.content.split(b"--" + boundary)[1:-1]:
        head, _, content = chunk.strip(b"\r\n").partition(b"\r\n\r\n")
        headers = dict(line.split(": ", 1) for line in head.decode().split("\r\n"))
        parts.append((headers, content))
    return parts


def test_multipart_fields_and_every_kind_of_file(tmp_path: Path) -> None:
    pdf = tmp_path / "contract.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    handle = (tmp_path / "photo.png").open("wb+")
    handle.write(b"PNG")
    body = MultipartBody(
        fields={
            "name": "doc",
            "flag": False,
            "tags": ["a", "b"],
            "meta": {"k": 1},
            "skip": NOT_GIVEN,
        },
        files={
            "raw": b"raw bytes",
            "handle": handle,
            "path": pdf,
            "tuple": ("audio.wav", b"RIFF", "audio/x-wav"),
            "pair": ("notes.txt", b"hello"),
            "absent": NOT_GIVEN,
            "many": [b"1", b"2"],
        },
    )
    request = send(body=body, options=RequestOptions(extra_body={"customer_reference": "ref"}))
    handle.close()
    assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
    parts = [
        (h["Content-Disposition"], h.get("Content-Type"), c) for h, c in multipart_parts(request)
    ]
    assert parts == [
        ('form-data; name="name"', None, b"doc"),
        ('form-data; name="flag"', None, b"false"),
        ('form-data; name="tags"', None, b"a"),
        ('form-data; name="tags"', None, b"b"),
        ('form-data; name="meta"', None, b'{"k":1}'),
        ('form-data; name="customer_reference"', None, b"ref"),
        ('form-data; name="raw"; filename="upload"', "application/octet-stream", b"raw bytes"),
        ('form-data; name="handle"; filename="photo.png"', "image/png", b"PNG"),
        ('form-data; name="path"; filename="contract.pdf"', "application/pdf", b"%PDF-1.4"),
        ('form-data; name="tuple"; filename="audio.wav"', "audio/x-wav", b"RIFF"),
        ('form-data; name="pair"; filename="notes.txt"', "text/plain", b"hello"),
        ('form-data; name="many"; filename="upload"', "application/octet-stream", b"1"),
        ('form-data; name="many"; filename="upload"', "application/octet-stream", b"2"),
    ]


def test_multipart_without_files_is_still_multipart() -> None:
    request = send(body=MultipartBody(fields={"a": "1"}, files={"f": NOT_GIVEN}))
    assert request.headers["content-type"].startswith("multipart/form-data")
    assert [c for _, c in multipart_parts(request)] == [b"1"]


def test_form_body_flattens_nested_dicts() -> None:
    body = FormBody({"To": "+1555", "Record": True, "Opts": {"a": {"b": "c"}}, "Skip": NOT_GIVEN})
    request = send(body=body, options=RequestOptions(extra_body={"Extra": 1}))
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert httpx.QueryParams(request.content.decode()).multi_items() == [
        ("To", "+1555"),
        ("Record", "true"),
        ("Opts[a][b]", "c"),
        ("Extra", "1"),
    ]


def test_raw_bodies(tmp_path: Path) -> None:
    path = tmp_path / "call.xml"
    path.write_bytes(b"<Response/>")
    for content in (b"<Response/>", "<Response/>", path, path.open("rb")):
        request = send(body=RawBody(content, "application/xml"))
        assert request.content == b"<Response/>"
        assert request.headers["content-type"] == "application/xml"
