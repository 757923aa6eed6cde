"""Government web pages → the document's lines (readers/web.py)."""

from pathlib import Path

import pytest

from zhengxie_parse.errors import UnreadableInput
from zhengxie_parse.readers.web import blocks

PAGE = """<html><head><meta charset="{charset}"><title>工作要点_某某政协网</title></head><body>
<div id="nav"><a href="/">首页</a> <a href="/a">政协要闻</a> <a href="/b">履职工作</a> <a href="/c">委员风采</a></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; 通知公告</div>
<div class="wrap">
  <div class="art-title">区政协2024年工作要点</div>
  <div class="art-info">发布日期：2024-02-01 来源：办公室 【字号：大 中 小】 <a>打印</a></div>
  <div id="zoom">
    一、加强思想政治引领<br>1.深化理论学习。坚持不懈用党的创新理论凝心铸魂。<br/>
    <!-- 编辑：张三 -->2.加强党的建设。<span>发挥党组领导作用</span>，推动工作落实。
    <p>二、聚焦中心建言资政</p><p>3.认真组织协商。围绕区委区政府中心工作和群众关心的热点难点问题，精心选题、深入调研、广泛协商。</p>
    <table><tr><th>序号</th><th>协商议题</th><th>牵头委室</th></tr>
           <tr><td>1</td><td>围绕乡村振兴开展专题协商</td><td>农业农村委</td></tr></table>
  </div>
</div>
<ul class="related"><li><a href="/x">区政协召开主席会议</a></li><li><a href="/y">区政协开展视察</a></li></ul>
<div class="footer">版权所有：某某政协 苏ICP备00000000号</div>
</body></html>"""


def read(html: str, charset: str, lex, encode_as: str | None = None):
    data = html.format(charset=charset).encode(encode_as or charset)
    found, encoding = blocks(data, Path("page.html"), lex)
    return [b.text for b in found], encoding, found


def test_main_text_title_lines_and_table(lex):
    texts, encoding, _ = read(PAGE, "gb2312", lex)
    assert encoding == "gb18030"
    assert texts == [
        "区政协2024年工作要点",
        "一、加强思想政治引领",
        "1.深化理论学习。坚持不懈用党的创新理论凝心铸魂。",
        "2.加强党的建设。发挥党组领导作用，推动工作落实。",
        "二、聚焦中心建言资政",
        "3.认真组织协商。围绕区委区政府中心工作和群众关心的热点难点问题，精心选题、深入调研、广泛协商。",
        "1 围绕乡村振兴开展专题协商",
        "牵头委室：农业农村委",
    ]


@pytest.mark.parametrize(
    "declared,actual",
    [
        ("gb2312", "utf-8"),  # converted to UTF-8, declaration left behind
        ("utf-8", "gb18030"),  # declared UTF-8, saved as GBK by an old editor
        ("iso-8859-1", "utf-8"),
    ],
)
def test_a_wrong_charset_declaration_is_not_believed(declared, actual, lex):
    texts, encoding, _ = read(PAGE, declared, lex, encode_as=actual)
    assert texts[0] == "区政协2024年工作要点" and encoding == actual


def test_lines_know_their_source_line(lex):
    _, _, found = read(PAGE, "utf-8", lex)
    assert [b.line for b in found[:3]] == [5, 8, 8]
    assert found[-1].table == 1 and found[-1].row == 2


@pytest.mark.parametrize(
    "html", ["<html><body><div>   </div></body></html>", "<html><body><script>x()</script></body></html>"]
)
def test_a_page_without_text_is_refused(html, lex):
    with pytest.raises(UnreadableInput, match="no text"):
        blocks(html.encode(), Path("page.html"), lex)


def nested(text: str, depth: int) -> bytes:
    """A page with the first half of `text`'s lines as paragraphs and the rest `depth` divs deep
    (pages built by nesting layout tables and divs, or crafted)."""
    import html

    lines = [html.escape(line) for line in text.split("\n") if line.strip()]
    half = len(lines) // 2
    first, rest = (f"<p>{line}</p>" for line in lines[:half]), (f"<p>{line}</p>" for line in lines[half:])
    return f"<html><body>{''.join(first)}{'<div>' * depth}{''.join(rest)}{'</div>' * depth}</body></html>".encode()


@pytest.mark.parametrize("depth", [300, 2000])  # past libxml2's default 256; past Python's stack
def test_deep_nesting_is_read(depth, lex):
    from conftest import SAMPLES

    from zhengxie_parse.pipeline import parse_bytes

    text = (SAMPLES / "wujiang_2021_work_points_notice.txt").read_text("utf-8")
    plan = parse_bytes(nested(text, depth), "page.html", lexicon=lex, fmt="html")
    assert len(plan.items) == len(parse_bytes(text.encode(), "page.txt", lexicon=lex).items) == 18


def test_nesting_past_the_parser_limit_is_refused(lex):
    """10,000 nested divs: libxml2 stops at 2048 and drops the rest; said, not silently lost."""
    with pytest.raises(UnreadableInput, match=r"HTML nested too deeply to read \(Excessive depth in document: 2048"):
        blocks(nested("一、加强学习\n1.开展调研", 10_000), Path("page.html"), lex)
