"""Demo annual reports of 示例市人民政府: the 2020 report (2019 试行 format) published, the 2021 report (2021 format)
waiting for the 审核人, and a draft of last year's report computed from the two years of demo records.

The rest of the demo covers the last two years only, so this module first adds the records the 2020 and 2021
reports are computed from, through the services: applications received and concluded in those years (a few
carried over into the next), 规章 and 规范性文件, the city's 权责清单 (bulk import), yearly decision totals,
procurement (2020) and fee income (2021); 复议/诉讼 cases come from ``gongkai.appeals.demo``. What is faked:
``approve`` publishes now, so the documents' 成文/形成/发布 dates are then moved back with ``QuerySet.update()``
(as ``gongkai.disclosure.demo`` does), and the 2020 report's publication time is set to March 2021.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.applications import services as apps
from gongkai.core.validators import resident_id_check_char, uscc_check_char
from gongkai.disclosure import services as items
from gongkai.disclosure.models import Item
from gongkai.orgs.models import Organization
from gongkai.portal import pagecache
from gongkai.registers import services as registers
from gongkai.registers.models import DecisionTotal

from . import checks, services
from .models import AnnualReport

CITY = "SLS"
D = dt.date

# (year, body code, applicant kind, received on, outcome or None (carried over), concluded on)
OUTCOME_MIX = [("3.1", 14), ("3.2", 5), ("3.3.4", 2), ("3.3.6", 1), ("3.4.1", 6), ("3.4.2", 1), ("3.5.2", 1),
               ("3.5.1", 1), ("3.6.3", 2)]
KINDS = ["natural_person"] * 6 + ["commercial", "natural_person", "legal_service", "natural_person",
                                   "social_welfare", "research", "other"]
BODIES = ["SLS-BGS", "SLS-JYJ", "SLS-ZRZYJ", "SLS-ZJJ", "SLS-SCJGJ"]

CHAPTER_1 = (
    "{year}年，示例市人民政府以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》，"
    "坚持以公开为常态、不公开为例外，全面推进决策、执行、管理、服务、结果公开。\n"
    "（一）主动公开。全年主动公开政府信息{{{{主动公开信息}}}}条，其中公开规章和规范性文件{{{{公开规章和规范性文件}}}}件，"
    "发布政策解读{{{{政策解读}}}}条，规范性文件与解读材料同步组织、同步审签、同步发布。\n"
    "（二）依申请公开。全年收到政府信息公开申请{{{{收到申请总数}}}}件（含上年结转{{{{上年结转申请}}}}件），办结{{{{办结申请}}}}件，"
    "结转下年度继续办理{{{{结转下年度申请}}}}件。严格执行登记、审核、办理、答复、归档制度，统一答复文书格式。\n"
    "（三）政府信息管理。落实公开属性源头认定和保密审查机制，对不予公开的信息定期评估审查。\n"
    "（四）政府信息公开平台建设。以市政府门户网站政府信息公开专栏为第一平台，规范设置法定主动公开内容栏目。\n"
    "（五）监督保障。将政务公开纳入年度绩效考核，定期督查通报网站更新和信息发布情况。"
)
CHAPTER_5 = (
    "（一）存在的问题。一是个别部门对“公开为常态、不公开为例外”的理解还不到位；二是政策解读形式还不够丰富。\n"
    "（二）改进情况。印发进一步加强政府信息公开工作的通知，建立健全公文公开属性认定机制；开展政务公开专项督查，"
    "对问题多、整改不力的单位予以通报。"
)
CHAPTER_6 = "依据《政府信息公开信息处理费管理办法》，本年度未收取信息处理费。人大代表建议和政协提案办理结果已按要求公开。"


def _users():
    names = ("gkb", "sz_chengban", "shenhe", "fabu", "baomi")
    users = {u.username: u for u in User.objects.filter(username__in=names, is_active=True)}
    return users if len(users) == len(names) else None


def _applications(users, orgs, year: int) -> None:
    handler, approver = users["sz_chengban"], users["shenhe"]
    n = 0
    for outcome, count in OUTCOME_MIX:
        for _ in range(count):
            org = orgs[BODIES[n % len(BODIES)]]
            kind = KINDS[n % len(KINDS)]
            received = D(year, 1 + n % 11, 5 + n % 20)
            concluded = received + dt.timedelta(days=12 + n % 9)
            _one(handler, approver, org, kind, received, outcome, concluded, n)
            n += 1
    # two received in late December, answered in January of the next year (carried over)
    for i in range(2):
        _one(handler, approver, orgs[BODIES[i]], "natural_person", D(year, 12, 21 + i), "3.1",
             D(year + 1, 1, 12 + i), n + i)


def _one(handler, approver, org, kind, received, outcome, concluded, n):
    data = {"channel": "in_person", "received_on": received.isoformat(), "applicant_kind": kind,
            "applicant_name": "周某" if kind == "natural_person" else f"示例{['', '商贸', '研究', '公益', '律师', '社区'][n % 6]}单位",
            "id_type": "resident_id" if kind == "natural_person" else "uscc",
            "id_number": _resident_id(n) if kind == "natural_person" else _uscc(n),
            "contact_person": "" if kind == "natural_person" else "联系人", "phone": "13900000000",
            "address": "示例市人民路1号", "content": f"申请公开{received.year}年度有关政策执行情况（第{n + 1}项）",
            "info_form": "electronic", "delivery_method": "email", "email": "demo@example.com"}
    app, _ = apps.register(handler, org=org, data=data)
    if outcome == "3.6.3":
        apps.withdraw(handler, app.pk, reason="申请人撤回申请", on=concluded)
        return
    apps.draft_reply(handler, app.pk, outcome=outcome, on=concluded,
                     provided="已通过电子邮件提供。" if outcome in ("3.1", "3.2") else "",
                     reason="" if outcome == "3.1" else "经检索，依据《条例》相关规定作出答复。")
    apps.approve_reply(approver, app.pk, on=concluded)
    apps.deliver(handler, app.pk, on=concluded)


def _resident_id(n: int) -> str:
    first17 = f"99010019800101{n % 1000:03d}"
    return first17 + resident_id_check_char(first17)


def _uscc(n: int) -> str:
    first17 = f"91990100MA{n:07d}"
    return first17 + uscc_check_char(first17)


def _documents(users, org, doc_type, n, written: dt.date, published: dt.datetime, year: int) -> None:
    ids = []
    for i in range(n):
        item = items.create_item(users["fabu"], org=org, data={
            "title": f"示例市人民政府关于{['优化营商环境', '促进就业', '加强生态环境保护', '规范行政执法'][i % 4]}的"
                     f"{'规定' if doc_type == 'regulation' else '若干措施'}（{year}年第{i + 1}号）",
            "doc_type": doc_type, "written_on": written.isoformat(), "formed_on": written.isoformat(),
            "disclosure": "active", "body_html": "<p>第一条 为了……，根据有关法律法规，结合本市实际，制定本规定。</p>",
            "article20_item": 1, "doc_no": f"示政{'令' if doc_type == 'regulation' else '发'}〔{year}〕{i + 1}号"})
        items.submit(users["fabu"], item.pk)
        items.secrecy_pass(users["baomi"], item.pk, comment="经审查，不涉及国家秘密。")
        items.approve(users["shenhe"], item.pk, sync_exception_reason="解读材料已于同日在政策解读栏目发布（历史数据补录）")
        ids.append(item.pk)
    Item.objects.filter(pk__in=ids).update(written_on=written, formed_on=written, published_at=published,
                                           publish_due_on=written + dt.timedelta(days=28),
                                           sync_exception_reason="")
    pagecache.bump()


def _registers(users, city, year_items: bool) -> None:
    actor = users["gkb"]
    if year_items:
        rows = []
        for kind, n, ended_2020, ended_2021 in (("licensing", 86, 2, 3), ("other_service", 64, 5, 1),
                                                ("penalty", 420, 12, 8), ("coercion", 26, 1, 0),
                                                ("fee", 18, 0, 1)):
            for i in range(n):
                end = D(2020, 6, 30) if i < ended_2020 else D(2021, 6, 30) if i < ended_2020 + ended_2021 else None
                rows.append({"kind": kind, "code": f"SLS-{kind}-{i:04d}", "name": f"{kind}事项{i + 1}",
                             "effective_from": "2019-01-01", "effective_to": end.isoformat() if end else ""})
        registers.import_items(actor, org=city, rows=rows)
    for year, counts in ((2020, {"licensing": 48213, "other_service": 30552, "penalty": 6120, "coercion": 312}),
                         (2021, {"licensing": 51876, "penalty": 5874, "coercion": 298})):
        for kind, count in counts.items():
            if not DecisionTotal.objects.filter(org=city, year=year, kind=kind).exists():
                registers.set_decision_total(actor, org=city, year=year, kind=kind, count=count,
                                             source="示例市政务服务平台")
    registers.set_procurement(actor, org=city, year=2020, projects=1268, amount="38652.1375", amount_unit="万元")
    registers.set_fee_income(actor, org=city, year=2021, amount_wan="12.5600")


def _write(users, report, year) -> AnnualReport:
    return services.save_chapters(users["gkb"], report.pk, title=report.title, chapters={
        "0": report.chapters.get("0", ""), "1": CHAPTER_1.format(year=year), "5": CHAPTER_5, "6": CHAPTER_6})


def _approve_and_publish(users, report, published_at: dt.datetime) -> None:
    services.submit(users["gkb"], report.pk)
    report = services.approve(users["shenhe"], report.pk, comment="数据核对无误，同意发布。")
    keys = [services.finding_key(f) for f in report.findings if f["severity"] == checks.WARNING]
    if keys:
        services.acknowledge(users["gkb"], report.pk, keys=keys)
    report = services.publish(users["gkb"], report.pk)
    AnnualReport.objects.filter(pk=report.pk).update(published_at=published_at)
    snapshot = AnnualReport.objects.get(pk=report.pk).published
    snapshot["published_on"] = published_at.date().isoformat()
    AnnualReport.objects.filter(pk=report.pk).update(published=snapshot)


def load_demo_reports(today: dt.date) -> int:
    """Create the demo reports (and the 2020–2021 records behind them); returns how many reports were created
    (0 on a second run or without the demo bodies and accounts)."""
    users = _users()
    orgs = {o.code: o for o in Organization.objects.filter(code__in=[CITY, *BODIES])}
    if users is None or len(orgs) != len(BODIES) + 1 or AnnualReport.objects.filter(org__code=CITY).exists():
        return 0
    city = orgs[CITY]
    tz = timezone.get_current_timezone()
    with transaction.atomic():
        for year in (2020, 2021):
            _applications(users, orgs, year)
        _documents(users, city, "regulation", 2, D(2019, 4, 2), dt.datetime(2019, 4, 20, 10, tzinfo=tz), 2019)
        _documents(users, orgs["SLS-BGS"], "normative", 12, D(2019, 6, 3), dt.datetime(2019, 6, 18, 10, tzinfo=tz),
                   2019)
        _documents(users, city, "regulation", 1, D(2020, 5, 8), dt.datetime(2020, 5, 25, 10, tzinfo=tz), 2020)
        _documents(users, orgs["SLS-BGS"], "normative", 9, D(2020, 7, 1), dt.datetime(2020, 7, 16, 10, tzinfo=tz),
                   2020)
        _documents(users, city, "regulation", 2, D(2021, 3, 9), dt.datetime(2021, 3, 26, 10, tzinfo=tz), 2021)
        _documents(users, orgs["SLS-BGS"], "normative", 11, D(2021, 8, 2), dt.datetime(2021, 8, 18, 10, tzinfo=tz),
                   2021)
        # two 2019 规范性文件 repealed in 2021
        old = list(Item.objects.filter(org=orgs["SLS-BGS"], doc_type="normative", written_on=D(2019, 6, 3))
                   .values_list("pk", flat=True)[:2])
        Item.objects.filter(pk__in=old).update(validity="repealed", invalid_on=D(2021, 9, 30))
        pagecache.bump()
        _registers(users, city, year_items=True)

        created = 0
        r2020 = services.create_report(users["gkb"], org=city, year=2020, scope="government")
        _write(users, r2020, 2020)
        _approve_and_publish(users, r2020, dt.datetime(2021, 3, 25, 9, 30, tzinfo=tz))
        created += 1
        r2021 = services.create_report(users["gkb"], org=city, year=2021, scope="government")
        _write(users, r2021, 2021)
        services.submit(users["gkb"], r2021.pk, comment="请审核")
        created += 1
        last = today.year - 1
        if last > 2021:
            r_last = services.create_report(users["gkb"], org=city, year=last, scope="government")
            _write(users, r_last, last)
            created += 1
    return created
