"""The contract run: the generated clients against a real Prism mock server of their spec."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator import contract
from generator.cli import main as cli_main
from generator.config import Config
from generator.contract import (
    ContractReport,
    OperationResult,
    classify,
    prism_document,
    run_contract,
)
from generator.pipeline import load_and_build
from generator.prism import PrismError, PrismServer, find_prism

from .conftest import SPECS, Generated

LIMITS = ("prism:", "spec:", "websocket operation:")


def require_prism() -> Path:
    prism = find_prism()
    if prism is None:
        pytest.fail("Prism is not installed: run `make install` (npm ci puts @stoplight/prism-cli into node_modules/)")
    return prism


def check_report(report: ContractReport) -> None:
    """No unexplained failure: everything not passed is a named spec or Prism limitation."""
    assert report.unexplained == [], "\n".join(contract.summary_lines(report))
    for r in report.failed + report.skipped:
        assert r.reason and r.reason.startswith(LIMITS), (r.operation, r.reason)


# --------------------------------------------------------------------------- Prism itself


@pytest.fixture(scope="session")
def edge_prism(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrismServer]:
    """Prism serving the edge-case spec, paths renamed as the client sends them."""
    require_prism()
    loaded, api, _ = load_and_build(str(SPECS / "edge-cases.yaml"), Config(package="edge_cases"))
    doc = tmp_path_factory.mktemp("prism") / "edge-cases.json"
    doc.write_text(json.dumps(prism_document(dict(loaded.raw), api)), encoding="utf-8")
    with PrismServer(doc) as prism:
        yield prism


def test_prism_serves_renamed_paths_and_reports_violations(edge_prism: PrismServer) -> None:
    auth = {"Authorization": "Bearer k"}
    # /v2/whatsapp/phone_numbers is served where the client sends it
    assert httpx.get(edge_prism.url + "/whatsapp/phone_numbers", headers=auth).status_code == 200
    assert httpx.get(edge_prism.url + "/v2/whatsapp/phone_numbers", headers=auth).status_code == 404
    assert httpx.get(edge_prism.url + "/widgets").status_code == 401
    bad = httpx.post(edge_prism.url + "/widgets", headers=auth, json={"name": "n", "color": "purple"})
    assert bad.status_code == 422
    violations = contract._violations(bad)
    assert any(v["location"][:3] == ["request", "body", "color"] for v in violations), violations


def test_prism_is_stopped_by_its_pid(tmp_path: Path) -> None:
    require_prism()
    doc = tmp_path / "spec.yaml"
    doc.write_text((SPECS / "telnyx-sip-integrations.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    prism = PrismServer(doc).start()
    assert prism.process is not None
    pid = prism.process.pid
    assert prism.alive() and httpx.get(prism.url + "/").status_code == 404
    prism.stop()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    assert not prism.alive()


def test_prism_that_cannot_start_says_why(tmp_path: Path) -> None:
    require_prism()
    doc = tmp_path / "broken.yaml"
    doc.write_text("openapi: 3.1.0\npaths: [\n", encoding="utf-8")
    with pytest.raises(PrismError, match=r"exited|did not answer"):
        PrismServer(doc, startup_timeout=30).start()


# --------------------------------------------------------------------------- unit


def test_prism_document_renames_duplicated_prefix_paths() -> None:
    loaded, api, _ = load_and_build(str(SPECS / "edge-cases.yaml"), Config(package="edge_cases"))
    doc = prism_document(dict(loaded.raw), api)
    assert "/whatsapp/phone_numbers" in doc["paths"] and "/v2/whatsapp/phone_numbers" not in doc["paths"]
    assert list(doc["paths"]) != list(loaded.raw["paths"]) and len(doc["paths"]) == len(loaded.raw["paths"])
    clash = {**loaded.raw, "paths": {**loaded.raw["paths"], "/whatsapp/phone_numbers": {}}}
    with pytest.raises(ValueError, match="replace existing"):
        prism_document(clash, api)


def _op(api: Any, call: str) -> Any:
    return next(op for op in api.operations if op.call == call)


def test_classify_names_limits_only_when_every_violation_is_one() -> None:
    _, api, _ = load_and_build(str(SPECS / "edge-cases.yaml"), Config(package="edge_cases"))
    listing = _op(api, "numbers.list")
    upload = _op(api, "ai.audio.transcriptions")

    def result(*violations: dict[str, Any]) -> OperationResult:
        return OperationResult("x", "GET", "/x", status=422, violations=list(violations))

    brackets = {"location": ["request", "query"], "message": "Request query must have required property 'page%5bnumber%5d'"}
    assert classify(api, listing, result(brackets)) == contract.PRISM_BRACKETS
    other = {"location": ["request", "query", "page[size]"], "message": "must be <= 250"}
    assert classify(api, listing, result(brackets, other)) == contract.UNEXPLAINED
    part = {"location": ["request", "body", "model_config"], "message": "Request body property model_config must be object"}
    assert classify(api, upload, result(part)) == contract.PRISM_FORM_PARTS
    assert classify(api, listing, result(part)) == contract.UNEXPLAINED  # not a form body
    assert classify(api, listing, result()) == contract.UNEXPLAINED


def test_async_sample_is_spread_and_bounded() -> None:
    entries = [{"call": str(i)} for i in range(100)]
    sample = contract.async_sample(entries, 10)
    assert len(sample) == 10 and sample[0]["call"] == "0" and sample[-1]["call"] == "90"
    assert contract.async_sample(entries, 500) == entries and contract.async_sample(entries, 0) == []


# --------------------------------------------------------------------------- the runs


@pytest.mark.parametrize("fixture", ["sip_package", "edge_package"])
def test_embedded_specs_pass_against_prism(fixture: str, request: pytest.FixtureRequest) -> None:
    require_prism()
    pkg: Generated = request.getfixturevalue(fixture)
    spec = SPECS / ("telnyx-sip-integrations.yaml" if fixture == "sip_package" else "edge-cases.yaml")
    report = run_contract(str(spec), pkg.out, sample_async=1000)
    n = len(report.results)
    assert n == len(json.loads((pkg.out / "manifest.json").read_text())["operations"])
    check_report(report)
    assert report.passed == n and report.failed == [] and report.skipped == []
    assert len(report.async_results) == n  # every operation through the async client too
    data = report.as_json()
    assert set(data) >= {"operations", "passed", "failed", "skipped"} and data["operations"] == n


def test_cli_writes_the_report_and_exits_by_outcome(sip_package: Generated, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    require_prism()
    out = tmp_path / "contract.json"
    code = cli_main(["contract", "--spec", str(SPECS / "telnyx-sip-integrations.yaml"), "--package-dir", str(sip_package.out), "--report", str(out), "--sample-async", "5"])
    assert code == 0
    data = json.loads(out.read_text())
    assert data["operations"] == data["passed"] == 48 and data["failed"] == [] and data["skipped"] == []
    assert data["async"] == {"operations": 5, "passed": 5}
    assert "operations 48   passed 48" in capsys.readouterr().out
    assert cli_main(["contract", "--spec", str(SPECS / "edge-cases.yaml"), "--package-dir", str(tmp_path)]) == 2


@pytest.mark.slow
def test_full_spec_against_prism(full_package: Generated, full_spec: Path, tmp_path: Path) -> None:
    require_prism()
    started = time.monotonic()
    report = run_contract(str(full_spec), full_package.out, sample_async=50)
    seconds = time.monotonic() - started
    (tmp_path / "contract.json").write_text(json.dumps(report.as_json(), indent=2))
    print("\n".join(contract.summary_lines(report)))
    assert len(report.results) == 1156
    check_report(report)
    assert report.passed >= 1150
    assert len(report.async_results) == 50 and all(r.outcome == "passed" for r in report.async_results)
    assert seconds < 600
