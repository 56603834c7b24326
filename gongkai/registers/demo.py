"""Demo registers for the fictional 示例市: 权责清单 items for every demo body (some ended last year, some added
this year), two years of decisions for the city departments imported from generated CSV files through the
import service (so batches, counts and the audit trail are real), yearly totals from the 省双公示系统 for the
public security bureau instead of rows, and fee income and procurement for every body and both years.

Everything goes through ``gongkai.registers.services`` as the 公开办管理员 ``gkb``. Running it again does nothing.
"""

import datetime as dt
import io
import random
from decimal import Decimal

from gongkai.accounts.models import User
from gongkai.core.validators import resident_id_check_char, uscc_check_char
from gongkai.orgs.models import Organization

from . import services
from .codes import ImportMode, PowerKind
from .models import DecisionTotal, FeeIncome, ImportBatch, PowerItem, Procurement

DEMO_ACTOR = "gkb"
FILE_PREFIX = "示例数据-行政决定"
TOTALS_BODY = "SLS-GAJ"
TOTALS_SOURCE = "省双公示系统"
REGION = "990100"

BODIES = ["SLS", "SLS-BGS", "SLS-FGW", "SLS-JYJ", "SLS-GAJ", "SLS-CZJ", "SLS-RSJ", "SLS-ZRZYJ", "SLS-STHJJ",
          "SLS-ZJJ", "SLS-WJW", "SLS-SCJGJ", "SLS-DC", "SLS-DC-BGS", "SLS-DC-JYJ", "SLS-DC-MZJ", "SLS-DC-WJJ",
          "SLS-XS", "SLS-XS-ZJJ", "SLS-XS-SCJGJ", "SLS-NH", "SLS-NH-NYJ", "SLS-NH-ZRZYJ"]

# Decisions per year of the city departments: body → (文号 prefix, {kind: how many}).
DECISION_PLAN = {
    "SLS-SCJGJ": ("示市监", {"licensing": 420, "penalty": 380, "coercion": 40}),
    "SLS-ZJJ": ("示建", {"licensing": 260, "penalty": 60, "coercion": 6}),
    "SLS-STHJJ": ("示环", {"licensing": 90, "penalty": 110, "coercion": 18}),
    "SLS-WJW": ("示卫", {"licensing": 150, "penalty": 45}),
    "SLS-ZRZYJ": ("示自然资", {"licensing": 120, "penalty": 30, "coercion": 4}),
    "SLS-RSJ": ("示人社", {"licensing": 40, "penalty": 12}),
    "SLS-JYJ": ("示教", {"licensing": 25, "penalty": 3}),
    "SLS-FGW": ("示发改", {"licensing": 30}),
    "SLS-CZJ": ("示财", {"penalty": 5}),
}
TOTALS_PLAN = {"licensing": 8_652, "penalty": 23_410, "coercion": 1_276}
KIND_WORDS = {"licensing": ("许", "行政许可"), "penalty": ("罚", "行政处罚"), "coercion": ("强", "行政强制")}
SUMMARIES = {
    "licensing": [("申请食品经营许可", "《中华人民共和国食品安全法》第三十五条", "准予许可"),
                  ("申请建设工程规划许可证", "《中华人民共和国城乡规划法》第四十条", "准予许可"),
                  ("申请排污许可证", "《排污许可管理条例》第十条", "准予许可，有效期五年"),
                  ("申请公共场所卫生许可", "《公共场所卫生管理条例》第八条", "准予许可"),
                  ("申请变更许可事项", "《中华人民共和国行政许可法》第四十九条", "准予变更")],
    "penalty": [("未按规定公示年度报告", "《企业信息公示暂行条例》第十八条", "警告，罚款2000元"),
                ("销售不符合食品安全标准的食品", "《中华人民共和国食品安全法》第一百二十四条", "没收违法所得，罚款5万元"),
                ("超标排放大气污染物", "《中华人民共和国大气污染防治法》第九十九条", "罚款10万元，责令改正"),
                ("未取得施工许可证擅自施工", "《中华人民共和国建筑法》第六十四条", "责令改正，罚款3万元"),
                ("非医师行医", "《中华人民共和国医师法》第五十九条", "没收违法所得，罚款2万元")],
    "coercion": [("查封涉嫌违法生产经营场所", "《中华人民共和国行政强制法》第九条", "查封30日"),
                 ("扣押涉案物品", "《中华人民共和国行政强制法》第九条", "扣押涉案物品一批"),
                 ("加处罚款", "《中华人民共和国行政强制法》第四十五条", "加处罚款5000元")],
}
SURNAMES = "王李张刘陈杨黄赵周吴徐孙马胡朱郭何罗高林"
GIVEN = ["建国", "丽娟", "志强", "海燕", "明", "静", "伟", "芳", "晓东", "春梅", "国庆", "秀英", "磊", "敏"]
COMPANY_WORDS = ["恒达", "青禾", "瑞丰", "鼎盛", "华源", "金穗", "新程", "博远", "安泰", "润泽", "嘉禾", "鸿运"]
COMPANY_TRADES = ["商贸有限公司", "建设工程有限公司", "食品有限公司", "化工有限公司", "物业服务有限公司", "医疗器械有限公司",
                  "餐饮管理有限公司", "环保科技有限公司"]
