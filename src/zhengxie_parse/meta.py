"""Stage 6 — meta: what the document is, whose it is, which year, and the notice around it.

Read from the preamble (the blocks before the first heading): its title block, or — when the plan
comes inside a forwarding notice (seed 002: 关于批转《…工作要点》的通知) — the plan the notice names,
with the notice's issuer, date and recipients as the plan's own.
"""

from __future__ import annotations

import regex

from .blocks import Block
from .chinese import cn_to_int, fold
from .lexicon import Lexicon
from .models import Meta, Node
from .outline import is_heading_line

# 关于批转《政协苏州市吴江区委员会2021年工作要点》的通知 (often broken over two lines)
_NOTICE = regex.compile(r"关于(?:印发|批转|转发|下发|转发印发)?《(?P<doc>[^》]{4,80})》的?(?:通知|函)")
# 2021年1月21日, and the same in Chinese numerals: 二〇二一年一月二十一日
_DATE = regex.compile(
    r"(?P<y>\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日"
)
# The year a title is about, as written: 2021年, 2021年度, 20xx年, 20_年
_YEAR = regex.compile(r"(?P<text>(?:19|20)(?:\d{2}|[xX]{2}|_+))\s*年")
# 政协南通市崇川区委员会 / 中国人民政治协商会议北京市委员会
_ORG_FORMAL = regex.compile(
    r"(?:中国人民政治协商会议|政协)(?P<region>[\p{Han}]{1,15}?(?:自治区|自治州|自治县|省|市|州|盟|区|县|旗|镇|乡|街道))委员会"
)
# 崇川区政协, 区政协, 全国政协, 全市政协 (the whole city's CPPCC system: a level, no region)
# A region is Han characters, but not 年/度 of a year before it ('20xx年区政协' names no region).
_ORG_SHORT = regex.compile(
    r"(?P<whole>全)?(?P<region>(?:(?![年度的])\p{Han}){0,10}?(?P<suffix>国|省|市|州|盟|区|县|旗|镇|乡))政协"
)
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
_SUBTITLE = regex.compile(r"\s*[—\-]{2}\s*")


def extract_meta(preamble: list[Block], nodes: list[Node], all_text: str, lex: Lexicon) -> Meta:
    notice = _notice(preamble)
    title, subtitle, title_block, status_text = _title_block(preamble, lex, skip=notice["blocks"] if notice else set())
    if notice:
        title = notice["doc"]
        title_block = next((b for b in preamble if fold(b.text) == fold(title)), notice["block"])
    heading_text = " ".join(filter(None, [title, subtitle]))
    year_text, year = _year(heading_text or all_text[:300])
    # matched in simplified, width-folded form: a traditional-script title names its body too
    organization, region, level = _organization(fold(heading_text), fold(all_text), lex)
    return Meta(
        title=title,
        doc_kind=_doc_kind(heading_text, preamble, nodes, lex),
        organization=organization,
        level=level,
        region=region,
        year=year,
        year_text=year_text,
        status="draft" if status_text and regex.search(lex.meta.draft, fold(status_text)) else None,
        issuer=notice["issuer"] if notice else None,
        issued_date=notice["date"] if notice else None,
        recipients=notice["recipients"] if notice else None,
        subtitle=subtitle,
        source=title_block.ref if title_block else None,
    )


