"""Every format gives the plan the .txt gives (issue 3 acceptance). Fixtures come from
scripts/make_format_fixtures.py: typed .docx, .docx whose numbers are Word automatic numbering
(not in the text), PDF rendered by LibreOffice with Noto CJK fonts, seed 003's attachment as a Word
table, and one government web page around seed 000."""

from functools import cache

import pytest
from conftest import FIXTURES, SAMPLES

from zhengxie_parse import parse_file
from zhengxie_parse.models import walk

FORMATS = FIXTURES / "formats"
STEMS = sorted(p.stem for p in SAMPLES.glob("*.txt"))


@cache
def txt_plan(stem):
    return parse_file(SAMPLES / f"{stem}.txt")


def outline(plan):
    return [(n.label.strip(), n.level, n.title) for n, _ in walk(plan.outline)]


def items(plan):
    return [(i.title, i.topic_type, [c.name for c in i.committees]) for i in plan.items]


@pytest.mark.parametrize("kind", ["typed.docx", "autonum.docx", "pdf"])
@pytest.mark.parametrize("stem", STEMS)
def test_same_outline_and_items_as_txt(stem, kind):
    plan = parse_file(FORMATS / f"{stem}.{kind}")
    assert outline(plan) == outline(txt_plan(stem))
    assert items(plan) == items(txt_plan(stem))
    assert plan.meta.title == txt_plan(stem).meta.title


def test_pdf_with_western_digits_gives_the_plan_of_its_text():
    """Digits in a Western font beside CJK read as '2023 年' and a field line glued to a full title line
    would give another plan: the PDF reader closes the gaps and keeps field lines apart."""
    pdf, txt = (parse_file(FORMATS / f"mixed_fonts.{kind}") for kind in ("pdf", "txt"))
    assert outline(pdf) == outline(txt) and items(pdf) == items(txt)
    assert (pdf.meta.title, pdf.meta.year) == (txt.meta.title, 2023)
    assert [i.time.text for i in pdf.items] == [i.time.text for i in txt.items] == ["10月", "7月", "9月"]


def test_auto_numbered_docx_has_no_typed_numbers():
    """The labels really come from numbering.xml: the paragraphs hold no marker."""
    import docx

    from zhengxie_parse.numbering import parse_marker

    document = docx.Document(FORMATS / "wujiang_2021_work_points_notice.autonum.docx")
    numbered = [p for p in document.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None]
    assert len(numbered) == 24
    assert not any(parse_marker(p.text) for p in numbered)


def test_word_table_gives_the_attachment_items():
    stem = "district_20xx_work_points_web"
    plan = parse_file(FORMATS / f"{stem}.table.docx")
    assert items(plan) == items(txt_plan(stem))
    # the outline is the same but for titles: the table has the owner in its own column
    assert [(label.rstrip("."), level) for label, level, _ in outline(plan)] == [
        (label.rstrip("."), level) for label, level, _ in outline(txt_plan(stem))
    ]
    first = next(i for i in plan.items if i.node_id.startswith("6."))
    assert first.fields == {"牵头单位": "办公室、研究室"}
    assert first.source.table == 1 and first.source.row == 3  # header, section row, then this row
    counts = {c.what: (c.count, c.found) for c in plan.declared_counts if c.found is not None}
    assert counts["重点协商"] == (9, 8) and counts["区政协20xx年主要工作事项"] == (33, 32)  # and a placeholder


def test_web_page_gives_the_clean_text_items():
    stem = "chongchuan_2021_consultation_plan"
    plan = parse_file(FORMATS / f"{stem}.html")
    assert items(plan) == items(txt_plan(stem)) and outline(plan) == outline(txt_plan(stem))
    assert plan.source.encoding == "gb18030"  # declared gb2312, read as its superset
    everything = "\n".join([plan.meta.title or "", *(n.text for n, _ in walk(plan.outline))])
    for chrome in ("首页", "当前位置", "相关新闻", "ICP备", "打印"):
        assert chrome not in everything


@pytest.mark.parametrize(
    "name,where",
    [
        ("chongchuan_2021_consultation_plan.typed.docx", {"paragraph"}),
        ("chongchuan_2021_consultation_plan.pdf", {"page", "line"}),
        ("chongchuan_2021_consultation_plan.html", {"line"}),
    ],
)
def test_every_node_says_where_it_was_read(name, where):
    plan = parse_file(FORMATS / name)
    for node, _ in walk(plan.outline):
        assert where <= set(node.source.model_dump()), node.id


def test_pdf_provenance_points_at_the_page_line():
    plan = parse_file(FORMATS / "wujiang_2021_work_points_notice.pdf")
    first_item = plan.items[0]
    assert first_item.title == "提高政治站位" and first_item.source.page == 2 and first_item.source.line == 2
