"""generator.load: reading specs from files and URLs, errors with pointers and lines, the cache."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from openapi_pydantic.v3 import v3_0, v3_1

from generator import load
from generator.load import (
    LoadedSpec,
    SpecError,
    escape_pointer_segment,
    load_spec,
    resolve_pointer,
    user_cache_dir,
)

REAL_SPEC = Path(__file__).parents[1] / ".." / "shared" / "specs" / "telnyx" / "spec3.yml"

SPEC_31 = """\
openapi: 3.1.0
info:
  title: Faxes
  version: "1"
paths:
  /faxes:
    post:
      operationId: SendFax
      parameters:
        - name: page[number]
          in: query
          schema:
            type: integer
      responses:
        "200":
          description: ok
  /a~b/{id}:
    get:
      responses:
        "204":
          description: gone
components:
  schemas:
    Fax:
      type: object
      properties:
        id:
          type: string
"""

SPEC_30_JSON = {
    "openapi": "3.0.3",
    "info": {"title": "Faxes", "version": "1"},
    "paths": {
        "/faxes": {
            "get": {
                "parameters": [
                    {"name": "x", "in": "query", "schema": {"type": "string", "nullable": True}}
                ],
                "responses": {"200": {"description": "ok"}},
            }
        }
    },
}


@pytest.fixture(autouse=True)
def _private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Never touch the real user cache."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("TELNYX_CODEGEN_CACHE_DIR", str(cache))
    return cache


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def line_containing(text: str, needle: str) -> int:
    (line,) = [i for i, content in enumerate(text.splitlines(), 1) if needle in content]
    return line


def load_error(source: str | Path, **kwargs: Any) -> SpecError:
    with pytest.raises(SpecError) as info:
        load_spec(source, **kwargs)
    assert info.value.diagnostic.level == "error"
    assert "\n" not in info.value.diagnostic.message
    return info.value


# --------------------------------------------------------------------------------------
# Reading files
# --------------------------------------------------------------------------------------


def test_yaml_file_31(tmp_path: Path) -> None:
    path = write(tmp_path, "spec.yml", SPEC_31)
    spec = load_spec(path)
    assert isinstance(spec.document, v3_1.OpenAPI)
    assert spec.source == str(path)
    assert spec.name == "spec.yml"
    assert spec.openapi_version == "3.1.0"
    assert spec.warnings == ()
    assert list(spec.raw["paths"]) == ["/faxes", "/a~b/{id}"]
    assert spec.raw["paths"]["/faxes"]["post"]["responses"]["200"] == {"description": "ok"}
    assert len(spec.sha256) == 64
    assert spec.document.paths is not None and spec.document.paths["/faxes"].post is not None


def test_json_file_30(tmp_path: Path) -> None:
    path = write(tmp_path, "spec.json", json.dumps(SPEC_30_JSON, indent=2))
    spec = load_spec(str(path))
    assert isinstance(spec.document, v3_0.OpenAPI)
    assert spec.openapi_version == "3.0.3"
    assert spec.raw == SPEC_30_JSON


def test_json_content_in_yaml_named_file(tmp_path: Path) -> None:
    text = json.dumps(SPEC_30_JSON, indent=2)
    spec = load_spec(write(tmp_path, "spec.yaml", text))
    assert spec.raw == SPEC_30_JSON
    assert spec.line_of("#/paths/~1faxes/get/parameters/0/name") == line_containing(
        text, '"name": "x"'
    )


def test_missing_file(tmp_path: Path) -> None:
    error = load_error(tmp_path / "nope.yml")
    assert "file not found" in error.diagnostic.message
    assert error.diagnostic.file == "nope.yml"


@pytest.mark.parametrize(
    ("text", "kind"),
    [("- a\n- b\n", "a list"), ("", "empty"), ("just text\n", "a str")],
)
def test_top_level_must_be_a_mapping(tmp_path: Path, text: str, kind: str) -> None:
    error = load_error(write(tmp_path, "spec.yml", text))
    assert f"the top level is {kind}, not a mapping" in error.diagnostic.message


# --------------------------------------------------------------------------------------
# URLs
# --------------------------------------------------------------------------------------

URL = "https://example.com/specs/openapi.yml?ref=main"


@respx.mock
def test_url_200_yaml() -> None:
    respx.get(URL).mock(
        return_value=httpx.Response(200, text=SPEC_31, headers={"content-type": "text/plain"})
    )
    spec = load_spec(URL)
    assert spec.source == URL
    assert spec.name == "openapi.yml"
    assert isinstance(spec.document, v3_1.OpenAPI)
    assert spec.line_of("#/components/schemas/Fax") == line_containing(SPEC_31, "Fax:")


@respx.mock
def test_url_follows_redirects() -> None:
    respx.get("https://example.com/latest").mock(
        return_value=httpx.Response(302, headers={"location": "https://example.com/v9/spec.json"})
    )
    respx.get("https://example.com/v9/spec.json").mock(
        return_value=httpx.Response(200, json=SPEC_30_JSON)
    )
    assert load_spec("https://example.com/latest").raw == SPEC_30_JSON


@respx.mock
def test_url_404() -> None:
    respx.get(URL).mock(return_value=httpx.Response(404))
    message = load_error(URL).diagnostic.message
    assert message == f"could not fetch URL: {URL}: HTTP 404 Not Found"


@respx.mock
@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(
            200,
            text="<!doctype html><html>Sign in</html>",
            headers={"content-type": "text/html; charset=utf-8"},
        ),
        httpx.Response(
            200, text="\n<html><body>hi</body></html>", headers={"content-type": "text/plain"}
        ),
    ],
)
def test_url_html(response: httpx.Response) -> None:
    respx.get(URL).mock(return_value=response)
    assert "URL returned HTML, not an OpenAPI document" in load_error(URL).diagnostic.message


@respx.mock
@pytest.mark.parametrize(
    ("exc", "reason"),
    [
        (httpx.ConnectTimeout("timed out"), "timed out after 2 s"),
        (httpx.ConnectError("[Errno -2] Name or service not known"), "Name or service not known"),
    ],
)
def test_url_offline(exc: Exception, reason: str) -> None:
    respx.get(URL).mock(side_effect=exc)
    message = load_error(URL, timeout=2.0).diagnostic.message
    assert message.startswith(f"could not fetch URL: {URL}: ")
    assert reason in message
    assert message.endswith("(are you offline?)")


# --------------------------------------------------------------------------------------
# Versions
# --------------------------------------------------------------------------------------


def test_swagger_20(tmp_path: Path) -> None:
    error = load_error(
        write(tmp_path, "old.yml", 'swagger: "2.0"\ninfo: {title: x, version: "1"}\npaths: {}\n')
    )
    assert error.diagnostic.message == (
        "Swagger 2.0 is not supported; convert it to OpenAPI 3.x (e.g. with swagger2openapi)"
    )


def test_no_openapi_key(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, "x.yml", "name: my-app\nversion: 2\n"))
    assert error.diagnostic.message == "not an OpenAPI document (no 'openapi' field)"


def test_unknown_minor_version_warns_and_reads_as_31(tmp_path: Path) -> None:
    spec = load_spec(write(tmp_path, "s.yml", SPEC_31.replace("openapi: 3.1.0", "openapi: 3.2.0")))
    assert isinstance(spec.document, v3_1.OpenAPI)
    assert spec.openapi_version == "3.2.0"
    (warning,) = spec.warnings
    assert (warning.level, warning.pointer) == ("warning", "#/openapi")
    assert warning.message == "unknown OpenAPI version 3.2.0; reading it as 3.1"


def test_unknown_patch_version_is_fine(tmp_path: Path) -> None:
    spec = load_spec(write(tmp_path, "s.yml", SPEC_31.replace("openapi: 3.1.0", "openapi: 3.1.9")))
    assert isinstance(spec.document, v3_1.OpenAPI)
    assert (spec.openapi_version, spec.warnings) == ("3.1.9", ())


def test_unquoted_float_version_warns(tmp_path: Path) -> None:
    spec = load_spec(write(tmp_path, "s.yml", SPEC_31.replace("openapi: 3.1.0", "openapi: 3.1")))
    assert spec.openapi_version == "3.1"
    assert [w.message for w in spec.warnings] == [
        'OpenAPI version should be a string like "3.1.0", not 3.1'
    ]


@pytest.mark.parametrize(
    ("version", "message"),
    [
        ("4.0.0", "unsupported OpenAPI version 4.0.0 (this generator reads 3.0 and 3.1)"),
        ("2.0", "unsupported OpenAPI version 2.0 (this generator reads 3.0 and 3.1)"),
        ("latest", "invalid OpenAPI version 'latest'"),
        ("[3, 1]", "invalid OpenAPI version [3, 1]"),
    ],
)
def test_bad_versions(tmp_path: Path, version: str, message: str) -> None:
    error = load_error(
        write(tmp_path, "s.yml", SPEC_31.replace("openapi: 3.1.0", f"openapi: {version}"))
    )
    assert (error.diagnostic.pointer, error.diagnostic.message) == ("#/openapi", message)


# --------------------------------------------------------------------------------------
# Malformed input
# --------------------------------------------------------------------------------------


def test_malformed_yaml_has_line_and_column(tmp_path: Path) -> None:
    text = "openapi: 3.1.0\ninfo:\n  title: x\n  version: [1, 2\npaths: {}\n"
    error = load_error(write(tmp_path, "bad.yml", text))
    assert error.diagnostic.message.startswith("invalid YAML: ")
    assert "at line 5, column 6" in error.diagnostic.message
    assert error.diagnostic.line == 5
    assert str(error).startswith("error: bad.yml# (line 5): invalid YAML")


def test_malformed_yaml_indentation(tmp_path: Path) -> None:
    text = "openapi: 3.1.0\ninfo:\n  title: x\n   version: 1\n"
    error = load_error(write(tmp_path, "bad.yml", text))
    assert "mapping values are not allowed" in error.diagnostic.message
    assert error.diagnostic.message.endswith(" at line 4, column 11")


def test_malformed_json_has_line_and_column(tmp_path: Path) -> None:
    text = '{\n  "openapi": "3.1.0",\n  "info": {"title": "x",}\n}\n'
    error = load_error(write(tmp_path, "bad.json", text))
    assert error.diagnostic.message == (
        "invalid JSON: Expecting property name enclosed in double quotes at line 3, column 25"
    )
    assert error.diagnostic.line == 3


def test_json_nan_is_rejected(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, "bad.json", '{"openapi": "3.1.0", "x": NaN}'))
    assert error.diagnostic.message == "invalid JSON: NaN is not valid JSON"


def test_non_utf8(tmp_path: Path) -> None:
    data = b"openapi: 3.1.0\ninfo:\n  title: Caf\xe9\n"
    error = load_error(write(tmp_path, "latin1.yml", data))
    assert error.diagnostic.message == "not UTF-8: invalid byte 0xe9 at byte offset 33 (line 3)"
    assert error.diagnostic.line == 3


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    spec = load_spec(write(tmp_path, "bom.yml", "\ufeff" + SPEC_31))
    assert spec.raw["info"]["title"] == "Faxes"


def test_yaml_dates_and_non_string_keys_become_strings_with_warnings(tmp_path: Path) -> None:
    text = (
        SPEC_31.replace('"200":', "200:")
        .replace('"204":', "204:")
        .replace("  title: Faxes\n", "  title: Faxes\n  x-released: 2024-01-31\n")
    )
    spec = load_spec(write(tmp_path, "s.yml", text))
    assert spec.raw["info"]["x-released"] == "2024-01-31"
    assert list(spec.raw["paths"]["/faxes"]["post"]["responses"]) == ["200"]
    assert all(type(k) is str for k in spec.raw["paths"]["/a~b/{id}"]["get"]["responses"])
    json.dumps(spec.raw, allow_nan=False)  # plain JSON
    by_pointer = {w.pointer: w for w in spec.warnings}
    assert set(by_pointer) == {"#/info/x-released", "#/paths/~1faxes/post/responses/200"}
    assert by_pointer["#/info/x-released"].line == line_containing(text, "x-released")
    key_warning = by_pointer["#/paths/~1faxes/post/responses/200"]
    assert (
        key_warning.message
        == "YAML key '200' (int) is not a string; read as the string '200' (1 more like it)"
    )
    # a cached load gives the same warnings
    assert load_spec(tmp_path / "s.yml").warnings == spec.warnings


def test_unsupported_yaml_tag(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, "s.yml", SPEC_31 + "x-thing: !!python/name:os.system\n"))
    assert error.diagnostic.message.startswith("invalid YAML: could not determine a constructor")
    assert error.diagnostic.line == SPEC_31.count("\n") + 1


# --------------------------------------------------------------------------------------
# Validation errors
# --------------------------------------------------------------------------------------


def test_validation_error_has_pointer_and_line(tmp_path: Path) -> None:
    text = SPEC_31.replace("in: query", "in: body")
    error = load_error(write(tmp_path, "s.yml", text))
    d = error.diagnostic
    assert d.pointer == "#/paths/~1faxes/post/parameters/0/in"
    assert d.line == line_containing(text, "in: body")
    assert d.message == (
        "invalid OpenAPI 3.1 document: Input should be 'query', 'header', 'path' or 'cookie' (got 'body')"
    )
    assert (
        str(error)
        == f"error: s.yml#/paths/~1faxes/post/parameters/0/in (line {d.line}): {d.message}"
    )


def test_validation_error_missing_field(tmp_path: Path) -> None:
    text = SPEC_31.replace('  version: "1"\n', "")
    d = load_error(write(tmp_path, "s.yml", text)).diagnostic
    assert (d.pointer, d.line) == ("#/info", line_containing(text, "info:"))
    assert d.message == "invalid OpenAPI 3.1 document: 'version': Field required"


def test_validation_error_skips_reference_branch(tmp_path: Path) -> None:
    text = SPEC_31.replace("type: integer", "type: intger")
    d = load_error(write(tmp_path, "s.yml", text)).diagnostic
    assert d.pointer == "#/paths/~1faxes/post/parameters/0/schema/type"
    assert d.line == line_containing(text, "type: intger")
    assert "Input should be 'null', 'string'" in d.message
    assert "(got 'intger')" in d.message


def test_validation_error_30_in_json(tmp_path: Path) -> None:
    doc = json.loads(json.dumps(SPEC_30_JSON))
    doc["paths"]["/faxes"]["get"]["responses"]["200"] = {"content": {}}
    text = json.dumps(doc, indent=2)
    d = load_error(write(tmp_path, "s.json", text)).diagnostic
    assert d.pointer == "#/paths/~1faxes/get/responses/200"
    assert d.message == "invalid OpenAPI 3.0 document: 'description': Field required"
    assert d.line == line_containing(text, '"200"')


# --------------------------------------------------------------------------------------
# Pointers and lines
# --------------------------------------------------------------------------------------


def test_line_of_yaml(tmp_path: Path) -> None:
    spec = load_spec(write(tmp_path, "s.yml", "# leading comment\n" + SPEC_31))
    text = "# leading comment\n" + SPEC_31
    assert spec.line_of("") == 2
    assert spec.line_of("#") == 2
    assert spec.line_of("#/paths/~1faxes/post") == line_containing(text, "post:")
    assert spec.line_of("/paths/~1faxes/post") == line_containing(text, "post:")
    assert spec.line_of("#/paths/~1faxes/post/parameters/0") == line_containing(
        text, "page[number]"
    )
    assert spec.line_of("#/paths/~1faxes/post/parameters/0/in") == line_containing(
        text, "in: query"
    )
    assert spec.line_of("#/paths/~1a~0b~1{id}/get") == line_containing(text, "get:")
    assert spec.line_of("#/paths/~1a~0b~1%7Bid%7D/get") == line_containing(text, "get:")
    assert spec.line_of("#/components/schemas/Fax/properties/id") == line_containing(text, "id:")
    assert spec.line_of("#/paths/~1nope") is None
    assert spec.line_of("#/paths/~1faxes/post/parameters/7") is None
    assert spec.line_of("#/openapi/deeper") is None
    assert spec.line_of("not a pointer") is None


def test_line_of_yaml_anchors_and_merge_keys(tmp_path: Path) -> None:
    text = (
        "openapi: 3.1.0\n"
        "info: {title: x, version: '1'}\n"
        "x-base: &base\n"
        "  description: shared\n"
        "  type: string\n"
        "x-more: &more {title: T, type: integer}\n"
        "components:\n"
        "  schemas:\n"
        "    A:\n"
        "      <<: *base\n"
        "      type: object\n"
        "    B:\n"
        "      <<: [*more, *base]\n"
        "    C: *more\n"
        "    D:\n"
        "      '<<': not a merge\n"
    )
    spec = load_spec(write(tmp_path, "s.yml", text))
    schemas = spec.raw["components"]["schemas"]
    assert schemas["A"] == {"description": "shared", "type": "object"}
    assert schemas["B"] == {"title": "T", "type": "integer", "description": "shared"}
    assert schemas["D"] == {"<<": "not a merge"}
    assert spec.line_of("#/components/schemas/A/type") == 11  # explicit key wins
    assert spec.line_of("#/components/schemas/A/description") == 4  # the anchor's line
    assert spec.line_of("#/components/schemas/B/type") == 6  # earlier merge wins
    assert spec.line_of("#/components/schemas/B/description") == 4
    assert spec.line_of("#/components/schemas/C/title") == 6
    assert spec.line_of("#/components/schemas/C") == 14
    assert spec.line_of("#/components/schemas/D/<<") == 16


def test_line_of_json(tmp_path: Path) -> None:
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "x", "version": "1"},
        "paths": {
            "/a/b": {"get": {"responses": {"200": {"description": "ok \u00e9 \ud83d\ude00"}}}},
            "/a~b": {},
        },
    }
    text = json.dumps(doc, indent=2)
    spec = load_spec(write(tmp_path, "s.json", text))
    assert spec.line_of("") == 1
    assert spec.line_of("#/paths/~1a~1b/get/responses/200/description") == line_containing(
        text, '"description"'
    )
    assert spec.line_of("#/paths/~1a~0b") == line_containing(text, '"/a~b"')
    assert spec.line_of("/info/version") == line_containing(text, '"version"')
    assert spec.line_of("/info/nope") is None
    assert spec.line_of("/openapi/0") is None


def test_line_of_compact_json_with_arrays(tmp_path: Path) -> None:
    text = '{"openapi":"3.1.0",\n"info":{"title":"x","version":"1"},\n"tags":[\n{"name":"a"},\n {"name":"b"}]}'
    spec = load_spec(write(tmp_path, "s.json", text))
    assert [spec.line_of(f"/tags/{i}") for i in range(2)] == [4, 5]
    assert spec.line_of("/tags/01") is None
    assert spec.line_of("/tags/-") is None


def test_line_of_without_source_is_none() -> None:
    spec = LoadedSpec(
        source="x", name="x", raw={}, document=v3_1.OpenAPI.model_validate({"info": {"title": "x", "version": "1"}}),
        openapi_version="3.1.0", sha256="", warnings=(),
    )  # fmt: skip
    assert spec.line_of("#/info") is None


def test_resolve_pointer() -> None:
    doc = {"paths": {"/a/b": {"get": 1}, "m~n": [10, 20], "%41": "pct", "": {"": "empty"}}}
    assert resolve_pointer(doc, "") is doc
    assert resolve_pointer(doc, "#") is doc
    assert resolve_pointer(doc, "/paths/~1a~1b/get") == 1
    assert resolve_pointer(doc, "#/paths/~1a~1b/get") == 1
    assert resolve_pointer(doc, "/paths/m~0n/1") == 20
    assert resolve_pointer(doc, "#/paths/m%7E0n/0") == 10  # percent-decoded in the '#' form
    assert resolve_pointer(doc, "/paths/%41") == "pct"  # but not in the plain form
    assert resolve_pointer(doc, "/paths//") == "empty"
    for bad, segment in [
        ("/paths/nope", "'nope'"),
        ("/paths/m~0n/2", "'2'"),
        ("/paths/m~0n/01", "'01'"),
        ("/paths/m~0n/-", "'-'"),
        ("/paths/~1a~1b/get/x", "'x'"),
        ("/paths/~2", "'~2'"),
        ("paths", "'paths'"),
    ]:
        with pytest.raises(LookupError, match=segment) as info:
            resolve_pointer(doc, bad)
        assert type(info.value) is LookupError  # not KeyError/IndexError


def test_escape_pointer_segment() -> None:
    assert escape_pointer_segment("/a~b/{id}") == "~1a~0b~1{id}"
    assert escape_pointer_segment("~1") == "~01"
    assert resolve_pointer({"~1": 5}, "/" + escape_pointer_segment("~1")) == 5


# --------------------------------------------------------------------------------------
# Cache
# --------------------------------------------------------------------------------------


def cache_files(cache: Path) -> list[Path]:
    return sorted((cache / "specs").glob("*")) if (cache / "specs").exists() else []


def test_cache_hit_does_not_parse_yaml(
    tmp_path: Path, _private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "s.yml", SPEC_31)
    first = load_spec(path)
    (entry,) = cache_files(_private_cache)
    assert entry.name == f"{first.sha256}.json"

    def no_parsing(*args: object) -> None:
        raise AssertionError("parsed YAML on a cache hit")

    monkeypatch.setattr(load, "_parse", no_parsing)
    monkeypatch.setattr(load, "_parse_yaml", no_parsing)
    monkeypatch.setattr(load._SpecLoader, "get_single_data", no_parsing)
    second = load_spec(path)
    assert second.raw == first.raw
    assert second.document == first.document
    # lines still work: they come from the source text, not the cache
    monkeypatch.undo()
    assert second.line_of("#/paths/~1faxes/post") == line_containing(SPEC_31, "post:")


def test_cache_dir_argument(tmp_path: Path, _private_cache: Path) -> None:
    spec = load_spec(write(tmp_path, "s.yml", SPEC_31), cache_dir=tmp_path / "mine")
    assert (tmp_path / "mine" / "specs" / f"{spec.sha256}.json").is_file()
    assert cache_files(_private_cache) == []


def test_no_cache(tmp_path: Path, _private_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "s.yml", SPEC_31)
    load_spec(path)
    (entry,) = cache_files(_private_cache)
    entry.write_text('{"format": 1, "parser": "yaml", "warnings": [], "raw": {"openapi": "9"}}')
    spec = load_spec(path, use_cache=False)  # not read...
    assert spec.raw["openapi"] == "3.1.0"
    entry.unlink()
    load_spec(path, use_cache=False)  # ...and not written
    assert cache_files(_private_cache) == []


@pytest.mark.parametrize(
    "garbage",
    [
        b"{not json",
        b"",
        b"\xff\xfe",
        b"[]",
        b'{"format": 1}',
        b'{"format": 1, "parser": "yaml", "warnings": [], "raw": []}',
    ],
)
def test_corrupt_cache_entry_is_reparsed(
    tmp_path: Path, _private_cache: Path, garbage: bytes
) -> None:
    path = write(tmp_path, "s.yml", SPEC_31)
    first = load_spec(path)
    (entry,) = cache_files(_private_cache)
    entry.write_bytes(garbage)
    second = load_spec(path)
    assert second.raw == first.raw
    assert json.loads(entry.read_bytes())["raw"] == first.raw  # rewritten
    assert [p.name for p in cache_files(_private_cache)] == [entry.name]  # no temp files left


def test_unwritable_cache_is_a_warning(tmp_path: Path) -> None:
    blocker = write(tmp_path, "file", "not a directory")
    spec = load_spec(write(tmp_path, "s.yml", SPEC_31), cache_dir=blocker)
    (warning,) = spec.warnings
    assert warning.level == "warning"
    assert warning.message.startswith("could not cache the parsed spec")


def test_xdg_cache_home_honoured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TELNYX_CODEGEN_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert user_cache_dir() == tmp_path / "xdg" / "telnyx-codegen"
    spec = load_spec(write(tmp_path, "s.yml", SPEC_31))
    assert (tmp_path / "xdg" / "telnyx-codegen" / "specs" / f"{spec.sha256}.json").is_file()

    monkeypatch.setenv("TELNYX_CODEGEN_CACHE_DIR", str(tmp_path / "override"))
    assert user_cache_dir() == tmp_path / "override"

    monkeypatch.delenv("TELNYX_CODEGEN_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # ignored, as the XDG spec says
    assert user_cache_dir() != Path("relative/path") / "telnyx-codegen"
    assert user_cache_dir().is_absolute()


# --------------------------------------------------------------------------------------
# The real spec
# --------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(not REAL_SPEC.is_file(), reason=f"the Telnyx spec is not at {REAL_SPEC}")
def test_real_spec(tmp_path: Path) -> None:
    cache = tmp_path / "real-cache"
    spec = load_spec(REAL_SPEC, cache_dir=cache)
    assert isinstance(spec.document, v3_1.OpenAPI)
    assert spec.openapi_version == "3.1.0"
    assert len(spec.raw["paths"]) == 782
    assert spec.warnings == ()
    assert spec.name == "spec3.yml"

    again = load_spec(os.fspath(REAL_SPEC), cache_dir=cache)  # speed is measured in bench/, not here
    assert again.raw == spec.raw

    text = REAL_SPEC.read_text(encoding="utf-8")
    lines = text.splitlines()
    for path in spec.raw["paths"]:  # every path's line is its key's
        line = again.line_of("#/paths/" + escape_pointer_segment(path))
        assert line is not None
        assert lines[line - 1].lstrip(" '\"").startswith(path), path
