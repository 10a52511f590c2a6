"""The example engine: values come from the spec, fit their own schemas, and fit the
generated methods' signatures and models."""

from __future__ import annotations

import inspect
import json
import re
import uuid
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import pydantic
import pytest

from generator import ir
from generator.config import Config
from generator.examples import (
    FORMAT_VALUES,
    OperationExample,
    check_value,
    example_value,
    operation_example,
    value_from_pattern,
)
from generator.pipeline import load_and_build

from .conftest import EMBEDDED, SPECS, Generated


@cache
def api_of(spec: str) -> ir.Api:
    _, api, _ = load_and_build(spec, Config(package="examples_test"), use_cache=False)
    return api


def embedded_api(name: str) -> ir.Api:
    return api_of(str(SPECS / f"{name}.yaml"))


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def request_problems(api: ir.Api, op: ir.Operation, ex: OperationExample) -> list[str]:
    """Every part of an example checked against its own schema in the IR."""
    problems: list[str] = []
    params = {p.wire_name: p for p in op.params}
    for name, value in ex.path_params:
        problems += [f"path {name}{p}" for p in check_value(api, params[name].type, value, params[name].constraints)]
    kwargs = dict(ex.kwargs)
    for p in op.params:
        if p.location == "query" and p.py_name in kwargs:
            problems += [f"query {p.wire_name}{x}" for x in check_value(api, p.type, kwargs[p.py_name], p.constraints)]
        if p.location in ("query", "header", "path") and p.required and p.py_name not in kwargs and p.location != "path":
            problems.append(f"required {p.location} parameter {p.wire_name} missing")
    if op.bodies and ex.body_kind in ("json", "form", "multipart"):
        body = op.bodies[0]
        if isinstance(ex.body, dict) and body.flattened:
            files = {f for f, *_ in ex.files}
            whole = {**ex.body, **dict.fromkeys(files, b"")}
            problems += [f"body{x}" for x in check_value(api, body.type, whole)]
    return problems


# --------------------------------------------------------------------------- embedded specs


@pytest.mark.parametrize("name", sorted(EMBEDDED))
@pytest.mark.parametrize("required_only", [False, True])
def test_every_example_fits_its_own_schema(name: str, required_only: bool) -> None:
    api = embedded_api(name)
    bad = {}
    for op in api.operations:
        problems = request_problems(api, op, operation_example(api, op, required_only=required_only))
        if problems:
            bad[op.call] = problems
    assert bad == {}


@pytest.mark.parametrize("name", sorted(EMBEDDED))
def test_examples_are_deterministic_and_never_the_placeholder(name: str) -> None:
    api = embedded_api(name)
    for op in api.operations:
        first = operation_example(api, op)
        assert first == operation_example(api, op), op.call
        values = [v for _, v in first.query] + [v for _, v in first.path_params] + [v for _, v in first.headers]
        assert "string" not in _strings(values) + _strings(first.body), op.call


def _fixture(request: pytest.FixtureRequest, name: str) -> Generated:
    return request.getfixturevalue({"telnyx-sip-integrations": "sip_package", "edge-cases": "edge_package"}[name])


def _method(client: Any, call: str) -> Any:
    for part in call.split("."):
        client = getattr(client, part)
    return client


@pytest.mark.parametrize("name", sorted(EMBEDDED))
def test_examples_bind_to_the_generated_signatures(name: str, request: pytest.FixtureRequest) -> None:
    pkg = _fixture(request, name)
    mod: Any = pkg.import_()
    client = mod.Telnyx(api_key="k")
    api = embedded_api(name)
    for op in api.operations:
        for required_only in (False, True):
            ex = operation_example(api, op, required_only=required_only)
            signature = inspect.signature(_method(client, op.call))
            signature.bind(*ex.args, **dict(ex.kwargs))  # TypeError on a wrong or missing name


