"""``telnyx-codegen contract --docs``: run every example of the docs against a Prism mock.

Each curl command is first checked with ``bash -n``, then run with the docs' server URL
replaced by Prism's; each Python example runs with ``TELNYX_BASE_URL``/``TELNYX_API_KEY``
pointing at Prism. An example passes when every response it gets is 2xx and Prism reports
no violations. The examples run are the very texts the docs show (and, given the generated
directory, are checked to be in its ``docs/`` files); only the server URL changes.

Prism and its copy of the spec are the contract run's (:mod:`generator.contract`): paths are
renamed to the operations' ``request_path`` and served from Prism's root, so the docs' URL
``https://api.telnyx.com/v2`` + ``request_path`` becomes Prism's URL + ``request_path``. Its
skip rules and failure classification apply too, and the report has its format, once per
language: ``{"curl": {...}, "python": {...}}``.

Python examples run in a child process (``python -m generator.docs_check JOB OUT``) that
imports the generated package, so the caller's imports stay untouched. There retries do
not sleep, and an example stops (passing, if all went well) after :data:`MAX_REQUESTS`
requests: auto-pagination over a mock that always answers "more pages" would never end.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from rich.console import Console

from . import ir
from .config import Config
from .contract import (
    SPEC_RESPONSE,
    ContractReport,
    OperationResult,
    classify,
    prism_document,
    skip_reason,
)
from .docs import DocsRenderer, OperationDoc
from .examples import FILE_CONTENT
from .load import SpecError
from .pipeline import GenerationFailed, load_and_build
from .prism import PrismError, PrismServer
from .render import environment

__all__ = ["DocsReport", "check_docs", "run_curl", "run_docs_contract"]

LANGUAGES = ("curl", "python")
MAX_REQUESTS = 4
"""A Python example stops (and passes, if all went well) after this many requests."""
EXAMPLE_TIMEOUT = 60.0
API_KEY = "docs-check-key"

# Makes each curl keep the response headers and print the status last; the docs' command
# runs unchanged after it.
CURL_WRAPPER = """\
curl() { command curl "$@" -sS -D "$TELNYX_DOCS_HEADERS" -w '\\n%{http_code}\\n'; }
"""


class DocsReport(ContractReport):
    """The contract report of one language's examples."""

    def as_json(self) -> dict[str, Any]:
        out = super().as_json()
        out.pop("async", None)
        return out


def _result(op: ir.Operation, language: str) -> OperationResult:
    return OperationResult(op.call, op.method, op.path, language)


def _finish(api: ir.Api, op: ir.Operation, result: OperationResult) -> OperationResult:
    """Passed: a 2xx answer and no violation of the request. Prism's complaints about the
    response (the spec's own example breaking its schema) become notes."""
    request = [v for v in result.violations if (v.get("location") or ["request"])[0] != "response"]
    spec_side = [v for v in result.violations if v not in request]
    success = result.status is not None and 200 <= result.status < 300
    if success and not request and not result.error:
        result.violations = []
        result.notes += [f"{SPEC_RESPONSE}: {v.get('message', '')}" for v in spec_side[:3]]
        return result
    result.outcome = "failed"
    if success and request and not result.error:
        result.error = "Prism answered 2xx but reported violations"
    result.reason = classify(api, op, result)
    return result


# ---------------------------------------------------------------------------------------
# curl
# ---------------------------------------------------------------------------------------


def bash_syntax_error(code: str) -> str:
    """``bash -n``'s complaint about ``code``, or '' when it parses."""
    proc = subprocess.run(["bash", "-n"], input=code, capture_output=True, text=True, timeout=30)
    return proc.stderr.strip() if proc.returncode else ""


