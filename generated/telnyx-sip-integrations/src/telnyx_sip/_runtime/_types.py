"""Sentinels and type aliases shared by the runtime and the generated code."""

import os
from collections.abc import Mapping
from typing import IO, Final, Literal, TypeAlias

import httpx

__all__ = [
    "NOT_GIVEN",
    "Body",
    "FileContent",
    "FileInput",
    "Headers",
    "NotGiven",
    "Query",
    "RawContent",
    "Timeout",
]


class NotGiven:
    """Marks an argument the caller did not pass.

    Different from ``None``, which is sent to the API as JSON ``null``.
    """

    _instance: "NotGiven | None" = None

    def __new__(cls) -> "NotGiven":
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()

Headers: TypeAlias = Mapping[str, str | NotGiven]
Query: TypeAlias = Mapping[str, object]
Body: TypeAlias = Mapping[str, object]
Timeout: TypeAlias = float | httpx.Timeout | None

FileContent: TypeAlias = bytes | IO[bytes]
FileInput: TypeAlias = (
    FileContent
    | os.PathLike[str]
    | tuple[str | None, FileContent]
    | tuple[str | None, FileContent, str]
)
RawContent: TypeAlias = FileContent | os.PathLike[str]
"""A whole request body of raw bytes: bytes, a binary file object or a path."""
