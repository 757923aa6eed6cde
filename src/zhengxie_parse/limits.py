"""The most work one input may cost: `data/limits.yaml`, any of it overridden by the file the
ZXPARSE_LIMITS environment variable names; and, read the same way, the numbers that tune the rules:
`data/options.yaml` under ZXPARSE_OPTIONS. Bytes bound what is read; these bound what is done with
it — pages, unpacked sizes, attributes, and time: a document's read and parse run on a budget, and a
user lexicon's patterns on one of their own, counted over the whole document rather than per call.

The file is one `name: number` a line (valid YAML, read without a YAML parser: every command reads
it, and a start should not pay for one)."""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from .errors import EXIT_USAGE, UnreadableInput, ZxError
from .i18n import _

ENV = "ZXPARSE_LIMITS"


class LimitsError(ZxError):
    exit_code = EXIT_USAGE  # a limits file that does not read is a mistake in how zxparse was run


def _read(text: str, origin: str) -> dict[str, float]:
    values = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, _colon, value = line.partition(":")
        try:
            values[name.strip()] = float(value)
        except ValueError:
            reason = _("line {line}: not `name: number` ({text})").format(line=number, text=line[:40])
            raise LimitsError(origin, reason) from None
        if values[name.strip()] <= 0:
            raise LimitsError(origin, _("line {line}: a limit is a number above 0").format(line=number))
    return values


def _layered(name: str, variable: str, unknown_name: str) -> dict[str, float]:
    """The numbers of `data/<name>`, any of them overridden by the file the environment `variable`
    names; `unknown_name` is the message for a name the shipped file does not have."""
    shipped = _read((resources.files(__package__) / "data" / name).read_text("utf-8"), f"data/{name}")
    path = os.environ.get(variable)
    if not path:
        return shipped
    try:
        own = _read(Path(path).read_text("utf-8"), path)
    except (OSError, UnicodeDecodeError) as exc:
        reason = _("the {variable} file cannot be read ({why})").format(
            variable=variable, why=getattr(exc, "strerror", None) or exc
        )
        raise LimitsError(path, reason) from None
    unknown = sorted(set(own) - set(shipped))
    if unknown:
        raise LimitsError(path, unknown_name.format(name=unknown[0], names=", ".join(shipped)))
    return shipped | own


@cache
def limits() -> dict[str, float]:
    return _layered("limits.yaml", ENV, _("no limit named {name} (the limits are {names})"))


def limit(name: str) -> float:
    return limits()[name]


OPTIONS_ENV = "ZXPARSE_OPTIONS"


@cache
def options() -> dict[str, float]:
    """The numbers that tune the rules (`data/options.yaml`), layered as the limits are, under
    ZXPARSE_OPTIONS (`--options FILE` sets it)."""
    layered = _layered("options.yaml", OPTIONS_ENV, _("no option named {name} (the options are {names})"))
    return _counted(layered)


def _counted(values: Mapping[str, float]) -> dict[str, float]:
    """`values` with each whole number an int (a count of characters), each share a float."""
    return {name: int(value) if float(value).is_integer() else value for name, value in values.items()}


# A parse's own options (document.Options.tuning), over the files' while its stages run.
_TUNED: ContextVar[Mapping[str, float]] = ContextVar("tuned", default=MappingProxyType({}))


def option(name: str) -> float:
    """An option's value — the parse's own, else the files' — a count of characters as an int, a
    share as a float."""
    tuned = _TUNED.get()
    return tuned[name] if name in tuned else options()[name]


@contextmanager
def tuned(values: Mapping[str, float]) -> Iterator[None]:
    """Within it, `values` (option name → number, names checked by the caller) override the files'."""
    token = _TUNED.set(_counted(values))
    try:
        yield
    finally:
        _TUNED.reset(token)


def over(path: object, name: str, what: str) -> UnreadableInput:
    """The error of a document over limit `name` (exit 5): what it holds, and the limit by name."""
    value = limit(name)
    shown = f"{value:,.0f}" if value.is_integer() else f"{value:g}"
    return UnreadableInput(path, _("over the limit {name} ({value}): {what}").format(name=name, value=shown, what=what))


