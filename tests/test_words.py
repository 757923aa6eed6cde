"""The segmenter's small dictionary (data/words.txt, built by scripts/build_words.py) cuts the texts that
decide domains exactly as jieba's full dictionary does, and keeps each lexicon's terms to itself."""

from pathlib import Path

import jieba
import pytest
from conftest import FIXTURES, SAMPLES, read_fixtures

from zhengxie_parse.chinese import fold
from zhengxie_parse.lexicon import load_lexicon, segmenter, word_runs
from zhengxie_parse.models import Source
from zhengxie_parse.pipeline import parse_blocks, parse_file
from zhengxie_parse.readers.text import text_blocks

SOURCE = Source(path="<shape>", format="txt", sha256="0" * 64, encoding="utf-8")


@pytest.fixture(scope="module")
def cutters():
    """The shipped segmenter, jieba's full dictionary taught the same terms, and the texts the pipeline
    segments in the samples and the shape cases (titles and first sentences: what decides domains)."""
    lex = load_lexicon()
    with open(Path(jieba.__file__).with_name("dict.txt"), "rb") as full:
        frequencies, total = jieba.Tokenizer.gen_pfdict(full)
    small, texts = lex.words, []
    lex.words = lambda text: texts.append(text) or small(text)
    for path in sorted(SAMPLES.glob("*.txt")):
        parse_file(path, lex)
    for shape in sorted((FIXTURES / "shapes").glob("*.txt")):
        for _, source, _ in read_fixtures(f"shapes/{shape.name}"):
            parse_blocks(SOURCE, text_blocks(source), lex)
    return small, segmenter(frequencies, total, lex.word_terms).lcut, texts


def test_small_dictionary_cuts_as_the_full_one(cutters):
    small, full, texts = cutters
    assert len(texts) > 200
    differ = [(text, small(text), full(text)) for text in texts if small(text) != full(text)]
    assert not differ, f"{len(differ)} texts cut differently (rebuild: python scripts/build_words.py): {differ[:3]}"


def test_runs_are_cut_as_the_whole_text(cutters):
    """jieba cuts each run of Han characters and letters on its own (classify_domains cuts only the runs
    that hold a term): cut run by run, a text gives the words it gives whole."""
    small = cutters[0]
    lines = [fold(line) for path in sorted(SAMPLES.glob("*.txt")) for line in path.read_text("utf-8").splitlines()]
    for text in [*lines, "加快老旧小区改造， 推进 5G网络建设\r\n提升“一老一小”服务"]:
        assert [word for run in word_runs(text) for word in small(run)] == small(text)


@pytest.mark.parametrize(
    "text,words",
    [
        ("持续优化营商环境", ["持续", "优化", "营商环境"]),  # a lexicon term is one word
        ("推进乡村振兴", ["推进", "乡村振兴"]),
        ("加快老旧小区改造", ["加快", "老旧小区", "改造"]),
    ],
)
def test_terms_are_words(cutters, text, words):
    assert cutters[0](text) == words


def test_taught_terms_stay_with_their_lexicon(tmp_path):
    """A user lexicon's term is a word for that lexicon only, not for the default one."""
    path = tmp_path / "local.yaml"
    path.write_text("domains:\n  economy: [数字底座]\n", encoding="utf-8")
    assert "数字底座" in load_lexicon(path).words("建设数字底座")
    assert "数字底座" not in load_lexicon().words("建设数字底座")
