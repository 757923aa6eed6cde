"""The working Document and the stage table: a stage runs on a document built by hand, a cleaner is
switched off by name (API and command line), and a name that is no cleaner is refused."""

import json

import pytest
from test_cli import in_process

from zhengxie_parse.blocks import Block
from zhengxie_parse.clean import CLEANERS
from zhengxie_parse.document import Document, Options, to_plan
from zhengxie_parse.errors import EXIT_USAGE
from zhengxie_parse.limits import OPTIONS_ENV, option, options
from zhengxie_parse.models import Source
from zhengxie_parse.pipeline import (
    STAGES,
    OptionsError,
    StageOutOfOrder,
    default_lexicon,
    parse_print,
    parse_text,
    run,
)

SOURCE = Source(path="hand.txt", format="txt", sha256="0" * 64)
# A masked word ('政z*': a site hid a character) is reported by the `masks` cleaner.
MASKED = "2023年工作要点\n一、坚持正确政z*方向\n1．围绕乡村振兴开展专题调研\n"


def stage(name: str):
    return next(s for s in STAGES if s.name == name)


def test_one_stage_runs_on_a_document_built_by_hand():
    """The outline stage reads the blocks a test sets and adds the tree and the sections' blocks."""
    texts = ["2023年工作要点", "一、加强学习", "1．开展专题调研", "围绕乡村振兴。"]
    blocks = [Block(index=i, text=t, line=i + 1) for i, t in enumerate(texts)]
    doc = Document(SOURCE, blocks, default_lexicon(), blocks=blocks)
    stage("outline").run(doc)
    [section] = doc.outline.nodes
    assert (section.title, section.children[0].title) == ("加强学习", "开展专题调研")
    lines = doc.outline.sections["1.1"].lines
    assert [(line.text, line.block.index) for line in lines] == [("围绕乡村振兴。", 3)]
    assert doc.facts.lines(section.children[0])[0][2].line == 4
    assert doc.meta is None and doc.items == []  # what later stages add is not there yet


def test_the_stages_run_in_order_and_each_needs_what_an_earlier_one_adds():
    added = {"raw"}
    for s in STAGES:
        assert set(s.needs) <= added, s.name
        added |= set(s.adds)
    assert [s.name for s in STAGES] == ["clean", "outline", "meta", "items", "classify", "keys", "counts"]


def test_a_whole_run_on_a_document_built_by_hand_is_the_plan_parse_text_makes():
    plan = parse_text(MASKED, "hand.txt")
    blocks = [Block(index=i, text=t, line=i + 1) for i, t in enumerate(MASKED.splitlines())]
    made = to_plan(run(Document(plan.source, blocks, default_lexicon())))
    assert made.model_dump_json() == plan.model_dump_json()


def test_a_cleaner_switched_off_by_name_in_the_api():
    codes = [d.code for d in parse_text(MASKED).diagnostics]
    skipped = [d.code for d in parse_text(MASKED, options=Options(skip=frozenset({"masks"}))).diagnostics]
    assert "masked_text" in codes
    assert "masked_text" not in skipped


def test_a_cleaner_switched_off_by_name_on_the_command_line(tmp_path, monkeypatch, capsys):
    path = tmp_path / "plan.txt"
    path.write_text(MASKED, encoding="utf-8")
    code, out, _ = in_process(monkeypatch, capsys, "extract", path)
    assert code == 0 and "masked_text" in [d["code"] for d in json.loads(out)["diagnostics"]]
    code, out, _ = in_process(monkeypatch, capsys, "extract", path, "--skip", "masks")
    assert code == 0 and "masked_text" not in [d["code"] for d in json.loads(out)["diagnostics"]]


def test_an_unknown_name_is_refused_with_the_names_there_are(tmp_path, monkeypatch, capsys):
    with pytest.raises(OptionsError, match="romanization, paywall"):
        parse_text(MASKED, options=Options(skip=frozenset({"mask"})))
    path = tmp_path / "plan.txt"
    path.write_text(MASKED, encoding="utf-8")
    code, out, err = in_process(monkeypatch, capsys, "extract", path, "--skip", "mask")
    assert code == EXIT_USAGE and out == ""
    assert len(err.strip().splitlines()) == 1 and all(name in err for name in CLEANERS)


