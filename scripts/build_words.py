"""Build src/zhengxie_parse/data/words.txt, the small dictionary zxparse's word segmenter loads.

    python scripts/build_words.py [DOCUMENT_OR_FOLDER …]

jieba's full dictionary (349,000 words) takes half a second and 70 MB to load; a plan only needs the
words that can be cut out of the texts that decide its domains. The dictionary keeps every word of the
full one found inside: the terms the segmenter is taught; the texts the pipeline segments, and every line,
of the samples, the shape cases and the documents given here; and the words it already has, so a
rebuild never forgets a document it was built from. Each word keeps its frequency in the full
dictionary, and the file keeps the full dictionary's total, so a word costs what it costs there: those
texts are cut exactly as the full dictionary cuts them (tests/test_words.py checks it, and fails until
the dictionary is rebuilt after the lexicon's terms or the shape cases change).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import jieba

from zhengxie_parse.chinese import fold
from zhengxie_parse.errors import ZxError
from zhengxie_parse.lexicon import Lexicon, load_lexicon, segmenter
from zhengxie_parse.pipeline import parse_file

ROOT = Path(__file__).resolve().parent.parent
WORDS = ROOT / "src" / "zhengxie_parse" / "data" / "words.txt"
DEFAULT_SOURCES = [ROOT / "samples", ROOT / "tests" / "fixtures" / "shapes"]
HEADER = """\
# The words zxparse's segmenter knows (jieba's dictionary format: word frequency), with the frequency
# and, below, the total of jieba's full dictionary: the lexicon's terms and the words around them in
# real plans. Built by scripts/build_words.py; do not edit by hand.
"""


def lines_of(path: Path, lex: Lexicon) -> list[str]:
    """Every line of a text file, folded; parsing the file records what the pipeline segments."""
    try:
        parse_file(path, lex)
    except ZxError:
        pass
    lines = path.read_text("utf-8", errors="ignore").splitlines() if path.suffix in (".txt", ".html") else []
    return [fold(line) for line in lines]


def words_in(texts: list[str], frequencies: dict[str, int]) -> set[str]:
    """The dictionary words (frequency > 0) that occur in `texts`, found as jieba finds them: by
    walking the prefix dictionary from each character."""
    found = set()
    for text in texts:
        for start in range(len(text)):
            end = start + 1
            while end <= len(text) and text[start:end] in frequencies:
                if frequencies[text[start:end]]:
                    found.add(text[start:end])
                end += 1
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="*", type=Path, help="more plans (.txt/.docx/.pdf/.html) or folders of them")
    args = parser.parse_args()
    with open(Path(jieba.__file__).with_name("dict.txt"), "rb") as full:
        frequencies, total = jieba.Tokenizer.gen_pfdict(full)
    lex = load_lexicon()
    full, segmented = segmenter(frequencies, total, lex.word_terms).lcut, []
    lex.words = lambda text: segmented.append(text) or full(text)  # plans parse with the full dictionary here
    texts = [fold(term) for term in lex.word_terms]
    if WORDS.exists():  # what it already knows
        texts += [line.split(" ")[0] for line in WORDS.read_text("utf-8").splitlines() if not line.startswith("#")]
    sources = DEFAULT_SOURCES + args.sources
    files = [p for source in sources for p in ([source] if source.is_file() else source.rglob("*"))]
    files = sorted(p for p in files if p.suffix in (".txt", ".docx", ".pdf", ".html"))
    for path in files:
        texts += lines_of(path, lex)
    words = sorted(words_in(texts + segmented, frequencies))
    lines = [HEADER + f"# total {total}", *(f"{word} {frequencies[word]}" for word in words)]
    WORDS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{WORDS.relative_to(ROOT)}: {len(words)} words from {len(files)} files")


if __name__ == "__main__":
    main()
