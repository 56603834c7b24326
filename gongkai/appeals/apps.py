from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "gongkai.appeals"
    label = "appeals"
    verbose_name = "行政复议和行政诉讼"

    def ready(self):
        from gongkai.audit.labels import register

        register({
            "appeals.case.create": "登记复议诉讼案件",
            "appeals.case.update": "修改复议诉讼案件",
            "appeals.case.conclude": "复议诉讼案件办结",
            "appeals.case.reopen": "复议诉讼案件重新审理",
            "appeals.case.delete": "删除复议诉讼案件",
            "appeals.document.add": "上传案件文书",
            "appeals.document.delete": "删除案件文书",
        })
