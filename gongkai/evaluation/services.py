"""Every change to the evaluations, one function per action: ``create_scheme``, ``update_scheme``,
``add_indicator``, ``update_indicator``, ``delete_indicator``, ``create_evaluation``, ``set_manual_score`` and
``publish``.

Each checks permission (an office outside the actor's scope is a 404; only the 公开办管理员 of the scheme's
office writes — the 监督员 reads, ``PermissionDenied``), validates (``ValidationError`` with Chinese field
errors, before anything is written), locks the row it changes, checks the ``version`` of an edited row
(``ConflictError``) and writes the change with its audit event in one transaction.

Rules:
- an indicator's full marks are 0 < weight ≤ 100; a computed COUNT indicator where lower is better needs the
  points deducted per unit; any other COUNT indicator needs a target; a RATE target is a percent in (0, 100];
  a manual indicator has neither; the source must be a registered indicator or 人工评分 when it is saved;
- an indicator or its source cannot be removed or changed once manual scores refer to it, nor its weight set
  below a score already given;
- an evaluation uses an active (启用) scheme; its bodies are in the office's subtree and in the actor's scope;
- a manual score is 0 … weight, at most two decimals; a score below full marks needs a reason;
- publication is refused while any body lacks a manual score or an indicator is unavailable; it freezes the
  results, after which nothing about the evaluation changes.
"""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from gongkai.audit.services import record, snapshot
from gongkai.core.errors import ConflictError
from gongkai.core.inputs import parse_date, parse_org, parse_text, parse_version
from gongkai.orgs.models import Organization
from gongkai.supervision import indicators as registry

from . import selectors
from .models import (
    MANUAL,
    Evaluation,
    EvaluationStatus,
    ManualScore,
    NotApplicable,
    Scheme,
    SchemeIndicator,
    SchemeStatus,
)
from .permissions import NOT_FOUND, check_can_edit, office_org_ids, viewable_org_ids

FIRST_YEAR = 2008
MAX_WEIGHT = Decimal(100)
SCHEME_AUDITED = ("org", "name", "year", "description", "status", "version")
INDICATOR_AUDITED = ("scheme", "name", "source", "weight", "deduct_per_unit", "target", "not_applicable",
                     "description", "sort_order", "version")
SCORE_AUDITED = ("evaluation", "org", "indicator", "score", "reason", "version")


def today() -> dt.date:
    return timezone.localdate()


# ---------------------------------------------------------------------------------------------------------
# input


def _text(value, key: str, label: str, *, required: bool = False, max_length: int = 2000) -> str:
    return parse_text(value, key, label, required=required, max_length=max_length)


def _decimal(value, key, label, *, required=False, minimum=None, maximum=None,
             exclusive_min=False) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValidationError({key: f"请填写{label}。"})
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({key: f"{label}应为数字。"}) from None
    if not number.is_finite():
        raise ValidationError({key: f"{label}应为数字。"})
    if number != number.quantize(Decimal("0.01")):
        raise ValidationError({key: f"{label}最多保留两位小数。"})
    if minimum is not None and (number < minimum or (exclusive_min and number == minimum)):
        raise ValidationError({key: f"{label}应{'大于' if exclusive_min else '不小于'} {minimum}。"})
    if maximum is not None and number > maximum:
        raise ValidationError({key: f"{label}不能大于 {maximum}。"})
    return number


def _date(value, key, label) -> dt.date:
    day = parse_date(value, key, label=label)
    if not FIRST_YEAR <= day.year <= today().year + 1:
        raise ValidationError({key: f"{label}应在 {FIRST_YEAR} 年至 {today().year + 1} 年之间。"})
    return day


def _year(value) -> int | None:
    if value in (None, ""):
        return None
    text = str(value).strip()
    if not text.isdigit() or not FIRST_YEAR <= int(text) <= today().year + 1:
        raise ValidationError({"year": f"适用年度应为 {FIRST_YEAR} 至 {today().year + 1} 之间的年份。"})
    return int(text)


def _version(value) -> int:
    return parse_version(value)


def _check_version(row, version, what="该记录") -> None:
    if row.version != _version(version):
        raise ConflictError(f"{what}已被他人修改，请刷新页面后重试。")


def _org(value) -> Organization:
    return parse_org(value, message="请选择考核机关。")


def _audit(actor, action, obj, org_id, before, after, request):
    record(actor=actor, action=f"evaluation.{action}", obj=obj, org_id=org_id, before=before, after=after,
           request=request)


# ---------------------------------------------------------------------------------------------------------
# schemes


