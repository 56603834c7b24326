"""Demo applications for the fictional 示例市: two years of applications in every state and every outcome,
created through the services (so events, deadlines, letters and the audit trail are all real)."""

import datetime as dt
import random

from gongkai.accounts.models import User
from gongkai.core.validators import resident_id_check_char, uscc_check_char
from gongkai.orgs.models import Organization
from gongkai.workdays.calendar import WorkCalendarError
from gongkai.workdays.selectors import add_workdays

from . import services
from .codes import REPLY_OUTCOMES
from .models import Application

SURNAMES = "王李张刘陈杨黄赵周吴徐孙马胡朱郭何罗高林"
GIVEN = ["建国", "丽娟", "志强", "海燕", "明", "静", "伟", "芳", "晓东", "春梅", "国庆", "秀英", "磊", "敏"]
COMPANIES = [("commercial", "示例市恒达建设工程有限公司"), ("commercial", "示例市青禾农业科技有限公司"),
             ("research", "示例大学公共管理研究所"), ("social_welfare", "示例市绿色家园环保公益服务中心"),
             ("legal_service", "示例正平律师事务所"), ("other", "示例市东城区和平社区居民委员会")]
REQUESTS = {
    "SLS-JYJ": ["2025年示例市义务教育阶段学校招生划片方案及依据", "示例市第三中学食堂招标文件及中标结果",
                "2024年度市教育局部门预算中校舍维修项目明细", "示例市民办学校年检结果"],
    "SLS-ZRZYJ": ["东城区和平路地块国有建设用地使用权出让合同", "南湖县清河镇土地征收批复文件及补偿标准",
                  "示例市国土空间总体规划（2021—2035年）批复文件"],
    "SLS-ZJJ": ["示例市2025年老旧小区改造项目名单及资金安排", "幸福里小区房屋征收补偿方案及评估报告"],
    "SLS-STHJJ": ["示例市化工园区某企业环境影响评价报告书及批复", "2025年第二季度示例河水质监测数据"],
    "SLS-BGS": ["示例市人民政府2024年重大行政决策事项目录", "示例市人民政府常务会议关于公交票价调整的会议纪要"],
    "SLS-DC-MZJ": ["东城区2025年城乡低保对象名单及发放标准", "东城区养老服务设施建设补贴发放情况"],
    "SLS-NH-NYJ": ["南湖县2025年耕地地力保护补贴发放明细", "南湖县高标准农田建设项目验收报告"],
}
BODY_STAFF = {  # body code → (handler username, approver username)
    "SLS-JYJ": ("chengban", "shenhe"), "SLS-ZRZYJ": ("sz_chengban", "shenhe"), "SLS-ZJJ": ("sz_chengban", "shenhe"),
    "SLS-STHJJ": ("sz_chengban", "shenhe"), "SLS-BGS": ("sz_chengban", "shenhe"),
    "SLS-DC-MZJ": ("dc_chengban", "dc_shenhe"), "SLS-NH-NYJ": ("nh_chengban", "nh_shenhe"),
}
REASONS = {
    "3.3": "经审查，所申请信息属于条例规定不予公开的范围。",
    "3.4": "经检索，本机关未制作或获取所申请的信息。",
    "3.5": "所申请事项不属于政府信息公开申请的处理范围。",
    "3.2": "所申请信息中含有个人隐私内容，已作区分处理。",
}


