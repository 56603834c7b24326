"""Every change to 意见征集, one function per action.

Staff (permission from ``permissions``; a consultation outside the actor's scope is a 404, a body the actor
only reads — the 监督员 — is ``PermissionDenied``):
``create_consultation``, ``update_consultation``, ``publish``, ``close_early``, ``delete_draft``,
``add_attachment``, ``delete_attachment``, ``moderate_comment``, ``handle_comment`` (reply, 归类, 采纳情况),
``save_feedback``, ``publish_feedback``, ``link_final_policy``.

The public: ``submit_comment(consultation, data, client)``.

Each validates before writing (``ValidationError``, with field errors where it can), locks the consultation
row with ``select_for_update()`` inside ``transaction.atomic()``, checks the ``version`` where a form edits the
record (``ConflictError``), and writes the change with its audit event in the same transaction.

Rules:
- The period (征集期) is ``starts_on``–``ends_on``, both days included; ``publish`` refuses a period that has
  already ended. Once published the consultation is public from ``starts_on``; comments are accepted only while
  it is open (published, not closed early, today within the period).
- The office decides whether 姓名 and 联系方式 are 选填 or 必填; ``submit_comment`` enforces it.
- A comment is 待审核 until a moderator approves it (已通过, shown) or rejects it (不予显示, with a reason).
  Only approved comments and their replies are ever public.
- ``publish_feedback`` needs the period to have ended, no comment waiting for moderation and a 采纳情况 on
  every approved comment; it computes the counts from the comments and freezes them (no more moderation,
  replies or adoption changes).
- ``link_final_policy`` names a public item of the same body; it can be set once the period has ended.
- Pages that show consultations are not cached, but the item page (which names the consultation of its
  policy) is: services that change what the public sees call ``portal.pagecache.bump()``.
"""

import datetime as dt
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from gongkai.applications.deadlines import cn_date
from gongkai.audit.services import record, snapshot
from gongkai.core.errors import ConflictError
from gongkai.core.inputs import parse_date, parse_org, parse_text, parse_version
from gongkai.core.uploads import check_upload
from gongkai.disclosure.models import Item
from gongkai.disclosure.selectors import public_items
from gongkai.disclosure.services import html_to_text, sanitize_html
from gongkai.orgs.models import Organization
from gongkai.portal import pagecache

from .codes import Adoption, IdentityRule, Moderation, Phase, Status
from .models import Comment, Consultation, ConsultationAttachment
from .permissions import NOT_FOUND, check_can_edit, check_can_handle, viewable_org_ids

MAX_COMMENT_CHARS = 2000
MAX_BODY_CHARS = 200_000
MAX_PERIOD_DAYS = 366
ATTACHMENT_KINDS = ("pdf", "docx", "ole", "xlsx", "ofd")
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
CONSULTATION_FIELDS = ("title", "summary", "body_html", "starts_on", "ends_on", "name_rule", "contact_rule")
AUDITED = ("org", "title", "summary", "starts_on", "ends_on", "name_rule", "contact_rule", "status",
           "published_at", "closed_on", "close_reason", "feedback_text", "feedback_published_at", "count_received",
           "count_rejected", "count_adopted", "count_partial", "count_not_adopted", "count_na", "final_item",
           "version")
COMMENT_AUDITED = ("consultation", "moderation", "moderation_reason", "topic", "adoption", "reply", "version")
ANY_VERSION = object()


def today() -> dt.date:
    return timezone.localdate()


# ---------------------------------------------------------------------------------------------------------
# input


def _text(value, key: str, label: str, *, required: bool = False, max_length: int = 2000) -> str:
    return parse_text(value, key, label, required=required, max_length=max_length)


def _date(value, key: str, label: str) -> dt.date:
    return parse_date(value, key, label=label)


def _choice(value, key: str, label: str, choices) -> str:
    if value not in choices.values:
        raise ValidationError({key: f"请选择{label}（{'或'.join(choices.labels)}）。"})
    return value


