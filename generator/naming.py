"""Identifier primitives: every spelling decision for generated names, as pure functions.

:mod:`generator.build` makes the per-API choices (which name a resource, a method or a
field gets, and how a clash is resolved) on top of these primitives; templates never
change a name.

Word splitting
    :func:`split_words` is the single source of truth. It transliterates to ASCII
    (NFKD, plus a few letters NFKD leaves alone, such as ``ß`` -> ``ss``), cuts at every
    character that is not a letter or digit (``.``, ``-``, ``[]``, ``->``, spaces,
    ``_``), then at camelCase boundaries, keeping acronyms whole (``HTTPValidationError``
    -> ``http validation error``, ``phoneIDs`` -> ``phone ids``, ``eSIM`` -> ``esim``).
    A run of digits sticks to the letters before it (``E164``, ``v2``, ``ipv4``,
    ``V2API`` -> ``v2 api``) unless it starts a chunk or comes after a multi-letter
    word and is directly followed by lowercase letters or an acronym: then it starts a
    word (``10dlc``, ``Get10dlcBrand`` -> ``get 10dlc brand``).

Identifiers
    :func:`python_identifier` always returns an ASCII identifier that is not a Python
    keyword: leading digits get an ``n``/``N`` prefix (``25`` -> ``n25``, ``10dlc`` ->
    ``n10dlc``, chosen over spelling numbers out because it keeps the wire name
    recognisable), names with no letters or digits become ``value``/``Value``, and
    keywords or caller-reserved names get a trailing ``_`` (``from`` -> ``from_``).
    Soft keywords (``match``, ``case``, ``type``, ``_``) are valid identifiers and are
    *not* escaped by default, so a field ``type`` stays ``type``; pass
    :data:`SOFT_KEYWORDS` in ``reserved`` to escape them too.

PascalCase keeps acronyms as ordinary words (``HttpValidationError``, ``SipConnector``)
so that word boundaries stay visible and the spelling is the same whether the spec wrote
``HTTP``, ``Http`` or ``http``. Display text (docs titles) gets proper acronyms from
:func:`title_case` instead.
"""

from __future__ import annotations

import functools
import keyword
import re
import textwrap
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Literal

__all__ = [
    "HARD_KEYWORDS",
    "PYDANTIC_RESERVED",
    "PY_KEYWORDS",
    "RESOURCE_METHOD_RESERVED",
    "SOFT_KEYWORDS",
    "NameCollision",
    "UniqueNamer",
    "comment_text",
    "docstring_text",
    "enum_member_name",
    "humanize",
    "module_name",
    "pascal_case",
    "python_identifier",
    "snake_case",
    "split_words",
    "title_case",
]

HARD_KEYWORDS: frozenset[str] = frozenset(keyword.kwlist)
"""Keywords that can never be identifiers (``from``, ``in``, ``async``, ``None``, ...)."""

SOFT_KEYWORDS: frozenset[str] = frozenset(keyword.softkwlist) | {"match", "case", "type", "_"}
"""Soft keywords: legal identifiers, keywords only in context. ``type`` is listed even on
Python 3.11 because it is one from 3.12 on."""

PY_KEYWORDS: frozenset[str] = HARD_KEYWORDS | SOFT_KEYWORDS

PYDANTIC_RESERVED: frozenset[str] = frozenset(
    {
        # pydantic v2 API (errors or breaks the model when shadowed)
        "model_config",
        "model_fields",
        "model_computed_fields",
        "model_extra",
        "model_fields_set",
        "model_construct",
        "model_copy",
        "model_dump",
        "model_dump_json",
        "model_json_schema",
        "model_parametrized_name",
        "model_post_init",
        "model_rebuild",
        "model_validate",
        "model_validate_json",
        "model_validate_strings",
        # deprecated v1 API still on BaseModel (shadowing warns: "shadows an attribute")
        "construct",
        "copy",
        "dict",
        "from_orm",
        "json",
        "parse_file",
        "parse_obj",
        "parse_raw",
        "schema",
        "schema_json",
        "update_forward_refs",
        "validate",
    }
)
"""Public attributes of ``pydantic.BaseModel`` (pydantic 2.14) that a field must not use.

Checked against ``dir(pydantic.BaseModel)``; names such as ``model_id`` or ``fields`` are
fine (pydantic's protected namespaces are only ``model_validate*`` and ``model_dump*``).
Names starting with ``_`` are private attributes in pydantic; :func:`python_identifier`
never produces them. Escaped names that start with ``model_dump``/``model_validate``
(``model_dump_``) are legal fields but warn under pydantic's default
``protected_namespaces``: the runtime base model sets ``protected_namespaces=()``."""

RESOURCE_METHOD_RESERVED: frozenset[str] = HARD_KEYWORDS | {
    "with_raw_response",
    "with_streaming_response",
    "with_options",
    "copy",
    "close",
    "_client",
    "_request",
    "_request_page",
    "_websocket",
}
"""Names a generated resource method or resource attribute (on a resource or on the client,
whose ``with_options``, ``copy`` and ``close`` they would shadow) must not use."""

