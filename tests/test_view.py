"""The review page (`zxparse view`): rendered for every sample and checked as a structure — every item
and heading lights lines that exist, every diagnostic links to its line, nothing is fetched from the
network, and document text cannot inject markup."""

import json
import os
import re
import shutil
import subprocess

import pytest
from conftest import FIXTURES, SAMPLES, blocks, parse_text
from eval_gate import shape_cases
from lxml import html as lxml_html
from test_cli import ZXPARSE, run

from zhengxie_parse.atomic import write_file
from zhengxie_parse.errors import UnreadableInput
from zhengxie_parse.html_page import labels
from zhengxie_parse.lexicon import shipped
from zhengxie_parse.models import Form, Source
from zhengxie_parse.output import document
from zhengxie_parse.pipeline import parse_blocks, parse_file
from zhengxie_parse.read import read
from zhengxie_parse.view import document_page, marked, plan_page, render

DOCUMENTS = [
    *sorted(SAMPLES.glob("*.txt")),
    FIXTURES / "formats" / "wujiang_2021_work_points_notice.pdf",  # pages
    FIXTURES / "formats" / "district_20xx_work_points_web.table.docx",  # paragraphs and a table
]


@pytest.fixture(scope="module")
def pages(lex):
    """Each document's plan and the tree of its review page."""
    out = {}
    for path in DOCUMENTS:
        source, read_blocks = read(path, lex)
        plan = parse_blocks(source, read_blocks, lex)
        out[path.name] = (plan, read_blocks, lxml_html.fromstring(render(plan, read_blocks)))
    return out


def links_hold(plan, read_blocks, tree):
    """Every block is a line; every item's card (once each) lights its own line and lines that exist,
    and so does every heading."""
    lines = {el.get("id") for el in tree.xpath('//div[contains(@class, "ln")]')}
    assert lines == {f"b-{b.index}" for b in read_blocks}  # the document as read, every block of it
    drawn = tree.xpath('//article[contains(@class, "item")]')
    cards = {card.get("id"): card for card in drawn}
    assert len(drawn) == len(cards) == len(plan.items)  # each item once
    for n, item in enumerate(plan.items):
        card = cards[f"it-{n}"]
        lit = card.get("data-blocks").split()
        assert f"{item.source.block}" in lit, item.id
        assert {f"b-{b}" for b in lit} <= lines, item.id
        assert card.xpath('.//a[@class="loc"]/@href') == [f"#b-{item.source.block}"]
    for node in tree.xpath('//div[contains(@class, "node")]'):
        assert {f"b-{b}" for b in node.get("data-blocks").split()} <= lines


@pytest.mark.parametrize("name", [p.name for p in DOCUMENTS])
def test_every_item_and_heading_lights_lines_that_exist(pages, name):
    links_hold(*pages[name])


SHAPES = shape_cases()


@pytest.mark.parametrize(
    ("shape", "text"), [(shape, text) for shape, _, text, _ in SHAPES], ids=[f"{s}: {t[:30]}" for s, t, _, _ in SHAPES]
)
def test_every_shape_links_its_items(shape, text):
    """Every real-world shape — prose sections, points, placeholders, tables, compilations — renders
    with each item once, linked to its lines."""
    read_blocks = blocks(text)
    plan = parse_text(text)
    links_hold(plan, read_blocks, lxml_html.fromstring(render(plan, read_blocks)))


def test_items_of_one_node_sit_under_it():
    """A section's points (一是…二是…) are its items: the section stays a heading, each point a card
    under it that lights its own line."""
    text = (
        "一、专题协商\n1.围绕优化营商环境开展专题协商\n2.围绕推进乡村振兴开展专题协商\n"
        "三、民主监督\n一是对安全生产工作开展民主监督。\n二是对老旧小区改造开展民主监督。\n"
    )
    plan, read_blocks = parse_text(text), blocks(text)
    points = [n for n, item in enumerate(plan.items) if item.label.endswith("是")]
    assert len(points) == 2
    tree = lxml_html.fromstring(render(plan, read_blocks))
    section = tree.xpath('//div[contains(@class, "node")][span[@class="ttl"]="民主监督"]')[0].getparent()
    cards = section.xpath('./article[contains(@class, "item")]')
    assert [c.get("id") for c in cards] == [f"it-{n}" for n in points]
    assert [c.get("data-blocks").split()[0] for c in cards] == [str(plan.items[n].source.block) for n in points]


