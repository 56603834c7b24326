"""Staff pages: schemes and indicators through the forms, the ranking, a body's breakdown with the computation
and the manual-score form, the Excel export, publishing through its confirmation; the 监督员 reads only and
another office gets 404."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.evaluation import services
from gongkai.evaluation.models import Evaluation, ManualScore, Scheme

from .conftest import manual_item

pytestmark = pytest.mark.django_db


def test_scheme_and_indicator_forms(client, users, tree):
    client.force_login(users["office"])
    response = client.post(reverse("evaluation:scheme_create"), {"org": tree["city"].pk, "name": "新方案",
                                                                 "year": "2026"})
    scheme = Scheme.objects.get(name="新方案")
    assert response.status_code == 302 and scheme.status == "draft"
    url = reverse("evaluation:indicator_create", args=[scheme.pk])
    response = client.post(url, {"source": "overdue", "weight": "10", "not_applicable": "full"})
    assert response.status_code == 200 and "请填写每件扣分" in response.content.decode()
    client.post(url, {"source": "overdue", "weight": "10", "deduct_per_unit": "2", "not_applicable": "full"})
    client.post(url, {"source": "manual", "name": "专栏建设", "weight": "10", "not_applicable": "full"})
    page = client.get(reverse("evaluation:scheme", args=[scheme.pk])).content.decode()
    assert "合计 20 分" in page and "每件扣2分" in page and "人工评分（0–10分）" in page
    response = client.post(reverse("evaluation:scheme_edit", args=[scheme.pk]), {
        "name": "新方案", "year": "2026", "status": "active", "version": 1})
    assert response.status_code == 302 and Scheme.objects.get(pk=scheme.pk).status == "active"
    item = scheme.indicators.get(source="manual")
    assert client.get(reverse("evaluation:indicator_delete", args=[item.pk])).status_code == 200
    client.post(reverse("evaluation:indicator_delete", args=[item.pk]), {"confirm": "yes"})
    assert list(scheme.indicators.values_list("source", flat=True)) == ["overdue"]


def test_ranking_breakdown_scoring_and_publishing(client, users, tree, evaluation, scheme):
    client.force_login(users["office"])
    page = client.get(reverse("evaluation:detail", args=[evaluation.pk])).content.decode()
    assert "2 个机关尚缺人工评分" in page and "发布结果" in page
    body_url = reverse("evaluation:body", args=[evaluation.pk, tree["city_edu"].pk])
    page = client.get(body_url).content.decode()
    assert "按期答复率 50% × 20分 = 10分" in page and "超期未答复 1件：10分 − 1 × 2分 = 8分" in page
    item = manual_item(scheme)
    response = client.post(body_url, {"indicator": item.pk, "score": "9", "reason": ""})
    assert response.status_code == 200 and "扣分理由" in response.content.decode()
    response = client.post(body_url, {"indicator": item.pk, "score": "9", "reason": "栏目更新不及时"})
    assert response.status_code == 302
    assert ManualScore.objects.get(org=tree["city_edu"]).score == 9
    client.post(reverse("evaluation:body", args=[evaluation.pk, tree["city_office"].pk]),
                {"indicator": item.pk, "score": "10"})
    # the export: every indicator's raw value and points
    response = client.get(reverse("evaluation:export", args=[evaluation.pk]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][:4] == ("排名", "机关", "按期答复率（原始值）", "按期答复率（得分，满分20）")
    assert rows[1][:2] == (1, "甲市人民政府办公室") and rows[1][-2] == 40
    assert rows[2] == (2, "甲市教育局", "50%", 10, "1件", 8, "9分", 9, 27, "完整")
    # publish through the confirmation
    publish = reverse("evaluation:publish", args=[evaluation.pk])
    assert "确定发布" in client.get(publish).content.decode()
    client.post(publish, {"confirm": "yes", "version": evaluation.version})
    evaluation = Evaluation.objects.get(pk=evaluation.pk)
    assert evaluation.is_published and evaluation.results["bodies"][1]["total"] == "27"
    page = client.get(reverse("evaluation:detail", args=[evaluation.pk])).content.decode()
    assert "发布时固定的结果" in page and "发布结果</a>" not in page
    assert client.post(body_url, {"indicator": item.pk, "score": "10"}).status_code == 403


def test_publish_with_missing_scores_shows_the_reason(client, users, evaluation):
    client.force_login(users["office"])
    response = client.post(reverse("evaluation:publish", args=[evaluation.pk]),
                           {"confirm": "yes", "version": evaluation.version}, follow=True)
    assert "缺少人工评分" in response.content.decode()
    assert not Evaluation.objects.get(pk=evaluation.pk).is_published


def test_supervisor_reads_only(client, users, tree, evaluation, scheme):
    client.force_login(users["supervisor"])
    page = client.get(reverse("evaluation:detail", args=[evaluation.pk])).content.decode()
    assert "甲市教育局" in page and "发布结果</a>" not in page
    body_url = reverse("evaluation:body", args=[evaluation.pk, tree["city_edu"].pk])
    page = client.get(body_url).content.decode()
    assert "保存评分" not in page and "按期答复率 50%" in page
    assert client.post(body_url, {"indicator": manual_item(scheme).pk, "score": "10"}).status_code == 403
    assert client.get(reverse("evaluation:publish", args=[evaluation.pk])).status_code == 403
    assert client.get(reverse("evaluation:scheme_edit", args=[scheme.pk])).status_code == 403
    assert client.get(reverse("evaluation:scheme_create")).status_code == 403
    assert client.get(reverse("evaluation:export", args=[evaluation.pk])).status_code == 200
    assert not ManualScore.objects.exists()


def test_other_office_gets_404(client, users, tree, evaluation, scheme):
    client.force_login(users["b_office"])
    assert "2026年度市直部门考核" not in client.get(reverse("evaluation:index")).content.decode()
    for url in [reverse("evaluation:detail", args=[evaluation.pk]), reverse("evaluation:scheme", args=[scheme.pk]),
                reverse("evaluation:export", args=[evaluation.pk]),
                reverse("evaluation:body", args=[evaluation.pk, tree["city_edu"].pk]),
                reverse("evaluation:indicator_edit", args=[manual_item(scheme).pk])]:
        assert client.get(url).status_code == 404, url
    client.force_login(users["office"])
    assert client.get(reverse("evaluation:body", args=[evaluation.pk, tree["dist_b"].pk])).status_code == 404
    client.force_login(users["handler"])
    assert client.get(reverse("evaluation:index")).status_code == 403


def test_evaluation_form(client, users, tree, scheme):
    client.force_login(users["office"])
    url = reverse("evaluation:create", args=[scheme.pk])
    form = client.get(url)
    assert form.status_code == 200 and "甲市教育局" in form.content.decode()
    response = client.post(url, {"name": "上半年考核", "start": "2026-01-01", "end": "2026-06-30",
                                 "bodies": [tree["city_edu"].pk, tree["dist_a"].pk]})
    evaluation = Evaluation.objects.get(name="上半年考核")
    assert response.status_code == 302 and set(evaluation.bodies.values_list("code", flat=True)) == {"C-JYJ", "A"}
    response = client.post(url, {"name": "x", "start": "2026-06-30", "end": "2026-01-01",
                                 "bodies": [tree["city_edu"].pk]})
    assert response.status_code == 200 and "不能早于开始" in response.content.decode()
    services.set_manual_score(users["office"], evaluation.pk, org=tree["dist_a"], indicator=manual_item(scheme),
                              score="10")
    assert client.get(reverse("evaluation:detail", args=[evaluation.pk])).status_code == 200
