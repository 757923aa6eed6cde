import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhengxie_parse.chinese import fold, split_names
from zhengxie_parse.classify import (
    _evidence,
    _matches,
    _scores,
    _weighed,
    classify_domains,
    classify_topic,
    committee,
    item_domains,
    leaders_in,
    read_body,
    spelled,
)

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
    ("提高工作站位", ["坚持党建引领，提升凝聚力"], "", "party_building", "heading"),
    # the longest term wins: 重点提案 over 提案
    ("围绕重点提案协商建言", ["重点协商"], "", "proposal_consultation", "explicit"),
    ("推进载体建设", ["践行基层治理"], "全面建好用好有事好商量协商议事平台", "grassroots_consultation", "inferred"),
    # sessions: the plenary's and the standing committee's are their consultations, not `meeting`
    ("区政协七届第三次常委会议", ["重要会议活动"], "", "standing_committee_consultation", "explicit"),
    ("区政协八届二次会议", ["重要会议活动"], "", "plenary_consultation", "explicit"),
    ("市政协十四届二次会议协商议政", ["工作安排"], "", "plenary_consultation", "explicit"),
    (
        "围绕市政府工作报告和市法院、市检察院工作报告协商议政",
        ["市政协十四届二次会议协商议政"],
        "",
        "plenary_consultation",
        "explicit",
    ),
    (
        "召开1场全体会议协商",
        [],
        "组织委员通过大会发言、分组讨论、提出提案等形式，开展全面协商活动。",
        "plenary_consultation",
        "explicit",
    ),
    # …a party committee's plenum is not the CPPCC's plenary; other meetings are meetings
    ("贯彻区委九届三次全会精神", [], "", "other", "inferred"),
    ("中秋各界人士座谈会", ["一是会议"], "", "meeting", "explicit"),
    # a committee's own members' meeting is not the plenary
    ("加强与委员的沟通与交流，开好委员全体会议和组织好界别小组活动", [], "", "member_affairs", "explicit"),
    # evidence weighed: the title's form over the body's; the first sentence over the rest
    (
        "把握选题重点",
        ["聚焦中心大局"],
        "围绕重点工作，在学习上海、对接上海、服务上海的路径上精心选题。",
        "consultation_general",
        "explicit",
    ),
    (
        "搞好年度重点史料专辑的征集工作",
        [],
        "一是继续收集整理史料。征集文化名人史料，有助于文化事业的宣传和发展。",
        "culture_history",
        "explicit",
    ),
    (
        "提升协商实效",
        ["践行基层治理"],
        "注重加强商前调研，确定协商主题。扩大“有事好商量”活动的参与面。发挥委员在“有事好商量”活动中的作用。",
        "grassroots_consultation",
        "inferred",
    ),
    # overlapping terms are one piece of evidence: the head of the compound (协商议事), not 专题协商
    (
        "彰显协商成效",
        [],
        "连续两年开展“5·23”专题协商议事活动，围绕营商环境再优化深入调研。",
        "grassroots_consultation",
        "inferred",
    ),
    # …and the longest: 提案办理协商, which outvotes nothing (traditional script)
    (
        "壯大愛國愛港愛澳新生代力量",
        [],
        "開展界別協商，並選取10件作為重點提案辦理協商議題。",
        "sector_consultation",
        "inferred",
    ),
    # several forms of consultation listed, none leading
    (
        "积极协商议政",
        ["聚焦中心大局"],
        "深入开展专题协商、对口协商、界别协商、提案办理协商。丰富远程协商、网络议政等渠道。",
        "consultation_general",
        "explicit",
    ),
    ("综合运用双周协商、远程协商、提案办理协商、对口协商", [], "", "consultation_general", "explicit"),
    # …but one form named after consultation in general is that form; two alternatives are not a list
    ("积极协商议政", [], "围绕发展大局开展专题协商。", "thematic_consultation", "explicit"),
    ("加快海上养殖转型升级改造", ["开展5场对口协商或界别协商"], "", "counterpart_consultation", "heading"),
    # a heading that lists several forms hands none of them down
    (
        "围绕中央的重大部署决策选择题目",
        ["年度协商、通报、视察、调研计划的题目和形式的确定"],
        "",
        "consultation_general",
        "explicit",
    ),
    ("围绕重大部署安排", ["年度协商、通报、视察、调研计划的题目和形式的确定"], "", "other", "inferred"),
    # masked and spun words
    ("坚定正确政z*方向", [], "坚持把党的政z*建设摆在首位。", "party_building", "explicit"),
    ("推进五大违法行为整治", ["二。专题磋商"], "", "thematic_consultation", "heading"),
    ("推进青年电子商务创业", ["三。对口磋商"], "", "counterpart_consultation", "heading"),
    # a plain-verb use counts little: weak evidence alone decides nothing
    (
        "围绕“大发展、大建设、大环境”出实力",
        [],
        "认真组织好招商工作。深入外商投资企业调研走访，督促解决困难。",
        "other",
        "inferred",
    ),
    # …but it still decides over nothing else in the title
    ("学习借鉴先进地区经验", [], "", "study", "explicit"),
    # a publication's name is not the work: 《学习参考资料》 counts little against the body's form
    ("做好《学习参考资料》的编辑工作", [], "组织好调研活动。", "research", "inferred"),
    # the new codes
    ("增强三地联动", [], "深化吴江、青浦、嘉善三地政协联动机制。", "regional_cooperation", "explicit"),
    ("积极践行为民宗旨", [], "以“我为群众办实事”实践活动为重要抓手。", "liaison", "explicit"),
    ("致力增进与世界各国人民的友谊，不断深化对外友好交往", [], "", "foreign_affairs", "explicit"),
    ("努力做好其他工作", ["文史资料工作"], "一是继续做好提案工作。", "other", "explicit"),
    # a brand before a form: the form; the brand when alone
    ("降低企业成本", ["有事多商量·专题议政性常委会会议"], "", "standing_committee_consultation", "heading"),
    ("举办以“健全完善景区水上管理机制”为主题的“请你来协商”活动", [], "", "grassroots_consultation", "explicit"),
]


