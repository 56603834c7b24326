"""URLs of letters, mounted at /letters/."""

from django.urls import path

from . import views

app_name = "letters"
urlpatterns = [
    path("<int:pk>.docx", views.letter_docx, name="docx"),
    path("<int:pk>.pdf", views.letter_pdf, name="pdf"),
    path("templates/", views.template_list, name="templates"),
    path("templates/<str:kind>/edit/", views.template_edit, name="template_edit"),
    path("templates/<str:kind>/<str:outcome>/edit/", views.template_edit, name="template_edit"),
]
