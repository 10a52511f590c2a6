"""The drift check: ``telnyx-codegen check --spec SPEC --out DIR`` exits 0 when DIR is what a
fresh generation would leave there, 1 listing the files otherwise, and never writes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.check import compare_tree, fresh_files, package_of
from generator.cli import main
from generator.config import Config
from generator.emit import MARKER

from .conftest import EMBEDDED, GENERATED, SPECS, Generated, generate_into

SIP_SPEC = SPECS / "telnyx-sip-integrations.yaml"


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def sip_out(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    return generate_into(SIP_SPEC, tmp_path_factory.mktemp("check") / "sip", "telnyx_sip")


@pytest.fixture
def sip_copy(sip_out: Generated, tmp_path: Path) -> Path:
    out = tmp_path / "sip"
    shutil.copytree(sip_out.out, out)
    return out


def check(out: Path, *extra: str, spec: Path = SIP_SPEC) -> int:
    return main(["check", "--spec", str(spec), "--out", str(out), *extra])


@pytest.mark.parametrize("name", sorted(EMBEDDED))
def test_committed_generated_dirs_pass_the_check(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    """generated/ is checked as CI checks it: the package name comes from its manifest."""
    assert check(GENERATED / name, spec=SPECS / f"{name}.yaml") == 0, capsys.readouterr().out
    assert "is up to date" in capsys.readouterr().err


def test_a_fresh_generation_passes_and_nothing_is_written(sip_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(sip_copy)
    assert check(sip_copy, "-q") == 0
    assert capsys.readouterr() == ("", "")
    assert snapshot(sip_copy) == before


def test_a_modified_file_is_reported_with_exit_1(sip_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = sip_copy / "src/telnyx_sip/_client.py"
    target.write_text(target.read_text() + "# a hand edit\n")
    before = snapshot(sip_copy)
    assert check(sip_copy) == 1
    out, err = capsys.readouterr()
    assert out == "changed  src/telnyx_sip/_client.py\n"
    assert "1 changed, 0 missing, 0 extra" in err and "telnyx-codegen generate" in err
    assert snapshot(sip_copy) == before
    assert check(sip_copy, "--diff") == 1
    assert "+# a hand edit" not in (diff := capsys.readouterr().out) and "-# a hand edit" in diff


def test_missing_and_extra_files(sip_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (sip_copy / "README.md").unlink()
    stale = "src/telnyx_sip/resources/gone.py"
    (sip_copy / stale).write_text("# generated once\n")
    marker = json.loads((sip_copy / MARKER).read_text())
    marker["files"] = sorted([*marker["files"], stale])
    (sip_copy / MARKER).write_text(json.dumps(marker))
    assert check(sip_copy) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"changed  {MARKER}",
        "missing  README.md",
        f"extra    {stale}",
    ]


def test_files_that_are_not_ours_and_pycache_are_ignored(sip_copy: Path) -> None:
    (sip_copy / "NOTES.md").write_text("mine\n")
    (sip_copy / "src/telnyx_sip/__pycache__").mkdir(exist_ok=True)
    (sip_copy / "src/telnyx_sip/__pycache__/x.cpython-311.pyc").write_bytes(b"\0")
    assert check(sip_copy, "-q") == 0


def test_package_comes_from_the_manifest_or_the_option(sip_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert package_of(sip_copy) == "telnyx_sip"
    assert check(sip_copy, "--package", "other_name") == 1
    lines = capsys.readouterr().out.splitlines()
    assert "missing  src/other_name/_client.py" in lines and f"changed  {MARKER}" in lines
    (sip_copy / "manifest.json").unlink()
    assert package_of(sip_copy) is None


def test_a_generated_dir_without_marker_is_drift(sip_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (sip_copy / MARKER).unlink()
    assert check(sip_copy) == 1
    assert capsys.readouterr().out == f"missing  {MARKER}\n"


def test_bad_input_exits_2(tmp_path: Path, sip_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check(tmp_path / "nowhere") == 2
    assert "is not a directory" in capsys.readouterr().err
    assert check(sip_copy, spec=tmp_path / "missing.yaml") == 2
    assert "missing.yaml" in capsys.readouterr().err


def test_compare_tree_matches_what_generate_writes(sip_out: Generated) -> None:
    fresh = fresh_files(str(SIP_SPEC), Config(package="telnyx_sip"))
    written = {p.relative_to(sip_out.out).as_posix() for p in sip_out.out.rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert set(fresh) | {MARKER} == written
    drift = compare_tree(fresh, sip_out.out)
    assert drift.clean and drift.compared == len(written)
