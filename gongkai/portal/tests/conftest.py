"""Fixtures for the public portal: form payloads, files of every kind, staff of one body, a clean cache.

Shared fixtures (staff, the pinned date, MEDIA_ROOT in a temporary directory) are in gongkai/conftest.py."""

import io
import zipfile

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.disclosure import services
from gongkai.orgs.models import Role, ScopeMode
from gongkai.testing import FIXED_TODAY, payload, resident_id, uscc  # noqa: F401  (imported by the test modules)


def person_post(**overrides) -> dict:
    data = {
        "applicant_name": "张三", "id_type": "resident_id", "id_number": resident_id(), "phone": "13800138000",
        "email": "zhang@example.com", "address": "示例市东城区和平路1号", "postcode": "100000",
        "content": "2023年甲市教育局学校食堂招标文件", "purpose": "", "info_form": "electronic",
        "delivery_method": "email", "declaration": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def org_post(**overrides) -> dict:
    data = {
        "applicant_name": "示例律师事务所", "applicant_kind": "legal_service", "id_number": uscc(),
        "contact_person": "李四", "phone": "010-66668888", "email": "office@example.com",
        "address": "示例市西山区建设路8号", "postcode": "100001",
        "content": "甲市教育局2024年部门预算说明", "purpose": "研究", "info_form": "paper",
        "delivery_method": "post", "declaration": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def apply_url(org, kind="person") -> str:
    return reverse("portal:apply", args=[org.code]) + f"?kind={kind}"


@pytest.fixture(autouse=True)
def clean_cache():
    """The rate limits live in the cache; each test starts with none used."""
    cache.clear()
    yield
    cache.clear()











@pytest.fixture
def submit(client, tree):
    """Submit the person form to the city education bureau; returns the response after the redirect."""
    def do(data=None, *, org=None, kind="person", **extra):
        return client.post(apply_url(org or tree["city_edu"], kind), data or person_post(), **extra)
    return do


def payload_for_service(**overrides) -> dict:
    """The ``data`` of ``submit_online``."""
    return payload(**overrides)


# ---- published items (test_column, test_pagecache) ----


@pytest.fixture
def desk(make_user, tree):
    return {
        "publisher": make_user("c_pub", memberships=[(tree["city"], Role.PUBLISHER, ScopeMode.SUBTREE)]),
        "reviewer": make_user("c_rev", memberships=[(tree["city"], Role.SECRECY_REVIEWER, ScopeMode.SUBTREE)]),
        "approver": make_user("c_appr", memberships=[(tree["city"], Role.APPROVER, ScopeMode.SUBTREE)]),
    }


@pytest.fixture
def publish(desk, tree):
    def make(org=None, stop_at=None, attachments=(), approve_kwargs=None, **data):
        values = {"title": "一般事项的通知", "formed_on": "2026-06-10", "written_on": "2026-06-01",
                  "topic": "general", "doc_type": "notice", "body_html": "<p>现将有关事项通知如下。</p>",
                  "disclosure": "active", "channels": ["website"]}
        values.update(data)
        item = services.create_item(desk["publisher"], org=org or tree["city_edu"], data=values)
        for upload in attachments:
            services.add_attachment(desk["publisher"], item.pk, upload)
        if stop_at == "draft":
            return item
        services.submit(desk["publisher"], item.pk)
        services.secrecy_pass(desk["reviewer"], item.pk)
        if stop_at == "review":
            return item
        services.approve(desk["approver"], item.pk, **(approve_kwargs or {}))
        item.refresh_from_db()
        return item
    return make
