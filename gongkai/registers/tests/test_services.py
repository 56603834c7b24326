"""The write services: 权责清单 items, yearly totals (and their exclusivity with decision rows), fees and
procurement, the small spreadsheet of yearly figures; permission and concurrency."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from openpyxl import Workbook

from gongkai.audit.models import AuditEvent
from gongkai.audit.services import verify_chain
from gongkai.core.errors import ConflictError
from gongkai.registers import services
from gongkai.registers.models import DecisionTotal, FeeIncome, PowerItem, Procurement

from .conftest import csv_bytes, row

pytestmark = pytest.mark.django_db
D = dt.date


def new_item(user, org, **overrides):
    data = {"kind": "licensing", "code": "XK-001", "name": "民办学校设立审批", "basis": "《民办教育促进法》第十二条",
            "effective_from": D(2020, 1, 1)}
    data.update(overrides)
    return services.create_item(user, org=org, **data)


def test_item_lifecycle_and_audit(people, tree):
    user = people["publisher"]
    item = new_item(user, tree["city_edu"])
    item = services.update_item(user, item.pk, version=item.version, kind="licensing", code="XK-001",
                                name="民办学校设立、变更审批", basis="", effective_from=D(2020, 1, 1), effective_to=None)
    assert item.version == 2 and item.name == "民办学校设立、变更审批"
    with pytest.raises(ConflictError):
        services.end_item(user, item.pk, version=1, effective_to=D(2025, 6, 30))
    item = services.end_item(user, item.pk, version=2, effective_to=D(2025, 6, 30))
    assert item.effective_to == D(2025, 6, 30)
    with pytest.raises(ValidationError):
        services.end_item(user, item.pk, version=item.version, effective_to=D(2025, 12, 31))  # already ended
    assert list(AuditEvent.objects.filter(action__startswith="registers.item").order_by("seq")
                .values_list("action", flat=True)) == ["registers.item.create", "registers.item.update",
                                                        "registers.item.end"]
    assert verify_chain().ok


def test_item_validation(people, tree):
    user, edu = people["publisher"], tree["city_edu"]
    with pytest.raises(ValidationError) as e:
        new_item(user, edu, code="", effective_to=D(2019, 1, 1))
    assert "code" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        new_item(user, edu, effective_to=D(2019, 1, 1))
    assert e.value.message_dict["effective_to"] == ["终止日期不能早于生效日期。"]
    new_item(user, edu, effective_to=D(2022, 12, 31))
    with pytest.raises(ValidationError) as e:
        new_item(user, edu, effective_from=D(2022, 6, 1))  # overlaps the first period
    assert "有效期不能重叠" in e.value.message_dict["code"][0]
    new_item(user, edu, effective_from=D(2023, 1, 1))  # the same item re-established afterwards
    assert PowerItem.objects.filter(org=edu, code="XK-001").count() == 2


def test_item_permissions(people, tree):
    item = new_item(people["publisher"], tree["city_edu"])
    with pytest.raises(PermissionDenied):
        new_item(people["supervisor"], tree["city_edu"], code="X2")
    with pytest.raises(Http404):
        new_item(people["outsider"], tree["city_edu"], code="X3")
    with pytest.raises(Http404):
        services.end_item(people["outsider"], item.pk, version=1, effective_to=D(2025, 1, 1))
    with pytest.raises(PermissionDenied):
        services.end_item(people["supervisor"], item.pk, version=1, effective_to=D(2025, 1, 1))


def test_totals_and_rows_are_exclusive_per_body_year_kind(people, tree):
    user, edu = people["publisher"], tree["city_edu"]
    services.import_decisions(user, io.BytesIO(csv_bytes([row(no="R1", on="2025-04-01")])), filename="r.csv",
                              mode="all_or_nothing")
    with pytest.raises(ValidationError) as e:
        services.set_decision_total(user, org=edu, year=2025, kind="penalty", count=5, source="省双公示系统")
    assert "已导入逐条行政处罚决定" in e.value.message_dict["kind"][0]
    # Another kind or another year of the same body may keep a total.
    total = services.set_decision_total(user, org=edu, year=2025, kind="licensing", count=5, source="省双公示系统")
    services.set_decision_total(user, org=edu, year=2024, kind="penalty", count=7, source="省双公示系统")
    with pytest.raises(ConflictError):  # a second entry without the version of the first
        services.set_decision_total(user, org=edu, year=2025, kind="licensing", count=6, source="省双公示系统")
    total = services.set_decision_total(user, org=edu, year=2025, kind="licensing", count=6, source="省双公示系统",
                                        version=total.version)
    assert total.count == 6 and total.version == 2
    services.delete_yearly(user, "total", total.pk)
    assert not DecisionTotal.objects.filter(year=2025, kind="licensing").exists()
    result = services.import_decisions(user, io.BytesIO(csv_bytes([row(no="L1", kind="行政许可", on="2025-04-01")])),
                                       filename="l.csv", mode="all_or_nothing")
    assert result.imported == 1  # allowed again once the total is gone


def test_yearly_values_are_checked(people, tree):
    user, edu = people["publisher"], tree["city_edu"]
    for kwargs, field in [({"year": 2027}, "year"), ({"year": "x"}, "year"), ({"amount_wan": "-1"}, "amount_wan"),
                          ({"amount_wan": "1.23456"}, "amount_wan"), ({"amount_wan": "abc"}, "amount_wan")]:
        data = {"org": edu, "year": 2025, "amount_wan": "1"} | kwargs
        with pytest.raises(ValidationError) as e:
            services.set_fee_income(user, **data)
        assert field in e.value.message_dict
    with pytest.raises(ValidationError):
        services.set_procurement(user, org=edu, year=2025, projects=1, amount="1", amount_unit="美元")
    with pytest.raises(PermissionDenied):
        services.set_fee_income(people["supervisor"], org=edu, year=2025, amount_wan="1")
    fee = services.set_fee_income(user, org=edu, year=2025, amount_wan="1,234.5")
    assert str(fee.amount_wan) == "1234.5"


def _yearly_xlsx(rows) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(["机构代码", "年度", "行政事业性收费金额（万元）", "政府集中采购项目数量", "政府集中采购总金额", "金额单位", "备注"])
    for r in rows:
        ws.append(r)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return buffer


def test_import_yearly_figures(people, tree):
    user = people["office"]
    services.set_fee_income(user, org=tree["city_edu"], year=2025, amount_wan="1")
    summary = services.import_yearly_figures(user, _yearly_xlsx([
        ["C-JYJ", 2025, 12.5, 10, 256096.2581, "万元", ""],
        ["C-BGS", "2025年", None, 3, 251000, "元", "只有采购"],
        ["C-BGS", 2024.0, 0.8, None, None, None, None],
    ]), filename="y.xlsx")
    assert summary == {"filename": "y.xlsx", "rows": 3, "fees": 2, "procurements": 2}
    fee = FeeIncome.objects.get(org=tree["city_edu"], year=2025)
    assert str(fee.amount_wan) == "12.5000" and fee.version == 2
    assert Procurement.objects.get(org=tree["city_office"], year=2025).amount_unit == "元"
    assert AuditEvent.objects.filter(action="registers.yearly.import").count() == 1

    with pytest.raises(ValidationError) as e:
        services.import_yearly_figures(user, _yearly_xlsx([
            ["C-JYJ", 2024, "abc", None, None, None, None],
            ["ZZZ", 2024, 1, None, None, None, None],
            ["C-JYJ", 2024, None, 5, None, "元", None],
        ]), filename="bad.xlsx")
    messages = e.value.message_dict["file"]
    assert messages[0] == "表格有 3 处问题，未导入任何数据："
    assert messages[1].startswith("第 2 行：") and "第 3 行" in messages[2] and "第 4 行" in messages[3]
    assert not FeeIncome.objects.filter(year=2024, org=tree["city_edu"]).exists()
    with pytest.raises(ValidationError):
        services.import_yearly_figures(people["outsider"], _yearly_xlsx([["C-JYJ", 2024, 1, None, None, None, None]]),
                                       filename="x.xlsx")
    with pytest.raises(ValidationError):
        services.import_yearly_figures(user, io.BytesIO(b"not a workbook"), filename="x.xlsx")
