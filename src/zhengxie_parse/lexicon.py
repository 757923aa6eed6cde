"""Lexicons: the vocabulary zxparse matches, kept as YAML in `data/` and validated on load. The
shipped files are read from their generated copy, `lexicon_data.py` (scripts/build_lexicon.py), so
that a start needs no YAML parser.

A user file (`--lexicon my.yaml`) is layered over the defaults: it has the same sections as the
shipped files (`topics:`, `committees:`, `fields:`, `tables:`, `noise:`, `domains:`, `meta:`,
`sections:`, `spellings:`) and only adds to or overrides what it names — lists are extended, mappings
merged key by key.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import sys
import time
from collections.abc import Callable, Iterable
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

import regex
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    PrivateAttr,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from .chinese import fold
from .errors import InputNotFound, LexiconError
from .i18n import _
from .limits import check_shape, limit, patterns_left, spent_on_patterns
from .pattern_cache import PatternCache, compiled
from .schema_errors import schema_message

SECTIONS = ("topics", "committees", "fields", "tables", "noise", "domains", "meta", "sections", "spellings")
PATTERN_SECONDS = 2.0  # the most one lexicon pattern may spend on one piece of text
LEXICON_NESTING = 20  # a lexicon nests a few levels (section, entry, list); deeper is a crafted file
# The key of `domains` that lists set phrases, which count for no domain (domains.yaml).
SET_PHRASES = "set_phrases"


# A count in prose: digits or Chinese numerals, and the units plans count in.
_NUMBER = r"(?:\d+|[一二两三四五六七八九十]{1,3})"
_COUNT_UNIT = r"(?:个|项|次|场|期|件)"
# '3项重点调研', '重要协商10项': what is counted may come with one of these.
_MODIFIER = r"重点|重要|专项|集中"
# What every count holds: a text without it is not searched with count_re, whose second branch
# (what is counted, then the number) would try every form term at every character.
HAS_COUNT = compiled(rf"{_NUMBER}\s*{_COUNT_UNIT}")


_INNER_SPACE = re.compile(r"[ \u3000]")


def terms_pattern(terms: Iterable[str]) -> str:
    """An alternation of literal `terms` written as a trie ('专题(?:协商(?:会)?|调研)'): at any place
    it matches the longest term there, as a longest-first alternation does, but follows one branch a
    character instead of trying every term in turn (twice as fast over the topic terms). It opens with
    a class of the terms' first characters, one check at each place before the trie's first branches
    are tried one by one (twice as fast again over text where few places start a term)."""
    trie: dict = {}
    for term in terms:
        node = trie
        for ch in term:
            node = node.setdefault(ch, {})
        node[""] = {}  # a term ends here
    firsts = "".join(re.escape(ch) for ch in sorted(trie) if ch)
    lead = f"(?=[{firsts}])" if firsts and "" not in trie else ""  # an empty term matches anywhere
    return f"(?:{lead}{_branches(trie)})"


def _branches(node: dict) -> str:
    branches = [re.escape(ch) + _branches(rest) for ch, rest in sorted(node.items()) if ch]
    if not branches:
        return ""
    joined = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    return f"(?:{joined})?" if "" in node else joined  # a shorter term ends here: tried after the longer


def _compiles(pattern: str, info: ValidationInfo) -> str:
    if (info.context or {}).get("shipped"):  # the shipped lexicon alone: compiled by the tests, not at every start
        return pattern
    try:
        regex.compile(pattern)
    except regex.error as exc:
        raise ValueError(f"pattern {pattern!r} does not compile ({exc})") from None
    return pattern


# A regular expression written in a lexicon: compiled when the lexicon loads, so a broken one is
# reported with its file and line before any document is read.
Regex = Annotated[str, AfterValidator(_compiles)]


def _bounded(method: str, collect: Callable | None = None) -> Callable:
    """`method` of a Bounded's compiled pattern, run with its time bound (its result passed to
    `collect`, if given)."""

    def run(self: Bounded, text: str, *args, **kwargs):
        left = patterns_left()  # of the lexicon's time on this document: its total is bounded too
        started = time.monotonic()
        try:
            if left is not None and left <= 0:
                raise TimeoutError
            timeout = PATTERN_SECONDS if left is None else min(PATTERN_SECONDS, left)
            found = getattr(self.regex, method)(text, *args, timeout=timeout, **kwargs)
            return collect(found) if collect else found
        except TimeoutError:
            raise self._stopped(text, left) from None
        finally:
            spent_on_patterns(time.monotonic() - started)

    return run


class Bounded:
    """A lexicon pattern, compiled, that runs with a time bound when a user's file wrote it. A pattern
    that backtracks catastrophically — '(政|政政|政政政)+协' on a line of forty 政 — would hang the
    document for hours; it is stopped after PATTERN_SECONDS with a LexiconError naming the lexicon
    file. The shipped patterns, tested on such texts (tests/test_lexicon.py), run unbounded: the bound
    reads the clock twice a call, which cost 3–13% of a document."""

    def __init__(
        self, pattern: str, section: str, origin: str, bounded: bool = True, compiler: Callable = regex.compile
    ):
        self.section = section
        self.origin = origin
        try:
            self.regex = compiler(pattern)
        except regex.error as exc:  # each entry compiles alone (Regex), but not joined with the others
            raise LexiconError(
                origin,
                _("the patterns of '{section}' do not compile together ({why})").format(section=section, why=exc),
            ) from None
        if not bounded:
            self._unbound()

    def _unbound(self) -> None:
        """The compiled pattern's own methods, with no wrapper in between: they run on every line and
        item of a batch."""
        compiled = self.regex
        self.search, self.match, self.fullmatch = compiled.search, compiled.match, compiled.fullmatch
        self.findall = compiled.findall
        self.finditer = lambda text, *args, **kwargs: list(compiled.finditer(text, *args, **kwargs))

    @property
    def pattern(self) -> str:
        return self.regex.pattern

    search = _bounded("search")
    match = _bounded("match")
    fullmatch = _bounded("fullmatch")
    finditer = _bounded("finditer", list)  # a list: the matches are found (and the time bounded) here
    findall = _bounded("findall")

    def _stopped(self, text: str, left: float | None) -> LexiconError:
        if left is not None and left < PATTERN_SECONDS:
            return LexiconError(
                self.origin,
                _(
                    "its patterns ran over the limit lexicon_seconds ({seconds} s) on this document "
                    "(in '{section}'; simplify them)"
                ).format(seconds=f"{limit('lexicon_seconds'):g}", section=self.section),
            )
        return LexiconError(
            self.origin,
            _(
                "a pattern in '{section}' ran over {seconds} s on “{text}…” and was stopped "
                "(catastrophic backtracking? simplify it)"
            ).format(section=self.section, seconds=f"{PATTERN_SECONDS:g}", text=text[:12]),
        )


# What makes a pattern mean something else inside an alternation of several: a global inline flag
# ('(?x)' would apply to all), a group referred to by number ('\\1', '(?1)', '(?R)'), which the
# groups before it renumber.
_CONTEXT_BOUND = compiled(r"\(\?[a-zA-Z^-]*\)|\\[1-9]|\\g<\d|\(\?[R\d&+-]|\(\?P>")


# The compiled views that hold or join a lexicon's patterns, built as it loads (Lexicon.compile_patterns).
_PATTERN_VIEWS = (
    "topic_patterns",
    "weak_uses",
    "org_prefix_re",
    "leader_re",
    "noise_line_re",
    "paywall_line_re",
    "section_res",
    "count_re",
    "list_opener_re",
    "body_name_re",
    "inline_list_re",
)
# The other views kept compiled in the cache: the term lists and field labels, which the stdlib's `re`
# runs (faster at them), and the caption pattern.
_CACHED_VIEWS = ("field_label_re", "field_span_re", "topic_terms", "spun_re", "domain_terms", "caption_re")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TopicType(_Strict):
    zh: str
    kind: Literal["form", "theme", "general"]
    consultation: bool = False
    terms: list[str] = []
    patterns: list[Regex] = []
    weak: list[Regex] = []


class Committees(_Strict):
    families: dict[str, list[str]]
    suffixes: list[str]
    org_prefixes: list[Regex]
    not_committees: list[str]
    bodies: list[Regex] = []
    issuers: list[str] = []
    sectors: list[str]
    leader_titles: list[str]
    unit_endings: list[str]


class TableHeaders(_Strict):
    number: list[str]
    title: list[str]
    when: Regex


class Noise(_Strict):
    lines: list[Regex]
    paywall: list[Regex]
    tail_markers: list[str]
    caption_verbs: list[str]


class MetaVocabulary(_Strict):
    doc_kinds: list[tuple[str, Regex]]
    doc_kind_statements: list[tuple[str, Regex]]
    plan_words: list[str]
    draft: Regex
    provincial_cities: list[str]
    org_suffixes: list[str]
    agenda_verbs: list[str]
    news_leads: list[Regex]
    news_narrative: Regex
    township_bodies: Regex
    articles: Regex
    articles_min: int
    not_titles: Regex
    banners: Regex


class SectionKinds(_Strict):
    review: list[Regex]
    duties: list[Regex] = []
    plan: list[Regex]
    agenda_leads: list[Regex]
    placeholders: list[Regex]
    counted: list[str]
    list_openers: list[str]
    inline_list_openers: list[str]


class Spellings(_Strict):
    spun: dict[str, str] = {}


class Lexicon(_Strict):
    topics: dict[str, TopicType]
    committees: Committees
    fields: dict[str, list[str]]
    tables: TableHeaders
    noise: Noise
    domains: dict[str, list[str]]
    meta: MetaVocabulary
    sections: SectionKinds
    spellings: Spellings
    _origins: dict[str, str] = PrivateAttr(default_factory=dict)  # section → the user file that last wrote it
    _patterns: dict[str, Bounded] = PrivateAttr(default_factory=dict)
    _compiled: PatternCache = PrivateAttr(default_factory=PatternCache)  # on disk once load_lexicon gives its key

    @field_validator("topics")
    @classmethod
    def _has_other(cls, value: dict[str, TopicType]) -> dict[str, TopicType]:
        if "other" not in value:
            raise ValueError("topics must define the fallback type 'other'")
        return value

    # Compiled views, built once per lexicon on first use.

    def pattern(self, source: str, section: str) -> Bounded:
        """`source`, a regex built from this lexicon's `section`, compiled once; time-bounded when a
        user's file wrote that section."""
        # read from pydantic's dict of private attributes: `self._patterns` goes through its __getattr__
        found = self.__pydantic_private__["_patterns"].get(source)
        if found is None:
            origin = self._origins.get(section)
            where = origin or f"data/{section}.yaml"
            found = self._patterns[source] = Bounded(source, section, where, bool(origin), self._compiled.compile)
        return found

    def compile_patterns(self) -> None:
        """Build every view made of the patterns a lexicon writes, as it loads: entries that compile
        alone but not joined together stop it here (LexiconError naming the file), not mid-batch;
        and the other views kept in the cache. Compiled ones come from the cache of this lexicon's
        patterns, which is written once, after."""
        with self._compiled.held():
            for view in (*_PATTERN_VIEWS, *_CACHED_VIEWS):
                getattr(self, view)

    @cached_property
    def fingerprint(self) -> str:
        """A hash of everything in this lexicon: a plan made with another lexicon is not up to date."""
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()

    @cached_property
    def field_roles(self) -> dict[str, str]:
        """label → role, e.g. '时间安排' → 'time'."""
        return {label: role for role, labels in self.fields.items() for label in labels}

    def role_of(self, label: str) -> str | None:
        """The role of a field label as written, in either script: '時間安排' → 'time'."""
        return self.field_roles.get(_INNER_SPACE.sub("", fold(label)))

    @cached_property
    def field_label_re(self) -> re.Pattern:
        """A field label and its colon; a label may be spaced out to fill a table cell ('人 员：')."""
        labels = sorted(self.field_roles, key=len, reverse=True)  # the longest label where several start
        spaced = "|".join(r"[ \u3000]?".join(map(re.escape, label)) for label in labels)
        return self._compiled.compile_re(rf"(?P<label>{spaced})\s*[:：]")

    @cached_property
    def field_span_re(self) -> re.Pattern:
        """A 'label：value' field, its value running to the next label or the end of its sentence."""
        label = self.field_label_re.pattern.replace("(?P<label>", "(?:")
        return self._compiled.compile_re(rf"{label}[^。;\n]*?(?=[。;\n]|{label}|$)")

    @cached_property
    def committee_alias(self) -> dict[str, str]:
        """written name → canonical family."""
        return {alias: family for family, aliases in self.committees.families.items() for alias in aliases}

    @cached_property
    def topic_terms(self) -> tuple[re.Pattern, dict[str, str]]:
        """Every place a plain topic term starts, the longest there in group 1 (a lookahead, so that
        overlapping terms are all found: '专题协商议事' holds 专题协商 and 协商议事), and term → code."""
        owner = {term: code for code, topic in self.topics.items() for term in topic.terms}
        return self._compiled.compile_re(f"(?=({terms_pattern(owner)}))"), owner

    @cached_property
    def topic_patterns(self) -> list[tuple[str, Bounded]]:
        """(code, compiled pattern) for every topic pattern ('届…次会议' → plenary_consultation)."""
        return [(code, self.pattern(p, "topics")) for code, topic in self.topics.items() for p in topic.patterns]

    @cached_property
    def any_topic_pattern(self) -> Bounded | None:
        """One alternation of every topic pattern, to tell in one search that none of them matches a
        text (most texts): where one of them matches, so does the alternation. None when a pattern
        could read otherwise inside it — a global flag, a group referred to by number — or they do
        not compile together: then each pattern is run."""
        patterns = [p for topic in self.topics.values() for p in topic.patterns]
        if not patterns or any(_CONTEXT_BOUND.search(p) for p in patterns):
            return None
        try:
            return self.pattern("|".join(f"(?:{p})" for p in patterns), "topics")
        except LexiconError:
            return None

    @cached_property
    def weak_uses(self) -> dict[str, Bounded]:
        """code → one alternation of its plain-verb uses ('学习上海' for study)."""
        return {code: self.pattern("|".join(t.weak), "topics") for code, t in self.topics.items() if t.weak}

    @cached_property
    def spun_re(self) -> re.Pattern | None:
        spun = self.spellings.spun
        return self._compiled.compile_re(terms_pattern(spun)) if spun else None

    @cached_property
    def completions(self) -> dict[str, list[tuple[str, int]]]:
        """character → (term, index) for every place it holds in a topic or domain term: where a mask
        such as '政z*' could be completed from the lexicon."""
        index: dict[str, list[tuple[str, int]]] = {}
        for term in [*self.topic_terms[1], *self.domain_terms[1]]:
            for i, ch in enumerate(term[:-1]):
                index.setdefault(ch, []).append((term, i))
        return index

    @cached_property
    def form_terms(self) -> str:
        """An alternation of every term that names a form of work (专题协商会, 主席会议…), longest first."""
        return terms_pattern(t for topic in self.topics.values() if topic.kind == "form" for t in topic.terms)

    @cached_property
    def domain_terms(self) -> tuple[re.Pattern, dict[str, str]]:
        owner = {term: code for code, terms in self.domains.items() if code != SET_PHRASES for term in terms}
        return self._compiled.compile_re(terms_pattern(owner)), owner

    @cached_property
    def set_phrases(self) -> frozenset[str]:
        """Words with a domain term inside that count for no domain ('主题教育', '汇聚智慧')."""
        return frozenset(self.domains.get(SET_PHRASES, []))

    @cached_property
    def words(self) -> Callable[[str], list[str]]:
        """A word segmenter that knows this lexicon's domain and topic terms as words, so that
        '营商环境' is one word and not also '环境'. Its dictionary loads on first use, once a process,
        taught the terms once a lexicon (then kept in the cache folder)."""

        def taught() -> tuple[dict[str, int], int]:
            tokenizer = segmenter(*_words(), self.word_terms)
            return tokenizer.FREQ, tokenizer.total

        made_from = f"jieba {_jieba().__version__}, words {hashlib.sha256(_words_text().encode()).hexdigest()}"
        return segmenter(*self._compiled.frequencies(taught, made_from), []).lcut

    @cached_property
    def word_terms(self) -> list[str]:
        """What the segmenter is taught as words: domain terms, set phrases, topic terms, in the lexicon's
        order (each term taught shifts the frequencies the next is weighed against)."""
        return [*self.domain_terms[1], *self.domains.get(SET_PHRASES, []), *self.topic_terms[1]]

    @cached_property
    def org_prefix_re(self) -> Bounded:
        return self.pattern("|".join(f"(?:{p})" for p in self.committees.org_prefixes), "committees")

    @cached_property
    def body_name_re(self) -> Bounded:
        """A name that is a whole body, not one of its committees: '县委', '镇政协工委'."""
        return self.pattern("|".join(f"(?:{p})" for p in self.committees.bodies) or "(?!)", "committees")

    @cached_property
    def leader_re(self) -> Bounded:
        """'区政协副主席孙卫斌' → organization, title, name (each optional)."""
        titles = terms_pattern(self.committees.leader_titles)
        orgs = "|".join(f"(?:{p})" for p in self.committees.org_prefixes)
        units = "|".join(map(regex.escape, self.committees.unit_endings))
        person = rf"(?!\p{{Han}}*(?:{units})$)\p{{Han}}{{2,4}}?"
        return self.pattern(
            rf"(?P<organization>{orgs})?(?P<title>(?:{titles})(?:[、兼](?:{titles}))*)?(?P<name>{person})?(?:同志)?",
            "committees",
        )

    @cached_property
    def caption_re(self) -> regex.Pattern:
        """A photo caption: an organisation, then a caption verb ('…政协工委组织委员调研')."""
        orgs = "|".join(map(regex.escape, self.meta.org_suffixes))
        verbs = "|".join(map(regex.escape, self.noise.caption_verbs))
        return self._compiled.compile(rf"[\p{{Han}}()（）]{{2,24}}?(?:{orgs})(?:{verbs})\p{{Han}}")

    @cached_property
    def section_res(self) -> dict[str, Bounded]:
        """kind → one pattern of its entries: review, duties, plan, agenda_leads, placeholders."""
        kinds = ("review", "duties", "plan", "agenda_leads", "placeholders")
        return {
            kind: self.pattern("|".join(f"(?:{p})" for p in getattr(self.sections, kind)) or "(?!)", "sections")
            for kind in kinds
        }

    @cached_property
    def count_re(self) -> Bounded:
        """A count of forms of work or of plan things: '3场专题协商会', '排出协商议题47个',
        '对口协商议题共有5个', '10件重点提案' — not a session's number ('十届三次常委会议', '第三次主席会议')."""
        things = terms_pattern(self.sections.counted)
        what = rf"(?:{_MODIFIER})?(?:(?:{self.form_terms})(?:{things})?|{things})"
        return self.pattern(
            rf"(?<![第届\d一二三四五六七八九十])(?P<n>{_NUMBER})\s*{_COUNT_UNIT}\s*(?P<what>{what})"
            rf"|(?P<what2>{what})\s*(?:共有|共计|共|计|有)?\s*(?P<n2>{_NUMBER})\s*{_COUNT_UNIT}",
            "sections",
        )

    @cached_property
    def list_opener_re(self) -> Bounded:
        """Where running text starts listing topics: after '包括', '即：', '围绕', or a colon."""
        words = terms_pattern(self.sections.list_openers)
        return self.pattern(rf"(?:{words})\s*[:：]?|[:：]", "sections")

    @cached_property
    def inline_list_re(self) -> Bounded:
        """A colon that opens a list inside a sentence ('包括：', '如下：'), found as the text before a marker ends."""
        return self.pattern(rf"(?:{terms_pattern(self.sections.inline_list_openers)})\s*[:：]\s*$", "sections")

    @cached_property
    def noise_line_re(self) -> Bounded:
        return self.pattern("|".join(f"(?:{p})" for p in self.noise.lines), "noise")

    @cached_property
    def paywall_line_re(self) -> Bounded:
        return self.pattern("|".join(f"(?:{p})" for p in self.noise.paywall), "noise")


