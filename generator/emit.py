"""Write the generated tree: formatting in black's style, then an atomic, change-only swap.

This is the only module that writes files.

Formatting
    :func:`format_sources` formats every ``.py`` file in black's style (line length 100,
    Python 3.11), with one of two engines:

    * ``ruff`` (the default): one ``ruff format`` process over a scratch copy of the
      files, about 100x faster than black. The templates write the few constructs where
      ruff's style and black's part ways (long union annotations, blank lines after
      imports, closing quotes of long docstrings) in the form both keep, so its output
      is byte-identical to black's: the test suite checks that on every file generated
      from the embedded specs and from the full Telnyx spec.
    * ``black``: black itself, in-process (fast mode: no AST equivalence check), with a
      process pool for many files; the reference the ruff output is checked against.

    black's results are cached by ``sha256(black version, mode, path, text)`` under
    ``<cache_dir>/black/``. Cache entries carry a checksum of their body, so a corrupt or
    truncated entry is reformatted, and are written atomically. ruff's are not cached:
    formatting everything again is cheaper than a cache of that many files. Results keep
    the input order.

Ownership
    The output directory holds a marker file :data:`MARKER` listing every file we
    generated. Only those files are ours: anything else in the directory (a ``.venv``,
    notes, caches) is preserved. A non-empty directory without a marker is refused
    unless ``force=True``; so is overwriting a file that exists but is not ours.
    ``force`` never removes a directory that holds files that are not ours.

Atomic, change-only write
    Let ``out`` be the output directory and ``parent`` its parent. Work happens in
    sidecar directories next to ``out`` (so on the same filesystem), named
    ``.<name>.telnyx-codegen-tmp`` (tree being built), ``...-old`` (previous tree after
    the swap) and ``...-trash`` (being deleted), called ``.tmp``, ``.old`` and ``.trash``
    below, under an exclusive ``flock`` on ``parent`` (POSIX) so concurrent runs
    serialise.

    1. Plan: compare every new file's bytes with the file in ``out``. If all are
       identical and the marker would not change, nothing is touched.
    2. Build the complete new tree in ``.tmp``: unchanged files are *hard links* to the
       files in ``out`` (same inode, same mtime; copy with ``copy2`` if linking fails),
       changed and new files are written fresh, files we owned but no longer generate
       are left out, and everything we do not own is hard-linked in (directories
       recreated with their mode and mtime, symlinks linked as symlinks).
    3. Swap: on Linux ``renameat2(RENAME_EXCHANGE)`` exchanges ``.tmp`` and ``out`` in one
       atomic step; ``.tmp`` (now the previous tree) is renamed ``.old``. Where exchange
       is unsupported, ``out`` is renamed ``.old`` and then ``.tmp`` renamed ``out``.
    4. Reconcile: anything that appeared in, or was replaced in, the previous tree while
       the new one was being built and is not ours is moved into ``out``. Then ``.old``
       is renamed ``.trash`` and deleted.

    Recovery runs first on every call: ``.tmp`` and ``.trash`` are garbage and deleted;
    ``.old`` with ``out`` present is reconciled and deleted; ``.old`` *without* ``out``
    (killed between the two fallback renames) is renamed back to ``out``.

Guarantees
    * Killing the process at any instant (SIGKILL included) leaves ``out`` holding
      either the complete previous tree or the complete new tree. The only exception is
      the fallback path's window between two renames, where ``out`` is briefly missing
      and the next run restores the previous tree from ``.old``.
    * Any failure before the swap (black error, conflict, I/O error, Ctrl-C) leaves
      ``out`` untouched.
    * Unchanged files keep their inode and mtime; files not ours are preserved.

    Limits: ``out`` itself is replaced, so its inode changes (a shell ``cd``-ed into it
    must ``cd`` again); files are not ``fsync``-ed, so the guarantees hold for a killed
    process, not for power loss; ``out`` must not be a mount point (the swap needs its
    parent on the same filesystem); a user file created inside ``out`` during the few
    milliseconds between the exchange and the rename to ``.old`` is lost if the process
    is killed exactly then.
"""

from __future__ import annotations

import concurrent.futures
import ctypes
import errno
import hashlib
import importlib.metadata
import json
import multiprocessing
import os
import re
import shutil
import stat
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

