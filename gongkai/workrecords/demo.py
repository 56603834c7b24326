"""Demo work records for the fictional 示例市, created through ``gongkai.workrecords.services`` as the
公开办管理员 ``gkb`` (city-level 新闻发布会 and 在线访谈 as the 信息发布员 ``fabu`` when that user exists), so the
audit trail is real. Running it again creates nothing: a record with the same body, kind, date and title, an
account with the same body, platform and name, and a month already entered are left alone.

For the previous year the city government (SLS) has 16 新闻发布会 and 6 在线访谈 (as in the Baotou 2020 report),
policy interpretations sent to the province, and a city-wide training with 108 attendees plus smaller ones;
a few departments and districts have their own. The current year has the same pattern up to ``today``.
New-media accounts of the city and some departments carry monthly post counts for every month begun.
"""

import datetime as dt
import random

from gongkai.accounts.models import User
from gongkai.orgs.models import Organization

from . import services
from .codes import Platform, RecordKind
from .models import NewMediaAccount, NewMediaMonth, WorkRecord

DEMO_ACTOR = "gkb"
DEMO_PUBLISHER = "fabu"
PRESS, INTERVIEW, REPORT, TRAINING = (RecordKind.PRESS_CONFERENCE, RecordKind.ONLINE_INTERVIEW,
                                      RecordKind.INTERPRETATION_REPORT, RecordKind.TRAINING)

PRESS_TOPICS = [
    "优化营商环境若干措施", "城市更新行动实施方案", "基本医疗保险市级统筹", "高校毕业生就业创业扶持政策",
    "中小学招生入学工作", "冬季清洁取暖工作", "老旧小区改造", "城市公共交通票价调整", "全民健身设施建设",
    "稳外贸稳外资工作", "生态环境保护督察整改", "重点项目建设进展", "养老服务体系建设", "防汛抗旱工作",
    "国民经济和社会发展统计公报", "食品安全专项整治", "政务服务“一网通办”", "农村人居环境整治",
]
INTERVIEW_TOPICS = [
    "解读《示例市优化营商环境条例》", "聚焦就业创业扶持政策", "住房公积金政策问答", "义务教育阶段招生政策",
    "医保惠民政策解读", "政务公开与政务服务", "生态环境质量改善", "城市管理热点问题",
]
REPORT_TOPICS = [
    "关于进一步优化营商环境的若干措施", "城市更新行动实施方案", "促进消费扩容提质若干措施", "养老服务补贴实施办法",
    "住房租赁市场管理办法", "科技创新券管理办法", "困难群众基本生活保障办法", "公共租赁住房分配管理办法",
]
TRAININGS = [  # (body, topic, place, attendees, month)
    ("SLS", "全市政务公开工作培训会议", "市政府第一会议室", 108, 10),
    ("SLS", "政府信息公开申请办理业务培训", "市政务服务中心", 46, 5),
    ("SLS-JYJ", "教育系统政务公开业务培训", "市教育局会议室", 35, 6),
    ("SLS-DC", "东城区政务公开业务培训", "东城区政府会议中心", 62, 9),
]
DEPARTMENT_PRESS = {"SLS-JYJ": 3, "SLS-WJW": 4, "SLS-RSJ": 2, "SLS-DC": 5}
ACCOUNTS = [  # (body, platform, name, typical monthly posts)
    ("SLS", Platform.WEIBO, "示例发布", 120),
    ("SLS", Platform.WECHAT, "示例市人民政府", 85),
    ("SLS", Platform.DOUYIN, "示例发布", 30),
    ("SLS-JYJ", Platform.WECHAT, "示例教育", 48),
    ("SLS-WJW", Platform.WECHAT, "健康示例", 60),
    ("SLS-WJW", Platform.WEIBO, "示例卫健", 40),
    ("SLS-DC", Platform.WECHAT, "东城发布", 55),
    ("SLS-NH", Platform.APP, "南湖政务", 25),
]