def test_prose_section_says_so():
    text = "本报讯 区政协确定2024年度重点协商工作计划。\n开展3场专题协商会。围绕“甲事项”、“乙事项”、“丙事项”3个课题开展专题协商。\n"
    plan, read_blocks = parse_text(text), blocks(text)
    assert plan.outline and plan.outline[0].family == "prose" and len(plan.items) == 3
    tree = lxml_html.fromstring(render(plan, read_blocks))
    node = tree.xpath('//div[contains(@class, "node")]')[0]
    assert "正文段落" in node.text_content()
    assert len(node.getparent().xpath('./article[contains(@class, "item")]')) == 3
    line = tree.get_element_by_id(f"b-{plan.outline[0].source.block}")
    assert "head" not in line.get("class")  # a paragraph, not a heading line


def test_time_from_the_heading_is_marked_there():
    text = "一、第二季度重点工作\n1.开展专题调研\n"
    plan, read_blocks = parse_text(text), blocks(text)
    assert plan.items[0].time.origin == "heading"
    tree = lxml_html.fromstring(render(plan, read_blocks))
    heading = tree.get_element_by_id(f"b-{plan.outline[0].source.block}")
    assert [m.text for m in heading.xpath('.//mark[@class="ev ev-time"]')] == [plan.items[0].time.text]
    assert "读自上级标题" in tree.get_element_by_id("it-0").text_content()


def test_placeholder_line_is_no_item():
    text = "一、专题协商\n1.围绕优化营商环境开展专题协商\n2.适当增加协商议题\n"
    plan = parse_text(text)
    held = [d for d in plan.diagnostics if d.code == "placeholder_item"]
    assert held and len(plan.items) == 1
    tree = lxml_html.fromstring(render(plan, blocks(text)))
    node = tree.xpath(f'//*[@data-blocks="{held[0].source.block}"]')[0]
    assert "预留" in node.text_content() and node.tag == "div"


@pytest.mark.parametrize("name", [p.name for p in DOCUMENTS])
def test_every_diagnostic_links_to_its_line(pages, name):
    plan, _, tree = pages[name]
    entries = tree.xpath('//li[contains(@class, "diag")]//span[@class="entry"]')
    assert len(entries) == len(plan.diagnostics)
    ids = set(tree.xpath("//@id"))
    hrefs = [href for entry in entries for href in entry.xpath('./a[@class="loc"]/@href')]
    assert sorted(hrefs) == sorted(f"#b-{d.source.block}" for d in plan.diagnostics)
    assert all(href[1:] in ids for href in hrefs)


@pytest.mark.parametrize("name", [p.name for p in DOCUMENTS])
def test_title_and_facts_link_to_where_they_were_read(pages, name):
    plan, _, tree = pages[name]
    ids = set(tree.xpath("//@id"))
    links = tree.xpath('//header[@class="top"]//a[starts-with(@href, "#b-")]/@href')
    expected = [plan.meta.source, *(e.source for e in plan.meta.evidence.values())]
    assert set(links) == {f"#b-{ref.block}" for ref in expected if ref is not None}
    assert all(href[1:] in ids for href in links)


@pytest.mark.parametrize("name", [p.name for p in DOCUMENTS])
def test_page_is_self_contained(pages, name):
    plan, read_blocks, _ = pages[name]
    page = render(plan, read_blocks)
    assert not re.search(r"<link|<img|<iframe|\bsrc=|@import|url\(|https?://(?!www\.w3\.org/2000/svg)", page)
    assert page.count("<script>") == 1 and page.count("<style>") == 1