__all__ = [
    "MARKER",
    "EmitError",
    "EmitResult",
    "OutputFile",
    "emit",
    "format_sources",
    "read_marker",
]

MARKER = ".telnyx-codegen"
_GENERATOR = "telnyx-codegen"
LINE_LENGTH = 100
"""Of the generated code (both engines; the templates lay out long lines for it)."""
_PARALLEL_MIN_FILES = 50
"""Below this many uncached files a process pool costs more than it saves."""


@dataclass(frozen=True)
class OutputFile:
    path: str
    """POSIX path relative to the output dir, e.g. ``src/telnyx_client/models/x.py``."""
    content: str
    """Unformatted text."""
    format: bool = True
    """Run black on it (only when ``path`` ends with ``.py``)."""


@dataclass(frozen=True)
class EmitResult:
    files_written: int
    """New and changed files."""
    files_unchanged: int
    files_deleted: int
    """Files we generated before and no longer do."""
    formatted: int
    """Files black actually ran on."""
    format_cache_hits: int
    seconds_format: float
    seconds_write: float


class EmitError(Exception):
    """The output cannot be written; the previous output is left as it was."""


# --------------------------------------------------------------------------------------
# Formatting
# --------------------------------------------------------------------------------------


if TYPE_CHECKING:
    from black.mode import Mode


def _black_mode() -> Mode:
    from black.mode import Mode, TargetVersion  # imported only when something needs formatting

    return Mode(target_versions={TargetVersion.PY311}, line_length=LINE_LENGTH)


def _format_error(engine: str, path: str, source: str, message: str) -> str:
    """``<engine> could not format PATH (a generator bug ...): MESSAGE`` plus the source line."""
    message = message.strip()
    text = f"{engine} could not format {path} (a generator bug: the rendered text is not valid Python): {message}"
    position = re.search(r"(\d+):(\d+)", message)
    lines = source.splitlines()
    if position and 0 < int(position.group(1)) <= len(lines):
        number = int(position.group(1))
        text += f"\n  {path}, line {number}: {lines[number - 1].strip()}"
    return text


def _black_error(path: str, source: str, exc: Exception) -> str:
    return _format_error("black", path, source, str(exc).strip() or type(exc).__name__)


def _format_one(path: str, source: str, mode: Mode) -> tuple[str | None, str | None]:
    """(formatted text, None) or (None, error message); never raises."""
    import black
    from black.report import NothingChanged

    try:
        return black.format_file_contents(source, fast=True, mode=mode), None
    except NothingChanged:
        return source, None
    except Exception as exc:  # InvalidInput for bad syntax; anything else is black's own failure
        return None, _black_error(path, source, exc)


def _format_chunk(items: list[tuple[str, str]]) -> list[tuple[str | None, str | None]]:
    """Process-pool entry point."""
    mode = _black_mode()
    return [_format_one(path, source, mode) for path, source in items]


def _cache_read(entry: Path) -> str | None:
    try:
        raw = entry.read_bytes()
    except OSError:
        return None
    checksum, newline, body = raw.partition(b"\n")
    if not newline or hashlib.sha256(body).hexdigest().encode("ascii") != checksum:
        return None
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _cache_write(entry: Path, text: str) -> None:
    """Best effort: a cache that cannot be written only costs time."""
    body = text.encode("utf-8")
    data = hashlib.sha256(body).hexdigest().encode("ascii") + b"\n" + body
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temp, entry)
        except BaseException:
            os.unlink(temp)
            raise
    except OSError:
        pass


def _run_black(items: list[tuple[str, str]], jobs: int) -> list[tuple[str | None, str | None]]:
    """Format with ``jobs`` processes: this one and ``jobs - 1`` workers.

    The calling process does a share itself instead of idling while it waits, so a run
    holds one process fewer in memory (each black worker is ~50-60 MB) for the same speed.
    """
    shares = min(jobs, len(items))
    if shares <= 1 or len(items) <= _PARALLEL_MIN_FILES:
        return _format_chunk(items)
    # interleaved shares balance large and small files; share 0 stays here
    parts = [items[i::shares] for i in range(shares)]
    # spawn, not fork: the caller may run threads (progress display) that fork would copy.
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=shares - 1, mp_context=context) as pool:
        futures = [pool.submit(_format_chunk, part) for part in parts[1:]]
        results = [_format_chunk(parts[0]), *(f.result() for f in futures)]
    out: list[tuple[str | None, str | None]] = [(None, None)] * len(items)
    for share, part_results in enumerate(results):
        out[share::shares] = part_results
    return out


