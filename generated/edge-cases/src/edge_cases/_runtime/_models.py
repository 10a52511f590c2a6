"""The model base class, lenient parsing of API data and conversion back to JSON."""

import datetime as dt
import enum
import logging
import types
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Union, get_args, get_origin

import pydantic
from pydantic import ConfigDict, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from ._types import NotGiven

__all__ = ["BaseModel", "parse", "to_jsonable"]

logger = logging.getLogger("telnyx")


class BaseModel(pydantic.BaseModel):
    """Base of every generated model.

    Unknown fields are kept (``extra="allow"``) and fields can be populated by their Python
    name or by their wire name (``Field(alias=...)``).
    """

    model_config = ConfigDict(
        extra="allow",
        populate_by_name=True,
        defer_build=True,
        protected_namespaces=(),
        arbitrary_types_allowed=True,
    )


_adapters: dict[object, TypeAdapter[Any]] = {}


def _adapter(type_: Any) -> TypeAdapter[Any]:
    try:
        return _adapters[type_]
    except KeyError:
        adapter = _adapters[type_] = TypeAdapter(type_)
        return adapter
    except TypeError:  # unhashable type expression, e.g. Annotated[..., Field(...)]
        return TypeAdapter(type_)


def parse(type_: Any, data: object) -> Any:
    """Validate ``data`` as ``type_``; never raises for data that does not fit.

    When validation fails, the parts that do validate are kept validated, dicts that fit a model
    become that model (built with ``model_construct``) and everything else keeps its raw value,
    so a new enum value or a changed type in the API does not break the client.
    """
    if type_ is None or type_ is Any:
        return data
    try:
        return _adapter(type_).validate_python(data)
    except ValidationError as exc:
        logger.debug(
            "Data did not match %s (%d validation errors); keeping raw values where needed",
            _type_name(type_),
            exc.error_count(),
        )
        return _lenient(type_, data, None)


def _type_name(type_: Any) -> str:
    return type_.__name__ if isinstance(type_, type) else repr(type_)


def _validate_or_construct(type_: Any, value: object, discriminator: str | None) -> object:
    try:
        return _adapter(type_).validate_python(value)
    except ValidationError:
        return _lenient(type_, value, discriminator)


def _lenient(type_: Any, value: object, discriminator: str | None) -> object:
    origin = get_origin(type_)
    if origin is Annotated:
        inner, *metadata = get_args(type_)
        for item in metadata:
            if isinstance(item, FieldInfo) and isinstance(item.discriminator, str):
                discriminator = item.discriminator
        return _validate_or_construct(inner, value, discriminator)
    if origin is Union or origin is types.UnionType:
        members = [member for member in get_args(type_) if member is not type(None)]
        if isinstance(value, dict) and (model := _pick_model(members, value, discriminator)):
            return _construct_model(model, value)
        same_shape = [member for member in members if _same_shape(member, value)]
        if same_shape or len(members) == 1:
            return _lenient((same_shape or members)[0], value, discriminator)
        return value
    if isinstance(value, dict):
        if origin in (dict, Mapping):
            value_type = get_args(type_)[1] if get_args(type_) else Any
            return {k: _validate_or_construct(value_type, v, None) for k, v in value.items()}
        if isinstance(type_, type) and issubclass(type_, pydantic.BaseModel):
            return _construct_model(type_, value)
    if isinstance(value, list) and origin in (list, Sequence):
        item_type = get_args(type_)[0] if get_args(type_) else Any
        return [_validate_or_construct(item_type, item, None) for item in value]
    return value


def _same_shape(type_: Any, value: object) -> bool:
    """Whether ``value`` is the container ``type_`` describes (list or dict)."""
    origin = get_origin(type_)
    if isinstance(value, list):
        return origin in (list, Sequence)
    return isinstance(value, dict) and origin in (dict, Mapping)


def _union_models(members: Sequence[Any]) -> list[type[pydantic.BaseModel]]:
    models: list[type[pydantic.BaseModel]] = []
    for member in members:
        while get_origin(member) is Annotated:
            member = get_args(member)[0]
        if get_origin(member) is Union or get_origin(member) is types.UnionType:
            models.extend(_union_models(get_args(member)))
        elif isinstance(member, type) and issubclass(member, pydantic.BaseModel):
            models.append(member)
    return models


def _pick_model(
    members: Sequence[Any], value: dict[Any, Any], discriminator: str | None
) -> type[pydantic.BaseModel] | None:
    """The union member a dict was most likely meant to be: by discriminator, else by keys."""
    models = _union_models(members)
    if discriminator is not None:
        for model in models:
            field = model.model_fields.get(discriminator)
            if field is not None and value.get(field.alias or discriminator) in get_args(
                field.annotation
            ):
                return model

    def known_keys(model: type[pydantic.BaseModel]) -> int:
        names = {f.alias or n for n, f in model.model_fields.items()} | set(model.model_fields)
        return len(names.intersection(value))

    return max(models, key=known_keys, default=None)


def _construct_model(cls: type[pydantic.BaseModel], data: dict[Any, Any]) -> pydantic.BaseModel:
    remaining = dict(data)
    values: dict[str, object] = {}
    fields_set: set[str] = set()
    for name, field in cls.model_fields.items():
        key = field.alias if field.alias is not None and field.alias in remaining else name
        if key in remaining:
            discriminator = field.discriminator if isinstance(field.discriminator, str) else None
            values[name] = _validate_or_construct(
                field.annotation, remaining.pop(key), discriminator
            )
            fields_set.add(name)
        elif field.is_required():
            values[name] = None  # unset (so never sent back), but attribute access works
    values.update({str(k): v for k, v in remaining.items()})
    return cls.model_construct(fields_set, **values)


def to_jsonable(value: object) -> object:
    """Turn request data into JSON-compatible values; ``NOT_GIVEN`` entries are dropped.

    Models are dumped by alias with only the fields that were set, so an omitted field is not
    sent while a field set to ``None`` is sent as ``null``.
    """
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(by_alias=True, exclude_unset=True, mode="json", warnings=False)
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items() if not isinstance(v, NotGiven)}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value if not isinstance(v, NotGiven)]
    if isinstance(value, enum.Enum):
        return to_jsonable(value.value)
    if isinstance(value, dt.date | dt.time):  # datetime is a date
        return value.isoformat()
    return value
