"""Real-world shapes (tests/fixtures/shapes/): every expected fact of every case, as written."""

import pytest
from conftest import parse_text
from eval_gate import misses, shape_cases

CASES = shape_cases()


@pytest.mark.parametrize(
    "shape,title,text,expected", CASES, ids=[f"{shape}: {title[:40]}" for shape, title, _, _ in CASES]
)
def test_shape(shape, title, text, expected):
    missed = misses(expected, parse_text(text))
    assert not missed, "\n".join(missed)
