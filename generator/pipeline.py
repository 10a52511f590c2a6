"""The generation pipeline: load → build → render → emit, timed stage by stage."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import ir
from .build import build_api
from .config import Config
from .emit import EmitResult, emit
from .load import LoadedSpec, load_spec, user_cache_dir
from .render import render

Progress = Callable[[str], None]


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

    def as_json(self) -> dict[str, Any]:
        return {
            "operations": self.operations,
            "operations_generated": self.operations_generated,
            "operations_skipped": self.operations_skipped,
            "schemas": self.schemas,
            "models": self.models,
            "resources": self.resources,
            "files_written": self.files_written,
            "files_unchanged": self.files_unchanged,
            "files_deleted": self.files_deleted,
            "formatted": self.formatted,
            "format_cache_hits": self.format_cache_hits,
            "warnings": self.warnings,
            "seconds": {k: round(v, 3) for k, v in self.seconds.items()},
        }


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
    source: str, config: Config, *, use_cache: bool = True, progress: Progress | None = None, report: Report | None = None
) -> tuple[LoadedSpec, ir.Api, tuple[ir.Diagnostic, ...]]:
    """Load and build; raise :class:`GenerationFailed` when the spec has errors."""
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
) -> Report:
    report = Report()
    timer = _Timer(report, progress)
    spec, api, diagnostics = load_and_build(source, config, use_cache=use_cache, progress=progress, report=report)
    with timer.stage("render"):
        files = render(api, config)
    result: EmitResult = emit(files, out_dir, force=force, cache_dir=user_cache_dir() if use_cache else None)
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
    report.format_cache_hits = result.format_cache_hits
    report.warnings = [{"pointer": d.pointer, "message": d.message} for d in diagnostics if d.level == "warning"]
    return report


def _count_resources(resources: tuple[ir.Resource, ...]) -> int:
    return sum(1 + _count_resources(r.children) for r in resources)
