import pytest
import regex
from conftest import parse_text

from zhengxie_parse.items import _sentences, parse_fields, parse_time, split_tail


@pytest.mark.parametrize(
    "title,clean,fields,owners",
    [
        ("围绕重点提案协商建言(提案委)", "围绕重点提案协商建言", {}, ["提案委"]),
        ("围绕工作报告协商建言(办公室、研究室)", "围绕工作报告协商建言", {}, ["办公室", "研究室"]),
        ("开展文史资料征集（责任单位：文史委、办公室）", "开展文史资料征集", {"责任单位": "文史委、办公室"}, []),
        ("围绕实施民主监督（市政协经济委）", "围绕实施民主监督", {}, ["经济委"]),
        ("委员履职管理办法（试行）", "委员履职管理办法（试行）", {}, []),  # not an owner
        ("主要工作事项(共33项)", "主要工作事项(共33项)", {}, []),  # a count, not an owner
        ("吴江高新区（盛泽镇）", "吴江高新区（盛泽镇）", {}, []),  # a town, not a committee
    ],
)
def test_split_tail(lex, title, clean, fields, owners):
    got_title, got_fields, got_owners = split_tail(title, lex)
    assert (got_title, got_fields, [c.name for c in got_owners]) == (clean, fields, owners)


@pytest.mark.parametrize(
    "text,fields",
    [
        (
            "时间安排：4月 牵头界别组：无党派组 协商部门：省住建厅、经信委",
            {"时间安排": "4月", "牵头界别组": "无党派组", "协商部门": "省住建厅、经信委"},
        ),
        ("协商形式：专题协商会\n时间：6月", {"协商形式": "专题协商会", "时间": "6月"}),
        (
            "由专委会组织实施。牵头领导：区政协副主席孙卫斌。责任部门：经济委。",
            {"牵头领导": "区政协副主席孙卫斌", "责任部门": "经济委"},
        ),
        ("围绕产业发展开展协商，时间待定", {}),  # no colon, no field
        (  # several fields in one bracket: each ends at the '；' or the bracket
            "组织委员学习。（牵头单位：学习委；配合单位：办公室；时间：7月）",
            {"牵头单位": "学习委", "配合单位": "办公室", "时间": "7月"},
        ),
        ("（牵头单位：学习委）；配合单位：办公室（文史）。", {"牵头单位": "学习委", "配合单位": "办公室（文史）"}),
    ],
)
def test_parse_fields(lex, text, fields):
    assert parse_fields(text, lex) == fields


@pytest.mark.parametrize(
    "text,months",
    [
        ("7月", [7]),
        ("3月20日", [3]),
        ("1、2月", [1, 2]),
        ("5至6月", [5, 6]),
        ("上半年", [1, 2, 3, 4, 5, 6]),
        ("第二季度", [4, 5, 6]),
        ("全年", list(range(1, 13))),
        ("年底前", [12]),
    ],
)
def test_parse_time(text, months):
    assert parse_time(text).months == months


def test_no_time():
    assert parse_time("推动民营科创企业发展") is None


def test_item_fields_from_numbered_field_lines():
    plan = parse_text(
        "一、专题协商\n1.围绕优化营商环境开展专题协商\n（一）协商形式：专题协商会\n（二）时间安排：6月\n"
        "（三）牵头单位：经济委、办公室\n（四）协商部门：区发改委、区商务局等\n（五）牵头领导：副主席张三"
    )
    (item,) = plan.items
    assert item.fields["协商形式"] == "专题协商会"
    assert item.time.months == [6]
    assert [c.name for c in item.committees] == ["经济委", "办公室"]
    assert item.counterparts == ["区发改委", "区商务局"]
    assert item.leaders == ["副主席张三"]


def test_items_are_nested_leaves_only():
    plan = parse_text(
        "一、指导思想\n正文。\n二、重点协商议题\n（一）常委会议\n1、甲议题\n2、乙议题\n三、保障措施\n正文。"
    )
    assert [i.title for i in plan.items] == ["甲议题", "乙议题"]


def test_top_level_sections_are_items_when_nothing_is_nested():
    plan = parse_text("一、开展专题协商。正文。\n二、开展民主监督。正文。")
    assert [i.title for i in plan.items] == ["开展专题协商", "开展民主监督"]


