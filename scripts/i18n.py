"""Keep the Chinese message catalog in step with the code (needs Babel: `pip install -e ".[test]"`).

    python scripts/i18n.py update    # the .po gains every new message (empty), loses every gone one
    python scripts/i18n.py compile   # the .mo from the .po (commit both)
    python scripts/i18n.py check     # exit 1 when a message is missing, untranslated, or the .mo is stale

The messages are every literal in `_()` / `ngettext()`, every literal reason of an error a user can
cause (`InputNotFound(path, "no such file")`), and every text the command line's help shows (each
paragraph, option help, metavar and example comment), collected by drawing the help of every command
with a catalog that records what it is asked for.
"""

from __future__ import annotations

import gettext
import io
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "zhengxie_parse"
PO = PACKAGE / "locale" / "zh_CN" / "LC_MESSAGES" / "zxparse.po"
MO = PO.with_suffix(".mo")
ERRORS = ("InputNotFound", "UnsupportedFormat", "UnreadableInput", "LexiconError", "OutputError")
KEYWORDS = {"_": None, "ngettext": (1, 2), **{name: (2,) for name in ERRORS}}


def source_messages() -> set[str | tuple[str, str]]:
    """The literal messages in the package's code (a plural as its two English forms)."""
    with redirect_stderr(io.StringIO()):  # Babel's note on each reason with a value in it (an f-string)
        found = extract_from_dir(PACKAGE, keywords=KEYWORDS)
        return {message for _, _, message, *_ in found if _key(message).strip()}


class _Recorder(gettext.NullTranslations):
    def __init__(self):
        super().__init__()
        self.asked: set[str] = set()

    def gettext(self, message):
        self.asked.add(message)
        return message


def help_messages() -> set[str]:
    """What the command line's help asks to translate, as it draws every command's help."""
    sys.path.insert(0, str(ROOT / "src"))
    import typer.main

    from zhengxie_parse import cli, i18n

    recorder = _Recorder()
    i18n.use("en", recorder)
    try:
        cli._localise_typer()
        group = typer.main.get_command(cli.app)
        with redirect_stdout(io.StringIO()):
            ctx = group.make_context("zxparse", ["-h"], resilient_parsing=True)
            group.get_help(ctx)
            for name, command in group.commands.items():
                command.get_help(command.make_context(name, [], parent=ctx, resilient_parsing=True))
    finally:
        i18n.use("en")  # the process speaks English again, as the library does by default
    return {message for message in recorder.asked if message.strip()}


def messages() -> set[str | tuple[str, str]]:
    return source_messages() | help_messages()


def _key(message: str | tuple[str, str]) -> str:
    return message[0] if isinstance(message, tuple) else message


def update() -> None:
    """Every message in the .po, translations kept; gone ones removed."""
    old = read_po(PO.open("rb")) if PO.exists() else Catalog(locale="zh_CN", domain="zxparse")
    new = Catalog(locale="zh_CN", domain="zxparse", project="zxparse", fuzzy=False)
    for message in sorted(messages(), key=_key):
        kept = old.get(_key(message))
        new.add(message, kept.string if kept else ("", "") if isinstance(message, tuple) else "")
    PO.parent.mkdir(parents=True, exist_ok=True)
    with PO.open("wb") as out:
        write_po(out, new, width=0, omit_header=False, sort_output=True, no_location=True)


def compiled() -> bytes:
    """The .mo that the .po compiles to."""
    buffer = io.BytesIO()
    write_mo(buffer, read_po(PO.open("rb")))
    return buffer.getvalue()


def problems() -> list[str]:
    """What is out of step: messages the .po lacks or does not translate, ones it keeps for nothing,
    and a .mo not compiled from it."""
    catalog = read_po(PO.open("rb"))
    wanted = {_key(m) for m in messages()}
    held = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalog if m.id}
    out = [f"not in the catalog: {m!r}" for m in sorted(wanted - set(held))]
    out += [f"in the catalog for nothing: {m!r}" for m in sorted(set(held) - wanted)]
    out += [f"not translated: {m!r}" for m, entry in sorted(held.items()) if not all(_strings(entry))]
    if not MO.exists() or MO.read_bytes() != compiled():
        out.append(f"{MO.name} is not compiled from {PO.name}: run scripts/i18n.py compile")
    return out


def _strings(entry) -> list[str]:
    return list(entry.string) if isinstance(entry.string, tuple) else [entry.string]


def main() -> int:
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "update":
        update()
    elif command == "compile":
        MO.write_bytes(compiled())
    elif command == "check":
        found = problems()
        print("\n".join(found) or "catalog in step")
        return 1 if found else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
