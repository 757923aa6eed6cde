"""The core issue's acceptance checks on the four seed documents, stated as a user would."""

from conftest import SAMPLES

from zhengxie_parse.models import walk
from zhengxie_parse.pipeline import parse_file


def plan(name):
    return parse_file(SAMPLES / f"{name}.txt")


def test_seed_000_consultation_plan():
    p = plan("chongchuan_2021_consultation_plan")
    assert [n.label for n in p.outline] == ["一、", "二、", "三、", "四、"]
    assert [n.label for n in p.outline[1].children] == ["（一）", "（二）", "（三）", "（四）"]
    assert len(p.items) == 12
    by_section = {}
    for item in p.items:
        by_section.setdefault(item.node_id.rsplit(".", 1)[0], set()).add(item.topic_type)
    assert by_section == {
        "2.1": {"standing_committee_consultation"},
        "2.2": {"chair_meeting_consultation"},
        "2.3": {"thematic_consultation"},
        "2.4": {"democratic_supervision"},
    }
    assert (p.meta.year, p.meta.status, p.meta.doc_kind) == (2021, "draft", "consultation_plan")
    assert p.outline[0].points[0].startswith("聚焦中心任务")  # 一是… kept as points, not nodes


def test_seed_002_forwarding_notice():
    p = plan("wujiang_2021_work_points_notice")
    assert len(p.outline) == 6
    assert [len(n.children) for n in p.outline] == [3] * 6
    assert [i.label for i in p.items] == [f"{n}．" for n in range(1, 19)]
    items = {int(i.label.rstrip("．")): i for i in p.items}
    assert items[1].title == "提高政治站位"
    assert items[7].topic_type == "democratic_supervision"
    assert items[9].topic_type == "public_opinion"
    assert items[2].topic_type == "party_building"
    assert items[3].topic_type == "study"
    m = p.meta
    assert (m.issuer, m.issued_date, m.year, m.doc_kind) == ("中共苏州市吴江区委", "2021-01-21", 2021, "work_points")
    assert m.recipients[-1] == "各直属单位党组织"


def test_seed_003_web_page_with_attachment():
    p = plan("district_20xx_work_points_web")
    texts = [n.title + n.text for n, _ in walk(p.outline)]
    assert not any(noise in t for t in texts for noise in ("本文档共计", "阅读:", "文档评分", "联系客服"))
    assert (p.meta.year, p.meta.year_text) == (None, "20xx")
    main, attachment = p.outline[:5], p.outline[5]
    assert [n.label for n in main] == ["一、", "二、", "三、", "四、", "五、"]
    assert [c.label for n in main for c in n.children] == [f"{i}." for i in range(1, 20)]
    assert attachment.family == "attachment" and len(attachment.children) == 5
    counts = {(c.what, c.count, c.found) for c in p.declared_counts}
    assert counts == {
        ("区政协20xx年主要工作事项", 33, 32),  # one of the 33 is a placeholder line, no item
        ("重点协商", 9, 8),
        ("重点调研", 7, 7),
        ("对口协商", 6, 6),
        ("界别协商", 6, 6),
        ("重要会议活动", 5, 5),
    }
    annex = [i for i in p.items if i.node_id.startswith(attachment.id + ".")]
    assert len(annex) == 32
    placeholders = [d for d in p.diagnostics if d.code == "placeholder_item"]
    assert [d.message[:12] for d in placeholders] == ["'根据新的形势任务,适当"]
    assert not any(d.code == "count_mismatch" for d in p.diagnostics)
    assert [c.name for c in annex[0].committees] == ["办公室", "研究室"]
    assert [c.name for c in annex[1].committees] == ["提案委"]
    assert annex[3].topic_type == "democratic_supervision"
    assert {i.topic_type for i in annex if i.node_id.startswith(attachment.id + ".2.")} == {"research"}
    assert any(d.code == "masked_text" and "政z*" in d.message for d in p.diagnostics)


def test_seed_001_compilation():
    p = plan("nantong_2023_innovation_compilation")
    assert p.meta.doc_kind == "compilation"
    assert [n.family for n in p.outline] == ["heading"] * 3
    assert [[c.label for c in n.children] for n in p.outline] == [
        ["一、", "二、", "三、"],
        ["一、", "二、", "三、"],
        ["一、", "二、", "三、", "四、"],
    ]
    assert [n.unit for n in p.outline] == [
        "南通经济技术开发区政协工委",
        "苏锡通科技产业园区政协工委",
        "通州湾示范区政协工委",
    ]
    everything = "".join(n.title + n.text for n, _ in walk(p.outline)) + "".join(i.title for i in p.items)
    assert "组织委员调研" not in everything  # photo captions are neither nodes nor items
    assert "有针对性地设置" in everything  # the page-broken paragraph is one again
