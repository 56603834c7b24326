"""Public pages of the 依申请公开 column: how to apply and where, the form, the receipt, and tracking.

Nobody logs in here. The receipt is shown once from the session (the 查询码 exists nowhere else in clear
text); tracking authenticates one application per session with 受理编号 + 查询码, and only that application's
delivered letters can then be downloaded. Both forms are rate-limited per client address.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from gongkai.applications import deadlines, services
from gongkai.applications.codes import ApplicantKind, IdType
from gongkai.applications.deadlines import cn_date
from gongkai.applications.models import Application
from gongkai.core.forms import apply_service_errors
from gongkai.core.uploads import MAX_UPLOAD_BYTES
from gongkai.orgs.models import GOVERNMENT_KINDS, Organization
from gongkai.workdays.calendar import WorkCalendarError
from gongkai.workdays.selectors import add_workdays

from . import public, ratelimit
from .forms import FORMS, KINDS, PERSON, TrackForm

# Session keys. The receipt holds the 查询码 until the receipt page has shown it once.
RECEIPT_SESSION_KEY = "portal_receipt"
TRACK_SESSION_KEY = "portal_track_application_id"

SUBMIT_LIMITS = (ratelimit.Limit(5, 10 * 60, "10分钟"), ratelimit.Limit(20, 24 * 3600, "1天"))
TRACK_FAILURE_LIMITS = (ratelimit.Limit(10, 10 * 60, "10分钟"),)

# The form's text fields and multipart framing on top of MAX_ATTACHMENTS full-size files.
FORM_OVERHEAD_BYTES = 256 * 1024
MAX_REQUEST_BYTES = services.MAX_ATTACHMENTS * MAX_UPLOAD_BYTES + FORM_OVERHEAD_BYTES

TRACK_FAILED = "受理编号或查询码不正确，请核对后重新输入。"


def _status_page(request, status: int, title: str, message: str, *, headers=None):
    response = render(request, "portal/status_page.html", {"title": title, "message": message}, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _rate_limited(request, blocked: ratelimit.Blocked, what: str):
    retry_at = timezone.localtime(blocked.retry_at)
    message = (f"同一网络地址{blocked.limit.label}内最多可{what}{blocked.limit.count}次，您已达到上限。"
               f"请于{cn_date(retry_at.date())} {retry_at:%H:%M}以后再试。")
    return _status_page(request, 429, "操作过于频繁", message,
                        headers={"Retry-After": str(blocked.retry_after_seconds)})


def _too_large(request):
    limit_mb = services.MAX_ATTACHMENTS * MAX_UPLOAD_BYTES // (1024 * 1024)
    return _status_page(request, 413, "上传文件过大",
                        f"一次申请上传的文件合计不能超过 {limit_mb} MB（最多{services.MAX_ATTACHMENTS}个文件，"
                        f"每个不超过 {MAX_UPLOAD_BYTES // (1024 * 1024)} MB）。请压缩或减少附件后重新提交。")


def _content_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


# ---------------------------------------------------------------------------------------------------------
# how to apply, and where


def _bodies_by_government() -> list[dict]:
    """Active bodies grouped under their nearest government (the body itself when it is one), in tree
    order: 市政府 and its departments, then each district with its own, and so on."""
    orgs = list(Organization.objects.order_by("path").only("id", "name", "code", "kind", "path", "is_active",
                                                          "parent_id"))
    by_id = {o.pk: o for o in orgs}
    groups: dict[int | None, dict] = {}
    for org in orgs:
        government = org
        while government is not None and government.kind not in GOVERNMENT_KINDS:
            government = by_id.get(government.parent_id)
        key = government.pk if government else None
        if not org.is_active:
            continue
        group = groups.setdefault(key, {"government": government, "bodies": []})
        group["bodies"].append(org)
    ordered = [g for k, g in groups.items() if k is not None]
    if None in groups:
        ordered.append(groups[None])
    return ordered


def apply_index(request):
    return render(request, "portal/apply_index.html", {"groups": _bodies_by_government(), "portal_nav": "apply",
                                                       "reply_workdays": deadlines.BASE_WORKDAYS})


# ---------------------------------------------------------------------------------------------------------
# the form


@csrf_exempt  # CSRF is checked in _apply_form, after the guards below that must not read the request body
@require_http_methods(["GET", "POST"])
def apply(request, org_code):
    org = get_object_or_404(Organization, code=org_code, is_active=True)
    kind = request.GET.get("kind") if request.GET.get("kind") in FORMS else PERSON
    if request.method == "POST":
        # Refuse before Django parses the multipart body: parsing is what would spool the files to disk.
        if _content_length(request) > MAX_REQUEST_BYTES:
            return _too_large(request)
        attempt = ratelimit.hit("apply", ratelimit.client_address(request), SUBMIT_LIMITS)
        if attempt.blocked:
            return _rate_limited(request, attempt.blocked, "提交申请")
    return _apply_form(request, org, kind)


@csrf_protect
@never_cache
def _apply_form(request, org, kind):
    form_class = FORMS[kind]
    posted = request.method == "POST"
    form = form_class(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        try:
            application, code = services.submit_online(org=org, data=form.service_data(),
                                                       attachments=form.cleaned_data["attachments"],
                                                       request=request)
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            # Rotate the session id before it carries the query code (no fixation from a planted cookie).
            request.session.cycle_key()
            request.session[RECEIPT_SESSION_KEY] = {"tracking_no": application.tracking_no, "query_code": code}
            return redirect("portal:receipt")
    return render(request, "portal/apply_form.html", {
        "org": org, "form": form, "kind": kind, "kinds": KINDS, "kind_label": KINDS[kind], "portal_nav": "apply",
        "had_files": bool(request.FILES), "reply_workdays": deadlines.BASE_WORKDAYS,
    })


# ---------------------------------------------------------------------------------------------------------
# receipt


def expected_due_date():
    """The latest reply date if the office confirmed the application today, or None when the calendar cannot
    say (the year's holidays are not loaded): then the page promises the date later, it never guesses."""
    try:
        return add_workdays(services.today(), deadlines.BASE_WORKDAYS)
    except WorkCalendarError:
        return None


@never_cache
def receipt(request):
    stored = request.session.get(RECEIPT_SESSION_KEY)
    application = None
    if stored:
        application = (Application.objects.select_related("org")
                       .filter(tracking_no=stored.get("tracking_no")).first())
    if application is None:
        messages.info(request, "没有可显示的申请回执。如已提交申请，请凭受理编号和查询码查询办理进度。")
        return redirect("portal:track")
    # The query code is shown exactly once: drop it from the session now, keep the rest for a reload.
    query_code = stored.pop("query_code", None)
    request.session[RECEIPT_SESSION_KEY] = stored
    return render(request, "portal/receipt.html", {
        "application": application, "query_code": query_code, "today": services.today(),
        "expected_due": expected_due_date(), "reply_workdays": deadlines.BASE_WORKDAYS, "portal_nav": "apply",
    })


# ---------------------------------------------------------------------------------------------------------
# tracking


def _find(tracking_no: str, query_code: str) -> Application | None:
    application = Application.objects.filter(tracking_no__iexact=tracking_no).first()
    if application is None:
        # Run the same check against nothing, so an unknown number costs what a wrong code costs and the
        # answer time does not tell which of the two was wrong.
        services.check_query_code(Application(query_code_hash=""), query_code)
        return None
    return application if services.check_query_code(application, query_code) else None


def _tracked_application(request) -> Application | None:
    application_id = request.session.get(TRACK_SESSION_KEY)
    if not application_id:
        return None
    return Application.objects.select_related("org").filter(pk=application_id).first()


@never_cache
@require_http_methods(["GET", "POST"])
def track(request):
    if request.method == "POST" and request.POST.get("action") == "end":
        request.session.pop(TRACK_SESSION_KEY, None)
        return redirect("portal:track")
    if request.method == "POST":
        form = TrackForm(request.POST)
        if form.is_valid():
            address = ratelimit.client_address(request)
            attempt = ratelimit.hit("track", address, TRACK_FAILURE_LIMITS)
            if attempt.blocked:
                return _rate_limited(request, attempt.blocked, "输入错误的查询信息")
            application = _find(form.cleaned_data["tracking_no"], form.cleaned_data["query_code"])
            if application is not None:
                attempt.refund()  # only failures count towards the guessing limit
                request.session.cycle_key()
                request.session[TRACK_SESSION_KEY] = application.pk
                return redirect("portal:track")
            form.add_error(None, TRACK_FAILED)
        return render(request, "portal/track.html", {"form": form, "portal_nav": "track"})

    application = _tracked_application(request)
    if application is None:
        return render(request, "portal/track.html", {"form": TrackForm(), "portal_nav": "track"})
    delivered = public.reply_delivered(application)
    return render(request, "portal/track_result.html", {
        "application": application, "timeline": public.public_timeline(application),
        "reply_delivered": delivered, "letters": public.downloadable_letters(application),
        "letter_formats": public.LETTER_FORMATS, "portal_nav": "track",
        "is_person": application.applicant_kind == ApplicantKind.NATURAL_PERSON,
        "id_label": "统一社会信用代码" if application.id_type == IdType.USCC else "证件号码",
    })


@never_cache
def letter(request, letter_id, fmt):
    """Serve a letter of the application this session has authenticated with, nothing else (404)."""
    application = _tracked_application(request)
    if application is None or fmt not in public.LETTER_FORMATS:
        raise Http404("未找到该文书。")
    match = next((item for item in public.downloadable_letters(application) if item.pk == letter_id), None)
    if match is None:
        raise Http404("未找到该文书。")
    from gongkai.letters.views import public_letter_response

    response = public_letter_response(match, fmt)
    response["Cache-Control"] = "no-store, private"
    return response


