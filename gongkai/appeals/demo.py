"""Demo 复议诉讼 cases for the fictional 示例市, created through ``gongkai.appeals.services`` as the
公开办管理员 ``gkb`` (so events and the audit trail are real). Running it again creates nothing: a case whose
body already holds its 案号 is skipped.

The cases span 2019–2026 for the city government (SLS) and a few departments. For the city government in 2020
the register reproduces the Baotou 2020 table 四 exactly — 行政复议 "0 0 1 0 1", 未经复议直接起诉 "0 1 0 4 5",
复议后起诉 "0 0 0 0 0": one 复议 concluded in 2020 with 其他结果, one 直接起诉 concluded in 2020 with 结果纠正, and
four 直接起诉 filed in 2020 and decided in 2021–2022. No other demo body has a case concluded in 2020 or open at
its end, so the city's 2020 figures are the same whether the report covers the government alone, with its
departments, or the whole city.
"""

import datetime as dt

from gongkai.accounts.models import User
from gongkai.applications.models import Application
from gongkai.orgs.models import Organization

from . import services
from .codes import CaseKind, CaseResult
from .models import Case

DEMO_ACTOR = "gkb"
REVIEW, DIRECT, AFTER = CaseKind.REVIEW, CaseKind.LITIGATION_DIRECT, CaseKind.LITIGATION_AFTER_REVIEW
UPHELD, CORRECTED, OTHER = CaseResult.UPHELD, CaseResult.CORRECTED, CaseResult.OTHER
PROVINCE = "示例省人民政府"
CITY = "示例市人民政府"
MIDDLE_COURT = "示例市中级人民法院"
DC_COURT = "示例市东城区人民法院"
XS_COURT = "示例市西山区人民法院"
D = dt.date

