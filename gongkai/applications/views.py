"""Staff screens of 依申请公开: the work queues, registering an offline application, the application page
(timeline, deadline and its explanation, the actions the transitions table allows), one page per action."""

import importlib.util

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render

from gongkai.core.errors import ConflictError
from gongkai.core.exports import xlsx_response
from gongkai.core.forms import apply_service_errors
from gongkai.core.pagination import paginate
from gongkai.orgs.models import Role
from gongkai.orgs.scoping import can_view_business_data, has_role, visible_orgs
from gongkai.workdays.calendar import WorkCalendarError
from gongkai.workdays.selectors import get_calendar

from . import selectors, services
from .codes import Status
from .deadlines import urgency
from .errors import TransitionNotAllowed
from .forms import ACTION_FORMS, DESTRUCTIVE, RegisterForm
from .models import Application, Attachment
from .transitions import TRANSITIONS, allowed_actions

EXPORT_LIMIT = 50_000


def _require_staff(user):
    if not can_view_business_data(user):
        raise PermissionDenied("您没有业务岗位，不能查看依申请公开。")


def _annotate_urgency(rows, today):
    cal = get_calendar()
    for app in rows:
        try:
            app.urgency = urgency(app.due_on, today, cal) if app.is_open else ""
        except WorkCalendarError:  # the next 3 working days reach an unloaded year: flag only what is certain
            app.urgency = "overdue" if app.due_on and app.due_on < today else ""
    return rows


@login_required
def queue_view(request):
    _require_staff(request.user)
    today = services.today()
    name = request.GET.get("queue") or "all"
    if name not in selectors.QUEUES:
        name = "all"
    errors: list[str] = []
    qs = selectors.search(selectors.queue(request.user, name, today), request.GET, errors)
    for error in errors:
        messages.error(request, error)
    counts = selectors.queue_counts(request.user, today)
    filtered = any(request.GET.get(key) for key in request.GET if key not in ("queue", "page"))
    page = paginate(request, qs, per_page=20, count=None if filtered or errors else counts[name])
    _annotate_urgency(page.object_list, today)
    return render(request, "applications/queue.html", {
        "page": page, "queue": name, "queues": selectors.QUEUES, "counts": counts, "statuses": Status.choices,
        "orgs": visible_orgs(request.user).order_by("path"), "params": request.GET, "nav_key": "applications",
        "can_register": any(has_role(request.user, o, Role.HANDLER, Role.OFFICE_ADMIN)
                            for o in visible_orgs(request.user)[:200]),
    })


@login_required
def export_view(request):
    _require_staff(request.user)
    name = request.GET.get("queue") or "all"
    qs = selectors.search(selectors.queue(request.user, name if name in selectors.QUEUES else "all",
                                          services.today()), request.GET)
    rows = ([a.tracking_no, a.org.name, a.applicant_name_masked, a.get_applicant_kind_display(),
             a.get_channel_display(), a.received_on, a.get_status_display(), a.due_on, a.outcome_label,
             a.concluded_on, a.handler.display_name if a.handler else ""]
            for a in qs[:EXPORT_LIMIT].iterator())
    headers = ["受理编号", "受理机关", "申请人", "申请人类型", "申请方式", "收到申请之日", "状态", "答复期限",
               "办理结果", "办结日期", "承办人"]
    return xlsx_response("依申请公开", headers, rows, filename=f"依申请公开-{selectors.QUEUES.get(name, '本机关')}.xlsx")


@login_required
def register_view(request):
    _require_staff(request.user)
    form = RegisterForm(request.POST or None, request.FILES or None, user=request.user)
    if not form.fields["org"].queryset.exists():
        raise PermissionDenied("只有承办人或公开办管理员可以登记申请。")
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        org = data.pop("org")
        attachments = data.pop("attachments")
        try:
            app, code = services.register(request.user, org=org, data=data, attachments=attachments,
                                          request=request)
        except ValidationError as e:
            apply_service_errors(form, e)
        except PermissionDenied as e:
            form.add_error("org", str(e))
        else:
            messages.success(request, f"已登记申请 {app.tracking_no}。申请人查询码：{code}（仅显示这一次，请告知申请人）。")
            return redirect("applications:detail", pk=app.pk)
    return render(request, "applications/register.html", {"form": form, "nav_key": "applications"})


