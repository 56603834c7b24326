"""Demo 主动公开 content for the fictional 示例市: each demo body's 公开目录, 指南 and 公开制度 pages, and about
seven hundred items over the last two years, created through the real services so that events and the audit
trail exist. ``load_demo_items(today)`` is called by ``load_demo``; see its docstring for what is faked.

Titles and bodies are assembled from a vocabulary of each body's work (themes, the 规范性文件 it issues, its
statistics) in the formats real 政府信息公开 columns use: 通知公告, 工作动态, 规划计划, 财政预决算, 人事信息,
统计信息, 规范性文件 with their 政策解读 published together (三同步), 机构职能. Everything random is seeded per
body, so two databases loaded on the same day hold the same content.
"""

import datetime as dt
import io
import random
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.core.models import Counter
from gongkai.orgs.models import Organization
from gongkai.portal import pagecache

from . import column, services
from .codes import DocType
from .models import CatalogKind, CatalogNode, Guide, Item, ItemEvent, PolicyPage

SEED = 2026
HISTORY_DAYS = 730

# Drafter, 保密审查员 and 审核人 of each group of bodies. The city's are in load_demo's STAFF; the districts'
# are below (EXTRA_STAFF, same shape as STAFF) and created here if load_demo has not created them.
DESKS = {
    "city": ("fabu", "baomi", "shenhe"),
    "dc": ("dc_fabu", "dc_baomi", "dc_shenhe"),
    "xs": ("xs_fabu", "xs_baomi", "xs_shenhe"),
    "nh": ("nh_fabu", "nh_baomi", "nh_shenhe"),
}


@dataclass(frozen=True)
class Theme:
    name: str  # 义务教育招生入学
    topic: str  # Topic value
    article: int  # the Article 20 item a notice on it falls under
    tasks: tuple[str, ...] = ()  # concrete tasks for notices and plans (generic ones are used otherwise)


@dataclass(frozen=True)
class StandardLeaf:
    name: str
    theme: str  # items on this theme go in this leaf
    content: str
    basis: str
    channels: str = "政府网站、政务新媒体、政务服务中心公开查阅点"


@dataclass(frozen=True)
class Body:
    code: str
    abbr: str  # 文号 prefix, e.g. 示教
    desk: str
    kind: str  # "government" or "department": how it addresses others and is headed
    themes: tuple[Theme, ...]
    rules: tuple[str, ...]  # the 规范性文件 (or 规章, for the city government) it issues
    stats: str = ""  # a periodic statistic it publishes, with {year}/{period}
    standard: tuple[str, tuple[StandardLeaf, ...]] | None = None  # 基层政务公开标准目录 domain
    head: str = "局长"
    address: str = "示例市人民路1号"


T = Theme
EDU_TASKS = ("严格执行免试就近入学政策，科学划定学校招生范围", "规范民办义务教育学校招生行为，全面实行电脑随机录取",
             "做好进城务工人员随迁子女和残疾儿童少年入学保障", "招生信息全部通过政府网站和招生平台向社会公开")
