import pytest
from conftest import parse_text

from zhengxie_parse.gazetteer import find

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


@pytest.mark.parametrize(
    "written,year,context,place,code",
    [
        ("南通市崇川区", 2021, "", "南通市崇川区", "320613"),  # renumbered in 2020
        ("南通市崇川区", 2015, "", "南通市崇川区", "320602"),
        ("江苏省南通市崇川区", 2015, "", "江苏省南通市崇川区", "320602"),
        ("南通市", 2021, "", "南通市", "320600"),  # not its counties, whose rows name it as their city
        ("崇川区", None, "", "崇川区", "320613"),  # no year: the table's last
        ("海安县", 2021, "", "海安县", "320621"),  # a name gone by the year: the years it was used
        ("宝山区", 2017, "", "宝山区", None),  # 上海 and 双鸭山
        ("宝山区", 2017, "上海市委", "宝山区", "310113"),
        ("宝山区", 2017, "双鸭山市", "宝山区", "230506"),
        ("上海", 2021, "", "上海", "310000"),  # a province's short name
        ("宁陜县", 2020, "", "宁陕县", "610923"),  # a variant folding keeps
        ("按照省", 2020, "", None, None),
        ("做好县", None, "", None, None),
        ("开创我区", None, "", None, None),
    ],
)
def test_gazetteer_find(written, year, context, place, code):
    found = find(written, year, context)
    assert (found and found.written, found and found.division and found.division.code) == (place, code)


@pytest.mark.parametrize(
    "head,organization,level",
    [
        ("为做好我乡政协工作，2010年某某乡政协工委将认真履职，积极参加县政协活动。", "某某乡政协工委", "township"),
        ("近日，某某区某某街道政协活动联络组举办委员活动，区政协领导参加。", "某某街道政协活动联络组", "township"),
        ("在新的一年里，街道政协联络处将继续围绕中心工作履职。", "街道政协联络处", "township"),
        ("县政协将指导各镇政协工委开展活动，县政协各专委会加强联系。", "县政协", "county"),
        ("全区乡镇（街道）联络组工作会议召开，区政协各专委会负责人参加，区政协领导讲话。", "区政协", "district"),
    ],
)
def test_township_bodies(head, organization, level):
    meta = parse_text(head + BODY).meta
    assert (meta.organization, meta.level) == (organization, level)


@pytest.mark.parametrize(
    "text,year,year_text",
    [
        ("201x年，区政协将认真履行职能。" + BODY, None, "201x"),
        ("20XX年，区政协将认真履行职能。" + BODY, None, "20XX"),
        ("2016镇政协工作计划" + BODY, 2016, "2016"),
        ("区政协工作计划" + BODY + "\n二〇一三年十一月二十日", 2013, "二〇一三"),
        ("上传日期：2024-07-23\n区政协将认真履行职能。" + BODY + "\n二〇一三年十一月二十日", 2013, "二〇一三"),
        ("上传日期：2024-07-23\n区政协将认真履行职能。" + BODY, 2024, "2024"),
        ("发布日期：2020-04-05\n区政协将认真履行职能。" + BODY + "\n二〇一三年十一月二十日", 2020, "2020"),
    ],
)
def test_year_sources(text, year, year_text):
    meta = parse_text(text).meta
    assert (meta.year, meta.year_text) == (year, year_text)
