"""URLs of the working-day calendar, mounted at /calendar/."""

from django.urls import path

from . import views

app_name = "workdays"
urlpatterns = [
    path("", views.years, name="years"),
    path("calculator/", views.calculator, name="calculator"),
    path("new/", views.year_create, name="year_create"),
    path("<int:year>/", views.year_detail, name="year"),
    path("<int:year>/add/", views.override_add, name="override_add"),
    path("<int:year>/seed/", views.year_seed, name="year_seed"),
    path("<int:year>/delete/", views.year_delete, name="year_delete"),
    path("overrides/<int:pk>/edit/", views.override_edit, name="override_edit"),
    path("overrides/<int:pk>/delete/", views.override_delete, name="override_delete"),
]
