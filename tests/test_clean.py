import pytest
from conftest import blocks

from zhengxie_parse.clean import drop_captions, drop_noise, drop_romanization, join_broken_lines, report_masks

LONG = "在全区社区党组织负责人培训班上，围绕基层治理和协商议事等内容开展专题辅导，着力提高实践能力，有针对性"


@pytest.mark.parametrize(
    "line,dropped",
    [
        ("首页工作计划20xx年区政协工作要点", True),
        ("阅读:854 下载:5", True),
        ("• 总页数 9 页", True),
        ("还有 9 页未读 ,您可以 继续阅读 或 下载文档", True),
        ("1、本文档共计 9 页,简单易用,下载后可编辑", True),
        ("— 3 —", True),
        ("第3页", True),
        ("41 页", True),
        ("某某文库移动版", True),
        ("1页工作简报", False),
        ("推动版权保护工作。", False),
        ("切换到电脑版", True),
        ("(未完,全文共1619字,当前显示524字)", True),
        ("3.上线政协委员履职手机版", False),
        ("一、加强政治引领", False),
        ("1、推动民营科创企业发展", False),
        ("首先要加强学习，提高站位。", False),  # starts like 首页 but is prose
    ],
)
def test_noise_lines(lex, line, dropped):
    kept, _ = drop_noise(blocks(line), lex)
    assert (kept == []) is dropped


def test_footer_after_tail_marker_is_dropped(lex):
    kept, diags = drop_noise(blocks("正文一段。\n文档评分\n请评分\n任意内容"), lex)
    assert [b.text for b in kept] == ["正文一段。"]
    assert len(diags) == 3


@pytest.mark.parametrize(
    "line,caption",
    [
        ("南通经济技术开发区政协工委组织委员调研", True),
        ("苏锡通科技产业园区政协工委开展协商议事活动", True),
        ("南通经济技术开发区政协工委", False),  # a unit line: no verb follows
        ("凝心聚力促发展 实干担当谱新篇", False),  # a title
        ("区政协组织委员开展视察，形成了调研报告。", False),  # a sentence
        ("1.区政协组织委员调研", False),  # a numbered item
    ],
)
def test_captions(lex, line, caption):
    kept, _ = drop_captions(blocks(line), lex)
    assert (kept == []) is caption


@pytest.mark.parametrize(
    "text,joined",
    [
        (f"{LONG}\n\n地设置基层治理、协商议事工作等课程，对各协商议事室召集人进行理论辅导。", True),
        (f"{LONG}\n\n凝心聚力促发展 实干担当谱新篇", False),  # next is a short title
        (f"{LONG}。\n\n地设置基层治理课程。", False),  # the first part is finished
        (f"{LONG}\n\n一、服务大局，唱响发展旋律。", False),  # next opens a section
        ("短标题\n\n地设置基层治理课程。", False),  # the first part is a title
    ],
)
def test_broken_lines(lex, text, joined):
    kept, _ = join_broken_lines(blocks(text), lex)
    assert (len(kept) == 1) is joined


def test_joined_paragraph_keeps_first_provenance(lex):
    kept, diags = join_broken_lines(blocks(f"{LONG}\n\n地设置课程，进行辅导。"), lex)
    assert kept[0].text == LONG + "地设置课程，进行辅导。"
    assert kept[0].line == 1 and diags[0].source.line == 3


def test_a_paragraph_broken_over_many_lines_is_one_again(lex):
    """Every line cut mid-sentence (a page of a text view): all of them join, each reported with the
    words it was joined after."""
    lines = [f"{LONG[:-1]}{n}" for n in range(1, 300)] + ["地设置课程，进行辅导。"]
    kept, diags = join_broken_lines(blocks("\n".join(lines)), lex)
    assert [b.text for b in kept] == ["".join(lines)]
    assert len(diags) == len(lines) - 1
    assert diags[0].message.endswith(f"'…{lines[0][-6:]}'") and diags[-1].message.endswith(f"'…{lines[-2][-6:]}'")


