from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "gongkai.consultations"
    label = "consultations"
    verbose_name = "意见征集"

    def ready(self):
        from gongkai.audit.labels import register

        register({
            "consultations.consultation.create": "新建意见征集",
            "consultations.consultation.update": "修改意见征集",
            "consultations.consultation.publish": "发布意见征集",
            "consultations.consultation.close": "意见征集提前截止",
            "consultations.consultation.delete": "删除意见征集草稿",
            "consultations.consultation.feedback_save": "保存采纳情况说明",
            "consultations.consultation.feedback_publish": "发布意见采纳情况",
            "consultations.consultation.link_final": "关联正式发布的文件",
            "consultations.consultation.unlink_final": "取消关联正式发布的文件",
            "consultations.attachment.add": "上传征求意见稿附件",
            "consultations.attachment.delete": "删除征求意见稿附件",
            "consultations.comment.submit": "公众提交意见",
            "consultations.comment.approve": "意见审核通过",
            "consultations.comment.reject": "意见不予显示",
            "consultations.comment.handle": "答复、归类或标注意见",
        })
