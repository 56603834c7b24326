"""Demo data: one 督查 of the fictional 示例市 (run by the city's 公开办, user ``gkb``) over six bodies, with
findings in every state — closed after 复查, reopened, answered and waiting for 复查, overdue, late — ready for
its 通报. Everything goes through the services (events and audit are real); calling it again changes nothing."""

import datetime as dt

from gongkai.accounts.models import User
from gongkai.orgs.models import Organization

from . import services
from .codes import FindingStatus, Severity
from .models import Finding, Inspection

OFFICE = "SLS"
BODIES = ["SLS-JYJ", "SLS-GAJ", "SLS-ZJJ", "SLS-STHJJ", "SLS-DC", "SLS-DC-MZJ"]
ITEMS = [
    ("依申请公开申请在法定期限内答复", "on_time_rate", "lt", 100, Severity.MAJOR),
    ("办理中的依申请公开申请不得超过答复期限", "overdue", "gt", 0, Severity.SERIOUS),
    ("规章和行政规范性文件同步发布政策解读", "sync_exceptions", "gt", 0, Severity.MAJOR),
    ("本季度主动公开信息不少于4条", "published", "lt", 4, Severity.MINOR),
    ("政府信息公开指南和制度及时更新、要素完整", "", "", None, Severity.MINOR),
    ("法定主动公开内容及时、准确、完整发布", "", "", None, Severity.MAJOR),
    ("涉及个人信息的公示内容依法作去标识化处理", "", "", None, Severity.SERIOUS),
]
# body, description, severity, checklist item number (1-based, None: none), days from finding to deadline, then
# the story:
# ("answer", days after found, user), ("pass"/"fail", days after found[, new deadline from today])
FINDINGS = [
    ("SLS-JYJ", "政府信息公开指南未按修订后的条例更新，办公地址、联系电话仍为旧信息。", Severity.MINOR, 5, 14,
     [("answer", 6, "chengban"), ("pass", 8)]),
    ("SLS-JYJ", "2025年度部门预算公开表格不完整，缺少“三公”经费说明。", Severity.MAJOR, 6, 14,
     [("answer", 11, "chengban"), ("fail", 13, 5)]),
    ("SLS-JYJ", "两份依申请公开答复书未告知申请人行政复议和行政诉讼的救济途径。", Severity.MINOR, None, 14,
     [("answer", 10, "chengban"), ("pass", 12)]),
    ("SLS-GAJ", "部分行政处罚决定未在作出决定之日起7个工作日内公示。", Severity.MAJOR, 6, 14, []),
    ("SLS-GAJ", "政策解读仅有文字解读一种形式，未使用图解等形式。", Severity.MINOR, None, 20,
     [("answer", 16, "sz_chengban")]),
    ("SLS-ZJJ", "2025年老旧小区改造项目名单及资金安排未及时公开。", Severity.MAJOR, 6, 14,
     [("answer", 18, "sz_chengban"), ("pass", 20)]),
    ("SLS-STHJJ", "建设项目环境影响评价审批信息公开缺少审批依据要素。", Severity.MINOR, 6, 48, []),
    ("SLS-DC", "区政府门户网站政府信息公开专栏栏目设置不规范，未设置“政府信息公开制度”栏目。", Severity.MINOR, 5, 45, []),
    ("SLS-DC-MZJ", "城乡低保对象公示名单中显示了完整的身份证号码。", Severity.SERIOUS, 7, 8,
     [("answer", 5, "dc_gkb"), ("pass", 7)]),
]


def load_demo_inspections(today: dt.date) -> int:
    """Create the demo round (once); returns the number of findings created."""
    users = {u.username: u for u in User.objects.filter(
        username__in=["gkb", "chengban", "sz_chengban", "dc_gkb"])}
    orgs = {o.code: o for o in Organization.objects.filter(code__in=[OFFICE, *BODIES])}
    if "gkb" not in users or len(orgs) < len(BODIES) + 1:
        return 0
    gkb = users["gkb"]
    quarter_start = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    period_end = quarter_start - dt.timedelta(days=1)
    period_start = dt.date(period_end.year, period_end.month - 2, 1)
    quarter = (period_end.month - 1) // 3 + 1
    chinese = "一二三四"[quarter - 1]
    title = f"{period_end.year}年第{chinese}季度政府信息公开工作督查"
    if Inspection.objects.filter(office=orgs[OFFICE], title=title).exists():
        return 0

    opened = today - dt.timedelta(days=40)
    found = opened + dt.timedelta(days=2)
    inspection = services.create_inspection(
        gkb, office=orgs[OFFICE], title=title, period_start=period_start, period_end=period_end,
        description="采取平台数据核查与网站人工检查相结合的方式，重点检查依申请公开办理、政策解读、"
                    "法定主动公开内容和政府信息公开指南更新情况。",
        many_problems=3, issuer_name="示例市人民政府办公室", doc_number=f"示例市政务公开办〔{today.year}〕3号",
        main_recipients="各区县人民政府，市各委办局", cc="市人民政府督查室", signature="示例市人民政府办公室")
    for code in BODIES:
        services.add_target(gkb, inspection.pk, org=orgs[code])
    items = [services.add_item(gkb, inspection.pk, text=text, indicator_code=code, comparison=op, threshold=limit,
                               severity=severity, order=n)
             for n, (text, code, op, limit, severity) in enumerate(ITEMS, start=1)]
    inspection = services.open_inspection(gkb, inspection.pk, version=inspection.version, on=opened)
    targets = {t.org.code: t for t in inspection.targets.select_related("org")}

    # The 系统核查 drafts are confirmed, with a deadline still to come.
    for draft in Finding.objects.filter(target__inspection=inspection, status=FindingStatus.DRAFT):
        services.issue_finding(gkb, draft.pk, version=draft.version, rectify_by=today + dt.timedelta(days=10),
                               on=opened + dt.timedelta(days=1))
    created = Finding.objects.filter(target__inspection=inspection).count()

    for code, text, severity, item, deadline, story in FINDINGS:
        finding = services.record_finding(gkb, targets[code].pk, description=text, severity=severity,
                                          item=items[item - 1] if item else None, on=found,
                                          rectify_by=found + dt.timedelta(days=deadline))
        created += 1
        for step in story:
            finding.refresh_from_db()
            on = found + dt.timedelta(days=step[1])
            if step[0] == "answer":
                services.answer_finding(users[step[2]], finding.pk, version=finding.version, on=on,
                                        response="已对照问题完成整改，相关页面已更新，整改前后截图见附件说明。")
            elif step[0] == "pass":
                services.recheck_finding(gkb, finding.pk, version=finding.version, passed=True, on=on,
                                         comment="经复查，已整改到位。")
            else:
                services.recheck_finding(gkb, finding.pk, version=finding.version, passed=False, on=on,
                                         comment="经复查，“三公”经费说明仍未公开，请补充完整。",
                                         rectify_by=today + dt.timedelta(days=step[2]))
    jyj = targets["SLS-JYJ"]
    services.assess_target(gkb, jyj.pk, version=jyj.version,
                           notes="现场检查政府信息公开专栏和依申请公开台账，抽查答复书10份。")
    return created
