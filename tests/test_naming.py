from __future__ import annotations

import ast
import contextlib
import keyword
import warnings

import pydantic
import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.naming import (
    HARD_KEYWORDS,
    PY_KEYWORDS,
    PYDANTIC_RESERVED,
    RESOURCE_METHOD_RESERVED,
    SOFT_KEYWORDS,
    NameCollision,
    UniqueNamer,
    comment_text,
    docstring_text,
    enum_member_name,
    humanize,
    module_name,
    pascal_case,
    python_identifier,
    snake_case,
    split_words,
    title_case,
)

# --------------------------------------------------------------------------------------
# split_words / snake_case / pascal_case
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("getMdrUsageReports", ["get", "mdr", "usage", "reports"]),
        ("HTTPValidationError", ["http", "validation", "error"]),
        ("address.id", ["address", "id"]),
        ("timestamp_granularities[]", ["timestamp", "granularities"]),
        ("Interaction Data", ["interaction", "data"]),
        ("metadata->assistant_id", ["metadata", "assistant", "id"]),
        ("page[number]", ["page", "number"]),
        ("E164", ["e164"]),
        ("v2", ["v2"]),
        ("10dlc", ["10dlc"]),
        ("fax.sending.started", ["fax", "sending", "started"]),
        ("SIPREC", ["siprec"]),
        ("ListExternalConnectionsV2", ["list", "external", "connections", "v2"]),
        ("Get10dlcBrand", ["get", "10dlc", "brand"]),
        ("Get10DLCBrand", ["get", "10dlc", "brand"]),
        ("V2API", ["v2", "api"]),
        ("E164Format", ["e164", "format"]),
        ("ipv4Address", ["ipv4", "address"]),
        ("phoneNumberIDs", ["phone", "number", "ids"]),
        ("listURLsForSIM", ["list", "urls", "for", "sim"]),
        ("eSIMs", ["esims"]),
        ("xCoordinate", ["x", "coordinate"]),
        ("_id", ["id"]),
        ("don't", ["dont"]),
        ("Straße Café", ["strasse", "cafe"]),
        ("", []),
        ("[]->.", []),
        ("电话", []),
    ],
)
def test_split_words(name: str, words: list[str]) -> None:
    assert split_words(name) == words


@pytest.mark.parametrize(
    ("name", "snake", "pascal"),
    [
        ("getMdrUsageReports", "get_mdr_usage_reports", "GetMdrUsageReports"),
        ("Idempotency-Key", "idempotency_key", "IdempotencyKey"),
        ("external_connection", "external_connection", "ExternalConnection"),
        ("http_validation_error", "http_validation_error", "HttpValidationError"),
        ("HTTPValidationError", "http_validation_error", "HttpValidationError"),
        ("fax.sending.started", "fax_sending_started", "FaxSendingStarted"),
        ("ListExternalConnectionsV2", "list_external_connections_v2", "ListExternalConnectionsV2"),
    ],
)
def test_snake_and_pascal(name: str, snake: str, pascal: str) -> None:
    assert snake_case(name) == snake
    assert pascal_case(name) == pascal


# --------------------------------------------------------------------------------------
# python_identifier on real Telnyx names
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("operation_id", "method"),
    [
        ("ListPhoneNumbers", "list_phone_numbers"),
        ("getMdrUsageReports", "get_mdr_usage_reports"),
        ("GetMdrUsageReports", "get_mdr_usage_reports"),
        ("CreateExternalConnectionUpload", "create_external_connection_upload"),
        ("updateLocation", "update_location"),
        ("OperatorConnectRefresh", "operator_connect_refresh"),
        ("listWhatsappPhoneNumbers", "list_whatsapp_phone_numbers"),
        ("Get10dlcBrand", "get_10dlc_brand"),
        ("retrieve_call_status", "retrieve_call_status"),
    ],
)
def test_operation_ids(operation_id: str, method: str) -> None:
    assert python_identifier(operation_id) == method


@pytest.mark.parametrize(
    ("wire", "field"),
    [
        ("from", "from_"),
        ("in", "in_"),
        ("pass", "pass_"),
        ("async", "async_"),
        ("match", "match"),  # soft keyword: a valid identifier
        ("type", "type"),
        ("model_config", "model_config_"),
        ("model_id", "model_id"),
        ("address.id", "address_id"),
        ("25", "n25"),
        ("0", "n0"),
        ("timestamp_granularities[]", "timestamp_granularities"),
        ("phone_number[contains]", "phone_number_contains"),
        ("Interaction Data", "interaction_data"),
        ("campaignId", "campaign_id"),
        ("metadata->assistant_id", "metadata_assistant_id"),
        ("metadata.assistant_id", "metadata_assistant_id"),
        ("advanced-order-id", "advanced_order_id"),
        ("PAYMENT-SIGNATURE", "payment_signature"),
        ("Idempotency-Key", "idempotency_key"),
        ("_id", "id"),
        ("", "value"),
        ("***", "value"),
    ],
)
def test_property_names(wire: str, field: str) -> None:
    assert python_identifier(wire, reserved=PYDANTIC_RESERVED) == field


