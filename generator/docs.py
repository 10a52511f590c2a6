"""IR → markdown reference docs: one file per product group and language, plus an index.

Groups come from the config (``docgroups.toml``: product → tags, product → webhook event
patterns); every other tag is a group of its own. Each operation gets a section with its
summary, the first sentences of its description, the ``METHOD /path`` line with required and
optional fields, a curl and a Python example and the fields it returns. Example values come
from :mod:`generator.examples`; the commands are computed here and the templates
(``templates/docs/``) only place them.
"""

from __future__ import annotations

import fnmatch
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from urllib.parse import quote

import jinja2

from . import ir
from .config import Config
from .emit import OutputFile
from .examples import FILE_NAME, OperationExample, operation_example
from .naming import humanize, title_case

LANGUAGES = ("curl", "python")
GENERATOR = "telnyx-codegen"
API_KEY_ENV = "TELNYX_API_KEY"
OTHER_GROUP = "other"
WEBHOOK_GROUP = "webhooks"
MAX_ENUM_VALUES = 8
MAX_INTRO_CHARS = 400
STATUS_ORDER = ("200", "201", "202", "203", "206", "207", "2XX", "204")
STRING_FORMATS = frozenset({"uuid", "uri", "url", "date-time", "date", "time", "email", "hostname", "ipv4", "ipv6", "byte", "binary", "e164"})
"""String formats a reader needs to know; the others (int64, decimal, ...) show as ``string``."""
STATUSES = (
    ("400", "bad request: malformed JSON or parameters", "fix the request; do not retry it unchanged"),
    ("401", "missing or invalid API key", "check `TELNYX_API_KEY`"),
    ("403", "the key may not do this", "check the account's permissions and the resource's owner"),
    ("404", "no such resource", "check the IDs in the path"),
    ("409", "conflicts with the resource's state", "re-read the resource, then retry"),
    ("422", "validation error", "`errors[].source.pointer` names the field; fix it"),
    ("429", "rate limited", "retry after `Retry-After` seconds, or back off exponentially"),
    ("5xx", "Telnyx-side error", "retry with exponential backoff"),
)
EXCEPTIONS = {
    "400": "BadRequestError",
    "401": "AuthenticationError",
    "403": "PermissionDeniedError",
    "404": "NotFoundError",
    "409": "ConflictError",
    "422": "UnprocessableEntityError",
    "429": "RateLimitError",
    "5xx": "InternalServerError",
}
EXTENSIONS = {
    "application/pdf": "pdf",
    "application/zip": "zip",
    "application/json": "json",
    "audio/mpeg": "mp3",
    "audio/wav": "wav",
    "audio/x-wav": "wav",
    "image/png": "png",
    "image/jpeg": "jpg",
    "text/csv": "csv",
    "text/plain": "txt",
    "text/html": "html",
}


# ---------------------------------------------------------------------------------------
# Views handed to the templates
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldDoc:
    name: str
    type: str

    @property
    def text(self) -> str:
        return f"`{self.name}` ({self.type})"


@dataclass(frozen=True, slots=True)
class Example:
    """One runnable example: the text shown in the docs and what a checker needs to run it."""

    code: str
    files: tuple[str, ...] = ()
    """Local files the example reads (uploads); a checker creates them first."""
    base_url: str = ""
    """The server URL the request goes to; the path after it is the operation's ``request_path``."""


@dataclass(frozen=True, slots=True)
class OperationDoc:
    operation: ir.Operation
    title: str
    intro: str
    method_path: str
    required: tuple[FieldDoc, ...]
    optional: tuple[FieldDoc, ...]
    example: Example
    returns: str


@dataclass(frozen=True, slots=True)
class WebhookDoc:
    event: str
    title: str
    intro: str
    fields: tuple[FieldDoc, ...]


@dataclass(frozen=True, slots=True)
class Group:
    product: str
    title: str
    tags: tuple[str, ...]
    operations: tuple[ir.Operation, ...]
    webhooks: tuple[ir.Webhook, ...] = ()

    def file_name(self, language: str) -> str:
        return f"telnyx-{self.product}-{language}.md"


