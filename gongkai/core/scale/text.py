"""Assembling the synthetic records' text and identifiers from ``vocab``: people and companies with valid
identity numbers (GB 11643 and GB 32100 check characters), what applicants ask for, what a decision was about,
and the titles and bodies of published items. Every function draws only from the ``random.Random`` it is
given, so a body's stream of records depends on the seed alone."""

from __future__ import annotations

import datetime as dt
from random import Random

from gongkai.core.validators import USCC_ALPHABET, resident_id_check_char, uscc_check_char

from . import vocab

_USCC_BODY = USCC_ALPHABET  # 0-9 and capitals without I, O, Z, S, V
_NUMERALS = "一二三四五六七八九十"


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def pick(rng: Random, seq):
    return seq[int(rng.random() * len(seq))]


def person(rng: Random) -> str:
    return pick(rng, vocab.SURNAMES) + pick(rng, vocab.GIVEN)


def resident_id(rng: Random) -> str:
    born = dt.date(1950, 1, 1) + dt.timedelta(days=int(rng.random() * 19_700))  # to about 2003
    first17 = f"{pick(rng, vocab.ID_REGIONS)}{born:%Y%m%d}{int(rng.random() * 1000):03d}"
    return first17 + resident_id_check_char(first17)


def uscc(rng: Random, prefix: str = "91") -> str:
    """A 统一社会信用代码 with a valid check character: ``prefix`` (登记管理部门 and 机构类别), a region, a
    nine-character body."""
    body = "".join(_USCC_BODY[int(rng.random() * 31)] for _ in range(9))
    first17 = f"{prefix}{pick(rng, vocab.ID_REGIONS)}{body}"
    return first17 + uscc_check_char(first17)


def mobile(rng: Random) -> str:
    return f"1{pick(rng, '3578')}{int(rng.random() * 1_000_000_000):09d}"


def company(rng: Random, place: str) -> str:
    return f"{place}{pick(rng, vocab.BRANDS)}{pick(rng, vocab.INDUSTRIES)}{pick(rng, vocab.COMPANY_FORMS)}"


def village(rng: Random) -> str:
    return f"{pick(rng, vocab.TOWNS)}{pick(rng, vocab.VILLAGES)}村"


def address(rng: Random, place: str) -> str:
    return f"{place}{pick(rng, vocab.ROADS)}{int(rng.random() * 300) + 1}号"


# ---------------------------------------------------------------------------------------------------------
# applications and decisions


def applicant(rng: Random, kind: str, place: str) -> tuple[str, str, str, str]:
    """(name, id type, id number, contact person) of an applicant of ``kind`` (ApplicantKind value)."""
    if kind == "natural_person":
        roll = rng.random()
        if roll < 0.97:
            return person(rng), "resident_id", resident_id(rng), ""
        if roll < 0.99:
            return person(rng), "passport", f"E{int(rng.random() * 100_000_000):08d}", ""
        return person(rng), "other", f"港澳居民来往内地通行证H{int(rng.random() * 100_000_000):08d}", ""
    if kind == "commercial":
        name, prefix = company(rng, place), "91"
    elif kind == "research":
        name, prefix = pick(rng, vocab.RESEARCH), "12"
    elif kind == "social_welfare":
        name, prefix = f"{place}{pick(rng, vocab.WELFARE)}", "53"
    elif kind == "legal_service":
        name, prefix = f"{place.removesuffix('市').removesuffix('县')}{pick(rng, vocab.BRANDS)}律师事务所", "31"
    else:
        name, prefix = f"{village(rng).removesuffix('村')}{pick(rng, vocab.OTHER_APPLICANTS)}", "54"
    return name, "uscc", uscc(rng, prefix), person(rng)


def request_content(rng: Random, subjects, year: int) -> str:
    form = pick(rng, vocab.REQUEST_FORMS)
    return form.format(year=year, place=village(rng), subject=pick(rng, subjects),
                       doc=pick(rng, vocab.REQUEST_DOCUMENTS))


