"""Fixtures of the registers tests: the people who keep or read registers (on the shared org tree of
gongkai/conftest.py), CSV helpers and the pinned date."""

import pytest

from gongkai.orgs.models import Role, ScopeMode
from gongkai.testing import FIXED_TODAY, resident_id, uscc

HEADER = ["机构代码", "类别", "决定文书号", "决定日期", "相对人名称", "相对人类别", "相对人证件号码", "事由", "依据", "结果"]
COMPANY_ID = uscc()
PERSON_ID = resident_id()


@pytest.fixture(autouse=True)
def registers_today(monkeypatch):
    """The registers' idea of today is the shared pinned date (decisions after it are refused)."""
    from gongkai.registers import services

    monkeypatch.setattr(services, "today", lambda: FIXED_TODAY)
    return FIXED_TODAY


@pytest.fixture
def people(make_user, staff, tree):
    """office: 公开办管理员 of the city and everything below; publisher: 信息发布员 of the city education bureau
    only; supervisor: 监督员 of the city; reader_publisher: 监督员 of the city who publishes only for the
    education bureau; outsider: 信息发布员 of district B; handler: a 承办人 without a registers role."""
    return {
        "office": staff["office"],
        "publisher": make_user("pub_edu", memberships=[(tree["city_edu"], Role.PUBLISHER, ScopeMode.SELF)]),
        "supervisor": staff["supervisor"],
        "reader_publisher": make_user("pub_sup", memberships=[
            (tree["city"], Role.SUPERVISOR, ScopeMode.SUBTREE), (tree["city_edu"], Role.PUBLISHER, ScopeMode.SELF)]),
        "outsider": make_user("pub_b", memberships=[(tree["dist_b"], Role.PUBLISHER, ScopeMode.SUBTREE)]),
        "handler": staff["handler"],
    }


def row(org="C-JYJ", kind="行政处罚", no="示教罚〔2026〕1号", on="2026-03-01", name="甲市某某教育咨询有限公司",
        subject_kind="法人", subject_id=COMPANY_ID, summary="未经批准擅自举办培训", basis="《中华人民共和国民办教育促进法》第六十四条",
        result="责令停止办学，罚款1万元") -> list[str]:
    return [org, kind, no, on, name, subject_kind, subject_id, summary, basis, result]


def csv_bytes(rows, *, encoding="utf-8-sig", header=HEADER) -> bytes:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if header:
        writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)
