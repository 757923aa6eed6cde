"""Shape fixtures and the corpus quality gate.

`tests/fixtures/shapes/<shape>.txt` hold cases in markdown-it's fixture style (title / . / input /
. / expected / .): the input is a document in one of the real-world shapes the issue lists, the
expected part is YAML naming only what the case is about — a subset of the plan:

    outline: |          the tree, one node a line (`id label title`, indented by level)
    items: [..]         exactly this many items, each a mapping of the fields that matter
    meta: {..}          metadata fields
    declared_counts: [..]
    diagnostics: [..]   codes that must be reported
    absent: [..]        diagnostic codes that must NOT be reported (negative cases)

Every leaf of the expected YAML is one fact. `tests/test_shapes.py` requires every fact of every
case as written. The gate (this file, also runnable: `python tests/eval_gate.py`) parses each case
again through noisy variants — traditional script, half-width punctuation, GBK with CRLF and
indentation, a Word file, hard line wraps — scores each shape by the share of facts recovered, and
fails when a score falls below its floor pinned in `tests/fixtures/shapes/floors.yaml`.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
SHAPES = HERE / "fixtures" / "shapes"
FLOORS = SHAPES / "floors.yaml"
sys.path.insert(0, str(HERE))

from conftest import read_fixtures

from zhengxie_parse.chinese import fold
from zhengxie_parse.models import Plan
from zhengxie_parse.output import tree_lines
from zhengxie_parse.pipeline import parse_bytes


def shape_cases() -> list[tuple[str, str, str, dict]]:
    """(shape, title, input, expected) for every case of every shape file."""
    return [
        (path.stem, title, text, yaml.safe_load(expected) or {})
        for path in sorted(SHAPES.glob("*.txt"))
        for title, text, expected in read_fixtures(f"shapes/{path.name}")
    ]


def view(plan: Plan) -> dict:
    """The plan as the expected YAML speaks of it."""
    data = plan.model_dump(mode="json")
    data["outline"] = "\n".join(tree_lines(plan, annotate=False))
    data["diagnostics"] = [d["code"] for d in data["diagnostics"]]
    return data


def compare(expected: object, actual: object, same: Callable[[str, str], bool], path: str = "") -> list[str]:
    """The facts of `expected` that `actual` misses, one message each; [] when all hold."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path}: expected a mapping, got {actual!r}"]
        # keys are compared like values: a traditional-script plan has the field '時間安排'
        keys = {key: next((k for k in actual if same(key, k)), key) for key in expected}
        return [
            miss
            for key, value in expected.items()
            for miss in compare(value, actual.get(keys[key]), same, f"{path}.{key}")
        ]
    if isinstance(expected, list) and path.endswith(("diagnostics", "absent")):
        return []  # checked against the codes in `facts`
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return [f"{path}: expected a list, got {actual!r}"]
        misses = [f"{path}: {len(actual)} entries, expected {len(expected)}"] if len(actual) != len(expected) else []
        for i, value in enumerate(expected):
            misses += compare(value, actual[i] if i < len(actual) else None, same, f"{path}[{i}]")
        return misses
    if isinstance(expected, str) and isinstance(actual, str) and same(expected.strip(), actual.strip()):
        return []
    if expected == actual:
        return []
    return [f"{path}: expected {expected!r}, got {actual!r}"]


def count_facts(expected: object) -> int:
    if isinstance(expected, dict):
        return sum(count_facts(v) for v in expected.values())
    if isinstance(expected, list):
        return 1 + sum(count_facts(v) for v in expected)  # the length is a fact too
    return 1


def misses(expected: dict, plan: Plan, same: Callable[[str, str], bool] = str.__eq__) -> list[str]:
    actual = view(plan)
    found = [
        f"diagnostics: '{code}' not reported"
        for code in expected.get("diagnostics", [])
        if code not in actual["diagnostics"]
    ]
    found += [f"absent: '{code}' reported" for code in expected.get("absent", []) if code in actual["diagnostics"]]
    return found + compare(expected, actual, same)


# Noisy variants of a case's text: name → (bytes to parse, format).
def _traditional(text: str) -> tuple[bytes, str]:
    import opencc

    return opencc.OpenCC("s2t").convert(text).encode("utf-8"), "txt"


def _half_width(text: str) -> tuple[bytes, str]:
    return fold(text).encode("utf-8"), "txt"


def _gbk_crlf_indented(text: str) -> tuple[bytes, str]:
    return "\r\n".join("\u3000\u3000" + line for line in text.split("\n")).encode("gb18030"), "txt"


def _docx(text: str) -> tuple[bytes, str]:
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue(), "docx"


WRAP = 26  # characters a line on a document-sharing site's text view


def _hard_wrapped(text: str) -> tuple[bytes, str]:
    lines = [line[i : i + WRAP] for line in text.split("\n") for i in range(0, max(len(line), 1), WRAP)]
    return "\n".join(lines).encode("utf-8"), "txt"


VARIANTS: dict[str, Callable[[str], tuple[bytes, str]]] = {
    "as_written": lambda text: (text.encode("utf-8"), "txt"),
    "traditional": _traditional,
    "half_width": _half_width,
    "gbk_crlf_indented": _gbk_crlf_indented,
    "docx": _docx,
    "hard_wrapped": _hard_wrapped,
}


def _same_folded(a: str, b: str) -> bool:
    return fold(a).replace(" ", "") == fold(b).replace(" ", "")


@cache
def scores() -> dict[str, dict[str, float]]:
    """shape → variant → share of the shape's facts recovered in that variant."""
    totals: dict[str, dict[str, list[int]]] = {}
    for shape, _title, text, expected in shape_cases():
        facts = count_facts(expected)
        for variant, make in VARIANTS.items():
            data, fmt = make(text)
            plan = parse_bytes(data, f"<{shape}>", fmt=fmt)
            missed = min(len(misses(expected, plan, _same_folded)), facts)
            got = totals.setdefault(shape, {}).setdefault(variant, [0, 0])
            got[0] += facts - missed
            got[1] += facts
    return {
        shape: {variant: round(hit / total, 3) for variant, (hit, total) in by_variant.items()}
        for shape, by_variant in totals.items()
    }


def floors() -> dict[str, dict[str, float]]:
    return yaml.safe_load(FLOORS.read_text("utf-8"))


def report(found: dict[str, dict[str, float]]) -> str:
    pinned = floors()
    names = list(VARIANTS)
    lines = [f"{'shape':<22}" + "".join(f"{n[:12]:>13}" for n in names)]
    for shape, by_variant in found.items():
        cells = []
        for name in names:
            floor = pinned.get(shape, {}).get(name, 0.0)
            mark = "!" if by_variant[name] < floor else " "
            cells.append(f"{by_variant[name]:>12.3f}{mark}")
        lines.append(f"{shape:<22}" + "".join(cells))
    return "\n".join(lines)


if __name__ == "__main__":
    found = scores()
    print(report(found))
    if "--pin" in sys.argv:
        FLOORS.write_text(
            "# Per shape and variant, the share of expected facts the gate must recover (tests/eval_gate.py).\n"
            "# Pinned from a run with `python tests/eval_gate.py --pin`; raise a floor when a change earns it.\n"
            + yaml.safe_dump(found, allow_unicode=True, sort_keys=False),
            "utf-8",
        )
