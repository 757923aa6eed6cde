import pytest
from conftest import parse_text

BODY = "\n正文第一段，说明总体要求和主要任务，内容较长，用于区分标题与正文。\n一、重点工作\n1.开展调研。"


@pytest.mark.parametrize(
    "head,title,kind,year,year_text,status",
    [
        (
            "崇川区政协2021年度协商\n工作计划\n（草 案）",
            "崇川区政协2021年度协商工作计划",
            "consultation_plan",
            2021,
            "2021",
            "draft",
        ),
        ("20xx年区政协工作要点\n20xx年区政协工作要点", "20xx年区政协工作要点", "work_points", None, "20xx", None),
        ("市政协2024年重点工作安排（征求意见稿）", "市政协2024年重点工作安排", "task_list", 2024, "2024", "draft"),
        ("政协工作新闻简讯", "政协工作新闻简讯", "news", None, None, None),
    ],
)
def test_title_block(head, title, kind, year, year_text, status):
    meta = parse_text(head + BODY).meta
    assert (meta.title, meta.doc_kind, meta.year, meta.year_text, meta.status) == (title, kind, year, year_text, status)


@pytest.mark.parametrize(
    "head,organization,region,level",
    [
        ("政协南通市崇川区委员会2021年工作要点", "政协南通市崇川区委员会", "南通市崇川区", "district"),
        ("政协北京市委员会2022年工作要点", "政协北京市委员会", "北京市", "provincial"),
        ("政协江苏省委员会2022年工作要点", "政协江苏省委员会", "江苏省", "provincial"),
        ("政协苏州市委员会2022年工作要点", "政协苏州市委员会", "苏州市", "municipal"),
        ("政协沛县委员会2022年工作要点", "政协沛县委员会", "沛县", "county"),
        ("全国政协2022年工作要点", "全国政协", None, "national"),
        ("20xx年区政协工作要点", "区政协", None, "district"),
    ],
)
def test_organization_and_level(head, organization, region, level):
    meta = parse_text(head + BODY).meta
    assert (meta.organization, meta.region, meta.level) == (organization, region, level)


def test_forwarding_notice():
    text = (
        "关于印发《政协某某县委员会2022年工作要点》\n的通知\n各乡镇党委，县级机关各部门：\n"
        "现将《政协某某县委员会2022年工作要点》印发给你们，请认真贯彻落实。\n中共某某县委\n二〇二二年二月十日\n"
        "政协某某县委员会2022年工作要点" + BODY
    )
    meta = parse_text(text).meta
    assert meta.title == "政协某某县委员会2022年工作要点"
    assert meta.doc_kind == "work_points"
    assert (meta.issuer, meta.issued_date) == ("中共某某县委", "2022-02-10")
    assert meta.recipients == ["各乡镇党委", "县级机关各部门"]
    assert meta.level == "county"


def test_no_preamble():
    meta = parse_text("一、重点工作\n1.开展调研。").meta
    assert (meta.title, meta.doc_kind, meta.year) == (None, "other", None)


def test_a_run_of_short_lines_is_no_title():
    """Short lines in a row are joined into a title only as long as a title runs (120 characters): a
    list of names under a heading is not part of it (and a preamble is read in linear time)."""
    names = "\n".join(f"委员{n:04d}" for n in range(2000))
    meta = parse_text(f"2024年区政协\n{names}\n一、重点工作\n1.开展调研。").meta
    assert meta.title.startswith("2024年区政协委员0000委员0001") and len(meta.title) <= 120
