"""Regenerate tests/fixtures/formats/: each sample as .docx, auto-numbered .docx, PDF, plus an HTML
page, a Word table and broken files. The fixtures are committed, so tests need none of this.

Needs: the project installed with its fixtures extra (pip install -e ".[fixtures]") and LibreOffice (`soffice`) with a CJK
font and a Western one (Debian: apt-get install libreoffice-writer-nogui fonts-noto-cjk fonts-liberation).
mixed_fonts.pdf is made from mixed_fonts.txt, a plan written for it.

    python scripts/make_format_fixtures.py

Which lines are headings comes from zxparse's own reading of the .txt: the fixtures test that
every other format gives the same reading, not that the reading is right (the goldens do that).
"""

from __future__ import annotations

import html
import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

from zhengxie_parse import parse_file
from zhengxie_parse.models import walk
from zhengxie_parse.numbering import parse_marker

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "formats"
SAMPLES = sorted((ROOT / "samples").glob("*.txt"))
TABLE_SAMPLE = "district_20xx_work_points_web"
HTML_SAMPLE = "chongchuan_2021_consultation_plan"
FONT = "Noto Serif CJK SC"
WESTERN_FONT = "Liberation Serif"  # digits and letters of mixed_fonts.pdf
# marker family → Word number format
FORMATS = {"cn": "chineseCounting", "cn_paren": "chineseCounting", "arabic": "decimal"}
FORMATS |= {"arabic_paren": "decimal", "circled": "decimalEnclosedCircle"}


def lines_and_headings(sample: Path) -> tuple[list[str], dict[int, str]]:
    """Non-blank lines of the sample, and line index → marker family of the lines that open a node."""
    plan = parse_file(sample)
    starts = {n.source.line: n.family for n, _ in walk(plan.outline) if n.family in FORMATS and not n.source.column}
    lines, headings = [], {}
    for number, line in enumerate(sample.read_text("utf-8").split("\n"), start=1):
        if line.strip():
            if number in starts and parse_marker(line.strip()):  # a heading that opens its line
                headings[len(lines)] = starts[number]
            lines.append(line.strip())
    return lines, headings


def new_document(running_header: str) -> docx.Document:
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.size = Pt(14)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    section = document.sections[0]
    section.header.paragraphs[0].text = running_header
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("— ")
    footer._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    footer.add_run(" —")
    return document


def add_line(document: docx.Document, text: str, heading: bool) -> docx.text.paragraph.Paragraph:
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    if heading:
        run.bold = True
    else:
        paragraph.paragraph_format.first_line_indent = Pt(28)  # 首行缩进两字
    return paragraph


class AutoNumbering:
    """Word numbering for the headings: one multi-level list, levels by family in order of first
    appearance; a family whose numbers run on across sections (1…18 under 一…六) gets a list of its
    own; a restart at 1 that Word would not make by itself gets a new instance with startOverride."""

    def __init__(self, document: docx.Document, families: list[str], running_on: set[str]):
        self.numbering = document.part.numbering_part.element
        self.lists: dict[str, tuple[int, int]] = {}  # family → (abstract id, level)
        self.current: dict[int, int] = {}  # abstract id → num id in use
        self.counters: dict[int, dict[int, int]] = {}
        self._nested = [f for f in families if f not in running_on]
        self._running_on = [f for f in families if f in running_on]

    def define(self, labels: dict[str, str]) -> None:
        """Define the abstract lists once the first label of every family is known."""
        next_id = 100
        nested_levels = []
        for level, family in enumerate(self._nested):
            self.lists[family] = (next_id, level)
            nested_levels.append((level, family))
        self._abstract(next_id, nested_levels, labels)
        for family in self._running_on:
            next_id += 1
            self.lists[family] = (next_id, 0)
            self._abstract(next_id, [(0, family)], labels)

    def _abstract(self, abstract_id: int, levels: list[tuple[int, str]], labels: dict[str, str]) -> None:
        xml = "".join(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{FORMATS[family]}"/>'
            f'<w:lvlText w:val="{self._pattern(labels[family], level)}"/>'
            + ('<w:suff w:val="nothing"/>' if family.startswith("cn") else "")
            + "</w:lvl>"
            for level, family in levels
        )
        element = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">{xml}</w:abstractNum>')
        first_num = self.numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(element)
        else:
            self.numbering.append(element)
        self.current[abstract_id] = self._num(abstract_id, None)
        self.counters[abstract_id] = {}

    @staticmethod
    def _pattern(label: str, level: int) -> str:
        marker = parse_marker(label + "甲")
        number = marker.label.strip()
        digits = "".join(ch for ch in number if ch.isdigit() or ch in "一二三四五六七八九十①②③④⑤⑥⑦⑧⑨⑩")
        return html.escape(number.replace(digits, f"%{level + 1}", 1), quote=True)

    def _num(self, abstract_id: int, restart_level: int | None) -> int:
        num_id = len(self.numbering.findall(qn("w:num"))) + 1000
        override = (
            f'<w:lvlOverride w:ilvl="{restart_level}"><w:startOverride w:val="1"/></w:lvlOverride>'
            if restart_level is not None
            else ""
        )
        self.numbering.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>'
            )
        )
        return num_id

    def apply(self, paragraph, family: str, ordinal: int) -> bool:
        """Number `paragraph` automatically; False when Word could not produce `ordinal` here."""
        abstract_id, level = self.lists[family]
        counters = self.counters[abstract_id]
        predicted = counters.get(level, 0) + 1
        if predicted != ordinal:
            if ordinal != 1:
                return False
            self.current[abstract_id] = self._num(abstract_id, level)
            counters.clear()  # a new instance counts from scratch at every level
        counters[level] = ordinal
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        numpr = parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{self.current[abstract_id]}"/></w:numPr>'
        )
        paragraph._p.get_or_add_pPr().append(numpr)
        return True


