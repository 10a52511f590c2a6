"""A small client written the way the generator writes one, on top of the runtime."""

from collections.abc import Callable
from datetime import datetime
from functools import cached_property
from typing import Annotated, Any, Literal, Unpack

import httpx
from pydantic import Field

from generator.runtime import (
    NOT_GIVEN,
    AsyncAPIClient,
    AsyncAPIResource,
    AsyncBinaryResponse,
    AsyncCursorPage,
    AsyncPageNumberPage,
    AsyncStream,
    BaseModel,
    BinaryResponse,
    CallOptions,
    CursorPage,
    Endpoint,
    JsonBody,
    NotGiven,
    PageNumberPage,
    PaginationSpec,
    QueryParam,
    RequestOptions,
    Stream,
    SyncAPIClient,
    SyncAPIResource,
    WebhooksResource,
)

API_KEY = "KEY-super-secret-0123456789"
DEFAULT_BASE_URL = "https://api.telnyx.com/v2"


class PhoneNumber(BaseModel):
    id: str
    record_type: Literal["phone_number"] = "phone_number"
    status: Literal["active", "pending"] | None = None
    from_: str | None = Field(default=None, alias="from")
    created_at: datetime | None = None
    tags: list[str] | None = None


class PageMeta(BaseModel):
    page_number: int | None = None
    total_pages: int | None = None


class PhoneNumberList(BaseModel):
    data: list[PhoneNumber] | None = None
    meta: PageMeta | None = None


class Chunk(BaseModel):
    text: str


class CallInitiated(BaseModel):
    event_type: Literal["call.initiated"]
    call_control_id: str


class CallHangup(BaseModel):
    event_type: Literal["call.hangup"]
    hangup_cause: Literal["normal_clearing", "busy"]


EventData = Annotated[CallInitiated | CallHangup, Field(discriminator="event_type")]


class WebhookEvent(BaseModel):
    data: EventData


PAGE_NUMBER = PaginationSpec(kind="page_number")
CURSOR = PaginationSpec(
    kind="cursor", page_param="page[after]", next_cursor_path=("meta", "cursors", "after")
)


def _list_query(page_number: int | NotGiven, page_size: int | NotGiven) -> tuple[QueryParam, ...]:
    return (
        QueryParam("page[number]", page_number, "deepObject"),
        QueryParam("page[size]", page_size, "deepObject"),
    )


class Uploads(SyncAPIResource):
    def create(
        self,
        id: str,
        *,
        number_ids: list[str] | NotGiven = NOT_GIVEN,
        **options: Unpack[CallOptions],
    ) -> Any:
        return self._request(
            Endpoint("POST", "/external_connections/{id}/uploads"),
            path_params={"id": id},
            body=JsonBody({"number_ids": number_ids}),
            options=RequestOptions(**options),
        )


class Numbers(SyncAPIResource):
    @cached_property
    def uploads(self) -> Uploads:
        return Uploads(self._client)

    def retrieve(self, id: str, **options: Unpack[CallOptions]) -> PhoneNumber:
        result: PhoneNumber = self._request(
            Endpoint("GET", "/phone_numbers/{id}"),
            path_params={"id": id},
            cast_to=PhoneNumber,
            options=RequestOptions(**options),
        )
        return result

    def list(
        self,
        *,
        page_number: int | NotGiven = NOT_GIVEN,
        page_size: int | NotGiven = NOT_GIVEN,
        **options: Unpack[CallOptions],
    ) -> PageNumberPage[PhoneNumber, PhoneNumberList]:
        return self._request_page(
            PageNumberPage[PhoneNumber, PhoneNumberList],
            Endpoint("GET", "/phone_numbers"),
            query=_list_query(page_number, page_size),
            cast_to=PhoneNumberList,
            item_type=PhoneNumber,
            pagination=PAGE_NUMBER,
            options=RequestOptions(**options),
        )

    def list_by_cursor(self, **options: Unpack[CallOptions]) -> CursorPage[PhoneNumber, Any]:
        return self._request_page(
            CursorPage[PhoneNumber, Any],
            Endpoint("GET", "/numbers_by_cursor"),
            query=(QueryParam("page[after]", NOT_GIVEN),),
            cast_to=dict[str, Any],
            item_type=PhoneNumber,
            pagination=CURSOR,
            options=RequestOptions(**options),
        )

    def legacy_lookup(self) -> Any:
        return self._request(Endpoint("GET", "/legacy", deprecated="legacy_lookup is deprecated"))

    def download(self, id: str) -> BinaryResponse:
        result: BinaryResponse = self._request(
            Endpoint("GET", "/media/{id}/download"), path_params={"id": id}, kind="binary"
        )
        return result

    def stream(self) -> Stream[Chunk]:
        result: Stream[Chunk] = self._request(
            Endpoint("POST", "/ai/chat"), cast_to=Chunk, kind="sse"
        )
        return result


