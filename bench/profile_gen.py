"""Profile the generator's in-process stages (run with the project venv's Python).

``python bench/profile_gen.py MODE SPEC [UNFORMATTED_DIR]`` prints one JSON object. Each
mode runs in a fresh process (a big live heap from an earlier step makes the cyclic GC, and
so every later step, slower than in a real run):

* ``stages``: load (no cache: YAML parse + validation), build, render, as one cold run does.
* ``cached``: load with the parse cache (fill it first with one ``cached`` run).
* ``floors``: the spec's YAML with libyaml (``yaml.CSafeLoader``), with the cyclic GC on and
  paused (the generator pauses it), and the same document as JSON.
* ``cprofile``: load (no cache) + build + render under cProfile, the top 20 functions by own
  and by cumulative time; writes the rendered, *unformatted* files to UNFORMATTED_DIR for the
  black vs ``ruff format`` comparison (only the ``.py`` files the generator formats).
  ``build`` runs in a thread of its own (for a bigger C stack): that thread gets a profiler
  of its own, merged in, and the main thread's wait for it (a lock ``acquire``) is left out.

Set ``TELNYX_CODEGEN_CACHE_DIR`` to a directory of the benchmark's own.
"""

from __future__ import annotations

import cProfile
import gc
import json
import pstats
import sys
import threading
import time
from pathlib import Path
from typing import Any

from generator.build import build_api
from generator.config import load_config
from generator.load import load_spec
from generator.render import render

_WAIT = "<method 'acquire' of '_thread.lock' objects>"


def _short(file: str) -> str:
    for marker in ("/site-packages/", "/work/main/", "/lib/python3.11/"):
        if marker in file:
            return file.split(marker, 1)[1]
    return file


def _rows(stats: pstats.Stats) -> list[dict[str, Any]]:
    rows = []
    for (file, line, func), (_cc, ncalls, tottime, cumtime, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        name = f"{_short(file)}:{line}({func})" if file != "~" else func
        if name == _WAIT:
            continue
        rows.append({"function": name, "calls": ncalls, "tottime": round(tottime, 3), "cumtime": round(cumtime, 3)})
    return rows


def stages(spec: str) -> dict[str, Any]:
    config = load_config(None)
    t0 = time.perf_counter()
    loaded = load_spec(spec, use_cache=False)
    t1 = time.perf_counter()
    api, _diagnostics = build_api(loaded.raw, config, source_name=loaded.name)
    t2 = time.perf_counter()
    render(api, config)
    t3 = time.perf_counter()
    return {"load_nocache": t1 - t0, "build": t2 - t1, "render": t3 - t2}


def cached(spec: str) -> dict[str, Any]:
    start = time.perf_counter()
    load_spec(spec, use_cache=True)
    return {"load_cached": time.perf_counter() - start}


def floors(spec: str) -> dict[str, Any]:
    import yaml

    source = Path(spec).read_text(encoding="utf-8")
    t0 = time.perf_counter()
    doc = yaml.load(source, Loader=yaml.CSafeLoader)
    t1 = time.perf_counter()
    del doc
    gc.collect()
    gc.disable()
    t2 = time.perf_counter()
    doc = yaml.load(source, Loader=yaml.CSafeLoader)
    t3 = time.perf_counter()
    gc.enable()
    as_json = json.dumps(doc, default=str)
    del doc
    gc.collect()
    t4 = time.perf_counter()
    json.loads(as_json)
    t5 = time.perf_counter()
    return {"yaml_libyaml": t1 - t0, "yaml_libyaml_gc_paused": t3 - t2, "json": t5 - t4, "json_bytes": len(as_json)}


def profile(spec: str, unformatted_dir: Path) -> dict[str, Any]:
    config = load_config(None)
    thread_profiles: list[cProfile.Profile] = []
    original_run = threading.Thread.run

    def profiled_run(self: threading.Thread) -> None:
        thread_profile = cProfile.Profile()
        thread_profiles.append(thread_profile)
        thread_profile.enable()
        try:
            original_run(self)
        finally:
            thread_profile.disable()

    threading.Thread.run = profiled_run  # type: ignore[method-assign]
    main = cProfile.Profile()
    start = time.perf_counter()
    main.enable()
    loaded = load_spec(spec, use_cache=False)
    api, _diagnostics = build_api(loaded.raw, config, source_name=loaded.name)
    files = render(api, config)
    main.disable()
    wall = time.perf_counter() - start
    threading.Thread.run = original_run  # type: ignore[method-assign]
    stats = pstats.Stats(main)
    for thread_profile in thread_profiles:
        stats.add(thread_profile)
    rows = _rows(stats)
    py_bytes = 0
    for f in files:
        if f.path.endswith(".py") and f.format:  # exactly what the generator hands to black
            target = unformatted_dir / f.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(f.content, encoding="utf-8")
            py_bytes += len(f.content.encode("utf-8"))
    return {
        "profiled_wall_s": round(wall, 3),
        "threads_profiled": 1 + len(thread_profiles),
        "total_tottime_s": round(sum(r["tottime"] for r in rows), 3),
        "top_tottime": sorted(rows, key=lambda r: r["tottime"], reverse=True)[:20],
        "top_cumtime": sorted(rows, key=lambda r: r["cumtime"], reverse=True)[:20],
        "files": len(files),
        "py_files_formatted": sum(1 for f in files if f.path.endswith(".py") and f.format),
        "py_bytes_unformatted": py_bytes,
    }


def main() -> None:
    mode, spec = sys.argv[1], sys.argv[2]
    if mode == "stages":
        result = stages(spec)
    elif mode == "cached":
        result = cached(spec)
    elif mode == "floors":
        result = floors(spec)
    elif mode == "cprofile":
        result = profile(spec, Path(sys.argv[3]))
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
