"""Search on a small Chinese corpus: known queries find known items first, 文号 and attachment text are
searchable, only public items ever come back, filters and order work, and nothing a user can type breaks
it. Runs on whichever database the suite runs on (SQLite by default, PostgreSQL with DATABASE_URL)."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from gongkai import search
from gongkai.disclosure import services
from gongkai.search.backends import get_backend
from gongkai.search.filters import ItemFilters

pytestmark = pytest.mark.django_db


def titles(results):
    return [hit.item.title for hit in results.hits]


def indexed_ids():
    with connection.cursor() as cursor:
        return get_backend().indexed_ids(cursor)


def test_backend_follows_the_database_vendor():
    assert get_backend().vendor == connection.vendor


def test_enrolment_notice_ranks_above_a_news_item_that_mentions_the_words_once(corpus):
    results = search.query("义务教育招生")
    assert titles(results)[:2] == [corpus["enrolment"].title, corpus["news"].title]
    assert results.total == 2 and not results.relaxed
    first, second = results.hits
    item, score, snippet_html = first  # a hit is the (item, score, snippet_html) triple
    assert item.pk == corpus["enrolment"].pk and score == first.score and snippet_html == first.snippet_html
    assert first.score > second.score > 0
    assert "<mark>义务教育</mark>" in first.snippet_html and "<mark>招生</mark>" in first.snippet_html


def test_a_query_word_finds_the_longer_words_that_contain_it(corpus):
    # rjieba keeps 教育局 whole; 教育 still finds it, and the notice (title and body) ranks first.
    results = search.query("教育")
    assert titles(results)[0] == corpus["enrolment"].title
    assert corpus["news"].title in titles(results)
    assert "<mark>教育局</mark>" in results.hits[0].snippet_html


@pytest.mark.parametrize("q", ["示教发〔2026〕12号", "示教发[2026]12号", "示教发（2026）12号", "示教发 2026 12号"])
def test_doc_no_query_finds_its_item_first(corpus, q):
    results = search.query(q)
    assert titles(results)[0] == corpus["enrolment"].title


def test_index_number_is_searchable(corpus):
    assert titles(search.query(corpus["rules"].index_no)) == [corpus["rules"].title]


def test_attachment_text_is_searchable_and_gives_the_snippet(corpus):
    results = search.query("助学金")
    assert titles(results) == [corpus["grants"].title]
    assert "<mark>助学金</mark>" in results.hits[0].snippet_html
    assert "附件1.docx" in results.hits[0].snippet_html


def test_no_item_with_every_word_falls_back_to_any_word(corpus):
    results = search.query("助学金 安全生产")
    assert results.relaxed and set(titles(results)) == {corpus["grants"].title, corpus["district"].title}


def test_unpublished_items_never_come_back(publish, desk):
    word = "紫藤花"
    draft = publish(title=f"{word}草稿", stop_at="draft")
    in_review = publish(title=f"{word}待审批", stop_at="review")
    on_request = publish(title=f"{word}依申请公开", disclosure="on_request")
    withheld = publish(title=f"{word}不予公开", disclosure="withheld", withheld_ground="art16_process",
                       withheld_reason="过程性信息")
    withdrawn = publish(title=f"{word}撤回")
    services.withdraw(desk["approver"], withdrawn.pk, reason="内容有误")
    public = publish(title=f"{word}已发布")
    assert titles(search.query(word)) == [public.title]
    assert public.pk in indexed_ids()
    assert not {draft.pk, in_review.pk, on_request.pk, withheld.pk, withdrawn.pk} & indexed_ids()


def test_scheduled_item_is_found_from_its_time_only(publish):
    when = timezone.now() + dt.timedelta(days=3)
    item = publish(title="定时发布的海棠花通知", approve_kwargs={"publish_at": when})
    assert item.status == "scheduled"
    assert search.query("海棠花").total == 0
    later = search.query("海棠花", now=when + dt.timedelta(minutes=1))
    assert titles(later) == [item.title]


def test_index_follows_edits_and_attachments(publish, desk):
    from .conftest import docx_upload

    item = publish(title="关于征集意见的公告", stop_at="draft")
    assert item.pk not in indexed_ids()
    services.add_attachment(desk["publisher"], item.pk, docx_upload("说明.docx", ["凌霄花广场改造方案"]))
    services.update_item(desk["publisher"], item.pk, data={**{f: getattr(item, f) for f in services.EDITABLE},
                                                           "title": "关于木槿花公园改造征集意见的公告"})
    services.submit(desk["publisher"], item.pk)
    services.secrecy_pass(desk["reviewer"], item.pk)
    services.approve(desk["approver"], item.pk)
    assert titles(search.query("木槿花")) == [titles(search.query("凌霄花"))[0]] == ["关于木槿花公园改造征集意见的公告"]


def test_filters(corpus, tree):
    assert titles(search.query("安全生产", filters=ItemFilters(org=tree["city"]))) == []
    assert titles(search.query("安全生产", filters=ItemFilters(org=tree["city"], subtree=True))) == [
        corpus["district"].title]
    assert search.query("教育", filters=ItemFilters(doc_type="news")).total == 1
    assert search.query("教育", filters=ItemFilters(topic="health")).total == 1
    year = timezone.localdate().year
    assert search.query("教育", filters=ItemFilters(year=year)).total == 2
    assert search.query("教育", filters=ItemFilters(year=year - 1)).total == 0
    assert search.query("教规", filters=ItemFilters(validity="valid")).total == 1
    assert search.query("教规", filters=ItemFilters(validity="expired")).total == 0


def test_filters_from_params_report_bad_values(tree):
    filters, errors = ItemFilters.from_params({"org": str(tree["dist_a"].pk), "subtree": "1", "year": "2026",
                                               "doc_type": "notice", "topic": "nope", "validity": "",
                                               "article": "99"})
    assert filters.org == tree["dist_a"] and filters.subtree and filters.year == 2026
    assert filters.doc_type == "notice" and set(errors) == {"topic", "article"}
    assert ItemFilters.from_params({"org": "99999999999999999999999"})[1] == {"org": "未找到该机构。"}


def test_order_by_date_and_pagination(corpus):
    from gongkai.disclosure.models import Item

    # Spread the publication dates so the order is known: the enrolment notice is the oldest.
    base = timezone.now() - dt.timedelta(days=30)
    for offset, key in enumerate(["enrolment", "news", "rules", "grants", "district"]):
        Item.objects.filter(pk=corpus[key].pk).update(published_at=base + dt.timedelta(days=offset))
    by_date = search.query("教育", order="date")
    assert titles(by_date) == [corpus["news"].title, corpus["enrolment"].title]
    page1 = search.query("通知", per_page=1)
    page2 = search.query("通知", per_page=1, page=2)
    assert page1.total == page2.total == 2 and page1.pages == 2
    assert {h.item.pk for h in page1.hits} != {h.item.pk for h in page2.hits}
    assert search.query("通知", per_page=1, page=99).page == 2  # clamped to the last page
    with pytest.raises(ValueError):
        search.query("通知", order="nonsense")


@pytest.mark.parametrize("q", [
    '"', '""', "*", "教育*", "NEAR(", "NEAR(教育 招生, 2)", "OR", "AND", "NOT", "教育 OR", "OR 教育", ":",
    "title:教育", "-", "-教育", "^教育", "(", ")", "()", "'", "''", "\\", "&", "|", "!", "<->", ":*",
    "教育 & 招生 | !入学", "'教育'", "\x00", "", "   ", "％", "🙂", "〔〕", "a" * 5000, "教育" * 300,
    "SELECT * FROM search_fts", "'); DROP TABLE search_fts; --",
])
def test_syntax_characters_and_garbage_never_raise(corpus, q):
    results = search.query(q)
    assert results.total >= 0
    for hit in results.hits:
        assert hit.item.is_public


def test_snippets_escape_html_from_the_text(publish):
    item = publish(title="<script>alert(1)</script>关于山茶花的通知",
                   body_html="<p>&lt;img src=x onerror=alert(1)&gt; 山茶花 &amp; 月季</p>")
    hit = search.query("山茶花").hits[0]
    assert hit.item.pk == item.pk
    assert "<img" not in hit.snippet_html and "&lt;img" in hit.snippet_html
    assert "<mark>山茶花</mark>" in hit.snippet_html
    assert "&amp;amp;" not in hit.snippet_html  # entities of the stored HTML are decoded before indexing


def test_rebuild_restores_the_index(corpus):
    with connection.cursor() as cursor:
        get_backend().clear(cursor)
    assert search.query("义务教育招生").total == 0
    assert search.rebuild() == 5
    assert indexed_ids() == {item.pk for item in corpus.values()}
    assert titles(search.query("义务教育招生"))[0] == corpus["enrolment"].title


def test_deferred_indexes_once_at_the_end(publish):
    with search.deferred():
        item = publish(title="关于玉兰花节的通知")
        assert item.pk not in indexed_ids()
    assert item.pk in indexed_ids()


def test_rebuild_command(corpus):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "5 条" in out.getvalue()


def test_a_title_or_doc_no_typed_in_full_ranks_its_item_first(corpus, publish):
    # Another notice that mentions every word of the 文号 (示教发, 2026, 12, 号) in its body.
    other = publish(title="关于转发示教发文件的通知", doc_no="示教发〔2026〕7号",
                    body_html="<p>根据示教发〔2026〕7号文件和2026年第12号公告，现通知如下。</p>")
    results = search.query("示教发〔2026〕12号")
    assert titles(results)[:2] == [corpus["enrolment"].title, other.title]
    assert results.hits[0].score > results.hits[1].score
    assert titles(search.query("关于做好2026年义务教育招生入学工作的通知"))[0] == corpus["enrolment"].title
