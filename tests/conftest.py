"""Shared fixtures: the embedded specs, the shared Telnyx specs, generated packages."""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from generator.config import Config
from generator.pipeline import Report, generate

ROOT = Path(__file__).resolve().parents[1]
SPECS = ROOT / "specs"
GENERATED = ROOT / "generated"
SHARED = ROOT.parent / "shared" / "specs" / "telnyx"
FULL_SPEC = SHARED / "spec3.yml"
OLD_SPEC = SHARED / "spec3-2026-06-30.yml"

# Caches (parsed specs, black output, up-to-date records) go to a project-local folder, not
# the user's cache, unless the caller chose one.
os.environ.setdefault("TELNYX_CODEGEN_CACHE_DIR", str(ROOT / ".cache" / "tests"))

# Property tests check correctness, not speed: on a 2-core CI machine running the suite in
# parallel (black's process pool included), a draw can stall for seconds, which hypothesis's
# timing checks would report as a failure.
settings.register_profile("suite", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("suite")

# The embedded specs and the package names `make generate` gives them.
EMBEDDED = {
    "telnyx-sip-integrations": "telnyx_sip",
    "edge-cases": "edge_cases",
}


def shared_spec(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared Telnyx specs are not checked out beside the project")
    return path


@pytest.fixture(scope="session")
def full_spec() -> Path:
    return shared_spec(FULL_SPEC)


@pytest.fixture(scope="session")
def old_spec() -> Path:
    return shared_spec(OLD_SPEC)


class Generated:
    def __init__(self, out: Path, package: str, report: Report) -> None:
        self.out = out
        self.package = package
        self.report = report
        self.src = out / "src"

    def import_(self, module: str = "") -> object:
        if str(self.src) not in sys.path:
            sys.path.insert(0, str(self.src))
        return importlib.import_module(f"{self.package}{'.' + module if module else ''}")


def generate_into(spec: Path, out: Path, package: str) -> Generated:
    report = generate(str(spec), out, Config(package=package))
    return Generated(out, package, report)


@pytest.fixture(scope="session")
def full_package(tmp_path_factory: pytest.TempPathFactory, full_spec: Path) -> Iterator[Generated]:
    out = tmp_path_factory.mktemp("full") / "telnyx"
    yield generate_into(full_spec, out, "telnyx_client")


@pytest.fixture(scope="session")
def sip_package(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    return generate_into(SPECS / "telnyx-sip-integrations.yaml", tmp_path_factory.mktemp("sip") / "out", "telnyx_sip")


@pytest.fixture(scope="session")
def edge_package(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    return generate_into(SPECS / "edge-cases.yaml", tmp_path_factory.mktemp("edge") / "out", "edge_cases")