OUTCOME_REASONS = {
    "3.1": "",
    "3.2": "您申请的政府信息中含有涉及第三方个人隐私的内容，已作区分处理，对可以公开的部分予以公开。",
    "3.3": "您申请的政府信息属于依法不予公开的范围，本机关决定不予公开。",
    "3.4.1": "经检索，本机关未制作或者获取您申请的政府信息。",
    "3.4.2": "您申请的信息需要本机关对现有政府信息进行加工、分析，本机关不予提供。",
    "3.4.3": "经补正后，您的申请内容仍不明确，本机关无法确定您所需的政府信息。",
    "3.5": "您的申请不属于政府信息公开申请的处理范围，本机关不予处理。",
    "3.6": "",
}


def outcome_reason(code: str) -> str:
    return OUTCOME_REASONS.get(code, OUTCOME_REASONS.get(code[:3], ""))


def decision_text(rng: Random, entry: tuple) -> tuple[str, str, str]:
    """(summary, basis, result) of a decision of the kind ``entry`` (a ``vocab.DECISIONS`` row)."""
    _kind, what, basis, result = entry
    if "{" in result:
        fine = (int(rng.random() * 200) + 1) * 500
        result = result.format(fine=fine, gain=(int(rng.random() * 100) + 1) * 100)
    return what, basis, result


# ---------------------------------------------------------------------------------------------------------
# published items


def html(paragraphs) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def tasks(rng: Random, k: int) -> list[str]:
    return rng.sample(vocab.GENERIC_TASKS, k)


