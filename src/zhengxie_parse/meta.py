"""Stage 6 — meta: what the document is, whose it is, which year, and the notice around it.

The title is the best of the short lines that open the document (site chrome was dropped by clean):
the one that names a kind of document, a plan, a year or a CPPCC body. When the plan comes inside a
forwarding notice (seed 002: 关于批转《…工作要点》的通知), the plan the notice names is the title,
and the notice's issuer, date and recipients are the plan's own. What the title does not say is read
from the whole text — the sentence that names the plan ('特制订2017年度协商工作计划'), the CPPCC body
the text names most ('县政协'), then the page's publication line ('发布日期：2023-03-03') — and each
value records where it was read (`evidence`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache

import regex

from .blocks import Block, is_heading_line
from .chinese import cn_to_int, fold
from .diagnostics import diagnostic
from .document import Document
from .gazetteer import Place, find, gazetteer_year
from .lexicon import Lexicon
from .models import Diagnostic, Evidence, Meta, Node, SourceRef
from .outline import Outline
from .pattern_cache import compiled

# 关于批转《政协苏州市吴江区委员会2021年工作要点》的通知 (often broken over two lines)
_NOTICE = compiled(r"关于(?:印发|批转|转发|下发|转发印发)?《(?P<doc>[^》]{4,80})》的?(?:通知|函)")
# 2021年1月21日, and the same in Chinese numerals: 二〇二一年一月二十一日
_DATE = compiled(
    r"(?P<y>\d{4}|[〇零○一二三四五六七八九]{4})\s*年\s*(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日"
)
# A year and month in Chinese numerals, as a plan's signature dates it: 二〇一三年十一月
_CN_DATE = compiled(r"(?P<y>[〇零○一二三四五六七八九]{4})\s*年\s*(?:[一二三四五六七八九十]{1,3})\s*月")
# The year a title is about, as written: 2021年, 2021年度, masked 20xx年 / 201x年 / 201*年 / 20_年, or a
# year opening a line without 年 ('2011乡镇政协工作计划').
_YEAR_WRITTEN = r"(?:19|20)(?:\d{2}|\d[xX*]|[xX*]{2}|_+)"
_YEAR = compiled(rf"(?P<text>{_YEAR_WRITTEN})\s*年|^(?P<text>(?:19|20)\d{{2}})(?=\p{{Han}})")
# A masked year: a template's, whatever date the site that holds it shows.
_MASKED_YEAR = compiled(r"(?<!\d)(?P<text>(?:19|20)(?:\d[xX*]|[xX*]{2}))\s*年")
# A web page's publication line: '发布日期:2023-03-03 17:01', '发表于:2011年03月02日', or a dateline
# '2020-03-30     人民网四川频道' / '2022年03月04日23:05 来源:新华网' (clean drops these lines as chrome,
# so they are read from the text as the reader gave it).
_PUBLISHED = compiled(
    r"(?:发布日期|发布时间|发表于|时间|日期)\s*[:：]\s*(?P<y>(?:19|20)\d\d)\s*[-年./]"
    r"|^(?P<y2>(?:19|20)\d\d)(?:-\d{1,2}-\d{1,2}|年\d{1,2}月\d{1,2}日\s*\d{1,2}:\d{2})"
)
# A signature's date is among a text's last lines.
_SIGNATURE_WITHIN = 4
# A document-sharing site's publication line: '格式:DOC 上传日期:2024-07-23'.
_UPLOADED = "上传"
# Publication lines sit in a page's head: this many blocks are searched.
_PUBLISHED_WITHIN = 20
# 政协南通市崇川区委员会 / 中国人民政治协商会议北京市委员会
_ORG_FORMAL = compiled(
    r"(?:中国人民政治协商会议|政协)(?P<region>[\p{Han}]{1,15}?(?:自治区|自治州|自治县|省|市|州|盟|区|县|旗|镇|乡|街道))委员会"
)
# What stands before 政协: 崇川区政协, 区政协, 全国政协, 全市政协 (the whole city's CPPCC system: a
# level, no region), 上海政协, and as often no place at all ('按照省政协'): the gazetteer tells.
# Not 年/度/的 before it ('20xx年区政协' names no region), nor an earlier 政协.
_ORG_SHORT = compiled(r"(?P<region>(?:(?![年度的]|政协)\p{Han}){0,15})政协")
# Bare bodies, by what ends the characters before 政协 ('区政协', '做好县政协'), and their level.
_LEVEL_BY_SUFFIX = {
    "国": "national",
    "省": "provincial",
    "自治区": "provincial",
    "市": "municipal",
    "州": "municipal",
    "自治州": "municipal",
    "盟": "municipal",
    "县": "county",
    "自治县": "county",
    "旗": "county",
    "区": "district",
    "镇": "township",
    "乡": "township",
    "街道": "township",
}
# A place in a title that names no body ('四川省2020年度协商计划确定'): a name up to its suffix.
_PLACE_NAME = compiled(r"\p{Han}{1,13}?(?:省|市|区|县|州|旗|盟)")
_SUBTITLE = compiled(r"\s*[—\-]{2}\s*")
_SPACE = compiled(r"\s")
# A title broken by layout runs over two or three short lines (78 characters at most in the corpus).
_TITLE_JOINED_MAX = 120
# A title line after the text has begun names a plan or a kind of document (its score, _title_score):
# '县政协2022年10月份重点工作' after a news report's paragraphs, not '市政协副主席李逸平' ending one.
_NAMES_A_PLAN = 2
# A banner scores below a headline that names nothing (a body's name scores 1).
_BANNER = 2
# What a title never holds (in folded text): a sentence's punctuation opening it, a full stop inside.
_SENTENCE_INSIDE = compiled(r"^[,。;:、]|[。;]")
# What ends a sentence, in folded text (not '：', which ends an addressee line).
_FULL_STOPS = ("。", "!", "?", ";")
# A wrapped line of a paragraph runs as long as the next, give or take a character.
_WRAP_SLACK = 1
# A statement of what the text is sits in its opening: the first paragraphs are read for one.
_OPENING_PARAGRAPHS = 3


@dataclass(frozen=True)
class Org:
    name: str | None
    region: str | None
    level: str | None
    place: Place | None = None  # the gazetteer's place of the region
    region_evidence: Evidence | None = None  # where the place of a bare body ('市政协') was read


def extract_meta(doc: Document) -> Meta:
    """The metadata of a document: read from its outline, its cleaned blocks in reading order, and
    the blocks as the reader gave them (`raw`, with the page chrome that holds a publication date)."""
    preamble, blocks, raw, lex = doc.outline.preamble, doc.blocks, doc.raw, doc.lexicon
    notice = _notice(preamble)
    title, subtitle, title_block, status_text = _title_block(preamble, lex, skip=notice["blocks"] if notice else set())
    if notice:
        title = notice["doc"]
        folded_title = fold(title)
        title_block = next((b for b in preamble if b.folded == folded_title), notice["block"])
    heading_text = " ".join(filter(None, [title, subtitle]))
    title_at = title_block.text.find(title) if title_block and title else -1  # the line it was read from
    at_title = _title_ref(title_block, title_at, heading_text)
    kind, kind_evidence = _doc_kind(heading_text, at_title, doc.outline, blocks, lex)
    year_text, year, year_evidence = _year(heading_text, at_title, blocks, raw, notice, lex)
    signature = _signature(blocks)  # a plan that is no notice may be signed: '县政协办公室 / 2023年1月5日'
    org, org_evidence = _organization(heading_text, at_title, blocks, signature, year, lex)
    signer = signature[0].text.strip() if signature and signature[0] else None
    signed_on = _iso_date(signature[1].text.replace("○", "〇")) if signature else None
    place = org.place if org else None
    division = place.division if place else None
    evidence = {
        "doc_kind": kind_evidence,
        "year": year_evidence,
        "organization": org_evidence,
        "region": org.region_evidence if org else None,
    }
    return Meta(
        title=title,
        doc_kind=kind,
        organization=org.name if org else None,
        level=org.level if org else None,
        region=org.region if org else None,
        region_code=division.code if division else None,
        province=division.province if division else None,
        city=(division.name if division.rank == 2 else division.city) if division else None,
        county=division.name if division and division.rank == 3 else None,
        gazetteer_year=place.year if division else None,
        year=year,
        year_text=year_text,
        status="draft" if status_text and lex.pattern(lex.meta.draft, "meta").search(fold(status_text)) else None,
        issuer=notice["issuer"] if notice else signer,
        issued_date=notice["date"] if notice else signed_on,
        recipients=notice["recipients"] if notice else None,
        subtitle=subtitle,
        source=_title_ref(title_block, title_at, title),
        evidence={k: v for k, v in evidence.items() if v is not None},
    )


def _title_ref(block: Block | None, at: int, text: str | None) -> SourceRef | None:
    """Where the title block is, with the span of `text` (the title, or the title and subtitle) when it
    is `at` in the block's line."""
    if block is None:
        return None
    return (block.span(at, at + len(text)) if at >= 0 and text else None) or block.ref


