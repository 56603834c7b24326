"""The tree of government bodies (机构), staff memberships and their roles.

The tree is stored with a materialised path (``path`` = ancestors' ids, zero-padded, dot-separated) so that
"the whole subtree" is one indexed prefix query. Only ``gongkai.orgs.services`` changes it.
"""

from django.conf import settings
from django.db import models


class OrgKind(models.TextChoices):
    PROVINCE_GOV = "province_gov", "省级人民政府"
    CITY_GOV = "city_gov", "市级人民政府"
    COUNTY_GOV = "county_gov", "县（区）级人民政府"
    TOWNSHIP_GOV = "township_gov", "乡镇人民政府"
    DEPARTMENT = "department", "政府工作部门"
    DISPATCHED = "dispatched", "派出机构"
    OTHER = "other", "其他机构"


GOVERNMENT_KINDS = {OrgKind.PROVINCE_GOV, OrgKind.CITY_GOV, OrgKind.COUNTY_GOV, OrgKind.TOWNSHIP_GOV}
# A government's rank; a lower government must sit below a higher one.
GOVERNMENT_RANK = {OrgKind.PROVINCE_GOV: 1, OrgKind.CITY_GOV: 2, OrgKind.COUNTY_GOV: 3, OrgKind.TOWNSHIP_GOV: 4}

PATH_WIDTH = 8


class Organization(models.Model):
    name = models.CharField("机构名称", max_length=100)
    short_name = models.CharField("简称", max_length=50, blank=True)
    code = models.CharField("机构代码", max_length=32, unique=True,
                            help_text="字母、数字或连字符，用于生成索引号、受理编号等")
    uscc = models.CharField("统一社会信用代码", max_length=18, unique=True, null=True, blank=True)
    kind = models.CharField("机构类型", max_length=16, choices=OrgKind.choices)
    parent = models.ForeignKey("self", verbose_name="上级机构", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    path = models.CharField(max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "机构"
        verbose_name_plural = "机构"
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="org_unique_name_under_parent"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_government(self) -> bool:
        return self.kind in GOVERNMENT_KINDS

    @property
    def label(self) -> str:
        return self.short_name or self.name

    def ancestor_ids(self) -> list[int]:
        return [int(p) for p in self.path.split(".")[:-1]]


class Role(models.TextChoices):
    OFFICE_ADMIN = "office_admin", "公开办管理员"
    HANDLER = "handler", "承办人"
    APPROVER = "approver", "审核人"
    SECRECY_REVIEWER = "secrecy_reviewer", "保密审查员"
    PUBLISHER = "publisher", "信息发布员"
    SUPERVISOR = "supervisor", "监督员"


class ScopeMode(models.TextChoices):
    SELF = "self", "本机关"
    GOVERNMENT = "government", "本级政府及其工作部门"
    SUBTREE = "subtree", "本机关及全部下级机构"


class Membership(models.Model):
    """A user's role in one body, and how far below that body the role reaches."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.PROTECT,
                             related_name="memberships")
    org = models.ForeignKey(Organization, verbose_name="机构", on_delete=models.PROTECT,
                            related_name="memberships")
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    scope = models.CharField("数据范围", max_length=12, choices=ScopeMode.choices, default=ScopeMode.SELF)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "角色授权"
        verbose_name_plural = "角色授权"
        ordering = ["org__path", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "org", "role"], name="membership_unique_role"),
        ]

    def __str__(self):
        return f"{self.user} · {self.org} · {self.get_role_display()}（{self.get_scope_display()}）"
