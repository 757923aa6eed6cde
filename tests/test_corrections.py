"""Corrections (corrections.py): a person's fixes by item key survive a re-parse of a revised
document; one that no longer matches is a warning naming it; `validate` checks the file."""

import json

import pytest
import yaml
from test_cli import in_process

from zhengxie_parse.corrections import apply, find, load, problems
from zhengxie_parse.pipeline import parse_file

DRAFT = """政协某某区委员会2024年工作要点（征求意见稿）
一、加强政治建设
1．开展理论学习。组织委员学习。
牵头单位：学习委
配合单位：办公室
2．加强党的建设。
二、积极协商议政
3．围绕营商环境开展专题协商。
牵头单位：经济委
协商部门：区发改委
4．围绕乡村振兴开展调研。
5．开展文史资料征集。
三、强化民主监督
围绕养老服务开展视察，时间7月。
6．对生态环境保护开展民主监督。
"""
# the revision: an item added in part one (the rest renumbered), the 文史 item gone
FINAL = (
    DRAFT.replace("（征求意见稿）", "")
    .replace("2．加强党的建设。\n", "2．加强党的建设。\n3．加强委员队伍建设。\n")
    .replace("3．围绕营商", "4．围绕营商")
    .replace("4．围绕乡村", "5．围绕乡村")
    .replace("5．开展文史资料征集。\n", "")
)


def _keys(plan) -> dict[str, str]:
    return {item.title: item.key for item in plan.items}


@pytest.fixture
def versions(tmp_path):
    (tmp_path / "draft").mkdir(), (tmp_path / "final").mkdir()
    draft, final = tmp_path / "draft" / "要点.txt", tmp_path / "final" / "要点.txt"
    draft.write_text(DRAFT, "utf-8"), final.write_text(FINAL, "utf-8")
    return draft, final


def _corrections(plan, path):
    """What a person would write after reading the draft's plan."""
    keys = _keys(plan)
    data = {
        "zxparse_corrections": 1,
        "document": {"file": "要点.txt", "sha256": plan.source.sha256},
        "meta": {"title": "某某区政协2024年工作要点"},
        "items": {
            keys["围绕乡村振兴开展调研"]: {"topic_type": "inspection", "time": "第三季度"},
            keys["围绕营商环境开展专题协商"]: {"committees": ["经济委", "提案委"], "leaders": ["区政协副主席张三"]},
            keys["加强党的建设"]: "drop",
            keys["开展文史资料征集"]: {"leaders": ["区政协副主席李四"], "note": "开展文史资料征集"},
        },
        "add": [{"line": "围绕养老服务开展视察", "topic_type": "inspection", "committees": ["社法委"]}],
    }
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return keys


def test_corrections_survive_a_revised_document(versions, tmp_path, lex):
    draft, final = versions
    first = parse_file(draft, lex)
    fixes = tmp_path / "fixes.corrections.yaml"
    before = _corrections(first, fixes)
    plan = apply(parse_file(final, lex), [load(fixes)], lex)

    after = {item.title: item for item in plan.items}
    rural = after["围绕乡村振兴开展调研"]
    assert (rural.topic_type, rural.topic_type_zh, rural.time.text, rural.time.months) == (
        "inspection",
        "视察",
        "第三季度",
        [7, 8, 9],
    )
    assert rural.corrected["topic_type"].was == "research" and rural.corrected["time"].was is None
    business = after["围绕营商环境开展专题协商"]
    assert [(c.name, c.canonical) for c in business.committees] == [("经济委", "economy"), ("提案委", "proposal")]
    assert business.leader_details[0].name == "张三" and business.corrected["committees"].was == ["经济委"]
    # the evidence of a value a person set is gone (the text does not say it); the rest stays
    assert {e.field for e in business.evidence} & {"committees", "leaders"} == set()
    assert [e.text for e in business.evidence if e.field == "title"] == ["围绕营商环境开展专题协商"]
    assert "加强党的建设" not in after
    added = after["围绕养老服务开展视察，时间7月"]  # read from its line as the parser reads an item
    assert added.corrected["item"].was is None and added.node_id == "3" and added.time.months == [7]
    assert added.topic_type == "inspection" and [c.name for c in added.committees] == ["社法委"]
    assert [item.title for item in plan.items][-2:] == ["围绕养老服务开展视察，时间7月", "对生态环境保护开展民主监督"]
    assert (
        plan.meta.title == "某某区政协2024年工作要点"
        and plan.meta.corrected["title"].was == "政协某某区委员会2024年工作要点"
        and plan.meta.source.start is None
    )
    assert [item.id for item in plan.items] == [f"item-{n}" for n in range(1, len(plan.items) + 1)]

    stale = [d for d in plan.diagnostics if d.code == "correction_stale"]
    assert len(stale) == 1 and stale[0].severity == "warning"
    assert before["开展文史资料征集"] in stale[0].message and "fixes.corrections.yaml" in stale[0].message
    dropped = [d for d in plan.diagnostics if d.code == "correction_dropped"]
    assert len(dropped) == 1 and dropped[0].message.startswith(before["加强党的建设"])

    untouched = {"开展理论学习", "对生态环境保护开展民主监督", "围绕营商环境开展专题协商", "围绕乡村振兴开展调研"}
    assert {t: before[t] for t in untouched} == {t: k for t, k in _keys(plan).items() if t in untouched}