@pytest.mark.parametrize("name", sorted(EMBEDDED))
def test_json_bodies_validate_as_the_generated_models(name: str, request: pytest.FixtureRequest) -> None:
    """The generated pydantic model of each JSON body accepts the example (by wire name)."""
    pkg = _fixture(request, name)
    models: Any = pkg.import_("models")
    types_: Any = pkg.import_("types")
    api = embedded_api(name)
    named = {t.name: t for t in api.types}
    checked = 0
    for op in api.operations:
        ex = operation_example(api, op)
        body = op.bodies[0] if op.bodies else None
        if body is None or body.kind != "json" or not isinstance(body.type, ir.ModelRef):
            continue
        t = named[body.type.name]
        cls = getattr(models if t.module.startswith("models.") else types_, t.name)
        adapter = pydantic.TypeAdapter(cls)
        adapter.validate_python(ex.body)  # raises on a value the model rejects
        checked += 1
    assert checked >= 5


def test_edge_cases_examples_cover_the_constructs() -> None:
    api = embedded_api("edge-cases")
    by_call = {op.call: op for op in api.operations}

    calls = operation_example(api, by_call["calls.create"])
    assert isinstance(calls.body, dict)
    assert ("url" in calls.body) != ("texml" in calls.body), "oneOf property rules: url or texml, never both"

    listing = operation_example(api, by_call["widgets.list"])
    assert ("ids", "0b6e7f5a-3d2c-4b1a-9e8f-7a6b5c4d3e2f") in listing.query  # explode false
    assert [v for k, v in listing.query if k == "tag"] == ["blue", "small"]  # explode true
    assert ("page[number]", 1) in listing.query

    upload = operation_example(api, by_call["ai.audio.transcriptions"])
    assert upload.body_kind == "multipart" and [f[0] for f in upload.files] == ["file"]
    assert dict(upload.kwargs)["file"][1] == upload.files[0][2]

    raw = operation_example(api, by_call["storage.objects.update"])
    assert raw.body is None and raw.files[0][0] == "" and dict(raw.kwargs)["content"] == raw.files[0][2]

    token = operation_example(api, by_call["oauth.token"])
    assert token.content_type == "application/x-www-form-urlencoded" and isinstance(token.body, dict)

    widget = operation_example(api, by_call["widgets.retrieve"])
    uuid.UUID(str(widget.args[0]))

    minimal = operation_example(api, by_call["widgets.create"], required_only=True)
    assert set(dict(minimal.kwargs)) == {"name", "color"}
    full = operation_example(api, by_call["widgets.create"])
    assert {"idempotency_key", "size", "tags"} <= set(dict(full.kwargs))


# --------------------------------------------------------------------------- values


def test_format_values_are_valid() -> None:
    uuid.UUID(FORMAT_VALUES["uuid"])
    datetime.fromisoformat(FORMAT_VALUES["date-time"].replace("Z", "+00:00"))
    assert re.fullmatch(r"\+[1-9]\d{10,14}", FORMAT_VALUES["e164"])
    assert FORMAT_VALUES["uri"].startswith("https://") and "@" in FORMAT_VALUES["email"]


def _api_with(*types: ir.NamedType) -> ir.Api:
    return ir.Api(title="t", version="1", openapi_version="3.1.0", source_name="t.yaml", types=types)


def test_example_value_prefers_a_fitting_example_then_the_schema() -> None:
    api = _api_with()
    s = ir.Primitive("string", "uuid")
    assert example_value(api, s, example="not-a-uuid", has_example=True) == FORMAT_VALUES["uuid"]
    assert example_value(api, s, example="5f0c1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b", has_example=True) == "5f0c1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b"
    assert example_value(api, ir.Primitive("string"), example="string", has_example=True) == "example"  # the placeholder is not used
    assert example_value(api, ir.EnumType(("a", "b")), default="b", has_default=True) == "b"
    c = ir.Constraints(minimum=10, maximum=20)
    assert example_value(api, ir.Primitive("integer"), constraints=c) == 10
    assert example_value(api, ir.Primitive("integer"), constraints=ir.Constraints(minimum=0, exclusive_minimum=True)) == 1
    assert example_value(api, ir.Primitive("string"), constraints=ir.Constraints(min_length=10)) == "exampleexa"
    assert example_value(api, ir.ArrayType(ir.Primitive("integer")), constraints=ir.Constraints(min_items=2)) == [1, 1]