def test_heading_owner_is_inherited():
    plan = parse_text("一、重点调研(经济委)\n1.产业调研\n2.金融调研(提案委)")
    assert [(c.name, c.source) for c in plan.items[0].committees] == [("经济委", "inferred")]
    assert [(c.name, c.source) for c in plan.items[1].committees] == [("提案委", "explicit")]


def test_declared_counts_reconciled():
    plan = parse_text("一、重点协商(2项)\n1.甲\n2.乙\n二、重点调研(3项)\n1.丙\n2.丁")
    assert [(c.scope, c.what, c.count, c.found) for c in plan.declared_counts] == [
        ("1", "重点协商", 2, 2),
        ("2", "重点调研", 3, 2),
    ]
    assert [d.code for d in plan.diagnostics if d.code == "count_mismatch"] == ["count_mismatch"]


@pytest.mark.parametrize(
    "sentence,count,what",
    [
        ("选取地下人防增设监控、拓宽小区消防道路等90个议题。", 90, "议题"),
        ("先后排出协商议题47个。", 47, "协商议题"),
        ("按计划开展协商议事活动111次。", 111, "协商议事活动"),
    ],
)
def test_prose_counts(sentence, count, what):
    plan = parse_text(f"一、工作\n{sentence}")
    assert [(c.count, c.what, c.found) for c in plan.declared_counts] == [(count, what, None)]


@pytest.mark.parametrize("sentence", ["2021年开展工作。", "创建国家5A级旅游景区。", "完成投资1.5亿元。"])
def test_no_prose_count(sentence):
    assert parse_text(f"一、工作\n{sentence}").declared_counts == []


@pytest.mark.parametrize(
    "text,pieces",
    [
        ("开展协商。形成报告！", ["开展协商。", "形成报告！"]),
        # a run of 2,000 characters without a full stop is read in pieces that end at a clause end
        ("甲" * 1500 + "，" + "乙" * 1500 + "。", ["甲" * 1500 + "，", "乙" * 1500 + "。"]),
        ("甲" * 2500, ["甲" * 2000, "甲" * 500]),  # …or at 2,000 characters, when it has none
    ],
)
def test_sentences(text, pieces):
    assert [text[a:b] for a, b in _sentences(text)] == pieces


def test_heading_over_many_items_is_read_for_each():
    """What a heading says (its type, its owner, its time) holds for every item under it."""
    items = "\n".join(f"{n}.第{n}项议题" for n in range(1, 30))
    plan = parse_text(f"一、重点协商议题（3月）(提案委)\n{items}")
    assert len(plan.items) == 29
    assert {(i.topic_type, i.topic_source, i.committees[0].name, i.time.text) for i in plan.items} == {
        ("thematic_consultation", "heading", "提案委", "3月")
    }


# The stable key (事项编号): numbering, punctuation, spacing and script do not move it; words do.
KEY_CASES = [
    # (headings, title, other headings, other title, same key)
    (["坚持党建引领"], "提高政治站位", ["坚持党建引领。"], "提高政治站位 ", True),  # punctuation, a space
    (["坚持党建引领"], "提高政治站位", ["堅持黨建引領"], "提高政治站位", True),  # traditional script
    (["坚持党建引领"], "提高政治站位", ["坚持党建引领"], "提高政治站位水平", False),  # retitled item
    (["坚持党建引领"], "提高政治站位", ["加强自身建设"], "提高政治站位", False),  # another section
    ([], "提高政治站位", ["坚持党建引领"], "提高政治站位", False),  # moved under a heading
]


@pytest.mark.parametrize("headings,title,other_headings,other_title,same", KEY_CASES)
def test_item_key(headings, title, other_headings, other_title, same):
    from zhengxie_parse.items import item_key

    key = item_key(headings, title)
    assert regex.fullmatch(r"[0-9A-F]{8}", key)
    assert (key == item_key(other_headings, other_title)) is same