def test_applying_again_changes_nothing(versions, tmp_path, lex):
    """A saved plan that has its corrections, corrected again (its file beside it): the same plan,
    nothing stale, nothing dropped twice."""
    draft, _ = versions
    fixes = tmp_path / "fixes.corrections.yaml"
    _corrections(parse_file(draft, lex), fixes)
    once = apply(parse_file(draft, lex), [load(fixes)], lex)
    twice = apply(once, [load(fixes)], lex)
    assert twice == once
    assert sum(d.code == "correction_stale" for d in once.diagnostics) == 0


@pytest.mark.parametrize(
    "fixes,where,message",
    [
        ({"items": {}}, "zxparse_corrections", "Field required"),
        ({"zxparse_corrections": 1, "items": {"ABCDEF12": {"topic_type": "lunch"}}}, "items.ABCDEF12.topic_type", ""),
        ({"zxparse_corrections": 1, "items": {"ABCDEF12": {"colour": "red"}}}, "items.ABCDEF12.colour", "Extra"),
        ({"zxparse_corrections": 1, "items": {12345678: "drop"}}, "$", "must be quoted"),
        ({"zxparse_corrections": 1, "add": [{"title": "x"}]}, "add.0.line", "Field required"),
        ({"zxparse_corrections": 1, "meta": {"year": "明年"}}, "meta.year", "integer"),
        ({"zxparse_corrections": 1, "items": {"ABCDEF12": "drop"}, "add": [{"line": "一、加强"}]}, None, None),
    ],
)
def test_corrections_file_problems(fixes, where, message):
    found = problems(fixes)
    if where is None:
        assert found == []
    else:
        assert found and found[0][0] == where and message in found[0][1]


def test_validate_checks_a_corrections_file(tmp_path, monkeypatch, capsys):
    good, bad = tmp_path / "good.corrections.yaml", tmp_path / "bad.corrections.yaml"
    good.write_text("zxparse_corrections: 1\nitems:\n  'ABCDEF12': drop\n", "utf-8")
    bad.write_text("zxparse_corrections: 1\nitems:\n  'ABCDEF12': {topic_type: lunch}\n", "utf-8")
    code, out, _ = in_process(monkeypatch, capsys, "validate", good, bad)
    assert code == 1 and out.count("\n") == 1 and out.startswith(f"{bad}: items.ABCDEF12.topic_type:")


def test_extract_applies_the_file_beside_the_document(versions, monkeypatch, capsys):
    """`<stem>.corrections.yaml` beside the document applies with no option; a bad one is one line, exit 5."""
    draft, _ = versions
    key = _keys(parse_file(draft))["围绕乡村振兴开展调研"]
    beside = draft.with_name("要点.corrections.yaml")
    beside.write_text(f"zxparse_corrections: 1\nitems:\n  '{key}': {{topic_type: inspection}}\n", "utf-8")
    code, out, _ = in_process(monkeypatch, capsys, "extract", draft)
    item = next(i for i in json.loads(out)["items"] if i["key"] == key)
    assert code == 0 and item["topic_type"] == "inspection" and item["corrected"]["topic_type"]["corrected"] is True
    beside.write_text("zxparse_corrections: 2\n", "utf-8")
    code, _, err = in_process(monkeypatch, capsys, "extract", draft)
    assert code == 5 and err.count("\n") == 1 and "要点.corrections.yaml: not a corrections file" in err


