import pytest

from gongkai.applications.fees import per_item, per_page


@pytest.mark.parametrize("previous, items, amount", [
    (0, 10, 0), (0, 11, 100), (10, 1, 100), (0, 30, 2000), (29, 2, 100 + 200), (30, 10, 2000),
    (40, 1, 300), (50, 1, 400), (0, 45, 2000 + 2000 + 5 * 300), (5, 10, 500),
])
def test_per_item_is_progressive_per_month(previous, items, amount):
    assert per_item(previous, items).amount == amount


@pytest.mark.parametrize("pages, amount", [
    (1, 0), (30, 0), (31, 10), (100, 700), (101, 720), (200, 700 + 2000), (201, 2700 + 40), (250, 2700 + 2000),
])
def test_per_page_is_progressive(pages, amount):
    assert per_page(pages).amount == amount


def test_explanation_lists_the_bands():
    text = per_item(25, 10).explain()
    assert "第26—30件共5件×100元" in text and "第31—35件共5件×200元" in text and "合计1500元" in text
    assert per_page(20).explain() == "在免费范围内，不收费。"


def test_bad_counts_raise():
    with pytest.raises(ValueError):
        per_page(0)
    with pytest.raises(ValueError):
        per_item(0, 0)
