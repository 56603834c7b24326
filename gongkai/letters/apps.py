from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "gongkai.letters"
    label = "letters"
    verbose_name = "告知书与答复书"

    def ready(self):
        from gongkai.audit.labels import register

        from . import receivers  # noqa: F401  (issue letters when application events are recorded)

        register({
            "letters.issue": "出具文书",
            "letters.template.create": "新增文书模板版本",
        })
