from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "gongkai.inspections"
    label = "inspections"
    verbose_name = "督查整改"

    def ready(self):
        from gongkai.audit.labels import register

        from .indicators import register_indicators

        register({
            "inspections.round.create": "新建督查",
            "inspections.round.update": "修改督查",
            "inspections.round.delete": "删除督查草稿",
            "inspections.round.open": "启动督查",
            "inspections.round.refresh": "更新督查指标快照",
            "inspections.round.close": "结束督查",
            "inspections.target.add": "添加被督查单位",
            "inspections.target.remove": "移除被督查单位",
            "inspections.target.assess": "记录督查结果",
            "inspections.item.add": "添加检查项目",
            "inspections.item.remove": "删除检查项目",
            "inspections.finding.record": "记录督查问题",
            "inspections.finding.issue": "确认督查问题",
            "inspections.finding.discard": "删除待确认问题",
            "inspections.finding.evidence": "补充问题证据",
            "inspections.finding.answer": "反馈整改情况",
            "inspections.finding.recheck": "复查整改情况",
        })
        register_indicators()
