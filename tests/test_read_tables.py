"""Tables from any format → the lines a typed plan would have (readers/tables.py)."""

import pytest

from zhengxie_parse.readers.tables import add_table


def lines(rows, lex):
    out = []
    add_table(out, [(cells, {"table": 1, "row": r}) for r, cells in enumerate(rows, start=1)], lex)
    return [b.text for b in out]


PLAN_TABLE = [
    ["序  号", "协商议题", "协商形式", "牵头委室", "时间"],
    ["一、专题协商（2项）"] * 5,  # a section row: one cell merged across the table
    ["1", "推动民营科创企业发展", "专题议政性常委会议", "经济委", "6月"],
    ["2", "加快城市更新", "专题协商会", "城建委", ""],
]


def test_plan_table_rows_become_items_with_fields(lex):
    assert lines(PLAN_TABLE, lex) == [
        "一、专题协商（2项）",
        "1 推动民营科创企业发展",
        "协商形式：专题议政性常委会议",
        "牵头委室：经济委",
        "时间：6月",
        "2 加快城市更新",
        "协商形式：专题协商会",
        "牵头委室：城建委",
    ]


def test_caption_row_above_the_header_is_kept(lex):
    rows = [["2024年协商计划表"] * 3, ["序号", "议题", "牵头单位"], ["1", "围绕乡村振兴协商", "农业农村委"]]
    assert lines(rows, lex) == ["2024年协商计划表", "1 围绕乡村振兴协商", "牵头单位：农业农村委"]


def test_rows_without_a_number_column_are_numbered_by_place(lex):
    rows = [["议题", "牵头单位（委室）"], ["围绕甲协商", "提案委"], ["围绕乙协商", "经济委"]]
    assert lines(rows, lex) == ["1 围绕甲协商", "牵头单位：提案委", "2 围绕乙协商", "牵头单位：经济委"]


def test_numbers_written_with_their_separator_are_kept(lex):
    rows = [["序号", "工作任务", "责任单位"], ["（一）", "加强理论学习", "学习委"]]
    assert lines(rows, lex)[0] == "（一）加强理论学习"


@pytest.mark.parametrize(
    "rows",
    [
        [["姓名", "职务", "电话"], ["张三", "主任", "12345"]],  # a contact list is no plan table
        [["序号", "备忘"], ["1", "甲"]],  # a number column but nothing else zxparse knows
        [["一季度", "二季度"], ["调研", "视察"]],  # no header at all
    ],
)
def test_other_tables_stay_text(rows, lex):
    assert lines(rows, lex) == ["  ".join(dict.fromkeys(c for c in row if c)) for row in rows]


def test_rows_keep_their_table_and_row(lex):
    out = []
    add_table(out, [(cells, {"table": 2, "row": r}) for r, cells in enumerate(PLAN_TABLE, start=1)], lex)
    assert (out[1].table, out[1].row) == (2, 3) and out[1].ref.row == 3
