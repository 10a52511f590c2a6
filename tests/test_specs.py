"""Checks on the hand-written specs in specs/.

* both specs load as OpenAPI 3.1 with openapi-pydantic and round-trip losslessly;
* every ``$ref`` resolves and every component is used;
* every example and default is valid against the schema it sits on, and every string schema
  carries an example (so generated docs never show a bare "string");
* telnyx-sip-integrations.yaml has exactly the 48 operations of the seed document, with the
  operationIds and tags of the real API (CENSUS.md section 4);
* edge-cases.yaml still contains every construct in the checklist below, so it cannot
  silently lose coverage.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from openapi_pydantic.v3.v3_1 import OpenAPI

SPECS_DIR = Path(__file__).resolve().parent.parent / "specs"
SIP = "telnyx-sip-integrations.yaml"
EDGE = "edge-cases.yaml"
ALL_SPECS = (SIP, EDGE)
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

Json = Any


# ----------------------------------------------------------------------------------------
# Loading and walking
# ----------------------------------------------------------------------------------------


@functools.cache
def load(name: str) -> dict[str, Json]:
    with (SPECS_DIR / name).open(encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    assert isinstance(raw, dict)
    return raw


def escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def resolve_pointer(raw: dict[str, Json], ref: str) -> Json:
    assert ref.startswith("#/"), f"only local refs are allowed: {ref}"
    node: Json = raw
    for token in ref[2:].split("/"):
        token = token.replace("~1", "/").replace("~0", "~")
        assert isinstance(node, dict) and token in node, f"dangling $ref {ref}"
        node = node[token]
    return node


def deref(raw: dict[str, Json], node: Json) -> Json:
    """Follow $refs; sibling keys next to a $ref override the target's (3.1 semantics)."""
    seen: set[str] = set()
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        assert ref not in seen, f"$ref cycle without a schema in between: {ref}"
        seen.add(ref)
        siblings = {k: v for k, v in node.items() if k != "$ref"}
        node = {**resolve_pointer(raw, ref), **siblings}
    return node


def walk(node: Json, pointer: str = "#") -> Iterator[tuple[str, Json]]:
    """Every (pointer, value) in the raw document, depth first."""
    yield pointer, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, f"{pointer}/{escape(str(key))}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from walk(value, f"{pointer}/{i}")


def operations(raw: dict[str, Json]) -> Iterator[tuple[str, str, dict[str, Json], dict[str, Json]]]:
    """(path, method, operation, path item) for every operation under paths."""
    for path, item in raw.get("paths", {}).items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method], item


def webhook_operations(raw: dict[str, Json]) -> Iterator[tuple[str, str, dict[str, Json]]]:
    for name, item in raw.get("webhooks", {}).items():
        for method in METHODS:
            if method in item:
                yield name, method, item[method]


def op_params(raw: dict[str, Json], op: dict[str, Json], item: dict[str, Json]) -> list[Json]:
    """Resolved parameters of an operation, operation-level ones overriding path-level ones."""
    merged: dict[tuple[str, str], Json] = {}
    for p in item.get("parameters", []) + op.get("parameters", []):
        p = deref(raw, p)
        merged[(p["name"], p["in"])] = p
    return list(merged.values())


def all_params(raw: dict[str, Json]) -> Iterator[tuple[str, Json, Json]]:
    """(pointer, raw param, resolved param) for every parameter use in paths and webhooks."""
    for path, item in raw.get("paths", {}).items():
        for i, p in enumerate(item.get("parameters", [])):
            yield f"#/paths/{escape(path)}/parameters/{i}", p, deref(raw, p)
        for method in METHODS:
            for i, p in enumerate(item.get(method, {}).get("parameters", [])):
                yield f"#/paths/{escape(path)}/{method}/parameters/{i}", p, deref(raw, p)
    for _name, _method, op in webhook_operations(raw):
        for p in op.get("parameters", []):
            yield "#/webhooks", p, deref(raw, p)


def request_media(raw: dict[str, Json]) -> Iterator[tuple[str, str, str, Json, Json]]:
    """(path, method, content type, media object, raw requestBody) for every request body."""
    for path, method, op, _item in operations(raw):
        if "requestBody" in op:
            body = deref(raw, op["requestBody"])
            for ctype, media in body.get("content", {}).items():
                yield path, method, ctype, media, op["requestBody"]


def responses(raw: dict[str, Json]) -> Iterator[tuple[str, str, str, Json, Json]]:
    """(path, method, status, raw response, resolved response) for every response."""
    for path, method, op, _item in operations(raw):
        for status, resp in op.get("responses", {}).items():
            yield path, method, str(status), resp, deref(raw, resp)


SUBSCHEMA_MAPS = ("properties", "patternProperties", "$defs")
SUBSCHEMA_SINGLE = ("items", "not", "additionalProperties", "contains", "if", "then", "else")
SUBSCHEMA_LISTS = ("allOf", "oneOf", "anyOf", "prefixItems")


def schema_roots(raw: dict[str, Json]) -> Iterator[tuple[str, Json]]:
    """Every place a schema starts: components, parameters, media types, headers."""
    for name, schema in raw.get("components", {}).get("schemas", {}).items():
        yield f"#/components/schemas/{escape(name)}", schema
    for pointer, node in walk(raw):
        if pointer.startswith("#/components/schemas/"):
            continue
        if isinstance(node, dict) and isinstance(node.get("schema"), dict):
            # parameter, header or media type object
            yield f"{pointer}/schema", node["schema"]


def schema_nodes(raw: dict[str, Json]) -> Iterator[tuple[str, Json]]:
    """Every schema object in the document (not following $refs)."""

    def visit(pointer: str, node: Json) -> Iterator[tuple[str, Json]]:
        if not isinstance(node, dict):
            return
        yield pointer, node
        for key in SUBSCHEMA_MAPS:
            for name, sub in (node.get(key) or {}).items():
                yield from visit(f"{pointer}/{key}/{escape(name)}", sub)
        for key in SUBSCHEMA_SINGLE:
            if isinstance(node.get(key), dict):
                yield from visit(f"{pointer}/{key}", node[key])
        for key in SUBSCHEMA_LISTS:
            for i, sub in enumerate(node.get(key) or []):
                yield from visit(f"{pointer}/{key}/{i}", sub)

    for pointer, root in schema_roots(raw):
        yield from visit(pointer, root)


