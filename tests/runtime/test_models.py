"""Lenient parsing of API data into generated-style models, and back to JSON."""

import logging
from datetime import UTC, datetime
from typing import Any, Literal

import pytest

from generator.runtime import NOT_GIVEN, BaseModel
from generator.runtime._models import parse, to_jsonable

from .fakeapi import CallHangup, CallInitiated, PhoneNumber, PhoneNumberList, WebhookEvent


def test_valid_data_is_validated_and_aliases_map_to_python_names() -> None:
    number = parse(
        PhoneNumber,
        {"id": "1", "status": "active", "from": "+1555", "created_at": "2024-05-01T00:00:00Z"},
    )
    assert isinstance(number, PhoneNumber)
    assert number.from_ == "+1555"
    assert number.created_at == datetime(2024, 5, 1, tzinfo=UTC)


def test_unknown_enum_value_and_extra_fields_are_kept_without_raising(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="telnyx")
    number = parse(
        PhoneNumber,
        {"id": "1", "status": "ported_out", "created_at": "2024-05-01T00:00:00Z", "new_field": [1]},
    )
    assert isinstance(number, PhoneNumber)
    assert number.status == "ported_out"
    assert number.created_at == datetime(2024, 5, 1, tzinfo=UTC)  # the valid parts still validate
    assert number.new_field == [1]  # type: ignore[attr-defined]
    assert "PhoneNumber" in caplog.text


def test_wrong_types_are_kept_raw_deep_inside_lists() -> None:
    page = parse(
        PhoneNumberList,
        {
            "data": [{"id": "1", "tags": ["a"]}, {"id": 2, "tags": "not-a-list"}],
            "meta": {"total_pages": "many"},
        },
    )
    first, second = page.data
    assert isinstance(first, PhoneNumber) and first.tags == ["a"]
    assert isinstance(second, PhoneNumber)
    assert second.id == 2
    assert second.tags == "not-a-list"
    assert page.meta.total_pages == "many"


def test_missing_required_field_reads_as_none_and_is_not_dumped() -> None:
    number = parse(PhoneNumber, {"status": "active"})
    assert isinstance(number, PhoneNumber)
    assert number.id is None
    assert to_jsonable(number) == {"status": "active"}


def test_discriminated_union_picks_member_by_tag_even_when_it_does_not_validate() -> None:
    hangup = parse(WebhookEvent, {"data": {"event_type": "call.hangup", "hangup_cause": "timeout"}})
    assert isinstance(hangup.data, CallHangup)
    assert hangup.data.hangup_cause == "timeout"

    initiated = parse(
        WebhookEvent, {"data": {"event_type": "call.initiated", "call_control_id": "c"}}
    )
    assert isinstance(initiated.data, CallInitiated)


def test_unknown_event_type_still_gives_an_object_with_the_raw_values() -> None:
    event = parse(
        WebhookEvent, {"data": {"event_type": "call.bridged", "call_control_id": "c", "x": 1}}
    )
    assert event.data.event_type == "call.bridged"
    assert event.data.call_control_id == "c"
    assert to_jsonable(event) == {
        "data": {"event_type": "call.bridged", "call_control_id": "c", "x": 1}
    }


@pytest.mark.parametrize(
    ("type_", "data", "expected"),
    [
        (Literal["a", "b"], "c", "c"),
        (list[int], [1, "x", "2"], [1, "x", 2]),
        (dict[str, int], {"a": "1", "b": "z"}, {"a": 1, "b": "z"}),
        (int | None, "nope", "nope"),
        (Any, {"raw": True}, {"raw": True}),
        (None, [1], [1]),
    ],
)
def test_non_model_types(type_: Any, data: object, expected: object) -> None:
    assert parse(type_, data) == expected


def test_to_jsonable_omitted_versus_null() -> None:
    class Update(BaseModel):
        tags: list[str] | None = None
        status: Literal["active"] | None = None
        when: datetime | None = None

    assert to_jsonable(Update()) == {}
    assert to_jsonable(Update(tags=None)) == {"tags": None}
    assert to_jsonable(
        {
            "u": Update(when=datetime(2024, 1, 1, tzinfo=UTC)),
            "skip": NOT_GIVEN,
            "n": None,
            "t": (1, NOT_GIVEN),
        }
    ) == {"u": {"when": "2024-01-01T00:00:00Z"}, "n": None, "t": [1]}


def test_not_given_sentinel() -> None:
    assert not NOT_GIVEN
    assert repr(NOT_GIVEN) == "NOT_GIVEN"
    assert type(NOT_GIVEN)() is NOT_GIVEN