def _quote(block: Block, start: int, end: int, text: str | None = None) -> Evidence:
    """Evidence read from the body: block.text[start:end] (or `text`, the words as matched) and its span."""
    words = block.text[start:end] if text is None else text
    return Evidence(origin="body", text=words, source=block.span(start, end) or block.ref)


def _node_quote(node: Node, outline: Outline) -> Evidence:
    """Evidence read from a heading of the body: its title and its span."""
    span = outline.sections[node.id].title_span(0, len(node.title))
    return Evidence(origin="body", text=node.title, source=span or node.source)


def _within(ref: SourceRef | None, start: int, end: int) -> SourceRef | None:
    """The part [start:end] of the words `ref` spans (a place named in the title), or `ref` without a span."""
    if ref is None or ref.start is None:
        return ref
    return ref.model_copy(update={"start": ref.start + start, "end": ref.start + end})


def meta_diagnostics(meta: Meta) -> list[Diagnostic]:
    """What a person should check in the metadata: a place several divisions share with nothing in
    the text to tell which (宝山区: 上海 or 双鸭山) is left without a code."""
    if meta.region is None or meta.region_code is not None:
        return []
    where = meta.evidence.get("organization")
    return [diagnostic("region_uncertain", where.source if where else None, region=meta.region)]


def _notice(preamble: list[Block]) -> dict | None:
    """The forwarding notice in the preamble: which document it forwards, who issued it, when, to whom."""
    for i, block in enumerate(preamble):
        joined = block.text + (preamble[i + 1].text if i + 1 < len(preamble) else "")
        m = _NOTICE.search(block.text) or (_NOTICE.search(joined) if block.text.startswith("关于") else None)
        if not m:
            continue
        used = {block.index} | ({preamble[i + 1].index} if not _NOTICE.search(block.text) else set())
        after = [b for b in preamble[i + 1 :] if b.index not in used]
        recipients = next((b for b in after[:2] if b.folded.endswith(":")), None)
        date_at = next((j for j, b in enumerate(after) if _DATE.fullmatch(b.folded.replace(" ", ""))), None)
        issuer = None
        if date_at is not None:
            before = [b for b in after[:date_at] if not b.text.startswith(("（此页无正文）", "(此页无正文)"))]
            issuer = before[-1].text if before and is_heading_line(before[-1]) else None
            used |= {b.index for b in after[: date_at + 1]}
        return {
            "doc": m.group("doc"),
            "block": block,
            "date_block": after[date_at] if date_at is not None else None,
            "blocks": used,
            "recipients": _recipients(recipients.text) if recipients else None,
            "issuer": issuer,
            "date": _iso_date(after[date_at].text) if date_at is not None else None,
        }
    return None


