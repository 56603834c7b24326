"""Staff screens of 意见征集 at /consultations/: the list (filters, Excel export), create/edit, the
consultation page with its moderation queue (待审核 first; approve/reject, reply, 归类, 采纳情况 per comment),
the feedback editor, the final policy, attachments, the comments' Excel export and the confirmations.

Every page reads through ``selectors.visible_consultations`` (outside the scope is a 404) and every change goes
through ``services``. Actions are shown only to those who may perform them; the 监督员 reads.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gongkai.core.errors import ConflictError
from gongkai.core.exports import xlsx_response
from gongkai.core.forms import apply_service_errors
from gongkai.core.pagination import paginate
from gongkai.core.validators import mask_middle
from gongkai.orgs.models import Organization

from . import selectors, services
from .codes import Adoption, Moderation, Phase, Status
from .forms import AttachmentForm, CloseForm, ConsultationForm, FeedbackForm, FinalItemForm, HandleForm
from .models import Consultation
from .permissions import (
    EDIT_DENIED,
    NOT_FOUND,
    can_edit,
    can_edit_any,
    can_handle,
    can_view_any,
    sees_contacts,
    viewable_org_ids,
)

NAV_KEY = "consultations"
PER_PAGE = 20
COMMENTS_PER_PAGE = 30
EXPORT_LIMIT = 50_000


def _require_staff(user) -> None:
    if not can_view_any(user):
        raise PermissionDenied("意见征集仅对公开办管理员、信息发布员、审核人和监督员开放。")


def _context(request, **extra) -> dict:
    return {"nav_key": NAV_KEY, "can_create": can_edit_any(request.user), "today": services.today(), **extra}


def _consultation_or_404(request, pk: int) -> Consultation:
    consultation = (selectors.visible_consultations(request.user).select_related("org", "final_item", "created_by")
                    .filter(pk=pk).first())
    if consultation is None:
        raise Http404(NOT_FOUND)
    return consultation


def _editable_or_404(request, pk: int) -> Consultation:
    consultation = _consultation_or_404(request, pk)
    if not can_edit(request.user, consultation.org):
        raise PermissionDenied(EDIT_DENIED)
    return consultation


def _back(consultation) -> str:
    return reverse("consultations:detail", args=[consultation.pk])


def _error_message(request, error: ValidationError) -> None:
    messages.error(request, "；".join(error.messages))


# ---------------------------------------------------------------------------------------------------------
# list and export


def _filters(request) -> dict:
    org = None
    value = request.GET.get("org") or ""
    if value:
        if not value.isdigit() or len(value) > 18:
            raise Http404(NOT_FOUND)
        org = Organization.objects.filter(pk=int(value), pk__in=viewable_org_ids(request.user)).first()
        if org is None:
            raise Http404(NOT_FOUND)
    phase = request.GET.get("phase") or ""
    return {"org": org, "phase": phase if phase in Phase.values else "",
            "q": (request.GET.get("q") or "").strip()[:100]}


def _filtered(request, f: dict):
    qs = selectors.visible_consultations(request.user)
    if f["org"] is not None:
        qs = qs.filter(org=f["org"])
    if f["phase"]:
        qs = qs.filter(selectors.phase_q(f["phase"], services.today()))
    if f["q"]:
        qs = qs.filter(Q(title__icontains=f["q"]) | Q(summary__icontains=f["q"]))
    return qs.order_by("-starts_on", "-id")


@login_required
def consultation_list(request):
    _require_staff(request.user)
    f = _filters(request)
    qs = selectors.with_comment_counts(_filtered(request, f).select_related("org"))
    page = paginate(request, qs, per_page=PER_PAGE)
    day = services.today()
    for c in page.object_list:
        c.phase_now = c.phase_label(day)
    return render(request, "consultations/list.html", _context(
        request, page=page, filters=f, phases=Phase.choices,
        orgs=Organization.objects.filter(pk__in=viewable_org_ids(request.user)).order_by("path")))


@login_required
def consultation_export(request):
    _require_staff(request.user)
    f = _filters(request)
    day = services.today()
    qs = selectors.with_comment_counts(_filtered(request, f).select_related("org", "final_item"))
    headers = ["征集机关", "标题", "征集开始日期", "征集截止日期", "状态", "收到意见", "待审核", "已通过", "采纳情况发布时间",
               "正式文件索引号"]
    rows = ([c.org.name, c.title, c.starts_on, c.effective_end, c.phase_label(day), c.n_comments, c.n_pending,
             c.n_approved, c.feedback_published_at.replace(tzinfo=None) if c.feedback_published_at else "",
             c.final_item.index_no if c.final_item else ""]
            for c in qs[:EXPORT_LIMIT])
    return xlsx_response("意见征集", headers, rows, filename="意见征集.xlsx")


# ---------------------------------------------------------------------------------------------------------
# create, edit, publish, close, delete


def _form_page(request, form, title, cancel_url, **extra):
    return render(request, "consultations/form.html", _context(
        request, form=form, title=title, cancel_url=cancel_url, **extra))


def _data(cleaned: dict) -> dict:
    return {k: cleaned.get(k) for k in services.CONSULTATION_FIELDS}


@login_required
def consultation_create(request):
    _require_staff(request.user)
    if not can_edit_any(request.user):
        raise PermissionDenied(EDIT_DENIED)
    form = ConsultationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            consultation = services.create_consultation(request.user, org=form.cleaned_data["org"], request=request,
                                                        **_data(form.cleaned_data))
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, f"已保存草稿“{consultation.title}”。发布后公众方可查看。")
            return redirect(_back(consultation))
    return _form_page(request, form, "发起意见征集", reverse("consultations:index"))


@login_required
def consultation_edit(request, pk: int):
    _require_staff(request.user)
    consultation = _editable_or_404(request, pk)
    initial = {k: getattr(consultation, k) for k in services.CONSULTATION_FIELDS} | {"version": consultation.version}
    form = ConsultationForm(request.POST or None, user=request.user, editing=consultation, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_consultation(request.user, consultation.pk, version=form.cleaned_data["version"],
                                         request=request, **_data(form.cleaned_data))
        except ValidationError as e:
            apply_service_errors(form, e)
        except ConflictError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, "已保存。")
            return redirect(_back(consultation))
    return _form_page(request, form, f"修改：{consultation.title}", _back(consultation))


@login_required
def consultation_publish(request, pk: int):
    _require_staff(request.user)
    consultation = _editable_or_404(request, pk)
    back = _back(consultation)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            services.publish(request.user, consultation.pk, version=request.POST.get("version"), request=request)
        except ValidationError as e:
            _error_message(request, e)
        except ConflictError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, "意见征集已发布。")
        return redirect(back)
    return render(request, "core/confirm.html", _context(
        request, title="发布意见征集", question=f"确定发布“{consultation.title}”吗？",
        detail=(f"发布后，征求意见稿自{consultation.starts_on:%Y年%m月%d日}起在政府信息公开专栏“意见征集”中公开，"
                f"至{consultation.ends_on:%Y年%m月%d日}接收公众意见。发布后不能删除。"),
        confirm_label="发布", cancel_url=back, hidden={"version": consultation.version}))


@login_required
def consultation_close(request, pk: int):
    _require_staff(request.user)
    consultation = _editable_or_404(request, pk)
    form = CloseForm(request.POST or None, initial={"version": consultation.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.close_early(request.user, consultation.pk, version=form.cleaned_data["version"],
                                 reason=form.cleaned_data["reason"], request=request)
        except ValidationError as e:
            apply_service_errors(form, e)
        except ConflictError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, "意见征集已提前截止。")
            return redirect(_back(consultation))
    return _form_page(request, form, f"提前截止：{consultation.title}", _back(consultation),
                      intro="提前截止后即不再接收意见，公开页面显示截止日期和原因。", submit_label="提前截止")


@login_required
def consultation_delete(request, pk: int):
    _require_staff(request.user)
    consultation = _editable_or_404(request, pk)
    back = _back(consultation)
    if consultation.status != Status.DRAFT:
        messages.error(request, "只能删除尚未发布的草稿；已发布的意见征集须保留。")
        return redirect(back)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            services.delete_draft(request.user, consultation.pk, version=request.POST.get("version"),
                                  request=request)
        except ValidationError as e:
            _error_message(request, e)
            return redirect(back)
        except ConflictError as e:
            messages.error(request, e.message)
            return redirect(back)
        messages.success(request, f"已删除草稿“{consultation.title}”。")
        return redirect("consultations:index")
    return render(request, "core/confirm.html", _context(
        request, title="删除草稿", question=f"确定删除意见征集草稿“{consultation.title}”吗？",
        detail="草稿及其附件将被删除，无法恢复；删除操作记入审计日志。", danger=True, confirm_label="删除",
        cancel_url=back, hidden={"version": consultation.version}))


# ---------------------------------------------------------------------------------------------------------
# the consultation page and its comments


def _comments(request, consultation):
    qs = consultation.comments.select_related("moderated_by", "replied_by")
    moderation = request.GET.get("moderation") or ""
    if moderation in Moderation.values:
        qs = qs.filter(moderation=moderation)
    topic = (request.GET.get("topic") or "").strip()[:100]
    if topic:
        qs = qs.filter(topic=topic)
    pending_first = Case(When(moderation=Moderation.PENDING, then=Value(0)), default=Value(1),
                         output_field=IntegerField())
    return qs.order_by(pending_first, "submitted_at", "id"), {"moderation": moderation, "topic": topic}


def _mask_contact(value: str) -> str:
    return mask_middle(value, 3, 2) if value else ""


@login_required
def consultation_detail(request, pk: int):
    _require_staff(request.user)
    consultation = _consultation_or_404(request, pk)
    day = services.today()
    editable = can_edit(request.user, consultation.org)
    frozen = consultation.status == Status.CONCLUDED
    handling = can_handle(request.user, consultation.org) and not frozen
    full_contacts = sees_contacts(request.user, consultation.org)
    qs, comment_filters = _comments(request, consultation)
    page = paginate(request, qs, per_page=COMMENTS_PER_PAGE)
    for comment in page.object_list:
        comment.contact_shown = comment.contact if full_contacts else _mask_contact(comment.contact)
        if handling:
            comment.form = HandleForm(initial={"reply": comment.reply, "topic": comment.topic,
                                               "adoption": comment.adoption, "version": comment.version},
                                      prefix=f"c{comment.pk}")
    phase = consultation.phase(day)
    return render(request, "consultations/detail.html", _context(
        request, c=consultation, phase=phase, phase_label=Phase(phase).label, days_left=consultation.days_left(day),
        editable=editable, handling=handling,
        frozen=frozen, page=page, comment_filters=comment_filters, moderations=Moderation.choices,
        counts=services.compute_counts(consultation), attachments=consultation.attachments.all(),
        topics=sorted(set(consultation.comments.exclude(topic="").values_list("topic", flat=True))),
        attachment_form=AttachmentForm() if editable and not consultation.has_ended(day) else None,
        adoption_choices=Adoption.choices, Phase=Phase, Status=Status,
        public_url=reverse("consultations_public:detail", args=[consultation.pk])))


def _comment_redirect(request, consultation):
    url = _back(consultation)
    query = request.POST.get("return_query") or ""
    return redirect(f"{url}?{query}#comments" if query else f"{url}#comments")


@login_required
@require_POST
def comment_moderate(request, pk: int, comment_id: int):
    _require_staff(request.user)
    consultation = _consultation_or_404(request, pk)
    try:
        services.moderate_comment(request.user, comment_id, consultation_id=consultation.pk,
                                  decision=request.POST.get("decision") or "", reason=request.POST.get("reason"),
                                  request=request)
    except ValidationError as e:
        _error_message(request, e)
    else:
        approved = request.POST.get("decision") == Moderation.APPROVED
        messages.success(request, f"意见#{comment_id}已{'审核通过，在公开页面显示' if approved else '设为不予显示'}。")
    return _comment_redirect(request, consultation)


@login_required
@require_POST
def comment_handle(request, pk: int, comment_id: int):
    _require_staff(request.user)
    consultation = _consultation_or_404(request, pk)
    form = HandleForm(request.POST, prefix=f"c{comment_id}")
    if not form.is_valid():
        messages.error(request, "；".join(f"{form.fields[k].label if k in form.fields else ''}{'，'.join(v)}"
                                         for k, v in form.errors.items()))
        return _comment_redirect(request, consultation)
    try:
        services.handle_comment(request.user, comment_id, consultation_id=consultation.pk, request=request,
                                **form.cleaned_data)
    except ValidationError as e:
        _error_message(request, e)
    except ConflictError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, f"意见#{comment_id}的处理结果已保存。")
    return _comment_redirect(request, consultation)


@login_required
def comments_export(request, pk: int):
    _require_staff(request.user)
    consultation = _consultation_or_404(request, pk)
    full = sees_contacts(request.user, consultation.org)
    qs = consultation.comments.order_by("submitted_at", "id")
    moderations, adoptions = dict(Moderation.choices), dict(Adoption.choices)
    headers = ["编号", "提交时间", "姓名", "联系方式", "意见内容", "审核状态", "不予显示理由", "归类", "采纳情况", "答复"]
    rows = ([c.pk, c.submitted_at.replace(tzinfo=None), c.name, c.contact if full else _mask_contact(c.contact),
             c.content, moderations[c.moderation], c.moderation_reason, c.topic, adoptions.get(c.adoption, ""),
             c.reply] for c in qs.iterator(chunk_size=1000))
    return xlsx_response("意见汇总", headers, rows, filename=f"意见汇总-{consultation.pk}.xlsx")


# ---------------------------------------------------------------------------------------------------------
# feedback and the final policy


@login_required
def feedback(request, pk: int):
    _require_staff(request.user)
    consultation = _editable_or_404(request, pk)
    back = _back(consultation)
    if consultation.status == Status.CONCLUDED:
        messages.info(request, "采纳情况已发布。")
        return redirect(back)
    form = FeedbackForm(request.POST or None, initial={"feedback_text": consultation.feedback_text,
                                                      "version": consultation.version})
    if request.method == "POST" and form.is_valid():
        publishing = request.POST.get("action") == "publish"
        action = services.publish_feedback if publishing else services.save_feedback
        try:
            action(request.user, consultation.pk, version=form.cleaned_data["version"],
                   feedback_text=form.cleaned_data["feedback_text"], request=request)
        except ValidationError as e:
            apply_service_errors(form, e)
        except ConflictError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, "采纳情况已发布。" if publishing else "采纳情况说明已保存（尚未发布）。")
            return redirect(back)
    return render(request, "consultations/feedback.html", _context(
        request, c=consultation, form=form, counts=services.compute_counts(consultation),
        ended=consultation.has_ended(services.today())))


@login_required
def final_item(request, pk: int):
    _require_staff(request.user)
    consultation = _editable_or_404(request, pk)
    initial = {"item": consultation.final_item.index_no if consultation.final_item else "",
               "version": consultation.version}
    form = FinalItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.link_final_policy(request.user, consultation.pk, version=form.cleaned_data["version"],
                                       item=form.cleaned_data["item"], request=request)
        except ValidationError as e:
            apply_service_errors(form, e)
        except ConflictError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, "已保存正式发布文件的关联。")
            return redirect(_back(consultation))
    return _form_page(request, form, f"关联正式文件：{consultation.title}", _back(consultation),
                      intro="正式文件发布后，征求意见页面和文件页面相互链接。")


# ---------------------------------------------------------------------------------------------------------
# attachments


@login_required
@require_POST
def attachment_upload(request, pk: int):
    _require_staff(request.user)
    consultation = _editable_or_404(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择要上传的文件。")
        return redirect(_back(consultation))
    try:
        attachment = services.add_attachment(request.user, consultation.pk, form.cleaned_data["file"],
                                             request=request)
    except ValidationError as e:
        _error_message(request, e)
    else:
        messages.success(request, f"已上传附件“{attachment.original_name}”。")
    return redirect(_back(consultation))


def _attachment_or_404(consultation, attachment_id):
    attachment = consultation.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404("未找到该附件。")
    return attachment


@login_required
def attachment_download(request, pk: int, attachment_id: int):
    _require_staff(request.user)
    attachment = _attachment_or_404(_consultation_or_404(request, pk), attachment_id)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("附件文件不存在。") from None
    return FileResponse(handle, as_attachment=True, filename=attachment.original_name,
                        content_type=attachment.content_type)


@login_required
def attachment_delete(request, pk: int, attachment_id: int):
    _require_staff(request.user)
    consultation = _editable_or_404(request, pk)
    attachment = _attachment_or_404(consultation, attachment_id)
    back = _back(consultation)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            services.delete_attachment(request.user, attachment.pk, request=request)
        except ValidationError as e:
            _error_message(request, e)
        else:
            messages.success(request, f"已删除附件“{attachment.original_name}”。")
        return redirect(back)
    return render(request, "core/confirm.html", _context(
        request, title="删除附件", question=f"确定删除附件“{attachment.original_name}”吗？",
        detail="文件删除后无法恢复；删除操作记入审计日志。", danger=True, confirm_label="删除", cancel_url=back))
