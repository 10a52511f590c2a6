"""Run a command and measure its wall time, CPU time and memory, workers included.

Method (Linux only). The command runs under ``bench/_rusage.py``, a small wrapper that forks
it and reports its ``wait4`` usage (see there why: peak RSS is inherited across ``exec``):

* ``wall_s``: ``time.perf_counter()`` around start and end (wrapper start-up, ~20 ms, included).
* ``cpu_s``: user + system time of the command and every descendant it reaped.
* ``maxrss_max_mb``: ``ru_maxrss`` from the same ``wait4``: the peak RSS of the single
  largest process in the command's tree (what ``/usr/bin/time -v`` prints). Exact.
* ``maxrss_main_mb``: the command's own peak (``VmHWM`` in ``/proc/<pid>/status``),
  sampled every ``interval`` seconds while it runs; the kernel keeps the high-water
  mark, so only growth in the last interval before exit can be missed.
* ``workers``: every descendant seen (pool workers, formatter subprocesses), each with
  its own sampled ``VmHWM``; ``maxrss_workers_sum_mb`` adds those peaks up (an upper
  bound of what they held at once).
* ``rss_tree_peak_mb``: the largest sum of ``VmRSS`` over the command and all its
  descendants at one sampling instant: the memory the run needed at its worst moment.
  It counts shared pages (libraries) once per process, so it slightly over-states.
* ``other_load_cores``: CPU the rest of the machine used meanwhile (``/proc/stat`` busy time
  less the command's own CPU, over the wall time), in cores: how noisy the run was.

Descendants are found by scanning ``/proc`` for processes whose parent is in the tree.
A process that lives less than one interval may be missed by the sampler (never by
``wait4``). A child whose command line is still its parent's is skipped: between
``fork``/``vfork`` and ``exec`` it reports its parent's memory, not its own (so a worker
forked without ``exec`` would not be counted; none of the measured tools uses one).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

_KB = 1024.0
_RUSAGE = str(Path(__file__).with_name("_rusage.py"))
_TICK = os.sysconf("SC_CLK_TCK")


def cpu_busy_s() -> float:
    """CPU seconds the whole machine has been busy since boot (all cores, /proc/stat)."""
    with open("/proc/stat") as stat:
        fields = [int(x) for x in stat.readline().split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
    return (user + nice + system + irq + softirq + steal) / _TICK


def wait_quiet(max_wait: float = 20.0, threshold: float = 0.5) -> float:
    """Wait (at most ``max_wait`` s) until the machine is busy less than ``threshold`` cores over
    one second; return the last busy level seen, in cores."""
    deadline = time.monotonic() + max_wait
    while True:
        before = cpu_busy_s()
        time.sleep(1.0)
        busy = cpu_busy_s() - before
        if busy <= threshold or time.monotonic() >= deadline:
            return round(busy, 2)


def _status_kb(pid: int) -> tuple[int, int] | None:
    """(VmRSS, VmHWM) in kB, or None when the process is gone or a zombie."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    rss = hwm = None
    for line in text.splitlines():
        if line.startswith("VmRSS:"):
            rss = int(line.split()[1])
        elif line.startswith("VmHWM:"):
            hwm = int(line.split()[1])
    if rss is None or hwm is None:
        return None
    return rss, hwm