@pytest.mark.parametrize("name", [p.name for p in DOCUMENTS])
def test_printed_page_is_the_task_list(pages, name):
    plan, _, tree = pages[name]
    rows = tree.xpath('//section[@class="tasks"]//tbody/tr')
    assert [r.xpath("./td")[2].text_content() for r in rows] == [item.title for item in plan.items]


def test_a_line_names_the_item_it_belongs_to(pages):
    plan, _, tree = pages["chongchuan_2021_consultation_plan.txt"]
    item = plan.items[0]
    line = tree.get_element_by_id(f"b-{item.source.block}")
    assert line.get("data-owner") == "it-0" and "--c:" in line.get("style")
    assert tree.get_element_by_id("it-0").xpath(".//h3")[0].text == item.title


def test_joined_line_belongs_to_the_paragraph_it_continues(pages):
    """A paragraph cut by a page break (seed 001): its second half is no node's source, but the
    item whose text it continues lights it."""
    plan, _, tree = pages["nantong_2023_innovation_compilation.txt"]
    joined = [d.source.block for d in plan.diagnostics if d.code == "broken_line_joined"]
    assert joined
    for block in joined:
        owner = tree.get_element_by_id(f"b-{block}").get("data-owner")
        assert owner and str(block) in tree.get_element_by_id(owner).get("data-blocks").split()


def test_evidence_marked_in_the_item_lines(pages):
    plan, _, tree = pages["district_20xx_work_points_web.txt"]
    item = next(i for i in plan.items if i.committees and i.topic_source == "explicit")
    line = tree.get_element_by_id(f"b-{item.source.block}")
    marks = {(m.get("class"), m.text) for m in line.xpath(".//mark")}
    assert ("ev ev-committee", item.committees[0].name) in marks
    assert any(cls == "ev ev-topic" and text in item.topic_terms for cls, text in marks)


def test_heading_terms_marked_in_the_heading_line(pages):
    plan, _, tree = pages["chongchuan_2021_consultation_plan.txt"]
    item = next(i for i in plan.items if i.topic_source == "heading")
    heading_marks = [m.text for m in tree.xpath('//div[contains(@class, "head")]//mark[@class="ev ev-topic"]')]
    assert set(item.topic_terms) <= set(heading_marks)


@pytest.mark.parametrize(
    ("text", "words", "expected"),
    [
        ("关于开展专题协商", {("专题协商", "topic")}, '关于开展<mark class="ev ev-topic">专题协商</mark>'),
        # traditional script: the simplified term marks the words as written
        ("開展專題協商", {("专题协商", "topic")}, '開展<mark class="ev ev-topic">專題協商</mark>'),
        # overlapping words: the earlier, then the longer one
        (
            "提案委、经济委",
            {("提案委", "committee"), ("委", "committee")},
            '<mark class="ev ev-committee">提案委</mark>、经济<mark class="ev ev-committee">委</mark>',
        ),
        ("3月、4月", {("4月", "time")}, '3月、<mark class="ev ev-time">4月</mark>'),
        # one word, two kinds: the topic wins, whatever order the set gives
        ("开展调研", {("调研", "domain"), ("调研", "topic")}, '开展<mark class="ev ev-topic">调研</mark>'),
        # a word absent from the line marks nothing; markup in the line is escaped
        ("<b>视察</b>", {("调研", "topic")}, "&lt;b&gt;视察&lt;/b&gt;"),
        ("a<调研>", {("调研", "topic")}, 'a&lt;<mark class="ev ev-topic">调研</mark>&gt;'),
        ("空词", {("", "topic"), ("  ", "time")}, "空词"),
    ],
)
def test_marked(text, words, expected):
    assert marked(text, words) == expected