@pytest.mark.parametrize(
    ("name", "style", "reserved", "expected"),
    [
        ("match", "snake", SOFT_KEYWORDS, "match_"),
        ("model_config", "snake", frozenset({"model_config"}), "model_config_"),
        ("from", "snake", frozenset({"from_"}), "from__"),
        ("none", "pascal", frozenset(), "None_"),
        ("true", "pascal", frozenset(), "True_"),
        ("10dlc", "pascal", frozenset(), "N10dlc"),
        ("", "pascal", frozenset(), "Value"),
        ("value", "snake", frozenset({"value"}), "value_"),
        ("with_raw_response", "snake", RESOURCE_METHOD_RESERVED, "with_raw_response_"),
        ("delete", "snake", RESOURCE_METHOD_RESERVED, "delete"),
    ],
)
def test_python_identifier_options(
    name: str, style: str, reserved: frozenset[str], expected: str
) -> None:
    assert style in ("snake", "pascal")
    if style == "snake":
        assert python_identifier(name, style="snake", reserved=reserved) == expected
    else:
        assert python_identifier(name, style="pascal", reserved=reserved) == expected


def test_keyword_sets() -> None:
    assert set(keyword.kwlist) <= HARD_KEYWORDS
    assert {"match", "case", "type", "_"} <= SOFT_KEYWORDS
    assert PY_KEYWORDS == HARD_KEYWORDS | SOFT_KEYWORDS
    assert HARD_KEYWORDS <= RESOURCE_METHOD_RESERVED
    assert {"with_raw_response", "_client", "_request", "_request_page"} <= RESOURCE_METHOD_RESERVED


def test_pydantic_reserved_covers_base_model() -> None:
    public = {name for name in dir(pydantic.BaseModel) if not name.startswith("_")}
    assert public <= PYDANTIC_RESERVED


@pytest.mark.parametrize("name", sorted(PYDANTIC_RESERVED))
def test_escaped_pydantic_names_are_usable_fields(name: str) -> None:
    field = python_identifier(name, reserved=PYDANTIC_RESERVED)
    assert field == name + "_"

    class Base(pydantic.BaseModel):  # what the generated runtime's base model must set
        model_config = pydantic.ConfigDict(protected_namespaces=())

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = pydantic.create_model("M", __base__=Base, **{field: (int, 0)})  # type: ignore[call-overload]
    assert field in model.model_fields


# --------------------------------------------------------------------------------------
# Other names
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "name"),
    [
        ("Chicago, IL", "CHICAGO_IL"),
        ("", "EMPTY"),
        ("record-from-answer", "RECORD_FROM_ANSWER"),
        (5, "VALUE_5"),
        (-5, "VALUE_MINUS_5"),
        (1.5, "VALUE_1_5"),
        (True, "TRUE"),
        (False, "FALSE"),
        ("1080p", "VALUE_1080P"),
        ("+", "VALUE"),
        ("fax.sending.started", "FAX_SENDING_STARTED"),
    ],
)
def test_enum_member_name(value: str | int | float | bool, name: str) -> None:
    assert enum_member_name(value) == name


@pytest.mark.parametrize(
    ("name", "module"),
    [
        ("external_connections", "external_connections"),
        ("ExternalConnections", "external_connections"),
        ("10dlc", "n10dlc"),
        ("import", "import_"),
        ("aux", "aux_"),
        ("Com1", "com1_"),
        ("", "value"),
    ],
)
def test_module_name(name: str, module: str) -> None:
    assert module_name(name) == module


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Create a Sip connector", "Create a SIP connector"),
        ("Siprec Connectors", "SIPREC Connectors"),
        ("Get all Ids", "Get all IDs"),
        ("List Did numbers", "List DID numbers"),
        ("Did the call end? it did", "Did the call end? it did"),
        ("Send an sms via the api", "Send an SMS via the API"),
        ("Esim profiles and Sims", "eSIM profiles and SIMs"),
        ("Texml applications", "TeXML applications"),
        ("Whatsapp templates for 10dlc", "WhatsApp templates for 10DLC"),
        ("Oauth clients", "OAuth clients"),
        ("Update a Call Control Application", "Update a Call Control Application"),
        ("callId is left alone, sip_uri is not", "callId is left alone, SIP_URI is not"),
    ],
)
def test_title_case(text: str, title: str) -> None:
    assert title_case(text) == title


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("sip_integrations", "SIP integrations"),
        ("ExternalConnections", "External connections"),
        ("10dlc", "10DLC"),
        ("", ""),
    ],
)
def test_humanize(name: str, title: str) -> None:
    assert humanize(name) == title


