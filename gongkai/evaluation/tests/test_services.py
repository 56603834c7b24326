"""The evaluation services on real data: the computed indicators scored per the scheme, manual scores
(validated, versioned), publication refused while scores are missing and freezing the results, permissions,
bad input and a scheme naming an indicator that is not registered."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from gongkai.applications.models import Application
from gongkai.audit.models import AuditEvent
from gongkai.core.errors import ConflictError
from gongkai.evaluation import selectors, services
from gongkai.evaluation.models import SchemeIndicator
from gongkai.reports.tests.factories import conclude, receive
from gongkai.supervision import indicators as registry

from .conftest import manual_item

pytestmark = pytest.mark.django_db
D = dt.date


def by_name(result):
    return {b.name: b for b in result.bodies}


def test_computed_scores_ranking_and_missing_manual_scores(evaluation):
    result = selectors.live_result(evaluation)
    edu, office = by_name(result)["甲市教育局"], by_name(result)["甲市人民政府办公室"]
    assert [line.rule for line in edu.lines[:2]] == ["按期答复率 50% × 20分 = 10分",
                                                     "超期未答复 1件：10分 − 1 × 2分 = 8分"]
    assert edu.lines[0].raw == "50%" and edu.total == "18"
    assert office.lines[0].status == "na" and office.lines[0].points == "20" and office.total == "30"
    assert result.total_weight == "40"
    assert [(b.name, b.rank) for b in result.bodies] == [("甲市人民政府办公室", 1), ("甲市教育局", 2)]
    assert {b.name for b in result.lacking} == {"甲市教育局", "甲市人民政府办公室"}


def test_publish_refused_until_scored_then_frozen(evaluation, users, tree, staff, scheme):
    office = users["office"]
    with pytest.raises(ValidationError, match="2 个机关缺少人工评分"):
        services.publish(office, evaluation.pk, version=evaluation.version)
    item = manual_item(scheme)
    services.set_manual_score(office, evaluation.pk, org=tree["city_edu"], indicator=item, score="9",
                              reason="栏目更新不及时")
    score = services.set_manual_score(office, evaluation.pk, org=tree["city_office"], indicator=item, score="10")
    with pytest.raises(ConflictError):  # a stale version of the score
        services.set_manual_score(office, evaluation.pk, org=tree["city_office"], indicator=item, score="8",
                                  reason="x", version=score.version + 1)
    with pytest.raises(ConflictError):
        services.publish(office, evaluation.pk, version=evaluation.version + 5)
    published = services.publish(office, evaluation.pk, version=evaluation.version)
    assert published.is_published and published.results["period"] == "2026年01月01日至2026年12月31日"
    totals = {b["name"]: (b["total"], b["rank"]) for b in published.results["bodies"]}
    assert totals == {"甲市人民政府办公室": ("40", 1), "甲市教育局": ("27", 2)}
    # new data after publication changes nothing shown
    h, a = staff["handler"], staff["approver"]
    (late,) = receive(h, tree["city_edu"], D(2026, 4, 1))
    conclude(late, h, a, "3.1", D(2026, 4, 20))
    Application.objects.filter(pk=late.pk).update(due_on=D(2026, 4, 2))
    assert by_name(selectors.live_result(published))["甲市教育局"].lines[0].raw == "33.3%"
    assert selectors.results(published)["bodies"][1]["lines"][0]["raw"] == "50%"
    with pytest.raises(ValidationError, match="已发布"):
        services.set_manual_score(office, evaluation.pk, org=tree["city_edu"], indicator=item, score="10",
                                  version=1)
    with pytest.raises(ValidationError, match="已发布"):
        services.publish(office, evaluation.pk, version=published.version)
    assert AuditEvent.objects.filter(action="evaluation.publish").count() == 1


@pytest.mark.parametrize("score, reason, field, message", [
    ("10.5", "", "score", "不能大于 10"),
    ("-1", "x", "score", "不小于 0"),
    ("九", "x", "score", "应为数字"),
    ("8.555", "x", "score", "两位小数"),
    ("NaN", "x", "score", "应为数字"),
    ("8", "", "reason", "扣分理由"),
])
def test_manual_score_bad_input(evaluation, users, tree, scheme, score, reason, field, message):
    with pytest.raises(ValidationError) as e:
        services.set_manual_score(users["office"], evaluation.pk, org=tree["city_edu"],
                                  indicator=manual_item(scheme), score=score, reason=reason)
    assert any(message in m for m in e.value.message_dict[field])
    assert not evaluation.manual_scores.exists()


def test_manual_score_targets_must_belong_to_the_evaluation(evaluation, users, tree, scheme):
    with pytest.raises(Http404):  # a body not evaluated
        services.set_manual_score(users["office"], evaluation.pk, org=tree["dist_b"], indicator=manual_item(scheme),
                                  score="10")
    computed = scheme.indicators.get(source="on_time_rate")
    with pytest.raises(Http404):  # not a manual indicator
        services.set_manual_score(users["office"], evaluation.pk, org=tree["city_edu"], indicator=computed,
                                  score="10")


def test_permissions(evaluation, users, tree, scheme):
    item = manual_item(scheme)
    with pytest.raises(PermissionDenied, match="监督员只能查看"):
        services.set_manual_score(users["supervisor"], evaluation.pk, org=tree["city_edu"], indicator=item,
                                  score="10")
    with pytest.raises(PermissionDenied):
        services.create_scheme(users["supervisor"], org=tree["city"], name="x")
    with pytest.raises(Http404):  # another office
        services.set_manual_score(users["b_office"], evaluation.pk, org=tree["city_edu"], indicator=item,
                                  score="10")
    with pytest.raises(Http404):
        services.add_indicator(users["b_office"], scheme.pk, source="manual", weight="5")
    with pytest.raises(Http404):
        services.publish(users["b_office"], evaluation.pk, version=evaluation.version)
    with pytest.raises(Http404):
        services.create_scheme(users["b_office"], org=tree["city"], name="越权方案")
    with pytest.raises(Http404):  # evaluations are for office admins and supervisors: a handler sees none
        services.create_scheme(users["handler"], org=tree["city_edu"], name="x")
    own = services.create_scheme(users["b_office"], org=tree["dist_b"], name="B区方案")
    services.add_indicator(users["b_office"], own.pk, source="manual", weight="5")
    services.update_scheme(users["b_office"], own.pk, version=1, name="B区方案", status="active")
    with pytest.raises(ValidationError, match="被考核机关"):  # the city bureau is not B's
        services.create_evaluation(users["b_office"], scheme=own.pk, name="x", start="2026-01-01",
                                   end="2026-12-31", bodies=[tree["city_edu"].pk])
    assert not evaluation.manual_scores.exists()


@pytest.mark.parametrize("data, field, message", [
    ({"source": "nope", "weight": "10"}, "source", "请选择平台计算的指标"),
    ({"source": "overdue", "weight": "10"}, "deduct_per_unit", "请填写每件扣分"),
    ({"source": "published", "weight": "10"}, "target", "目标值"),
    ({"source": "published", "weight": "10", "target": "50", "deduct_per_unit": "1"}, "deduct_per_unit", "不按件扣分"),
    ({"source": "on_time_rate", "weight": "10", "target": "120"}, "target", "不超过 100"),
    ({"source": "on_time_rate", "weight": "10", "deduct_per_unit": "1"}, "deduct_per_unit", "比率指标"),
    ({"source": "on_time_rate", "weight": "0"}, "weight", "大于 0"),
    ({"source": "on_time_rate", "weight": "101"}, "weight", "不能大于 100"),
    ({"source": "on_time_rate", "weight": "abc"}, "weight", "应为数字"),
    ({"source": "manual", "weight": "10", "target": "5"}, "source", "人工评分的指标"),
    ({"source": "on_time_rate", "weight": "10", "not_applicable": "maybe"}, "not_applicable", "计分方式"),
])
def test_indicator_bad_input(users, tree, data, field, message):
    scheme = services.create_scheme(users["office"], org=tree["city"], name="方案")
    with pytest.raises(ValidationError) as e:
        services.add_indicator(users["office"], scheme.pk, **data)
    assert any(message in m for m in e.value.message_dict[field])
    assert not scheme.indicators.exists()


def test_scheme_rules(users, tree, evaluation, scheme):
    office = users["office"]
    draft = services.create_scheme(office, org=tree["city"], name="草稿方案")
    with pytest.raises(ValidationError, match="已有名为"):
        services.create_scheme(office, org=tree["city"], name="草稿方案")
    with pytest.raises(ValidationError, match="不能启用"):
        services.update_scheme(office, draft.pk, version=1, name="草稿方案", status="active")
    with pytest.raises(ValidationError, match="启用的考核方案"):
        services.create_evaluation(office, scheme=draft, name="x", start="2026-01-01", end="2026-12-31",
                                   bodies=[tree["city_edu"].pk])
    with pytest.raises(ValidationError, match="不能早于开始"):
        services.create_evaluation(office, scheme=scheme, name="x", start="2026-12-01", end="2026-01-01",
                                   bodies=[tree["city_edu"].pk])
    with pytest.raises(ValidationError, match="至少选择"):
        services.create_evaluation(office, scheme=scheme, name="x", start="2026-01-01", end="2026-12-31", bodies=[])
    with pytest.raises(ConflictError):
        services.update_scheme(office, scheme.pk, version=1, name="改名")
    item = manual_item(scheme)
    services.set_manual_score(office, evaluation.pk, org=tree["city_edu"], indicator=item, score="9", reason="r")
    with pytest.raises(ValidationError, match="不能删除"):
        services.delete_indicator(office, item.pk)
    with pytest.raises(ValidationError, match="不能低于"):
        services.update_indicator(office, item.pk, version=item.version, source="manual", name="专栏建设", weight="8")
    with pytest.raises(ValidationError, match="不能改变来源"):
        services.update_indicator(office, item.pk, version=item.version, source="published", weight="10",
                                  target="5")
    item = services.update_indicator(office, item.pk, version=item.version, source="manual", name="专栏建设",
                                     weight="15")
    assert item.weight == 15 and item.version == 2
    overdue = scheme.indicators.get(source="overdue")
    services.delete_indicator(office, overdue.pk)
    assert list(scheme.indicators.values_list("source", flat=True)) == ["on_time_rate", "manual"]


def test_an_indicator_not_registered_is_shown_and_blocks_publication(evaluation, users, tree, scheme, monkeypatch):
    SchemeIndicator.objects.create(scheme=scheme, name="检查发现问题整改", source="not_there_yet", weight=10,
                                   deduct_per_unit=2, sort_order=99)
    office = users["office"]
    for org in (tree["city_edu"], tree["city_office"]):
        services.set_manual_score(office, evaluation.pk, org=org, indicator=manual_item(scheme), score="10")
    result = selectors.live_result(evaluation)
    assert result.unavailable == ["not_there_yet"]
    assert by_name(result)["甲市教育局"].total == "28"  # the unavailable indicator counts for nobody
    with pytest.raises(ValidationError, match="当前不可用（not_there_yet）"):
        services.publish(office, evaluation.pk, version=evaluation.version)
    # a registered indicator that disappears (its app removed) is looked up at run time
    monkeypatch.delitem(registry.INDICATORS, "overdue")
    assert selectors.live_result(evaluation).unavailable == ["overdue", "not_there_yet"]
    assert selectors.source_label("overdue") == "overdue（未启用）"