BODIES = [
    Body("SLS", "示政", "city", "government", (
        T("优化营商环境", "economy", 15, ("持续深化“放管服”改革，压减审批环节和时限", "全面推行惠企政策“免申即享”")),
        T("安全生产", "market", 13, ("压紧压实安全生产责任，开展重点行业领域隐患排查整治",)),
        T("乡村振兴", "agriculture", 11), T("城市更新", "construction", 10), T("稳就业", "labour", 11),
        T("防汛抗旱", "agriculture", 12, ("落实防汛责任人，提前预置抢险队伍和物资",))),
        ("示例市城市供水管理办法", "示例市重大行政决策程序规定", "示例市优化营商环境若干措施"),
        stats="示例市{year}年国民经济和社会发展统计公报", head="市长", address="示例市人民路1号"),
    Body("SLS-BGS", "示政办", "city", "department", (
        T("政务公开", "general", 15, ("做好政策文件和解读材料同步发布", "规范政府信息公开申请办理")),
        T("政务服务“一网通办”", "general", 5), T("12345政务服务便民热线", "general", 15), T("督查检查", "general", 15)),
        ("示例市政务服务“好差评”管理办法", "示例市公共资源交易管理暂行办法"), head="秘书长", address="示例市人民路1号"),
    Body("SLS-FGW", "示发改", "city", "department", (
        T("重点项目建设", "economy", 10, ("建立重点项目包联机制，协调解决用地、资金等要素保障问题",)),
        T("价格监测", "economy", 15), T("节能降碳", "economy", 13), T("以工代赈", "civil_affairs", 11),
        T("社会信用体系建设", "economy", 15)),
        ("示例市政府投资项目管理办法", "示例市价格监测工作规定"), stats="示例市{year}年{period}经济运行情况",
        head="主任", address="示例市人民路1号"),
    Body("SLS-JYJ", "示教", "city", "department", (
        T("义务教育招生入学", "education", 11, EDU_TASKS), T("学生资助", "education", 11),
        T("校外培训机构监管", "education", 11), T("校园安全", "education", 12),
        T("学前教育普及普惠", "education", 11), T("教师队伍建设", "education", 11)),
        ("示例市校外培训机构监督管理办法", "示例市中小学学籍管理实施细则", "示例市学生资助资金管理办法"),
        stats="示例市{year}年教育事业发展统计公报",
        standard=("义务教育", (
            StandardLeaf("招生入学", "义务教育招生入学", "招生范围、招生计划、招生条件、报名时间和方式、录取结果",
                         "《中华人民共和国义务教育法》《国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见》"),
            StandardLeaf("学生资助", "学生资助", "资助政策、资助对象、资助标准、申请程序、资助名单",
                         "《学生资助资金管理办法》"))), address="示例市文化路18号"),
    Body("SLS-GAJ", "示公", "city", "department", (
        T("户籍管理", "public_security", 5), T("道路交通安全", "public_security", 12),
        T("电信网络诈骗防范", "public_security", 15), T("出入境管理", "public_security", 5)),
        ("示例市户籍登记管理实施细则", "示例市养犬登记管理规定"), address="示例市平安大街9号"),
    Body("SLS-CZJ", "示财", "city", "department", (
        T("政府采购", "finance", 9, ("严格执行政府采购意向公开制度", "加强政府采购合同履约验收管理")),
        T("预算绩效管理", "finance", 7), T("惠民惠农财政补贴", "finance", 11), T("地方政府债务管理", "finance", 7)),
        ("示例市市级财政专项资金管理办法", "示例市政府采购内部控制管理办法"), address="示例市人民路3号"),
    Body("SLS-RSJ", "示人社", "city", "department", (
        T("高校毕业生就业", "labour", 11), T("社会保险", "labour", 11), T("职业技能培训", "labour", 11),
        T("根治欠薪", "labour", 13), T("事业单位公开招聘", "labour", 14)),
        ("示例市就业补助资金管理办法", "示例市职称评审管理办法"), stats="示例市{year}年{period}人力资源和社会保障主要指标",
        address="示例市民生路6号"),
    Body("SLS-ZRZYJ", "示自然资", "city", "department", (
        T("国土空间规划", "land", 3), T("土地征收", "land", 10), T("不动产登记", "land", 5), T("耕地保护", "land", 13),
        T("地质灾害防治", "land", 12)),
        ("示例市集体土地征收补偿安置办法", "示例市不动产登记工作规程"),
        standard=("征地补偿", (
            StandardLeaf("征收土地信息", "土地征收", "征收土地预公告、征地补偿安置方案、征收土地公告、补偿登记",
                         "《中华人民共和国土地管理法》《中华人民共和国土地管理法实施条例》"),)),
        address="示例市建设路20号"),
    Body("SLS-STHJJ", "示环", "city", "department", (
        T("大气污染防治", "construction", 13, ("落实重污染天气应急减排措施", "加强扬尘和挥发性有机物治理")),
        T("水环境保护", "construction", 13), T("环境影响评价", "construction", 5), T("排污许可", "construction", 5)),
        ("示例市生态环境损害赔偿实施办法", "示例市排污许可管理实施细则"), stats="示例市{year}年{period}环境空气质量状况",
        standard=("环境保护", (
            StandardLeaf("环境质量信息", "大气污染防治", "环境空气质量、地表水水质、重污染天气预警",
                         "《中华人民共和国环境保护法》《环境信息公开办法》"),)),
        address="示例市绿园路2号"),
    Body("SLS-ZJJ", "示建", "city", "department", (
        T("老旧小区改造", "construction", 10), T("保障性住房", "construction", 11), T("建筑施工安全", "construction", 13),
        T("物业管理", "construction", 15), T("城镇燃气安全", "construction", 12)),
        ("示例市公共租赁住房管理办法", "示例市住宅物业管理办法"),
        standard=("保障性住房", (
            StandardLeaf("公共租赁住房", "保障性住房", "申请条件、申请材料、审核结果、分配结果",
                         "《公共租赁住房管理办法》"),)),
        address="示例市建设路12号"),
    Body("SLS-WJW", "示卫健", "city", "department", (
        T("基本公共卫生服务", "health", 11), T("传染病防控", "health", 12), T("医疗机构监管", "health", 13),
        T("家庭医生签约服务", "health", 11), T("无偿献血", "health", 15)),
        ("示例市基本公共卫生服务项目管理办法", "示例市医疗机构依法执业自查管理办法"),
        standard=("卫生健康", (
            StandardLeaf("基本公共卫生服务", "基本公共卫生服务", "服务项目、服务对象、服务内容、服务机构",
                         "《中华人民共和国基本医疗卫生与健康促进法》"),)),
        head="主任", address="示例市健康路5号"),
    Body("SLS-SCJGJ", "示市监", "city", "department", (
        T("食品安全抽检", "market", 13, ("按季度公布监督抽检结果，依法处置不合格食品",)),
        T("特种设备安全", "market", 13), T("产品质量监督抽查", "market", 13), T("知识产权保护", "market", 15)),
        ("示例市食品小作坊登记管理办法", "示例市市场主体登记注册实施细则"),
        standard=("食品药品监管", (
            StandardLeaf("食品安全抽检", "食品安全抽检", "抽检计划、抽检结果、不合格食品核查处置",
                         "《中华人民共和国食品安全法》《食品安全抽样检验管理办法》"),)),
        address="示例市商贸路7号"),
    Body("SLS-DC", "东政", "dc", "government", (
        T("老旧小区改造", "construction", 10), T("社区治理", "civil_affairs", 15), T("背街小巷整治", "construction", 10),
        T("安全生产", "market", 13), T("营商环境", "economy", 15)),
        ("东城区老旧小区改造实施办法", "东城区社区工作者管理办法"), stats="东城区{year}年国民经济和社会发展统计公报",
        head="区长", address="示例市东城区和平路1号"),
    Body("SLS-DC-JYJ", "东教", "dc", "department", (
        T("课后服务", "education", 11), T("义务教育招生入学", "education", 11, EDU_TASKS),
        T("校园食品安全", "education", 13), T("学位供给", "education", 11)),
        ("东城区中小学课后服务管理办法",), address="示例市东城区和平路15号"),
    Body("SLS-DC-MZJ", "东民", "dc", "department", (
        T("最低生活保障", "civil_affairs", 11, ("规范低保申请、审核确认程序", "按月公示低保对象名单")),
        T("养老服务", "civil_affairs", 11), T("临时救助", "civil_affairs", 11), T("婚姻登记", "civil_affairs", 5)),
        ("东城区最低生活保障审核确认办法", "东城区临时救助实施细则"),
        standard=("社会救助", (
            StandardLeaf("最低生活保障", "最低生活保障", "申请条件、办理流程、保障标准、保障对象名单",
                         "《社会救助暂行办法》《最低生活保障审核确认办法》"),
            StandardLeaf("临时救助", "临时救助", "救助对象、救助标准、申请程序", "《社会救助暂行办法》"))),
        address="示例市东城区和平路21号"),
    Body("SLS-XS", "西政", "xs", "government", (
        T("城市更新", "construction", 10), T("产业园区建设", "economy", 10), T("河湖长制", "agriculture", 13),
        T("招商引资", "economy", 15)),
        ("西山区城市更新项目管理办法",), stats="西山区{year}年国民经济和社会发展统计公报", head="区长",
        address="示例市西山区建设路8号"),
    Body("SLS-NH", "南政", "nh", "government", (
        T("高标准农田建设", "agriculture", 10), T("耕地地力保护补贴", "agriculture", 11),
        T("农村人居环境整治", "agriculture", 11), T("防汛抗旱", "agriculture", 12), T("乡村振兴", "agriculture", 11)),
        ("南湖县耕地地力保护补贴发放管理办法", "南湖县农村宅基地审批管理办法"),
        stats="南湖县{year}年国民经济和社会发展统计公报",
        standard=("涉农补贴", (
            StandardLeaf("耕地地力保护补贴", "耕地地力保护补贴", "补贴政策、补贴对象、补贴标准、补贴发放结果",
                         "《财政部 农业农村部关于印发〈农业相关转移支付资金管理办法〉的通知》"),)),
        head="县长", address="南湖县迎宾路1号"),
]

GENERIC_TASKS = ("健全工作机制，压实各方责任", "加强统筹协调，形成工作合力", "强化监督检查，及时发现和解决问题",
                 "做好政策宣传解读，及时回应社会关切", "建立工作台账，实行清单化管理", "加强信息化建设，提升服务便利度",
                 "严格落实信息公开要求，主动接受社会监督")