_NAME_FALLBACK = "value"
_DIGIT_PREFIX = "n"

# Letters NFKD does not decompose into ASCII.
_TRANSLITERATE = str.maketrans(
    {
        "ß": "ss",
        "ẞ": "SS",
        "Æ": "AE",
        "æ": "ae",
        "Œ": "OE",
        "œ": "oe",
        "Ø": "O",
        "ø": "o",
        "Đ": "D",
        "đ": "d",
        "Ł": "L",
        "ł": "l",
        "Þ": "Th",
        "þ": "th",
        "\u0131": "i",  # dotless i
    }
)
_APOSTROPHES = str.maketrans("", "", "'\u2019")
_CHUNK = re.compile(r"[A-Za-z0-9]+")
_TOKEN = re.compile(
    r"[A-Z]{2,}s(?![a-z])"  # plural acronym: IDs, URLs, SIMs
    r"|[A-Z]+(?=[A-Z][a-z])"  # acronym before a capitalised word: HTTP|Validation
    r"|[A-Z]?[a-z]+"  # word: get, Mdr
    r"|[A-Z]+"  # trailing acronym: SIPREC
    r"|[0-9]+"
)
_WINDOWS_DEVICE_NAMES = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"com{i}" for i in range(1, 10)}
    | {f"lpt{i}" for i in range(1, 10)}
)


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATE))
    return decomposed.encode("ascii", "ignore").decode("ascii")


def _is_acronym(token: str) -> bool:
    body = token[:-1] if token.endswith("s") else token
    return len(body) >= 2 and body.isupper() and body.isalpha()


def _chunk_words(chunk: str) -> list[str]:
    tokens: list[str] = _TOKEN.findall(chunk)
    words: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        previous = words[-1] if words else None
        if token.isdigit():
            starts_word = following is not None and (
                following[0].islower() or (_is_acronym(following) and following[0].isupper())
            )
            if starts_word and following is not None and (previous is None or len(previous) > 1):
                tokens[i + 1] = token + following
            elif previous is not None:
                words[-1] = previous + token
            else:
                words.append(token)
        elif (
            len(token) == 1 and token.islower() and following is not None and _is_acronym(following)
        ):
            tokens[i + 1] = token + following  # eSIM, iOS
        else:
            words.append(token)
        i += 1
    return [word.lower() for word in words]


def split_words(name: str) -> list[str]:
    """Split any spec name into lowercase ASCII words (see the module docstring)."""
    return list(_split_words(name))


@functools.lru_cache(maxsize=65536)
def _split_words(name: str) -> tuple[str, ...]:
    # a spec repeats the same few thousand names many times: split each once
    text = _ascii(name.translate(_APOSTROPHES))
    words: list[str] = []
    for chunk in _CHUNK.findall(text):
        words.extend(_chunk_words(chunk))
    return tuple(words)


def snake_case(name: str) -> str:
    """``getMdrUsageReports`` -> ``get_mdr_usage_reports``; may be empty or start with a digit."""
    return "_".join(_split_words(name))


def _capitalize(word: str) -> str:
    return word[:1].upper() + word[1:]


def pascal_case(name: str) -> str:
    """``fax.sending.started`` -> ``FaxSendingStarted``; acronyms as words (``HttpValidationError``)."""
    return "".join(_capitalize(word) for word in _split_words(name))


def python_identifier(
    name: str,
    *,
    style: Literal["snake", "pascal"] = "snake",
    reserved: frozenset[str] = frozenset(),
) -> str:
    """A valid, non-keyword ASCII identifier for ``name`` in the given style.

    Deterministic and never starting with ``_``. Hard keywords and ``reserved`` names get
    a trailing ``_`` (repeated until free); a leading digit gets an ``n``/``N`` prefix;
    names without letters or digits become ``value``/``Value``. Collisions between
    different inputs are the caller's business (:class:`UniqueNamer`).
    """
    if style == "snake":
        ident = snake_case(name) or _NAME_FALLBACK
        prefix = _DIGIT_PREFIX
    else:
        ident = pascal_case(name) or _capitalize(_NAME_FALLBACK)
        prefix = _DIGIT_PREFIX.upper()
    if ident[0].isdigit():
        ident = prefix + ident
    while ident in HARD_KEYWORDS or ident in reserved:
        ident += "_"
    return ident


def module_name(name: str) -> str:
    """A snake_case name usable as a module and file name on every OS.

    Same spelling as :func:`python_identifier` (``10dlc`` -> ``n10dlc``), and Windows
    device names (``aux``, ``con``, ``nul``, ``com1``, ...) get a trailing ``_``. Callers
    allocate module names with ``UniqueNamer(case_insensitive=True)``.
    """
    ident = python_identifier(name, style="snake")
    if ident in _WINDOWS_DEVICE_NAMES:
        ident += "_"
    return ident


class NameCollision(Exception):
    """Every candidate name offered to :meth:`UniqueNamer.unique` was already taken."""

    def __init__(self, candidates: Sequence[str]) -> None:
        self.candidates: tuple[str, ...] = tuple(candidates)
        listed = ", ".join(repr(c) for c in self.candidates) or "(none)"
        super().__init__(f"all candidate names are taken: {listed}")


