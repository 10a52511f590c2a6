"""``make bench``: telnyx-codegen side by side with openapi-python-client,
datamodel-code-generator and the official ``telnyx`` SDK.

Run with the project venv's Python (``.venv/bin/python bench/run.py``). It

* installs the competitors (``bench/requirements.txt``) into an isolated venv under the
  cache dir (``$XDG_CACHE_HOME/telnyx-codegen-bench/venv`` by default), once;
* reads the full Telnyx spec from ``../shared/specs/telnyx/spec3.yml`` (relative to the
  repo root) at run time and never copies it into the repo: work files live under the
  cache dir and are deleted afterwards;
* runs every comparison alternating between the contenders inside each round (the order
  rotates from round to round), one warm-up round first (recorded, not counted), then
  ``--runs`` rounds (``BENCH_RUNS``, default 5; the cheap import and request comparisons
  run twice as many);
* writes ``bench/results.json`` (every run) and ``bench/RESULTS.md`` (``bench/report.py``).

Sections: ``cold``, ``regen``, ``import``, ``requests``, ``profile``; ``--only a,b`` runs
some and keeps the others from the existing results.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from _proc import measure, slim, wait_quiet  # noqa: E402
from report import write_report  # noqa: E402

SECTIONS = ("cold", "regen", "import", "requests", "profile")
DEFAULT_SPEC = "../shared/specs/telnyx/spec3.yml"
RETRIEVE_CALLS = 2000
RETRIEVE_WARMUP = 200
RETRIEVE_BATCH = 100
LIST_CALLS = 30
LIST_WARMUP = 3
LIST_ITEMS = 1000


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------
# Setup
# --------------------------------------------------------------------------------------


def bench_venv(cache: Path) -> Path:
    """The competitors' venv, (re)built when bench/requirements.txt changes."""
    venv = cache / "venv"
    requirements = HERE / "requirements.txt"
    digest = hashlib.sha256(requirements.read_bytes()).hexdigest()
    stamp = venv / ".bench-requirements"
    if stamp.exists() and stamp.read_text() == digest:
        return venv
    log(f"installing the competitors into {venv} (once)")
    shutil.rmtree(venv, ignore_errors=True)
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    try:
        subprocess.run([*pip, "-r", str(requirements)], check=True)
    except subprocess.CalledProcessError:
        sys.exit(f"bench: could not install {requirements} into {venv} (is PyPI reachable?)")
    stamp.write_text(digest)
    return venv


def versions(python: Path, names: list[str]) -> dict[str, str]:
    code = (
        "import importlib.metadata as m, json, sys\n"
        "out = {}\n"
        "for n in sys.argv[1:]:\n"
        "    try: out[n] = m.version(n)\n"
        "    except m.PackageNotFoundError: out[n] = None\n"
        "print(json.dumps(out))"
    )
    result = subprocess.run([str(python), "-c", code, *names], check=True, capture_output=True, text=True)
    return dict(json.loads(result.stdout))


def machine() -> dict[str, Any]:
    model = "?"
    mem_kb = 0
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as meminfo:
        for line in meminfo:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    return {
        "nproc": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)),
        "cpu_model": model,
        "mem_gib": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "kernel": platform.release(),
        "date_utc": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "loadavg_start": os.getloadavg(),
    }


def git_state() -> dict[str, Any]:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    status = subprocess.run(["git", "status", "--porcelain", "--", "generator", "templates"], cwd=ROOT, capture_output=True, text=True)
    dirty = [line[3:] for line in status.stdout.splitlines() if line.strip()]
    return {"commit": git("rev-parse", "--short", "HEAD"), "generator_dirty_files": dirty}


def rotate(items: list[str], round_index: int) -> list[str]:
    k = round_index % len(items)
    return items[k:] + items[:k]


def rounds(warmup: int, runs: int) -> list[tuple[int, bool]]:
    """(round index, is warm-up)."""
    return [(i, i < warmup) for i in range(warmup + runs)]


