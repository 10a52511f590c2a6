"""IR building: each decision build.py makes, on small specs written inline."""

from __future__ import annotations

from typing import Any

import pytest

from generator import ir
from generator.build import build_api
from generator.config import Config


def spec(paths: dict[str, Any] | None = None, schemas: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "Test API", "version": "1.0.0"},
        "servers": [{"url": "https://api.example.com/v2"}],
        "paths": paths or {},
        "components": {"schemas": schemas or {}},
    }
    doc.update(extra)
    return doc


def build(doc: dict[str, Any], config: Config | None = None) -> tuple[ir.Api, tuple[ir.Diagnostic, ...]]:
    return build_api(doc, config or Config(), source_name="test.yaml")


def ok(doc: dict[str, Any]) -> ir.Api:
    api, diags = build(doc)
    errors = [d.format() for d in diags if d.level == "error"]
    assert not errors, errors
    return api


def op(api: ir.Api, method: str, path: str) -> ir.Operation:
    return next(o for o in api.operations if o.method == method and o.path == path)


def named(api: ir.Api, name: str) -> ir.NamedType:
    return next(t for t in api.types if t.name == name)


def model(api: ir.Api, name: str) -> ir.Model:
    t = named(api, name)
    assert isinstance(t, ir.Model)
    return t


def field(m: ir.Model, wire: str) -> ir.Field:
    return next(f for f in m.fields if f.wire_name == wire)