@pytest.mark.parametrize(
    "line,masked",
    [
        ("坚定正确政z*方向", "政z*"),
        ("中国共**党史", "**"),
        ("建设社会主义现代化新XX", "XX"),
        ("20xx年区政协工作要点", "xx"),
        ("20_年工作要点", "_"),
        ("20___年工作要点", "___"),
        ("中国*的", "*"),
        ("*中国", "*"),
        ("20xX年", "xX"),
        ("2x年、1_年、a*b", None),
        ("2021年工作要点", None),
        ("Excel表格与XML文件", None),
    ],
)
def test_masks(lex, line, masked):
    _, diags = report_masks(blocks(line), lex)
    assert (diags[0].message.split(": ")[1] if diags else None) == masked


def test_romanization_is_taken_out_and_offsets_map_to_the_line_as_written(lex):
    kept, diags = drop_romanization(blocks("市政協(xié)工作要點(diǎn)。一、協(xié)商議政"), lex)
    assert [b.text for b in kept] == ["市政協工作要點。一、協商議政"] and diags[0].code == "romanization_removed"
    heading = kept[0].piece(kept[0].text.index("一"))
    assert heading.text == "一、協商議政"
    assert heading.column - 1 == "市政協(xié)工作要點(diǎn)。一、協(xié)商議政".index("一")


@pytest.mark.parametrize("line", ["在东郡(A区)增设一处充电棚(cppcc)。", "(一)加强学习(xué)"])
def test_brackets_that_are_no_romanization_stay(lex, line):
    kept, diags = drop_romanization(blocks(line), lex)
    assert kept[0].text == line and not diags


def test_the_same_text_on_another_site_has_the_same_fingerprint():
    from zhengxie_parse import parse_text

    plain = parse_text("2024年县政协工作要点\n一、加强学习\n组织委员学习。")
    mirror = parse_text("首页 > 政协要闻\n2024年縣政協工作要點\n一、加強學習\n  組織委員學習。\n版权所有 某某网")
    other = parse_text("2024年县政协工作要点\n一、加强学习\n组织委员调研。")
    assert plain.source.fingerprint == mirror.source.fingerprint != other.source.fingerprint


# Each pattern rewritten for speed, with the form it replaced: both find the same places.
_RUN_IN_CASES = [
    "一、加强学习。二、聚焦主业；三、深化协商",
    "主要内容：1.关于…；2.关于…",
    "句末。  二、空格之后",
    "。。；;  ：:！!？?",
    "全角空格。\u3000三、",
    "末尾是句号。",
    "末尾是空格。   ",
    "",
    "没有标点",
    " 。开头是空格",
]


@pytest.mark.parametrize("text", _RUN_IN_CASES)
def test_run_in_start_finds_what_its_lookbehind_form_found(text):
    import regex

    from zhengxie_parse.clean import _RUN_IN_START

    old = regex.compile(r"(?<=[。；;！!？?:：])\s*")
    # from any place not right after the punctuation (a search starts at 0 or after '一、')
    for pos in (p for p in range(len(text) + 1) if not p or text[p - 1] not in "。；;！!？?:："):
        assert [m.span() for m in old.finditer(text, pos)] == [
            (m.start(1), m.end()) for m in _RUN_IN_START.finditer(text, pos)
        ]


@pytest.mark.parametrize(
    "text",
    [
        "会议明确了一、加强；二、聚焦",
        "一、开头",
        "1一、数字后",
        "一、二、一、三",
        "统一一、重复",
        "(一、)",
        "一一、",
        "一",
        "",
    ],
)
def test_inline_first_finds_what_its_lookbehind_form_found(text):
    import regex

    from zhengxie_parse.clean import _INLINE_FIRST

    old = regex.compile(r"(?<=\p{Han})一、")
    assert [m.span() for m in old.finditer(text)] == [m.span() for m in _INLINE_FIRST.finditer(text)]