FORMATTERS = ("ruff", "black")
"""The formatting engines: ``ruff format`` (the default) or black itself. Both give black's
style, and on generated code the same bytes (see the module docstring)."""

DEFAULT_FORMATTER = "ruff"


def _scratch_parent(size: int = 0) -> str | None:
    """Where the ruff scratch copy of ``size`` bytes goes: ``$TMPDIR`` when set, else
    ``/dev/shm`` (memory) where it is writable and has room for it several times over (a
    container's is often only 64 MB), else the system temp dir. Creating 2,400 small files
    takes ~1.7 s on a VM's ext4 and ~0.07 s in ``/dev/shm``."""
    shm = "/dev/shm"
    if os.environ.get("TMPDIR") or not (os.path.isdir(shm) and os.access(shm, os.W_OK | os.X_OK)):
        return None
    try:
        stats = os.statvfs(shm)
    except OSError:
        return None
    return shm if stats.f_bavail * stats.f_frsize >= 4 * size + (16 << 20) else None


def _ruff_binary() -> str:
    try:
        from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]

        return str(find_ruff_bin())
    except (ImportError, FileNotFoundError) as exc:
        raise EmitError(
            f"ruff format, the default formatter, is not available ({exc}); reinstall telnyx-codegen, or use --formatter black (the same output, slower)"
        ) from exc


def _run_ruff(items: list[tuple[str, str]]) -> list[tuple[str | None, str | None]]:
    """Format with one ``ruff format`` process over a scratch copy of the files."""
    import secrets
    import subprocess

    ruff = _ruff_binary()
    encoded = [(path, _encode(path, source)) for path, source in items]
    parent = Path(_scratch_parent(sum(len(data) for _, data in encoded)) or tempfile.gettempdir())
    # Named before it exists and removed in ``finally``: a Ctrl-C at any instant after the
    # mkdir (even before a TemporaryDirectory could register its cleanup) leaves nothing.
    root = parent / f"telnyx-codegen-ruff-{secrets.token_hex(8)}"
    try:
        try:
            root.mkdir(mode=0o700)
            for directory in sorted(_ancestors([path for path, _ in items])):
                (root / directory).mkdir()
            for path, data in encoded:
                (root / path).write_bytes(data)
        except OSError as exc:
            raise EmitError(f"cannot write the formatter's scratch copy under {parent}: {exc.strerror or exc}") from exc
        command = [
            ruff,
            "format",
            "--isolated",
            "--no-cache",
            "--line-length",
            str(LINE_LENGTH),
            "--target-version",
            "py311",
            ".",
        ]
        try:
            done = subprocess.run(command, cwd=root, capture_output=True, text=True)
        except OSError as exc:
            raise EmitError(f"cannot run ruff ({ruff}): {exc.strerror or exc}; --formatter black gives the same output") from exc
        sources = dict(items)
        failures: dict[str, str] = {}
        for line in done.stderr.splitlines():
            # "error: Failed to parse src/x.py:12:5: Expected ..." (path relative to the scratch root)
            failed = re.match(r"error: Failed to parse (.+?):(\d+:\d+: .*)$", line)
            if failed and failed.group(1) in sources:
                path = failed.group(1)
                failures[path] = _format_error("ruff", path, sources[path], failed.group(2))
        if done.returncode != 0 and not failures:
            raise EmitError(f"ruff format failed (exit {done.returncode}): {done.stderr.strip()}")
        return [
            (None, failures[path]) if path in failures else ((root / path).read_bytes().decode("utf-8"), None)
            for path, _ in items
        ]
    finally:
        shutil.rmtree(root, ignore_errors=True)


