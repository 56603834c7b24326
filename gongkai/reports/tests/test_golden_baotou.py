"""Golden test: records built through the services reproduce every figure of the real Baotou 2020 report.

The Baotou 2020 report (``shared/reference/baotou-2020-annual-report.txt``, 2019 试行 format) prints table 二 in
full, table 三 rows 一, 二 and 三（一）, the narrative's 160 applications received (incl. carry-over) with 157
concluded, and table 四 ``0 0 1 0 1 | 0 1 0 4 5 | 0 0 0 0 0``. The rows of table 三 the extraction lost are
filled here with a mix that keeps every 勾稽关系 (the remaining 45 concluded applications).
Decisions are entered as yearly totals (the registers allow it for counts kept in another system).
"""

import datetime as dt
import io
from decimal import Decimal

import pdfplumber
import pytest
from django.utils import timezone
from docx import Document

from gongkai.appeals import services as appeals
from gongkai.disclosure import services as items
from gongkai.orgs.models import OrgKind, Role, ScopeMode
from gongkai.orgs.services import create_org
from gongkai.registers import services as registers
from gongkai.reports import checks, services
from gongkai.reports.compute import compute
from gongkai.reports.formats import get_cell
from gongkai.reports.rendering import render_docx, render_pdf

from .factories import conclude, receive

D = dt.date
TABLE_2 = {
    "regulations": {"made": 4, "published": 4, "total_published": 7},
    "normative_documents": {"made": 250, "published": 247, "total_published": 632},
    "licensing": {"items_prev_year": 243, "items_change": -2, "decisions": 1181856},
    "other_services": {"items_prev_year": 231, "items_change": -100, "decisions": 759051},
    "penalty": {"items_prev_year": 5728, "items_change": -64, "decisions": 1684342},
    "coercion": {"items_prev_year": 214, "items_change": -6, "decisions": 14518},
    "fees": {"items_prev_year": 119, "items_change": 1},
}
COLUMNS = ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other", "total")


@pytest.fixture
def baotou(sysadmin, make_user):
    city = create_org(sysadmin, name="包头市人民政府", code="BT", kind=OrgKind.CITY_GOV)
    office = create_org(sysadmin, name="包头市人民政府办公室", code="BT-BGS", kind=OrgKind.DEPARTMENT, parent=city)
    culture = create_org(sysadmin, name="包头市文化旅游广电局", code="BT-WLJ", kind=OrgKind.DEPARTMENT, parent=city)

    def user(name, role):
        return make_user(name, memberships=[(city, role, ScopeMode.SUBTREE)])

    return {"city": city, "office": office, "culture": culture,
            "admin": user("bt_admin", Role.OFFICE_ADMIN), "handler": user("bt_handler", Role.HANDLER),
            "approver": user("bt_approver", Role.APPROVER), "publisher": user("bt_publisher", Role.PUBLISHER),
            "secrecy": user("bt_secrecy", Role.SECRECY_REVIEWER)}


def _at(monkeypatch, moment: dt.datetime):
    aware = timezone.make_aware(moment)
    monkeypatch.setattr(timezone, "now", lambda: aware)


def _documents(bt, monkeypatch, doc_type, n, *, written: dt.date, published: dt.datetime | None):
    """``n`` documents written on ``written``, approved at ``published`` (or left waiting for approval)."""
    _at(monkeypatch, dt.datetime.combine(written, dt.time(9)))
    for i in range(n):
        item = items.create_item(bt["publisher"], org=bt["office"], data={
            "title": f"关于印发第{i + 1}号文件的通知", "doc_type": doc_type, "written_on": written.isoformat(),
            "formed_on": written.isoformat(), "disclosure": "active", "body_html": "<p>正文。</p>",
            "article20_item": 1})
        items.submit(bt["publisher"], item.pk)
        items.secrecy_pass(bt["secrecy"], item.pk, comment="不涉密")
        if published is not None:
            _at(monkeypatch, published)
            items.approve(bt["approver"], item.pk, sync_exception_reason="解读另行发布", comment="同意")
            _at(monkeypatch, dt.datetime.combine(written, dt.time(9)))