class UniqueNamer:
    """Allocates unique names in one namespace, deterministically.

    With ``case_insensitive=True`` names that differ only in case collide, as module and
    file names do on macOS and Windows filesystems. ``reserved`` names are never handed
    out. The namer does not invent names: callers pass meaning-based alternatives, with
    a numbered fallback they build themselves only as the very last resort.
    """

    def __init__(self, *, case_insensitive: bool = False, reserved: Iterable[str] = ()) -> None:
        self._case_insensitive = case_insensitive
        self._taken: set[str] = {self._key(name) for name in reserved}

    def _key(self, name: str) -> str:
        return name.casefold() if self._case_insensitive else name

    def taken(self, name: str) -> bool:
        return self._key(name) in self._taken

    def claim(self, name: str) -> bool:
        """Record ``name`` and return ``True`` if it was free; ``False`` if already taken."""
        key = self._key(name)
        if key in self._taken:
            return False
        self._taken.add(key)
        return True

    def unique(self, candidates: Sequence[str]) -> str:
        """Claim and return the first free candidate; raise :class:`NameCollision` if none is."""
        for candidate in candidates:
            if self.claim(candidate):
                return candidate
        raise NameCollision(candidates)


def enum_member_name(value: str | int | float | bool) -> str:
    """An UPPER_SNAKE constant name for an enum value.

    ``"Chicago, IL"`` -> ``CHICAGO_IL``, ``""`` -> ``EMPTY``, ``5`` -> ``VALUE_5``,
    ``-1.5`` -> ``VALUE_MINUS_1_5``, ``True`` -> ``TRUE``, ``"1080p"`` -> ``VALUE_1080P``,
    a value with no letters or digits (``"+"``) -> ``VALUE``.
    """
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        text = repr(value)
        sign = "MINUS_" if text.startswith("-") else ""
        return "VALUE_" + sign + "_".join(split_words(text)).upper()
    if value == "":
        return "EMPTY"
    name = "_".join(split_words(value)).upper()
    if not name:
        return "VALUE"
    if name[0].isdigit():
        return "VALUE_" + name
    return name


# --------------------------------------------------------------------------------------
# Display text
# --------------------------------------------------------------------------------------

_ACRONYMS: dict[str, str] = {
    spelled.lower(): spelled
    for spelled in """
        SIP SIPREC API APIs URL URLs URI URIs ID IDs SMS MMS MDR MDRs CDR CDRs DID DIDs E911
        TTS STT AI OTA SIM SIMs eSIM eSIMs IP IPs DNS FQDN FQDNs HTTP HTTPS JSON XML PDF PDFs
        CSV DTMF CNAM OAuth WhatsApp 10DLC TeXML Dialogflow
    """.split()  # noqa: SIM905 (one word list reads better than 46 lines)
}
# English words that are also acronyms: fixed only when not written in lower case and not
# the first word ("Did the call ..." stays, "List Did numbers" -> "List DID numbers").
_AMBIGUOUS_ACRONYMS = frozenset({"did"})
_WORD = re.compile(r"[A-Za-z0-9]+")


def title_case(text: str) -> str:
    """Spell known acronyms and brand names properly; every other word is left as written.

    ``"Create a Sip connector"`` -> ``"Create a SIP connector"``, ``"Get all Ids"`` ->
    ``"Get all IDs"``, ``"Siprec Connectors"`` -> ``"SIPREC Connectors"``.
    """

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        lowered = word.lower()
        spelled = _ACRONYMS.get(lowered)
        if spelled is None:
            return word
        if lowered in _AMBIGUOUS_ACRONYMS and (word == lowered or match.start() == 0):
            return word
        return spelled

    return _WORD.sub(fix, text)


def humanize(name: str) -> str:
    """A display title for an identifier: ``sip_integrations`` -> ``SIP integrations``."""
    words = split_words(name)
    if not words:
        return ""
    return title_case(_capitalize(" ".join(words)))


_DOC_ESCAPE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029\ud800-\udfff]")


def _escape_char(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def docstring_text(text: str) -> str:
    """Spec prose made safe to place between ``\"\"\"`` quotes; markdown is kept.

    Newlines are normalised, trailing spaces and leading/trailing blank lines removed,
    the common indentation removed and runs of blank lines collapsed to one. Backslashes,
    ``\"\"\"`` runs, a final ``"`` and control characters are escaped, so the literal
    evaluates to the cleaned text and never ends the string early.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    cleaned = re.sub(r"\n{3,}", "\n\n", textwrap.dedent("\n".join(lines)))
    escaped = cleaned.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    if escaped.endswith('"'):
        escaped = escaped[:-1] + '\\"'
    return _DOC_ESCAPE.sub(_escape_char, escaped)


def comment_text(text: str) -> str:
    """Spec prose as a single line for a ``# ...`` comment (whitespace collapsed)."""
    visible = "".join(" " if unicodedata.category(ch) in ("Cc", "Cs") else ch for ch in text)
    return " ".join(visible.split())