def _version(value) -> int:
    return parse_version(value)


def _org(value) -> Organization:
    return parse_org(value, message="请选择征集机关。")


def _clean(data: dict) -> dict:
    clean = {
        "title": _text(data.get("title"), "title", "标题", required=True, max_length=300),
        "summary": _text(data.get("summary"), "summary", "起草说明", max_length=5000),
        "starts_on": _date(data.get("starts_on"), "starts_on", "征集开始日期"),
        "ends_on": _date(data.get("ends_on"), "ends_on", "征集截止日期"),
        "name_rule": _choice(data.get("name_rule") or IdentityRule.OPTIONAL, "name_rule", "姓名要求", IdentityRule),
        "contact_rule": _choice(data.get("contact_rule") or IdentityRule.OPTIONAL, "contact_rule", "联系方式要求",
                                IdentityRule),
    }
    body = str(data.get("body_html") or "")
    if len(body) > MAX_BODY_CHARS:
        raise ValidationError({"body_html": f"正文不能超过 {MAX_BODY_CHARS} 字符。"})
    clean["body_html"] = sanitize_html(body)
    if not html_to_text(clean["body_html"]):
        raise ValidationError({"body_html": "请填写征求意见稿正文。"})
    if clean["ends_on"] < clean["starts_on"]:
        raise ValidationError({"ends_on": "征集截止日期不能早于开始日期。"})
    if (clean["ends_on"] - clean["starts_on"]).days + 1 > MAX_PERIOD_DAYS:
        raise ValidationError({"ends_on": f"征集期不能超过 {MAX_PERIOD_DAYS} 天。"})
    return clean


def _audit(actor, action: str, consultation: Consultation, before, request, after=None) -> None:
    record(actor=actor, action=f"consultations.consultation.{action}", obj=consultation,
           org_id=consultation.org_id, before=before,
           after=after if after is not None else snapshot(consultation, AUDITED), request=request)


def _load(actor, consultation_id, version, *, check=check_can_edit) -> Consultation:
    """Lock a consultation the actor may change (404 outside the scope, 403 for readers, 409 on a stale or
    missing version unless ``ANY_VERSION``)."""
    consultation = None
    if str(consultation_id).isdigit():
        consultation = (Consultation.objects.select_for_update(of=("self",)).select_related("org")
                        .filter(pk=consultation_id, org_id__in=viewable_org_ids(actor)).first())
    if consultation is None:
        raise Http404(NOT_FOUND)
    check(actor, consultation.org)
    if version is not ANY_VERSION and consultation.version != _version(version):
        raise ConflictError("该意见征集已被他人修改，请刷新页面后重试。")
    return consultation


def _save(consultation: Consultation, **changes) -> None:
    for key, value in changes.items():
        setattr(consultation, key, value)
    consultation.version += 1
    consultation.save()


# ---------------------------------------------------------------------------------------------------------
# the consultation


def create_consultation(actor, *, org, title, starts_on, ends_on, body_html, summary="", name_rule="optional",
                        contact_rule="optional", request=None) -> Consultation:
    """A new draft (草稿); nothing is public until ``publish``."""
    org = _org(org)
    check_can_edit(actor, org)
    if not org.is_active:
        raise ValidationError({"org": f"{org.name}已停用，不能发起意见征集。"})
    clean = _clean({"title": title, "summary": summary, "body_html": body_html, "starts_on": starts_on,
                    "ends_on": ends_on, "name_rule": name_rule, "contact_rule": contact_rule})
    with transaction.atomic():
        consultation = Consultation.objects.create(org=org, created_by=actor, **clean)
        _audit(actor, "create", consultation, None, request)
    return consultation