GOALS = ("进一步提升{theme}工作水平", "切实保障人民群众合法权益", "推动{theme}工作提质增效", "更好满足群众需求")
ACHIEVEMENTS = ("各项工作有序推进，阶段性目标任务全面完成", "群众满意度持续提升，工作成效明显",
                "重点任务推进有力，形成了一批可复制可推广的经验做法")
SURNAMES = "王李张刘陈杨黄赵周吴徐孙马胡朱郭何罗高林郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余"
GIVEN = ("建国", "丽娟", "志强", "海燕", "明", "静", "伟", "芳", "晓东", "春梅", "国庆", "秀英", "磊", "敏", "雪", "浩然",
         "子涵", "思远", "嘉怡", "宇航", "欣然", "俊杰", "婷婷", "文博")
NUMERALS = "一二三四五六七八九十"
RULE_SUFFIXES = ("暂行办法", "实施细则", "实施办法", "若干措施", "工作规程", "工作规定", "办法", "规定", "规程", "细则")
# The 法定主动公开内容 column of a notice on a theme, by the theme's Article 20 item (others: 通知公告).
ARTICLE_NODES = {5: "行政许可和公共服务", 9: "政府采购", 10: "重大建设项目", 11: "民生保障", 12: "应急管理", 13: "监督检查"}
# The first of the items left open in the workflow; its presence means they were created.
OPEN_ITEMS_MARK = "示例市教育局关于做好寒假期间校园安全工作的通知"


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def html(paragraphs) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def signature(org, day) -> str:
    return f'<p style="text-align: right">{org.name}<br>{cn_date(day)}</p>'


@dataclass
class Plan:
    """One item to create: the service data, its publication time and how it goes through the workflow."""

    data: dict
    published: dt.datetime
    attachments: list = field(default_factory=list)
    interpretation: dict | None = None  # a 政策解读 approved together with it (三同步)
    late_interpretation: dict | None = None  # one published later: a 三同步 exception
    validity: tuple[str, dt.date] | None = None  # 失效/已废止 later
    withdraw: str = ""  # withdrawn later, with this reason
    stop_at: str = ""  # leave it in draft / secrecy_review / approval / scheduled


