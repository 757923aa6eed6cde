"""Stage 5 — classify: topic type, policy domains and committees, each with its evidence.

Topic type: a score over every piece of evidence the item and its headings give (README "Topic types").
  where it stands  the item's own title (with its 协商形式 field) 1; its nearest heading 0.8, each heading
                   further out a little less; the first sentence of its body 0.3; the rest of the body 0.2
  what it names    a form of work 1; a theme 0.6; consultation in general (协商议政, 选题) 0.36
  how it is used   a word used as a plain verb ('学习上海', '提出提案': topics.yaml `weak`) or inside 《》
                   (a publication's name) counts 0.3 of that
Overlapping terms are one piece of evidence. A type scores its best piece plus a quarter of its other
pieces (at most 15% more); the highest score wins, ties going to the first in reading order, so a
form the item names beats its heading's form, which beats any theme, which beats what only the body says.
Then: a heading that lists forms ('年度协商、通报、视察、调研计划': three or more members) hands none of them
down; an item whose winning words list three or more forms of consultation, or that speaks of
consultation in general and names two or more forms of it, is consultation_general; one that speaks of consultation in general
and names exactly one form is that form. Weak evidence alone (under 0.08) decides nothing: `other`.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from math import inf
from typing import NamedTuple

import regex

from .chinese import fold, split_names
from .lexicon import Lexicon, word_runs
from .limits import option
from .models import Committee, Form, Leader
from .pattern_cache import compiled

_ZONE = {"title": 1.0, "heading": 0.8, "lead": 0.3, "body": 0.2}
_HEADING_DECAY = 0.95  # each heading further out
_KIND = {"form": 1.0, "theme": 0.6, "general": 0.36}
_WEAK = 0.3
_REPEAT = 0.25  # a type's other pieces of evidence add this share of their weight…
_REPEAT_CAP = 0.15  # …up to this share of its best piece
# Below option `topic_floor`, evidence decides nothing; a runner-up within `near_tie` of the winner
# makes the type uncertain (data/options.yaml).
_LIST_MIN = 3  # members of an enumeration that make it a list of forms


@dataclass(frozen=True)
class Evidence:
    code: str
    written: str  # the words as written
    zone: str  # title | heading | lead | body
    order: int  # reading order: zone, then offset
    weight: float
    weak: bool = False  # a plain-verb use, or inside 《》
    start: int = 0  # where the words are in their zone's text as written (a heading's: the heading `depth`
    end: int = 0  # out, 0 the nearest), end exclusive
    depth: int = 0


@dataclass(frozen=True)
class Topic:
    code: str
    zh: str
    source: str  # explicit | heading | inferred
    terms: list[str]
    forms: list[Form] = ()
    confidence: str = "high"  # high | medium | low
    evidence: tuple[Evidence, ...] = ()  # where each term in `terms` is written: title, body, headings
    form_evidence: tuple[Evidence, ...] = ()  # where the item's own words name a form, in reading order


# --- the text as matched ------------------------------------------------------------------------

# '政z*': a word whose second character is masked behind its pinyin initial (document-sharing sites).
_MASK = compiled(r"(?P<head>\p{Han})[a-zA-Z]\*+")


def spelled(text: str, lex: Lexicon, folded: str | None = None) -> tuple[str, Sequence[int]]:
    """`text` as it is matched — folded, spun words read as the usual ones ('磋商' → '协商'), a mask
    completed where the lexicon knows exactly one completion ('党的政z*建设' → '党的政治建设') — and for
    each of its characters the offset in `text` it stands for, so evidence is quoted as written.
    `folded` is `text` folded, where the caller has it."""
    folded = fold(text) if folded is None else folded
    edits = (
        [(m.start(), m.end(), lex.spellings.spun[m.group()]) for m in lex.spun_re.finditer(folded)]
        if lex.spun_re
        else []
    )
    if "*" in folded:  # a mask has one
        edits += [(m.start(), m.end(), done) for m in _MASK.finditer(folded) if (done := _completed(folded, m, lex))]
    if not edits:  # most texts: each character stands for itself
        return folded, range(len(folded))
    out, index, pos = [], [], 0
    for start, end, usual in sorted(edits):
        if start < pos:
            continue
        out.append(folded[pos:start])
        index.extend(range(pos, start))
        out.append(usual)
        index.extend(min(start + i, end - 1) for i in range(len(usual)))
        pos = end
    out.append(folded[pos:])
    index.extend(range(pos, len(folded)))
    return "".join(out), index


def _completed(folded: str, mask: regex.Match, lex: Lexicon) -> str | None:
    """'政z*' → '政治' when the lexicon's terms that fit the words around the mask all agree on the
    hidden character ('政治建设' around '政z*建设'); None when none fits or they disagree."""
    head, start, end = mask.group("head"), mask.start(), mask.end()
    hidden = {
        term[i + 1]
        for term, i in lex.completions.get(head, [])
        if folded[max(0, start - i) : start] == term[:i] and folded[end : end + len(term) - i - 2] == term[i + 2 :]
    }
    return head + hidden.pop() if len(hidden) == 1 else None


# --- evidence -------------------------------------------------------------------------------------

# A brand before a form: '有事多商量·协商座谈会', '“有事好商量”专题协商会'. The brand is a local
# name for the work, the form after it says what the work is.
_BRAND = compiled(r"\s*[\"“「『]?[^\"“”「」『』·•・]{2,10}?(?:[\"”」』]\s*[·•・]?|[·•・])\s*")
_BOOK_TITLE = compiled(r"《[^《》]*》")
_LIST_SEPARATOR = compiled(r"[、,，/]|以及|和|及|与|或")
_SENTENCE_END = compiled(r"[。!?;\n]")
_CLAUSE_END = compiled(r"[。!?;:,\n]")


def _matches(text: str, lex: Lexicon) -> list[tuple[str, int, int]]:
    """(code, start, end) for every topic term and pattern in the spelled `text`, overlapping ones
    resolved: the longest, and at equal length the later, the head of a compound ('专题协商议事' is 协商议事).
    A match is kept when none of its characters is covered by one kept before (a pattern's empty
    match names nothing)."""
    terms, owner = lex.topic_terms
    found = [(owner[m.group(1)], m.start(1), m.end(1)) for m in terms.finditer(text)]
    if lex.any_topic_pattern is None or lex.any_topic_pattern.search(text):
        found += [(code, m.start(), m.end()) for code, pattern in lex.topic_patterns for m in pattern.finditer(text)]
    covered = bytearray(len(text))
    kept: list[tuple[str, int, int]] = []
    for code, start, end in sorted(found, key=lambda f: (f[1] - f[2], -f[1])):
        if start < end and not any(covered[start:end]):
            covered[start:end] = b"\x01" * (end - start)
            kept.append((code, start, end))
    return sorted(kept, key=lambda f: f[1])


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether start…end lies inside one of `spans` (in order, not overlapping, as finditer gives them)."""
    i = bisect_right(spans, (start, inf)) - 1  # the last span that starts at or before `start`
    return i >= 0 and spans[i][1] >= end


