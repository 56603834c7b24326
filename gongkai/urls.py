"""Root URL map: one include per app."""

from django.urls import include, path

urlpatterns = [
    path("", include("gongkai.core.urls")),
    path("accounts/", include("gongkai.accounts.urls")),
    path("orgs/", include("gongkai.orgs.urls")),
    path("calendar/", include("gongkai.workdays.urls")),
    path("audit/", include("gongkai.audit.urls")),
    path("api/", include("gongkai.api.urls")),
    path("letters/", include("gongkai.letters.urls")),
    path("xxgk/yjzj/", include("gongkai.consultations.public_urls")),  # before the column's <org_code>/
    path("xxgk/", include("gongkai.portal.urls")),
    path("applications/", include("gongkai.applications.urls")),
    path("disclosure/", include("gongkai.disclosure.urls")),
    path("registers/", include("gongkai.registers.urls")),
    path("appeals/", include("gongkai.appeals.urls")),
    path("reports/", include("gongkai.reports.urls")),
    path("supervision/", include("gongkai.supervision.urls")),
    path("inspections/", include("gongkai.inspections.urls")),
    path("evaluation/", include("gongkai.evaluation.urls")),
    path("workrecords/", include("gongkai.workrecords.urls")),
    path("consultations/", include("gongkai.consultations.urls")),
]
