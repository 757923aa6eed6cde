"""The Word 任务分解表 an office circulates: for each plan a landscape A4 section with an optional
附件 label, the title, and the task table — thin borders, a header row Word and LibreOffice repeat on
every page, a full-width row for each part of the plan above its items — and '第 x 页 共 y 页' in the
footer. Fonts follow official documents (GB/T 9704 habits): 小标宋 title, 黑体 headers, 仿宋 text,
each set for Chinese (w:eastAsia) and given in the font table a fallback Word takes when it is not
installed. Columns, fonts, sizes and margins are data (`data/task_sheet.yaml`, `word:`).

Written with python-docx, imported only when a Word table is asked for."""

from __future__ import annotations

import io
import zipfile

from .lexicon import Lexicon, default_lexicon
from .models import Plan
from .safe_text import SheetCells
from .tasks import item_rows, layout, sheet_columns, sheet_title

A4 = (29.7, 21.0)  # centimetres, landscape
HEADER_SHADE = "D9D9D9"  # the header row, grey as offices print it
PART_SHADE = "F2F2F2"  # a row naming a part of the plan
FONT_TABLE = "word/fontTable.xml"


def docx_bytes(plans: list[Plan], lex: Lexicon | None = None, attachment: str | None = None) -> bytes:
    """A .docx with one section a plan (several plans: each starts a page); `attachment` is the label
    above each title ('附件', '附件2'), none when None."""
    from docx import Document
    from docx.enum.section import WD_SECTION

    lex = lex or default_lexicon()
    doc = Document()
    _base_style(doc)
    text = SheetCells("a Word document")
    for n, plan in enumerate(plans):
        section = doc.sections[0] if n == 0 else doc.add_section(WD_SECTION.NEW_PAGE)
        _page(section)
        if attachment:
            _paragraph(doc, text(attachment), "heading", "attachment", align="left")
        _paragraph(doc, text(sheet_title([plan])), "title", "title", align="center", after=12)
        _table(doc, plan, lex, text)
    _footer(doc.sections[0])
    text.say()
    buffer = io.BytesIO()
    doc.save(buffer)
    return _with_fallbacks(buffer.getvalue())


def _word() -> dict:
    return layout()["word"]


def _fonts(run, role: str, size: str, bold: bool = False) -> None:
    """A run in the font of `role` (title, heading, body) for Chinese and the Latin font for the rest."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = _word()["fonts"]["latin"]
    run.font.size = Pt(_word()["sizes"][size])
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), _word()["fonts"][role][0])


def _base_style(doc) -> None:
    """Normal text in 仿宋, Chinese as the East-Asian language (line breaking, punctuation)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    normal = doc.styles["Normal"]
    normal.font.name = _word()["fonts"]["latin"]
    normal.font.size = Pt(_word()["sizes"]["body"])
    rpr = normal.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), _word()["fonts"]["body"][0])
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    rpr.append(lang)
    normal.paragraph_format.space_after = Pt(0)


def _page(section) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(A4[0]), Cm(A4[1])
    margins = _word()["margins"]
    section.top_margin, section.bottom_margin = Cm(margins["top"]), Cm(margins["bottom"])
    section.left_margin, section.right_margin = Cm(margins["left"]), Cm(margins["right"])


def _paragraph(doc_or_cell, text: str, role: str, size: str, align: str = "left", bold: bool = False, after: int = 0):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = doc_or_cell.add_paragraph()
    paragraph.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER}[align]
    paragraph.paragraph_format.space_after = Pt(after)
    _fonts(paragraph.add_run(text), role, size, bold)
    return paragraph


