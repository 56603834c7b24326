"""The public 政府信息公开 column: home, a body's sub-columns, the item page, attachments and search.

Nothing outside ``public_items()`` may show anywhere; titles and bodies are escaped or sanitised; every page
renders for a body that has published nothing yet."""

import datetime as dt
import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from gongkai.disclosure import column as column_services
from gongkai.disclosure import services
from gongkai.disclosure.models import Item
from gongkai.orgs.models import Role, ScopeMode

pytestmark = pytest.mark.django_db

SCRIPT_TITLE = "<script>alert(1)</script>关于木棉花节的通知"


def docx_upload(name, text):
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def hidden(publish, desk):
    """One item in every state the public must not see, all with 紫荆花 in the title."""
    withdrawn = publish(title="紫荆花已撤回的通知")
    services.withdraw(desk["approver"], withdrawn.pk, reason="内容有误")
    return {
        "draft": publish(title="紫荆花草稿", stop_at="draft"),
        "review": publish(title="紫荆花待审批", stop_at="review"),
        "on_request": publish(title="紫荆花依申请公开", disclosure="on_request"),
        "withheld": publish(title="紫荆花不予公开", disclosure="withheld", withheld_ground="art16_internal",
                            withheld_reason="内部事务"),
        "withdrawn": withdrawn,
        "scheduled": publish(title="紫荆花定时发布", approve_kwargs={
            "publish_at": timezone.now() + dt.timedelta(days=2)}),
    }


def get(client, name, *args, params=None):
    return client.get(reverse(f"portal:{name}", args=args), params or {})


# ---------------------------------------------------------------------------------------------------------
# home and a body's column


def test_home_lists_bodies_latest_items_and_search_box(client, publish, tree):
    item = publish(title="甲市教育局关于做好秋季开学工作的通知")
    response = get(client, "home")
    assert response.status_code == 200
    html = response.content.decode()
    assert item.title in html and tree["city_edu"].name in html and tree["dist_b"].name in html
    assert reverse("portal:body", args=["C-JYJ"]) in html
    assert f'action="{reverse("portal:search")}"' in html and 'name="q"' in html
    assert reverse("portal:apply_index") in html


def test_column_pages_render_for_a_body_with_nothing_published(client, tree):
    for name in ("body", "body_guide", "body_policies", "body_items"):
        response = get(client, name, "B-BGS")
        assert response.status_code == 200, name
    assert "尚未发布" in get(client, "body_guide", "B-BGS").content.decode()
    assert "尚未发布" in get(client, "body_policies", "B-BGS").content.decode()
    assert "共 0 条" in get(client, "body_items", "B-BGS").content.decode()
    assert get(client, "body", "NO-SUCH-BODY").status_code == 404


def test_guide_and_policy_pages(client, desk, tree, make_user):
    editor = make_user("c_office", memberships=[(tree["city_edu"], Role.OFFICE_ADMIN, ScopeMode.SELF)])
    column_services.save_guide(editor, org=tree["city_edu"], data={
        "classification": "按公开目录分类编排。", "how_to_obtain": "通过本栏目查阅。", "office_name": "甲市教育局办公室",
        "address": "甲市人民路1号", "hours": "工作日9:00—17:00", "phone": "0471-1234567", "postcode": "010000"})
    page = column_services.save_policy_page(editor, org=tree["city_edu"], data={
        "title": "甲市教育局政府信息公开保密审查制度",
        "body_html": '<p>第一条 为规范保密审查。</p><script>alert(1)</script><p onclick="x()">第二条</p>'})
    guide = get(client, "body_guide", "C-JYJ").content.decode()
    assert "甲市教育局办公室" in guide and "0471-1234567" in guide and "尚未发布" not in guide
    assert page.title in get(client, "body_policies", "C-JYJ").content.decode()
    detail = get(client, "body_policy", "C-JYJ", page.pk).content.decode()
    assert "第一条 为规范保密审查。" in detail and "alert(1)" not in detail and "onclick" not in detail
    assert get(client, "body_policy", "C-BGS", page.pk).status_code == 404  # another body's page


