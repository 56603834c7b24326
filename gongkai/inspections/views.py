"""Staff screens of the inspections app (督查整改): the list of rounds (scoped, paginated, XLSX), create/edit,
the round page (bodies with their indicator snapshot and results, the checklist), the per-body sheet with the
record-finding form, the finding page with its timeline and the 确认/反馈/复查 forms as allowed, 我的整改 for
a body's staff, the confirmations of every destructive or state-changing action, and the 通报 downloads.

Every page reads through ``permissions.visible_*`` (outside the scope: 404) and every change goes through
``services``; buttons are shown only to those who may use them.
"""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from gongkai.core.errors import ConflictError
from gongkai.core.exports import xlsx_response
from gongkai.core.forms import apply_service_errors
from gongkai.core.pagination import paginate
from gongkai.orgs.models import Organization
from gongkai.orgs.scoping import can_view_business_data
from gongkai.supervision import indicators as registry

from . import notice as notices
from . import permissions as perms
from . import selectors, services
from .codes import ISSUED, FindingStatus, RoundStatus
from .forms import (
    AnswerForm,
    AssessForm,
    EvidenceForm,
    FindingForm,
    InspectionForm,
    IssueForm,
    ItemForm,
    RecheckForm,
    TargetForm,
)
from .models import ChecklistItem, Finding, Inspection, InspectionTarget

NAV_KEY = "inspections"
PER_PAGE = 20
EXPORT_LIMIT = 50_000
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _require_staff(user) -> None:
    if not can_view_business_data(user):
        raise PermissionDenied("督查整改仅对业务人员开放。")


def _context(request, **extra) -> dict:
    return {"nav_key": NAV_KEY, "can_create": perms.can_create(request.user), **extra}


def _round_or_404(request, pk) -> Inspection:
    inspection = perms.visible_inspections(request.user).select_related("office").filter(pk=pk).first()
    if inspection is None:
        raise Http404(perms.NOT_FOUND)
    return inspection


def _managed_round_or_404(request, pk) -> Inspection:
    inspection = _round_or_404(request, pk)
    perms.check_manage(request.user, inspection)
    return inspection


def _target_or_404(request, pk, target_id) -> InspectionTarget:
    target = (perms.visible_targets(request.user).select_related("org", "inspection__office")
              .filter(pk=target_id, inspection_id=pk).first())
    if target is None:
        raise Http404(perms.NOT_FOUND)
    return target


def _finding_or_404(request, finding_id) -> Finding:
    finding = (perms.visible_findings(request.user)
               .select_related("target__org", "target__inspection__office", "item", "answered_by")
               .filter(pk=finding_id).first())
    if finding is None:
        raise Http404("未找到该问题，或不在您的数据范围内。")
    return finding


def _error_text(e: ValidationError) -> str:
    return "；".join(e.messages)


# ---------------------------------------------------------------------------------------------------------
# list and export


def _filtered(request):
    qs = perms.visible_inspections(request.user).select_related("office")
    status = request.GET.get("status") or ""
    if status in RoundStatus.values:
        qs = qs.filter(status=status)
    q = (request.GET.get("q") or "").strip()[:100]
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(office__name__icontains=q) | Q(doc_number__icontains=q))
    return qs.annotate(n_targets=Count("targets", distinct=True)).order_by("-period_end", "-id"), {
        "status": status, "q": q}


@login_required
def index(request):
    _require_staff(request.user)
    qs, filters = _filtered(request)
    page = paginate(request, qs, per_page=PER_PAGE)
    mine = selectors.my_findings(request.user).filter(
        status__in=(FindingStatus.PENDING, FindingStatus.REOPENED)).count()
    return render(request, "inspections/list.html", _context(
        request, page=page, filters=filters, statuses=RoundStatus.choices, mine_open=mine))


@login_required
def export(request):
    _require_staff(request.user)
    qs, _filters = _filtered(request)
    statuses = dict(RoundStatus.choices)
    rows = ([i.title, i.office.name, i.period_start, i.period_end, statuses[i.status], i.n_targets, i.doc_number,
             i.opened_on, i.closed_on] for i in qs[:EXPORT_LIMIT])
    return xlsx_response("督查", ["督查名称", "督查机关", "督查期间起", "督查期间止", "状态", "被督查单位数", "通报文号",
                                  "开始日期", "结束日期"], rows, filename="督查.xlsx")