def format_sources(
    files: Sequence[OutputFile],
    *,
    cache_dir: Path | None,
    jobs: int = 0,
    formatter: str = DEFAULT_FORMATTER,
) -> tuple[list[OutputFile], int, int]:
    """Format the ``.py`` files with ``formatter``, using and filling the cache (black only).

    Returns the files in the same order, all with ``format=False``, plus the number of
    files the formatter ran on and the number of cache hits. ``jobs=0`` means one per CPU.
    Raises :class:`EmitError` naming the first file the formatter cannot parse.

    black: with ``jobs > 1`` and more than 50 uncached files the work is spread over a process
    pool started with ``spawn`` (``fork`` is unsafe while the caller runs threads, such
    as a progress display). Like every ``spawn`` user, a calling *script* must guard its
    entry point with ``if __name__ == "__main__":``; console scripts and ``python -m``
    already do.
    """
    if jobs < 0:
        raise ValueError(f"jobs must be >= 0, not {jobs}")
    if formatter not in FORMATTERS:
        raise ValueError(f"formatter must be one of {FORMATTERS}, not {formatter!r}")
    jobs = jobs or os.cpu_count() or 1
    # Only black's output is cached: ruff formats the full spec's 2,400 files in ~0.1 s,
    # less than reading that many cache entries, and writing them costs ~2 s on a VM disk.
    cache = cache_dir / "black" if cache_dir is not None and formatter == "black" else None
    salt = f"black {importlib.metadata.version('black')}\0{_black_mode().get_cache_key()}\0".encode() if cache else b""

    result = [replace(f, format=False) for f in files]
    pending: list[tuple[int, Path | None]] = []
    hits = 0
    for index, file in enumerate(files):
        if not (file.format and file.path.endswith(".py")):
            continue
        entry = None
        if cache is not None:
            key = hashlib.sha256(salt + _encode(file.path, file.content)).hexdigest()
            entry = cache / key
            cached = _cache_read(entry)
            if cached is not None:
                result[index] = replace(result[index], content=cached)
                hits += 1
                continue
        pending.append((index, entry))

    items = [(files[i].path, files[i].content) for i, _ in pending]
    outcomes = _run_ruff(items) if formatter == "ruff" and items else _run_black(items, jobs)
    errors = [error for _, error in outcomes if error is not None]
    if errors:
        more = (
            f"\n(and {len(errors) - 1} more files {formatter} could not parse)" if len(errors) > 1 else ""
        )
        raise EmitError(errors[0] + more)
    for (index, entry), (text, _) in zip(pending, outcomes, strict=True):
        assert text is not None
        result[index] = replace(result[index], content=text)
        if entry is not None:
            _cache_write(entry, text)
    return result, len(pending), hits


def _encode(path: str, content: str) -> bytes:
    try:
        return content.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise EmitError(
            f"{path}: content cannot be encoded as UTF-8 ({exc.reason} at {exc.start})"
        ) from exc


# --------------------------------------------------------------------------------------
# The marker
# --------------------------------------------------------------------------------------


def read_marker(out_dir: Path) -> list[str] | None:
    """The files a previous run generated in ``out_dir``; ``None`` when there is no marker.

    Raises :class:`EmitError` when the marker exists but is not ours or is corrupt.
    """
    path = out_dir / MARKER
    try:
        raw = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise EmitError(f"cannot read {path}: {exc.strerror}") from exc
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise EmitError(f"{path} is corrupt (not JSON: {exc}); use --force to regenerate") from exc
    files = data.get("files") if isinstance(data, dict) else None
    if (
        not isinstance(data, dict)
        or data.get("generator") != _GENERATOR
        or not isinstance(files, list)
        or not all(isinstance(f, str) for f in files)
    ):
        raise EmitError(f"{path} is not a telnyx-codegen marker; use --force to regenerate")
    return [str(f) for f in files]


def _marker_bytes(paths: Sequence[str]) -> bytes:
    data = {"generator": _GENERATOR, "files": sorted(paths)}
    return (json.dumps(data, indent=2) + "\n").encode("utf-8")


# --------------------------------------------------------------------------------------
# Paths
# --------------------------------------------------------------------------------------


