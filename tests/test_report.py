"""`zxparse batch … --report`: the corpus report and the review page of each document, through the
installed command; the charts as table cases."""

import json
import shutil
from urllib.parse import unquote

import pytest
from conftest import FIXTURES, SAMPLES
from lxml import html as lxml_html
from test_cli import run

from zhengxie_parse.atomic import write_file
from zhengxie_parse.charts import bars, grid
from zhengxie_parse.corpus_report import index_page, write_review
from zhengxie_parse.lexicon import load_lexicon
from zhengxie_parse.output import document
from zhengxie_parse.pipeline import parse_blocks
from zhengxie_parse.read import read


@pytest.fixture(scope="module")
def reported(tmp_path_factory):
    """A batch with a report over the samples (one in a sub-folder, one named like the index) and
    one broken file."""
    root = tmp_path_factory.mktemp("report")
    source = root / "in"
    (source / "2021").mkdir(parents=True)
    for sample in SAMPLES.glob("*.txt"):
        shutil.copy(sample, source / "2021")
    shutil.copy(SAMPLES / "chongchuan_2021_consultation_plan.txt", source / "index.txt")
    shutil.copy(FIXTURES / "formats" / "bad_scanned.pdf", source / "scan.pdf")
    out = root / "out"
    r = run("batch", source, "-o", out, "--report", "-j", "2")
    assert r.returncode == 1, r.stderr  # the scan failed
    assert f"report: {out / 'index.html'}" in r.stderr
    return out, lxml_html.fromstring((out / "index.html").read_text("utf-8"))


def test_index_lists_every_document_with_its_page(reported):
    out, tree = reported
    rows = tree.xpath('//table[@id="docs"]/tbody/tr')
    assert len(rows) == 6
    records = {r["name"]: r for r in json.loads((out / "batch-report.json").read_text("utf-8"))["documents"]}
    for row in rows:
        name = row.xpath("./td")[0].text_content()
        links = row.xpath("./td[1]/a/@href")
        if records[name]["status"] == "failed":
            assert not links and "失败" in row.text_content() and "没有文字层" in row.text_content()
            continue
        assert len(links) == 1
        page = out / unquote(links[0])
        assert page.is_file() and page.parent.is_relative_to(out / "review")
        review = lxml_html.fromstring(page.read_text("utf-8"))
        back = review.xpath('//a[@class="back"]/@href')[0]
        assert (page.parent / back).resolve() == (out / "index.html").resolve()
        items = int(row.xpath("./td")[6].text_content())
        assert len(review.xpath('//article[contains(@class, "item")]')) == items == records[name]["items"]


def test_a_document_named_index_does_not_overwrite_the_report(reported):
    out, tree = reported
    assert tree.xpath("//h1")[0].text == "语料报告"
    assert (out / "review" / "index.html").is_file()


def test_charts_count_the_corpus(reported):
    out, tree = reported
    figures = {f.xpath("./figcaption")[0].text: f for f in tree.xpath("//figure")}
    assert set(figures) == {"条目 · 按类别", "类别 · 按年度", "条目 · 按牵头委室", "文档 · 按层级", "文档 · 按类型"}
    assert all(len(f.xpath(".//svg")) == 1 for f in figures.values())
    items = sum(r["items"] for r in json.loads((out / "batch-report.json").read_text("utf-8"))["documents"])
    topic_bars = figures["条目 · 按类别"].xpath(".//svg/text[@class='val']")
    assert sum(int(t.text) for t in topic_bars) == items
    levels = figures["文档 · 按层级"].xpath(".//svg/text[@class='val']")
    assert sum(int(t.text) for t in levels) == 5  # documents with a plan, the failed one left out
    cells = figures["类别 · 按年度"].xpath(".//svg/text[@class='num']")
    assert sum(int(t.text) for t in cells) == items


def test_report_again_when_up_to_date(reported, tmp_path):
    """A second run skips the plans but keeps (and lists) their pages."""
    out, _ = reported
    source = out.parent / "in"
    page = out / "review" / "2021" / "chongchuan_2021_consultation_plan.html"
    before = page.stat().st_mtime_ns
    r = run("batch", source, "-o", out, "--report", "-q")
    assert r.returncode == 1
    tree = lxml_html.fromstring((out / "index.html").read_text("utf-8"))
    assert tree.xpath('//table[@id="docs"]//td[text()="未变跳过"]')
    assert len(tree.xpath('//table[@id="docs"]//td[1]/a')) == 5
    assert page.stat().st_mtime_ns == before


def test_a_name_that_is_not_utf8_links_to_its_page(tmp_path):
    """A GBK-named document from an old Windows share: its row links to its page by the name's own
    bytes, and its page, drawn again for a plan skipped as up to date, still finds the document."""
    import os
    from urllib.parse import unquote_to_bytes

    source, out = tmp_path / "in", tmp_path / "out"
    source.mkdir()
    try:
        shutil.copy(SAMPLES / "chongchuan_2021_consultation_plan.txt", source / os.fsdecode(b"plan-\xd5\xfe.txt"))
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system takes UTF-8 names only")
    assert run("batch", source, "-o", out, "--report", "-q").returncode == 0
    [link] = lxml_html.fromstring((out / "index.html").read_text("utf-8")).xpath("//table[@id='docs']//a/@href")
    page = out / os.fsdecode(unquote_to_bytes(link))
    assert link == "review/plan-%D5%FE.html" and page.is_file()
    page.unlink()
    r = run("batch", source, "-o", out, "--report", "-q")
    assert r.returncode == 0 and documents_of(out) == {"plan-\\xd5\\xfe.txt": "skipped"}
    assert "未找到" not in page.read_text("utf-8") and 'id="b-0"' in page.read_text("utf-8")


