"""Page-number and cursor pagination across several pages, sync and async."""

from typing import Any

import httpx
import pytest

from generator.runtime import (
    NOT_GIVEN,
    CursorPage,
    Endpoint,
    PageNumberPage,
    PaginationSpec,
    QueryParam,
    SyncAPIResource,
)

from .fakeapi import (
    PageMeta,
    PhoneNumber,
    PhoneNumberList,
    Recorder,
    make_async_client,
    make_client,
)


def numbers(*ids: str) -> list[dict[str, str]]:
    return [{"id": i} for i in ids]


PAGES = {1: numbers("a", "b"), 2: numbers("c", "d"), 3: numbers("e")}


def page_number_api(request: httpx.Request) -> httpx.Response:
    number = int(request.url.params.get("page[number]", "1"))
    meta = {"page_number": number, "total_pages": 3, "total_results": 5}
    return httpx.Response(200, json={"data": PAGES[number], "meta": meta})


def cursor_api(request: httpx.Request) -> httpx.Response:
    after = request.url.params.get("page[after]")
    data, cursor = {
        None: (numbers("a", "b"), "c1"),
        "c1": (numbers("c"), "c2"),
        "c2": (numbers("d"), ""),
    }[after]
    return httpx.Response(200, json={"data": data, "meta": {"cursors": {"after": cursor}}})


def requested_pages(recorder: Recorder, param: str = "page[number]") -> list[str | None]:
    return [request.url.params.get(param) for request in recorder.requests]


def test_page_number_iterates_items_across_three_pages_lazily() -> None:
    recorder = Recorder(page_number_api)
    client, _ = make_client(recorder)
    page = client.numbers.list(page_size=2)
    assert len(recorder.requests) == 1
    assert [n.id for n in page.data] == ["a", "b"]
    assert all(isinstance(n, PhoneNumber) for n in page.data)
    assert isinstance(page.response, PhoneNumberList)
    assert isinstance(page.meta, PageMeta) and page.meta.total_pages == 3
    assert page.has_next_page()

    assert [n.id for n in page] == ["a", "b", "c", "d", "e"]
    assert requested_pages(recorder) == [None, "2", "3"]
    assert all(r.url.params["page[size]"] == "2" for r in recorder.requests)


def test_iter_pages_and_get_next_page() -> None:
    recorder = Recorder(page_number_api)
    client, _ = make_client(recorder)
    pages = list(client.numbers.list(page_number=2).iter_pages())
    assert [[n.id for n in p.data] for p in pages] == [["c", "d"], ["e"]]
    assert requested_pages(recorder) == ["2", "3"]
    assert not pages[-1].has_next_page()
    with pytest.raises(RuntimeError, match="no next page"):
        pages[-1].get_next_page()


def test_page_number_without_total_pages_stops_at_a_short_page() -> None:
    def api(request: httpx.Request) -> httpx.Response:
        number = int(request.url.params.get("page[number]", "1"))
        return httpx.Response(200, json={"data": PAGES[number]})

    recorder = Recorder(api)
    client, _ = make_client(recorder)
    assert [n.id for n in client.numbers.list(page_size=2)] == ["a", "b", "c", "d", "e"]
    assert requested_pages(recorder) == [None, "2", "3"]


def test_page_number_without_total_pages_or_size_stops_at_an_empty_page() -> None:
    def api(request: httpx.Request) -> httpx.Response:
        number = int(request.url.params.get("page[number]", "1"))
        return httpx.Response(200, json={"data": PAGES.get(number, [])})

    recorder = Recorder(api)
    client, _ = make_client(recorder)
    assert len(list(client.numbers.list())) == 5
    assert requested_pages(recorder) == [None, "2", "3", "4"]


def test_cursor_pages_follow_the_cursor_until_it_is_empty() -> None:
    recorder = Recorder(cursor_api)
    client, _ = make_client(recorder)
    page = client.numbers.list_by_cursor()
    assert page.response["meta"]["cursors"]["after"] == "c1"
    assert page.meta is None  # the response type is a dict here
    assert [n.id for n in page] == ["a", "b", "c", "d"]
    assert requested_pages(recorder, "page[after]") == [None, "c1", "c2"]


