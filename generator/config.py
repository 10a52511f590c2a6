"""Generator configuration: package name, doc groups and naming overrides.

A config file is TOML::

    package = "telnyx_client"

    [docs.groups]
    sip-integrations = ["External Connections", "Call Recordings"]

    [names.operations]            # operationId -> "resource.path.method"
    DeleteRecordings = "recordings.delete_many"

    [names.schemas]               # component key -> class name
    messaging_PaginationMeta = "MessagingPaginationMeta"
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_PACKAGE = "telnyx_client"


class ConfigError(Exception):
    pass


@dataclass(frozen=True, slots=True)
class Config:
    package: str = DEFAULT_PACKAGE
    distribution: str = ""
    """pip distribution name of the generated package; derived from ``package`` when empty."""
    doc_groups: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(product, tags) pairs; tags in no group get a group of their own."""
    operation_names: tuple[tuple[str, str], ...] = ()
    schema_names: tuple[tuple[str, str], ...] = ()
    extra: dict[str, object] = field(default_factory=dict, compare=False, hash=False)

    @property
    def dist_name(self) -> str:
        return self.distribution or self.package.replace("_", "-")


def _str_table(data: object, where: str) -> dict[str, object]:
    if not isinstance(data, dict) or not all(isinstance(k, str) for k in data):
        raise ConfigError(f"{where} must be a table")
    return data


def load_config(path: Path | None, *, package: str | None = None) -> Config:
    """Read a config file (or the defaults), with ``package`` overriding the file's."""
    data: dict[str, object] = {}
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read config: {exc.strerror}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    where = str(path) if path else "config"
    pkg = package or data.get("package") or DEFAULT_PACKAGE
    if not isinstance(pkg, str) or not pkg.isidentifier():
        raise ConfigError(f"{where}: package must be a Python identifier, got {pkg!r}")
    dist = data.get("distribution", "")
    if not isinstance(dist, str):
        raise ConfigError(f"{where}: distribution must be a string")
    docs = _str_table(data.get("docs", {}), f"{where}: [docs]")
    groups: list[tuple[str, tuple[str, ...]]] = []
    for product, tags in _str_table(docs.get("groups", {}), f"{where}: [docs.groups]").items():
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise ConfigError(f"{where}: docs.groups.{product} must be a list of tag names")
        groups.append((product, tuple(tags)))
    names = _str_table(data.get("names", {}), f"{where}: [names]")
    overrides: dict[str, tuple[tuple[str, str], ...]] = {}
    for key in ("operations", "schemas"):
        table = _str_table(names.get(key, {}), f"{where}: [names.{key}]")
        pairs: list[tuple[str, str]] = []
        for k, v in table.items():
            if not isinstance(v, str):
                raise ConfigError(f"{where}: names.{key}.{k} must be a string")
            pairs.append((k, v))
        overrides[key] = tuple(pairs)
    return Config(
        package=pkg,
        distribution=dist,
        doc_groups=tuple(groups),
        operation_names=overrides["operations"],
        schema_names=overrides["schemas"],
    )
