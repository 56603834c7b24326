"""A demo 考核方案 of the city office (SLS) and one evaluation of the city's departments over the current year,
created through ``gongkai.evaluation.services`` as the 公开办管理员 ``gkb``. Running it again creates nothing new:
the scheme and the evaluation are found by name and scores already given are kept.

The scheme has the computed indicators (按期答复率, 已超期, 解读同步率, 及时公开率, 逾期未更新栏目, 年报按时发布 and,
when the inspections app registers it, 检查发现问题未整改) and one manual indicator, 政府信息公开专栏建设 (10分). Every
department gets a manual score, so the evaluation is published unless an indicator is unavailable.
"""

import datetime as dt
from decimal import Decimal

from gongkai.accounts.models import User
from gongkai.orgs.models import Organization, OrgKind
from gongkai.supervision import indicators as registry

from . import selectors, services
from .models import MANUAL, Evaluation, ManualScore, Scheme, SchemeStatus

DEMO_ACTOR = "gkb"
OFFICE = "SLS"
# (source, name, weight, deduct per unit, target, description)
INDICATORS = [
    ("on_time_rate", "按期答复率", 20, None, None, "统计期内办结的依申请公开申请在法定期限内答复的比例"),
    ("overdue", "超期未答复申请", 10, 2, None, "截至评估日仍在办理且已超过答复期限的申请，每件扣2分"),
    ("sync_rate", "政策解读三同步率", 10, None, None, "规章、行政规范性文件与解读同步发布的比例"),
    ("timely_rate", "信息公开及时率", 15, None, 95, "20个工作日内公开的比例，达到95%得满分"),
    ("stale_columns", "专栏栏目更新", 10, 2, None, "逾期未更新的目录栏目，每个扣2分"),
    ("report_on_time", "年度报告按时发布", 10, None, None, "上一年度报告在法定期限内发布"),
    ("open_findings", "检查发现问题整改", 10, 2, None, "检查发现尚未整改的问题，每项扣2分"),
    (MANUAL, "政府信息公开专栏建设", 10, None, None, "专栏设置规范、内容完整、检索可用"),
]
MANUAL_SCORES = [(Decimal(10), ""), (Decimal("9.5"), "部分栏目缺少发布机构和成文日期"),
                 (Decimal(9), "政策解读栏目与文件未互相链接"), (Decimal("8.5"), "专栏检索功能不可用，部分附件无法下载")]


def load_demo_evaluation(today: dt.date) -> int:
    """Returns the number of schemes, indicators, evaluations and manual scores created."""
    actor = User.objects.filter(username=DEMO_ACTOR).first()
    office = Organization.objects.filter(code=OFFICE).first()
    if actor is None or office is None:
        return 0
    created = 0
    name = f"{office.short_name or office.name}{today.year}年度政务公开工作考核方案"
    scheme = Scheme.objects.filter(org=office, name=name).first()
    if scheme is None:
        scheme = services.create_scheme(actor, org=office, name=name, year=today.year,
                                        description="按照政务公开工作要点和第三方评估指标设置；平台可计算的指标自动计分。")
        created += 1
        for i, (source, label, weight, deduct, target, description) in enumerate(INDICATORS):
            if source != MANUAL and source not in registry.INDICATORS:
                continue  # the app that computes it is not installed
            services.add_indicator(actor, scheme.pk, source=source, name=label, weight=weight,
                                   deduct_per_unit=deduct, target=target, description=description,
                                   sort_order=10 * (i + 1))
            created += 1
        scheme = services.update_scheme(actor, scheme.pk, version=scheme.version, name=scheme.name,
                                        year=scheme.year, description=scheme.description,
                                        status=SchemeStatus.ACTIVE)
    title = f"{today.year}年度市直部门政务公开工作考核"
    evaluation = Evaluation.objects.filter(scheme=scheme, name=title).first()
    if evaluation is None:
        bodies = Organization.objects.filter(parent=office, kind=OrgKind.DEPARTMENT, is_active=True).order_by("path")
        evaluation = services.create_evaluation(actor, scheme=scheme, name=title, start=dt.date(today.year, 1, 1),
                                                end=dt.date(today.year, 12, 31), bodies=list(bodies))
        created += 1
    if evaluation.is_published:
        return created
    manual = list(scheme.indicators.filter(source=MANUAL))
    for i, body in enumerate(evaluation.bodies.order_by("path")):
        for item in manual:
            if ManualScore.objects.filter(evaluation=evaluation, org=body, indicator=item).exists():
                continue
            points, reason = MANUAL_SCORES[i % len(MANUAL_SCORES)]
            services.set_manual_score(actor, evaluation.pk, org=body, indicator=item,
                                      score=min(points, item.weight), reason=reason)
            created += 1
    evaluation.refresh_from_db()
    result = selectors.live_result(evaluation)
    if not result.lacking and not result.unavailable:
        services.publish(actor, evaluation.pk, version=evaluation.version)
    return created
