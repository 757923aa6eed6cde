"""The same document in another encoding, line ending or width form gives the same plan."""

import pytest
from conftest import SAMPLES

from zhengxie_parse.chinese import fold
from zhengxie_parse.pipeline import parse_file

NAMES = sorted(p.stem for p in SAMPLES.glob("*.txt"))


def essence(plan):
    return (
        plan.meta.model_dump(exclude={"source"}),
        [(i.node_id, i.label, i.title, i.topic_type, [c.name for c in i.committees]) for i in plan.items],
    )


VARIANTS = {
    "gbk-crlf": lambda t: t.replace("\n", "\r\n").encode("gb18030"),
    "utf-16": lambda t: t.encode("utf-16"),
    "utf-8-bom": lambda t: t.encode("utf-8-sig"),
    "indented": lambda t: "\n".join("\u3000\u3000" + line for line in t.split("\n")).encode("utf-8"),
}


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("name", NAMES)
def test_same_plan(tmp_path, name, variant):
    text = (SAMPLES / f"{name}.txt").read_text("utf-8")
    path = tmp_path / f"{name}.txt"
    path.write_bytes(VARIANTS[variant](text))
    assert essence(parse_file(path)) == essence(parse_file(SAMPLES / f"{name}.txt"))


def test_half_width_markers_give_the_same_structure(tmp_path):
    name = "wujiang_2021_work_points_notice"
    path = tmp_path / f"{name}.txt"
    path.write_text(fold((SAMPLES / f"{name}.txt").read_text("utf-8")), encoding="utf-8")
    plan, base = parse_file(path), parse_file(SAMPLES / f"{name}.txt")
    assert [(i.node_id, fold(i.title), i.topic_type) for i in plan.items] == [
        (i.node_id, fold(i.title), i.topic_type) for i in base.items
    ]