def _evidence(
    text: str,
    zone: str,
    weight: float,
    order: int,
    lex: Lexicon,
    seen: tuple[str, Sequence[int]] | None = None,
    depth: int = 0,
) -> list[Evidence]:
    """The topic evidence in `text`; `seen` is `text` spelled, where the caller has it."""
    spelled_text, index = seen or spelled(text, lex)
    if not spelled_text:
        return []  # an item without a body, or a body of one sentence
    found = _matches(spelled_text, lex)
    brand = _BRAND.match(spelled_text)
    if brand and any(start >= brand.end() and lex.topics[code].kind == "form" for code, start, _ in found):
        found = [f for f in found if f[1] >= brand.end()]  # '请你来协商'活动 names no other form: the brand decides
    books = [m.span() for m in _BOOK_TITLE.finditer(spelled_text)]
    weak_uses: dict[str, list[tuple[int, int]]] = {}  # code → its plain-verb uses, found once per code
    evidence = []
    for code, start, end in found:
        topic = lex.topics[code]
        if code in lex.weak_uses and code not in weak_uses:
            weak_uses[code] = [m.span() for m in lex.weak_uses[code].finditer(spelled_text)]
        weak = _inside(books, start, end) or _inside(weak_uses.get(code, []), start, end)
        at, to = index[start], index[end - 1] + 1
        evidence.append(
            Evidence(
                code=code,
                written=text[at:to],
                zone=zone,
                order=order + start,
                weight=weight * _KIND[topic.kind] * (_WEAK if weak else 1.0),
                weak=weak,
                start=at,
                end=to,
                depth=depth,
            )
        )
    return evidence