JSON_OK = {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object", "properties": {"data": {"type": "string"}}}}}}}


def get(op_id: str, **extra: Any) -> dict[str, Any]:
    return {"get": {"operationId": op_id, "responses": JSON_OK, **extra}}


# --------------------------------------------------------------------------- resources and methods


def test_crud_verbs_and_nested_resources() -> None:
    list_resp = {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object", "properties": {"data": {"type": "array", "items": {"type": "string"}}}}}}}}
    paths = {
        "/external_connections": {"get": {"operationId": "ListExternalConnections", "responses": list_resp}, "post": {"operationId": "CreateExternalConnection", "responses": JSON_OK}},
        "/external_connections/{id}": {
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "get": {"operationId": "GetExternalConnection", "responses": JSON_OK},
            "patch": {"operationId": "UpdateExternalConnection", "responses": JSON_OK},
            "delete": {"operationId": "DeleteExternalConnection", "responses": JSON_OK},
        },
        "/external_connections/{id}/uploads": {
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "post": {"operationId": "CreateExternalConnectionUpload", "responses": JSON_OK},
            "get": {"operationId": "ListExternalConnectionUploads", "responses": list_resp},
        },
        "/external_connections/{id}/uploads/refresh": {
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "post": {"operationId": "RefreshExternalConnectionUploads", "responses": JSON_OK},
        },
    }
    api = ok(spec(paths))
    calls = {(o.method, o.path): o.call for o in api.operations}
    assert calls == {
        ("GET", "/external_connections"): "external_connections.list",
        ("POST", "/external_connections"): "external_connections.create",
        ("GET", "/external_connections/{id}"): "external_connections.retrieve",
        ("PATCH", "/external_connections/{id}"): "external_connections.update",
        ("DELETE", "/external_connections/{id}"): "external_connections.delete",
        ("POST", "/external_connections/{id}/uploads"): "external_connections.uploads.create",
        ("GET", "/external_connections/{id}/uploads"): "external_connections.uploads.list",
        ("POST", "/external_connections/{id}/uploads/refresh"): "external_connections.uploads.refresh",
    }
    (top,) = api.resources
    assert top.class_name == "ExternalConnections"
    assert [c.name for c in top.children] == ["uploads"]
    assert top.children[0].module == "resources.external_connections.uploads"


def test_actions_and_clashes_resolved_by_meaning() -> None:
    item = [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}]
    paths = {
        "/recordings/actions/delete": {"post": {"operationId": "DeleteRecordings", "responses": JSON_OK}},
        "/recordings/{id}": {"parameters": item, "delete": {"operationId": "DeleteRecording", "responses": JSON_OK}},
        "/calls/{id}/actions/answer": {"parameters": item, "post": {"operationId": "AnswerCall", "responses": JSON_OK}},
        "/actions/purchase/esims": {"post": {"operationId": "PurchaseEsims", "responses": JSON_OK}},
    }
    api = ok(spec(paths))
    assert op(api, "DELETE", "/recordings/{id}").call == "recordings.delete"
    assert op(api, "POST", "/recordings/actions/delete").call == "recordings.delete_recordings"
    assert op(api, "POST", "/calls/{id}/actions/answer").call == "calls.answer"
    assert op(api, "POST", "/actions/purchase/esims").call == "esims.purchase"


def test_v2_prefix_dropped_when_server_ends_in_v2_and_leading_digits_spelled() -> None:
    api = ok(spec({"/v2/whatsapp/phone_numbers": get("ListPhoneNumbers"), "/phone_numbers": get("ListPhoneNumbers"), "/10dlc/brand": get("GetBrand")}))
    wa = op(api, "GET", "/v2/whatsapp/phone_numbers")
    assert wa.request_path == "/whatsapp/phone_numbers"
    assert wa.call == "whatsapp.retrieve_phone_numbers"  # a single-operation leaf folds into its parent
    assert op(api, "GET", "/10dlc/brand").call == "ten_dlc.retrieve_brand"
    _, diags = build(spec({"/a": get("Same"), "/b": get("Same")}))
    assert any("operationId 'Same' is also used" in d.message for d in diags)


def test_case_only_operation_ids_get_distinct_calls() -> None:
    api = ok(spec({"/mdr_usage_reports": get("getMdrUsageReports"), "/reports/mdr_usage_reports": get("GetMdrUsageReports")}))
    assert len({o.call for o in api.operations}) == 2


def test_config_overrides_operation_name() -> None:
    doc = spec({"/recordings/actions/delete": {"post": {"operationId": "DeleteRecordings", "responses": JSON_OK}}})
    api, _ = build(doc, Config(operation_names=(("DeleteRecordings", "recordings.delete_many"),)))
    assert api.operations[0].call == "recordings.delete_many"


# --------------------------------------------------------------------------- parameters


def test_deep_object_expanded_with_wire_and_python_names() -> None:
    params = [
        {"name": "page", "in": "query", "style": "deepObject", "explode": True, "schema": {"type": "object", "properties": {"number": {"type": "integer"}, "size": {"type": "integer"}}}},
        {
            "name": "filter",
            "in": "query",
            "style": "deepObject",
            "schema": {"type": "object", "properties": {"status": {"type": "string", "enum": ["a", "b"]}, "phone_number": {"type": "object", "properties": {"contains": {"type": "string"}}}}},
        },
        {"name": "filter[record_created_at][gte]", "in": "query", "schema": {"type": "string"}},
        {"name": "from", "in": "query", "schema": {"type": "string"}},
        {"name": "metadata->assistant_id", "in": "query", "schema": {"type": "string"}},
        {"name": "Idempotency-Key", "in": "header", "schema": {"type": "string"}},
        {"name": "advanced-order-id", "in": "path", "required": True, "schema": {"type": "string"}},
    ]
    api = ok(spec({"/orders/{advanced-order-id}": {"get": {"operationId": "ListOrders", "parameters": params, "responses": JSON_OK}}}))
    o = api.operations[0]
    by_wire = {p.wire_name: p for p in o.params}
    assert by_wire["page[number]"].py_name == "page_number" and by_wire["page[number]"].style == "deepObject"
    assert by_wire["filter[status]"].type == ir.EnumType(("a", "b"))
    nested = by_wire["filter[phone_number]"]
    assert nested.py_name == "filter_phone_number" and isinstance(nested.type, ir.ModelRef)
    assert by_wire["filter[record_created_at][gte]"].py_name == "filter_record_created_at_gte"
    assert by_wire["from"].py_name == "from_"
    assert by_wire["metadata->assistant_id"].py_name == "metadata_assistant_id"
    assert by_wire["Idempotency-Key"].py_name == "idempotency_key" and by_wire["Idempotency-Key"].location == "header"
    assert by_wire["advanced-order-id"].py_name == "advanced_order_id" and o.params[0].location == "path"


def test_object_query_param_without_style_is_sent_as_deep_object_with_warning() -> None:
    params = [{"name": "filter", "in": "query", "schema": {"type": "object", "properties": {"status": {"type": "string"}}}}]
    api, diags = build(spec({"/sims": {"get": {"operationId": "ListSims", "parameters": params, "responses": JSON_OK}}}))
    assert [p.wire_name for p in api.operations[0].params] == ["filter[status]"]
    assert any(d.level == "warning" and "deepObject" in d.message for d in diags)


def test_path_template_and_parameters_must_match() -> None:
    doc = spec({"/a/{id}": {"get": {"operationId": "A", "parameters": [{"name": "other", "in": "path", "required": True, "schema": {"type": "string"}}], "responses": JSON_OK}}})
    _, diags = build(doc)
    messages = [d.message for d in diags if d.level == "error"]
    assert "path template variable '{id}' has no path parameter" in messages
    assert "path parameter 'other' does not appear in the path '/a/{id}'" in messages


def test_body_fields_clashing_with_parameters_are_renamed() -> None:
    body = {"content": {"application/json": {"schema": {"type": "object", "properties": {"id": {"type": "string"}, "timeout": {"type": "integer"}}}}}}
    item = [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}]
    api = ok(spec({"/things/{id}": {"parameters": item, "patch": {"operationId": "Update", "requestBody": body, "responses": JSON_OK}}}))
    (b,) = api.operations[0].bodies
    assert b.flattened
    assert {f.wire_name: f.py_name for f in b.fields} == {"id": "id_", "timeout": "timeout_"}