# ---------------------------------------------------------------------------------------------------------
# create, edit, delete


def _form_page(request, form, title, cancel_url, crumbs=None, **extra):
    return render(request, "inspections/form.html", _context(
        request, form=form, title=title, cancel_url=cancel_url, crumbs=crumbs or [], **extra))


def _round_data(data: dict) -> dict:
    return {k: data.get(k) for k in services.ROUND_FIELDS}


@login_required
def create(request):
    _require_staff(request.user)
    if not perms.can_create(request.user):
        raise PermissionDenied("只有公开办管理员可以组织督查；监督员只能查看。")
    offices = Organization.objects.filter(pk__in=perms.office_ids(request.user), is_active=True).order_by("path")
    form = InspectionForm(request.POST or None, offices=offices,
                          initial={"office": offices.first(), "many_problems": 3})
    if request.method == "POST" and form.is_valid():
        try:
            inspection = services.create_inspection(request.user, office=form.cleaned_data["office"],
                                                    request=request, **_round_data(form.cleaned_data))
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, f"已新建督查“{inspection}”，请添加被督查单位和检查项目。")
            return redirect("inspections:detail", pk=inspection.pk)
    return _form_page(request, form, "新建督查", reverse("inspections:index"))


@login_required
def edit(request, pk):
    _require_staff(request.user)
    inspection = _managed_round_or_404(request, pk)
    initial = {k: getattr(inspection, k) for k in services.ROUND_FIELDS} | {"version": inspection.version}
    form = InspectionForm(request.POST or None, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_inspection(request.user, inspection.pk, version=form.cleaned_data["version"],
                                       request=request, **_round_data(form.cleaned_data))
        except ValidationError as e:
            apply_service_errors(form, e)
        except ConflictError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, "已保存督查信息。")
            return redirect("inspections:detail", pk=inspection.pk)
    back = reverse("inspections:detail", args=[inspection.pk])
    return _form_page(request, form, f"修改督查：{inspection}", back, crumbs=[(back, inspection.title)])


def _confirm(request, title, question, detail, cancel_url, *, danger=False, label="确认", hidden=None):
    return render(request, "core/confirm.html", _context(
        request, title=title, question=question, detail=detail, danger=danger, confirm_label=label,
        cancel_url=cancel_url, hidden=hidden or {}))


def _confirmed(request) -> bool:
    return request.method == "POST" and request.POST.get("confirm") == "yes"


@login_required
def delete(request, pk):
    _require_staff(request.user)
    inspection = _managed_round_or_404(request, pk)
    back = reverse("inspections:detail", args=[inspection.pk])
    if not inspection.is_draft:
        messages.error(request, "只能删除草稿状态的督查。")
        return redirect(back)
    if _confirmed(request):
        try:
            services.delete_inspection(request.user, inspection.pk, version=request.POST.get("version"),
                                       request=request)
        except (ValidationError, ConflictError) as e:
            messages.error(request, e.message if isinstance(e, ConflictError) else _error_text(e))
            return redirect(back)
        messages.success(request, f"已删除督查草稿“{inspection}”。")
        return redirect("inspections:index")
    return _confirm(request, "删除督查草稿", f"确定删除督查草稿“{inspection}”吗？",
                    "被督查单位和检查项目一并删除；删除操作记入审计日志。", back, danger=True, label="删除",
                    hidden={"version": inspection.version})


