"""The spec-change workflow on the command line: ``check`` (drift) and ``diff`` (changelog).

``telnyx-codegen check --spec SPEC --out DIR``
    Does ``DIR`` hold exactly what ``generate --spec SPEC --out DIR`` would leave there? The
    fresh output is computed in memory (load → build → render → format, with the same caches
    ``generate`` uses) and compared file by file with ``DIR``; nothing is written anywhere.
    Compared: every generated file (byte for byte) and the ownership marker's file list.
    A file the marker of ``DIR`` lists but a fresh run no longer generates is *extra* (generate
    would delete it). Files that are not ours (not in the marker) and ``__pycache__`` are
    ignored, as ``generate`` keeps them. The package name is ``--package``, else the
    ``package`` key of ``DIR/manifest.json``, else the config's; ``--formatter`` must be the
    one ``DIR`` was generated with. Exit 0: up to date;
    1: drift, with one ``changed|missing|extra  PATH`` line per file on stdout; 2: bad input.

``telnyx-codegen diff OLD NEW [--format markdown|json]``
    Builds both specs to the intermediate model and prints :func:`generator.diff.diff_apis`'s
    changelog. ``--save-new FILE`` also writes NEW's parsed document as JSON, to be the OLD of
    the next comparison (``make regenerate`` keeps it next to the output); with
    ``--allow-missing-old`` a missing OLD file is a first run, not an error.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console

from .config import Config, ConfigError, load_config
from .diff import Changelog, diff_apis, first_run, suggested_bump, to_json, to_markdown
from .emit import DEFAULT_FORMATTER, MARKER, EmitError, format_sources, read_marker
from .load import SpecError, user_cache_dir
from .pipeline import GenerationFailed, load_and_build

__all__ = ["Drift", "check_command", "check_output", "compare_specs", "compare_tree", "diff_command", "fresh_files", "package_of"]

EXIT_OK = 0
EXIT_DIFFERENT = 1
EXIT_INPUT = 2


@dataclass(frozen=True, slots=True)
class Drift:
    out_dir: Path
    compared: int
    """Generated files compared (the marker included)."""
    changed: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    """Generated now, absent from the directory."""
    extra: tuple[str, ...] = ()
    """Listed by the directory's marker, no longer generated."""

    @property
    def clean(self) -> bool:
        return not (self.changed or self.missing or self.extra)

    def lines(self) -> list[str]:
        rows = [("changed", p) for p in self.changed] + [("missing", p) for p in self.missing] + [("extra", p) for p in self.extra]
        return [f"{what:<8} {path}" for what, path in sorted(rows, key=lambda r: (r[1], r[0]))]


def package_of(out_dir: Path) -> str | None:
    """The ``package`` a previous run recorded in ``out_dir/manifest.json``, if any."""
    try:
        data = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    package = data.get("package") if isinstance(data, dict) else None
    return package if isinstance(package, str) and package.isidentifier() else None


def fresh_files(source: str, config: Config, *, use_cache: bool = True, formatter: str = DEFAULT_FORMATTER) -> dict[str, bytes]:
    """What ``generate`` writes for ``source``, in memory: path → bytes (the marker excluded)."""
    from .render import render

    _, api, _ = load_and_build(source, config, use_cache=use_cache)
    cache_dir = user_cache_dir() if use_cache else None
    files, _, _ = format_sources(render(api, config), cache_dir=cache_dir, formatter=formatter)
    return {f.path: f.content.encode("utf-8") for f in files}


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None


def check_output(source: str, out_dir: Path, config: Config, *, use_cache: bool = True, formatter: str = DEFAULT_FORMATTER) -> Drift:
    """Compare ``out_dir`` with a fresh generation from ``source``; writes nothing."""
    return compare_tree(fresh_files(source, config, use_cache=use_cache, formatter=formatter), out_dir)


def compare_tree(fresh: dict[str, bytes], out_dir: Path) -> Drift:
    """Compare ``out_dir`` with generated files ``fresh`` (see the module docstring)."""
    try:
        owned = read_marker(out_dir)
    except EmitError:
        owned = None
        marker_ok = False
    else:
        marker_ok = owned is not None and sorted(owned) == sorted(fresh)
    changed: list[str] = []
    missing: list[str] = []
    for path in sorted(fresh):
        current = _read(out_dir / path)
        if current is None:
            missing.append(path)
        elif current != fresh[path]:
            changed.append(path)
    if not marker_ok:
        (changed if (out_dir / MARKER).exists() else missing).append(MARKER)
    extra = sorted(p for p in owned or () if p not in fresh and "__pycache__" not in p.split("/") and (out_dir / p).is_file())
    return Drift(out_dir, len(fresh) + 1, tuple(sorted(changed)), tuple(sorted(missing)), tuple(extra))