def update_consultation(actor, consultation_id, *, version, title, starts_on, ends_on, body_html, summary="",
                        name_rule="optional", contact_rule="optional", request=None) -> Consultation:
    """Edit a draft, or correct a published consultation before its period ends. Once the period has
    started its start date stays, and the end date cannot move before today (close early instead)."""
    clean = _clean({"title": title, "summary": summary, "body_html": body_html, "starts_on": starts_on,
                    "ends_on": ends_on, "name_rule": name_rule, "contact_rule": contact_rule})
    day = today()
    with transaction.atomic():
        consultation = _load(actor, consultation_id, version)
        phase = consultation.phase(day)
        if phase in (Phase.ENDED, Phase.CONCLUDED):
            raise ValidationError("征集期已结束，不能再修改征求意见稿和征集期。")
        if phase == Phase.OPEN and clean["starts_on"] != consultation.starts_on:
            raise ValidationError({"starts_on": "征集已经开始，不能修改开始日期。"})
        if phase != Phase.DRAFT and clean["ends_on"] < day:
            raise ValidationError({"ends_on": "已发布的意见征集，截止日期不能早于今天；如需提前结束请使用“提前截止”。"})
        before = snapshot(consultation, AUDITED)
        _save(consultation, **clean)
        _audit(actor, "update", consultation, before, request)
        if phase != Phase.DRAFT:
            pagecache.bump()
    return consultation


def publish(actor, consultation_id, *, version, request=None) -> Consultation:
    """发布: the draft becomes public from its start date and takes comments during its period."""
    day = today()
    with transaction.atomic():
        consultation = _load(actor, consultation_id, version)
        if consultation.status != Status.DRAFT:
            raise ValidationError("该意见征集已经发布。")
        if consultation.ends_on < day:
            raise ValidationError({"ends_on": f"征集截止日期（{cn_date(consultation.ends_on)}）已过，请先修改征集期再发布。"})
        before = snapshot(consultation, AUDITED)
        _save(consultation, status=Status.PUBLISHED, published_at=timezone.now())
        _audit(actor, "publish", consultation, before, request)
        pagecache.bump()
    return consultation


def close_early(actor, consultation_id, *, version, reason, request=None) -> Consultation:
    """提前截止: stop taking comments today (the page says so, with the reason)."""
    reason = _text(reason, "reason", "提前截止原因", required=True, max_length=500)
    day = today()
    with transaction.atomic():
        consultation = _load(actor, consultation_id, version)
        if consultation.phase(day) not in (Phase.OPEN, Phase.UPCOMING):
            raise ValidationError("只有已发布且尚未截止的意见征集可以提前截止。")
        before = snapshot(consultation, AUDITED)
        _save(consultation, status=Status.CLOSED, closed_on=day, close_reason=reason)
        _audit(actor, "close", consultation, before, request)
        pagecache.bump()
    return consultation


def delete_draft(actor, consultation_id, *, version=None, request=None) -> None:
    """Delete a consultation that was never published (with its attachments)."""
    with transaction.atomic():
        consultation = _load(actor, consultation_id, ANY_VERSION if version in (None, "") else version)
        if consultation.status != Status.DRAFT:
            raise ValidationError("只能删除尚未发布的草稿；已发布的意见征集须保留。")
        files = [(a.file.storage, a.file.name) for a in consultation.attachments.all()]
        _audit(actor, "delete", consultation, snapshot(consultation, AUDITED), request, after={})
        consultation.attachments.all().delete()
        consultation.delete()
        for storage, name in files:
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))


# ---------------------------------------------------------------------------------------------------------
# attachments