def _load_scheme(actor, scheme_id) -> Scheme:
    scheme = (Scheme.objects.select_for_update(of=("self",)).select_related("org")
              .filter(pk=scheme_id, org_id__in=viewable_org_ids(actor)).first()) if str(scheme_id).isdigit() else None
    if scheme is None:
        raise Http404(NOT_FOUND)
    check_can_edit(actor, scheme.org)
    return scheme


def _check_name(org, name, exclude_pk=None):
    if Scheme.objects.filter(org=org, name=name).exclude(pk=exclude_pk).exists():
        raise ValidationError({"name": f"{org.name}已有名为“{name}”的考核方案。"})


def create_scheme(actor, *, org, name, year=None, description="", request=None) -> Scheme:
    org = _org(org)
    check_can_edit(actor, org)
    clean = {"name": _text(name, "name", "方案名称", required=True, max_length=200), "year": _year(year),
             "description": _text(description, "description", "说明", max_length=4000)}
    with transaction.atomic():
        Organization.objects.select_for_update(no_key=True).get(pk=org.pk)
        _check_name(org, clean["name"])
        scheme = Scheme.objects.create(org=org, created_by=actor if getattr(actor, "pk", None) else None, **clean)
        _audit(actor, "scheme.create", scheme, org.pk, None, snapshot(scheme, SCHEME_AUDITED), request)
    return scheme


def update_scheme(actor, scheme_id, *, version, name, year=None, description="", status=SchemeStatus.DRAFT,
                  request=None) -> Scheme:
    clean = {"name": _text(name, "name", "方案名称", required=True, max_length=200), "year": _year(year),
             "description": _text(description, "description", "说明", max_length=4000)}
    if status not in SchemeStatus.values:
        raise ValidationError({"status": "请选择方案状态（草稿或启用）。"})
    with transaction.atomic():
        scheme = _load_scheme(actor, scheme_id)
        _check_version(scheme, version, "该考核方案")
        _check_name(scheme.org, clean["name"], exclude_pk=scheme.pk)
        if status == SchemeStatus.ACTIVE and not scheme.indicators.exists():
            raise ValidationError({"status": "方案还没有考核指标，不能启用。"})
        before = snapshot(scheme, SCHEME_AUDITED)
        for key, value in clean.items():
            setattr(scheme, key, value)
        scheme.status = status
        scheme.version += 1
        scheme.save()
        _audit(actor, "scheme.update", scheme, scheme.org_id, before, snapshot(scheme, SCHEME_AUDITED), request)
    return scheme


def _clean_indicator(data: dict) -> dict:
    source = str(data.get("source") or "").strip()
    if source != MANUAL and source not in registry.INDICATORS:
        raise ValidationError({"source": "请选择平台计算的指标或“人工评分”。"})
    weight = _decimal(data.get("weight"), "weight", "分值", required=True, minimum=Decimal(0), exclusive_min=True,
                      maximum=MAX_WEIGHT)
    deduct = _decimal(data.get("deduct_per_unit"), "deduct_per_unit", "每件扣分", minimum=Decimal(0),
                      exclusive_min=True, maximum=MAX_WEIGHT)
    target = _decimal(data.get("target"), "target", "目标值", minimum=Decimal(0), maximum=Decimal(10**7))
    na = data.get("not_applicable") or NotApplicable.FULL
    if na not in NotApplicable.values:
        raise ValidationError({"not_applicable": "请选择无数据时的计分方式。"})
    if source == MANUAL:
        if deduct is not None or target is not None:
            raise ValidationError({"source": "人工评分的指标不设每件扣分和目标值。"})
    else:
        indicator = registry.INDICATORS[source]
        if indicator.kind == registry.RATE:
            if deduct is not None:
                raise ValidationError({"deduct_per_unit": f"“{indicator.label}”是比率指标，不按件扣分。"})
            if target is not None and not Decimal(0) < target <= Decimal(100):
                raise ValidationError({"target": "比率指标的目标值应为大于 0、不超过 100 的百分数。"})
        elif indicator.better == registry.LOWER:
            if deduct is None:
                raise ValidationError({"deduct_per_unit": f"“{indicator.label}”越少越好，请填写每件扣分。"})
        else:
            if deduct is not None:
                raise ValidationError({"deduct_per_unit": f"“{indicator.label}”越多越好，不按件扣分；请填写目标值。"})
            if not target:
                raise ValidationError({"target": f"“{indicator.label}”按达到目标值的比例计分，请填写大于 0 的目标值。"})
    sort_order = data.get("sort_order")
    try:
        sort_order = int(sort_order) if sort_order not in (None, "") else 0
    except (TypeError, ValueError):
        raise ValidationError({"sort_order": "排序应为整数。"}) from None
    if not 0 <= sort_order <= 10_000:
        raise ValidationError({"sort_order": "排序应在 0 到 10000 之间。"})
    name = _text(data.get("name"), "name", "指标名称", max_length=100)
    if not name:
        name = "人工评分" if source == MANUAL else registry.INDICATORS[source].label
    return {"name": name, "source": source, "weight": weight, "deduct_per_unit": deduct, "target": target,
            "not_applicable": na, "description": _text(data.get("description"), "description", "评分说明",
                                                       max_length=2000),
            "sort_order": sort_order}