def compare_specs(old: str, new: str, config: Config, *, use_cache: bool = True) -> tuple[Changelog, dict[str, Any]]:
    """The changelog from ``old`` to ``new``, plus the parsed document of ``new``."""
    _, old_api, _ = load_and_build(old, config, use_cache=use_cache)
    new_spec, new_api, _ = load_and_build(new, config, use_cache=use_cache)
    return diff_apis(old_api, new_api), new_spec.raw


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def _spec_errors(exc: SpecError | GenerationFailed, err: Console) -> int:
    if isinstance(exc, SpecError):
        err.print(exc.diagnostic.format(), markup=False)
    else:
        for d in exc.diagnostics:
            if d.level == "error":
                err.print(d.format(), markup=False)
    return EXIT_INPUT


# --------------------------------------------------------------------------------------
# Commands (argument parsing lives in cli.py)
# --------------------------------------------------------------------------------------


def check_command(args: argparse.Namespace, err: Console) -> int:
    out: Path = args.out
    if not out.is_dir():
        err.print(f"error: {out} is not a directory", markup=False)
        return EXIT_INPUT
    try:
        config = load_config(args.config, package=args.package or package_of(out))
    except ConfigError as exc:
        err.print(f"error: {exc}", markup=False)
        return EXIT_INPUT
    try:
        fresh = fresh_files(args.spec, config, use_cache=not args.no_cache, formatter=args.formatter)
    except (SpecError, GenerationFailed) as exc:
        return _spec_errors(exc, err)
    except EmitError as exc:
        err.print(f"error: {exc}", markup=False)
        return EXIT_INPUT
    drift = compare_tree(fresh, out)
    if drift.clean:
        if not args.quiet:
            err.print(f"{out} is up to date with {args.spec} ({drift.compared} files)", markup=False)
        return EXIT_OK
    sys.stdout.write("".join(line + "\n" for line in drift.lines()))
    if args.diff:
        for path in drift.changed:
            if path == MARKER:
                continue
            old = (out / path).read_text(encoding="utf-8", errors="replace").splitlines(keepends=True)
            new = fresh[path].decode("utf-8").splitlines(keepends=True)
            sys.stdout.writelines(difflib.unified_diff(old, new, f"{out}/{path}", f"fresh/{path}"))
    n = len(drift.changed) + len(drift.missing) + len(drift.extra)
    err.print(
        f"{out} differs from a fresh generation in {n} file(s) "
        f"({len(drift.changed)} changed, {len(drift.missing)} missing, {len(drift.extra)} extra); "
        f"regenerate with: telnyx-codegen generate --spec {args.spec} --out {out} --package {config.package}",
        markup=False,
    )
    return EXIT_DIFFERENT


def diff_command(args: argparse.Namespace, err: Console) -> int:
    try:
        config = load_config(args.config, package=args.package)
    except ConfigError as exc:
        err.print(f"error: {exc}", markup=False)
        return EXIT_INPUT
    use_cache = not args.no_cache
    old_missing = "://" not in args.old and not Path(args.old).exists()
    try:
        if old_missing and args.allow_missing_old:
            new_spec, new_api, _ = load_and_build(args.new, config, use_cache=use_cache)
            log, raw = first_run(new_api), new_spec.raw
        else:
            log, raw = compare_specs(args.old, args.new, config, use_cache=use_cache)
    except (SpecError, GenerationFailed) as exc:
        return _spec_errors(exc, err)
    text = json.dumps(to_json(log), indent=2, ensure_ascii=False) + "\n" if args.format == "json" else to_markdown(log)
    if args.output is not None:
        _write_atomic(args.output, text)
    else:
        sys.stdout.write(text)
    if args.save_new is not None:
        _write_atomic(args.save_new, json.dumps(raw, ensure_ascii=False) + "\n")
    if not args.quiet:
        s = to_json(log)["summary"]
        err.print(
            f"{s['total']} changes ({s['breaking']} breaking), operations: {s['operations_added']} added, "
            f"{s['operations_removed']} removed, {s['operations_renamed']} renamed; "
            f"suggested version bump: {suggested_bump(log) or 'none (first generation)'}",
            markup=False,
        )
    if args.fail_on_breaking and any(c.breaking for c in log.changes):
        return EXIT_DIFFERENT
    return EXIT_OK
