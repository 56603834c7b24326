"""Staff screens: the list with its filters and year figures, the Excel export, the create/edit/办结/重新审理
forms, documents, the delete confirmations, the navigation entry; the 监督员 reads only, outsiders get 404."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.appeals import services
from gongkai.appeals.models import Case, CaseDocument
from gongkai.audit.models import AuditEvent
from gongkai.core.context_processors import nav_items

from .conftest import PDF_BYTES

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def cases(staff, tree):
    user = staff["handler"]
    open_case = services.create_case(user, org=tree["city_edu"], kind="review", case_no="甲府复〔2026〕3号",
                                     applicant_name="张三", filed_on=D(2026, 2, 1), subject="不服不予公开答复")
    done = services.create_case(user, org=tree["city_edu"], kind="litigation_direct", case_no="（2025）甲行初7号",
                                applicant_name="甲市某某律师事务所", filed_on=D(2025, 11, 3), result="corrected",
                                concluded_on=D(2026, 3, 9), subject="诉信息不存在告知")
    other = services.create_case(staff["outsider"], org=tree["dist_b"], kind="review", case_no="乙府复〔2026〕1号",
                                 applicant_name="王五", filed_on=D(2026, 1, 5))
    return {"open": open_case, "done": done, "other": other}


def test_list_shows_cases_in_scope_with_actions_for_keepers_only(client, staff, cases):
    client.force_login(staff["handler"])
    text = client.get(reverse("appeals:list")).content.decode()
    assert "甲府复〔2026〕3号" in text and "（2025）甲行初7号" in text and "乙府复〔2026〕1号" not in text
    assert "登记案件" in text

    client.force_login(staff["supervisor"])
    response = client.get(reverse("appeals:list"))
    text = response.content.decode()
    assert response.status_code == 200 and "乙府复〔2026〕1号" in text and "登记案件" not in text


def test_list_filters(client, staff, tree, cases):
    client.force_login(staff["office"])
    url = reverse("appeals:list")

    def numbers(**params):
        return {c.case_no for c in client.get(url, params).context["page"]}

    assert numbers(kind="litigation_direct") == {"（2025）甲行初7号"}
    assert numbers(status="pending") == {"甲府复〔2026〕3号", "乙府复〔2026〕1号"}  # the office sees district B
    assert numbers(status="corrected") == {"（2025）甲行初7号"}
    assert numbers(q="律师") == {"（2025）甲行初7号"}
    assert numbers(q="不予公开") == {"甲府复〔2026〕3号"}
    assert numbers(org=tree["city_edu"].pk) == {"甲府复〔2026〕3号", "（2025）甲行初7号"}
    # With a year, the list is what table 四 of that year counts, with the status at 31 December.
    assert numbers(year=2025) == {"（2025）甲行初7号"}
    assert numbers(year=2026) == {"甲府复〔2026〕3号", "（2025）甲行初7号", "乙府复〔2026〕1号"}
    assert numbers(year=2025, status="pending") == {"（2025）甲行初7号"}
    assert numbers(year=2025, status="corrected") == set()
    assert numbers(year=2026, status="corrected") == {"（2025）甲行初7号"}
    response = client.get(url, {"year": 2025, "org": tree["city_edu"].pk})
    assert response.context["figures"] == [("行政复议", [0, 0, 0, 0, 0]),
                                            ("行政诉讼（未经复议直接起诉）", [0, 0, 0, 1, 1]),
                                            ("行政诉讼（复议后起诉）", [0, 0, 0, 0, 0])]
    assert "2025年度统计" in response.content.decode()
    assert [c.counted_as for c in response.context["page"]] == ["尚未审结"]  # decided only in 2026
    assert [c.counted_as for c in client.get(url, {"year": 2026, "org": tree["city_edu"].pk}).context["page"]] \
        == ["尚未审结", "结果纠正"]


def test_export_xlsx_follows_the_filters_and_the_scope(client, staff, cases):
    client.force_login(staff["handler"])
    response = client.get(reverse("appeals:export"), {"kind": "litigation_direct"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("被申请人/被告机关", "案件类型", "案号", "申请人/原告")
    assert len(rows) == 2
    assert rows[1][1:3] == ("行政诉讼（未经复议直接起诉）", "（2025）甲行初7号") and rows[1][8] == "结果纠正"

    rows = list(load_workbook(io.BytesIO(client.get(reverse("appeals:export")).content)).active
                .iter_rows(values_only=True))
    assert {r[2] for r in rows[1:]} == {"甲府复〔2026〕3号", "（2025）甲行初7号"}  # not district B's case
    assert next(r for r in rows if r[2] == "甲府复〔2026〕3号")[8] == "尚未审结"

    response = client.get(reverse("appeals:export"), {"year": 2025})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][-1] == "2025年度计为" and "2025" in response["Content-Disposition"]
    assert [(r[2], r[8], r[-1]) for r in rows[1:]] == [("（2025）甲行初7号", "结果纠正", "尚未审结")]


def test_create_through_the_form(client, staff, tree, registered):
    client.force_login(staff["handler"])
    assert client.get(reverse("appeals:create")).status_code == 200
    response = client.post(reverse("appeals:create"), {
        "org": tree["city_edu"].pk, "kind": "review", "case_no": "甲府复〔2026〕9号",
        "application_no": registered.tracking_no, "applicant_name": "", "filed_on": "2026-06-10",
        "handled_by": "甲市人民政府", "subject": "不服答复"})
    case = Case.objects.get(case_no="甲府复〔2026〕9号")
    assert response.status_code == 302 and response["Location"] == reverse("appeals:detail", args=[case.pk])
    assert case.application == registered and case.applicant_name == registered.applicant_name
    assert AuditEvent.objects.filter(action="appeals.case.create", object_id=str(case.pk)).exists()

    # A service error lands on its field and nothing is saved.
    response = client.post(reverse("appeals:create"), {
        "org": tree["city_edu"].pk, "kind": "review", "applicant_name": "李四", "filed_on": "2026-06-10",
        "result": "upheld", "concluded_on": "2026-06-01"})
    assert response.status_code == 200
    assert "审结日期不能早于受理/立案日期" in response.content.decode()
    assert Case.objects.count() == 1


def test_create_offers_only_the_users_bodies(client, staff, tree):
    client.force_login(staff["handler"])
    form = client.get(reverse("appeals:create")).context["form"]
    assert list(form.fields["org"].queryset) == [tree["city_edu"]]
    response = client.post(reverse("appeals:create"), {"org": tree["dist_b"].pk, "kind": "review",
                                                       "applicant_name": "李四", "filed_on": "2026-06-10"})
    assert response.status_code == 200 and not Case.objects.exists()


def test_conclude_and_reopen_through_the_forms(client, staff, cases):
    client.force_login(staff["approver"])
    case = cases["open"]
    detail = client.get(reverse("appeals:detail", args=[case.pk])).content.decode()
    assert reverse("appeals:conclude", args=[case.pk]) in detail
    assert reverse("appeals:reopen", args=[case.pk]) not in detail

    response = client.post(reverse("appeals:conclude", args=[case.pk]), {
        "result": "upheld", "concluded_on": "2026-01-15", "result_note": "", "version": case.version})
    assert response.status_code == 200 and "不能早于受理/立案日期" in response.content.decode()
    response = client.post(reverse("appeals:conclude", args=[case.pk]), {
        "result": "upheld", "concluded_on": "2026-05-20", "result_note": "维持", "version": case.version})
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.result, case.concluded_on) == ("upheld", D(2026, 5, 20))

    detail = client.get(reverse("appeals:detail", args=[case.pk])).content.decode()
    assert reverse("appeals:reopen", args=[case.pk]) in detail
    response = client.post(reverse("appeals:reopen", args=[case.pk]), {"reason": "二审发回重审",
                                                                       "version": case.version})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.is_pending
    assert "二审发回重审" in client.get(reverse("appeals:detail", args=[case.pk])).content.decode()


def test_stale_edit_is_a_message_and_changes_nothing(client, staff, tree, cases):
    client.force_login(staff["handler"])
    case = cases["open"]
    data = {"org": tree["city_edu"].pk, "kind": "review", "case_no": case.case_no, "applicant_name": "李四",
            "filed_on": "2026-02-01", "version": case.version}
    services.update_case(staff["approver"], case.pk, version=case.version, kind="review", case_no=case.case_no,
                         applicant_name="张三丰", filed_on=D(2026, 2, 1))
    response = client.post(reverse("appeals:edit", args=[case.pk]), data)
    assert response.status_code == 200 and "已被他人修改" in response.content.decode()
    case.refresh_from_db()
    assert case.applicant_name == "张三丰"


def test_supervisor_sees_no_actions_and_is_refused(client, staff, cases):
    client.force_login(staff["supervisor"])
    case = cases["open"]
    detail = client.get(reverse("appeals:detail", args=[case.pk]))
    text = detail.content.decode()
    assert detail.status_code == 200 and "甲府复〔2026〕3号" in text
    for name in ("conclude", "edit", "delete", "document_upload"):
        assert reverse(f"appeals:{name}", args=[case.pk]) not in text
    for name in ("conclude", "edit", "delete", "document_upload", "reopen"):
        assert client.get(reverse(f"appeals:{name}", args=[case.pk])).status_code == 403, name
    assert client.get(reverse("appeals:create")).status_code == 403
    response = client.post(reverse("appeals:conclude", args=[case.pk]), {
        "result": "upheld", "concluded_on": "2026-05-20", "version": case.version})
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.is_pending


def test_outsiders_get_404(client, staff, tree, cases):
    client.force_login(staff["outsider"])
    case = cases["open"]
    for name in ("detail", "conclude", "edit", "delete", "reopen", "document_upload"):
        assert client.get(reverse(f"appeals:{name}", args=[case.pk])).status_code == 404, name
    assert client.get(reverse("appeals:list"), {"org": tree["city_edu"].pk}).status_code == 404
    assert client.get(reverse("appeals:export"), {"org": tree["city_edu"].pk}).status_code == 404


def test_administrators_without_memberships_are_refused(client, sysadmin):
    client.force_login(sysadmin)
    assert client.get(reverse("appeals:list")).status_code == 403


def test_documents_upload_download_and_delete_with_confirmation(client, staff, cases,
                                                                django_capture_on_commit_callbacks):
    client.force_login(staff["handler"])
    case = cases["done"]
    response = client.post(reverse("appeals:document_upload", args=[case.pk]), {
        "file": SimpleUploadedFile("判决书.pdf", PDF_BYTES), "description": "一审判决书"})
    assert response.status_code == 302
    document = CaseDocument.objects.get(case=case)
    detail = client.get(reverse("appeals:detail", args=[case.pk])).content.decode()
    assert "一审判决书" in detail and reverse("appeals:delete", args=[case.pk]) not in detail

    download = client.get(reverse("appeals:document", args=[case.pk, document.pk]))
    assert b"".join(download.streaming_content) == PDF_BYTES
    client.force_login(staff["outsider"])
    assert client.get(reverse("appeals:document", args=[case.pk, document.pk])).status_code == 404
    client.force_login(staff["supervisor"])
    assert client.get(reverse("appeals:document", args=[case.pk, document.pk])).status_code == 200

    client.force_login(staff["handler"])
    bad = client.post(reverse("appeals:document_upload", args=[case.pk]), {
        "file": SimpleUploadedFile("a.pdf", b"<html>not a pdf</html>")})
    assert bad.status_code == 200 and "不是允许的类型" in bad.content.decode()
    url = reverse("appeals:document_delete", args=[case.pk, document.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200 and "确定删除" in confirm.content.decode()
    assert CaseDocument.objects.filter(pk=document.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"confirm": "yes"}).status_code == 302
    assert not CaseDocument.objects.exists()


def test_delete_case_with_confirmation(client, staff, cases):
    client.force_login(staff["handler"])
    case = cases["open"]
    url = reverse("appeals:delete", args=[case.pk])
    assert "确定删除" in client.get(url).content.decode()
    assert Case.objects.filter(pk=case.pk).exists()
    response = client.post(url, {"confirm": "yes", "version": case.version})
    assert response.status_code == 302 and response["Location"] == reverse("appeals:list")
    assert not Case.objects.filter(pk=case.pk).exists()


def test_navigation_entry(staff, sysadmin):
    labels = [item["label"] for item in nav_items(staff["supervisor"])]
    assert labels[labels.index("依申请公开") + 1] == "复议诉讼"
    assert "复议诉讼" not in [item["label"] for item in nav_items(sysadmin)]


def test_edit_through_the_form(client, staff, tree, cases):
    client.force_login(staff["handler"])
    case = cases["open"]
    form = client.get(reverse("appeals:edit", args=[case.pk])).context["form"]
    assert "result" not in form.fields and form.initial["version"] == case.version
    response = client.post(reverse("appeals:edit", args=[case.pk]), {
        "org": tree["city_edu"].pk, "kind": "litigation_after_review", "case_no": "（2026）甲行初2号",
        "applicant_name": "张三", "filed_on": "2026-02-03", "handled_by": "甲市中级人民法院", "subject": "",
        "version": case.version})
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.kind, case.case_no, case.filed_on, case.version) == ("litigation_after_review", "（2026）甲行初2号",
                                                                      D(2026, 2, 3), 2)