class BodyWriter:
    """Writes one body's catalog, guide, 制度 pages and items."""

    def __init__(self, body: Body, org: Organization, users: dict, today: dt.date):
        self.body, self.org, self.today = body, org, today
        self.drafter, self.reviewer, self.approver = (users[u] for u in DESKS[body.desk])
        self.rng = random.Random(f"{SEED}-{body.code}")
        self.short = org.short_name or org.name
        self.region = {"dc": "全区", "xs": "全区", "nh": "全县"}.get(body.desk, "全市")
        self.numbers: dict[tuple[str, int], int] = {}
        self.nodes: dict[str, CatalogNode] = {}

    # ---- helpers --------------------------------------------------------------------------------------

    def day(self, lo: int, hi: int) -> dt.date:
        """A working-looking day between ``hi`` and ``lo`` days ago."""
        day = self.today - dt.timedelta(days=self.rng.randint(lo, hi))
        while day.weekday() >= 5:
            day -= dt.timedelta(days=1)
        return day

    def at(self, day: dt.date) -> dt.datetime:
        moment = dt.datetime.combine(day, dt.time(self.rng.choice([9, 10, 11, 14, 15, 16]), self.rng.randint(0, 59)))
        return timezone.make_aware(moment)

    def doc_no(self, kind: str, year: int) -> tuple[str, int]:
        """A 文号 to be numbered once every plan is dated (``number``), so numbers rise with the dates."""
        return (kind, year)

    def number(self, plans: list[Plan]) -> None:
        for plan in sorted(plans, key=lambda p: p.published):
            if isinstance(plan.data.get("doc_no"), tuple):
                kind, year = plan.data["doc_no"]
                self.numbers[(kind, year)] = self.numbers.get((kind, year), 0) + self.rng.randint(1, 4)
                plan.data["doc_no"] = f"{self.body.abbr}{kind}〔{year}〕{self.numbers[(kind, year)]}号"

    def person(self) -> str:
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)

    def tasks(self, theme: Theme, k: int) -> list[str]:
        pool = list(theme.tasks) + self.rng.sample(GENERIC_TASKS, k)
        return pool[:k]

    def salutation(self) -> str:
        if self.body.kind == "government":
            return "各乡镇人民政府、街道办事处，各有关部门：" if self.body.code != "SLS" else "各区、县人民政府，市政府各部门："
        return "各有关单位："

    def base(self, *, title, doc_type, theme: Theme | None, day: dt.date, body_html, article=None, node="",
             doc_no="", summary="", **extra) -> dict:
        formed = day - dt.timedelta(days=self.rng.randint(1, 10))
        data = {"title": title, "doc_no": doc_no, "written_on": (formed - dt.timedelta(days=self.rng.randint(0, 4))),
                "formed_on": formed, "topic": theme.topic if theme else "general", "doc_type": doc_type,
                "article20_item": article, "catalog_node": self.node_for(node, theme, article), "summary": summary,
                "body_html": body_html, "disclosure": "active",
                "channels": ["website"] + self.rng.sample(["new_media", "gazette", "service_hall"], self.rng.randint(0, 2))}
        data.update(extra)
        return data

    def node_for(self, name: str, theme: Theme | None, article: int | None) -> str:
        """The catalog node (by name) an item goes in; the node ids are filled in once the catalog exists."""
        leaves = {leaf.theme: leaf.name for leaf in (self.body.standard[1] if self.body.standard else ())}
        if not name and theme is not None and theme.name in leaves:
            return leaves[theme.name]
        return name or ARTICLE_NODES.get(article, "通知公告")

    def pk_of(self, name: str) -> int | None:
        if not self.nodes:
            self.nodes = {n.name: n for n in CatalogNode.objects.filter(org=self.org)}
        node = self.nodes.get(name)
        return node.pk if node else None

    # ---- column structure -----------------------------------------------------------------------------

    def catalog(self, used: set[str]):
        """The body's 公开目录: the nodes its items use and their parents (no empty columns — 空白栏目 count
        against a site in the 政府网站 inspections)."""
        spec = [("机构职能", CatalogKind.STATUTORY, None, 2, None, 1, {}),
                ("政策文件", CatalogKind.STATUTORY, None, 1, 180, 2, {}),
                ("政策解读", CatalogKind.STATUTORY, None, 1, None, 2, {}),
                ("规划计划", CatalogKind.STATUTORY, None, 3, 365, 3, {}),
                ("统计信息", CatalogKind.STATUTORY, None, 4, None, 4, {}),
                ("财政预决算", CatalogKind.STATUTORY, None, 7, 365, 5, {})]
        spec += [(name, CatalogKind.STATUTORY, None, article, None, 5 + article, {})
                 for article, name in ARTICLE_NODES.items()]
        spec.append(("人事信息", CatalogKind.STATUTORY, None, 14, None, 20, {}))
        if self.body.standard:
            domain, leaves = self.body.standard
            spec.append((domain, CatalogKind.STANDARD, None, None, None, 25, {}))
            spec += [(leaf.name, CatalogKind.STANDARD, domain, None, None, i, {
                "matter": leaf.name, "content": leaf.content, "basis": leaf.basis, "subject": self.org.name,
                "time_limit": "信息形成或者变更之日起20个工作日内", "channels": leaf.channels, "audience": "全社会",
                "manner": "主动公开"}) for i, leaf in enumerate(leaves)]
        spec += [("工作动态", CatalogKind.CUSTOM, None, None, 14, 30, {}),
                 ("通知公告", CatalogKind.CUSTOM, None, None, None, 31, {})]
        wanted = set(used) | {parent for (name, _k, parent, *_rest) in spec if name in used and parent}
        existing = {n.name: n for n in CatalogNode.objects.filter(org=self.org)}
        for name, kind, parent, article, every, order, elements in spec:
            if name not in wanted:
                continue
            node = existing.get(name)
            if node is None:
                node = column.save_catalog_node(self.drafter, org=self.org, data={
                    "name": name, "kind": kind, "parent": self.nodes[parent].pk if parent else None,
                    "article20_item": article, "update_every_days": every, "sort_order": order, **elements})
            self.nodes[name] = node

    def guide(self):
        if Guide.objects.filter(org=self.org).exists():
            return
        office = "办公室" if self.body.kind == "department" else "政务公开办公室"
        nodes = "、".join(n.name for n in CatalogNode.objects.filter(org=self.org, parent=None).order_by("sort_order"))
        nodes = nodes or "政策文件、工作动态"
        column.save_guide(self.drafter, org=self.org, data={
            "classification": f"本机关主动公开的政府信息按公开目录分为{nodes}等类别，每条信息标注索引号、发布机构、"
                              "成文日期、发布日期、文号、主题分类、文种和有效性。\n索引号由机构代码、年份和顺序号组成。",
            "how_to_obtain": "（一）主动公开：通过本平台“政府信息公开”栏目、政府公报、政务新媒体和政务服务中心公开查阅点"
                             "获取，可按目录浏览或全文检索。\n（二）依申请公开：公民、法人或者其他组织可以通过本平台"
                             "“依申请公开”栏目在线填写申请表提交，或者以信函、当面提交等书面形式申请。",
            "office_name": f"{self.org.name}{office}", "address": self.body.address,
            "hours": "工作日上午9:00—12:00，下午13:30—17:30（法定节假日除外）",
            "phone": f"0471-55{self.rng.randint(10000, 99999)}", "fax": f"0471-55{self.rng.randint(10000, 99999)}",
            "web_contact": "本平台“依申请公开”栏目", "postcode": "990100"})

    def policy_pages(self):
        existing = set(PolicyPage.objects.filter(org=self.org).values_list("title", flat=True))
        pages = [
            (f"{self.org.name}政府信息公开保密审查制度", [
                "第一条 为规范本机关政府信息公开保密审查工作，防止泄露国家秘密和工作秘密，根据《中华人民共和国保守国家秘密法》"
                "《中华人民共和国政府信息公开条例》，制定本制度。",
                "第二条 本机关拟公开的政府信息，由起草单位提出公开属性建议，经保密审查员审查、分管负责人审批后发布。",
                "第三条 对不能确定是否可以公开的政府信息，应当依照法律、法规和国家有关规定报有关主管部门或者保密行政管理部门确定。",
                "第四条 保密审查应当在发布前完成，审查意见随信息一并存档备查。",
                "第五条 本制度自印发之日起施行。"]),
            (f"{self.org.name}政府信息主动公开工作制度", [
                "第一条 本机关按照“谁制作、谁公开”“谁保存、谁公开”的原则确定主动公开的责任单位。",
                "第二条 属于主动公开范围的政府信息，应当自形成或者变更之日起20个工作日内公开。",
                "第三条 规章和行政规范性文件与其政策解读材料同步组织、同步审签、同步发布。",
                "第四条 政府信息公开工作机构每季度对公开目录各栏目的更新情况进行检查，并通报检查结果。"]),
        ]
        if self.rng.random() < 0.6:
            pages.append((f"{self.org.name}政府信息依申请公开工作规程", [
                "第一条 本机关收到政府信息公开申请后，由政府信息公开工作机构统一登记、分办。",
                "第二条 申请内容不明确的，应当在收到申请之日起7个工作日内一次性告知申请人补正。",
                "第三条 能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内予以答复。",
                "第四条 答复书经审核人审核后送达申请人，办理过程和文书一并归档。"]))
        for order, (title, paragraphs) in enumerate(pages, start=1):
            if title not in existing:
                column.save_policy_page(self.drafter, org=self.org, data={
                    "title": title, "body_html": html(paragraphs), "sort_order": order})

    # ---- item content ---------------------------------------------------------------------------------

    def functions(self) -> Plan:
        day = self.day(HISTORY_DAYS - 20, HISTORY_DAYS - 5)
        head = self.person()
        body = html([
            f"一、主要职责。{self.org.name}负责贯彻执行国家和省、市有关{'、'.join(t.name for t in self.body.themes[:3])}"
            "等方面的法律法规和方针政策，拟订相关政策措施并组织实施，承担有关行政管理和公共服务职责。",
            "二、内设机构。办公室、政策法规科、业务管理科、监督检查科、财务审计科。",
            f"三、办公地址：{self.body.address}。办公时间：工作日上午9:00—12:00，下午13:30—17:30。"
            f"联系电话：0471-55{self.rng.randint(10000, 99999)}。",
            f"四、负责人：{self.body.head}　{head}。"])
        return Plan(self.base(title=f"{self.org.name}机构职能", doc_type=DocType.OTHER, theme=None, day=day,
                              body_html=body, article=2, node="机构职能"), self.at(day))

    def notice(self, theme: Theme, day: dt.date) -> Plan:
        year = day.year
        kind = self.rng.random()
        if kind < 0.35:
            title = f"{self.org.name}关于做好{year}年{theme.name}工作的通知"
        elif kind < 0.55:
            title = f"{self.org.name}关于开展{theme.name}专项行动的通知"
        elif kind < 0.75:
            title = f"{self.org.name}关于进一步加强{theme.name}工作的通知"
        elif kind < 0.9:
            title = f"{self.org.name}关于公布{year}年{theme.name}工作{self.rng.choice(['结果', '情况', '名单'])}的公告"
        else:
            title = f"{self.org.name}关于{theme.name}有关事项的公告"
        tasks = self.tasks(theme, 3)
        deadline = day + dt.timedelta(days=self.rng.randint(20, 60))
        body = html([
            self.salutation(),
            f"为深入贯彻落实党中央、国务院和省委、省政府关于{theme.name}的决策部署，"
            f"{self.rng.choice(GOALS).format(theme=theme.name)}，经研究，现将有关事项通知如下。",
            "一、总体要求。坚持以人民为中心的发展思想，坚持问题导向和目标导向，"
            f"{tasks[0]}，确保{theme.name}各项工作落到实处。",
            f"二、主要任务。（一）{tasks[1]}。（二）{tasks[2]}。（三）加强{theme.name}工作的日常监管和绩效评价，"
            "评价结果作为年度考核的重要依据。",
            f"三、工作要求。各单位要高度重视，明确责任分工，于{cn_date(deadline)}前将工作开展情况报送{self.short}。"
            f"联系人：{self.person()}，联系电话：0471-55{self.rng.randint(10000, 99999)}。"]) + signature(self.org, day)
        attachments = []
        if self.rng.random() < 0.08:
            attachments.append(docx_file(f"附件：{year}年{theme.name}工作任务分解表.docx", [
                f"{year}年{theme.name}工作任务分解表", *[f"{i + 1}. {t}。牵头单位：{self.short}；完成时限：{year}年12月底"
                                                    for i, t in enumerate(tasks)]]))
        doc_no = self.doc_no("发" if self.rng.random() < 0.6 else "函", year)
        return Plan(self.base(title=title, doc_type=DocType.NOTICE, theme=theme, day=day, body_html=body,
                              article=theme.article, doc_no=doc_no), self.at(day), attachments)

    def news(self, theme: Theme, day: dt.date) -> Plan:
        kind = self.rng.randrange(5)
        leader = f"{self.body.head}{self.person()}"
        place = self.rng.choice(["东城区", "西山区", "南湖县", "高新区", "清河镇"])
        when = f"{day.month}月{day.day}日"
        title, opening = [
            (f"{self.short}召开{theme.name}工作推进会", f"{when}，{self.short}召开{theme.name}工作推进会，{leader}出席并讲话。"),
            (f"{self.short}部署{day.year}年{theme.name}工作",
             f"{when}，{self.short}召开专题会议，部署{day.year}年{theme.name}工作，{leader}出席并讲话。"),
            (f"{self.short}开展{theme.name}专项检查",
             f"近日，{self.short}组织开展{theme.name}专项检查，检查组深入{self.rng.randint(6, 30)}家单位实地查看。"),
            (f"{self.short}赴{place}调研{theme.name}工作", f"{when}，{leader}带队赴{place}调研{theme.name}工作。"),
            (f"{place}{theme.name}工作取得阶段性成效", f"今年以来，{place}扎实推进{theme.name}工作，取得阶段性成效。"),
        ][kind]
        tasks = self.tasks(theme, 2)
        body = html([
            opening,
            f"{'会议通报了' if kind < 2 else '据了解，'}近期{theme.name}工作进展情况"
            f"{'，' + str(self.rng.randint(3, 8)) + '个单位作了交流发言' if kind < 2 else ''}。"
            f"今年以来，{self.rng.choice(ACHIEVEMENTS)}。",
            f"{'会议' if kind < 2 else self.short}强调，要{tasks[0]}，{tasks[1]}，确保{theme.name}工作取得实效，"
            "让人民群众有更多获得感。",
            f"{self.short}相关科室负责同志参加{'会议' if kind < 2 else '活动'}。"])
        return Plan(self.base(title=title, doc_type=DocType.NEWS, theme=theme, day=day, body_html=body, node="工作动态"),
                    self.at(day))

    def work_plan(self, year: int) -> Plan | None:
        day = dt.date(year, 3, 1) + dt.timedelta(days=self.rng.randint(0, 25))
        if not self.today - dt.timedelta(days=HISTORY_DAYS) < day < self.today:
            return None
        parts = [f"{year}年，{self.org.name}坚持稳中求进工作总基调，围绕中心、服务大局，重点抓好以下工作。"]
        for i, theme in enumerate(self.body.themes):
            parts.append(f"（{NUMERALS[i]}）扎实推进{theme.name}。{self.tasks(theme, 1)[0]}。")
        parts.append(f"（{NUMERALS[len(self.body.themes)]}）全面推进政务公开。严格落实《中华人民共和国政府信息公开条例》，"
                     "做好法定主动公开内容的发布和更新。")
        return Plan(self.base(title=f"{self.org.name}{year}年工作要点", doc_type=DocType.PLAN, theme=None, day=day,
                              body_html=html(parts), article=3, node="规划计划",
                              doc_no=self.doc_no("发", year)), self.at(day))

    def budget(self, year: int, final: bool) -> Plan | None:
        if final:
            day = dt.date(year + 1, 8, 10) + dt.timedelta(days=self.rng.randint(0, 20))
            title = f"{self.org.name}{year}年度部门决算"
        else:
            day = dt.date(year, 2, 5) + dt.timedelta(days=self.rng.randint(0, 15))
            title = f"{self.org.name}{year}年部门预算"
        if not self.today - dt.timedelta(days=HISTORY_DAYS) < day < self.today:
            return None
        income = self.rng.randint(1800, 90000)
        basic = round(income * self.rng.uniform(0.45, 0.75))
        word = "决算" if final else "预算"
        body = html([
            "第一部分　部门概况。一、部门主要职责。二、部门" + word + "单位构成：本部门" + word + "由本级及所属"
            f"{self.rng.randint(1, 6)}个单位的{word}组成。",
            f"第二部分　{year}年部门{word}情况说明。一、收支{word}总体情况：{year}年收入{word}{income}万元，"
            f"支出{word}{income}万元。其中，基本支出{basic}万元，项目支出{income - basic}万元。",
            f"二、“三公”经费{word}情况：{year}年“三公”经费{word}{self.rng.randint(8, 120)}万元，"
            "比上年减少，主要原因是严格落实过紧日子要求。",
            f"第三部分　名词解释。第四部分　部门{word}公开表（见附件）。"])
        attachments = []
        if self.rng.random() < 0.25:
            attachments.append(docx_file(f"{self.short}{year}年部门{word}公开表.docx", [
                f"{self.org.name}{year}年部门{word}收支总表（单位：万元）", f"一般公共预算财政拨款收入 {basic}",
                f"事业收入 {income - basic}", f"收入合计 {income}", f"基本支出 {basic}", f"项目支出 {income - basic}"]))
        return Plan(self.base(title=title, doc_type=DocType.BUDGET, theme=None, day=day, body_html=body, article=7,
                              node="财政预决算", topic="finance"), self.at(day), attachments)

    def personnel(self, day: dt.date) -> Plan:
        year = day.year
        if self.rng.random() < 0.5:
            title = f"{self.org.name}{year}年公开招聘事业单位工作人员公告"
            n = self.rng.randint(3, 20)
            body = html([
                "根据《事业单位人事管理条例》和示例市事业单位公开招聘有关规定，经研究，决定面向社会公开招聘工作人员"
                f"{n}名。现将有关事项公告如下。",
                "一、招聘原则。坚持德才兼备的用人标准，贯彻公开、平等、竞争、择优的原则。",
                "二、报名条件。具有中华人民共和国国籍；遵守宪法和法律；具有良好的品行和适应岗位要求的身体条件。",
                f"三、报名时间和方式。报名时间为{cn_date(day + dt.timedelta(days=7))}至"
                f"{cn_date(day + dt.timedelta(days=14))}，通过网上报名系统报名。"])
            attachments = [docx_file(f"{year}年公开招聘岗位表.docx", [
                "岗位名称 招聘人数 学历要求 专业要求",
                *[f"{self.rng.choice(['综合管理', '财务会计', '信息技术', '法律事务'])}岗 {self.rng.randint(1, 3)} 本科及以上 不限"
                  for _ in range(4)]])] if self.rng.random() < 0.5 else []
        else:
            title = f"{self.org.name}{year}年公开招聘拟聘用人员公示"
            names = [self.person() for _ in range(self.rng.randint(3, 8))]
            body = html([f"根据公开招聘有关规定，经笔试、面试、体检和考察，拟聘用{'、'.join(names)}等{len(names)}名同志，"
                         "现予公示。公示期为5个工作日。公示期间如有异议，请向本机关人事部门反映。"])
            attachments = [docx_file("拟聘用人员名单.docx", ["序号 姓名 性别 拟聘岗位",
                                                          *[f"{i + 1} {n} {self.rng.choice('男女')} 综合管理岗"
                                                            for i, n in enumerate(names)]])]
        return Plan(self.base(title=title, doc_type=DocType.PERSONNEL, theme=None, day=day, body_html=body,
                              article=14, node="人事信息", topic="labour"), self.at(day), attachments)

    def statistics(self, year: int, period: str, day: dt.date) -> Plan:
        title = self.body.stats.format(year=year, period=period)
        figures = [f"{self.rng.choice(['地区生产总值', '一般公共预算收入', '城镇新增就业', '空气质量优良天数比例', '在校生人数'])}"
                   f"同比增长{self.rng.uniform(0.5, 9.5):.1f}%" for _ in range(3)]
        body = html([f"{year}年{period}，{self.region}主要指标运行情况如下：{'；'.join(figures)}。",
                     "注：本公报数据为初步统计数，部分数据因四舍五入的原因，存在总计与分项合计不等的情况。"])
        attachments = []
        if self.rng.random() < 0.35:
            attachments.append(pdf_file(f"{title}.pdf", title, [f"{year}年{period}主要统计指标", *figures,
                                                               "数据来源：示例市统计局、各有关部门。"]))
        return Plan(self.base(title=title, doc_type=DocType.STATISTICS, theme=None, day=day, body_html=body,
                              article=4, node="统计信息", topic="economy"), self.at(day), attachments)

    def rule(self, name: str, day: dt.date, *, exception: bool) -> Plan:
        year = day.year
        regulation = self.body.code == "SLS" and "规定" in name
        subject = name
        for prefix in ("示例市", "东城区", "西山区", "南湖县"):
            subject = subject.removeprefix(prefix)
        for suffix in RULE_SUFFIXES:
            if subject.endswith(suffix):
                subject = subject.removesuffix(suffix)
                break
        word = next((w for w in ("细则", "规定", "规程", "措施") if name.endswith(w)), "办法")
        # The theme the rule is about (sharing two characters with its subject), for its tasks and topic.
        theme = next((t for t in self.body.themes if any(t.name[i:i + 2] in subject for i in range(len(t.name) - 1))),
                     self.body.themes[0])
        if regulation:
            title, doc_no = name, f"示例市人民政府令第{self.rng.randint(10, 40)}号"
        else:
            title, doc_no = f"{self.org.name}关于印发《{name}》的通知", self.doc_no("规", year)
        valid_from = day + dt.timedelta(days=30)
        purpose = f"规范{subject}" if subject.endswith(("管理", "程序")) else f"做好{subject}工作"
        articles = [
            f"第一条 为了{purpose}，保障公民、法人和其他组织的合法权益，根据有关法律、法规，"
            f"结合{self.region.replace('全', '本')}实际，制定本{word}。",
            f"第二条 本{word}适用于本行政区域内的{subject}活动。",
            f"第三条 {self.org.name}负责本{word}的组织实施，有关部门按照各自职责做好相关工作。",
            f"第四条 {self.tasks(theme, 1)[0]}。",
            f"第五条 违反本{word}规定的，由有关部门依法予以处理；构成犯罪的，依法追究刑事责任。",
            f"第六条 本{word}自{cn_date(valid_from)}起施行，有效期5年。"]
        body = html(["各有关单位：", f"现将《{name}》印发给你们，请认真贯彻执行。", *articles]) + signature(self.org, day)
        data = self.base(title=title, doc_type=DocType.REGULATION if regulation else DocType.NORMATIVE, theme=theme,
                         day=day, body_html=body, article=1, node="政策文件",
                         doc_no=doc_no, valid_from=valid_from)
        reading = {"title": self.rng.choice([f"《{name}》政策解读", f"一图读懂《{name}》", f"关于《{name}》的解读"]),
                   "doc_type": DocType.INTERPRETATION, "article20_item": 1, "topic": data["topic"],
                   "catalog_node": "政策解读", "disclosure": "active", "channels": ["website"],
                   "body_html": html([
                       f"一、制定背景。为贯彻落实上级关于{subject}的部署要求，解决实际工作中存在的突出问题，"
                       f"{self.org.name}起草了《{name}》。",
                       f"二、主要内容。《{name}》共六条，明确了{subject}的适用范围、职责分工、主要措施和施行日期。",
                       "三、主要特点。一是突出问题导向；二是强化部门协同；三是注重便民利企。",
                       f"四、解读机关：{self.org.name}。联系电话：0471-55{self.rng.randint(10000, 99999)}。"])}
        plan = Plan(data, self.at(day))
        if exception:
            plan.data["_sync_exception"] = "解读材料正在征求起草部门意见，将于文件发布后10个工作日内发布。"
            plan.late_interpretation = reading
        else:
            plan.interpretation = reading
        return plan

    def other_document(self, theme: Theme, day: dt.date) -> Plan:
        title = f"{self.org.name}关于{self.rng.choice(['推进', '加强', '完善'])}{theme.name}工作的实施意见"
        tasks = self.tasks(theme, 3)
        body = html([self.salutation(), f"为{self.rng.choice(GOALS).format(theme=theme.name)}，现提出如下实施意见。",
                     f"一、总体要求。{tasks[0]}。", f"二、重点任务。{tasks[1]}；{tasks[2]}。",
                     "三、保障措施。加强组织领导，强化经费保障，健全考核评价机制。"]) + signature(self.org, day)
        return Plan(self.base(title=title, doc_type=DocType.OTHER_DOCUMENT, theme=theme, day=day, body_html=body,
                              article=1, node="政策文件", doc_no=self.doc_no("发", day.year)), self.at(day))

    # ---- the plan of one body -------------------------------------------------------------------------

    def plans(self) -> list[Plan]:
        rng, themes = self.rng, self.body.themes
        plans = [self.functions()]
        # The newest 工作动态 and 政策文件 are recent enough for their columns' update expectations (14 and 180
        # days), as a column kept up to date would be.
        plans.append(self.news(rng.choice(themes), self.day(1, 10)))
        for _ in range(rng.randint(10, 14)):
            plans.append(self.news(rng.choice(themes), self.day(2, HISTORY_DAYS - 10)))
        for _ in range(rng.randint(6, 9)):
            plans.append(self.notice(rng.choice(themes), self.day(3, HISTORY_DAYS - 10)))
        for year in (self.today.year - 1, self.today.year):
            plans.extend(p for p in (self.work_plan(year), self.budget(year, final=False),
                                     self.budget(year - 1, final=True)) if p)
        for _ in range(rng.randint(1, 3)):
            plans.append(self.personnel(self.day(10, HISTORY_DAYS - 30)))
        if self.body.stats:
            for year in (self.today.year - 2, self.today.year - 1):
                if "{period}" in self.body.stats:
                    for quarter, month in (("一季度", 4), ("上半年", 7), ("前三季度", 10), ("全年", 1)):
                        day = dt.date(year + (month == 1), month, 20 + rng.randint(0, 5))
                        if self.today - dt.timedelta(days=HISTORY_DAYS) < day < self.today:
                            plans.append(self.statistics(year, quarter, day))
                else:
                    day = dt.date(year + 1, 3, 10 + rng.randint(0, 15))
                    if day < self.today:
                        plans.append(self.statistics(year, "", day))
        for i, name in enumerate(self.body.rules):
            day = self.day(40 + i * 150, HISTORY_DAYS - 40 - i * 60)
            plans.append(self.rule(name, day, exception=self.body.code in ("SLS-FGW", "SLS-ZJJ", "SLS-NH") and i == 0))
        plans.append(self.other_document(rng.choice(themes), self.day(20, 150)))
        if rng.random() < 0.5:
            plans.append(self.other_document(rng.choice(themes), self.day(150, HISTORY_DAYS - 30)))
        # One item per title (a theme drawn twice in a year would repeat a notice), 文号 in date order.
        seen: set[str] = set()
        plans = [p for p in plans if not (p.data["title"] in seen or seen.add(p.data["title"]))]
        self.number(plans)
        # The oldest 规范性文件 of some bodies has since lapsed or been repealed.
        rules = sorted((p for p in plans if p.data["doc_type"] == DocType.NORMATIVE), key=lambda p: p.published)
        if rules and self.body.code in ("SLS-JYJ", "SLS-CZJ", "SLS-GAJ", "SLS-DC-MZJ", "SLS-WJW"):
            oldest = rules[0]
            status = "repealed" if self.body.code in ("SLS-JYJ", "SLS-GAJ") else "expired"
            oldest.validity = (status, min(self.today - dt.timedelta(days=5),
                                           oldest.published.date() + dt.timedelta(days=300)))
        return plans


