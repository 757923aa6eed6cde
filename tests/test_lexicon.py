import pytest
from conftest import parse_text

from zhengxie_parse.classify import _matches, classify_domains, classify_topic, committee
from zhengxie_parse.errors import LexiconError
from zhengxie_parse.lexicon import load_lexicon, terms_pattern


def write(tmp_path, text):
    path = tmp_path / "local.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_shipped_pattern_compiles_alone():
    """Loading the shipped lexicon alone takes its patterns as checked (compiling each one costs a
    single extract some 5 % of its time): this is where they are."""
    from zhengxie_parse.lexicon import Lexicon, _defaults

    assert Lexicon.model_validate(_defaults())  # no context: every Regex entry compiled


def test_shipped_lexicon_loads():
    lex = load_lexicon()
    assert lex.committee_alias["提案委"] == "proposal"
    assert lex.field_roles["时间安排"] == "time"


TERMS = ["专题协商", "专题协商会", "专题调研", "协商", "协商议事", "会", "a.b", "(c)"]


@pytest.mark.parametrize(
    "text, found",
    [
        ("召开专题协商会", ["专题协商会"]),  # the longest where several start
        ("开展专题协商活动", ["专题协商"]),  # a longer one that does not go on is not taken
        ("专题调研和协商议事", ["专题调研", "协商议事"]),
        ("专题", []),  # a prefix of terms alone is none
        ("开会", ["会"]),
        ("a.b axb", ["a.b"]),  # written literally: '.' is no wildcard
        ("(c) c", ["(c)"]),
    ],
)
def test_terms_pattern_matches_the_longest_term_at_each_place(text, found):
    import re

    pattern = re.compile(terms_pattern(TERMS))
    longest_first = re.compile("|".join(map(re.escape, sorted(TERMS, key=len, reverse=True))))
    assert pattern.findall(text) == found == longest_first.findall(text)


@pytest.mark.parametrize(
    "terms, text",
    [
        (["-a", "]b", "^c", "\\d", "e"], "x-a ]b ^c \\d e -"),  # first characters a class must escape
        (["", "ab"], "xaby"),  # an empty term matches at every place: no class leads it
    ],
)
def test_terms_pattern_led_by_its_first_characters_matches_as_the_alternation(terms, text):
    import re

    longest_first = re.compile("|".join(map(re.escape, sorted(terms, key=len, reverse=True))))
    assert re.compile(terms_pattern(terms)).findall(text) == longest_first.findall(text)


def test_user_lexicon_adds_without_replacing(tmp_path):
    lex = load_lexicon(
        write(
            tmp_path,
            "committees:\n  families:\n    proposal: [提案和联络委]\n"
            "topics:\n  research:\n    terms: [蹲点]\n"
            "fields:\n  lead_unit: [主责委室]\n",
        )
    )
    assert committee("提案和联络委", lex).canonical == "proposal"
    assert committee("提案委", lex).canonical == "proposal"  # the shipped aliases stay
    assert classify_topic("开展蹲点", [], "", lex).code == "research"
    assert lex.field_roles["主责委室"] == "lead_unit" and lex.field_roles["牵头单位"] == "lead_unit"


def test_user_lexicon_changes_the_plan(tmp_path):
    from zhengxie_parse.pipeline import parse_blocks
    from zhengxie_parse.readers.text import text_blocks

    lex = load_lexicon(write(tmp_path, "fields:\n  lead_unit: [主责委室]\n"))
    text = "一、重点协商\n1.围绕产业发展协商建言\n主责委室：经济委"
    assert parse_text(text).items[0].committees == []
    plan = parse_blocks(parse_text(text).source, text_blocks(text), lex)
    assert [c.name for c in plan.items[0].committees] == ["经济委"]


@pytest.mark.parametrize(
    "pattern,text,filtered",
    [
        ("蹲点调查", "组织蹲点调查", True),
        ("(?i)cppcc联谊", "举办CPPCC联谊", False),  # a global flag would apply to every pattern in the alternation
        ("(蹲)点\\1", "蹲点蹲", False),  # a group by number would be renumbered
        ("(?i:cppcc)联谊", "举办CPPCC联谊", True),  # a scoped flag stays in its group
    ],
)
def test_topic_patterns_are_searched_at_once_only_where_they_read_alike(tmp_path, pattern, text, filtered):
    lex = load_lexicon(write(tmp_path, f"topics:\n  research:\n    patterns: ['{pattern}']\n"))
    assert (lex.any_topic_pattern is not None) is filtered
    assert "research" in {code for code, _, _ in _matches(text, lex)}
    assert "research" not in {code for code, _, _ in _matches("举办联谊活动", lex)}


