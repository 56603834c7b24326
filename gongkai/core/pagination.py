"""One paginator for every staff list (20 rows a page unless said otherwise)."""

from django.core.paginator import Paginator


def paginate(request, queryset, per_page: int = 20):
    paginator = Paginator(queryset, per_page)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    page.querystring = query.urlencode()
    return page
