from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("ysqgk/", views.apply_index, name="apply_index"),
    path("ysqgk/receipt/", views.receipt, name="receipt"),
    path("ysqgk/track/", views.track, name="track"),
    path("ysqgk/track/letter/<int:letter_id>.<str:fmt>", views.letter, name="letter"),
    path("ysqgk/<str:org_code>/apply/", views.apply, name="apply"),
]
