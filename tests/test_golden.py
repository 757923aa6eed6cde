"""Whole-document behaviour pinned by golden files: tests/golden/<sample>.json (the plan) and
<sample>.tree.txt (the outline as a readable tree). After an intended change, rewrite them with
`pytest --update-golden` and review the diff."""

import pytest
from conftest import ROOT, SAMPLES

from zhengxie_parse.output import render, tree_text
from zhengxie_parse.pipeline import parse_file

GOLDEN = ROOT / "tests" / "golden"
NAMES = sorted(p.stem for p in SAMPLES.glob("*.txt"))


def plan_of(name: str):
    plan = parse_file(SAMPLES / f"{name}.txt")
    plan.source.path = f"samples/{name}.txt"  # machine-independent
    return plan


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("kind", ["json", "tree.txt"])
def test_golden(name, kind, update_golden):
    plan = plan_of(name)
    got = render(plan) if kind == "json" else tree_text(plan)
    path = GOLDEN / f"{name}.{kind}"
    if update_golden:
        path.write_text(got, encoding="utf-8")
    assert path.exists(), f"missing {path.name}: run pytest --update-golden"
    assert got == path.read_text("utf-8"), f"{path.name} differs: review, then pytest --update-golden"


def test_golden_is_readable_utf8():
    for path in GOLDEN.glob("*.json"):
        text = path.read_text("utf-8")
        assert "\\u" not in text and "政协" in text