def _check_paths(files: Sequence[OutputFile]) -> None:
    by_key: dict[str, str] = {}
    for file in files:
        path = file.path
        parts = path.split("/")
        if (
            not path
            or path.startswith("/")
            or "\\" in path
            or "\0" in path
            or any(part in ("", ".", "..") for part in parts)
        ):
            raise EmitError(
                f"invalid output path {path!r}: must be a relative POSIX path without '.', '..' or empty parts"
            )
        if path == MARKER:
            raise EmitError(f"invalid output path {path!r}: reserved for the ownership marker")
        key = path.casefold()
        if key in by_key:
            other = by_key[key]
            what = "twice" if other == path else f"and {other!r}, which differ only in case"
            raise EmitError(f"output path {path!r} generated {what}")
        by_key[key] = path
    for key, path in by_key.items():
        parts = key.split("/")
        for i in range(1, len(parts)):
            parent = "/".join(parts[:i])
            if parent in by_key:
                raise EmitError(
                    f"output path {by_key[parent]!r} is a file but {path!r} needs it as a directory"
                )


def _ancestors(paths: Sequence[str] | set[str]) -> set[str]:
    dirs: set[str] = set()
    for path in paths:
        parts = path.split("/")
        dirs.update("/".join(parts[:i]) for i in range(1, len(parts)))
    return dirs


def _kind(path: Path) -> str:
    """``dir``, ``file`` (regular), ``other`` (symlink, fifo, ...) or ``missing``; no symlink is followed."""
    try:
        mode = os.lstat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return "missing"
    if stat.S_ISDIR(mode):
        return "dir"
    return "file" if stat.S_ISREG(mode) else "other"


def _sidecar(out: Path, kind: str) -> Path:
    """``.<name>.telnyx-codegen-<kind>`` next to ``out``: a name no one uses for a backup."""
    return out.parent / f".{out.name}.telnyx-codegen-{kind}"


# --------------------------------------------------------------------------------------
# Plan
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Plan:
    unchanged: frozenset[str]
    written: tuple[str, ...]
    deleted: tuple[str, ...]


def _only_ours(directory: Path, rel: str, owned: set[str]) -> bool:
    for entry in os.scandir(directory):
        path = f"{rel}/{entry.name}"
        if entry.is_dir(follow_symlinks=False):
            if entry.name != "__pycache__" and not _only_ours(Path(entry.path), path, owned):
                return False
        elif path not in owned:
            return False
    return True


def _plan(new: dict[str, bytes], out: Path | None, owned: set[str], force: bool) -> _Plan:
    if out is None:
        return _Plan(frozenset(), tuple(sorted(new)), ())
    unchanged: set[str] = set()
    written: list[str] = []
    conflicts: set[str] = set()
    blocked: list[str] = []
    kinds: dict[str, str] = {}
    for path in sorted(new):
        parts = path.split("/")
        parent_exists = True
        for i in range(1, len(parts)):
            ancestor = "/".join(parts[:i])
            kind = kinds.get(ancestor) or kinds.setdefault(ancestor, _kind(out / ancestor))
            if kind == "dir":
                continue
            if kind != "missing" and ancestor not in owned:
                conflicts.add(ancestor)  # a file of the user's where we need a directory
            parent_exists = False
            break
        kind = _kind(out / path) if parent_exists else "missing"
        if kind == "file" and (out / path).read_bytes() == new[path]:
            unchanged.add(path)  # ours, or identical to ours: adopted
            continue
        written.append(path)
        if kind == "dir" and not _only_ours(out / path, path, owned):
            blocked.append(path)
        elif kind in ("file", "other") and path not in owned:
            conflicts.add(path)
    if blocked:
        listed = ", ".join(blocked[:10])
        raise EmitError(
            f"cannot write {listed}: a directory with files not written by telnyx-codegen is in the way in {out}; remove it"
        )
    if conflicts and not force:
        listed = ", ".join(sorted(conflicts)[:10]) + (", ..." if len(conflicts) > 10 else "")
        raise EmitError(
            f"refusing to overwrite {len(conflicts)} file(s) in {out} not written by telnyx-codegen: {listed}; use --force"
        )
    deleted = tuple(sorted(p for p in owned - new.keys() if _kind(out / p) in ("file", "other")))
    return _Plan(frozenset(unchanged), tuple(written), deleted)


