"""The services of 意见征集: the period, identity and moderation rules, feedback counts, the final policy,
permissions (the 监督员 reads only, other bodies are 404) and the optimistic version."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from gongkai.audit.models import AuditEvent
from gongkai.consultations import selectors, services
from gongkai.consultations.models import Comment, Consultation
from gongkai.core.errors import ConflictError
from gongkai.core.models import Counter
from gongkai.portal import pagecache
from gongkai.testing import FIXED_TODAY

from .conftest import comment, draft_data, submit_during

pytestmark = pytest.mark.django_db
D = dt.timedelta


# ---------------------------------------------------------------------------------------------------------
# creating and publishing


def test_create_sanitises_body_and_stays_private_until_published(publisher, tree):
    c = services.create_consultation(publisher, org=tree["city_edu"], **draft_data())
    assert c.status == "draft" and "<script>" not in c.body_html and "第一条" in c.body_html
    assert not selectors.public_consultations(FIXED_TODAY).filter(pk=c.pk).exists()
    assert AuditEvent.objects.filter(action="consultations.consultation.create", object_id=str(c.pk)).exists()
    c = services.publish(publisher, c.pk, version=c.version)
    assert c.status == "published" and c.phase(FIXED_TODAY) == "open"
    assert selectors.public_consultations(FIXED_TODAY).filter(pk=c.pk).exists()


def test_period_validation(publisher, tree):
    with pytest.raises(ValidationError) as e:
        services.create_consultation(publisher, org=tree["city_edu"],
                                     **draft_data(ends_on=FIXED_TODAY - D(days=6)))
    assert "ends_on" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.create_consultation(publisher, org=tree["city_edu"], **draft_data(starts_on="2026-13-01"))
    assert "starts_on" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.create_consultation(publisher, org=tree["city_edu"], **draft_data(body_html="<script>x</script>"))
    assert "body_html" in e.value.message_dict
    assert not Consultation.objects.exists()


def test_publish_refuses_a_period_already_over(make_consultation, publisher):
    c = make_consultation(publish=False, starts_on=FIXED_TODAY - D(days=30), ends_on=FIXED_TODAY - D(days=1))
    with pytest.raises(ValidationError):
        services.publish(publisher, c.pk, version=c.version)
    assert Consultation.objects.get(pk=c.pk).status == "draft"


def test_upcoming_consultation_is_not_public_before_its_start(make_consultation):
    c = make_consultation(starts_on=FIXED_TODAY + D(days=3), ends_on=FIXED_TODAY + D(days=33))
    assert c.phase(FIXED_TODAY) == "upcoming"
    assert not selectors.public_consultations(FIXED_TODAY).filter(pk=c.pk).exists()
    assert selectors.public_consultations(FIXED_TODAY + D(days=3)).filter(pk=c.pk).exists()


# ---------------------------------------------------------------------------------------------------------
# period and identity rules for comments


def test_comments_only_within_the_period(make_consultation, monkeypatch):
    c = make_consultation(starts_on=FIXED_TODAY - D(days=5), ends_on=FIXED_TODAY + D(days=5))
    with pytest.raises(ValidationError, match="尚未开始"):
        submit_during(c, monkeypatch, FIXED_TODAY - D(days=6))
    assert submit_during(c, monkeypatch, FIXED_TODAY - D(days=5)).pk  # first day included
    assert submit_during(c, monkeypatch, FIXED_TODAY + D(days=5)).pk  # last day included
    with pytest.raises(ValidationError, match="已于2026年6月20日截止"):
        submit_during(c, monkeypatch, FIXED_TODAY + D(days=6))
    assert Comment.objects.filter(consultation=c).count() == 2


def test_comments_refused_on_drafts_and_after_closing_early(make_consultation, publisher):
    draft = make_consultation(publish=False)
    with pytest.raises(Http404):
        comment(draft)
    c = make_consultation()
    c = services.close_early(publisher, c.pk, version=c.version, reason="上级文件调整，暂停起草。")
    assert c.phase(FIXED_TODAY) == "ended" and c.effective_end == FIXED_TODAY
    with pytest.raises(ValidationError, match="截止"):
        comment(c)
    assert not Comment.objects.exists()


def test_identity_required_or_optional(make_consultation):
    strict = make_consultation(name_rule="required", contact_rule="required")
    with pytest.raises(ValidationError) as e:
        comment(strict, name="", contact="  ")
    assert set(e.value.message_dict) == {"name", "contact"}
    assert comment(strict).name == "张三"
    loose = make_consultation()
    assert comment(loose, name="", contact="").pk


def test_content_required_and_limited(open_consultation):
    with pytest.raises(ValidationError) as e:
        comment(open_consultation, content="   ")
    assert "content" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        comment(open_consultation, content="意" * 2001)
    assert "content" in e.value.message_dict
    assert comment(open_consultation, content="意" * 2000).pk


def test_client_address_is_stored_only_as_a_keyed_hash(open_consultation):
    c = comment(open_consultation, client="203.0.113.7")
    assert c.client_hash and "203.0.113.7" not in c.client_hash
    assert c.client_hash == comment(open_consultation, client="203.0.113.7").client_hash
    assert c.client_hash != comment(open_consultation, client="203.0.113.8").client_hash
    event = AuditEvent.objects.get(action="consultations.comment.submit", object_id=str(c.pk))
    assert event.ip == "" and "203.0.113.7" not in str(event.after)


# ---------------------------------------------------------------------------------------------------------
# moderation


def test_only_approved_comments_are_public(open_consultation, staff):
    pending = comment(open_consultation, content="待审核的意见")
    rejected = comment(open_consultation, content="广告内容")
    approved = comment(open_consultation, content="有用的意见")
    assert list(selectors.public_comments(open_consultation)) == []
    services.moderate_comment(staff["approver"], rejected.pk, decision="rejected", reason="与征求意见稿无关。")
    services.moderate_comment(staff["approver"], approved.pk, decision="approved")
    assert list(selectors.public_comments(open_consultation)) == [approved]
    rejected.refresh_from_db()
    pending.refresh_from_db()
    assert rejected.moderation_reason == "与征求意见稿无关。" and pending.moderation == "pending"


def test_reject_needs_a_reason_and_decision_must_be_known(open_consultation, staff):
    c = comment(open_consultation)
    with pytest.raises(ValidationError) as e:
        services.moderate_comment(staff["approver"], c.pk, decision="rejected", reason="")
    assert "reason" in e.value.message_dict
    with pytest.raises(ValidationError):
        services.moderate_comment(staff["approver"], c.pk, decision="shown")
    assert Comment.objects.get(pk=c.pk).moderation == "pending"


def test_handle_comment_reply_topic_adoption_and_version(open_consultation, staff):
    c = comment(open_consultation)
    done = services.handle_comment(staff["approver"], c.pk, version=c.version, reply="感谢，已研究。",
                                   topic="服务时间", adoption="partial")
    assert (done.reply, done.topic, done.adoption, done.replied_by) == ("感谢，已研究。", "服务时间", "partial",
                                                                       staff["approver"])
    with pytest.raises(ConflictError):
        services.handle_comment(staff["approver"], c.pk, version=c.version, reply="旧版本")
    with pytest.raises(ValidationError):
        services.handle_comment(staff["approver"], c.pk, version=done.version, adoption="maybe")
    assert Comment.objects.get(pk=c.pk).reply == "感谢，已研究。"


# ---------------------------------------------------------------------------------------------------------
# feedback


def test_feedback_only_after_the_period(open_consultation, publisher):
    with pytest.raises(ValidationError, match="截止后"):
        services.publish_feedback(publisher, open_consultation.pk, version=open_consultation.version,
                                  feedback_text="采纳情况")
    assert Consultation.objects.get(pk=open_consultation.pk).status == "published"


def test_feedback_counts_and_freeze(ended, publisher, staff, monkeypatch):
    during = FIXED_TODAY - D(days=15)
    rows = [("approved", "adopted"), ("approved", "adopted"), ("approved", "partial"), ("approved", "not_adopted"),
            ("approved", "na"), ("rejected", "")]
    comments = []
    for moderation, adoption in rows:
        c = submit_during(ended, monkeypatch, during)
        c = services.moderate_comment(staff["office"], c.pk, decision=moderation,
                                      reason="无关内容" if moderation == "rejected" else "")
        comments.append((c, adoption))
    pending = submit_during(ended, monkeypatch, during)

    with pytest.raises(ValidationError, match="1 条意见待审核"):
        services.publish_feedback(publisher, ended.pk, version=ended.version, feedback_text="说明")
    services.moderate_comment(staff["office"], pending.pk, decision="approved")
    with pytest.raises(ValidationError, match="6 条已通过的意见未标注"):
        services.publish_feedback(publisher, ended.pk, version=ended.version, feedback_text="说明")
    pending.refresh_from_db()
    services.handle_comment(publisher, pending.pk, version=pending.version, adoption="not_adopted")
    for c, adoption in comments:
        if adoption:
            c.refresh_from_db()
            services.handle_comment(publisher, c.pk, version=c.version, adoption=adoption, reply="答复")
    with pytest.raises(ValidationError) as e:
        services.publish_feedback(publisher, ended.pk, version=ended.version, feedback_text="  ")
    assert "feedback_text" in e.value.message_dict

    done = services.publish_feedback(publisher, ended.pk, version=ended.version, feedback_text="采纳情况说明")
    assert done.status == "concluded" and done.phase(FIXED_TODAY) == "concluded"
    assert (done.count_received, done.count_rejected, done.count_adopted, done.count_partial,
            done.count_not_adopted, done.count_na) == (7, 1, 2, 1, 2, 1)
    assert "收到意见7条" in done.counts_text and "采纳2条" in done.counts_text

    first = comments[0][0]
    first.refresh_from_db()
    with pytest.raises(ValidationError, match="已固定"):
        services.handle_comment(publisher, first.pk, version=first.version, adoption="not_adopted")
    with pytest.raises(ValidationError, match="已固定"):
        services.moderate_comment(staff["office"], first.pk, decision="rejected", reason="改主意")
    assert Comment.objects.get(pk=first.pk).adoption == "adopted"


# ---------------------------------------------------------------------------------------------------------
# the final policy


def test_link_final_policy_rules(ended, open_consultation, publisher, tree, make_item):
    own = make_item(tree["city_edu"])
    other_body = make_item(tree["city_office"])
    unpublished = make_item(tree["city_edu"], status="draft")
    with pytest.raises(ValidationError, match="征集期结束后"):
        services.link_final_policy(publisher, open_consultation.pk, version=open_consultation.version, item=own.pk)
    for wrong in (other_body, unpublished):
        with pytest.raises(ValidationError) as e:
            services.link_final_policy(publisher, ended.pk, version=ended.version, item=wrong.index_no)
        assert "item" in e.value.message_dict
    before = pagecache.version()
    linked = services.link_final_policy(publisher, ended.pk, version=ended.version, item=own.index_no)
    assert linked.final_item == own and selectors.for_final_item(own) == linked
    assert pagecache.version() > before  # the cached item page now names the consultation
    cleared = services.link_final_policy(publisher, ended.pk, version=linked.version, item="")
    assert cleared.final_item is None and Counter.objects.filter(key=pagecache.KEY).exists()


# ---------------------------------------------------------------------------------------------------------
# permissions and versions


def test_supervisor_reads_but_cannot_change(open_consultation, staff, tree):
    assert selectors.visible_consultations(staff["supervisor"]).filter(pk=open_consultation.pk).exists()
    c = comment(open_consultation)
    with pytest.raises(PermissionDenied):
        services.create_consultation(staff["supervisor"], org=tree["city_edu"], **draft_data())
    with pytest.raises(PermissionDenied):
        services.close_early(staff["supervisor"], open_consultation.pk, version=open_consultation.version,
                             reason="试试")
    with pytest.raises(PermissionDenied):
        services.moderate_comment(staff["supervisor"], c.pk, decision="approved")
    with pytest.raises(PermissionDenied):
        services.handle_comment(staff["supervisor"], c.pk, version=c.version, reply="试试")
    assert Comment.objects.get(pk=c.pk).moderation == "pending"
    assert Consultation.objects.get(pk=open_consultation.pk).status == "published"


def test_other_bodies_are_not_found(open_consultation, staff, tree):
    c = comment(open_consultation)
    for user in (staff["outsider"], staff["handler"]):  # another district; a role without access
        assert not selectors.visible_consultations(user).exists()
        with pytest.raises(Http404):
            services.moderate_comment(user, c.pk, decision="approved")
        with pytest.raises(Http404):
            services.publish(user, open_consultation.pk, version=open_consultation.version)
    with pytest.raises(Http404):
        services.create_consultation(staff["outsider"], org=tree["city_edu"], **draft_data())


def test_approver_moderates_but_does_not_manage(open_consultation, staff):
    with pytest.raises(PermissionDenied):
        services.close_early(staff["approver"], open_consultation.pk, version=open_consultation.version,
                             reason="x")
    c = comment(open_consultation)
    assert services.moderate_comment(staff["approver"], c.pk, decision="approved").moderation == "approved"


def test_concurrent_edit_conflict(open_consultation, publisher, staff):
    stale = open_consultation.version
    services.update_consultation(staff["office"], open_consultation.pk, version=stale,
                                 **draft_data(title="第一次修改"))
    with pytest.raises(ConflictError):
        services.update_consultation(publisher, open_consultation.pk, version=stale, **draft_data(title="第二次修改"))
    assert Consultation.objects.get(pk=open_consultation.pk).title == "第一次修改"


def test_update_rules_once_published(open_consultation, publisher, ended):
    v = open_consultation.version
    with pytest.raises(ValidationError) as e:
        services.update_consultation(publisher, open_consultation.pk, version=v,
                                     **draft_data(starts_on=FIXED_TODAY - D(days=1)))
    assert "starts_on" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.update_consultation(publisher, open_consultation.pk, version=v,
                                     **draft_data(ends_on=FIXED_TODAY - D(days=1)))
    assert "ends_on" in e.value.message_dict
    longer = services.update_consultation(publisher, open_consultation.pk, version=v,
                                          **draft_data(ends_on=FIXED_TODAY + D(days=40)))
    assert longer.ends_on == FIXED_TODAY + D(days=40)
    with pytest.raises(ValidationError, match="已结束"):
        services.update_consultation(publisher, ended.pk, version=ended.version,
                                     **draft_data(starts_on=ended.starts_on, ends_on=ended.ends_on))


def test_delete_only_drafts(make_consultation, publisher):
    draft = make_consultation(publish=False)
    published = make_consultation()
    with pytest.raises(ValidationError):
        services.delete_draft(publisher, published.pk, version=published.version)
    services.delete_draft(publisher, draft.pk, version=draft.version)
    assert list(Consultation.objects.values_list("pk", flat=True)) == [published.pk]
    assert AuditEvent.objects.filter(action="consultations.consultation.delete", object_id=str(draft.pk)).exists()