def run_curl(api: ir.Api, doc: OperationDoc, mock_url: str) -> OperationResult:
    op = doc.operation
    result = _result(op, "curl")
    started = time.perf_counter()
    code = doc.example.code
    old = f'"{doc.example.base_url}'
    problem = bash_syntax_error(code)
    if problem:
        result.error = f"bash -n: {problem}"
    elif old not in code:
        result.error = f"the command does not use the server URL {doc.example.base_url}"
    else:
        code = code.replace(old, f'"{mock_url.rstrip("/")}', 1)
        with tempfile.TemporaryDirectory(prefix="docs-curl-") as tmp:
            for name in doc.example.files:
                (Path(tmp) / name).write_bytes(FILE_CONTENT)
            headers = Path(tmp) / "headers.txt"
            env = {**os.environ, "TELNYX_API_KEY": API_KEY, "TELNYX_DOCS_HEADERS": str(headers)}
            try:
                proc = subprocess.run(["bash", "-c", CURL_WRAPPER + code], cwd=tmp, env=env, capture_output=True, timeout=EXAMPLE_TIMEOUT)
            except subprocess.TimeoutExpired:
                result.error = f"timed out after {EXAMPLE_TIMEOUT:.0f} s"
            else:
                lines = proc.stdout.decode("utf-8", "replace").rstrip("\n").splitlines()
                status = lines[-1].strip() if lines else ""
                result.status = int(status) if status.isdigit() and status != "000" else None
                result.violations = _header_violations(headers.read_text(encoding="utf-8", errors="replace") if headers.exists() else "")
                result.violations = result.violations or _problem_violations("\n".join(lines[:-1]))
                if result.status is None:
                    result.error = f"curl exited with {proc.returncode}: {proc.stderr.decode('utf-8', 'replace').strip()[-500:]}"
                elif not 200 <= result.status < 300:
                    result.error = f"HTTP {result.status}: {' '.join(lines[:-1])[:300]}".strip()
    result.seconds = time.perf_counter() - started
    return _finish(api, op, result)


def _header_violations(headers: str) -> list[dict[str, Any]]:
    """The ``sl-violations`` of the last response in a ``curl -D`` dump."""
    out: list[dict[str, Any]] = []
    for line in headers.splitlines():
        if line.lower().startswith("sl-violations:"):
            out = _parse_violations(line.split(":", 1)[1].strip())
    return out


def _problem_violations(body: str) -> list[dict[str, Any]]:
    """The ``validation`` list of a 422 that Prism wrote itself (the spec has none to show)."""
    if "stoplight.io/prism/errors" not in body:
        return []
    try:
        data = json.loads(body)
    except ValueError:
        return []
    items = data.get("validation") if isinstance(data, dict) else None
    return [{**v, "location": ["request", *v.get("location", [])]} for v in items or [] if isinstance(v, dict)]


def _parse_violations(raw: str) -> list[dict[str, Any]]:
    try:
        data = json.loads(raw)
    except ValueError:
        return [{"message": raw}]
    return [v for v in data if isinstance(v, dict)] if isinstance(data, list) else [{"message": str(data)}]


# ---------------------------------------------------------------------------------------
# Python: the parent writes a job, the child runs it
# ---------------------------------------------------------------------------------------


def run_python(api: ir.Api, docs: Sequence[OperationDoc], mock_url: str, src: Path, package: str, setup: str) -> list[OperationResult]:
    job = {
        "package": package,
        "setup": setup,
        "base_url": mock_url,
        "examples": [{"code": d.example.code, "files": list(d.example.files), "name": d.operation.call} for d in docs],
    }
    with tempfile.TemporaryDirectory(prefix="docs-python-") as tmp:
        job_path, out_path = Path(tmp) / "job.json", Path(tmp) / "results.json"
        job_path.write_text(json.dumps(job), encoding="utf-8")
        here = str(Path(__file__).resolve().parent.parent)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(src.resolve()), here]), "TELNYX_API_KEY": API_KEY, "TELNYX_BASE_URL": mock_url}
        proc = subprocess.run([sys.executable, "-m", "generator.docs_check", str(job_path), str(out_path)], cwd=tmp, env=env, capture_output=True, text=True)
        raw: list[dict[str, Any]] = json.loads(out_path.read_text(encoding="utf-8")) if out_path.exists() else []
    results = []
    for i, d in enumerate(docs):
        result = _result(d.operation, "python")
        if i < len(raw):
            result.status, result.violations, result.error, result.seconds = raw[i]["status"], raw[i]["violations"], raw[i]["error"] or None, raw[i]["seconds"]
        else:
            result.error = f"the example runner stopped ({proc.returncode}): {proc.stderr.strip()[-1000:]}"
        results.append(_finish(api, d.operation, result))
    return results


class _StopExample(Exception):
    """Raised by the request hook once an example has made MAX_REQUESTS requests."""


