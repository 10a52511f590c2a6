"""Verifying and parsing Telnyx webhooks (Ed25519 signatures; needs the optional PyNaCl)."""

import base64
import binascii
import json
import time
from collections.abc import Mapping
from typing import Any, ClassVar

from ._client import AsyncAPIClient, SyncAPIClient
from ._errors import TelnyxError, WebhookVerificationError
from ._models import parse

__all__ = ["WebhooksResource"]

SIGNATURE_HEADER = "telnyx-signature-ed25519"
TIMESTAMP_HEADER = "telnyx-timestamp"


class WebhooksResource:
    """Generated code subclasses this and sets ``_event_type`` to the union of event models."""

    _event_type: ClassVar[Any] = Any

    def __init__(self, client: SyncAPIClient | AsyncAPIClient) -> None:
        self._client = client

    def unwrap(
        self,
        payload: str | bytes,
        headers: Mapping[str, str],
        *,
        key: str | bytes | None = None,
        tolerance: int = 300,
    ) -> Any:
        """Verify the webhook's signature, then parse it into an event."""
        self.verify_signature(payload, headers, key=key, tolerance=tolerance)
        return self.unsafe_unwrap(payload)

    def unsafe_unwrap(self, payload: str | bytes) -> Any:
        """Parse a webhook into an event without verifying where it came from."""
        return parse(self._event_type, json.loads(payload))

    def verify_signature(
        self,
        payload: str | bytes,
        headers: Mapping[str, str],
        *,
        key: str | bytes | None = None,
        tolerance: int = 300,
    ) -> None:
        """Raise ``WebhookVerificationError`` unless Telnyx signed ``payload`` recently.

        ``key`` is the base64 public key from the Mission Control portal (or its 32 raw bytes);
        it defaults to the client's ``public_key`` option (env ``TELNYX_PUBLIC_KEY``).
        ``tolerance`` is how many seconds the timestamp may be away from now.
        """
        try:
            from nacl.exceptions import BadSignatureError
            from nacl.signing import VerifyKey
        except ImportError:
            raise TelnyxError(
                "Verifying webhooks needs PyNaCl: install PyNaCl (the webhooks extra)"
            ) from None

        verify_key = VerifyKey(
            _public_key_bytes(key if key is not None else self._client.public_key)
        )
        lowered = {name.lower(): value for name, value in headers.items()}
        signature_b64 = lowered.get(SIGNATURE_HEADER)
        timestamp = lowered.get(TIMESTAMP_HEADER)
        if not signature_b64 or not timestamp:
            raise WebhookVerificationError(
                f"Missing the {SIGNATURE_HEADER} or {TIMESTAMP_HEADER} header"
            )
        try:
            signed_at = int(timestamp)
        except ValueError:
            raise WebhookVerificationError(f"Invalid {TIMESTAMP_HEADER} header") from None
        now = int(time.time())
        if now - signed_at > tolerance:
            raise WebhookVerificationError("Webhook timestamp is too old")
        if signed_at - now > tolerance:
            raise WebhookVerificationError("Webhook timestamp is too far in the future")
        try:
            signature = base64.b64decode(signature_b64, validate=True)
        except binascii.Error:
            raise WebhookVerificationError(f"Invalid base64 in {SIGNATURE_HEADER}") from None
        body = payload.encode("utf-8") if isinstance(payload, str) else payload
        try:
            verify_key.verify(timestamp.encode("utf-8") + b"|" + body, signature)
        except (BadSignatureError, ValueError):
            raise WebhookVerificationError("Invalid webhook signature") from None


def _public_key_bytes(key: str | bytes | None) -> bytes:
    if key is None:
        raise TelnyxError(
            "Verifying webhooks needs the public key: pass key=..., set the client's public_key "
            "option or the TELNYX_PUBLIC_KEY environment variable"
        )
    if isinstance(key, bytes) and len(key) == 32:
        return key
    try:
        raw = base64.b64decode(key, validate=True)
    except binascii.Error:
        raw = b""
    if len(raw) != 32:
        raise WebhookVerificationError("The webhook public key must be 32 bytes, base64-encoded")
    return raw
