"""Keep the index current: whenever an item or one of its attachments is saved or deleted, the item is
indexed again or removed, depending on whether it is (or will by itself become) public.

The services save items with ``Model.save()`` inside their transaction, so the index changes in the same
transaction as the item and is rolled back with it. ``QuerySet.update()`` sends no signal: code that
changes an item's text or status that way must call ``search.sync_item`` (the demo loader only moves dates,
which the index does not hold).
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from gongkai.disclosure.models import Item, ItemAttachment

from .engine import remove_item, sync_item


@receiver(post_save, sender=Item, dispatch_uid="search_item_saved")
def item_saved(sender, instance, raw=False, **kwargs):
    if not raw:  # loaddata: the index is rebuilt afterwards, not row by row from half-loaded data
        sync_item(instance.pk)


@receiver(post_delete, sender=Item, dispatch_uid="search_item_deleted")
def item_deleted(sender, instance, **kwargs):
    remove_item(instance.pk)


@receiver(post_save, sender=ItemAttachment, dispatch_uid="search_attachment_saved")
@receiver(post_delete, sender=ItemAttachment, dispatch_uid="search_attachment_deleted")
def attachment_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        sync_item(instance.item_id)
