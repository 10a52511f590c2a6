"""Exceptions raised by the client. Messages never contain the API key."""

import httpx
from pydantic import ConfigDict

from ._models import BaseModel, parse

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "ErrorObject",
    "ErrorSource",
    "InternalServerError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "TelnyxError",
    "UnprocessableEntityError",
    "WebhookVerificationError",
    "make_status_error",
]


class ErrorSource(BaseModel):
    pointer: str | None = None
    parameter: str | None = None


class ErrorObject(BaseModel):
    """One entry of the ``errors`` list in a Telnyx error response."""

    model_config = ConfigDict(coerce_numbers_to_str=True)

    code: str | None = None
    title: str | None = None
    detail: str | None = None
    source: ErrorSource | None = None
    meta: dict[str, object] | None = None


class TelnyxError(Exception):
    """Base of every exception raised by the client."""


class WebhookVerificationError(TelnyxError):
    """A webhook's signature, timestamp or headers did not check out."""


class APIError(TelnyxError):
    message: str
    request: httpx.Request
    body: object | None
    """The decoded JSON body, the text of a non-JSON body, or None."""

    def __init__(self, message: str, request: httpx.Request, *, body: object | None) -> None:
        super().__init__(message)
        self.message = message
        self.request = request
        self.body = body


class APIResponseValidationError(APIError):
    """A successful response whose content was not what the operation returns."""

    response: httpx.Response
    status_code: int

    def __init__(self, response: httpx.Response, body: object | None, *, message: str) -> None:
        super().__init__(message, response.request, body=body)
        self.response = response
        self.status_code = response.status_code


class APIStatusError(APIError):
    """The API answered with a 4xx or 5xx status (or another non-2xx status)."""

    response: httpx.Response
    status_code: int
    request_id: str | None
    errors: list[ErrorObject]

    def __init__(self, *, response: httpx.Response, body: object | None) -> None:
        errors = _parse_errors(body)
        message = _redact(_status_message(response, errors), response.request)
        super().__init__(message, response.request, body=body)
        self.response = response
        self.status_code = response.status_code
        self.request_id = response.headers.get("x-request-id")
        self.errors = errors


class BadRequestError(APIStatusError):
    pass


class AuthenticationError(APIStatusError):
    pass


class PermissionDeniedError(APIStatusError):
    pass


class NotFoundError(APIStatusError):
    pass


class ConflictError(APIStatusError):
    pass


class UnprocessableEntityError(APIStatusError):
    pass


class RateLimitError(APIStatusError):
    pass


class InternalServerError(APIStatusError):
    pass


class APIConnectionError(APIError):
    def __init__(self, request: httpx.Request, *, message: str = "Connection error.") -> None:
        super().__init__(message, request, body=None)


class APITimeoutError(APIConnectionError):
    def __init__(self, request: httpx.Request) -> None:
        super().__init__(request, message="Request timed out.")


_STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def _parse_errors(body: object) -> list[ErrorObject]:
    if not isinstance(body, dict) or not isinstance(body.get("errors"), list):
        return []
    entries = [entry for entry in body["errors"] if isinstance(entry, dict)]
    errors: list[ErrorObject] = parse(list[ErrorObject], entries)
    return errors


def _status_message(response: httpx.Response, errors: list[ErrorObject]) -> str:
    message = f"Error code: {response.status_code} {response.reason_phrase}".rstrip()
    if errors:
        first = errors[0]
        summary = " - ".join(str(part) for part in (first.title, first.detail) if part)
        if summary:
            message += f": {summary}"
        if len(errors) > 1:
            message += f" (and {len(errors) - 1} more)"
    return message


def _redact(message: str, request: httpx.Request) -> str:
    """``message`` without the request's credentials (a proxy may echo them in its error)."""
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    secret = credentials.strip() or scheme.strip()
    return message.replace(secret, "[redacted]") if len(secret) >= 8 else message


def make_status_error(response: httpx.Response, body: object | None) -> APIStatusError:
    """The exception for an error response; ``body`` is its decoded content."""
    status = response.status_code
    cls = InternalServerError if status >= 500 else _STATUS_ERRORS.get(status, APIStatusError)
    return cls(response=response, body=body)