def _spread(year: int, n: int, rng: random.Random) -> list[dt.date]:
    """``n`` dates spread over the year: one in each of n equal slices, a few days in."""
    days = 365
    return [dt.date(year, 1, 1) + dt.timedelta(days=int(i * days / n) + rng.randint(2, max(3, days // n - 3)))
            for i in range(n)]


def _plan(year: int) -> list[dict]:
    rng = random.Random(year)
    out = []
    for i, day in enumerate(_spread(year, 16, rng)):
        out.append({"org": "SLS", "kind": PRESS, "held_on": day, "title": f"{PRESS_TOPICS[(i + year) % len(PRESS_TOPICS)]}新闻发布会",
                    "place": "市政府新闻发布厅", "participants": "市政府新闻办、相关部门负责人",
                    "attendees": rng.randint(30, 60)})
    for i, day in enumerate(_spread(year, 6, rng)):
        out.append({"org": "SLS", "kind": INTERVIEW, "held_on": day,
                    "title": INTERVIEW_TOPICS[(i + year) % len(INTERVIEW_TOPICS)],
                    "place": "市政府门户网站“在线访谈”栏目", "participants": "相关部门主要负责人"})
    for i, day in enumerate(_spread(year, 24, rng)):
        out.append({"org": "SLS" if i % 3 else "SLS-BGS", "kind": REPORT, "held_on": day,
                    "title": f"《{REPORT_TOPICS[i % len(REPORT_TOPICS)]}》政策解读（第{i // len(REPORT_TOPICS) + 1}批）",
                    "place": "示例省政务公开工作平台"})
    for code, n in DEPARTMENT_PRESS.items():
        for i, day in enumerate(_spread(year, n, rng)):
            out.append({"org": code, "kind": PRESS, "held_on": day,
                        "title": f"{PRESS_TOPICS[(i * 5 + len(code)) % len(PRESS_TOPICS)]}新闻发布会",
                        "place": "新闻发布厅"})
    for code, topic, place, attendees, month in TRAININGS:
        out.append({"org": code, "kind": TRAINING, "held_on": dt.date(year, month, 15), "title": topic,
                    "place": place, "attendees": attendees + (year % 3), "participants": "市政府办公室政务公开科"})
    return out


def load_demo_workrecords(today: dt.date) -> int:
    """Records for the previous and the current year up to ``today``, accounts and their monthly counts.
    Returns the number of records, accounts and monthly entries created or changed."""
    actor = User.objects.filter(username=DEMO_ACTOR).first()
    if actor is None:
        return 0
    publisher = User.objects.filter(username=DEMO_PUBLISHER).first()
    orgs = {o.code: o for o in Organization.objects.filter(code__startswith="SLS")}
    created = 0
    for year in (today.year - 1, today.year):
        for row in _plan(year):
            org = orgs.get(row.pop("org"))
            if org is None or row["held_on"] > today:
                continue
            if WorkRecord.objects.filter(org=org, kind=row["kind"], held_on=row["held_on"],
                                         title=row["title"]).exists():
                continue
            user = publisher if (publisher and org.code == "SLS" and row["kind"] in (PRESS, INTERVIEW)) else actor
            services.create_record(user, org=org, **row)
            created += 1
    accounts = []
    for code, platform, name, typical in ACCOUNTS:
        org = orgs.get(code)
        if org is None:
            continue
        account = NewMediaAccount.objects.filter(org=org, platform=platform, name=name).first()
        if account is None:
            account = services.create_account(actor, org=org, platform=platform, name=name)
            created += 1
        accounts.append((account, typical))
    month = dt.date(today.year - 1, 1, 1)
    while month <= today:
        rng = random.Random(month.toordinal())
        have = set(NewMediaMonth.objects.filter(month=month).values_list("account_id", flat=True))
        counts = {a.pk: max(0, typical + rng.randint(-typical // 4, typical // 4))
                  for a, typical in accounts if a.pk not in have}
        if counts:
            created += services.save_month(actor, month, counts)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return created