def add_attachment(actor, consultation_id, upload, *, request=None) -> ConsultationAttachment:
    """A file of the draft (PDF, DOC/DOCX, XLS/XLSX or OFD, judged by content, at most 20 MB), until the
    period ends."""
    if upload is None:
        raise ValidationError({"file": "请选择要上传的文件。"})
    with transaction.atomic():
        consultation = _load(actor, consultation_id, ANY_VERSION)
        if consultation.has_ended(today()):
            raise ValidationError({"file": "征集期已结束，不能再添加附件。"})
        try:
            sniffed = check_upload(upload, max_bytes=MAX_ATTACHMENT_BYTES, allowed=ATTACHMENT_KINDS)
        except ValidationError as e:
            raise ValidationError({"file": e.messages}) from e
        stored = f"{secrets.token_hex(12)}{sniffed.extension}"
        attachment = ConsultationAttachment(consultation=consultation, stored_name=stored,
                                            original_name=str(getattr(upload, "name", "") or stored)[:200],
                                            content_type=sniffed.content_type, size=upload.size,
                                            uploaded_by=actor)
        upload.seek(0)
        attachment.file.save(stored, upload, save=False)
        try:
            attachment.save()
            record(actor=actor, action="consultations.attachment.add", obj=attachment, org_id=consultation.org_id,
                   after={"consultation": consultation.pk, "name": attachment.original_name,
                          "size": attachment.size}, request=request)
        except BaseException:
            attachment.file.storage.delete(attachment.file.name)
            raise
    return attachment


def delete_attachment(actor, attachment_id, *, request=None) -> None:
    with transaction.atomic():
        attachment = (ConsultationAttachment.objects.filter(pk=attachment_id).first()
                      if str(attachment_id).isdigit() else None)
        if attachment is None:
            raise Http404("未找到该附件。")
        consultation = _load(actor, attachment.consultation_id, ANY_VERSION)
        if consultation.has_ended(today()):
            raise ValidationError("征集期已结束，附件须保留。")
        storage, name = attachment.file.storage, attachment.file.name
        record(actor=actor, action="consultations.attachment.delete", obj=attachment, org_id=consultation.org_id,
               before={"consultation": consultation.pk, "name": attachment.original_name, "size": attachment.size},
               request=request)
        attachment.delete()
        transaction.on_commit(lambda: storage.delete(name))


# ---------------------------------------------------------------------------------------------------------
# comments from the public


def client_hash(address: str) -> str:
    """A keyed hash of the sender's address: lets staff see that comments came from one place without the
    platform ever storing the address."""
    return hmac.new(settings.SECRET_KEY.encode(), f"consultation-client:{address}".encode(),
                    hashlib.sha256).hexdigest()[:32]


def submit_comment(consultation, data: dict, client: str, *, request=None) -> Comment:
    """A comment from the public on an open consultation; it waits for moderation (待审核)."""
    pk = consultation.pk if isinstance(consultation, Consultation) else consultation
    content = _text(data.get("content"), "content", "意见内容", required=True, max_length=MAX_COMMENT_CHARS)
    name = _text(data.get("name"), "name", "姓名", max_length=50)
    contact = _text(data.get("contact"), "contact", "联系方式", max_length=100)
    with transaction.atomic():
        consultation = (Consultation.objects.select_for_update().filter(pk=pk).first()
                        if str(pk).isdigit() else None)
        if consultation is None or consultation.status == Status.DRAFT:
            raise Http404("未找到该意见征集。")
        day = today()
        phase = consultation.phase(day)
        if phase == Phase.UPCOMING:
            raise ValidationError(f"意见征集尚未开始，请于{cn_date(consultation.starts_on)}起提交意见。")
        if phase != Phase.OPEN:
            raise ValidationError(f"意见征集已于{cn_date(consultation.effective_end)}截止，不再接收意见。")
        errors = {}
        if consultation.name_rule == IdentityRule.REQUIRED and not name:
            errors["name"] = "本次征集要求填写姓名。"
        if consultation.contact_rule == IdentityRule.REQUIRED and not contact:
            errors["contact"] = "本次征集要求填写联系方式。"
        if errors:
            raise ValidationError(errors)
        comment = Comment.objects.create(consultation=consultation, name=name, contact=contact, content=content,
                                         client_hash=client_hash(client or "unknown"))
        # No request: the audit trail would store the address the comment deliberately does not keep.
        record(actor=None, action="consultations.comment.submit", obj=comment, org_id=consultation.org_id,
               after={"consultation": consultation.pk, "chars": len(content), "client_hash": comment.client_hash})
    return comment


