"""The text pipeline never raises and always yields a schema-valid plan, whatever the text; its JSON is
what json.dumps writes."""

import json

import jsonschema
from conftest import ROOT, parse_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhengxie_parse.output import render, to_data

SCHEMA = json.loads((ROOT / "schemas" / "plan.schema.json").read_text("utf-8"))

# Lines built from the pieces that steer the parser, so generated text reaches its branches.
PIECES = st.sampled_from(
    [
        "一、",
        "（一）",
        "(二)",
        "1.",
        "2、",
        "（1）",
        "①",
        "第一部分",
        "一是",
        "二是",
        "附件",
        "(共3项)",
        "（提案委）",
        "时间安排：",
        "牵头领导：",
        "2021年",
        "20xx年",
        "政协",
        "委员会",
        "区政协",
        "工作要点",
        "协商",
        "民主监督",
        "。",
        "，",
        "：",
        " ",
        "\t",
        "——",
        "XX",
        "政z*",
        "关于印发《",
        "》的通知",
        "草 案",
        "1、2月",
        "90个议题",
    ]
)
LINE = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=8).map("".join)
DOCUMENT = st.lists(LINE, max_size=25).map("\n".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENT)
def test_any_text_gives_a_valid_plan(text):
    plan = parse_text(text)
    jsonschema.validate(plan.model_dump(mode="json"), SCHEMA)
    # the fast serializer: byte for byte json.dumps' output (key order, escapes, non-ASCII as is)
    assert render(plan) == json.dumps(to_data(plan), ensure_ascii=False, indent=2) + "\n"
    ids = [i.id for i in plan.items]
    assert len(ids) == len(set(ids))
