"""Fixtures for disclosure tests: the staff of the publishing workflow in one department."""

import pytest

from gongkai.orgs.models import Role, ScopeMode


@pytest.fixture
def desk(make_user, tree):
    edu = tree["city_edu"]
    return {
        "publisher": make_user("pub", memberships=[(edu, Role.PUBLISHER, ScopeMode.SELF)]),
        "reviewer": make_user("rev", memberships=[(edu, Role.SECRECY_REVIEWER, ScopeMode.SELF)]),
        "approver": make_user("appr", memberships=[(edu, Role.APPROVER, ScopeMode.SELF)]),
        "office": make_user("off", memberships=[(tree["city"], Role.OFFICE_ADMIN, ScopeMode.SUBTREE)]),
        "other_reviewer": make_user("rev_b", memberships=[(tree["dist_b"], Role.SECRECY_REVIEWER, ScopeMode.SUBTREE)]),
    }


def item_data(**overrides):
    data = {"title": "甲市教育局关于做好2026年义务教育招生工作的通知", "doc_no": "甲教发〔2026〕3号",
            "written_on": "2026-03-01", "formed_on": "2026-06-10",
            "topic": "education", "doc_type": "other_document", "article20_item": 11,
            "body_html": "<p>各区教育局：</p><p>现将有关事项通知如下。</p>", "disclosure": "active",
            "channels": ["website"]}
    data.update(overrides)
    return data
