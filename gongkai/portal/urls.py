from django.urls import path

from . import annual, column, decisions, views

app_name = "portal"
urlpatterns = [
    path("", column.home, name="home"),
    path("search/", column.search_page, name="search"),
    path("item/<path:key>/", column.item_page, name="item"),
    path("file/<int:attachment_id>/", column.attachment, name="attachment"),
    path("ysqgk/", views.apply_index, name="apply_index"),
    path("ysqgk/receipt/", views.receipt, name="receipt"),
    path("ysqgk/track/", views.track, name="track"),
    path("ysqgk/track/letter/<int:letter_id>.<str:fmt>", views.letter, name="letter"),
    path("ysqgk/<str:org_code>/apply/", views.apply, name="apply"),
    # A body's column; after the fixed paths above, so no body code can hide them.
    path("<str:org_code>/", column.body_home, name="body"),
    path("<str:org_code>/xxgkzn/", column.body_guide, name="body_guide"),
    path("<str:org_code>/xxgkzd/", column.body_policies, name="body_policies"),
    path("<str:org_code>/xxgkzd/<int:page_id>/", column.body_policy, name="body_policy"),
    path("<str:org_code>/fdzdgknr/", column.body_items, name="body_items"),
    path("<str:org_code>/zfjd/", decisions.body_decisions, name="body_decisions"),
    path("<str:org_code>/ndbg/", annual.body_reports, name="annual_reports"),
    path("<str:org_code>/ndbg/<int:year>/", annual.body_report, name="annual_report"),
    path("<str:org_code>/ndbg/<int:year>/<str:kind>/", annual.body_report_download, name="annual_report_download"),
]
