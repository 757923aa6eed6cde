from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from zhengxie_parse.blocks import Block
from zhengxie_parse.lexicon import load_lexicon
from zhengxie_parse.models import Plan, Source
from zhengxie_parse.pipeline import parse_blocks
from zhengxie_parse.readers.text import text_blocks

# zxparse keeps compiled patterns in the user's cache folder: the tests (and the commands they run) keep theirs apart
CACHE = os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="zxparse-tests-cache-")
# The tests read zxparse's English, whatever the locale of the machine; tests/test_i18n.py chooses
# Chinese where it means to.
os.environ["ZXPARSE_LANG"] = "en"
ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def pytest_sessionfinish(session: pytest.Session) -> None:
    shutil.rmtree(CACHE, ignore_errors=True)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from the current output")


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return request.config.getoption("--update-golden")


@pytest.fixture(scope="session")
def lex():
    return load_lexicon()


def blocks(text: str) -> list[Block]:
    return text_blocks(text)


def parse_text(text: str) -> Plan:
    source = Source(path="<test>", format="txt", sha256="0" * 64, encoding="utf-8")
    return parse_blocks(source, text_blocks(text))


def read_fixtures(name: str) -> list[tuple[str, str, str]]:
    """Cases in markdown-it's fixture style: a title line, then '.', the input, '.', the expected
    output, '.'. Blank lines between cases are ignored; the input keeps its own blank lines."""
    lines = (FIXTURES / name).read_text("utf-8").split("\n")
    cases, i = [], 0
    while i < len(lines):
        if not lines[i].strip() or lines[i].startswith("//"):
            i += 1
            continue
        title = lines[i].strip()
        parts = []
        i += 1
        for _ in range(2):
            assert lines[i] == ".", f"{name}: case '{title}' needs '.' at line {i + 1}"
            j = lines.index(".", i + 1)
            parts.append("\n".join(lines[i + 1 : j]))
            i = j
        cases.append((title, parts[0], parts[1]))
        i += 1
    return cases
