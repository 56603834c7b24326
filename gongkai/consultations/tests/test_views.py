"""Pages of 意见征集: the public list and page with the comment form (CSRF, rate limit, robot trap, nothing
unmoderated shown), the portal's body home and item page, and the staff screens (scope, read-only 监督员,
moderation queue, masking of contacts, exports, confirmations)."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.consultations import services
from gongkai.consultations.models import Comment, Consultation
from gongkai.testing import FIXED_TODAY

from .conftest import comment

pytestmark = pytest.mark.django_db
D = dt.timedelta
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def public_url(c):
    return reverse("consultations_public:detail", args=[c.pk])


def post_comment(client, c, **overrides):
    data = {"name": "王五", "contact": "13911112222", "content": "建议每周增加一次体育活动。", "website": ""}
    data.update(overrides)
    return client.post(public_url(c), data)


# ---------------------------------------------------------------------------------------------------------
# public pages


def test_public_list_shows_published_not_drafts_and_filters_by_body(client, make_consultation, tree):
    make_consultation(title="公开征求课后服务意见")
    make_consultation(publish=False, title="尚未发布的草稿")
    other = make_consultation(org=None, title="另一机关的征集")
    Consultation.objects.filter(pk=other.pk).update(org=tree["city_office"])
    response = client.get(reverse("consultations_public:index"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "公开征求课后服务意见" in text and "另一机关的征集" in text and "尚未发布的草稿" not in text
    assert 'aria-current="page">意见征集' in text  # the portal nav marks the section
    text = client.get(reverse("consultations_public:index"), {"org": "C-JYJ"}).content.decode()
    assert "公开征求课后服务意见" in text and "另一机关的征集" not in text


def test_draft_page_is_not_found(client, make_consultation):
    assert client.get(public_url(make_consultation(publish=False))).status_code == 404


def test_public_comment_is_held_for_moderation_then_shown(client, open_consultation, staff):
    response = post_comment(client, open_consultation)
    assert response.status_code == 302
    saved = Comment.objects.get()
    assert saved.moderation == "pending" and saved.contact == "13911112222"
    page = client.get(public_url(open_consultation)).content.decode()
    assert "经审核后在本页公开显示" in page and "建议每周增加一次体育活动" not in page
    services.moderate_comment(staff["approver"], saved.pk, decision="approved")
    saved.refresh_from_db()
    services.handle_comment(staff["approver"], saved.pk, version=saved.version, reply="感谢您的建议。")
    page = client.get(public_url(open_consultation)).content.decode()
    assert "建议每周增加一次体育活动" in page and "感谢您的建议。" in page
    assert "王*" in page and "王五" not in page and "13911112222" not in page


def test_rejected_comment_never_shown(client, open_consultation, staff):
    c = comment(open_consultation, content="这是一条广告")
    services.moderate_comment(staff["approver"], c.pk, decision="rejected", reason="广告")
    assert "这是一条广告" not in client.get(public_url(open_consultation)).content.decode()


def test_public_form_requires_csrf(open_consultation):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(public_url(open_consultation), {"content": "没有令牌的意见"})
    assert response.status_code == 403 and not Comment.objects.exists()


def test_required_identity_errors_on_the_form(client, make_consultation):
    c = make_consultation(name_rule="required", contact_rule="required")
    response = post_comment(client, c, name="", contact="")
    text = response.content.decode()
    assert response.status_code == 200 and "本次征集要求填写姓名" in text and "本次征集要求填写联系方式" in text
    assert not Comment.objects.exists()


def test_rate_limit_refuses_the_sixth_comment_in_ten_minutes(client, open_consultation):
    for i in range(5):
        assert post_comment(client, open_consultation, content=f"第{i}条意见").status_code == 302
    response = post_comment(client, open_consultation, content="第六条意见")
    assert response.status_code == 429 and "Retry-After" in response
    assert "10分钟内最多可提交意见5次" in response.content.decode()
    assert Comment.objects.count() == 5


def test_robot_trap_keeps_nothing(client, open_consultation):
    response = post_comment(client, open_consultation, website="http://spam.example")
    assert response.status_code == 302 and not Comment.objects.exists()


def test_no_form_and_no_comment_after_the_end(client, ended):
    page = client.get(public_url(ended)).content.decode()
    assert "提交意见</button>" not in page and "已截止" in page
    response = post_comment(client, ended)
    assert response.status_code == 302 and not Comment.objects.exists()


def test_feedback_and_final_policy_on_the_public_page_and_the_item_page(client, ended, publisher, make_item, tree):
    item = make_item(tree["city_edu"], title="甲市中小学课后服务管理办法（正式）")
    c = services.publish_feedback(publisher, ended.pk, version=ended.version, feedback_text="未收到意见。")
    services.link_final_policy(publisher, c.pk, version=c.version, item=item.index_no)
    page = client.get(public_url(c)).content.decode()
    assert "意见采纳情况" in page and "收到意见0条" in page and "未收到意见。" in page
    assert reverse("portal:item", args=[item.index_no]) in page
    item_page = client.get(reverse("portal:item", args=[item.index_no])).content.decode()
    assert "公开征求意见" in item_page and public_url(c) in item_page


def test_body_home_lists_open_consultations(client, open_consultation, ended, tree):
    text = client.get(reverse("portal:body", args=["C-JYJ"])).content.decode()
    assert public_url(open_consultation) in text and public_url(ended) not in text


def test_public_attachment_download(client, open_consultation, publisher, make_consultation):
    a = services.add_attachment(publisher, open_consultation.pk, SimpleUploadedFile("草案.pdf", PDF))
    response = client.get(reverse("consultations_public:attachment", args=[open_consultation.pk, a.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    draft = make_consultation(publish=False)
    b = services.add_attachment(publisher, draft.pk, SimpleUploadedFile("草案.pdf", PDF))
    assert client.get(reverse("consultations_public:attachment", args=[draft.pk, b.pk])).status_code == 404
    with pytest.raises(Exception, match="不是允许的类型"):
        services.add_attachment(publisher, draft.pk, SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf"))


# ---------------------------------------------------------------------------------------------------------
# staff pages


def test_staff_list_scope_and_create_button(client, open_consultation, staff, publisher):
    client.force_login(publisher)
    text = client.get(reverse("consultations:index")).content.decode()
    assert open_consultation.title in text and "发起意见征集" in text
    client.force_login(staff["supervisor"])
    text = client.get(reverse("consultations:index")).content.decode()
    assert open_consultation.title in text and "发起意见征集" not in text
    client.force_login(staff["outsider"])  # 审核人 of district B: an empty list, the page is a 404
    response = client.get(reverse("consultations:index"))
    assert response.status_code == 200 and open_consultation.title not in response.content.decode()
    assert client.get(reverse("consultations:detail", args=[open_consultation.pk])).status_code == 404
    client.force_login(staff["handler"])  # 承办人 only: not a user of this module
    assert client.get(reverse("consultations:index")).status_code == 403


def test_staff_detail_of_another_body_is_404(client, open_consultation, make_user, tree):
    from gongkai.orgs.models import Role, ScopeMode

    other = make_user("b_publisher", memberships=[(tree["dist_b"], Role.PUBLISHER, ScopeMode.SUBTREE)])
    client.force_login(other)
    assert client.get(reverse("consultations:detail", args=[open_consultation.pk])).status_code == 404
    assert client.get(reverse("consultations:comments_export", args=[open_consultation.pk])).status_code == 404


def test_create_edit_publish_through_the_pages(client, publisher, tree):
    client.force_login(publisher)
    data = {"org": tree["city_edu"].pk, "title": "征求意见稿", "summary": "", "body_html": "<p>正文</p>",
            "starts_on": FIXED_TODAY.isoformat(), "ends_on": (FIXED_TODAY - D(days=1)).isoformat(),
            "name_rule": "optional", "contact_rule": "required"}
    response = client.post(reverse("consultations:create"), data)
    assert response.status_code == 200 and "截止日期不能早于开始日期" in response.content.decode()
    data["ends_on"] = (FIXED_TODAY + D(days=30)).isoformat()
    response = client.post(reverse("consultations:create"), data)
    c = Consultation.objects.get()
    assert response.status_code == 302 and c.contact_rule == "required"
    response = client.post(reverse("consultations:edit", args=[c.pk]), {**data, "title": "新标题", "version": 99})
    assert "已被他人修改" in response.content.decode() and Consultation.objects.get().title == "征求意见稿"
    client.post(reverse("consultations:edit", args=[c.pk]), {**data, "title": "新标题", "version": c.version})
    c.refresh_from_db()
    assert c.title == "新标题"
    assert "确定发布" in client.get(reverse("consultations:publish", args=[c.pk])).content.decode()
    client.post(reverse("consultations:publish", args=[c.pk]), {"confirm": "yes", "version": c.version})
    assert Consultation.objects.get().status == "published"


def test_moderation_queue_pending_first_and_contacts_masked(client, open_consultation, staff):
    first = comment(open_consultation, content="第一条，已通过", contact="13812345678")
    services.moderate_comment(staff["office"], first.pk, decision="approved")
    comment(open_consultation, content="第二条，待审核", contact="13812345678")
    url = reverse("consultations:detail", args=[open_consultation.pk])
    client.force_login(staff["approver"])
    text = client.get(url).content.decode()
    assert text.index("第二条，待审核") < text.index("第一条，已通过")
    assert "13812345678" not in text and "138******78" in text
    client.force_login(staff["office"])
    assert "13812345678" in client.get(url).content.decode()


def test_moderate_and_handle_through_the_pages(client, open_consultation, staff):
    c = comment(open_consultation)
    client.force_login(staff["supervisor"])
    url = reverse("consultations:comment_moderate", args=[open_consultation.pk, c.pk])
    assert client.post(url, {"decision": "approved"}).status_code == 403
    assert "comment_moderate" not in client.get(reverse("consultations:detail", args=[open_consultation.pk])).content.decode()
    client.force_login(staff["approver"])
    response = client.post(url, {"decision": "rejected", "reason": ""}, follow=True)
    assert "请填写不予显示理由" in response.content.decode()
    client.post(url, {"decision": "approved"})
    c.refresh_from_db()
    assert c.moderation == "approved"
    handle = reverse("consultations:comment_handle", args=[open_consultation.pk, c.pk])
    client.post(handle, {f"c{c.pk}-reply": "已收到", f"c{c.pk}-topic": "服务时间", f"c{c.pk}-adoption": "adopted",
                         f"c{c.pk}-version": c.version})
    c.refresh_from_db()
    assert (c.reply, c.topic, c.adoption) == ("已收到", "服务时间", "adopted")


def test_feedback_page_publishes(client, ended, publisher):
    client.force_login(publisher)
    url = reverse("consultations:feedback", args=[ended.pk])
    assert "发布采纳情况" in client.get(url).content.decode()
    client.post(url, {"feedback_text": "草稿说明", "version": ended.version, "action": "save"})
    ended.refresh_from_db()
    assert ended.feedback_text == "草稿说明" and ended.status == "published"
    client.post(url, {"feedback_text": "正式说明", "version": ended.version, "action": "publish"})
    ended.refresh_from_db()
    assert ended.status == "concluded" and ended.feedback_text == "正式说明"


def test_exports(client, open_consultation, staff):
    comment(open_consultation, content="导出的意见", contact="13812345678")
    client.force_login(staff["approver"])
    response = client.get(reverse("consultations:comments_export", args=[open_consultation.pk]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][0] == "编号" and rows[1][4] == "导出的意见" and rows[1][3] == "138******78"
    response = client.get(reverse("consultations:export"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[1][1] == open_consultation.title and rows[1][5] == 1


def test_delete_draft_needs_confirmation(client, make_consultation, publisher):
    draft = make_consultation(publish=False)
    client.force_login(publisher)
    url = reverse("consultations:delete", args=[draft.pk])
    assert "确定删除" in client.get(url).content.decode()
    assert Consultation.objects.filter(pk=draft.pk).exists()
    client.post(url, {"confirm": "yes", "version": draft.version})
    assert not Consultation.objects.filter(pk=draft.pk).exists()
