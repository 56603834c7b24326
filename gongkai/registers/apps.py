from django.apps import AppConfig


class RegistersConfig(AppConfig):
    name = "gongkai.registers"
    label = "registers"
    verbose_name = "权责与执法公示"
