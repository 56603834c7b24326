from django.urls import path

from . import views

app_name = "disclosure"
urlpatterns = [
    path("", views.item_list, name="list"),
    path("new/", views.item_create, name="create"),
    path("<int:pk>/", views.item_detail, name="detail"),
    path("<int:pk>/edit/", views.item_edit, name="edit"),
    path("<int:pk>/actions/<slug:action>/", views.item_action, name="action"),
    path("<int:pk>/attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path("column/", views.column_home, name="column"),
    path("column/<int:org_id>/catalog/new/", views.catalog_node_form, name="catalog_new"),
    path("column/<int:org_id>/catalog/<int:node_id>/", views.catalog_node_form, name="catalog_edit"),
    path("column/<int:org_id>/guide/", views.guide_form, name="guide"),
    path("column/<int:org_id>/policies/new/", views.policy_page_form, name="policy_new"),
    path("column/<int:org_id>/policies/<int:page_id>/", views.policy_page_form, name="policy_edit"),
    path("column/<int:org_id>/settings/", views.settings_form, name="settings"),
]
