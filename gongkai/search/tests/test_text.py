"""Segmentation, query words and snippet markup (no database)."""

from gongkai.search import text


def test_units_are_words_numbers_and_single_marks():
    assert text.units("关于做好2026年义务教育招生工作的通知，") == [
        "关于", "做好", "2026", "年", "义务教育", "招生", "工作", "的", "通知", "，"]
    assert text.units("a_b C-JYJ/2026-00001") == ["a", "b", "C", "-", "JYJ", "/", "2026", "-", "00001"]


def test_fold_removes_marks_and_controls_and_narrows_fullwidth_alphanumerics():
    assert text.fold("２０２６ＡＢ\x00\ue000（一）") == "2026AB（一）"


def test_query_tokens_drop_syntax_and_stopwords():
    assert text.query_tokens('"义务教育" AND 招生* NEAR(学校, 3) -入学 title:通知') == [
        "义务教育", "and", "招生", "near", "学校", "3", "入学", "title", "通知"]
    assert text.query_tokens("的") == ["的"]
    assert text.query_tokens("学校的食堂") == ["学校", "食堂"]
    assert text.query_tokens(" \t\"*():-^ ") == []
    assert len(text.query_tokens("教育" * 500)) <= text.MAX_QUERY_TOKENS


def test_vocabulary_keeps_chinese_words_only():
    assert text.vocabulary("示例 市 教育局 2026 年 Python 义务教育") == {"示例", "教育局", "义务教育"}


def test_join_units_keeps_spaces_between_latin_words_only():
    assert text.join_units("各区 教育局 ： 按 GB 9704 执行 。") == "各区教育局：按GB 9704执行。"
    assert text.join_units(f"做好 {text.MARK_START}招生{text.MARK_END} 工作") == \
        f"做好{text.MARK_START}招生{text.MARK_END}工作"


def test_render_snippet_escapes_everything_but_the_marks():
    raw = f"< script > alert ( 1 ) < / script > {text.MARK_START}招生{text.MARK_END} & \" '"
    html = text.render_snippet(raw, lead=True, trail=True)
    assert html == "…&lt;script&gt;alert(1)&lt;/script&gt;<mark>招生</mark>&amp;&quot;&#x27;…"


def test_render_snippet_merges_adjacent_marks_and_closes_unbalanced_ones():
    s, e = text.MARK_START, text.MARK_END
    assert text.render_snippet(f"{s}义务教育{e} {s}招生{e}") == "<mark>义务教育招生</mark>"
    assert text.render_snippet(f"入学 {e}工作 {s}招生") == "入学工作<mark>招生</mark>"


def test_query_parts_keep_what_the_user_separated():
    assert text.query_parts("助学金 安全生产") == [["助学金"], ["安全", "生产"]]
    assert text.query_parts("  ") == []
    assert text.phrase_words("工作的通知") == ["工作", "的", "通知"]
