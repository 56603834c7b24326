"""Government information items (政府信息) and the column structure they are published in: the catalog
(公开目录), the guide (公开指南) and the 公开制度 pages of each body. Only ``disclosure.services`` writes them."""

from django.conf import settings
from django.db import models

from .codes import (
    ARTICLE20_CHOICES,
    CHANNELS,
    Disclosure,
    DocType,
    ItemStatus,
    Topic,
    Validity,
    WithheldGround,
    article20_label,
)


class CatalogKind(models.TextChoices):
    STATUTORY = "statutory", "法定主动公开内容"
    STANDARD = "standard", "基层政务公开标准目录"
    CUSTOM = "custom", "其他栏目"


class CatalogNode(models.Model):
    """A node of a body's 公开目录. Leaves carry the 标准目录 elements and an update expectation."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="catalog_nodes")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    name = models.CharField("栏目名称", max_length=100)
    kind = models.CharField("类型", max_length=12, choices=CatalogKind.choices, default=CatalogKind.CUSTOM)
    article20_item = models.PositiveSmallIntegerField("对应第二十条", choices=ARTICLE20_CHOICES, null=True,
                                                      blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)
    update_every_days = models.PositiveIntegerField("更新周期（天）", null=True, blank=True,
                                                    help_text="如工作动态14天、政策文件180天；留空表示不要求")
    matter = models.CharField("公开事项", max_length=200, blank=True)
    content = models.TextField("公开内容（要素）", blank=True)
    basis = models.TextField("公开依据", blank=True)
    time_limit = models.CharField("公开时限", max_length=200, blank=True)
    subject = models.CharField("公开主体", max_length=200, blank=True)
    channels = models.CharField("公开渠道和载体", max_length=300, blank=True)
    audience = models.CharField("公开对象", max_length=100, blank=True)
    manner = models.CharField("公开方式", max_length=100, blank=True)

    class Meta:
        verbose_name = "公开目录栏目"
        verbose_name_plural = "公开目录栏目"
        ordering = ["org", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["org", "parent", "name"], name="catalog_unique_name")]

    def __str__(self):
        return self.name


class Guide(models.Model):
    """政府信息公开指南 (Art. 12)."""

    org = models.OneToOneField("orgs.Organization", on_delete=models.PROTECT, related_name="disclosure_guide")
    classification = models.TextField("政府信息的分类、编排体系")
    how_to_obtain = models.TextField("获取方式")
    office_name = models.CharField("政府信息公开工作机构名称", max_length=100)
    address = models.CharField("办公地址", max_length=200)
    hours = models.CharField("办公时间", max_length=100)
    phone = models.CharField("联系电话", max_length=50)
    fax = models.CharField("传真号码", max_length=50, blank=True)
    web_contact = models.CharField("互联网联系方式", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "政府信息公开指南"
        verbose_name_plural = "政府信息公开指南"

    def __str__(self):
        return f"{self.org}政府信息公开指南"


class PolicyPage(models.Model):
    """A 政府信息公开制度 page of a body (e.g. 保密审查制度, 依申请公开工作规程)."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="disclosure_policies")
    title = models.CharField("标题", max_length=200)
    body_html = models.TextField("正文")
    sort_order = models.PositiveIntegerField("排序", default=0)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "政府信息公开制度"
        verbose_name_plural = "政府信息公开制度"
        ordering = ["org", "sort_order", "id"]

    def __str__(self):
        return self.title


