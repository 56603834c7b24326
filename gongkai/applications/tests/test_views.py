"""Staff screens: queues, masking, the action pages the transitions table allows, registering."""

import datetime as dt

import pytest
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.codes import Status
from gongkai.applications.models import Application

from .conftest import FIXED_TODAY, payload

pytestmark = pytest.mark.django_db


def test_queue_masks_identity_and_flags_overdue(client, staff, tree):
    received = FIXED_TODAY - dt.timedelta(days=60)
    old, _ = services.register(staff["handler"], org=tree["city_edu"],
                               data=payload(channel="in_person", received_on=received.isoformat()))
    client.force_login(staff["office"])
    page = client.get(reverse("applications:queue"), {"queue": "overdue"})
    text = page.content.decode()
    assert old.tracking_no in text and "已超期" in text
    assert "张*" in text and "张三" not in text
    assert old.id_number not in text and old.phone not in text


def test_detail_shows_full_identity_only_to_handlers(client, staff, registered):
    client.force_login(staff["handler"])
    text = client.get(reverse("applications:detail", args=[registered.pk])).content.decode()
    assert registered.id_number in text and "收到申请起20个工作日" in text
    client.force_login(staff["supervisor"])
    text = client.get(reverse("applications:detail", args=[registered.pk])).content.decode()
    assert registered.id_number not in text and registered.id_number_masked in text
    assert "拟定答复" not in text  # a supervisor is read-only


def test_out_of_scope_application_is_404(client, staff, registered):
    client.force_login(staff["outsider"])
    assert client.get(reverse("applications:detail", args=[registered.pk])).status_code == 404
    assert client.get(reverse("applications:action", args=[registered.pk, "draft_reply"])).status_code == 404


def test_action_buttons_follow_the_transitions_table(client, staff, registered):
    client.force_login(staff["handler"])
    text = client.get(reverse("applications:detail", args=[registered.pk])).content.decode()
    for label in ("拟定答复", "发出补正告知", "征求意见"):
        assert label in text
    assert "审核通过答复" not in text and "延长答复期限" not in text
    client.force_login(staff["approver"])
    text = client.get(reverse("applications:detail", args=[registered.pk])).content.decode()
    assert "延长答复期限" in text and "拟定答复" not in text


def test_draft_approve_deliver_through_pages(client, staff, registered):
    url = reverse("applications:action", args=[registered.pk, "draft_reply"])
    client.force_login(staff["handler"])
    bad = client.post(url, {"outcome": "3.3.1", "version": registered.version})
    assert bad.status_code == 200 and "除予以公开外" in bad.content.decode()
    assert Application.objects.get(pk=registered.pk).status == Status.PROCESSING
    client.post(url, {"outcome": "3.1", "provided": "电子文档已发送至邮箱", "version": registered.version})
    app = Application.objects.get(pk=registered.pk)
    assert app.status == Status.REPLY_PENDING
    # The drafter is told why they cannot approve.
    text = client.get(reverse("applications:action", args=[app.pk, "approve_reply"])).content.decode()
    assert "只有本机关的审核人" in text
    client.force_login(staff["approver"])
    client.post(reverse("applications:action", args=[app.pk, "approve_reply"]), {"version": app.version})
    app.refresh_from_db()
    client.force_login(staff["handler"])
    client.post(reverse("applications:action", args=[app.pk, "deliver"]), {"method": "email", "version": app.version})
    app.refresh_from_db()
    assert (app.status, app.outcome, app.concluded_on) == (Status.CONCLUDED, "3.1", FIXED_TODAY)


def test_stale_form_is_refused(client, staff, registered):
    client.force_login(staff["handler"])
    services.add_note(staff["handler"], registered.pk, note="先加一条")
    response = client.post(reverse("applications:action", args=[registered.pk, "note"]),
                           {"note": "旧页面提交", "version": registered.version})
    assert "已被他人处理" in response.content.decode()
    assert not registered.events.filter(note="旧页面提交").exists()


def test_register_page(client, staff, tree):
    client.force_login(staff["handler"])
    data = payload(channel="in_person", received_on=FIXED_TODAY.isoformat(), org=tree["city_edu"].pk,
                   item_count=1)
    bad = client.post(reverse("applications:register"), {**data, "id_number": "123"})
    assert "18位" in bad.content.decode() and not Application.objects.exists()
    response = client.post(reverse("applications:register"), data, follow=True)
    app = Application.objects.get()
    assert "查询码" in response.content.decode() and app.tracking_no in response.content.decode()


def test_export_xlsx(client, staff, registered):
    client.force_login(staff["office"])
    response = client.get(reverse("applications:export"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    from io import BytesIO

    from openpyxl import load_workbook

    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "受理编号" and rows[1][0] == registered.tracking_no and rows[1][2] == "张*"


def test_register_lookup_shows_earlier_and_similar(client, staff, registered, tree):
    client.force_login(staff["handler"])
    response = client.get(reverse("applications:lookup"), {
        "org": tree["city_edu"].pk, "id_number": registered.id_number, "content": registered.content})
    text = response.content.decode()
    assert text.count(registered.tracking_no) == 2  # as an earlier application and as a similar request
    assert "本月该申请人已向甲市教育局申请 <strong>1</strong> 件" in text
    client.force_login(staff["outsider"])
    text = client.get(reverse("applications:lookup"), {
        "org": tree["city_edu"].pk, "id_number": registered.id_number}).content.decode()
    assert registered.tracking_no not in text