def _docstring_value(text: str) -> str:
    value = ast.literal_eval('"""' + docstring_text(text) + '"""')
    assert isinstance(value, str)
    return value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("  Lists all.  \n\n\n\n  **Bold** `code`\r\n", "Lists all.\n\n**Bold** `code`"),
        ('Use """triple""" quotes', 'Use """triple""" quotes'),
        ('ends with a quote"', 'ends with a quote"'),
        ('ends with two quotes""', 'ends with two quotes""'),
        ("ends with a backslash\\", "ends with a backslash\\"),
        ("regex \\d+ and \\N{x}", "regex \\d+ and \\N{x}"),
        ("nul\x00 and bell\x07", "nul\x00 and bell\x07"),
        ("", ""),
    ],
)
def test_docstring_text(text: str, value: str) -> None:
    assert _docstring_value(text) == value


def test_docstring_text_in_a_function() -> None:
    text = 'Say "hi" \\ """ then\n\n  - a list\n'
    source = f'def f() -> None:\n    """{docstring_text(text)}"""\n'
    namespace: dict[str, object] = {}
    exec(compile(source, "<test>", "exec"), namespace)
    assert namespace["f"].__doc__ == 'Say "hi" \\ """ then\n\n  - a list'


def test_comment_text() -> None:
    assert comment_text("  Line one\n  line\ttwo\r\n\x00") == "Line one line two"
    assert comment_text("") == ""


# --------------------------------------------------------------------------------------
# UniqueNamer
# --------------------------------------------------------------------------------------


def test_unique_namer() -> None:
    namer = UniqueNamer(reserved=["list"])
    assert namer.taken("list")
    assert namer.unique(["list", "list_phone_numbers"]) == "list_phone_numbers"
    assert namer.claim("create")
    assert not namer.claim("create")
    assert namer.claim("Create")  # case-sensitive by default
    with pytest.raises(NameCollision) as info:
        namer.unique(["create", "list"])
    assert info.value.candidates == ("create", "list")
    assert "'create', 'list'" in str(info.value)
    with pytest.raises(NameCollision):
        namer.unique([])


def test_unique_namer_case_insensitive() -> None:
    namer = UniqueNamer(case_insensitive=True, reserved=["Models"])
    assert namer.taken("models")
    assert namer.unique(["MODELS", "models_", "Models2"]) == "models_"
    assert not namer.claim("Models_")


# --------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------

_names = st.text(max_size=40) | st.from_regex(r"[A-Za-z0-9_.\[\]\- >]{0,30}", fullmatch=True)
_reserved = st.frozensets(st.sampled_from(sorted(PYDANTIC_RESERVED | SOFT_KEYWORDS | {"value"})))


@given(_names, st.sampled_from(["snake", "pascal"]), _reserved)
def test_python_identifier_is_valid(name: str, style: str, reserved: frozenset[str]) -> None:
    if style == "snake":
        ident = python_identifier(name, style="snake", reserved=reserved)
        again = python_identifier(name, style="snake", reserved=reserved)
    else:
        ident = python_identifier(name, style="pascal", reserved=reserved)
        again = python_identifier(name, style="pascal", reserved=reserved)
    assert ident.isidentifier()
    assert ident.isascii()
    assert not keyword.iskeyword(ident)
    assert ident not in reserved
    assert not ident.startswith("_")
    assert ident == again


@given(_names)
def test_module_name_is_valid(name: str) -> None:
    module = module_name(name)
    assert module.isidentifier() and not keyword.iskeyword(module)
    assert module == module.lower()


@given(st.text())
def test_docstring_text_round_trips(text: str) -> None:
    value = _docstring_value(text)
    # Only whitespace layout changes; every other character survives.
    assert "".join(value.split()) == "".join(text.split())
    assert docstring_text(value) == docstring_text(text)


@given(st.text())
def test_comment_text_is_one_line(text: str) -> None:
    line = comment_text(text)
    assert len(line.splitlines()) <= 1
    assert line == line.strip()


@given(st.lists(st.lists(st.text(max_size=6), max_size=4), max_size=40), st.booleans())
def test_unique_namer_never_repeats(requests: list[list[str]], case_insensitive: bool) -> None:
    namer = UniqueNamer(case_insensitive=case_insensitive)
    given_out: list[str] = []
    for candidates in requests:
        with contextlib.suppress(NameCollision):
            given_out.append(namer.unique(candidates))
    keys = [n.casefold() for n in given_out] if case_insensitive else given_out
    assert len(set(keys)) == len(keys)
