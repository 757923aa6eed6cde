"""What every HTML page zxparse writes shares: the assets in data/view/ (style, script, the Chinese
labels and topic colours), the page frame that inlines them, and a writer that leaves a page whole or
absent. The review page (view.py) and the corpus report (report.py) are built on it."""

from __future__ import annotations

import hashlib
import html
import os
import tempfile
from functools import cache
from importlib import resources
from pathlib import Path

from . import __version__

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


def shell(title: str, body: str, css: str, script: str = "") -> str:
    """A whole page: the shared style, the page's own style and script, all inline."""
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="zxparse {__version__}">\n'
        f"<title>{_esc(title)}</title>\n<style>\n{_asset('base.css')}{_asset(css)}</style>\n</head>\n"
        f"<body>\n{body}\n{f'<script>{_asset(script)}</script>' if script else ''}\n</body>\n</html>\n"
    )


def write_page(path: Path, text: str) -> None:
    """Write `text` to `path` whole or not at all: a page cut off by a full disk would look fine
    and hold half a plan."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temp, 0o666 & ~_umask())  # mkstemp makes the file private; a page is as shareable as any
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


@cache
def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
