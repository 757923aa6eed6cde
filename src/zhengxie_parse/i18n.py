"""The language zxparse speaks to a person: Chinese under a Chinese locale (LANG=zh_CN.UTF-8), English
otherwise; `zxparse --lang zh|en` or ZXPARSE_LANG choose. Messages go through a gettext catalog
(locale/zh_CN/LC_MESSAGES/zxparse.po, compiled to zxparse.mo by scripts/i18n.py). English is the
source text, so a message the catalog lacks is still read. Data is never translated: a plan, its codes
and its diagnostics' messages stay as the contract says; the library speaks English unless the command
line chose, so a program that imports zhengxie_parse gets the same text everywhere."""

from __future__ import annotations

import gettext
import locale
import sys
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "zxparse"

_state = {"lang": "en", "catalog": gettext.NullTranslations()}


def chosen(argv: Sequence[str], environ: Mapping[str, str]) -> str:
    """'zh' or 'en': `--lang X` on the command line, else ZXPARSE_LANG, else the locale (LC_ALL,
    LC_MESSAGES, LANG, the first one set, as gettext reads them; on Windows, its language)."""
    value = ""
    for n, arg in enumerate(argv):
        if arg == "--lang" and n + 1 < len(argv):
            value = argv[n + 1]
        elif arg.startswith("--lang="):
            value = arg.partition("=")[2]
    value = value or environ.get("ZXPARSE_LANG", "")
    value = value or next((environ[k] for k in ("LC_ALL", "LC_MESSAGES", "LANG") if environ.get(k)), "")
    if (
        not value and sys.platform == "win32"
    ):  # Windows sets no LANG: its display language, 'Chinese (Simplified)_China'
        value = locale.getlocale()[0] or ""
    return "zh" if value.lower().startswith(("zh", "chinese")) else "en"


def use(lang: str, catalog: gettext.NullTranslations | None = None) -> None:
    """Speak `lang` from now on in this process (through `catalog`, else the shipped one)."""
    if catalog is None and lang == "zh":
        catalog = _chinese()
    _state.update(lang=lang, catalog=catalog or gettext.NullTranslations())


@cache
def _chinese() -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, str(LOCALE_DIR), languages=["zh_CN"], fallback=True)


def in_chinese(message: str) -> str:
    """`message` in Chinese whatever the language chosen, for the pages (which are Chinese): a failed
    document's reason in the corpus report; as written when the catalog lacks it."""
    return _chinese().gettext(message) if message else message


def lang() -> str:
    return _state["lang"]


def _(message: str) -> str:
    """`message` in the language chosen (itself in English, or when the catalog lacks it)."""
    return _state["catalog"].gettext(message) if message else message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _state["catalog"].ngettext(singular, plural, n)