# --------------------------------------------------------------------------- types


def test_nullable_in_every_form() -> None:
    schemas = {
        "Thing": {
            "type": "object",
            "properties": {
                "a": {"type": "string", "nullable": True},
                "b": {"type": ["integer", "null"]},
                "c": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                "d": {"type": ["string", "null"], "enum": ["x", "y", None]},
                "e": {"$ref": "#/components/schemas/Other", "nullable": True},
            },
        },
        "Other": {"type": "object", "properties": {"x": {"type": "string"}}},
    }
    m = model(ok(spec(schemas=schemas)), "Thing")
    assert field(m, "a").type == ir.Nullable(ir.Primitive("string"))
    assert field(m, "b").type == ir.Nullable(ir.Primitive("integer"))
    assert field(m, "c").type == ir.Nullable(ir.Primitive("string"))
    assert field(m, "d").type == ir.Nullable(ir.EnumType(("x", "y")))
    assert field(m, "e").type == ir.Nullable(ir.ModelRef("Other"))


def test_enums_keep_case_only_differences_and_non_string_values() -> None:
    schemas = {
        "Provider": {"type": "string", "enum": ["minimax", "Minimax", "Chicago, IL", ""]},
        "Flags": {"type": "object", "properties": {"on": {"type": "boolean", "enum": [True]}, "level": {"type": "integer", "enum": [1, 2, 3]}, "kind": {"const": "arithmetic"}}},
    }
    api = ok(spec(schemas=schemas))
    alias = named(api, "Provider")
    assert isinstance(alias, ir.Alias) and alias.type == ir.EnumType(("minimax", "Minimax", "Chicago, IL", ""))
    flags = model(api, "Flags")
    assert field(flags, "on").type == ir.EnumType((True,))
    assert field(flags, "level").type == ir.EnumType((1, 2, 3))
    assert field(flags, "kind").type == ir.Const("arithmetic")


def test_model_names_come_from_component_keys_not_titles() -> None:
    schemas = {
        "BucketNotFoundError": {"title": "HTTPValidationError", "type": "object", "properties": {"detail": {"type": "string"}}},
        "HTTPValidationError": {"title": "HTTPValidationError", "type": "object", "properties": {"detail": {"type": "string"}}},
        "messaging_PaginationMeta": {"type": "object", "properties": {"total_pages": {"type": "integer"}}},
    }
    api = ok(spec(schemas=schemas))
    names = {t.component: t.name for t in api.types}
    assert names["BucketNotFoundError"] == "BucketNotFoundError"
    assert names["HTTPValidationError"] != names["BucketNotFoundError"]
    assert names["messaging_PaginationMeta"] == "MessagingPaginationMeta"


def test_python_field_names_for_keywords_non_identifiers_and_pydantic_clashes() -> None:
    props = {name: {"type": "string"} for name in ["from", "in", "model_config", "address.id", "25", "timestamp_granularities[]", "Interaction Data", "campaignId"]}
    m = model(ok(spec(schemas={"Odd": {"type": "object", "properties": props}})), "Odd")
    py = {f.wire_name: f.py_name for f in m.fields}
    assert py["from"] == "from_" and py["in"] == "in_"
    assert py["model_config"] == "model_config_"
    assert py["address.id"] == "address_id"
    assert py["25"].isidentifier() and not py["25"].startswith("_")
    assert py["timestamp_granularities[]"] == "timestamp_granularities"
    assert py["Interaction Data"] == "interaction_data"
    assert py["campaignId"] == "campaign_id"
    assert len(set(py.values())) == len(py)