class DemoBuilder:
    def __init__(self, today: dt.date, seed: int = 2026):
        self.today = today
        self.rng = random.Random(seed)
        self.users = {u.username: u for u in User.objects.all()}
        self.orgs = {o.code: o for o in Organization.objects.filter(code__in=list(REQUESTS))}
        self.serial = 0

    def _applicant(self):
        self.serial += 1
        if self.rng.random() < 0.75:
            first17 = f"1501{self.rng.randint(10, 99)}{self.rng.randint(1960, 2000)}{self.rng.randint(1, 12):02d}" \
                      f"{self.rng.randint(1, 28):02d}{self.rng.randint(100, 999)}"
            name = self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)
            return {"applicant_kind": "natural_person", "applicant_name": name, "id_type": "resident_id",
                    "id_number": first17 + resident_id_check_char(first17)}
        kind, name = self.rng.choice(COMPANIES)
        first17 = f"91990100{self.serial:09d}"
        return {"applicant_kind": kind, "applicant_name": name, "id_type": "uscc",
                "id_number": first17 + uscc_check_char(first17), "contact_person": "王经办"}

    def payload(self, code, **extra):
        data = {**self._applicant(), "phone": f"139{self.rng.randint(10000000, 99999999)}",
                "email": f"applicant{self.serial}@example.com", "address": "示例市东城区和平路88号",
                "postcode": "990100", "content": self.rng.choice(REQUESTS[code]),
                "info_form": self.rng.choice(["electronic", "paper"]), "delivery_method": "email"}
        data.update(extra)
        return data

    def wd(self, start, n):
        return add_workdays(start, n)

    def register(self, code, received, **extra):
        handler, _ = BODY_STAFF[code]
        channel = self.rng.choice(["in_person", "letter", "email", "fax"])
        data = self.payload(code, channel=channel, received_on=received.isoformat(),
                            letter_mail="signed" if channel == "letter" else "", handler=self.users[handler], **extra)
        app, _ = services.register(self.users[handler], org=self.orgs[code], data=data)
        return app

    def online(self, code, submitted, confirm=True):
        app, _ = services.submit_online(org=self.orgs[code], data=self.payload(code), submitted_on=submitted)
        if confirm:
            services.confirm(self.users[BODY_STAFF[code][0]], app.pk, on=submitted)
        return Application.objects.get(pk=app.pk)

    def reply(self, app, code, outcome, drafted, deliver=True):
        handler, approver = BODY_STAFF[code]
        group = outcome[:3]
        services.draft_reply(self.users[handler], app.pk, outcome=outcome, on=drafted,
                             reason=REASONS.get(group, REASONS.get(outcome, "")) if outcome != "3.1" else "",
                             provided="已通过电子邮件提供相关文件。" if outcome in ("3.1", "3.2") else "")
        approve_on = min(self.wd(drafted, 1), self.today)
        services.approve_reply(self.users[approver], app.pk, on=approve_on)
        if deliver:
            services.deliver(self.users[handler], app.pk, on=min(self.wd(approve_on, 1), self.today), method="email")

    def concluded(self, code, received, outcome, *, online=False, archive=False, days=None):
        app = self.online(code, received) if online else self.register(code, received)
        drafted = self.wd(received, days or self.rng.randint(3, 17))
        self.reply(app, code, outcome, drafted)
        if archive:
            services.archive(self.users[BODY_STAFF[code][0]], app.pk, on=self.wd(drafted, 3))
        return app

    def build(self):
        codes = list(REQUESTS)
        last_year = self.today.year - 1
        # Last year: every reply outcome at least once, spread over the months, most archived.
        outcomes = list(REPLY_OUTCOMES) + self.rng.choices(["3.1", "3.1", "3.2", "3.4.1", "3.5.2"], k=19)
        for i, outcome in enumerate(outcomes):
            received = dt.date(last_year, 1 + i % 11, 3 + (i * 7) % 20)
            self.concluded(codes[i % len(codes)], received, outcome, online=i % 3 == 0, archive=i % 2 == 0)
        self._special(dt.date(last_year, 6, 2))
        # Received late last year, concluded this year: the 上年结转 of this year's report.
        for i, code in enumerate(codes[:3]):
            self.concluded(code, dt.date(last_year, 12, 18 + i), "3.1", days=15)
        # This year: concluded ones, then every open state.
        months = max(1, self.today.month - 1)
        for i, outcome in enumerate(self.rng.choices(["3.1", "3.1", "3.2", "3.3.4", "3.4.1", "3.4.2", "3.5.1"], k=18)):
            received = dt.date(self.today.year, 1 + i % months, 5 + (i * 3) % 18)
            self.concluded(codes[(i + 2) % len(codes)], received, outcome, online=i % 2 == 1)
        self._special(dt.date(self.today.year, max(1, self.today.month - 3), 6))
        self._open_states()

    def _special(self, base):
        """3.6.1, 3.6.2 and 3.6.3 closures in the given period."""
        a = self.register("SLS-JYJ", base)
        services.request_supplement(self.users["chengban"], a.pk, items="请写明所需文件的名称或文号", on=self.wd(base, 2),
                                    supplement_workdays=10)
        services.close_overdue(self.wd(base, 13))
        b = self.register("SLS-ZRZYJ", base, item_count=14)
        services.notify_fee(self.users["sz_chengban"], b.pk, method="per_item", on=self.wd(base, 3))
        services.close_overdue(self.wd(base, 24))
        c = self.register("SLS-ZJJ", base)
        services.withdraw(self.users["sz_chengban"], c.pk, reason="申请人来电撤回申请", on=self.wd(base, 4))

    def _open_states(self):
        t = self.today
        # 待确认: three online submissions from the last days.
        for i, code in enumerate(["SLS-JYJ", "SLS-BGS", "SLS-DC-MZJ"]):
            self.online(code, t - dt.timedelta(days=i), confirm=False)
        received = t - dt.timedelta(days=8)
        self.register("SLS-JYJ", received)  # 办理中
        self.register("SLS-STHJJ", t - dt.timedelta(days=2))
        a = self.register("SLS-JYJ", t - dt.timedelta(days=6))  # 待补正
        services.request_supplement(self.users["chengban"], a.pk, items="请明确所需信息的年份和范围",
                                    on=min(self.wd(a.received_on, 2), t), supplement_workdays=15)
        b = self.register("SLS-ZRZYJ", t - dt.timedelta(days=12))  # 征求意见中
        services.start_consultation(self.users["sz_chengban"], b.pk, consultation_kind="third_party",
                                    party="示例市恒达建设工程有限公司", on=min(self.wd(b.received_on, 3), t))
        c = self.register("SLS-ZJJ", t - dt.timedelta(days=9), item_count=35)  # 待缴费
        services.notify_fee(self.users["sz_chengban"], c.pk, method="per_item", on=min(self.wd(c.received_on, 2), t))
        d = self.register("SLS-JYJ", t - dt.timedelta(days=14))  # 答复待审核
        services.draft_reply(self.users["chengban"], d.pk, outcome="3.1", provided="已通过电子邮件提供招标文件。",
                             on=min(self.wd(d.received_on, 6), t))
        e = self.register("SLS-BGS", t - dt.timedelta(days=16))  # 答复待送达
        self.reply(e, "SLS-BGS", "3.4.1", min(self.wd(e.received_on, 8), t), deliver=False)
        f = self.register("SLS-STHJJ", t - dt.timedelta(days=20))  # 延期
        services.extend(self.users["shenhe"], f.pk, workdays=20, reason="所需信息涉及多个年度档案，需调取核查",
                        on=min(self.wd(f.received_on, 10), t))
        self.register("SLS-NH-NYJ", t - dt.timedelta(days=45))  # 已超期
        soon = t - dt.timedelta(days=26)  # 即将到期
        self.register("SLS-DC-MZJ", soon)
        g, _ = services.submit_online(org=self.orgs["SLS-BGS"], data=self.payload("SLS-BGS"))
        services.discard(self.users["gkb"], g.pk, reason="重复提交的测试信息")


def load_demo_applications(today: dt.date) -> int:
    """Build the demo applications unless they exist; return how many applications the demo bodies hold."""
    if Application.objects.filter(org__code__in=list(REQUESTS)).exists():
        return Application.objects.filter(org__code__in=list(REQUESTS)).count()
    try:
        DemoBuilder(today).build()
    except WorkCalendarError as e:  # the demo spans last year and this year; both must be loaded
        raise RuntimeError(f"无法生成演示申请：{e.message}") from e
    return Application.objects.filter(org__code__in=list(REQUESTS)).count()
