"""Every state change of a government information item (政府信息), one function per action.

Workflow (谁主管、谁审批、谁负责): a 信息发布员 or 公开办管理员 drafts the item and fixes its 公开属性 → a
保密审查员 passes it or returns it with comments → a 审核人 of the body approves it (or returns it) → a 主动公开
item is published at once or at a scheduled time, other items are recorded without publication → a published
item can be withdrawn with a reason, and its 有效性 changed. 规章 and 行政规范性文件 are published together with
their 政策解读 (三同步) unless the approver records why not. Each action locks the row, checks scope (404) and
the transitions table, validates, writes an ``ItemEvent`` and an audit event in one transaction.
"""

import datetime as dt
import secrets
from dataclasses import dataclass
from html import unescape

import nh3
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.html import strip_tags

from gongkai.audit.services import record, snapshot
from gongkai.core.errors import ConflictError
from gongkai.core.inputs import call_with_data, parse_date
from gongkai.core.sequences import next_number
from gongkai.core.uploads import check_upload
from gongkai.orgs.models import Organization, Role
from gongkai.orgs.scoping import filter_visible, has_role, roles_for
from gongkai.workdays.calendar import WorkCalendarError
from gongkai.workdays.selectors import get_calendar

from .codes import (
    ARTICLE20,
    CHANNELS,
    POLICY_TYPES,
    Disclosure,
    DocType,
    ItemStatus,
    Topic,
    Validity,
    WithheldGround,
)
from .models import CatalogNode, Item, ItemAttachment, ItemEvent, OfficeSettings

S = ItemStatus
PUBLISH_WORKDAYS = 20  # 条例 Art. 26
MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024
ATTACHMENT_KINDS = ("pdf", "docx", "xlsx", "ole", "ofd", "jpeg", "png", "gif")
AUDITED = ("status", "title", "doc_no", "disclosure", "withheld_ground", "validity", "invalid_on", "published_at",
           "scheduled_at", "interprets", "sync_exception_reason", "catalog_node", "next_review_on")
EDITABLE = ("title", "doc_no", "written_on", "formed_on", "topic", "doc_type", "article20_item", "catalog_node",
            "summary", "body_html", "disclosure", "withheld_ground", "withheld_reason", "validity", "valid_from",
            "channels", "interprets")

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "h2", "h3", "h4", "ul", "ol", "li", "table", "thead",
                "tbody", "tr", "th", "td", "a", "blockquote", "span", "div", "sup", "sub", "img"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"},
                      "img": {"src", "alt"}, "p": {"style"}}


@dataclass(frozen=True)
class ItemTransition:
    label: str
    sources: tuple[str, ...]
    roles: frozenset[str]


DRAFTERS = frozenset({Role.PUBLISHER, Role.OFFICE_ADMIN})
TRANSITIONS: dict[str, ItemTransition] = {
    "edit": ItemTransition("编辑", (S.DRAFT,), DRAFTERS),
    "submit": ItemTransition("提交保密审查", (S.DRAFT,), DRAFTERS),
    "secrecy_pass": ItemTransition("保密审查通过", (S.SECRECY_REVIEW,), frozenset({Role.SECRECY_REVIEWER})),
    "secrecy_return": ItemTransition("保密审查退回", (S.SECRECY_REVIEW,), frozenset({Role.SECRECY_REVIEWER})),
    "approve": ItemTransition("审批通过", (S.APPROVAL,), frozenset({Role.APPROVER})),
    "return": ItemTransition("审批退回", (S.APPROVAL,), frozenset({Role.APPROVER})),
    "withdraw": ItemTransition("撤回", (S.PUBLISHED, S.SCHEDULED), frozenset({Role.OFFICE_ADMIN, Role.APPROVER})),
    "set_validity": ItemTransition("变更有效性", (S.PUBLISHED,), DRAFTERS),
    "review_withheld": ItemTransition("定期评估审查", (S.RECORDED,),
                                      frozenset({Role.OFFICE_ADMIN, Role.SECRECY_REVIEWER})),
}