def _listed(spelled_text: str, lex: Lexicon) -> list[set[str]]:
    """The forms each enumeration in `spelled_text` names ('专题协商、对口协商、界别协商'), for the
    enumerations of three or more members that name a form: a list of forms, none of them leading."""
    lists = []
    for clause in _CLAUSE_END.split(spelled_text):
        members = [m for m in _LIST_SEPARATOR.split(clause) if m]
        if len(members) < _LIST_MIN:
            continue
        codes = {code for code, _, _ in _matches(clause, lex) if lex.topics[code].kind == "form"}
        if codes:
            lists.append(codes)
    return lists


# --- the decision --------------------------------------------------------------------------------


class Body(NamedTuple):
    """An item's body as it is weighed: its first sentence and the rest, without the 'label：value'
    fields — what it says, not who does it when ('承办部门：市政协提案委' is not proposal work,
    '责任部门：社会法制与港澳台侨委' not rule of law) — each as written and folded; and where the
    parts kept are in the text, so that an offset in the lead or the rest maps back to it."""

    lead: str
    rest: str
    folded_lead: str
    folded_rest: str
    kept: tuple[tuple[int, int], ...] = ()  # (start, end) in the text of each part kept, in order
    lead_at: int = 0  # where the lead starts in the parts kept, joined

    def place(self, zone: str, start: int, end: int) -> tuple[int, int] | None:
        """Where `zone` ('lead' or 'body', the rest)[start:end] is in the item's text; None across a
        field taken out."""
        shift = self.lead_at + (len(self.lead) if zone == "body" else 0)
        at = 0
        for a, b in self.kept:
            if at <= start + shift and end + shift <= at + b - a:
                return a + start + shift - at, a + end + shift - at
            at += b - a
        return None


def read_body(text: str, lex: Lexicon, folded: str | None = None) -> Body:
    """The Body of an item's text; `folded` is `text` folded, where the caller has it."""
    folded = fold(text) if folded is None else folded
    kept, pos = [], 0
    for m in lex.field_span_re.finditer(folded):
        kept.append((pos, m.start()))
        pos = m.end()
    kept.append((pos, len(text)))
    text, folded = "".join(text[a:b] for a, b in kept), "".join(folded[a:b] for a, b in kept)
    start = len(text) - len(text.lstrip(" \t\n(（)）。;；,，"))
    end = _SENTENCE_END.search(folded, start)
    cut = end.end() if end else len(text)
    return Body(text[start:cut], text[cut:], folded[start:cut], folded[cut:], tuple(kept), start)


