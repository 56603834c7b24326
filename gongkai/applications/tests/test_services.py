"""The lifecycle through the service layer: every outcome, the rules, scoping and concurrency."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.http import Http404

from gongkai.applications import services
from gongkai.applications.codes import REPLY_OUTCOMES, Status
from gongkai.applications.errors import TransitionNotAllowed
from gongkai.applications.models import Application, ApplicationEvent
from gongkai.applications.transitions import allowed_actions
from gongkai.audit.models import AuditEvent
from gongkai.core.errors import ConflictError
from gongkai.workdays.selectors import add_workdays

from .conftest import payload, resident_id

pytestmark = pytest.mark.django_db


def TODAY():  # noqa: N802 - reads the pinned date at call time
    return services.today()


def reply(staff, app, outcome, **extra):
    data = {"reason": "依据条例规定答复。", "provided": "电子文档见附件。"} | extra
    services.draft_reply(staff["handler"], app.pk, outcome=outcome, **data)
    services.approve_reply(staff["approver"], app.pk)
    return services.deliver(staff["handler"], app.pk, method="email")


def test_register_assigns_tracking_no_due_date_and_audit(registered, tree):
    app = registered
    assert app.status == Status.PROCESSING
    assert app.tracking_no == f"C-JYJ-{app.received_on.year}-00001"
    assert app.due_on == add_workdays(app.received_on, 20)
    assert "收到申请起20个工作日" in app.due_explanation
    assert AuditEvent.objects.filter(action="applications.register", object_id=str(app.pk)).exists()
    assert list(app.events.values_list("kind", flat=True)) == ["register"]


@pytest.mark.parametrize("field, value, message", [
    ("id_number", "110105194912310021", "校验位不正确"),
    ("id_number", "11010519491331002X", "出生日期无效"),
    ("phone", "", "请填写联系电话"),
    ("content", "", "请填写所需政府信息"),
    ("delivery_method", "pigeon", "获取信息的方式"),
    ("applicant_kind", "alien", "申请人类型"),
])
def test_bad_input_changes_nothing(staff, tree, field, value, message):
    before = (Application.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as exc:
        services.register(staff["handler"], org=tree["city_edu"],
                          data=payload(channel="in_person", received_on=TODAY().isoformat(), **{field: value}))
    assert any(message in m for m in exc.value.message_dict.get(field, [])), exc.value.message_dict
    assert (Application.objects.count(), AuditEvent.objects.count()) == before


def test_organisation_needs_uscc_and_contact(staff, tree):
    with pytest.raises(ValidationError) as exc:
        services.register(staff["handler"], org=tree["city_edu"], data=payload(
            channel="letter", letter_mail="signed", received_on=TODAY().isoformat(),
            applicant_kind="commercial", applicant_name="某某有限公司", id_type="uscc", id_number="91350100M000100Y44"))
    assert "校验位" in exc.value.message_dict["id_number"][0] and "contact_person" in exc.value.message_dict
    app, _ = services.register(staff["handler"], org=tree["city_edu"], data=payload(
        channel="letter", letter_mail="signed", received_on=TODAY().isoformat(), applicant_kind="commercial",
        applicant_name="某某有限公司", id_type="uscc", id_number="91350100M000100Y43", contact_person="李四"))
    assert app.applicant_kind == "commercial"


def test_letter_needs_mail_kind_and_receipt_not_in_future(staff, tree):
    with pytest.raises(ValidationError) as exc:
        services.register(staff["handler"], org=tree["city_edu"], data=payload(
            channel="letter", received_on=(TODAY() + dt.timedelta(days=1)).isoformat()))
    assert set(exc.value.message_dict) >= {"letter_mail", "received_on"}


def test_only_handlers_of_the_body_register(staff, tree):
    with pytest.raises(PermissionDenied):
        services.register(staff["approver"], org=tree["city_edu"],
                          data=payload(channel="in_person", received_on=TODAY().isoformat()))
    with pytest.raises(PermissionDenied):
        services.register(staff["outsider"], org=tree["city_edu"],
                          data=payload(channel="in_person", received_on=TODAY().isoformat()))


def test_online_submission_waits_for_confirmation(staff, tree):
    app, code = services.submit_online(org=tree["city_edu"], data=payload())
    assert app.status == Status.SUBMITTED and app.received_on is None and app.due_on is None
    assert services.check_query_code(app, code) and services.check_query_code(app, code.lower())
    assert not services.check_query_code(app, "WRONG123")
    app = services.confirm(staff["handler"], app.pk)
    assert app.received_on == TODAY() and app.status == Status.PROCESSING and app.handler == staff["handler"]
    assert app.due_on == add_workdays(TODAY(), 20)


@pytest.mark.parametrize("outcome", REPLY_OUTCOMES)
def test_every_reply_outcome(staff, registered, outcome):
    app = reply(staff, registered, outcome)
    assert app.status == Status.CONCLUDED and app.outcome == outcome
    assert app.concluded_on == TODAY() and app.delivered_method == "email"
    assert app.reply_approved_by == staff["approver"]
    kinds = list(app.events.values_list("kind", flat=True))
    assert kinds == ["register", "draft_reply", "approve_reply", "deliver"]
    services.archive(staff["handler"], app.pk)
    assert Application.objects.get(pk=app.pk).status == Status.ARCHIVED


def test_withdraw_is_3_6_3(staff, registered):
    app = services.withdraw(staff["handler"], registered.pk, reason="申请人书面撤回")
    assert (app.status, app.outcome, app.concluded_on) == (Status.CONCLUDED, "3.6.3", TODAY())


def test_no_supplement_closes_as_3_6_1(staff, tree):
    received = TODAY() - dt.timedelta(days=30)
    app, _ = services.register(staff["handler"], org=tree["city_edu"],
                               data=payload(channel="in_person", received_on=received.isoformat()))
    on = add_workdays(received, 2)
    app = services.request_supplement(staff["handler"], app.pk, items="请明确文件名称", supplement_workdays=5, on=on)
    assert app.status == Status.AWAITING_SUPPLEMENT and app.due_on is None
    assert app.supplement_due == add_workdays(on, 5)
    assert services.close_overdue(app.supplement_due) == []  # not yet: the last day is still open
    closed = services.close_overdue(app.supplement_due + dt.timedelta(days=1))
    assert [a.pk for a in closed] == [app.pk]
    app.refresh_from_db()
    assert (app.status, app.outcome) == (Status.CONCLUDED, "3.6.1")
    assert AuditEvent.objects.filter(action="applications.close_no_supplement", actor=None).exists()


def test_no_payment_closes_as_3_6_2(staff, tree):
    received = TODAY() - dt.timedelta(days=40)
    # 12 件 in one application this month: 10 free, 2 at 100元.
    app, _ = services.register(staff["handler"], org=tree["city_edu"],
                               data=payload(channel="in_person", received_on=received.isoformat(), item_count=12))
    app = services.notify_fee(staff["handler"], app.pk, method="per_item", on=received + dt.timedelta(days=1))
    event = app.events.get(kind="notify_fee")
    assert event.data["amount"] == 200 and app.status == Status.AWAITING_PAYMENT and app.clock_paused
    closed = services.close_overdue(app.payment_due + dt.timedelta(days=1))
    assert [a.outcome for a in closed] == ["3.6.2"]


def test_fee_not_due_is_refused(staff, registered):
    with pytest.raises(ValidationError) as exc:
        services.notify_fee(staff["handler"], registered.pk, method="per_page", pages=20)
    assert "不应收费" in exc.value.message_dict["method"][0]
    assert Application.objects.get(pk=registered.pk).status == Status.PROCESSING


def test_supplement_after_seven_working_days_refused(staff, tree):
    received = TODAY() - dt.timedelta(days=30)
    app, _ = services.register(staff["handler"], org=tree["city_edu"],
                               data=payload(channel="in_person", received_on=received.isoformat()))
    with pytest.raises(ValidationError) as exc:
        services.request_supplement(staff["handler"], app.pk, items="x", supplement_workdays=5,
                                    on=add_workdays(received, 8))
    assert "7个工作日内" in exc.value.message_dict["on"][0]
    assert services.request_supplement(staff["handler"], app.pk, items="x", supplement_workdays=5,
                                       on=add_workdays(received, 7)).status == Status.AWAITING_SUPPLEMENT


def test_supplement_restarts_the_clock(staff, tree):
    received = TODAY() - dt.timedelta(days=20)
    app, _ = services.register(staff["handler"], org=tree["city_edu"],
                               data=payload(channel="in_person", received_on=received.isoformat()))
    services.request_supplement(staff["handler"], app.pk, items="请明确年份", supplement_workdays=10,
                                on=add_workdays(received, 1))
    back = add_workdays(received, 5)
    app = services.receive_supplement(staff["handler"], app.pk, on=back)
    assert app.due_on == add_workdays(back, 20) and "收到补正起重新计算" in app.due_explanation
    with pytest.raises(TransitionNotAllowed, match="一次性"):
        services.request_supplement(staff["handler"], app.pk, items="再补", supplement_workdays=5)


def test_consultation_pauses_and_resumes(staff, registered):
    start = registered.received_on + dt.timedelta(days=1)
    app = services.start_consultation(staff["handler"], registered.pk, consultation_kind="third_party",
                                      party="某公司", on=start)
    assert app.due_on is None and app.clock_paused and app.status == Status.CONSULTING
    end = TODAY()
    app = services.end_consultation(staff["handler"], app.pk, opinion="disagree", on=end)
    paused = max(0, __import__("gongkai.workdays.selectors", fromlist=["x"]).workdays_between(start, end))
    assert app.due_on == add_workdays(registered.received_on, 20 + paused)
    assert "征求第三方意见暂停" in app.due_explanation


def test_extension_once_by_approver_at_most_20(staff, registered):
    with pytest.raises(TransitionNotAllowed, match="审核人"):
        services.extend(staff["handler"], registered.pk, workdays=10, reason="情况复杂")
    with pytest.raises(ValidationError):
        services.extend(staff["approver"], registered.pk, workdays=21, reason="情况复杂")
    app = services.extend(staff["approver"], registered.pk, workdays=20, reason="需调取档案")
    assert "经审核延长20个工作日" in app.due_explanation
    assert app.due_on == add_workdays(registered.received_on, 40)
    with pytest.raises(TransitionNotAllowed, match="只能延长一次"):
        services.extend(staff["approver"], registered.pk, workdays=5, reason="再延")


def test_drafter_cannot_approve_own_reply(staff, tree, make_user):
    from gongkai.orgs.models import Role, ScopeMode
    both = make_user("both", memberships=[(tree["city_edu"], Role.HANDLER, ScopeMode.SELF),
                                          (tree["city_edu"], Role.APPROVER, ScopeMode.SELF)])
    app, _ = services.register(both, org=tree["city_edu"],
                               data=payload(channel="in_person", received_on=TODAY().isoformat()))
    services.draft_reply(both, app.pk, outcome="3.4.1", reason="经检索本机关不掌握该信息。")
    assert "approve_reply" not in allowed_actions(both, Application.objects.get(pk=app.pk))
    with pytest.raises(TransitionNotAllowed, match="不能审核自己"):
        services.approve_reply(both, app.pk)
    services.approve_reply(staff["approver"], app.pk)


def test_returned_reply_goes_back_to_processing(staff, registered):
    services.draft_reply(staff["handler"], registered.pk, outcome="3.3.4", reason="涉及第三方商业秘密")
    app = services.return_reply(staff["approver"], registered.pk, reason="理由不充分")
    assert app.status == Status.PROCESSING and app.outcome == ""
    assert "draft_reply" in allowed_actions(staff["handler"], app)


def test_reply_needs_reason_and_outcome(staff, registered):
    with pytest.raises(ValidationError) as exc:
        services.draft_reply(staff["handler"], registered.pk, outcome="3.3.1")
    assert "reason" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.draft_reply(staff["handler"], registered.pk, outcome="3.6.1", reason="x")


def test_out_of_scope_is_404_and_wrong_state_409(staff, registered):
    with pytest.raises(Http404):
        services.draft_reply(staff["outsider"], registered.pk, outcome="3.1", provided="x")
    with pytest.raises(TransitionNotAllowed) as exc:
        services.deliver(staff["handler"], registered.pk)
    assert "draft_reply" in exc.value.allowed
    with pytest.raises(TransitionNotAllowed):
        services.add_note(staff["supervisor"], registered.pk, note="看看")


def test_office_admin_assigns_and_transfers(staff, registered, tree):
    app = services.assign(staff["office"], registered.pk, handler=staff["handler2"])
    assert app.handler == staff["handler2"]
    with pytest.raises(ValidationError):
        services.assign(staff["office"], registered.pk, handler=staff["approver"])
    app = services.transfer(staff["office"], registered.pk, org=tree["city_office"], reason="属市政府办公室职责")
    assert app.org == tree["city_office"] and app.handler is None
    with pytest.raises(Http404):
        services.add_note(staff["handler"], app.pk, note="已不在本机关")


def test_stale_version_conflicts(staff, registered):
    services.add_note(staff["handler"], registered.pk, note="一", version=registered.version)
    with pytest.raises(ConflictError):
        services.add_note(staff["handler"], registered.pk, note="二", version=registered.version)


def test_event_dates_cannot_go_backwards_or_forwards(staff, registered):
    with pytest.raises(ValidationError, match="晚于今天"):
        services.draft_reply(staff["handler"], registered.pk, outcome="3.1", provided="x",
                             on=TODAY() + dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="早于上一办理环节"):
        services.draft_reply(staff["handler"], registered.pk, outcome="3.1", provided="x",
                             on=registered.received_on - dt.timedelta(days=1))


def test_missing_calendar_year_leaves_due_date_empty_with_reason(staff, tree, monkeypatch):
    from gongkai.workdays.models import CalendarYear

    CalendarYear.objects.filter(year=2026).delete()
    from gongkai.workdays.selectors import bump_revision
    bump_revision()
    app, _ = services.register(staff["handler"], org=tree["city_edu"],
                               data=payload(channel="in_person", received_on=TODAY().isoformat()))
    assert app.due_on is None and "缺少 2026 年的法定节假日安排" in app.due_explanation


def test_calendar_change_moves_open_deadlines(staff, registered, sysadmin):
    from gongkai.workdays import services as calendar_services

    old_due = registered.due_on
    # Declare a working day inside the period a holiday: the deadline moves one working day later.
    day = add_workdays(registered.received_on, 3)
    calendar_services.add_override(sysadmin, date=day, kind="holiday", name="临时调整")
    registered.refresh_from_db()
    assert registered.due_on == add_workdays(old_due, 1) and registered.due_on > old_due


def test_month_counter_for_fees(staff, tree):
    received = TODAY().replace(day=1)
    for _ in range(3):
        services.register(staff["handler"], org=tree["city_edu"],
                          data=payload(channel="in_person", received_on=received.isoformat(), item_count=4))
    last = Application.objects.order_by("-pk").first()
    assert services.month_item_count(last) == 8
    assert services.quote_fee(last, "per_item").amount == 200  # 件 9–12: 9 and 10 free, 11–12 at 100元
    other = services.register(staff["handler"], org=tree["city_edu"], data=payload(
        channel="in_person", received_on=received.isoformat(), id_number=resident_id("11010519800101001")))[0]
    assert services.month_item_count(other) == 0


def test_perform_dispatches_and_validates(staff, registered):
    with pytest.raises(ValidationError) as exc:
        services.perform(staff["handler"], registered.pk, "draft_reply", {"outcome": "3.1", "colour": "red"})
    assert "colour" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.perform(staff["approver"], registered.pk, "extend", {"reason": "x"})
    assert "workdays" in exc.value.message_dict
    app = services.perform(staff["handler"], registered.pk, "draft_reply",
                           {"outcome": "3.1", "provided": "见附件", "on": TODAY().isoformat()})
    assert app.status == Status.REPLY_PENDING


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need a server database; "
                    "SQLite serialises writers with BEGIN IMMEDIATE instead")
@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_leave_exactly_one_reply(staff, tree):
    from gongkai.core.baseline import ensure_baseline

    ensure_baseline()
    app, _ = services.register(staff["handler"], org=tree["city_edu"],
                               data=payload(channel="in_person", received_on=TODAY().isoformat()))
    services.draft_reply(staff["handler"], app.pk, outcome="3.1", provided="见附件")
    barrier = threading.Barrier(2)
    results = []

    def approve(user):
        try:
            barrier.wait()
            services.approve_reply(user, app.pk)
            results.append("ok")
        except TransitionNotAllowed:
            results.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(u,)) for u in (staff["approver"], staff["approver2"])]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok", "refused"], (results, connection.vendor)
    assert ApplicationEvent.objects.filter(application=app, kind="approve_reply").count() == 1
    assert AuditEvent.objects.filter(action="applications.approve_reply").count() == 1


def test_input_guards(staff, registered, tree, sysadmin):
    with pytest.raises(ValidationError) as exc:
        services.register(staff["handler"], org=tree["city_edu"], data=payload(
            channel="in_person", received_on=TODAY().isoformat(), item_count=0))
    assert "item_count" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.register(staff["handler"], org=tree["city_edu"], data=payload(
            channel="in_person", received_on=TODAY().isoformat(), content="食堂\x00招标"))
    assert "空字符" in exc.value.message_dict["content"][0]
    with pytest.raises(ValidationError, match="晚于今天"):
        services.add_note(staff["handler"], registered.pk, note="未来", on=TODAY() + dt.timedelta(days=3))
    with pytest.raises(ValidationError, match="早于上一办理环节"):
        services.assign(staff["office"], registered.pk, handler=staff["handler2"], on=dt.date(2000, 1, 1))
    with pytest.raises(ValidationError) as exc:
        services.notify_fee(staff["handler"], registered.pk, method="per_page", pages="十页")
    assert exc.value.message_dict["pages"] == ["页数应为整数。"]
    with pytest.raises(ValidationError):
        services.notify_fee(staff["handler"], registered.pk, method="per_page", pages=10**9)
    from gongkai.orgs.services import set_org_active
    set_org_active(sysadmin, tree["city_edu_branch"].pk, False)
    from gongkai.orgs.models import Membership, Role, ScopeMode
    Membership.objects.create(user=staff["handler"], org=tree["city_edu_branch"], role=Role.HANDLER,
                              scope=ScopeMode.SELF)
    staff["handler"].__dict__.pop("_gongkai_memberships", None)
    staff["handler"].__dict__.pop("_gongkai_scope_cache", None)
    with pytest.raises((ValidationError, PermissionDenied)):
        services.register(staff["handler"], org=tree["city_edu_branch"],
                          data=payload(channel="in_person", received_on=TODAY().isoformat()))


def test_perform_answers_404_before_validating(staff, registered):
    with pytest.raises(Http404):
        services.perform(staff["outsider"], registered.pk, "draft_reply", {"outcome": "nonsense"})
