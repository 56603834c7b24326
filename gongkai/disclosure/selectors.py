"""Read-side queries: what the public may see, the staff lists, and the office's exception lists."""

import datetime as dt

from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from gongkai.orgs.models import Role
from gongkai.orgs.scoping import filter_visible

from .codes import POLICY_TYPES, Disclosure, DocType, ItemStatus
from .models import Item

STAFF_ROLES = (Role.OFFICE_ADMIN, Role.PUBLISHER, Role.SECRECY_REVIEWER, Role.APPROVER, Role.SUPERVISOR)


def public_items(now: dt.datetime | None = None) -> QuerySet[Item]:
    """Items the public sees: 主动公开 and published (a scheduled item counts from its scheduled time, even
    before the job flips its status). ``pub_date`` is the date to show and sort by."""
    now = now or timezone.now()
    return (Item.objects.filter(disclosure=Disclosure.ACTIVE)
            .filter(Q(status=ItemStatus.PUBLISHED) | Q(status=ItemStatus.SCHEDULED, scheduled_at__lte=now))
            .annotate(pub_date=Coalesce("published_at", "scheduled_at")))


def staff_items(user) -> QuerySet[Item]:
    return filter_visible(user, Item.objects.all(), roles=STAFF_ROLES)


def sync_exceptions(user) -> QuerySet[Item]:
    """规章/行政规范性文件 published without their interpretation (三同步 exceptions), for the office."""
    return staff_items(user).filter(doc_type__in=POLICY_TYPES).exclude(sync_exception_reason="").filter(
        status__in=[ItemStatus.PUBLISHED, ItemStatus.SCHEDULED])


def late_items(user, today: dt.date) -> QuerySet[Item]:
    """主动公开 items published (or still unpublished) later than 20 working days after formation (Art. 26)."""
    qs = staff_items(user).filter(disclosure=Disclosure.ACTIVE, publish_due_on__isnull=False)
    unpublished = qs.exclude(status__in=[ItemStatus.PUBLISHED, ItemStatus.WITHDRAWN, ItemStatus.RECORDED]).filter(
        publish_due_on__lt=today)
    published_late = [i.pk for i in qs.filter(status=ItemStatus.PUBLISHED).only("published_at", "publish_due_on")
                      if timezone.localtime(i.published_at).date() > i.publish_due_on]
    return Item.objects.filter(Q(pk__in=unpublished.values("pk")) | Q(pk__in=published_late))


def withheld_due_for_review(user, today: dt.date) -> QuerySet[Item]:
    return staff_items(user).filter(disclosure=Disclosure.WITHHELD, status=ItemStatus.RECORDED,
                                    next_review_on__lte=today)


def interpretations_of(item: Item, public: bool = True) -> QuerySet[Item]:
    qs = public_items() if public else Item.objects.all()
    return qs.filter(interprets=item, doc_type=DocType.INTERPRETATION)


def stale_catalog_nodes(nodes, today: dt.date) -> list:
    """Catalog nodes with an update expectation whose latest public item — in the node or any column below
    it — is older than that (or that have none): candidates for the 栏目不更新 check (国办秘函〔2019〕19号)."""
    from django.db.models import Max

    from .models import CatalogNode

    nodes = list(nodes)
    if not nodes:
        return []
    all_nodes = list(CatalogNode.objects.filter(org_id__in={n.org_id for n in nodes}).values_list("pk", "parent_id"))
    children: dict = {}
    for pk, parent in all_nodes:
        children.setdefault(parent, []).append(pk)
    latest = dict(public_items().filter(catalog_node__in=[pk for pk, _ in all_nodes]).values("catalog_node")
                  .annotate(last=Max("pub_date")).values_list("catalog_node", "last"))

    def newest(pk):
        dates = [latest.get(pk)] + [newest(child) for child in children.get(pk, [])]
        dates = [d for d in dates if d is not None]
        return max(dates) if dates else None

    stale = []
    for node in nodes:
        if not node.update_every_days:
            continue
        last = newest(node.pk)
        node.last_published = timezone.localtime(last).date() if last else None
        if node.last_published is None or (today - node.last_published).days > node.update_every_days:
            stale.append(node)
    return stale
