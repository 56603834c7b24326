"""Staff URLs of 意见征集, mounted at /consultations/."""

from django.urls import path

from . import views

app_name = "consultations"
urlpatterns = [
    path("", views.consultation_list, name="index"),
    path("export.xlsx", views.consultation_export, name="export"),
    path("new/", views.consultation_create, name="create"),
    path("<int:pk>/", views.consultation_detail, name="detail"),
    path("<int:pk>/edit/", views.consultation_edit, name="edit"),
    path("<int:pk>/publish/", views.consultation_publish, name="publish"),
    path("<int:pk>/close/", views.consultation_close, name="close"),
    path("<int:pk>/delete/", views.consultation_delete, name="delete"),
    path("<int:pk>/feedback/", views.feedback, name="feedback"),
    path("<int:pk>/final/", views.final_item, name="final_item"),
    path("<int:pk>/comments.xlsx", views.comments_export, name="comments_export"),
    path("<int:pk>/comments/<int:comment_id>/moderate/", views.comment_moderate, name="comment_moderate"),
    path("<int:pk>/comments/<int:comment_id>/handle/", views.comment_handle, name="comment_handle"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("<int:pk>/attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path("<int:pk>/attachments/<int:attachment_id>/delete/", views.attachment_delete, name="attachment_delete"),
]