@pytest.mark.parametrize("title,headings,body,code,source", TOPICS, ids=[t[0][:16] for t in TOPICS])
def test_topic(lex, title, headings, body, code, source):
    topic = classify_topic(title, headings, body, lex)
    assert (topic.code, topic.source) == (code, source)


@pytest.mark.parametrize(
    "title,headings,body,confidence",
    [
        ("开展对口协商", [], "", "high"),
        ("推动民营科创企业发展", ["常委会议协商议题"], "", "high"),
        ("提高工作站位", ["坚持党建引领"], "", "medium"),  # a theme inherited from the heading
        ("学习借鉴先进地区经验", [], "", "medium"),  # a plain-verb use
        ("推进载体建设", [], "全面建好用好有事好商量平台。", "low"),  # the body alone
        ("开展调研视察", [], "", "low"),  # two forms, neither leading
        ("围绕重大部署安排", [], "", "low"),  # nothing names a type
    ],
)
def test_confidence(lex, title, headings, body, confidence):
    assert classify_topic(title, headings, body, lex).confidence == confidence


def test_forms_in_reading_order_with_their_words(lex):
    topic = classify_topic(
        "积极协商议政", [], "深入开展专题协商、对口协商、界别协商。丰富远程协商、网络议政等渠道。", lex
    )
    assert [(f.code, f.terms) for f in topic.forms] == [
        ("thematic_consultation", ["专题协商"]),
        ("counterpart_consultation", ["对口协商"]),
        ("sector_consultation", ["界别协商"]),
        ("remote_consultation", ["远程协商", "网络议政"]),
    ]
    assert topic.terms[0] == "协商议政"


def test_evidence_is_quoted_as_written(lex):
    # spun and masked words are matched as the usual ones, and quoted as the document has them
    assert classify_topic("二。专题磋商", [], "", lex).terms == ["专题磋商"]
    assert classify_topic("坚定正确政z*方向", [], "", lex).terms == ["政z*方向"]
    assert classify_topic("開展對口協商", [], "", lex).terms == ["對口協商"]