@dataclass
class GroupDoc:
    group: Group
    language: str
    name: str
    description: str
    summary: str
    operations: list[OperationDoc]
    webhooks: list[WebhookDoc]
    setup: str
    base_url: str
    sample_url: str
    """A GET of the group, for the error-handling example."""
    sample_call: str
    list_example: OperationDoc | None = None
    page_url: str = ""
    page_call: str = ""
    pagination_notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------
# Groups
# ---------------------------------------------------------------------------------------


def product_slug(tag: str) -> str:
    """``Media Storage API`` -> ``media-storage-api``."""
    return re.sub(r"[^a-z0-9]+", "-", tag.lower()).strip("-") or OTHER_GROUP


def doc_groups(api: ir.Api, config: Config) -> list[Group]:
    """The product groups of ``api``, ordered by product name; empty groups are left out."""
    by_tag: dict[str, str] = {}
    titles: dict[str, str] = {}
    for product, tags in config.doc_groups:
        for tag in tags:
            by_tag.setdefault(tag, product)
    members: dict[str, list[ir.Operation]] = {}
    group_tags: dict[str, list[str]] = {}
    for op in api.operations:
        tag = op.tags[0] if op.tags else ""
        product = by_tag.get(tag) or (product_slug(tag) if tag else OTHER_GROUP)
        members.setdefault(product, []).append(op)
        if tag and tag not in group_tags.setdefault(product, []):
            group_tags[product].append(tag)
        if tag and product not in titles and tag not in by_tag:
            titles[product] = tag
    hooks: dict[str, list[ir.Webhook]] = {}
    for hook in api.webhooks:
        product = _webhook_product(hook, config.doc_webhooks)
        hooks.setdefault(product if product in members else WEBHOOK_GROUP, []).append(hook)
    products = sorted(set(members) | set(hooks))
    return [
        Group(
            product=p,
            title=title_case(titles.get(p) or " ".join(w[:1].upper() + w[1:] for w in p.split("-"))),
            tags=tuple(group_tags.get(p, ())),
            operations=tuple(members.get(p, ())),
            webhooks=tuple(hooks.get(p, ())),
        )
        for p in products
    ]


def _webhook_product(hook: ir.Webhook, patterns: Sequence[tuple[str, tuple[str, ...]]]) -> str:
    names = [n for n in (hook.event_name, hook.name) if n]
    for product, globs in patterns:
        if any(fnmatch.fnmatchcase(n, g) for n in names for g in globs):
            return product
    return WEBHOOK_GROUP


# ---------------------------------------------------------------------------------------
# Type labels and fields
# ---------------------------------------------------------------------------------------