def classify_topic(
    title: str, headings: list[str], body: str | Body, lex: Lexicon, inherited: list[Evidence] | None = None
) -> Topic:
    """`title` is the item's own words (with its 协商形式 field); `headings` are the titles of its
    ancestors, nearest first; `body` its text, fields and all (or that text read already);
    `inherited`, what the headings say (`heading_evidence`), where the caller weighed it once for all
    the items under them."""
    body = body if isinstance(body, Body) else read_body(body, lex)
    seen = {
        "title": spelled(title, lex),
        "lead": spelled(body.lead, lex, body.folded_lead),
        "body": spelled(body.rest, lex, body.folded_rest),
    }
    own = (
        _evidence(title, "title", _ZONE["title"], 0, lex, seen["title"])
        + _evidence(body.lead, "lead", _ZONE["lead"], 100_000, lex, seen["lead"])
        + _evidence(body.rest, "body", _ZONE["body"], 200_000, lex, seen["body"])
    )
    inherited = heading_evidence(headings, lex) if inherited is None else inherited
    form_pieces = _form_evidence(own, lex)
    forms = _forms(form_pieces)
    scores = _scores(own + inherited)
    if not scores or scores[0][1] < option("topic_floor"):
        return topic_of("other", "inferred", [], lex, forms, "low", (), _first_of_each(form_pieces))
    (code, score, first), runner_up = scores[0], (scores[1][1] if len(scores) > 1 else 0.0)
    source = {"title": "explicit", "heading": "heading"}.get(first.zone, "inferred")
    terms = [e.written for e in own + inherited if e.code == code]
    general = _generalised(code, first, seen[first.zone][0] if first.zone in seen else "", forms, lex)
    if general:
        code, terms = general
    confidence = _confidence(source, first, score, runner_up, general is not None)
    named = set(terms)  # each place a deciding term is written: of the type, or (generalised) of its forms
    evidence = _first_of_each(e for e in own + inherited if (general or e.code == code) and e.written in named)
    terms = list(dict.fromkeys(terms))
    return topic_of(code, source, terms, lex, forms, confidence, evidence, _first_of_each(form_pieces))


def heading_evidence(headings: list[str], lex: Lexicon) -> list[Evidence]:
    """The evidence of the nearest heading that names a type (a list of forms names none), as it weighs."""
    for depth, heading in enumerate(headings):
        spelled_heading = spelled(heading, lex)
        weight = _ZONE["heading"] * _HEADING_DECAY**depth
        found = _evidence(heading, "heading", weight, 10_000 * (depth + 1), lex, spelled_heading, depth)
        if found and not any(len(codes) > 1 for codes in _listed(spelled_heading[0], lex)):
            return _weighed(found)
    return []


# A type's other pieces add at most _REPEAT_CAP of its best piece, whose weight is at most 1: other
# pieces weighing this much reach that bound whatever the best is.
_SATURATED = _REPEAT_CAP / _REPEAT * max(_ZONE.values()) * max(_KIND.values()) * 1.01


def _weighed(evidence: list[Evidence]) -> list[Evidence]:
    """`evidence` without the pieces that change no score and name no new words: of each type, its
    best piece, the first piece of each writing, and the others in reading order until their weight
    reaches the bound (_SATURATED). A heading a paragraph long, which each of hundreds of items under
    it inherits, then weighs in the same time for each."""
    by_code: dict[str, list[Evidence]] = {}
    for e in evidence:
        by_code.setdefault(e.code, []).append(e)
    kept: set[int] = set()
    for pieces in by_code.values():
        best = max(pieces, key=lambda e: (e.weight, -e.order))  # as _scores picks it
        kept.add(id(best))
        writings: set[str] = set()
        others = 0.0
        for e in pieces:
            if e.written not in writings:
                writings.add(e.written)
                kept.add(id(e))
            if e is not best and others < _SATURATED:
                kept.add(id(e))
                others += e.weight
    return [e for e in evidence if id(e) in kept]


