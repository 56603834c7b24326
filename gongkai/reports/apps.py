from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gongkai.reports"
    label = "reports"
    verbose_name = "政府信息公开工作年度报告"

    def ready(self):
        from gongkai.audit.labels import register

        from . import extras

        extras.register()
        register({
            "reports.create": "新建年度报告", "reports.refresh": "刷新年度报告数据", "reports.override": "修正年度报告数据",
            "reports.clear_override": "取消年度报告数据修正", "reports.chapters": "编辑年度报告正文",
            "reports.figures": "填报年度报告数据", "reports.submit": "提交年度报告审核", "reports.approve": "审核通过年度报告",
            "reports.return": "退回年度报告", "reports.acknowledge": "确认年度报告警告", "reports.publish": "发布年度报告",
            "reports.unpublish": "撤回年度报告", "reports.request": "要求报送年度报告数据",
            "reports.submit_figures": "报送年度报告数据", "reports.accept_figures": "确认采用报送数据",
            "reports.return_figures": "退回报送数据", "registers.item.import": "批量导入权责清单",
            "reports.import": "读取年度报告文件", "reports.accept_imported": "采用读取的年度报告",
            "reports.import_delete": "删除读取的年度报告",
        })
