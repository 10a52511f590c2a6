"""The contract run: every generated operation called against a Prism mock server of its spec.

``telnyx-codegen contract --spec SPEC --package-dir DIR [--report FILE.json] [--sample-async N]``

For every operation in ``DIR/manifest.json`` the generated *sync* client is called with the
arguments :func:`generator.examples.operation_example` derives from the spec, while Prism
validates the request. An operation passes when Prism answers 2xx without violations and the
response body validates as the type the method declares (checked strictly with pydantic, not
through the client's lenient parser). The async client is run on an evenly spread sample.

The base URL. Prism serves each path of the document it is given with the server prefix
left out (``/external_connections``, not ``/v2/external_connections``), while the generated
client joins each operation's ``request_path`` to its base URL, and ``request_path`` is the
spec's path with a duplicated server prefix removed (``/v2/whatsapp/...`` is sent as
``/whatsapp/...`` under ``https://api.telnyx.com/v2``). No single base URL serves both kinds
of path from the original document, so Prism is given a temporary copy of the spec (JSON, in a
temporary directory, never in the repository) in which every path is renamed to the
operation's ``request_path``, exactly as the generator decided, and the client's base URL is
Prism's root. Since the user chose a base URL, the client ignores per-operation ``servers``
and every call goes to Prism.

What Prism cannot check is not sent (each omission is a note in the report): optional array
and object fields of form and multipart bodies, whose parts Prism reads as plain strings.
When the spec's own response example breaks its schema (so the declared type cannot parse
it), the call is repeated with ``Prefer: dynamic=true`` and judged on the response Prism
generates from the schema; the spec's fault stays in the notes.

Results are sorted into categories. An operation that is not passed has a ``reason``: a named
limitation of the spec (``spec: ...``) or of Prism (``prism: ...``, rules in :func:`classify`),
a websocket operation (skipped), or ``unexplained`` — a generator defect until shown otherwise,
which makes the command exit 1.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import importlib
import inspect
import json
import operator
import re
import sys
import tempfile
import time
import types
import typing
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pydantic
from rich.console import Console

from . import ir
from .config import Config
from .examples import check_value, operation_example
from .load import SpecError
from .pipeline import GenerationFailed, load_and_build
from .prism import PrismError, PrismServer

__all__ = ["ContractReport", "OperationResult", "prism_document", "run_contract"]

UNEXPLAINED = "unexplained"
API_KEY = "contract-test-key"


@dataclass
class OperationResult:
    operation: str
    """The generated call, e.g. ``external_connections.uploads.create``."""
    method: str
    path: str
    client: str = "sync"
    outcome: str = "passed"
    """``passed``, ``failed`` or ``skipped``."""
    status: int | None = None
    violations: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None
    reason: str | None = None
    notes: list[str] = field(default_factory=list)
    """What was left out for Prism, and Prism's complaints about its own (spec) responses."""
    seconds: float = 0.0

    def as_failed(self) -> dict[str, Any]:
        return {
            "operation": self.operation,
            "method": self.method,
            "path": self.path,
            "client": self.client,
            "status": self.status,
            "violations": self.violations,
            "error": self.error,
            "reason": self.reason,
            "notes": self.notes,
        }