def add_indicator(actor, scheme_id, *, request=None, **data) -> SchemeIndicator:
    clean = _clean_indicator(data)
    with transaction.atomic():
        scheme = _load_scheme(actor, scheme_id)
        if not clean["sort_order"]:
            clean["sort_order"] = 10 * (scheme.indicators.count() + 1)
        row = SchemeIndicator.objects.create(scheme=scheme, **clean)
        _audit(actor, "indicator.create", row, scheme.org_id, None, snapshot(row, INDICATOR_AUDITED), request)
    return row


def _load_indicator(actor, indicator_id) -> SchemeIndicator:
    row = (SchemeIndicator.objects.select_for_update(of=("self",)).select_related("scheme__org")
           .filter(pk=indicator_id, scheme__org_id__in=viewable_org_ids(actor)).first()
           if str(indicator_id).isdigit() else None)
    if row is None:
        raise Http404(NOT_FOUND)
    check_can_edit(actor, row.scheme.org)
    return row


def update_indicator(actor, indicator_id, *, version, request=None, **data) -> SchemeIndicator:
    clean = _clean_indicator(data)
    with transaction.atomic():
        row = _load_indicator(actor, indicator_id)
        _check_version(row, version, "该指标")
        scores = row.manual_scores.all()
        if clean["source"] != row.source and scores.exists():
            raise ValidationError({"source": "该指标已有人工评分，不能改变来源。"})
        top = max((s.score for s in scores), default=None)
        if top is not None and clean["weight"] < top:
            raise ValidationError({"weight": f"已有机关在该指标得{top}分，分值不能低于已给出的得分。"})
        if not clean["sort_order"]:
            clean["sort_order"] = row.sort_order
        before = snapshot(row, INDICATOR_AUDITED)
        for key, value in clean.items():
            setattr(row, key, value)
        row.version += 1
        row.save()
        _audit(actor, "indicator.update", row, row.scheme.org_id, before, snapshot(row, INDICATOR_AUDITED), request)
    return row


def delete_indicator(actor, indicator_id, *, request=None) -> None:
    with transaction.atomic():
        row = _load_indicator(actor, indicator_id)
        if row.manual_scores.exists():
            raise ValidationError("该指标已有人工评分，不能删除。")
        if row.scheme.status == SchemeStatus.ACTIVE and row.scheme.indicators.count() == 1:
            raise ValidationError("启用中的方案至少需要一项指标。")
        _audit(actor, "indicator.delete", row, row.scheme.org_id, snapshot(row, INDICATOR_AUDITED), {}, request)
        row.delete()


# ---------------------------------------------------------------------------------------------------------
# evaluations


def create_evaluation(actor, *, scheme, name, start, end, bodies, request=None) -> Evaluation:
    scheme_id = scheme.pk if isinstance(scheme, Scheme) else scheme
    name = _text(name, "name", "考核名称", required=True, max_length=200)
    start, end = _date(start, "start", "统计期开始"), _date(end, "end", "统计期结束")
    if start > end:
        raise ValidationError({"end": "统计期结束不能早于开始。"})
    body_ids = set()
    for value in bodies or ():
        pk = value.pk if isinstance(value, Organization) else value
        if not str(pk).isdigit():
            raise ValidationError({"bodies": "被考核机关不正确。"})
        body_ids.add(int(pk))
    if not body_ids:
        raise ValidationError({"bodies": "请至少选择一个被考核机关。"})
    with transaction.atomic():
        scheme = _load_scheme(actor, scheme_id)
        if scheme.status != SchemeStatus.ACTIVE:
            raise ValidationError({"scheme": "只有启用的考核方案可以用于考核。"})
        allowed = set(Organization.objects.filter(pk__in=body_ids, path__startswith=scheme.org.path)
                      .values_list("pk", flat=True)) & office_org_ids(actor)
        if allowed != body_ids:
            raise ValidationError({"bodies": f"被考核机关须为{scheme.org.name}及其下级、且在您管理范围内的机关。"})
        evaluation = Evaluation.objects.create(scheme=scheme, name=name, start=start, end=end,
                                               created_by=actor if getattr(actor, "pk", None) else None)
        evaluation.bodies.set(sorted(body_ids))
        _audit(actor, "create", evaluation, scheme.org_id, None,
               {"scheme": scheme.pk, "name": name, "start": start.isoformat(), "end": end.isoformat(),
                "bodies": sorted(body_ids)}, request)
    return evaluation