def tree_size(path: Path) -> dict[str, Any]:
    files = [p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts and ".ruff_cache" not in p.parts]
    return {
        "files": len(files),
        "py_files": sum(1 for p in files if p.suffix == ".py"),
        "mb": round(sum(p.stat().st_size for p in files) / 1e6, 2),
    }


# --------------------------------------------------------------------------------------
# 1. Cold generation
# --------------------------------------------------------------------------------------


class Ctx:
    def __init__(self, args: argparse.Namespace, spec: Path, venv: Path, work: Path) -> None:
        self.spec = spec
        self.venv = venv
        self.vbin = venv / "bin"
        self.work = work
        self.runs: int = args.runs
        self.warmup: int = args.warmup
        self.codegen = ROOT / ".venv" / "bin" / "telnyx-codegen"
        self.project_python = Path(sys.executable)
        self.env = dict(os.environ)
        self.env["PATH"] = f"{self.vbin}{os.pathsep}{self.env.get('PATH', '')}"  # ruff for opc's hooks

    def ours(self, spec: Path, out: Path, cache: Path, report: Path, extra: tuple[str, ...] = ()) -> dict[str, Any]:
        env = {**self.env, "TELNYX_CODEGEN_CACHE_DIR": str(cache)}
        cmd = [str(self.codegen), "generate", "-q", *extra, "--spec", str(spec), "--out", str(out), "--report", str(report)]
        result = measure(cmd, env=env)
        result["report"] = {k: v for k, v in json.loads(report.read_text()).items() if k not in ("warnings", "operations_skipped")}
        return result


def cold(ctx: Ctx) -> dict[str, Any]:
    opc_config = ctx.work / "opc-config.yml"
    opc_config.write_text("literal_enums: true\n")

    def run_ours(tmp: Path, extra: tuple[str, ...] = ()) -> dict[str, Any]:
        result = ctx.ours(ctx.spec, tmp / "out", tmp / "cache", tmp / "report.json", extra)
        result["output"] = tree_size(tmp / "out")
        return result

    def run_ours_black(tmp: Path) -> dict[str, Any]:
        return run_ours(tmp, ("--formatter", "black"))

    def run_opc(tmp: Path) -> dict[str, Any]:
        out = tmp / "out"
        cmd = [str(ctx.vbin / "openapi-python-client"), "generate", "--path", str(ctx.spec), "--config", str(opc_config), "--output-path", str(out), "--overwrite"]
        result = measure(cmd, env=ctx.env, cwd=tmp)
        result["output"] = tree_size(out)
        if result["output"]["py_files"] == 0:
            raise RuntimeError(f"openapi-python-client produced no package:\n{result['stdout'][-2000:]}")
        return result

    def run_dmcg(tmp: Path) -> dict[str, Any]:
        out = tmp / "out"
        out.mkdir()
        cmd = [
            str(ctx.vbin / "datamodel-codegen"), "--input", str(ctx.spec), "--input-file-type", "openapi",
            "--output", str(out / "models.py"), "--output-model-type", "pydantic_v2.BaseModel",
            "--formatters", "black", "isort",
        ]  # fmt: skip
        result = measure(cmd, env=ctx.env, cwd=tmp)
        result["output"] = tree_size(out)
        return result

    tools: dict[str, Callable[[Path], dict[str, Any]]] = {
        "telnyx-codegen": run_ours,
        "telnyx-codegen --formatter black": run_ours_black,
        "openapi-python-client": run_opc,
        "datamodel-code-generator": run_dmcg,
    }
    data: dict[str, Any] = {"commands": {
        "telnyx-codegen": "telnyx-codegen generate -q --spec SPEC --out EMPTY_DIR --report R (TELNYX_CODEGEN_CACHE_DIR=EMPTY_DIR; the default formatting engine, ruff format in black's style)",
        "telnyx-codegen --formatter black": "the same with --formatter black (black itself lays out the same bytes; for information)",
        "openapi-python-client": "openapi-python-client generate --path SPEC --config {literal_enums: true} --output-path NEW_DIR --overwrite (default post-hooks: ruff check --fix-only, ruff format)",
        "datamodel-code-generator": "datamodel-codegen --input SPEC --input-file-type openapi --output NEW_DIR/models.py --output-model-type pydantic_v2.BaseModel --formatters black isort (the current defaults, made explicit)",
    }, "runs": {name: [] for name in tools}, "warmup": {name: [] for name in tools}}  # fmt: skip
    data["commands"] = {k: v for k, v in data["commands"].items() if k in tools}
    for index, is_warmup in rounds(ctx.warmup, ctx.runs):
        data.setdefault("busy_at_round_start", []).append(wait_quiet())
        for name in rotate(list(tools), index):
            tmp = Path(tempfile.mkdtemp(prefix="cold-", dir=ctx.work))
            try:
                log(f"cold {'warm-up' if is_warmup else f'run {index - ctx.warmup + 1}/{ctx.runs}'}: {name}")
                result = tools[name](tmp)
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
            result["round"] = index
            result = slim(result)
            data["warmup" if is_warmup else "runs"][name].append(result)
            log(f"  {result['wall_s']:.1f} s wall, {result['cpu_s']:.1f} s CPU, max process {result['maxrss_max_mb']:.0f} MB, "
                f"tree {result['rss_tree_peak_mb']:.0f} MB; other load {result['other_load_cores']:.1f} cores")
    return data