class Item(models.Model):
    org = models.ForeignKey("orgs.Organization", verbose_name="发布机构", on_delete=models.PROTECT,
                            related_name="items")
    index_no = models.CharField("索引号", max_length=48, unique=True)
    title = models.CharField("标题", max_length=300)
    doc_no = models.CharField("文号", max_length=100, blank=True, db_index=True)
    written_on = models.DateField("成文日期", null=True, blank=True)
    formed_on = models.DateField("形成或变更日期", help_text="第二十六条：自形成或者变更之日起20个工作日内公开")
    published_at = models.DateTimeField("发布日期", null=True, blank=True, db_index=True)
    topic = models.CharField("主题分类", max_length=20, choices=Topic.choices, default=Topic.GENERAL)
    doc_type = models.CharField("文种", max_length=20, choices=DocType.choices, db_index=True)
    article20_item = models.PositiveSmallIntegerField("第二十条事项", choices=ARTICLE20_CHOICES, null=True,
                                                      blank=True)
    catalog_node = models.ForeignKey(CatalogNode, verbose_name="目录栏目", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="items")
    summary = models.CharField("内容概述", max_length=500, blank=True)
    body_html = models.TextField("正文", blank=True)
    body_text = models.TextField(editable=False, blank=True)
    disclosure = models.CharField("公开属性", max_length=12, choices=Disclosure.choices, blank=True)
    withheld_ground = models.CharField("不予公开依据", max_length=24, choices=WithheldGround.choices, blank=True)
    withheld_reason = models.TextField("不予公开理由", blank=True)
    next_review_on = models.DateField("下次评估审查日期（第十八条）", null=True, blank=True)
    validity = models.CharField("有效性", max_length=10, choices=Validity.choices, default=Validity.VALID)
    valid_from = models.DateField("施行日期", null=True, blank=True)
    invalid_on = models.DateField("失效或废止日期", null=True, blank=True)
    channels = models.JSONField("发布渠道", default=list, blank=True)
    interprets = models.ForeignKey("self", verbose_name="解读的政策文件", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="interpretations")
    sync_exception_reason = models.TextField("未同步发布解读的理由", blank=True)
    status = models.CharField("状态", max_length=16, choices=ItemStatus.choices, default=ItemStatus.DRAFT,
                              db_index=True)
    scheduled_at = models.DateTimeField("定时发布时间", null=True, blank=True)
    withdrawn_reason = models.TextField("撤回理由", blank=True)
    publish_due_on = models.DateField("应公开日期（第二十六条）", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "政府信息"
        verbose_name_plural = "政府信息"
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["org", "status", "published_at"]),
            models.Index(fields=["status", "doc_type", "published_at"]),
            models.Index(fields=["org", "doc_type", "validity"]),
        ]
        # On PostgreSQL migration 0002 adds a covering index (id) INCLUDE (disclosure, status, published_at,
        # scheduled_at): search joins every matching document to public_items() by id, and an index-only scan
        # replaces one heap page per match (province data: "环境保护" 1.9 s → 0.3 s). SQLite has no INCLUDE.

    def __str__(self):
        return self.title

    @property
    def article20_label(self) -> str:
        return article20_label(self.article20_item)

    @property
    def channel_labels(self) -> list[str]:
        return [CHANNELS.get(c, c) for c in self.channels or []]

    @property
    def is_public(self) -> bool:
        return self.status == ItemStatus.PUBLISHED and self.disclosure == Disclosure.ACTIVE


def item_attachment_path(instance, filename):
    return f"items/{instance.item_id}/{instance.stored_name}"


class ItemAttachment(models.Model):
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to=item_attachment_path)
    stored_name = models.CharField(max_length=80)
    original_name = models.CharField("文件名", max_length=200)
    kind = models.CharField("类型", max_length=8)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField("大小（字节）")
    text = models.TextField("提取的文本", blank=True, editable=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["id"]

    def __str__(self):
        return self.original_name


class ItemEvent(models.Model):
    """Who did what to an item, when, with what comment (the workflow's record; the audit trail has it too)."""

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="events")
    action = models.CharField("操作", max_length=24)
    label = models.CharField("操作名称", max_length=40)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    at = models.DateTimeField("时间", auto_now_add=True)
    comment = models.TextField("意见", blank=True)

    class Meta:
        verbose_name = "办理记录"
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.label}"


class OfficeSettings(models.Model):
    """Per-body settings of the disclosure office."""

    org = models.OneToOneField("orgs.Organization", on_delete=models.PROTECT, related_name="disclosure_settings")
    withheld_review_months = models.PositiveSmallIntegerField(
        "不予公开信息定期评估周期（月）", default=12, help_text="第十八条：对不予公开的政府信息进行定期评估审查")

    class Meta:
        verbose_name = "公开工作设置"

    def __str__(self):
        return f"{self.org}公开工作设置"