def types_of(schema: Json) -> set[str]:
    t = schema.get("type")
    if t is None:
        return set()
    return set(t) if isinstance(t, list) else {t}


def allows_null(schema: Json) -> bool:
    return (
        "null" in types_of(schema)
        or schema.get("nullable") is True
        or (isinstance(schema.get("enum"), list) and None in schema["enum"])
    )


# ----------------------------------------------------------------------------------------
# A small validator for examples and defaults (enough JSON Schema for these two specs)
# ----------------------------------------------------------------------------------------

UUID_RE = re.compile(
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
)
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
E164_RE = re.compile(r"^\+[1-9]\d{1,14}$")
INT_STRING_RE = re.compile(r"^-?\d+$")
DECIMAL_RE = re.compile(r"^-?\d+(\.\d+)?$")


def _is_datetime(v: str) -> bool:
    try:
        parsed = dt.datetime.fromisoformat(v)
    except ValueError:
        return False
    return "T" in v and parsed.tzinfo is not None


def _is_date(v: str) -> bool:
    try:
        dt.date.fromisoformat(v)
    except ValueError:
        return False
    return len(v) == 10


def _is_time(v: str) -> bool:
    try:
        dt.time.fromisoformat(v)
    except ValueError:
        return False
    return True


def _is_uri(v: str) -> bool:
    parts = urlsplit(v)
    return bool(parts.scheme) and bool(parts.netloc)


def _is_byte(v: str) -> bool:
    try:
        base64.b64decode(v, validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


STRING_FORMATS: dict[str, Callable[[str], bool]] = {
    "uuid": UUID_RE.match,  # type: ignore[dict-item]
    "date-time": _is_datetime,
    "date": _is_date,
    "time": _is_time,
    "email": EMAIL_RE.match,  # type: ignore[dict-item]
    "uri": _is_uri,
    "url": _is_uri,
    "byte": _is_byte,
    "json-pointer": lambda v: v == "" or v.startswith("/"),
}
X_FORMATS: dict[str, Callable[[str], bool]] = {
    "E164": E164_RE.match,  # type: ignore[dict-item]
    "int64": INT_STRING_RE.match,  # type: ignore[dict-item]
    "decimal": DECIMAL_RE.match,  # type: ignore[dict-item]
}
INT_RANGES = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}


def _type_ok(t: str, v: Json) -> bool:
    return {
        "string": isinstance(v, str),
        "integer": isinstance(v, int) and not isinstance(v, bool),
        "number": isinstance(v, (int, float)) and not isinstance(v, bool),
        "boolean": isinstance(v, bool),
        "array": isinstance(v, list),
        "object": isinstance(v, dict),
        "null": v is None,
    }[t]


def errors_for(raw: dict[str, Json], schema: Json, value: Json, where: str = "") -> list[str]:
    """Reasons why ``value`` does not satisfy ``schema`` (empty when it does)."""
    schema = deref(raw, schema)
    if not isinstance(schema, dict):
        return []
    if value is None and schema.get("nullable") is True:
        return []
    errs: list[str] = []
    if "not" in schema and not errors_for(raw, schema["not"], value, where):
        errs.append(f"{where}: matches a `not` schema")
    if "const" in schema and value != schema["const"]:
        errs.append(f"{where}: {value!r} != const {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        errs.append(f"{where}: {value!r} not in enum {schema['enum']!r}")
    types = types_of(schema)
    if types and not any(_type_ok(t, value) for t in types):
        return [*errs, f"{where}: {value!r} is not of type {sorted(types)}"]
    for sub in schema.get("allOf", []):
        errs += errors_for(raw, sub, value, where)
    if "anyOf" in schema and all(errors_for(raw, s, value, where) for s in schema["anyOf"]):
        errs.append(f"{where}: matches no anyOf branch")
    if "oneOf" in schema:
        matching = [s for s in schema["oneOf"] if not errors_for(raw, s, value, where)]
        if len(matching) != 1:
            errs.append(f"{where}: matches {len(matching)} oneOf branches, not exactly 1")
    if isinstance(value, str):
        fmt, xfmt = schema.get("format"), schema.get("x-format")
        if fmt in STRING_FORMATS and not STRING_FORMATS[fmt](value):
            errs.append(f"{where}: {value!r} is not a valid {fmt}")
        if xfmt in X_FORMATS and not X_FORMATS[xfmt](value):
            errs.append(f"{where}: {value!r} is not a valid x-format {xfmt}")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            errs.append(f"{where}: {value!r} does not match {schema['pattern']!r}")
        if len(value) < schema.get("minLength", 0) or len(value) > schema.get("maxLength", 10**9):
            errs.append(f"{where}: {value!r} has the wrong length")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value < schema.get("minimum", float("-inf")) or value > schema.get(
            "maximum", float("inf")
        ):
            errs.append(f"{where}: {value!r} out of range")
        lo, hi = INT_RANGES.get(schema.get("format", ""), (float("-inf"), float("inf")))
        if not lo <= value <= hi:
            errs.append(f"{where}: {value!r} does not fit {schema['format']}")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0) or len(value) > schema.get("maxItems", 10**9):
            errs.append(f"{where}: wrong number of items ({len(value)})")
        if "items" in schema:
            for i, item in enumerate(value):
                errs += errors_for(raw, schema["items"], item, f"{where}/{i}")
    if isinstance(value, dict):
        props = schema.get("properties", {})
        for name in schema.get("required", []):
            # InitiateCallRequest-style branches may require a property they do not declare
            if name not in value:
                errs.append(f"{where}: missing required property {name!r}")
        extra = schema.get("additionalProperties", True)
        for key, item in value.items():
            if key in props:
                errs += errors_for(raw, props[key], item, f"{where}/{escape(key)}")
            elif extra is False:
                errs.append(f"{where}: unexpected property {key!r}")
            elif isinstance(extra, dict):
                errs += errors_for(raw, extra, item, f"{where}/{escape(key)}")
    return errs


