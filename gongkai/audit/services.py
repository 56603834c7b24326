"""Writing and verifying the audit trail.

``record()`` is called by every service that changes state, inside that service's transaction, so the
event is committed with the change or not at all.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from .models import GENESIS_HASH, AuditEvent, AuditHead


def _normalise(value):
    """Round-trip through JSON so that what is hashed is exactly what the database returns."""
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def compute_hash(event: AuditEvent) -> str:
    payload = {
        "seq": event.seq,
        "occurred_at": event.occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor_id": event.actor_id,
        "actor_name": event.actor_name,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "org_id": event.org_id,
        "before": event.before,
        "after": event.after,
        "ip": event.ip,
        "prev_hash": event.prev_hash,
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def snapshot(instance: models.Model, fields=None) -> dict:
    """The audited state of a model instance: concrete field values, foreign keys as ids."""
    data = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in {"password"}:
            continue
        data[field.attname] = field.value_from_object(instance)
    return _normalise(data)


def client_ip(request) -> str:
    if request is None:
        return ""
    return (request.META.get("REMOTE_ADDR") or "")[:64]


def record(*, actor, action: str, obj: models.Model | None = None, object_type: str = "",
           object_id: str = "", object_repr: str = "", org_id: int | None = None,
           before=None, after=None, request=None) -> AuditEvent:
    """Append one event to the chain. ``actor`` may be None for system jobs."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)
    with transaction.atomic():
        head = AuditHead.objects.select_for_update().get(pk=1)
        event = AuditEvent(
            seq=head.seq + 1,
            occurred_at=timezone.now(),
            actor=actor if getattr(actor, "pk", None) else None,
            actor_name=getattr(actor, "username", "") or ("system" if actor is None else ""),
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            object_repr=str(object_repr)[:300],
            org_id=org_id,
            before=_normalise(before),
            after=_normalise(after),
            ip=client_ip(request),
            prev_hash=head.hash,
        )
        event.hash = compute_hash(event)
        event.save()
        AuditHead.objects.filter(pk=1).update(seq=event.seq, hash=event.hash)
    return event


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str = ""

    def message(self) -> str:
        if self.ok:
            return f"审计链完整：共校验 {self.checked} 条记录，未发现篡改或删除。"
        return f"审计链断裂：第 {self.broken_seq} 条记录处发现问题——{self.reason}（已校验 {self.checked} 条）。"


def verify_chain() -> VerifyResult:
    """Walk the chain in order; report the first broken link."""
    expected_seq = 1
    prev_hash = GENESIS_HASH
    checked = 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        if event.seq != expected_seq:
            return VerifyResult(False, checked, expected_seq, f"第 {expected_seq} 条记录缺失（已被删除）")
        if event.prev_hash != prev_hash:
            return VerifyResult(False, checked, event.seq, "记录的上一条哈希与链不符（前一条记录被改动或删除）")
        if compute_hash(event) != event.hash:
            return VerifyResult(False, checked, event.seq, "记录内容与其哈希不符（记录被改动）")
        prev_hash = event.hash
        expected_seq += 1
        checked += 1
    head = AuditHead.objects.get(pk=1)
    if head.seq != expected_seq - 1 or head.hash != prev_hash:
        return VerifyResult(False, checked, expected_seq,
                            f"链头记录到第 {head.seq} 条，但日志只到第 {expected_seq - 1} 条（末尾记录被删除或链头被改动）")
    return VerifyResult(True, checked)
