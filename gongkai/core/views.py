"""The staff workbench (工作台): who you are, where you work, what you can do."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from gongkai.orgs.models import Membership
from gongkai.orgs.scoping import visible_org_ids
from gongkai.supervision.selectors import can_supervise


@login_required
def workbench(request):
    user = request.user
    memberships = (Membership.objects.filter(user=user, org__is_active=True)
                   .select_related("org").order_by("org__path", "role"))
    return render(request, "core/workbench.html", {
        "memberships": memberships,
        "visible_count": len(visible_org_ids(user)),
        "can_supervise": can_supervise(user),
        "nav_key": "workbench",
    })
