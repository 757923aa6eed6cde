"""Word 97–2003 .doc, still common in government offices: converted to .docx by LibreOffice
(`soffice --headless --convert-to docx`) in a temporary directory, then read as .docx. The input
file is only read; without LibreOffice the error says what to install. Before any conversion the
file must be a real Word document: an OLE compound file (parsed by olefile) holding a WordDocument
stream that starts with Word's signature — a Word 97 header followed by junk, a damaged download or an
Excel workbook renamed .doc is refused, where LibreOffice would turn it into a plan of garbage."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..blocks import Block
from ..errors import UnreadableInput, UnsupportedFormat
from ..i18n import _
from ..lexicon import Lexicon
from . import word

CONVERT_TIMEOUT = 180  # seconds; a first start of LibreOffice alone can take half a minute


_WORD_SIGNATURES = (b"\xec\xa5", b"\xdc\xa5")  # the FIB's wIdent: Word 97–2003, Word 6/95


def _other_office() -> dict[str, str]:
    """What an OLE file with one of these streams is (called each time: in the language chosen)."""
    return {
        "Workbook": _("an Excel workbook"),
        "Book": _("an Excel workbook"),
        "PowerPoint Document": _("a PowerPoint file"),
    }


def blocks(data: bytes, path: Path, lex: Lexicon) -> tuple[list[Block], None]:
    _check_word(data, path)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    renamed = "" if path.suffix.lower() == ".doc" else _(" (a .doc file named {suffix})").format(suffix=path.suffix)
    if soffice is None:
        raise UnsupportedFormat(
            path,
            _("Word 97–2003 format{renamed} needs LibreOffice: install it (soffice on PATH) or save as .docx").format(
                renamed=renamed
            ),
        )
    with tempfile.TemporaryDirectory(prefix="zxparse-") as tmp:
        source = Path(tmp) / "input.doc"
        source.write_bytes(data)
        command = [soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp}/profile"]
        command += ["--convert-to", "docx", "--outdir", tmp, str(source)]
        try:
            subprocess.run(command, capture_output=True, timeout=CONVERT_TIMEOUT, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise UnreadableInput(
                path, _("LibreOffice could not convert the .doc file ({why})").format(why=exc.__class__.__name__)
            ) from None
        converted = Path(tmp) / "input.docx"
        if not converted.is_file():
            reason = _("LibreOffice could not convert this .doc file{renamed} (damaged?)")
            raise UnreadableInput(path, reason.format(renamed=renamed))
        return word.blocks(converted.read_bytes(), path, lex)


def _check_word(data: bytes, path: Path) -> None:
    import olefile

    try:
        ole = olefile.OleFileIO(data)
        if ole.exists("WordDocument") and ole.openstream("WordDocument").read(2) in _WORD_SIGNATURES:
            return
        what = next(
            (name for stream, name in _other_office().items() if ole.exists(stream)), _("no Word document in it")
        )
    except Exception:  # noqa: BLE001 — on junk olefile raises OleFileError, ValueError, struct.error…
        what = _("damaged or not a Word file after its header")
    raise UnreadableInput(path, _("not a readable Word 97–2003 file: {what}").format(what=what))
