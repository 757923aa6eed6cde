"""Errors a user can cause, each with its exit code.

    ZxError                      base; `exit_code` is what `zxparse` exits with
    ├── InputNotFound       (3)  the path does not exist or is not a readable file
    ├── UnsupportedFormat   (4)  an extension zxparse does not read
    ├── UnreadableInput     (5)  empty, binary junk, undecodable text
    ├── LexiconError        (6)  a lexicon file that does not load or validate, or a pattern of it
    │                            that runs away on a document
    ├── OutputError        (73)  an output that cannot be written: a file where a folder must be, a
    │                            read-only folder, a full disk, a name too long
    └── Interrupted   (128 + N)  a batch stopped by signal N (130 Ctrl-C, 143 SIGTERM); its report
                                 says what was done and what was not

The message always names the file and the reason, on one line.
"""

from __future__ import annotations

import os
import re

EXIT_OK = 0
EXIT_PROBLEMS = 1  # validate found problems / a batch had failures
EXIT_USAGE = 2  # bad command-line usage (typer's own code)
EXIT_INTERNAL = 70  # a bug in zxparse: reported in one line, never a traceback


class ZxError(Exception):
    exit_code = 1

    def __init__(self, path: object, reason: str):
        self.path = shown(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class InputNotFound(ZxError):
    exit_code = 3


class UnsupportedFormat(ZxError):
    exit_code = 4


class UnreadableInput(ZxError):
    exit_code = 5


class LexiconError(ZxError):
    exit_code = 6


class OutputError(ZxError):
    exit_code = 73  # sysexits.h EX_CANTCREAT


class Interrupted(ZxError):
    def __init__(self, path: object, reason: str, signal_number: int):
        super().__init__(path, reason)
        self.exit_code = 128 + signal_number


def shown(path: object) -> str:
    """`path` as text that prints and encodes as UTF-8: the bytes of a file name that is not UTF-8
    (which Python keeps as surrogate escapes) are written as \\xNN — 'bad\\xff.txt'."""
    text = str(path)
    if text.isascii():
        return text
    return os.fsencode(text).decode("utf-8", "backslashreplace")


_SHOWN_BYTE = re.compile(rb"\\x([0-9a-f]{2})")


def unshown(text: str) -> str:
    """The path that `shown` wrote as `text`: each \\xNN back to the byte it stands for, so that a
    plan's recorded 'plan-\\xd5\\xfe.txt' finds its document again."""
    if "\\x" not in text:
        return text
    return os.fsdecode(_SHOWN_BYTE.sub(lambda m: bytes([int(m[1], 16)]), text.encode("utf-8", "surrogateescape")))