def check_shape(data: object, values: int, nesting: int) -> None:
    """ValueError if `data` (a plan or lexicon file as loaded) nests deeper than `nesting`, holds more
    than `values` values once YAML aliases are expanded, or contains itself. Each shared container is
    measured once and nothing recurses, so a crafted file costs no more than its size."""
    measured: dict[int, tuple[int, int]] = {}  # id → (values, nesting), containers only
    on_path: set[int] = set()
    stack: list[tuple[object, bool]] = [(data, False)]
    while stack:
        value, children_done = stack.pop()
        if not isinstance(value, dict | list):
            continue
        children = list(value.values()) if isinstance(value, dict) else value
        if not children_done:
            if id(value) in measured:
                continue
            if id(value) in on_path:
                raise ValueError(_("contains itself (a YAML alias loop)"))
            on_path.add(id(value))
            stack.append((value, True))
            stack += [(child, False) for child in children if isinstance(child, dict | list)]
            continue
        count, depth = 1, 1
        for child in children:
            child_count, child_depth = measured.get(id(child), (1, 0)) if isinstance(child, dict | list) else (1, 0)
            count, depth = count + child_count, max(depth, child_depth + 1)
        if depth > nesting:
            raise ValueError(_("nested deeper than {levels} levels").format(levels=nesting))
        if count > values:
            raise ValueError(_("holds more than {n} values once YAML aliases are expanded").format(n=f"{values:,}"))
        measured[id(value)] = (count, depth)
        on_path.discard(id(value))


class _OutOfTime(BaseException):
    """The document's time ran out: a BaseException, so no reader's `except Exception` takes it for
    a damaged file."""


_AGAIN_SECONDS = 0.05  # after the time is out, until the work has stopped
_budget = threading.local()  # the document being parsed in this thread, and what its lexicon has spent


@contextmanager
def document_budget(path: object):
    """Reading and parsing `path` within `document_seconds` (a SIGALRM timer, so only in the main
    thread of a POSIX system; a caller's own thread runs unbounded), its user patterns within
    `lexicon_seconds`. Nested uses run in the outer one's budget."""
    if getattr(_budget, "active", False):
        yield
        return
    seconds = limit("document_seconds")
    timed = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGALRM, _out_of_time) if timed else None
    hook, sys.unraisablehook = sys.unraisablehook, _unraisable
    _budget.active, _budget.patterns = True, 0.0
    try:
        try:
            if timed:  # and again and again: an alarm inside a __del__ is only printed, never raised
                signal.setitimer(signal.ITIMER_REAL, seconds, _AGAIN_SECONDS)
            yield
        finally:  # inside the outer try: a timer that fires as the work ends is still caught
            if timed:
                signal.setitimer(signal.ITIMER_REAL, 0)
    except _OutOfTime:
        raise over(
            path,
            "document_seconds",
            _("reading and parsing took longer than {seconds} s").format(seconds=f"{seconds:g}"),
        ) from None
    finally:
        if timed:
            signal.signal(signal.SIGALRM, previous)
        sys.unraisablehook = hook
        _budget.active = False


def _out_of_time(_signum, _frame) -> None:
    raise _OutOfTime


def _unraisable(unraisable) -> None:
    """An alarm that fell in a __del__ (which Python prints and drops; the next one stops the work)
    says nothing; anything else is printed as Python would."""
    if not isinstance(unraisable.exc_value, _OutOfTime):
        sys.__unraisablehook__(unraisable)


def patterns_left() -> float | None:
    """Seconds a user lexicon's patterns may still spend on the document (None: no document)."""
    if not getattr(_budget, "active", False):
        return None
    return limit("lexicon_seconds") - _budget.patterns


def spent_on_patterns(seconds: float) -> None:
    if getattr(_budget, "active", False):
        _budget.patterns += seconds
