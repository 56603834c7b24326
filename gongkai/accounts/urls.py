from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:user_id>/edit/", views.user_edit, name="user_edit"),
    path("users/<int:user_id>/active/", views.user_toggle_active, name="user_toggle_active"),
    path("users/<int:user_id>/password/", views.user_reset_password, name="user_reset_password"),
    path("users/<int:user_id>/unlock/", views.unlock, name="unlock"),
    path("policy/", views.policy, name="policy"),
]
