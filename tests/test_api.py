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


def test_every_parse_function_takes_a_lexicon_by_keyword(tmp_path):
    """The README's promise: `load_lexicon(...)` gives a lexicon for `lexicon=` of each parse_*
    (and parse_file, as before, also takes it second)."""
    from zhengxie_parse import load_lexicon

    mine = tmp_path / "mine.yaml"
    mine.write_text("committees:\n  families:\n    economy: [甲乙委]\n", encoding="utf-8")
    lex = load_lexicon(mine)
    text = "2022年工作要点\n一、加强学习\n1．开展专题调研\n牵头单位：甲乙委\n"
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    plans = [
        parse_file(path, lex),
        parse_file(path, lexicon=lex),
        parse_text(text, lexicon=lex),
        parse_text(text, "plan.txt", lexicon=lex),
        parse_bytes(text.encode(), lexicon=lex),
        parse_bytes(text.encode(), "plan.txt", lexicon=lex, fmt="txt"),
    ]
    assert [[c.canonical for c in p.items[0].committees] for p in plans] == [["economy"]] * 6
    assert parse_text(text).items[0].committees[0].canonical is None  # the shipped lexicon does not know it
    with pytest.raises(TypeError, match="lexicon="):
        parse_text(text, lex)