def test_statutory_content_by_catalog_and_article_with_filters(client, publish, tree, make_user):
    editor = make_user("c_office2", memberships=[(tree["city_edu"], Role.OFFICE_ADMIN, ScopeMode.SELF)])
    policy = column_services.save_catalog_node(editor, org=tree["city_edu"], data={
        "name": "政策文件", "kind": "statutory", "article20_item": 1, "update_every_days": 180})
    normative = column_services.save_catalog_node(editor, org=tree["city_edu"], data={
        "name": "规范性文件", "kind": "statutory", "article20_item": 1, "parent": policy.pk})
    enrolment = column_services.save_catalog_node(editor, org=tree["city_edu"], data={
        "name": "招生入学", "kind": "standard", "matter": "义务教育招生入学", "content": "招生范围、招生计划",
        "basis": "《中华人民共和国义务教育法》", "time_limit": "信息形成或者变更之日起20个工作日内",
        "subject": "甲市教育局", "channels": "政府网站", "audience": "全社会", "manner": "主动公开"})
    rules = publish(title="甲市校外培训管理办法", doc_type="normative", article20_item=1, catalog_node=normative.pk,
                    doc_no="甲教规〔2026〕1号", approve_kwargs={"sync_exception_reason": "解读另行发布"})
    notice = publish(title="甲市2026年义务教育招生工作的通知", article20_item=11, catalog_node=enrolment.pk)
    publish(org=tree["city_office"], title="市政府办公室的通知", article20_item=11)

    page = get(client, "body_items", "C-JYJ").content.decode()
    assert rules.title in page and notice.title in page and "市政府办公室的通知" not in page and "共 2 条" in page
    by_parent = get(client, "body_items", "C-JYJ", params={"node": policy.pk}).content.decode()
    assert rules.title in by_parent and notice.title not in by_parent  # a node includes its children
    by_standard = get(client, "body_items", "C-JYJ", params={"node": enrolment.pk}).content.decode()
    assert notice.title in by_standard and "《中华人民共和国义务教育法》" in by_standard and "公开渠道和载体" in by_standard
    by_article = get(client, "body_items", "C-JYJ", params={"article": 11}).content.decode()
    assert notice.title in by_article and rules.title not in by_article and "第二十条第（十一）项" in by_article
    normative_only = get(client, "body_items", "C-JYJ", params={"doc_type": "normative"}).content.decode()
    assert rules.title in normative_only and notice.title not in normative_only
    year = timezone.localdate().year
    assert "共 2 条" in get(client, "body_items", "C-JYJ", params={"year": year}).content.decode()
    assert "共 0 条" in get(client, "body_items", "C-JYJ", params={"year": year - 1}).content.decode()
    # Bad values in a stale link are ignored rather than failing.
    assert get(client, "body_items", "C-JYJ", params={"year": "abc", "doc_type": "x", "node": "999",
                                                      "article": "0", "page": "zz"}).status_code == 200


def test_validity_filter_and_label(client, publish, desk):
    rules = publish(title="甲市旧办法", doc_type="normative", article20_item=1,
                    approve_kwargs={"sync_exception_reason": "解读另行发布"})
    services.set_validity(desk["publisher"], rules.pk, validity="repealed", on="2026-09-01")
    expired = get(client, "body_items", "C-JYJ", params={"validity": "repealed"}).content.decode()
    assert rules.title in expired and "已废止" in expired
    assert rules.title not in get(client, "body_items", "C-JYJ", params={"validity": "valid"}).content.decode()
    item_page = get(client, "item", rules.index_no).content.decode()
    assert "已废止（2026-09-01）" in item_page