@pytest.mark.parametrize(
    "pattern",
    [
        r"^[A-Z]{2}$",
        r"^[A-Za-z0-9 -]{1,30}$",
        r"^wss?://",
        r"^\+\d{7,15}$",
        r"^[0-9]+(?:\.[0-9]+)?$",
        r"^([Aa]uto|[a-z]{2,3}(-[A-Za-z0-9]{2,8})*)$",
        r"^\+[1-9]\d{1,14}$",
        r"^C[A-Z0-9]{5,8}$",
        r"^[0-9]{5}(?:-[0-9]{4})?$",
        r"^[0-9A-D*#wW]*$",
        r"^[^@\s]+@[^@\s]+$",
    ],
)
def test_patterns_give_matching_strings(pattern: str) -> None:
    value = value_from_pattern(pattern)
    assert value is not None and re.search(pattern, value)
    assert re.search(pattern, str(example_value(_api_with(), ir.Primitive("string"), constraints=ir.Constraints(pattern=pattern))))


def test_e164_pattern_and_format_together_keep_the_format_value() -> None:
    value = example_value(_api_with(), ir.Primitive("string", "E164"), constraints=ir.Constraints(pattern=r"^\+[1-9]\d{1,14}$"))
    assert value == FORMAT_VALUES["e164"]


def test_check_value_finds_what_breaks_a_schema() -> None:
    model = ir.Model(
        name="Thing",
        module="models.thing",
        pointer="#/components/schemas/Thing",
        fields=(
            ir.Field("id", "id", ir.Primitive("string", "uuid"), True, "#/id", read_only=True),
            ir.Field("name", "name", ir.Primitive("string"), True, "#/name", constraints=ir.Constraints(max_length=3)),
            ir.Field("kind", "kind", ir.EnumType(("a", "b")), False, "#/kind"),
            ir.Field("count", "count", ir.Primitive("integer"), False, "#/count"),
            ir.Field("url", "url", ir.Primitive("string"), False, "#/url"),
            ir.Field("texml", "texml", ir.Primitive("string"), False, "#/texml"),
        ),
        extra=False,
        rules=(ir.PropertyRule("url", ("url",), ("texml",)), ir.PropertyRule("texml", ("texml",), ("url",))),
    )
    api = _api_with(model)
    t = ir.ModelRef("Thing")
    assert check_value(api, t, {"name": "abc", "url": "u"}) == []  # read-only id not needed in a request
    assert check_value(api, t, {"name": "abc", "url": "u"}, direction="response") != []
    problems = check_value(api, t, {"name": "abcd", "kind": "c", "count": True, "other": 1, "url": "u", "texml": "t"})
    text = "\n".join(problems)
    for expected in ("longer than 3", "'c' is not one of", "/count: is not a integer", "does not allow", "oneOf"):
        assert expected in text, (expected, problems)
    assert check_value(api, t, {"url": "u"}) == ["/: misses the required property 'name'"]
    assert check_value(api, ir.Nullable(ir.Primitive("boolean")), None) == []
    assert check_value(api, ir.Primitive("integer"), 1.5) != [] and check_value(api, ir.Primitive("integer"), 2.0) == []
    union = ir.UnionType((ir.Primitive("integer"), ir.Primitive("boolean")))
    assert check_value(api, union, True) == [] and check_value(api, union, "x") != []


# --------------------------------------------------------------------------- the full spec


@pytest.mark.slow
def test_full_spec_examples_fit_their_own_schemas(full_spec: Path) -> None:
    api = api_of(str(full_spec))
    bad = {}
    for op in api.operations:
        ex = operation_example(api, op)
        problems = request_problems(api, op, ex)
        if problems:
            bad[op.call] = problems[:3]
        json.dumps(ex.body)  # a JSON value
        assert all(v not in ("", None) for v in ex.args), op.call
    assert bad == {}
    assert len(api.operations) == 1156