def has_derivable_example(raw: dict[str, Json], schema: Json, depth: int = 0) -> bool:
    """True when an example value can be built for ``schema`` from the spec alone."""
    schema = deref(raw, schema)
    if depth > 12:
        return False
    if any(k in schema for k in ("example", "examples", "const", "default")):
        return True
    if schema.get("format") == "binary" or "enum" in schema:
        return True
    if "allOf" in schema:
        return all(has_derivable_example(raw, s, depth + 1) for s in schema["allOf"])
    for key in ("oneOf", "anyOf"):
        if key in schema:
            return any(has_derivable_example(raw, s, depth + 1) for s in schema[key])
    types = types_of(schema)
    if "object" in types or "properties" in schema:
        props = schema.get("properties", {})
        return all(
            has_derivable_example(raw, props[r], depth + 1)
            for r in schema.get("required", [])
            if r in props
        )
    if "array" in types:
        return has_derivable_example(raw, schema.get("items", {}), depth + 1)
    return types <= {"boolean", "null"} and bool(types)


# ----------------------------------------------------------------------------------------
# Both specs
# ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ALL_SPECS)
def test_spec_is_valid_openapi_31(name: str) -> None:
    raw = load(name)
    assert raw["openapi"] == "3.1.0"
    api = OpenAPI.model_validate(raw)
    assert isinstance(api, OpenAPI)
    # the parsed model gives back exactly the document (nothing dropped or invented)
    assert api.model_dump(by_alias=True, exclude_unset=True, mode="json") == raw


@pytest.mark.parametrize("name", ALL_SPECS)
def test_all_mapping_keys_are_strings(name: str) -> None:
    # an unquoted `200:` or `2024-05-01` would become an int/date under YAML 1.1
    bad = [
        p
        for p, node in walk(load(name))
        if isinstance(node, dict) and any(not isinstance(k, str) for k in node)
    ]
    assert bad == []


@pytest.mark.parametrize("name", ALL_SPECS)
def test_every_ref_resolves(name: str) -> None:
    raw = load(name)
    refs = [(p, node["$ref"]) for p, node in walk(raw) if isinstance(node, dict) and "$ref" in node]
    assert refs, "expected $refs"
    for pointer, ref in refs:
        assert isinstance(ref, str) and ref.startswith("#/components/"), f"{pointer}: {ref}"
        resolve_pointer(raw, ref)


@pytest.mark.parametrize("name", ALL_SPECS)
def test_every_component_is_used(name: str) -> None:
    raw = load(name)
    used = {node["$ref"] for _p, node in walk(raw) if isinstance(node, dict) and "$ref" in node}
    unused = [
        f"#/components/{kind}/{escape(key)}"
        for kind, entries in raw.get("components", {}).items()
        if kind != "securitySchemes"
        for key in entries
        if f"#/components/{kind}/{escape(key)}" not in used
    ]
    assert unused == []
    schemes = set(raw["components"]["securitySchemes"])
    named = {k for _p, node in walk(raw) if _p.endswith("/security") for req in node for k in req}
    assert named <= schemes and schemes <= named


@pytest.mark.parametrize("name", ALL_SPECS)
def test_operations_are_well_formed(name: str) -> None:
    raw = load(name)
    ids = [op["operationId"] for _pa, _m, op, _i in operations(raw)]
    assert len(ids) == len(set(ids)), "operationIds must be unique"
    for path, method, op, item in operations(raw):
        where = f"{method.upper()} {path}"
        assert op.get("summary"), f"{where}: no summary"
        assert any(s.startswith("2") for s in op["responses"]), f"{where}: no 2xx response"
        declared = {p["name"] for p in op_params(raw, op, item) if p["in"] == "path"}
        templated = set(re.findall(r"{([^}]+)}", path))
        assert declared == templated, f"{where}: path params {declared} vs template {templated}"
        for p in op_params(raw, op, item):
            if p["in"] == "path":
                assert p.get("required") is True, f"{where}: path param {p['name']} not required"


@pytest.mark.parametrize("name", ALL_SPECS)
def test_every_string_schema_has_an_example(name: str) -> None:
    raw = load(name)
    missing = [
        pointer
        for pointer, node in schema_nodes(raw)
        if "string" in types_of(node) and node.get("format") != "binary" and "example" not in node
    ]
    assert missing == []


@pytest.mark.parametrize("name", ALL_SPECS)
def test_examples_and_defaults_satisfy_their_schema(name: str) -> None:
    raw = load(name)
    problems: list[str] = []
    checked = 0
    for pointer, node in schema_nodes(raw):
        for key in ("example", "default"):
            if key in node:
                checked += 1
                problems += errors_for(raw, node, node[key], f"{pointer}/{key}")
    # parameter-level and media-level examples
    for pointer, node in walk(raw):
        if not (isinstance(node, dict) and isinstance(node.get("schema"), dict)):
            continue
        if "example" in node:
            checked += 1
            problems += errors_for(raw, node["schema"], node["example"], f"{pointer}/example")
        for ex_name, ex in (node.get("examples") or {}).items():
            ex = deref(raw, ex)
            checked += 1
            problems += errors_for(
                raw, node["schema"], ex["value"], f"{pointer}/examples/{ex_name}"
            )
    assert checked > 50
    assert problems == []


@pytest.mark.parametrize("name", ALL_SPECS)
def test_uuid_examples_are_real_uuids(name: str) -> None:
    for pointer, node in schema_nodes(load(name)):
        if node.get("format") == "uuid" and "example" in node:
            assert UUID_RE.match(node["example"]), pointer


@pytest.mark.parametrize("name", ALL_SPECS)
def test_a_request_can_be_derived_for_every_operation(name: str) -> None:
    raw = load(name)
    for path, method, op, item in operations(raw):
        where = f"{method.upper()} {path}"
        for p in op_params(raw, op, item):
            if p.get("required"):
                assert "example" in p or has_derivable_example(raw, p["schema"]), (
                    f"{where}: param {p['name']}"
                )
    for path, method, ctype, media, _raw_body in request_media(raw):
        where = f"{method.upper()} {path} [{ctype}]"
        schema = deref(raw, media["schema"])
        assert "example" in media or has_derivable_example(raw, schema), where
        props = schema.get("properties", {})
        for req in schema.get("required", []):
            if req in props:
                assert has_derivable_example(raw, props[req]), (
                    f"{where}: required field {req} has no example"
                )


# ----------------------------------------------------------------------------------------
# telnyx-sip-integrations.yaml
# ----------------------------------------------------------------------------------------