# --------------------------------------------------------------------------------------
# 2. Regeneration
# --------------------------------------------------------------------------------------


def edit_description(text: str, n: int) -> str:
    """The spec with the description of ``GET /external_connections/{id}`` changed."""
    path = text.find("\n  /external_connections/{id}:\n")
    get = text.find("\n    get:\n", path)
    end = re.compile(r"\n {0,4}\S").search(text, get + 1) if get >= 0 else None  # end of the get block
    pos = text.find("\n      description: ", get)
    if path < 0 or get < 0 or pos < 0 or (end is not None and pos > end.start()):
        sys.exit("bench: cannot find the description of GET /external_connections/{id} in the spec")
    value = pos + len("\n      description: ")
    if text[value] in "|>\"'":
        sys.exit("bench: the description of GET /external_connections/{id} is not a plain scalar any more; adapt edit_description")
    return text[:value] + f"Bench edit {n}. " + text[value:]


def regen(ctx: Ctx) -> dict[str, Any]:
    base = ctx.work / "regen"
    base.mkdir()
    out, cache = base / "out", base / "cache"
    edited_dir = base / "edited"
    edited_dir.mkdir()
    edited = edited_dir / ctx.spec.name  # same file name: the generated headers name it
    original = ctx.spec.read_text(encoding="utf-8")
    log("regen: initial generation (fills the caches)")
    initial = ctx.ours(ctx.spec, out, cache, base / "r.json")
    data: dict[str, Any] = {
        "initial_wall_s": initial["wall_s"],
        "edited": "description of GET /external_connections/{id}, prefixed with 'Bench edit N. ' (a new N each run, so the formatting cache misses for the changed files)",
        "runs": {"unchanged": [], "one_description": [], "revert": []},
        "warmup": {"unchanged": [], "one_description": [], "revert": []},
    }
    for index, is_warmup in rounds(ctx.warmup, ctx.runs):
        bucket = data["warmup" if is_warmup else "runs"]
        data.setdefault("busy_at_round_start", []).append(wait_quiet())
        edited.write_text(edit_description(original, index), encoding="utf-8")
        for kind, spec in (("unchanged", ctx.spec), ("one_description", edited), ("revert", ctx.spec)):
            result = ctx.ours(spec, out, cache, base / "r.json")
            result["round"] = index
            result = slim(result)
            bucket[kind].append(result)
            log(f"regen {kind}: {result['wall_s']:.2f} s, written {result['report']['files_written']}, formatted {result['report']['formatted']}")
    return data


