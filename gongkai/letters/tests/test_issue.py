"""Letters issued by application events: which letter, its number, its text and its snapshot."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError

from gongkai.applications import services as app_services
from gongkai.applications.codes import OUTCOME_BASIS, REPLY_OUTCOMES
from gongkai.applications.models import Application, ApplicationEvent
from gongkai.audit.models import AuditEvent
from gongkai.core.models import Counter
from gongkai.letters.codes import LetterKind
from gongkai.letters.context import build_context, render_text, yuan_in_words
from gongkai.letters.defaults import DEFAULT_TEMPLATES
from gongkai.letters.models import Letter, LetterTemplate
from gongkai.letters.selectors import template_keys
from gongkai.letters.services import issue_letter
from gongkai.workdays.selectors import add_workdays

from .conftest import FIXED_TODAY, payload

pytestmark = pytest.mark.django_db

ARTICLE = re.compile(r"第[一二三四五六七八九十]+条")


def register(staff_user, org, received: dt.date, **overrides):
    app, _code = app_services.register(staff_user, org=org, data=payload(
        channel="in_person", received_on=received.isoformat(), **overrides))
    return app


def test_register_issues_receipt_number_one(registered, staff):
    letter = registered.letters.get()
    assert letter.kind == LetterKind.RECEIPT
    assert (letter.sequence, letter.year) == (1, 2026)
    assert letter.number == "甲市教育局依申请公开〔2026〕1号"
    assert letter.issued_on == registered.received_on and letter.issued_by == staff["handler"]
    assert letter.template.version == 1 and letter.org == registered.org
    assert letter.event.kind == "register"
    assert letter.addressee == "张三" and "2026年6月5日" in letter.text
    assert registered.tracking_no in letter.text and registered.content in letter.text
    assert AuditEvent.objects.filter(action="letters.issue", object_id=str(letter.pk),
                                     org_id=registered.org_id).exists()


def test_numbers_run_per_body_and_year(registered, staff, tree):
    supplement = app_services.request_supplement(staff["handler"], registered.pk, items="请明确年份",
                                                 supplement_workdays=5)
    assert supplement.letters.order_by("id").last().number == "甲市教育局依申请公开〔2026〕2号"
    # Another application at the same body continues the same sequence.
    second = register(staff["handler"], tree["city_edu"], FIXED_TODAY)
    assert second.letters.get().sequence == 3
    # Another body starts at 1; so does another year.
    other = register(staff["outsider"], tree["dist_b"], FIXED_TODAY)
    assert other.letters.get().number == "甲市B区人民政府依申请公开〔2026〕1号"
    last_year = register(staff["handler"], tree["city_edu"], dt.date(2025, 12, 30))
    assert last_year.letters.get().number == "甲市教育局依申请公开〔2025〕1号"


def test_short_name_is_used_in_the_number(staff, tree):
    tree["city_edu"].short_name = "甲教"
    tree["city_edu"].save()
    app = register(staff["handler"], tree["city_edu"], FIXED_TODAY)
    letter = app.letters.get()
    assert letter.number == "甲教依申请公开〔2026〕1号" and letter.org_name == "甲市教育局"


def test_online_submission_gets_its_receipt_on_confirmation(staff, tree):
    app, _code = app_services.submit_online(org=tree["city_edu"], data=payload())
    assert not app.letters.exists()
    app = app_services.confirm(staff["handler"], app.pk)
    letter = app.letters.get()
    assert letter.kind == LetterKind.RECEIPT and letter.issued_on == FIXED_TODAY
    assert "网上申请" in letter.text and "2026年6月15日" in letter.text


def test_events_without_letters(registered, staff):
    app_services.add_note(staff["handler"], registered.pk, note="电话联系申请人")
    app_services.assign(staff["office"], registered.pk, handler=staff["handler2"])
    assert registered.letters.count() == 1


def reply(staff, app, outcome, **extra):
    data = {"reason": "经核查，该信息符合条例规定的情形。", "provided": "电子文档已发送至申请人邮箱。"} | extra
    app_services.draft_reply(staff["handler"], app.pk, outcome=outcome, **data)
    return app_services.approve_reply(staff["approver"], app.pk)


@pytest.mark.parametrize("outcome", REPLY_OUTCOMES)
def test_every_reply_outcome_issues_its_reply(staff, registered, outcome):
    app = reply(staff, registered, outcome)
    letter = app.letters.get(kind=LetterKind.REPLY)
    assert letter.template.outcome == outcome and letter.issued_by == staff["approver"]
    assert letter.issued_on == FIXED_TODAY and letter.event.kind == "approve_reply"
    text = letter.text
    article = ARTICLE.findall(OUTCOME_BASIS[outcome])[0]
    assert article in text, (outcome, article)
    assert registered.content in text
    assert "2026年6月5日" in text  # the date the application was received
    assert "60日内" in text and "6个月内" in text and "行政复议" in text and "行政诉讼" in text
    assert letter.paragraphs[-1] == "特此告知。"
    if outcome in ("3.1", "3.2"):
        assert "电子文档已发送至申请人邮箱" in text
    if outcome != "3.1":
        assert "经核查，该信息符合条例规定的情形。" in text


def test_reply_uses_the_basis_chosen_when_drafting(staff, registered):
    app = reply(staff, registered, "3.3.2", basis="《中华人民共和国保守国家秘密法》第三十条")
    assert "《中华人民共和国保守国家秘密法》第三十条的规定" in app.letters.get(kind="reply").text


def test_reply_takes_provided_from_the_latest_draft(staff, registered):
    app_services.draft_reply(staff["handler"], registered.pk, outcome="3.1", provided="第一稿")
    app_services.return_reply(staff["approver"], registered.pk, reason="请写明获取方式")
    app_services.draft_reply(staff["handler"], registered.pk, outcome="3.1", provided="纸质件请到政务服务中心领取")
    app = app_services.approve_reply(staff["approver"], registered.pk)
    text = app.letters.get(kind="reply").text
    assert "纸质件请到政务服务中心领取" in text and "第一稿" not in text


def test_supplement_letter(staff, registered):
    app = app_services.request_supplement(staff["handler"], registered.pk, items="1. 请明确年份\n2. 请明确学校",
                                          supplement_workdays=5)
    letter = app.letters.get(kind=LetterKind.SUPPLEMENT)
    due = add_workdays(FIXED_TODAY, 5)
    assert f"{due.year}年{due.month}月{due.day}日前" in letter.text
    assert "1. 请明确年份" in letter.paragraphs and "2. 请明确学校" in letter.paragraphs
    assert "第三十条" in letter.text and "视为放弃申请" in letter.text


def test_extension_letter_gives_the_new_due_date(staff, registered):
    app = app_services.extend(staff["approver"], registered.pk, workdays=15, reason="需调取档案。")
    letter = app.letters.get(kind=LetterKind.EXTENSION)
    assert app.due_on == add_workdays(registered.received_on, 35)
    assert f"延长后的答复期限至{app.due_on.year}年{app.due_on.month}月{app.due_on.day}日" in letter.text
    assert "延长15个工作日" in letter.text and "因需调取档案，本机关" in letter.text and "第三十三条" in letter.text


def test_extension_while_paused_says_so(staff, registered):
    app_services.start_consultation(staff["handler"], registered.pk, consultation_kind="third_party", party="某公司")
    app = app_services.extend(staff["approver"], registered.pk, workdays=10, reason="情况复杂")
    text = app.letters.get(kind=LetterKind.EXTENSION).text
    assert app.due_on is None and "延长后的答复期限至" not in text and "不计算在答复期限内" in text


@pytest.mark.parametrize("consultation_kind, kind, article, party", [
    ("third_party", LetterKind.CONSULTATION, "第三十二条", "某餐饮管理有限公司"),
    ("agency", LetterKind.CONSULTATION_AGENCY, "第三十四条", "甲市财政局"),
])
def test_consultation_letter_goes_to_the_party(staff, registered, consultation_kind, kind, article, party):
    app = app_services.start_consultation(staff["handler"], registered.pk, consultation_kind=consultation_kind,
                                          party=party)
    letter = app.letters.get(kind=kind)
    reply_by = add_workdays(FIXED_TODAY, 15)
    assert letter.addressee == party and article in letter.text
    assert f"{reply_by.year}年{reply_by.month}月{reply_by.day}日前" in letter.text
    assert "15个工作日" in letter.text
    # The third party learns what was asked, not who asked it.
    assert "张三" not in letter.text and registered.id_number not in letter.text


def test_fee_letter_shows_amount_and_payment_deadline(staff, tree):
    received = FIXED_TODAY - dt.timedelta(days=10)
    app = register(staff["handler"], tree["city_edu"], received, item_count=12)
    app = app_services.notify_fee(staff["handler"], app.pk, method="per_item")
    letter = app.letters.get(kind=LetterKind.FEE)
    due = app.payment_due
    assert due == add_workdays(FIXED_TODAY, 20)
    text = letter.text
    assert "收费金额：人民币200元（大写：贰佰元整）。" in letter.paragraphs
    assert "按件计收" in text and "第11—12件共2件×100元，合计200元。" in text
    assert f"20个工作日内（{due.year}年{due.month}月{due.day}日前）缴纳" in text
    assert "逾期未缴纳的，视为放弃申请" in text and "109号" in text


def test_snapshot_renders_again_to_the_same_text(staff, registered):
    app = reply(staff, registered, "3.3.4")
    for letter in app.letters.all():
        assert render_text(letter.template.body, letter.context["variables"]) == letter.context["body"]


def test_missing_optional_data_does_not_fail(registered):
    """Every template renders with no event data at all."""
    registered.due_on = None
    for kind, outcome in template_keys():
        registered.outcome = outcome
        template = LetterTemplate.objects.get(kind=kind, outcome=outcome, version=1)
        context = build_context(registered, kind, on=FIXED_TODAY, legal_basis=template.legal_basis, extra=None)
        assert render_text(template.body, context)
        letter = issue_letter(registered, kind, on=FIXED_TODAY, actor=None)
        assert letter.paragraphs and letter.issued_by is None


def test_broken_template_rolls_the_action_back(staff, registered):
    LetterTemplate.objects.create(kind="supplement", outcome="", version=2, effective_from=dt.date(2026, 1, 1),
                                  title="补正告知书", body="{% if items %}未闭合")
    counter = Counter.objects.get(key=f"letter:{registered.org_id}:2026").value
    with pytest.raises(ValidationError, match="模板第2版有误"):
        app_services.request_supplement(staff["handler"], registered.pk, items="请明确年份", supplement_workdays=5)
    assert Application.objects.get(pk=registered.pk).status == "processing"
    assert not ApplicationEvent.objects.filter(application=registered, kind="request_supplement").exists()
    assert Letter.objects.filter(application=registered).count() == 1
    assert Counter.objects.get(key=f"letter:{registered.org_id}:2026").value == counter


def test_defaults_cover_every_template_and_cite_the_outcome_basis():
    keys = [(t["kind"], t["outcome"]) for t in DEFAULT_TEMPLATES]
    assert sorted(keys) == sorted(template_keys())
    for item in DEFAULT_TEMPLATES:
        if item["kind"] == "reply":
            assert item["legal_basis"] == OUTCOME_BASIS[item["outcome"]], item["outcome"]
    assert LetterTemplate.objects.filter(version=1, effective_from=dt.date(2019, 5, 15)).count() == len(keys)


@pytest.mark.parametrize("amount, words", [
    (0, "零元整"), (5, "伍元整"), (10, "壹拾元整"), (105, "壹佰零伍元整"), (200, "贰佰元整"),
    (1050, "壹仟零伍拾元整"), (2300, "贰仟叁佰元整"), (10200, "壹万零贰佰元整"), (100000, "壹拾万元整"),
    (100000005, "壹亿零伍元整"),
])
def test_yuan_in_words(amount, words):
    assert yuan_in_words(amount) == words


def test_default_templates_come_back_if_the_table_was_emptied(staff, tree):
    """A database flushed between transactional tests (or otherwise emptied) still issues letters."""
    LetterTemplate.objects.all().delete()
    app = register(staff["handler"], tree["city_edu"], FIXED_TODAY)
    assert app.letters.get().template.version == 1
    assert LetterTemplate.objects.count() == len(DEFAULT_TEMPLATES)
