"""Sign-in, own password, user administration (系统管理员) and security policy (安全管理员)."""

from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from gongkai.core.forms import apply_service_errors
from gongkai.core.pagination import paginate

from . import services
from .forms import LoginForm, OwnPasswordForm, PasswordResetForm, PolicyForm, UserCreateForm, UserEditForm
from .models import SecurityPolicy, User
from .permissions import secadmin_required, sysadmin_required


def login_view(request):
    if request.user.is_authenticated:
        return redirect("core:workbench")
    form = LoginForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if request.method == "POST" and form.is_valid():
        try:
            user = services.sign_in(request, form.cleaned_data["username"], form.cleaned_data["password"])
        except services.LoginError as e:
            form.add_error(None, e.message)
        else:
            login(request, user)
            if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
                return redirect(next_url)
            return redirect("core:workbench")
    return render(request, "accounts/login.html", {"form": form, "next": next_url})


@require_POST
def logout_view(request):
    logout(request)
    messages.info(request, "您已安全退出。")
    return redirect("accounts:login")


@login_required
def password_change(request):
    form = OwnPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_own_password(request.user, form.cleaned_data["old_password"],
                                         form.cleaned_data["password"], request=request)
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, "密码已修改。")
            return redirect("core:workbench")
    return render(request, "core/form.html", {"form": form, "title": "修改密码", "submit_label": "修改密码",
                                              "cancel_url": reverse("core:workbench")})


@sysadmin_required
def user_list(request):
    q = (request.GET.get("q") or "").strip()
    users = User.objects.filter(admin_role="")
    if q:
        users = users.filter(Q(username__icontains=q) | Q(full_name__icontains=q))
    status = request.GET.get("status")
    if status == "active":
        users = users.filter(is_active=True)
    elif status == "inactive":
        users = users.filter(is_active=False)
    page = paginate(request, users.order_by("username"))
    return render(request, "accounts/user_list.html", {"page": page, "q": q, "status": status,
                                                       "nav_key": "manage_users", "now": timezone.now()})


@sysadmin_required
def user_create(request):
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.create_user(request.user, request=request, **form.cleaned_data)
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, f"已创建用户 {user}。请通知安全管理员为其分配角色。")
            return redirect("accounts:user_list")
    return render(request, "core/form.html", {"form": form, "title": "新建用户", "nav_key": "manage_users",
                                              "cancel_url": reverse("accounts:user_list")})


def _business_user(user_id):
    return get_object_or_404(User, pk=user_id, admin_role="")


@sysadmin_required
def user_edit(request, user_id):
    target = _business_user(user_id)
    form = UserEditForm(request.POST or None, initial={"full_name": target.full_name, "phone": target.phone,
                                                       "email": target.email})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_user(request.user, target.pk, request=request, **form.cleaned_data)
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, "用户信息已保存。")
            return redirect("accounts:user_list")
    return render(request, "core/form.html", {"form": form, "title": f"编辑用户：{target.username}",
                                              "nav_key": "manage_users", "cancel_url": reverse("accounts:user_list")})


@sysadmin_required
def user_toggle_active(request, user_id):
    target = _business_user(user_id)
    activate = not target.is_active
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        services.set_user_active(request.user, target.pk, activate, request=request)
        messages.success(request, f"已{'启用' if activate else '停用'}用户 {target}。")
        return redirect("accounts:user_list")
    return render(request, "core/confirm.html", {
        "title": "启用用户" if activate else "停用用户", "nav_key": "manage_users",
        "question": f"确定要{'启用' if activate else '停用'}用户“{target}”吗？",
        "detail": "" if activate else "停用后该用户不能登录，其历史记录保留。",
        "danger": not activate, "confirm_label": "启用" if activate else "停用",
        "cancel_url": reverse("accounts:user_list"),
    })


@sysadmin_required
def user_reset_password(request, user_id):
    target = _business_user(user_id)
    form = PasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reset_password(request.user, target.pk, form.cleaned_data["password"], request=request)
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, f"已重置 {target} 的密码。")
            return redirect("accounts:user_list")
    return render(request, "core/form.html", {"form": form, "title": f"重置密码：{target.username}",
                                              "nav_key": "manage_users", "submit_label": "重置密码",
                                              "cancel_url": reverse("accounts:user_list")})


@secadmin_required
def policy(request):
    current = SecurityPolicy.current()
    form = PolicyForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_policy(request.user, request=request, **form.cleaned_data)
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, "安全策略已保存。")
            return redirect("accounts:policy")
    return render(request, "core/form.html", {
        "form": form, "title": "安全策略", "nav_key": "policy",
        "intro": "登录失败达到次数后账号锁定；会话空闲超过时限自动退出（不超过30分钟）。"})


@secadmin_required
def unlock(request, user_id):
    target = get_object_or_404(User, pk=user_id)
    back = reverse("orgs:user_grants", args=[target.pk])
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        services.unlock_user(request.user, target.pk, request=request)
        messages.success(request, f"已解锁 {target}。")
        return redirect(back)
    return render(request, "core/confirm.html", {
        "title": "解锁账号", "nav_key": "grants", "question": f"确定要解锁“{target}”的账号吗？",
        "confirm_label": "解锁", "cancel_url": back})
