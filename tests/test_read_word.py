"""What the .docx reader sees in a paragraph and in the body (readers/word.py)."""

import io
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from zhengxie_parse.errors import UnreadableInput
from zhengxie_parse.readers.word import blocks


def read(document, lex):
    buffer = io.BytesIO()
    document.save(buffer)
    return blocks(buffer.getvalue(), Path("plan.docx"), lex)[0]


def test_tracked_changes_read_as_accepted(lex):
    """A 征求意见稿 circulates with tracked changes: the reader sees insertions, not deletions."""
    document = docx.Document()
    document.element.body.insert(
        0,
        parse_xml(
            f"<w:p {nsdecls('w')}><w:r><w:t>1．围绕</w:t></w:r>"
            f'<w:del w:id="1" w:author="a"><w:r><w:delText>城市更新</w:delText></w:r></w:del>'
            f'<w:ins w:id="2" w:author="a"><w:r><w:t>乡村振兴</w:t></w:r></w:ins>'
            f"<w:r><w:t>开展调研</w:t></w:r></w:p>"
        ),
    )
    assert [b.text for b in read(document, lex)] == ["1．围绕乡村振兴开展调研"]


def test_content_controls_and_soft_breaks(lex):
    document = docx.Document()
    body = document.element.body
    body.insert(
        0,
        parse_xml(
            f"<w:sdt {nsdecls('w')}><w:sdtContent><w:p><w:r><w:t>政协某某委员会</w:t><w:br/>"
            f"<w:t>2024年工作要点</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        ),
    )
    found = read(document, lex)
    assert [(b.text, b.paragraph) for b in found] == [("政协某某委员会", 1), ("2024年工作要点", 1)]


def test_text_boxes_and_headers_are_not_body_text(lex):
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "政协某某委员会文件"
    paragraph = document.add_paragraph("一、加强学习")
    paragraph._p.append(
        parse_xml(
            f'<w:r {nsdecls("w")} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
            "<mc:AlternateContent><mc:Choice><w:txbxContent><w:p><w:r><w:t>浮动文字</w:t></w:r></w:p>"
            "</w:txbxContent></mc:Choice><mc:Fallback><w:t>浮动文字</w:t></mc:Fallback></mc:AlternateContent></w:r>"
        )
    )
    assert [b.text for b in read(document, lex)] == ["一、加强学习"]


def bomb(part_bytes: int) -> bytes:
    """A .docx whose word/document.xml unpacks to `part_bytes` and packs about 1000:1, as a zip
    bomb does (the issue's: 3.9 MB on disk, 1.1 GB unpacked)."""
    import zipfile

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    template = zipfile.ZipFile(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in template.infolist():
            if info.filename != "word/document.xml":
                archive.writestr(info, template.read(info))
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b"<w:p><w:r><w:t>" + "政协".encode() * 10_000 + b"</w:t></w:r></w:p>"
            for _ in range(part_bytes // len(chunk) + 1):
                part.write(chunk)
    return out.getvalue()


def test_a_zip_bomb_is_refused_before_it_unpacks(lex):
    from zhengxie_parse.readers import word

    data = bomb(word.MAX_PART_BYTES + 10 * 2**20)
    assert len(data) < word.MAX_PART_BYTES // 200
    with pytest.raises(UnreadableInput, match=r"word/document.xml inside unpacks to 110 MB, over the 100 MB"):
        blocks(data, Path("bomb.docx"), lex)


def test_all_parts_together_are_bounded(lex, monkeypatch):
    from zhengxie_parse.readers import word

    monkeypatch.setattr(word, "MAX_UNPACKED_BYTES", 2 * 1024 * 1024)
    with pytest.raises(UnreadableInput, match=r"unpacks to over 2 MB, the most zxparse reads"):
        blocks(bomb(3 * 1024 * 1024), Path("bomb.docx"), lex)


def replaced(document, part: str, content: bytes) -> bytes:
    """`document` saved, with `part` of the package replaced by `content`."""
    import zipfile

    buffer = io.BytesIO()
    document.save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as template, zipfile.ZipFile(out, "w") as archive:
        for info in template.infolist():
            archive.writestr(info, content if info.filename == part else template.read(info))
    return out.getvalue()


def test_merged_cells_repeat_in_each_column_and_row_they_span(lex):
    """A 承办单位 cell merged down over three rows of a plan table belongs to each of them."""
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    for r, topic in enumerate(["围绕乡村振兴开展协商", "围绕营商环境开展协商", "围绕城市更新开展协商"]):
        table.cell(r, 0).text = topic
    table.cell(0, 1).merge(table.cell(2, 1)).text = "经济委"
    table.cell(0, 2).text = "3月"
    from zhengxie_parse.readers.word import _rows

    rows = [cells for cells, _ in _rows(table._tbl, 1)]
    assert rows == [[cell.text for cell in row.cells] for row in table.rows]  # as python-docx reads it
    assert rows == [
        ["围绕乡村振兴开展协商", "经济委", "3月"],
        ["围绕营商环境开展协商", "经济委", ""],
        ["围绕城市更新开展协商", "经济委", ""],
    ]
    wide = docx.Document().add_table(rows=1, cols=3)
    wide.cell(0, 0).merge(wide.cell(0, 1)).text = "专题协商"
    assert [cells for cells, _ in _rows(wide._tbl, 1)] == [["专题协商", "专题协商", ""]]


@pytest.mark.parametrize(
    "part,content,reason",
    [
        ("word/styles.xml", b"<w:styles", "damaged XML"),  # parsed only when a paragraph needs it
        ("word/document.xml", b"<workbook/>", "no Word document inside"),
        (
            "_rels/.rels",
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>',
            "no Word document inside",
        ),
    ],
)
def test_damaged_parts_are_a_corrupt_file(lex, part, content, reason):
    document = docx.Document()
    document.add_paragraph("一、加强学习", style="List Number")
    with pytest.raises(UnreadableInput, match=f"corrupt .docx: {reason}"):
        blocks(replaced(document, part, content), Path("plan.docx"), lex)
