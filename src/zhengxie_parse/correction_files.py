"""Where a plan's corrections files would be, without loading `corrections` (its models take about
9 ms of a start): a command asks here first and imports that module only when a file applies."""

from __future__ import annotations

from pathlib import Path

from .models import Plan

SUFFIX = ".corrections.yaml"


def beside(path: Path) -> Path:
    """The conventional corrections file of a document or saved plan: `<stem>.corrections.yaml`."""
    return path.with_name(path.stem + SUFFIX)


def beside_files(plan: Plan, named: Path | None) -> list[Path]:
    """The conventional corrections files there are beside `named` (the document or saved plan
    given; None for standard input) and beside the plan's own document."""
    places = [beside(p) for p in (named, Path(plan.source.path)) if p is not None and str(p) != "-"]
    return [p for p in dict.fromkeys(places) if _is_file(p)]


def _is_file(path: Path) -> bool:
    """Whether a conventional corrections file is there; a name too long to have one has none."""
    try:
        return path.is_file()
    except OSError:
        return False
