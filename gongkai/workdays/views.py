"""Pages of the working-day calendar: year list, per-year overrides, bulk entry, seeding (系统管理员 only) and
the 工作日计算器 (any signed-in user)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from . import services, sources
from .calendar import WorkCalendarError, fmt
from .forms import CountForm, DueDateForm, OverrideForm, YearEntryForm
from .models import CalendarOverride, CalendarYear, OverrideKind
from .selectors import get_calendar

NAV_KEY = "calendar"


def sysadmin_required(view):
    """Signed-out users go to the login page; signed-in users other than the 系统管理员 get 403."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not request.user.is_sysadmin:
            raise PermissionDenied("只有系统管理员可以维护工作日历。")
        return view(request, *args, **kwargs)

    return wrapper


def _form_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: field errors on their fields, the rest on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _year_counts() -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = {}
    rows = (CalendarOverride.objects.annotate(y=ExtractYear("date")).values("y", "kind")
            .annotate(n=Count("id")).order_by())
    for row in rows:
        counts.setdefault(row["y"], {})[row["kind"]] = row["n"]
    return counts


@sysadmin_required
def years(request):
    current = timezone.localdate().year
    loaded = {y.year: y for y in CalendarYear.objects.all()}
    counts = _year_counts()
    package_span = sources.package_years()
    # Show every loaded year plus the years around today, so a missing current or next year stands out.
    low = min([*loaded, current - 1])
    high = max([*loaded, current]) + 1
    rows = []
    for year in range(high, low - 1, -1):
        year_counts = counts.get(year, {})
        rows.append({
            "year": year,
            "row": loaded.get(year),
            "holidays": year_counts.get(OverrideKind.HOLIDAY, 0),
            "workdays": year_counts.get(OverrideKind.WORKDAY, 0),
            "in_package": year in package_span,
            "is_current": year == current,
        })
    missing_soon = [year for year in (current, current + 1) if year not in loaded]
    return render(request, "workdays/years.html", {
        "rows": rows,
        "missing_soon": missing_soon,
        "current_year": current,
        "package_version": sources.package_version(),
        "package_first": package_span.start,
        "package_last": package_span.stop - 1,
        "nav_key": NAV_KEY,
    })


@sysadmin_required
def year_detail(request, year: int):
    year_row = CalendarYear.objects.filter(year=year).first()
    overrides = list(CalendarOverride.objects.filter(sources.year_range_q(year)).order_by("date"))
    return render(request, "workdays/year_detail.html", {
        "year": year,
        "year_row": year_row,
        "overrides": overrides,
        "holiday_count": sum(1 for o in overrides if o.kind == OverrideKind.HOLIDAY),
        "workday_count": sum(1 for o in overrides if o.kind == OverrideKind.WORKDAY),
        "bulk_text": sources.format_entries(overrides),
        "in_package": sources.package_has_year(year),
        "package_version": sources.package_version(),
        "nav_key": NAV_KEY,
    })


def _override_form_page(request, form, *, title, year):
    return render(request, "core/form.html", {
        "form": form,
        "title": title,
        "intro": "法定节假日只登记落在星期一至星期五的日子，调休上班只登记落在星期六、星期日的日子；"
                 "落在周末的节假日和落在工作日的上班日本来就是如此，无需登记。",
        "cancel_url": reverse("workdays:year", args=[year]),
        "nav_key": NAV_KEY,
    })


@sysadmin_required
def override_add(request, year: int):
    get_object_or_404(CalendarYear, year=year)
    form = OverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            override = services.add_override(request.user, request=request, **form.cleaned_data)
        except ValidationError as e:
            _form_errors(form, e)
        else:
            messages.success(request, f"已添加：{override}。")
            return redirect("workdays:year", year=override.date.year)
    return _override_form_page(request, form, title=f"添加 {year} 年的节假日调整", year=year)


@sysadmin_required
def override_edit(request, pk: int):
    override = get_object_or_404(CalendarOverride, pk=pk)
    initial = {"date": override.date, "kind": override.kind, "name": override.name, "note": override.note}
    form = OverrideForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            override = services.update_override(request.user, override.pk, request=request, **form.cleaned_data)
        except ValidationError as e:
            _form_errors(form, e)
        else:
            messages.success(request, f"已保存：{override}。")
            return redirect("workdays:year", year=override.date.year)
    return _override_form_page(request, form, title=f"修改 {override.date.isoformat()} 的节假日调整",
                               year=override.date.year)


@sysadmin_required
def override_delete(request, pk: int):
    override = get_object_or_404(CalendarOverride, pk=pk)
    back = reverse("workdays:year", args=[override.date.year])
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            services.delete_override(request.user, override.pk, request=request)
        except ValidationError as e:
            messages.error(request, "；".join(e.messages))
        else:
            messages.success(request, f"已删除：{override}。")
        return redirect(back)
    after = "休息日" if override.kind == OverrideKind.WORKDAY else "工作日"
    return render(request, "core/confirm.html", {
        "title": "删除节假日调整",
        "question": f"确定删除 {fmt(override.date)} 的“{override.get_kind_display()}：{override.name}”吗？",
        "detail": f"删除后这一天按普通{override.weekday_name}计算，即{after}；涉及这一天的期限会按新的日历计算。",
        "danger": True,
        "confirm_label": "删除",
        "cancel_url": back,
        "nav_key": NAV_KEY,
    })