def _scores(evidence: list[Evidence]) -> list[tuple[str, float, Evidence]]:
    """(code, score, its best piece of evidence), best first; ties in reading order."""
    by_code: dict[str, list[Evidence]] = {}
    for e in evidence:
        by_code.setdefault(e.code, []).append(e)
    scores = []
    for code, pieces in by_code.items():
        best = max(pieces, key=lambda e: (e.weight, -e.order))
        others = sum(e.weight for e in pieces if e is not best)
        scores.append((code, best.weight + min(_REPEAT * others, _REPEAT_CAP * best.weight), best))
    return sorted(scores, key=lambda s: (-s[1], s[2].order))


def _generalised(
    code: str, first: Evidence, zone_text: str, forms: list[Form], lex: Lexicon
) -> tuple[str, list[str]] | None:
    """(code, terms) for consultation_general when the deciding words list several forms of
    consultation ('深入开展专题协商、对口协商、界别协商'), or speak of consultation in general and the item
    names two or more of its forms; for the one form named when they speak in general and it names
    exactly one ('积极协商议政。…开展专题协商'). `zone_text` is the deciding words' zone, spelled (a
    heading's: '', it lists nothing of the item's own). None: the type stands."""
    consultations = [f for f in forms if lex.topics[f.code].consultation]
    named = [term for f in consultations for term in f.terms]
    if lex.topics[code].consultation and any(
        code in codes and sum(lex.topics[c].consultation for c in codes) >= _LIST_MIN
        for codes in _listed(zone_text, lex)
    ):
        return "consultation_general", named
    if lex.topics[code].kind == "general" and consultations:
        if len(consultations) == 1:
            return consultations[0].code, consultations[0].terms
        return "consultation_general", [first.written, *named]
    return None


def _confidence(source: str, first: Evidence, score: float, runner_up: float, general: bool) -> str:
    """low: only the body names the type, or another type comes close (see `doubt`); medium: the type
    is a theme inherited from a heading, rests on a plain-verb use, or stands for several forms."""
    if source == "inferred":
        return "low"
    if general:  # the rule settled the forms' competition
        return "medium"
    if runner_up >= option("near_tie") * score:
        return "low"
    inherited_theme = source == "heading" and first.weight < _ZONE["heading"] * _HEADING_DECAY**3
    if first.weak or inherited_theme or runner_up >= 0.6 * score:
        return "medium"
    return "high"


def doubt(code: str, source: str) -> str:
    """Why a type has low confidence, for the diagnostic that names the item."""
    if code == "other":
        return "nothing in its words or headings names a type"
    if source == "inferred":
        return "only its body names it"
    return "another type is named almost as strongly"


def _forms(pieces: tuple[Evidence, ...]) -> list[Form]:
    """Every form of work the item's own words name (`pieces`, from _form_evidence), in reading order,
    with the words that name it."""
    forms: dict[str, list[str]] = {}
    for e in pieces:
        if e.written not in forms.setdefault(e.code, []):
            forms[e.code].append(e.written)
    return [Form(code=code, terms=terms) for code, terms in forms.items()]


def _first_of_each(pieces: Iterable[Evidence]) -> tuple[Evidence, ...]:
    """The first place each writing of a term is in each zone (each heading its own): a long body
    that says 协商 a thousand times gives it as evidence once."""
    seen: set[tuple[str, str, int]] = set()
    kept = []
    for e in pieces:
        if (e.written, e.zone, e.depth) not in seen:
            seen.add((e.written, e.zone, e.depth))
            kept.append(e)
    return tuple(kept)


def _form_evidence(evidence: list[Evidence], lex: Lexicon) -> tuple[Evidence, ...]:
    """The pieces of `evidence` that name a form of work, in reading order."""
    return tuple(e for e in sorted(evidence, key=lambda e: e.order) if lex.topics[e.code].kind == "form")


def form_named(text: str, lex: Lexicon, folded: str | None = None) -> str | None:
    """The form of work `text` names ('开展3场专题协商会' → thematic_consultation), or None; `folded` is
    `text` folded, where the caller has it."""
    evidence = _evidence(text, "title", 1.0, 0, lex, spelled(text, lex, folded))
    forms = [e for e in evidence if lex.topics[e.code].kind == "form"]
    return max(forms, key=lambda e: (e.weight, -e.order)).code if forms else None