class ItemText:
    """Titles and bodies of one body's items (``name`` is the body's full name, ``short`` its short name,
    ``place`` the area it belongs to, ``region`` 全省/全市/全县 …, ``themes`` what it works on)."""

    def __init__(self, rng: Random, *, name: str, short: str, place: str, region: str, themes,
                 government: bool):
        self.rng, self.name, self.short, self.place, self.region = rng, name, short, place, region
        self.themes, self.government = themes, government

    def theme(self) -> str:
        return pick(self.rng, self.themes)

    def salutation(self) -> str:
        return "各有关部门，各下级人民政府：" if self.government else "各有关单位："

    def signature(self, day: dt.date) -> str:
        return f'<p style="text-align: right">{self.name}<br>{cn_date(day)}</p>'

    def notice(self, day: dt.date, theme: str) -> tuple[str, str]:
        rng, year = self.rng, day.year
        roll = rng.random()
        if roll < 0.35:
            title = f"{self.name}关于做好{year}年{theme}工作的通知"
        elif roll < 0.55:
            title = f"{self.name}关于开展{theme}专项行动的通知"
        elif roll < 0.75:
            title = f"{self.name}关于进一步加强{theme}工作的通知"
        elif roll < 0.9:
            title = f"{self.name}关于公布{year}年{theme}工作{pick(rng, ('结果', '情况', '名单'))}的公告"
        else:
            title = f"{self.name}关于{theme}有关事项的公告"
        t = tasks(rng, 3)
        deadline = day + dt.timedelta(days=20 + int(rng.random() * 40))
        body = html([
            self.salutation(),
            f"为深入贯彻落实党中央、国务院和省委、省政府关于{theme}的决策部署，"
            f"{pick(rng, vocab.GOALS).format(theme=theme)}，经研究，现将有关事项通知如下。",
            f"一、总体要求。坚持以人民为中心的发展思想，坚持问题导向和目标导向，{t[0]}，确保{theme}各项工作落到实处。",
            f"二、主要任务。（一）{t[1]}。（二）{t[2]}。（三）加强{theme}工作的日常监管和绩效评价。",
            f"三、工作要求。各单位要高度重视，明确责任分工，于{cn_date(deadline)}前将工作开展情况报送{self.short}。"
            f"联系人：{person(rng)}，联系电话：0471-55{int(rng.random() * 90000) + 10000}。"]) + self.signature(day)
        return title, body

    def news(self, day: dt.date, theme: str) -> tuple[str, str]:
        rng = self.rng
        kind = int(rng.random() * 5)
        place = pick(rng, vocab.TOWNS)
        when = f"{day.month}月{day.day}日"
        leader = f"主要负责同志{person(rng)}"
        title, opening = (
            (f"{self.short}召开{theme}工作推进会", f"{when}，{self.short}召开{theme}工作推进会，{leader}出席并讲话。"),
            (f"{self.short}部署{day.year}年{theme}工作",
             f"{when}，{self.short}召开专题会议，部署{day.year}年{theme}工作，{leader}出席并讲话。"),
            (f"{self.short}开展{theme}专项检查",
             f"近日，{self.short}组织开展{theme}专项检查，检查组深入{int(rng.random() * 25) + 6}家单位实地查看。"),
            (f"{self.short}赴{place}调研{theme}工作", f"{when}，{leader}带队赴{place}调研{theme}工作。"),
            (f"{place}{theme}工作取得阶段性成效", f"今年以来，{place}扎实推进{theme}工作，取得阶段性成效。"),
        )[kind]
        t = tasks(rng, 2)
        body = html([
            opening,
            f"{'会议通报了' if kind < 2 else '据了解，'}近期{theme}工作进展情况。今年以来，{pick(rng, vocab.ACHIEVEMENTS)}。",
            f"{'会议' if kind < 2 else self.short}强调，要{t[0]}，{t[1]}，确保{theme}工作取得实效，"
            "让人民群众有更多获得感。",
            f"{self.short}相关科室负责同志参加{'会议' if kind < 2 else '活动'}。"])
        return title, body

    def plan(self, day: dt.date) -> tuple[str, str]:
        year = day.year
        parts = [f"{year}年，{self.name}坚持稳中求进工作总基调，围绕中心、服务大局，重点抓好以下工作。"]
        for i, theme in enumerate(self.themes[:5]):
            parts.append(f"（{_NUMERALS[i]}）扎实推进{theme}。{tasks(self.rng, 1)[0]}。")
        parts.append("全面推进政务公开。严格落实《中华人民共和国政府信息公开条例》，做好法定主动公开内容的发布和更新。")
        return f"{self.name}{year}年工作要点", html(parts)

    def budget(self, day: dt.date) -> tuple[str, str]:
        rng = self.rng
        final = day.month >= 7
        year = day.year - 1 if final else day.year
        word = "决算" if final else "预算"
        income = int(rng.random() * 90000) + 1800
        basic = int(income * (0.45 + rng.random() * 0.3))
        body = html([
            f"第一部分　部门概况。一、部门主要职责。二、部门{word}单位构成：本部门{word}由本级及所属"
            f"{int(rng.random() * 6) + 1}个单位的{word}组成。",
            f"第二部分　{year}年部门{word}情况说明。一、收支{word}总体情况：{year}年收入{word}{income}万元，"
            f"支出{word}{income}万元。其中，基本支出{basic}万元，项目支出{income - basic}万元。",
            f"二、“三公”经费{word}情况：{year}年“三公”经费{word}{int(rng.random() * 110) + 8}万元，"
            "比上年减少，主要原因是严格落实过紧日子要求。",
            f"第三部分　名词解释。第四部分　部门{word}公开表。"])
        return f"{self.name}{year}年{'度部门决算' if final else '部门预算'}", body

    def personnel(self, day: dt.date) -> tuple[str, str]:
        rng, year = self.rng, day.year
        if rng.random() < 0.5:
            n = int(rng.random() * 18) + 3
            return f"{self.name}{year}年公开招聘事业单位工作人员公告", html([
                f"根据《事业单位人事管理条例》和有关规定，经研究，决定面向社会公开招聘工作人员{n}名。现将有关事项公告如下。",
                "一、招聘原则。坚持德才兼备的用人标准，贯彻公开、平等、竞争、择优的原则。",
                "二、报名条件。具有中华人民共和国国籍；遵守宪法和法律；具有良好的品行和适应岗位要求的身体条件。",
                f"三、报名时间和方式。报名时间为{cn_date(day + dt.timedelta(days=7))}至"
                f"{cn_date(day + dt.timedelta(days=14))}，通过网上报名系统报名。"])
        names = [person(rng) for _ in range(int(rng.random() * 6) + 3)]
        return f"{self.name}{year}年公开招聘拟聘用人员公示", html([
            f"根据公开招聘有关规定，经笔试、面试、体检和考察，拟聘用{'、'.join(names)}等{len(names)}名同志，"
            "现予公示。公示期为5个工作日。公示期间如有异议，请向本机关人事部门反映。"])

    def statistics(self, day: dt.date) -> tuple[str, str]:
        rng = self.rng
        period = vocab.PERIODS[(day.month - 1) // 3 - 1] if day.month > 3 else "全年"
        year = day.year - 1 if period == "全年" else day.year
        figures = [f"{pick(rng, vocab.INDICATORS)}同比增长{0.5 + rng.random() * 9:.1f}%" for _ in range(3)]
        title = f"{self.place}{year}年{period}{pick(rng, self.themes)}主要统计数据"
        return title, html([f"{year}年{period}，{self.region}主要指标运行情况如下：{'；'.join(figures)}。",
                            "注：本数据为初步统计数，部分数据因四舍五入的原因，存在总计与分项合计不等的情况。"])

    def rule(self, day: dt.date, theme: str, place: str, regulation: bool) -> tuple[str, str, str]:
        """(title, body, name of the rule) of a 规章 or 行政规范性文件."""
        rng = self.rng
        suffix = pick(rng, vocab.RULE_SUFFIXES)
        name = f"{place}{theme}{suffix}"
        word = next((w for w in ("细则", "规定", "规程", "措施") if suffix.endswith(w)), "办法")
        valid_from = day + dt.timedelta(days=30)
        articles = [
            f"第一条 为了做好{theme}工作，保障公民、法人和其他组织的合法权益，根据有关法律、法规，"
            f"结合{self.region.replace('全', '本')}实际，制定本{word}。",
            f"第二条 本{word}适用于本行政区域内的{theme}活动。",
            f"第三条 {self.name}负责本{word}的组织实施，有关部门按照各自职责做好相关工作。",
            f"第四条 {tasks(rng, 1)[0]}。",
            f"第五条 违反本{word}规定的，由有关部门依法予以处理；构成犯罪的，依法追究刑事责任。",
            f"第六条 本{word}自{cn_date(valid_from)}起施行，有效期5年。"]
        if regulation:
            return name, html(articles), name
        body = html(["各有关单位：", f"现将《{name}》印发给你们，请认真贯彻执行。", *articles]) + self.signature(day)
        return f"{self.name}关于印发《{name}》的通知", body, name

    def interpretation(self, name: str, theme: str) -> tuple[str, str]:
        rng = self.rng
        title = pick(rng, (f"《{name}》政策解读", f"一图读懂《{name}》", f"关于《{name}》的解读"))
        return title, html([
            f"一、制定背景。为贯彻落实上级关于{theme}的部署要求，解决实际工作中存在的突出问题，{self.name}起草了《{name}》。",
            f"二、主要内容。《{name}》共六条，明确了{theme}的适用范围、职责分工、主要措施和施行日期。",
            "三、主要特点。一是突出问题导向；二是强化部门协同；三是注重便民利企。",
            f"四、解读机关：{self.name}。联系电话：0471-55{int(rng.random() * 90000) + 10000}。"])

    def other_document(self, day: dt.date, theme: str) -> tuple[str, str]:
        rng = self.rng
        t = tasks(rng, 3)
        title = f"{self.name}关于{pick(rng, ('推进', '加强', '完善'))}{theme}工作的实施意见"
        return title, html([self.salutation(), f"为{pick(rng, vocab.GOALS).format(theme=theme)}，现提出如下实施意见。",
                            f"一、总体要求。{t[0]}。", f"二、重点任务。{t[1]}；{t[2]}。",
                            "三、保障措施。加强组织领导，强化经费保障，健全考核评价机制。"]) + self.signature(day)

    def functions(self, day: dt.date) -> tuple[str, str]:
        rng = self.rng
        return f"{self.name}机构职能（{day.year}年更新）", html([
            f"一、主要职责。{self.name}负责贯彻执行国家和省有关{'、'.join(self.themes[:3])}等方面的法律法规和方针政策，"
            "拟订相关政策措施并组织实施，承担有关行政管理和公共服务职责。",
            "二、内设机构。办公室、政策法规科、业务管理科、监督检查科、财务审计科。",
            "三、办公时间：工作日上午9:00—12:00，下午13:30—17:30。"
            f"联系电话：0471-55{int(rng.random() * 90000) + 10000}。",
            f"四、负责人：{person(rng)}。"])