class Types:
    def __init__(self, api: ir.Api) -> None:
        self.named = {t.name: t for t in api.types}
        self._labels: dict[tuple[ir.TypeRef, str | None], str] = {}

    def model(self, t: ir.TypeRef | None) -> ir.Model | None:
        while isinstance(t, ir.Nullable):
            t = t.inner
        named = self.named.get(t.name) if isinstance(t, ir.ModelRef) else None
        if isinstance(named, ir.Alias):
            return self.model(named.type)
        return named

    def label(self, t: ir.TypeRef, fmt: str | None = None, *, depth: int = 0) -> str:
        """``uuid``, ``enum: a, b``, ``array[string]``, ``integer | null``, ``object``."""
        key = (t, fmt)
        cached = self._labels.get(key) if depth == 0 else None
        if cached is None:
            cached = self._label(t, fmt, depth)
            if depth == 0:
                self._labels[key] = cached
        return cached

    def _label(self, t: ir.TypeRef, fmt: str | None, depth: int) -> str:
        if isinstance(t, ir.Primitive):
            if t.kind == "string":
                shown = fmt or t.format or ""
                return shown if shown.lower() in STRING_FORMATS else "string"
            return t.kind
        if isinstance(t, ir.Binary):
            return "file"
        if isinstance(t, ir.EnumType):
            values = [_scalar(v) for v in t.values]
            more = f", ... ({len(values)} values)" if len(values) > MAX_ENUM_VALUES else ""
            return "enum: " + ", ".join(values[:MAX_ENUM_VALUES]) + more
        if isinstance(t, ir.Const):
            return f"enum: {_scalar(t.value)}"
        if isinstance(t, ir.ArrayType):
            return f"array[{self._item_label(t.items, depth)}]"
        if isinstance(t, ir.MapType):
            return "object"
        if isinstance(t, ir.ModelRef):
            named = self.named.get(t.name)
            if isinstance(named, ir.Alias) and depth < 8:
                return self.label(named.type, fmt, depth=depth + 1)
            return "object"
        if isinstance(t, ir.Nullable):
            inner = self.label(t.inner, fmt, depth=depth + 1)
            return inner if inner.endswith("| null") else f"{inner} | null"
        if isinstance(t, ir.UnionType):
            parts: list[str] = []
            for v in t.variants:
                for piece in self.label(v, fmt, depth=depth + 1).split(" | "):
                    if piece not in parts:
                        parts.append(piece)
            if "null" in parts:
                parts.remove("null")
                parts.append("null")
            return " | ".join(parts)
        return "any"

    def _item_label(self, t: ir.TypeRef, depth: int) -> str:
        named = self.named.get(t.name) if isinstance(t, ir.ModelRef) else None
        if isinstance(named, ir.Alias) and depth < 8:
            return self._item_label(named.type, depth + 1)
        if isinstance(t, ir.EnumType):
            kinds = {type(v).__name__ for v in t.values}
            return {"str": "string", "int": "integer", "float": "number", "bool": "boolean"}.get(kinds.pop(), "string") if len(kinds) == 1 else "string"
        if isinstance(t, ir.Const):
            return "string" if isinstance(t.value, str) else "object"
        label = self.label(t, depth=depth + 1)
        return label if "|" not in label and "," not in label else "object"

    def fields(self, t: ir.TypeRef | None) -> tuple[ir.Field, ...]:
        m = self.model(t)
        return m.fields if m is not None else ()

    def structured(self, t: ir.TypeRef) -> bool:
        """An object or array (not a file): what a form field cannot carry as plain text."""
        t = t.inner if isinstance(t, ir.Nullable) else t
        if isinstance(t, ir.ModelRef):
            named = self.named.get(t.name)
            return isinstance(named, ir.Model) or (isinstance(named, ir.Alias) and self.structured(named.type))
        if isinstance(t, ir.UnionType):
            return any(self.structured(v) for v in t.variants)
        if isinstance(t, ir.ArrayType):
            items = t.items.inner if isinstance(t.items, ir.Nullable) else t.items
            return not isinstance(items, ir.Binary)
        return isinstance(t, ir.MapType)


