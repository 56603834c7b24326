"""URLs of the work records (工作记录), mounted at /workrecords/."""

from django.urls import path

from . import views

app_name = "workrecords"
urlpatterns = [
    path("", views.record_list, name="index"),
    path("export.xlsx", views.record_export, name="export"),
    path("new/", views.record_create, name="create"),
    path("<int:pk>/edit/", views.record_edit, name="edit"),
    path("<int:pk>/delete/", views.record_delete, name="delete"),
    path("summary/", views.summary, name="summary"),
    path("summary/export.xlsx", views.summary_export, name="summary_export"),
    path("newmedia/", views.newmedia, name="newmedia"),
    path("newmedia/export.xlsx", views.newmedia_export, name="newmedia_export"),
    path("newmedia/accounts/new/", views.account_create, name="account_create"),
    path("newmedia/accounts/<int:pk>/edit/", views.account_edit, name="account_edit"),
    path("newmedia/accounts/<int:pk>/delete/", views.account_delete, name="account_delete"),
]
