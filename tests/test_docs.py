"""The markdown docs: groups, structure, example text, and the examples run against Prism.

The committed docs under generated/*/docs are snapshot-tested by test_generate.py (the whole
tree is compared with a fresh run); here they are checked for what a reader relies on.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from generator import ir
from generator.config import Config, default_doc_groups, load_config
from generator.docs import DocsRenderer, Types, doc_groups, product_slug, shell_quote
from generator.docs_check import DocsReport, run_curl, run_docs_contract
from generator.pipeline import load_and_build
from generator.prism import PrismServer, find_prism
from generator.render import environment

from .conftest import EMBEDDED, GENERATED, ROOT, SPECS, Generated, shared_spec

SEED = ROOT.parent / "shared" / "seed" / "telnyx-sip-integrations-curl.txt"
SIP_TAGS = ("External Connections", "Call Recordings", "Media Storage API", "Dialogflow Integration", "SIPREC Connectors")
METHOD_PATH = re.compile(r"^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (/\S*)")
FENCE = re.compile(r"^```(\w+)\n(.*?)^```$", re.S | re.M)
# Failures of the Python examples that are not the docs' doing, by operation, with the reason.
KNOWN_PYTHON_FAILURES: dict[str, dict[str, str]] = {}


def docs_of(name: str) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((GENERATED / name / "docs").glob("*.md"))}


def manifest_ops(name: str) -> list[dict[str, str]]:
    ops: list[dict[str, str]] = json.loads((GENERATED / name / "manifest.json").read_text())["operations"]
    return ops


def sections(text: str) -> list[tuple[str, str]]:
    """(heading, body) for each ``## `` section."""
    parts = re.split(r"^## (.+)$", text, flags=re.M)
    return [(parts[i].strip(), parts[i + 1]) for i in range(1, len(parts), 2)]


def operation_sections(text: str) -> list[tuple[str, str, str]]:
    """(heading, ``METHOD /path``, body) of each operation section."""
    out = []
    for heading, body in sections(text):
        m = re.search(r"^`((?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) /[^`]*)`", body, re.M)
        if m:
            out.append((heading, m.group(1), body))
    return out


@pytest.fixture(scope="module")
def sip_api() -> ir.Api:
    return load_and_build(str(SPECS / "telnyx-sip-integrations.yaml"), Config(package="telnyx_sip"))[1]


@pytest.fixture(scope="module")
def edge_api() -> ir.Api:
    return load_and_build(str(SPECS / "edge-cases.yaml"), Config(package="edge_cases"))[1]


# --------------------------------------------------------------------------- groups


def test_shipped_groups_file_has_the_seed_group() -> None:
    groups, _ = default_doc_groups()
    assert dict(groups)["sip-integrations"] == SIP_TAGS


def test_sip_spec_is_one_group_of_48_operations(sip_api: ir.Api) -> None:
    groups = doc_groups(sip_api, Config())
    assert [(g.product, len(g.operations)) for g in groups] == [("sip-integrations", 48)]
    assert groups[0].title == "SIP Integrations"


def test_unlisted_tags_get_a_group_each_and_webhooks_follow_patterns(edge_api: ir.Api) -> None:
    groups = {g.product: g for g in doc_groups(edge_api, Config(doc_groups=(), doc_webhooks=(("calls", ("call.*",)),)))}
    tags = {t for op in edge_api.operations for t in op.tags}
    assert {product_slug(t) for t in tags} <= set(groups)
    assert all(len(g.tags) <= 1 for g in groups.values())
    assert [w.event_name for w in groups["calls"].webhooks] == ["call.fork.started", "call.ai_gather.ended"]
    assert [w.name for w in groups["webhooks"].webhooks] == ["fax.sending.started"]
    assert sum(len(g.operations) for g in groups.values()) == len(edge_api.operations)


def test_config_file_groups_replace_and_take_tags(tmp_path: Path) -> None:
    path = tmp_path / "codegen.toml"
    path.write_text('[docs.groups]\nrecordings = ["Call Recordings"]\n[docs.webhooks]\nfax = ["fax.*"]\n')
    config = load_config(path)
    groups = dict(config.doc_groups)
    assert groups["recordings"] == ("Call Recordings",)
    assert "Call Recordings" not in groups["sip-integrations"]
    assert dict(config.doc_webhooks)["fax"] == ("fax.*",)
    assert "fax.*" not in dict(config.doc_webhooks).get("programmable-fax-commands", ())


# --------------------------------------------------------------------------- text pieces