def topic_of(
    code: str,
    source: str,
    terms: list[str],
    lex: Lexicon,
    forms: list[Form] = (),
    confidence: str = "high",
    evidence: tuple[Evidence, ...] = (),
    form_evidence: tuple[Evidence, ...] = (),
) -> Topic:
    zh = lex.topics[code].zh
    return Topic(code, zh, source, terms, list(forms), confidence, evidence, form_evidence)


# --- domains --------------------------------------------------------------------------------------


_MANY_DOMAINS = 4


def item_domains(title: str, body: str | Body, lex: Lexicon) -> dict[str, list[str]]:
    """An item's domains: domain → its terms as written (see item_domain_spans)."""
    return domains_of(*item_domain_spans(title, body, lex))


def item_domain_spans(title: str, body: str | Body, lex: Lexicon) -> tuple[str, list[tuple[str, int, int]]]:
    """The words an item's domains are read from — its title, then after a '\n' the first sentence of
    its body (or that body read already), fields left out — and (domain, start, end) of each term in
    them. A first sentence that runs through four or more domains lists the plan's topics
    ('聚焦困难群体就业、老旧小区改造、"一老一小"服务、"双减"政策…') and says none of them is the item's:
    the title's alone count."""
    body = body if isinstance(body, Body) else read_body(body, lex)
    folded_title = fold(title)
    text = f"{title}\n{body.lead}"
    found = domain_spans(text, lex, f"{folded_title}\n{body.folded_lead}")
    if len({domain for domain, _, _ in found}) >= _MANY_DOMAINS:
        return title, domain_spans(title, lex, folded_title)
    return text, found


def classify_domains(text: str, lex: Lexicon, folded: str | None = None) -> dict[str, list[str]]:
    """domain → the terms that signal it as written, in order of first appearance (see domain_spans)."""
    return domains_of(text, domain_spans(text, lex, folded))


def domains_of(text: str, spans: list[tuple[str, int, int]]) -> dict[str, list[str]]:
    """domain → its terms in `text` as written, each once, in order of first appearance."""
    found: dict[str, list[str]] = {}
    for domain, start, end in spans:
        terms = found.setdefault(domain, [])
        if text[start:end] not in terms:
            terms.append(text[start:end])
    return found


def domain_spans(text: str, lex: Lexicon, folded: str | None = None) -> list[tuple[str, int, int]]:
    """(domain, start, end) of each term in `text` that signals a domain, in reading order.

    Read word by word (jieba, taught the lexicon's terms): a word that is itself a term counts for
    its own domain only ('营商环境' is business_environment, not also ecology's '环境'); a set phrase
    counts for none ('主题教育', '汇聚智慧'); any other word counts for the terms of two or more
    characters inside it ('环境保护' → 环境). Only the runs jieba cuts on their own that hold a term
    are cut into words: the others hold no word that counts."""
    pattern, owner = lex.domain_terms
    spelled_text, index = spelled(text, lex, folded)
    # Where terms start, found in one pass: a term is a word (Han, letters, digits), so it lies inside
    # one run, and the runs where none starts (most) are not cut into words.
    hits = [m.start() for m in pattern.finditer(spelled_text)]
    if not hits:
        return []
    found: list[tuple[str, int, int]] = []
    start = 0
    for run in word_runs(spelled_text):
        end = start + len(run)
        first = bisect_left(hits, start)
        if first == len(hits) or hits[first] >= end:
            start = end
            continue
        for word in lex.words(run):
            if word in owner:
                spans = [(0, word)]
            elif word in lex.set_phrases or len(word) < 3:  # a shorter word holds no longer term but itself
                spans = []
            else:
                spans = [(m.start(), m.group()) for m in pattern.finditer(word) if len(m.group()) > 1]
            for offset, term in spans:
                first = start + offset
                found.append((owner[term], index[first], index[first + len(term) - 1] + 1))
            start += len(word)
    return found


