"""URLs of the appeals register (复议诉讼), mounted at /appeals/."""

from django.urls import path

from . import views

app_name = "appeals"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("export.xlsx", views.case_export, name="export"),
    path("new/", views.case_create, name="create"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/edit/", views.case_edit, name="edit"),
    path("<int:pk>/conclude/", views.case_conclude, name="conclude"),
    path("<int:pk>/reopen/", views.case_reopen, name="reopen"),
    path("<int:pk>/delete/", views.case_delete, name="delete"),
    path("<int:pk>/documents/new/", views.document_upload, name="document_upload"),
    path("<int:pk>/documents/<int:document_id>/", views.document_download, name="document"),
    path("<int:pk>/documents/<int:document_id>/delete/", views.document_delete, name="document_delete"),
]
