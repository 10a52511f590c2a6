"""Paginated list results: iterate items across pages, fetching the next page lazily."""

import dataclasses
import types
from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Self, TypeVar

import httpx

from ._models import parse, to_jsonable
from ._request import QueryParam
from ._response import json_body

__all__ = [
    "AsyncCursorPage",
    "AsyncPage",
    "AsyncPageNumberPage",
    "CursorPage",
    "PageData",
    "PageNumberPage",
    "PaginationSpec",
    "SyncPage",
    "page_data",
]

ItemT = TypeVar("ItemT")
ResponseT = TypeVar("ResponseT")


@dataclass(frozen=True, slots=True)
class PaginationSpec:
    kind: str
    """``page_number`` or ``cursor``."""
    items_field: str = "data"
    page_param: str = "page[number]"
    """page_number: the page number parameter; cursor: the parameter taking the next cursor."""
    size_param: str | None = "page[size]"
    total_pages_path: tuple[str, ...] = ("meta", "total_pages")
    next_cursor_path: tuple[str, ...] = ()
    has_more_path: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PageData:
    """One fetched page: the JSON body, the body parsed as the response type, the items."""

    raw: object
    response: Any
    items: list[Any]


def page_data(
    response: httpx.Response, cast_to: Any, item_type: Any, spec: PaginationSpec
) -> PageData:
    raw = json_body(response)
    items = raw.get(spec.items_field) if isinstance(raw, dict) else None
    return PageData(
        raw, parse(cast_to, raw), parse(types.GenericAlias(list, (item_type,)), items or [])
    )


def _dig(data: object, path: tuple[str, ...]) -> object:
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _wire_path(name: str) -> list[str]:
    """``page[number]`` -> ``["page", "number"]``."""
    return name.replace("]", "").split("[")


def _int_param(query: tuple[QueryParam, ...], name: str | None) -> int | None:
    """An int query value, also one inside an object parameter (``number`` of ``page``)."""
    wanted = _wire_path(name) if name else []
    for param in query:
        path = _wire_path(param.name)
        if wanted[: len(path)] == path:
            value = _dig(to_jsonable(param.value), tuple(wanted[len(path) :]))
            if isinstance(value, int) and not isinstance(value, bool):
                return value
    return None


def _nested_set(data: dict[str, object], keys: list[str], value: object) -> dict[str, object]:
    head, *rest = keys
    child = data.get(head)
    inner = _nested_set(child if isinstance(child, dict) else {}, rest, value) if rest else value
    return {**data, head: inner}


def _with_param(query: tuple[QueryParam, ...], name: str, value: object) -> tuple[QueryParam, ...]:
    """``query`` with parameter ``name`` set to ``value``; a name like ``page[number]`` is set
    inside an object parameter ``page`` when the operation has one."""
    wanted = _wire_path(name)
    for index, param in enumerate(query):
        path = _wire_path(param.name)
        current = to_jsonable(param.value)
        if path == wanted:
            changed = dataclasses.replace(param, value=value)
        elif wanted[: len(path)] == path and isinstance(current, dict):
            changed = dataclasses.replace(
                param, value=_nested_set(current, wanted[len(path) :], value)
            )
        else:
            continue
        return (*query[:index], changed, *query[index + 1 :])
    return (*query, QueryParam(name, value))


def _next_query(
    spec: PaginationSpec, query: tuple[QueryParam, ...], page: PageData
) -> tuple[QueryParam, ...] | None:
    if spec.kind == "page_number":
        number = _int_param(query, spec.page_param) or 1
        total = _dig(page.raw, spec.total_pages_path)
        if isinstance(total, int):
            more = number < total
        else:
            size = _int_param(query, spec.size_param)
            more = bool(page.items) and (size is None or len(page.items) >= size)
        return _with_param(query, spec.page_param, number + 1) if more else None
    if spec.has_more_path and _dig(page.raw, spec.has_more_path) is False:
        return None
    cursor = _dig(page.raw, spec.next_cursor_path)
    if cursor is None or cursor == "":
        return None
    return _with_param(query, spec.page_param, cursor)


