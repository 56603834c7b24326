"""Staff screens: the round from the office's forms to the 通报 downloads; a body sees its own findings only
(another body's is a 404, a draft round is invisible); the 监督员 reads every page and every POST is refused;
an office outside the scope gets 404; destructive actions ask first; lists page and export."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from gongkai.inspections import services
from gongkai.inspections.codes import FindingStatus
from gongkai.inspections.models import Finding, Inspection

from .conftest import PDF_BYTES, D, target_of

pytestmark = pytest.mark.django_db
TODAY = D(2026, 6, 15)


@pytest.fixture
def opened(people, tree, make_round):
    inspection = make_round(opened=D(2026, 6, 1))
    edu, dist_a = target_of(inspection, tree["city_edu"]), target_of(inspection, tree["dist_a_office"])
    f_edu = services.record_finding(people["office"], edu.pk, description="教育局的问题", rectify_by=D(2026, 6, 30))
    f_a = services.record_finding(people["office"], dist_a.pk, description="A区的问题", rectify_by=D(2026, 6, 30))
    return {"round": inspection, "edu": edu, "a": dist_a, "f_edu": f_edu, "f_a": f_a}


def test_office_runs_a_round_through_the_pages(client, people, tree):
    client.force_login(people["office"])
    response = client.post(reverse("inspections:create"), {
        "office": tree["city"].pk, "title": "2026年第一季度政府信息公开工作督查", "period_start": "2026-01-01",
        "period_end": "2026-03-31", "many_problems": 3, "issuer_name": "甲市人民政府办公室",
        "doc_number": "甲市政务公开办〔2026〕3号"})
    inspection = Inspection.objects.get()
    assert response.status_code == 302 and inspection.status == "draft"
    client.post(reverse("inspections:target_add", args=[inspection.pk]), {"org": tree["city_edu"].pk})
    response = client.post(reverse("inspections:item_add", args=[inspection.pk]), {
        "text": "超期", "indicator_code": "overdue", "comparison": "gt", "threshold": "0", "severity": "major"})
    assert response.status_code == 302 and inspection.items.get().indicator_code == "overdue"

    page = client.get(reverse("inspections:open", args=[inspection.pk]))
    assert "确定启动督查" in page.content.decode()
    client.post(reverse("inspections:open", args=[inspection.pk]), {"confirm": "yes", "version": inspection.version})
    inspection.refresh_from_db()
    assert inspection.status == "open"

    target = inspection.targets.get()
    response = client.post(reverse("inspections:finding_record", args=[inspection.pk, target.pk]), {
        "description": "指南未更新", "severity": "minor", "rectify_by": "2026-06-30",
        "files": [SimpleUploadedFile("证据.pdf", PDF_BYTES, content_type="application/pdf")]})
    finding = Finding.objects.get()
    assert response.status_code == 302 and finding.attachments.count() == 1

    client.force_login(people["handler"])
    text = client.get(reverse("inspections:mine")).content.decode()
    assert "指南未更新" in text
    client.post(reverse("inspections:finding_answer", args=[finding.pk]),
                {"response": "已更新", "version": finding.version})
    finding.refresh_from_db()
    assert finding.status == FindingStatus.ANSWERED

    client.force_login(people["office"])
    page = client.post(reverse("inspections:finding_recheck", args=[finding.pk]),
                       {"passed": "no", "comment": "", "version": finding.version})
    assert page.status_code == 200 and "请填写复查意见" in page.content.decode()  # the form comes back
    client.post(reverse("inspections:finding_recheck", args=[finding.pk]),
                {"passed": "yes", "comment": "已整改到位", "version": finding.version})
    finding.refresh_from_db()
    assert finding.status == FindingStatus.CLOSED
    client.post(reverse("inspections:close", args=[inspection.pk]), {"confirm": "yes", "version": inspection.version})
    assert Inspection.objects.get().status == "closed"

    docx = client.get(reverse("inspections:notice_docx", args=[inspection.pk]))
    assert docx.status_code == 200 and docx["Content-Type"].endswith("wordprocessingml.document")
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "关于2026年第一季度政府信息公开工作督查情况的通报" in text
    pdf = client.get(reverse("inspections:notice_pdf", args=[inspection.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = client.get(reverse("inspections:results_xlsx", args=[inspection.pk]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[2]][:3] == [1, "甲市教育局", 1]


def test_body_sees_its_own_findings_only(client, people, opened):
    client.force_login(people["handler"])
    assert client.get(reverse("inspections:finding", args=[opened["f_edu"].pk])).status_code == 200
    assert client.get(reverse("inspections:finding", args=[opened["f_a"].pk])).status_code == 404
    round_pk = opened["round"].pk
    assert client.get(reverse("inspections:target", args=[round_pk, opened["a"].pk])).status_code == 404
    page = client.get(reverse("inspections:detail", args=[round_pk])).content.decode()
    assert "甲市教育局" in page and "A区人民政府办公室" not in page
    assert client.get(reverse("inspections:notice_docx", args=[round_pk])).status_code == 404
    mine = client.get(reverse("inspections:mine")).content.decode()
    assert "教育局的问题" in mine and "A区的问题" not in mine
    # an answer to another body's finding is a 404 and changes nothing
    response = client.post(reverse("inspections:finding_answer", args=[opened["f_a"].pk]),
                           {"response": "x", "version": 1})
    assert response.status_code == 404 and Finding.objects.get(pk=opened["f_a"].pk).status == FindingStatus.PENDING


def test_draft_round_is_invisible_to_bodies(client, people, make_round):
    draft = make_round()
    client.force_login(people["handler"])
    assert client.get(reverse("inspections:detail", args=[draft.pk])).status_code == 404
    assert draft.title not in client.get(reverse("inspections:index")).content.decode()


def test_supervisor_reads_but_cannot_change(client, people, opened):
    client.force_login(people["supervisor"])
    round_pk, finding = opened["round"].pk, opened["f_edu"]
    for url in (reverse("inspections:detail", args=[round_pk]),
                reverse("inspections:target", args=[round_pk, opened["a"].pk]),
                reverse("inspections:finding", args=[finding.pk]), reverse("inspections:notice_docx", args=[round_pk])):
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("inspections:detail", args=[round_pk])).content.decode()
    assert "结束督查" not in page and "新建督查" not in page
    posts = [
        (reverse("inspections:finding_record", args=[round_pk, opened["edu"].pk]),
         {"description": "x", "severity": "minor", "rectify_by": "2026-06-30"}),
        (reverse("inspections:finding_recheck", args=[finding.pk]), {"passed": "yes", "version": finding.version}),
        (reverse("inspections:finding_answer", args=[finding.pk]), {"response": "x", "version": finding.version}),
        (reverse("inspections:close", args=[round_pk]), {"confirm": "yes", "version": opened["round"].version}),
        (reverse("inspections:create"), {"office": opened["round"].office_id, "title": "x"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    assert Finding.objects.count() == 2 and Inspection.objects.get().status == "open"


def test_office_outside_the_scope_gets_404(client, people, opened):
    client.force_login(people["b_admin"])
    round_pk = opened["round"].pk
    assert client.get(reverse("inspections:detail", args=[round_pk])).status_code == 404
    assert client.get(reverse("inspections:finding", args=[opened["f_edu"].pk])).status_code == 404
    response = client.post(reverse("inspections:finding_record", args=[round_pk, opened["edu"].pk]),
                           {"description": "x", "severity": "minor", "rectify_by": "2026-06-30"})
    assert response.status_code == 404 and Finding.objects.count() == 2


def test_deadline_before_today_is_refused_on_the_form(client, people, opened):
    client.force_login(people["office"])
    response = client.post(reverse("inspections:finding_record", args=[opened["round"].pk, opened["edu"].pk]),
                           {"description": "新问题", "severity": "minor", "rectify_by": "2026-06-01"})
    assert response.status_code == 200 and "整改期限不能早于今天" in response.content.decode()
    assert Finding.objects.count() == 2


def test_destructive_actions_ask_first(client, people, make_round, tree):
    inspection = make_round()
    client.force_login(people["office"])
    target = target_of(inspection, tree["city_edu"])
    url = reverse("inspections:target_remove", args=[inspection.pk, target.pk])
    assert "确定将“甲市教育局”移出" in client.get(url).content.decode()
    assert inspection.targets.count() == 2
    client.post(url, {"confirm": "yes"})
    assert inspection.targets.count() == 1
    url = reverse("inspections:delete", args=[inspection.pk])
    assert "确定删除督查草稿" in client.get(url).content.decode()
    client.post(url, {"confirm": "yes", "version": inspection.version})
    assert not Inspection.objects.exists()


def test_list_is_scoped_paginated_and_exported(client, people, make_round):
    for n in range(22):
        make_round(title=f"督查{n:02d}")
    client.force_login(people["office"])
    page = client.get(reverse("inspections:index"))
    assert page.status_code == 200 and len(page.context["page"].object_list) == 20
    assert len(client.get(reverse("inspections:index"), {"page": 2}).context["page"].object_list) == 2
    sheet = load_workbook(io.BytesIO(client.get(reverse("inspections:export")).content)).active
    assert sheet.max_row == 23 and sheet["A1"].value == "督查名称"
    client.force_login(people["b_admin"])
    assert len(client.get(reverse("inspections:index")).context["page"].object_list) == 0