def test_keys_survive_an_inserted_item_and_repeat_with_a_suffix():
    before = parse_text("二、协商议政\n1．关于乡村振兴的协商\n2．关于营商环境的协商\n3．关于营商环境的协商\n")
    after = parse_text(
        "一、协商议政\n1．关于托育服务的协商\n2．关于乡村振兴的协商\n3．关于营商环境的协商\n4．关于营商环境的协商\n"
    )
    keys = [i.key for i in before.items]
    assert keys[2] == keys[1] + "-2"
    assert [i.key for i in after.items][1:] == keys
    assert after.items[0].key not in keys


# The literal checks before _TIME, _SCHEDULED and _HEADING_COUNT (a speed-up) must find what the
# patterns alone find: every match holds the literal the check asks for.
_GUARDED_TEXTS = [
    "县政协2022年10月份重点工作",
    "3月20日召开常委会议",
    "7-9月",
    "6月至7月",
    "上半年",
    "下半年开展视察",
    "第二季度",
    "第3季度",
    "全年",
    "完成全年工作任务",
    "年内",
    "年底前完成",
    "年初以来",
    "5月中旬，组织委员视察。7月中旬，召开协商会。",
    "6月中旬和11月下旬，开展调研。",
    "组织委员考察学习，认真理解了精神",
    "重点协商(9项)",
    "主要工作事项（共33项）",
    "协商议题（2个） ",
    "围绕重点提案协商建言(提案委)",
    "开展专题协商",
    "",
    "ABC",
]


@pytest.mark.parametrize("text", _GUARDED_TEXTS)
def test_guarded_patterns_find_what_the_patterns_find(text):
    from zhengxie_parse.chinese import fold
    from zhengxie_parse.items import _HEADING_COUNT, _SCHEDULED, _TIME, _heading_count, scheduled_time, time_in

    folded = fold(text)
    m, found = _TIME.search(folded), time_in(text)
    assert (found and (found[1], found[0].text)) == (m and (m.start(), text[m.start() : m.end()]))
    if "月" not in folded:
        assert scheduled_time(text) is None and _SCHEDULED.search(folded) is None
    plain = _HEADING_COUNT.search(folded)
    guarded = _heading_count(folded)
    assert (plain and plain.span()) == (guarded and guarded.span())


@pytest.mark.parametrize(
    "text",
    [
        "时间安排：4月 牵头界别组：无党派组",
        "牵头领导: 张三",
        "责任单位 文史委",  # a label without its colon is none
        "开展3次专题协商，围绕A、B进行",
        "重要协商10项",
        "召开三场协商会",
        "围绕重点工作开展协商",
        "",
    ],
)
def test_literal_checks_before_lexicon_patterns(lex, text):
    """A text without a colon has no field label; a sentence without HAS_COUNT no count: the checks
    that skip field_label_re and count_re skip only texts they find nothing in."""
    from zhengxie_parse.chinese import fold
    from zhengxie_parse.lexicon import HAS_COUNT

    folded = fold(text)
    if ":" not in folded and "：" not in folded:
        assert lex.field_label_re.search(folded) is None and parse_fields(text, lex) == {}
    if not HAS_COUNT.search(folded):
        assert not lex.count_re.finditer(folded)
    for m in lex.count_re.finditer(folded):
        assert HAS_COUNT.search(folded, m.start(), m.end())


@pytest.mark.parametrize(
    "title",
    [
        "围绕重点提案协商建言(提案委)",
        "开展调研（牵头：农业农村委）  ",
        "委员履职管理办法（试行",
        "开展专题协商",
        "A)B",
        "",
    ],
)
def test_tail_check_finds_what_the_tail_pattern_finds(lex, title):
    from zhengxie_parse.items import _TAIL, _split_tail

    if _TAIL.search(title) is None:
        assert _split_tail(title, lex) == (title, {}, [], len(title))
    if ")" not in title and "）" not in title:
        assert _TAIL.search(title) is None


@pytest.mark.parametrize(
    "ids,held",
    [
        (["2.1.3"], {"2": 1, "2.1": 1, "2.1.3": 1}),
        (["1", "1.2", "10.2"], {"1": 2, "1.2": 1, "10": 1, "10.2": 1}),
        (["a..b"], {"a": 1, "a.": 1, "a..b": 1}),
        ([], {}),
    ],
)
def test_per_scope(ids, held):
    from zhengxie_parse.items import _per_scope

    assert dict(_per_scope(ids)) == held
