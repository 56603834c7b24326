"""The organisation directory (scoped to the viewer), tree administration (系统管理员) and role grants
(安全管理员)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.accounts.permissions import secadmin_required, sysadmin_required
from gongkai.core.errors import ConflictError
from gongkai.core.forms import apply_service_errors
from gongkai.core.pagination import paginate

from . import services
from .forms import GrantForm, OrgForm
from .models import Membership, Organization, OrgKind
from .scoping import can_view_business_data, get_visible_or_404, visible_orgs


def _filter_orgs(request, queryset):
    q = (request.GET.get("q") or "").strip()
    kind = request.GET.get("kind") or ""
    if q:
        queryset = queryset.filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(code__icontains=q))
    if kind in OrgKind.values:
        queryset = queryset.filter(kind=kind)
    return queryset, {"q": q, "kind": kind, "kinds": OrgKind.choices}


@login_required
def directory(request):
    if not can_view_business_data(request.user):
        raise PermissionDenied("您没有业务岗位，不能查看机构名录。")
    orgs, filters = _filter_orgs(request, visible_orgs(request.user).filter(is_active=True))
    page = paginate(request, orgs.select_related("parent").order_by("path"), per_page=30)
    return render(request, "orgs/directory.html", {"page": page, "nav_key": "directory", **filters})


@login_required
def detail(request, org_id):
    org = get_visible_or_404(request.user, Organization.objects.select_related("parent"), pk=org_id)
    children = visible_orgs(request.user).filter(parent=org, is_active=True).order_by("sort_order", "name")
    members = (Membership.objects.filter(org=org, user__is_active=True).select_related("user")
               .order_by("role", "user__username"))
    return render(request, "orgs/detail.html", {"org": org, "children": children, "members": members,
                                                "nav_key": "directory"})


@sysadmin_required
def manage_list(request):
    orgs, filters = _filter_orgs(request, Organization.objects.all())
    status = request.GET.get("status") or ""
    if status == "active":
        orgs = orgs.filter(is_active=True)
    elif status == "inactive":
        orgs = orgs.filter(is_active=False)
    page = paginate(request, orgs.select_related("parent").order_by("path"), per_page=30)
    return render(request, "orgs/manage_list.html", {"page": page, "status": status, "nav_key": "manage_orgs",
                                                     **filters})


def _org_form_page(request, form, title, org=None):
    return render(request, "orgs/org_form.html", {"form": form, "title": title, "org": org,
                                                  "nav_key": "manage_orgs", "cancel_url": reverse("orgs:manage_list")})


@sysadmin_required
def manage_create(request):
    initial = {}
    if request.GET.get("parent"):
        initial["parent"] = Organization.objects.filter(pk=request.GET["parent"]).first()
    form = OrgForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            org = services.create_org(request.user, request=request, **data)
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, f"已新增机构“{org.name}”。")
            return redirect("orgs:manage_list")
    return _org_form_page(request, form, "新增机构")


@sysadmin_required
def manage_edit(request, org_id):
    org = get_object_or_404(Organization, pk=org_id)
    initial = {f: getattr(org, f) for f in ("name", "short_name", "code", "uscc", "kind", "sort_order", "version")}
    initial["parent"] = org.parent
    form = OrgForm(request.POST or None, initial=initial)
    form.fields["parent"].queryset = form.fields["parent"].queryset.exclude(
        Q(pk=org.pk) | Q(path__startswith=org.path + "."))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.update_org(request.user, org.pk, version=form.cleaned_data["version"] or 0,
                                request=request, **data)
        except ValidationError as e:
            apply_service_errors(form, e)
        except ConflictError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, f"已保存机构“{data['name']}”。")
            return redirect("orgs:manage_list")
    return _org_form_page(request, form, f"编辑机构：{org.name}", org)


@sysadmin_required
def manage_toggle_active(request, org_id):
    org = get_object_or_404(Organization, pk=org_id)
    activate = not org.is_active
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            services.set_org_active(request.user, org.pk, activate, request=request)
        except ValidationError as e:
            messages.error(request, "；".join(e.messages))
        else:
            messages.success(request, f"已{'启用' if activate else '停用'}机构“{org.name}”。")
        return redirect("orgs:manage_list")
    return render(request, "core/confirm.html", {
        "title": "启用机构" if activate else "停用机构", "nav_key": "manage_orgs",
        "question": f"确定要{'启用' if activate else '停用'}“{org.name}”吗？",
        "detail": "" if activate else "停用后该机构不再出现在名录和授权选项中，其历史数据保留；有启用中的下级机构时不能停用。",
        "danger": not activate, "confirm_label": "启用" if activate else "停用",
        "cancel_url": reverse("orgs:manage_list")})


@secadmin_required
def grants(request):
    q = (request.GET.get("q") or "").strip()
    users = User.objects.filter(admin_role="").annotate(n_roles=Count("memberships"))
    if q:
        users = users.filter(Q(username__icontains=q) | Q(full_name__icontains=q))
    page = paginate(request, users.order_by("username"))
    return render(request, "orgs/grants.html", {"page": page, "q": q, "nav_key": "grants", "now": timezone.now()})


@secadmin_required
def user_grants(request, user_id):
    target = get_object_or_404(User, pk=user_id, admin_role="")
    form = GrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.grant_membership(request.user, user=target, request=request, **form.cleaned_data)
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, "授权已保存。")
            return redirect("orgs:user_grants", user_id=target.pk)
    memberships = target.memberships.select_related("org").order_by("org__path", "role")
    return render(request, "orgs/user_grants.html", {"target": target, "form": form, "memberships": memberships,
                                                     "nav_key": "grants", "now": timezone.now()})


@secadmin_required
def revoke(request, membership_id):
    membership = get_object_or_404(Membership.objects.select_related("user", "org"), pk=membership_id)
    back = reverse("orgs:user_grants", args=[membership.user_id])
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            services.revoke_membership(request.user, membership.pk, request=request)
        except ValidationError as e:
            messages.error(request, "；".join(e.messages))
        else:
            messages.success(request, "已撤销该授权。")
        return redirect(back)
    return render(request, "core/confirm.html", {
        "title": "撤销授权", "nav_key": "grants",
        "question": f"确定撤销 {membership.user} 在“{membership.org.name}”的{membership.get_role_display()}角色吗？",
        "danger": True, "confirm_label": "撤销", "cancel_url": back})