def test_pagination(client, publish):
    for n in range(23):
        publish(title=f"第{n + 1}号工作通知")
    first = get(client, "body_items", "C-JYJ").content.decode()
    assert "共 23 条" in first and "第 1 / 2 页" in first and "page=2" in first
    second = get(client, "body_items", "C-JYJ", params={"page": 2}).content.decode()
    assert "第 2 / 2 页" in second and second.count('class="pt-item-title"') == 3


# ---------------------------------------------------------------------------------------------------------
# the item page and attachments


def test_item_page_shows_the_metadata_table(client, publish):
    item = publish(title="甲市教育局关于印发学生资助办法的通知", doc_no="甲教发〔2026〕8号", topic="education",
                   doc_type="other_document", article20_item=11, written_on="2026-05-20",
                   body_html="<p>各区教育局：</p><p>现印发资助办法。</p>")
    response = get(client, "item", item.index_no)
    assert response.status_code == 200
    html = response.content.decode()
    for label in ("索引号", "发布机构", "成文日期", "发布日期", "文　　号", "主题分类", "文　　种", "有 效 性", "第二十条事项"):
        assert label in html, label
    for value in (item.index_no, "甲市教育局", "2026-05-20", timezone.localdate().isoformat(), "甲教发〔2026〕8号",
                  "科技、教育", "其他文件", "有效", "第二十条第（十一）项"):
        assert value in html, value
    assert "<p>现印发资助办法。</p>" in html
    assert get(client, "item", str(item.pk)).status_code == 200  # by id as well


def test_interpretation_and_its_policy_link_to_each_other(client, publish, desk, tree):
    policy = publish(title="甲市学生资助管理办法", doc_type="normative", article20_item=1, stop_at="review")
    reading = services.create_item(desk["publisher"], org=tree["city_edu"], data={
        "title": "《甲市学生资助管理办法》政策解读", "formed_on": "2026-06-10", "doc_type": "interpretation",
        "interprets": policy.pk, "body_html": "<p>一、制定背景。</p>", "disclosure": "active", "topic": "education"})
    services.submit(desk["publisher"], reading.pk)
    services.secrecy_pass(desk["reviewer"], reading.pk)
    services.approve(desk["approver"], policy.pk)  # 三同步: the interpretation is approved with it
    reading.refresh_from_db()
    assert reading.is_public
    policy_page = get(client, "item", policy.index_no).content.decode()
    assert "政策解读" in policy_page and reverse("portal:item", args=[reading.index_no]) in policy_page
    reading_page = get(client, "item", reading.index_no).content.decode()
    assert "解读的文件" in reading_page and reverse("portal:item", args=[policy.index_no]) in reading_page


def test_attachments_download_for_public_items_only(client, publish, desk):
    public = publish(title="附件测试", attachments=[docx_upload("附件1 名单.docx", "名单")])
    draft = publish(title="附件草稿", stop_at="draft", attachments=[docx_upload("草稿.docx", "草稿")])
    withdrawn = publish(title="附件撤回", attachments=[docx_upload("撤回.docx", "撤回")])
    services.withdraw(desk["approver"], withdrawn.pk, reason="有误")
    attachment = public.attachments.get()
    assert reverse("portal:attachment", args=[attachment.pk]) in get(client, "item", public.index_no).content.decode()
    response = get(client, "attachment", attachment.pk)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"PK")
    for other in (draft, withdrawn):
        assert get(client, "attachment", other.attachments.get().pk).status_code == 404
    assert get(client, "attachment", 999999).status_code == 404


def test_nothing_unpublished_shows_anywhere(client, publish, hidden):
    visible = publish(title="紫荆花已发布的通知")
    for key, item in hidden.items():
        assert get(client, "item", item.index_no).status_code == 404, key
        assert get(client, "item", str(item.pk)).status_code == 404, key
    pages = [get(client, "home"), get(client, "body", "C-JYJ"), get(client, "body_items", "C-JYJ"),
             get(client, "search", params={"q": "紫荆花"}), get(client, "search", params={"doc_type": "notice"})]
    for response in pages:
        html = response.content.decode()
        assert visible.title in html
        for item in hidden.values():
            assert item.title not in html, (response.request["PATH_INFO"], item.title)
    assert "共 1 条" in pages[3].content.decode()