def _notice(preamble: list[Block]) -> dict | None:
    """The forwarding notice in the preamble: which document it forwards, who issued it, when, to whom."""
    for i, block in enumerate(preamble):
        joined = block.text + (preamble[i + 1].text if i + 1 < len(preamble) else "")
        m = _NOTICE.search(block.text) or (_NOTICE.search(joined) if block.text.startswith("关于") else None)
        if not m:
            continue
        used = {block.index} | ({preamble[i + 1].index} if not _NOTICE.search(block.text) else set())
        after = [b for b in preamble[i + 1 :] if b.index not in used]
        recipients = next((b for b in after[:2] if fold(b.text).endswith(":")), None)
        date_at = next((j for j, b in enumerate(after) if _DATE.fullmatch(fold(b.text).replace(" ", ""))), None)
        issuer = None
        if date_at is not None:
            before = [b for b in after[:date_at] if not b.text.startswith(("（此页无正文）", "(此页无正文)"))]
            issuer = before[-1].text if before and is_heading_line(before[-1].text) else None
            used |= {b.index for b in after[: date_at + 1]}
        return {
            "doc": m.group("doc"),
            "block": block,
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
    """(title, subtitle, first title block, status line) from the short lines that open the document.

    Title lines broken by layout are joined ('崇川区政协2021年度协商' + '工作计划') until the title
    names a kind of document; a repeated title line (web pages show it twice) is read once.
    """
    lines: list[Block] = []
    for block in preamble:
        if block.index in skip:
            continue
        if not is_heading_line(block.text) and not regex.search(lex.meta.draft, block.text.replace(" ", "")):
            break
        lines.append(block)
    title_parts: list[Block] = []
    subtitle = status = None
    for block in lines:
        text = block.text
        compact = regex.sub(r"\s", "", fold(text))
        if regex.fullmatch(rf"[(（]?(?:{lex.meta.draft})[)）]?", compact):
            status = text
        elif _SUBTITLE.match(compact):
            subtitle = subtitle or _SUBTITLE.sub("", text, count=1).strip()
        elif not title_parts or _title_goes_on(title_parts, text, lex):
            title_parts.append(block)
    if not title_parts:
        return None, subtitle, None, status
    title = "".join(b.text for b in title_parts)
    draft_in_title = regex.search(rf"[(（]\s*(?:{lex.meta.draft})\s*[)）]", title)
    if draft_in_title:
        status = status or draft_in_title.group()
        title = title[: draft_in_title.start()].rstrip()
    return title, subtitle, title_parts[0], status


def _title_goes_on(parts: list[Block], text: str, lex: Lexicon) -> bool:
    """A title line is followed by its rest until it names a kind of document; a repeat is no rest."""
    return _doc_kind_of("".join(b.text for b in parts), lex) is None and fold(text) != fold(parts[0].text)


def _doc_kind_of(text: str, lex: Lexicon) -> str | None:
    for kind, pattern in lex.meta.doc_kinds:
        if regex.search(pattern, text):
            return kind
    return None


def _doc_kind(heading_text: str, preamble: list[Block], nodes: list[Node], lex: Lexicon) -> str:
    units = sum(1 for n in nodes if n.family == "heading")
    if units >= 2:
        return "compilation"
    named = _doc_kind_of(fold(heading_text), lex)
    if named:
        return named
    top = [n for n in nodes if n.family not in ("heading", "attachment")]
    if len(top) >= 2 and all(fold(n.title).startswith(tuple(lex.meta.agenda_verbs)) and not n.children for n in top):
        return "agenda"  # '一、审议《…》 二、听取…': a meeting's business, no plan
    lead = next((b.text for b in preamble if not is_heading_line(b.text)), "")
    if any(regex.match(p, fold(lead)) for p in lex.meta.news_leads):
        return "news"  # '近日，区政协召开…'
    return "other"


def _year(text: str) -> tuple[str | None, int | None]:
    m = _YEAR.search(fold(text))
    if not m:
        return None, None
    written = m.group("text")
    return written, int(written) if written.isdigit() else None


def _organization(heading_text: str, all_text: str, lex: Lexicon) -> tuple[str | None, str | None, str | None]:
    """(organization, region, level): the formal name (政协XX委员会) when the text has one that fits the
    title, else the title's short name (崇川区政协)."""
    short = _ORG_SHORT.search(heading_text)
    formal = _ORG_FORMAL.search(heading_text) or _ORG_FORMAL.search(all_text)
    # the formal name of another body (an upper level named in the text) does not fit the title's
    if (
        formal
        and short
        and short.group("region")
        and not short.group("whole")
        and not formal.group("region").endswith(short.group("region"))
    ):
        formal = None
    if formal:
        region = formal.group("region")
        return formal.group(), region, _level(region, lex)
    if short:
        if short.group("suffix") == "国":
            return "全国政协", None, "national"
        if short.group("whole") or len(short.group("region")) < 2:
            org = short.group() if not short.group("whole") else None
            return org, None, _LEVEL_BY_SUFFIX.get(short.group("suffix"))
        region = short.group("region")
        return short.group(), region, _level(region, lex)
    return None, None, None


def _level(region: str, lex: Lexicon) -> str | None:
    if region.startswith(tuple(lex.meta.provincial_cities)) and regex.fullmatch(r"[\p{Han}]{2,3}市", region):
        return "provincial"
    for suffix in sorted(_LEVEL_BY_SUFFIX, key=len, reverse=True):
        if region.endswith(suffix):
            return _LEVEL_BY_SUFFIX[suffix]
    return None
