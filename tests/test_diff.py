"""`zxparse diff`: two versions of one body's plan (tests/fixtures/diff: 2022 and 2023, topics changed
in every way a plan changes) compared topic by topic, as JSON, as a table and as a page; and a batch
output compared body by body, year over year."""

import json
import shutil

import pytest
from conftest import FIXTURES
from test_cli import run

pytest.importorskip("rapidfuzz")  # a dependency of zxparse; a venv made before it was added lacks it

from zhengxie_parse import parse_file
from zhengxie_parse.diff import compare

OLD, NEW = FIXTURES / "diff" / "jia_2022.txt", FIXTURES / "diff" / "jia_2023.txt"


@pytest.fixture(scope="module")
def topics():
    """title (new, else old) → the topic's record in `diff --json`."""
    r = run("diff", OLD, NEW, "--json")
    assert r.returncode == 0, r.stderr
    [comparison] = json.loads(r.stdout)["comparisons"]
    assert (comparison["old"]["year"], comparison["new"]["year"]) == (2022, 2023)
    return {(t["new"] or t["old"])["title"]: t for t in comparison["topics"]}


@pytest.mark.parametrize(
    "title,kind,changed",
    [
        ("关于推进乡村振兴的建议", "continued", ["leaders", "months"]),  # same key: leader and time changed
        ("关于持续优化营商环境的建议", "continued", ["committees"]),  # retitled: matched by similarity
        ("关于生态环境保护", "continued", ["topic_type"]),  # moved from 民主监督 to 专题协商
        ("关于发展托育服务的建议", "added", []),
        ("关于老旧小区改造的民主监督", "dropped", []),
    ],
)
def test_each_kind_of_change(topics, title, kind, changed):
    assert topics[title]["kind"] == kind and topics[title]["changed"] == changed


def test_scores_and_what_changed(topics):
    retitled = topics["关于持续优化营商环境的建议"]
    assert 80 <= retitled["score"] < 100 and retitled["kind_zh"] == "延续"
    assert (retitled["old"]["committees"], retitled["new"]["committees"]) == (["economy", "proposal"], ["proposal"])
    assert topics["关于推进乡村振兴的建议"]["score"] == 100
    assert (topics["关于生态环境保护"]["old"]["topic_type"], topics["关于生态环境保护"]["new"]["topic_type"]) == (
        "democratic_supervision",
        "thematic_consultation",
    )
    assert (
        topics["关于老旧小区改造的民主监督"]["kind_zh"] == "删除" and topics["关于发展托育服务的建议"]["score"] is None
    )


def test_threshold_decides_what_continued():
    old, new = parse_file(OLD), parse_file(NEW)
    strict = compare(old, new, threshold=95)
    assert strict.count("continued") == 2 and strict.count("added") == 2 and strict.count("dropped") == 2
    assert compare(old, new).count("continued") == 3


def test_the_table_in_chinese_and_the_page(tmp_path):
    page = tmp_path / "对比.html"
    r = run("diff", OLD, NEW, "--html", page)
    assert r.returncode == 0, r.stderr
    assert "新增 1　删除 1　延续 3　类别变更 1" in r.stdout
    assert "原议题" in r.stdout and "类别变更：民主监" in r.stdout and "延续" in r.stdout
    html = page.read_text("utf-8")
    assert "议题对比" in html and 'class="failed"' in html and "关于发展托育服务的建议" in html


def test_by_organization_over_a_batch_output(tmp_path):
    source, out = tmp_path / "in", tmp_path / "out"
    source.mkdir()
    for path in (OLD, NEW):
        shutil.copy(path, source)
    assert run("batch", source, "-o", out, "-q", "-j", "1").returncode == 0
    r = run("diff", out, "--by", "organization", "--json")
    assert r.returncode == 0, r.stderr
    [comparison] = json.loads(r.stdout)["comparisons"]
    assert comparison["counts"] == {
        "added": 1,
        "dropped": 1,
        "continued": 3,
        "topic_type": 1,
        "committees": 1,
        "leaders": 1,
        "months": 1,
    }
    table = run("diff", out, "--by", "organization").stdout
    assert "南通市政协" in table and "2022年" in table and "2023年" in table


def test_two_batch_outputs_matched_by_body(tmp_path):
    for year, path in (("a", OLD), ("b", NEW)):
        (tmp_path / year).mkdir()
        shutil.copy(path, tmp_path / year)
        assert run("batch", tmp_path / year, "-o", tmp_path / f"out-{year}", "-q", "-j", "1").returncode == 0
    r = run("diff", tmp_path / "out-a", tmp_path / "out-b", "--json")
    assert json.loads(r.stdout)["comparisons"][0]["counts"]["continued"] == 3


@pytest.mark.parametrize(
    "args,message",
    [
        (("OLD",), "give two plans"),
        (("OLD", "NEW", "--by", "organization"), "give one folder"),
        (("OLD", "DIR"), "not one with the other"),
        (("OLD", "NEW", "--threshold", "120"), "less than or equal to 100"),
    ],
)
def test_bad_usage_is_one_line(tmp_path, args, message):
    names = {"OLD": OLD, "NEW": NEW, "DIR": tmp_path}
    r = run("diff", *(names.get(a, a) for a in args))
    assert r.returncode == 2 and message in r.stderr and "Traceback" not in r.stderr
