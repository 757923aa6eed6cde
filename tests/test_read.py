import json
import os
import subprocess
import sys

import pytest

from zhengxie_parse.errors import InputNotFound, UnreadableInput, UnsupportedFormat
from zhengxie_parse.read import read
from zhengxie_parse.readers.text import decode, text_blocks

TEXT = "政协2021年工作要点\n一、加强学习\n1．提高政治站位。"


@pytest.mark.parametrize(
    "encoding,detected",
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gbk", "gb18030"),
        ("gb18030", "gb18030"),
        ("utf-16", "utf-16"),
        ("utf-16-le", "utf-16-le"),
        ("utf-16-be", "utf-16-be"),
    ],
)
def test_encodings(encoding, detected):
    assert decode(TEXT.encode(encoding)) == (TEXT, detected)


def test_charset_detection_only_when_utf8_and_gb18030_fail():
    """Detection (charset_normalizer) is slow to import and to run; valid text never pays for it."""
    code = (
        "import sys; from zhengxie_parse.readers.text import decode; "
        f"decode({TEXT.encode('utf-8')!r}); decode({TEXT.encode('gbk')!r}); "
        "print('charset_normalizer' in sys.modules)"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "False"


@pytest.mark.parametrize(
    "data,reason",
    [
        (b"", "empty file"),
        (b"  \r\n\n ", "empty file"),
        (os.urandom(4096), "not a text file"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "not a text file"),
    ],
)
def test_unreadable(data, reason):
    with pytest.raises(UnreadableInput, match=reason):
        decode(data, "x.txt")


def test_missing_and_unsupported(tmp_path, lex):
    with pytest.raises(InputNotFound):
        read(tmp_path / "nope.txt", lex)
    (tmp_path / "plan.xyz").write_text("一、甲")
    with pytest.raises(UnsupportedFormat, match=r"unsupported file type '\.xyz'"):
        read(tmp_path / "plan.xyz", lex)


def test_input_is_not_modified(tmp_path, lex):
    path = tmp_path / "plan.txt"
    path.write_bytes(TEXT.encode("gbk"))
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    source, _ = read(path, lex)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert source.encoding == "gb18030"


def test_blocks_keep_line_numbers_and_pages():
    blocks = text_blocks("甲\n\n乙\f丙\n")
    assert [(b.text, b.line, b.page) for b in blocks] == [("甲", 1, 1), ("乙", 3, 1), ("丙", 3, 2)]


def test_a_10_mb_text_of_one_line_is_parsed(tmp_path):
    """A page that lost every line break and full stop: one 10 MB line, read in linear time (seconds;
    scripts/benchmark.py measures it). The timeout is only a guard against a quadratic step."""
    from test_cli import ZXPARSE

    path = tmp_path / "one-line.txt"
    path.write_text("政协围绕中心工作开展协商，" * 260_000, encoding="utf-8")
    r = subprocess.run([ZXPARSE, "extract", str(path)], capture_output=True, timeout=300, check=False)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["source"]["path"] == str(path)
