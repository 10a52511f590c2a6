"""Run a Stoplight Prism mock server of a spec, for the contract run and its tests.

Prism is a dev dependency pinned in ``package.json``/``package-lock.json`` and installed into
``node_modules/`` by ``make install`` (``npm ci``). It is started from the ``prism`` script in
``node_modules/.bin`` (a node script: the process we start *is* the server; an ``npx``
wrapper would leave its node child running when killed) on a free loopback port, polled
until it answers, and stopped by its own PID, then by its process group (one we created
for it, so nothing else is touched), so that no server outlives the run.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType

import httpx

__all__ = ["PRISM_VERSION", "PrismError", "PrismServer", "find_prism", "free_port"]

PRISM_VERSION = "5.14.2"
ROOT = Path(__file__).resolve().parent.parent


class PrismError(Exception):
    """Prism is missing, did not start, or exited early (the message has its log's tail)."""


def find_prism(root: Path | None = None) -> Path | None:
    """``node_modules/.bin/prism`` of the project (or ``$TELNYX_CODEGEN_PRISM``), if installed."""
    override = os.environ.get("TELNYX_CODEGEN_PRISM")
    if override:
        return Path(override) if Path(override).exists() else None
    candidate = (root or ROOT) / "node_modules" / ".bin" / "prism"
    return candidate if candidate.exists() else None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _signal_group(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, sig)


class PrismServer:
    """``with PrismServer(spec) as prism: httpx.get(prism.url + "/widgets")``."""

    def __init__(self, spec: Path, *, port: int | None = None, prism: Path | None = None, startup_timeout: float = 90.0) -> None:
        self.spec = spec
        self.port = port
        self.prism = prism
        self.startup_timeout = startup_timeout
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path: Path | None = None
        self._log_dir: tempfile.TemporaryDirectory[str] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_tail(self, lines: int = 30) -> str:
        if self.log_path is None or not self.log_path.exists():
            return ""
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def start(self) -> PrismServer:
        prism = self.prism or find_prism()
        if prism is None:
            raise PrismError("Prism is not installed: run `make install` (npm ci installs @stoplight/prism-cli into node_modules/)")
        for attempt in range(3):
            self.port = self.port if (self.port and attempt == 0) else free_port()
            try:
                self._start_once(prism)
                return self
            except PrismError:
                self.stop()
                if attempt == 2:
                    raise
            except BaseException:  # Ctrl-C while waiting: no server left behind
                self.stop()
                raise
        return self  # pragma: no cover - the loop returns or raises

    def _start_once(self, prism: Path) -> None:
        self._log_dir = tempfile.TemporaryDirectory(prefix="prism-log-")
        self.log_path = Path(self._log_dir.name) / "prism.log"
        # --seed: responses asked for with `Prefer: dynamic=true` are the same on every run
        cmd = [str(prism), "mock", "--host", "127.0.0.1", "--port", str(self.port), "--seed", "telnyx-codegen", "--verboseLevel", "warn", str(self.spec)]
        with self.log_path.open("wb") as log:
            # A new session (process group) of its own, so a stray child can be ended too.
            self.process = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise PrismError(f"Prism exited with code {self.process.returncode} while starting:\n{self.log_tail()}")
            try:
                httpx.get(self.url + "/", timeout=2.0)
                return  # any HTTP answer (a 404 for "/") means it is serving
            except httpx.TransportError:
                time.sleep(0.25)
        raise PrismError(f"Prism did not answer on {self.url} within {self.startup_timeout:.0f} s:\n{self.log_tail()}")

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def restart(self) -> None:
        """Start again (on a new port) after the server died."""
        self.stop()
        self.port = None
        self.start()

    def stop(self) -> None:
        """End the server: SIGTERM to its process group while its leader (the PID we started)
        is alive, so the group id is still ours; SIGKILL after 10 s; then reap it."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            _signal_group(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                _signal_group(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        if self._log_dir is not None:
            self._log_dir.cleanup()
            self._log_dir = None

    def __enter__(self) -> PrismServer:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()
