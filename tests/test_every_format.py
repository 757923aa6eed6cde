"""Every format gives the plan of its .txt (issue 21): each document rendered to .docx (typed, and
with Word's automatic numbering drawing its markers), to a web page, to GB18030 text and — when
LibreOffice is installed — to .pdf gives the outline labels, item titles, title and kind of the .txt.

The documents are the samples, and the .txt files of the folder `ZXPARSE_CORPUS` names (a corpus of
real documents kept outside the project) when it is set. The renderers are those of
scripts/make_format_fixtures.py, which makes the committed fixtures of the samples."""

import os
import shutil
import sys
from functools import cache
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES

from zhengxie_parse import parse_file
from zhengxie_parse.models import walk

sys.path.insert(0, str(ROOT / "scripts"))
from make_format_fixtures import (
    AutoNumbering,
    add_line,
    auto_docx,
    lines_and_headings,
    new_document,
    soffice,
    typed_docx,
    web_page,
)

CORPUS = Path(os.environ["ZXPARSE_CORPUS"]) if os.environ.get("ZXPARSE_CORPUS") else None
DOCS = sorted(SAMPLES.glob("*.txt")) + (sorted(CORPUS.glob("*.txt")) if CORPUS else [])


def reading(plan):
    """What every format must agree on: the outline's labels, the items' titles, the title and kind."""
    labels = [n.label.strip() for n, _ in walk(plan.outline)]
    title = "".join((plan.meta.title or "").split())  # a PDF cannot tell a space from a gap between fonts
    return labels, [i.title for i in plan.items], title, plan.meta.doc_kind


@cache
def txt_reading(doc: Path):
    return reading(parse_file(doc))


@pytest.fixture(scope="session")
def rendered(tmp_path_factory) -> Path:
    """Each document as typed .docx, auto-numbered .docx, .html and GB18030 text; .pdf too when
    soffice is there."""
    out = tmp_path_factory.mktemp("every_format")
    for doc in DOCS:
        lines, headings = lines_and_headings(doc)
        typed_docx(lines, headings).save(out / f"{doc.stem}.docx")
        auto_docx(doc, lines, headings).save(out / f"{doc.stem}.autonum.docx")
        titled = parse_file(doc).meta.title == lines[0]  # a page's title goes in its <h1>, the rest in its body
        (out / f"{doc.stem}.html").write_bytes(web_page(lines if titled else ["", *lines]).encode("gb18030"))
        (out / f"{doc.stem}.gbk.txt").write_bytes(doc.read_text("utf-8").encode("gb18030"))
    if shutil.which("soffice"):
        typed = [out / f"{doc.stem}.docx" for doc in DOCS]
        soffice(typed[0], "pdf", out, *typed[1:])
    return out


@pytest.mark.parametrize("kind", ["docx", "autonum.docx", "html", "gbk.txt", "pdf"])
@pytest.mark.parametrize("doc", DOCS, ids=[d.stem[:24] for d in DOCS])
def test_every_format_gives_the_plan_of_the_txt(rendered, doc, kind):
    path = rendered / f"{doc.stem}.{kind}"
    if kind == "pdf" and not path.exists():
        pytest.skip("LibreOffice (soffice) is not installed")
    plan = parse_file(path)
    assert reading(plan) == txt_reading(doc)
    if kind != "pdf":  # a PDF may break a line of site chrome apart from the words that mark it
        assert plan.source.fingerprint == parse_file(doc).source.fingerprint


def test_a_word_list_after_a_typed_first_entry_keeps_that_entry(tmp_path):
    """'主要内容：1.…' typed, then Word's automatic list, which counts from 1 again: the typed entry is
    an item too, and the repeated number is reported."""
    document = new_document("协商计划")
    auto = AutoNumbering(document, ["cn", "arabic"], set())
    auto.define({"cn": "一、", "arabic": "1."})
    auto.apply(add_line(document, "重点协商议题", True), "cn", 1)
    add_line(document, "主要内容：1.关于推动制造业数字化转型", False)
    for ordinal, title in enumerate(["关于加强基层医疗卫生服务能力建设", "关于优化营商环境"], start=1):
        auto.apply(add_line(document, title, True), "arabic", ordinal)
    document.save(tmp_path / "plan.docx")
    plan = parse_file(tmp_path / "plan.docx")
    assert [i.title for i in plan.items] == [
        "关于推动制造业数字化转型",
        "关于加强基层医疗卫生服务能力建设",
        "关于优化营商环境",
    ]
    assert "numbering_repeat" in [d.code for d in plan.diagnostics]
