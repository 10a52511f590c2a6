"""The generation pipeline: load → build → render → emit, timed stage by stage.

An unchanged input skips the pipeline entirely: every successful run records, in the
user cache, a fingerprint of its inputs (the spec's bytes, the config and the generator's
own code, templates and runtime) together with the hash of every file it produced. When the
next run into the same directory has the same fingerprint and the files on disk still have
those hashes, there is nothing to do. The heavy modules (openapi-pydantic, Jinja2, the formatter)
are imported only when the pipeline actually runs.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import ir
from .config import Config
from .emit import DEFAULT_FORMATTER
from .load import LoadedSpec, SpecSource, load_spec, read_source, user_cache_dir

if TYPE_CHECKING:
    from .emit import EmitResult, OutputFile

Progress = Callable[[str], None]
GENERATOR_ROOT = Path(__file__).resolve().parent


class GenerationFailed(Exception):
    """The spec has errors: nothing was written."""

    def __init__(self, diagnostics: tuple[ir.Diagnostic, ...]) -> None:
        super().__init__(f"{sum(d.level == 'error' for d in diagnostics)} error(s)")
        self.diagnostics = diagnostics


@dataclass
class Report:
    operations: int = 0
    operations_generated: int = 0
    operations_skipped: list[dict[str, str]] = field(default_factory=list)
    schemas: int = 0
    models: int = 0
    resources: int = 0
    files_written: int = 0
    files_unchanged: int = 0
    files_deleted: int = 0
    formatted: int = 0
    format_cache_hits: int = 0
    warnings: list[dict[str, str]] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    up_to_date: bool = False
    """True when the inputs matched the previous run's and nothing had to be done."""

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["seconds"] = {k: round(v, 3) for k, v in self.seconds.items()}
        return data


class _Timer:
    def __init__(self, report: Report, progress: Progress | None) -> None:
        self.report = report
        self.progress = progress

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        if self.progress:
            self.progress(name)
        start = time.perf_counter()
        try:
            yield
        finally:
            self.report.seconds[name] = self.report.seconds.get(name, 0.0) + time.perf_counter() - start


def load_and_build(
    source: str | SpecSource, config: Config, *, use_cache: bool = True, progress: Progress | None = None, report: Report | None = None
) -> tuple[LoadedSpec, ir.Api, tuple[ir.Diagnostic, ...]]:
    """Load and build; raise :class:`GenerationFailed` when the spec has errors."""
    from .build import build_api

    report = report or Report()
    timer = _Timer(report, progress)
    with timer.stage("load"):
        spec = load_spec(source, use_cache=use_cache)
    with timer.stage("build"):
        api, diagnostics = build_api(spec.raw, config, source_name=spec.name)
    diagnostics = tuple(
        d if d.line is not None else ir.Diagnostic(d.level, d.pointer, d.message, d.file, spec.line_of(d.pointer) if d.level == "error" else None)
        for d in (*spec.warnings, *diagnostics)
    )
    if any(d.level == "error" for d in diagnostics):
        raise GenerationFailed(diagnostics)
    return spec, api, diagnostics


def generate(
    source: str,
    out_dir: Path,
    config: Config,
    *,
    use_cache: bool = True,
    force: bool = False,
    progress: Progress | None = None,
    formatter: str = DEFAULT_FORMATTER,
) -> Report:
    from .emit import emit
    from .render import render

    report = Report()
    timer = _Timer(report, progress)
    with timer.stage("load"):
        spec_source = read_source(source)
    fingerprint = _fingerprint(spec_source, config, formatter)
    record_path = _record_path(out_dir)
    if use_cache:
        with timer.stage("check"):
            previous = _up_to_date(record_path, fingerprint, out_dir)
        if previous is not None:
            previous.seconds = report.seconds
            previous.files_unchanged += previous.files_written
            previous.files_written = previous.files_deleted = previous.formatted = previous.format_cache_hits = 0
            previous.up_to_date = True
            return previous
    spec, api, diagnostics = load_and_build(spec_source, config, use_cache=use_cache, progress=progress, report=report)
    with timer.stage("render"):
        files = render(api, config)
    rendered: dict[str, str] = {}
    reused = 0
    if use_cache:
        with timer.stage("reuse"):
            rendered = _rendered_hashes(files, formatter)
            files, reused = _reuse_formatted(files, rendered, record_path, out_dir)
    result: EmitResult = emit(files, out_dir, force=force, cache_dir=user_cache_dir() if use_cache else None, formatter=formatter)
    report.seconds["format"] = result.seconds_format
    report.seconds["write"] = result.seconds_write
    report.operations = len(api.operations)
    report.operations_generated = len(api.operations)
    report.schemas = len((spec.raw.get("components") or {}).get("schemas") or {})
    report.models = len(api.types)
    report.resources = _count_resources(api.resources)
    report.files_written = result.files_written
    report.files_unchanged = result.files_unchanged
    report.files_deleted = result.files_deleted
    report.formatted = result.formatted
    report.format_cache_hits = result.format_cache_hits + reused
    report.warnings = [{"pointer": d.pointer, "message": d.message} for d in diagnostics if d.level == "warning"]
    if use_cache:
        _save_record(record_path, fingerprint, out_dir, [f.path for f in files], report, rendered)
    return report


