"""The appeals services: validation (in Chinese, nothing saved on error), optimistic versions, permissions
(the 监督员 reads but never changes, a body outside the scope is a 404), reopening, documents and deletion,
and the audit trail."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from gongkai.appeals import services
from gongkai.appeals.models import Case, CaseDocument, CaseEvent
from gongkai.audit.models import AuditEvent
from gongkai.audit.services import verify_chain
from gongkai.core.errors import ConflictError

from .conftest import PDF_BYTES, docx_bytes

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def case(staff, tree):
    return services.create_case(staff["handler"], org=tree["city_edu"], kind="review", case_no="示府复〔2026〕1号",
                                applicant_name="张三", filed_on=D(2026, 3, 2), handled_by="甲市人民政府",
                                subject="不服不予公开的答复")


def field_errors(excinfo) -> dict:
    return excinfo.value.message_dict


def test_create_records_the_case_its_event_and_audit(staff, tree, case):
    assert case.org == tree["city_edu"] and case.is_pending and case.version == 1
    assert case.result_label == "尚未审结"
    assert list(case.events.values_list("kind", flat=True)) == ["created"]
    event = AuditEvent.objects.get(action="appeals.case.create")
    assert event.object_id == str(case.pk) and event.org_id == tree["city_edu"].pk
    assert event.after["case_no"] == "示府复〔2026〕1号"


def test_create_refuses_bad_input_in_chinese_and_saves_nothing(staff, tree):
    user, edu = staff["handler"], tree["city_edu"]
    base = {"org": edu, "kind": "review", "applicant_name": "张三", "filed_on": D(2026, 3, 2)}
    cases = [
        ({"kind": "appeal"}, "kind", "案件类型"),
        ({"filed_on": None}, "filed_on", "请填写受理/立案日期"),
        ({"filed_on": "2026-13-01"}, "filed_on", "格式不正确"),
        ({"filed_on": D(2026, 6, 16)}, "filed_on", "不能晚于今天"),
        ({"applicant_name": ""}, "applicant_name", "请填写申请人/原告"),
        ({"result": "upheld"}, "concluded_on", "请填写审结日期"),  # a result without its date
        ({"concluded_on": D(2026, 4, 1)}, "result", "请选择审理结果"),  # a date without a result
        ({"result": "upheld", "concluded_on": D(2026, 3, 1)}, "concluded_on", "不能早于受理/立案日期"),
        ({"result": "upheld", "concluded_on": D(2026, 6, 16)}, "concluded_on", "不能晚于今天"),
    ]
    for change, field, message in cases:
        with pytest.raises(ValidationError) as excinfo:
            services.create_case(user, **(base | change))
        assert message in " ".join(field_errors(excinfo)[field]), change
    assert not Case.objects.exists() and not AuditEvent.objects.filter(action__startswith="appeals").exists()


def test_case_no_is_unique_per_body_only(staff, tree, case):
    with pytest.raises(ValidationError) as excinfo:
        services.create_case(staff["handler"], org=tree["city_edu"], kind="litigation_direct",
                             case_no=case.case_no, applicant_name="李四", filed_on=D(2026, 4, 1))
    assert "已登记案号" in field_errors(excinfo)["case_no"][0]
    other = services.create_case(staff["office"], org=tree["city"], kind="review", case_no=case.case_no,
                                 applicant_name="李四", filed_on=D(2026, 4, 1))
    assert other.case_no == case.case_no
    services.create_case(staff["handler"], org=tree["city_edu"], kind="review", applicant_name="王五",
                         filed_on=D(2026, 4, 1))
    services.create_case(staff["handler"], org=tree["city_edu"], kind="review", applicant_name="赵六",
                         filed_on=D(2026, 4, 2))  # several cases without a 案号 are fine
    assert Case.objects.filter(org=tree["city_edu"], case_no="").count() == 2


def test_application_must_belong_to_the_same_body(staff, tree, registered):
    # ``registered`` is an application received by the city education bureau.
    with pytest.raises(ValidationError) as excinfo:
        services.create_case(staff["office"], org=tree["city"], kind="review", applicant_name="张三",
                             filed_on=registered.received_on, application_no=registered.tracking_no)
    assert "所涉申请须由同一机关受理" in field_errors(excinfo)["application_no"][0]
    with pytest.raises(ValidationError) as excinfo:
        services.create_case(staff["handler"], org=tree["city_edu"], kind="review", applicant_name="张三",
                             filed_on=registered.received_on - dt.timedelta(days=1),
                             application_no=registered.tracking_no)
    assert "不能早于所涉申请的收到日期" in field_errors(excinfo)["filed_on"][0]
    assert not Case.objects.exists()
    linked = services.create_case(staff["handler"], org=tree["city_edu"], kind="review",
                                  filed_on=registered.received_on, application_no=registered.tracking_no)
    assert linked.application == registered and linked.applicant_name == registered.applicant_name


def test_update_checks_the_version_and_saves_nothing_when_stale(staff, case):
    updated = services.update_case(staff["approver"], case.pk, version=1, kind="litigation_direct",
                                   case_no="（2026）甲0102行初1号", applicant_name="张三", filed_on=D(2026, 3, 3),
                                   handled_by="甲市A区人民法院", subject="诉不予公开")
    assert updated.version == 2 and updated.kind == "litigation_direct"
    with pytest.raises(ConflictError):
        services.update_case(staff["handler"], case.pk, version=1, kind="review", applicant_name="李四",
                             filed_on=D(2026, 3, 2))
    with pytest.raises(ConflictError):
        services.conclude_case(staff["handler"], case.pk, version=1, result="upheld", concluded_on=D(2026, 5, 1))
    with pytest.raises(ConflictError):  # a form that lost its version cannot overwrite blindly
        services.update_case(staff["handler"], case.pk, version=None, kind="review", applicant_name="李四",
                             filed_on=D(2026, 3, 2))
    case.refresh_from_db()
    assert case.version == 2 and case.applicant_name == "张三" and case.kind == "litigation_direct"
    assert case.is_pending
    assert AuditEvent.objects.filter(action="appeals.case.update").count() == 1


def test_update_can_move_a_case_only_to_a_body_the_actor_keeps(staff, tree, case):
    with pytest.raises(Http404):
        services.update_case(staff["handler"], case.pk, version=1, org=tree["dist_b"], kind="review",
                             applicant_name="张三", filed_on=D(2026, 3, 2))
    moved = services.update_case(staff["office"], case.pk, version=1, org=tree["city"], kind="review",
                                 applicant_name="张三", filed_on=D(2026, 3, 2), case_no=case.case_no)
    assert moved.org == tree["city"]


def test_conclude_validates_and_records(staff, case):
    user = staff["handler"]
    with pytest.raises(ValidationError) as excinfo:
        services.conclude_case(user, case.pk, version=1, result="upheld", concluded_on=D(2026, 3, 1))
    assert "审结日期不能早于受理/立案日期（2026-03-02）" in field_errors(excinfo)["concluded_on"][0]
    with pytest.raises(ValidationError) as excinfo:
        services.conclude_case(user, case.pk, version=1, result="upheld", concluded_on=None)
    assert "请填写审结日期" in field_errors(excinfo)["concluded_on"][0]
    with pytest.raises(ValidationError):
        services.conclude_case(user, case.pk, version=1, result="", concluded_on=D(2026, 4, 1))
    case.refresh_from_db()
    assert case.is_pending and case.version == 1

    done = services.conclude_case(user, case.pk, version=1, result="corrected", concluded_on=D(2026, 3, 2),
                                  result_note="责令重新答复")
    assert (done.result, done.concluded_on, done.version) == ("corrected", D(2026, 3, 2), 2)
    with pytest.raises(ValidationError) as excinfo:  # a concluded case keeps its filing date before the end
        services.update_case(user, case.pk, version=2, kind="review", applicant_name="张三",
                             filed_on=D(2026, 4, 1))
    assert "不能晚于审结日期" in field_errors(excinfo)["filed_on"][0]
    fixed = services.conclude_case(user, case.pk, version=2, result="upheld", concluded_on=D(2026, 3, 5))
    assert fixed.result == "upheld"
    assert list(fixed.events.values_list("kind", flat=True)) == ["created", "concluded", "corrected"]
    audit = AuditEvent.objects.filter(action="appeals.case.conclude").order_by("seq").last()
    assert audit.before["result"] == "corrected" and audit.after["result"] == "upheld"


def test_reopen_clears_the_result_and_needs_a_reason(staff, case):
    user = staff["handler"]
    with pytest.raises(ValidationError) as excinfo:
        services.reopen_case(user, case.pk, version=1, reason="发回重审")
    assert "尚未审结" in field_errors(excinfo)["reason"][0]
    services.conclude_case(user, case.pk, version=1, result="upheld", concluded_on=D(2026, 4, 1),
                           result_note="驳回")
    with pytest.raises(ValidationError) as excinfo:
        services.reopen_case(user, case.pk, version=2, reason="  ")
    assert "请填写重新审理的原因" in field_errors(excinfo)["reason"][0]
    reopened = services.reopen_case(user, case.pk, version=2, reason="二审发回重审")
    assert reopened.is_pending and reopened.concluded_on is None and reopened.result_note == ""
    event = CaseEvent.objects.filter(case=case, kind="reopened").get()
    assert "二审发回重审" in event.note and "结果维持" in event.note
    assert AuditEvent.objects.get(action="appeals.case.reopen").after["reason"] == "二审发回重审"


def test_supervisor_reads_but_cannot_change(staff, tree, case):
    supervisor = staff["supervisor"]
    from gongkai.appeals.selectors import visible_cases

    assert list(visible_cases(supervisor)) == [case]
    with pytest.raises(PermissionDenied):
        services.create_case(supervisor, org=tree["city_edu"], kind="review", applicant_name="李四",
                             filed_on=D(2026, 4, 1))
    with pytest.raises(PermissionDenied):
        services.update_case(supervisor, case.pk, version=1, kind="review", applicant_name="李四",
                             filed_on=D(2026, 4, 1))
    with pytest.raises(PermissionDenied):
        services.conclude_case(supervisor, case.pk, version=1, result="upheld", concluded_on=D(2026, 4, 1))
    with pytest.raises(PermissionDenied):
        services.add_document(supervisor, case.pk, SimpleUploadedFile("a.pdf", PDF_BYTES))
    with pytest.raises(PermissionDenied):
        services.delete_case(supervisor, case.pk)
    case.refresh_from_db()
    assert case.version == 1 and Case.objects.count() == 1 and not CaseDocument.objects.exists()


def test_outsiders_get_404(staff, tree, case):
    outsider = staff["outsider"]
    with pytest.raises(Http404):
        services.create_case(outsider, org=tree["city_edu"], kind="review", applicant_name="李四",
                             filed_on=D(2026, 4, 1))
    with pytest.raises(Http404):
        services.conclude_case(outsider, case.pk, version=1, result="upheld", concluded_on=D(2026, 4, 1))
    with pytest.raises(Http404):
        services.delete_case(outsider, case.pk)
    # A 承办人 of the education bureau does not reach the city government itself.
    with pytest.raises(Http404):
        services.create_case(staff["handler"], org=tree["city"], kind="review", applicant_name="李四",
                             filed_on=D(2026, 4, 1))
    case.refresh_from_db()
    assert case.is_pending


def test_documents_are_checked_by_content_and_deleted_with_their_file(staff, case, media_root,
                                                                     django_capture_on_commit_callbacks):
    user = staff["handler"]
    with pytest.raises(ValidationError) as excinfo:
        services.add_document(user, case.pk, SimpleUploadedFile("决定书.pdf", b"MZ not a pdf"))
    assert "不是允许的类型" in field_errors(excinfo)["file"][0]
    assert not CaseDocument.objects.exists()

    pdf = services.add_document(user, case.pk, SimpleUploadedFile("复议决定书.pdf", PDF_BYTES),
                                description="复议决定书")
    docx = services.add_document(user, case.pk, SimpleUploadedFile("判决书.docx", docx_bytes()),
                                 description="一审判决书")
    assert pdf.content_type == "application/pdf" and pdf.original_name == "复议决定书.pdf"
    assert docx.file.name.endswith(".docx") and docx.uploaded_by == user
    path = media_root / pdf.file.name
    assert path.read_bytes() == PDF_BYTES

    with pytest.raises(ValidationError) as excinfo:
        services.delete_case(user, case.pk)
    assert "请先删除文书" in excinfo.value.messages[0]
    with django_capture_on_commit_callbacks(execute=True):  # the file goes once the deletion is committed
        services.delete_document(user, pdf.pk)
    assert not path.exists()
    with pytest.raises(Http404):
        services.delete_document(staff["outsider"], docx.pk)
    services.delete_document(user, docx.pk)
    services.delete_case(user, case.pk, version=1)
    assert not Case.objects.exists()
    actions = list(AuditEvent.objects.filter(action__startswith="appeals").order_by("seq")
                   .values_list("action", flat=True))
    assert actions == ["appeals.case.create", "appeals.document.add", "appeals.document.add",
                       "appeals.document.delete", "appeals.document.delete", "appeals.case.delete"]
    assert verify_chain().ok
