from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gongkai.portal"
    label = "portal"
    verbose_name = "政府信息公开专栏"

    def ready(self):
        from . import pagecache

        pagecache.connect()
