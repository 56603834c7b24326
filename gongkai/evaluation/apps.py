from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "gongkai.evaluation"
    label = "evaluation"
    verbose_name = "考核评估"

    def ready(self):
        from gongkai.audit.labels import register

        register({
            "evaluation.scheme.create": "新建考核方案",
            "evaluation.scheme.update": "修改考核方案",
            "evaluation.indicator.create": "添加考核指标",
            "evaluation.indicator.update": "修改考核指标",
            "evaluation.indicator.delete": "删除考核指标",
            "evaluation.create": "新建考核",
            "evaluation.score": "人工评分",
            "evaluation.publish": "发布考核结果",
        })