def _transition(request, pk, action):
    """启动 / 更新指标快照 / 结束: a confirmation page, then the service."""
    _require_staff(request.user)
    inspection = _managed_round_or_404(request, pk)
    back = reverse("inspections:detail", args=[inspection.pk])
    texts = {
        "open": ("启动督查", f"确定启动督查“{inspection}”吗？",
                 f"启动时按督查期间（{inspection.period_label}）计算各被督查单位的平台指标并保存快照；"
                 "关联指标的检查项目不合格的，自动生成待确认的系统核查问题。被督查单位从此可以看到本单位的问题。", "启动"),
        "refresh": ("更新指标快照", f"确定重新计算“{inspection}”的平台指标吗？",
                    "快照按今天的数据重新计算，通报中的指标随之更新；新出现的不合格项生成待确认问题，"
                    "已不再不合格的待确认问题将被删除。已下发的问题不受影响。", "更新"),
        "close": ("结束督查", f"确定结束督查“{inspection}”吗？",
                  "结束后不能再记录新问题；已下发问题的整改、反馈和复查照常进行。", "结束督查"),
    }
    title, question, detail, label = texts[action]
    if _confirmed(request):
        service = {"open": services.open_inspection, "refresh": services.refresh_inspection,
                   "close": services.close_inspection}[action]
        try:
            service(request.user, inspection.pk, version=request.POST.get("version"), request=request)
        except ValidationError as e:
            messages.error(request, _error_text(e))
        except ConflictError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, f"{title}：已完成。")
        return redirect(back)
    return _confirm(request, title, question, detail, back, label=label, hidden={"version": inspection.version})


@login_required
def open_round(request, pk):
    return _transition(request, pk, "open")


@login_required
def refresh_round(request, pk):
    return _transition(request, pk, "refresh")


@login_required
def close_round(request, pk):
    return _transition(request, pk, "close")


# ---------------------------------------------------------------------------------------------------------
# round page, bodies, checklist


def _snapshot_columns(inspection: Inspection, items) -> list[tuple[str, str]]:
    codes = []
    for item in items:
        if item.indicator_code and item.indicator_code not in codes:
            codes.append(item.indicator_code)
    for code in ("overdue", "on_time_rate", "sync_exceptions", "late_published"):
        if code not in codes and len(codes) < 5:
            codes.append(code)
    return [(c, registry.INDICATORS[c].label) for c in codes if c in registry.INDICATORS]


@login_required
def detail(request, pk):
    _require_staff(request.user)
    inspection = _round_or_404(request, pk)
    manage = perms.can_manage(request.user, inspection)
    whole = perms.reads_all(request.user, inspection)
    visible = perms.visible_targets(request.user).filter(inspection=inspection)
    rows = selectors.results(inspection, services.today(), targets=visible)
    if not whole:
        rows.sort(key=lambda r: r.target.org.path)
    items = list(inspection.items.all())
    for item in items:
        item.rule = services.threshold_label(item)
    columns = _snapshot_columns(inspection, items)
    for row in rows:
        values = row.target.snapshot.get("values", {})
        row.indicators = [values.get(code, {}).get("display", "—") for code, _label in columns]
    target_form = None
    if manage and inspection.status in (RoundStatus.DRAFT, RoundStatus.OPEN):
        candidates = services.target_candidates(request.user, inspection).exclude(
            pk__in=inspection.targets.values("org_id")).order_by("path")
        target_form = TargetForm(candidates=candidates)
    drafts = Finding.objects.filter(target__inspection=inspection, status=FindingStatus.DRAFT).count() if manage else 0
    return render(request, "inspections/detail.html", _context(
        request, inspection=inspection, manage=manage, whole=whole, rows=rows, items=items, columns=columns,
        target_form=target_form, drafts=drafts))


@login_required
def target_add(request, pk):
    _require_staff(request.user)
    inspection = _managed_round_or_404(request, pk)
    if request.method != "POST":
        return redirect("inspections:detail", pk=inspection.pk)
    try:
        target = services.add_target(request.user, inspection.pk, org=request.POST.get("org"), request=request)
    except ValidationError as e:
        messages.error(request, _error_text(e))
    else:
        messages.success(request, f"已添加被督查单位“{target.org.name}”。")
    return redirect("inspections:detail", pk=inspection.pk)


@login_required
def target_remove(request, pk, target_id):
    _require_staff(request.user)
    target = _target_or_404(request, pk, target_id)
    perms.check_manage(request.user, target.inspection)
    back = reverse("inspections:detail", args=[pk])
    if _confirmed(request):
        try:
            services.remove_target(request.user, target.pk, request=request)
        except ValidationError as e:
            messages.error(request, _error_text(e))
        else:
            messages.success(request, f"已将“{target.org.name}”移出本次督查。")
        return redirect(back)
    return _confirm(request, "移除被督查单位", f"确定将“{target.org.name}”移出督查“{target.inspection}”吗？",
                    "该单位的指标快照和待确认的系统核查问题一并删除；已下发问题的单位不能移除。", back, danger=True,
                    label="移除")


