"""The public Python API, as the README shows it."""

import pytest
from conftest import FIXTURES, SAMPLES

import zhengxie_parse
from zhengxie_parse import ZxError, parse_bytes, parse_file, parse_text

SAMPLE = SAMPLES / "chongchuan_2021_consultation_plan.txt"


def test_everything_in_all_is_importable():
    for name in zhengxie_parse.__all__:
        assert getattr(zhengxie_parse, name) is not None


def test_parse_text_gives_the_plan_of_the_same_file():
    from_text = parse_text(SAMPLE.read_text("utf-8"), "plan.txt")
    from_file = parse_file(SAMPLE)
    assert from_text.source.path == "plan.txt"
    assert [i.model_dump() for i in from_text.items] == [i.model_dump() for i in from_file.items]


@pytest.mark.parametrize(
    "name,fmt",
    [("chongchuan_2021_consultation_plan.typed.docx", "docx"), ("chongchuan_2021_consultation_plan.pdf", "pdf")],
)
def test_parse_bytes_knows_the_format_by_its_first_bytes(name, fmt):
    plan = parse_bytes((FIXTURES / "formats" / name).read_bytes(), "upload")
    assert plan.source.format == fmt and len(plan.items) == 12


def test_parse_bytes_refuses_junk_with_a_zx_error():
    with pytest.raises(ZxError) as err:
        parse_bytes(bytes(range(256)) * 8, "blob")
    assert err.value.exit_code == 5 and err.value.path == "blob"