EC, CR, MS, DF, SR = (
    "External Connections",
    "Call Recordings",
    "Media Storage API",
    "Dialogflow Integration",
    "SIPREC Connectors",
)
SIP_OPERATIONS = {
    # External Connections (23)
    ("get", "/external_connections", "ListExternalConnections", EC),
    ("post", "/external_connections", "CreateExternalConnection", EC),
    ("get", "/external_connections/{id}", "GetExternalConnection", EC),
    ("patch", "/external_connections/{id}", "UpdateExternalConnection", EC),
    ("delete", "/external_connections/{id}", "DeleteExternalConnection", EC),
    ("get", "/external_connections/log_messages", "ListExternalConnectionLogMessages", EC),
    ("get", "/external_connections/log_messages/{id}", "GetExternalConnectionLogMessage", EC),
    ("delete", "/external_connections/log_messages/{id}", "DeleteExternalConnectionLogMessage", EC),
    ("get", "/external_connections/{id}/civic_addresses", "ListCivicAddresses", EC),
    (
        "get",
        "/external_connections/{id}/civic_addresses/{address_id}",
        "GetExternalConnectionCivicAddress",
        EC,
    ),
    ("patch", "/external_connections/{id}/locations/{location_id}", "updateLocation", EC),
    ("get", "/external_connections/{id}/phone_numbers", "ListExternalConnectionPhoneNumbers", EC),
    (
        "get",
        "/external_connections/{id}/phone_numbers/{phone_number_id}",
        "GetExternalConnectionPhoneNumber",
        EC,
    ),
    (
        "patch",
        "/external_connections/{id}/phone_numbers/{phone_number_id}",
        "UpdateExternalConnectionPhoneNumber",
        EC,
    ),
    ("get", "/external_connections/{id}/releases", "ListExternalConnectionReleases", EC),
    ("get", "/external_connections/{id}/releases/{release_id}", "GetExternalConnectionRelease", EC),
    ("get", "/external_connections/{id}/uploads", "ListExternalConnectionUploads", EC),
    ("post", "/external_connections/{id}/uploads", "CreateExternalConnectionUpload", EC),
    ("post", "/external_connections/{id}/uploads/refresh", "RefreshExternalConnectionUploads", EC),
    ("get", "/external_connections/{id}/uploads/status", "GetExternalConnectionUploadsStatus", EC),
    ("get", "/external_connections/{id}/uploads/{ticket_id}", "GetExternalConnectionUpload", EC),
    ("post", "/external_connections/{id}/uploads/{ticket_id}/retry", "RetryUpload", EC),
    ("post", "/operator_connect/actions/refresh", "OperatorConnectRefresh", EC),
    # Call Recordings (11)
    ("get", "/custom_storage_credentials/{connection_id}", "GetCustomStorageCredentials", CR),
    ("post", "/custom_storage_credentials/{connection_id}", "CreateCustomStorageCredentials", CR),
    ("put", "/custom_storage_credentials/{connection_id}", "UpdateCustomStorageCredentials", CR),
    ("delete", "/custom_storage_credentials/{connection_id}", "DeleteCustomStorageCredentials", CR),
    ("get", "/recording_transcriptions", "getRecordingTranscriptions", CR),
    (
        "get",
        "/recording_transcriptions/{recording_transcription_id}",
        "getRecordingTranscription",
        CR,
    ),
    (
        "delete",
        "/recording_transcriptions/{recording_transcription_id}",
        "deleteRecordingTranscription",
        CR,
    ),
    ("get", "/recordings", "GetRecordings", CR),
    ("post", "/recordings/actions/delete", "DeleteRecordings", CR),
    ("get", "/recordings/{recording_id}", "GetRecording", CR),
    ("delete", "/recordings/{recording_id}", "DeleteRecording", CR),
    # Media Storage API (6)
    ("get", "/media", "ListMediaStorage", MS),
    ("post", "/media", "CreateMediaStorage", MS),
    ("get", "/media/{media_name}", "GetMediaStorage", MS),
    ("put", "/media/{media_name}", "UpdateMediaStorage", MS),
    ("delete", "/media/{media_name}", "DeleteMediaStorage", MS),
    ("get", "/media/{media_name}/download", "DownloadMedia", MS),
    # Dialogflow Integration (4)
    ("get", "/dialogflow_connections/{connection_id}", "GetDialogflowConnection", DF),
    ("post", "/dialogflow_connections/{connection_id}", "CreateDialogflowConnection", DF),
    ("put", "/dialogflow_connections/{connection_id}", "UpdateDialogflowConnection", DF),
    ("delete", "/dialogflow_connections/{connection_id}", "DeleteDialogflowConnection", DF),
    # SIPREC Connectors (4)
    ("post", "/siprec_connectors", "createSiprecConnector", SR),
    ("get", "/siprec_connectors/{connector_name}", "getSiprecConnector", SR),
    ("put", "/siprec_connectors/{connector_name}", "updateSiprecConnector", SR),
    ("delete", "/siprec_connectors/{connector_name}", "deleteSiprecConnector", SR),
}


def test_sip_has_exactly_the_48_seed_operations() -> None:
    raw = load(SIP)
    actual = set()
    for path, method, op, _item in operations(raw):
        assert len(op["tags"]) == 1, f"{method} {path}: exactly one tag expected"
        actual.add((method, path, op["operationId"], op["tags"][0]))
    assert len(SIP_OPERATIONS) == 48
    assert actual - SIP_OPERATIONS == set(), "unexpected operations"
    assert SIP_OPERATIONS - actual == set(), "missing operations"


def test_sip_server_security_and_tags() -> None:
    raw = load(SIP)
    assert raw["servers"] == [{"url": "https://api.telnyx.com/v2", "description": "Production"}]
    assert raw["security"] == [{"bearerAuth": []}]
    assert raw["components"]["securitySchemes"]["bearerAuth"] == {
        **raw["components"]["securitySchemes"]["bearerAuth"],
        "type": "http",
        "scheme": "bearer",
    }
    assert {t["name"] for t in raw["tags"]} == {EC, CR, MS, DF, SR}
    assert not any("security" in op for _p, _m, op, _i in operations(raw))


