"""Errors a user can cause, each with its exit code.

    ZxError                      base; `exit_code` is what `zxparse` exits with
    ├── InputNotFound       (3)  the path does not exist or is not a readable file
    ├── UnsupportedFormat   (4)  an extension zxparse does not read
    ├── UnreadableInput     (5)  empty, binary junk, undecodable text
    └── LexiconError        (6)  a lexicon file that does not load or validate

The message always names the file and the reason, on one line.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_PROBLEMS = 1  # validate found problems / a batch had failures
EXIT_USAGE = 2  # bad command-line usage (typer's own code)
EXIT_INTERNAL = 70  # a bug in zxparse: reported in one line, never a traceback


class ZxError(Exception):
    exit_code = 1

    def __init__(self, path: object, reason: str):
        self.path = str(path)
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
