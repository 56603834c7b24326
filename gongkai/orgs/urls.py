from django.urls import path

from . import views

app_name = "orgs"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("<int:org_id>/", views.detail, name="detail"),
    path("manage/", views.manage_list, name="manage_list"),
    path("manage/new/", views.manage_create, name="manage_create"),
    path("manage/<int:org_id>/edit/", views.manage_edit, name="manage_edit"),
    path("manage/<int:org_id>/active/", views.manage_toggle_active, name="manage_toggle_active"),
    path("grants/", views.grants, name="grants"),
    path("grants/user/<int:user_id>/", views.user_grants, name="user_grants"),
    path("grants/<int:membership_id>/revoke/", views.revoke, name="revoke"),
]