# (body, kind, 案号, applicant, filed, handled by, subject, result, concluded, note)
CASES = [
    # 示例市人民政府 ------------------------------------------------------------------------------------
    ("SLS", REVIEW, "示省府复〔2019〕31号", "王建国", D(2019, 3, 12), PROVINCE,
     "不服市政府对征收补偿方案信息公开申请的答复", UPHELD, D(2019, 5, 20), "维持原答复"),
    ("SLS", DIRECT, "（2019）示01行初12号", "李丽娟", D(2019, 4, 2), MIDDLE_COURT,
     "诉市政府未在法定期限内答复政府信息公开申请", UPHELD, D(2019, 10, 18), "判决驳回诉讼请求"),
    # 2020 — the Baotou 2020 table 四 for the city government
    ("SLS", REVIEW, "示省府复〔2020〕8号", "张志强", D(2020, 3, 11), PROVINCE,
     "不服市政府不予公开会议纪要的答复", OTHER, D(2020, 5, 20), "申请人撤回复议申请，复议终止"),
    ("SLS", DIRECT, "（2020）示01行初3号", "刘海燕", D(2020, 1, 14), MIDDLE_COURT,
     "诉市政府对房屋征收决定相关信息公开申请的答复", CORRECTED, D(2020, 9, 15),
     "判决撤销被诉答复，责令重新答复"),
    ("SLS", DIRECT, "（2020）示01行初41号", "陈明", D(2020, 8, 6), MIDDLE_COURT,
     "诉市政府告知政府信息不存在", UPHELD, D(2021, 3, 18), "判决驳回诉讼请求"),
    ("SLS", DIRECT, "（2020）示01行初57号", "杨静", D(2020, 10, 9), MIDDLE_COURT,
     "诉市政府对土地征收批复信息公开申请的答复", UPHELD, D(2021, 4, 27), "判决驳回诉讼请求"),
    ("SLS", DIRECT, "（2020）示01行初63号", "示例市恒达建设工程有限公司", D(2020, 11, 23), MIDDLE_COURT,
     "诉市政府不予公开招标评审材料", CORRECTED, D(2021, 6, 30), "判决确认被诉答复违法"),
    ("SLS", DIRECT, "（2020）示01行初70号", "黄伟", D(2020, 12, 15), MIDDLE_COURT,
     "诉市政府逾期未答复政府信息公开申请", OTHER, D(2022, 1, 11), "原告撤诉，裁定准许撤诉"),
    # later years
    ("SLS", AFTER, "（2021）示01行初22号", "张志强", D(2021, 2, 25), MIDDLE_COURT,
     "经复议后诉市政府不予公开会议纪要", UPHELD, D(2021, 9, 9), "判决驳回诉讼请求"),
    ("SLS", REVIEW, "示省府复〔2022〕17号", "周芳", D(2022, 5, 10), PROVINCE,
     "不服市政府对重大行政决策信息公开申请的答复", CORRECTED, D(2022, 7, 28), "撤销原答复，责令重新答复"),
    ("SLS", DIRECT, "（2023）示01行初9号", "示例大学公共管理研究所", D(2023, 3, 2), MIDDLE_COURT,
     "诉市政府告知申请内容不明确", UPHELD, D(2023, 11, 20), "判决驳回诉讼请求"),
    ("SLS", REVIEW, "示省府复〔2024〕44号", "吴晓东", D(2024, 9, 3), PROVINCE,
     "不服市政府以过程性信息为由不予公开", UPHELD, D(2024, 11, 15), "维持原答复"),
    ("SLS", AFTER, "（2025）示01行初5号", "吴晓东", D(2025, 1, 8), MIDDLE_COURT,
     "经复议后诉市政府以过程性信息为由不予公开", None, None, ""),
    ("SLS", REVIEW, "示省府复〔2026〕6号", "孙春梅", D(2026, 2, 9), PROVINCE,
     "不服市政府对公交票价调整会议纪要信息公开申请的答复", None, None, ""),
    # departments and a district: none concluded in 2020 or open at its end ------------------------------
    ("SLS-JYJ", REVIEW, "示府复〔2019〕52号", "何国庆", D(2019, 6, 3), CITY,
     "不服市教育局不予公开学校招生划片依据", CORRECTED, D(2019, 8, 26), "责令重新答复"),
    ("SLS-JYJ", REVIEW, "示府复〔2021〕15号", "罗秀英", D(2021, 4, 12), CITY,
     "不服市教育局对食堂招标文件信息公开申请的答复", UPHELD, D(2021, 6, 8), "维持原答复"),
    ("SLS-JYJ", DIRECT, "（2022）示0102行初31号", "林磊", D(2022, 6, 20), DC_COURT,
     "诉市教育局告知政府信息不存在", OTHER, D(2022, 12, 2), "裁定驳回起诉"),
    ("SLS-JYJ", REVIEW, "示府复〔2025〕40号", "郭敏", D(2025, 10, 14), CITY,
     "不服市教育局对民办学校年检结果信息公开申请的答复", None, None, ""),
    ("SLS-ZRZYJ", DIRECT, "（2021）示0102行初18号", "马建国", D(2021, 5, 17), DC_COURT,
     "诉市自然资源局不予公开土地出让合同", CORRECTED, D(2021, 12, 21), "判决撤销被诉答复，责令重新答复"),
    ("SLS-ZRZYJ", AFTER, "（2023）示0102行初27号", "胡志强", D(2023, 4, 6), DC_COURT,
     "经复议后诉市自然资源局对国土空间规划批复信息公开申请的答复", UPHELD, D(2023, 10, 30),
     "判决驳回诉讼请求"),
    ("SLS-ZRZYJ", REVIEW, "示府复〔2024〕21号", "朱丽娟", D(2024, 3, 19), CITY,
     "不服市自然资源局对征收补偿标准信息公开申请的答复", OTHER, D(2024, 5, 7), "复议终止"),
    ("SLS-ZJJ", REVIEW, "示府复〔2022〕33号", "示例市绿色家园环保公益服务中心", D(2022, 8, 1), CITY,
     "不服市住建局对老旧小区改造资金安排信息公开申请的答复", UPHELD, D(2022, 9, 28), "维持原答复"),
    ("SLS-ZJJ", DIRECT, "（2024）示0103行初12号", "高海燕", D(2024, 7, 22), XS_COURT,
     "诉市住建局不予公开房屋征收评估报告", CORRECTED, D(2025, 3, 14), "判决确认被诉答复违法"),
    ("SLS-ZJJ", DIRECT, "（2026）示0103行初4号", "徐伟", D(2026, 1, 20), XS_COURT,
     "诉市住建局逾期未答复政府信息公开申请", None, None, ""),
    ("SLS-DC", REVIEW, "示府复〔2023〕60号", "赵静", D(2023, 8, 15), CITY,
     "不服东城区政府对低保对象名单信息公开申请的答复", CORRECTED, D(2023, 10, 10), "责令重新答复"),
]
# The case that goes back: decided at first instance, set aside on appeal and sent back (发回重审), decided again.
REMANDED = ("SLS-ZRZYJ", DIRECT, "（2022）示0102行初44号", "罗明", D(2022, 9, 5), DC_COURT,
            "诉市自然资源局对土地征收补偿信息公开申请的答复", UPHELD, D(2023, 2, 16), "判决驳回诉讼请求")