# ---------------------------------------------------------------------------------------------------------
# escaping and sanitising


def test_script_in_a_title_is_escaped_on_every_page(client, publish):
    item = publish(title=SCRIPT_TITLE, body_html="<p>木棉花节定于三月举行。</p>")
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    for response in (get(client, "home"), get(client, "body", "C-JYJ"), get(client, "body_items", "C-JYJ"),
                     get(client, "item", item.index_no), get(client, "search", params={"q": "木棉花"})):
        html = response.content.decode()
        assert escaped in html, response.request["PATH_INFO"]
        assert "<script>alert(1)</script>" not in html


def test_body_html_is_sanitised_again_on_the_way_out(client, publish):
    item = publish(title="二次清洗测试")
    # A row changed behind the services' back (as a faulty import might): the page still strips the script.
    Item.objects.filter(pk=item.pk).update(
        body_html='<p>正文</p><script>alert(1)</script><img src="x" onerror="alert(2)"><a href="javascript:alert(3)">链接</a>')
    html = get(client, "item", item.index_no).content.decode()
    assert "<p>正文</p>" in html
    assert "<script>alert" not in html and "onerror" not in html and "javascript:" not in html


# ---------------------------------------------------------------------------------------------------------
# search


def test_search_page_counts_highlights_and_paginates(client, publish):
    for n in range(12):
        publish(title=f"关于凤凰花观赏季第{n + 1}期安排的通知", body_html=f"<p>凤凰花观赏季第{n + 1}期。</p>")
    response = get(client, "search", params={"q": "凤凰花"})
    html = response.content.decode()
    assert response.status_code == 200 and "共 12 条" in html and "<mark>凤凰花</mark>" in html
    assert "第 1 / 2 页" in html and "q=%E5%87%A4%E5%87%B0%E8%8A%B1&amp;page=2" in html
    second = get(client, "search", params={"q": "凤凰花", "page": 2, "order": "date"}).content.decode()
    assert second.count('class="pt-hit-title"') == 2 and 'value="date" checked' in second


def test_search_filters_from_the_form(client, publish, tree):
    publish(title="甲市教育局海棠花通知")
    publish(org=tree["dist_a"], title="A区海棠花通知")
    city = get(client, "search", params={"q": "海棠花", "org": tree["city"].pk, "subtree": "1"}).content.decode()
    assert "共 2 条" in city
    edu = get(client, "search", params={"q": "海棠花", "org": tree["city_edu"].pk}).content.decode()
    assert "共 1 条" in edu and "甲市教育局海棠花通知" in edu
    bad = get(client, "search", params={"q": "海棠花", "org": "abc", "year": "x", "doc_type": "?", "page": "-1"})
    assert bad.status_code == 200 and "共 2 条" in bad.content.decode()


@pytest.mark.parametrize("q", ['"', "*", "NEAR(", "OR", ":", "-", "教育 OR 招生", '"招生*', "title:x", "(((",
                               "'", "\\", "&|!", "<script>", "\x00", "🙂", "a" * 600])
def test_search_page_survives_fts_syntax(client, publish, q):
    publish(title="招生工作通知")
    response = get(client, "search", params={"q": q})
    assert response.status_code == 200


def test_search_page_without_words(client, publish):
    publish(title="规范性文件测试", doc_type="normative", article20_item=1,
            approve_kwargs={"sync_exception_reason": "解读另行发布"})
    assert "请输入关键词" in get(client, "search").content.decode()
    assert "没有可检索的文字" in get(client, "search", params={"q": "《》？"}).content.decode()
    browse = get(client, "search", params={"doc_type": "normative"}).content.decode()
    assert "信息列表" in browse and "规范性文件测试" in browse and "共 1 条" in browse
