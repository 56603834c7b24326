"""Table 四 figures (``selectors.appeal_figures``) on constructed cases with known answers: year boundaries,
cases open at a year end and decided the next year, the three groups kept apart, and scope by body."""

import datetime as dt

import pytest

from gongkai.appeals.selectors import appeal_figures, visible_cases
from gongkai.orgs.models import Organization

pytestmark = pytest.mark.django_db
D = dt.date


def figures(review=(0, 0, 0, 0), direct=(0, 0, 0, 0), after=(0, 0, 0, 0)) -> dict:
    def group(values):
        upheld, corrected, other, pending = values
        return {"upheld": upheld, "corrected": corrected, "other": other, "pending": pending,
                "total": upheld + corrected + other + pending}
    return {"review": group(review), "litigation_direct": group(direct), "litigation_after_review": group(after)}


def test_no_cases_gives_every_group_and_column_as_zero(tree):
    result = appeal_figures([tree["city"].pk], 2020)
    assert result == figures()
    assert all(isinstance(v, int) for group in result.values() for v in group.values())


def test_concluded_on_31_december_counts_in_that_year_and_1_january_in_the_next(tree, make_case):
    city = tree["city"]
    make_case(city, filed_on=D(2020, 5, 1), result="upheld", concluded_on=D(2020, 12, 31))
    make_case(city, filed_on=D(2020, 5, 1), result="corrected", concluded_on=D(2021, 1, 1))
    assert appeal_figures([city.pk], 2020) == figures(review=(1, 0, 0, 1))
    assert appeal_figures([city.pk], 2021) == figures(review=(0, 1, 0, 0))
    assert appeal_figures([city.pk], 2022) == figures()


def test_pending_at_year_end_then_concluded_next_year(tree, make_case):
    city = tree["city"]
    make_case(city, kind="litigation_direct", filed_on=D(2019, 11, 5))  # still open: pending every year end
    make_case(city, kind="litigation_direct", filed_on=D(2020, 6, 1), result="corrected",
              concluded_on=D(2021, 3, 1))
    make_case(city, kind="litigation_direct", filed_on=D(2020, 12, 31))  # filed on the last day, open
    make_case(city, kind="litigation_direct", filed_on=D(2021, 1, 1))  # filed the next year: not in 2020
    make_case(city, kind="litigation_direct", filed_on=D(2018, 2, 1), result="other",
              concluded_on=D(2019, 12, 31))  # ended before 2020: nowhere in 2020
    assert appeal_figures([city.pk], 2019) == figures(direct=(0, 0, 1, 1))
    assert appeal_figures([city.pk], 2020) == figures(direct=(0, 0, 0, 3))
    assert appeal_figures([city.pk], 2021) == figures(direct=(0, 1, 0, 3))


def test_the_three_kinds_are_counted_apart(tree, make_case):
    city = tree["city"]
    make_case(city, kind="review", result="other", concluded_on=D(2020, 5, 20))
    make_case(city, kind="litigation_direct", result="corrected", concluded_on=D(2020, 9, 15))
    for month in (8, 9, 10, 11):
        make_case(city, kind="litigation_direct", filed_on=D(2020, month, 1), result="upheld",
                  concluded_on=D(2021, 2, 1))
    make_case(city, kind="litigation_after_review", filed_on=D(2020, 4, 1), result="upheld",
              concluded_on=D(2020, 7, 1))
    make_case(city, kind="litigation_after_review", filed_on=D(2020, 4, 1), result="upheld",
              concluded_on=D(2020, 8, 1))
    make_case(city, kind="litigation_after_review", filed_on=D(2020, 4, 1), result="corrected",
              concluded_on=D(2020, 8, 1))
    assert appeal_figures([city.pk], 2020) == figures(review=(0, 0, 1, 0), direct=(0, 1, 0, 4),
                                                      after=(2, 1, 0, 0))


def test_scope_is_the_bodies_given(tree, make_case):
    city, edu = tree["city"], tree["city_edu"]
    make_case(city, result="upheld", concluded_on=D(2020, 6, 1))
    make_case(edu, result="corrected", concluded_on=D(2020, 6, 1))
    make_case(edu, kind="litigation_direct")
    make_case(tree["dist_b"], result="other", concluded_on=D(2020, 6, 1))
    assert appeal_figures([city.pk], 2020) == figures(review=(1, 0, 0, 0))
    assert appeal_figures({edu.pk}, 2020) == figures(review=(0, 1, 0, 0), direct=(0, 0, 0, 1))
    assert appeal_figures((x for x in [city.pk, edu.pk]), 2020) == figures(review=(1, 1, 0, 0),
                                                                           direct=(0, 0, 0, 1))
    subtree_ids = Organization.objects.filter(path__startswith=city.path).values("pk")  # a queryset of ids
    assert appeal_figures(subtree_ids, 2020) == figures(review=(1, 1, 1, 0), direct=(0, 0, 0, 1))
    assert appeal_figures([], 2020) == figures()


def test_one_aggregate_query(tree, make_case, django_assert_num_queries):
    for kind in ("review", "litigation_direct", "litigation_after_review"):
        make_case(tree["city"], kind=kind, result="upheld", concluded_on=D(2020, 6, 1))
        make_case(tree["city"], kind=kind)
    with django_assert_num_queries(1):
        result = appeal_figures(Organization.objects.values("pk"), 2020)
    assert result == figures(review=(1, 0, 0, 1), direct=(1, 0, 0, 1), after=(1, 0, 0, 1))


def test_visible_cases_follow_the_scope(staff, tree, make_case):
    edu_case = make_case(tree["city_edu"])
    b_case = make_case(tree["dist_b"])
    city_case = make_case(tree["city"])
    assert set(visible_cases(staff["handler"])) == {edu_case}
    assert set(visible_cases(staff["supervisor"])) == {edu_case, b_case, city_case}
    assert set(visible_cases(staff["outsider"])) == {b_case}