def test_sip_query_params_are_deep_objects() -> None:
    raw = load(SIP)
    for path, method, op, item in operations(raw):
        for p in op_params(raw, op, item):
            if p["in"] != "query":
                continue
            assert p["name"] in ("page", "filter"), f"{method} {path}: {p['name']}"
            assert (p["style"], p["explode"]) == ("deepObject", True)
            assert deref(raw, p["schema"])["type"] == "object"
    page = raw["components"]["parameters"]["Page"]["schema"]["properties"]
    assert page["number"] == {**page["number"], "type": "integer", "minimum": 1, "default": 1}
    assert page["size"] == {
        **page["size"],
        "type": "integer",
        "minimum": 1,
        "maximum": 250,
        "default": 20,
    }
    # at least one filter nests two levels, like filter[phone_number][contains]
    connections = deref(raw, raw["components"]["parameters"]["ExternalConnectionFilter"]["schema"])
    assert "contains" in connections["properties"]["phone_number"]["properties"]


def test_sip_list_operations_paginate() -> None:
    raw = load(SIP)
    paged = {
        (m, p)
        for p, m, op, item in operations(raw)
        if any(x["name"] == "page" for x in op_params(raw, op, item))
    }
    assert len(paged) == 7
    for method, path in paged:
        schema = deref(
            raw,
            raw["paths"][path][method]["responses"]["200"]["content"]["application/json"]["schema"],
        )
        meta = deref(raw, schema["properties"]["meta"])
        if path == "/recording_transcriptions":
            assert set(meta["properties"]) == {"cursors", "next", "previous"}
        else:
            assert set(meta["properties"]) == {
                "page_number",
                "page_size",
                "total_pages",
                "total_results",
            }


def test_sip_request_bodies() -> None:
    raw = load(SIP)
    schemas = raw["components"]["schemas"]
    create = schemas["CreateExternalConnectionRequest"]
    assert set(create["required"]) == {"external_sip_connection", "outbound"}
    assert set(schemas["ExternalSipConnection"]["enum"]) == {"zoom", "operator_connect"}
    assert schemas["UpdateExternalConnectionRequest"]["required"] == ["outbound"]
    assert schemas["CreateExternalConnectionUploadRequest"]["required"] == ["number_ids"]
    assert (
        schemas["CreateExternalConnectionUploadRequest"]["properties"]["number_ids"]["type"]
        == "array"
    )

    storage = schemas["CustomStorageConfiguration"]
    assert deref(raw, storage["properties"]["backend"])["enum"] == ["gcs", "s3", "azure"]
    config = storage["properties"]["configuration"]
    assert config["discriminator"]["propertyName"] == "backend"
    assert set(config["discriminator"]["mapping"]) == {"gcs", "s3", "azure"}
    for value, ref in config["discriminator"]["mapping"].items():
        assert {"$ref": ref} in config["oneOf"]
        assert resolve_pointer(raw, ref)["properties"]["backend"]["enum"] == [value]

    for path, method in (("/media", "post"), ("/media/{media_name}", "put")):
        content = raw["paths"][path][method]["requestBody"]["content"]
        assert set(content) == {"application/json", "multipart/form-data"}
        multipart = deref(raw, content["multipart/form-data"]["schema"])
        assert multipart["properties"]["media"] == {
            **multipart["properties"]["media"],
            "type": "string",
            "format": "binary",
        }


def test_sip_responses() -> None:
    raw = load(SIP)
    download = raw["paths"]["/media/{media_name}/download"]["get"]["responses"]["200"]["content"]
    assert download == {
        "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
    }
    for path, method, status, resp, resolved in responses(raw):
        where = f"{method.upper()} {path} {status}"
        if status in ("401", "404", "422"):
            assert resp["$ref"].startswith("#/components/responses/"), where
            assert resolved["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/Errors"
            }
        elif status == "204":
            assert "content" not in resolved, where
            assert method == "delete", where
        else:
            assert status in ("200", "201", "202"), where
    errors = load(SIP)["components"]["schemas"]
    error = errors["Error"]["properties"]
    assert set(error) == {"code", "title", "detail", "source", "meta"}
    assert set(error["source"]["properties"]) == {"pointer", "parameter"}
    # 200-or-202 operations
    for path, method in (
        ("/external_connections/{id}/locations/{location_id}", "patch"),
        ("/operator_connect/actions/refresh", "post"),
    ):
        assert {"200", "202"} <= set(raw["paths"][path][method]["responses"])


def test_sip_json_2xx_bodies_are_objects() -> None:
    raw = load(SIP)
    for path, method, status, _resp, resolved in responses(raw):
        if status.startswith("2") and "application/json" in resolved.get("content", {}):
            schema = deref(raw, resolved["content"]["application/json"]["schema"])
            assert schema.get("type") == "object" and schema.get("properties"), (
                f"{method} {path} {status}"
            )


# ----------------------------------------------------------------------------------------
# edge-cases.yaml: the construct checklist
# ----------------------------------------------------------------------------------------


def _edge() -> dict[str, Json]:
    return load(EDGE)


def _params() -> list[tuple[Json, Json]]:
    raw = _edge()
    return [(p, r) for _ptr, p, r in all_params(raw)]


def _param_schema(p: Json) -> Json:
    return deref(_edge(), p.get("schema", {}))


def _query(name: str) -> list[Json]:
    return [r for _p, r in _params() if r["in"] == "query" and r["name"] == name]


def _nodes() -> list[tuple[str, Json]]:
    return list(schema_nodes(_edge()))


def _components() -> dict[str, Json]:
    return _edge()["components"]["schemas"]


def _has_enum(pred: Callable[[list[Json]], bool]) -> bool:
    return any(isinstance(n.get("enum"), list) and pred(n["enum"]) for _p, n in _nodes())


def _props_of(schema: Json) -> set[str]:
    schema = deref(_edge(), schema)
    names = set(schema.get("properties", {}))
    for sub in schema.get("allOf", []):
        names |= _props_of(sub)
    return names


def _response_contents() -> list[tuple[str, str, str, dict[str, Json]]]:
    return [(p, m, s, r.get("content", {})) for p, m, s, _raw, r in responses(_edge())]


def _binary_response(ctype: str) -> bool:
    return any(
        ctype in c and c[ctype].get("schema", {}).get("format") == "binary"
        for *_x, c in _response_contents()
    )


