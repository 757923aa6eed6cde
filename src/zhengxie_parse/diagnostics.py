"""The diagnostic registry (data/diagnostics.yaml): every code zxparse writes, with its severity, its
names and its message in English and Chinese. Diagnostics are built here, never by hand, so a code,
its severity and its wording live in one place; the plan keeps the English message, and a page reads
it back into Chinese through the same template."""

from __future__ import annotations

from functools import cache

import regex

from .models import Diagnostic, SourceRef
from .pattern_cache import compiled

_FIELD = compiled(r"\{(\w+)\}")


@cache
def registry() -> dict[str, dict]:
    """code → {severity, zh, en, explain, message_en, message_zh}."""
    from .diagnostics_data import REGISTRY  # data/diagnostics.yaml, generated: a start needs no YAML parser

    return REGISTRY


def diagnostic(code: str, source: SourceRef | None = None, **fields: object) -> Diagnostic:
    """The diagnostic `code` at `source`, its message filled from `fields`."""
    entry = registry()[code]
    message = entry["message_en"].format(**fields)
    return Diagnostic(code=code, severity=entry["severity"], message=message, source=source)


def name(code: str, lang: str = "zh") -> str:
    """What a person calls `code`: its Chinese (or English) name; an unknown code (from a later
    version's plan) stays a code."""
    entry = registry().get(code)
    return entry[lang] if entry else code


def explain(code: str) -> str:
    entry = registry().get(code)
    return entry["explain"] if entry else ""


def message_zh(d: Diagnostic) -> str:
    """`d`'s message in Chinese: its English message read back through its template for the fields;
    the Chinese name alone when the message does not fit (a plan written by another version)."""
    entry = registry().get(d.code)
    if entry is None:
        return d.code
    found = _template_re(entry["message_en"]).fullmatch(d.message)
    return entry["message_zh"].format(**found.groupdict()) if found else entry["zh"]


@cache
def _template_re(template: str) -> regex.Pattern:
    """'masked text: {words}' → a pattern that gives back `words` from a message."""
    parts = _FIELD.split(template)  # literal, field, literal, field, …
    return regex.compile(
        "".join(regex.escape(part) if i % 2 == 0 else f"(?P<{part}>.*?)" for i, part in enumerate(parts)),
        regex.DOTALL,
    )
