"""Staff screens of the evaluations: schemes (list, edit, indicators), an evaluation's ranking with each body's
total, a body's breakdown showing every computation (and, while 评分中, the manual-score forms), the Excel
export of the ranking and the publish confirmation.

Schemes and evaluations are read by the 公开办管理员 and 监督员 whose scope covers the scheme's office (others
get 404); every change goes through ``services``; only the office's 公开办管理员 sees the actions.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from gongkai.core.errors import ConflictError
from gongkai.core.exports import xlsx_response
from gongkai.core.forms import apply_service_errors
from gongkai.core.pagination import paginate
from gongkai.orgs.models import Organization

from . import selectors, services
from .forms import EvaluationForm, IndicatorForm, ManualScoreForm, SchemeForm
from .models import MANUAL, Evaluation, ManualScore, Scheme, SchemeIndicator
from .permissions import EDIT_DENIED, NOT_FOUND, can_edit, can_view_any, office_org_ids, viewable_org_ids

NAV_KEY = "evaluation"


def _require(user) -> None:
    if not can_view_any(user):
        raise PermissionDenied("考核评估仅对公开办管理员和监督员开放。")


def _context(request, **extra) -> dict:
    return {"nav_key": NAV_KEY, "can_create": bool(office_org_ids(request.user)), **extra}


def _scheme_or_404(request, pk, editing=False) -> Scheme:
    scheme = Scheme.objects.filter(pk=pk, org_id__in=viewable_org_ids(request.user)).select_related("org").first()
    if scheme is None:
        raise Http404(NOT_FOUND)
    if editing and not can_edit(request.user, scheme.org):
        raise PermissionDenied(EDIT_DENIED)
    return scheme


def _evaluation_or_404(request, pk) -> Evaluation:
    evaluation = (Evaluation.objects.filter(pk=pk, scheme__org_id__in=viewable_org_ids(request.user))
                  .select_related("scheme__org").first())
    if evaluation is None:
        raise Http404(NOT_FOUND)
    return evaluation


def _form_page(request, form, title, cancel_url, **extra):
    return render(request, "evaluation/form.html", _context(request, form=form, title=title,
                                                            cancel_url=cancel_url, **extra))


@login_required
def index(request):
    _require(request.user)
    visible = viewable_org_ids(request.user)
    schemes = list(Scheme.objects.filter(org_id__in=visible).select_related("org"))
    evaluations = paginate(request, Evaluation.objects.filter(scheme__org_id__in=visible)
                           .select_related("scheme__org"), per_page=20)
    return render(request, "evaluation/index.html", _context(request, schemes=schemes, page=evaluations))


# ---------------------------------------------------------------------------------------------------------
# schemes


@login_required
def scheme_create(request):
    _require(request.user)
    offices = Organization.objects.filter(pk__in=office_org_ids(request.user), is_active=True).order_by("path")
    if not offices.exists():
        raise PermissionDenied(EDIT_DENIED)
    form = SchemeForm(request.POST or None, offices=offices, initial={"year": services.today().year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            scheme = services.create_scheme(request.user, org=data["org"], name=data["name"], year=data["year"],
                                            description=data["description"], request=request)
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, f"已新建考核方案“{scheme}”，请添加考核指标。")
            return redirect("evaluation:scheme", pk=scheme.pk)
    return _form_page(request, form, "新建考核方案", reverse("evaluation:index"))


@login_required
def scheme_detail(request, pk):
    _require(request.user)
    scheme = _scheme_or_404(request, pk)
    rows = list(scheme.indicators.all())
    for row in rows:
        row.source_label = selectors.source_label(row.source)
        row.available = row.source == MANUAL or row.source in selectors.registry.INDICATORS
    total = sum((r.weight for r in rows), 0)
    return render(request, "evaluation/scheme.html", _context(
        request, scheme=scheme, rows=rows, total=total, editable=can_edit(request.user, scheme.org),
        evaluations=scheme.evaluations.all()))


@login_required
def scheme_edit(request, pk):
    _require(request.user)
    scheme = _scheme_or_404(request, pk, editing=True)
    form = SchemeForm(request.POST or None, editing=True, initial={
        "name": scheme.name, "year": scheme.year, "description": scheme.description, "status": scheme.status,
        "version": scheme.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_scheme(request.user, scheme.pk, version=data["version"], name=data["name"],
                                   year=data["year"], description=data["description"], status=data["status"],
                                   request=request)
        except ValidationError as e:
            apply_service_errors(form, e)
        except ConflictError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, "已保存考核方案。")
            return redirect("evaluation:scheme", pk=scheme.pk)
    return _form_page(request, form, f"修改考核方案：{scheme}", reverse("evaluation:scheme", args=[scheme.pk]))


INDICATOR_FIELDS = ("source", "name", "weight", "deduct_per_unit", "target", "not_applicable", "description",
                    "sort_order")
INDICATOR_INTRO = ("计分规则：比率指标得 分值×比率（设目标值时 分值×比率÷目标值，最高满分），无可评价数据时按设置得满分或0分；"
                   "“越少越好”的计数指标每件扣“每件扣分”，扣完为止；“越多越好”的计数指标按 数量÷目标值 的比例得分；"
                   "人工评分由公开办管理员逐个机关打分。")


@login_required
def indicator_create(request, pk):
    _require(request.user)
    scheme = _scheme_or_404(request, pk, editing=True)
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_indicator(request.user, scheme.pk, request=request,
                                   **{k: form.cleaned_data.get(k) for k in INDICATOR_FIELDS})
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, "已添加考核指标。")
            return redirect("evaluation:scheme", pk=scheme.pk)
    return _form_page(request, form, f"添加考核指标：{scheme}", reverse("evaluation:scheme", args=[scheme.pk]),
                      intro=INDICATOR_INTRO)


def _indicator_or_404(request, pk) -> SchemeIndicator:
    row = (SchemeIndicator.objects.filter(pk=pk, scheme__org_id__in=viewable_org_ids(request.user))
           .select_related("scheme__org").first())
    if row is None:
        raise Http404(NOT_FOUND)
    if not can_edit(request.user, row.scheme.org):
        raise PermissionDenied(EDIT_DENIED)
    return row


@login_required
def indicator_edit(request, pk):
    _require(request.user)
    row = _indicator_or_404(request, pk)
    initial = {k: getattr(row, k) for k in INDICATOR_FIELDS} | {"version": row.version}
    form = IndicatorForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_indicator(request.user, row.pk, version=form.cleaned_data["version"], request=request,
                                      **{k: form.cleaned_data.get(k) for k in INDICATOR_FIELDS})
        except ValidationError as e:
            apply_service_errors(form, e)
        except ConflictError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, "已保存考核指标。")
            return redirect("evaluation:scheme", pk=row.scheme_id)
    return _form_page(request, form, f"修改考核指标：{row.name}", reverse("evaluation:scheme", args=[row.scheme_id]),
                      intro=INDICATOR_INTRO, delete_url=reverse("evaluation:indicator_delete", args=[row.pk]))


@login_required
def indicator_delete(request, pk):
    _require(request.user)
    row = _indicator_or_404(request, pk)
    back = reverse("evaluation:scheme", args=[row.scheme_id])
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            services.delete_indicator(request.user, row.pk, request=request)
        except ValidationError as e:
            messages.error(request, "；".join(e.messages))
            return redirect(back)
        messages.success(request, f"已删除考核指标“{row.name}”。")
        return redirect(back)
    return render(request, "core/confirm.html", _context(
        request, title="删除考核指标", question=f"确定从“{row.scheme}”中删除指标“{row.name}”吗？",
        detail="尚未发布的考核将不再计算该指标；已发布的考核结果不受影响。删除操作记入审计日志。", danger=True,
        confirm_label="删除", cancel_url=back))


# ---------------------------------------------------------------------------------------------------------
# evaluations


def _candidate_bodies(request, scheme):
    return (Organization.objects.filter(pk__in=office_org_ids(request.user), path__startswith=scheme.org.path,
                                        is_active=True).order_by("path"))


@login_required
def evaluation_create(request, pk):
    _require(request.user)
    scheme = _scheme_or_404(request, pk, editing=True)
    bodies = _candidate_bodies(request, scheme)
    year = scheme.year or services.today().year
    children = bodies.filter(parent=scheme.org)
    form = EvaluationForm(request.POST or None, bodies=bodies, initial={
        "name": f"{year}年度{scheme.org.short_name or scheme.org.name}政务公开工作考核",
        "start": f"{year}-01-01", "end": f"{year}-12-31", "bodies": list(children.values_list("pk", flat=True))})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            evaluation = services.create_evaluation(request.user, scheme=scheme, name=data["name"],
                                                    start=data["start"], end=data["end"], bodies=data["bodies"],
                                                    request=request)
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, f"已新建考核“{evaluation}”。")
            return redirect("evaluation:detail", pk=evaluation.pk)
    return _form_page(request, form, f"新建考核：{scheme}", reverse("evaluation:scheme", args=[scheme.pk]))


@login_required
def evaluation_detail(request, pk):
    _require(request.user)
    evaluation = _evaluation_or_404(request, pk)
    data = selectors.results(evaluation)
    for body in data["bodies"]:
        body["points"] = [line["points"] for line in body["lines"]]
    return render(request, "evaluation/detail.html", _context(
        request, evaluation=evaluation, data=data, period=selectors.period(evaluation),
        editable=can_edit(request.user, evaluation.scheme.org) and not evaluation.is_published))


@login_required
def evaluation_export(request, pk):
    _require(request.user)
    evaluation = _evaluation_or_404(request, pk)
    data = selectors.results(evaluation)
    headers = ["排名", "机关"]
    for item in data["indicators"]:
        headers += [f"{item['name']}（原始值）", f"{item['name']}（得分，满分{item['weight']}）"]
    headers += [f"总分（满分{data['total_weight']}）", "状态"]
    rows = []
    for body in data["bodies"]:
        row = [body["rank"], body["name"]]
        for line in body["lines"]:
            row += [line["raw"], _number(line["points"])]
        row += [_number(body["total"]), "完整" if body["complete"] else "待人工评分：" + "、".join(body["pending"])]
        rows.append(row)
    return xlsx_response("考核排名", headers, rows, filename=f"{evaluation.name}.xlsx")


def _number(text):
    if text is None:
        return None
    try:
        return float(text) if "." in text else int(text)
    except ValueError:
        return text


@login_required
def evaluation_body(request, pk, org_id):
    _require(request.user)
    evaluation = _evaluation_or_404(request, pk)
    data = selectors.results(evaluation)
    body = next((b for b in data["bodies"] if b["org_id"] == org_id), None)
    if body is None:
        raise Http404("该机关不在本次考核范围内。")
    editable = can_edit(request.user, evaluation.scheme.org) and not evaluation.is_published
    forms_by_indicator = {}
    if editable:
        existing = {m.indicator_id: m for m in ManualScore.objects.filter(evaluation=evaluation, org_id=org_id)}
        posted = request.POST.get("indicator") if request.method == "POST" else None
        for item in evaluation.scheme.indicators.filter(source=MANUAL):
            current = existing.get(item.pk)
            bound = posted == str(item.pk)
            form = ManualScoreForm(request.POST if bound else None, auto_id=f"id_i{item.pk}_%s",
                                   initial={"indicator": item.pk, "score": current.score if current else None,
                                            "reason": current.reason if current else "",
                                            "version": current.version if current else None})
            if bound and form.is_valid():
                try:
                    services.set_manual_score(request.user, evaluation.pk, org=org_id, indicator=item.pk,
                                              score=form.cleaned_data["score"], reason=form.cleaned_data["reason"],
                                              version=form.cleaned_data["version"], request=request)
                except ValidationError as e:
                    apply_service_errors(form, e)
                except ConflictError as e:
                    messages.error(request, e.message)
                else:
                    messages.success(request, f"已保存“{item.name}”的评分。")
                    return redirect("evaluation:body", pk=evaluation.pk, org_id=org_id)
            forms_by_indicator[item.pk] = (item, form)
        if request.method == "POST" and posted not in {str(k) for k in forms_by_indicator}:
            raise Http404("该指标不是本方案的人工评分指标。")
    elif request.method == "POST":
        raise PermissionDenied(EDIT_DENIED if not evaluation.is_published else "该考核已发布，不能再评分。")
    for line in body["lines"]:
        pair = forms_by_indicator.get(line["spec_id"])
        line["form"] = pair[1] if pair else None
    bodies = data["bodies"]
    index = bodies.index(body)
    return render(request, "evaluation/body.html", _context(
        request, evaluation=evaluation, data=data, body=body, editable=editable, period=selectors.period(evaluation),
        previous=bodies[index - 1] if index else None, next=bodies[index + 1] if index + 1 < len(bodies) else None))


@login_required
def evaluation_publish(request, pk):
    _require(request.user)
    evaluation = _evaluation_or_404(request, pk)
    if not can_edit(request.user, evaluation.scheme.org):
        raise PermissionDenied(EDIT_DENIED)
    back = reverse("evaluation:detail", args=[evaluation.pk])
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            services.publish(request.user, evaluation.pk, version=request.POST.get("version"), request=request)
        except ValidationError as e:
            messages.error(request, "；".join(e.messages))
            return redirect(back)
        except ConflictError as e:
            messages.error(request, e.message)
            return redirect(back)
        messages.success(request, "考核结果已发布，结果已固定。")
        return redirect(back)
    if evaluation.is_published:
        messages.error(request, "该考核已发布。")
        return redirect(back)
    return render(request, "core/confirm.html", _context(
        request, title="发布考核结果", question=f"确定发布“{evaluation}”的考核结果吗？",
        detail="发布后排名和各项得分固定，不再随业务数据变化，也不能再修改人工评分。发布操作记入审计日志。",
        confirm_label="发布", cancel_url=back, hidden={"version": evaluation.version}))
