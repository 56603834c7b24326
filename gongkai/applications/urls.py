from django.urls import path

from . import views

app_name = "applications"
urlpatterns = [
    path("", views.queue_view, name="queue"),
    path("export.xlsx", views.export_view, name="export"),
    path("register/", views.register_view, name="register"),
    path("register/lookup/", views.lookup_view, name="lookup"),
    path("<int:pk>/", views.detail_view, name="detail"),
    path("<int:pk>/actions/<slug:action>/", views.action_view, name="action"),
    path("<int:pk>/attachments/<int:attachment_id>/", views.attachment_view, name="attachment"),
]