def _count_resources(resources: tuple[ir.Resource, ...]) -> int:
    return sum(1 + _count_resources(r.children) for r in resources)


# ---------------------------------------------------------------------------------------
# the up-to-date record
# ---------------------------------------------------------------------------------------


def generator_fingerprint() -> str:
    """Hash of the generator's own code, templates and runtime: any edit invalidates records."""
    from .render import template_dir

    h = hashlib.sha256()
    for root in (GENERATOR_ROOT, template_dir()):
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            h.update(path.relative_to(root).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def _fingerprint(spec: SpecSource, config: Config, formatter: str) -> str:
    h = hashlib.sha256()
    h.update(formatter.encode())
    h.update(spec.data)
    h.update(spec.name.encode())
    h.update(repr(config).encode())
    h.update(generator_fingerprint().encode())
    return h.hexdigest()


def _record_path(out_dir: Path) -> Path:
    key = hashlib.sha256(str(out_dir.resolve()).encode()).hexdigest()
    return user_cache_dir() / "outputs" / f"{key}.json"


def _file_hashes(out_dir: Path, paths: list[str]) -> dict[str, str] | None:
    hashes = {}
    for rel in paths:
        try:
            hashes[rel] = hashlib.sha256((out_dir / rel).read_bytes()).hexdigest()
        except OSError:
            return None
    return hashes


def _rendered_hashes(files: list[OutputFile], formatter: str) -> dict[str, str]:
    """Hash of each file the formatter will lay out: its unformatted text, with the engine."""
    from .emit import LINE_LENGTH

    salt = f"{formatter} {importlib.metadata.version(formatter)} {LINE_LENGTH}\0".encode()
    return {
        f.path: hashlib.sha256(salt + f.content.encode("utf-8", "surrogatepass")).hexdigest()
        for f in files
        if f.format and f.path.endswith(".py")
    }


def _reuse_formatted(
    files: list[OutputFile], rendered: dict[str, str], record_path: Path, out_dir: Path
) -> tuple[list[OutputFile], int]:
    """Files whose unformatted text is what the previous run into ``out_dir`` formatted, and
    whose file there is still what that run wrote, take that file's text instead of being
    formatted again. The formatter is then only run on what changed."""
    try:
        data = json.loads(record_path.read_text(encoding="utf-8"))
        before, written = dict(data["rendered"]), dict(data["files"])
    except (OSError, ValueError, KeyError, TypeError):
        return files, 0
    out = list(files)
    reused = 0
    for index, file in enumerate(files):
        key = rendered.get(file.path)
        if key is None or before.get(file.path) != key:
            continue
        try:
            data_on_disk = (out_dir / file.path).read_bytes()
        except OSError:
            continue
        if hashlib.sha256(data_on_disk).hexdigest() != written.get(file.path):
            continue
        try:
            text = data_on_disk.decode("utf-8")
        except UnicodeDecodeError:
            continue
        out[index] = replace(file, content=text, format=False)
        reused += 1
    return out, reused


def _save_record(
    path: Path, fingerprint: str, out_dir: Path, paths: list[str], report: Report, rendered: dict[str, str]
) -> None:
    hashes = _file_hashes(out_dir, sorted(paths))
    if hashes is None:
        return
    data = {"fingerprint": fingerprint, "files": hashes, "rendered": rendered, "report": report.as_json()}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # the record is an optimisation; the next run just does the work


def _up_to_date(path: Path, fingerprint: str, out_dir: Path) -> Report | None:
    """The previous run's report when its inputs and outputs are unchanged, else None."""
    from .emit import read_marker

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("fingerprint") != fingerprint or not isinstance(data.get("files"), dict):
        return None
    files: dict[str, str] = data["files"]
    if sorted(read_marker(out_dir) or []) != sorted(files) or _file_hashes(out_dir, list(files)) != files:
        return None
    saved = data.get("report") or {}
    known = {k: v for k, v in saved.items() if k in Report.__dataclass_fields__}
    try:
        return Report(**known)
    except TypeError:
        return None
