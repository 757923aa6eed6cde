"""The compiled lexicon patterns kept in the user's cache folder: used when whole and made for this
lexicon and this regex, made again otherwise."""

import hashlib
import os
import pickle
import re
import subprocess
import sys

import pytest
import regex

from zhengxie_parse import __version__, pattern_cache
from zhengxie_parse.lexicon import load_lexicon
from zhengxie_parse.pattern_cache import FORMAT, PatternCache


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "zxparse"


def compiled(monkeypatch) -> list[str]:
    """The patterns regex compiles from now on."""
    seen: list[str] = []
    real = regex.compile
    monkeypatch.setattr(pattern_cache.regex, "compile", lambda source: seen.append(source) or real(source))
    return seen


def test_a_second_start_compiles_nothing(cache, monkeypatch):
    first = load_lexicon()
    [path] = cache.glob("patterns-*.pickle")
    assert first._compiled.path == path and not path.is_relative_to(pattern_cache.__file__.rsplit("/", 1)[0])
    seen = compiled(monkeypatch)
    again = load_lexicon()
    assert seen == []
    text = "区政协副主席孙卫斌牵头，3场专题协商会"
    assert again.leader_re.search(text).group("title") == first.leader_re.search(text).group("title") == "副主席"
    assert again.count_re.search(text).group("n") == "3"


def test_another_lexicon_or_regex_has_its_own_file(cache, tmp_path, monkeypatch):
    load_lexicon()
    user = tmp_path / "my.yaml"
    user.write_text("noise:\n  lines: ['^广告']\n", encoding="utf-8")
    seen = compiled(monkeypatch)
    load_lexicon(user)
    assert any("广告" in source for source in seen)
    monkeypatch.setattr(pattern_cache.regex, "__version__", "0.0")
    seen.clear()
    load_lexicon()
    assert seen  # another regex: its compiled code may differ, so all is compiled again
    assert len(list(cache.glob("patterns-*.pickle"))) == 3


@pytest.mark.parametrize(
    "spoil",
    [
        lambda data: data[: len(data) // 2],  # cut
        lambda data: data[:-1] + bytes([data[-1] ^ 1]),  # one bit changed
        lambda data: b"",  # empty
        lambda data: b"\x80\x05junk",  # not ours
    ],
)
def test_a_cut_or_corrupt_file_is_made_again(cache, monkeypatch, spoil):
    load_lexicon()
    [path] = cache.glob("patterns-*.pickle")
    whole = path.read_bytes()
    path.write_bytes(spoil(whole))
    seen = compiled(monkeypatch)
    load_lexicon()
    assert seen
    kept, kept_re = pickle.loads(whole[len(FORMAT) + 32 :])[1]
    again = PatternCache(load_lexicon().fingerprint)
    assert again.patterns.keys() == kept.keys() and again.re_code.keys() == kept_re.keys()


def test_a_file_made_for_another_key_or_holding_code_is_not_used(cache, monkeypatch):
    load_lexicon()
    [path] = cache.glob("patterns-*.pickle")
    key, patterns = PatternCache(load_lexicon().fingerprint).key, {"a": regex.compile("a")}

    def forge(payload: bytes) -> None:
        path.write_bytes(FORMAT + hashlib.sha256(payload).digest() + payload)

    forge(pickle.dumps((("another", *key[1:]), (patterns, {}))))
    assert PatternCache(key[0]).patterns == {}
    forge(pickle.dumps((key, ({"a": regex.compile("b")}, {}))))  # a pattern filed under another source
    assert PatternCache(key[0]).patterns == {}
    forge(pickle.dumps((key, ({"a": os.getcwd}, {}))))  # a checksum is no trust: only compiled patterns load
    assert PatternCache(key[0]).patterns == {}
    forge(pickle.dumps((key, ({}, {"a": os.getcwd}))))
    assert PatternCache(key[0]).re_code == {}


def test_re_patterns_are_kept_as_their_compiled_code(cache, monkeypatch):
    """The term lists `re` runs come back from the file as `re` compiles them (equal code, flags and
    groups), without its compiler; code that `_sre` refuses is compiled again."""
    first = load_lexicon()
    monkeypatch.setattr(pattern_cache, "_re_code", lambda source: pytest.fail(f"compiled again: {source[:20]}"))
    again = load_lexicon()
    for made in (again.field_label_re, again.field_span_re, again.topic_terms[0], again.domain_terms[0]):
        assert made == re.compile(made.pattern) and made.groupindex == re.compile(made.pattern).groupindex
    assert again.field_label_re.search("牵 头 单 位：提案委").group("label") == "牵 头 单 位"
    assert first.domain_terms[0].findall("优化营商环境") == again.domain_terms[0].findall("优化营商环境")
    monkeypatch.undo()
    patterns = PatternCache("f" * 64)
    patterns.re_code["(a)(?P<b>b)"] = (32, [1, 2, 3], 1, {}, ())  # not code `_sre` takes
    made = patterns.compile_re("(a)(?P<b>b)")
    assert made == re.compile("(a)(?P<b>b)") and made.match("ab").group("b") == "b"


def test_a_cache_folder_that_cannot_be_written_only_costs_time(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    lex = load_lexicon()
    assert lex.noise_line_re.pattern
    assert blocked.read_text() == "not a folder"


def test_the_taught_segmenter_dictionary_is_kept_and_checked(cache):
    built = []

    def build():
        built.append(1)
        return {"营商环境": 5, "营": 0}, 5

    assert PatternCache("f" * 64).frequencies(build, "words 1") == ({"营商环境": 5, "营": 0}, 5)
    assert PatternCache("f" * 64).frequencies(build, "words 1") == ({"营商环境": 5, "营": 0}, 5)
    assert len(built) == 1
    PatternCache("f" * 64).frequencies(build, "words 2")  # another words file or jieba: taught again
    assert len(built) == 2
    text = "推进营商环境优化提升"
    assert load_lexicon().words(text) == load_lexicon().words(text) == ["推进", "营商环境", "优化", "提升"]


def test_a_spoiled_segmenter_dictionary_is_taught_again(cache):
    load_lexicon().words("")
    [path] = cache.glob("words-*.pickle")
    whole = path.read_bytes()
    path.write_bytes(whole[:-100])
    assert load_lexicon().words("推进营商环境优化提升") == ["推进", "营商环境", "优化", "提升"]
    assert len(path.read_bytes()) == len(whole)  # written whole again


def test_the_modules_patterns_are_kept_in_one_file_written_at_exit(cache):
    """A start that finds them kept compiles none of the pipeline modules' patterns."""
    count = (
        "import regex; seen = []; real = regex.compile;"
        "regex.compile = lambda *a, **k: seen.append(a[0]) or real(*a, **k);"
        "import zhengxie_parse.items, zhengxie_parse.readers.tables; print(len(seen))"
    )
    runs = [subprocess.run([sys.executable, "-c", count], capture_output=True, text=True, check=True) for _ in range(2)]
    assert int(runs[0].stdout) > 0 and int(runs[1].stdout) == 0
    assert PatternCache(f"zxparse {__version__}").patterns[r"\d+"].pattern == r"\d+"