def running_on_families(sample: Path) -> set[str]:
    """Families whose first child under a new parent does not start at 1 (seed 002's 1…18)."""
    plan = parse_file(sample)
    found = set()
    for node, _ in walk(plan.outline):
        if node.children and node.children[0].ordinal != 1:
            found.add(node.children[0].family)
    return found


def typed_docx(lines: list[str], headings: dict[int, str]) -> docx.Document:
    document = new_document(lines[0][:20])
    for i, line in enumerate(lines):
        add_line(document, line, i in headings)
    return document


def auto_docx(sample: Path, lines: list[str], headings: dict[int, str]) -> docx.Document:
    document = new_document(lines[0][:20])
    families = list(dict.fromkeys(headings.values()))
    labels = {}
    for i, family in headings.items():
        labels.setdefault(family, parse_marker(lines[i]).label)
    auto = AutoNumbering(document, families, running_on_families(sample))
    auto.define(labels)
    for i, line in enumerate(lines):
        if i not in headings:
            add_line(document, line, False)
            continue
        marker = parse_marker(line)
        same_style = auto._pattern(marker.label, 0) == auto._pattern(labels[marker.family], 0)
        paragraph = add_line(document, marker.rest, True)
        if not (same_style and auto.apply(paragraph, marker.family, marker.ordinal)):
            paragraph.runs[0].text = line  # a number Word could not draw here stays typed
    return document


def table_docx(lines: list[str], headings: dict[int, str]) -> docx.Document:
    """Seed 003 with its attachment's list of 33 items as a Word table: 序号 | 主要工作事项 | 牵头单位."""
    document = new_document(lines[0][:20])
    start = next(i for i, line in enumerate(lines) if line == "附件" and i > 5) + 2  # after the table's title
    end = max(headings) + 1
    for i, line in enumerate(lines[:start]):
        add_line(document, line, i in headings)
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["序 号", "主要工作事项", "牵头单位"], strict=True):
        cell.text = text
    for line in lines[start:end]:
        marker = parse_marker(line)
        row = table.add_row().cells
        if marker.family == "cn":
            merged = row[0].merge(row[2])
            merged.text = line
            continue
        title, owner = marker.rest, ""
        if title.endswith(")") and "(" in title:
            title, owner = title[: title.rindex("(")], title[title.rindex("(") + 1 : -1]
        for cell, text in zip(row, [str(marker.ordinal), title, owner], strict=True):
            cell.text = text
    for line in lines[end:]:
        add_line(document, line, False)
    return document


def mixed_fonts_docx(text: str) -> docx.Document:
    """A plan with its digits and letters in a Western font beside the CJK one, as Word sets them by
    default: in its PDF, pdfplumber reads the gaps between the fonts as spaces ('2023 年', '10 月'), and
    a field line under a title that fills its line looks like the title's rest."""
    document = docx.Document()
    for line in text.splitlines():
        run = document.add_paragraph().add_run(line)
        run.font.name = WESTERN_FONT
        run.font.size = Pt(16)
        run._element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    return document


