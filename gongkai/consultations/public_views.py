"""Public pages of 意见征集 under /xxgk/yjzj/: the list (open and past consultations, by body), a
consultation's page (draft text, period, days left, approved comments with their replies, the comment form
while open, the 采纳情况 once published, the final policy) and its attachments.

Nobody logs in here. What is shown comes from ``selectors.public_consultations`` and
``selectors.public_comments`` only. The comment form is rate-limited per client address
(``portal.ratelimit``) and carries a hidden trap field for robots. These pages are not in the portal's page
cache (the comments and the days left change without a content-version bump).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from gongkai.applications.deadlines import cn_date
from gongkai.core.forms import apply_service_errors
from gongkai.core.pagination import paginate
from gongkai.orgs.models import Organization
from gongkai.portal import ratelimit
from gongkai.portal.column import pager

from . import selectors, services
from .codes import Phase
from .forms import CommentForm
from .models import Consultation

PER_PAGE = 15
COMMENTS_PER_PAGE = 20
COMMENT_LIMITS = (ratelimit.Limit(5, 10 * 60, "10分钟"), ratelimit.Limit(20, 24 * 3600, "1天"))
RATE_SCOPE = "yjzj-comment"
SUBMITTED = "您的意见已提交，感谢参与！意见经审核后在本页公开显示（联系方式不公开）。"
PUBLIC_PHASES = {"open": "征集中", "ended": "已截止"}


def _querystring(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _rate_limited(request, blocked: ratelimit.Blocked):
    retry_at = timezone.localtime(blocked.retry_at)
    message = (f"同一网络地址{blocked.limit.label}内最多可提交意见{blocked.limit.count}次，您已达到上限。"
               f"请于{cn_date(retry_at.date())} {retry_at:%H:%M}以后再试。")
    response = render(request, "consultations/public/limited.html", {
        "title": "操作过于频繁", "message": message, "portal_nav": "yjzj"}, status=429)
    response["Retry-After"] = str(blocked.retry_after_seconds)
    return response


def mask_name(name: str) -> str:
    """Only the family name is shown: 张**."""
    name = (name or "").strip()
    if not name:
        return "网友"
    return name[0] + "*" * min(len(name) - 1, 3) if len(name) > 1 else name


def index(request):
    day = services.today()
    qs = selectors.public_consultations(day).select_related("org")
    org = None
    code = (request.GET.get("org") or "").strip()[:40]
    if code:
        org = Organization.objects.filter(code=code).first()
        if org is not None:
            qs = qs.filter(org=org)
    phase = request.GET.get("phase") or ""
    if phase == "open":
        qs = qs.filter(selectors.phase_q(Phase.OPEN, day))
    elif phase == "ended":
        qs = qs.exclude(selectors.phase_q(Phase.OPEN, day))
    else:
        phase = ""
    page = paginate(request, qs.order_by("-starts_on", "-id"), per_page=PER_PAGE)
    for c in page.object_list:
        c.phase_now = c.phase(day)
        c.phase_now_label = Phase(c.phase_now).label
        c.days_left_now = c.days_left(day)
    bodies = Organization.objects.filter(pk__in=selectors.public_consultations(day).values("org")).order_by("path")
    return render(request, "consultations/public/index.html", {
        "page": page, "pager": pager(page.number, page.paginator.num_pages, _querystring(request)),
        "org": org, "org_code": code, "phase": phase, "phases": PUBLIC_PHASES, "bodies": bodies,
        "portal_nav": "yjzj",
    })


def _public_or_404(pk) -> Consultation:
    return get_object_or_404(selectors.public_consultations(services.today()).select_related("org", "final_item"),
                             pk=pk)


@never_cache
@require_http_methods(["GET", "POST"])
def detail(request, pk: int):
    consultation = _public_or_404(pk)
    day = services.today()
    form = None
    if consultation.is_open(day):
        if request.method == "POST":
            attempt = ratelimit.hit(RATE_SCOPE, ratelimit.client_address(request), COMMENT_LIMITS)
            if attempt.blocked:
                return _rate_limited(request, attempt.blocked)
            form = CommentForm(request.POST, consultation=consultation)
            if form.is_trap_filled:  # a robot: answer as if accepted, keep nothing
                messages.success(request, SUBMITTED)
                return redirect("consultations_public:detail", pk=consultation.pk)
            if form.is_valid():
                try:
                    services.submit_comment(consultation, form.service_data(), ratelimit.client_address(request))
                except ValidationError as e:
                    apply_service_errors(form, e)
                else:
                    messages.success(request, SUBMITTED)
                    return redirect("consultations_public:detail", pk=consultation.pk)
        else:
            form = CommentForm(consultation=consultation)
    elif request.method == "POST":
        messages.error(request, f"意见征集已于{cn_date(consultation.effective_end)}截止，不再接收意见。"
                       if consultation.has_ended(day) else "意见征集尚未开始。")
        return redirect("consultations_public:detail", pk=consultation.pk)
    comments = paginate(request, selectors.public_comments(consultation), per_page=COMMENTS_PER_PAGE)
    for comment in comments.object_list:
        comment.shown_name = mask_name(comment.name)
    final = None
    if consultation.final_item_id:
        from gongkai.disclosure.selectors import public_items

        final = public_items().filter(pk=consultation.final_item_id).first()
    phase = consultation.phase(day)
    return render(request, "consultations/public/detail.html", {
        "c": consultation, "org": consultation.org, "phase": phase, "phase_label": Phase(phase).label,
        "days_left": consultation.days_left(day), "form": form, "comments": comments,
        "comments_pager": pager(comments.number, comments.paginator.num_pages, _querystring(request)),
        "attachments": consultation.attachments.all(), "final": final, "portal_nav": "yjzj",
    })


def attachment(request, pk: int, attachment_id: int):
    consultation = _public_or_404(pk)
    found = consultation.attachments.filter(pk=attachment_id).first()
    if found is None:
        raise Http404("未找到该附件。")
    try:
        handle = found.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("附件文件不存在。") from None
    response = FileResponse(handle, as_attachment=True, filename=found.original_name,
                            content_type=found.content_type or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    return response
