"""The live figures the work records give the annual report: registered with the narrative, computed with the
report over the bodies it covers and the year, and filled into the text ({{新闻发布会}} → the count)."""

import datetime as dt

import pytest

from gongkai.reports import narrative
from gongkai.reports import services as reports
from gongkai.workrecords import selectors, services

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def records(users, tree):
    office = users["office"]

    def add(org, kind, day, attendees=None, title="记录"):
        services.create_record(office, org=org, kind=kind, held_on=day, title=title, attendees=attendees)

    for day in (D(2025, 1, 1), D(2025, 4, 8), D(2025, 12, 31)):
        add(tree["city"], "press_conference", day)
    add(tree["city_edu"], "press_conference", D(2025, 6, 1))
    add(tree["dist_a"], "press_conference", D(2025, 6, 1))  # a lower government: outside a government report
    add(tree["city"], "press_conference", D(2024, 12, 31))  # another year
    add(tree["city"], "online_interview", D(2025, 5, 5), attendees=3)
    add(tree["city"], "interpretation_report", D(2025, 7, 1))
    add(tree["city"], "training", D(2025, 10, 15), attendees=108)
    add(tree["city_edu"], "training", D(2025, 11, 2), attendees=35)
    add(tree["city"], "training", D(2026, 1, 9), attendees=50)
    weibo = services.create_account(office, org=tree["city"], platform="weibo", name="甲市发布")
    wechat = services.create_account(office, org=tree["city_edu"], platform="wechat", name="甲市教育")
    idle = services.create_account(office, org=tree["city"], platform="douyin", name="甲市抖音")
    services.save_month(office, "2025-01", {weibo.pk: 120, wechat.pk: 40})
    services.save_month(office, "2025-12", {weibo.pk: 100, wechat.pk: 0})
    services.save_month(office, "2026-01", {weibo.pk: 90, idle.pk: 5})


EXPECTED_2025 = {"新闻发布会": 4, "在线访谈": 1, "报送政策解读": 1, "培训次数": 2, "培训人次": 143,
                 "政务新媒体发布": 260, "政务新媒体账号": 2}


def test_extras_are_registered_with_units():
    for name, unit in [("新闻发布会", "次"), ("在线访谈", "次"), ("报送政策解读", "条"), ("培训次数", "次"),
                       ("培训人次", "人次"), ("政务新媒体发布", "条"), ("政务新媒体账号", "个")]:
        assert narrative.EXTRA_FIGURES[name][1] == unit


def test_extras_count_the_year_over_the_given_bodies(records, tree):
    city_gov = [tree["city"].pk, tree["city_office"].pk, tree["city_edu"].pk, tree["city_edu_branch"].pk]
    extra = narrative.compute_extra(city_gov, 2025)
    assert {k: extra[k] for k in EXPECTED_2025} == EXPECTED_2025
    assert narrative.compute_extra([tree["city"].pk], 2026)["政务新媒体账号"] == 2  # the idle one posted in 2026
    assert narrative.compute_extra([tree["dist_b"].pk], 2025)["新闻发布会"] == 0


def test_report_narrative_renders_the_live_figures(records, users, tree):
    report = reports.create_report(users["office"], org=tree["city"], year=2025, scope="government")
    assert {k: report.computed["extra"][k] for k in EXPECTED_2025} == EXPECTED_2025  # computed with the report
    report = reports.save_chapters(users["office"], report.pk, title=report.title, chapters={
        "1": "召开新闻发布会{{新闻发布会}}次，开展在线访谈{{在线访谈}}次；参会人数近{{培训人次}}人次；"
             "政务新媒体发布信息{{政务新媒体发布}}条。"})
    text = reports.document_snapshot(report)["chapters"]["1"]
    assert text == "召开新闻发布会4次，开展在线访谈1次；参会人数近143人次；政务新媒体发布信息260条。"
    assert not [f for f in report.findings if f["rule"] == "narrative_token"]
    subtree = reports.create_report(users["office"], org=tree["city"], year=2024, scope="subtree")
    assert subtree.computed["extra"]["新闻发布会"] == 1


def test_summary_per_body_and_total(records, tree):
    data = selectors.summary([tree["city"].pk, tree["city_edu"].pk, tree["dist_a"].pk], D(2025, 1, 1),
                             D(2025, 12, 31))
    rows = {r["org"].code: r for r in data["rows"]}
    assert [r["org"].code for r in data["rows"]] == ["C", "C-JYJ", "A"]  # in tree order
    assert rows["C"]["press_conference"] == 3 and rows["C"]["attendees"] == 108 and rows["C"]["posts"] == 220
    assert rows["C-JYJ"]["training"] == 1 and rows["C-JYJ"]["posts"] == 40 and rows["C-JYJ"]["accounts"] == 1
    assert data["total"] == {"press_conference": 5, "online_interview": 1, "interpretation_report": 1,
                             "training": 2, "attendees": 143, "posts": 260, "accounts": 2}
    partial = selectors.summary([tree["city"].pk], D(2025, 4, 1), D(2025, 12, 1))
    assert partial["total"]["press_conference"] == 1 and partial["total"]["posts"] == 100