def test_a_folder_of_corrections_applies_each_to_its_document(versions, tmp_path, monkeypatch, capsys):
    """--corrections DIR: a file naming the document by sha256 applies to it, and one naming
    another document does not (two inputs)."""
    draft, final = versions
    key = _keys(parse_file(final))["围绕乡村振兴开展调研"]
    folder = tmp_path / "fixes"
    folder.mkdir()
    sha = parse_file(final).source.sha256
    (folder / "a.corrections.yaml").write_text(
        f"zxparse_corrections: 1\ndocument: {{sha256: {sha}}}\nitems:\n  '{key}': {{title: 乡村振兴调研}}\n", "utf-8"
    )
    code, out, _ = in_process(monkeypatch, capsys, "extract", draft, final, "--corrections", folder)
    draft_plan, final_plan = json.loads(out)
    assert code == 0 and "乡村振兴调研" in [i["title"] for i in final_plan["items"]]
    assert "乡村振兴调研" not in [i["title"] for i in draft_plan["items"]]


def test_batch_applies_corrections(versions, tmp_path, monkeypatch, capsys):
    draft, _ = versions
    key = _keys(parse_file(draft))["加强党的建设"]
    fixes = tmp_path / "f.corrections.yaml"
    fixes.write_text(f"zxparse_corrections: 1\nitems:\n  '{key}': drop\n", "utf-8")
    out = tmp_path / "out"
    code, _, _ = in_process(monkeypatch, capsys, "batch", draft, "-o", out, "-j", "1", "-q", "--corrections", fixes)
    plan = json.loads((out / "要点.json").read_text("utf-8"))
    assert code == 0 and key not in [i["key"] for i in plan["items"]]
    assert [d["code"] for d in plan["diagnostics"]].count("correction_dropped") == 1
    # run again without them: the plan, though up to date with its document, is made again
    code, _, _ = in_process(monkeypatch, capsys, "batch", draft, "-o", out, "-j", "1", "-q")
    plan = json.loads((out / "要点.json").read_text("utf-8"))
    assert code == 0 and key in [i["key"] for i in plan["items"]]


def test_find_by_name_and_beside(versions, tmp_path, lex):
    draft, _ = versions
    plan = parse_file(draft, lex)
    other = tmp_path / "other.corrections.yaml"
    other.write_text("zxparse_corrections: 1\ndocument: {file: 别的.docx}\n", "utf-8")
    assert find(plan, other, 1, draft) and not find(plan, other, 2, draft)  # one document: it is this one's
    assert find(plan, None, 1, draft) == []
    anyone = tmp_path / "anyone.corrections.yaml"
    anyone.write_text("zxparse_corrections: 1\n", "utf-8")
    assert find(plan, anyone, 2, draft)  # a file naming no document, given: for every one
    folder = tmp_path / "folder"
    folder.mkdir()
    anyone.rename(folder / anyone.name)
    assert find(plan, folder, 2, draft) == []  # in a folder: only for the document of its stem
    (folder / anyone.name).rename(folder / "要点.corrections.yaml")
    assert [c.name for c in find(plan, folder, 2, draft)] == ["要点.corrections.yaml"]


def test_the_review_page_marks_corrections_and_holds_them(versions, tmp_path, lex):
    """Corrected values are marked with what they were; the page's data (what 保存更正文件 writes
    from) holds the corrections applied, and text from a file cannot close its script element."""
    import re

    from zhengxie_parse.view import render

    draft, _ = versions
    fixes = tmp_path / "要点.corrections.yaml"
    keys = _corrections(parse_file(draft, lex), fixes)
    data = yaml.safe_load(fixes.read_text("utf-8"))
    data["items"][keys["开展理论学习"]] = {"title": "</script><b>学习</b>"}
    fixes.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    found = [load(fixes)]
    page = render(apply(parse_file(draft, lex), found, lex), None, lex=lex, corrections=found)
    assert page.count("</script>") == 2 and "&lt;/script&gt;&lt;b&gt;学习" in page  # the page's own two
    assert page.count('class="item fixed"') == 5 and "人工添加" in page
    assert 'title="原为：调研（更正文件 要点.corrections.yaml）">已更正类别' in page  # the type by its name
    blob = re.search(r'<script type="application/json" id="zx-fixes">(.*?)</script>', page, re.DOTALL).group(1)
    held = json.loads(blob)
    assert held["file"] == "要点.corrections.yaml" and held["document"]["file"] == "要点.txt"
    assert held["fixes"]["items"][keys["加强党的建设"]] == {"drop": True}
    assert held["fixes"]["add"] == [
        {"line": "围绕养老服务开展视察", "topic_type": "inspection", "committees": ["社法委"]}
    ]
    assert held["items"][keys["开展理论学习"]]["title"] == "</script><b>学习</b>"
