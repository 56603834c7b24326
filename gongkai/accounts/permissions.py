"""View guards for the 三员 administrators. Anyone else gets 403."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def admin_role_required(attr: str, message: str):
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not getattr(request.user, attr, False):
                raise PermissionDenied(message)
            return view(request, *args, **kwargs)
        return wrapped
    return decorator


sysadmin_required = admin_role_required("is_sysadmin", "此功能仅限系统管理员使用。")
secadmin_required = admin_role_required("is_secadmin", "此功能仅限安全管理员使用。")
auditor_required = admin_role_required("is_auditor", "此功能仅限安全审计员使用。")