def test_cursor_stops_when_has_more_is_false() -> None:
    spec = PaginationSpec(
        kind="cursor", page_param="cursor", next_cursor_path=("next",), has_more_path=("has_more",)
    )

    def api(request: httpx.Request) -> httpx.Response:
        cursor = request.url.params.get("cursor")
        more = cursor is None
        return httpx.Response(
            200, json={"data": numbers(cursor or "first"), "next": "n", "has_more": more}
        )

    recorder = Recorder(api)
    client, _ = make_client(recorder)
    page = SyncAPIResource(client)._request_page(
        CursorPage[PhoneNumber, Any],
        Endpoint("GET", "/things"),
        cast_to=Any,
        item_type=PhoneNumber,
        pagination=spec,
    )
    assert [n.id for n in page] == ["first", "n"]
    assert [r.url.params.get("cursor") for r in recorder.requests] == [None, "n"]


def test_page_class_must_match_the_pagination_kind() -> None:
    client, _ = make_client(Recorder(page_number_api))
    with pytest.raises(ValueError, match="PageNumberPage needs a 'page_number' PaginationSpec"):
        SyncAPIResource(client)._request_page(
            PageNumberPage[Any, Any],
            Endpoint("GET", "/things"),
            cast_to=Any,
            item_type=Any,
            pagination=PaginationSpec(kind="cursor"),
        )


@pytest.mark.anyio
async def test_async_page_number_await_and_async_for() -> None:
    recorder = Recorder(page_number_api)
    client, _ = make_async_client(recorder)
    pager = client.numbers.list(page_size=2)
    assert recorder.requests == []  # nothing is sent before it is awaited or iterated

    first = await pager
    assert first is pager
    assert [n.id for n in first.data] == ["a", "b"]
    assert first.meta.total_pages == 3

    assert [n.id async for n in client.numbers.list(page_size=2)] == ["a", "b", "c", "d", "e"]
    assert requested_pages(recorder) == [None, None, "2", "3"]


@pytest.mark.anyio
async def test_async_iter_pages_and_cursor() -> None:
    recorder = Recorder(page_number_api)
    client, _ = make_async_client(recorder)
    page = await client.numbers.list(page_number=NOT_GIVEN)
    pages = [[n.id for n in p.data] async for p in page.iter_pages()]
    assert pages == [["a", "b"], ["c", "d"], ["e"]]
    assert len(recorder.requests) == 3  # the awaited first page is not fetched again

    recorder = Recorder(cursor_api)
    client, _ = make_async_client(recorder)
    assert [n.id async for n in client.numbers.list_by_cursor()] == ["a", "b", "c", "d"]
    second = await (await client.numbers.list_by_cursor()).get_next_page()
    assert [n.id for n in second.data] == ["c"]


@pytest.mark.anyio
async def test_unawaited_async_page_cannot_be_read() -> None:
    client, _ = make_async_client(Recorder(page_number_api))
    with pytest.raises(RuntimeError, match="Await"):
        _ = client.numbers.list().data


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ({"size": 2}, [("2", None), ("2", "2"), ("2", "3")]),
        ({"number": 2, "size": 2}, [("2", "2"), ("2", "3")]),
        (NOT_GIVEN, [(None, None), (None, "2"), (None, "3")]),
    ],
)
def test_page_number_inside_a_deep_object_page_param(
    page: object, expected: list[tuple[str | None, str | None]]
) -> None:
    recorder = Recorder(page_number_api)
    client, _ = make_client(recorder)
    pages = SyncAPIResource(client)._request_page(
        PageNumberPage[PhoneNumber, PhoneNumberList],
        Endpoint("GET", "/phone_numbers"),
        query=(QueryParam("page", page, "deepObject"), QueryParam("filter", {"tag": "x"})),
        cast_to=PhoneNumberList,
        item_type=PhoneNumber,
        pagination=PaginationSpec(kind="page_number"),
    )
    list(pages)
    sent = [
        (r.url.params.get("page[size]"), r.url.params.get("page[number]"))
        for r in recorder.requests
    ]
    assert sent == expected
    assert all(len(r.url.params.get_list("page[number]")) <= 1 for r in recorder.requests)
    assert all(r.url.params["filter[tag]"] == "x" for r in recorder.requests)
