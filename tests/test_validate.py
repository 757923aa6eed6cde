"""`zxparse validate`: the schema, then the semantic rules, one line per problem."""

import copy
import json

import pytest
from conftest import ROOT
from test_cli import run

from zhengxie_parse.validate import validate_data

GOLDEN = ROOT / "tests" / "golden" / "district_20xx_work_points_web.json"
PLAN = json.loads(GOLDEN.read_text("utf-8"))


def broken(change):
    data = copy.deepcopy(PLAN)
    change(data)
    return data


def _set(path, value):
    def change(data):
        *head, last = path
        target = data
        for key in head:
            target = target[key]
        target[last] = value

    return change


@pytest.mark.parametrize(
    "change,where,message,severity",
    [
        (_set(["items", 0, "node_id"], "9.9"), "items[0].node_id", "no outline node '9.9'", "error"),
        (_set(["items", 1, "id"], "item-1"), "items", "item id 'item-1' is used 2 times", "error"),
        (
            _set(["items", 0, "topic_type"], "gossip"),
            "items[0].topic_type",
            "Input should be 'plenary_consultation'",
            "error",
        ),
        (_set(["items", 0, "topic_type_zh"], "调研"), "items[0].topic_type_zh", "is not", "warning"),
        (_set(["outline", 0, "level"], 2), "outline[0].level", "level 2 at depth 1", "error"),
        (_set(["outline", 0, "children", 0, "id"], "7.1"), "outline[0].children[0].id", "not under", "error"),
        (_set(["declared_counts", 0, "found"], 8), "declared_counts[0]", "declares", "warning"),
        (_set(["schema_version"], "2.0"), "schema_version", "should match pattern", "error"),
        (_set(["meta", "year"], "twenty"), "meta.year", "integer", "error"),  # the schema itself
        (lambda d: d["items"][0].pop("title"), "items[0].title", "required", "error"),
        # contract 1.1
        (lambda d: d["items"][0].pop("topic_confidence"), "items[0].topic_confidence", "required since", "error"),
        (
            _set(["items", 0, "forms"], [{"code": "gossip", "terms": []}]),
            "items[0].forms[0].code",
            "Input should be 'plenary_consultation'",
            "error",
        ),
        (_set(["schema_version"], "1.7"), "schema_version", "is not one of 1.0, 1.1", "warning"),
    ],
)
def test_problems(change, where, message, severity, lex):
    problems = validate_data(broken(change), lex)
    assert any(p.where == where and message in p.message and p.severity == severity for p in problems), problems


def _as_1_0(plan: dict) -> dict:
    """The plan as zxparse 1.0 wrote it: no forms, no topic_confidence, none of the 1.1 topic types."""
    old = copy.deepcopy(plan) | {"schema_version": "1.0"}
    for item in old["items"]:
        del item["forms"], item["topic_confidence"]
    return old


def test_a_1_0_plan_still_validates(lex):
    assert validate_data(_as_1_0(PLAN), lex) == []


def test_goldens_are_valid(lex):
    for path in (ROOT / "tests" / "golden").glob("*.json"):
        assert validate_data(json.loads(path.read_text("utf-8")), lex) == [], path.name


def test_validate_command(tmp_path):
    good, bad, junk = tmp_path / "good.json", tmp_path / "bad.json", tmp_path / "junk.yaml"
    good.write_text(GOLDEN.read_text("utf-8"), encoding="utf-8")
    bad.write_text(json.dumps(broken(_set(["items", 0, "node_id"], "9.9")), ensure_ascii=False), encoding="utf-8")
    junk.write_text("items: [unclosed\n", encoding="utf-8")
    r = run("validate", good)
    assert r.returncode == 0 and r.stdout == ""
    r = run("validate", tmp_path)
    assert r.returncode == 1
    assert f"{bad}: items[0].node_id: no outline node '9.9'" in r.stdout.splitlines()
    assert f"{junk}: $: not valid YAML (line 2)" in r.stdout.splitlines()
    assert "3 plan file(s) checked, 2 failed" in r.stderr


def test_strict_fails_on_warnings(tmp_path):
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(broken(_set(["declared_counts", 0, "found"], 8)), ensure_ascii=False), encoding="utf-8")
    assert run("validate", plan).returncode == 0
    r = run("validate", plan, "--strict")
    assert r.returncode == 1 and "(warning)" in r.stdout