def _power_items(bt, kind, before: int, after: int):
    """``before`` items in force at the end of 2019 of which the first ``before - after`` end in 2020 (or
    ``after - before`` new ones start in 2020)."""
    rows = []
    for i in range(before):
        ends = D(2020, 6, 30) if i < before - after else None
        rows.append({"kind": kind, "code": f"{kind}-{i}", "name": f"{kind}事项{i}", "effective_from": "2018-01-01",
                     "effective_to": ends.isoformat() if ends else ""})
    for i in range(max(0, after - before)):
        rows.append({"kind": kind, "code": f"{kind}-new-{i}", "name": f"新增{kind}事项{i}",
                     "effective_from": "2020-03-01", "effective_to": ""})
    registers.import_items(bt["admin"], org=bt["city"], rows=rows)


# applicant kind -> [(outcome, count)] concluded in 2020 (3.6.3 = withdrawn)
CONCLUDED_2020 = {
    "natural_person": [("3.1", 110), ("3.2", 10), ("3.3.4", 3), ("3.4.1", 20), ("3.5.2", 3), ("3.6.3", 5)],
    "commercial": [("3.4.1", 1)],
    "social_welfare": [("3.2", 1)],
    "legal_service": [("3.1", 1), ("3.4.2", 2)],
    "other": [("3.1", 1)],
}
RECEIVED_2020 = {"natural_person": 151, "social_welfare": 1, "legal_service": 3, "other": 1}
CARRIED_FROM_2019 = {"natural_person": 3, "commercial": 1}


def _applications(bt):
    h, a = bt["handler"], bt["approver"]
    pool: dict[str, list] = {}
    for kind, n in CARRIED_FROM_2019.items():
        pool.setdefault(kind, []).extend(receive(h, bt["office"], D(2019, 12, 20), kind=kind, n=n))
    for kind, n in RECEIVED_2020.items():
        half = n // 2
        pool.setdefault(kind, []).extend(receive(h, bt["culture"], D(2020, 4, 8), kind=kind, n=half))
        pool.setdefault(kind, []).extend(receive(h, bt["office"], D(2020, 9, 14), kind=kind, n=n - half))
    for kind, outcomes in CONCLUDED_2020.items():
        queue = pool[kind]
        for outcome, n in outcomes:
            for _ in range(n):
                conclude(queue.pop(0), h, a, outcome, D(2020, 10, 30))
    assert sum(len(v) for v in pool.values()) == 3  # three natural persons' applications carried into 2021


def _cases(bt):
    a = bt["admin"]
    case = appeals.create_case(a, org=bt["city"], kind="review", filed_on="2020-05-06", applicant_name="王某")
    appeals.conclude_case(a, case.pk, version=case.version, result="other", concluded_on="2020-07-01")
    case = appeals.create_case(a, org=bt["office"], kind="litigation_direct", filed_on="2020-03-02",
                               applicant_name="李某")
    appeals.conclude_case(a, case.pk, version=case.version, result="corrected", concluded_on="2020-11-20")
    for i in range(4):
        appeals.create_case(a, org=bt["office"], kind="litigation_direct", filed_on=f"2020-{8 + i:02d}-10",
                            applicant_name=f"赵某{i}")


