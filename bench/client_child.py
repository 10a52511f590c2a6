"""One round of the request-overhead comparison (run with the bench venv's Python).

``python bench/client_child.py MODE BASE_URL ID CALLS WARMUP BATCH CLIENT...`` prints one
JSON line.

CLIENT is ``raw`` (``httpx.Client().get(url).json()``, the floor), ``ours`` (the generated
package, importable as ``telnyx_client`` through ``PYTHONPATH``) or ``official`` (the
``telnyx`` SDK). MODE is ``retrieve`` (``client.external_connections.retrieve(ID)``, the
body parsed into the response model) or ``list`` (``client.external_connections.list()``:
one page of 1,000 items, all parsed); ``retrieve_inproc`` is ``retrieve`` with an in-process
transport answering with the same body (``BENCH_BODIES``/retrieve.json), no socket and no
server: what each client costs by itself.

All clients live in this one process, each with its own keep-alive connection. The first
call of each is checked (the model really holds the data), then each makes WARMUP untimed
calls, then the CALLS timed calls are made in batches of BATCH, the clients taking turns
batch by batch (A/B/C/A/B/C..., the order rotating every cycle), so that a noisy neighbour
slows all of them alike. ``per_s`` is the median of a client's batch rates (a stall from
another process hits one batch, not the result); ``per_s_overall`` is calls / summed time.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _http(mode: str) -> Any:
    """An httpx.Client: a real one, or for ``*_inproc`` modes one whose transport answers
    in-process (``httpx.MockTransport``) with the server's body: client-side cost alone."""
    import httpx

    if not mode.endswith("_inproc"):
        return httpx.Client()
    bodies = Path(os.environ["BENCH_BODIES"])
    body = (bodies / ("list.json" if mode.startswith("list") else "retrieve.json")).read_bytes()

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers={"Content-Type": "application/json"})

    return httpx.Client(transport=httpx.MockTransport(answer))


def _make(client: str, mode: str, base: str, ident: str) -> tuple[Callable[[], Any], Callable[[Any], None]]:
    if client == "raw":
        http = _http(mode)
        url = f"{base}/external_connections" + ("" if mode.startswith("list") else f"/{ident}")

        def raw_call() -> Any:
            return http.get(url).json()

        def raw_check(result: Any) -> None:
            if mode.startswith("list"):
                assert len(result["data"]) == 1000
            else:
                assert result["data"]["id"] == ident

        return raw_call, raw_check

    if client == "ours":
        import telnyx_client as pkg  # type: ignore[import-not-found]  # the generated package, via PYTHONPATH
    elif client == "official":
        import telnyx as pkg  # type: ignore[import-not-found,no-redef,unused-ignore]  # bench venv only
    else:
        raise SystemExit(f"unknown client {client!r}")
    api = pkg.Telnyx(api_key="k", base_url=base, max_retries=0, http_client=_http(mode))
    resource = api.external_connections
    if mode.startswith("list"):

        def list_call() -> Any:
            return resource.list()

        def list_check(page: Any) -> None:
            items = page.data
            assert len(items) == 1000, len(items)
            assert items[-1].id == "999", items[-1].id
            assert type(items[0]).__name__ == "ExternalConnection", type(items[0])
            assert items[0].outbound is not None

        return list_call, list_check

    def retrieve_call() -> Any:
        return resource.retrieve(ident)

    def retrieve_check(result: Any) -> None:
        assert result.data.id == ident, result
        assert type(result.data).__name__ == "ExternalConnection", type(result.data)
        assert result.data.outbound is not None

    return retrieve_call, retrieve_check


def main() -> None:
    mode, base, ident, calls_s, warmup_s, batch_s, *clients = sys.argv[1:]
    calls, warmup, batch = int(calls_s), int(warmup_s), int(batch_s)
    made = {name: _make(name, mode, base, ident) for name in clients}
    for call, check in made.values():
        check(call())
    for call, _ in made.values():
        for _ in range(warmup):
            call()
    seconds = dict.fromkeys(clients, 0.0)
    batch_rates: dict[str, list[float]] = {name: [] for name in clients}
    for cycle in range(calls // batch):
        k = cycle % len(clients)
        for name in clients[k:] + clients[:k]:
            call = made[name][0]
            start = time.perf_counter()
            for _ in range(batch):
                call()
            elapsed = time.perf_counter() - start
            seconds[name] += elapsed
            batch_rates[name].append(batch / elapsed)
    done = calls // batch * batch
    print(
        json.dumps(
            {
                name: {"calls": done, "seconds": seconds[name], "per_s_overall": done / seconds[name],
                       "per_s": statistics.median(batch_rates[name]),
                       "batch_per_s_min": min(batch_rates[name]), "batch_per_s_max": max(batch_rates[name])}
                for name in clients
            }
        )
    )  # fmt: skip


if __name__ == "__main__":
    main()
