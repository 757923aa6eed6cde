"""Word automatic numbering → the label a reader sees (readers/word_numbering.py)."""

import pytest
from lxml import etree

from zhengxie_parse.readers.word_numbering import WordNumbering, format_number

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@pytest.mark.parametrize(
    "n,fmt,expected",
    [
        (1, "decimal", "1"),
        (3, "chineseCounting", "三"),
        (11, "chineseCounting", "十一"),
        (20, "chineseCountingThousand", "二十"),
        (105, "chineseCountingThousand", "一百零五"),
        (3, "ideographTraditional", "丙"),
        (2, "decimalEnclosedCircle", "②"),
        (12, "decimalFullWidth", "１２"),
        (12, "chineseLegalSimplified", "拾贰"),
        (4, "upperRoman", "IV"),
        (28, "lowerLetter", "bb"),
        (7, "decimalZero", "07"),
        (5, "someFutureFormat", "5"),  # unknown formats fall back to decimal, never fail
    ],
)
def test_format_number(n, fmt, expected):
    assert format_number(n, fmt) == expected


def _lvl(ilvl, fmt, text, start=1, extra=""):
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>'
    )


# A GB/T 9704 outline: 一、 > （一） > 1. ; a bullet list; a list instance restarted at 1.
NUMBERING = f"""<w:numbering xmlns:w="{W}">
<w:abstractNum w:abstractNumId="0">
  {_lvl(0, "chineseCounting", "%1、", extra='<w:suff w:val="nothing"/>')}
  {_lvl(1, "chineseCounting", "（%2）", extra='<w:suff w:val="nothing"/>')}
  {_lvl(2, "decimal", "%3.")}
</w:abstractNum>
<w:abstractNum w:abstractNumId="1">{_lvl(0, "bullet", "•")}</w:abstractNum>
<w:abstractNum w:abstractNumId="2">{_lvl(0, "decimal", "%1．", start=5)}{_lvl(1, "decimal", "%1.%2", extra="<w:isLgl/>")}</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
<w:num w:numId="5"><w:abstractNumId w:val="0"/></w:num>
</w:numbering>"""

STYLES = f"""<w:styles xmlns:w="{W}">
<w:style w:styleId="Heading1"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
<w:style w:styleId="MyHeading"><w:basedOn w:val="Heading1"/></w:style>
</w:styles>"""


def para(num_id=None, ilvl=None, style=None):
    numpr = ""
    if num_id is not None or ilvl is not None:
        numpr = "<w:numPr>"
        numpr += f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else ""
        numpr += f'<w:numId w:val="{num_id}"/>' if num_id is not None else ""
        numpr += "</w:numPr>"
    pstyle = f'<w:pStyle w:val="{style}"/>' if style else ""
    return etree.fromstring(f'<w:p xmlns:w="{W}"><w:pPr>{pstyle}{numpr}</w:pPr></w:p>')


def labels(*paragraphs):
    numbering = WordNumbering(lambda: etree.fromstring(NUMBERING), lambda: etree.fromstring(STYLES))
    return [numbering.label(p) for p in paragraphs]


def test_levels_count_and_deeper_levels_restart():
    got = labels(para(1, 0), para(1, 1), para(1, 2), para(1, 2), para(1, 1), para(1, 2), para(1, 0), para(1, 1))
    assert got == ["一、", "（一）", "1. ", "2. ", "（二）", "1. ", "二、", "（一）"]


def test_instances_of_one_list_count_together_unless_restarted():
    assert labels(para(1, 0), para(5, 0), para(4, 0), para(4, 0), para(1, 0)) == [
        "一、",
        "二、",
        "一、",
        "二、",
        "三、",
    ]


def test_numbering_through_styles_and_style_inheritance():
    assert labels(para(style="Heading1"), para(style="MyHeading"), para(style="MyHeading", ilvl=1)) == [
        "一、",
        "二、",
        "（一）",
    ]


def test_start_values_and_legal_numbering():
    assert labels(para(3, 0), para(3, 1), para(3, 0)) == ["5． ", "5.1 ", "6． "]


@pytest.mark.parametrize(
    "paragraph",
    [
        para(),  # not numbered
        para(0, 0),  # numId 0: numbering removed in Word
        para(99, 0),  # an id numbering.xml does not define
        para(2, 0),  # a bullet is no outline label
        para(1, 7),  # a level the list does not define
    ],
)
def test_no_label(paragraph):
    assert labels(paragraph) == [""]


def test_document_without_numbering_part():
    assert WordNumbering(lambda: None, lambda: None).label(para(1, 0)) == ""
