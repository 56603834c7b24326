"""The report workflow: overrides, findings blocking publication, acknowledgement, collection from subordinate
bodies, the staff pages, the public 年报 page, the command and the API."""

import datetime as dt
import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.http import Http404
from django.test import Client

from gongkai.api.services import create_token
from gongkai.core.errors import ConflictError
from gongkai.orgs.models import Role, ScopeMode
from gongkai.reports import checks, services
from gongkai.reports.formats import FORMAT_2021, get_cell
from gongkai.reports.models import AnnualReport, Collection, ReportStatus

from .factories import conclude, receive

D = dt.date


@pytest.fixture
def office(make_user, tree):
    return make_user("office_city", memberships=[(tree["city"], Role.OFFICE_ADMIN, ScopeMode.SUBTREE)])


@pytest.fixture
def city_approver(make_user, tree):
    return make_user("approver_city", memberships=[(tree["city"], Role.APPROVER, ScopeMode.SUBTREE)])


@pytest.fixture
def report(office, tree, staff):
    h, a = staff["handler"], staff["approver"]
    for app in receive(h, tree["city_edu"], D(2024, 3, 4), n=3):
        conclude(app, h, a, "3.1", D(2024, 3, 20))
    return services.create_report(office, org=tree["city"], year=2024, scope="government")


def _ack_all(user, report):
    keys = [services.finding_key(f) for f in report.findings if f["severity"] == checks.WARNING]
    return services.acknowledge(user, report.pk, keys=keys) if keys else report


def test_override_keeps_computed_value_and_breaking_a_rule_blocks_publication(report, office, city_approver):
    assert get_cell(report.canonical(), "applications.1.natural_person") == 3
    r = services.set_override(office, report.pk, cell="applications.1.natural_person", value="5",
                              reason="补录线下申请", version=report.version)
    override = r.overrides.get()
    assert (override.computed_value, override.value, override.actor) == (3, 5, office)
    rules = {f["rule"] for f in r.findings if f["severity"] == checks.ERROR}
    assert {"balance", "applicant_total"} <= rules  # 一+二 no longer equals 三（七）+四, nor the 总计 column
    services.submit(office, r.pk)
    r = services.approve(city_approver, r.pk)
    r = _ack_all(office, r)
    with pytest.raises(services.TransitionNotAllowed, match="错误"):
        services.publish(office, r.pk)
    assert AnnualReport.objects.get(pk=r.pk).status == ReportStatus.APPROVED
    # the fix: back to draft, remove the override, publish
    services.return_report(city_approver, r.pk, comment="数据不平衡")
    r = services.clear_override(office, r.pk, cell="applications.1.natural_person")
    assert not checks.has_errors(r.findings)
    services.submit(office, r.pk)
    r = _ack_all(office, services.approve(city_approver, r.pk))
    r = services.publish(office, r.pk)
    assert r.status == ReportStatus.PUBLISHED and r.published["report"]["tables"] == r.tables


def test_warnings_must_be_acknowledged(report, office, city_approver):
    warnings = [f for f in report.findings if f["severity"] == checks.WARNING]
    assert any(f["rule"] == "not_entered" for f in warnings)  # no fee amount entered for 2024
    services.submit(office, report.pk)
    r = services.approve(city_approver, report.pk)
    with pytest.raises(services.TransitionNotAllowed, match="警告未确认"):
        services.publish(office, r.pk)
    with pytest.raises(ValidationError):
        services.acknowledge(office, r.pk, keys=["not-a-warning"])
    r = _ack_all(office, r)
    assert services.publish(office, r.pk).status == ReportStatus.PUBLISHED


def test_roles_and_versions(report, office, staff, city_approver):
    with pytest.raises(Http404):  # the city report is outside a department 承办人's scope
        services.submit(staff["handler"], report.pk)
    with pytest.raises(services.TransitionNotAllowed, match="公开办管理员"):  # the supervisor reads, cannot act
        services.submit(staff["supervisor"], report.pk)
    services.submit(office, report.pk)
    with pytest.raises(services.TransitionNotAllowed, match="审核人"):  # an office admin cannot approve
        services.approve(office, report.pk)
    with pytest.raises(ConflictError):
        services.return_report(city_approver, report.pk, comment="x", version=report.version - 1)
    with pytest.raises(PermissionDenied):
        services.create_report(staff["handler"], org=staff["handler"].memberships.first().org, year=2024)
    with pytest.raises(ValidationError):
        services.create_report(office, org=report.org, year=2024)  # one per body and year


def test_narrative_figures_fill_and_unknown_ones_warn(report, office):
    r = services.save_chapters(office, report.pk, title=report.title, chapters={
        "1": "收到申请{{收到申请总数}}件，办结{{办结申请}}件。{{不存在的数据}}"})
    snap = services.document_snapshot(r)
    assert snap["chapters"]["1"].startswith("收到申请3件，办结3件。")
    assert any(f["rule"] == "narrative_token" and "不存在的数据" in f["message"] for f in r.findings)


