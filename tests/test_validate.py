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
        (_set(["schema_version"], "1.7"), "schema_version", "is not one of 1.0, 1.1, 1.2", "warning"),
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
    assert "3 plan files checked, 2 failed" in r.stderr


def test_a_folder_without_plans_or_a_document_is_not_a_pass(tmp_path):
    """`validate docs/` with no plan file in it, or `validate plan.docx`: said so, exit 1."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "plan.txt").write_text("一、加强学习\n", encoding="utf-8")
    r = run("validate", tmp_path / "docs")
    assert r.returncode == 1 and f"zxparse: {tmp_path / 'docs'}: no plan files (.json .jsonl .yaml .yml)" in r.stderr
    r = run("validate", tmp_path / "docs" / "plan.txt")
    assert r.returncode == 1
    assert r.stdout == f"{tmp_path / 'docs' / 'plan.txt'}: $: a document, not a plan — run `zxparse extract` first\n"


def test_strict_fails_on_warnings(tmp_path):
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(broken(_set(["declared_counts", 0, "found"], 8)), ensure_ascii=False), encoding="utf-8")
    assert run("validate", plan).returncode == 0
    r = run("validate", plan, "--strict")
    assert r.returncode == 1 and "(warning)" in r.stdout


def alias_bomb(levels=9):
    """'Billion laughs': 2 KB of YAML whose aliases expand to 10⁹ values."""
    lines = ["a0: &a0 [" + ", ".join(["lol"] * 10) + "]"]
    lines += [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]" for n in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    "name,text,message",
    [
        ("deep.json", "[" * 100_000 + "]" * 100_000, "nested deeper than 100 levels"),
        ("deep.yaml", "[" * 100_000 + "]" * 100_000, "nested deeper than 100 levels"),
        ("shallow-but-over.json", "[" * 101 + "]" * 101, "nested deeper than 100 levels"),
        ("laughs.yaml", alias_bomb(), "holds more than 5,000,000 values once YAML aliases are expanded"),
        ("loop.yaml", "outline: &a [*a]\n", "contains itself (a YAML alias loop)"),
    ],
)
def test_crafted_files_are_refused_and_the_others_checked(tmp_path, name, text, message):
    crafted, good = tmp_path / name, tmp_path / "zz-good.json"
    crafted.write_text(text, encoding="utf-8")
    good.write_text(GOLDEN.read_text("utf-8"), encoding="utf-8")
    r = run("validate", tmp_path)
    assert r.returncode == 1 and r.stdout == f"{crafted}: $: {message}\n"
    assert "2 plan files checked, 1 failed" in r.stderr and "Traceback" not in r.stderr


def test_aliases_within_bounds_are_read(lex):
    """A hand-written YAML plan may share a node by an alias: fine while it stays plan-sized."""
    from zhengxie_parse.saved_plans import load_data

    assert load_data("a: &x [1, 2]\nb: *x\n", ".yaml") == {"a": [1, 2], "b": [1, 2]}
