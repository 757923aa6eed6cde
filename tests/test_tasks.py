"""The office's task sheet (tasks.py) and the Word 任务分解表 (word_table.py): the rows, where each item
is as a person finds it, and the files as printed — widths, wrapping, borders, the repeated header,
the page — read back from the xlsx and .docx."""

import io

import pytest
from conftest import FIXTURES, SAMPLES, parse_text
from test_cli import in_process

from zhengxie_parse.models import Item, SourceRef
from zhengxie_parse.pipeline import parse_file
from zhengxie_parse.tasks import found_at, item_rows, sheet_columns, units

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PLAN = """政协某某区委员会2024年工作要点
一、加强政治建设
（一）理论武装
1．开展理论学习。组织委员学习。
牵头单位：学习委
配合单位：办公室、研究室
协商部门：区委宣传部
牵头领导：区政协副主席张三
时间安排：全年
二、积极协商议政
2．围绕营商环境开展专题协商。
"""


def _item(ref: SourceRef, label="4．", title="积极协商议政，推进高质量发展") -> Item:
    base = parse_text(PLAN).items[0]
    return base.model_copy(update={"source": ref, "label": label, "title": title})


@pytest.mark.parametrize(
    "fmt,ref,expected",
    [
        ("txt", SourceRef(block=3, line=27), "第27行"),
        ("pdf", SourceRef(block=3, page=2, line=5), "第2页第5行"),
        ("docx", SourceRef(block=3, paragraph=12), "第12段 “4．积极协商议政，推进高质量发展”"),
        ("docx", SourceRef(block=3, paragraph=40, table=1, row=3), "表1第3行 “4．积极协商议政，推进高质量发展”"),
        ("html", SourceRef(block=3, line=80), "第80行 “4．积极协商议政，推进高质量发展”"),
    ],
)
def test_found_at(fmt, ref, expected):
    assert found_at(_item(ref), fmt) == expected


def test_a_long_line_is_quoted_by_its_start():
    item = _item(SourceRef(block=1, paragraph=3), title="积极协商议政，推进高质量发展，助力现代化建设")
    assert found_at(item, "docx") == "第3段 “4．积极协商议政，推进高质量发展…”"


def test_a_row_has_the_task_its_section_and_its_units_apart(lex):
    plan = parse_text(PLAN)
    section, row = item_rows(plan, lex)[0]
    assert section == ["一、加强政治建设", "（一）理论武装"] and row["所属部分"] == "一、加强政治建设 / （一）理论武装"
    assert (row["原编号"], row["议题/任务"], row["类别"]) == ("1．", "开展理论学习", "学习")
    assert row["工作内容"].startswith("组织委员学习。")
    assert (row["牵头单位"], row["配合单位"], row["协商部门"]) == ("学习委", "办公室、研究室", "区委宣传部")
    assert (row["牵头领导"], row["完成时限"], row["进展情况"], row["备注"]) == ("区政协副主席张三", "全年", "", "")
    assert row["事项编号"] == plan.items[0].key
    assert units(plan.items[1], lex) == ([], [])


def test_word_paragraphs_are_quoted(lex):
    """In a Word file 来源 quotes the start of the item's paragraph, which Word can search for."""
    plan = parse_file(FIXTURES / "formats" / "wujiang_2021_work_points_notice.typed.docx", lex)
    first = item_rows(plan, lex)[0][1]["来源"]
    assert first.startswith("第") and "段 “1" in first and "提高政治站位" in first


def _xlsx(tmp_path, monkeypatch, capsys, source=SAMPLES / "wujiang_2021_work_points_notice.txt"):
    import openpyxl

    out = tmp_path / "tasks.xlsx"
    code, _, err = in_process(monkeypatch, capsys, "extract", source, "-o", out)
    assert code == 0, err
    return openpyxl.load_workbook(out).active