def test_collecting_figures_from_a_subordinate_body(office, tree, make_user):
    body = tree["dist_b"]
    body_admin = make_user("b_admin", memberships=[(body, Role.OFFICE_ADMIN, ScopeMode.SELF)])
    [r] = services.request_figures(office, office=tree["city"], bodies=[body], year=2024, note="请于1月20日前报送")
    assert r.collection == Collection.REQUESTED and r.source == "manual"
    with pytest.raises(services.TransitionNotAllowed, match="错误"):  # nothing filled in yet
        services.submit_figures(body_admin, r.pk)
    fmt = FORMAT_2021
    data = {p: "0" for p in fmt.cell_paths()}
    data.update({"applications.1.natural_person": "2", "applications.1.total": "2",
                 "applications.3.1.natural_person": "2", "applications.3.7.natural_person": "2",
                 "applications.3.1.total": "2", "applications.3.7.total": "2", "active.fees.amount_wan": "1.5"})
    with pytest.raises(ValidationError):
        services.save_figures(body_admin, r.pk, data={**data, "applications.2.other": "-1"})
    r = services.save_figures(body_admin, r.pk, data=data)
    assert not checks.has_errors(r.findings)
    services.submit_figures(body_admin, r.pk)
    with pytest.raises(services.TransitionNotAllowed):  # frozen while the office looks at it
        services.save_figures(body_admin, r.pk, data=data)
    with pytest.raises(PermissionDenied):
        services.review_figures(body_admin, r.pk, accept=True)
    services.review_figures(office, r.pk, accept=True)
    # accepted figures count in the city's subtree report instead of the body's records
    city = services.figures_for(tree["city"], 2024, "subtree")
    assert get_cell(city, "applications.1.natural_person") == 2
    assert get_cell(city, "active.fees.amount_wan") == 1.5


def test_pages_public_column_command_and_api(report, office, city_approver, tree, tmp_path):
    client = Client()
    client.force_login(office)
    assert client.get("/reports/").status_code == 200
    page = client.get(f"/reports/{report.pk}/")
    assert page.status_code == 200 and "三、收到和处理政府信息公开申请情况" in page.content.decode()
    assert client.get(f"/reports/{report.pk}/edit/").status_code == 200
    assert client.get(f"/reports/{report.pk}/override/").status_code == 200
    assert client.get("/reports/progress/?year=2024").status_code == 200
    for kind in ("docx", "pdf", "xlsx", "json", "html"):
        response = client.get(f"/reports/{report.pk}/download/{kind}/")
        assert response.status_code == 200 and len(response.content) > 100, kind
    # bad input on a form: a message, nothing changed
    response = client.post(f"/reports/{report.pk}/override/", {"cell": "applications.1.total", "value": "abc",
                                                               "reason": "x", "version": report.version})
    assert response.status_code == 200 and "不是整数" in response.content.decode()
    assert not report.overrides.exists()
    # publish through the pages
    client.post(f"/reports/{report.pk}/submit/", {"version": report.version})
    approver = Client()
    approver.force_login(city_approver)
    r = AnnualReport.objects.get(pk=report.pk)
    approver.post(f"/reports/{r.pk}/approve/", {"version": r.version})
    r = AnnualReport.objects.get(pk=report.pk)
    keys = [services.finding_key(f) for f in r.findings if f["severity"] == checks.WARNING]
    client.post(f"/reports/{r.pk}/acknowledge/", {"key": keys, "version": r.version})
    r = AnnualReport.objects.get(pk=report.pk)
    client.post(f"/reports/{r.pk}/publish/", {"version": r.version})
    assert AnnualReport.objects.get(pk=report.pk).status == ReportStatus.PUBLISHED
    public = Client()
    listing = public.get(f"/xxgk/{tree['city'].code}/ndbg/")
    assert report.title in listing.content.decode()
    shown = public.get(f"/xxgk/{tree['city'].code}/ndbg/2024/").content.decode()
    assert "社会公益组织" in shown and "结转下年度继续办理" in shown
    assert public.get(f"/xxgk/{tree['city'].code}/ndbg/2023/").status_code == 404
    assert public.get(f"/xxgk/{tree['city'].code}/ndbg/2024/pdf/").status_code == 200
    # the command
    out = tmp_path / "r.json"
    call_command("annual_report", "--org", tree["city"].code, "--year", "2024", "--scope", "government",
                 "--format", "json", "-o", str(out), stderr=io.StringIO())
    data = json.loads(out.read_text())
    assert data["format"] == "2021" and data["tables"]["applications"]["3.7"]["total"] == 3
    # the API, scoped to the token's user
    _token, raw = create_token(office, name="t")
    api = public.get("/api/v1/reports/annual", {"org": tree["city"].code, "year": 2024},
                     HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.status_code == 200 and api.json()["tables"]["applications"]["1"]["total"] == 3
    outside = public.get("/api/v1/reports/annual", {"org": "NOPE", "year": 2024}, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert outside.status_code == 404


def test_manual_figures_live_check_endpoint(office, tree, make_user):
    body = tree["dist_b"]
    body_admin = make_user("b_admin2", memberships=[(body, Role.OFFICE_ADMIN, ScopeMode.SELF)])
    r = services.create_manual_report(body_admin, org=body, year=2024)
    client = Client()
    client.force_login(body_admin)
    assert client.get(f"/reports/{r.pk}/figures/").status_code == 200
    row = {f"applications.1.{c}": "0" for c in ("commercial", "research", "social_welfare", "legal_service",
                                                  "other")}
    answer = client.post(f"/reports/{r.pk}/figures/check/", {**row, "applications.1.natural_person": "4",
                                                              "applications.1.total": "5",
                                                              "applications.2.other": "x"}).json()
    assert "applications.2.other" in answer["errors"]
    assert any(f["rule"] == "applicant_total" and "applications.1.total" in f["cells"] for f in answer["findings"])
    assert AnnualReport.objects.get(pk=r.pk).tables == r.tables  # nothing saved
