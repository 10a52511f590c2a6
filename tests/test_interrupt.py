"""Interrupted runs of the real ``telnyx-codegen generate``: SIGKILL and Ctrl-C at every stage.

The previous output is a generation of a synthetic 1,000-operation spec (about 600 files);
each run regenerates it from a version where every model has one more field, so almost
every file changes and the write stage takes long enough to be hit. The stage is found by
watching the sidecar directories emit uses next to the output (``.out.telnyx-codegen-tmp``
while the new tree is built, ``-old``/``-trash`` after the swap), never by a hook in the
generator. Ctrl-C is sent as a terminal does: SIGINT to the whole process group.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.emit import MARKER, read_marker

from .test_bad_specs import synthetic_spec

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and process groups")

ROOT = Path(__file__).resolve().parents[1]
OPERATIONS = 1000
INTERRUPTED = "interrupted: the previous output is unchanged"
INTERRUPTED_AFTER_SWAP = "interrupted: the new output was already in place; the next run tidies up"


def _command() -> list[str]:
    script = Path(sys.executable).with_name("telnyx-codegen")
    return [str(script)] if script.exists() else [sys.executable, "-m", "generator.cli"]


def _args(spec: Path, out: Path, *extra: str) -> list[str]:
    return [*_command(), "generate", "--spec", str(spec), "--out", str(out), "--formatter", "ruff", "--quiet", *extra]


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def _sidecar(out: Path, kind: str) -> Path:
    return out.parent / f".{out.name}.telnyx-codegen-{kind}"


def _sidecars(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


def _count_files(directory: Path) -> int:
    count = 0
    try:
        for _, _, files in os.walk(directory):
            count += len(files)
    except OSError:
        pass
    return count


class Trees:
    def __init__(self, base: Path) -> None:
        self.base = base
        self.old_spec, self.new_spec = base / "v1.json", base / "v2.json"
        self.old_out, self.new_out = base / "old" / "out", base / "new" / "out"
        self.old: dict[str, bytes] = {}
        self.new: dict[str, bytes] = {}

    def previous(self, tmp_path: Path) -> Path:
        """A copy of the previous generation, in a directory of its own (sidecars go next to it)."""
        out = tmp_path / "work" / "out"
        shutil.copytree(self.old_out, out, symlinks=True)
        return out


@pytest.fixture(scope="module")
def trees(tmp_path_factory: pytest.TempPathFactory) -> Trees:
    pytest.importorskip("ruff", reason="these runs format with ruff (the dev extra) to stay fast")
    t = Trees(tmp_path_factory.mktemp("interrupt"))
    old = synthetic_spec(OPERATIONS)
    new = synthetic_spec(OPERATIONS)
    for schema in new["components"]["schemas"].values():
        schema["properties"]["colour"] = {"type": "string", "description": "Added in v2."}
    t.old_spec.write_text(json.dumps(old), encoding="utf-8")
    t.new_spec.write_text(json.dumps(new), encoding="utf-8")
    for spec, out in ((t.old_spec, t.old_out), (t.new_spec, t.new_out)):
        done = subprocess.run(_args(spec, out), capture_output=True, text=True, timeout=600, cwd=ROOT)
        assert done.returncode == 0, done.stderr
    t.old, t.new = _tree(t.old_out), _tree(t.new_out)
    assert len(t.old) > 500
    changed = sum(t.old.get(path) != content for path, content in t.new.items())
    assert changed > len(t.new) // 2, "most files must change for the write stage to take a while"
    return t


@pytest.fixture
def started() -> Iterator[list[subprocess.Popen[str]]]:
    """Processes started by a test; killed (by pid) if the test fails half-way."""
    processes: list[subprocess.Popen[str]] = []
    yield processes
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _start(
    started: list[subprocess.Popen[str]], spec: Path, out: Path, *extra: str, **kwargs: object
) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        _args(spec, out, *extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        start_new_session=True,  # its own process group, like a job in a terminal
        **kwargs,  # type: ignore[call-overload]
    )
    started.append(process)
    return process


def _wait_until(process: subprocess.Popen[str], condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 300
    while not condition():
        if process.poll() is not None:
            pytest.fail(f"the run ended before {what}: {process.communicate()[1]}")
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.002)


def _check_consistent(out: Path, expected: dict[str, bytes]) -> None:
    """The tree is exactly one generation: same bytes, and the marker lists exactly its files."""
    assert _tree(out) == expected
    assert {MARKER, *(read_marker(out) or [])} == set(expected)


def _rerun(trees: Trees, out: Path) -> None:
    done = subprocess.run(_args(trees.new_spec, out), capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    _check_consistent(out, trees.new)
    assert _sidecars(out) == []


# --------------------------------------------------------------------------------------
# SIGKILL
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("progress", [0.0, 0.5, 0.9])
def test_sigkill_while_the_new_tree_is_written_leaves_the_previous_output(
    trees: Trees, tmp_path: Path, started: list[subprocess.Popen[str]], progress: float
) -> None:
    out = trees.previous(tmp_path)
    tmp = _sidecar(out, "tmp")
    wanted = max(1, int(progress * len(trees.new)))
    process = _start(started, trees.new_spec, out)
    _wait_until(process, lambda: tmp.is_dir() and _count_files(tmp) >= wanted, f"{wanted} files in {tmp.name}")
    os.kill(process.pid, signal.SIGSTOP)  # freeze it, to know what it had written when it died
    written = _count_files(tmp)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL

    assert written > 0, "killed during the write stage"
    _check_consistent(out, trees.old)  # the previous output, intact
    _rerun(trees, out)  # and the next run recovers: the new tree, no sidecars


def test_sigkill_right_after_the_swap_leaves_the_new_output(
    trees: Trees, tmp_path: Path, started: list[subprocess.Popen[str]]
) -> None:
    out = trees.previous(tmp_path)
    old, trash = _sidecar(out, "old"), _sidecar(out, "trash")
    process = _start(started, trees.new_spec, out)
    _wait_until(process, lambda: old.exists() or trash.exists(), "the swap")
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()

    _check_consistent(out, trees.new)
    _rerun(trees, out)


# --------------------------------------------------------------------------------------
# Ctrl-C
# --------------------------------------------------------------------------------------


def _ctrl_c(process: subprocess.Popen[str]) -> tuple[int, str]:
    with contextlib.suppress(ProcessLookupError):  # it may have finished already
        os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    return process.returncode, stderr


def _importing(process: subprocess.Popen[str]) -> bool:
    """Whether the run is importing its dependencies (pydantic-core mapped), i.e. inside main()."""
    try:
        return "pydantic_core" in Path(f"/proc/{process.pid}/maps").read_text()
    except OSError:
        return False


@pytest.mark.parametrize("when", ["importing", 0.3, 0.7])
def test_ctrl_c_early_exits_130_and_touches_nothing(
    trees: Trees, tmp_path: Path, started: list[subprocess.Popen[str]], when: str | float
) -> None:
    """While importing (the first second), then during load, build or render: wherever the
    delay lands in an uncached run. Only the interpreter's own start-up, before any of our
    code runs, is out of reach."""
    out = trees.previous(tmp_path)
    process = _start(started, trees.new_spec, out, "--no-cache")
    if when == "importing":
        if not Path("/proc/self/maps").exists():
            pytest.skip("needs /proc to see what the process has loaded")
        _wait_until(process, lambda: _importing(process), "the imports")
    else:
        # counted from when our code runs: on a loaded machine the interpreter's own start-up,
        # which no program can handle SIGINT in, can take longer than the delay itself
        if Path("/proc/self/maps").exists():
            _wait_until(process, lambda: _importing(process), "the imports")
        time.sleep(float(when))
    code, stderr = _ctrl_c(process)
    # A fast machine finished first: nothing to interrupt. (The signal may also land while the
    # interpreter shuts down after the work is done, which ends it by SIGINT, silently.)
    if (code == 0 or (code == -signal.SIGINT and not stderr)) and when != "importing":
        _check_consistent(out, trees.new)
        return
    assert (code, stderr) == (130, INTERRUPTED + "\n")
    _check_consistent(out, trees.old)
    assert _sidecars(out) == []


def test_ctrl_c_while_formatting(trees: Trees, tmp_path: Path, started: list[subprocess.Popen[str]]) -> None:
    out = trees.previous(tmp_path)
    scratch = tmp_path / "scratch"  # ruff formats a scratch copy under TMPDIR
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch)}
    process = _start(started, trees.new_spec, out, "--no-cache", env=env)  # no cached formatting
    # our scratch tree (tempfile's probe of TMPDIR, a short-lived file, may come first)
    _wait_until(process, lambda: any(p.name.startswith("telnyx-codegen-ruff-") for p in scratch.iterdir()), "the formatter's scratch tree")
    code, stderr = _ctrl_c(process)
    assert (code, stderr) == (130, INTERRUPTED + "\n")
    _check_consistent(out, trees.old)
    assert _sidecars(out) == []
    assert [p.name for p in scratch.iterdir() if p.name.startswith("telnyx-codegen-ruff-")] == [], "the scratch tree is removed"


def test_ctrl_c_while_the_new_tree_is_written(trees: Trees, tmp_path: Path, started: list[subprocess.Popen[str]]) -> None:
    out = trees.previous(tmp_path)
    tmp = _sidecar(out, "tmp")
    process = _start(started, trees.new_spec, out)
    _wait_until(process, lambda: _count_files(tmp) >= len(trees.new) // 3, "a third of the new tree")
    code, stderr = _ctrl_c(process)
    assert (code, stderr) == (130, INTERRUPTED + "\n")
    _check_consistent(out, trees.old)
    assert _sidecars(out) == [], "the half-built tree is removed"


def test_ctrl_c_after_the_swap_says_so(trees: Trees, tmp_path: Path, started: list[subprocess.Popen[str]]) -> None:
    out = trees.previous(tmp_path)
    old, trash = _sidecar(out, "old"), _sidecar(out, "trash")
    process = _start(started, trees.new_spec, out)
    _wait_until(process, lambda: old.exists() or trash.exists(), "the swap")
    code, stderr = _ctrl_c(process)
    if code == 0:  # it finished tidying up before the signal arrived
        assert _sidecars(out) == []
    else:
        assert (code, stderr) == (130, INTERRUPTED_AFTER_SWAP + "\n")
    _check_consistent(out, trees.new)
    _rerun(trees, out)
