"""The lexicon's patterns, compiled once and kept in the user's cache folder between runs.

`regex` compiles a pattern in pure Python: the lexicon's patterns took about 70 ms of every start, more
than a plan's parse. A compiled pattern pickles as its compiled code and unpickles without compiling
again. The file lives in `$XDG_CACHE_HOME/zxparse` (else `~/.cache/zxparse`), never beside the
package; its name and its contents carry what made it — the lexicon's fingerprint, the `regex`
version and the Python that ran it — and a checksum. A file that is cut, corrupt, or made by another
lexicon or version is ignored and written again; a cache folder that cannot be written only makes the
start slower.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import regex

from .errors import OutputError

FORMAT = b"zxparse compiled patterns 1\n"  # changed whenever the file's layout changes
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
        self.key = (fingerprint, regex.__version__, sys.implementation.cache_tag)
        folder = cache_folder() if fingerprint else None
        name = hashlib.sha256(repr(self.key).encode()).hexdigest()[:24]
        self.path = folder / f"patterns-{name}.pickle" if folder else None
        self.patterns = self._read()
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
        if not (self.added and self.path):
            return
        from .atomic import write_bytes

        payload = pickle.dumps((self.key, self.patterns), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_bytes(self.path, FORMAT + hashlib.sha256(payload).digest() + payload)
        except (OSError, OutputError):
            return
        self.added = False
        _prune(self.path.parent)

    def _read(self) -> dict[str, regex.Pattern]:
        """The patterns in the file, if it is whole and made for this key; else none."""
        try:
            data = self.path.read_bytes() if self.path else b""
        except OSError:
            return {}
        digest, payload = data[len(FORMAT) : len(FORMAT) + 32], data[len(FORMAT) + 32 :]
        if not data.startswith(FORMAT) or hashlib.sha256(payload).digest() != digest:
            return {}
        try:
            key, patterns = _Unpickler(io.BytesIO(payload)).load()
        except Exception:  # noqa: BLE001 — whatever is wrong with the file, it is made again
            return {}
        if key != self.key or not isinstance(patterns, dict):
            return {}
        return {
            source: found
            for source, found in patterns.items()
            if isinstance(found, regex.Pattern) and found.pattern == source
        }


def _prune(folder: Path) -> None:
    """Keep the KEEP cache files written last: each user lexicon leaves one."""
    try:
        files = sorted(folder.glob("patterns-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        return
