"""The audit trail, for the 安全审计员 only: search, read one event, verify the chain, export."""

from datetime import datetime, time

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.accounts.permissions import auditor_required
from gongkai.core.exports import xlsx_response
from gongkai.core.pagination import paginate

from .labels import action_label
from .models import AuditEvent
from .services import verify_chain

EXPORT_LIMIT = 100_000


def _parse_date(value):
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except (TypeError, ValueError):
        return None


def _filtered(request):
    events = AuditEvent.objects.all()
    params = {k: (request.GET.get(k) or "").strip() for k in ("actor", "action", "object", "start", "end")}
    errors = []
    if params["actor"]:
        events = events.filter(actor_name__icontains=params["actor"])
    if params["action"]:
        events = events.filter(action__startswith=params["action"])
    if params["object"]:
        events = events.filter(object_repr__icontains=params["object"])
    tz = timezone.get_current_timezone()
    for key, bound, lookup in (("start", time.min, "gte"), ("end", time.max, "lte")):
        if params[key]:
            day = _parse_date(params[key])
            if day is None:
                errors.append(f"日期“{params[key]}”格式不正确，应为 YYYY-MM-DD。")
            else:
                events = events.filter(**{f"occurred_at__{lookup}": datetime.combine(day, bound, tzinfo=tz)})
    return events.order_by("-seq"), params, errors


@auditor_required
def event_list(request):
    events, params, errors = _filtered(request)
    for e in errors:
        messages.error(request, e)
    page = paginate(request, events, per_page=50)
    return render(request, "audit/list.html", {"page": page, "nav_key": "audit", **params})


@auditor_required
def event_detail(request, seq):
    event = get_object_or_404(AuditEvent, seq=seq)
    keys = sorted(set((event.before or {}).keys()) | set((event.after or {}).keys())) \
        if isinstance(event.before or {}, dict) and isinstance(event.after or {}, dict) else []
    changes = [{"field": k, "before": (event.before or {}).get(k), "after": (event.after or {}).get(k),
                "changed": (event.before or {}).get(k) != (event.after or {}).get(k)} for k in keys]
    return render(request, "audit/detail.html", {"event": event, "changes": changes, "nav_key": "audit"})


@auditor_required
@require_POST
def verify(request):
    result = verify_chain()
    (messages.success if result.ok else messages.error)(request, result.message())
    return redirect("audit:list")


@auditor_required
def export(request) -> HttpResponse:
    events, _params, errors = _filtered(request)
    if errors:
        for e in errors:
            messages.error(request, e)
        return redirect("audit:list")
    rows = ([e.seq, timezone.localtime(e.occurred_at).strftime("%Y-%m-%d %H:%M:%S"), e.actor_name, action_label(e.action),
             e.object_type, e.object_id, e.object_repr, e.ip, e.hash] for e in events[:EXPORT_LIMIT].iterator())
    headers = ["序号", "时间", "操作人", "操作", "对象类型", "对象编号", "对象", "来源地址", "哈希"]
    return xlsx_response("审计日志", headers, rows, filename=f"审计日志-{timezone.localdate():%Y%m%d}.xlsx")