def test_document_text_cannot_inject_markup():
    evil = "<script>alert(1)</script>"
    plan_text = (
        f'{evil}协商计划\n一、重点协商\n1、关于"onmouseover=alert(1) {evil}的调研\n'
        f"牵头单位：<img src=x onerror=alert(1)>委\n"
    )
    read_blocks = blocks(plan_text)
    source = Source(path=f"{evil}.txt", format="txt", sha256="0" * 64, encoding="utf-8")
    page = render(parse_blocks(source, read_blocks), read_blocks)
    assert "<script>alert" not in page and "<img" not in page
    assert page.count("<script>") == 1
    tree = lxml_html.fromstring(page)
    assert not tree.xpath("//@onmouseover | //@onerror")


def test_numbering_gap_stands_out():
    plan = parse_text("工作要点\n一、甲项工作\n二、乙项工作\n四、丁项工作\n")
    gap = next(d for d in plan.diagnostics if d.code == "numbering_gap")
    tree = lxml_html.fromstring(render(plan, blocks("工作要点\n一、甲项工作\n二、乙项工作\n四、丁项工作\n")))
    assert "flag" in tree.get_element_by_id(f"b-{gap.source.block}").get("class")
    flagged = tree.xpath('//*[@data-blocks][.//span[contains(@class, "warn") and @data-code="numbering_gap"]]')
    assert flagged, "the node where numbering jumps carries a warning badge"
    assert tree.xpath('//details[@class="diags"]/@open')  # warnings open the diagnostics


def test_contract_1_1_fields_shown_when_present(lex):
    """topic_confidence and forms (contract 1.1) are shown when a plan has them, and a page is still
    made without them (a 1.0 plan)."""
    path = SAMPLES / "chongchuan_2021_consultation_plan.txt"
    source, read_blocks = read(path, lex)
    plan = parse_blocks(source, read_blocks, lex)
    first = plan.items[0].model_copy(
        update={
            "topic_confidence": "low",
            "forms": [Form(code="research", terms=["民营"]), Form(code="inspection", terms=[])],
        }
    )
    as_in_1_0 = plan.items[1].model_copy(update={"topic_confidence": None, "forms": []})
    plan = plan.model_copy(update={"items": [first, as_in_1_0, *plan.items[2:]]})
    tree = lxml_html.fromstring(render(plan, read_blocks))
    card = tree.get_element_by_id("it-0")
    assert "low" in card.get("class").split()
    assert card.xpath('.//span[@class="conf low"]')
    # by the lexicon's Chinese name (the issue saw English codes here); the form's words marked in the text
    assert [f.text for f in card.xpath('.//span[@class="form"]')] == ["调研", "视察"]
    line = tree.get_element_by_id(f"b-{plan.items[0].source.block}")
    assert "民营" in [m.text for m in line.xpath('.//mark[@class="ev ev-topic"]')]
    assert not tree.get_element_by_id("it-1").xpath('.//span[contains(@class, "conf")]')


# --- saved plans ---------------------------------------------------------------------------------


@pytest.fixture
def saved(tmp_path, lex):
    """A document and its plan saved beside it, the plan recording the document's path."""
    doc = tmp_path / "plan.txt"
    shutil.copy(SAMPLES / "chongchuan_2021_consultation_plan.txt", doc)
    write_file(tmp_path / "plan.json", document([parse_file(doc, lex)], "json", several=False))
    return doc, tmp_path / "plan.json"


def test_plan_file_shows_its_document(saved, lex):
    _, plan = saved
    tree = lxml_html.fromstring(plan_page(plan, lex))
    assert tree.xpath('//div[contains(@class, "ln")]') and not tree.xpath('//p[@class="note"]')
    assert len(tree.xpath("//article[@data-blocks]")) == 12


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda doc: doc.unlink(), "未找到"),
        (lambda doc: doc.write_text(doc.read_text("utf-8") + "\n附：一行\n", "utf-8"), "已改动"),
    ],
)
def test_plan_file_without_its_document_says_why(saved, lex, change, says):
    doc, plan = saved
    change(doc)
    tree = lxml_html.fromstring(plan_page(plan, lex))
    assert says in tree.xpath('//p[@class="note"]')[0].text
    assert not tree.xpath('//div[contains(@class, "ln")]')
    assert len(tree.xpath('//article[contains(@class, "item")]')) == 12  # the plan is still shown
    assert not tree.xpath("//*[@data-blocks]") and not tree.xpath('//a[starts-with(@href, "#b-")]')