# Text made of topic terms that overlap and nest, a spun spelling, a plain-verb use and a book title.
WORDS = st.lists(
    st.sampled_from(
        [
            "专题协商",
            "协商议事",
            "专题",
            "协商",
            "议事",
            "民主监督",
            "监督",
            "调研",
            "视察",
            "学习上海",
            "《学习》",
            "主席会议",
            "磋商",
            "、",
            "，",
            "开展",
            "围绕",
        ]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(WORDS)
def test_matches_keep_the_longest_then_the_later_of_overlapping_terms(lex, text):
    """The kept matches are those a pairwise check keeps (its quadratic definition)."""
    terms, owner = lex.topic_terms
    found = [(owner[m.group(1)], m.start(1), m.end(1)) for m in terms.finditer(text)]
    found += [(code, m.start(), m.end()) for code, pattern in lex.topic_patterns for m in pattern.finditer(text)]
    kept: list[tuple[str, int, int]] = []
    for code, start, end in sorted(found, key=lambda f: (f[1] - f[2], -f[1])):
        if all(end <= s or start >= e for _, s, e in kept):
            kept.append((code, start, end))
    assert _matches(text, lex) == sorted(kept, key=lambda f: f[1])


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=WORDS, heading=WORDS, repeat=st.integers(1, 40))
def test_a_heading_weighs_alike_without_the_pieces_that_change_no_score(lex, title, heading, repeat):
    own = _evidence(title, "title", 1.0, 0, lex)
    inherited = _evidence(heading * repeat, "heading", 0.8, 10_000, lex)
    weighed = _weighed(inherited)
    assert _scores(own + weighed) == _scores(own + inherited)
    for code in {e.code for e in inherited}:
        terms = [e.written for e in own + inherited if e.code == code]
        assert list(dict.fromkeys(e.written for e in own + weighed if e.code == code)) == list(dict.fromkeys(terms))


def test_a_long_heading_weighs_in_a_few_pieces(lex):
    heading = "开展专题协商，加强民主监督、调研视察"
    weighed = [len(_weighed(_evidence(heading * n, "heading", 0.8, 10_000, lex))) for n in (20, 40, 400)]
    assert weighed[0] == weighed[1] == weighed[2] < 40


@pytest.mark.parametrize(
    "text,lead,rest",
    [
        ("开展专题协商。形成报告。", "开展专题协商。", "形成报告。"),
        # fields are left out: what it says, not who does it when
        ("时间安排：7月\n承办部门：提案委\n开展视察。", "开展视察。", ""),
        # punctuation left over at the start is no sentence; a full-width ； ends one
        ("。；深入調研；提出建議", "深入調研；", "提出建議"),
        ("", "", ""),
    ],
)
def test_read_body(lex, text, lead, rest):
    body = read_body(text, lex)
    assert (body.lead, body.rest) == (lead, rest)
    assert (body.folded_lead, body.folded_rest) == (fold(lead), fold(rest))


@pytest.mark.parametrize(
    "text,matched",
    [
        ("坚持把党的政z*建设摆在首位", "坚持把党的政治建设摆在首位"),
        ("坚定正确政z*方向", "坚定正确政治方向"),
        ("不断提高政z*判断力", "不断提高政z*判断力"),  # no term fits: left masked
        ("二。专题磋商", "二。专题协商"),
        ("CPPCC论坛", "政协论坛"),
    ],
)
def test_spelled(lex, text, matched):
    spelled_text, index = spelled(text, lex)
    assert spelled_text == matched
    assert len(index) == len(spelled_text) and list(index) == sorted(index)


@pytest.mark.parametrize(
    "title,body,domains",
    [
        ("关于优化营商环境的建议", "", {"business_environment": ["营商环境"]}),
        # set phrases count for no domain
        ("深入学习贯彻中共二十大精神", "把基层智慧和力量汇聚起来。", {}),
        ("关于推动我区夜间经济健康发展的建议", "", {"economy": ["经济"]}),
        ("全面推进主题教育常态化", "", {}),
        # missing terms filled
        ("加强我省重点地区大气污染综合防治工作", "", {"ecology_environment": ["大气污染"]}),
        ("如何促进传统中医的传承和发展", "", {"health": ["中医"]}),
        ("进一步提高简政放权的质量和实效", "", {"business_environment": ["简政放权"]}),
        # from the title and first sentence, never from field values or later sentences
        ("降低企业成本", "时间安排：7月\n承办部门：市政协社会法制与港澳台侨委", {"economy": ["企业"]}),
        ("提高站位", "坚持以人民为中心。推进乡村振兴。", {}),
        # a first sentence that lists topics across four domains names none of them
        ("积极践行为民宗旨", "聚焦困难群体就业、老旧小区改造、“双减”政策落地、生态环境保护等问题深入调研视察。", {}),
    ],
)
def test_item_domains(lex, title, body, domains):
    assert item_domains(title, body, lex) == domains


def test_domains_keep_spun_and_masked_text_as_written(lex):
    assert classify_domains("加快經濟發展", lex) == {"economy": ["經濟"]}


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
