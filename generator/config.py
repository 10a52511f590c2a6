"""Generator configuration: package name, doc groups and naming overrides.

A config file is TOML::

    package = "telnyx_client"

    [docs.groups]                 # product -> tags (added to, or replacing, docgroups.toml's)
    sip-integrations = ["External Connections", "Call Recordings"]

    [docs.webhooks]               # product -> event name patterns (fnmatch)
    call-commands = ["call.*"]

    [names.operations]            # operationId -> "resource.path.method"
    DeleteRecordings = "recordings.delete_many"

    [names.schemas]               # component key -> class name
    messaging_PaginationMeta = "MessagingPaginationMeta"
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources as importlib_resources
from pathlib import Path

DEFAULT_PACKAGE = "telnyx_client"
DOC_GROUPS_FILE = "docgroups.toml"

DocGroups = tuple[tuple[str, tuple[str, ...]], ...]


class ConfigError(Exception):
    pass


def _default_groups() -> DocGroups:
    return default_doc_groups()[0]


def _default_webhooks() -> DocGroups:
    return default_doc_groups()[1]


@dataclass(frozen=True, slots=True)
class Config:
    package: str = DEFAULT_PACKAGE
    distribution: str = ""
    """pip distribution name of the generated package; derived from ``package`` when empty."""
    doc_groups: DocGroups = field(default_factory=_default_groups)
    """(product, tags) pairs; tags in no group get a group of their own. Default: docgroups.toml."""
    doc_webhooks: DocGroups = field(default_factory=_default_webhooks)
    """(product, event name patterns) pairs: the webhook events documented with a product."""
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


def _docs_tables(data: dict[str, object], where: str) -> tuple[DocGroups, DocGroups]:
    """``[docs.groups]`` and ``[docs.webhooks]``: tables of product -> list of strings."""
    docs = _str_table(data.get("docs", {}), f"{where}: [docs]")
    out: list[DocGroups] = []
    for key in ("groups", "webhooks"):
        pairs: list[tuple[str, tuple[str, ...]]] = []
        for product, items in _str_table(docs.get(key, {}), f"{where}: [docs.{key}]").items():
            if not isinstance(items, list) or not all(isinstance(t, str) for t in items):
                raise ConfigError(f"{where}: docs.{key}.{product} must be a list of strings")
            pairs.append((product, tuple(items)))
        out.append(tuple(pairs))
    return out[0], out[1]


def _merge(defaults: DocGroups, overrides: DocGroups) -> DocGroups:
    """``overrides`` replace products of the same name and take their entries from the others."""
    taken = {item for _, items in overrides for item in items}
    names = {product for product, _ in overrides}
    kept = tuple((p, tuple(i for i in items if i not in taken)) for p, items in defaults if p not in names)
    return tuple((p, items) for p, items in kept if items) + overrides


def doc_groups_file() -> Path | None:
    """docgroups.toml at the repository root, or the copy inside an installed wheel."""
    packaged = Path(str(importlib_resources.files("generator"))) / DOC_GROUPS_FILE
    if packaged.is_file():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / DOC_GROUPS_FILE
    return checkout if checkout.is_file() else None


@cache
def default_doc_groups() -> tuple[DocGroups, DocGroups]:
    """The doc groups and webhook patterns shipped in docgroups.toml (none when it is absent)."""
    path = doc_groups_file()
    if path is None:
        return (), ()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    return _docs_tables(data, str(path))


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
    groups, webhooks = _docs_tables(data, where)
    default_groups, default_webhooks = default_doc_groups()
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
        doc_groups=_merge(default_groups, groups),
        doc_webhooks=_merge(default_webhooks, webhooks),
        operation_names=overrides["operations"],
        schema_names=overrides["schemas"],
    )