ITEM_NAMES = {
    PowerKind.LICENSING: ["食品经营许可", "建设工程规划许可证核发", "排污许可证核发", "民办学校设立审批", "医疗机构执业登记",
                          "建筑工程施工许可证核发", "取水许可", "户外广告设施设置审批", "公共场所卫生许可", "药品零售企业许可",
                          "危险化学品经营许可", "人力资源服务许可"],
    PowerKind.PENALTY: ["对未按规定公示年度报告的处罚", "对无证经营食品的处罚", "对违反建设工程规划许可的处罚",
                        "对超标排放污染物的处罚", "对非法行医的处罚", "对违规收费的处罚", "对未取得施工许可擅自施工的处罚",
                        "对生产销售不合格产品的处罚", "对拒绝、阻碍监督检查的处罚", "对虚假宣传的处罚",
                        "对违规占用耕地的处罚", "对未按规定办理备案的处罚", "对违反价格管理规定的处罚",
                        "对违反劳动保障法律的处罚"],
    PowerKind.COERCION: ["查封、扣押涉案场所和物品", "冻结存款、汇款", "加处罚款或者滞纳金", "代履行"],
    PowerKind.FEE: ["不动产登记费", "考试考务费", "特种设备检验检测费", "污水处理费"],
    PowerKind.OTHER_SERVICE: ["行政确认：婚姻登记", "行政给付：最低生活保障金给付", "行政奖励：见义勇为表彰", "行政检查：日常监督检查",
                              "行政裁决：土地权属争议裁决", "公共服务：政策咨询", "行政征收：城镇土地使用税征收"],
}
ITEM_COUNTS = {PowerKind.LICENSING: (4, 8), PowerKind.PENALTY: (8, 14), PowerKind.COERCION: (1, 4),
               PowerKind.FEE: (0, 3), PowerKind.OTHER_SERVICE: (3, 7)}
ITEM_ABBR = {PowerKind.LICENSING: "XK", PowerKind.PENALTY: "CF", PowerKind.COERCION: "QZ", PowerKind.FEE: "SF",
             PowerKind.OTHER_SERVICE: "QT"}


def _date_between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, max((last - first).days, 0)))