def _recipients(text: str) -> list[str]:
    return [r.strip() for r in regex.split(r"[，,；;]", text.rstrip("：: ")) if r.strip()]


def _iso_date(text: str) -> str | None:
    m = _DATE.search(fold(text).replace(" ", ""))
    if not m:
        return None
    y = m.group("y") if m.group("y").isdigit() else "".join(str(cn_to_int(ch)) for ch in m.group("y"))
    month, day = (int(v) if v.isdigit() else cn_to_int(v) for v in (m.group("m"), m.group("d")))
    if not (month and day and 1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{int(y):04d}-{month:02d}-{day:02d}"


def _title_block(
    preamble: list[Block], lex: Lexicon, skip: set[int]
) -> tuple[str | None, str | None, Block | None, str | None]:
    """(title, subtitle, first title block, status line): the best title among the preamble's short lines.

    A title broken by layout is joined ('崇川区政协2021年度协商' + '工作计划') until it
    names a kind of document; a repeated title line (web pages show it twice) is read once. Of several
    candidates — a site's section name, a headline, the plan's own name after a news paragraph — the one
    that says most about the document wins; the first on a tie.
    """
    candidates: list[list[Block]] = []
    subtitle = status = None
    in_run = False  # the line before was a title line too
    in_body = False  # a paragraph came before: a short line now is a credit or a caption, unless it names a plan
    for i, block in enumerate(preamble):
        if block.index in skip:
            continue
        text = block.text
        compact = _SPACE.sub("", block.folded)
        if lex.pattern(rf"[(（]?(?:{lex.meta.draft})[)）]?", "meta").fullmatch(compact):
            status = status or text
            continue
        if _SUBTITLE.match(compact):
            subtitle = subtitle or _SUBTITLE.sub("", text, count=1).strip()
            continue
        body = _is_body(block, preamble[i + 1 : i + 2], lex)
        if body or lex.pattern(lex.meta.not_titles, "meta").match(compact):
            in_run = False
            in_body = in_body or body
            continue
        if in_body and _title_score(block.folded, lex) < _NAMES_A_PLAN:
            in_run = False
            continue
        if in_run and _title_goes_on(candidates[-1], block, lex):
            candidates[-1].append(block)
        else:
            candidates.append([block])
        in_run = True
    if not candidates:
        return None, subtitle, None, status
    best = max(candidates, key=lambda parts: _title_score("".join(b.folded for b in parts), lex))
    title = "".join(b.text for b in best)
    draft_in_title = lex.pattern(rf"[(（]\s*(?:{lex.meta.draft})\s*[)）]", "meta").search(title)
    if draft_in_title:
        status = status or draft_in_title.group()
        title = title[: draft_in_title.start()].rstrip()
    return title, subtitle, best[0], status


def _is_body(block: Block, after: list[Block], lex: Lexicon) -> bool:
    """A paragraph, or a line of one broken at the page's width: not a title. A broken line opens
    with a sentence's punctuation ('。根据县委部署…'), holds a full stop, opens as a news report does
    ('某某网讯（刘某）12月25日，县政协召开…'), or holds a comma and the next line goes on with the sentence."""
    if not is_heading_line(block):
        return True
    text = block.folded.strip()
    if _SENTENCE_INSIDE.search(text) or any(lex.pattern(p, "meta").match(text) for p in lex.meta.news_leads):
        return True
    if "," not in text or not after or after[0].marker is not None:
        return False
    rest = after[0].folded.strip()
    # the next line is as long (a full line of the page), or shorter and ends the sentence
    return abs(len(rest) - len(text)) <= _WRAP_SLACK or (len(rest) < len(text) and rest.endswith(_FULL_STOPS))


def _title_goes_on(parts: list[Block], block: Block, lex: Lexicon) -> bool:
    """A title line is followed by its rest until it names a kind of document. Not its rest: a line
    the title already holds ('大竹县政协' under '大竹县政协主要工作分解图表落实到位' repeats it), a
    line that says more than the title so far (a site's section name, then the real title) unless the
    title so far is a body's name and the line names its kind of document ('政协某某县委员会' +
    '2024年工作要点'), or a line that would make it longer than a title (a run of short lines is a list)."""
    so_far = "".join(b.folded for b in parts)
    says_more = _title_score(block.folded, lex) > _title_score(so_far, lex)
    its_plan = "政协" in so_far and _banner(so_far, lex) and _doc_kind_of(block.folded, lex) is not None
    return (
        len(so_far) + len(block.folded) <= _TITLE_JOINED_MAX
        and _doc_kind_of(so_far, lex) is None
        and block.folded not in so_far
        and (not says_more or its_plan)
    )


def _title_score(folded: str, lex: Lexicon) -> int:
    """How much a candidate (folded) says about the document: a kind of document, a plan, a year, a
    CPPCC body. A site's section name ('要闻动态') or a button says none of these; a banner, a body's
    or a site's name alone ('宜昌市政协'), says less than a headline that names none."""
    return (
        4 * (_doc_kind_of(folded, lex) is not None)
        + 2 * any(word in folded for word in lex.meta.plan_words)
        + (_YEAR.search(folded) is not None)
        + ("政协" in folded)
        - _BANNER * _banner(folded, lex)
    )


def _banner(folded: str, lex: Lexicon) -> bool:
    return lex.pattern(lex.meta.banners, "meta").fullmatch(_SPACE.sub("", folded)) is not None


def _doc_kind_of(text: str, lex: Lexicon) -> str | None:
    for kind, pattern in lex.meta.doc_kinds:
        if lex.pattern(pattern, "meta").search(text):
            return kind
    return None


def _doc_kind(
    heading_text: str, at_title, outline: Outline, blocks: list[Block], lex: Lexicon
) -> tuple[str, Evidence | None]:
    """What the document is: from its title, else from how its text reads — an agenda's headings,
    a news report's lead, a statement in its opening ('…制定本办法。', '特制订…协商工作计划',
    '通知如下'), or articles ('第一条 …') that make rules."""
    preamble, nodes = outline.preamble, outline.nodes
    units = [n for n in nodes if n.family == "heading"]
    if len(units) >= 2:
        return "compilation", _node_quote(units[0], outline)
    named = _doc_kind_of(fold(heading_text), lex)
    if named:
        return named, Evidence(origin="title", text=heading_text, source=at_title)
    top = [n for n in nodes if n.family not in ("heading", "attachment")]
    if len(top) >= 2 and all(fold(n.title).startswith(tuple(lex.meta.agenda_verbs)) and not n.children for n in top):
        # '一、审议《…》 二、听取…': a meeting's business, no plan
        return "agenda", _node_quote(top[0], outline)
    opening = [b for i, b in enumerate(preamble) if _is_body(b, preamble[i + 1 : i + 2], lex)][:_OPENING_PARAGRAPHS]
    if opening and (
        any(lex.pattern(p, "meta").match(opening[0].folded) for p in lex.meta.news_leads)
        or lex.pattern(lex.meta.news_narrative, "meta").search(opening[0].folded)
    ):
        return "news", _quote(opening[0], 0, min(40, len(opening[0].text)))  # '近日，区政协召开…'
    for block in opening:
        for kind, pattern in lex.meta.doc_kind_statements:
            if m := lex.pattern(pattern, "meta").search(block.folded):
                return kind, _quote(block, m.start(), m.end())
    articles = [b for b in blocks if lex.pattern(lex.meta.articles, "meta").match(b.folded.lstrip())]
    if len(articles) >= lex.meta.articles_min:
        return "rules", _quote(articles[0], 0, min(20, len(articles[0].text)))
    return "other", None


@cache
def _plan_year_patterns(plan_words: tuple[str, ...]) -> tuple[regex.Pattern, regex.Pattern]:
    """A year naming a plan, made or not: '特制订2017年度协商工作计划' before '区政协2017年工作要点'."""
    words = "|".join(map(regex.escape, sorted(plan_words, key=len, reverse=True)))
    named = rf"(?P<text>(?:19|20)(?:\d{{2}}|[xX]{{2}}|_+))\s*年度?[^。；;，,\n]{{0,12}}?(?:{words})"
    made = rf"(?:制定|制订|确定|印发|提出|出台|通过|安排)[^。；;，,\n]{{0,12}}?{named}"
    return regex.compile(made), regex.compile(named)


def _year(
    heading_text: str, at_title, blocks: list[Block], raw: list[Block], notice: dict | None, lex: Lexicon
) -> tuple[str | None, int | None, Evidence | None]:
    """The year the plan is for: the title's; else the year the text gives its plan; else a masked year
    in the text (a template's: null); else the year the page or notice was published; else the first
    year the text opens with; else a signature's date in Chinese numerals; else, last, the date a
    document-sharing site says it was uploaded."""
    m = _YEAR.search(fold(heading_text)) if heading_text else None
    if m:
        return _year_value(m, None, heading_text, at_title)
    for pattern in _plan_year_patterns(tuple(lex.meta.plan_words)):
        for block in blocks:
            if m := pattern.search(block.folded):
                return _year_value(m, block)
    for block in blocks:
        if m := _MASKED_YEAR.search(block.folded):
            return _year_value(m, block)
    published = next(((b, m) for b in raw[:_PUBLISHED_WITHIN] if (m := _PUBLISHED.search(b.folded))), None)
    # a document-sharing site's upload date is a last resort: a template is years older than its upload
    uploaded = published is not None and _UPLOADED in published[0].folded[: published[1].end()]
    if published and not uploaded:
        return _published_year(*published)
    if notice and notice["date"]:
        date = notice["date_block"]
        return (
            notice["date"][:4],
            int(notice["date"][:4]),
            Evidence(origin="published", text=date.text, source=date.span(0, len(date.text)) or date.ref),
        )
    opening = blocks[:_OPENING_PARAGRAPHS]
    for block in opening:
        if m := _YEAR.search(block.folded[:300]):
            return _year_value(m, block)
    for block in blocks:  # a signature's date in Chinese numerals: 二〇一三年十一月
        if (m := _CN_DATE.search(block.folded)) and (year := _cn_year(m.group("y"))):
            return m.group("y"), year, _quote(block, m.start(), m.end(), m.group())
    return _published_year(*published) if published else (None, None, None)


def _published_year(block: Block, m: regex.Match) -> tuple[str, int, Evidence]:
    year = m.group("y") or m.group("y2")
    text = block.text[: m.end()].strip()
    return year, int(year), Evidence(origin="published", text=text, source=block.span(0, len(text)) or block.ref)


def _cn_year(digits: str) -> int | None:
    year = int("".join(str(cn_to_int(ch.replace("○", "〇"))) for ch in digits))
    return year if 1949 <= year <= 2100 else None


def _signature(blocks: list[Block]) -> tuple[Block | None, Block] | None:
    """The lines a plan is signed with at its end: the signer (the short line above the date, if
    any) and the date, a line of its own ('二〇一三年十一月二十日')."""
    start = max(len(blocks) - _SIGNATURE_WITHIN, 0)
    for i in range(start, len(blocks)):
        if _DATE.fullmatch(_SPACE.sub("", blocks[i].folded).replace("○", "〇")):
            signer = blocks[i - 1] if i > start and is_heading_line(blocks[i - 1]) else None
            return signer, blocks[i]
    return None


def _year_value(
    m: regex.Match, block: Block | None, title: str = "", at_title: SourceRef | None = None
) -> tuple[str, int | None, Evidence]:
    """The year `m` found in `block` (the body), or with no block in the title, quoted whole."""
    written = m.group("text")
    quoted = _quote(block, m.start(), m.end()) if block else Evidence(origin="title", text=title, source=at_title)
    return written, int(written) if written.isdigit() else None, quoted


def _organization(
    heading_text: str,
    at_title,
    blocks: list[Block],
    signature: tuple[Block | None, Block] | None,
    year: int | None,
    lex: Lexicon,
) -> tuple[Org | None, Evidence | None]:
    """The CPPCC body the plan is of: the title's (its formal name, 政协XX委员会, when the text has one
    that fits); else the body that signs it; else a body below county level that opens the text as its
    subject ('我乡政协工作',    '某镇联络组召开…'), though the text names the county's body more often; else the body the text
    names most often, by level ('县政协' five times)."""
    all_text = "\n".join(b.folded for b in blocks)
    heading = fold(heading_text)
    context = heading + "\n" + all_text
    titled = _township(heading, lex)
    if titled and titled[1]:
        return titled[0], Evidence(origin="title", text=heading_text, source=at_title)
    shorts = [(m, org) for m in _ORG_SHORT.finditer(heading) if (org := _org_of(m, year, context, lex))]
    formal = _ORG_FORMAL.search(heading) or _ORG_FORMAL.search(all_text)
    # the formal name of another body (an upper level named in the text) does not fit the title's
    if formal and shorts and shorts[0][1].region and not formal.group("region").endswith(shorts[0][1].region):
        formal = None
    if not titled and (shorts or _ORG_FORMAL.search(heading)):
        org = _org_of(formal, year, context, lex) if formal else shorts[0][1]
        return _placed(org, _named_places(heading, at_title, [], year, context), year), Evidence(
            origin="title", text=heading_text, source=at_title
        )
    if signature and signature[0] and (signed := _signer(signature[0], year, context, lex)):
        return signed
    # a township's own name in the opening over the title's bare '镇政协工委'
    for block in [b for i, b in enumerate(blocks) if _is_body(b, blocks[i + 1 : i + 2], lex)][:_OPENING_PARAGRAPHS]:
        if (opening := _township(block.folded, lex)) and (opening[1] or not titled):
            start, end = opening[2]
            return opening[0], _quote(block, start, end)
    if titled:
        return titled[0], Evidence(origin="title", text=heading_text, source=at_title)
    return _named_most(heading, at_title, blocks, year, context, lex)


def _signer(signer: Block, year: int | None, context: str, lex: Lexicon) -> tuple[Org, Evidence] | None:
    """The body that signs the plan ('某某县政协办公室' above its date), over the bodies it mentions."""
    if township := _township(signer.folded, lex):
        start, end = township[2]
        return township[0], _quote(signer, start, end)
    for pattern in (_ORG_FORMAL, _ORG_SHORT):
        for m in pattern.finditer(signer.folded):
            if org := _org_of(m, year, context, lex):
                return org, _quote(signer, m.start(), m.end())
    return None


def _township(folded: str, lex: Lexicon) -> tuple[Org, bool, tuple[int, int]] | None:
    """A body below county level that `folded` names as itself, not as one of many ('各镇政协工委'),
    whether it is named with its place's own name (马甲镇联络组, not 我乡政协), and where."""
    bodies = []
    for m in lex.pattern(lex.meta.township_bodies, "meta").finditer(folded):
        place = m.group("place")
        if (folded[max(m.start() - 1, 0) : m.start()] + place).startswith(("各", "全")):
            continue
        general = place.endswith("乡镇")  # '乡镇政协工作计划': any township's
        stem = place[: -len("乡镇" if general else "街道" if place.endswith("街道") else place[-1])]
        # the place's own name (马甲镇), not 我乡, 做好本镇 or the stray words before 乡镇
        own = len(stem) >= 2 and not general and not stem.endswith(("我", "本", "该"))
        bodies.append((own, m.start() if own else m.start() + len(stem), m.end()))
    if not bodies:
        return None
    own, start, end = next((body for body in bodies if body[0]), bodies[0])
    return Org(folded[start:end], None, "township"), own, (start, end)


def _org_of(m: regex.Match, year: int | None, context: str, lex: Lexicon) -> Org | None:
    """The body a mention names: its place when the gazetteer knows the name ('南通市崇川区'), else
    the bare body ('按照省政协' is 省政协); None when what stands before 政协 is no body ('参加政协')."""
    written = m.group("region")
    if m.re is _ORG_SHORT and written.endswith("国"):
        return Org("全国政协", None, "national")
    place = find(written, year, context)
    if place:
        level = place.division.level if place.division else _level(place.written, lex)
        name = m.group() if m.re is _ORG_FORMAL else place.written + "政协"
        return Org(name, place.written, level, place)
    suffix = _bare(m)
    if suffix is None:
        return None
    before = written[: -len(suffix)]
    if before.endswith("各"):  # '各镇政协': the bodies below, not one
        return None
    return Org(None if before.endswith("全") else suffix + "政协", None, _LEVEL_BY_SUFFIX[suffix])


def _bare(m: regex.Match) -> str | None:
    """The level word a mention ends in when it names no place ('做好县政协' → 县), or None."""
    written = m.group("region")
    return next((s for s in sorted(_LEVEL_BY_SUFFIX, key=len, reverse=True) if written.endswith(s)), None)


def _named_places(
    heading: str, at_title, mentions: list[tuple[Org, Block, regex.Match]], year: int | None, context: str
) -> list[tuple[Place, Evidence]]:
    """The places a document names as its body's, with where: in bodies' names, and in its title."""
    places = [
        (org.place, _quote(block, m.start(), m.end())) for org, block, m in mentions if org.place and org.place.division
    ]
    for m in _PLACE_NAME.finditer(heading):
        if (place := find(m.group(), year, context)) and place.division:
            places.append((place, Evidence(origin="title", text=m.group(), source=_within(at_title, *m.span()))))
    return places


def _placed(org: Org, places: list[tuple[Place, Evidence]], year: int | None) -> Org:
    """A bare body ('市政协') of the one place of its tier the document names (上海政协, 上海市 in the
    title): a bare 市政协 in a text about 上海 is the province-level city's body."""
    if org.place or not org.name or org.level == "national":
        return org
    tier = org.name.removesuffix("政协")
    named = {place.division: where for place, where in places if place.division.name.endswith(tier)}
    if len(named) != 1:
        return org
    division, where = named.popitem()
    place = Place(division.name, division, division.year_nearest(gazetteer_year(year)))
    return Org(org.name, division.name, division.level, place, where)


def _named_most(
    heading: str, at_title, blocks: list[Block], year: int | None, context: str, lex: Lexicon
) -> tuple[Org | None, Evidence | None]:
    """The CPPCC body of the level the text names most ('县政协…县政协'), the first mention on a tie;
    within the level, a mention that names its region ('秀屿区政协') over a bare one ('区政协')."""
    mentions: list[tuple[Org, Block, regex.Match]] = []
    for block in blocks:
        for pattern in (_ORG_FORMAL, _ORG_SHORT):
            found = ((_org_of(m, year, context, lex), m) for m in pattern.finditer(block.folded))
            mentions += [(org, block, m) for org, m in found if org]
    places = _named_places(heading, at_title, mentions, year, context)
    mentions = [(_placed(org, places, year), block, m) for org, block, m in mentions]
    if not mentions:
        return None, None
    levels = Counter(org.level for org, _, _ in mentions)
    level = max(levels, key=lambda lv: (levels[lv], -next(i for i, (o, _, _) in enumerate(mentions) if o.level == lv)))
    same = [mention for mention in mentions if mention[0].level == level]
    # a mention's own place ('秀屿区政协'), then a place found for a bare one, then the first
    org, block, m = min(same, key=lambda mention: (mention[0].region is None, mention[0].region_evidence is not None))
    return org, _quote(block, m.start(), m.end())


def _level(region: str, lex: Lexicon) -> str | None:
    if region.startswith(tuple(lex.meta.provincial_cities)) and regex.fullmatch(r"[\p{Han}]{2,3}市", region):
        return "provincial"
    for suffix in sorted(_LEVEL_BY_SUFFIX, key=len, reverse=True):
        if region.endswith(suffix):
            return _LEVEL_BY_SUFFIX[suffix]
    return None
