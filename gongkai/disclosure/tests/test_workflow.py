"""The publishing workflow: 公开属性, 保密审查, 审批, 三同步, sanitising, scoping."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from gongkai.audit.models import AuditEvent
from gongkai.disclosure import selectors, services
from gongkai.disclosure.codes import ItemStatus
from gongkai.disclosure.services import ItemTransitionNotAllowed

from .conftest import item_data

pytestmark = pytest.mark.django_db


def through_review(desk, item):
    services.submit(desk["publisher"], item.pk)
    services.secrecy_pass(desk["reviewer"], item.pk, comment="不涉密")
    return item


def test_draft_to_published_with_audit_and_timeline(desk, tree):
    item = services.create_item(desk["publisher"], org=tree["city_edu"], data=item_data())
    assert item.index_no == f"C-JYJ/{timezone.localdate().year}-00001" and item.status == ItemStatus.DRAFT
    through_review(desk, item)
    item = services.approve(desk["approver"], item.pk)
    assert item.status == ItemStatus.PUBLISHED and item.published_at is not None
    assert list(item.events.values_list("action", flat=True)) == ["create", "submit", "secrecy_pass", "approve"]
    assert AuditEvent.objects.filter(action="disclosure.approve", object_id=str(item.pk)).exists()
    assert selectors.public_items().filter(pk=item.pk).exists()


def test_publisher_cannot_skip_secrecy_review(desk, tree):
    item = services.create_item(desk["publisher"], org=tree["city_edu"], data=item_data())
    with pytest.raises(ItemTransitionNotAllowed):
        services.approve(desk["approver"], item.pk)
    services.submit(desk["publisher"], item.pk)
    with pytest.raises(ItemTransitionNotAllowed, match="保密审查员"):
        services.secrecy_pass(desk["publisher"], item.pk)
    with pytest.raises(ItemTransitionNotAllowed, match="待保密审查"):
        services.approve(desk["approver"], item.pk)


def test_reviewer_of_another_body_gets_404(desk, tree):
    item = services.create_item(desk["publisher"], org=tree["city_edu"], data=item_data())
    services.submit(desk["publisher"], item.pk)
    with pytest.raises(Http404):
        services.secrecy_pass(desk["other_reviewer"], item.pk)


def test_disclosure_attribute_required_to_leave_draft(desk, tree):
    item = services.create_item(desk["publisher"], org=tree["city_edu"], data=item_data(disclosure=""))
    with pytest.raises(ValidationError) as exc:
        services.submit(desk["publisher"], item.pk)
    assert "公开属性未确定" in exc.value.message_dict["disclosure"][0]
    with pytest.raises(ValidationError) as exc:
        services.create_item(desk["publisher"], org=tree["city_edu"], data=item_data(disclosure="withheld"))
    assert {"withheld_ground", "withheld_reason"} <= set(exc.value.message_dict)


def test_withheld_item_is_recorded_and_comes_up_for_review(desk, tree):
    item = services.create_item(desk["publisher"], org=tree["city_edu"], data=item_data(
        disclosure="withheld", withheld_ground="art16_process", withheld_reason="属于内部讨论稿"))
    through_review(desk, item)
    item = services.approve(desk["approver"], item.pk)
    assert item.status == ItemStatus.RECORDED and item.next_review_on > timezone.localdate()
    assert not selectors.public_items().filter(pk=item.pk).exists()
    later = item.next_review_on
    assert selectors.withheld_due_for_review(desk["office"], later).filter(pk=item.pk).exists()
    item = services.review_withheld(desk["office"], item.pk, result="disclose", comment="情势变化，可以公开")
    assert item.status == ItemStatus.DRAFT and item.disclosure == "active"


def test_secrecy_return_needs_comment_and_goes_back_to_draft(desk, tree):
    item = services.create_item(desk["publisher"], org=tree["city_edu"], data=item_data())
    services.submit(desk["publisher"], item.pk)
    with pytest.raises(ValidationError):
        services.secrecy_return(desk["reviewer"], item.pk, comment="")
    item = services.secrecy_return(desk["reviewer"], item.pk, comment="第三段涉及个人信息，请删除")
    assert item.status == ItemStatus.DRAFT and item.events.last().comment == "第三段涉及个人信息，请删除"


def test_three_synchronisations(desk, tree):
    policy = services.create_item(desk["publisher"], org=tree["city_edu"],
                                  data=item_data(doc_type="normative", title="甲市义务教育学校招生管理办法"))
    through_review(desk, policy)
    with pytest.raises(ValidationError) as exc:
        services.approve(desk["approver"], policy.pk)
    assert "三同步" in exc.value.message_dict["sync_exception_reason"][0]
    interpretation = services.create_item(desk["publisher"], org=tree["city_edu"], data=item_data(
        doc_type="interpretation", title="《甲市义务教育学校招生管理办法》政策解读", interprets=policy.pk))
    through_review(desk, interpretation)
    policy = services.approve(desk["approver"], policy.pk)
    interpretation.refresh_from_db()
    assert policy.status == interpretation.status == ItemStatus.PUBLISHED
    assert policy.published_at == interpretation.published_at and policy.sync_exception_reason == ""
    assert list(selectors.interpretations_of(policy)) == [interpretation]


def test_sync_exception_is_recorded_and_listed(desk, tree):
    policy = services.create_item(desk["publisher"], org=tree["city_edu"],
                                  data=item_data(doc_type="regulation", title="甲市校外培训机构管理规定"))
    through_review(desk, policy)
    services.approve(desk["approver"], policy.pk, sync_exception_reason="解读材料正在征求专家意见，一周内发布")
    assert list(selectors.sync_exceptions(desk["office"])) == [policy]


def test_interpretation_must_name_its_policy(desk, tree):
    with pytest.raises(ValidationError) as exc:
        services.create_item(desk["publisher"], org=tree["city_edu"], data=item_data(doc_type="interpretation"))
    assert "interprets" in exc.value.message_dict


def test_body_is_sanitised(desk, tree):
    item = services.create_item(desk["publisher"], org=tree["city_edu"], data=item_data(
        body_html='<p onclick="x()">正文</p><script>alert(1)</script><a href="javascript:alert(2)">链接</a>'))
    assert "<script" not in item.body_html and "onclick" not in item.body_html
    assert "javascript:" not in item.body_html and "正文" in item.body_text


def test_scheduled_publication(desk, tree):
    item = services.create_item(desk["publisher"], org=tree["city_edu"], data=item_data())
    through_review(desk, item)
    later = timezone.now() + dt.timedelta(hours=2)
    item = services.approve(desk["approver"], item.pk, publish_at=later)
    assert item.status == ItemStatus.SCHEDULED and not selectors.public_items().filter(pk=item.pk).exists()
    assert selectors.public_items(now=later + dt.timedelta(minutes=1)).filter(pk=item.pk).exists()
    assert [i.pk for i in services.publish_scheduled(later + dt.timedelta(minutes=1))] == [item.pk]
    item.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED and item.published_at == later


def test_publish_deadline_and_late_flag(desk, tree):
    item = services.create_item(desk["publisher"], org=tree["city_edu"], data=item_data(formed_on="2026-03-02"))
    assert item.publish_due_on == dt.date(2026, 3, 30)
    assert selectors.late_items(desk["office"], timezone.localdate()).filter(pk=item.pk).exists()
    through_review(desk, item)
    item = services.approve(desk["approver"], item.pk)
    assert services.is_late(item)


def test_only_drafters_create(desk, tree):
    with pytest.raises(PermissionDenied):
        services.create_item(desk["reviewer"], org=tree["city_edu"], data=item_data())


def test_withdraw_and_validity(desk, tree):
    item = services.create_item(desk["publisher"], org=tree["city_edu"], data=item_data(doc_type="normative"))
    through_review(desk, item)
    services.approve(desk["approver"], item.pk, sync_exception_reason="解读另行发布")
    item = services.set_validity(desk["publisher"], item.pk, validity="repealed", on=timezone.localdate())
    assert item.validity == "repealed" and item.invalid_on == timezone.localdate()
    with pytest.raises(ValidationError):
        services.withdraw(desk["office"], item.pk, reason="")
    item = services.withdraw(desk["office"], item.pk, reason="发布错误")
    assert item.status == ItemStatus.WITHDRAWN and not selectors.public_items().filter(pk=item.pk).exists()
