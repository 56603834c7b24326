"""The public 政府信息公开 column under /xxgk/: the platform's home, each body's column with the standard
sub-columns (政府信息公开指南, 政府信息公开制度, 法定主动公开内容, and the entry to 依申请公开), the item page,
attachment downloads and search.

Everything shown here is read through ``disclosure.selectors.public_items()``: an item that is not in it —
a draft, an item under review, a 依申请公开 or 不予公开 item, a withdrawn one, or a scheduled one before its
time — answers 404 on its page and for its attachments, and appears in no list and no search. Pages are
plain server-rendered HTML with GET forms, so they work without JavaScript. Body HTML was sanitised when it
was saved and is sanitised again on the way out.
"""

from django.core.paginator import Paginator
from django.db.models import Count, Max, Min
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from gongkai import search
from gongkai.core.pagination import paginate
from gongkai.disclosure.codes import ARTICLE20, DocType, Topic, Validity, article20_label
from gongkai.disclosure.models import CatalogKind, CatalogNode, Guide, Item, ItemAttachment, PolicyPage
from gongkai.disclosure.selectors import interpretations_of, public_items
from gongkai.orgs.models import Organization
from gongkai.search.filters import ItemFilters

from .pagecache import cached_page, versioned
from .views import _bodies_by_government

LIST_PER_PAGE = 20
SEARCH_PER_PAGE = 10
LATEST_ON_HOME = 12
LATEST_ON_BODY = 10
ORDERS = {"relevance": "相关度", "date": "发布日期"}
STANDARD_ELEMENTS = (("matter", "公开事项"), ("content", "公开内容（要素）"), ("basis", "公开依据"),
                     ("time_limit", "公开时限"), ("subject", "公开主体"), ("channels", "公开渠道和载体"),
                     ("audience", "公开对象"), ("manner", "公开方式"))


# ---------------------------------------------------------------------------------------------------------
# helpers


def pager(number: int, num_pages: int, querystring: str) -> dict:
    """What the pagination include needs: neighbouring page numbers, with None for a gap."""
    window = sorted({1, num_pages, *range(max(1, number - 2), min(num_pages, number + 2) + 1)})
    pages, previous = [], 0
    for n in window:
        if n - previous > 1:
            pages.append(None)
        pages.append(n)
        previous = n
    prefix = f"?{querystring}&" if querystring else "?"
    return {"number": number, "num_pages": num_pages, "pages": pages, "prefix": prefix,
            "previous": number - 1 if number > 1 else None, "next": number + 1 if number < num_pages else None}


def _querystring(request, drop=("page",)) -> str:
    query = request.GET.copy()
    for key in drop:
        query.pop(key, None)
    return query.urlencode()


def _years(qs) -> list[int]:
    """Publication years present in ``qs`` (newest first), for the year filter."""
    bounds = qs.aggregate(first=Min("pub_date"), last=Max("pub_date"))
    if bounds["first"] is None:
        return []
    first = timezone.localtime(bounds["first"]).year
    last = timezone.localtime(bounds["last"]).year
    return list(range(last, first - 1, -1))


def _filter_choices(years) -> dict:
    return {"years": years, "doc_types": DocType.choices, "validities": Validity.choices, "topics": Topic.choices}


def _body(org_code) -> Organization:
    # Inactive bodies keep their column: what they published stays public after a merger or renaming.
    return get_object_or_404(Organization, code=org_code)


def _body_context(org, sub_nav) -> dict:
    return {"org": org, "sub_nav": sub_nav, "portal_nav": "home",
            "has_guide": Guide.objects.filter(org=org).exists()}


def _tree(nodes, counts) -> list[dict]:
    """Catalog nodes as a nested tree, each with the number of public items in it and below it."""
    children: dict = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)

    def build(parent_id):
        out = []
        for node in children.get(parent_id, []):
            kids = build(node.pk)
            total = counts.get(node.pk, 0) + sum(k["total"] for k in kids)
            out.append({"node": node, "children": kids, "total": total})
        return out

    return build(None)


def _descendant_ids(nodes, root_id) -> list[int]:
    children: dict = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node.pk)
    ids, stack = [], [root_id]
    while stack:
        current = stack.pop()
        ids.append(current)
        stack.extend(children.get(current, []))
    return ids


# ---------------------------------------------------------------------------------------------------------
# the platform's column home


def home(request):
    items = public_items()
    counts = dict(items.order_by().values("org").annotate(n=Count("id")).values_list("org", "n"))
    groups = _bodies_by_government()
    for group in groups:
        for body in group["bodies"]:
            body.public_count = counts.get(body.pk, 0)
    return render(request, "portal/column/home.html", {
        "groups": groups, "latest": items.select_related("org").order_by("-pub_date", "-id")[:LATEST_ON_HOME],
        "total": sum(counts.values()), "portal_nav": "home",
        "policies": items.filter(doc_type__in=[DocType.REGULATION, DocType.NORMATIVE]).select_related("org")
        .order_by("-pub_date", "-id")[:6],
    })


# ---------------------------------------------------------------------------------------------------------
# a body's column


def body_home(request, org_code):
    org = _body(org_code)
    items = public_items().filter(org=org)
    nodes = list(CatalogNode.objects.filter(org=org).order_by("sort_order", "id"))
    counts = dict(items.order_by().values("catalog_node").annotate(n=Count("id")).values_list("catalog_node", "n"))
    return render(request, "portal/column/body_home.html", {
        **_body_context(org, "home"), "latest": items.order_by("-pub_date", "-id")[:LATEST_ON_BODY],
        "tree": _tree(nodes, counts), "total": items.count(),
        "policy_pages": PolicyPage.objects.filter(org=org).order_by("sort_order", "id"),
    })