def test_baotou_2020_report_reproduced_from_records(baotou, monkeypatch):
    bt = baotou
    _documents(bt, monkeypatch, "regulation", 3, written=D(2019, 3, 1), published=dt.datetime(2019, 3, 10, 10))
    _documents(bt, monkeypatch, "regulation", 4, written=D(2020, 2, 3), published=dt.datetime(2020, 2, 20, 10))
    _documents(bt, monkeypatch, "normative", 385, written=D(2019, 5, 6), published=dt.datetime(2019, 5, 20, 10))
    _documents(bt, monkeypatch, "normative", 247, written=D(2020, 6, 1), published=dt.datetime(2020, 6, 15, 10))
    _documents(bt, monkeypatch, "normative", 3, written=D(2020, 12, 28), published=None)  # approved in 2021
    monkeypatch.undo()
    for kind, before, after in (("licensing", 243, 241), ("other_service", 231, 131), ("penalty", 5728, 5664),
                                ("coercion", 214, 208), ("fee", 119, 120)):
        _power_items(bt, kind, before, after)
    for kind, count in (("licensing", 1181856), ("other_service", 759051), ("penalty", 1684342),
                        ("coercion", 14518)):
        registers.set_decision_total(bt["admin"], org=bt["city"], year=2020, kind=kind, count=count,
                                     source="包头市政务服务平台")
    registers.set_procurement(bt["admin"], org=bt["city"], year=2020, projects=5557, amount="256096.2581",
                              amount_unit="万元")
    _applications(bt)
    _cases(bt)

    report = compute(bt["city"], 2020, "government")
    assert report["format"] == "2019"
    # table 二 exactly as printed
    for row, cols in TABLE_2.items():
        for col, value in cols.items():
            assert get_cell(report, f"active.{row}.{col}") == value, (row, col)
    assert get_cell(report, "active.procurement.projects") == 5557
    assert Decimal(str(get_cell(report, "active.procurement.amount"))) == Decimal("256096.2581")
    assert get_cell(report, "active.procurement.amount_unit") == "万元"
    # table 三 rows 一, 二, 三（一） as printed
    tables = report["tables"]["applications"]
    assert [tables["1"][c] for c in COLUMNS] == [151, 0, 0, 1, 3, 1, 156]
    assert [tables["2"][c] for c in COLUMNS] == [3, 1, 0, 0, 0, 0, 4]
    assert [tables["3.1"][c] for c in COLUMNS] == [110, 0, 0, 0, 1, 1, 112]
    # the narrative: 160 received including carry-over, 157 concluded
    assert tables["1"]["total"] + tables["2"]["total"] == 160
    assert tables["3.7"]["total"] == 157
    assert tables["4"]["total"] == 3
    # table 四
    appeals_row = [report["tables"]["appeals"][g][c] for g in ("review", "litigation_direct",
                                                               "litigation_after_review")
                   for c in ("upheld", "corrected", "other", "pending", "total")]
    assert appeals_row == [0, 0, 1, 0, 1, 0, 1, 0, 4, 5, 0, 0, 0, 0, 0]
    assert not checks.has_errors(report["findings"]), report["findings"]

    # the report document through the workflow, then DOCX and PDF
    doc = services.create_report(bt["admin"], org=bt["city"], year=2020, scope="government")
    assert doc.tables == report["tables"]
    services.save_chapters(bt["admin"], doc.pk, title=doc.title, chapters={
        **doc.chapters, "1": "收到依申请公开{{收到申请总数}}件，办结数{{办结申请}}件，答复率为100%。", "6": "无。"})
    services.submit(bt["admin"], doc.pk)
    services.approve(bt["approver"], doc.pk)
    doc.refresh_from_db()
    assert services.publish_blockers(doc) == []
    services.publish(bt["admin"], doc.pk)
    doc.refresh_from_db()
    assert "收到依申请公开160件，办结数157件" in doc.published["chapters"]["1"]

    rendered = services.document_for(doc)
    word = Document(io.BytesIO(render_docx(rendered)))
    word_text = "\n".join(c.text for t in word.tables for r in t.rows for c in r.cells)
    pdf = render_pdf(rendered)
    with pdfplumber.open(io.BytesIO(pdf)) as opened:
        pdf_text = "\n".join(page.extract_text() or "" for page in opened.pages)
        # header cells wrap inside narrow columns: read them cell by cell
        pdf_cells = " ".join("".join((cell or "").split()) for page in opened.pages
                             for table in page.extract_tables() for row in table for cell in row)
    for text, cells in ((word_text, word_text), (pdf_text, pdf_cells)):
        words = set(text.split())
        for figure in ("1181856", "759051", "1684342", "14518", "5728", "-100", "632", "5557", "151", "156",
                       "112", "157"):
            assert figure in words, figure
        assert "256096.2581" in text
        for label in ("社会公益组织", "政府集中采购", "结转下年度继续办理", "其他对外管理服务事项"):
            assert label in cells, label
    assert "收到依申请公开160件，办结数157件" in pdf_text.replace("\n", "").replace(" ", "")
