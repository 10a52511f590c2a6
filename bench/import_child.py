"""Import cost in a fresh process (run with the bench venv's Python).

``python bench/import_child.py SUBJECT`` prints one JSON line. SUBJECT:

* ``floor``: ``import httpx, pydantic`` (what any pydantic/httpx client must pay)
* ``ours``: ``import telnyx_client as pkg; c = pkg.Telnyx(api_key="k"); c.external_connections``
  (the generated package, importable through ``PYTHONPATH``)
* ``official``: the same with ``import telnyx as pkg``

``seconds`` is the time of those statements in this process (interpreter start-up not
included; the parent records the whole process too); ``after_construct_s`` is the time up
to the client's construction. ``maxrss_mb`` is this process's peak RSS: ``VmHWM`` from
``/proc/self/status``, not ``ru_maxrss``, which Linux carries over ``exec`` from the parent
that spawned us (with ``vfork``, the benchmark's own ~45 MB).
"""

from __future__ import annotations

import json
import sys
import time


def _vm_hwm_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    raise RuntimeError("no VmHWM in /proc/self/status")


def main() -> None:
    subject = sys.argv[1]
    baseline = len(sys.modules)
    start = time.perf_counter()
    constructed = start
    if subject == "floor":
        import httpx  # noqa: F401
        import pydantic  # noqa: F401

        constructed = time.perf_counter()
    else:
        if subject == "ours":
            import telnyx_client as pkg  # type: ignore[import-not-found]  # the generated package, via PYTHONPATH
        elif subject == "official":
            import telnyx as pkg  # type: ignore[import-not-found,no-redef,unused-ignore]  # bench venv only
        else:
            raise SystemExit(f"unknown subject {subject!r}")
        client = pkg.Telnyx(api_key="k")
        constructed = time.perf_counter()
        client.external_connections  # noqa: B018 (the first access is what we time)
    end = time.perf_counter()
    print(
        json.dumps(
            {
                "subject": subject,
                "seconds": end - start,
                "after_construct_s": constructed - start,
                "maxrss_mb": _vm_hwm_mb(),
                "modules": len(sys.modules) - baseline,
            }
        )
    )


if __name__ == "__main__":
    main()