def body_guide(request, org_code):
    org = _body(org_code)
    return render(request, "portal/column/guide.html", {**_body_context(org, "guide"),
                                                          "guide": Guide.objects.filter(org=org).first()})


def body_policies(request, org_code):
    org = _body(org_code)
    return render(request, "portal/column/policies.html", {
        **_body_context(org, "policies"), "pages": PolicyPage.objects.filter(org=org).order_by("sort_order", "id")})


def body_policy(request, org_code, page_id):
    org = _body(org_code)
    page = get_object_or_404(PolicyPage, pk=page_id, org=org)
    return render(request, "portal/column/policy.html", {**_body_context(org, "policies"), "page": page})


@cached_page
def body_items(request, org_code):
    """法定主动公开内容: browse the body's items by its 公开目录 or by Article 20 item, filtered and paginated."""
    org = _body(org_code)
    all_items = public_items().filter(org=org)
    filters, _errors = ItemFilters.from_params(request.GET)  # a bad value in a stale link is ignored
    filters.org, filters.subtree = org, False
    nodes = list(CatalogNode.objects.filter(org=org).order_by("sort_order", "id"))
    node = None
    node_id = request.GET.get("node") or ""
    if node_id.isdigit():
        node = next((n for n in nodes if n.pk == int(node_id)), None)
        if node is not None:
            filters.catalog_nodes = tuple(_descendant_ids(nodes, node.pk))
    node_counts = dict(all_items.order_by().values("catalog_node").annotate(n=Count("id"))
                       .values_list("catalog_node", "n"))
    article_counts = dict(all_items.order_by().exclude(article20_item=None).values("article20_item")
                          .annotate(n=Count("id")).values_list("article20_item", "n"))
    articles = [{"n": n, "label": article20_label(n), "text": text, "count": article_counts.get(n, 0)}
                for n, text in ARTICLE20.items()]
    qs = filters.apply(all_items).select_related("catalog_node").order_by("-pub_date", "-id")
    page = paginate(request, qs, per_page=LIST_PER_PAGE)
    elements = []
    if node is not None and node.kind == CatalogKind.STANDARD:
        elements = [(label, getattr(node, field)) for field, label in STANDARD_ELEMENTS if getattr(node, field)]
    return render(request, "portal/column/items.html", {
        **_body_context(org, "items"), "page": page, "pager": pager(page.number, page.paginator.num_pages,
                                                                     _querystring(request)),
        "tree": _tree(nodes, node_counts), "articles": articles, "node": node, "elements": elements,
        "article": filters.article20_item, "article_label": article20_label(filters.article20_item),
        "article_text": ARTICLE20.get(filters.article20_item, ""), "filters": filters,
        **_filter_choices(versioned(f"years:{org.pk}", lambda: _years(all_items))),
    })


# ---------------------------------------------------------------------------------------------------------
# an item


def _public_item(key: str) -> Item:
    qs = public_items().select_related("org", "interprets")
    item = qs.filter(pk=int(key)).first() if key.isdigit() and len(key) < 19 else qs.filter(index_no=key).first()
    if item is None:
        raise Http404("未找到该信息。")
    return item


@cached_page
def item_page(request, key):
    item = _public_item(key)
    interprets = None
    if item.interprets_id and public_items().filter(pk=item.interprets_id).exists():
        interprets = item.interprets
    return render(request, "portal/column/item.html", {
        "item": item, "org": item.org, "portal_nav": "home", "attachments": item.attachments.all(),
        "interpretations": interpretations_of(item).order_by("pub_date", "id"), "interprets": interprets,
        "pub_date": timezone.localtime(item.pub_date),
    })


def attachment(request, attachment_id):
    """An attachment of a public item, always as a download (never rendered in the site's origin)."""
    found = get_object_or_404(ItemAttachment.objects.filter(item__in=public_items().values("pk")), pk=attachment_id)
    try:
        handle = found.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("附件文件不存在。") from None
    response = FileResponse(handle, as_attachment=True, filename=found.original_name,
                            content_type=found.content_type or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ---------------------------------------------------------------------------------------------------------
# search


@cached_page
def search_page(request):
    q = (request.GET.get("q") or "").strip()[:200]
    filters, _errors = ItemFilters.from_params(request.GET)
    order = request.GET.get("order") if request.GET.get("order") in ORDERS else "relevance"
    page_number = request.GET.get("page") or "1"
    page_number = int(page_number) if page_number.isdigit() and len(page_number) < 7 else 1
    results, browsing = None, False
    if q:
        results = search.query(q, filters=filters, order=order, page=page_number, per_page=SEARCH_PER_PAGE)
        if not results.tokens:  # nothing searchable in it (only punctuation, say): say so, list nothing
            results = None
    elif filters.active:
        # No words but conditions: list what matches them, newest first (e.g. every 行政规范性文件).
        browsing = True
        qs = filters.apply(public_items()).select_related("org").order_by("-pub_date", "-id")
        page = Paginator(qs, SEARCH_PER_PAGE).get_page(page_number)
        results = search.Results(total=page.paginator.count, hits=[search.Hit(i, 0.0, "") for i in page],
                                 page=page.number, per_page=SEARCH_PER_PAGE)
    return render(request, "portal/column/search.html", {
        "q": q, "filters": filters, "order": order, "orders": ORDERS, "results": results, "browsing": browsing,
        "pager": pager(results.page, results.pages, _querystring(request)) if results else None,
        "groups": versioned("bodies", _bodies_by_government), "portal_nav": "search",
        **_filter_choices(versioned("years", lambda: _years(public_items())) or [timezone.localdate().year]),
    })
