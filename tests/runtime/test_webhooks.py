"""Webhook signature verification with a real Ed25519 key, and event parsing."""

import base64
import builtins
import json
import time
from typing import Any

import pytest
from nacl.signing import SigningKey

from generator.runtime import TelnyxError, WebhookVerificationError

from .fakeapi import (
    API_KEY,
    CallHangup,
    CallInitiated,
    Recorder,
    WebhookEvent,
    json_response,
    make_client,
)

SIGNING_KEY = SigningKey.generate()
PUBLIC_KEY = base64.b64encode(bytes(SIGNING_KEY.verify_key)).decode()
PAYLOAD = json.dumps(
    {"data": {"event_type": "call.initiated", "call_control_id": "v3:abc", "record_type": "event"}}
)


def signed_headers(payload: str, timestamp: int | None = None) -> dict[str, str]:
    timestamp = int(time.time()) if timestamp is None else timestamp
    signature = SIGNING_KEY.sign(f"{timestamp}|{payload}".encode()).signature
    return {
        "Telnyx-Signature-Ed25519": base64.b64encode(signature).decode(),
        "Telnyx-Timestamp": str(timestamp),
    }


def webhooks(**client_options: Any) -> Any:
    client, _ = make_client(Recorder(json_response(200, {})), **client_options)
    return client.webhooks


def test_valid_webhook_is_unwrapped_into_the_event_model() -> None:
    event = webhooks(public_key=PUBLIC_KEY).unwrap(PAYLOAD, signed_headers(PAYLOAD))
    assert isinstance(event, WebhookEvent)
    assert isinstance(event.data, CallInitiated)
    assert event.data.call_control_id == "v3:abc"
    assert event.data.record_type == "event"  # extra field kept


def test_key_argument_bytes_payload_and_env_public_key(monkeypatch: pytest.MonkeyPatch) -> None:
    headers = signed_headers(PAYLOAD)
    webhooks().verify_signature(PAYLOAD.encode(), headers, key=PUBLIC_KEY)
    webhooks().verify_signature(PAYLOAD, headers, key=bytes(SIGNING_KEY.verify_key))
    monkeypatch.setenv("TELNYX_PUBLIC_KEY", PUBLIC_KEY)
    webhooks().verify_signature(PAYLOAD, {k.lower(): v for k, v in headers.items()})


def test_tampered_payload_is_rejected() -> None:
    tampered = PAYLOAD.replace("v3:abc", "v3:evil")
    with pytest.raises(WebhookVerificationError, match="Invalid webhook signature"):
        webhooks(public_key=PUBLIC_KEY).unwrap(tampered, signed_headers(PAYLOAD))


def test_signature_from_another_key_is_rejected() -> None:
    other = base64.b64encode(bytes(SigningKey.generate().verify_key)).decode()
    with pytest.raises(WebhookVerificationError):
        webhooks().verify_signature(PAYLOAD, signed_headers(PAYLOAD), key=other)


@pytest.mark.parametrize(("offset", "message"), [(-301, "too old"), (301, "future")])
def test_timestamp_outside_tolerance_is_rejected(offset: int, message: str) -> None:
    headers = signed_headers(PAYLOAD, int(time.time()) + offset)
    with pytest.raises(WebhookVerificationError, match=message):
        webhooks(public_key=PUBLIC_KEY).unwrap(PAYLOAD, headers)
    webhooks(public_key=PUBLIC_KEY).unwrap(PAYLOAD, headers, tolerance=400)


@pytest.mark.parametrize("missing", ["Telnyx-Signature-Ed25519", "Telnyx-Timestamp"])
def test_missing_header_is_rejected(missing: str) -> None:
    headers = signed_headers(PAYLOAD)
    del headers[missing]
    with pytest.raises(WebhookVerificationError, match="Missing"):
        webhooks(public_key=PUBLIC_KEY).unwrap(PAYLOAD, headers)


@pytest.mark.parametrize(
    ("header", "value"),
    [
        ("Telnyx-Signature-Ed25519", "not base64!"),
        ("Telnyx-Signature-Ed25519", "c2hvcnQ="),
        ("Telnyx-Timestamp", "now"),
    ],
)
def test_malformed_headers_are_rejected(header: str, value: str) -> None:
    headers = signed_headers(PAYLOAD) | {header: value}
    with pytest.raises(WebhookVerificationError):
        webhooks(public_key=PUBLIC_KEY).verify_signature(PAYLOAD, headers)


def test_bad_or_missing_public_key() -> None:
    with pytest.raises(WebhookVerificationError, match="32 bytes"):
        webhooks().verify_signature(PAYLOAD, signed_headers(PAYLOAD), key="c2hvcnQ=")
    with pytest.raises(TelnyxError, match="TELNYX_PUBLIC_KEY") as caught:
        webhooks().verify_signature(PAYLOAD, signed_headers(PAYLOAD))
    assert API_KEY not in str(caught.value)


def test_missing_pynacl_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_nacl(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("nacl"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_nacl)
    with pytest.raises(TelnyxError, match=r"install PyNaCl \(the webhooks extra\)"):
        webhooks(public_key=PUBLIC_KEY).unwrap(PAYLOAD, signed_headers(PAYLOAD))


def test_unsafe_unwrap_parses_leniently_without_verifying() -> None:
    event = webhooks().unsafe_unwrap(
        '{"data": {"event_type": "call.hangup", "hangup_cause": "brand_new_cause"}}'
    )
    assert isinstance(event.data, CallHangup)
    assert event.data.hangup_cause == "brand_new_cause"