def test_not_a_plan_file(tmp_path, lex):
    path = tmp_path / "x.json"
    path.write_text(json.dumps({"items": []}), "utf-8")
    with pytest.raises(UnreadableInput, match="not a plan"):
        plan_page(path, lex)


# --- the command ---------------------------------------------------------------------------------


def test_view_writes_the_page(tmp_path):
    out = tmp_path / "page.html"
    r = run("view", SAMPLES / "wujiang_2021_work_points_notice.txt", "-o", out)
    assert r.returncode == 0, r.stderr
    assert out.read_text("utf-8").startswith("<!DOCTYPE html>")
    assert out.stat().st_mode & 0o044  # readable by others like any file the user writes


def test_view_to_stdout_and_from_stdin():
    sample = (SAMPLES / "chongchuan_2021_consultation_plan.txt").read_bytes()
    r = subprocess.run([ZXPARSE, "view", "-", "-o", "-"], input=sample, capture_output=True, check=False)
    assert r.returncode == 0 and "崇川区政协2021年度协商工作计划".encode() in r.stdout


def test_view_a_saved_plan_from_stdin(saved):
    """`zxparse extract plan.txt | zxparse view -`: the plan on stdin, beside its document."""
    _, plan = saved
    r = subprocess.run([ZXPARSE, "view", "-", "-o", "-"], input=plan.read_bytes(), capture_output=True, check=False)
    assert r.returncode == 0, r.stderr
    tree = lxml_html.fromstring(r.stdout.decode("utf-8"))
    assert tree.xpath('//div[contains(@class, "ln")]') and len(tree.xpath("//article[@data-blocks]")) == 12


def test_view_without_a_display_writes_a_temporary_page(tmp_path):
    """Each view of a document overwrites its one page in the temporary pages folder, and removes
    the pages a day old: `view` leaves no file behind per call."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["TMPDIR"] = str(tmp_path)
    old = tmp_path / "zxparse-pages" / "old.html"
    old.parent.mkdir()
    old.write_text("<p>old</p>")
    os.utime(old, (1, 1))
    for _ in range(2):
        r = subprocess.run(
            [ZXPARSE, "view", str(SAMPLES / "chongchuan_2021_consultation_plan.txt")],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert r.returncode == 0, r.stderr
        assert "no display" in r.stderr and not r.stdout
    pages = list(tmp_path.rglob("*.html"))
    assert [p.name for p in pages] == ["chongchuan_2021_consultation_plan.html"]


@pytest.mark.parametrize(
    ("name", "content", "code", "says"),
    [
        ("nope.txt", None, 3, "no such file"),
        ("plan.json", '{"items": []}', 5, "not a plan"),
        ("plans.json", "[]", 5, "holds 0 plans"),
        ("plan.yaml", "a: [", 5, "not valid YAML"),
    ],
)
def test_view_bad_input_is_one_line(tmp_path, name, content, code, says):
    if content is not None:
        (tmp_path / name).write_text(content, "utf-8")
    r = run("view", tmp_path / name, "-o", tmp_path / "page.html")
    assert r.returncode == code and says in r.stderr and r.stderr.count("\n") == 1
    assert not (tmp_path / "page.html").exists()


def test_document_page_matches_render(lex):
    path = SAMPLES / "chongchuan_2021_consultation_plan.txt"
    source, read_blocks = read(path, lex)
    assert document_page(path, lex) == render(parse_blocks(source, read_blocks, lex), read_blocks)


def test_every_domain_has_a_name():
    assert set(labels()["domains"]) == set(shipped("domains")) - {"set_phrases"}
