import pytest
from conftest import parse_text, read_fixtures

from zhengxie_parse.outline import run_in_points
from zhengxie_parse.output import tree_lines

CASES = read_fixtures("outline.txt")


@pytest.mark.parametrize("title,text,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_outline_fixture(title, text, expected):
    assert "\n".join(tree_lines(parse_text(text), annotate=False)) == expected


def test_run_in_body_split_from_title():
    node = (
        parse_text("一、坚持党建引领\n1．提高政治站位。以习近平新时代中国特色社会主义思想为指导。")
        .outline[0]
        .children[0]
    )
    assert (node.title, node.text) == ("提高政治站位", "以习近平新时代中国特色社会主义思想为指导。")


def test_long_first_sentence_is_no_title():
    long = "围绕" + "推动经济社会高质量发展" * 5 + "。开展调研。"
    node = parse_text(f"一、工作\n1.{long}").outline[0].children[0]
    assert node.title == long.rstrip("。")


@pytest.mark.parametrize(
    "text,points",
    [
        ("一是聚焦中心任务。二是坚持统筹兼顾。", ["聚焦中心任务。", "坚持统筹兼顾。"]),
        ("一是精心安排。\n二是深入调研。\n三是提高实效。", ["精心安排。", "深入调研。", "提高实效。"]),
        ("一是只有一个。", []),  # one point is no enumeration
        ("二是从二开始。三是接着。", []),  # must count from 一
        ("统一是基础，二是关键。", []),  # 一是 inside a word
    ],
)
def test_run_in_points(text, points):
    assert run_in_points(text) == points


def test_points_are_kept_on_the_node():
    node = parse_text("一、主要措施\n一是精心安排部署。\n二是深入组织调研。").outline[0]
    assert node.points == ["精心安排部署。", "深入组织调研。"]
    assert node.children == []


@pytest.mark.parametrize(
    "text,code",
    [
        ("一、甲\n二、乙\n四、丁", "numbering_gap"),
        ("一、甲\n二、乙\n二、丙", "numbering_repeat"),
    ],
)
def test_numbering_diagnostics(text, code):
    plan = parse_text(text)
    assert [d.code for d in plan.diagnostics if d.code.startswith("numbering")] == [code]


def test_continuous_numbering_is_no_gap():
    plan = parse_text("一、甲\n1.a。\n2.b。\n二、乙\n3.c。\n4.d。")
    assert not [d for d in plan.diagnostics if d.code.startswith("numbering")]


def test_provenance_names_line_and_block():
    plan = parse_text("标题\n\n一、甲\n1.乙项。")
    node = plan.outline[0]
    assert (node.source.block, node.source.line) == (1, 3)
    assert node.children[0].source.line == 4
