"""State changes of the organisation tree and of memberships. Each function checks permission, validates,
writes the change and its audit event in one transaction.

Organisations are managed by the 系统管理员; memberships (role assignment) by the 安全管理员.
"""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from gongkai.audit.services import record, snapshot
from gongkai.core.errors import ConflictError
from gongkai.core.validators import validate_uscc

from .models import (
    GOVERNMENT_KINDS,
    GOVERNMENT_RANK,
    PATH_WIDTH,
    Membership,
    Organization,
    OrgKind,
    Role,
    ScopeMode,
)

ORG_FIELDS = ("name", "short_name", "code", "uscc", "kind", "parent", "sort_order")
CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,31}$")


def _require_sysadmin(actor):
    if not getattr(actor, "is_sysadmin", False) or not actor.is_active:
        raise PermissionDenied("只有系统管理员可以管理机构。")


def _require_secadmin(actor):
    if not getattr(actor, "is_secadmin", False) or not actor.is_active:
        raise PermissionDenied("只有安全管理员可以分配角色。")


def _check_parent(kind: str, parent: Organization | None) -> None:
    """The tree follows the shape of Chinese government: departments belong to a government, lower
    governments sit below higher ones."""
    if parent is None:
        return
    if not parent.is_active:
        raise ValidationError({"parent": "上级机构已停用，不能在其下新增或移入机构。"})
    if kind in GOVERNMENT_KINDS:
        if parent.kind not in GOVERNMENT_KINDS or GOVERNMENT_RANK[parent.kind] >= GOVERNMENT_RANK[kind]:
            raise ValidationError({"parent": "人民政府的上级机构只能是更高一级的人民政府。"})
    elif kind == OrgKind.DEPARTMENT:
        if parent.kind not in GOVERNMENT_KINDS:
            raise ValidationError({"parent": "政府工作部门的上级机构必须是人民政府。"})
    elif kind == OrgKind.DISPATCHED and parent.kind not in GOVERNMENT_KINDS | {OrgKind.DEPARTMENT}:
        raise ValidationError({"parent": "派出机构的上级机构必须是人民政府或政府工作部门。"})


def _clean(data: dict) -> dict:
    errors = {}
    data = dict(data)
    data["name"] = (data.get("name") or "").strip()
    data["short_name"] = (data.get("short_name") or "").strip()
    data["code"] = (data.get("code") or "").strip()
    uscc = (data.get("uscc") or "").strip().upper()
    data["uscc"] = uscc or None
    if not data["name"]:
        errors["name"] = "请填写机构名称。"
    if not CODE_RE.match(data["code"]):
        errors["code"] = "机构代码须为1至32位字母、数字或连字符，且以字母或数字开头。"
    if data.get("kind") not in OrgKind.values:
        errors["kind"] = "请选择机构类型。"
    if uscc:
        try:
            validate_uscc(uscc)
        except ValidationError as e:
            errors["uscc"] = e.messages[0]
    if errors:
        raise ValidationError(errors)
    data["sort_order"] = int(data.get("sort_order") or 0)
    return data


def _unique_checks(data: dict, exclude_pk=None) -> None:
    errors = {}
    others = Organization.objects.exclude(pk=exclude_pk)
    if others.filter(code__iexact=data["code"]).exists():
        errors["code"] = f"机构代码“{data['code']}”已被使用。"
    if data["uscc"] and others.filter(uscc=data["uscc"]).exists():
        errors["uscc"] = "该统一社会信用代码已登记给其他机构。"
    if others.filter(parent=data.get("parent"), name=data["name"]).exists():
        errors["name"] = "同一上级机构下已有同名机构。"
    if errors:
        raise ValidationError(errors)


def _path_for(pk: int, parent: Organization | None) -> str:
    own = str(pk).zfill(PATH_WIDTH)
    return f"{parent.path}.{own}" if parent else own


def create_org(actor, *, request=None, **data) -> Organization:
    _require_sysadmin(actor)
    data = _clean({k: data.get(k) for k in ORG_FIELDS})
    with transaction.atomic():
        parent = data.get("parent")
        if parent is not None:
            parent = Organization.objects.select_for_update().get(pk=parent.pk)
            data["parent"] = parent
        _check_parent(data["kind"], parent)
        _unique_checks(data)
        try:
            with transaction.atomic():
                org = Organization.objects.create(path="", depth=0, **data)
        except IntegrityError as e:
            raise ValidationError("机构代码、统一社会信用代码或同级名称与已有机构重复。") from e
        org.path = _path_for(org.pk, parent)
        org.depth = org.path.count(".")
        org.save(update_fields=["path", "depth"])
        record(actor=actor, action="orgs.create", obj=org, org_id=org.pk, after=snapshot(org), request=request)
    return org


