from django.urls import path

from . import views, views_imported

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.report_create, name="create"),
    path("collect/", views.collect, name="collect"),
    path("progress/", views.progress, name="progress"),
    path("imported/", views_imported.imported_list, name="imported"),
    path("imported/<int:pk>/", views_imported.imported_detail, name="imported_detail"),
    path("imported/<int:pk>/file/", views_imported.imported_file, name="imported_file"),
    path("imported/<int:pk>/delete/", views_imported.imported_delete, name="imported_delete"),
    path("compare/", views_imported.compare, name="compare"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/edit/", views.report_edit, name="edit"),
    path("<int:pk>/override/", views.report_override, name="override"),
    path("<int:pk>/figures/", views.report_figures, name="figures"),
    path("<int:pk>/figures/check/", views.figures_check, name="figures_check"),
    path("<int:pk>/acknowledge/", views.report_acknowledge, name="acknowledge"),
    path("<int:pk>/download/<str:kind>/", views.report_download, name="download"),
    path("<int:pk>/<str:action>/", views.report_action, name="action"),
]
