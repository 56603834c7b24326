"""URLs of the inspections app (督查整改), mounted at /inspections/."""

from django.urls import path

from . import views

app_name = "inspections"
urlpatterns = [
    path("", views.index, name="index"),
    path("export.xlsx", views.export, name="export"),
    path("mine/", views.mine, name="mine"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/open/", views.open_round, name="open"),
    path("<int:pk>/refresh/", views.refresh_round, name="refresh"),
    path("<int:pk>/close/", views.close_round, name="close"),
    path("<int:pk>/notice.docx", views.notice_docx, name="notice_docx"),
    path("<int:pk>/notice.pdf", views.notice_pdf, name="notice_pdf"),
    path("<int:pk>/results.xlsx", views.results_xlsx, name="results_xlsx"),
    path("<int:pk>/targets/add/", views.target_add, name="target_add"),
    path("<int:pk>/targets/<int:target_id>/", views.target_sheet, name="target"),
    path("<int:pk>/targets/<int:target_id>/remove/", views.target_remove, name="target_remove"),
    path("<int:pk>/targets/<int:target_id>/assess/", views.target_assess, name="target_assess"),
    path("<int:pk>/targets/<int:target_id>/findings/new/", views.finding_record, name="finding_record"),
    path("<int:pk>/items/add/", views.item_add, name="item_add"),
    path("<int:pk>/items/<int:item_id>/remove/", views.item_remove, name="item_remove"),
    path("findings/<int:finding_id>/", views.finding_detail, name="finding"),
    path("findings/<int:finding_id>/issue/", views.finding_issue, name="finding_issue"),
    path("findings/<int:finding_id>/discard/", views.finding_discard, name="finding_discard"),
    path("findings/<int:finding_id>/answer/", views.finding_answer, name="finding_answer"),
    path("findings/<int:finding_id>/recheck/", views.finding_recheck, name="finding_recheck"),
    path("findings/<int:finding_id>/evidence/", views.finding_evidence, name="finding_evidence"),
    path("findings/<int:finding_id>/files/<int:attachment_id>/", views.attachment_download, name="attachment"),
]