# --------------------------------------------------------------------------------------
# 3. Import cost
# --------------------------------------------------------------------------------------


def generated_package(ctx: Ctx) -> Path:
    """The full-spec package (src dir), byte-compiled like a pip install would."""
    base = ctx.work / "pkg"
    if not (base / "out").exists():
        log("generating the full-spec package for the import and request benchmarks")
        base.mkdir(exist_ok=True)
        ctx.ours(ctx.spec, base / "out", base / "cache", base / "r.json")
        subprocess.run([str(ctx.vbin / "python"), "-m", "compileall", "-q", "-j", "0", str(base / "out" / "src")], check=True)
    return base / "out" / "src"


def import_cost(ctx: Ctx) -> dict[str, Any]:
    src = generated_package(ctx)
    env = {**ctx.env, "PYTHONPATH": str(src)}
    subjects = ["floor", "official", "ours"]
    data: dict[str, Any] = {
        "statements": {
            "floor": "import httpx, pydantic",
            "official": 'import telnyx as pkg; c = pkg.Telnyx(api_key="k"); c.external_connections',
            "ours": 'import telnyx_client as pkg; c = pkg.Telnyx(api_key="k"); c.external_connections',
        },
        "runs": {s: [] for s in subjects},
        "warmup": {s: [] for s in subjects},
    }
    for index, is_warmup in rounds(ctx.warmup, ctx.runs * 2):
        for subject in rotate(subjects, index):
            result = measure([str(ctx.vbin / "python"), str(HERE / "import_child.py"), subject], env=env)
            child = json.loads(result["stdout"])
            child["process_wall_s"] = result["wall_s"]
            child["round"] = index
            data["warmup" if is_warmup else "runs"][subject].append(child)
        log(f"import round {index}: " + ", ".join(f"{s} {data['warmup' if is_warmup else 'runs'][s][-1]['seconds']:.3f}s" for s in subjects))
    return data


# --------------------------------------------------------------------------------------
# 4. Request overhead
# --------------------------------------------------------------------------------------


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        node: Any = spec
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        schema = node
    return schema


def example(spec: dict[str, Any], schema: dict[str, Any], depth: int = 0) -> Any:
    """A value for ``schema`` with every property filled (from example/enum/default/type)."""
    schema = _resolve(spec, schema)
    if depth > 8:
        return None
    if "allOf" in schema:
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            value = example(spec, part, depth + 1)
            if isinstance(value, dict):
                merged.update(value)
        return merged
    for key in ("oneOf", "anyOf"):
        if key in schema:
            return example(spec, schema[key][0], depth + 1)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object" or "properties" in schema:
        if "properties" not in schema and "example" in schema:
            return schema["example"]
        return {name: example(spec, prop, depth + 1) for name, prop in schema.get("properties", {}).items()}
    if "example" in schema:
        return schema["example"]
    if "enum" in schema:
        return schema["enum"][0]
    if schema.get("default") is not None:
        return schema["default"]
    if kind == "array":
        return [example(spec, schema.get("items", {}), depth + 1)]
    return {"string": "text", "integer": 1, "number": 1.5, "boolean": True}.get(str(kind))


def request_bodies(ctx: Ctx, target: Path) -> str:
    """Write retrieve.json and list.json for the server from the spec's schemas; the id."""
    import yaml

    spec = yaml.load(ctx.spec.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)

    def response_schema(path: str) -> dict[str, Any]:
        schema: dict[str, Any] = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        return schema

    retrieve = example(spec, response_schema("/external_connections/{id}"))
    ident = str(retrieve["data"]["id"])
    listing = example(spec, response_schema("/external_connections"))
    item = listing["data"][0]
    listing["data"] = [{**item, "id": str(i)} for i in range(LIST_ITEMS)]
    listing["meta"] = {"page_number": 1, "page_size": LIST_ITEMS, "total_pages": 1, "total_results": LIST_ITEMS}
    target.mkdir(parents=True, exist_ok=True)
    (target / "retrieve.json").write_text(json.dumps(retrieve))
    (target / "list.json").write_text(json.dumps(listing))
    return ident