def documents_of(out):
    return {d["name"]: d["status"] for d in json.loads((out / "batch-report.json").read_text("utf-8"))["documents"]}


@pytest.mark.parametrize(
    ("rows", "bars_drawn", "values"),
    [
        ([], 0, []),
        ([("调研", 5, "#2f8f6f"), ("视察", 2, "#5f9e3a")], 2, ["5", "2"]),
        ([("零", 0, "#000")], 1, ["0"]),  # a zero still gets a sliver and its number
    ],
)
def test_bars(rows, bars_drawn, values):
    svg = bars("t", rows)
    tree = lxml_html.fromstring(f"<div>{svg}</div>")
    assert len(tree.xpath("//rect")) == bars_drawn
    assert [t.text for t in tree.xpath("//text[@class='val']")] == values


def test_bars_escape_labels():
    assert "<b>" not in bars("t", [("<b>x</b>", 1, "#000")])


def test_grid():
    svg = grid(
        "t", [("调研", "#2f8f6f"), ("视察", "#5f9e3a")], ["2021", "2022"], {("调研", "2021"): 4, ("视察", "2022"): 1}
    )
    tree = lxml_html.fromstring(f"<div>{svg}</div>")
    assert len(tree.xpath("//rect")) == 4  # every cell, empty ones grey
    assert sorted(t.text for t in tree.xpath("//text[@class='num']")) == ["1", "4"]
    assert grid("t", [], [], {}) == '<p class="empty">无数据</p>'


# --- review pages kept or drawn again, an interrupted batch's index ---------------------------------


@pytest.fixture
def reviewed(tmp_path, lex):
    """A document's plan in a batch's output folder, and its review page drawn once."""
    doc = tmp_path / "plan.txt"
    shutil.copy(SAMPLES / "chongchuan_2021_consultation_plan.txt", doc)
    source, read_blocks = read(doc, lex)
    plan = parse_blocks(source, read_blocks, lex)
    out = tmp_path / "out"
    target = out / "plan.json"
    write_file(target, document([plan], "json", several=False))
    profile = write_review(out, target, plan, read_blocks, lex)
    return out, target, plan, out / profile["page"]


def test_review_page_kept_while_up_to_date(reviewed, lex):
    out, target, plan, page = reviewed
    before = page.stat().st_mtime_ns
    write_review(out, target, plan, None, lex)  # a skipped plan: same document, zxparse and lexicon
    assert page.stat().st_mtime_ns == before


@pytest.mark.parametrize(
    "change",
    [
        "lexicon",  # made by another lexicon: the plan was parsed again by a batch without --report
        "cut",  # cut short by hand or by a crash of another tool
        "gone",
    ],
)
def test_review_page_drawn_again_when_stale(reviewed, lex, tmp_path, change):
    out, target, plan, page = reviewed
    if change == "lexicon":
        extra = tmp_path / "extra.yaml"
        extra.write_text("fields:\n  lead_unit: [主责委室]\n", encoding="utf-8")
        lex = load_lexicon(extra)
    elif change == "cut":
        page.write_bytes(page.read_bytes()[:300])
    else:
        page.unlink()
    write_review(out, target, plan, None, lex)
    drawn = lxml_html.fromstring(page.read_text("utf-8"))
    assert lex.fingerprint in drawn.xpath('//meta[@name="zxparse-made-from"]/@content')[0]
    assert len(drawn.xpath('//div[contains(@class, "ln")]')) > 0  # the document read again for it


def test_interrupted_batch_index_says_what_was_not_done(reviewed, lex):
    out, target, plan, _ = reviewed
    profile = write_review(out, target, plan, None, lex)
    batch = {
        "state": "interrupted",
        "counts": {"parsed": 1, "skipped": 0, "failed": 0, "left_out": 0, "not_done": 1},
        "documents": [
            {"name": "plan.txt", "status": "parsed", "error": None},
            {"name": "later.txt", "status": "not_done", "error": None},
        ],
    }
    tree = lxml_html.fromstring(index_page(batch, {"plan.txt": profile}, out, 1.0))
    assert "已中断" in tree.xpath('//p[@class="sub"]')[0].text_content()
    rows = tree.xpath('//table[@id="docs"]/tbody/tr')
    assert rows[0].xpath("./td[1]/a/@href") == [profile["page"]]
    assert rows[1].get("class") == "not_done" and "未处理" in rows[1].text_content()
    cards = {c.xpath("./span")[0].text: c.xpath("./b")[0].text for c in tree.xpath('//div[@class="cards"]/div')}
    assert cards["未处理"] == "1" and cards["文档"] == "2"
