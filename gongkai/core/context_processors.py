"""Navigation for the staff shell: each entry appears only for users who may use it."""

from django.urls import reverse

from gongkai.consultations.permissions import can_view_any as can_view_consultations
from gongkai.evaluation.permissions import can_view_any as can_view_evaluation
from gongkai.orgs.scoping import can_view_business_data
from gongkai.registers.permissions import can_view_registers
from gongkai.supervision.selectors import can_supervise
from gongkai.workrecords.permissions import viewable_org_ids as workrecord_org_ids


def can_view_workrecords(user) -> bool:
    return bool(workrecord_org_ids(user))


def nav_items(user) -> list[dict]:
    if not getattr(user, "is_authenticated", False):
        return []
    items = [{"label": "工作台", "url": reverse("core:workbench"), "key": "workbench"}]
    if can_view_business_data(user):
        items.append({"label": "主动公开", "url": reverse("disclosure:list"), "key": "disclosure"})
        items.append({"label": "依申请公开", "url": reverse("applications:queue"), "key": "applications"})
        items.append({"label": "复议诉讼", "url": reverse("appeals:list"), "key": "appeals"})
        items.append({"label": "年度报告", "url": reverse("reports:list"), "key": "reports"})
        if can_supervise(user):
            items.append({"label": "监督看板", "url": reverse("supervision:dashboard"), "key": "supervision"})
        items.append({"label": "督查整改", "url": reverse("inspections:index"), "key": "inspections"})
        if can_view_consultations(user):
            items.append({"label": "意见征集", "url": reverse("consultations:index"), "key": "consultations"})
        if can_view_workrecords(user):
            items.append({"label": "工作记录", "url": reverse("workrecords:index"), "key": "workrecords"})
        if can_view_evaluation(user):
            items.append({"label": "考核评估", "url": reverse("evaluation:index"), "key": "evaluation"})
        if can_view_registers(user):
            items.append({"label": "权责与执法公示", "url": reverse("registers:overview"), "key": "registers"})
        items.append({"label": "机构名录", "url": reverse("orgs:directory"), "key": "directory"})
        if user.memberships.filter(role="office_admin").exists():
            items.append({"label": "文书模板", "url": reverse("letters:templates"), "key": "letter_templates"})
    if user.is_sysadmin:
        items += [
            {"label": "机构管理", "url": reverse("orgs:manage_list"), "key": "manage_orgs"},
            {"label": "用户管理", "url": reverse("accounts:user_list"), "key": "manage_users"},
            {"label": "工作日历", "url": reverse("workdays:years"), "key": "calendar"},
        ]
    if user.is_secadmin:
        items += [
            {"label": "角色授权", "url": reverse("orgs:grants"), "key": "grants"},
            {"label": "安全策略", "url": reverse("accounts:policy"), "key": "policy"},
        ]
    if user.is_auditor:
        items.append({"label": "审计日志", "url": reverse("audit:list"), "key": "audit"})
    return items


def navigation(request):
    return {"nav_items": nav_items(getattr(request, "user", None)), "site_name": "政府信息公开工作平台"}
