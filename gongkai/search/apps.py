from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "gongkai.search"
    label = "search"
    verbose_name = "全文检索"

    def ready(self):
        # Keeps the index current whenever an item or one of its attachments is saved (see receivers.py).
        from . import receivers  # noqa: F401
