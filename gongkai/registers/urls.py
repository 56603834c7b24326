"""URLs of the registers (权责与执法公示), mounted at /registers/."""

from django.urls import path

from . import views

app_name = "registers"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("items/", views.item_list, name="items"),
    path("items/new/", views.item_create, name="item_create"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/end/", views.item_end, name="item_end"),
    path("decisions/", views.decision_list, name="decisions"),
    path("decisions/export.xlsx", views.decision_export, name="decisions_export"),
    path("decisions/import/", views.import_view, name="import"),
    path("decisions/import/template.csv", views.import_template, name="import_template"),
    path("imports/", views.batch_list, name="batches"),
    path("imports/<int:pk>/", views.batch_detail, name="batch"),
    path("imports/<int:pk>/errors.<str:fmt>", views.batch_errors, name="batch_errors"),
    path("yearly/", views.yearly, name="yearly"),
    path("yearly/import/", views.yearly_import, name="yearly_import"),
    path("yearly/<str:what>/edit/", views.yearly_edit, name="yearly_edit"),
    path("yearly/<str:what>/<int:pk>/delete/", views.yearly_delete, name="yearly_delete"),
]
