from django.apps import AppConfig


class WorkrecordsConfig(AppConfig):
    name = "gongkai.workrecords"
    label = "workrecords"
    verbose_name = "工作记录"

    def ready(self):
        from gongkai.audit.labels import register

        from . import extras

        extras.register()
        register({
            "workrecords.record.create": "登记工作记录",
            "workrecords.record.update": "修改工作记录",
            "workrecords.record.delete": "删除工作记录",
            "workrecords.account.create": "登记政务新媒体账号",
            "workrecords.account.update": "修改政务新媒体账号",
            "workrecords.account.delete": "删除政务新媒体账号",
            "workrecords.month.save": "填报政务新媒体月度发布数",
        })