REMAND_REASON = "二审裁定撤销一审判决，发回重审（示例市中级人民法院（2023）示01行终58号）。"
REMAND_RESULT = (CORRECTED, D(2024, 1, 22), "重审判决撤销被诉答复，责令重新答复")

# Reviews of demo applications (filed some weeks after the reply), numbered from here.
LINKED_BODIES = ["SLS-BGS", "SLS-JYJ", "SLS-ZRZYJ", "SLS-ZJJ"]
LINKED_FIRST_NO = 101
LINKED_COUNT = 3


def _actor() -> User:
    actor = User.objects.filter(username=DEMO_ACTOR).first()
    if actor is None:
        raise RuntimeError(f"找不到演示账号 {DEMO_ACTOR}，请先载入示例市机构和账号。")
    return actor


def _create(actor, org: Organization, row, *, application_no: str = "") -> Case | None:
    _code, kind, case_no, applicant, filed_on, handled_by, subject, result, concluded_on, note = row
    today = services.today()
    if filed_on > today or Case.objects.filter(org=org, case_no=case_no).exists():
        return None
    concluded = result is not None and concluded_on <= today
    return services.create_case(
        actor, org=org, kind=kind, case_no=case_no, applicant_name=applicant, filed_on=filed_on,
        handled_by=handled_by, subject=subject, application_no=application_no,
        result=result if concluded else "", concluded_on=concluded_on if concluded else None,
        result_note=note if concluded else "")


def load_demo_cases(orgs_by_code: dict[str, Organization], applications=None) -> int:
    """Create the demo cases for the bodies in ``orgs_by_code`` (by org code) that do not exist yet; return how
    many were created. ``applications`` are disclosure applications some reviews are linked to (by default the
    first concluded demo applications of a few city departments)."""
    actor = _actor()
    created = 0
    for row in CASES:
        org = orgs_by_code.get(row[0])
        if org is not None and _create(actor, org, row) is not None:
            created += 1

    org = orgs_by_code.get(REMANDED[0])
    case = _create(actor, org, REMANDED) if org is not None else None
    if case is not None:
        created += 1
        if case.result:
            case = services.reopen_case(actor, case.pk, version=case.version, reason=REMAND_REASON)
            result, concluded_on, note = REMAND_RESULT
            if concluded_on <= services.today():
                services.conclude_case(actor, case.pk, version=case.version, result=result,
                                       concluded_on=concluded_on, result_note=note)

    if applications is None:
        applications = (Application.objects.filter(org__code__in=LINKED_BODIES, concluded_on__isnull=False)
                        .select_related("org").order_by("pk")[:LINKED_COUNT])
    for n, application in enumerate(applications, start=LINKED_FIRST_NO):
        if application.org.code not in orgs_by_code or application.concluded_on is None:
            continue
        filed_on = application.concluded_on + dt.timedelta(days=25)
        row = (application.org.code, REVIEW, f"示府复〔{filed_on.year}〕{n}号", "", filed_on, CITY,
               f"不服{application.org.name}对受理编号 {application.tracking_no} 的政府信息公开申请作出的答复",
               None, None, "")
        if _create(actor, orgs_by_code[application.org.code], row, application_no=application.tracking_no):
            created += 1
    return created