def test_discriminated_unions_with_and_without_mapping() -> None:
    schemas = {
        "Cat": {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string", "enum": ["cat"]}}},
        "Dog": {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string", "enum": ["dog"]}}},
        "Pet": {"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}], "discriminator": {"propertyName": "kind", "mapping": {"cat": "#/components/schemas/Cat", "dog": "#/components/schemas/Dog"}}},
        "PetNoMap": {"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}], "discriminator": {"propertyName": "kind"}},
    }
    api = ok(spec(schemas=schemas))
    for name in ("Pet", "PetNoMap"):
        alias = named(api, name)
        assert isinstance(alias, ir.Alias) and isinstance(alias.type, ir.UnionType)
        assert alias.type.discriminator is not None
        assert dict(alias.type.discriminator.mapping) == {"cat": "Cat", "dog": "Dog"}


def test_all_of_merges_properties_and_required() -> None:
    schemas = {
        "Base": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}, "name": {"type": "string"}}},
        "Derived": {"allOf": [{"$ref": "#/components/schemas/Base"}, {"type": "object", "required": ["name"], "properties": {"extra": {"type": "integer"}}}]},
        "Wrapper": {"allOf": [{"$ref": "#/components/schemas/Base"}], "description": "Just Base."},
    }
    api = ok(spec(schemas=schemas))
    derived = model(api, "Derived")
    assert [f.wire_name for f in derived.fields] == ["id", "name", "extra"]
    assert field(derived, "id").required and field(derived, "name").required and not field(derived, "extra").required
    assert isinstance(named(api, "Wrapper"), ir.Model)


def test_recursive_schemas_are_flagged_and_share_a_module() -> None:
    schemas = {
        "Node": {"type": "object", "properties": {"children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}}},
        "Expression": {"oneOf": [{"$ref": "#/components/schemas/Sum"}, {"$ref": "#/components/schemas/Literal"}]},
        "Sum": {"type": "object", "properties": {"left": {"$ref": "#/components/schemas/Expression"}, "right": {"$ref": "#/components/schemas/Expression"}}},
        "Literal": {"type": "object", "properties": {"value": {"type": "number"}}},
        "Leaf": {"type": "object", "properties": {"x": {"type": "string"}}},
    }
    api = ok(spec(schemas=schemas))
    assert named(api, "Node").recursive
    assert named(api, "Expression").recursive and named(api, "Sum").recursive
    assert not named(api, "Leaf").recursive
    assert named(api, "Expression").module == named(api, "Sum").module


def test_inline_shapes_get_readable_stable_names() -> None:
    envelope = {"type": "object", "properties": {"data": {"type": "object", "properties": {"id": {"type": "string"}, "outbound": {"type": "object", "properties": {"profile_id": {"type": "string"}}}}}}}
    paths = {"/external_connections/{id}": {"get": {"operationId": "Get", "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}], "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": envelope}}}}}}}
    api = ok(spec(paths))
    names = sorted(t.name for t in api.types)
    assert names == ["ExternalConnectionsRetrieveResponse", "ExternalConnectionsRetrieveResponseData", "ExternalConnectionsRetrieveResponseDataOutbound"]
    assert all(t.module == "types.external_connections" for t in api.types)
    assert api == ok(spec(paths))  # stable


def test_inline_name_clashing_with_a_component_is_disambiguated_without_numbers() -> None:
    schemas = {
        "Conn": {"type": "object", "properties": {"outbound": {"type": "object", "properties": {"a": {"type": "string"}}}}},
        "ConnOutbound": {"type": "object", "properties": {"b": {"type": "string"}}},
    }
    api = ok(spec(schemas=schemas))
    inline = next(t for t in api.types if t.component is None)
    assert inline.name == "ConnOutboundObject"
    assert not any(ch.isdigit() for t in api.types for ch in t.name)


def test_dangling_ref_is_an_error_with_pointer() -> None:
    doc = spec({"/faxes": {"post": {"operationId": "SendFax", "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Fax"}}}}, "responses": JSON_OK}}})
    _, diags = build(doc)
    (err,) = [d for d in diags if d.level == "error"]
    assert err.pointer == "#/paths/~1faxes/post/requestBody/content/application~1json/schema"
    assert err.format() == "error: test.yaml#/paths/~1faxes/post/requestBody/content/application~1json/schema: $ref '#/components/schemas/Fax' not found"


# --------------------------------------------------------------------------- bodies, responses, pagination, security


def test_bodies_and_responses_by_content_type() -> None:
    body = {
        "required": True,
        "content": {
            "multipart/form-data": {"schema": {"type": "object", "properties": {"media": {"type": "string", "format": "binary"}}}},
            "application/json": {"schema": {"type": "object", "required": ["media_url"], "properties": {"media_url": {"type": "string"}}}},
        },
    }
    responses = {
        "200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object", "properties": {"id": {"type": "string"}}}}, "text/csv": {"schema": {"type": "string"}}}},
        "204": {"description": "none"},
        "4XX": {"description": "err", "content": {"application/json": {"schema": {"type": "object", "properties": {"errors": {"type": "array", "items": {}}}}}}},
    }
    api = ok(spec({"/media": {"post": {"operationId": "Upload", "requestBody": body, "responses": responses}}, "/media/{n}/download": {"get": {"operationId": "Dl", "parameters": [{"name": "n", "in": "path", "required": True, "schema": {"type": "string"}}], "responses": {"200": {"description": "f", "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}}}}}))
    o = op(api, "POST", "/media")
    assert [b.kind for b in o.bodies] == ["json", "multipart"]
    assert [(r.status, r.kind) for r in o.responses] == [("200", "json"), ("200", "text"), ("204", "empty"), ("4XX", "json")]
    dl = op(api, "GET", "/media/{n}/download")
    assert dl.responses[0].kind == "binary" and dl.responses[0].type == ir.Binary()


def _list_op(params: list[dict[str, Any]], meta: dict[str, Any]) -> dict[str, Any]:
    schema = {"type": "object", "properties": {"data": {"type": "array", "items": {"type": "string"}}, "meta": {"type": "object", "properties": meta}}}
    return {"get": {"operationId": "List", "parameters": params, "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}}}


@pytest.mark.parametrize(
    ("params", "meta", "expected"),
    [
        (
            [{"name": "page", "in": "query", "style": "deepObject", "schema": {"type": "object", "properties": {"number": {"type": "integer"}, "size": {"type": "integer"}}}}],
            {"total_pages": {"type": "integer"}},
            ("page_number", "page[number]", ("meta", "total_pages"), ()),
        ),
        (
            [{"name": "page[after]", "in": "query", "schema": {"type": "string"}}, {"name": "page[limit]", "in": "query", "schema": {"type": "integer"}}],
            {"cursors": {"type": "object", "properties": {"after": {"type": "string"}}}},
            ("cursor", "page[after]", (), ("meta", "cursors", "after")),
        ),
        (
            [{"name": "cursor", "in": "query", "schema": {"type": "string"}}, {"name": "limit", "in": "query", "schema": {"type": "integer"}}],
            {"cursor": {"type": "string"}, "has_more": {"type": "boolean"}},
            ("cursor", "cursor", (), ("meta", "cursor")),
        ),
    ],
)
def test_pagination_kind(params: list[dict[str, Any]], meta: dict[str, Any], expected: tuple[Any, ...]) -> None:
    page = ok(spec({"/things": _list_op(params, meta)})).operations[0].pagination
    assert page is not None
    assert (page.kind, page.page_param, page.total_pages_path, page.next_cursor_path) == expected
    assert page.item_type == ir.Primitive("string")


def test_security_servers_deprecation_and_hidden() -> None:
    paths = {
        "/.well-known/thing": {"servers": [{"url": "https://api.example.com"}], "get": {"operationId": "WellKnown", "security": [], "responses": JSON_OK}},
        "/old": {"get": {"operationId": "Old", "deprecated": True, "x-hidden": True, "x-sdk-deprecation-message": "Use /new.", "responses": JSON_OK}},
    }
    api = ok(spec(paths, security=[{"bearerAuth": []}]))
    wk = op(api, "GET", "/.well-known/thing")
    assert wk.security == () and wk.servers == ("https://api.example.com",)
    old = op(api, "GET", "/old")
    assert old.deprecated and old.hidden and old.deprecation_message == "Use /new."
    assert api.security == (ir.SecurityRequirement(("bearerAuth",)),)


def test_webhooks_are_typed_with_event_names() -> None:
    schemas = {
        "ForkStarted": {
            "type": "object",
            "properties": {"data": {"type": "object", "properties": {"event_type": {"type": "string", "enum": ["call.fork.started"]}, "id": {"type": "string"}}}},
        }
    }
    hooks = {"callForkStarted": {"post": {"operationId": "callForkStarted", "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ForkStarted"}}}}, "responses": {"200": {"description": "ok"}}}}}
    api = ok(spec(schemas=schemas, webhooks=hooks))
    (hook,) = api.webhooks
    assert hook.event_type == ir.ModelRef("ForkStarted") and hook.event_name == "call.fork.started"