def segmenter(frequencies: dict[str, int], total: int, terms: list[str]):
    """jieba over a prefix dictionary (word → frequency, every prefix of a word present, 0 where it is
    no word itself) whose frequencies add up to `total`, taught `terms` as words."""
    tokenizer = _jieba().Tokenizer()
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = dict(frequencies), total, True
    for term in terms:
        tokenizer.suggest_freq(term, tune=True)
    return tokenizer


def word_runs(text: str) -> list[str]:
    """`text` in the runs jieba segments one by one (Han characters, letters and digits; and what lies
    between, which it yields a character at a time): a run's words do not depend on the other runs."""
    return _jieba().re_han_default.split(text)


@cache
def _words() -> tuple[dict[str, int], int]:
    """data/words.txt as a prefix dictionary, and the total of jieba's full dictionary that its
    frequencies come from. jieba's own dictionary takes half a second and 70 MB to load; this one
    holds the words that decide domains in real plans (scripts/build_words.py) and cuts them alike."""
    frequencies: dict[str, int] = {}
    total = 0
    for line in _words_text().splitlines():
        if line.startswith("# total "):
            total = int(line.removeprefix("# total "))
        elif line and not line.startswith("#"):
            word, count = line.split(" ")
            frequencies[word] = int(count)
            for end in range(1, len(word)):
                frequencies.setdefault(word[:end], 0)
    return frequencies, total


