"""What a lexicon makes at every start, made once and kept in the user's cache folder between runs.

`regex` compiles a pattern in pure Python: the lexicon's patterns took about 70 ms of every start, more
than a plan's parse. A compiled pattern pickles as its compiled code and unpickles without compiling
again. The stdlib's `re`, five times faster than `regex` at matching a list of terms, compiles in
Python too (the lexicon's term lists and field labels, 10–30 ms) and pickles as its source only: what
its compiler makes (flags, code, groups) is kept instead and handed to `_sre`, which checks the code
as it builds the pattern. The segmenter's dictionary, taught the lexicon's terms, is kept the same way
(about 20 ms).
The files live in `$XDG_CACHE_HOME/zxparse` (else `~/.cache/zxparse`), never beside the package; a
file's name and contents carry what made it — the lexicon's fingerprint, the `regex` or jieba version
and the words file, the Python that ran it — and a checksum. A file that is cut, corrupt, or made by
another lexicon or version is ignored and written again; a cache folder that cannot be written only
makes the start slower.
"""

from __future__ import annotations

import _sre
import atexit
import hashlib
import io
import os
import pickle
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import regex

from .errors import OutputError

FORMAT = b"zxparse compiled patterns 2\n"  # changed whenever the file's layout changes
KEEP = 8  # cache files kept: one for the shipped lexicon, the rest for users' lexicons


def cache_folder() -> Path | None:
    """Where zxparse keeps what it can make again: the XDG cache folder; None with no home."""
    base = os.environ.get("XDG_CACHE_HOME")
    try:
        return (Path(base) if base else Path.home() / ".cache") / "zxparse"
    except RuntimeError:  # no home directory to find
        return None


class _Unpickler(pickle.Unpickler):
    """Loads compiled patterns and plain data, nothing else: a cache file is never trusted to run code."""

    def find_class(self, module: str, name: str):
        if (module, name) == ("regex._regex", "compile"):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not a compiled pattern")


class PatternCache:
    """source → compiled pattern for one lexicon (`fingerprint`); in memory only when it is None."""

    def __init__(self, fingerprint: str | None = None):
        self.fingerprint = fingerprint
        # sys.version, not only the minor one: `re`'s code may change with any release
        self.key = (fingerprint, regex.__version__, sys.version)
        self.path = _file("patterns", self.key) if fingerprint else None
        found = _read(self.path, self.key)
        kept, kept_re = found if isinstance(found, tuple) and len(found) == 2 else ({}, {})
        self.patterns = _patterns(kept) if isinstance(kept, dict) else {}
        self.re_code = _re_codes(kept_re) if isinstance(kept_re, dict) else {}  # source → what `re` compiled
        self.added = False  # compiled since the file was read or written
        self.holding = False

    def compile(self, source: str) -> regex.Pattern:
        """`source` compiled, from the file when it holds it; a new one is written to it."""
        found = self.patterns.get(source)
        if found is None:
            found = self.patterns[source] = regex.compile(source)
            self.added = True
            if not self.holding:
                self.save()
        return found

    def compile_re(self, source: str) -> re.Pattern:
        """`source` compiled by the stdlib's `re`, from its code in the file when it holds it. Code is
        kept only when it makes the very pattern `re.compile` makes (equal code, flags and groups); on
        a Python whose `re` is laid out otherwise (3.10) nothing is kept and `re` compiles at every start."""
        code = self.re_code.get(source)
        if code is not None and (kept := _from_code(source, code)) is not None:
            return kept
        made = re.compile(source)
        code = _re_code(source)
        if code is not None and _from_code(source, code) == made:
            self.re_code[source] = code
            self.added = True
            if not self.holding:
                self.save()
        return made

    @contextmanager
    def held(self) -> Iterator[None]:
        """Compile many patterns and write the file once, at the end."""
        self.holding = True
        try:
            yield
        finally:
            self.holding = False
        self.save()

    def save(self) -> None:
        if self.added and self.path and _write(self.path, self.key, (self.patterns, self.re_code)):
            self.added = False

    def frequencies(self, build: Callable[[], tuple[dict, int]], made_from: str) -> tuple[dict[str, int], int]:
        """The segmenter's dictionary once taught this lexicon's terms (word → frequency, and their
        total), which `build` makes (about 20 ms); `made_from` names what else it depends on (the
        shipped words and jieba's version)."""
        key = (self.fingerprint, made_from, sys.implementation.cache_tag)
        path = _file("words", key) if self.fingerprint else None
        found = _read(path, key)
        if _is_dictionary(found):
            return found
        built = build()
        if path:
            _write(path, key, built)
        return built


