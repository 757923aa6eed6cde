"""Stage 5 — classify: topic type, policy domains and committees, each with its evidence.

Topic type, by rank (docs/architecture.md, "items"):
  1. a form of work the item names itself (…实施民主监督 under 重点协商 → democratic_supervision)  explicit
  2. a form of work its nearest heading names (（一）常委会议协商议题 → every item under it)           heading
  3. a theme the item names itself (深化理论学习 → study)                                              explicit
  4. a theme its nearest heading names (坚持党建引领 → party_building)                                heading
  5. the type its body names most often                                                              inferred
Within a rank the longest matching term wins: 重点提案 (proposal_consultation) over 提案.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import regex

from .chinese import fold
from .lexicon import Lexicon
from .models import Committee, Leader


@dataclass(frozen=True)
class Topic:
    code: str
    zh: str
    source: str  # explicit | heading | inferred
    terms: list[str]


def _matches(text: str, lex: Lexicon) -> list[tuple[str, str, int]]:
    """(code, matched text, start) for every topic term in `text`."""
    pattern, owner = lex.topic_terms
    found = []
    for m in pattern.finditer(fold(text), overlapped=True):
        code = owner.get(m.group()) or next((name for name, value in m.groupdict().items() if value), None)
        if code:
            found.append((code, m.group(), m.start()))
    return found


# A brand before a form: '有事多商量·协商座谈会', '“有事好商量”专题协商会'. The brand is a local
# name for the work, the form after it says what the work is.
_BRAND = regex.compile(r"\s*[\"“「『]?[^\"“”「」『』·•・]{2,10}?(?:[\"”」』]\s*[·•・]?|[·•・])\s*")


def _best(text: str, lex: Lexicon, kind: str) -> tuple[str, str] | None:
    brand = _BRAND.match(fold(text))
    if brand and kind == "form" and (core := _best(text[brand.end() :], lex, kind)):
        return core  # the form after a brand; "请你来协商"活动 names none, so the brand decides
    candidates = [(code, term, start) for code, term, start in _matches(text, lex) if lex.topics[code].kind == kind]
    if not candidates:
        return None
    code, term, _ = max(candidates, key=lambda c: (len(c[1]), -c[2]))
    return code, term


def form_named(text: str, lex: Lexicon) -> str | None:
    """The form of work `text` names ('开展3场专题协商会' → thematic_consultation), or None."""
    hit = _best(text, lex, "form")
    return hit[0] if hit else None


def classify_topic(title: str, headings: list[str], body: str, lex: Lexicon) -> Topic:
    """`headings` are the titles of the item's ancestors, nearest first."""
    for kind in ("form", "theme"):
        for source, texts in (("explicit", [title]), ("heading", headings)):
            for text in texts:
                hit = _best(text, lex, kind)
                if hit:
                    return topic_of(hit[0], source, [hit[1]], lex)
    in_body = _matches(body, lex)
    if in_body:
        code, _ = Counter(code for code, _, _ in in_body).most_common(1)[0]
        return topic_of(code, "inferred", sorted({term for c, term, _ in in_body if c == code}), lex)
    return topic_of("other", "inferred", [], lex)


def topic_of(code: str, source: str, terms: list[str], lex: Lexicon) -> Topic:
    return Topic(code=code, zh=lex.topics[code].zh, source=source, terms=terms)


def classify_domains(text: str, lex: Lexicon) -> dict[str, list[str]]:
    """domain → the terms that signal it as written, in order of first appearance.

    Read word by word (jieba, taught the lexicon's terms): a word that is itself a term counts for
    its own domain only ('营商环境' is business_environment, not also ecology's '环境'); any other
    word counts for the terms of two or more characters inside it ('环境保护' → 环境)."""
    pattern, owner = lex.domain_terms
    found: dict[str, list[str]] = {}
    start = 0
    for word in lex.words(fold(text)):
        spans = (
            [(0, word)]
            if word in owner
            else [(m.start(), m.group()) for m in pattern.finditer(word) if len(m.group()) > 1]
        )
        for offset, term in spans:
            evidence = found.setdefault(owner[term], [])
            written = text[start + offset : start + offset + len(term)]
            if written not in evidence:
                evidence.append(written)
        start += len(word)
    return found


_SPLIT = regex.compile(r"[、，,；;/]|\s+|(?<=委|室|组|厅)和")


def split_names(value: str) -> list[str]:
    """'文史委、办公室等' → ['文史委', '办公室']: list separators, and a trailing 等 dropped."""
    names = [regex.sub(r"等+$", "", part.strip(" 。.")) for part in _SPLIT.split(value)]
    return [name for name in names if name]


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
        if regex.search(r"\d", key):
            return None
    return Committee(name=written, canonical=canonical, source=source)


# '经科与人资环委', '社会法制与港澳台侨委': two committees merged into one, named by both.
_MERGED = regex.compile(r"(?P<first>\p{Han}{2,8}?)(?:与|和)(?P<second>\p{Han}{2,8}委(?:员会)?)")


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