@pytest.mark.parametrize(
    "text,reason",
    [
        ("topics:\n  research:\n\tzh: 调研\n", "line 3: not valid YAML"),  # a tab indent
        ("- just\n- a list\n", "a lexicon must be a mapping"),
        ("colours: {red: 1}\n", "unknown section"),
        # a broken pattern is named as written, without pydantic's 'Value error,' in front
        (
            "topics:\n  research:\n    patterns: ['(unclosed']\n",
            "line 3: invalid lexicon: topics.research.patterns.0: pattern",
        ),
        ("topics:\n  research:\n    kind: sometimes\n", "line 3: invalid lexicon: topics.research.kind"),
        ("committees:\n  families:\n    proposal: 提案委\n", "line 3: invalid lexicon: committees.families.proposal"),
        ("fields:\n  time: [时段]\n  lead_unit: 7\n", "line 3: invalid lexicon: fields.lead_unit"),
        # every regex a lexicon holds is compiled as it loads, its line found in the user's list
        ("noise:\n  lines:\n    - '第\\d+页'\n    - '(unclosed'\n", "line 4: invalid lexicon: noise.lines"),
        ("committees:\n  org_prefixes: ['[市区']\n", "line 2: invalid lexicon: committees.org_prefixes"),
        ("meta:\n  draft: '草案|*'\n", "line 2: invalid lexicon: meta.draft"),
        ("meta:\n  doc_kinds:\n    - [news, '新闻(']\n", "line 3: invalid lexicon: meta.doc_kinds"),
        ("meta:\n  news_leads: ['近日', '[近日']\n", "line 2: invalid lexicon: meta.news_leads"),
        ("sections:\n  plan: ['主要任务', '(?P<x']\n", "line 2: invalid lexicon: sections.plan"),
        ("topics:\n  study:\n    weak: ['学习(']\n", "line 3: invalid lexicon: topics.study.weak"),
        # entries that compile alone but not joined ('#' starts a comment under (?x), to the end)
        ("noise:\n  lines: ['(?x)页码 #', '第\\d+页']\n", "the patterns of 'noise' do not compile together"),
        # a new code would give plans the published schema rejects; terms for existing codes are fine
        (
            "topics:\n  research:\n    terms: [蹲点]\n  gossip:\n    zh: 闲谈\n    kind: theme\n",
            "line 5: invalid lexicon: topics.gossip: not a topic code: a lexicon teaches terms for the codes",
        ),
        # said so even when the new code is incomplete (no zh), and a near code is suggested
        ("topics:\n  not_a_code:\n    terms: [走访]\n", "invalid lexicon: topics.not_a_code: not a topic code:"),
        ("topics:\n  reserch:\n    terms: [走访]\n", r"topics.reserch: not a topic code \(did you mean 'research'\?\)"),
    ],
)
def test_malformed_lexicon(tmp_path, text, reason):
    path = write(tmp_path, text)
    with pytest.raises(LexiconError, match=reason) as err:
        load_lexicon(path)
    assert str(path) in str(err.value) and "Value error" not in str(err.value)


def test_an_unreadable_lexicon_file_says_why(tmp_path):
    """A missing file is input not found (exit 3), as a document is; bytes that are not UTF-8 say so
    (not the name of a Python exception)."""
    from zhengxie_parse.errors import InputNotFound

    with pytest.raises(InputNotFound, match="nope.yaml: no such file$"):
        load_lexicon(tmp_path / "nope.yaml")
    with pytest.raises(InputNotFound, match="a folder, not a lexicon file$"):
        load_lexicon(tmp_path)
    gbk = tmp_path / "gbk.yaml"
    gbk.write_bytes("topics:\n  research:\n    terms: [走访]\n".encode("gbk"))
    with pytest.raises(LexiconError, match="gbk.yaml: not UTF-8 text"):
        load_lexicon(gbk)


def test_user_lexicon_teaches_domains_and_sector_names(tmp_path):
    """A locality's own words: a domain term jieba would split, a local committee alias."""
    lex = load_lexicon(
        write(tmp_path, "domains:\n  economy: [湾区经济]\ncommittees:\n  families:\n    economy: [经济发展委]\n")
    )
    assert classify_domains("推进湾区经济协同发展", lex) == {"economy": ["湾区经济"]}
    assert committee("区政协经济发展委", lex).canonical == "economy"