def _child(job_path: Path, out_path: Path) -> None:  # pragma: no cover - runs in the child process
    import importlib

    import httpx

    job = json.loads(job_path.read_text(encoding="utf-8"))
    client_module = importlib.import_module(f"{job['package']}._runtime._client")
    local = threading.local()

    def on_request(request: httpx.Request) -> None:
        local.requests += 1
        if local.requests > MAX_REQUESTS:
            raise _StopExample

    def on_response(response: httpx.Response) -> None:
        local.statuses.append(response.status_code)
        raw = response.headers.get("sl-violations")
        if raw:
            local.violations += _parse_violations(raw)
        elif response.status_code == 422:
            local.violations += _problem_violations(response.read().decode("utf-8", "replace"))

    def new_http(self: object) -> httpx.Client:
        return httpx.Client(follow_redirects=True, event_hooks={"request": [on_request], "response": [on_response]})

    client_module.SyncAPIClient._new_http = new_http
    client_module.SyncAPIClient._sleep = lambda self, seconds: None
    setattr(client_module, "DEFAULT_TIMEOUT", httpx.Timeout(EXAMPLE_TIMEOUT / 2, connect=5.0))  # noqa: B010

    def run_one(ex: dict[str, Any]) -> dict[str, Any]:
        local.requests, local.statuses, local.violations = 0, [], []
        started = time.perf_counter()
        error = ""
        for name in ex["files"]:
            Path(name).write_bytes(FILE_CONTENT)
        namespace: dict[str, Any] = {"print": lambda *a, **k: None, "__name__": "__docs_example__"}
        try:
            exec(compile(job["setup"] + "\n" + ex["code"], ex["name"], "exec"), namespace)
        except _StopExample:
            pass
        except Exception as exc:
            if not isinstance(exc.__cause__ or exc.__context__, _StopExample):
                error = f"{type(exc).__name__}: {exc}"[:1000]
        finally:
            close = getattr(namespace.get("client"), "close", None)
            if callable(close):
                close()
        bad = [s for s in local.statuses if not 200 <= s < 300]
        status = bad[0] if bad else (local.statuses[-1] if local.statuses else None)
        if status is None and not error:
            error = "the example sent no request"
        return {"status": status, "violations": local.violations, "error": error, "seconds": time.perf_counter() - started}

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(run_one, job["examples"]))
    out_path.write_text(json.dumps(results), encoding="utf-8")


# ---------------------------------------------------------------------------------------
# Both languages
# ---------------------------------------------------------------------------------------


def _shown(docs_dir: Path | None, language: str) -> str | None:
    if docs_dir is None or not docs_dir.is_dir():
        return None
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(docs_dir.glob(f"*-{language}.md")))


class _Mock(Protocol):
    @property
    def url(self) -> str: ...

    def alive(self) -> bool: ...

    def restart(self) -> None: ...


@dataclass
class _FixedMock:
    """A mock server someone else runs: no restarts."""

    url: str

    def alive(self) -> bool:
        return True

    def restart(self) -> None:
        raise PrismError("the mock server stopped answering")


def _run_chunked(
    docs: Sequence[OperationDoc], mock: _Mock, run: Callable[[Sequence[OperationDoc], str], list[OperationResult]], chunk: int
) -> list[OperationResult]:
    """Run ``docs`` a chunk at a time; when the mock died during a chunk, restart it and run
    that chunk's examples one by one, so the one that kills it is named (and the rest pass)."""
    out: list[OperationResult] = []
    for i in range(0, len(docs), chunk):
        part = docs[i : i + chunk]
        results = run(part, mock.url)
        if not mock.alive():
            results = []
            for doc in part:
                if not mock.alive():
                    mock.restart()
                (result,) = run([doc], mock.url)
                if not mock.alive():
                    result.error = f"Prism exited while answering this example ({result.error or 'no answer'})"
                results.append(result)
            if not mock.alive():
                mock.restart()
        out += results
    return out


