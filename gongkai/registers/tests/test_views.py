"""Staff screens: who sees what (404 outside the scope, supervisors read-only), masking in lists and exports,
the import page and its result, error reports, the yearly entry forms."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.registers import services
from gongkai.registers.models import Decision, DecisionTotal, FeeIncome, ImportBatch

from .conftest import PERSON_ID, csv_bytes, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(people, tree):
    user = people["publisher"]
    item = services.create_item(user, org=tree["city_edu"], kind="penalty", code="CF-001", name="对无证办学的处罚",
                                effective_from=dt.date(2020, 1, 1))
    rows = [row(no="V1", subject_kind="自然人", name="张三", subject_id=PERSON_ID), row(no="V2"),
            row(no="V3", org="C-JYJ", on="not a date")]
    result = services.import_decisions(user, io.BytesIO(csv_bytes(rows)), filename="v.csv", mode="valid_only")
    fee = services.set_fee_income(user, org=tree["city_edu"], year=2026, amount_wan="3.5")
    return {"item": item, "batch": result.batch, "fee": fee}


def test_pages_render_for_keepers_and_supervisors(client, people, data):
    pages = [reverse("registers:overview"), reverse("registers:items"), reverse("registers:decisions"),
             reverse("registers:batches"), reverse("registers:batch", args=[data["batch"].pk]),
             reverse("registers:yearly")]
    for who in ("office", "publisher", "supervisor"):
        client.force_login(people[who])
        for url in pages:
            assert client.get(url).status_code == 200, (who, url)
    client.force_login(people["publisher"])
    for url in [reverse("registers:import"), reverse("registers:item_create"),
                reverse("registers:item_edit", args=[data["item"].pk]),
                reverse("registers:item_end", args=[data["item"].pk]),
                reverse("registers:yearly_edit", args=["total"]), reverse("registers:yearly_import")]:
        assert client.get(url).status_code == 200, url


def test_overview_shows_the_years_figures(client, people, tree, data):
    client.force_login(people["office"])
    text = client.get(reverse("registers:overview"), {"org": tree["city"].pk, "year": 2026, "sub": "1"}) \
        .content.decode()
    assert "甲市教育局" in text and "3.5" in text
    own = client.get(reverse("registers:overview"), {"org": tree["city_edu"].pk, "year": 2026})
    assert own.context["figures"]["decisions"]["penalty"] == 2
    assert own.context["rows"][2]["items"] == {"previous": 1, "change": 0, "current": 1}


def test_supervisor_is_read_only(client, people, data):
    client.force_login(people["supervisor"])
    text = client.get(reverse("registers:items")).content.decode()
    assert "新增事项" not in text and "对无证办学的处罚" in text and "终止</a>" not in text
    assert "导入行政决定" not in client.get(reverse("registers:decisions")).content.decode()
    assert client.get(reverse("registers:import")).status_code == 403
    assert client.post(reverse("registers:item_create"), {}).status_code == 403
    assert client.get(reverse("registers:item_edit", args=[data["item"].pk])).status_code == 403
    assert client.post(reverse("registers:yearly_delete", args=["fee", data["fee"].pk]),
                       {"confirm": "yes"}).status_code == 403


def test_other_bodies_get_404_and_others_403(client, people, tree, data):
    client.force_login(people["outsider"])
    assert client.get(reverse("registers:overview")).status_code == 200  # their own district
    assert client.get(reverse("registers:overview"), {"org": tree["city_edu"].pk}).status_code == 404
    assert client.get(reverse("registers:item_edit", args=[data["item"].pk])).status_code == 404
    assert client.get(reverse("registers:item_end", args=[data["item"].pk])).status_code == 404
    assert client.get(reverse("registers:batch", args=[data["batch"].pk])).status_code == 404
    assert client.get(reverse("registers:batch_errors", args=[data["batch"].pk, "csv"])).status_code == 404
    assert client.get(reverse("registers:yearly_delete", args=["fee", data["fee"].pk])).status_code == 404
    assert client.get(reverse("registers:decisions"), {"org": tree["city_edu"].pk}).status_code == 404
    # as a table cell: a bare "V1" also turns up by chance inside the page's random CSRF token
    assert "<td>V1</td>" not in client.get(reverse("registers:decisions")).content.decode()
    assert "对无证办学的处罚" not in client.get(reverse("registers:items")).content.decode()
    client.force_login(people["handler"])  # a role outside the registers
    assert client.get(reverse("registers:overview")).status_code == 403


def test_lists_and_exports_mask_natural_persons_ids(client, people, data):
    masked = PERSON_ID[:4] + "*" * 10 + PERSON_ID[-4:]
    client.force_login(people["office"])
    text = client.get(reverse("registers:decisions")).content.decode()
    assert masked in text and PERSON_ID not in text
    response = client.get(reverse("registers:decisions_export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    assert values[0][:4] == ["机构代码", "类别", "机构名称", "决定文书号"]
    person = next(v for v in values if v[3] == "V1")
    assert person[8 - 1] == masked and PERSON_ID not in str(values)
    company = next(v for v in values if v[3] == "V2")
    assert company[7] == row()[6]  # organisations' codes are public


def test_decision_filters(client, people, data):
    client.force_login(people["office"])
    page = client.get(reverse("registers:decisions"), {"q": "V2"}).context["page"]
    assert [d.decision_no for d in page] == ["V2"]
    assert client.get(reverse("registers:decisions"), {"year": "2025"}).context["page"].paginator.count == 0
    assert client.get(reverse("registers:decisions"), {"kind": "penalty"}).context["page"].paginator.count == 2


def test_import_page_upload_result_and_reports(client, people):
    client.force_login(people["publisher"])
    upload = SimpleUploadedFile("决定.csv", csv_bytes([row(no="W1"), row(no="W2", kind="行政检查")]),
                                content_type="text/csv")
    response = client.post(reverse("registers:import"), {"file": upload, "mode": "valid_only"})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response.url == reverse("registers:batch", args=[batch.pk])
    text = client.get(response.url).content.decode()
    assert "新导入 1 条" in text and "1 行有误" in text and "类别应为行政许可" in text and "每秒" in text
    report = client.get(reverse("registers:batch_errors", args=[batch.pk, "xlsx"]))
    rows = [[c.value for c in r] for r in load_workbook(io.BytesIO(report.content)).active.iter_rows()]
    assert rows == [["行号", "列", "内容", "问题"], [3, "类别", "行政检查", "类别应为行政许可、行政处罚或行政强制。"]]
    strict = SimpleUploadedFile("决定.csv", csv_bytes([row(no="W3"), row(no="W4", on="x")]))
    response = client.post(reverse("registers:import"), {"file": strict, "mode": "all_or_nothing"})
    text = client.get(response.url).content.decode()
    assert "本次未导入任何数据" in text and not Decision.objects.filter(decision_no="W3").exists()
    empty = client.post(reverse("registers:import"), {"file": SimpleUploadedFile("e.csv", b""), "mode": "valid_only"})
    assert empty.status_code == 200 and empty.context["form"].errors["file"] and ImportBatch.objects.count() == 2
    template = client.get(reverse("registers:import_template"))
    assert template.content.decode("utf-8-sig").startswith("机构代码,类别,决定文书号")


def test_item_pages(client, people, tree, data):
    client.force_login(people["publisher"])
    response = client.post(reverse("registers:item_create"), {
        "org": tree["city_edu"].pk, "kind": "licensing", "code": "XK-009", "name": "教师资格认定",
        "effective_from": "2026-01-01"})
    assert response.status_code == 302
    response = client.post(reverse("registers:item_end", args=[data["item"].pk]),
                           {"effective_to": "2026-03-31", "version": data["item"].version})
    assert response.status_code == 302
    stale = client.post(reverse("registers:item_edit", args=[data["item"].pk]), {
        "kind": "penalty", "code": "CF-001", "name": "改名", "effective_from": "2020-01-01", "version": 1})
    assert "已被他人修改" in stale.content.decode()
    ended = client.get(reverse("registers:items"), {"status": "ended"}).context["page"]
    assert [i.code for i in ended] == ["CF-001"]


def test_yearly_forms(client, people, tree, data):
    client.force_login(people["publisher"])
    url = reverse("registers:yearly_edit", args=["total"])
    response = client.post(url, {"org": tree["city_edu"].pk, "year": 2026, "kind": "coercion", "count": 7,
                                 "source": "省双公示系统"})
    assert response.status_code == 302 and DecisionTotal.objects.get().count == 7
    refused = client.post(url, {"org": tree["city_edu"].pk, "year": 2026, "kind": "penalty", "count": 7,
                                "source": "省双公示系统"})
    assert "已导入逐条行政处罚决定" in refused.content.decode()
    fee_url = reverse("registers:yearly_edit", args=["fee"])
    form = client.get(fee_url, {"org": tree["city_edu"].pk, "year": 2026}).context["form"]
    assert str(form.initial["amount_wan"]) == "3.5000" and form.initial["version"] == 1
    client.post(fee_url, {"org": tree["city_edu"].pk, "year": 2026, "amount_wan": "4", "version": 1})
    assert FeeIncome.objects.get().amount_wan == 4
    response = client.post(reverse("registers:yearly_delete", args=["fee", data["fee"].pk]), {"confirm": "yes"})
    assert response.status_code == 302 and not FeeIncome.objects.exists()
    assert client.get(reverse("registers:yearly_edit", args=["nonsense"])).status_code == 404