# ---------------------------------------------------------------------------------------------------------
# handling comments


def _load_comment(actor, comment_id, consultation_id=None) -> tuple[Consultation, Comment]:
    comment = Comment.objects.filter(pk=comment_id).first() if str(comment_id).isdigit() else None
    if comment is None or (consultation_id is not None and str(comment.consultation_id) != str(consultation_id)):
        raise Http404("未找到该意见。")
    consultation = _load(actor, comment.consultation_id, ANY_VERSION, check=check_can_handle)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if consultation.status == Status.CONCLUDED:
        raise ValidationError("采纳情况已发布，意见的审核和处理结果已固定，不能再修改。")
    return consultation, comment


def _audit_comment(actor, action, comment, consultation, before, request) -> None:
    record(actor=actor, action=f"consultations.comment.{action}", obj=comment, org_id=consultation.org_id,
           before=before, after=snapshot(comment, COMMENT_AUDITED), request=request)


def moderate_comment(actor, comment_id, *, decision, reason="", consultation_id=None, request=None) -> Comment:
    """审核: approve (shown on the public page) or reject (不予显示, with the reason, never shown)."""
    if decision not in (Moderation.APPROVED, Moderation.REJECTED):
        raise ValidationError({"decision": "请选择“通过”或“不予显示”。"})
    reason = _text(reason, "reason", "不予显示理由", required=decision == Moderation.REJECTED, max_length=500)
    with transaction.atomic():
        consultation, comment = _load_comment(actor, comment_id, consultation_id)
        if comment.moderation == decision:
            raise ValidationError(f"该意见已是“{Moderation(decision).label}”状态。")
        before = snapshot(comment, COMMENT_AUDITED)
        comment.moderation = decision
        comment.moderation_reason = reason if decision == Moderation.REJECTED else ""
        comment.moderated_by, comment.moderated_at = actor, timezone.now()
        comment.version += 1
        comment.save()
        _audit_comment(actor, "approve" if decision == Moderation.APPROVED else "reject", comment, consultation,
                       before, request)
    return comment


def handle_comment(actor, comment_id, *, version, reply="", topic="", adoption="", consultation_id=None,
                   request=None) -> Comment:
    """答复、归类、采纳情况 of one comment (until the feedback is published). A reply is public only with an
    approved comment."""
    reply = _text(reply, "reply", "答复", max_length=MAX_COMMENT_CHARS)
    topic = _text(topic, "topic", "归类", max_length=100)
    if adoption and adoption not in Adoption.values:
        raise ValidationError({"adoption": "请选择采纳情况（采纳、部分采纳、未采纳或不适用）。"})
    with transaction.atomic():
        consultation, comment = _load_comment(actor, comment_id, consultation_id)
        if comment.version != _version(version):
            raise ConflictError("该意见已被他人处理，请刷新页面后重试。")
        before = snapshot(comment, COMMENT_AUDITED)
        if reply != comment.reply:
            comment.replied_by, comment.replied_at = (actor, timezone.now()) if reply else (None, None)
        comment.reply, comment.topic, comment.adoption = reply, topic, adoption or ""
        comment.version += 1
        comment.save()
        _audit_comment(actor, "handle", comment, consultation, before, request)
    return comment


# ---------------------------------------------------------------------------------------------------------
# feedback (采纳情况) and the final policy