def docx_file(name: str, paragraphs: list[str]) -> SimpleUploadedFile:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def pdf_file(name: str, title: str, lines: list[str]) -> SimpleUploadedFile:
    from django.utils.html import escape
    from weasyprint import HTML

    body = "".join(f"<p>{escape(line)}</p>" for line in lines)
    content = HTML(string=f'<html lang="zh-CN"><body style="font-family: \'Noto Serif CJK SC\', serif">'
                          f"<h1 style='font-size:18pt;text-align:center'>{escape(title)}</h1>{body}</body></html>"
                   ).write_pdf()
    return SimpleUploadedFile(name, content)


class DemoLoader:
    def __init__(self, today: dt.date):
        self.today = today
        self.users = self._users()
        self.created = 0

    def _users(self) -> dict:
        """The demo's staff (created by load_demo's STAFF list)."""
        names = {name for desk in DESKS.values() for name in desk}
        return {u.username: u for u in User.objects.filter(username__in=names)}

    def load(self) -> int:
        from gongkai import search

        orgs = {o.code: o for o in Organization.objects.filter(code__in=[b.code for b in BODIES])}
        with search.deferred():  # each item is indexed once, when the load ends
            for body in BODIES:
                org = orgs[body.code]
                with transaction.atomic():
                    writer = BodyWriter(body, org, self.users, self.today)
                    if not Item.objects.filter(org=org).exists():
                        plans = writer.plans()
                        used = {p.data["catalog_node"] for p in plans}
                        used |= {"政策解读" for p in plans if p.interpretation or p.late_interpretation}
                        writer.catalog(used)
                        self._items(writer, plans)
                    writer.guide()
                    writer.policy_pages()
            if not Item.objects.filter(title=OPEN_ITEMS_MARK).exists():
                with transaction.atomic():
                    self._open_items(orgs)
        pagecache.bump()  # the dates were moved with QuerySet.update()
        return self.created

    # ---- items through the services -------------------------------------------------------------------

    def _through_review(self, writer, data, attachments=()) -> Item:
        data = dict(data)
        data.pop("_sync_exception", None)
        if isinstance(data.get("catalog_node"), str):
            data["catalog_node"] = writer.pk_of(data["catalog_node"])
        item = services.create_item(writer.drafter, org=writer.org, data=data)
        for upload in attachments:
            services.add_attachment(writer.drafter, item.pk, upload)
        services.submit(writer.drafter, item.pk)
        services.secrecy_pass(writer.reviewer, item.pk, comment="经审查，不涉及国家秘密和工作秘密，同意公开。")
        self.created += 1
        return item

    def _items(self, writer: BodyWriter, plans: list[Plan]):
        backdate: list[tuple[int, dt.datetime, dt.date]] = []
        for plan in plans:
            item = self._through_review(writer, plan.data, plan.attachments)
            companions = []
            if plan.interpretation:
                reading = self._through_review(writer, {**plan.interpretation, "interprets": item.pk,
                                                        "formed_on": plan.data["formed_on"]})
                companions.append(reading)
            services.approve(writer.approver, item.pk, sync_exception_reason=plan.data.get("_sync_exception", ""),
                             comment="同意发布。")
            formed = plan.data["formed_on"]
            backdate.append((item.pk, plan.published, formed))
            backdate.extend((c.pk, plan.published, formed) for c in companions)
            if plan.late_interpretation:
                later = plan.published + dt.timedelta(days=writer.rng.randint(6, 12))
                if later.date() < self.today:
                    reading = self._through_review(writer, {**plan.late_interpretation, "interprets": item.pk,
                                                            "formed_on": later.date() - dt.timedelta(days=2)})
                    services.approve(writer.approver, reading.pk, comment="同意发布。")
                    backdate.append((reading.pk, later, later.date() - dt.timedelta(days=2)))
            if plan.validity:
                status, on = plan.validity
                services.set_validity(writer.drafter, item.pk, validity=status, on=on,
                                      comment="已被新文件替代" if status == "repealed" else "有效期届满")
        self._backdate(writer, backdate)

    def _open_items(self, orgs):
        """A few items in every other state: drafts, waiting for review or approval, scheduled, recorded without
        publication (依申请公开, 不予公开) and withdrawn — so the staff queues and the 404s have something."""
        t = self.today
        bodies = {b.code: b for b in BODIES}
        edu, gov, dc = (BodyWriter(bodies[code], orgs[code], self.users, t) for code in ("SLS-JYJ", "SLS-BGS", "SLS-DC-MZJ"))

        def data(writer, title, **extra):
            values = {"title": title, "formed_on": t - dt.timedelta(days=2), "doc_type": DocType.NOTICE,
                      "topic": "general", "disclosure": "active", "channels": ["website"],
                      "body_html": html(["现将有关事项通知如下。"]), "catalog_node": writer.pk_of("通知公告")}
            values.update(extra)
            return values

        services.create_item(edu.drafter, org=edu.org, data=data(edu, OPEN_ITEMS_MARK))
        services.create_item(dc.drafter, org=dc.org, data=data(dc, "东城区民政局关于调整城乡低保标准的通知", disclosure=""))
        waiting = services.create_item(edu.drafter, org=edu.org, data=data(edu, "示例市教育局关于公布第二批义务教育优质均衡学校名单的公告"))
        services.submit(edu.drafter, waiting.pk)
        self._through_review(gov, data(gov, "示例市人民政府办公室关于做好元旦春节期间有关工作的通知"))  # awaits approval
        scheduled = self._through_review(gov, data(gov, "示例市人民政府办公室关于调整元旦期间政务服务时间的公告"))
        # Scheduled three days ahead of the real clock (approve refuses a time in the past).
        services.approve(gov.approver, scheduled.pk, publish_at=timezone.make_aware(
            dt.datetime.combine(max(t, timezone.localdate()) + dt.timedelta(days=3), dt.time(9, 0))))
        recorded = [
            (edu, "示例市教育局2025年校舍安全排查内部工作方案（讨论稿）", {
                "disclosure": "withheld", "withheld_ground": "art16_process", "withheld_reason": "属于内部讨论形成的过程稿。"}),
            (gov, "示例市人民政府第十二次常务会议纪要", {"disclosure": "on_request"}),
            (dc, "东城区2025年困难群众个人信息核查报告", {
                "disclosure": "withheld", "withheld_ground": "art15_third_party",
                "withheld_reason": "涉及个人隐私，公开会对第三方合法权益造成损害。"}),
        ]
        for writer, title, extra in recorded:
            item = self._through_review(writer, data(writer, title, **extra))
            services.approve(writer.approver, item.pk, comment="同意登记，不主动公开。")
        for writer, title in ((edu, "示例市教育局关于中考报名有关事项的通知"),
                              (gov, "示例市人民政府办公室关于公布2026年度第一批政务服务事项清单的通知")):
            item = self._through_review(writer, data(writer, title))
            services.approve(writer.approver, item.pk)
            services.withdraw(writer.approver, item.pk, reason="内容有误，更正后重新发布。")

    def _backdate(self, writer: BodyWriter, rows):
        """Move published items to their historical dates: publication, creation, the events' times and the
        索引号 (numbered per year in order of creation, like a real register; the sequences follow)."""
        when = {}
        for item_id, published, formed in rows:
            created = timezone.make_aware(dt.datetime.combine(formed, dt.time(9, 0)))
            when[item_id] = {"create": created, "attach": created, "submit": created + dt.timedelta(hours=1),
                             "secrecy_pass": created + (published - created) / 2, "approve": published,
                             "set_validity": published + dt.timedelta(days=1), "withdraw": published + dt.timedelta(days=1)}
        items = list(Item.objects.filter(pk__in=when))
        for item in items:
            item.published_at = item.updated_at = when[item.pk]["approve"]
            item.created_at = when[item.pk]["create"]
        Item.objects.bulk_update(items, ["published_at", "created_at", "updated_at"], batch_size=200)
        events = list(ItemEvent.objects.filter(item_id__in=when))
        for event in events:
            event.at = when[event.item_id].get(event.action, event.at)
        ItemEvent.objects.bulk_update(events, ["at"], batch_size=500)
        items = list(Item.objects.filter(org=writer.org).order_by("created_at", "pk"))
        Item.objects.filter(org=writer.org).update(index_no=_temporary_index_no())
        per_year: dict[int, int] = {}
        for item in items:
            year = timezone.localtime(item.created_at).year
            per_year[year] = per_year.get(year, 0) + 1
            item.index_no = f"{writer.org.code}/{year}-{per_year[year]:05d}"
        Item.objects.bulk_update(items, ["index_no"], batch_size=200)
        for year, count in per_year.items():
            Counter.objects.update_or_create(key=f"item:{writer.org.pk}:{year}", defaults={"value": count})


