"""Staff screens of 主动公开: draft → review → approve through the pages, and the column structure."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.disclosure import services
from gongkai.disclosure.codes import ItemStatus
from gongkai.disclosure.models import CatalogNode, Guide, Item

from .conftest import item_data

pytestmark = pytest.mark.django_db


def form_data(tree, **overrides):
    data = item_data(**overrides)
    data.update(org=tree["city_edu"].pk, validity="valid")
    return data


def test_draft_review_approve_through_pages(client, desk, tree):
    client.force_login(desk["publisher"])
    pdf = SimpleUploadedFile("通知.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = client.post(reverse("disclosure:create"), {**form_data(tree), "attachments": pdf})
    item = Item.objects.get()
    assert response.status_code == 302 and item.attachments.count() == 1
    page = client.get(reverse("disclosure:detail", args=[item.pk])).content.decode()
    assert "提交保密审查" in page and "审批通过" not in page
    client.post(reverse("disclosure:action", args=[item.pk, "submit"]), {"version": item.version})
    item.refresh_from_db()
    client.force_login(desk["reviewer"])
    client.post(reverse("disclosure:action", args=[item.pk, "secrecy_pass"]), {"version": item.version,
                                                                               "comment": "不涉密"})
    item.refresh_from_db()
    client.force_login(desk["approver"])
    client.post(reverse("disclosure:action", args=[item.pk, "approve"]), {"version": item.version})
    item.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED
    page = client.get(reverse("disclosure:detail", args=[item.pk])).content.decode()
    for label in ("起草", "提交保密审查", "保密审查通过", "审批通过", "不涉密"):
        assert label in page


def test_bad_attachment_is_refused_and_nothing_half_saved(client, desk, tree):
    client.force_login(desk["publisher"])
    exe = SimpleUploadedFile("通知.pdf", b"MZ\x90\x00" + b"\x00" * 64, content_type="application/pdf")
    response = client.post(reverse("disclosure:create"), {**form_data(tree), "attachments": exe})
    assert response.status_code == 200 and "实际内容不是允许的类型" in response.content.decode()


def test_title_with_script_is_escaped_on_staff_pages(client, desk, tree):
    item = services.create_item(desk["publisher"], org=tree["city_edu"],
                                data=item_data(title="<script>alert(1)</script>通知"))
    client.force_login(desk["publisher"])
    for url in (reverse("disclosure:list"), reverse("disclosure:detail", args=[item.pk])):
        text = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;通知" in text


def test_reviewer_of_other_body_gets_404_page(client, desk, tree):
    item = services.create_item(desk["publisher"], org=tree["city_edu"], data=item_data())
    client.force_login(desk["other_reviewer"])
    assert client.get(reverse("disclosure:detail", args=[item.pk])).status_code == 404


def test_approve_page_demands_sync_reason(client, desk, tree):
    item = services.create_item(desk["publisher"], org=tree["city_edu"], data=item_data(doc_type="normative"))
    services.submit(desk["publisher"], item.pk)
    services.secrecy_pass(desk["reviewer"], item.pk)
    client.force_login(desk["approver"])
    url = reverse("disclosure:action", args=[item.pk, "approve"])
    assert "尚无政策解读" in client.get(url).content.decode()
    item.refresh_from_db()
    response = client.post(url, {"version": item.version})
    assert "解读尚未通过保密审查" in response.content.decode()
    item.refresh_from_db()
    assert item.status == ItemStatus.APPROVAL


def test_column_structure_pages(client, desk, tree):
    client.force_login(desk["office"])
    org = tree["city_edu"]
    client.post(reverse("disclosure:catalog_new", args=[org.pk]), {
        "name": "规范性文件", "kind": "statutory", "article20_item": 1, "update_every_days": 180})
    assert CatalogNode.objects.get(org=org).update_every_days == 180
    bad = client.post(reverse("disclosure:catalog_new", args=[org.pk]), {"name": "法规", "kind": "statutory"})
    assert "须对应第二十条" in bad.content.decode()
    response = client.post(reverse("disclosure:guide", args=[org.pk]), {"office_name": "办公室"})
    assert response.status_code == 200 and "has-error" in response.content.decode() and not Guide.objects.exists()
    client.post(reverse("disclosure:guide", args=[org.pk]), {
        "classification": "按主题和文种分类", "how_to_obtain": "主动公开和依申请公开", "office_name": "甲市教育局办公室",
        "address": "甲市人民路1号", "hours": "工作日", "phone": "0000-1234567"})
    assert Guide.objects.get(org=org).office_name == "甲市教育局办公室"
    page = client.get(reverse("disclosure:column") + f"?org={org.pk}").content.decode()
    assert "规范性文件" in page and "甲市教育局办公室" in page


def test_stale_column_is_flagged(client, desk, tree):
    from gongkai.disclosure import column

    org = tree["city_edu"]
    node = column.save_catalog_node(desk["office"], org=org, data={"name": "工作动态", "update_every_days": 14})
    item = services.create_item(desk["publisher"], org=org, data=item_data(catalog_node=node.pk, doc_type="news"))
    services.submit(desk["publisher"], item.pk)
    services.secrecy_pass(desk["reviewer"], item.pk)
    services.approve(desk["approver"], item.pk)
    client.force_login(desk["office"])
    assert "超期未更新" not in client.get(reverse("disclosure:column") + f"?org={org.pk}").content.decode()
    from datetime import timedelta

    from django.utils import timezone
    Item.objects.filter(pk=item.pk).update(published_at=timezone.now() - timedelta(days=30))
    assert "超期未更新" in client.get(reverse("disclosure:column") + f"?org={org.pk}").content.decode()
