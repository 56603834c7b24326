"""python manage.py rebuild_search_index: empty the full-text index and index every public (or scheduled)
item again. Run it after restoring a database, after loading items with ``loaddata``, or after changing the
segmentation dictionary; the index is otherwise kept current as items are saved."""

import time

from django.core.management.base import BaseCommand

from gongkai.search import rebuild


class Command(BaseCommand):
    help = "重建政府信息全文检索索引。"

    def handle(self, *args, **options):
        started = time.monotonic()
        count = rebuild()
        self.stdout.write(self.style.SUCCESS(f"已重建全文检索索引：{count} 条信息，用时 {time.monotonic() - started:.1f} 秒。"))