# A pattern that backtracks catastrophically on the text it meets, in each section a pattern is
# written in, and a document that reaches every use of them: title, lead line, item, owner, leader.
# Each run of 政 is followed by something else, then 协, which a search needs to start trying.
RUNAWAY = "(政|政政|政政政)+协"
TRAP = "政" * 34 + "·协"  # short enough for a title line
HOSTILE = "\n".join(
    [
        TRAP,
        TRAP + "，近日召开。",
        "一、" + TRAP,
        TRAP + "：",  # the line that opens a list: a meeting's business, or a plan's items
        "1.关于学习" + TRAP,
        f"牵头单位：{TRAP}委",
        f"牵头领导：{TRAP}",
    ]
)
REPORT = "\n".join(["政协工作报告", "一、" + TRAP, "1.关于学习"])  # a report's items are in its plan sections


@pytest.mark.parametrize(
    "text,document",
    [
        (f"topics:\n  research:\n    patterns: ['{RUNAWAY}']\n", HOSTILE),
        (f"topics:\n  study:\n    weak: ['{RUNAWAY}']\n", HOSTILE),
        (f"noise:\n  lines: ['{RUNAWAY}']\n", HOSTILE),
        (f"committees:\n  org_prefixes: ['{RUNAWAY}']\n", HOSTILE),
        (f"meta:\n  draft: '{RUNAWAY}'\n", HOSTILE),
        (f"meta:\n  doc_kinds: [[news, '{RUNAWAY}']]\n", HOSTILE),
        (f"meta:\n  news_leads: ['{RUNAWAY}']\n", HOSTILE),
        (f"meta:\n  doc_kind_statements: [[rules, '{RUNAWAY}']]\n", HOSTILE),
        (f"sections:\n  review: ['{RUNAWAY}']\n", HOSTILE),
        (f"sections:\n  agenda_leads: ['{RUNAWAY}']\n", HOSTILE),
        (f"sections:\n  placeholders: ['{RUNAWAY}']\n", HOSTILE),
        (f"sections:\n  plan: ['{RUNAWAY}']\n", REPORT),
    ],
)
def test_a_runaway_pattern_is_stopped(tmp_path, monkeypatch, text, document):
    """Unbounded, each of these takes hours on a line of forty 政; bounded, the document stops
    with a clear error naming the lexicon file."""
    from zhengxie_parse import lexicon
    from zhengxie_parse.pipeline import parse_blocks
    from zhengxie_parse.readers.text import text_blocks

    monkeypatch.setattr(lexicon, "PATTERN_SECONDS", 0.2)
    path = write(tmp_path, text)
    lex = load_lexicon(path)
    with pytest.raises(LexiconError, match="ran over 0.2 s on “") as err:
        parse_blocks(parse_text("一、学习").source, text_blocks(document), lex)
    assert err.value.exit_code == 6 and err.value.path == str(path)


def test_the_shipped_lexicon_does_not_run_away_on_the_hostile_text(lex):
    assert parse_text(HOSTILE).meta is not None


def test_only_a_users_patterns_are_time_bounded(tmp_path, lex):
    """The shipped patterns run as compiled (no clock read at each call); a section a user's file
    writes runs bounded, the others stay as shipped."""
    assert lex.noise_line_re.search == lex.noise_line_re.regex.search
    assert lex.leader_re.finditer("区政协副主席孙卫斌")[0].group("title") == "副主席"
    user = load_lexicon(write(tmp_path, "noise:\n  lines: ['^广告']\n"))
    assert user.noise_line_re.search != user.noise_line_re.regex.search
    assert user.noise_line_re.search("广告位招租") and not user.noise_line_re.search("协商")
    assert user.leader_re.search == user.leader_re.regex.search


def test_the_generated_lexicon_module_says_what_the_yaml_says():
    """lexicon_data.py is the shipped YAML as Python data (zxparse starts without a YAML parser)."""
    from pathlib import Path

    import yaml

    from zhengxie_parse.lexicon import SECTIONS
    from zhengxie_parse.lexicon_data import SHIPPED
    from zhengxie_parse.topic_codes import TOPIC_CODES

    data = Path(__file__).resolve().parent.parent / "src" / "zhengxie_parse" / "data"
    for name in SECTIONS:
        written = yaml.safe_load((data / f"{name}.yaml").read_text("utf-8")) or {}
        assert SHIPPED[name] == written, f"data/{name}.yaml changed: run `python scripts/build_lexicon.py`"
    assert list(SHIPPED) == list(SECTIONS)
    assert TOPIC_CODES == tuple(SHIPPED["topics"]), "data/topics.yaml changed: run `python scripts/build_lexicon.py`"
