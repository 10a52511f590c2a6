"""The API changelog: each change class on small inline specs, the JSON schema, the markdown,
the ``diff`` command, and the two real Telnyx specs (slow)."""

from __future__ import annotations

import copy
import json
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import ir
from generator.build import build_api
from generator.cli import main
from generator.config import Config
from generator.diff import (
    CHANGES,
    SUBJECTS,
    Change,
    Changelog,
    diff_apis,
    first_run,
    suggested_bump,
    to_json,
    to_markdown,
    type_text,
)
from generator.load import load_spec
from generator.pipeline import load_and_build

# --------------------------------------------------------------------------- helpers


def doc(paths: dict[str, Any] | None = None, schemas: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Test API", "version": "1.0.0"},
        "servers": [{"url": "https://api.example.com/v2"}],
        "paths": paths or {},
        "components": {"schemas": schemas or {}},
    }


def build(d: dict[str, Any], name: str, config: Config | None = None) -> ir.Api:
    api, diags = build_api(d, config or Config(), source_name=name)
    errors = [x.format() for x in diags if x.level == "error"]
    assert not errors, errors
    return api


def diff(old: dict[str, Any], new: dict[str, Any], *, new_config: Config | None = None) -> Changelog:
    return diff_apis(build(old, "old.yaml"), build(new, "new.yaml", new_config))


def kinds(log: Changelog) -> set[tuple[str, bool, str | None, str | None]]:
    """(kind, breaking, call or model, name) of every change."""
    return {(c.kind, c.breaking, c.call or c.model, c.name) for c in log.changes}


def ok(schema: dict[str, Any]) -> dict[str, Any]:
    return {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}


WIDGET = {
    "type": "object",
    "required": ["id"],
    "properties": {
        "id": {"type": "string"},
        "name": {"type": "string"},
        "status": {"type": "string", "enum": ["active", "disabled"]},
        "size": {"type": "integer"},
    },
}
WIDGET_RESPONSE = ok({"type": "object", "properties": {"data": {"$ref": "#/components/schemas/Widget"}}})
CREATE_BODY = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["name"],
                "properties": {"name": {"type": "string"}, "color": {"type": "string", "enum": ["red", "blue"]}, "count": {"type": "integer"}},
            }
        }
    },
}


def base() -> dict[str, Any]:
    """/widgets (list with a page/filter query, create with a body) and /widgets/{id} (retrieve, delete)."""
    d = doc(
        paths={
            "/widgets": {
                "get": {
                    "operationId": "ListWidgets",
                    "parameters": [
                        {"name": "page[number]", "in": "query", "schema": {"type": "integer"}},
                        {"name": "filter[kind]", "in": "query", "schema": {"type": "string", "enum": ["a", "b"]}},
                        {"name": "limit", "in": "query", "schema": {"type": "number"}},
                    ],
                    "responses": ok({"type": "object", "properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/Widget"}}}}),
                },
                "post": {"operationId": "CreateWidget", "requestBody": copy.deepcopy(CREATE_BODY), "responses": copy.deepcopy(WIDGET_RESPONSE)},
            },
            "/widgets/{id}": {
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "get": {"operationId": "GetWidget", "responses": copy.deepcopy(WIDGET_RESPONSE)},
                "delete": {"operationId": "DeleteWidget", "responses": {"204": {"description": "gone"}}},
            },
        },
        schemas={"Widget": WIDGET},
    )
    return copy.deepcopy(d)


def edited(fn: Any) -> dict[str, Any]:
    new = base()
    fn(new)
    return new


def params(d: dict[str, Any]) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = d["paths"]["/widgets"]["get"]["parameters"]
    return result


