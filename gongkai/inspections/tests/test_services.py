"""The services of a round: the whole life from opening to 复查 and 通报, 系统核查 on open and refresh from real
platform data, is_late, version conflicts, refused input that changes nothing, and the open_findings indicator."""

import io

import pdfplumber
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from docx import Document

from gongkai.applications.models import Application
from gongkai.audit.models import AuditEvent
from gongkai.core.errors import ConflictError
from gongkai.inspections import notice, selectors, services
from gongkai.inspections.codes import FindingStatus, Severity, Source
from gongkai.inspections.models import Finding, FindingAttachment, Inspection
from gongkai.supervision import indicators as registry

from .conftest import PDF_BYTES, D, target_of

pytestmark = pytest.mark.django_db
TODAY = D(2026, 6, 15)


def pdf(name="证据.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def test_round_from_opening_to_recheck_and_notice(people, tree, make_round, media_root):
    office, handler = people["office"], people["handler"]
    inspection = make_round(targets=("city_edu", "dist_a_office", "dist_b_office"), many_problems=2,
                            opened=D(2026, 6, 1))
    assert inspection.status == "open" and inspection.opened_on == D(2026, 6, 1)
    edu, dist_a = target_of(inspection, tree["city_edu"]), target_of(inspection, tree["dist_a_office"])

    finding = services.record_finding(office, edu.pk, description="政府信息公开指南未更新", rectify_by=D(2026, 6, 5),
                                      files=[pdf()], on=D(2026, 6, 1))
    assert finding.status == FindingStatus.PENDING and finding.attachments.get().kind == "evidence"
    assert (media_root / finding.attachments.get().file.name).exists()
    for severity in (Severity.MINOR, Severity.MAJOR):
        services.record_finding(office, dist_a.pk, description=f"A区问题{severity}", severity=severity,
                                rectify_by=D(2026, 6, 30), on=D(2026, 6, 2))

    finding = services.answer_finding(handler, finding.pk, version=finding.version, response="已更新指南",
                                      on=D(2026, 6, 8))
    assert finding.status == FindingStatus.ANSWERED and finding.late_recorded  # answered after 6-5
    finding = services.recheck_finding(office, finding.pk, version=finding.version, passed=False,
                                       comment="联系电话仍为旧号码", rectify_by=D(2026, 6, 20), on=D(2026, 6, 9))
    assert finding.status == FindingStatus.REOPENED and finding.rectify_by == D(2026, 6, 20)
    finding = services.answer_finding(handler, finding.pk, version=finding.version, response="已更正电话",
                                      files=[pdf("整改.pdf")], on=D(2026, 6, 12))
    finding = services.recheck_finding(office, finding.pk, version=finding.version, passed=True, on=D(2026, 6, 15))
    assert finding.status == FindingStatus.CLOSED and finding.closed_on == D(2026, 6, 15)
    assert finding.late_on(TODAY)  # the first answer was late; a later on-time answer does not undo it
    assert [e.action for e in finding.events.all()] == ["recorded", "answered", "failed", "answered", "passed"]

    inspection.refresh_from_db()
    inspection = services.close_inspection(office, inspection.pk, version=inspection.version)
    assert inspection.status == "closed"

    rows = selectors.results(inspection, TODAY)
    assert [(r.rank, r.org.code, r.total, r.closed, r.late, r.score_display) for r in rows] == [
        (1, "B-BGS", 0, 0, 0, "100"), (2, "C-JYJ", 1, 1, 1, "98"), (3, "A-BGS", 2, 0, 0, "93")]

    built = notice.build(inspection, TODAY)
    assert built.title == "关于2026年第一季度政府信息公开工作督查情况的通报"
    document = Document(io.BytesIO(notice.render_docx(built)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "甲市人民政府办公室" in text and "甲市政务公开办〔2026〕3号" in text and "各区县人民政府，市各委办局：" in text
    assert "A区人民政府办公室发现问题较多（2个及以上）" in text
    assert "甲市教育局存在未按期整改问题" in text
    assert "本次督查共发现问题3个" in text and "2026年6月15日" in text and "抄送：市政府督查室。" in text
    table = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert table[0] == ["排名", "被督查单位", "问题数", "已整改", "整改中", "逾期整改", "得分"]
    assert table[1:] == [["1", "B区人民政府办公室", "0", "0", "0", "0", "100"],
                         ["2", "甲市教育局", "1", "1", "0", "1", "98"],
                         ["3", "A区人民政府办公室", "2", "0", "2", "0", "93"]]

    with pdfplumber.open(io.BytesIO(notice.render_pdf(built))) as document:
        pdf_text = "".join(page.extract_text() or "" for page in document.pages).replace("\n", "")
    assert "督查情况的通报" in pdf_text and "A区人民政府办公室发现问题较多" in pdf_text and "甲市教育局" in pdf_text


def _overdue_application(registered, org=None):
    """Turn the shared registered application into one overdue on the pinned today."""
    Application.objects.filter(pk=registered.pk).update(due_on=D(2026, 6, 1), **({"org": org} if org else {}))


INDICATOR_ITEMS = [
    {"text": "办理中申请不得超期", "indicator_code": "overdue", "comparison": "gt", "threshold": 0,
     "severity": Severity.SERIOUS},
    {"text": "按期答复", "indicator_code": "on_time_rate", "comparison": "lt", "threshold": 100},
]


def test_open_snapshots_indicators_and_drafts_system_findings(people, tree, make_round, registered):
    _overdue_application(registered)  # 甲市教育局: one overdue application; A区政府办: none
    inspection = make_round(items=INDICATOR_ITEMS, opened=TODAY)
    edu, dist_a = target_of(inspection, tree["city_edu"]), target_of(inspection, tree["dist_a_office"])
    assert edu.snapshot["values"]["overdue"]["value"] == 1 and dist_a.snapshot["values"]["overdue"]["value"] == 0
    assert edu.snapshot["values"]["on_time_rate"]["value"] is None  # nothing concluded: not judged
    assert edu.snapshot["period"] == ["2026-01-01", "2026-03-31"]

    drafts = list(Finding.objects.filter(target__inspection=inspection))
    assert [(f.target.org_id, f.item.indicator_code, f.status, f.source, f.severity) for f in drafts] == [
        (tree["city_edu"].pk, "overdue", FindingStatus.DRAFT, Source.SYSTEM, Severity.SERIOUS)]
    assert "已超期为1件" in drafts[0].description
    # the body does not see an unconfirmed draft
    assert not selectors.my_findings(people["handler"]).exists()
    with pytest.raises(ValidationError):  # drafts must be confirmed or dropped first
        services.close_inspection(people["office"], inspection.pk, version=inspection.version)

    # A区政府办 concludes a late application in the period: on_time_rate 0% < 100 on refresh
    late = Application.objects.get(pk=registered.pk)
    late.pk = None
    late.tracking_no, late.org = "A-BGS-2026-00001", tree["dist_a_office"]
    late.status, late.received_on, late.due_on, late.concluded_on = "concluded", D(2026, 2, 1), D(2026, 3, 1), D(2026, 3, 5)
    late.save()
    services.refresh_inspection(people["office"], inspection.pk, version=inspection.version)
    dist_a.refresh_from_db()
    assert dist_a.snapshot["values"]["on_time_rate"]["value"] == 0.0
    assert sorted(Finding.objects.filter(target__inspection=inspection).values_list(
        "target__org__code", "item__indicator_code")) == [("A-BGS", "on_time_rate"), ("C-JYJ", "overdue")]

    draft = Finding.objects.get(target=edu)
    issued = services.issue_finding(people["office"], draft.pk, version=draft.version, rectify_by=D(2026, 6, 30))
    assert issued.status == FindingStatus.PENDING and issued.found_on == TODAY
    assert list(selectors.my_findings(people["handler"])) == [issued]


def test_is_late_rules():
    f = Finding(status=FindingStatus.PENDING, rectify_by=D(2026, 6, 10))
    assert not f.late_on(D(2026, 6, 10)) and f.late_on(D(2026, 6, 11))
    f.status, f.answered_on = FindingStatus.ANSWERED, D(2026, 6, 10)
    assert not f.late_on(D(2026, 7, 1))  # answered on the deadline
    f.answered_on = D(2026, 6, 11)
    assert f.late_on(D(2026, 6, 11))
    f.status, f.answered_on = FindingStatus.CLOSED, D(2026, 6, 9)
    assert not f.late_on(D(2026, 12, 1))  # answered in time, closed by a later 复查
    f.status, f.rectify_by, f.late_recorded = FindingStatus.REOPENED, D(2026, 7, 1), True
    assert f.late_on(D(2026, 6, 20))  # late once, late in the 通报
    assert not Finding(status=FindingStatus.DRAFT, rectify_by=D(2026, 1, 1)).late_on(D(2026, 6, 1))


def test_version_conflict_writes_nothing(people, tree, make_round):
    inspection = make_round(opened=TODAY)
    stale = inspection.version - 1
    with pytest.raises(ConflictError):
        services.update_inspection(people["office"], inspection.pk, version=stale, title="改名",
                                   period_start=D(2026, 1, 1), period_end=D(2026, 3, 31))
    assert Inspection.objects.get(pk=inspection.pk).title == inspection.title

    finding = services.record_finding(people["office"], target_of(inspection, tree["city_edu"]).pk,
                                      description="问题", rectify_by=D(2026, 6, 30))
    services.answer_finding(people["handler"], finding.pk, version=finding.version, response="已整改")
    with pytest.raises(ConflictError):  # a second answer from a page read before the first
        services.answer_finding(people["handler2"], finding.pk, version=finding.version, response="另一份")
    finding.refresh_from_db()
    assert finding.response == "已整改" and finding.events.count() == 2


def test_bad_input_changes_nothing(people, tree, make_round, media_root):
    office = people["office"]
    inspection = make_round(opened=TODAY)
    edu = target_of(inspection, tree["city_edu"])
    events, findings = AuditEvent.objects.count(), Finding.objects.count()

    with pytest.raises(ValidationError) as e:
        services.record_finding(office, edu.pk, description="问题", rectify_by=D(2026, 6, 14), files=[pdf()])
    assert "整改期限不能早于今天" in str(e.value.message_dict["rectify_by"])
    with pytest.raises(ValidationError) as e:
        services.record_finding(office, edu.pk, description="问题", rectify_by=D(2026, 6, 30),
                                files=[SimpleUploadedFile("假.pdf", b"not a pdf")])
    assert "files" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.create_inspection(office, office=tree["city"], title="x", period_start=D(2026, 3, 1),
                                   period_end=D(2026, 1, 1))
    assert "period_end" in e.value.message_dict

    district = services.create_inspection(office, office=tree["dist_a"], title="A区督查", period_start=D(2026, 1, 1),
                                          period_end=D(2026, 3, 31))
    events += 1
    with pytest.raises(ValidationError) as e:  # district B is not under district A
        services.add_target(office, district.pk, org=tree["dist_b_office"])
    assert "不在甲市A区人民政府的督查范围内" in str(e.value.message_dict["org"])
    with pytest.raises(ValidationError):  # another office cannot run a round for the city
        services.create_inspection(people["b_admin"], office=tree["city"], title="越权", period_start=D(2026, 1, 1),
                                   period_end=D(2026, 3, 31))
    with pytest.raises(Http404):  # nor touch the city's round
        services.add_target(people["b_admin"], inspection.pk, org=tree["dist_b_office"])

    assert AuditEvent.objects.count() == events and Finding.objects.count() == findings
    assert district.targets.count() == 0 and inspection.targets.count() == 2
    assert not FindingAttachment.objects.exists() and not list(media_root.rglob("*.pdf"))


def test_permissions_in_services(people, tree, make_round):
    inspection = make_round(opened=TODAY)
    edu = target_of(inspection, tree["city_edu"])
    with pytest.raises(PermissionDenied):  # the 监督员 reads only
        services.record_finding(people["supervisor"], edu.pk, description="x", rectify_by=D(2026, 6, 30))
    finding = services.record_finding(people["office"], edu.pk, description="x", rectify_by=D(2026, 6, 30))
    with pytest.raises(PermissionDenied):  # the office does not answer for the body
        services.answer_finding(people["office"], finding.pk, version=finding.version, response="代答")
    with pytest.raises(Http404):  # staff of another body do not see it
        services.answer_finding(people["a_handler"], finding.pk, version=finding.version, response="x")
    with pytest.raises(PermissionDenied):  # the body does not recheck itself
        services.recheck_finding(people["handler"], finding.pk, version=finding.version, passed=True)
    with pytest.raises(ValidationError):  # not answered yet
        services.recheck_finding(people["office"], finding.pk, version=finding.version, passed=True)


def test_draft_round_can_be_deleted_but_not_once_open(people, make_round):
    draft = make_round()
    services.delete_inspection(people["office"], draft.pk, version=draft.version)
    assert not Inspection.objects.filter(pk=draft.pk).exists()
    opened = make_round(opened=TODAY)
    with pytest.raises(ValidationError):
        services.delete_inspection(people["office"], opened.pk, version=opened.version)


def test_open_findings_indicator(people, tree, make_round):
    inspection = make_round(items=INDICATOR_ITEMS[:1], opened=D(2026, 6, 1))
    edu, dist_a = target_of(inspection, tree["city_edu"]), target_of(inspection, tree["dist_a_office"])
    office, handler = people["office"], people["handler"]
    closed = services.record_finding(office, edu.pk, description="一", rectify_by=D(2026, 6, 30), on=D(2026, 6, 2))
    services.record_finding(office, edu.pk, description="二", rectify_by=D(2026, 6, 30), on=D(2026, 6, 3))
    services.record_finding(office, dist_a.pk, description="三", rectify_by=D(2026, 6, 30), on=D(2026, 6, 10))
    closed = services.answer_finding(handler, closed.pk, version=closed.version, response="改", on=D(2026, 6, 4))
    services.recheck_finding(office, closed.pk, version=closed.version, passed=True, on=D(2026, 6, 5))

    ids = [tree["city_edu"].pk, tree["dist_a_office"].pk, tree["dist_b_office"].pk]
    indicator = registry.get("open_findings")
    assert (indicator.label, indicator.unit, indicator.kind, indicator.better) == ("督查问题未整改", "个", "count", "lower")

    def values(day):
        table = registry.compute(["open_findings"], ids, registry.Period(D(2026, 1, 1), D(2026, 3, 31), day))
        return [table.rows[pk]["open_findings"].value for pk in ids], table.totals["open_findings"].value

    assert values(TODAY) == ([1, 1, 0], 2)
    assert values(D(2026, 6, 4)) == ([2, 0, 0], 2)  # as of 4 June: the first not closed yet, 三 not found yet
    assert values(D(2026, 6, 1)) == ([0, 0, 0], 0)
    rows = registry.records("open_findings", ids, registry.Period(D(2026, 1, 1), D(2026, 3, 31), TODAY))
    assert sorted(f.description for f in rows) == ["三", "二"]  # the 系统核查 draft (none here) never counts
