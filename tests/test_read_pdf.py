"""PDF lines → paragraphs: running lines dropped, wrapped lines joined (readers/pdf.py).

Geometry of an A4 page set in 14pt: text from x=90 to x=510, first-line indent 28pt."""

import pytest

from zhengxie_parse.lexicon import load_lexicon
from zhengxie_parse.readers.pdf import _FONT_GAP, Line, _drop_running_lines, _paragraphs

LEFT, RIGHT, SIZE = 90.0, 510.0, 14.0


def line(text, page=1, n=1, x0=LEFT, x1=None, top=100.0):
    return Line(text, page, n, x0, RIGHT if x1 is None else x1, top, SIZE)


def joined(lines):
    return ["".join(part.text for part in paragraph) for paragraph in _paragraphs(lines, load_lexicon())]


BODY = [
    line("二、重点协商议题", x1=200),
    line("1．提高政治站位。以习近平新时代中国特色社会主义思想作为统揽政", x1=RIGHT + 10),  # hanging punctuation
    line("协工作的总纲，树牢“四个意识”，坚定“四个自信”，做到“两个"),
    line("维护”。", x1=150),
    line("坚持区委的正确领导，严格执行重大事项请示报告制度。", x0=LEFT + 28, x1=RIGHT),
    line("自觉把政协工作融入全区工作大局，落实意识形态工作要求，常态化举", x1=470),  # Word broke a little early
    line("办“委员大讲堂”活动。", x1=240),
    line("2．加强党的建设", x1=220),
]


def test_wrapped_lines_join_and_paragraph_starts_do_not():
    assert joined(BODY) == [
        "二、重点协商议题",
        "1．提高政治站位。以习近平新时代中国特色社会主义思想作为统揽政协工作的总纲，树牢“四个意识”，坚定“四个自信”，做到“两个维护”。",
        "坚持区委的正确领导，严格执行重大事项请示报告制度。自觉把政协工作融入全区工作大局，落实意识形态工作要求，常态化举办“委员大讲堂”活动。",
        "2．加强党的建设",
    ]


@pytest.mark.parametrize(
    "first,second",
    [
        (line("附件", x1=120), line("区政协主要工作事项", x1=250)),  # a short heading, a flush-left line
        (line("政协苏州市吴江区委员会2021年工作要点", x1=300), line("2021年，区政协工作的总体要求是：")),  # a title
        (line("甲" * 29 + "。"), line("乙" * 10 + "。", x0=LEFT + 28, x1=250)),  # then an indented paragraph
        (line("甲" * 30), line("3．丙丁", x1=200)),  # then a numbered item
        (line("1.加强燃气安全信息化建设，提高城镇安全保障能力" + "甲" * 5), line("时间安排：9月", x1=200)),  # a field
    ],
)
def test_what_must_not_join(first, second):
    assert len(joined([first, second])) == 2


def page(number, *texts, header="政协苏州市吴江区委员会文件", footer="— {n} —"):
    body = [line(t, page=number, n=i + 2, top=100.0 + 20 * i) for i, t in enumerate(texts)]
    top = line(header, page=number, n=1, x1=300, top=38.0)
    bottom = line(footer.format(n=number), page=number, n=len(texts) + 2, x0=283, x1=329, top=739.0)
    return [top, *body, bottom]


def test_running_header_and_page_numbers_are_dropped(lex):
    pages = [page(1, "政协苏州市吴江区委员会文件", "正文一"), page(2, "正文二"), page(3, "正文三")]
    kept = [ln.text for ln in _drop_running_lines(pages, lex)]
    # the title under the header repeats its words but not its place on the page: kept
    assert kept == ["政协苏州市吴江区委员会文件", "正文一", "正文二", "正文三"]


def test_a_line_on_one_page_only_is_not_running(lex):
    pages = [page(1, "正文一", header="关于印发的通知", footer="第{n}页"), page(2, "正文二", footer="第{n}页")]
    kept = [ln.text for ln in _drop_running_lines(pages, lex)]
    assert "关于印发的通知" in kept and not any("页" in t for t in kept)


@pytest.mark.parametrize(
    "read,meant",
    [
        ("某某市政协 2023 年度协商工作计划", "某某市政协2023年度协商工作计划"),  # digits in a Western font
        ("专题议政性常委会议（2 项）", "专题议政性常委会议（2项）"),
        ("时间安排：10 月", "时间安排：10月"),
        ("推进 5G 基站建设", "推进5G基站建设"),
        # negatives: spaces the document has
        ("凝心聚力促发展 守正创新提质效", "凝心聚力促发展 守正创新提质效"),
        ("（草 案）", "（草 案）"),
        ("Liberation Serif 2023", "Liberation Serif 2023"),
    ],
)
def test_gaps_between_fonts_are_no_spaces(read, meant):
    assert _FONT_GAP.sub("", read) == meant
