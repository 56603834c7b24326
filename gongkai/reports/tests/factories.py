"""Building applications for report tests through the application services."""

import datetime as dt

from gongkai.applications import services as apps
from gongkai.testing import payload, uscc

REASON = "经检索，相关信息依法处理。"


def receive(handler, org, on: dt.date, kind: str = "natural_person", n: int = 1) -> list:
    """``n`` applications of applicant kind ``kind`` registered at ``org`` as received on ``on``."""
    out = []
    for i in range(n):
        if kind == "natural_person":
            data = payload(channel="in_person", received_on=on.isoformat(), content=f"申请公开的信息 第{i + 1}项")
        else:
            data = payload(channel="in_person", received_on=on.isoformat(), applicant_kind=kind,
                           applicant_name=f"某{kind}单位{i}", id_type="uscc", id_number=uscc(), contact_person="李四",
                           content=f"申请公开的信息 第{i + 1}项")
        app, _code = apps.register(handler, org=org, data=data)
        out.append(app)
    return out


def conclude(app, handler, approver, outcome: str, on: dt.date):
    """Reply with ``outcome`` (a table 三 row) delivered on ``on``; 3.6.3 is a withdrawal."""
    if outcome == "3.6.3":
        return apps.withdraw(handler, app.pk, reason="申请人撤回", on=on)
    provided = "提供电子文档。" if outcome in ("3.1", "3.2") else ""
    reason = "" if outcome == "3.1" else REASON
    apps.draft_reply(handler, app.pk, outcome=outcome, reason=reason, provided=provided, on=on)
    apps.approve_reply(approver, app.pk, on=on)
    return apps.deliver(handler, app.pk, on=on)