def _ppid(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # the command name is in parentheses and may contain spaces: split after the last ')'
    return int(stat.rsplit(")", 1)[1].split()[1])


def _cmd(pid: int) -> str:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return "?"
    return " ".join(part.decode(errors="replace") for part in raw.split(b"\0") if part)[:160]


class _Sampler(threading.Thread):
    def __init__(self, root: int, interval: float) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.interval = interval
        self.stop = threading.Event()
        self.tree: set[int] = {root}
        self.parents: dict[int, int | None] = {}
        self.hwm_kb: dict[int, int] = {}
        self.cmds: dict[int, str] = {}
        self.tree_peak_kb = 0
        self.samples = 0

    def _scan(self) -> None:
        for name in os.listdir("/proc"):
            if not name.isdigit():
                continue
            pid = int(name)
            if pid in self.tree:
                continue
            if pid not in self.parents:
                self.parents[pid] = _ppid(pid)
            if self.parents[pid] in self.tree:
                self.tree.add(pid)

    def run(self) -> None:
        while not self.stop.is_set():
            self._scan()
            total = 0
            for pid in list(self.tree):
                if pid == self.root:  # the wrapper, not the command
                    continue
                cmd = _cmd(pid)
                if cmd in ("?", "") or cmd == _cmd(self.parents[pid] or 0):
                    # between fork/vfork and exec a child shows its parent's memory: not its own
                    continue
                self.cmds[pid] = cmd
                status = _status_kb(pid)
                if status is None:
                    continue
                rss, hwm = status
                total += rss
                self.hwm_kb[pid] = max(self.hwm_kb.get(pid, 0), hwm)
            self.tree_peak_kb = max(self.tree_peak_kb, total)
            self.samples += 1
            self.stop.wait(self.interval)


def slim(result: dict[str, Any]) -> dict[str, Any]:
    """The measurements without the command's output (for results.json)."""
    return {k: v for k, v in result.items() if k not in ("stdout", "stderr")}


def measure(
    cmd: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    cwd: str | Path | None = None,
    interval: float = 0.02,
    timeout: float = 900.0,
    check: bool = True,
) -> dict[str, Any]:
    """Run ``cmd`` to completion and return its measurements (see the module docstring)."""
    fd, usage_file = tempfile.mkstemp(prefix="bench-rusage-", suffix=".json")
    os.close(fd)
    try:
        busy_before = cpu_busy_s()
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-S", _RUSAGE, usage_file, *cmd],
            env=dict(env) if env is not None else None,
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # a timeout kills the whole group
        )
        sampler = _Sampler(proc.pid, interval)
        sampler.start()
        out: dict[str, bytes] = {}

        def drain(name: str, stream: Any) -> None:
            out[name] = stream.read()

        readers = [
            threading.Thread(target=drain, args=("stdout", proc.stdout), daemon=True),
            threading.Thread(target=drain, args=("stderr", proc.stderr), daemon=True),
        ]
        for reader in readers:
            reader.start()
        timer = threading.Timer(timeout, lambda: os.killpg(proc.pid, signal.SIGKILL))
        timer.start()
        try:
            proc.wait()
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
        busy = cpu_busy_s() - busy_before
        sampler.stop.set()
        sampler.join()
        for reader in readers:
            reader.join()
        stdout = out.get("stdout", b"").decode(errors="replace")
        stderr = out.get("stderr", b"").decode(errors="replace")
        if check and proc.returncode != 0:
            raise RuntimeError(
                f"{' '.join(cmd)} exited with {proc.returncode}\n--- stderr (tail) ---\n{stderr[-3000:]}"
            )
        with open(usage_file) as f:
            usage = json.load(f)
    finally:
        os.unlink(usage_file)
    main = usage["pid"]
    workers: list[dict[str, Any]] = [
        {"pid": pid, "cmd": sampler.cmds.get(pid, "?"), "maxrss_mb": round(kb / _KB, 1)}
        for pid, kb in sorted(sampler.hwm_kb.items())
        if pid not in (proc.pid, main)
    ]
    return {
        "wall_s": round(wall, 4),
        "cpu_s": round(usage["cpu_s"], 3),
        "maxrss_max_mb": round(usage["maxrss_kb"] / _KB, 1),
        "maxrss_main_mb": round(sampler.hwm_kb.get(main, 0) / _KB, 1),
        "maxrss_workers_sum_mb": round(sum(float(w["maxrss_mb"]) for w in workers), 1),
        "rss_tree_peak_mb": round(sampler.tree_peak_kb / _KB, 1),
        "workers": workers,
        "other_load_cores": round(max(0.0, busy - usage["cpu_s"]) / wall, 2),
        "samples": sampler.samples,
        "returncode": proc.returncode,
        "stdout": stdout,
        "stderr": stderr,
    }
