"""URLs of the supervision dashboard, mounted at /supervision/."""

from django.urls import path

from . import views

app_name = "supervision"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export.xlsx", views.dashboard_export, name="export"),
    path("records/<slug:code>/", views.records, name="records"),
    path("records/<slug:code>/export.xlsx", views.records_export, name="records_export"),
]