def _table(doc, plan: Plan, lex: Lexicon, text: SheetCells) -> None:
    """The plan's items under a repeated header, a shaded full-width row where a part of the plan
    begins (its headings as written: '一、坚持党建引领 / （一）加强学习'); `text` makes a document's
    text fit for Word."""
    from docx.shared import Cm

    columns = [c for c in sheet_columns() if c.word]
    table = doc.add_table(rows=1, cols=len(columns))
    table.autofit = False
    _table_properties(table)
    for cell, column in zip(table.rows[0].cells, columns, strict=True):
        _cell(cell, column.name, "heading", "header", bold=True, align="center", shade=HEADER_SHADE)
    _repeat_header(table.rows[0])
    part = None
    for section, row in item_rows(plan, lex):
        if section and section != part:
            merged = table.add_row().cells
            cell = merged[0].merge(merged[-1])
            _cell(cell, text(" / ".join(section)), "heading", "body", bold=True, shade=PART_SHADE)
            part = section
        for cell, column in zip(table.add_row().cells, columns, strict=True):
            _cell(
                cell, text(str(row[column.name])), "body", "body", align="center" if column.name == "序号" else "left"
            )
    for number, column in enumerate(columns):
        for cell in table.columns[number].cells:
            cell.width = Cm(column.word)
    grid = table._tbl.tblGrid  # LibreOffice sizes columns by the grid, Word by the cells
    for col, column in zip(grid.gridCol_lst, columns, strict=True):
        col.w = Cm(column.word)


def _cell(cell, text: str, role: str, size: str, bold: bool = False, align: str = "left", shade: str | None = None):
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT

    cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)  # a cell starts with one
    for line in text.split("\n"):
        _paragraph(cell, line, role, size, align=align, bold=bold)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    if shade:
        _set(cell._tc.get_or_add_tcPr(), "w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": shade})


def _table_properties(table) -> None:
    """Thin single borders on every edge and between all cells; a fixed layout, so the widths hold."""
    from docx.oxml import OxmlElement

    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        _set(borders, f"w:{edge}", {"w:val": "single", "w:sz": "4", "w:space": "0", "w:color": "000000"})
    properties.append(borders)
    _set(properties, "w:tblLayout", {"w:type": "fixed"})


def _repeat_header(row) -> None:
    """The header row repeats at the top of every page (w:tblHeader) and is never split."""
    properties = row._tr.get_or_add_trPr()
    _set(properties, "w:tblHeader", {"w:val": "true"})
    _set(properties, "w:cantSplit", {"w:val": "true"})


def _set(parent, tag: str, attributes: dict[str, str]):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(name), value)
    parent.append(element)
    return element


def _footer(section) -> None:
    """'第 x 页 共 y 页', centred: PAGE and NUMPAGES fields (every section follows the first's footer)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text, field in (("第 ", None), (None, "PAGE"), (" 页 共 ", None), (None, "NUMPAGES"), (" 页", None)):
        if field is None:
            _fonts(paragraph.add_run(text), "body", "footer")
        else:
            _field(paragraph, field)


def _field(paragraph, instruction: str) -> None:
    """A field Word and LibreOffice compute on display: begin, the instruction, a value shown until
    then, end."""

    def run():
        added = paragraph.add_run()
        _fonts(added, "body", "footer")
        return added

    _set(run()._r, "w:fldChar", {"w:fldCharType": "begin"})
    _set(run()._r, "w:instrText", {"xml:space": "preserve"}).text = f" {instruction} "
    _set(run()._r, "w:fldChar", {"w:fldCharType": "separate"})
    run().text = "1"
    _set(run()._r, "w:fldChar", {"w:fldCharType": "end"})


def _with_fallbacks(data: bytes) -> bytes:
    """The .docx with each named Chinese font in its font table, the font to take in its stead as
    w:altName (python-docx has no API for the font table, so the part is rewritten in the package)."""
    from lxml import etree

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    source = zipfile.ZipFile(io.BytesIO(data))
    fonts = etree.fromstring(source.read(FONT_TABLE))
    for name, fallback in (pair for pair in _word()["fonts"].values() if isinstance(pair, list)):
        font = etree.SubElement(fonts, f"{{{w}}}font", {f"{{{w}}}name": name})
        etree.SubElement(font, f"{{{w}}}altName", {f"{{{w}}}val": fallback})
        etree.SubElement(font, f"{{{w}}}charset", {f"{{{w}}}val": "86"})  # GB2312
        etree.SubElement(font, f"{{{w}}}family", {f"{{{w}}}val": "modern"})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == FONT_TABLE:
                content = etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(info, content)
    return out.getvalue()
