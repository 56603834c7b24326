"""The public application form: both variants, the service's field errors, content-sniffed uploads, the
size guard, CSRF, and which bodies accept applications."""

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.applications.models import Application, Attachment, EventKind
from gongkai.orgs.models import Organization

from .conftest import (
    EXE,
    HTML,
    JPEG,
    PDF,
    PNG,
    apply_url,
    docx_bytes,
    org_post,
    person_post,
    resident_id,
    upload,
    uscc,
)

pytestmark = pytest.mark.django_db


def test_index_explains_and_lists_active_bodies_by_government(client, tree):
    Organization.objects.filter(pk=tree["dist_b_office"].pk).update(is_active=False)
    response = client.get(reverse("portal:apply_index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "20个工作日" in html and "第三十一条" in html and "信息处理费" in html
    # Groups in tree order, each body under its nearest government.
    city, dist_a, town = html.index("<h3>甲市人民政府</h3>"), html.index("<h3>甲市A区人民政府</h3>"), \
        html.index("<h3>A区甲镇人民政府</h3>")
    assert city < html.index("甲市教育局驻区工作站") < dist_a < html.index("A区人民政府办公室") < town
    assert html.index("甲镇党政综合办公室") > town
    assert apply_url(tree["city_edu"], "person") in html and apply_url(tree["city_edu"], "org") in html
    assert "B区人民政府办公室" not in html


def test_person_form_creates_submitted_application_with_attachments(client, tree, submit):
    response = submit(person_post(attachments=[upload("身份证正面.jpg", JPEG, "image/jpeg"),
                                               upload("委托书.pdf", PDF)]))
    assert response.status_code == 302 and response.url == reverse("portal:receipt")
    app = Application.objects.get()
    assert app.org == tree["city_edu"]
    assert (app.status, app.channel, app.applicant_kind, app.id_type) == ("submitted", "online", "natural_person",
                                                                          "resident_id")
    assert (app.applicant_name, app.id_number, app.info_form, app.delivery_method) == (
        "张三", resident_id(), "electronic", "email")
    assert app.received_on is None and not app.fee_waiver_requested
    assert sorted(app.attachments.values_list("original_name", "content_type")) == [
        ("委托书.pdf", "application/pdf"), ("身份证正面.jpg", "image/jpeg")]
    assert list(app.events.values_list("kind", flat=True)) == [EventKind.SUBMITTED]


def test_org_form_creates_application_of_the_chosen_kind(client, tree, submit):
    response = submit(org_post(fee_waiver_requested="on", attachments=[upload("营业执照.docx", docx_bytes())]),
                      kind="org")
    assert response.status_code == 302
    app = Application.objects.get()
    assert (app.applicant_kind, app.id_type, app.id_number, app.contact_person) == (
        "legal_service", "uscc", uscc(), "李四")
    assert app.fee_waiver_requested and app.delivery_method == "post" and app.purpose == "研究"
    assert app.attachments.get().content_type.endswith("wordprocessingml.document")


def test_org_form_has_no_natural_person_kind_and_needs_contact(client, tree, submit):
    html = client.get(apply_url(tree["city_edu"], "org")).content.decode()
    assert "统一社会信用代码" in html and 'value="natural_person"' not in html
    response = submit(org_post(applicant_kind="natural_person"), kind="org")
    assert response.status_code == 200 and "请从列表中选择申请人类型。" in response.content.decode()
    assert not Application.objects.exists()
    response = submit(org_post(contact_person=""), kind="org")
    assert "请填写联系人。" in response.content.decode()
    assert not Application.objects.exists()


def test_invalid_resident_id_shows_message_keeps_input_saves_nothing(client, tree, submit):
    bad = resident_id()[:-1] + ("0" if resident_id()[-1] != "0" else "1")
    response = submit(person_post(id_number=bad, content="某某文件的特征描述",
                                  attachments=[upload("id.png", PNG, "image/png")]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "居民身份证号码校验位不正确，请核对。" in html
    assert f'value="{bad}"' in html and "某某文件的特征描述" in html and 'value="张三"' in html
    assert "请重新选择附件" in html
    assert not Application.objects.exists() and not Attachment.objects.exists()


def test_invalid_uscc_shows_message_saves_nothing(client, tree, submit):
    bad = uscc()[:-1] + ("0" if uscc()[-1] != "0" else "1")
    response = submit(org_post(id_number=bad), kind="org")
    assert response.status_code == 200
    assert "统一社会信用代码校验位不正确，请核对。" in response.content.decode()
    response = submit(org_post(id_number="91110105MA01ABCDI"), kind="org")
    assert "统一社会信用代码应为18位" in response.content.decode()
    assert not Application.objects.exists()


def test_service_rules_show_on_their_fields(client, tree, submit):
    response = submit(person_post(delivery_method="post", address="", postcode="12AB"))
    html = response.content.decode()
    assert "选择邮寄的，请填写通信地址。" in html
    assert not Application.objects.exists()
    response = submit(person_post(declaration=None))
    assert "请阅读并勾选申请声明。" in response.content.decode()
    assert not Application.objects.exists()


def test_png_named_pdf_is_stored_as_png(client, tree, submit):
    response = submit(person_post(attachments=[upload("scan.pdf", PNG, "application/pdf")]))
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == "scan.pdf"
    assert attachment.content_type == "image/png" and attachment.stored_name.endswith(".png")
    assert attachment.file.read() == PNG


@pytest.mark.parametrize("content", [EXE, HTML], ids=["exe", "html"])
def test_executable_or_html_named_pdf_is_rejected(client, tree, submit, content):
    response = submit(person_post(attachments=[upload("id.png", PNG, "image/png"),
                                               upload("身份证明.pdf", content)]))
    assert response.status_code == 200
    assert "文件“身份证明.pdf”的实际内容不是允许的类型（仅限 PDF、JPEG、PNG、DOCX）。" in response.content.decode()
    assert not Application.objects.exists() and not Attachment.objects.exists()


def test_file_over_10_mb_is_rejected(client, tree, submit):
    big = PNG + b"\x00" * (10 * 1024 * 1024)
    response = submit(person_post(attachments=[upload("big.png", big, "image/png")]))
    assert response.status_code == 200
    assert "超过 10 MB 的上限" in response.content.decode()
    assert not Application.objects.exists()


def test_more_than_five_files_rejected(client, tree, submit):
    response = submit(person_post(attachments=[upload(f"{i}.png", PNG, "image/png") for i in range(6)]))
    assert "附件最多 5 个" in response.content.decode()
    assert not Application.objects.exists()


def test_request_over_total_limit_refused_before_parsing(client, tree, submit):
    from gongkai.portal.views import MAX_REQUEST_BYTES

    response = submit(person_post(), CONTENT_LENGTH=str(MAX_REQUEST_BYTES + 1))
    assert response.status_code == 413
    assert "合计不能超过 50 MB" in response.content.decode()
    assert not Application.objects.exists()
    # Refused before counting: five real submissions still fit in the window.
    for _ in range(5):
        assert submit().status_code == 302


def test_csrf_is_enforced(tree):
    client = Client(enforce_csrf_checks=True)
    response = client.post(apply_url(tree["city_edu"]), person_post())
    assert response.status_code == 403
    assert not Application.objects.exists()
    page = client.get(apply_url(tree["city_edu"]))
    token = page.cookies["csrftoken"].value
    response = client.post(apply_url(tree["city_edu"]), person_post(csrfmiddlewaretoken=token))
    assert response.status_code == 302 and Application.objects.count() == 1


def test_inactive_or_unknown_body_is_404(client, tree):
    Organization.objects.filter(pk=tree["city_edu"].pk).update(is_active=False)
    assert client.get(apply_url(tree["city_edu"])).status_code == 404
    assert client.post(apply_url(tree["city_edu"]), person_post()).status_code == 404
    assert client.get(reverse("portal:apply", args=["NOPE"])).status_code == 404
    assert not Application.objects.exists()


def test_form_variants_render(client, tree):
    person = client.get(apply_url(tree["city_edu"], "person")).content.decode()
    assert "居民身份证" in person and "护照" in person and "统一社会信用代码" not in person
    assert 'name="attachments"' in person and "multiple" in person and 'enctype="multipart/form-data"' in person
    unknown = client.get(reverse("portal:apply", args=[tree["city_edu"].code]) + "?kind=x")
    assert unknown.status_code == 200 and "居民身份证" in unknown.content.decode()
