"""Fixtures for the search tests: the publishing staff of the city education bureau, a helper that takes an
item through the real workflow to publication, and a small Chinese corpus with known answers."""

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.disclosure import services
from gongkai.orgs.models import Role, ScopeMode


@pytest.fixture
def desk(make_user, tree):
    edu = tree["city_edu"]
    return {
        "publisher": make_user("s_pub", memberships=[(tree["city"], Role.PUBLISHER, ScopeMode.SUBTREE)]),
        "reviewer": make_user("s_rev", memberships=[(tree["city"], Role.SECRECY_REVIEWER, ScopeMode.SUBTREE)]),
        "approver": make_user("s_appr", memberships=[(tree["city"], Role.APPROVER, ScopeMode.SUBTREE)]),
        "edu": edu,
    }


def item_data(**overrides) -> dict:
    data = {"title": "一般事项的通知", "doc_no": "", "written_on": "2026-03-01", "formed_on": "2026-06-10",
            "topic": "general", "doc_type": "notice", "article20_item": None,
            "body_html": "<p>现将有关事项通知如下。</p>", "disclosure": "active", "channels": ["website"]}
    data.update(overrides)
    return data


def docx_upload(name: str, paragraphs: list[str]) -> SimpleUploadedFile:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(),
                              content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")


@pytest.fixture
def publish(desk):
    """``publish(org=…, attachments=[…], stop_at=None|"draft"|"review", **data)`` → the item, published
    through create → submit → 保密审查 → 审批 unless ``stop_at`` says where to leave it."""
    def make(org=None, attachments=(), stop_at=None, approve_kwargs=None, **data):
        item = services.create_item(desk["publisher"], org=org or desk["edu"], data=item_data(**data))
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


@pytest.fixture
def corpus(publish, tree):
    """Items with known answers. The enrolment notice has 义务教育 and 招生 in its title; the news item
    mentions each once in its body; the grant list has its words only in a DOCX attachment."""
    enrolment = publish(
        title="示例市教育局关于做好2026年义务教育招生入学工作的通知", doc_no="示教发〔2026〕12号",
        topic="education", doc_type="notice", article20_item=11,
        body_html="<p>各区教育局：</p><p>为做好2026年义务教育阶段学校招生入学工作，坚持免试就近入学，"
                  "严格执行划片招生政策，现将有关事项通知如下。</p><p>一、招生对象。二、招生程序。</p>")
    news = publish(
        title="市卫生健康委开展夏季食品安全专项检查", topic="health", doc_type="news",
        body_html="<p>检查组走访了餐饮单位和部分学校食堂，其中包括一所义务教育学校，"
                  "并提醒秋季招生开学前做好食堂消毒。</p>")
    rules = publish(
        title="示例市校外培训机构监督管理办法", doc_no="示教规〔2025〕3号", doc_type="normative",
        topic="education", article20_item=1, body_html="<p>第一条 为规范校外培训机构办学行为，制定本办法。</p>",
        approve_kwargs={"sync_exception_reason": "解读材料另行发布"})
    grants = publish(
        title="2026年春季学期资助工作情况", topic="education", doc_type="other_document",
        body_html="<p>详见附件。</p>",
        attachments=[docx_upload("附件1.docx", ["家庭经济困难学生资助资金发放明细表", "共计发放助学金120万元"])])
    district = publish(org=tree["dist_a"], title="A区人民政府关于开展安全生产大检查的通知", topic="market",
                       doc_type="notice", body_html="<p>各镇人民政府、区政府各部门：现将安全生产检查安排通知如下。</p>")
    return {"enrolment": enrolment, "news": news, "rules": rules, "grants": grants, "district": district}