def test_stages_lists_the_stages_and_cleaners_in_order(monkeypatch, capsys):
    code, out, _ = in_process(monkeypatch, capsys, "stages")
    names = [line.split()[0 if not line.startswith("  - ") else 1] for line in out.splitlines()]
    assert code == 0
    assert names == ["read", "clean", *CLEANERS, *(s.name for s in STAGES[1:])]


def test_an_options_file_tunes_a_rule_and_a_batch_sees_it(tmp_path, monkeypatch):
    lex = default_lexicon()
    assert option("title_max") == 40 and parse_print(lex) == lex.fingerprint
    tuned = tmp_path / "options.yaml"
    tuned.write_text("title_max: 12\n", encoding="utf-8")
    monkeypatch.setenv(OPTIONS_ENV, str(tuned))
    options.cache_clear()
    try:
        assert option("title_max") == 12 and option("near_tie") == 0.85
        assert parse_print(lex) != lex.fingerprint  # a batch run with other options parses again
    finally:
        monkeypatch.delenv(OPTIONS_ENV)
        options.cache_clear()
    assert parse_print(lex, Options(skip=frozenset({"toc"}))) != lex.fingerprint


def test_a_batch_with_another_cleaner_skipped_parses_again(tmp_path):
    from conftest import SAMPLES

    from zhengxie_parse.batch import jobs_for
    from zhengxie_parse.batch import run as run_batch

    source, out = tmp_path / "in", tmp_path / "out"
    source.mkdir()
    (source / "plan.txt").write_text(MASKED, encoding="utf-8")
    (source / "sample.txt").write_bytes((SAMPLES / "chongchuan_2021_consultation_plan.txt").read_bytes())

    def batch(**how):
        outcomes = run_batch(jobs_for(source, out, "json")[0], "json", 1, out, **how)
        return {o.name: o.status for o in outcomes}

    def codes():
        return [d["code"] for d in json.loads((out / "plan.json").read_text("utf-8"))["diagnostics"]]

    masks = Options(skip=frozenset({"masks"}))
    assert set(batch(options=masks).values()) == {"parsed"} and "masked_text" not in codes()
    assert set(batch(options=masks).values()) == {"skipped"}
    assert set(batch().values()) == {"parsed"} and "masked_text" in codes()


def test_a_stage_run_before_what_it_needs_is_refused_naming_what_is_missing():
    doc = Document(SOURCE, [Block(index=0, text="一、加强学习", line=1)], default_lexicon())
    with pytest.raises(StageOutOfOrder) as refused:
        run(doc, [stage("meta")])
    assert refused.value.path == "meta" and "blocks, outline" in refused.value.reason
    assert refused.value.exit_code == EXIT_USAGE and doc.meta is None


def test_a_stage_runs_on_what_a_document_built_by_hand_was_given():
    blocks = [Block(index=0, text="一、加强学习", line=1), Block(index=1, text="1．开展专题调研", line=2)]
    doc = run(Document(SOURCE, blocks, default_lexicon(), blocks=blocks), [stage("outline")])
    assert {"raw", "blocks", "outline", "facts"} <= doc.present and doc.outline.nodes[0].title == "加强学习"


def test_a_parse_tunes_its_own_options_over_the_files():
    """Options(tuning=…) sets a rule's number for one parse (a heading's first sentence is its title
    up to title_max characters, 40 by default); the files' value holds again after it, and the batch
    check sees it."""
    text = "2023年工作要点\n一、加强理论学习，提高政治站位。围绕乡村振兴开展专题调研\n1．开展专题调研\n"
    plain = parse_text(text, "hand.txt")
    tuned = parse_text(text, "hand.txt", options=Options(tuning={"title_max": 10}))
    assert plain.outline[0].title == "加强理论学习，提高政治站位"
    assert tuned.outline[0].title == "加强理论学习，提高政治站位。围绕乡村振兴开展专题调研"
    assert option("title_max") == 40
    lex = default_lexicon()
    assert parse_print(lex, Options(tuning={"title_max": 4})) != lex.fingerprint


@pytest.mark.parametrize(("tuning", "why"), [({"title_most": 4}, "title_max"), ({"title_max": 0}, "above 0")])
def test_a_tuning_that_is_no_option_or_no_number_is_refused(tuning, why):
    with pytest.raises(OptionsError, match=why) as refused:
        parse_text("一、加强学习\n", "hand.txt", options=Options(tuning=tuning))
    assert refused.value.exit_code == EXIT_USAGE