class _Page(Generic[ItemT, ResponseT]):
    _kind: ClassVar[str]

    def __init__(
        self, *, spec: PaginationSpec, query: tuple[QueryParam, ...], state: PageData | None
    ) -> None:
        if spec.kind != self._kind:
            raise ValueError(f"{type(self).__name__} needs a {self._kind!r} PaginationSpec")
        self._spec = spec
        self._query = query
        self._state = state

    @property
    def _page(self) -> PageData:
        if self._state is None:
            raise RuntimeError(f"Await the {type(self).__name__} before reading it")
        return self._state

    @property
    def response(self) -> ResponseT:
        """This page's whole response body, parsed."""
        response: ResponseT = self._page.response
        return response

    @property
    def data(self) -> list[ItemT]:
        """This page's items."""
        return self._page.items

    @property
    def meta(self) -> Any:
        return getattr(self.response, "meta", None)

    def _next(self) -> tuple[QueryParam, ...] | None:
        return _next_query(self._spec, self._query, self._page)

    def has_next_page(self) -> bool:
        return self._next() is not None

    def _require_next(self) -> tuple[QueryParam, ...]:
        query = self._next()
        if query is None:
            raise RuntimeError("There is no next page; check has_next_page() first")
        return query

    def __repr__(self) -> str:
        loaded = "not loaded" if self._state is None else f"{len(self._state.items)} items"
        return f"<{type(self).__name__} {loaded}>"


class SyncPage(_Page[ItemT, ResponseT]):
    def __init__(
        self,
        *,
        spec: PaginationSpec,
        query: tuple[QueryParam, ...],
        state: PageData,
        fetch: Callable[[tuple[QueryParam, ...]], PageData],
    ) -> None:
        super().__init__(spec=spec, query=query, state=state)
        self._fetch = fetch

    def get_next_page(self) -> Self:
        query = self._require_next()
        return type(self)(spec=self._spec, query=query, state=self._fetch(query), fetch=self._fetch)

    def iter_pages(self) -> Iterator[Self]:
        """This page, then each following page, fetched as the iteration reaches it."""
        page = self
        yield page
        while page.has_next_page():
            page = page.get_next_page()
            yield page

    def __iter__(self) -> Iterator[ItemT]:
        """The items of this page and of all following pages."""
        for page in self.iter_pages():
            yield from page.data


class AsyncPage(_Page[ItemT, ResponseT]):
    """Awaitable (gives the loaded first page) and async-iterable over all items."""

    def __init__(
        self,
        *,
        spec: PaginationSpec,
        query: tuple[QueryParam, ...],
        fetch: Callable[[tuple[QueryParam, ...]], Awaitable[PageData]],
        state: PageData | None = None,
    ) -> None:
        super().__init__(spec=spec, query=query, state=state)
        self._fetch = fetch

    async def _load(self) -> Self:
        if self._state is None:
            self._state = await self._fetch(self._query)
        return self

    def __await__(self) -> Generator[Any, None, Self]:
        return self._load().__await__()

    async def get_next_page(self) -> Self:
        await self._load()
        query = self._require_next()
        return type(self)(
            spec=self._spec, query=query, fetch=self._fetch, state=await self._fetch(query)
        )

    async def iter_pages(self) -> AsyncIterator[Self]:
        """This page, then each following page, fetched as the iteration reaches it."""
        page = await self._load()
        yield page
        while page.has_next_page():
            page = await page.get_next_page()
            yield page

    async def _items(self) -> AsyncIterator[ItemT]:
        async for page in self.iter_pages():
            for item in page.data:
                yield item

    def __aiter__(self) -> AsyncIterator[ItemT]:
        """The items of this page and of all following pages."""
        return self._items()


class PageNumberPage(SyncPage[ItemT, ResponseT]):
    _kind = "page_number"


class CursorPage(SyncPage[ItemT, ResponseT]):
    _kind = "cursor"


class AsyncPageNumberPage(AsyncPage[ItemT, ResponseT]):
    _kind = "page_number"


class AsyncCursorPage(AsyncPage[ItemT, ResponseT]):
    _kind = "cursor"