def _ref_siblings() -> set[str]:
    keys: set[str] = set()
    for _p, node in walk(_edge()):
        if isinstance(node, dict) and "$ref" in node:
            keys |= set(node) - {"$ref"}
    return keys


def _schema_refs(node: Json) -> set[str]:
    return {
        n["$ref"].split("/")[-1]
        for _p, n in walk(node)
        if isinstance(n, dict) and str(n.get("$ref", "")).startswith("#/components/schemas/")
    }


def _cycles_of_size(minimum: int) -> bool:
    """Is there a strongly connected set of at least ``minimum`` component schemas?"""
    graph = {name: _schema_refs(schema) for name, schema in _components().items()}

    def reach(start: str) -> set[str]:
        seen, todo = set(), [start]
        while todo:
            for nxt in graph.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    reachable = {n: reach(n) for n in graph}
    return any(len({m for m in reachable[n] if n in reachable[m]}) >= minimum for n in graph)


def _ops() -> list[tuple[str, str, dict[str, Json], dict[str, Json]]]:
    return list(operations(_edge()))


def _pagination(meta_keys: set[str], param_check: Callable[[list[Json]], bool]) -> bool:
    raw = _edge()
    for _path, method, op, item in _ops():
        if method != "get":
            continue
        content = deref(raw, op["responses"].get("200", {})).get("content", {})
        schema = deref(raw, content.get("application/json", {}).get("schema", {}))
        props = schema.get("properties", {})
        if deref(raw, props.get("data", {})).get("type") != "array":
            continue
        meta = deref(raw, props.get("meta", {}))
        if meta_keys <= set(meta.get("properties", {})) and param_check(op_params(raw, op, item)):
            return True
    return False


def _data_only_list() -> bool:
    raw = _edge()
    for _path, method, op, _item in _ops():
        content = deref(raw, op["responses"].get("200", {})).get("content", {})
        schema = deref(raw, content.get("application/json", {}).get("schema", {}))
        data_only = method == "get" and set(schema.get("properties", {})) == {"data"}
        if data_only and deref(raw, schema["properties"]["data"]).get("type") == "array":
            return True
    return False


def _webhooks_ok() -> bool:
    raw = _edge()
    hooks = list(webhook_operations(raw))
    if len(hooks) < 3 or not {"callForkStarted", "fax.sending.started"} <= set(raw["webhooks"]):
        return False
    for _name, _method, op in hooks:
        headers = {
            deref(raw, p)["name"] for p in op["parameters"] if deref(raw, p)["in"] == "header"
        }
        if headers != {"telnyx-timestamp", "telnyx-signature-ed25519"}:
            return False
        event = deref(raw, op["requestBody"]["content"]["application/json"]["schema"])
        data = deref(raw, event["properties"]["data"])
        if not {"event_type", "id", "occurred_at", "payload"} <= set(data["properties"]):
            return False
        if "const" not in data["properties"]["event_type"]:
            return False
        if op["responses"]["200"].get("content"):
            return False
    return True


FORMATS = {
    "uuid",
    "date-time",
    "date",
    "uri",
    "int32",
    "int64",
    "float",
    "binary",
    "email",
    "byte",
    "time",
}
PROPERTY_NAMES = {
    "from", "in", "pass", "async", "match", "model_config", "model_id", "address.id", "25", "0",
    "timestamp_granularities[]", "phone_number[contains]", "Interaction Data",
}  # fmt: skip