def test_type_labels(sip_api: ir.Api) -> None:
    t = Types(sip_api)
    assert t.label(ir.Nullable(ir.Primitive("integer"))) == "integer | null"
    assert t.label(ir.Primitive("string", "uuid")) == "uuid"
    assert t.label(ir.Primitive("string", "int64")) == "string"
    assert t.label(ir.ArrayType(ir.Primitive("string"))) == "array[string]"
    assert t.label(ir.EnumType(("gcs", "s3", "azure"))) == "enum: gcs, s3, azure"
    assert t.label(ir.ArrayType(ir.EnumType(("a", "b")))) == "array[string]"
    assert t.label(ir.UnionType((ir.Primitive("string"), ir.Nullable(ir.Primitive("integer"))))) == "string | integer | null"


@pytest.mark.parametrize("text", ["plain", "it's", "a b", "$HOME `x` \"q\" \\ '' ;&|"])
def test_shell_quote_round_trips(text: str) -> None:
    out = subprocess.run(["bash", "-c", f"printf %s {shell_quote(text)}"], capture_output=True, text=True, check=True).stdout
    assert out == text


def test_docs_are_deterministic(sip_api: ir.Api) -> None:
    config = Config(package="telnyx_sip")
    first = DocsRenderer(sip_api, config, environment()).render()
    second = DocsRenderer(sip_api, config, environment()).render()
    assert [(f.path, f.content) for f in first] == [(f.path, f.content) for f in second]


# --------------------------------------------------------------------------- the committed docs


@pytest.mark.parametrize("name", sorted(EMBEDDED))
def test_every_group_file_has_the_structure(name: str) -> None:
    docs = docs_of(name)
    assert "index.md" in docs
    groups = [f for f in docs if f != "index.md"]
    assert groups and all(re.fullmatch(r"telnyx-[a-z0-9-]+-(curl|python)\.md", f) for f in groups)
    for file, text in docs.items():
        if file == "index.md":
            assert all(f"]({g})" in text for g in groups)
            continue
        front = yaml.safe_load(text.split("---\n")[1])
        assert set(front) >= {"name", "description", "metadata"}, file
        assert front["name"] == file.removesuffix(".md")
        assert {"product", "language", "generator"} <= set(front["metadata"])
        assert front["metadata"]["language"] == file.rsplit("-", 1)[1].removesuffix(".md")
        assert "Do not edit." in text.split("\n# ")[0]
        headings = [h for h, _ in sections(text)]
        if front["metadata"]["operations"]:
            assert headings[:4] == ["Installation", "Setup", "Error handling", "Pagination"], file
        else:  # a group of webhook events only
            assert headings == ["Webhooks"], file


@pytest.mark.parametrize("name", sorted(EMBEDDED))
def test_a_section_per_operation_in_spec_order(name: str) -> None:
    docs = docs_of(name)
    expected = [f"{o['method']} {o['path']}" for o in manifest_ops(name)]
    for lang in ("curl", "python"):
        found = [mp for file, text in docs.items() if file.endswith(f"-{lang}.md") for _, mp, _ in operation_sections(text)]
        assert sorted(found) == sorted(expected)
        for file, text in docs.items():
            if file.endswith(f"-{lang}.md"):
                in_file = [mp for _, mp, _ in operation_sections(text)]
                assert in_file == [e for e in expected if e in in_file], f"{file} is not in spec order"


def test_sip_curl_file_covers_every_seed_operation() -> None:
    seed = shared_spec(SEED).read_text(encoding="utf-8")
    wanted = {m.group(1) + " " + m.group(2) for line in seed.splitlines() if (m := METHOD_PATH.match(line))}
    assert len(wanted) == 48
    text = docs_of("telnyx-sip-integrations")["telnyx-sip-integrations-curl.md"]
    assert {mp for _, mp, _ in operation_sections(text)} == wanted


@pytest.mark.parametrize("name", sorted(EMBEDDED))
def test_examples_have_real_values(name: str, sip_api: ir.Api, edge_api: ir.Api) -> None:
    api = sip_api if name == "telnyx-sip-integrations" else edge_api
    params = {f"{op.method} {op.path}": op for op in api.operations}
    for file, text in docs_of(name).items():
        for heading, method_path, body in operation_sections(text):
            op = params[method_path]
            code = FENCE.search(body)
            assert code is not None, (file, heading)
            assert '"string"' not in code.group(2) and "'string'" not in code.group(2), (file, heading)
            for url in re.findall(r'"(https?://[^"]+)"', code.group(2)):
                assert "{" not in url and "}" not in url, (file, url)
            required = re.search(r"^Required: (.*)$", body, re.M)
            for p in op.params:
                if p.location == "path":
                    shown = p.wire_name if file.endswith("-curl.md") else p.py_name
                    assert required and f"`{shown}`" in required.group(1), (file, heading, p.wire_name)
            if op.bodies and any(b.required for b in op.bodies) and file.endswith("-curl.md"):
                assert re.search(r" (-d|-F|--data-urlencode|--data-binary|--data-raw) ", code.group(2)), (file, heading)