def body_schema(d: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = d["paths"]["/widgets"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    return result


# --------------------------------------------------------------------------- nothing changed


def test_identical_specs_have_no_changes_and_a_patch_bump() -> None:
    log = diff(base(), base())
    assert log.changes == ()
    assert suggested_bump(log) == "patch"
    assert to_markdown(log).rstrip().endswith("Suggested version bump: patch")


def test_descriptions_examples_and_ordering_are_not_changes() -> None:
    def fn(d: dict[str, Any]) -> None:
        d["paths"]["/widgets"]["get"]["description"] = "Lists the widgets, now with more words."
        d["components"]["schemas"]["Widget"]["properties"]["name"]["description"] = "A name."
        d["components"]["schemas"]["Widget"]["properties"]["name"]["example"] = "gizmo"
        d["paths"] = dict(reversed(list(d["paths"].items())))

    assert diff(base(), edited(fn)).changes == ()


# --------------------------------------------------------------------------- operations


def test_operation_added_and_removed_by_method_and_path() -> None:
    def fn(d: dict[str, Any]) -> None:
        del d["paths"]["/widgets/{id}"]["delete"]
        d["paths"]["/gadgets"] = {"get": {"operationId": "ListGadgets", "responses": ok({"type": "string"})}}

    log = diff(base(), edited(fn))
    assert kinds(log) == {
        ("operation_removed", True, "client.widgets.delete", None),
        ("operation_added", False, "client.gadgets.retrieve", None),
    }
    removed = next(c for c in log.changes if c.change == "removed")
    assert (removed.method, removed.path, removed.operation_id) == ("DELETE", "/widgets/{id}", "DeleteWidget")
    assert (removed.pointer, removed.pointer_in) == ("#/paths/~1widgets~1{id}/delete", "old")
    assert log.changes[0].breaking  # breaking first


def test_new_operation_id_with_the_same_call_is_a_non_breaking_rename() -> None:
    log = diff(base(), edited(lambda d: d["paths"]["/widgets"]["get"].update(operationId="WidgetsIndex")))
    (change,) = log.changes
    assert (change.kind, change.breaking, change.call) == ("operation_renamed", False, "client.widgets.list")
    assert "ListWidgets" in change.message and "WidgetsIndex" in change.message


def test_new_python_call_for_the_same_method_and_path_is_a_breaking_rename() -> None:
    config = Config(operation_names=(("ListWidgets", "widgets.list_all"),))
    log = diff(base(), base(), new_config=config)
    (change,) = [c for c in log.changes if c.subject == "operation"]
    assert (change.kind, change.breaking, change.old, change.new) == ("operation_renamed", True, "client.widgets.list", "client.widgets.list_all")


def test_deprecating_an_operation_is_not_breaking() -> None:
    log = diff(base(), edited(lambda d: d["paths"]["/widgets"]["get"].update(deprecated=True)))
    assert kinds(log) == {("operation_deprecated", False, "client.widgets.list", None)}
    assert suggested_bump(log) == "minor"


# --------------------------------------------------------------------------- parameters


def test_parameter_added_optional_and_required() -> None:
    def fn(d: dict[str, Any]) -> None:
        params(d).append({"name": "sort", "in": "query", "schema": {"type": "string"}})
        params(d).append({"name": "X-Account", "in": "header", "required": True, "schema": {"type": "string"}})

    log = diff(base(), edited(fn))
    assert kinds(log) == {
        ("parameter_added", False, "client.widgets.list", "sort"),
        ("parameter_added", True, "client.widgets.list", "x_account"),
    }
    sort = next(c for c in log.changes if c.name == "sort")
    assert (sort.location, sort.wire_name, sort.new, sort.direction) == ("query", "sort", "str", "input")
    assert sort.pointer == "#/paths/~1widgets/get/parameters/3"


def test_parameter_removed_and_made_required_are_breaking() -> None:
    def fn(d: dict[str, Any]) -> None:
        ps = params(d)
        ps[:] = [p for p in ps if p["name"] != "page[number]"]
        ps[-1]["required"] = True

    log = diff(base(), edited(fn))
    assert kinds(log) == {
        ("parameter_removed", True, "client.widgets.list", "page_number"),
        ("parameter_made_required", True, "client.widgets.list", "limit"),
    }
    removed = next(c for c in log.changes if c.change == "removed")
    assert (removed.pointer_in, removed.wire_name) == ("old", "page[number]")


def test_parameter_made_optional_is_not_breaking() -> None:
    def fn(d: dict[str, Any]) -> None:
        params(d)[2]["required"] = True

    assert kinds(diff(edited(fn), base())) == {("parameter_made_optional", False, "client.widgets.list", "limit")}


def test_parameter_type_narrowed_is_breaking_widened_is_not() -> None:
    narrowed = edited(lambda d: params(d)[2]["schema"].update(type="integer"))
    assert kinds(diff(base(), narrowed)) == {("parameter_type_changed", True, "client.widgets.list", "limit")}
    assert kinds(diff(narrowed, base())) == {("parameter_type_changed", False, "client.widgets.list", "limit")}
    (change,) = diff(base(), narrowed).changes
    assert (change.old, change.new) == ("float", "int")
    assert "narrowed" in change.message


def test_parameter_type_changed_incompatibly_is_breaking() -> None:
    log = diff(base(), edited(lambda d: params(d)[0]["schema"].update(type="boolean")))
    assert kinds(log) == {("parameter_type_changed", True, "client.widgets.list", "page_number")}


def test_parameter_enum_values_added_and_removed() -> None:
    log = diff(base(), edited(lambda d: params(d)[1]["schema"].update(enum=["a", "c", "d"])))
    assert kinds(log) == {
        ("parameter_enum_value_added", False, "client.widgets.list", "filter_kind"),
        ("parameter_enum_value_removed", True, "client.widgets.list", "filter_kind"),
    }
    by = {c.change: c.values for c in log.changes}
    assert by == {"enum_value_added": ("c", "d"), "enum_value_removed": ("b",)}


def test_parameter_nullability_and_deprecation() -> None:
    def fn(d: dict[str, Any]) -> None:
        params(d)[2]["schema"]["type"] = ["number", "null"]
        params(d)[0]["deprecated"] = True

    log = diff(base(), edited(fn))
    assert kinds(log) == {
        ("parameter_made_nullable", False, "client.widgets.list", "limit"),
        ("parameter_deprecated", False, "client.widgets.list", "page_number"),
    }
    assert kinds(diff(edited(fn), base())) == {
        ("parameter_made_non_nullable", True, "client.widgets.list", "limit"),
        ("parameter_undeprecated", False, "client.widgets.list", "page_number"),
    }


def test_a_format_that_keeps_the_python_type_is_no_change() -> None:
    log = diff(base(), edited(lambda d: params(d)[1]["schema"].update(format="uuid")))
    assert log.changes == ()


# --------------------------------------------------------------------------- request bodies


def test_request_fields_added_removed_required_and_retyped() -> None:
    def fn(d: dict[str, Any]) -> None:
        s = body_schema(d)
        s["properties"]["shape"] = {"type": "string"}  # optional: fine
        s["properties"]["owner"] = {"type": "string"}
        s["required"].append("owner")  # new required argument: breaking
        del s["properties"]["count"]  # removed: breaking
        s["required"].append("color")  # made required: breaking
        s["properties"]["color"]["enum"] = ["red", "blue", "green"]  # value added: fine

    log = diff(base(), edited(fn))
    call = "client.widgets.create"
    assert kinds(log) == {
        ("request_field_added", False, call, "shape"),
        ("request_field_added", True, call, "owner"),
        ("request_field_removed", True, call, "count"),
        ("request_field_made_required", True, call, "color"),
        ("request_field_enum_value_added", False, call, "color"),
    }
    # the body is only ever the method's keyword arguments: not repeated as model changes
    assert not [c for c in log.changes if c.subject in ("model", "field")]


def test_request_field_type_widened_is_not_breaking() -> None:
    log = diff(base(), edited(lambda d: body_schema(d)["properties"]["count"].update(type=["integer", "string"])))
    (change,) = log.changes
    assert (change.kind, change.breaking, change.old, change.new) == ("request_field_type_changed", False, "int", "int | str")


def test_request_body_added_and_removed() -> None:
    def fn(d: dict[str, Any]) -> None:
        d["paths"]["/widgets/{id}"]["delete"]["requestBody"] = copy.deepcopy(CREATE_BODY)  # required, with a required field

    log = diff(base(), edited(fn))
    assert kinds(log) == {("request_body_added", True, "client.widgets.delete", None)}
    assert kinds(diff(edited(fn), base())) == {("request_body_removed", True, "client.widgets.delete", None)}

    def optional(d: dict[str, Any]) -> None:
        d["paths"]["/widgets/{id}"]["delete"]["requestBody"] = {**copy.deepcopy(CREATE_BODY), "required": False}

    assert kinds(diff(base(), edited(optional))) == {("request_body_added", False, "client.widgets.delete", None)}


# --------------------------------------------------------------------------- responses and models


def test_response_side_model_changes_follow_output_rules() -> None:
    def fn(d: dict[str, Any]) -> None:
        w = d["components"]["schemas"]["Widget"]
        w["properties"]["created_at"] = {"type": "string", "format": "date-time"}
        w["properties"]["serial"] = {"type": "string"}
        w["required"] += ["serial", "name"]  # a new required field, and one made required: both fine when received
        del w["properties"]["size"]  # removed: breaking
        w["properties"]["status"]["enum"] = ["active", "disabled", "archived"]  # lenient parsing: fine

    log = diff(base(), edited(fn))
    assert kinds(log) == {
        ("field_added", False, "Widget", "created_at"),
        ("field_added", False, "Widget", "serial"),
        ("field_made_required", False, "Widget", "name"),
        ("field_removed", True, "Widget", "size"),
        ("field_enum_value_added", False, "Widget", "status"),
    }
    removed = next(c for c in log.changes if c.change == "removed")
    assert removed.direction == "output"
    assert removed.calls == ("client.widgets.create", "client.widgets.list", "client.widgets.retrieve")
    assert removed.call is None and removed.model == "Widget"
    assert (removed.pointer, removed.pointer_in) == ("#/components/schemas/Widget/properties/size", "old")


def test_response_field_made_optional_nullable_or_widened_is_breaking() -> None:
    def fn(d: dict[str, Any]) -> None:
        w = d["components"]["schemas"]["Widget"]
        w["required"] = []
        w["properties"]["name"]["type"] = ["string", "null"]
        w["properties"]["size"]["type"] = "number"
        w["properties"]["status"]["enum"] = ["active"]

    log = diff(base(), edited(fn))
    assert kinds(log) == {
        ("field_made_optional", True, "Widget", "id"),
        ("field_made_nullable", True, "Widget", "name"),
        ("field_type_changed", True, "Widget", "size"),
        ("field_enum_value_removed", True, "Widget", "status"),
    }
    # and the other way round: received values get narrower, which is fine
    assert {(k, b) for k, b, _, _ in kinds(diff(edited(fn), base()))} == {
        ("field_made_required", False),
        ("field_made_non_nullable", False),
        ("field_type_changed", False),
        ("field_enum_value_added", False),
    }


def _with_shared_address(required: list[str]) -> dict[str, Any]:
    d = base()
    d["components"]["schemas"]["Address"] = {"type": "object", "required": required, "properties": {"street": {"type": "string"}, "zip": {"type": "string"}}}
    body_schema(d)["properties"]["address"] = {"$ref": "#/components/schemas/Address"}
    return d


def test_a_model_only_sent_follows_input_rules() -> None:
    old = _with_shared_address([])
    new = copy.deepcopy(old)
    new["components"]["schemas"]["Address"]["properties"]["city"] = {"type": "string"}
    new["components"]["schemas"]["Address"]["required"] = ["city"]
    assert kinds(diff(old, new)) == {("field_added", True, "Address", "city")}
    (change,) = diff(old, new).changes
    assert (change.direction, change.calls) == ("input", ("client.widgets.create",))
    relaxed = _with_shared_address(["zip"])
    assert kinds(diff(relaxed, old)) == {("field_made_optional", False, "Address", "zip")}


def test_a_model_sent_and_received_is_held_to_both_rules() -> None:
    old = _with_shared_address([])
    old["components"]["schemas"]["Widget"]["properties"]["address"] = {"$ref": "#/components/schemas/Address"}
    new = copy.deepcopy(old)
    new["components"]["schemas"]["Address"]["required"] = ["zip"]  # breaks senders
    assert kinds(diff(old, new)) == {("field_made_required", True, "Address", "zip")}
    assert kinds(diff(new, old)) == {("field_made_optional", True, "Address", "zip")}  # breaks receivers
    assert diff(old, new).changes[0].direction == "both"


def test_models_added_and_removed_are_component_schemas_only() -> None:
    def fn(d: dict[str, Any]) -> None:
        d["components"]["schemas"]["Gadget"] = {"type": "object", "properties": {"x": {"type": "string"}}}
        d["paths"]["/gadgets"] = {"get": {"operationId": "GetGadgets", "responses": ok({"type": "object", "properties": {"g": {"$ref": "#/components/schemas/Gadget"}}})}}

    log = diff(base(), edited(fn))
    assert kinds(log) == {("operation_added", False, "client.gadgets.retrieve", None), ("model_added", False, "Gadget", None)}
    assert kinds(diff(edited(fn), base())) == {("operation_removed", True, "client.gadgets.retrieve", None), ("model_removed", True, "Gadget", None)}


def test_enum_alias_values_and_kind_changes() -> None:
    def with_status(values: list[str]) -> dict[str, Any]:
        d = base()
        d["components"]["schemas"]["Status"] = {"type": "string", "enum": values}
        d["components"]["schemas"]["Widget"]["properties"]["status"] = {"$ref": "#/components/schemas/Status"}
        return d

    old, new = with_status(["active", "disabled"]), with_status(["active", "disabled", "archived"])
    assert kinds(diff(old, new)) == {("model_enum_value_added", False, "Status", None)}
    assert kinds(diff(new, old)) == {("model_enum_value_removed", True, "Status", None)}
    as_object = copy.deepcopy(old)
    as_object["components"]["schemas"]["Status"] = {"type": "object", "properties": {"value": {"type": "string"}}}
    assert kinds(diff(old, as_object)) == {("model_kind_changed", True, "Status", None)}


def test_return_type_changes() -> None:
    def model_changed(d: dict[str, Any]) -> None:
        d["components"]["schemas"]["Other"] = {"type": "object", "properties": {"x": {"type": "string"}}}
        d["paths"]["/widgets/{id}"]["get"]["responses"] = ok({"$ref": "#/components/schemas/Other"})

    log = diff(base(), edited(model_changed))
    assert ("response_type_changed", True, "client.widgets.retrieve", None) in kinds(log)
    change = next(c for c in log.changes if c.subject == "response")
    assert (change.old, change.new, change.direction) == ("WidgetsRetrieveResponse", "Other", "output")

    def binary(d: dict[str, Any]) -> None:
        d["paths"]["/widgets/{id}"]["get"]["responses"] = {"200": {"description": "file", "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}}}

    change = next(c for c in diff(base(), edited(binary)).changes if c.subject == "response")
    assert (change.breaking, change.old, change.new) == (True, "WidgetsRetrieveResponse", "BinaryResponse")

    def maybe_empty(d: dict[str, Any]) -> None:
        d["paths"]["/widgets/{id}"]["get"]["responses"]["204"] = {"description": "nothing"}

    assert kinds(diff(base(), edited(maybe_empty))) == {("response_made_nullable", True, "client.widgets.retrieve", None)}


def test_inline_model_renamed_with_its_call_is_reported_as_a_rename() -> None:
    config = Config(operation_names=(("GetWidget", "widgets.fetch"),))
    log = diff(base(), base(), new_config=config)
    assert ("operation_renamed", True, "client.widgets.fetch", None) in kinds(log)
    assert ("model_renamed", True, "WidgetsFetchResponse", "WidgetsFetchResponse") in kinds(log)


# --------------------------------------------------------------------------- output


def _busy_log() -> Changelog:
    def fn(d: dict[str, Any]) -> None:
        del d["paths"]["/widgets/{id}"]["delete"]
        params(d).append({"name": "sort", "in": "query", "schema": {"type": "string"}})
        d["components"]["schemas"]["Widget"]["properties"]["status"]["enum"] = ["active", "disabled", "archived"]
        del d["components"]["schemas"]["Widget"]["properties"]["size"]

    return diff(base(), edited(fn))


JSON_CHANGE_KEYS = {
    "kind", "subject", "change", "breaking", "direction", "call", "calls", "webhooks", "operation", "model",
    "name", "wire_name", "location", "old", "new", "values", "pointer", "pointer_in", "message",
}  # fmt: skip


def test_json_form_is_complete_stable_and_counted() -> None:
    log = _busy_log()
    data = to_json(log)
    assert set(data) == {"schema_version", "old", "new", "summary", "bump", "changes"}
    assert data["schema_version"] == 1 and data["bump"] == "major"
    assert data["old"] == {"source": "old.yaml", "title": "Test API", "version": "1.0.0", "operations": 4, "types": log.old.types if log.old else 0}
    for change in data["changes"]:
        assert set(change) == JSON_CHANGE_KEYS
        assert change["subject"] in SUBJECTS and change["change"] in CHANGES
        assert change["kind"] == f"{change['subject']}_{change['change']}"
        assert change["calls"], change
    summary = data["summary"]
    assert summary["total"] == len(data["changes"]) == summary["breaking"] + summary["non_breaking"]
    assert summary["by_kind"]["operation_removed"] == summary["operations_removed"] == 1
    assert json.loads(json.dumps(data)) == data
    assert [c["breaking"] for c in data["changes"]] == sorted((c["breaking"] for c in data["changes"]), reverse=True)
    assert to_json(_busy_log()) == data  # deterministic


DOC = Path(__file__).resolve().parents[1] / "docs" / "changelog-schema.md"
_TYPES: dict[str, Any] = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None), "integer": int, "number": (int, float)}


def documented_schema() -> dict[str, Any]:
    text = DOC.read_text(encoding="utf-8")
    block = text.split("```json schema\n", 1)[1].split("```", 1)[0]
    schema: dict[str, Any] = json.loads(block)
    return schema


def validate(value: Any, schema: dict[str, Any], root: dict[str, Any], where: str = "$") -> None:
    """Just enough JSON Schema for the documented one: type, enum, const, required, properties,
    items, additionalProperties, oneOf and local $ref."""
    if "$ref" in schema:
        validate(value, root["$defs"][schema["$ref"].rsplit("/", 1)[1]], root, where)
        return
    if "oneOf" in schema:
        passed = 0
        for option in schema["oneOf"]:
            try:
                validate(value, option, root, where)
                passed += 1
            except AssertionError:
                pass
        assert passed == 1, f"{where}: matches {passed} of oneOf"
        return
    if "const" in schema:
        assert value == schema["const"], where
    if "enum" in schema:
        assert value in schema["enum"], f"{where}: {value!r} not in {schema['enum']}"
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        ok_ = any(isinstance(value, _TYPES[t]) and not (t in ("integer", "number") and isinstance(value, bool)) for t in types)
        assert ok_, f"{where}: {value!r} is not {types}"
    if isinstance(value, dict):
        for key in schema.get("required", []):
            assert key in value, f"{where}: missing {key}"
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                validate(value[key], sub, root, f"{where}.{key}")
        if isinstance(schema.get("additionalProperties"), dict):
            for key, item in value.items():
                validate(item, schema["additionalProperties"], root, f"{where}.{key}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            validate(item, schema["items"], root, f"{where}[{i}]")


def test_json_output_follows_the_documented_schema() -> None:
    schema = documented_schema()
    assert set(schema["$defs"]["change"]["required"]) == JSON_CHANGE_KEYS
    assert schema["$defs"]["change"]["properties"]["subject"]["enum"] == list(SUBJECTS)
    assert schema["$defs"]["change"]["properties"]["change"]["enum"] == list(CHANGES)
    for log in (_busy_log(), first_run(build(base(), "new.yaml")), diff(base(), base())):
        validate(to_json(log), schema, schema)
    with pytest.raises(AssertionError):
        validate({**to_json(_busy_log()), "bump": "huge"}, schema, schema)


def test_markdown_groups_by_class_names_calls_and_ends_with_the_bump() -> None:
    text = to_markdown(_busy_log())
    assert text.startswith("# API changes: old.yaml → new.yaml")
    breaking, non_breaking = text.split("## Non-breaking changes")
    assert "## Breaking changes (2)" in breaking
    assert "- `client.widgets.delete`: removed (`DELETE /widgets/{id}`) — `#/paths/~1widgets~1{id}/delete` (old spec)" in breaking
    assert "`Widget` (used by `client.widgets.create`, `client.widgets.list` and `client.widgets.retrieve`): field `size` removed" in breaking
    assert "- `client.widgets.list`: new optional query parameter `sort: str`" in non_breaking
    assert text.rstrip().splitlines()[-1] == "Suggested version bump: major"


def test_first_run_has_no_previous_spec() -> None:
    log = first_run(build(base(), "new.yaml"))
    assert suggested_bump(log) is None
    assert to_json(log)["old"] is None and to_json(log)["changes"] == []
    assert "first generation" in to_markdown(log)


def test_type_text_reads_like_the_generated_annotations() -> None:
    t = ir.Nullable(ir.ArrayType(ir.UnionType((ir.Primitive("string", "date-time"), ir.ModelRef("Widget")))))
    assert type_text(t) == "list[datetime | Widget] | None"
    assert type_text(t, request=True) == "list[str | Widget] | None"
    assert type_text(ir.EnumType(tuple("abcdefgh"))) == "Literal['a', 'b', 'c', 'd', 'e', 'f', ... 2 more]"
    assert type_text(ir.MapType(ir.AnyType())) == "dict[str, Any]"
    assert type_text(ir.Binary(), request=True) == "FileInput"


def test_change_kind_joins_subject_and_change() -> None:
    c = Change("field", "made_required", True, "m", "#/x", "new")
    assert c.kind == "field_made_required"


# --------------------------------------------------------------------------- the command


def _write(path: Path, d: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(d, sort_keys=False), encoding="utf-8")
    return path


def test_diff_command_json_markdown_and_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = _write(tmp_path / "old.yaml", base())
    new = _write(tmp_path / "new.yaml", edited(lambda d: d["paths"]["/widgets/{id}"].pop("delete")))
    assert main(["diff", str(old), str(new), "--format", "json", "-q", "--no-cache"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [c["kind"] for c in data["changes"]] == ["operation_removed"]
    assert main(["diff", str(old), str(new), "-q", "--fail-on-breaking", "--no-cache"]) == 1
    assert capsys.readouterr().out.rstrip().endswith("Suggested version bump: major")
    out = tmp_path / "CHANGELOG.md"
    assert main(["diff", str(new), str(new), "-o", str(out), "--no-cache"]) == 0
    assert out.read_text().rstrip().endswith("Suggested version bump: patch")
    assert "0 changes (0 breaking)" in capsys.readouterr().err


def test_diff_command_saves_new_for_the_next_run_and_allows_a_first_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new = _write(tmp_path / "new.yaml", base())
    snapshot, log = tmp_path / "out.spec.json", tmp_path / "out.CHANGELOG.md"
    args = ["diff", str(snapshot), str(new), "-o", str(log), "--save-new", str(snapshot), "--allow-missing-old", "-q", "--no-cache"]
    assert main(args) == 0
    assert "first generation" in log.read_text()
    assert load_spec(snapshot, use_cache=False).raw == load_spec(new, use_cache=False).raw
    _write(new, edited(lambda d: params(d).append({"name": "sort", "in": "query", "schema": {"type": "string"}})))
    assert main(args) == 0
    assert "new optional query parameter `sort: str`" in log.read_text()
    assert log.read_text().rstrip().endswith("Suggested version bump: minor")


def test_diff_command_reports_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new = _write(tmp_path / "new.yaml", base())
    assert main(["diff", str(tmp_path / "missing.yaml"), str(new), "--no-cache"]) == 2
    assert "missing.yaml" in capsys.readouterr().err
    bad = copy.deepcopy(base())
    bad["paths"]["/widgets"]["get"]["responses"] = ok({"$ref": "#/components/schemas/Nope"})
    assert main(["diff", str(new), str(_write(tmp_path / "bad.yaml", bad)), "--no-cache"]) == 2
    assert "'#/components/schemas/Nope' not found" in capsys.readouterr().err


# --------------------------------------------------------------------------- the real specs


def _raw_operations(path: Path) -> set[tuple[str, str]]:
    methods = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
    raw = load_spec(path).raw
    return {(m.upper(), p) for p, item in raw["paths"].items() for m in item if m in methods}


@pytest.mark.slow
def test_real_specs_operations_match_the_raw_paths(old_spec: Path, full_spec: Path, capsys: pytest.CaptureFixture[str]) -> None:
    start = time.perf_counter()
    assert main(["diff", str(old_spec), str(full_spec), "--format", "json", "-q"]) == 0
    seconds = time.perf_counter() - start
    data = json.loads(capsys.readouterr().out)
    old_ops, new_ops = _raw_operations(old_spec), _raw_operations(full_spec)

    def ops(kind: str) -> set[tuple[str, str]]:
        return {(c["operation"]["method"], c["operation"]["path"]) for c in data["changes"] if c["kind"] == kind}

    assert ops("operation_added") == new_ops - old_ops
    assert ops("operation_removed") == old_ops - new_ops
    assert data["summary"]["operations_added"] == len(new_ops - old_ops)
    for change in data["changes"]:
        assert set(change) == JSON_CHANGE_KEYS
        assert isinstance(change["breaking"], bool) and change["change"] in CHANGES
        assert change["calls"] or change["webhooks"] or change["kind"] == "model_added", change
    assert data["bump"] == ("major" if data["summary"]["breaking"] else "minor")
    schema = documented_schema()
    validate(data, schema, schema)
    assert seconds < 60, seconds


@pytest.mark.slow
def test_real_specs_diff_is_deterministic_and_empty_against_itself(full_spec: Path) -> None:
    _, api, _ = load_and_build(str(full_spec), Config())
    assert diff_apis(api, api).changes == ()
    assert to_json(diff_apis(api, api))["bump"] == "patch"