def _temporary_index_no():
    """A temporary, unique 索引号 (``tmp-<id>``) so renumbering never collides with a number still in use."""
    from django.db.models import CharField, Value
    from django.db.models.functions import Cast, Concat

    return Concat(Value("tmp-"), Cast("pk", CharField()))


def load_demo_items(today: dt.date) -> int:
    """Create the demo bodies' 公开目录, 指南, 公开制度 pages and items unless they exist; return how many items
    were created (0 on a second run). The search index is built at the end (each item indexed once).

    Items go through the real services — ``create_item`` → ``submit`` → ``secrecy_pass`` → ``approve`` (with
    their 政策解读 approved in the same call, 三同步), ``set_validity``, ``withdraw`` — so every item has its
    events and audit events. ``approve`` stamps ``published_at`` with now and refuses a time in the past, so
    for a two-year history the demo then moves, with ``QuerySet.update()`` and only here: ``published_at``,
    ``created_at``/``updated_at``, the ``ItemEvent`` times and the 索引号 (renumbered per year in order of
    creation, with the number sequences set to match). The audit events keep the real time of the load:
    the audit chain is never rewritten.

    The districts' drafters and 保密审查员 (and 西山区's 审核人) are not among load_demo's STAFF; they are created
    here when missing (``EXTRA_STAFF``, in STAFF's format)."""
    return DemoLoader(today).load()