CHECKLIST: dict[str, Callable[[], bool]] = {
    # --- parameters
    "param in path": lambda: any(r["in"] == "path" for _p, r in _params()),
    "param in query": lambda: any(r["in"] == "query" for _p, r in _params()),
    "param in header": lambda: any(r["in"] == "header" for _p, r in _params()),
    "query form array explode=true": lambda: any(
        r["in"] == "query"
        and _param_schema(r).get("type") == "array"
        and r.get("style", "form") == "form"
        and r.get("explode", True) is True
        for _p, r in _params()
    ),
    "query form array explode=false": lambda: any(
        r["in"] == "query"
        and _param_schema(r).get("type") == "array"
        and r.get("style", "form") == "form"
        and r.get("explode") is False
        for _p, r in _params()
    ),
    "deepObject param nested two levels": lambda: any(
        r.get("style") == "deepObject"
        and r.get("explode") is True
        and any(
            deref(_edge(), s).get("type") == "object"
            for s in _param_schema(r).get("properties", {}).values()
        )
        for _p, r in _params()
    ),
    "deepObject page param": lambda: any(r.get("style") == "deepObject" for r in _query("page")),
    "flat page[number]": lambda: bool(_query("page[number]")),
    "flat page[size]": lambda: bool(_query("page[size]")),
    "flat filter[record_created_at][gte]": lambda: bool(_query("filter[record_created_at][gte]")),
    "header Idempotency-Key": lambda: any(
        r["in"] == "header" and r["name"] == "Idempotency-Key" for _p, r in _params()
    ),
    "path param advanced-order-id": lambda: any(
        r["in"] == "path" and r["name"] == "advanced-order-id" for _p, r in _params()
    ),
    "query param from": lambda: bool(_query("from")),
    "query param metadata->assistant_id": lambda: bool(_query("metadata->assistant_id")),
    "query param metadata.assistant_id": lambda: bool(_query("metadata.assistant_id")),
    "object query param without style": lambda: any(
        r["in"] == "query"
        and _param_schema(r).get("type") == "object"
        and "style" not in r
        and "explode" not in r
        for _p, r in _params()
    ),
    "param via components/parameters": lambda: any("$ref" in p for p, _r in _params()),
    "param with examples map": lambda: any("examples" in r for _p, r in _params()),
    # --- request bodies
    "json body with required, optional and nullable fields": lambda: any(
        ctype == "application/json"
        and (s := deref(_edge(), media["schema"])).get("required")
        and set(s.get("properties", {})) - set(s["required"])
        and any(allows_null(deref(_edge(), v)) for v in s.get("properties", {}).values())
        for _p, _m, ctype, media, _b in request_media(_edge())
    ),
    "multipart with binary part, fields and encoding": lambda: any(
        ctype == "multipart/form-data"
        and media.get("encoding")
        and any(
            deref(_edge(), v).get("format") == "binary"
            for v in deref(_edge(), media["schema"])["properties"].values()
        )
        and any(
            deref(_edge(), v).get("format") != "binary"
            for v in deref(_edge(), media["schema"])["properties"].values()
        )
        for _p, _m, ctype, media, _b in request_media(_edge())
    ),
    "form-urlencoded body": lambda: any(
        c == "application/x-www-form-urlencoded" for _p, _m, c, _x, _b in request_media(_edge())
    ),
    "octet-stream body": lambda: any(
        c == "application/octet-stream" for _p, _m, c, _x, _b in request_media(_edge())
    ),
    "*/* body": lambda: any(c == "*/*" for _p, _m, c, _x, _b in request_media(_edge())),
    "op accepting json and multipart": lambda: any(
        {"application/json", "multipart/form-data"}
        <= set(deref(_edge(), op["requestBody"])["content"])
        for _p, _m, op, _i in _ops()
        if "requestBody" in op
    ),
    "inline oneOf body": lambda: any(
        "oneOf" in media["schema"] for _p, _m, _c, media, _b in request_media(_edge())
    ),
    "body via components/requestBodies": lambda: any(
        "$ref" in b for _p, _m, _c, _x, b in request_media(_edge())
    ),
    # --- responses
    "200 and 201 on one op": lambda: any(
        {"200", "201"} <= set(op["responses"]) for _p, _m, op, _i in _ops()
    ),
    "202 and 207 on one op": lambda: any(
        {"202", "207"} <= set(op["responses"]) for _p, _m, op, _i in _ops()
    ),
    "4XX response": lambda: any(s == "4XX" for _p, _m, s, _c in _response_contents()),
    "default response": lambda: any(s == "default" for _p, _m, s, _c in _response_contents()),
    "204 without content": lambda: any(
        s == "204" and not c for _p, _m, s, c in _response_contents()
    ),
    "binary application/pdf": lambda: _binary_response("application/pdf"),
    "binary audio/wav": lambda: _binary_response("audio/wav"),
    "binary application/octet-stream": lambda: _binary_response("application/octet-stream"),
    "text/plain response": lambda: any("text/plain" in c for *_x, c in _response_contents()),
    "text/csv and json on one response": lambda: any(
        {"text/csv", "application/json"} <= set(c) for *_x, c in _response_contents()
    ),
    "text/event-stream response": lambda: any(
        "text/event-stream" in c for *_x, c in _response_contents()
    ),
    "response with headers": lambda: any(
        r.get("headers") for _p, _m, _s, _raw, r in responses(_edge())
    ),
    "header via components/headers": lambda: bool(_edge()["components"].get("headers")),
    "*/* response": lambda: any("*/*" in c for *_x, c in _response_contents()),
    "response via components/responses": lambda: any(
        "$ref" in raw for _p, _m, _s, raw, _r in responses(_edge())
    ),
    "inline data envelope": lambda: any(
        "data" in media.get("schema", {}).get("properties", {})
        for *_x, c in _response_contents()
        for media in c.values()
    ),
    "inline object without properties": lambda: any(
        media.get("schema", {}).get("type") == "object" and "properties" not in media["schema"]
        for *_x, c in _response_contents()
        for media in c.values()
    ),
    "media examples via components/examples": lambda: any(
        "$ref" in ex
        for _p, n in walk(_edge())
        if isinstance(n, dict) and isinstance(n.get("examples"), dict)
        for ex in n["examples"].values()
        if isinstance(ex, dict)
    ),
    # --- enums and const
    "enum value with comma and space": lambda: _has_enum(lambda e: "Chicago, IL" in e),
    "enum value with dashes": lambda: _has_enum(lambda e: "record-from-answer" in e),
    "enum with empty string": lambda: _has_enum(lambda e: "" in e),
    "enum values differing only in case": lambda: _has_enum(
        lambda e: "minimax" in e and "Minimax" in e
    ),
    "enum values starting with a digit": lambda: _has_enum(
        lambda e: any(isinstance(v, str) and v[:1].isdigit() for v in e)
    ),
    "integer enum": lambda: _has_enum(
        lambda e: all(isinstance(v, int) and not isinstance(v, bool) for v in e)
    ),
    "boolean enum": lambda: _has_enum(lambda e: all(isinstance(v, bool) for v in e)),
    "nullable enum with null value": lambda: any(
        None in (n.get("enum") or [1]) and types_of(n) == {"string", "null"} for _p, n in _nodes()
    ),
    "single-value enum": lambda: _has_enum(lambda e: len(e) == 1),
    "const": lambda: any("const" in n for _p, n in _nodes()),
    # --- combinators
    "oneOf + discriminator with mapping": lambda: any(
        "oneOf" in n and n.get("discriminator", {}).get("mapping") for _p, n in _nodes()
    ),
    "oneOf + discriminator without mapping": lambda: any(
        "oneOf" in n and "discriminator" in n and "mapping" not in n["discriminator"]
        for _p, n in _nodes()
    ),
    "anyOf with a null branch": lambda: any(
        any(deref(_edge(), b).get("type") == "null" for b in n.get("anyOf", []))
        for _p, n in _nodes()
    ),
    "oneOf with a null branch": lambda: any(
        any(deref(_edge(), b).get("type") == "null" for b in n.get("oneOf", []))
        for _p, n in _nodes()
    ),
    "allOf with overlapping properties": lambda: any(
        len(n.get("allOf", [])) > 1
        and any(
            _props_of(a) & _props_of(b)
            for i, a in enumerate(n["allOf"])
            for b in n["allOf"][i + 1 :]
        )
        for _p, n in _nodes()
    ),
    "single-branch allOf with siblings": lambda: any(
        len(n.get("allOf", [])) == 1 and set(n) - {"allOf"} for _p, n in _nodes()
    ),
    "not": lambda: any("not" in n for _p, n in _nodes()),
    "required names an undeclared property": lambda: any(
        set(n.get("required", [])) - set(n.get("properties", {})) and "properties" in n
        for _p, n in _nodes()
    ),
    # --- nullability
    "3.0-style nullable: true": lambda: any(
        n.get("nullable") is True and "$ref" not in n for _p, n in _nodes()
    ),
    "3.1 type [string, null]": lambda: any(
        types_of(n) == {"string", "null"} and isinstance(n.get("type"), list) for _p, n in _nodes()
    ),
    "type: null branch": lambda: any(n.get("type") == "null" for _p, n in _nodes()),
    "default: null": lambda: any("default" in n and n["default"] is None for _p, n in _nodes()),
    "non-null default": lambda: any(
        n.get("default") not in (None,) for _p, n in _nodes() if "default" in n
    ),
    # --- $ref siblings and aliases
    "$ref with description sibling": lambda: "description" in _ref_siblings(),
    "$ref with nullable sibling": lambda: "nullable" in _ref_siblings(),
    "$ref with default sibling": lambda: "default" in _ref_siblings(),
    "pure alias component": lambda: any(set(s) == {"$ref"} for s in _components().values()),
    # --- objects and maps
    "additionalProperties: true": lambda: any(
        n.get("additionalProperties") is True for _p, n in _nodes()
    ),
    "additionalProperties: false": lambda: any(
        n.get("additionalProperties") is False for _p, n in _nodes()
    ),
    "additionalProperties: schema": lambda: any(
        isinstance(n.get("additionalProperties"), dict) for _p, n in _nodes()
    ),
    "free-form object": lambda: any(
        n.get("type") == "object"
        and not ({"properties", "additionalProperties", "allOf", "oneOf", "anyOf"} & set(n))
        for _p, n in _nodes()
    ),
    # --- recursion
    "self-referencing schema": lambda: any(
        name in _schema_refs(s) for name, s in _components().items()
    ),
    "mutually recursive group of 3+ schemas": lambda: _cycles_of_size(3),
    # --- read/write, formats, deprecation
    "readOnly": lambda: any(n.get("readOnly") is True for _p, n in _nodes()),
    "writeOnly": lambda: any(n.get("writeOnly") is True for _p, n in _nodes()),
    **{
        f"format {fmt}": (lambda fmt=fmt: any(n.get("format") == fmt for _p, n in _nodes()))  # type: ignore[misc]
        for fmt in sorted(FORMATS)
    },
    "x-format E164": lambda: any(n.get("x-format") == "E164" for _p, n in _nodes()),
    "deprecated schema": lambda: any(s.get("deprecated") is True for s in _components().values()),
    "deprecated property": lambda: any(
        deref(_edge(), v).get("deprecated") is True
        for _p, n in _nodes()
        for v in n.get("properties", {}).values()
    ),
    # --- names
    **{
        f"property name {name!r}": (
            lambda name=name: any(name in n.get("properties", {}) for _p, n in _nodes())  # type: ignore[misc]
        )
        for name in sorted(PROPERTY_NAMES)
    },
    "camelCase property": lambda: any(
        re.fullmatch(r"[a-z]+(?:[A-Z][a-z0-9]*)+", k)
        for _p, n in _nodes()
        for k in n.get("properties", {})
    ),
    "colliding schema titles": lambda: (
        _components()["BucketNotFoundError"]["title"]
        == _components()["HTTPValidationError"]["title"]
        == "HTTPValidationError"
    ),
    "operationIds differing only in case": lambda: (
        {"getMdrUsageReports", "GetMdrUsageReports"}
        <= {op["operationId"] for _p, _m, op, _i in _ops()}
    ),
    "path starting with /v2 under a /v2 server": lambda: (
        _edge()["servers"][0]["url"].endswith("/v2")
        and any(p.startswith("/v2/") for p, _m, _o, _i in _ops())
    ),
    # --- pagination
    "page-number list with deepObject page": lambda: _pagination(
        {"total_pages"},
        lambda ps: any(p["name"] == "page" and p.get("style") == "deepObject" for p in ps),
    ),
    "page-number list with flat page[number]/page[size]": lambda: _pagination(
        {"total_pages"}, lambda ps: {"page[number]", "page[size]"} <= {p["name"] for p in ps}
    ),
    "cursor list with page[after]/page[before]": lambda: _pagination(
        {"cursors"}, lambda ps: {"page[after]", "page[before]"} <= {p["name"] for p in ps}
    ),
    "list returning only data": _data_only_list,
    # --- security
    "global bearer security": lambda: (
        _edge()["security"] == [{"bearerAuth": []}]
        and _edge()["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    ),
    "op with security: []": lambda: any(op.get("security") == [] for _p, _m, op, _i in _ops()),
    "op with oauth2": lambda: any(
        _edge()["components"]["securitySchemes"][k]["type"] == "oauth2"
        for _p, _m, op, _i in _ops()
        for req in op.get("security", [])
        for k in req
    ),
    # --- servers, deprecation, hiding
    "path-level servers": lambda: any("servers" in item for _p, _m, _o, item in _ops()),
    "operation-level servers": lambda: any("servers" in op for _p, _m, op, _i in _ops()),
    "deprecated op with x-sdk-deprecation-message": lambda: any(
        op.get("deprecated") is True and op.get("x-sdk-deprecation-message")
        for _p, _m, op, _i in _ops()
    ),
    "x-hidden op": lambda: any(op.get("x-hidden") is True for _p, _m, op, _i in _ops()),
    # --- tags
    "tags declared": lambda: bool(_edge().get("tags")),
    "tag used but not declared": lambda: bool(
        {t for _p, _m, op, _i in _ops() for t in op.get("tags", [])}
        - {t["name"] for t in _edge()["tags"]}
    ),
    "tag declared but unused": lambda: bool(
        {t["name"] for t in _edge()["tags"]}
        - {t for _p, _m, op, _i in _ops() for t in op.get("tags", [])}
        - {t for _n, _m, op in webhook_operations(_edge()) for t in op.get("tags", [])}
    ),
    "op without tag": lambda: any(not op.get("tags") for _p, _m, op, _i in _ops()),
    # --- webhooks
    "3 webhooks with signature headers and event envelopes": _webhooks_ok,
}


@pytest.mark.parametrize("construct", sorted(CHECKLIST))
def test_edge_cases_cover(construct: str) -> None:
    assert CHECKLIST[construct](), f"edge-cases.yaml no longer contains: {construct}"


def test_edge_cases_size() -> None:
    raw = _edge()
    ops = _ops()
    assert 25 <= len(ops) <= 45, "keep the edge-case spec small"
    assert len(list(webhook_operations(raw))) == 3
    # every operation is reachable by a client: no path uses a construct Prism cannot route
    assert all(path.startswith("/") for path, _m, _o, _i in ops)
