"""The segmenter's small dictionary (data/words.txt, built by scripts/build_words.py) cuts the texts that
decide domains exactly as jieba's full dictionary does, and keeps each lexicon's terms to itself."""

from pathlib import Path

import jieba
import pytest
from conftest import FIXTURES, SAMPLES, read_fixtures

from zhengxie_parse.chinese import fold
from zhengxie_parse.lexicon import load_lexicon, segmenter
from zhengxie_parse.pipeline import parse_file


@pytest.fixture(scope="module")
def cutters():
    """The shipped segmenter, and jieba's full dictionary taught the same terms."""
    lex = load_lexicon()
    with open(Path(jieba.__file__).with_name("dict.txt"), "rb") as full:
        frequencies, total = jieba.Tokenizer.gen_pfdict(full)
    terms = [*lex.domain_terms[1], *lex.topic_terms[1]]
    return lex.words, segmenter(frequencies, total, terms).lcut


def deciding_texts() -> list[str]:
    """Title and text of every item of the samples and of the shape cases: what domains are read from
    (titles and first sentences are inside them)."""
    plans = [parse_file(path) for path in sorted(SAMPLES.glob("*.txt"))]
    texts = [f"{item.title}\n{item.text}" for plan in plans for item in plan.items]
    for shape in sorted((FIXTURES / "shapes").glob("*.txt")):
        texts += [line for _, source, _ in read_fixtures(f"shapes/{shape.name}") for line in source.split("\n")]
    return [fold(text) for text in texts]


def test_small_dictionary_cuts_as_the_full_one(cutters):
    small, full = cutters
    texts = deciding_texts()
    assert len(texts) > 200
    differ = [(text, small(text), full(text)) for text in texts if small(text) != full(text)]
    assert not differ, f"{len(differ)} texts cut differently (rebuild: python scripts/build_words.py): {differ[:3]}"


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
