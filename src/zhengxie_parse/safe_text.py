"""Text from a document or a file name made safe for where it lands: a terminal (no control
sequences), a CSV cell (never a formula), a worksheet cell (only characters a workbook can hold).
Every writer and printer goes through these, so the rules live in one place."""

from __future__ import annotations

import re

# OWASP's CSV-injection guidance: a cell opening with one of these is read as a formula by
# spreadsheet programs; a leading apostrophe makes it text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# C0 and C1 controls, DEL and lone surrogates: a terminal acts on them (ESC opens a sequence that
# can retitle or clear it), a newline inside a name forges a line.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

# What an xlsx worksheet cannot hold (XML 1.0 forbids these controls; openpyxl refuses them).
_NOT_IN_SHEET = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"


def _escape(match: re.Match) -> str:
    ch = match.group()
    return _NAMED.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")


def printable(text: str, keep_newlines: bool = False) -> str:
    """`text` with every control character shown as an escape (`\\x1b`, `\\n`), so printing it
    cannot move the cursor, retitle the terminal or start a line that looks like ours."""
    if keep_newlines:
        return "\n".join(_CONTROL.sub(_escape, line) for line in text.split("\n"))
    return _CONTROL.sub(_escape, text)


def csv_cell(value):
    """A CSV cell that a spreadsheet never evaluates: text opening like a formula gets a leading
    apostrophe (numbers and empty cells stay as they are)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def sheet_text(value):
    """(value, replaced): a worksheet cell's value with the characters a workbook cannot hold
    replaced by U+FFFD, and how many were."""
    if not isinstance(value, str):
        return value, 0
    return _NOT_IN_SHEET.subn(REPLACEMENT, value)