def requests_overhead(ctx: Ctx) -> dict[str, Any]:
    src = generated_package(ctx)
    bodies = ctx.work / "bodies"
    ident = request_bodies(ctx, bodies)
    env = {**ctx.env, "PYTHONPATH": str(src), "BENCH_BODIES": str(bodies)}
    server = subprocess.Popen(
        [str(ctx.project_python), str(HERE / "server.py"), str(bodies)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline())
        base_url = f"http://127.0.0.1:{port}"
        clients = ["raw", "ours", "official"]
        modes = {
            "retrieve": (RETRIEVE_CALLS, RETRIEVE_WARMUP, RETRIEVE_BATCH),
            "list": (LIST_CALLS, LIST_WARMUP, 1),
            "retrieve_inproc": (RETRIEVE_CALLS, RETRIEVE_WARMUP, RETRIEVE_BATCH),
        }
        data: dict[str, Any] = {
            "server": "stdlib ThreadingHTTPServer in its own process, HTTP/1.1 keep-alive, TCP_NODELAY",
            "retrieve_body_bytes": (bodies / "retrieve.json").stat().st_size,
            "list_body_bytes": (bodies / "list.json").stat().st_size,
            "calls": {m: {"timed": c, "warmup": w, "batch": b} for m, (c, w, b) in modes.items()},
            "runs": {m: {c: [] for c in clients} for m in modes},
            "warmup": {m: {c: [] for c in clients} for m in modes},
        }
        for index, is_warmup in rounds(ctx.warmup, ctx.runs):
            for mode, (calls, warmup, batch) in modes.items():
                order = rotate(clients, index)
                cmd = [str(ctx.vbin / "python"), str(HERE / "client_child.py"), mode, base_url, ident, str(calls), str(warmup), str(batch), *order]
                busy = wait_quiet()
                result = measure(cmd, env=env)
                child = json.loads(result["stdout"])
                bucket = data["warmup" if is_warmup else "runs"][mode]
                for client in clients:
                    bucket[client].append({**child[client], "round": index, "busy_at_start": busy, "other_load_cores": result["other_load_cores"]})
                log(f"requests round {index} {mode}: " + ", ".join(f"{c} {child[c]['per_s']:.0f}/s" for c in clients))
        return data
    finally:
        assert server.stdin is not None
        server.stdin.close()
        server.wait(timeout=10)


# --------------------------------------------------------------------------------------
# 5. Profile
# --------------------------------------------------------------------------------------


GENERATION_IMPORTS = "import generator.cli, generator.pipeline, generator.load, generator.build, generator.render, generator.emit"


def cli_import(ctx: Ctx, repeats: int) -> dict[str, Any]:
    """What importing the generator's modules costs (a generating run pays it) and its biggest dependencies."""
    packages = ["openapi_pydantic", "pydantic", "black", "httpx", "jinja2", "rich", "yaml", "platformdirs", "generator.cli"]
    runs: list[float] = []
    cumulative: dict[str, list[float]] = {p: [] for p in packages}
    for _ in range(repeats):
        cmd = [str(ctx.project_python), "-X", "importtime", "-c", GENERATION_IMPORTS]
        result = measure(cmd, env={**ctx.env, "PYTHONPATH": str(ROOT)}, cwd=ROOT)
        runs.append(result["wall_s"])
        seen: dict[str, float] = {}
        total = 0.0
        for line in result["stderr"].splitlines():
            parts = line.split("|")
            if len(parts) == 3 and parts[0].startswith("import time:") and parts[1].strip().isdigit():
                name = parts[2].strip()
                if name in cumulative:
                    seen[name] = max(seen.get(name, 0.0), int(parts[1]) / 1e6)
                if not parts[2].startswith("  ") and name.startswith("generator"):  # top level: add up
                    total += int(parts[1]) / 1e6
        for name in packages:
            cumulative[name].append(seen.get(name, 0.0))
        cumulative.setdefault("all", []).append(total)
    return {
        "statement": GENERATION_IMPORTS,
        "process_wall_runs_s": runs,
        "process_wall_median_s": statistics.median(runs),
        "cumulative_median_s": {k: statistics.median(v) for k, v in cumulative.items()},
    }


def profile(ctx: Ctx) -> dict[str, Any]:
    base = ctx.work / "profile"
    unformatted = base / "unformatted"
    unformatted.mkdir(parents=True)
    env = {**ctx.env, "TELNYX_CODEGEN_CACHE_DIR": str(base / "cache"), "PYTHONPATH": str(ROOT)}

    def child(*args: str) -> dict[str, Any]:
        result = measure([str(ctx.project_python), str(HERE / "profile_gen.py"), *args], env=env, cwd=ROOT)
        return dict(json.loads(result["stdout"]))

    repeats = 3
    log(f"profile: stages, cached load and the YAML/JSON floors ({repeats} fresh processes each)")
    child("cached", str(ctx.spec))  # fills the parse cache
    stage_runs: dict[str, list[float]] = {}
    floor_runs: dict[str, list[float]] = {}
    for _ in range(repeats):
        for mode, target in (("stages", stage_runs), ("cached", stage_runs), ("floors", floor_runs)):
            for key, value in child(mode, str(ctx.spec)).items():
                target.setdefault(key, []).append(value)
    data: dict[str, Any] = {
        "stage_runs_s": stage_runs,
        "stage_median_s": {k: statistics.median(v) for k, v in stage_runs.items()},
        "floor_runs_s": floor_runs,
        "floor_median_s": {k: statistics.median(v) for k, v in floor_runs.items()},
    }
    log("profile: cProfile of load + build + render")
    data.update(child("cprofile", str(ctx.spec), str(unformatted)))
    data["cli_import"] = cli_import(ctx, repeats)

    # black (as the generator runs it: fast mode, line length 100, py311, one worker per CPU)
    # against ruff format (the default engine, as the generator runs it) on the same
    # unformatted tree, each on a fresh copy with no cache; both from the project venv.
    workers = str(os.cpu_count() or 1)
    black = ROOT / ".venv" / "bin" / "black"
    ruff = ROOT / ".venv" / "bin" / "ruff"
    formatters: dict[str, Callable[[Path], list[str]]] = {
        "black": lambda d: [str(black), "--fast", "-q", "-l", "100", "-t", "py311", "-W", workers, str(d)],
        "ruff format": lambda d: [str(ruff), "format", "--isolated", "--no-cache", "-q", "--line-length", "100", "--target-version", "py311", str(d)],
    }  # fmt: skip
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in formatters}
    kept: dict[str, Path] = {}
    format_runs = max(3, ctx.runs // 2)
    for index in range(format_runs):
        wait_quiet()
        for name in rotate(list(formatters), index):
            tree = Path(tempfile.mkdtemp(prefix="fmt-", dir=base))
            shutil.copytree(unformatted, tree, dirs_exist_ok=True)
            env = {**ctx.env, "BLACK_CACHE_DIR": str(tree / ".black-cache")}
            result = measure(formatters[name](tree), env=env, cwd=tree)
            result = slim(result)
            result["round"] = index
            runs[name].append(result)
            log(f"format {name}: {result['wall_s']:.1f} s wall, {result['cpu_s']:.1f} s CPU")
            if name in kept:
                shutil.rmtree(tree)
            else:
                kept[name] = tree
    same = differ = hunks = 0
    for path in sorted(kept["black"].rglob("*.py")):
        rel = path.relative_to(kept["black"])
        a = path.read_text(encoding="utf-8").splitlines()
        b = (kept["ruff format"] / rel).read_text(encoding="utf-8").splitlines()
        if a == b:
            same += 1
            continue
        differ += 1
        hunks += sum(1 for op in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if op[0] != "equal")
    data["formatters"] = {
        "commands": {name: " ".join(fn(Path("DIR"))).replace(str(ROOT) + "/", "").replace(str(ctx.vbin) + "/", "") for name, fn in formatters.items()},
        "runs": runs,
        "black_vs_ruff_files_same": same,
        "black_vs_ruff_files_differ": differ,
        "black_vs_ruff_hunks": hunks,
    }
    return data


# --------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--spec", default=DEFAULT_SPEC, help=f"the full Telnyx spec (default {DEFAULT_SPEC}, relative to the repo root)")
    cache_default = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "telnyx-codegen-bench"
    parser.add_argument("--cache-dir", type=Path, default=cache_default)
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS") or 5))
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections to run")
    args = parser.parse_args()
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    if unknown := set(only) - set(SECTIONS):
        sys.exit(f"bench: unknown section(s) {sorted(unknown)}; choose from {SECTIONS}")
    if args.runs < 1:
        sys.exit("bench: --runs (BENCH_RUNS) must be at least 1")
    spec = (ROOT / args.spec).resolve() if not Path(args.spec).is_absolute() else Path(args.spec)
    if not spec.is_file():
        sys.exit(
            f"bench: the full Telnyx spec is missing: {spec}\n"
            f"(make bench reads it from {DEFAULT_SPEC} next to the repo at run time and never copies it in;"
            " pass another path with FULL_SPEC=... or --spec)"
        )
    if not (ROOT / ".venv" / "bin" / "telnyx-codegen").exists():
        sys.exit("bench: .venv/bin/telnyx-codegen is missing; run `make install` first")

    cache: Path = args.cache_dir.resolve()
    cache.mkdir(parents=True, exist_ok=True)
    venv = bench_venv(cache)
    (cache / "work").mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="run-", dir=cache / "work"))
    results_path = HERE / "results.json"
    results: dict[str, Any] = {}
    if set(only) != set(SECTIONS) and results_path.exists():
        results = json.loads(results_path.read_text())
    results["machine"] = machine()
    results["git"] = git_state()
    results["spec"] = {"path": args.spec if not Path(args.spec).is_absolute() else spec.name, "bytes": spec.stat().st_size,
                       "sha256": hashlib.sha256(spec.read_bytes()).hexdigest()[:16]}  # fmt: skip
    results["versions"] = {
        "bench venv": versions(venv / "bin" / "python", ["openapi-python-client", "datamodel-code-generator", "telnyx", "httpx", "pydantic", "pydantic-core", "black", "isort", "ruff"]),
        "project venv": versions(Path(sys.executable), ["telnyx-codegen", "ruff", "black", "PyYAML", "openapi-pydantic", "pydantic", "jinja2"]),
    }  # fmt: skip
    results["settings"] = {"runs": args.runs, "warmup_rounds": args.warmup, "sections_run": only}
    ctx = Ctx(args, spec, venv, work)
    steps: dict[str, Callable[[Ctx], dict[str, Any]]] = {
        "cold": cold, "regen": regen, "import": import_cost, "requests": requests_overhead, "profile": profile,
    }  # fmt: skip
    started = time.perf_counter()
    try:
        for name in SECTIONS:
            if name in only:
                section_start = time.perf_counter()
                results[name] = steps[name](ctx)
                results[name]["section_seconds"] = round(time.perf_counter() - section_start, 1)
                results_path.write_text(json.dumps(results, indent=1) + "\n")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results["machine"]["loadavg_end"] = os.getloadavg()
    results["settings"]["total_seconds"] = round(time.perf_counter() - started, 1)
    results_path.write_text(json.dumps(results, indent=1) + "\n")
    write_report(results, HERE / "RESULTS.md")
    log(f"wrote {results_path.relative_to(ROOT)} and bench/RESULTS.md in {results['settings']['total_seconds']:.0f} s")


if __name__ == "__main__":
    main()
