from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("<int:seq>/", views.event_detail, name="detail"),
    path("verify/", views.verify, name="verify"),
    path("export.xlsx", views.export, name="export"),
]