# --------------------------------------------------------------------------------------
# Tree building, swapping, carrying user files
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Carry:
    generated: frozenset[str]
    """Paths that are ours in the destination tree (incl. the marker): never carried."""
    generated_dirs: frozenset[str]
    owned: frozenset[str]
    """Paths that were ours in the source tree: dropped or replaced, never carried."""
    move: bool
    """Move (reconcile from a tree about to be deleted) instead of hard-linking."""


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target, follow_symlinks=False)
        return
    except OSError as exc:
        if exc.errno == errno.EEXIST:
            raise
    mode = os.lstat(source).st_mode
    if stat.S_ISLNK(mode):
        os.symlink(os.readlink(source), target)
    elif stat.S_ISREG(mode):
        shutil.copy2(source, target)
    else:
        raise EmitError(
            f"cannot carry over {source}: a special file that cannot be hard-linked here"
        )


def _put(source: str, target: str, carry: _Carry) -> None:
    try:
        existing = os.lstat(target)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if carry.move:
            os.rename(source, target)
        else:
            _link_or_copy(source, target)
        return
    if not carry.move or stat.S_ISDIR(existing.st_mode):
        return
    current = os.lstat(source)
    if (current.st_dev, current.st_ino) != (existing.st_dev, existing.st_ino):
        os.replace(source, target)  # replaced by its owner after we linked it


def _carry(source: str, target: str, rel: str, carry: _Carry) -> None:
    """Bring everything under ``source`` that is not ours into ``target``."""
    with os.scandir(source) as scan:
        # __pycache__ last: it is carried only if something else keeps its directory.
        entries = sorted(scan, key=lambda e: (e.name == "__pycache__", e.name))
    if not entries and not os.path.lexists(target):
        os.makedirs(target)  # an empty directory of the user's
    for entry in entries:
        path = f"{rel}/{entry.name}" if rel else entry.name
        destination = os.path.join(target, entry.name)
        if path in carry.generated:
            continue
        if entry.is_dir(follow_symlinks=False):
            if entry.name == "__pycache__" and not os.path.isdir(target):
                continue
            _carry(entry.path, destination, path, carry)
            if not carry.move and os.path.isdir(destination):
                info = entry.stat(follow_symlinks=False)
                os.chmod(destination, stat.S_IMODE(info.st_mode))
                if path not in carry.generated_dirs:
                    os.utime(destination, ns=(info.st_atime_ns, info.st_mtime_ns))
        elif path not in carry.owned and path not in carry.generated_dirs:
            _put(entry.path, destination, carry)


def _carry_unowned(
    source: Path, target: Path, owned: set[str], generated: set[str], *, move: bool
) -> None:
    generated = generated | {MARKER}
    carry = _Carry(frozenset(generated), frozenset(_ancestors(generated)), frozenset(owned), move)
    _carry(str(source), str(target), "", carry)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directories (Linux ``renameat2``); ``False`` if unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except AttributeError:  # glibc < 2.28, musl
        return False
    at_fdcwd, rename_exchange = -100, 2
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    renameat2.restype = ctypes.c_int
    result: int = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0


def _swap_in(tmp: Path, out: Path) -> None:
    """Make ``tmp`` the tree at ``out``; the previous tree ends up at ``.old``."""
    old = _sidecar(out, "old")
    if _exchange(tmp, out):
        os.rename(tmp, old)
        return
    os.rename(out, old)
    try:
        os.rename(tmp, out)
    except BaseException:
        os.rename(old, out)
        raise


def _discard(path: Path) -> None:
    if os.path.lexists(path):
        shutil.rmtree(path, ignore_errors=True)


def _retire_old(out: Path) -> None:
    """Carry late user files out of ``.old``, then delete it."""
    old, trash = _sidecar(out, "old"), _sidecar(out, "trash")
    try:
        owned = set(read_marker(old) or ())
    except EmitError:
        owned = set()
    _carry_unowned(old, out, owned, set(read_marker(out) or ()), move=True)
    _discard(trash)
    os.rename(old, trash)
    _discard(trash)


def _recover(out: Path) -> None:
    """Finish or undo whatever an interrupted run left behind (see the module docstring)."""
    _discard(_sidecar(out, "tmp"))
    _discard(_sidecar(out, "trash"))
    old = _sidecar(out, "old")
    if not os.path.lexists(old):
        return
    if os.path.lexists(out):
        _retire_old(out)
    else:
        os.rename(old, out)


