"""Public URLs of 意见征集, mounted at /xxgk/yjzj/ (before the column's <org_code>/)."""

from django.urls import path

from . import public_views

app_name = "consultations_public"
urlpatterns = [
    path("", public_views.index, name="index"),
    path("<int:pk>/", public_views.detail, name="detail"),
    path("<int:pk>/file/<int:attachment_id>/", public_views.attachment, name="attachment"),
]
