"""What every HTML page zxparse writes shares: the assets in data/view/ (style, script, the Chinese
labels and topic colours), the page frame that inlines them, and the writer of a page. The review
page (view.py) and the corpus report (corpus_report.py) are built on it."""

from __future__ import annotations

import hashlib
import html
from functools import cache
from importlib import resources
from pathlib import Path

from .build import build

_esc = html.escape


@cache
def labels() -> dict:
    """Chinese names and colours for the page (data/view/labels.yaml)."""
    import yaml

    return yaml.safe_load(_asset("labels.yaml"))


def _asset(name: str) -> str:
    return (resources.files("zhengxie_parse") / "data" / "view" / name).read_text("utf-8")


def topic_colour(code: str) -> str:
    known = labels()["topic_colours"]
    if code in known:
        return known[code]
    spare = labels()["spare_colours"]
    return spare[int(hashlib.sha1(code.encode()).hexdigest(), 16) % len(spare)]


def label(group: str, code: str | None, default: str = "—") -> str:
    """The Chinese name of `code` in `group` (doc_kinds, levels, …), else the code itself."""
    if code is None:
        return default
    return labels()[group].get(code, code)


def committee_family(canonical: str | None) -> str | None:
    """A committee's family as a person reads it, from the shipped lexicon; a merged committee
    (经科与人资环委: 'economy+population_resources_environment') by both."""
    if canonical is None:
        return None
    from .lexicon import shipped

    families = shipped("committees")["families"]
    return "与".join(family_name(part, families) for part in canonical.split("+"))


def family_name(canonical: str, families: dict[str, list[str]]) -> str:
    """A committee family as a page names it: its label, else the first name the lexicon lists for it
    (`families`), else its code."""
    return labels()["committee_families"].get(canonical) or families.get(canonical, [canonical])[0]


def shell(title: str, body: str, css: str, script: str = "", made_from: str | None = None) -> str:
    """A whole page: the shared style, the page's own style and script, all inline; `made_from`
    records what the page was drawn from, for a later batch to tell whether it is up to date."""
    stamp = f'<meta name="zxparse-made-from" content="{_esc(made_from)}">\n' if made_from else ""
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="zxparse {build()}">\n{stamp}'
        f"<title>{_esc(title)}</title>\n<style>\n{_asset('base.css')}{_asset(css)}</style>\n</head>\n"
        f"<body>\n{body}\n{f'<script>{_asset(script)}</script>' if script else ''}\n</body>\n</html>\n"
    )


def write_page(path: Path, text: str) -> None:
    """Write a page through zxparse's one writer (atomic.write_file): whole or not at all, since a page
    cut off by a full disk would look fine and hold half a plan."""
    from .atomic import write_file

    write_file(path, text.encode("utf-8"))