class ItemTransitionNotAllowed(Exception):
    def __init__(self, message: str, allowed: list[str]):
        super().__init__(message)
        self.message = message
        self.allowed = allowed


def blocked_reason(user, item: Item, action: str, roles=None) -> str | None:
    transition = TRANSITIONS.get(action)
    if transition is None:
        return f"未知的操作：{action}"
    if item.status not in transition.sources:
        return f"该信息当前状态为“{item.get_status_display()}”，不能{transition.label}。"
    roles = roles_for(user, item.org) if roles is None else roles
    if not roles & transition.roles:
        names = "、".join(Role(r).label for r in sorted(transition.roles))
        return f"只有本机关的{names}可以{transition.label}。"
    if action == "review_withheld" and item.disclosure != Disclosure.WITHHELD:
        return "只有不予公开的信息需要定期评估审查。"
    return None


def allowed_actions(user, item: Item) -> list[str]:
    roles = roles_for(user, item.org)
    return [a for a in TRANSITIONS if blocked_reason(user, item, a, roles) is None]


# ---------------------------------------------------------------------------------------------------------
# helpers


def sanitize_html(html: str) -> str:
    """Body text as safe HTML: no scripts, event handlers, styles beyond the basics, or javascript: links."""
    return nh3.clean(html or "", tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")


def html_to_text(html: str) -> str:
    return " ".join(unescape(strip_tags((html or "").replace("<", " <"))).split())


def publish_deadline(formed_on: dt.date | None) -> dt.date | None:
    """Art. 26: 20 working days from formation or change (None where the calendar cannot tell yet)."""
    if formed_on is None:
        return None
    try:
        return get_calendar().add_workdays(formed_on, PUBLISH_WORKDAYS)
    except WorkCalendarError:
        return None


def is_late(item: Item, today: dt.date | None = None) -> bool:
    if item.publish_due_on is None or item.disclosure != Disclosure.ACTIVE:
        return False
    if item.published_at is not None:
        return timezone.localtime(item.published_at).date() > item.publish_due_on
    return (today or timezone.localdate()) > item.publish_due_on



def _clean(org: Organization, data: dict, *, for_submit: bool = False) -> dict:
    """Validate the editable fields. ``for_submit`` adds what an item needs to leave draft."""
    errors: dict[str, str] = {}
    out: dict = {}
    title = str(data.get("title") or "").strip()
    if not title:
        errors["title"] = "请填写标题。"
    elif len(title) > 300:
        errors["title"] = "标题不能超过300字。"
    out["title"] = title
    out["doc_no"] = str(data.get("doc_no") or "").strip()[:100]
    for field in ("written_on", "formed_on", "valid_from"):
        try:
            out[field] = parse_date(data.get(field), field, required=field == "formed_on")
        except ValidationError as e:
            errors.update({k: v[0] for k, v in e.message_dict.items()})
    if out.get("formed_on") and out["formed_on"] > timezone.localdate():
        errors["formed_on"] = "形成日期不能晚于今天。"
    topic = data.get("topic") or Topic.GENERAL
    if topic not in Topic.values:
        errors["topic"] = "请选择主题分类。"
    out["topic"] = topic
    doc_type = data.get("doc_type")
    if doc_type not in DocType.values:
        errors["doc_type"] = "请选择文种。"
    out["doc_type"] = doc_type
    article = data.get("article20_item")
    if article in (None, ""):
        out["article20_item"] = None
    else:
        try:
            out["article20_item"] = int(article)
            if out["article20_item"] not in ARTICLE20:
                raise ValueError
        except (TypeError, ValueError):
            errors["article20_item"] = "第二十条事项应为第（一）至第（十五）项之一。"
    node = data.get("catalog_node")
    if node not in (None, ""):
        node_id = getattr(node, "pk", node)
        node = CatalogNode.objects.filter(pk=node_id, org=org).first() if str(node_id).isdigit() else None
        if node is None:
            errors["catalog_node"] = "目录栏目须为本机关公开目录中的栏目。"
    out["catalog_node"] = node or None
    out["summary"] = str(data.get("summary") or "").strip()[:500]
    out["body_html"] = sanitize_html(str(data.get("body_html") or ""))
    disclosure = data.get("disclosure") or ""
    if disclosure and disclosure not in Disclosure.values:
        errors["disclosure"] = "请选择公开属性。"
    out["disclosure"] = disclosure
    ground = data.get("withheld_ground") or ""
    reason = str(data.get("withheld_reason") or "").strip()
    if disclosure == Disclosure.WITHHELD:
        if ground not in WithheldGround.values:
            errors["withheld_ground"] = "不予公开的，请选择第十四、十五、十六条中的依据。"
        if not reason:
            errors["withheld_reason"] = "不予公开的，请写明理由。"
    else:
        ground, reason = "", ""
    out["withheld_ground"], out["withheld_reason"] = ground, reason
    validity = data.get("validity") or Validity.VALID
    if validity not in Validity.values:
        errors["validity"] = "请选择有效性。"
    out["validity"] = validity
    channels = data.get("channels") or []
    if isinstance(channels, str):
        channels = [c for c in channels.split(",") if c]
    unknown = [c for c in channels if c not in CHANNELS]
    if unknown:
        errors["channels"] = f"未知的发布渠道：{'、'.join(unknown)}"
    out["channels"] = list(dict.fromkeys(channels))
    policy = data.get("interprets")
    if policy not in (None, ""):
        policy_id = getattr(policy, "pk", policy)
        policy = Item.objects.filter(pk=policy_id).first() if str(policy_id).isdigit() else None
        if policy is None or policy.doc_type not in POLICY_TYPES and policy.doc_type != DocType.OTHER_DOCUMENT:
            errors["interprets"] = "解读对象须为规章、行政规范性文件或其他政策文件。"
    out["interprets"] = policy or None
    if doc_type == DocType.INTERPRETATION and out["interprets"] is None:
        errors["interprets"] = "政策解读须关联其解读的政策文件。"
    if doc_type != DocType.INTERPRETATION:
        out["interprets"] = None
    if for_submit and not disclosure:
        errors["disclosure"] = "公开属性未确定，信息不能离开草稿状态。"
    if for_submit and disclosure == Disclosure.ACTIVE and not out["body_html"] and not data.get("_has_attachments"):
        errors["body_html"] = "主动公开的信息须有正文或附件。"
    if errors:
        raise ValidationError(errors)
    return out


def _index_no(org: Organization, year: int) -> str:
    return f"{org.code}/{year}-{next_number(f'item:{org.pk}:{year}'):05d}"


def _event(item, action, actor, comment=""):
    label = TRANSITIONS[action].label if action in TRANSITIONS else {"create": "起草", "publish": "发布",
                                                                       "attach": "上传附件"}.get(action, action)
    return ItemEvent.objects.create(item=item, action=action, label=label, actor=actor, comment=comment)


def _audit(actor, action, item, before, request=None):
    record(actor=actor, action=f"disclosure.{action}", obj=item, org_id=item.org_id, before=before,
           after=snapshot(item, AUDITED), request=request)


def _load(actor, item_id, action, version=None) -> Item:
    item = filter_visible(actor, Item.objects.select_for_update().select_related("org")).filter(pk=item_id).first()
    if item is None:
        raise Http404("未找到该信息，或不在您的数据范围内。")
    if version is not None and item.version != version:
        raise ConflictError("该信息已被他人处理，请刷新页面后重试。")
    reason = blocked_reason(actor, item, action)
    if reason:
        raise ItemTransitionNotAllowed(reason, allowed_actions(actor, item))
    return item


def _save(item):
    item.version += 1
    item.body_text = html_to_text(item.body_html)
    item.publish_due_on = publish_deadline(item.formed_on)
    item.save()


# ---------------------------------------------------------------------------------------------------------
# actions


def create_item(actor, *, org: Organization, data: dict, request=None) -> Item:
    if not has_role(actor, org, *DRAFTERS):
        raise PermissionDenied("只有本机关的信息发布员或公开办管理员可以起草政府信息。")
    if not org.is_active:
        raise ValidationError({"org": "该机构已停用。"})
    clean = _clean(org, data)
    with transaction.atomic():
        item = Item(org=org, index_no=_index_no(org, timezone.localdate().year), created_by=actor, **clean)
        item.body_text = html_to_text(item.body_html)
        item.publish_due_on = publish_deadline(item.formed_on)
        item.save()
        _event(item, "create", actor)
        _audit(actor, "create", item, None, request)
    return item


def update_item(actor, item_id, *, data: dict, version=None, request=None) -> Item:
    with transaction.atomic():
        item = _load(actor, item_id, "edit", version)
        before = snapshot(item, AUDITED)
        for field, value in _clean(item.org, data).items():
            setattr(item, field, value)
        _save(item)
        _event(item, "edit", actor)
        _audit(actor, "edit", item, before, request)
    return item


def add_attachment(actor, item_id, upload, *, request=None) -> ItemAttachment:
    with transaction.atomic():
        item = _load(actor, item_id, "edit")
        try:
            sniffed = check_upload(upload, max_bytes=MAX_ATTACHMENT_BYTES, allowed=ATTACHMENT_KINDS)
        except ValidationError as e:
            raise ValidationError({"file": e.messages}) from e
        stored = f"{secrets.token_hex(12)}{sniffed.extension}"
        attachment = ItemAttachment(item=item, stored_name=stored, kind=sniffed.kind,
                                    original_name=str(getattr(upload, "name", stored))[:200],
                                    content_type=sniffed.content_type, size=upload.size)
        attachment.text = extract_text(upload, sniffed.kind)
        attachment.file.save(stored, upload, save=False)
        attachment.save()
        _event(item, "attach", actor, attachment.original_name)
        record(actor=actor, action="disclosure.attach", obj=attachment, org_id=item.org_id,
               after={"item": item.pk, "name": attachment.original_name, "size": attachment.size}, request=request)
    return attachment


def extract_text(upload, kind: str, limit: int = 200_000) -> str:
    """Text of an attachment for search, where it can be extracted (PDF text layer, DOCX, XLSX)."""
    upload.seek(0)
    try:
        if kind == "pdf":
            import pdfplumber

            with pdfplumber.open(upload) as pdf:
                parts = []
                for page in pdf.pages[:200]:
                    parts.append(page.extract_text() or "")
                    if sum(map(len, parts)) > limit:
                        break
                return " ".join(" ".join(parts).split())[:limit]
        if kind == "docx":
            import docx

            return " ".join(p.text for p in docx.Document(upload).paragraphs)[:limit]
        if kind == "xlsx":
            from openpyxl import load_workbook

            workbook = load_workbook(upload, read_only=True, data_only=True)
            cells = []
            for sheet in workbook.worksheets:
                for row in sheet.iter_rows(values_only=True, max_row=5000):
                    cells.extend(str(v) for v in row if v is not None)
            return " ".join(cells)[:limit]
    except Exception:  # an unreadable attachment is still published; it is only not searchable
        return ""
    finally:
        upload.seek(0)
    return ""


def submit(actor, item_id, *, version=None, request=None) -> Item:
    """Send the draft to 保密审查; the 公开属性 must be fixed (and, for 不予公开, its ground and reason)."""
    with transaction.atomic():
        item = _load(actor, item_id, "submit", version)
        data = {f: getattr(item, f) for f in EDITABLE}
        data["_has_attachments"] = item.attachments.exists()
        _clean(item.org, data, for_submit=True)
        before = snapshot(item, AUDITED)
        item.status = S.SECRECY_REVIEW
        _save(item)
        _event(item, "submit", actor)
        _audit(actor, "submit", item, before, request)
    return item


def secrecy_pass(actor, item_id, *, comment="", version=None, request=None) -> Item:
    with transaction.atomic():
        item = _load(actor, item_id, "secrecy_pass", version)
        before = snapshot(item, AUDITED)
        item.status = S.APPROVAL
        _save(item)
        _event(item, "secrecy_pass", actor, comment.strip())
        _audit(actor, "secrecy_pass", item, before, request)
    return item


def secrecy_return(actor, item_id, *, comment, version=None, request=None) -> Item:
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": "退回时请写明保密审查意见。"})
    with transaction.atomic():
        item = _load(actor, item_id, "secrecy_return", version)
        before = snapshot(item, AUDITED)
        item.status = S.DRAFT
        _save(item)
        _event(item, "secrecy_return", actor, comment)
        _audit(actor, "secrecy_return", item, before, request)
    return item


def _publish(item: Item, when: dt.datetime, now: dt.datetime):
    if when > now:
        item.status = S.SCHEDULED
        item.scheduled_at = when
    else:
        item.status = S.PUBLISHED
        item.published_at = when


def approve(actor, item_id, *, publish_at=None, sync_exception_reason="", comment="", version=None,
            request=None) -> Item:
    """审批通过. A 主动公开 item is published now (or at ``publish_at``); others are recorded unpublished.
    A 规章/行政规范性文件 goes out with its 政策解读 at the same moment — an interpretation waiting for approval is
    approved with it — or with the reason it cannot (三同步 exception, listed for the office)."""
    now = timezone.now()
    if publish_at in (None, ""):
        when = now
    elif isinstance(publish_at, dt.datetime):
        when = publish_at if timezone.is_aware(publish_at) else timezone.make_aware(publish_at)
    else:
        try:
            when = timezone.make_aware(dt.datetime.fromisoformat(str(publish_at)))
        except ValueError:
            raise ValidationError({"publish_at": "定时发布时间格式不正确。"}) from None
    if when < now - dt.timedelta(minutes=5):
        raise ValidationError({"publish_at": "定时发布时间不能早于现在。"})
    with transaction.atomic():
        item = _load(actor, item_id, "approve", version)
        before = snapshot(item, AUDITED)
        companions: list[Item] = []
        if item.disclosure != Disclosure.ACTIVE:
            item.status = S.RECORDED
            if item.disclosure == Disclosure.WITHHELD:
                months = OfficeSettings.objects.filter(org=item.org).values_list(
                    "withheld_review_months", flat=True).first() or 12
                item.next_review_on = timezone.localdate() + dt.timedelta(days=round(months * 30.4))
        else:
            if item.doc_type in POLICY_TYPES:
                interpretations = list(Item.objects.select_for_update().filter(
                    interprets=item, disclosure=Disclosure.ACTIVE).exclude(status__in=[S.WITHDRAWN, S.RECORDED]))
                ready = [i for i in interpretations if i.status in (S.APPROVAL, S.SCHEDULED, S.PUBLISHED)]
                reason = (sync_exception_reason or "").strip()
                if not ready and not reason:
                    raise ValidationError({"sync_exception_reason": "规章、行政规范性文件应与政策解读同步发布（三同步）："
                                                                    "解读尚未通过保密审查，请待解读就绪后一并审批，或写明不同步发布的理由。"})
                if not ready:
                    item.sync_exception_reason = reason
                for interpretation in ready:
                    if interpretation.status == S.APPROVAL:
                        if not has_role(actor, interpretation.org, Role.APPROVER):
                            raise ValidationError({"sync_exception_reason": f"解读“{interpretation.title}”不在您的审批范围内。"})
                        companions.append(interpretation)
            _publish(item, when, now)
        _save(item)
        _event(item, "approve", actor, comment.strip() or (
            f"三同步例外：{item.sync_exception_reason}" if item.sync_exception_reason else ""))
        _audit(actor, "approve", item, before, request)
        for interpretation in companions:
            before_i = snapshot(interpretation, AUDITED)
            _publish(interpretation, when, now)
            _save(interpretation)
            _event(interpretation, "approve", actor, f"与《{item.title}》同步审批发布")
            _audit(actor, "approve", interpretation, before_i, request)
    return item


def return_for_revision(actor, item_id, *, comment, version=None, request=None) -> Item:
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": "退回时请写明审批意见。"})
    with transaction.atomic():
        item = _load(actor, item_id, "return", version)
        before = snapshot(item, AUDITED)
        item.status = S.DRAFT
        _save(item)
        _event(item, "return", actor, comment)
        _audit(actor, "return", item, before, request)
    return item


def withdraw(actor, item_id, *, reason, version=None, request=None) -> Item:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请写明撤回理由。"})
    with transaction.atomic():
        item = _load(actor, item_id, "withdraw", version)
        before = snapshot(item, AUDITED)
        item.status = S.WITHDRAWN
        item.withdrawn_reason = reason
        _save(item)
        _event(item, "withdraw", actor, reason)
        _audit(actor, "withdraw", item, before, request)
    return item


def set_validity(actor, item_id, *, validity, on=None, comment="", version=None, request=None) -> Item:
    """有效 → 失效 / 已废止 (with the date), which the annual report's 现行有效件数 reads."""
    if validity not in Validity.values:
        raise ValidationError({"validity": "请选择有效性。"})
    on = parse_date(on, "on", required=False) or timezone.localdate()
    with transaction.atomic():
        item = _load(actor, item_id, "set_validity", version)
        before = snapshot(item, AUDITED)
        item.validity = validity
        item.invalid_on = None if validity == Validity.VALID else on
        _save(item)
        _event(item, "set_validity", actor, f"{Validity(validity).label}（{on:%Y-%m-%d}）{comment}".strip())
        _audit(actor, "set_validity", item, before, request)
    return item


def review_withheld(actor, item_id, *, result, comment, next_review_on=None, version=None, request=None) -> Item:
    """Art. 18 re-review of a 不予公开 item: keep it withheld until the next review, or, the circumstances having
    changed, send it back to draft as 主动公开 to go through review and approval again."""
    comment = (comment or "").strip()
    if result not in ("keep", "disclose"):
        raise ValidationError({"result": "请选择评估结论。"})
    if not comment:
        raise ValidationError({"comment": "请写明评估意见。"})
    with transaction.atomic():
        item = _load(actor, item_id, "review_withheld", version)
        before = snapshot(item, AUDITED)
        if result == "keep":
            next_on = parse_date(next_review_on, "next_review_on")
            if next_on <= timezone.localdate():
                raise ValidationError({"next_review_on": "下次评估日期应晚于今天。"})
            item.next_review_on = next_on
        else:
            item.status = S.DRAFT
            item.disclosure = Disclosure.ACTIVE
            item.withheld_ground, item.withheld_reason, item.next_review_on = "", "", None
            item.formed_on = timezone.localdate()  # the change of circumstances starts the Art. 26 clock
        _save(item)
        _event(item, "review_withheld", actor, f"{'继续不予公开' if result == 'keep' else '情势变化，转为主动公开'}：{comment}")
        _audit(actor, "review_withheld", item, before, request)
    return item


def publish_scheduled(now: dt.datetime | None = None) -> list[Item]:
    """Flip scheduled items whose time has come to published (the daily job; the public pages already show
    them from their scheduled time through ``selectors.public_items``)."""
    now = now or timezone.now()
    published = []
    for pk in Item.objects.filter(status=S.SCHEDULED, scheduled_at__lte=now).values_list("pk", flat=True):
        with transaction.atomic():
            item = Item.objects.select_for_update().get(pk=pk)
            if item.status != S.SCHEDULED:
                continue
            before = snapshot(item, AUDITED)
            item.status = S.PUBLISHED
            item.published_at = item.scheduled_at
            _save(item)
            _event(item, "publish", None, "定时发布")
            _audit(None, "publish", item, before)
            published.append(item)
    return published


ACTION_FUNCTIONS = {
    "edit": update_item, "submit": submit, "secrecy_pass": secrecy_pass, "secrecy_return": secrecy_return,
    "approve": approve, "return": return_for_revision, "withdraw": withdraw, "set_validity": set_validity,
    "review_withheld": review_withheld,
}


def perform(actor, item_id: int, action: str, data: dict, *, request=None) -> Item:
    """Dispatch by action name (API and action pages); unknown fields are refused."""
    func = ACTION_FUNCTIONS.get(action)
    if func is None:
        raise ValidationError({"action": f"未知的操作：{action}"})
    if not filter_visible(actor, Item.objects.filter(pk=item_id)).exists():
        raise Http404("未找到该信息，或不在您的数据范围内。")
    return call_with_data(func, actor, item_id, data=data, request=request)
