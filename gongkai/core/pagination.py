"""One paginator for every staff list (20 rows a page unless said otherwise)."""

from django.core.paginator import Paginator


def paginate(request, queryset, per_page: int = 20, count: int | None = None):
    """``count``: the number of rows when the caller already knows it (saves the paginator's COUNT query)."""
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count  # Paginator.count is a cached_property: setting it skips the query
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    page.querystring = query.urlencode()
    return page