_DIGIT = compiled(r"\d")


def committee(name: str, lex: Lexicon, source: str = "explicit") -> Committee | None:
    """A committee from a written name, or None when the name is not a committee's.

    '市政协提案委' → 提案委 (proposal); an unknown '…委' is kept with canonical null; '黎里镇',
    '9项', '草案' are not committees.
    """
    prefix = lex.org_prefix_re.match(fold(name))
    written = name[prefix.end() :].strip() if prefix else name
    written = written or name
    key = fold(written)  # '經濟委' is looked up as '经济委'
    canonical = lex.committee_alias.get(key) or _merged(key, lex) or _sector_group(key, lex)
    if canonical is None:
        if key.endswith(tuple(lex.committees.not_committees)) or not key.endswith(tuple(lex.committees.suffixes)):
            return None
        if _DIGIT.search(key):
            return None
    return Committee(name=written, canonical=canonical, source=source)


# '经科与人资环委', '社会法制与港澳台侨委': two committees merged into one, named by both.
_MERGED = compiled(r"(?P<first>\p{Han}{2,8}?)(?:与|和)(?P<second>\p{Han}{2,8}委(?:员会)?)")


def _merged(written: str, lex: Lexicon) -> str | None:
    """'经科与人资环委' → 'economy+population_resources_environment', when both halves are known."""
    m = _MERGED.fullmatch(written)
    if not m:
        return None
    first = m.group("first") if m.group("first").endswith("委") else m.group("first") + "委"
    families = [lex.committee_alias.get(first), lex.committee_alias.get(m.group("second"))]
    return "+".join(families) if all(families) else None


def _sector_group(written: str, lex: Lexicon) -> str | None:
    """'民盟组', '医卫一组', '工青妇和青联组': a 界别组 as owner. Not '课题组' (see not_committees)."""
    if (
        written.endswith("组")
        and written.startswith(tuple(lex.committees.sectors))
        and not written.endswith(tuple(lex.committees.not_committees))
    ):
        return "sector_group"
    return None


def leader(text: str, lex: Lexicon) -> Leader:
    """'区政协副主席孙卫斌' → organization 区政协, title 副主席, name 孙卫斌; parts not found are null."""
    m = lex.leader_re.fullmatch(fold(text))
    if not m:
        return Leader(text=text)
    return Leader(
        text=text, **{k: text[m.start(k) : m.end(k)] if m.group(k) else None for k in ("organization", "title", "name")}
    )


def leaders_in(names: list[str], lex: Lexicon) -> list[Leader]:
    """Leaders from a list, a bare name taking the title before it: '副主席张三、李四' → two 副主席;
    a bare title then a name ('区政协副主席 孙卫斌', split at the space; '党组副书记、副主席陈刚', split
    at the 、) is one leader."""
    found: list[Leader] = []
    for name in names:
        current = leader(name, lex)
        prev = found[-1] if found else None
        if prev and prev.name is None and prev.title and current.name and not current.organization:
            title = "、".join(filter(None, [prev.title, current.title]))
            found[-1] = prev.model_copy(
                update={
                    "text": f"{prev.text}、{current.text}" if current.title else prev.text + current.text,
                    "title": title,
                    "name": current.name,
                }
            )
            continue
        if prev and prev.title and current.name and not current.title and not current.organization:
            current = current.model_copy(update={"title": prev.title, "organization": prev.organization})
        found.append(current)
    return found


def committees_in(value: str, lex: Lexicon, source: str = "explicit") -> list[Committee]:
    """Every committee named in a list such as '办公室、研究室'; other names are skipped."""
    return [c for name in split_names(value) if (c := committee(name, lex, source))]
