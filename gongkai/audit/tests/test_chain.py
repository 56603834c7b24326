"""The audit trail is append-only and any tampering is found by verify_audit."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from gongkai.audit.models import AuditEvent, AuditHead
from gongkai.audit.services import record, verify_chain

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(sysadmin):
    return [record(actor=sysadmin, action="test.change", object_type="test.thing", object_id=str(i),
                   object_repr=f"物件{i}", before={"n": i}, after={"n": i + 1, "名称": "测试"})
            for i in range(1, 6)]


def raw(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_chain_links_each_event_to_the_previous(events):
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]
    for prev, cur in zip(events, events[1:], strict=False):
        assert cur.prev_hash == prev.hash
    assert verify_chain().ok
    call_command("verify_audit")


def test_orm_refuses_updates_and_deletes(events):
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(seq=2).update(action="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(seq=2).delete()
    event = AuditEvent.objects.get(seq=2)
    event.action = "x"
    with pytest.raises(PermissionError):
        event.save()


@pytest.mark.parametrize("column, value", [("action", "test.other"), ("object_repr", "别的物件"),
                                           ("after", '{"n": 99}'), ("actor_name", "someone")])
def test_altered_row_is_detected(events, column, value):
    raw(f"UPDATE audit_auditevent SET {column} = %s WHERE seq = 3", [value])
    result = verify_chain()
    assert not result.ok and result.broken_seq == 3 and "改动" in result.reason
    with pytest.raises(CommandError, match="第 3 条"):
        call_command("verify_audit")


def test_rehashed_row_breaks_the_next_link(events):
    # A forger who recomputes the row's own hash still breaks the following event's prev_hash.
    raw("UPDATE audit_auditevent SET hash = %s WHERE seq = 3", ["f" * 64])
    result = verify_chain()
    assert not result.ok and result.broken_seq == 3


def test_deleted_middle_row_is_detected(events):
    raw("DELETE FROM audit_auditevent WHERE seq = 2", [])
    result = verify_chain()
    assert not result.ok and result.broken_seq == 2 and "缺失" in result.reason


def test_deleted_last_row_is_detected(events):
    raw("DELETE FROM audit_auditevent WHERE seq = 5", [])
    result = verify_chain()
    assert not result.ok and result.broken_seq == 5 and "末尾" in result.reason


def test_head_tracks_the_end(events):
    head = AuditHead.objects.get(pk=1)
    assert head.seq == 5 and head.hash == events[-1].hash


def test_only_the_auditor_reads_the_trail(client, events, auditor, sysadmin, secadmin):
    client.force_login(auditor)
    page = client.get(reverse("audit:list"))
    assert page.status_code == 200 and "物件3" in page.content.decode()
    assert "test.change" in page.content.decode()
    detail = client.get(reverse("audit:detail", args=[3]))
    assert "测试" in detail.content.decode()
    response = client.post(reverse("audit:verify"), follow=True)
    assert "审计链完整" in response.content.decode()
    export = client.get(reverse("audit:export"))
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    for other in (sysadmin, secadmin):
        client.force_login(other)
        assert client.get(reverse("audit:list")).status_code == 403
        assert client.get(reverse("audit:detail", args=[3])).status_code == 403


def test_auditor_sees_a_broken_chain(client, events, auditor):
    raw("UPDATE audit_auditevent SET object_repr = %s WHERE seq = 4", ["篡改"])
    client.force_login(auditor)
    response = client.post(reverse("audit:verify"), follow=True)
    assert "审计链断裂：第 4 条" in response.content.decode()


def test_bad_date_filter_is_a_message_not_an_error(client, events, auditor):
    client.force_login(auditor)
    response = client.get(reverse("audit:list"), {"start": "2026-13-45"})
    assert response.status_code == 200 and "格式不正确" in response.content.decode()


def test_actions_are_named_in_chinese(client, auditor, sysadmin):
    from gongkai.orgs.models import OrgKind
    from gongkai.orgs.services import create_org

    create_org(sysadmin, name="丙市人民政府", code="BING", kind=OrgKind.CITY_GOV)
    client.force_login(auditor)
    assert "新增机构" in client.get(reverse("audit:list")).content.decode()