def soffice(source: Path, target_format: str, out_dir: Path, *more: Path) -> Path:
    """`source` (and `more`, converted in the same run) as `target_format` in `out_dir`."""
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            "--convert-to",
            target_format,
            "--outdir",
            str(out_dir),
            str(source),
            *map(str, more),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out_dir / f"{source.stem}.{target_format.split(':')[0]}"


def web_page(lines: list[str]) -> str:
    """A government site's article page around the plan: navigation, breadcrumbs, tools, related
    news and footer — what a researcher's crawler saves."""
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in lines[1:])
    return f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{html.escape(lines[0])}_政协南通市崇川区委员会</title>
<script>var _hmt = _hmt || [];</script><style>.nav li{{float:left}}</style></head>
<body>
<div class="header"><div class="logo">政协南通市崇川区委员会</div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zxyw/">政协要闻</a></li><li><a href="/lzgz/">履职工作</a></li>
<li><a href="/tagz/">提案工作</a></li><li><a href="/wsgz/">文史工作</a></li><li><a href="/wyzc/">委员之窗</a></li></ul></div>
<div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/lzgz/">履职工作</a> &gt; 协商计划</div>
<div class="main">
<div class="article">
<h1 class="title">{html.escape(lines[0])}</h1>
<div class="info">发布时间：2021-02-05 来源：区政协办公室 浏览次数：1024 字号：[<a>大</a> <a>中</a> <a>小</a>]
<a href="javascript:window.print()">打印</a> <a href="javascript:window.close()">关闭</a></div>
<div class="TRS_Editor">
{body}
</div>
</div>
<div class="related"><h3>相关新闻</h3><ul>
<li><a href="/a/1.html">区政协召开主席会议研究年度协商计划</a><span>2021-01-28</span></li>
<li><a href="/a/2.html">区政协开展“有事好商量”协商议事活动</a><span>2021-01-20</span></li>
<li><a href="/a/3.html">区政协十届五次会议胜利闭幕</a><span>2021-01-10</span></li></ul></div>
</div>
<div class="footer"><p>版权所有：政协南通市崇川区委员会 地址：南通市崇川区工农路 邮编：226000</p>
<p>苏ICP备12345678号 技术支持：南通某某网络科技有限公司</p></div>
</body></html>
"""


def broken_files(typed_docx_path: Path, pdf_path: Path, doc_path: Path) -> None:
    from PIL import Image  # here, not above: tests import the renderers without these libraries
    from pypdf import PdfReader, PdfWriter

    data = typed_docx_path.read_bytes()
    (OUT / "bad_truncated.docx").write_bytes(data[: len(data) // 2])
    shutil.copy(doc_path, OUT / "bad_renamed_doc.docx")
    shutil.copy(doc_path, OUT / "real_word97.doc")
    image = Image.new("L", (595, 842), 255)
    for x in range(100, 495):  # a few grey "lines of print", as a scan has: pixels, no text layer
        for y in (150, 180, 210):
            image.putpixel((x, y), 80)
    image.save(OUT / "bad_scanned.pdf", "PDF", resolution=72)
    writer = PdfWriter(clone_from=PdfReader(pdf_path))
    writer.encrypt(user_password="zxparse", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    (OUT / "bad_encrypted.pdf").write_bytes(buffer.getvalue())


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_dir = Path(tmp)
        for sample in SAMPLES:
            lines, headings = lines_and_headings(sample)
            typed = OUT / f"{sample.stem}.typed.docx"
            typed_docx(lines, headings).save(typed)
            auto_docx(sample, lines, headings).save(OUT / f"{sample.stem}.autonum.docx")
            shutil.copy(soffice(typed, "pdf", tmp_dir), OUT / f"{sample.stem}.pdf")
            if sample.stem == TABLE_SAMPLE:
                table_docx(lines, headings).save(OUT / f"{sample.stem}.table.docx")
            if sample.stem == HTML_SAMPLE:
                (OUT / f"{sample.stem}.html").write_bytes(web_page(lines).encode("gb18030"))
                doc = soffice(typed, "doc", tmp_dir)
                broken_files(typed, OUT / f"{sample.stem}.pdf", doc)
        mixed = tmp_dir / "mixed_fonts.docx"
        mixed_fonts_docx((OUT / "mixed_fonts.txt").read_text("utf-8")).save(mixed)
        shutil.copy(soffice(mixed, "pdf", tmp_dir), OUT / "mixed_fonts.pdf")
    print(f"wrote {len(list(OUT.iterdir()))} files to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
