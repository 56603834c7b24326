"""Reading published reports in the staff UI and the API: upload many, see findings, accept one as a
subordinate body's figures, compare and export, and POST /api/v1/reports/check."""

import csv
import io
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongkai.api.services import create_token
from gongkai.orgs.models import Role, ScopeMode
from gongkai.reports import imported, services
from gongkai.reports.formats import get_cell
from gongkai.reports.models import AnnualReport, Collection, ImportedReport, Source
from gongkai.reports.rendering import ReportDocument, render_docx

from .fixtures import builders

SEED = Path(__file__).parent / "fixtures" / "baotou-2020-annual-report.txt"


@pytest.fixture
def office(make_user, tree):
    return make_user("office_city", memberships=[(tree["city"], Role.OFFICE_ADMIN, ScopeMode.SUBTREE)])


def _exported_docx(issuer: str, year: int) -> bytes:
    """A complete 2021-format report as Gongkai itself exports it."""
    report = {**builders.sample_report("2021", year), "issuer": issuer}
    return render_docx(ReportDocument(title=f"{issuer}{year}年政府信息公开工作年度报告", issuer=issuer, year=year,
                                      report=report))


def _files(tree):
    return [SimpleUploadedFile("包头2020.txt", SEED.read_bytes()),
            SimpleUploadedFile("乙区2024.docx", _exported_docx(tree["dist_b"].name, 2024)),
            SimpleUploadedFile("扫描件.pdf", b"%PDF-1.4 not really a pdf")]


def test_upload_many_accept_one_and_refuse_the_incomplete(office, tree, staff):
    kept, failures = imported.upload(office, office=tree["city"], files=_files(tree))
    assert [f.name for f in failures] == ["扫描件.pdf"] and "无法读取" in failures[0].message
    seed, exported = kept
    assert (seed.issuer, seed.year, seed.format, seed.complete) == ("包头市人民政府", 2020, "2019", False)
    assert get_cell(seed.report, "active.licensing.decisions") == 1181856
    assert exported.complete and exported.errors == 0 and exported.org == tree["dist_b"]
    # the same file again is not stored twice
    again, _ = imported.upload(office, office=tree["city"], files=[SimpleUploadedFile("x.txt", SEED.read_bytes())])
    assert again[0].pk == seed.pk and ImportedReport.objects.count() == 2

    with pytest.raises(ValidationError, match="不完整"):
        imported.accept(office, seed.pk, org=tree["dist_b"], year=2020)
    with pytest.raises(PermissionDenied):  # the supervisor reads reports but does not accept figures
        imported.accept(staff["supervisor"], exported.pk, org=tree["dist_b"], year=2024)
    with pytest.raises(ValidationError, match="年度"):
        imported.accept(office, exported.pk, org=tree["dist_b"], year=2023)
    report = imported.accept(office, exported.pk, org=tree["dist_b"], year=2024)
    assert (report.source, report.collection, report.requested_by) == (Source.MANUAL, Collection.ACCEPTED,
                                                                      tree["city"])
    assert report.tables == exported.report["tables"]
    # accepted figures count in the city's subtree report
    expected = get_cell(exported.report, "applications.1.total")
    assert get_cell(services.figures_for(tree["city"], 2024, "subtree"), "applications.1.total") == expected
    with pytest.raises(ValidationError, match="已确认采用"):
        imported.accept(office, exported.pk, org=tree["dist_b"], year=2024)


def test_a_body_whose_report_is_computed_here_keeps_it(office, tree):
    services.create_report(office, org=tree["dist_a"], year=2024)
    [item], _ = imported.upload(office, office=tree["city"], files=[SimpleUploadedFile(
        "甲区.docx", _exported_docx(tree["dist_a"].name, 2024))])
    with pytest.raises(ValidationError, match="由平台数据生成"):
        imported.accept(office, item.pk, org=tree["dist_a"], year=2024)
    assert AnnualReport.objects.get(org=tree["dist_a"], year=2024).source == Source.COMPUTED


def test_pages_show_findings_compare_and_export(office, tree, staff):
    client = Client()
    client.force_login(office)
    response = client.post("/reports/imported/", {"office": tree["city"].pk, "files": _files(tree)})
    assert response.status_code == 200  # one file failed, so the page lists it
    assert "扫描件.pdf" in response.content.decode()
    seed = ImportedReport.objects.get(year=2020)
    page = client.get(f"/reports/imported/{seed.pk}/").content.decode()
    assert "1181856" in page and "社会公益组织" in page and "不完整" in page
    assert "cell-warning" in page  # the lost rows' cells are highlighted
    table = client.get("/reports/compare/?year=2020").content.decode()
    assert "包头市人民政府" in table and "1181856" in table
    exported = client.get("/reports/compare/?export=csv")
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["来源类型", "来源", "机关"] and any("包头市人民政府" in r for r in rows[1:])
    # outsiders see nothing; a handler without an office role is refused
    other = Client()
    other.force_login(staff["handler"])
    assert other.get(f"/reports/imported/{seed.pk}/").status_code == 403
    assert other.get("/reports/compare/").status_code == 403


def test_api_check(office):
    _token, raw = create_token(office, name="t")
    client = Client()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    ok = client.post("/api/v1/reports/check", {"file": SimpleUploadedFile("seed.txt", SEED.read_bytes())}, **auth)
    body = ok.json()
    assert ok.status_code == 200 and body["source"] == "seed.txt" and body["format"] == "2019"
    assert body["tables"]["applications"]["1"]["total"] == 156 and body["complete"] is False
    bad = client.post("/api/v1/reports/check", {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4 junk")}, **auth)
    assert bad.status_code == 422 and "无法读取" in bad.json()["detail"]
    assert client.post("/api/v1/reports/check", {}, **auth).status_code == 400
    assert ImportedReport.objects.count() == 0  # the API stores nothing