def test_the_printed_sheet(tmp_path, monkeypatch, capsys):
    """Title row, borders on every cell, each column at its width with long text wrapped, rows tall
    enough for their wrapped text, A4 landscape one page wide, the header on every page, page numbers."""
    sheet = _xlsx(tmp_path, monkeypatch, capsys)
    columns = sheet_columns()
    assert sheet["A1"].value == "《政协苏州市吴江区委员会2021年工作要点》任务分解表"
    assert "A1:O1" in {str(r) for r in sheet.merged_cells.ranges}
    assert [c.value for c in sheet[2]] == [c.name for c in columns]
    assert sheet.print_title_rows == "$2:$2" and sheet.freeze_panes == "A3"
    setup = sheet.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == ("landscape", 9, 1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.oddFooter.center.text == "第 &P 页 共 &N 页"
    for number, column in enumerate(columns, start=1):
        letter = sheet.cell(2, number).column_letter
        assert sheet.column_dimensions[letter].width == column.width
        for row in range(3, sheet.max_row + 1):
            cell = sheet.cell(row, number)
            assert bool(cell.alignment.wrap_text) == column.wrap, (column.name, row)
            assert {
                cell.border.left.style,
                cell.border.right.style,
                cell.border.top.style,
                cell.border.bottom.style,
            } == {"thin"}
    text = [c.name for c in columns].index("工作内容") + 1
    for row in range(3, sheet.max_row + 1):  # at least a line per 48 characters of width the text takes
        width = sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(sheet.cell(row, text).value or ""))
        assert sheet.row_dimensions[row].height >= 14 * -(-width // columns[text - 1].width)


def _docx(tmp_path, monkeypatch, capsys, *sources, attachment=None):
    from docx import Document

    out = tmp_path / "任务分解表.docx"
    args = ["--attachment", attachment] if attachment else []
    code, _, err = in_process(monkeypatch, capsys, "extract", *sources, "-o", out, *args)
    assert code == 0, err
    return Document(out)


def test_the_word_table(tmp_path, monkeypatch, capsys, lex):
    """Read back with python-docx: 附件, the title, a header row that repeats, a row a part of the
    plan and a row an item, borders, landscape A4, Chinese fonts named for East Asian text, page
    numbers in the footer."""
    sample = SAMPLES / "wujiang_2021_work_points_notice.txt"
    doc = _docx(tmp_path, monkeypatch, capsys, sample, attachment="附件2")
    plan = parse_file(sample, lex)
    rows = item_rows(plan, lex)
    paragraphs = [p.text for p in doc.paragraphs if p.text]
    assert paragraphs[:2] == ["附件2", "《政协苏州市吴江区委员会2021年工作要点》任务分解表"]
    [table] = doc.tables
    header = table.rows[0]
    assert [c.text for c in header.cells] == [c.name for c in sheet_columns() if c.word]
    assert header._tr.trPr.find(f"{W}tblHeader").get(f"{W}val") == "true"
    parts = len({tuple(section) for section, _ in rows})
    assert len(table.rows) == 1 + parts + len(plan.items)
    first_part = table.rows[1].cells
    assert first_part[0].text == first_part[-1].text == "一、坚持党建引领，提升政协系统“凝聚力”"  # merged across
    assert [c.text for c in table.rows[2].cells][:3] == [plan.items[0].key, "1", "提高政治站位"]
    borders = table._tbl.tblPr.find(f"{W}tblBorders")
    assert {b.tag.removeprefix(W): b.get(f"{W}val") for b in borders} == {
        edge: "single" for edge in ("top", "left", "bottom", "right", "insideH", "insideV")
    }
    section = doc.sections[0]
    assert section.orientation == 1 and (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (
        29.7,
        21.0,
    )
    fonts = {r._element.rPr.rFonts.get(f"{W}eastAsia") for p in table.rows[2].cells[2].paragraphs for r in p.runs}
    assert fonts == {"仿宋_GB2312"}
    footer = section.footer.paragraphs[0]._p
    assert [t.text.strip() for t in footer.iter(f"{W}instrText")] == ["PAGE", "NUMPAGES"]


def test_fonts_have_fallbacks_in_the_font_table(tmp_path, monkeypatch, capsys):
    import zipfile

    from lxml import etree

    _docx(tmp_path, monkeypatch, capsys, SAMPLES / "chongchuan_2021_consultation_plan.txt")
    fonts = etree.fromstring(zipfile.ZipFile(tmp_path / "任务分解表.docx").read("word/fontTable.xml"))
    alternatives = {
        f.get(f"{W}name"): f.find(f"{W}altName").get(f"{W}val") for f in fonts if f.find(f"{W}altName") is not None
    }
    assert alternatives["仿宋_GB2312"] == "仿宋" and alternatives["方正小标宋简体"] == "黑体"


def test_several_plans_a_section_each(tmp_path, monkeypatch, capsys):
    samples = sorted(SAMPLES.glob("*.txt"))[:2]
    doc = _docx(tmp_path, monkeypatch, capsys, *samples)
    assert len(doc.sections) == 2 and len(doc.tables) == 2
    assert all(s.orientation == 1 for s in doc.sections)


@pytest.mark.parametrize("suffix", [".json", ".yaml", ".jsonl"])
def test_a_saved_plan_is_exported(tmp_path, monkeypatch, capsys, suffix):
    """extract plan.json -o tasks.docx|xlsx: a hand-checked plan goes out as it is."""
    sample = SAMPLES / "chongchuan_2021_consultation_plan.txt"
    saved = tmp_path / f"plan{suffix}"
    assert in_process(monkeypatch, capsys, "extract", sample, "-o", saved)[0] == 0
    from_plan = _docx(tmp_path, monkeypatch, capsys, saved)
    (tmp_path / "任务分解表.docx").rename(tmp_path / "from-plan.docx")
    from_document = _docx(tmp_path, monkeypatch, capsys, sample)
    cells = [[c.text for c in row.cells] for row in from_plan.tables[0].rows]
    assert cells == [[c.text for c in row.cells] for row in from_document.tables[0].rows] and len(cells) > 10
    code, out, _ = in_process(monkeypatch, capsys, "extract", saved, "-f", "csv")
    assert code == 0 and out.count("\n") == 1 + len(parse_file(sample).items)


def test_a_word_table_is_not_written_to_a_terminal_but_to_a_pipe(tmp_path):
    from docx import Document
    from test_cli import run_bytes

    r = run_bytes("extract", SAMPLES / "chongchuan_2021_consultation_plan.txt", "-f", "docx")
    assert r.returncode == 0
    assert Document(io.BytesIO(r.stdout)).tables


def test_an_attachment_label_goes_with_the_word_table_only(tmp_path, monkeypatch, capsys):
    sample = SAMPLES / "chongchuan_2021_consultation_plan.txt"
    code, _, err = in_process(monkeypatch, capsys, "extract", sample, "-o", tmp_path / "t.xlsx", "--attachment", "附件")
    assert code == 2 and "--attachment labels the Word table" in err and not (tmp_path / "t.xlsx").exists()