@dataclass
class ContractReport:
    spec: str
    package: str
    results: list[OperationResult] = field(default_factory=list)
    async_results: list[OperationResult] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def failed(self) -> list[OperationResult]:
        return [r for r in self.results + self.async_results if r.outcome == "failed"]

    @property
    def skipped(self) -> list[OperationResult]:
        return [r for r in self.results if r.outcome == "skipped"]

    @property
    def passed(self) -> int:
        return sum(r.outcome == "passed" for r in self.results)

    @property
    def unexplained(self) -> list[OperationResult]:
        return [r for r in self.failed if r.reason == UNEXPLAINED]

    def categories(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.failed + self.skipped:
            key = f"{r.outcome}: {r.reason}"
            out[key] = out.get(key, 0) + 1
        return dict(sorted(out.items(), key=lambda kv: (-kv[1], kv[0])))

    def as_json(self) -> dict[str, Any]:
        return {
            "spec": self.spec,
            "package": self.package,
            "operations": len(self.results),
            "passed": self.passed,
            "failed": [r.as_failed() for r in self.failed],
            "skipped": [{"operation": r.operation, "method": r.method, "path": r.path, "reason": r.reason} for r in self.skipped],
            "async": {
                "operations": len(self.async_results),
                "passed": sum(r.outcome == "passed" for r in self.async_results),
            },
            "notes": [{"operation": r.operation, "client": r.client, "notes": r.notes} for r in self.results + self.async_results if r.notes and r.outcome == "passed"],
            "categories": self.categories(),
            "unexplained": len(self.unexplained),
            "seconds": {k: round(v, 2) for k, v in self.seconds.items()},
        }


# ---------------------------------------------------------------------------------------
# Known limitations of the spec and of Prism
# ---------------------------------------------------------------------------------------

WEBSOCKET = "websocket operation: Prism mocks HTTP only (wss:// server, 101 Switching Protocols)"


def skip_reason(op: ir.Operation) -> str | None:
    """Why an operation is not called at all, or None."""
    if any(s.startswith(("ws://", "wss://")) for s in op.servers) or any(r.status == "101" for r in op.responses):
        return WEBSOCKET
    return None


PRISM_BRACKETS = "prism: a required query parameter with brackets in its name is never found (compared URL-encoded, stoplightio/prism#2017)"
PRISM_FORM_PARTS = "prism: array and object fields of form and multipart bodies cannot be validated (parts are read as strings; stoplightio/prism#2654, #2380)"
PRISM_DEEP_OBJECT = "prism: an absent optional deepObject parameter is validated as {} (its required properties reported missing)"
SPEC_RESPONSE = "spec: the response example breaks its own schema"


def classify(api: ir.Api, op: ir.Operation, result: OperationResult) -> str:
    """The named spec or Prism limitation behind a failure, or ``unexplained``.

    Every rule needs all request violations to be of its kind, so a generator defect next to
    a known limitation is still reported.
    """
    request = [v for v in result.violations if (v.get("location") or ["request"])[0] != "response"]
    if not request:
        return UNEXPLAINED
    body = op.bodies[0] if op.bodies else None

    def known(v: dict[str, Any]) -> str | None:
        loc = [str(p) for p in v.get("location") or []]
        message = str(v.get("message", ""))
        if loc[:2] == ["request", "query"] and "%5b" in message.lower():
            return PRISM_BRACKETS
        if body is not None and body.kind in ("multipart", "form") and loc[:2] == ["request", "body"] and re.search(r"must be (object|array)$", message):
            return PRISM_FORM_PARTS
        return None

    reasons = {known(v) for v in request}
    reason = reasons.pop() if len(reasons) == 1 else None
    return reason if reason is not None else UNEXPLAINED


def prism_adjustments(api: ir.Api, op: ir.Operation, kwargs: dict[str, object]) -> tuple[dict[str, object], list[str]]:
    """Optional arguments left out because Prism cannot validate them, with a note each.

    Form and multipart bodies: optional array and object fields (Prism reads each part as a
    string, so a JSON object part or repeated keys never validate). Their encoding is covered
    by the client's unit tests.
    """
    body = op.bodies[0] if op.bodies else None
    if body is None or body.kind not in ("form", "multipart") or not body.flattened:
        return kwargs, []
    types = {t.name: t for t in api.types}
    notes = []
    out = dict(kwargs)
    for f in body.fields:
        if f.required or f.py_name not in out or _is_file(f.type):
            continue
        if _structured(f.type, types):
            del out[f.py_name]
            notes.append(f"not sent: optional {body.kind} field '{f.wire_name}' ({PRISM_FORM_PARTS})")
    return out, notes


def _is_file(t: ir.TypeRef) -> bool:
    t = t.inner if isinstance(t, ir.Nullable) else t
    return isinstance(t, ir.Binary) or (isinstance(t, ir.ArrayType) and isinstance(t.items, ir.Binary))


def _structured(t: ir.TypeRef, types: dict[str, ir.NamedType]) -> bool:
    t = t.inner if isinstance(t, ir.Nullable) else t
    if isinstance(t, ir.ModelRef):
        named = types.get(t.name)
        return isinstance(named, ir.Model) or (isinstance(named, ir.Alias) and _structured(named.type, types))
    if isinstance(t, ir.UnionType):
        return any(_structured(v, types) for v in t.variants)
    return isinstance(t, (ir.ArrayType, ir.MapType))


# ---------------------------------------------------------------------------------------
# The Prism copy of the spec
# ---------------------------------------------------------------------------------------


def prism_document(raw: dict[str, Any], api: ir.Api) -> dict[str, Any]:
    """The spec with every path renamed to its operations' ``request_path`` (see the module doc)."""
    renames: dict[str, str] = {}
    for op in api.operations:
        if op.request_path != op.path:
            renames[op.path] = op.request_path
    paths = raw.get("paths") or {}
    clash = sorted(new for old, new in renames.items() if new in paths and new not in renames)
    if clash:
        raise ValueError(f"renamed paths would replace existing ones: {', '.join(clash)}")
    doc = dict(raw)
    doc["paths"] = {renames.get(path, path): item for path, item in paths.items()}
    return doc


# ---------------------------------------------------------------------------------------
# Calling operations
# ---------------------------------------------------------------------------------------


class _Recorder:
    """httpx event hook that keeps the last response (the client reads it later)."""

    def __init__(self) -> None:
        self.response: httpx.Response | None = None

    def __call__(self, response: httpx.Response) -> None:
        self.response = response

    async def async_hook(self, response: httpx.Response) -> None:
        self.response = response


def _violations(response: httpx.Response | None) -> list[dict[str, Any]]:
    """Prism's violations: the ``sl-violations`` header, or the ``validation`` list of the
    problem+json body Prism writes when the spec has no response for the error status."""
    if response is None:
        return []
    header = response.headers.get("sl-violations")
    if not header:
        if "problem+json" in response.headers.get("content-type", ""):
            with contextlib.suppress(ValueError, httpx.ResponseNotRead):
                problem = json.loads(response.content)
                found = problem.get("validation") if isinstance(problem, dict) else None
                if isinstance(found, list):
                    return [{**v, "location": ["request", *v.get("location", [])]} for v in found if isinstance(v, dict)]
        return []
    try:
        data = json.loads(header)
    except ValueError:
        return [{"message": header}]
    return [v for v in data if isinstance(v, dict)] if isinstance(data, list) else [{"message": str(data)}]


def _resolve(client: object, call: str) -> Callable[..., Any]:
    target: Any = client
    for part in call.split("."):
        target = getattr(target, part)
    return typing.cast(Callable[..., Any], target)


def _declared(method: Callable[..., Any]) -> Any:
    """The JSON type a method returns: the page's response model for list methods, the
    non-streaming members of a JSON-or-SSE union; ``None`` when the body is not JSON."""
    ret = typing.get_type_hints(method).get("return")
    if ret is None or ret is type(None):
        return None
    origin = typing.get_origin(ret)
    if isinstance(origin, type) and hasattr(origin, "iter_pages"):
        return typing.get_args(ret)[-1]
    if origin is typing.Union or origin is types.UnionType:
        members = [m for m in typing.get_args(ret) if not _is_stream(m)]
        if len(members) != len(typing.get_args(ret)):
            return functools.reduce(operator.or_, members)
        return ret
    if _is_stream(ret) or (isinstance(ret, type) and ret.__name__ in ("BinaryResponse", "AsyncBinaryResponse")) or ret is str:
        return None
    return ret


def _is_stream(t: Any) -> bool:
    origin = typing.get_origin(t) or t
    return isinstance(origin, type) and origin.__name__ in ("Stream", "AsyncStream")


def _consume(result: Any) -> None:
    """Read what a call returned: binary content, every event of a stream."""
    if hasattr(result, "iter_bytes") and hasattr(result, "read"):
        result.read()
    elif _is_stream(type(result)):
        for _ in result:
            pass


async def _aconsume(result: Any) -> None:
    if hasattr(result, "iter_bytes") and hasattr(result, "read"):
        await result.read()
    elif _is_stream(type(result)):
        async for _ in result:
            pass


def _response_type(op: ir.Operation, status: int, content_type: str) -> ir.TypeRef | None:
    """The IR type of the response Prism chose (by status, then range, then default)."""
    ct = content_type.split(";")[0].strip().lower()
    for key in (str(status), f"{str(status)[0]}XX", "default"):
        matches = [r for r in op.responses if r.status == key]
        if matches:
            chosen = next((r for r in matches if (r.content_type or "").lower() == ct), matches[0])
            return chosen.type
    return None


class _Runner:
    def __init__(self, api: ir.Api, package: Any, base_url: str) -> None:
        self.api = api
        self.package = package
        self.base_url = base_url
        self.ops = {op.pointer: op for op in api.operations}

    def sync_client(self, recorder: _Recorder) -> Any:
        http = httpx.Client(event_hooks={"response": [recorder]}, timeout=30.0)
        return self.package.Telnyx(api_key=API_KEY, base_url=self.base_url, max_retries=0, http_client=http)

    def async_client(self, recorder: _Recorder) -> Any:
        http = httpx.AsyncClient(event_hooks={"response": [recorder.async_hook]}, timeout=30.0)
        return self.package.AsyncTelnyx(api_key=API_KEY, base_url=self.base_url, max_retries=0, http_client=http)

    def start(self, entry: dict[str, Any], client: str) -> tuple[OperationResult, ir.Operation | None]:
        result = OperationResult(str(entry.get("call", "")), str(entry.get("method", "")), str(entry.get("path", "")), client)
        op = self.ops.get(str(entry.get("pointer", "")))
        if op is None:
            result.outcome, result.reason = "failed", UNEXPLAINED
            result.error = f"{entry.get('pointer')} is in the manifest but not in the spec (a package from another spec?)"
            return result, None
        reason = skip_reason(op)
        if reason is not None:
            result.outcome, result.reason = "skipped", reason
            return result, None
        return result, op

    def call_sync(self, client: Any, recorder: _Recorder, entry: dict[str, Any]) -> OperationResult:
        result, op = self.start(entry, "sync")
        if op is None:
            return result
        started = time.perf_counter()
        try:
            example = operation_example(self.api, op)
            kwargs, result.notes = prism_adjustments(self.api, op, dict(example.kwargs))
            method = _resolve(client, op.call)
        except Exception as exc:
            result.outcome, result.reason, result.error = "failed", UNEXPLAINED, f"{type(exc).__name__}: {exc}"
            return result

        def attempt(options: dict[str, Any]) -> Exception | None:
            recorder.response = None
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", DeprecationWarning)  # deprecated operations say so
                    _consume(method(*example.args, **kwargs, **options))
            except Exception as exc:  # every failure is recorded, none stops the run
                return exc
            return None

        failure = attempt({})  # before reading recorder.response, which it sets
        self.judge(result, op, method, recorder.response, failure)
        if result.reason == SPEC_RESPONSE:
            first = result.error
            failure = attempt(DYNAMIC)
            self.rejudge(result, op, method, recorder.response, failure, first)
        result.seconds = time.perf_counter() - started
        return result

    async def call_async(self, client: Any, recorder: _Recorder, entry: dict[str, Any]) -> OperationResult:
        result, op = self.start(entry, "async")
        if op is None:
            return result
        started = time.perf_counter()
        try:
            example = operation_example(self.api, op)
            kwargs, result.notes = prism_adjustments(self.api, op, dict(example.kwargs))
            method = _resolve(client, op.call)
        except Exception as exc:
            result.outcome, result.reason, result.error = "failed", UNEXPLAINED, f"{type(exc).__name__}: {exc}"
            return result

        async def attempt(options: dict[str, Any]) -> Exception | None:
            recorder.response = None
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", DeprecationWarning)
                    value = method(*example.args, **kwargs, **options)
                    if inspect.isawaitable(value):
                        value = await value
                    await _aconsume(value)
            except Exception as exc:
                return exc
            return None

        failure = await attempt({})  # before reading recorder.response, which it sets
        self.judge(result, op, method, recorder.response, failure)
        if result.reason == SPEC_RESPONSE:
            first = result.error
            failure = await attempt(DYNAMIC)
            self.rejudge(result, op, method, recorder.response, failure, first)
        result.seconds = time.perf_counter() - started
        return result

    def judge(self, result: OperationResult, op: ir.Operation, method: Callable[..., Any], response: httpx.Response | None, exc: Exception | None) -> None:
        """Passed, or failed with Prism's violations, the error and a reason."""
        result.status = response.status_code if response is not None else None
        if exc is not None:
            result.outcome = "failed"
            result.violations = _violations(response)
            result.error = f"{type(exc).__name__}: {exc}"
            result.reason = classify(self.api, op, result)
            return
        if response is None:
            result.outcome, result.reason, result.error = "failed", UNEXPLAINED, "no HTTP response was recorded"
            return
        violations = _violations(response)
        request = [v for v in violations if (v.get("location") or ["request"])[0] != "response"]
        if request:
            result.outcome = "failed"
            result.violations = violations
            result.error = "Prism answered 2xx but reported request violations"
            result.reason = classify(self.api, op, result)
            return
        # Prism checks the example it answers with; a complaint there is about the spec.
        result.notes += [f"prism on its response (spec example): {_violation_text(v)}" for v in violations]
        declared = _declared(method)
        if declared is None or not response.content:
            return
        try:
            data = json.loads(response.content)
        except ValueError:
            result.outcome, result.reason = "failed", UNEXPLAINED
            result.error = f"the method returned normally but the body is not JSON: {response.content[:80]!r}"
            return
        try:
            _adapter(declared).validate_python(data)
        except pydantic.ValidationError as invalid:
            result.outcome = "failed"
            result.error = f"response does not validate as {getattr(declared, '__name__', declared)}: {_short(invalid)}"
            t = _response_type(op, response.status_code, response.headers.get("content-type", ""))
            problems = check_value(self.api, t, data, direction="response") if t is not None else []
            where = _data_pointer(data, invalid.errors()[0]["loc"])
            related = [p for p in problems if _related(p.split(": ", 1)[0], where)]
            if related:
                result.reason = SPEC_RESPONSE
                result.error += f" (the spec's example: {related[0]})"
            else:
                result.reason = UNEXPLAINED

    def rejudge(self, result: OperationResult, op: ir.Operation, method: Callable[..., Any], response: httpx.Response | None, exc: Exception | None, first: str | None) -> None:
        """The verdict on the second call, answered from the schema (``Prefer: dynamic=true``)."""
        result.outcome, result.reason, result.error, result.violations = "passed", None, None, []
        self.judge(result, op, method, response, exc)
        if result.outcome == "passed":
            result.notes.append(f"{SPEC_RESPONSE}: {first}; passed with a response Prism generated from the schema (Prefer: dynamic=true)")
        else:
            result.error = f"{result.error} (after: {first})"


DYNAMIC: dict[str, Any] = {"extra_headers": {"Prefer": "dynamic=true"}}
"""Call options asking Prism for a response generated from the schema instead of the spec's example."""

_adapters: dict[object, pydantic.TypeAdapter[Any]] = {}


def _adapter(t: Any) -> pydantic.TypeAdapter[Any]:
    try:
        if t not in _adapters:
            _adapters[t] = pydantic.TypeAdapter(t)
        return _adapters[t]
    except TypeError:  # unhashable
        return pydantic.TypeAdapter(t)


def _data_pointer(data: object, loc: tuple[int | str, ...]) -> str:
    """The JSON pointer of a pydantic error location in ``data`` (union tags skipped)."""
    out = ""
    for part in loc:
        if isinstance(data, dict) and isinstance(part, str) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[int(part)]
        else:
            continue  # a union member's tag, not a place in the data
        out += "/" + str(part).replace("~", "~0").replace("/", "~1")
    return out


def _related(a: str, b: str) -> bool:
    """Whether two pointers are the same place or one contains the other."""
    a, b = a.rstrip("/"), b.rstrip("/")
    return a == b or a.startswith(b + "/") or b.startswith(a + "/") or not a or not b


def _short(exc: pydantic.ValidationError) -> str:
    first = exc.errors()[0]
    loc = "/".join(str(p) for p in first["loc"])
    return f"{exc.error_count()} error(s), first at {loc}: {first['msg']}"


# ---------------------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------------------


@contextlib.contextmanager
def _imported(package_dir: Path, name: str) -> Iterator[Any]:
    src = str((package_dir / "src").resolve())
    loaded = sys.modules.get(name)
    if loaded is not None and not str(getattr(loaded, "__file__", "")).startswith(src):
        raise RuntimeError(f"another '{name}' package is already imported from {loaded.__file__}")
    added = src not in sys.path
    if added:
        sys.path.insert(0, src)
    try:
        yield importlib.import_module(name)
    finally:
        if added:
            sys.path.remove(src)


def async_sample(entries: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    """``n`` entries spread evenly over the list (all of them when ``n`` covers it)."""
    if n <= 0:
        return []
    if n >= len(entries):
        return list(entries)
    step = len(entries) / n
    return [entries[int(i * step)] for i in range(n)]


def run_contract(
    spec: str, package_dir: Path, *, sample_async: int = 50, progress: Callable[[int, int], None] | None = None
) -> ContractReport:
    """Run every operation of the generated package in ``package_dir`` against Prism."""
    started = time.perf_counter()
    manifest = json.loads((package_dir / "manifest.json").read_text(encoding="utf-8"))
    name = str(manifest["package"])
    loaded, api, _ = load_and_build(spec, Config(package=name))
    report = ContractReport(spec=loaded.name, package=name)
    entries: list[dict[str, Any]] = list(manifest["operations"])
    report.seconds["load"] = time.perf_counter() - started
    with tempfile.TemporaryDirectory(prefix="telnyx-contract-") as tmp:
        doc_path = Path(tmp) / "spec.json"
        doc_path.write_text(json.dumps(prism_document(dict(loaded.raw), api)), encoding="utf-8")
        t0 = time.perf_counter()
        with PrismServer(doc_path) as prism, _imported(package_dir, name) as package:
            report.seconds["prism_start"] = time.perf_counter() - t0
            runner = _Runner(api, package, prism.url)
            t0 = time.perf_counter()
            recorder = _Recorder()
            client = runner.sync_client(recorder)
            try:
                for i, entry in enumerate(entries):
                    result = runner.call_sync(client, recorder, entry)
                    report.results.append(result)
                    if result.status is None and result.outcome == "failed" and not prism.alive():
                        result.error = f"{result.error}; Prism exited:\n{prism.log_tail(8)}"
                        client._http.close()
                        prism.restart()
                        runner.base_url = prism.url
                        client = runner.sync_client(recorder)
                    if progress is not None:
                        progress(i + 1, len(entries))
            finally:
                client._http.close()
            report.seconds["sync"] = time.perf_counter() - t0
            t0 = time.perf_counter()
            callable_entries = [e for e, r in zip(entries, report.results, strict=True) if r.outcome != "skipped"]
            report.async_results = asyncio.run(_run_async(runner, async_sample(callable_entries, sample_async)))
            report.seconds["async"] = time.perf_counter() - t0
    report.seconds["total"] = time.perf_counter() - started
    return report


async def _run_async(runner: _Runner, entries: list[dict[str, Any]]) -> list[OperationResult]:
    recorder = _Recorder()
    client = runner.async_client(recorder)
    try:
        return [await runner.call_async(client, recorder, entry) for entry in entries]
    finally:
        await client._http.aclose()


# ---------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------


def summary_lines(report: ContractReport) -> list[str]:
    """A readable summary: counts, then one row per category."""
    n = len(report.results)
    lines = [
        f"contract: {report.spec} -> {report.package}",
        f"  operations {n}   passed {report.passed}   failed {sum(r.outcome == 'failed' for r in report.results)}   skipped {len(report.skipped)}",
        f"  async sample {len(report.async_results)}   passed {sum(r.outcome == 'passed' for r in report.async_results)}",
        f"  seconds: {', '.join(f'{k} {v:.1f}' for k, v in report.seconds.items())}",
    ]
    cats = report.categories()
    if cats:
        width = max(len(k) for k in cats)
        lines.append("")
        lines.append(f"  {'count':>5}  {'category':<{width}}")
        for key, count in cats.items():
            lines.append(f"  {count:>5}  {key}")
    unexplained = report.unexplained
    if unexplained:
        lines.append("")
        lines.append(f"  {len(unexplained)} failure(s) that are no spec or Prism limitation (generator defects until shown otherwise):")
        for r in unexplained[:50]:
            lines.append(f"    {r.client} {r.operation} ({r.method} {r.path}): status {r.status}: {r.error}")
            for v in r.violations[:3]:
                lines.append(f"      - {_violation_text(v)}")
    return lines


def _violation_text(v: dict[str, Any]) -> str:
    loc = ".".join(str(p) for p in v.get("location") or [])
    return f"{loc}: {v.get('message', '')}".strip(": ")


def main(args: argparse.Namespace, err: Console) -> int:
    """``telnyx-codegen contract``: exit 0 when every operation passed or failed for a named
    spec or Prism limitation, 1 for any other failure, 2 for bad input or no Prism."""
    if not (args.package_dir / "manifest.json").exists():
        err.print(f"error: {args.package_dir}/manifest.json not found: --package-dir must be a generated package", markup=False)
        return 2
    status = err.status("starting Prism", spinner="dots")

    def progress(done: int, total: int) -> None:
        status.update(f"calling operations {done}/{total}")

    status.start()
    try:
        report = run_contract(args.spec, args.package_dir, sample_async=args.sample_async, progress=progress)
    except (SpecError, GenerationFailed, PrismError, RuntimeError, ValueError) as exc:
        status.stop()
        err.print(f"error: {exc}", markup=False)
        return 2
    status.stop()
    if args.report:
        args.report.write_text(json.dumps(report.as_json(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print("\n".join(summary_lines(report)))
    return 1 if report.unexplained else 0