class _Builder:
    def __init__(self, today: dt.date, actor, orgs: dict[str, Organization]):
        self.today = today
        self.this_year = today.year
        self.last_year = today.year - 1
        self.actor = actor
        self.orgs = orgs
        self.rng = random.Random(2026)
        self.serial = 0

    def items(self, org: Organization) -> int:
        created = 0
        year_start = dt.date(self.this_year, 1, 1)
        last_start, last_end = dt.date(self.last_year, 1, 1), dt.date(self.last_year, 12, 31)
        for kind, (low, high) in ITEM_COUNTS.items():
            names = ITEM_NAMES[kind]
            for n in range(self.rng.randint(low, high)):
                roll = self.rng.random()
                start = _date_between(self.rng, dt.date(2018, 1, 1), dt.date(self.last_year - 1, 12, 31))
                end = None
                if roll < 0.12:  # ended last year
                    end = _date_between(self.rng, last_start, last_end)
                elif roll < 0.20:  # added last year
                    start = _date_between(self.rng, last_start, last_end)
                elif roll < 0.32:  # added this year
                    start = _date_between(self.rng, year_start, self.today)
                services.create_item(self.actor, org=org, kind=kind, code=f"{org.code}-{ITEM_ABBR[kind]}-{n + 1:03d}",
                                     name=names[n % len(names)], basis="依据有关法律、法规的规定",
                                     effective_from=start, effective_to=end)
                created += 1
        return created

    def _subject(self) -> tuple[str, str, str]:
        self.serial += 1
        if self.rng.random() < 0.35:
            born = _date_between(self.rng, dt.date(1955, 1, 1), dt.date(2003, 12, 31))
            first17 = f"{REGION}{born:%Y%m%d}{self.rng.randint(100, 999)}"
            name = self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)
            return name, "自然人", first17 + resident_id_check_char(first17)
        first17 = f"91{REGION}{self.rng.randint(10**8, 10**9 - 1)}"
        name = f"示例市{self.rng.choice(COMPANY_WORDS)}{self.rng.choice(COMPANY_TRADES)}"
        return name, "法人", first17 + uscc_check_char(first17)

    def decisions_csv(self, year: int) -> bytes:
        first = dt.date(year, 1, 1)
        last = min(dt.date(year, 12, 31), self.today)
        # A partial current year gets its share of the yearly volume.
        share = 1.0 if year < self.this_year else max(0.05, (last - first).days / 365)
        out = io.StringIO()
        out.write("\ufeff机构代码,类别,决定文书号,决定日期,相对人名称,相对人类别,相对人证件号码,事由,依据,结果\n")
        for code, (prefix, plan) in DECISION_PLAN.items():
            if code not in self.orgs:
                continue
            for kind, per_year in plan.items():
                abbr, label = KIND_WORDS[kind]
                for n in range(1, int(per_year * share) + 1):
                    name, subject_kind, subject_id = self._subject()
                    summary, basis, result = self.rng.choice(SUMMARIES[kind])
                    day = _date_between(self.rng, first, last)
                    out.write(f"{code},{label},{prefix}{abbr}〔{year}〕{n}号,{day:%Y-%m-%d},{name},{subject_kind},"
                              f"{subject_id},{summary},{basis},{result}\n")
        return out.getvalue().encode("utf-8")

    def totals(self, org: Organization) -> int:
        created = 0
        for year, factor in ((self.last_year, 1.0), (self.this_year, 0.6)):
            for kind, count in TOTALS_PLAN.items():
                if DecisionTotal.objects.filter(org=org, year=year, kind=kind).exists():
                    continue
                services.set_decision_total(self.actor, org=org, year=year, kind=kind, count=int(count * factor),
                                            source=TOTALS_SOURCE,
                                            note="逐条决定保存在省双公示系统，此处为系统导出的全年数量")
                created += 1
        return created

    def fees_and_procurement(self, org: Organization) -> tuple[int, int]:
        fees = procurements = 0
        for year in (self.last_year, self.this_year):
            if not FeeIncome.objects.filter(org=org, year=year).exists():
                amount = Decimal(self.rng.randint(0, 250_000)) / Decimal(100)  # up to 2,500 万元
                services.set_fee_income(self.actor, org=org, year=year, amount_wan=amount,
                                        note="" if year < self.this_year else "截至目前")
                fees += 1
            if not Procurement.objects.filter(org=org, year=year).exists():
                services.set_procurement(self.actor, org=org, year=year, projects=self.rng.randint(3, 160),
                                         amount=Decimal(self.rng.randint(50_000, 9_000_000)) / Decimal(100),
                                         amount_unit="万元")
                procurements += 1
        return fees, procurements


def load_demo_registers(today: dt.date) -> dict[str, int]:
    """Create the demo registers; returns how many of each were created (all zero on a second run, or when
    the demo bodies or the demo 公开办管理员 are missing)."""
    created = {"items": 0, "decisions": 0, "totals": 0, "fees": 0, "procurements": 0}
    actor = User.objects.filter(username=DEMO_ACTOR, is_active=True).first()
    orgs = {o.code: o for o in Organization.objects.filter(code__in=BODIES, is_active=True)}
    if actor is None or not orgs:
        return created
    builder = _Builder(today, actor, orgs)
    for code in BODIES:
        org = orgs.get(code)
        if org is not None and not PowerItem.objects.filter(org=org).exists():
            created["items"] += builder.items(org)
    if TOTALS_BODY in orgs:
        created["totals"] += builder.totals(orgs[TOTALS_BODY])
    if not ImportBatch.objects.filter(filename__startswith=FILE_PREFIX).exists():
        for year in (builder.last_year, builder.this_year):
            data = builder.decisions_csv(year)
            result = services.import_decisions(actor, io.BytesIO(data), filename=f"{FILE_PREFIX}-{year}.csv",
                                               mode=ImportMode.ALL_OR_NOTHING)
            created["decisions"] += result.imported
    for code in BODIES:
        if code in orgs:
            fees, procurements = builder.fees_and_procurement(orgs[code])
            created["fees"] += fees
            created["procurements"] += procurements
    return created