@sysadmin_required
def year_create(request):
    initial = {}
    if request.GET.get("year", "").isdigit():
        initial["year"] = int(request.GET["year"])
    form = YearEntryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            year_row = services.create_year_manually(request.user, request=request, **form.cleaned_data)
        except ValidationError as e:
            _form_errors(form, e)
        else:
            messages.success(request, f"已录入 {year_row.year} 年的工作日历。")
            return redirect("workdays:year", year=year_row.year)
    return render(request, "core/form.html", {
        "form": form,
        "title": "手工录入年度工作日历",
        "intro": "依据国务院办公厅发布的当年部分节假日安排通知逐行录入。录入后即可计算涉及该年度的期限。",
        "submit_label": "录入",
        "cancel_url": reverse("workdays:years"),
        "nav_key": NAV_KEY,
    })


@sysadmin_required
def year_seed(request, year: int):
    if not sources.package_has_year(year):
        raise Http404("chinesecalendar 不包含该年度。")
    loaded = CalendarYear.objects.filter(year=year).exists()
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        # Replace only what the admin was shown as a replacement: if the year got loaded by someone else
        # after the confirmation page was rendered, the service refuses instead of overwriting it.
        replace = request.POST.get("replace") == "1"
        try:
            services.load_year_from_package(request.user, year, replace=replace, request=request)
        except ValidationError as e:
            messages.error(request, "；".join(e.messages))
            return redirect("workdays:years")
        messages.success(request, f"已从 chinesecalendar 载入 {year} 年的工作日历。")
        return redirect("workdays:year", year=year)
    entries = sources.package_entries(year)
    holidays = sum(1 for e in entries if e.kind == OverrideKind.HOLIDAY)
    detail = f"软件包中该年度有工作日的法定节假日 {holidays} 天、周末调休上班 {len(entries) - holidays} 天。"
    if loaded:
        detail += "该年度已经载入：重新载入会用软件包数据替换该年度的全部记录，手工所作的调整将被覆盖。"
    return render(request, "core/confirm.html", {
        "title": "从 chinesecalendar 载入",
        "question": (f"确定{'重新' if loaded else ''}从 chinesecalendar {sources.package_version()} "
                     f"载入 {year} 年的法定节假日安排吗？"),
        "detail": detail,
        "danger": loaded,
        "hidden": {"replace": "1"} if loaded else {},
        "confirm_label": "重新载入" if loaded else "载入",
        "cancel_url": reverse("workdays:years"),
        "nav_key": NAV_KEY,
    })


@sysadmin_required
def year_delete(request, year: int):
    year_row = get_object_or_404(CalendarYear, year=year)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            services.delete_year(request.user, year, request=request)
        except ValidationError as e:
            messages.error(request, "；".join(e.messages))
        else:
            messages.success(request, f"已删除 {year} 年的工作日历。")
        return redirect("workdays:years")
    count = CalendarOverride.objects.filter(sources.year_range_q(year)).count()
    return render(request, "core/confirm.html", {
        "title": "删除年度工作日历",
        "question": f"确定删除 {year} 年的工作日历（{year_row.get_source_display()}，共 {count} 条记录）吗？",
        "detail": f"删除后，任何涉及 {year} 年的期限都无法计算，直到重新载入或录入该年度。",
        "danger": True,
        "confirm_label": "删除该年度",
        "cancel_url": reverse("workdays:year", args=[year]),
        "nav_key": NAV_KEY,
    })


def _bound(form_class, data, fields):
    """A form bound to the query string only when one of its own fields was submitted."""
    return form_class(data) if any(f in data for f in fields) else form_class()


def _span_text(years) -> str:
    """Loaded years as ranges, e.g. "2004–2026 年" or "2004–2010、2012–2026 年"."""
    spans: list[list[int]] = []
    for year in sorted(years):
        if spans and spans[-1][1] == year - 1:
            spans[-1][1] = year
        else:
            spans.append([year, year])
    return "、".join(str(a) if a == b else f"{a}–{b}" for a, b in spans) + " 年" if spans else ""


@login_required
def calculator(request):
    calendar = get_calendar()
    due_form = _bound(DueDateForm, request.GET, ("start", "days"))
    count_form = _bound(CountForm, request.GET, ("date_from", "date_to"))
    due_result = count_result = None
    if due_form.is_bound and due_form.is_valid():
        try:
            due_result = calendar.explain_add_workdays(due_form.cleaned_data["start"], due_form.cleaned_data["days"])
        except WorkCalendarError as e:
            due_form.add_error(None, e.message)
    if count_form.is_bound and count_form.is_valid():
        try:
            count_result = calendar.explain_workdays_between(
                count_form.cleaned_data["date_from"], count_form.cleaned_data["date_to"])
        except WorkCalendarError as e:
            count_form.add_error(None, e.message)
    return render(request, "workdays/calculator.html", {
        "due_form": due_form,
        "count_form": count_form,
        "due_result": due_result,
        "due_label": fmt(due_result.date) if due_result else "",
        "count_result": count_result,
        "loaded_span": _span_text(calendar.years),
        "nav_key": NAV_KEY,
    })
