"""The one way zxparse writes a file: under a temporary name beside the target, flushed to disk,
then renamed over it. A plan, a report or a table is therefore complete or absent — never a 0-byte
or cut file newer than its document — whether the process is killed, the disk fills up (ENOSPC) or
a file-size limit (`ulimit -f`) stops the write. A failed write removes its temporary file and
raises OutputError naming the target and the reason."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import OutputError
from .i18n import _

TEMP_PREFIX = ".zxparse-"  # hidden, and short: a target name near the 255-byte limit still gets one
_PENDING: set[Path] = set()  # temporary files being written, removed when the process is stopped


def write_file(path: Path, data: bytes) -> None:
    """Every file zxparse writes goes through here: whole or not at all; OutputError when it cannot
    be written."""
    make_folder(path.parent)
    write_bytes(path, data)


def write_bytes(path: Path, data: bytes) -> None:
    with replacing(path) as temp, open(temp, "wb") as file:
        file.write(data)


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary path beside `path` to write; when the block ends without error it is synced to
    disk and renamed over `path`, otherwise removed."""
    path = Path(path)
    temp = _temp_in(path.parent)
    _PENDING.add(temp)
    try:
        _create(temp)
        yield temp
        _sync(temp)
        os.replace(temp, path)
    except BaseException as exc:
        temp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(path, _("cannot write ({why})").format(why=exc.strerror or exc)) from None
        raise
    finally:
        _PENDING.discard(temp)


def _temp_in(folder: Path) -> Path:
    return folder / f"{TEMP_PREFIX}{secrets.token_hex(6)}.tmp"


def _create(path: Path) -> None:
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))


def _sync(path: Path) -> None:
    """Flush `path` to the disk before it takes the target's name: a full disk or a quota may only
    show now."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def writable_dir(path: Path) -> None:
    """Create folder `path` if needed and prove that a file can be written in it — checked before any
    document is parsed, so a bad -o costs one line, not a batch parsed in vain."""
    path = Path(path)
    make_folder(path)
    probe = _temp_in(path)
    try:
        _create(probe)
        probe.unlink()
    except OSError as exc:
        raise OutputError(path, _("cannot write in this folder ({why})").format(why=exc.strerror or exc)) from None


def make_folder(path: Path) -> None:
    """Create folder `path` and its parents as needed; OutputError when a file is in the way or the
    folder cannot be made."""
    if path.exists() and not path.is_dir():
        raise OutputError(path, "is a file, not a folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(path, _("cannot create the folder ({why})").format(why=exc.strerror or exc)) from None


def remove_pending() -> None:
    """Remove the temporary files of writes under way (the process is being stopped)."""
    for temp in list(_PENDING):
        temp.unlink(missing_ok=True)