def check_docs(
    api: ir.Api,
    config: Config,
    mock: _Mock | str,
    *,
    src: Path | None = None,
    docs_dir: Path | None = None,
    languages: Iterable[str] = LANGUAGES,
    workers: int = 8,
    chunk: int = 100,
    spec_name: str = "",
    progress: Callable[[str], None] | None = None,
) -> dict[str, DocsReport]:
    """Run the docs' examples of ``api`` against a Prism (a :class:`PrismServer`, restarted
    when it dies, or a URL) serving :func:`generator.contract.prism_document`. ``src``: the
    generated package's ``src`` (for Python); ``docs_dir``: the generated ``docs/``, whose
    files must show every example."""
    server: _Mock = _FixedMock(mock) if isinstance(mock, str) else mock
    renderer = DocsRenderer(api, config, environment())
    setup = renderer.python_setup()

    def curl(docs: Sequence[OperationDoc], url: str) -> list[OperationResult]:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return list(pool.map(lambda d: run_curl(api, d, url), docs))

    def python(docs: Sequence[OperationDoc], url: str) -> list[OperationResult]:
        if src is None:
            raise ValueError("running the Python examples needs the generated package's src directory")
        return run_python(api, docs, url, src, config.package, setup)

    reports: dict[str, DocsReport] = {}
    for language in languages:
        started = time.perf_counter()
        if progress:
            progress(language)
        shown = _shown(docs_dir, language)
        results: list[OperationResult] = []
        runnable: list[tuple[int, OperationDoc]] = []
        for op in api.operations:
            result = _result(op, language)
            reason = skip_reason(op)
            doc = renderer.operation_doc(op, language)
            if reason is not None:
                result.outcome, result.reason = "skipped", reason
            elif shown is not None and doc.example.code not in shown:
                result.error = f"{docs_dir} does not show this example: regenerate the docs"
                _finish(api, op, result)
            else:
                runnable.append((len(results), doc))
            results.append(result)
        ran = _run_chunked([d for _, d in runnable], server, curl if language == "curl" else python, chunk)
        for (index, _), result in zip(runnable, ran, strict=True):
            results[index] = result
        reports[language] = DocsReport(spec=spec_name or api.source_name, package=config.package, results=results)
        reports[language].seconds["run"] = time.perf_counter() - started
    return reports


def run_docs_contract(spec: str, package_dir: Path, *, languages: Iterable[str] = LANGUAGES, progress: Callable[[str], None] | None = None) -> dict[str, DocsReport]:
    """Check the docs of the generated directory ``package_dir`` (its manifest names the package)."""
    manifest = json.loads((package_dir / "manifest.json").read_text(encoding="utf-8"))
    config = Config(package=str(manifest["package"]))
    loaded, api, _ = load_and_build(spec, config)
    with tempfile.TemporaryDirectory(prefix="telnyx-docs-contract-") as tmp:
        doc_path = Path(tmp) / "spec.json"
        doc_path.write_text(json.dumps(prism_document(dict(loaded.raw), api)), encoding="utf-8")
        if progress:
            progress("starting Prism")
        with PrismServer(doc_path) as prism:
            return check_docs(
                api, config, prism, src=package_dir / "src", docs_dir=package_dir / "docs", languages=languages, spec_name=loaded.name, progress=progress
            )


def summary_lines(reports: dict[str, DocsReport]) -> list[str]:
    lines = []
    for language, report in reports.items():
        n = len(report.results)
        failed = [r for r in report.results if r.outcome == "failed"]
        lines.append(f"docs {language}: {n} operations, {report.passed} passed, {len(failed)} failed, {len(report.skipped)} skipped ({report.seconds.get('run', 0):.1f}s)")
        for r in failed + report.skipped:
            lines.append(f"  {r.outcome} {r.method} {r.path}: {r.reason}: status {r.status}: {r.error or ''}".rstrip(": "))
    return lines


def main(args: argparse.Namespace, err: Console) -> int:
    """``contract --docs``: exit 0 when every failure has a named limitation, 1 when some
    failure is unexplained, 2 for bad input or no Prism."""
    if not (args.package_dir / "manifest.json").exists():
        err.print(f"error: {args.package_dir}/manifest.json not found: --package-dir must be a generated package", markup=False)
        return 2
    status = err.status("checking the docs' examples", spinner="dots")
    status.start()
    try:
        reports = run_docs_contract(args.spec, args.package_dir, progress=lambda stage: status.update(f"docs: {stage}"))
    except (SpecError, GenerationFailed, PrismError, RuntimeError, ValueError) as exc:
        status.stop()
        err.print(f"error: {exc}", markup=False)
        return 2
    status.stop()
    if args.report:
        data = {language: report.as_json() for language, report in reports.items()}
        args.report.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print("\n".join(summary_lines(reports)))
    return 1 if any(r.unexplained for r in reports.values()) else 0


if __name__ == "__main__":  # pragma: no cover - the Python examples' child process
    _child(Path(sys.argv[1]), Path(sys.argv[2]))