@login_required
def target_sheet(request, pk, target_id):
    _require_staff(request.user)
    target = _target_or_404(request, pk, target_id)
    inspection = target.inspection
    manage = perms.can_manage(request.user, inspection)
    findings = perms.visible_findings(request.user).filter(target=target).select_related("item")
    today = services.today()
    for f in findings:
        f.late = f.late_on(today)
    items = list(inspection.items.all())
    form = FindingForm(items=items) if manage and inspection.is_open else None
    row = next((r for r in selectors.results(inspection, today) if r.target.pk == target.pk), None)
    indicators = sorted(target.snapshot.get("values", {}).items(), key=lambda kv: kv[1].get("label", ""))
    return render(request, "inspections/target.html", _context(
        request, inspection=inspection, target=target, manage=manage, findings=findings, form=form, row=row,
        indicators=indicators, whole=perms.reads_all(request.user, inspection)))


@login_required
def finding_record(request, pk, target_id):
    _require_staff(request.user)
    target = _target_or_404(request, pk, target_id)
    perms.check_manage(request.user, target.inspection)
    items = list(target.inspection.items.all())
    form = FindingForm(request.POST or None, request.FILES or None, items=items)
    back = reverse("inspections:target", args=[pk, target.pk])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            finding = services.record_finding(request.user, target.pk, description=data["description"],
                                              severity=data["severity"], rectify_by=data["rectify_by"],
                                              item=data["item"] or None, files=data["files"], request=request)
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, "已记录问题，被督查单位可在“我的整改”中看到。")
            return redirect("inspections:finding", finding_id=finding.pk)
    return _form_page(request, form, f"记录问题：{target.org.name}", back, multipart=True, submit_label="记录问题",
                      crumbs=[(reverse("inspections:detail", args=[pk]), target.inspection.title),
                              (back, target.org.name)])


@login_required
def target_assess(request, pk, target_id):
    _require_staff(request.user)
    target = _target_or_404(request, pk, target_id)
    perms.check_manage(request.user, target.inspection)
    form = AssessForm(request.POST or None, initial={"notes": target.notes, "score": target.score,
                                                     "grade": target.grade, "version": target.version})
    back = reverse("inspections:target", args=[pk, target.pk])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.assess_target(request.user, target.pk, version=data["version"], notes=data["notes"],
                                   score=data["score"], grade=data["grade"], request=request)
        except ValidationError as e:
            apply_service_errors(form, e)
        except ConflictError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, "已保存督查记录。")
            return redirect(back)
    return _form_page(request, form, f"督查记录和得分：{target.org.name}", back,
                      crumbs=[(reverse("inspections:detail", args=[pk]), target.inspection.title),
                              (back, target.org.name)])