def compute_counts(consultation: Consultation) -> dict:
    """The counts of the feedback summary, from the comments as they are now."""
    c = Comment.objects.filter(consultation=consultation).aggregate(
        received=Count("id"),
        pending=Count("id", filter=Q(moderation=Moderation.PENDING)),
        rejected=Count("id", filter=Q(moderation=Moderation.REJECTED)),
        approved=Count("id", filter=Q(moderation=Moderation.APPROVED)),
        adopted=Count("id", filter=Q(moderation=Moderation.APPROVED, adoption=Adoption.ADOPTED)),
        partial=Count("id", filter=Q(moderation=Moderation.APPROVED, adoption=Adoption.PARTIAL)),
        not_adopted=Count("id", filter=Q(moderation=Moderation.APPROVED, adoption=Adoption.NOT_ADOPTED)),
        na=Count("id", filter=Q(moderation=Moderation.APPROVED, adoption=Adoption.NOT_APPLICABLE)),
        unmarked=Count("id", filter=Q(moderation=Moderation.APPROVED, adoption="")),
    )
    return c


def save_feedback(actor, consultation_id, *, version, feedback_text, request=None) -> Consultation:
    """Save the 采纳情况说明 as a draft (not public until ``publish_feedback``)."""
    text = _text(feedback_text, "feedback_text", "采纳情况说明", max_length=20_000)
    with transaction.atomic():
        consultation = _load(actor, consultation_id, version)
        if consultation.status == Status.DRAFT:
            raise ValidationError("意见征集尚未发布。")
        if consultation.status == Status.CONCLUDED:
            raise ValidationError("采纳情况已发布，不能再修改。")
        before = snapshot(consultation, AUDITED)
        _save(consultation, feedback_text=text)
        _audit(actor, "feedback_save", consultation, before, request)
    return consultation


def publish_feedback(actor, consultation_id, *, version, feedback_text, request=None) -> Consultation:
    """发布采纳情况: after the period, with every comment moderated and every approved one marked. The counts
    are computed here and frozen with the comments."""
    text = _text(feedback_text, "feedback_text", "采纳情况说明", required=True, max_length=20_000)
    with transaction.atomic():
        consultation = _load(actor, consultation_id, version)
        if consultation.status == Status.CONCLUDED:
            raise ValidationError("采纳情况已经发布。")
        if not consultation.has_ended(today()):
            raise ValidationError(f"征集期至{cn_date(consultation.ends_on)}，截止后才能发布采纳情况。")
        # Comments change only under this consultation's row lock (submit and handling take it too).
        counts = compute_counts(consultation)
        if counts["pending"]:
            raise ValidationError(f"还有 {counts['pending']} 条意见待审核，请先审核。")
        if counts["unmarked"]:
            raise ValidationError(f"还有 {counts['unmarked']} 条已通过的意见未标注采纳情况。")
        before = snapshot(consultation, AUDITED)
        _save(consultation, feedback_text=text, status=Status.CONCLUDED, feedback_published_at=timezone.now(),
              count_received=counts["received"], count_rejected=counts["rejected"],
              count_adopted=counts["adopted"], count_partial=counts["partial"],
              count_not_adopted=counts["not_adopted"], count_na=counts["na"])
        _audit(actor, "feedback_publish", consultation, before, request)
        pagecache.bump()
    return consultation


def link_final_policy(actor, consultation_id, *, version, item, request=None) -> Consultation:
    """Name the policy finally published (a public item of the same body, by 索引号 or id), or clear it
    (empty ``item``). Possible once the period has ended."""
    with transaction.atomic():
        consultation = _load(actor, consultation_id, version)
        if not consultation.has_ended(today()):
            raise ValidationError({"item": "征集期结束后才能关联正式发布的文件。"})
        found = None
        if isinstance(item, Item):
            item = item.pk
        key = str(item or "").strip()
        if key:
            qs = public_items().filter(org_id=consultation.org_id)
            found = (qs.filter(pk=int(key)).first() if key.isdigit() and len(key) < 19
                     else qs.filter(index_no=key).first())
            if found is None:
                raise ValidationError({"item": f"{consultation.org.name}没有索引号为“{key}”的已公开信息；"
                                                "正式文件须由本机关主动公开后才能关联。"})
        before = snapshot(consultation, AUDITED)
        _save(consultation, final_item=found)
        _audit(actor, "link_final" if found else "unlink_final", consultation, before, request)
        pagecache.bump()
    return consultation