def _load_evaluation(actor, evaluation_id) -> Evaluation:
    evaluation = (Evaluation.objects.select_for_update(of=("self",)).select_related("scheme__org")
                  .filter(pk=evaluation_id, scheme__org_id__in=viewable_org_ids(actor)).first()
                  if str(evaluation_id).isdigit() else None)
    if evaluation is None:
        raise Http404(NOT_FOUND)
    check_can_edit(actor, evaluation.scheme.org)
    if evaluation.is_published:
        raise ValidationError("该考核已发布，结果已固定，不能再修改。")
    return evaluation


def set_manual_score(actor, evaluation_id, *, org, indicator, score, reason="", version=None,
                     request=None) -> ManualScore:
    """Enter or correct a body's points on a manual indicator. ``version`` is the version of the score read
    (None or empty for a new one)."""
    with transaction.atomic():
        evaluation = _load_evaluation(actor, evaluation_id)
        org_id = org.pk if isinstance(org, Organization) else org
        body = evaluation.bodies.filter(pk=org_id).first() if str(org_id).isdigit() else None
        if body is None:
            raise Http404("该机关不在本次考核范围内。")
        indicator_id = indicator.pk if isinstance(indicator, SchemeIndicator) else indicator
        item = (evaluation.scheme.indicators.filter(pk=indicator_id, source=MANUAL).first()
                if str(indicator_id).isdigit() else None)
        if item is None:
            raise Http404("该指标不是本方案的人工评分指标。")
        points = _decimal(score, "score", "得分", required=True, minimum=Decimal(0), maximum=item.weight)
        reason = _text(reason, "reason", "评分理由", max_length=2000)
        if points < item.weight and not reason:
            raise ValidationError({"reason": "得分低于满分时请填写扣分理由。"})
        row = (ManualScore.objects.select_for_update()
               .filter(evaluation=evaluation, org=body, indicator=item).first())
        if row is None:
            if version not in (None, "", 0, "0"):
                raise ConflictError("该评分已被他人删除或修改，请刷新页面后重试。")
            row = ManualScore.objects.create(evaluation=evaluation, org=body, indicator=item, score=points,
                                             reason=reason, scored_by=actor if getattr(actor, "pk", None) else None)
            before = None
        else:
            _check_version(row, version, "该评分")
            before = snapshot(row, SCORE_AUDITED)
            row.score, row.reason, row.version = points, reason, row.version + 1
            row.scored_by = actor if getattr(actor, "pk", None) else None
            row.save()
        _audit(actor, "score", row, body.pk, before, snapshot(row, SCORE_AUDITED), request)
    return row


def publish(actor, evaluation_id, *, version, request=None) -> Evaluation:
    """Freeze the results. Refused while a body lacks a manual score or an indicator is unavailable."""
    with transaction.atomic():
        evaluation = _load_evaluation(actor, evaluation_id)
        _check_version(evaluation, version, "该考核")
        result = selectors.live_result(evaluation)
        if result.unavailable:
            raise ValidationError("方案中的指标当前不可用（" + "、".join(result.unavailable)
                                  + "），请修改方案后再发布。")
        if result.lacking:
            names = "、".join(b.name for b in result.lacking[:5]) + ("等" if len(result.lacking) > 5 else "")
            raise ValidationError(f"还有 {len(result.lacking)} 个机关缺少人工评分（{names}），请评分后再发布。")
        data = result.to_dict()
        data["period"] = selectors.period(evaluation).label
        data["published_on"] = today().isoformat()
        evaluation.results = data
        evaluation.status = EvaluationStatus.PUBLISHED
        evaluation.published_at = timezone.now()
        evaluation.published_by = actor if getattr(actor, "pk", None) else None
        evaluation.version += 1
        evaluation.save()
        _audit(actor, "publish", evaluation, evaluation.scheme.org_id, {"status": EvaluationStatus.SCORING},
               {"status": EvaluationStatus.PUBLISHED,
                "ranking": [[b["org_id"], b["total"], b["rank"]] for b in data["bodies"]]}, request)
    return evaluation