@contextmanager
def _locked(directory: Path) -> Iterator[None]:
    """Serialise runs writing next to each other (POSIX ``flock`` on the parent directory)."""
    if sys.platform == "win32":
        yield
        return
    import fcntl

    fd = os.open(directory, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _build(
    tmp: Path, out: Path | None, new: dict[str, bytes], plan: _Plan, owned: set[str]
) -> None:
    os.mkdir(tmp)
    for path in sorted(new):
        target = tmp / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if out is not None and path in plan.unchanged:
            _link_or_copy(str(out / path), str(target))
        else:
            with open(target, "xb") as handle:
                handle.write(new[path])
    (tmp / MARKER).write_bytes(_marker_bytes(list(new)))
    if out is not None:
        _carry_unowned(out, tmp, owned, set(new), move=False)
        os.chmod(tmp, stat.S_IMODE(os.stat(out).st_mode))


def _check_ownership(out: Path, force: bool) -> tuple[bool, set[str]]:
    """(whether ``out`` exists, the files we own in it); raise if we may not write there."""
    kind = _kind(out)
    if kind == "missing":
        return False, set()
    if kind != "dir":
        raise EmitError(f"cannot write into {out}: it exists and is not a directory")
    try:
        owned = read_marker(out)
    except EmitError:
        if not force:
            raise
        owned = None
    if owned is None and not force and any(os.scandir(out)):
        raise EmitError(
            f"refusing to write into {out}: it is not empty and was not generated by "
            f"telnyx-codegen (no {MARKER} marker); use --force"
        )
    return True, set(owned or ())


def _write(new: dict[str, bytes], out: Path, force: bool) -> tuple[int, int, int]:
    """Bring ``out`` to the new tree; returns (written, unchanged, deleted)."""
    parent = out.parent
    parent.mkdir(parents=True, exist_ok=True)
    with _locked(parent):
        _recover(out)
        exists, owned = _check_ownership(out, force)
        if exists and os.stat(out).st_dev != os.stat(parent).st_dev:
            raise EmitError(
                f"cannot replace {out} atomically: it is a mount point; write into a directory inside it"
            )
        plan = _plan(new, out if exists else None, owned, force)
        if exists and not plan.written and not plan.deleted:
            try:
                marker = (out / MARKER).read_bytes()
            except OSError:
                marker = b""
            if marker == _marker_bytes(list(new)):
                return 0, len(plan.unchanged), 0
        tmp = _sidecar(out, "tmp")
        try:
            _build(tmp, out if exists else None, new, plan, owned)
            if exists:
                _swap_in(tmp, out)
            else:
                os.rename(tmp, out)
        except BaseException:
            _discard(tmp)
            raise
        if exists:
            try:
                _retire_old(out)
            except OSError as exc:
                raise EmitError(
                    f"{out} was written, but moving files created meanwhile out of the previous tree "
                    f"failed ({exc}); they are kept in {_sidecar(out, 'old')}, and the next run retries"
                ) from exc
        return len(plan.written), len(plan.unchanged), len(plan.deleted)


def emit(
    files: Sequence[OutputFile],
    out_dir: Path,
    *,
    force: bool = False,
    cache_dir: Path | None = None,
    jobs: int = 0,
    formatter: str = DEFAULT_FORMATTER,
) -> EmitResult:
    """Format ``files`` and make ``out_dir`` hold exactly them plus whatever is not ours.

    See the module docstring for ownership, atomicity and what is touched.
    """
    _check_paths(files)
    out = Path(os.path.realpath(out_dir))
    if out.parent == out:
        raise EmitError(f"cannot write into {out}: it has no parent directory to build next to")
    try:
        _check_ownership(out, force)  # fail before spending time on black
    except OSError as exc:
        raise EmitError(f"cannot read {out}: {exc}") from exc

    start = time.perf_counter()
    formatted, n_formatted, hits = format_sources(files, cache_dir=cache_dir, jobs=jobs, formatter=formatter)
    new = {f.path: _encode(f.path, f.content) for f in formatted}
    middle = time.perf_counter()
    try:
        written, unchanged, deleted = _write(new, out, force)
    except OSError as exc:
        raise EmitError(f"cannot write {out}: {exc}") from exc
    end = time.perf_counter()
    return EmitResult(
        files_written=written,
        files_unchanged=unchanged,
        files_deleted=deleted,
        formatted=n_formatted,
        format_cache_hits=hits,
        seconds_format=middle - start,
        seconds_write=end - middle,
    )