def test_headings_spell_acronyms() -> None:
    text = docs_of("telnyx-sip-integrations")["telnyx-sip-integrations-curl.md"]
    headings = [h for h, _ in sections(text)]
    assert "Create a SIPREC connector" in headings
    assert not [h for h in headings if re.search(r"\b(Sip|Siprec|Api|Url|Id)\b", h)]


@pytest.mark.parametrize("name", sorted(EMBEDDED))
def test_every_code_block_parses(name: str) -> None:
    for file, text in docs_of(name).items():
        for lang, code in FENCE.findall(text):
            if lang == "bash":
                result = subprocess.run(["bash", "-n"], input=code, capture_output=True, text=True)
                assert result.returncode == 0, (file, code, result.stderr)
            elif lang == "python":
                ast.parse(code)


# --------------------------------------------------------------------------- run against Prism


def _failures(report: DocsReport) -> dict[str, str]:
    return {f"{f['method']} {f['path']}": f"{f['status']} {f['error']} {f['violations']}" for f in report.as_json()["failed"]}


@pytest.fixture(scope="module")
def prism_installed() -> None:
    if find_prism() is None:
        pytest.skip("Prism is not installed (make install runs npm ci)")


@pytest.mark.parametrize("name", sorted(EMBEDDED))
def test_every_example_gets_2xx_from_prism(name: str, prism_installed: None) -> None:
    """`telnyx-codegen contract --docs` on the committed output: the docs' examples as shown."""
    reports = run_docs_contract(str(SPECS / f"{name}.yaml"), GENERATED / name)
    operations = len(manifest_ops(name))
    assert _failures(reports["curl"]) == {}
    assert reports["curl"].as_json()["passed"] == operations
    assert set(_failures(reports["python"])) == set(KNOWN_PYTHON_FAILURES.get(name, {})), _failures(reports["python"])


def test_the_checker_sees_a_rejected_example(prism_installed: None, sip_api: ir.Api) -> None:
    renderer = DocsRenderer(sip_api, Config(package="telnyx_sip"), environment())
    op = next(o for o in sip_api.operations if o.method == "POST" and o.path == "/external_connections")
    doc = renderer.operation_doc(op, "curl")
    without_body = replace(doc, example=replace(doc.example, code=doc.example.code.split(" \\\n  -d ")[0]))
    with PrismServer(SPECS / "telnyx-sip-integrations.yaml") as prism:
        assert run_curl(sip_api, doc, prism.url).outcome == "passed"
        result = run_curl(sip_api, without_body, prism.url)
    assert (result.outcome, result.status) == ("failed", 422)
    assert result.violations, result


# --------------------------------------------------------------------------- the full spec


@pytest.mark.slow
def test_full_spec_docs_groups_and_sip_file(full_spec: Path) -> None:
    _, api, _ = load_and_build(str(full_spec), Config())
    renderer = DocsRenderer(api, Config(), environment())
    files = {f.path: f.content for f in renderer.render()}
    sip = files["docs/telnyx-sip-integrations-curl.md"]
    seed = shared_spec(SEED).read_text(encoding="utf-8")
    wanted = {m.group(1) + " " + m.group(2) for line in seed.splitlines() if (m := METHOD_PATH.match(line))}
    assert {mp for _, mp, _ in operation_sections(sip)} == wanted
    covered = [mp for path, text in files.items() if path.endswith("-curl.md") for _, mp, _ in operation_sections(text)]
    assert len(covered) == len(set(covered)) == len(api.operations)


@pytest.mark.slow
def test_full_spec_examples_pass_prism(full_package: Generated, full_spec: Path, prism_installed: None) -> None:
    """`contract --docs` on the full spec: at least 99% of the curl and of the Python
    examples get 2xx, and every example of the seed's 48 SIP-integration operations does."""
    reports = run_docs_contract(str(full_spec), full_package.out)
    seed = shared_spec(SEED).read_text(encoding="utf-8")
    sip = {m.group(1) + " " + m.group(2) for line in seed.splitlines() if (m := METHOD_PATH.match(line))}
    for language, report in reports.items():
        data = report.as_json()
        assert data["operations"] == 1156
        assert data["passed"] / data["operations"] >= 0.99, (language, data["categories"])
        assert all(r.reason for r in report.failed + report.skipped), language
        assert not sip & set(_failures(report)), (language, sip & set(_failures(report)))