def _file(kind: str, key: tuple) -> Path | None:
    """The file for `key`, named by its layout too: two versions of zxparse that lay out a file
    otherwise each keep their own instead of writing over the other's at every start."""
    folder = cache_folder()
    name = hashlib.sha256(repr((FORMAT, key)).encode()).hexdigest()[:24]
    return folder / f"{kind}-{name}.pickle" if folder else None


def _read(path: Path | None, key: tuple) -> object:
    """What the file at `path` holds if it is whole and made for `key`; else None."""
    try:
        data = path.read_bytes() if path else b""
    except OSError:
        return None
    digest, payload = data[len(FORMAT) : len(FORMAT) + 32], data[len(FORMAT) + 32 :]
    if not data.startswith(FORMAT) or hashlib.sha256(payload).digest() != digest:
        return None
    try:
        made_for, content = _Unpickler(io.BytesIO(payload)).load()
    except Exception:  # noqa: BLE001 — whatever is wrong with the file, it is made again
        return None
    return content if made_for == key else None


def _write(path: Path, key: tuple, content: object) -> bool:
    """Whether `content` could be kept at `path` (a cache folder that cannot be written is no error)."""
    from .atomic import write_bytes

    payload = pickle.dumps((key, content), protocol=pickle.HIGHEST_PROTOCOL)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(path, FORMAT + hashlib.sha256(payload).digest() + payload)
    except (OSError, OutputError):
        return False
    _prune(path.parent, path.name.split("-")[0])
    return True


def _patterns(found: dict) -> dict[str, regex.Pattern]:
    """The compiled patterns filed under their own source."""
    return {
        source: pattern
        for source, pattern in found.items()
        if isinstance(pattern, regex.Pattern) and pattern.pattern == source
    }


def _re_code(source: str) -> tuple | None:
    """What `re.compile(source)` hands `_sre.compile` after the pattern: flags, code, the number of
    groups, their names both ways (as re._compiler.compile makes them); None where `re` has no such
    parts (Python 3.10)."""
    try:
        from re import _compiler, _parser

        parsed = _parser.parse(source, 0)
        names = dict(parsed.state.groupdict)
        index: list[str | None] = [None] * parsed.state.groups
        for name, number in names.items():
            index[number] = name
        code = [int(word) for word in _compiler._code(parsed, 0)]  # its opcodes are named ints: no pickle
    except (ImportError, AttributeError, TypeError):
        return None
    return parsed.state.flags, code, parsed.state.groups - 1, names, tuple(index)


def _from_code(source: str, code: tuple) -> re.Pattern | None:
    """The pattern `_sre` builds from `code`; None when it refuses the code (it checks it)."""
    try:
        return _sre.compile(source, *code)
    except Exception:  # noqa: BLE001 — whatever is wrong with the code, the pattern is compiled again
        return None


def _re_codes(found: dict) -> dict[str, tuple]:
    """The compiled code of `re` patterns in the shape _re_code makes: plain data, which `_sre` checks."""
    return {
        source: code
        for source, code in found.items()
        if isinstance(source, str)
        and isinstance(code, tuple)
        and len(code) == 5
        and isinstance(code[1], list)
        and all(type(word) is int for word in code[1])
    }


def _is_dictionary(found: object) -> bool:
    return (
        isinstance(found, tuple)
        and len(found) == 2
        and isinstance(found[0], dict)
        and isinstance(found[1], int)
        and all(isinstance(word, str) and isinstance(count, int) for word, count in found[0].items())
    )


def _prune(folder: Path, kind: str) -> None:
    """Keep the KEEP files of a kind written last: each user lexicon leaves one."""
    try:
        files = sorted(folder.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        return


def compiled(source: str) -> regex.Pattern:
    """A pattern of zxparse's own modules, compiled on the first run only: they share one file in the
    cache folder (written at exit, so that a start compiling many writes it once), made again for
    another version of zxparse."""
    return _modules().compile(source)


def compiled_re(source: str) -> re.Pattern:
    """The same for a pattern that the stdlib's `re` runs (a character class over whole blocks of
    Unicode takes it 1–2 ms to compile)."""
    return _modules().compile_re(source)


@cache
def _modules() -> PatternCache:
    from . import __version__

    patterns = PatternCache(f"zxparse {__version__}")
    patterns.holding = True  # saved at exit: a start compiles its modules' patterns one import after another
    atexit.register(patterns.save)
    return patterns
