"""The queue tabs' counts come from one aggregate; they must equal the queues themselves."""

import datetime as dt

from gongkai.applications import selectors
from gongkai.applications.models import Application
from gongkai.conftest import PASSWORD
from gongkai.reports.tests.factories import conclude, receive
from gongkai.testing import FIXED_TODAY


def test_queue_counts_equal_each_queue(tree, staff):
    edu = tree["city_edu"]
    apps = receive(staff["handler"], edu, dt.date(2026, 6, 1), n=5)
    conclude(apps[0], staff["handler"], staff["approver"], "3.1", dt.date(2026, 6, 5))
    Application.objects.filter(pk=apps[1].pk).update(due_on=dt.date(2026, 6, 10))  # overdue
    Application.objects.filter(pk=apps[2].pk).update(due_on=dt.date(2026, 6, 16))  # due soon
    for user in (staff["office"], staff["handler"], staff["approver"], staff["outsider"]):
        counts = selectors.queue_counts(user, FIXED_TODAY)
        expected = {name: selectors.queue(user, name, FIXED_TODAY).count() for name in selectors.QUEUES}
        assert counts == expected
    counts = selectors.queue_counts(staff["office"], FIXED_TODAY)
    assert (counts["all"], counts["closed"], counts["overdue"], counts["due_soon"]) == (5, 1, 1, 1)


def test_queue_page_uses_counts_for_pagination(client, tree, staff):
    receive(staff["handler"], tree["city_edu"], dt.date(2026, 6, 1), n=3)
    assert client.login(username="office", password=PASSWORD)
    response = client.get("/applications/", {"queue": "all"})
    assert response.context["page"].paginator.count == 3 == response.context["counts"]["all"]
    response = client.get("/applications/", {"queue": "all", "q": "第1项"})  # a search: the paginator counts
    assert response.context["page"].paginator.count == 1
