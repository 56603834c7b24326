"""The public 执法决定公示 list: searchable, filtered, natural persons masked."""

import datetime as dt

import pytest
from django.urls import reverse

from gongkai.registers.models import Decision

pytestmark = pytest.mark.django_db


@pytest.fixture
def decisions(tree):
    org = tree["city_edu"]
    rows = [
        Decision(org=org, kind="penalty", decision_no="甲教罚〔2026〕1号", decided_on=dt.date(2026, 3, 2),
                 subject_name="王小明", subject_kind="natural_person", subject_id="110105194912310021",
                 summary="违规举办校外培训", result="警告"),
        Decision(org=org, kind="licensing", decision_no="甲教许〔2025〕9号", decided_on=dt.date(2025, 5, 6),
                 subject_name="甲市启明培训学校", subject_kind="legal_person", subject_id="91350100M000100Y43",
                 summary="民办学校办学许可", result="准予许可"),
    ]
    Decision.objects.bulk_create(rows)
    return rows


def test_lists_and_masks_people(client, tree, decisions):
    text = client.get(reverse("portal:body_decisions", args=[tree["city_edu"].code])).content.decode()
    assert "甲教罚〔2026〕1号" in text and "王**" in text and "王小明" not in text
    assert "110105194912310021" not in text and "甲市启明培训学校" in text


def test_search_and_filters(client, tree, decisions):
    url = reverse("portal:body_decisions", args=[tree["city_edu"].code])
    text = client.get(url, {"q": "校外培训"}).content.decode()
    assert "甲教罚〔2026〕1号" in text and "甲教许〔2025〕9号" not in text
    text = client.get(url, {"kind": "licensing", "year": "2025"}).content.decode()
    assert "甲教许〔2025〕9号" in text and "甲教罚〔2026〕1号" not in text
    # A person's full name finds nothing: it is never published.
    assert "共 0 条" in client.get(url, {"q": "王小明"}).content.decode()
    assert client.get(url, {"kind": "<script>", "year": "abc"}).status_code == 200