@login_required
def item_add(request, pk):
    _require_staff(request.user)
    inspection = _managed_round_or_404(request, pk)
    form = ItemForm(request.POST or None)
    back = reverse("inspections:detail", args=[inspection.pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.add_item(request.user, inspection.pk, request=request, **form.cleaned_data)
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, "已添加检查项目。")
            return redirect(back)
    intro = ("关联平台指标的项目在启动督查（或更新指标快照）时自动核查：指标值满足“不合格条件”的单位生成待确认的系统核查问题，"
             "由督查人员确认后下发。例如“按期答复率 < 100”“未同步解读 > 0”。")
    return _form_page(request, form, "添加检查项目", back, crumbs=[(back, inspection.title)], intro=intro)


@login_required
def item_remove(request, pk, item_id):
    _require_staff(request.user)
    inspection = _managed_round_or_404(request, pk)
    item = ChecklistItem.objects.filter(inspection=inspection, pk=item_id).first()
    if item is None:
        raise Http404("未找到该检查项目。")
    back = reverse("inspections:detail", args=[inspection.pk])
    if _confirmed(request):
        try:
            services.remove_item(request.user, item.pk, request=request)
        except ValidationError as e:
            messages.error(request, _error_text(e))
        else:
            messages.success(request, "已删除检查项目。")
        return redirect(back)
    return _confirm(request, "删除检查项目", f"确定删除检查项目“{item.text}”吗？",
                    "该项目下待确认的系统核查问题一并删除；已有下发问题的项目不能删除。", back, danger=True, label="删除")


# ---------------------------------------------------------------------------------------------------------
# findings


@login_required
def finding_detail(request, finding_id):
    _require_staff(request.user)
    finding = _finding_or_404(request, finding_id)
    inspection = finding.target.inspection
    manage = perms.can_manage(request.user, inspection)
    answer = perms.can_answer(request.user, inspection, finding.target.org)
    v = {"version": finding.version}
    forms = {}
    if manage and finding.is_draft and inspection.is_open:
        forms["issue"] = IssueForm(initial=v | {"description": finding.description, "severity": finding.severity,
                                                "rectify_by": services.today()})
    if answer and finding.status in (FindingStatus.PENDING, FindingStatus.REOPENED):
        forms["answer"] = AnswerForm(initial=v)
    if manage and finding.status == FindingStatus.ANSWERED:
        forms["recheck"] = RecheckForm(initial=v)
    if manage and finding.status in ISSUED and finding.status != FindingStatus.CLOSED:
        forms["evidence"] = EvidenceForm()
    return _finding_page(request, finding, manage, forms)


def _finding_page(request, finding, manage, forms):
    inspection = finding.target.inspection
    attachments = list(finding.attachments.select_related("uploaded_by"))
    return render(request, "inspections/finding.html", _context(
        request, finding=finding, inspection=inspection, manage=manage, forms=forms,
        late=finding.late_on(services.today()),
        evidence=[a for a in attachments if a.kind == "evidence"],
        responses=[a for a in attachments if a.kind == "response"],
        events=finding.events.select_related("actor"),
        target_visible=True))


def _finding_action(request, finding_id, form_class, key, call, success):
    _require_staff(request.user)
    finding = _finding_or_404(request, finding_id)
    if request.method != "POST":
        return redirect("inspections:finding", finding_id=finding.pk)
    form = form_class(request.POST, request.FILES or None)
    if form.is_valid():
        try:
            call(finding, form.cleaned_data)
        except ValidationError as e:
            apply_service_errors(form, e)
        except ConflictError as e:
            messages.error(request, e.message)
            return redirect("inspections:finding", finding_id=finding.pk)
        else:
            messages.success(request, success)
            return redirect("inspections:finding", finding_id=finding.pk)
    manage = perms.can_manage(request.user, finding.target.inspection)
    return _finding_page(request, finding, manage, {key: form})


@login_required
def finding_issue(request, finding_id):
    def call(finding, d):
        services.issue_finding(request.user, finding.pk, version=d["version"], rectify_by=d["rectify_by"],
                               description=d["description"], severity=d["severity"], request=request)
    _guard_manage(request, finding_id)
    return _finding_action(request, finding_id, IssueForm, "issue", call, "已确认问题并下发被督查单位。")


@login_required
def finding_answer(request, finding_id):
    def call(finding, d):
        services.answer_finding(request.user, finding.pk, version=d["version"], response=d["response"],
                                files=d["files"], request=request)
    finding = _finding_or_404(request, finding_id)
    if not perms.can_answer(request.user, finding.target.inspection, finding.target.org):
        raise PermissionDenied(perms.ANSWER_DENIED)
    return _finding_action(request, finding_id, AnswerForm, "answer", call, "已反馈整改情况，等待督查机关复查。")


@login_required
def finding_recheck(request, finding_id):
    def call(finding, d):
        services.recheck_finding(request.user, finding.pk, version=d["version"], passed=d["passed"] == "yes",
                                 comment=d["comment"], rectify_by=d["rectify_by"], request=request)
    _guard_manage(request, finding_id)
    return _finding_action(request, finding_id, RecheckForm, "recheck", call, "已记录复查结论。")


@login_required
def finding_evidence(request, finding_id):
    def call(finding, d):
        services.add_evidence(request.user, finding.pk, files=d["files"], request=request)
    _guard_manage(request, finding_id)
    return _finding_action(request, finding_id, EvidenceForm, "evidence", call, "已补充证据。")


def _guard_manage(request, finding_id) -> Finding:
    _require_staff(request.user)
    finding = _finding_or_404(request, finding_id)
    perms.check_manage(request.user, finding.target.inspection)
    return finding


@login_required
def finding_discard(request, finding_id):
    finding = _guard_manage(request, finding_id)
    back = reverse("inspections:finding", args=[finding.pk])
    sheet = reverse("inspections:target", args=[finding.target.inspection_id, finding.target_id])
    if not finding.is_draft:
        messages.error(request, "只能删除待确认的系统核查问题。")
        return redirect(back)
    if _confirmed(request):
        try:
            services.discard_finding(request.user, finding.pk, version=request.POST.get("version"), request=request)
        except ValidationError as e:
            messages.error(request, _error_text(e))
            return redirect(back)
        except ConflictError as e:
            messages.error(request, e.message)
            return redirect(back)
        messages.success(request, "已删除待确认问题。")
        return redirect(sheet)
    return _confirm(request, "删除待确认问题", f"确定删除{finding.target.org.name}的待确认问题吗？",
                    "系统核查发现的问题经核实不成立时删除；删除操作记入审计日志。", back, danger=True, label="删除",
                    hidden={"version": finding.version})


@login_required
def attachment_download(request, finding_id, attachment_id):
    _require_staff(request.user)
    finding = _finding_or_404(request, finding_id)
    attachment = finding.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404("未找到该附件。")
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
                        content_type=attachment.content_type)


