"""App configuration: registers the Chinese names of the token audit actions."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "gongkai.api"
    label = "api"
    verbose_name = "接口"

    def ready(self):
        from gongkai.audit.labels import register

        register({
            "api.token.create": "创建 API 令牌",
            "api.token.revoke": "吊销 API 令牌",
        })
