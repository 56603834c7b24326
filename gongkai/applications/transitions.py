"""The one table of what may happen to an application: for each action, the statuses it starts from and the
roles (over the application's body) that may perform it. The UI shows exactly the actions this table allows;
the services enforce the same table."""

from dataclasses import dataclass

from gongkai.orgs.models import Role
from gongkai.orgs.scoping import roles_for

from .codes import OPEN_STATUSES, Status

S = Status
HANDLING = frozenset({Role.HANDLER, Role.OFFICE_ADMIN})
APPROVING = frozenset({Role.APPROVER})
COORDINATING = frozenset({Role.OFFICE_ADMIN})


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple[str, ...]
    roles: frozenset[str]
    target: str | None  # None: status unchanged


TRANSITIONS: dict[str, Transition] = {t.action: t for t in [
    Transition("confirm", "确认收到申请", (S.SUBMITTED,), HANDLING, S.PROCESSING),
    Transition("discard", "作废（非有效申请）", (S.SUBMITTED,), COORDINATING, S.DISCARDED),
    Transition("assign", "分配承办人", (S.PROCESSING, S.AWAITING_SUPPLEMENT, S.CONSULTING, S.AWAITING_PAYMENT),
               COORDINATING, None),
    Transition("transfer", "转办其他机关", (S.SUBMITTED, S.PROCESSING), COORDINATING, None),
    Transition("request_supplement", "发出补正告知", (S.PROCESSING,), HANDLING, S.AWAITING_SUPPLEMENT),
    Transition("receive_supplement", "收到补正", (S.AWAITING_SUPPLEMENT,), HANDLING, S.PROCESSING),
    Transition("start_consultation", "征求意见", (S.PROCESSING,), HANDLING, S.CONSULTING),
    Transition("end_consultation", "结束征求意见", (S.CONSULTING,), HANDLING, S.PROCESSING),
    Transition("notify_fee", "发出收费通知", (S.PROCESSING,), HANDLING, S.AWAITING_PAYMENT),
    Transition("receive_payment", "确认缴费", (S.AWAITING_PAYMENT,), HANDLING, S.PROCESSING),
    Transition("extend", "延长答复期限", (S.PROCESSING, S.CONSULTING, S.AWAITING_PAYMENT), APPROVING, None),
    Transition("ask_reasons", "要求说明理由（第三十五条）", (S.PROCESSING,), HANDLING, None),
    Transition("defer", "确定延迟答复期限（第三十五条）", (S.PROCESSING,), APPROVING, None),
    Transition("draft_reply", "拟定答复", (S.PROCESSING,), HANDLING, S.REPLY_PENDING),
    Transition("return_reply", "退回答复", (S.REPLY_PENDING,), APPROVING, S.PROCESSING),
    Transition("approve_reply", "审核通过答复", (S.REPLY_PENDING,), APPROVING, S.REPLY_APPROVED),
    Transition("deliver", "送达答复", (S.REPLY_APPROVED,), HANDLING, S.CONCLUDED),
    Transition("withdraw", "申请人撤回", OPEN_STATUSES, HANDLING, S.CONCLUDED),
    Transition("archive", "归档", (S.CONCLUDED,), HANDLING, S.ARCHIVED),
    Transition("note", "添加备注", (S.SUBMITTED, *OPEN_STATUSES, S.CONCLUDED), HANDLING | APPROVING, None),
]}

# Performed by the daily job (no user): the statutory closures.
SYSTEM_TRANSITIONS: dict[str, Transition] = {t.action: t for t in [
    Transition("close_no_supplement", "逾期未补正，不再处理", (S.AWAITING_SUPPLEMENT,), frozenset(), S.CONCLUDED),
    Transition("close_no_payment", "逾期未缴费，不再处理", (S.AWAITING_PAYMENT,), frozenset(), S.CONCLUDED),
]}


def blocked_reason(user, application, action: str, roles: set[str] | None = None) -> str | None:
    """Why ``user`` may not perform ``action`` now, or None if they may."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        return f"未知的操作：{action}"
    if application.status not in transition.sources:
        return f"申请当前状态为“{application.get_status_display()}”，不能{transition.label}。"
    roles = roles_for(user, application.org) if roles is None else roles
    if not roles & transition.roles:
        names = "、".join(Role(r).label for r in sorted(transition.roles))
        return f"只有本机关的{names}可以{transition.label}。"
    if action == "approve_reply" and application.reply_drafted_by_id == user.pk:
        return "答复拟稿人不能审核自己拟定的答复。"
    if action == "extend" and application.extended_workdays:
        return "答复期限只能延长一次。"
    if action == "request_supplement" and application.supplement_due is not None:
        return "补正告知应一次性发出，本申请已发出过补正告知。"
    return None


def allowed_actions(user, application) -> list[str]:
    roles = roles_for(user, application.org)
    return [a for a in TRANSITIONS if blocked_reason(user, application, a, roles) is None]
