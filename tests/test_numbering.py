import pytest

from zhengxie_parse.numbering import parse_marker

MARKERS = [
    # text, family, ordinal, label
    ("一、指导思想和基本原则", "cn", 1, "一、"),
    ("十二、加强自身建设", "cn", 12, "十二、"),
    ("二．重点工作", "cn", 2, "二．"),
    ("（一）常委会议协商议题", "cn_paren", 1, "（一）"),
    ("(三)专题协商", "cn_paren", 3, "(三)"),
    ("1、推动民营科创企业发展", "arabic", 1, "1、"),
    ("1．提高政治站位。以…", "arabic", 1, "1．"),
    ("18.改进工作作风", "arabic", 18, "18."),
    ("1 推动高质量发展", "arabic", 1, "1"),
    ("（1）强化理论武装", "arabic_paren", 1, "（1）"),
    ("③民生实事调研", "circled", 3, "③"),
    ("第二部分 重点工作", "part", 2, "第二部分"),
    ("第三章　协商议政", "part", 3, "第三章"),
]


@pytest.mark.parametrize("text,family,ordinal,label", MARKERS)
def test_marker(text, family, ordinal, label):
    m = parse_marker(text)
    assert (m.family, m.ordinal, m.label) == (family, ordinal, label)


NOT_MARKERS = [
    "2021年，区政协工作的总体要求是",  # a year
    "1、2月开展调研",  # a list of months
    "一、二月份开展走访调研",  # the same in Chinese numerals
    "一、二季度完成视察",  # quarters
    "3、5号楼改造",  # numbers of buildings
    "90个议题",  # a count
    "1.5亿元投入民生项目",  # a decimal
    "2023 年将持续推进",  # four digits and a space are a year
    "一是聚焦中心任务",  # a run-in point
    "十九届六中全会精神",  # an ordinal inside a name
    "一、",  # a bare marker with nothing after it
    "围绕1.加强学习开展活动",  # a marker inside a sentence
    "政协工作要点",
]


@pytest.mark.parametrize("text", NOT_MARKERS)
def test_not_a_marker(text):
    assert parse_marker(text) is None


def test_the_first_character_check_rejects_only_what_no_family_matches(monkeypatch):
    """parse_marker reads no further than the first character where no family can open: at every
    place in the samples' lines it answers as the eight patterns do when all are tried."""
    from pathlib import Path

    from zhengxie_parse import numbering
    from zhengxie_parse.chinese import fold

    lines = [
        line
        for path in sorted((Path(__file__).parent.parent / "samples").glob("*.txt"))
        for line in path.read_text("utf-8").splitlines()
    ]
    places = [(line, fold(line), at) for line in lines for at in range(0, len(line), 3)]
    quick = [parse_marker(line, folded, at) for line, folded, at in places]
    monkeypatch.setattr(numbering, "_OPENERS", _Everything())
    assert quick == [parse_marker(line, folded, at) for line, folded, at in places]
    assert any(quick) and not all(quick)


class _Everything:
    def __contains__(self, _: str) -> bool:
        return True