# ---------------------------------------------------------------------------------------------------------
# 我的整改


@login_required
def mine(request):
    _require_staff(request.user)
    qs = selectors.my_findings(request.user)
    status = request.GET.get("status") or ""
    if status in FindingStatus.values:
        qs = qs.filter(status=status)
    today = services.today()
    if request.GET.get("format") == "xlsx":
        rows = ([f.target.inspection.title, f.target.org.name, f.description, f.get_severity_display(),
                 f.get_status_display(), f.found_on, f.rectify_by, f.answered_on, f.closed_on,
                 "是" if f.late_on(today) else "否"] for f in qs[:EXPORT_LIMIT])
        return xlsx_response("我的整改", ["督查", "单位", "问题", "程度", "状态", "下发日期", "整改期限", "反馈日期",
                                        "整改完成日期", "逾期"], rows, filename="我的整改.xlsx")
    page = paginate(request, qs, per_page=PER_PAGE)
    for f in page.object_list:
        f.late = f.late_on(today)
    statuses = [(s, label) for s, label in FindingStatus.choices if s != FindingStatus.DRAFT]
    return render(request, "inspections/mine.html", _context(request, page=page, status=status, statuses=statuses))


# ---------------------------------------------------------------------------------------------------------
# 通报 and results


def _notice_round(request, pk) -> Inspection:
    _require_staff(request.user)
    inspection = _round_or_404(request, pk)
    if not perms.reads_all(request.user, inspection):
        raise Http404(perms.NOT_FOUND)  # the 通报 names every body; bodies see only their own sheet
    if inspection.is_draft:
        raise Http404("督查尚未启动，没有通报。")
    return inspection


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@login_required
def notice_docx(request, pk):
    inspection = _notice_round(request, pk)
    notice = notices.build(inspection, services.today())
    return _download(notices.render_docx(notice), DOCX_TYPE, f"{notice.filename}.docx")


@login_required
def notice_pdf(request, pk):
    inspection = _notice_round(request, pk)
    notice = notices.build(inspection, services.today())
    return _download(notices.render_pdf(notice), "application/pdf", f"{notice.filename}.pdf")


@login_required
def results_xlsx(request, pk):
    inspection = _notice_round(request, pk)
    rows = selectors.results(inspection, services.today())
    data = ([r.rank, r.name, r.total, r.serious, r.closed, r.unresolved, r.late, float(r.points), float(r.score),
             r.target.grade] for r in rows)
    return xlsx_response("督查结果", ["排名", "被督查单位", "问题数", "严重问题", "已整改", "整改中", "逾期整改", "扣分", "得分",
                                     "等次"], data, filename=f"{inspection.title}结果.xlsx")