def update_org(actor, org_id: int, *, version: int, request=None, **data) -> Organization:
    """Change a body's fields or move it under another parent (the whole subtree moves with it)."""
    _require_sysadmin(actor)
    data = _clean({k: data.get(k) for k in ORG_FIELDS})
    with transaction.atomic():
        org = Organization.objects.select_for_update().get(pk=org_id)
        if org.version != version:
            raise ConflictError("该机构已被他人修改，请刷新页面后重试。")
        before = snapshot(org)
        parent = data.get("parent")
        if parent is not None:
            parent = Organization.objects.select_for_update().get(pk=parent.pk)
            if parent.pk == org.pk or parent.path.startswith(org.path + "."):
                raise ValidationError({"parent": "不能把机构移到它自己或它的下级机构之下（会形成循环）。"})
        _check_parent(data["kind"], parent)
        if data["kind"] != org.kind:
            _check_children_fit(org, data["kind"])
        _unique_checks(data, exclude_pk=org.pk)
        old_path = org.path
        for field, value in data.items():
            setattr(org, field, value)
        org.path = _path_for(org.pk, parent)
        org.depth = org.path.count(".")
        org.version += 1
        org.save()
        if org.path != old_path:
            descendants = list(Organization.objects.select_for_update().filter(path__startswith=old_path + "."))
            for d in descendants:
                d.path = org.path + d.path[len(old_path):]
                d.depth = d.path.count(".")
            Organization.objects.bulk_update(descendants, ["path", "depth"], batch_size=500)
        record(actor=actor, action="orgs.update", obj=org, org_id=org.pk, before=before, after=snapshot(org),
               request=request)
    return org


def _check_children_fit(org: Organization, new_kind: str) -> None:
    for child in org.children.all():
        try:
            _check_parent(child.kind, Organization(kind=new_kind, is_active=True))
        except ValidationError as e:
            raise ValidationError({"kind": f"下级机构“{child.name}”与新的机构类型不相容："
                                   f"{e.message_dict['parent'][0]}"}) from e


def set_org_active(actor, org_id: int, active: bool, *, request=None) -> Organization:
    _require_sysadmin(actor)
    with transaction.atomic():
        org = Organization.objects.select_for_update().get(pk=org_id)
        if org.is_active == active:
            return org
        if not active and org.children.filter(is_active=True).exists():
            raise ValidationError("该机构还有启用中的下级机构，请先停用下级机构。")
        if active and org.parent_id and not org.parent.is_active:
            raise ValidationError("上级机构已停用，请先启用上级机构。")
        before = snapshot(org, ["is_active"])
        org.is_active = active
        org.version += 1
        org.save(update_fields=["is_active", "version", "updated_at"])
        record(actor=actor, action="orgs.activate" if active else "orgs.deactivate", obj=org, org_id=org.pk,
               before=before, after=snapshot(org, ["is_active"]), request=request)
    return org


def grant_membership(actor, *, user, org: Organization, role: str, scope: str = ScopeMode.SELF,
                     request=None) -> Membership:
    _require_secadmin(actor)
    if role not in Role.values:
        raise ValidationError({"role": "请选择角色。"})
    if scope not in ScopeMode.values:
        raise ValidationError({"scope": "请选择数据范围。"})
    if user.admin_role:
        raise ValidationError("三员账号（系统管理员、安全管理员、安全审计员）不得兼任业务角色。")
    if not user.is_active:
        raise ValidationError("该账号已停用，不能授权。")
    if not org.is_active:
        raise ValidationError({"org": "该机构已停用，不能授权。"})
    with transaction.atomic():
        existing = Membership.objects.select_for_update().filter(user=user, org=org, role=role).first()
        if existing is not None:
            if existing.scope == scope:
                raise ValidationError(f"{user}已在{org}担任{existing.get_role_display()}。")
            before = snapshot(existing)
            existing.scope = scope
            existing.save(update_fields=["scope"])
            record(actor=actor, action="orgs.membership.update", obj=existing, org_id=org.pk, before=before,
                   after=snapshot(existing), request=request)
            return existing
        membership = Membership.objects.create(user=user, org=org, role=role, scope=scope)
        record(actor=actor, action="orgs.membership.grant", obj=membership, org_id=org.pk,
               after=snapshot(membership), request=request)
    return membership


def revoke_membership(actor, membership_id: int, *, request=None) -> None:
    _require_secadmin(actor)
    with transaction.atomic():
        membership = Membership.objects.select_for_update().select_related("user", "org").filter(
            pk=membership_id).first()
        if membership is None:
            raise ValidationError("该授权不存在或已被撤销。")
        before = snapshot(membership)
        record(actor=actor, action="orgs.membership.revoke", obj=membership, org_id=membership.org_id,
               before=before, request=request)
        membership.delete()