class Webhooks(WebhooksResource):
    _event_type = WebhookEvent


class Telnyx(SyncAPIClient):
    def __init__(self, **options: Any) -> None:
        super().__init__(
            default_base_url=DEFAULT_BASE_URL, user_agent="Telnyx/Python test", **options
        )

    @cached_property
    def numbers(self) -> Numbers:
        return Numbers(self)

    @cached_property
    def webhooks(self) -> Webhooks:
        return Webhooks(self)


class AsyncNumbers(AsyncAPIResource):
    async def retrieve(self, id: str) -> PhoneNumber:
        result: PhoneNumber = await self._request(
            Endpoint("GET", "/phone_numbers/{id}"), path_params={"id": id}, cast_to=PhoneNumber
        )
        return result

    def list(
        self, *, page_number: int | NotGiven = NOT_GIVEN, page_size: int | NotGiven = NOT_GIVEN
    ) -> AsyncPageNumberPage[PhoneNumber, PhoneNumberList]:
        return self._request_page(
            AsyncPageNumberPage[PhoneNumber, PhoneNumberList],
            Endpoint("GET", "/phone_numbers"),
            query=_list_query(page_number, page_size),
            cast_to=PhoneNumberList,
            item_type=PhoneNumber,
            pagination=PAGE_NUMBER,
        )

    def list_by_cursor(self) -> AsyncCursorPage[PhoneNumber, Any]:
        return self._request_page(
            AsyncCursorPage[PhoneNumber, Any],
            Endpoint("GET", "/numbers_by_cursor"),
            cast_to=dict[str, Any],
            item_type=PhoneNumber,
            pagination=CURSOR,
        )

    async def legacy_lookup(self) -> Any:
        return await self._request(
            Endpoint("GET", "/legacy", deprecated="legacy_lookup is deprecated")
        )

    async def download(self, id: str) -> AsyncBinaryResponse:
        result: AsyncBinaryResponse = await self._request(
            Endpoint("GET", "/media/{id}/download"), path_params={"id": id}, kind="binary"
        )
        return result

    async def stream(self) -> AsyncStream[Chunk]:
        result: AsyncStream[Chunk] = await self._request(
            Endpoint("POST", "/ai/chat"), cast_to=Chunk, kind="sse"
        )
        return result


class AsyncTelnyx(AsyncAPIClient):
    def __init__(self, **options: Any) -> None:
        super().__init__(
            default_base_url=DEFAULT_BASE_URL, user_agent="Telnyx/Python test", **options
        )

    @cached_property
    def numbers(self) -> AsyncNumbers:
        return AsyncNumbers(self)

    @cached_property
    def webhooks(self) -> Webhooks:
        return Webhooks(self)


Handler = Callable[[httpx.Request], httpx.Response]


class Recorder:
    """A MockTransport handler that answers with the given responses in turn and keeps requests."""

    def __init__(self, *responses: httpx.Response | Exception | Handler) -> None:
        self.responses = list(responses)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.responses.pop(0) if len(self.responses) > 1 else self.responses[0]
        if isinstance(answer, Exception):
            raise answer
        if isinstance(answer, httpx.Response):  # a fresh copy: a response can be sent only once
            return httpx.Response(
                answer.status_code, headers=answer.headers, content=answer.content
            )
        return answer(request)

    @property
    def request(self) -> httpx.Request:
        return self.requests[-1]


def make_client(recorder: Recorder, **options: Any) -> tuple[Telnyx, list[float]]:
    """A client over a mock transport whose retry sleeps are recorded instead of slept."""
    options.setdefault("api_key", API_KEY)
    client = Telnyx(http_client=httpx.Client(transport=httpx.MockTransport(recorder)), **options)
    sleeps: list[float] = []
    client._sleep = sleeps.append  # type: ignore[method-assign]
    return client, sleeps


def make_async_client(recorder: Recorder, **options: Any) -> tuple[AsyncTelnyx, list[float]]:
    options.setdefault("api_key", API_KEY)
    transport = httpx.MockTransport(recorder)
    client = AsyncTelnyx(http_client=httpx.AsyncClient(transport=transport), **options)
    sleeps: list[float] = []

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    client._sleep = sleep  # type: ignore[method-assign]
    return client, sleeps


def json_response(
    status: int, body: object, headers: dict[str, str] | None = None
) -> httpx.Response:
    return httpx.Response(status, json=body, headers=headers)