def _scalar(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def _status_rank(status: str) -> int:
    return STATUS_ORDER.index(status) if status in STATUS_ORDER else len(STATUS_ORDER)


def success_responses(op: ir.Operation) -> list[ir.Response]:
    return sorted((r for r in op.responses if r.status.startswith("2")), key=lambda r: _status_rank(r.status))


def _intro(op: ir.Operation) -> str:
    """The first sentences of the description (its first paragraph, at most two sentences)."""
    text = (op.description or "").strip().replace("\r\n", "\n")
    paragraph = text.split("\n\n", 1)[0]
    words = " ".join(paragraph.split())
    if not words:
        return ""
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z`\"'(\[])", words)
    out = sentences[0]
    if len(sentences) > 1 and len(out) + len(sentences[1]) < MAX_INTRO_CHARS:
        out += " " + sentences[1]
    if len(out) > MAX_INTRO_CHARS:
        out = out[: MAX_INTRO_CHARS].rsplit(" ", 1)[0] + " ..."
    return out


def _title(op: ir.Operation) -> str:
    summary = " ".join((op.summary or "").split()).rstrip(".")
    if not summary:
        summary = humanize(op.operation_id) or f"{op.method} {op.path}"
    return title_case(summary[:1].upper() + summary[1:])


# ---------------------------------------------------------------------------------------
# The docs renderer
# ---------------------------------------------------------------------------------------


class DocsRenderer:
    def __init__(self, api: ir.Api, config: Config, env: jinja2.Environment) -> None:
        self.api = api
        self.config = config
        self.env = env.overlay(auto_reload=False)
        """Templates are read once per run, not checked for changes at every include."""
        self.types = Types(api)
        self.package = config.package
        self.marker = f"<!-- Generated by {GENERATOR} from {api.source_name}. Do not edit. -->"
        self._examples: dict[str, OperationExample] = {}

    # ------------------------------------------------------------------ entry points
    def render(self) -> list[OutputFile]:
        groups = doc_groups(self.api, self.config)
        files = [
            OutputFile(f"docs/{g.file_name(lang)}", self.render_group(g, lang), format=False)
            for g in groups
            for lang in LANGUAGES
        ]
        index = self.env.get_template("docs/index.md.j2").render(
            api=self.api, marker=self.marker, groups=groups, languages=LANGUAGES, generator=GENERATOR
        )
        files.append(OutputFile("docs/index.md", index, format=False))
        return files

    def render_group(self, group: Group, language: str) -> str:
        doc = self.group_doc(group, language)
        return self.env.get_template("docs/group.md.j2").render(
            doc=doc,
            marker=self.marker,
            api=self.api,
            package=self.package,
            dist=self.config.dist_name,
            generator=GENERATOR,
            language=language,
            statuses=STATUSES,
            exceptions=EXCEPTIONS,
        )

    def group_doc(self, group: Group, language: str) -> GroupDoc:
        ops = [self.operation_doc(op, language) for op in group.operations]
        what = ", ".join(group.tags) if group.tags else group.title
        count = f"{len(ops)} operation{'s' if len(ops) != 1 else ''}"
        hooks = f", {len(group.webhooks)} webhook event{'s' if len(group.webhooks) != 1 else ''}" if group.webhooks else ""
        lang = "curl" if language == "curl" else f"Python (`{self.package}`)"
        if ops:
            description = f"{lang} examples for the Telnyx {group.title} API ({what}): {count}{hooks}."
        else:
            description = f"Telnyx {group.title}: {len(group.webhooks)} webhook event{'s' if len(group.webhooks) != 1 else ''} and their payload fields."
        tag_text = dict(self.api.tags)
        summary = " ".join(" ".join(tag_text.get(t, "").split()) for t in group.tags).strip()
        listing = next((d for d in ops if d.operation.pagination is not None), None)
        sample = next((op for op in group.operations if op.method == "GET" and not op.bodies), None)
        base = self.base_url(sample or (group.operations[0] if group.operations else None))
        return GroupDoc(
            group=group,
            language=language,
            name=f"telnyx-{group.product}-{language}",
            description=description,
            summary=summary,
            operations=ops,
            webhooks=[self.webhook_doc(w) for w in group.webhooks],
            setup=self.python_setup() if language == "python" else curl_setup(),
            base_url=base,
            sample_url=self.plain_url(sample) if sample else base,
            sample_call=self.plain_call(sample) if sample else "...",
            list_example=listing,
            page_url=self.page_url(listing.operation) if listing else "",
            page_call=self.plain_call(listing.operation) if listing else "",
            pagination_notes=self.pagination_notes(group.operations),
        )

    def plain_url(self, op: ir.Operation, query: Mapping[str, object] | None = None) -> str:
        """The operation's URL with its path parameters filled in (and ``query``, if given)."""
        ex = self.examples(op)
        return self.base_url(op) + fill_path(op.request_path, dict(ex.path_params)) + query_string((query or {}).items())

    def plain_call(self, op: ir.Operation) -> str:
        """``client.x.y("id")``: the call with its positional arguments only, on one line."""
        return f"client.{op.call}({', '.join(py_value(a) for a in self.examples(op).args)})"

    def page_url(self, op: ir.Operation) -> str:
        page = op.pagination
        query: dict[str, object] = {}
        if page is not None and page.kind == "page_number":
            query[page.page_param] = 2
        if page is not None and page.size_param:
            query[page.size_param] = 20
        return self.plain_url(op, query)

    def pagination_notes(self, ops: Sequence[ir.Operation]) -> list[str]:
        notes: list[str] = []
        for op in ops:
            page = op.pagination
            if page is None:
                continue
            size = f" and `{page.size_param}` (items per page)" if page.size_param else ""
            if page.kind == "page_number":
                total = ".".join(page.total_pages_path)
                more = f"; `{total}` in the response says how many pages there are" if total else "; an empty page means you are past the end"
                note = f"- `{page.page_param}` (1, 2, ...){size}{more}."
            elif page.kind == "cursor":
                where = ".".join(page.next_cursor_path) or "the response"
                note = f"- `{page.page_param}` takes the cursor from `{where}` for the next page{size}; there are no more pages when it is absent."
            else:
                note = f"- `{page.page_param}` is the offset of the first item{size}."
            if note not in notes:
                notes.append(note)
        return notes

    def examples(self, op: ir.Operation) -> OperationExample:
        ex = self._examples.get(op.pointer)
        if ex is None:
            ex = self._examples[op.pointer] = self.without_structured_form_fields(op, operation_example(self.api, op))
        return ex

    def without_structured_form_fields(self, op: ir.Operation, ex: OperationExample) -> OperationExample:
        """The example without the optional object and array fields of a form or multipart
        body: the spec does not say how such a field is encoded in a form (the client sends
        JSON text), so an example shows only what is certain."""
        body = self.body_of(op, ex)
        if body is None or body.kind not in ("form", "multipart") or not body.flattened or not isinstance(ex.body, dict):
            return ex
        drop = [f for f in body.fields if not f.required and self.types.structured(f.type) and f.wire_name in ex.body]
        if not drop:
            return ex
        wire = {f.wire_name for f in drop}
        py = {f.py_name for f in drop}
        return replace(
            ex,
            body={k: v for k, v in ex.body.items() if k not in wire},
            kwargs=tuple((k, v) for k, v in ex.kwargs if k not in py),
        )

    # ------------------------------------------------------------------ operations
    def operation_doc(self, op: ir.Operation, language: str) -> OperationDoc:
        ex = self.examples(op)
        python = language == "python"
        required, optional = self.fields(op, ex, python=python)
        example = self.python_example(op, ex) if python else self.curl_example(op, ex)
        example = replace(example, base_url=self.base_url(op))
        return OperationDoc(
            operation=op,
            title=_title(op),
            intro=_intro(op),
            method_path=f"{op.method} {op.path}",
            required=required,
            optional=optional,
            example=example,
            returns=self.returns(op, python=python),
        )

    def body_of(self, op: ir.Operation, ex: OperationExample) -> ir.RequestBody | None:
        if not op.bodies:
            return None
        return next((b for b in op.bodies if b.content_type == ex.content_type), op.bodies[0])

    def fields(self, op: ir.Operation, ex: OperationExample, *, python: bool) -> tuple[tuple[FieldDoc, ...], tuple[FieldDoc, ...]]:
        required: list[FieldDoc] = []
        optional: list[FieldDoc] = []
        for p in op.params:
            if p.location not in ("path", "query", "header"):
                continue
            doc = FieldDoc(p.py_name if python else p.wire_name, self.types.label(p.type, p.format))
            (required if p.required or p.location == "path" else optional).append(doc)
        body = self.body_of(op, ex)
        if body is not None:
            if body.flattened:
                for f in body.fields:
                    if f.read_only:
                        continue
                    doc = FieldDoc(f.py_name if python else f.wire_name, self.types.label(f.type, f.format))
                    (required if f.required and body.required else optional).append(doc)
            else:
                name = "content" if python and body.kind in ("binary", "text") else "body"
                (required if body.required else optional).append(FieldDoc(name, self.types.label(body.type)))
        return tuple(required), tuple(optional)

    def returns(self, op: ir.Operation, *, python: bool) -> str:
        success = success_responses(op)
        if not success:
            return ""
        first = success[0]
        if first.kind == "binary" or (first.kind == "text" and first.content_type and not first.content_type.startswith("text/")):
            return "the file" + (f" ({first.content_type})" if first.content_type not in (None, "*", "*/*") else "")
        if first.kind == "text":
            return f"text ({first.content_type})"
        if first.kind == "sse":
            return "a stream of server-sent events"
        if first.kind == "empty" or first.type is None:
            return f"nothing ({first.status}, no content)" if not python else "`None`"
        fields = self.top_fields(op, first.type)
        if fields:
            return ", ".join(FieldDoc(f.py_name if python else f.wire_name, self.types.label(f.type, f.format)).text for f in fields)
        return self.types.label(first.type)

    def top_fields(self, op: ir.Operation, t: ir.TypeRef) -> tuple[ir.Field, ...]:
        """The fields worth listing: a list's items, the inside of a ``{"data": ...}`` envelope."""
        if op.pagination is not None:
            return tuple(f for f in self.types.fields(op.pagination.item_type) if not f.write_only)
        fields = self.types.fields(t)
        data = next((f for f in fields if f.wire_name == "data"), None)
        if data is not None and len(fields) <= 2:
            inner = data.type.inner if isinstance(data.type, ir.Nullable) else data.type
            if isinstance(inner, ir.ArrayType):
                inner = inner.items
            if self.types.fields(inner):
                fields = self.types.fields(inner)
        return tuple(f for f in fields if not f.write_only)

    # ------------------------------------------------------------------ curl
    def base_url(self, op: ir.Operation | None) -> str:
        servers = (op.servers if op else ()) or self.api.servers or ("https://api.telnyx.com/v2",)
        return servers[0].rstrip("/")

    def curl_example(self, op: ir.Operation, ex: OperationExample) -> Example:
        base = self.base_url(op)
        path = fill_path(op.request_path, dict(ex.path_params))
        url = base + path + query_string(ex.query)
        lines = [f"curl{' -g' if '[' in url else ''}{'' if op.method == 'GET' else ' -X ' + op.method} \"{url}\""]
        if op.security != () and self.api.security_schemes:
            lines.append(f'-H "Authorization: Bearer ${API_KEY_ENV}"')
        accept = accept_header(op)
        if accept:
            lines.append("-H " + shell_quote(f"Accept: {accept}"))
        for name, text in ex.headers:
            lines.append("-H " + shell_quote(f"{name}: {text}"))
        files: list[str] = []
        lines += self.curl_body(ex, files)
        download = download_file(op)
        if download:
            lines.append(f"-o {download}")
        if any(r.kind == "sse" for r in success_responses(op)) and not any(r.kind == "json" for r in success_responses(op)):
            lines.insert(1, "-N")
        return Example(" \\\n  ".join(lines), tuple(files))

    def curl_body(self, ex: OperationExample, files: list[str]) -> list[str]:
        kind = ex.body_kind
        if kind is None:
            return []
        if kind == "json":
            return ['-H "Content-Type: application/json"', "-d " + shell_quote(json.dumps(ex.body, indent=2, ensure_ascii=False))]
        if kind == "multipart":
            out: list[str] = []
            body = ex.body if isinstance(ex.body, dict) else {}
            for name, value in body.items():
                for v in value if isinstance(value, list) else [value]:
                    if v is None:
                        continue
                    text = form_text(v)
                    flag = "--form-string" if text.startswith(("@", "<")) or ";" in text else "-F"
                    out.append(f"{flag} " + shell_quote(f"{name}={text}"))
            for name, filename, _content, content_type in ex.files:
                files.append(filename)
                kind = f";type={content_type}" if content_type != "application/octet-stream" else ""
                out.append("-F " + shell_quote(f"{name}=@{filename}{kind}"))
            return out
        if kind == "form":
            body = ex.body if isinstance(ex.body, dict) else {}
            out = []
            for name, value in body.items():
                for v in value if isinstance(value, list) else [value]:
                    if v is not None:
                        out.append("--data-urlencode " + shell_quote(f"{name}={form_text(v)}"))
            return out
        content_type = ex.content_type or "application/octet-stream"
        if kind == "binary":
            filename = ex.files[0][1] if ex.files else "example.bin"
            files.append(filename)
            return ["-H " + shell_quote(f"Content-Type: {content_type}"), f"--data-binary @{filename}"]
        text = ex.body if isinstance(ex.body, str) else json.dumps(ex.body, ensure_ascii=False)
        return ["-H " + shell_quote(f"Content-Type: {content_type}"), "--data-raw " + shell_quote(text)]

    # ------------------------------------------------------------------ Python
    def python_setup(self) -> str:
        return f"from {self.package} import Telnyx\n\nclient = Telnyx()  # reads {API_KEY_ENV}"

    def python_example(self, op: ir.Operation, ex: OperationExample) -> Example:
        files: list[str] = []
        args: list[tuple[str, object]] = [("", a) for a in ex.args]
        args += list(ex.kwargs)
        call = call_text(f"client.{op.call}", args, files)
        success = success_responses(op)
        kinds = {r.kind for r in success}
        if op.pagination is not None:
            attr = self.item_attribute(op.pagination.item_type)
            code = f"for item in {call}:\n    print({'item.' + attr if attr else 'item'})"
        elif "json" in kinds:
            result = self.result_attribute(success)
            code = f"result = {call}\nprint({'result.' + result if result else 'result'})"
        elif "binary" in kinds:
            code = f"response = {call}\nresponse.write_to_file(\"{download_file(op)}\")"
        elif "text" in kinds:
            code = f"text = {call}\nprint(text)"
        elif "sse" in kinds:
            code = f"for event in {call}:\n    print(event)"
        else:
            code = call
        return Example(code, tuple(files))

    def item_attribute(self, t: ir.TypeRef) -> str:
        fields = self.types.fields(t)
        names = [f.py_name for f in fields]
        for preferred in ("id", "name", "phone_number"):
            if preferred in names:
                return preferred
        return ""

    def result_attribute(self, success: list[ir.Response]) -> str:
        first = next(r for r in success if r.kind == "json")
        fields = self.types.fields(first.type)
        return "data" if any(f.py_name == "data" for f in fields) and len(success) == 1 else ""

    # ------------------------------------------------------------------ webhooks
    def webhook_doc(self, hook: ir.Webhook) -> WebhookDoc:
        fields = self.types.fields(hook.event_type)
        for envelope in ("data", "payload"):
            inner = next((f for f in fields if f.wire_name == envelope), None)
            if inner is not None and self.types.fields(inner.type):
                fields = self.types.fields(inner.type)
        title = title_case(" ".join((hook.summary or humanize(hook.name)).split()))
        text = " ".join((hook.description or "").split())
        return WebhookDoc(
            event=hook.event_name or hook.name,
            title=title,
            intro=text if len(text) <= MAX_INTRO_CHARS else text[:MAX_INTRO_CHARS].rsplit(" ", 1)[0] + " ...",
            fields=tuple(FieldDoc(f.wire_name, self.types.label(f.type, f.format)) for f in fields),
        )


# ---------------------------------------------------------------------------------------
# Command-line text
# ---------------------------------------------------------------------------------------

_PATH_SAFE = "-._~+:@,="
"""Left as is in path segments: unreserved and a few sub-delims, none special in a ``"..."`` shell word."""
_SHELL_SAFE = re.compile(r"[A-Za-z0-9_@%+=:,./-]+")


def curl_setup() -> str:
    return f'export {API_KEY_ENV}="YOUR_API_KEY"'


def shell_quote(text: str) -> str:
    """One shell word: as is when safe, else single-quoted (``'`` written as ``'\\''``)."""
    if _SHELL_SAFE.fullmatch(text):
        return text
    return "'" + text.replace("'", "'\\''") + "'"


def fill_path(path: str, values: Mapping[str, object]) -> str:
    """``/media/{media_name}`` with its parameters filled in and percent-encoded."""

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            return match.group(0)
        return quote(_scalar(values[name]), safe=_PATH_SAFE)

    return re.sub(r"\{([^}]+)\}", one, path)


def query_string(query: Iterable[tuple[str, object]]) -> str:
    """``?a=1&page[size]=20`` from (wire name, value) pairs, values percent-encoded."""
    pairs = [f"{quote(name, safe='[]')}={quote(form_text(value), safe=':,')}" for name, value in query]
    return "?" + "&".join(pairs) if pairs else ""


def accept_header(op: ir.Operation) -> str | None:
    """The Accept header that selects the documented response where there is a choice."""
    success = [r for r in op.responses if r.status.startswith("2") and r.content_type]
    kinds = {r.kind for r in success}
    if "sse" in kinds and "json" in kinds:
        return None
    if len({r.content_type for r in success}) > 1 and "json" in kinds:
        return "application/json"
    return None


def download_file(op: ir.Operation) -> str | None:
    """``-o FILE`` for binary downloads: a file name with the content type's extension."""
    success = success_responses(op)
    if not success or success[0].kind != "binary":
        return None
    ctype = (success[0].content_type or "").split(";")[0].strip()
    ext = EXTENSIONS.get(ctype, "bin")
    stem = op.resource[-1] if op.resource else "download"
    return f"{stem}.{ext}"


def py_value(value: object, files: list[str] | None = None) -> str:
    """A Python literal (``True``/``None``, not ``true``/``null``); a file (``(name, bytes,
    type)`` or raw bytes) is ``open(name, "rb")``, its name added to ``files``."""
    if value is None or isinstance(value, (bool, int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, tuple) and len(value) == 3 and isinstance(value[0], str) and isinstance(value[1], bytes):
        return _open_file(value[0], files)
    if isinstance(value, bytes):
        return _open_file(FILE_NAME, files)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(py_value(v, files) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(k), ensure_ascii=False)}: {py_value(v, files)}" for k, v in value.items()) + "}"
    return repr(value)


def _open_file(name: str, files: list[str] | None) -> str:
    if files is not None and name not in files:
        files.append(name)
    return f"open({json.dumps(name)}, \"rb\")"


def form_text(value: object) -> str:
    """A form or multipart field's text, as the generated client sends it."""
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return _scalar(value)


def call_text(func: str, args: Sequence[tuple[str, object]], files: list[str], width: int = 80) -> str:
    """``func(args)`` laid out like black: on one line when it fits, else one argument per
    line, and a dict or list that does not fit split the same way."""
    flat = [f"{name}={py_value(v, files)}" if name else py_value(v, files) for name, v in args]
    one_line = f"{func}({', '.join(flat)})"
    if len(one_line) + len("result = ") <= width or not args:
        return one_line
    lines = [f"{func}("]
    for name, value in args:
        prefix = f"{name}=" if name else ""
        lines.append(f"    {prefix}{py_block(value, 4, 4 + len(prefix), width, files)},")
    return "\n".join([*lines, ")"])


def py_block(value: object, level: int, column: int, width: int, files: list[str]) -> str:
    """``value`` starting at ``column`` of a line indented by ``level``: on one line when it
    fits, else a dict or list with one item per line, indented one level deeper."""
    one = py_value(value, files)
    if column + len(one) + 1 <= width or not isinstance(value, (dict, list)) or not value:
        return one
    pad = " " * (level + 4)
    if isinstance(value, dict):
        body = []
        for k, v in value.items():
            key = f"{json.dumps(str(k), ensure_ascii=False)}: "
            body.append(f"{pad}{key}{py_block(v, level + 4, level + 4 + len(key), width, files)},")
        return "{\n" + "\n".join(body) + f"\n{' ' * level}}}"
    body = [f"{pad}{py_block(v, level + 4, level + 4, width, files)}," for v in value]
    return "[\n" + "\n".join(body) + f"\n{' ' * level}]"


def render_docs(api: ir.Api, config: Config, env: jinja2.Environment) -> list[OutputFile]:
    return DocsRenderer(api, config, env).render()


def operation_docs(api: ir.Api, config: Config, env: jinja2.Environment, language: str) -> Iterable[OperationDoc]:
    """Every operation's doc section in ``language``, in the spec's order (for checkers)."""
    r = DocsRenderer(api, config, env)
    return [r.operation_doc(op, language) for op in api.operations]


__all__ = ["DocsRenderer", "Group", "OperationDoc", "doc_groups", "operation_docs", "render_docs"]