@pytest.mark.parametrize(
    "text",
    [
        "20xx年区政协工作要点",
        "新XX领导XXX",
        "20_年、20___年",
        "20xX年",
        "2x年、1_年",
        "政z建设",
        "Excel与XML",
        "xX_",
        "",
    ],
)
def test_a_line_without_a_star_has_the_masks_of_the_unstarred_alternatives(text):
    from zhengxie_parse.clean import _UNSTARRED_MASK_RE, MASK_RE

    assert MASK_RE.findall(text) == _UNSTARRED_MASK_RE.findall(text)


@pytest.mark.parametrize(
    "text",
    [
        "政協(xié)要點(diǎn)",
        "絡(luò )",
        "(xié)開頭",
        "A(xié)",
        "東郡(A区)",
        "(一)加强(xué)",
        "協((xié)",
        "協( xié )",
        "",
        "協(xié",
    ],
)
def test_gloss_finds_what_its_lookbehind_form_found(text):
    import regex

    from zhengxie_parse.clean import _GLOSS

    old = regex.compile(
        r"(?<=\p{Han})\(\s*(?=[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}\s*\)"
    )
    assert [m.span() for m in old.finditer(text)] == [m.span() for m in _GLOSS.finditer(text)]


@pytest.mark.parametrize("length", range(1, 9))
def test_paywall_lines_read_in_part_make_the_same_runs_as_all_read(lex, length):
    from itertools import groupby, product

    from zhengxie_parse.clean import _PAYWALL_LINES, _walled

    def runs(flags):
        at, found = 0, []
        for flag, group in groupby(flags):
            n = len(list(group))
            if flag and n >= _PAYWALL_LINES:
                found.append((at, n))
            at += n
        return found

    for lines in product(["会员免费查看", "一、加强学习"], repeat=length):
        bs = blocks("\n".join(lines))
        every = [bool(lex.paywall_line_re.fullmatch(b.folded.strip())) for b in bs]
        assert runs(_walled(bs, lex)) == runs(every)


@pytest.mark.parametrize(
    "text",
    [
        f"{LONG}\n短标题\n一、加强学习\n{LONG[:20]}\n{LONG[:12]}abc\n1",
        "\n".join([LONG[:30]] * 3 + ["abcdefghij" * 4, "二、", "x"]),
        "\n".join(["a" * 80, "政" * 10, "政" * 11, "a" * 19, "a" * 20, "政a" * 7]),
        "\n".join(["政" * 20, "政" * 4, "a" * 5]),
        "",
    ],
)
def test_hard_wraps_read_the_same_widths_where_they_count(text):
    from zhengxie_parse.chinese import display_width
    from zhengxie_parse.clean import WRAP_MIN, WRAP_SLACK, _widths

    def what_counts(widths):
        wrap = max(widths, default=0)
        return wrap, [w >= wrap / 2 for w in widths], [w >= wrap - WRAP_SLACK for w in widths]

    bs = blocks(text)
    every = [display_width(b.text) for b in bs]
    assert max(every, default=0) < WRAP_MIN or what_counts(_widths(bs)) == what_counts(every)


@pytest.mark.parametrize(
    "text,stamped",
    [
        ("开展专题协商。 10:32", True),
        ("开展专题协商。 [2024-3-5 10:32:05]", True),
        ("开展专题协商。 10：32", True),  # folded to ':'
        ("会议于9:30", True),
        ("开展专题协商。 1032", False),
        ("开展专题协商。 10时32分", False),
        ("", False),
    ],
)
def test_a_line_time_is_looked_for_only_in_a_line_with_a_colon(text, stamped):
    from zhengxie_parse.clean import _LINE_TIME

    folded = blocks(text)[0].folded if text else ""
    assert bool(_LINE_TIME.search(folded)) is stamped and (":" in folded or not stamped)
