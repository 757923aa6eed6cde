"""Word 97–2003 .doc, still common in government offices: converted to .docx by LibreOffice
(`soffice --headless --convert-to docx`) in a temporary directory, then read as .docx. The input
file is only read; without LibreOffice the error says what to install."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..blocks import Block
from ..errors import UnreadableInput, UnsupportedFormat
from ..lexicon import Lexicon
from . import word

CONVERT_TIMEOUT = 180  # seconds; a first start of LibreOffice alone can take half a minute


def blocks(data: bytes, path: Path, lex: Lexicon) -> tuple[list[Block], None]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    renamed = "" if path.suffix.lower() == ".doc" else f" (a .doc file named {path.suffix})"
    if soffice is None:
        raise UnsupportedFormat(
            path, f"Word 97–2003 format{renamed} needs LibreOffice: install it (soffice on PATH) or save as .docx"
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
                path, f"LibreOffice could not convert the .doc file ({exc.__class__.__name__})"
            ) from None
        converted = Path(tmp) / "input.docx"
        if not converted.is_file():
            raise UnreadableInput(path, f"LibreOffice could not convert this .doc file{renamed} (damaged?)")
        return word.blocks(converted.read_bytes(), path, lex)