@login_required
def lookup_view(request):
    """While registering: the applicant's earlier applications, similar requests of the last 12 months and the
    month's 件 count, for the body chosen on the form (an HTML fragment for the register page)."""
    _require_staff(request.user)
    org = visible_orgs(request.user, roles={Role.HANDLER, Role.OFFICE_ADMIN}).filter(
        pk=request.GET.get("org") if (request.GET.get("org") or "").isdigit() else None).first()
    id_number = (request.GET.get("id_number") or "").strip().upper()
    content = (request.GET.get("content") or "").strip()[:5000]
    if org is None or not (id_number or content):
        return render(request, "applications/_lookup.html", {"empty": True})
    probe = Application(org=org, id_number=id_number, content=content, received_on=services.today(),
                        item_count=1)
    base = selectors.visible_applications(request.user)
    return render(request, "applications/_lookup.html", {
        "earlier": selectors.earlier_applications(probe, base) if id_number else [],
        "similar": selectors.similar_requests(probe) if content else [],
        "month_count": services.month_item_count(probe, exclude_self=False) if id_number else None,
        "org": org,
    })


def _get_app(request, pk):
    _require_staff(request.user)
    app = selectors.visible_applications(request.user).select_related("org", "handler").filter(pk=pk).first()
    if app is None:
        raise Http404("未找到该申请，或不在您的数据范围内。")
    return app


@login_required
def detail_view(request, pk):
    app = _get_app(request, pk)
    today = services.today()
    _annotate_urgency([app], today)
    actions = [(a, TRANSITIONS[a].label) for a in allowed_actions(request.user, app)]
    handling = has_role(request.user, app.org, Role.HANDLER, Role.OFFICE_ADMIN, Role.APPROVER)
    context = {
        "app": app, "actions": actions, "nav_key": "applications", "today": today,
        "show_identity": selectors.can_see_identity(request.user, app),
        "events": app.events.select_related("actor").order_by("on", "id"),
        "attachments": app.attachments.all(),
        "letters": None,
    }
    if importlib.util.find_spec("gongkai.letters") is not None:
        from django.apps import apps as django_apps

        if django_apps.is_installed("gongkai.letters"):
            context["letters"] = django_apps.get_model("letters", "Letter").objects.filter(application=app)
    if handling:
        context.update({
            "earlier": selectors.earlier_applications(app, selectors.visible_applications(request.user)),
            "similar": selectors.similar_requests(app),
            "month_count": services.month_item_count(app),
        })
    return render(request, "applications/detail.html", context)


@login_required
def action_view(request, pk, action):
    app = _get_app(request, pk)
    form_class = ACTION_FORMS.get(action)
    if form_class is None:
        raise Http404("未知的操作。")
    kwargs = {}
    if action == "assign":
        kwargs["application"] = app
    if action == "transfer":
        kwargs.update(application=app, user=request.user)
    initial = {"on": services.today()}
    if action == "deliver":
        initial["method"] = app.delivery_method
    form = form_class(request.POST or None, request.FILES or None, initial=initial, **kwargs)
    blocked = None
    if action not in allowed_actions(request.user, app):
        from .transitions import blocked_reason

        blocked = blocked_reason(request.user, app, action)
    if request.method == "POST" and blocked is None and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            version = int(request.POST.get("version") or app.version)
        except ValueError:
            version = -1
        try:
            services.perform(request.user, app.pk, action, {**data, "version": version}, request=request)
        except ValidationError as e:
            apply_service_errors(form, e)
        except (TransitionNotAllowed, ConflictError) as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, f"已{TRANSITIONS[action].label}。")
            return redirect("applications:detail", pk=app.pk)
    fee_quotes = None
    if action == "notify_fee":
        from .fees import per_item

        fee_quotes = per_item(services.month_item_count(app), app.item_count)
    return render(request, "applications/action.html", {
        "app": app, "form": form, "action": action, "label": TRANSITIONS[action].label, "blocked": blocked,
        "destructive": action in DESTRUCTIVE, "nav_key": "applications", "per_item_quote": fee_quotes,
    })


@login_required
def attachment_view(request, pk, attachment_id):
    app = _get_app(request, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_id, application=app)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
                        content_type=attachment.content_type)