@cache
def _words_text() -> str:
    return (resources.files("zhengxie_parse") / "data" / "words.txt").read_text("utf-8")


@cache
def _jieba():
    # jieba imports pkg_resources (0.1–0.2 s, where setuptools is installed) only to find its own
    # dictionary, which zxparse never loads, and opens its files by path without it.
    if "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes `import pkg_resources` fail
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba


def _read_yaml(path: Path | str, text: str) -> dict:
    """A user's lexicon file; PyYAML is imported for it alone."""
    import yaml

    try:
        # libyaml's loader (shipped in PyYAML's wheels) reads a lexicon ten times faster than the pure-Python one
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        check_shape(data, int(limit("lexicon_values")), LEXICON_NESTING)  # before its aliases expand
    except ValueError as exc:  # 'billion laughs': a few KB of aliases that expand to 10⁸ strings
        raise LexiconError(
            path, _("{why} (limit lexicon_values; {levels} levels)").format(why=exc, levels=LEXICON_NESTING)
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = _("line {line}: ").format(line=mark.line + 1) if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise LexiconError(path, where + _("not valid YAML ({why})").format(why=problem)) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise LexiconError(path, "a lexicon must be a mapping of sections")
    return data


def _merge(base: object, extra: object) -> object:
    if isinstance(base, dict) and isinstance(extra, dict):
        merged = dict(base)
        for key, value in extra.items():
            merged[key] = _merge(base[key], value) if key in base else value
        return merged
    if isinstance(base, list) and isinstance(extra, list):
        return base + [value for value in extra if value not in base]
    return extra


def shipped(section: str) -> dict:
    """A shipped lexicon file (`data/<section>.yaml`), from its generated copy: the models read the
    topic codes from it, the lexicon everything."""
    from .lexicon_data import SHIPPED

    return SHIPPED[section]


def _defaults() -> dict:
    return {name: shipped(name) for name in SECTIONS}


@cache
def default_lexicon() -> Lexicon:
    """The shipped lexicon, loaded once a process: what every stage and writer reads when given none."""
    return load_lexicon()


def load_lexicon(*user_files: Path | str) -> Lexicon:
    """The shipped lexicon with each user file layered over it, validated."""
    data: object = _defaults()
    texts: list[str] = []
    origins: dict[str, str] = {}
    for path in user_files:
        text = _read_text(Path(path))
        extra = _read_yaml(path, text)
        unknown = set(extra) - set(SECTIONS)
        if unknown:
            raise LexiconError(
                path,
                _("unknown section(s) {unknown}; expected {sections}").format(
                    unknown=sorted(unknown), sections=list(SECTIONS)
                ),
            )
        data = _merge(data, extra)
        texts.append(text)
        origins |= dict.fromkeys(extra, str(path))
    # The topic codes are the output contract's (the schema enumerates them): a user file teaches
    # terms for them but cannot invent one, or its plans would not validate. Checked before the
    # model, which would only say that the new code lacks its Chinese name.
    codes = shipped("topics").keys()
    invented = sorted(set(data["topics"]) - codes) if isinstance(data["topics"], dict) else []
    if invented:
        near = difflib.get_close_matches(invented[0], codes, n=1)
        hint = _(" (did you mean '{code}'?)").format(code=near[0]) if near else ""
        message = _("not a topic code{hint}: a lexicon teaches terms for the codes, it cannot add one").format(
            hint=hint
        )
        raise _invalid(user_files, texts, ("topics", invented[0]), message, None)
    try:
        lexicon = Lexicon.model_validate(data, context={"shipped": not user_files})
    except ValidationError as exc:
        err = exc.errors()[0]
        raise _invalid(user_files, texts, err["loc"], schema_message(err), err.get("input")) from None
    lexicon._origins = origins
    lexicon._compiled = PatternCache(lexicon.fingerprint)
    lexicon.compile_patterns()
    return lexicon


def _read_text(path: Path) -> str:
    """A user lexicon's text: a missing file, or one that is no regular file (/dev/zero, a pipe that
    never ends), is input not found (exit 3), as a document would be; one over `lexicon_bytes` is
    refused before it is read."""
    if path.is_dir():
        raise InputNotFound(path, "a folder, not a lexicon file")
    if path.exists() and not path.is_file():
        raise InputNotFound(path, "not a regular file")
    try:
        if path.stat().st_size > limit("lexicon_bytes"):
            raise LexiconError(
                path, _("over the limit lexicon_bytes ({size} bytes)").format(size=f"{limit('lexicon_bytes'):,.0f}")
            )
        return path.read_text("utf-8")
    except FileNotFoundError:
        raise InputNotFound(path, "no such file") from None
    except OSError as exc:
        raise InputNotFound(path, _("cannot read file ({why})").format(why=exc.strerror)) from None
    except UnicodeDecodeError:
        raise LexiconError(path, "not UTF-8 text (a lexicon is a YAML file saved as UTF-8)") from None


def _invalid(
    user_files: tuple[Path | str, ...], texts: list[str], loc: tuple, message: str, value: object
) -> LexiconError:
    where, line = _blame(user_files, texts, loc, value)
    at = _("line {line}: ").format(line=line) if line else ""
    message = message.removeprefix("Value error, ")  # how pydantic words a validator's ValueError
    return LexiconError(
        where, at + _("invalid lexicon: {where}: {why}").format(where=".".join(map(str, loc)), why=message)
    )


def _blame(
    user_files: tuple[Path | str, ...], texts: list[str], loc: tuple, value: object
) -> tuple[Path | str, int | None]:
    """The last user file that writes the entry at `loc` (whose value is `value`), and the line it
    starts on; else the defaults."""
    for path, text in reversed(list(zip(user_files, texts, strict=True))):
        line = _line_of(text, loc, value)
        if line:
            return path, line
    return (user_files[-1], None) if user_files else ("data/", None)


def _line_of(text: str, loc: tuple, value: object) -> int | None:
    """The 1-based line where the YAML entry at `loc` (section, key, …, index) is written. A user's
    list extends the shipped one, so its index in the merged list is not its index in the file: the
    entry is then looked for by its `value` in that list."""
    import yaml

    node = yaml.compose(text)
    line = None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == str(part)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            found = _scalar_in(node, value)
            if found:
                return found.start_mark.line + 1
            node = node.value[part] if part < len(node.value) else None
        else:
            break
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


def _scalar_in(node, value: object):
    """The scalar node under `node` (a yaml.Node) that holds `value` (a string), if any."""
    import yaml

    stack = [node]
    while stack and isinstance(value, str):
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode) and node.value == value:
            return node
        if isinstance(node, yaml.SequenceNode):
            stack += reversed(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack += [v for _, v in reversed(node.value)]
    return None
