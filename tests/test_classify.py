import pytest

from zhengxie_parse.classify import classify_topic, committee, leaders_in, split_names

TOPICS = [
    # title, headings (nearest first), body, code, source
    ("推动民营科创企业发展", ["常委会议协商议题", "重点协商议题"], "", "standing_committee_consultation", "heading"),
    ("疫情防控民主监督", ["民主监督议题"], "", "democratic_supervision", "explicit"),
    # the item's own form wins over its heading's (seed 003 attachment item 4)
    ("围绕推动金色中环工作落实实施民主监督", ["重点协商"], "", "democratic_supervision", "explicit"),
    # a theme in the title does not beat the heading's form
    ("建立海外联谊工作机制", ["专题协商座谈会议协商议题"], "", "thematic_consultation", "heading"),
    # …but it beats the heading's theme
    ("深化理论学习", ["坚持党建引领"], "", "study", "explicit"),
    ("提高政治站位", ["坚持党建引领，提升凝聚力"], "", "party_building", "heading"),
    # the longest term wins: 重点提案 over 提案
    ("围绕重点提案协商建言", ["重点协商"], "", "proposal_consultation", "explicit"),
    # a session of a named body is a meeting, not a standing-committee consultation topic
    ("区政协七届第三次常委会议", ["重要会议活动"], "", "meeting", "explicit"),
    ("推进载体建设", ["践行基层治理"], "全面建好用好有事好商量协商议事平台", "grassroots_consultation", "inferred"),
    ("增强三地联动", [], "", "other", "inferred"),
]


@pytest.mark.parametrize("title,headings,body,code,source", TOPICS, ids=[t[0] for t in TOPICS])
def test_topic(lex, title, headings, body, code, source):
    topic = classify_topic(title, headings, body, lex)
    assert (topic.code, topic.source) == (code, source)


@pytest.mark.parametrize(
    "name,written,canonical",
    [
        ("提案委", "提案委", "proposal"),
        ("市政协提案委", "提案委", "proposal"),
        ("南通市崇川区政协经济委", "经济委", "economy"),
        ("社会法制与港澳台侨委", "社会法制与港澳台侨委", "social_legal+hk_macao_taiwan_overseas"),
        ("一办六委", "一办六委", "all_committees"),
        ("区政协经科与人资环委", "经科与人资环委", "economy+population_resources_environment"),
        ("各专委会", "各专委会", "all_committees"),
        ("民盟组", "民盟组", "sector_group"),  # a 界别组 owns items too
        ("医卫一组", "医卫一组", "sector_group"),
        ("工青妇和青联组", "工青妇和青联组", "sector_group"),
        ("文体组", "文体组", None),  # an unknown group is kept, not mapped
        ("学习与文史委", "学习与文史委", "study+culture_history_study"),
        ("教育与乡村委", "教育与乡村委", None),  # merged, but one half unknown: kept as written
        ("农业农村和生态环境委", "农业农村和生态环境委", None),  # unknown, kept
    ],
)
def test_committee(lex, name, written, canonical):
    c = committee(name, lex)
    assert (c.name, c.canonical) == (written, canonical)


@pytest.mark.parametrize(
    "name", ["黎里镇", "区发改委2021", "9项", "草案", "区商务局", "张三", "课题组", "领导小组", "民盟市委调研组"]
)
def test_not_a_committee(lex, name):
    assert committee(name, lex) is None


def test_split_names():
    assert split_names("文史委、办公室等") == ["文史委", "办公室"]
    assert split_names("区发改委，区商务局") == ["区发改委", "区商务局"]


@pytest.mark.parametrize(
    "names,expected",
    [
        (["区政协副主席孙卫斌"], [("区政协", "副主席", "孙卫斌")]),
        (["副主席张三", "李四"], [(None, "副主席", "张三"), (None, "副主席", "李四")]),  # the title carries on
        (["市政协副主席", "王芳"], [("市政协", "副主席", "王芳")]),  # split at a space
        (["秘书长"], [(None, "秘书长", None)]),
        (["刘明同志"], [(None, None, "刘明")]),
        (["区政协党组副书记", "副主席陈刚"], [("区政协", "党组副书记、副主席", "陈刚")]),  # one person, two titles
        (["区发改委"], [(None, None, None)]),  # a unit, not a person
    ],
)
def test_leaders(lex, names, expected):
    assert [(p.organization, p.title, p.name) for p in leaders_in(names, lex)] == expected
