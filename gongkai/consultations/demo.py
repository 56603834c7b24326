"""Demo 意见征集 for the fictional 示例市: one finished consultation of the city government (comments approved
and rejected, replies, adoption marked, the 采纳情况 published and, when the demo items exist, linked to the
city's published policy) and one open consultation of the city education bureau (approved comments, one
reply, one comment waiting for moderation).

``load_demo_consultations(today)`` is called by ``load_demo`` after the demo items. Everything goes through the
services. What is faked, here only: the finished consultation happened in the past, so the services' idea of
``today`` is moved to the day of each step while it runs (``_as_of``), and afterwards the recorded times
(published_at, submitted_at, moderated_at, replied_at, feedback_published_at, created_at) are moved to those
days with ``QuerySet.update()``. The audit events keep the real time of the load.
"""

import contextlib
import datetime as dt
import re

from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.disclosure.codes import DocType
from gongkai.disclosure.selectors import public_items
from gongkai.orgs.models import Organization

from . import services
from .codes import Moderation
from .models import Comment, Consultation

PUBLISHER, OFFICE = "fabu", "gkb"
CITY, EDU = "SLS", "SLS-JYJ"
DEFAULT_POLICY = "示例市城市供水管理办法"
DEMO_ADDRESS = "demo"

FINISHED_COMMENTS = [
    # (name, contact, content, moderation, reason, topic, adoption, reply)
    ("张明", "13800000001", "建议明确二次供水设施的清洗消毒频次，至少每半年一次，并向住户公示水质检测结果。",
     Moderation.APPROVED, "", "二次供水", "adopted", "已采纳。修改后的办法第二十一条规定每半年至少清洗消毒一次并公示检测结果。"),
    ("李华", "", "停水通知应至少提前24小时通过小区公告和短信同时告知，抢修停水也应及时说明恢复时间。",
     Moderation.APPROVED, "", "停水通知", "partial",
     "部分采纳。计划停水提前24小时通知已写入办法；抢修停水难以提前通知，改为抢修开始后及时公告预计恢复时间。"),
    ("", "", "希望对低收入家庭的水费给予减免。",
     Moderation.APPROVED, "", "水价", "not_adopted", "水价和减免政策由价格主管部门依法另行制定，不在本办法中规定。"),
    ("王芳", "wang@example.com", "建议增加供水企业服务质量考核内容，考核结果向社会公开。",
     Moderation.APPROVED, "", "服务质量", "adopted", "已采纳，增加第三十条关于服务质量考核和结果公开的规定。"),
    ("赵某", "", "（与征求意见稿无关的广告内容）",
     Moderation.REJECTED, "", "", "", ""),
]
REJECT_REASON = "与征求意见稿内容无关（广告信息），不予显示。"

OPEN_COMMENTS = [
    ("陈静", "13900000002", "建议课后服务结束时间可以根据家长需要分两个时段，满足不同家庭的接送需求。",
     Moderation.APPROVED, "服务时间", "感谢您的意见，我们将在征集结束后统一研究，采纳情况届时在本页公布。"),
    ("", "", "课后服务收费标准应当公开，并说明成本构成。", Moderation.APPROVED, "收费", ""),
    ("刘洋", "", "希望课后服务中增加体育锻炼和阅读活动的时间，不要只是写作业。", Moderation.APPROVED, "服务内容", ""),
    ("周", "13700000003", "学校能否引入校外机构提供特色课程？需要明确准入和监管要求。", Moderation.PENDING, "", ""),
]


@contextlib.contextmanager
def _as_of(day: dt.date):
    """Run services as if today were ``day`` (demo only)."""
    original = services.today
    services.today = lambda: day
    try:
        yield
    finally:
        services.today = original


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _body(name: str, articles: list[str]) -> str:
    return "".join(f"<p>{a}</p>" for a in [f"{name}（征求意见稿）", *articles])


def _final_policy(city: Organization):
    items = public_items().filter(org=city, doc_type__in=[DocType.REGULATION, DocType.NORMATIVE])
    return (items.filter(title__contains=DEFAULT_POLICY).order_by("-pub_date").first()
            or items.order_by("-pub_date", "-id").first())


def _policy_name(item) -> str:
    if item is None:
        return DEFAULT_POLICY
    match = re.search(r"《(.+?)》", item.title)
    return match.group(1) if match else item.title[:60]


def _finished(city, publisher, office, today: dt.date) -> Consultation:
    item = _final_policy(city)
    name = _policy_name(item)
    starts, ends = today - dt.timedelta(days=80), today - dt.timedelta(days=50)
    with _as_of(starts - dt.timedelta(days=2)):
        c = services.create_consultation(
            publisher, org=city, title=f"关于公开征求《{name}（征求意见稿）》意见的公告", starts_on=starts, ends_on=ends,
            summary=f"为规范管理、保障公众合法权益，市政府组织起草了《{name}（征求意见稿）》，现向社会公开征求意见。"
                    "重点听取对供水服务、停水通知和监督考核等条款的意见。",
            body_html=_body(name, ["第一条 为了加强管理，保障公众合法权益，制定本办法。",
                                   "第二条 本市行政区域内的相关活动，适用本办法。",
                                   "第三条 市人民政府有关部门按照职责分工做好相关工作。",
                                   "第四条 本办法自发布之日起施行。"]),
            contact_rule="optional", name_rule="optional")
        c = services.publish(publisher, c.pk, version=c.version)
    times = {}
    for i, (person, contact, content, moderation, _reason, _topic, _adoption, _reply) in enumerate(FINISHED_COMMENTS):
        day = starts + dt.timedelta(days=3 + i * 5)
        with _as_of(day):
            comment = services.submit_comment(c, {"name": person, "contact": contact, "content": content},
                                              DEMO_ADDRESS)
        times[comment.pk] = day
        with _as_of(day + dt.timedelta(days=1)):
            services.moderate_comment(office, comment.pk, decision=moderation,
                                      reason=REJECT_REASON if moderation == Moderation.REJECTED else "")
    comments = list(c.comments.order_by("id"))
    feedback_day = ends + dt.timedelta(days=10)
    with _as_of(feedback_day):
        for comment, row in zip(comments, FINISHED_COMMENTS, strict=True):
            if row[3] == Moderation.APPROVED:
                comment.refresh_from_db()
                services.handle_comment(publisher, comment.pk, version=comment.version, topic=row[5], adoption=row[6],
                                        reply=row[7])
        c.refresh_from_db()
        c = services.publish_feedback(
            publisher, c.pk, version=c.version,
            feedback_text=("征集期间，通过政府信息公开专栏共收到社会公众意见建议，我们对每条意见进行了认真研究。"
                           "关于二次供水清洗消毒和服务质量考核的意见已予采纳并写入办法；关于停水通知的意见部分采纳；"
                           "关于水价减免的意见属于价格主管部门职责，未予采纳，已作说明。感谢社会各界的关心和支持！"))
    if item is not None:
        with _as_of(max(feedback_day, today)):
            c = services.link_final_policy(publisher, c.pk, version=c.version, item=item.pk)
    for pk, day in times.items():
        Comment.objects.filter(pk=pk).update(submitted_at=_at(day, 10, 30), moderated_at=_at(day + dt.timedelta(days=1), 9))
    Comment.objects.filter(consultation=c).exclude(reply="").update(replied_at=_at(feedback_day, 15))
    Consultation.objects.filter(pk=c.pk).update(created_at=_at(starts - dt.timedelta(days=2), 9),
                                                published_at=_at(starts - dt.timedelta(days=1), 9),
                                                feedback_published_at=_at(feedback_day, 16))
    return c


def _open(edu, publisher, office, today: dt.date) -> Consultation:
    name = "示例市中小学课后服务管理办法"
    starts, ends = today - dt.timedelta(days=10), today + dt.timedelta(days=20)
    with _as_of(starts - dt.timedelta(days=1)):
        c = services.create_consultation(
            publisher, org=edu, title=f"关于公开征求《{name}（征求意见稿）》意见的公告", starts_on=starts, ends_on=ends,
            summary="为规范中小学课后服务，减轻家长接送负担，市教育局起草了本办法，现公开征求意见。",
            body_html=_body(name, ["第一条 为规范中小学课后服务工作，制定本办法。",
                                   "第二条 课后服务坚持学生家长自愿参加原则。",
                                   "第三条 课后服务时间原则上不早于当地正常下班时间。",
                                   "第四条 课后服务收费标准由价格主管部门会同教育部门制定并向社会公开。"]),
            name_rule="optional", contact_rule="required")
        c = services.publish(publisher, c.pk, version=c.version)
    times = {}
    for i, (person, contact, content, moderation, topic, reply) in enumerate(OPEN_COMMENTS):
        day = min(starts + dt.timedelta(days=1 + i * 2), today)
        with _as_of(day):
            comment = services.submit_comment(c, {"name": person, "contact": contact or "13600000000",
                                                  "content": content}, DEMO_ADDRESS)
        times[comment.pk] = day
        if moderation == Moderation.APPROVED:
            with _as_of(day):
                comment = services.moderate_comment(office, comment.pk, decision=moderation)
                if topic or reply:
                    services.handle_comment(office, comment.pk, version=comment.version, topic=topic, reply=reply)
    for pk, day in times.items():
        Comment.objects.filter(pk=pk).update(submitted_at=_at(day, 11))
        Comment.objects.filter(pk=pk).exclude(moderated_at=None).update(moderated_at=_at(day, 16))
        Comment.objects.filter(pk=pk).exclude(replied_at=None).update(replied_at=_at(day, 16, 30))
    Consultation.objects.filter(pk=c.pk).update(created_at=_at(starts - dt.timedelta(days=1), 9),
                                                published_at=_at(starts - dt.timedelta(days=1), 10))
    return c


def load_demo_consultations(today: dt.date) -> int:
    """Create the two demo consultations unless they exist; return how many were created (0 on a second run,
    or when the demo bodies and users are missing)."""
    orgs = {o.code: o for o in Organization.objects.filter(code__in=[CITY, EDU])}
    users = {u.username: u for u in User.objects.filter(username__in=[PUBLISHER, OFFICE])}
    if len(orgs) < 2 or len(users) < 2:
        return 0
    created = 0
    with transaction.atomic():
        if not Consultation.objects.filter(org=orgs[CITY]).exists():
            _finished(orgs[CITY], users[PUBLISHER], users[OFFICE], today)
            created += 1
        if not Consultation.objects.filter(org=orgs[EDU]).exists():
            _open(orgs[EDU], users[PUBLISHER], users[OFFICE], today)
            created += 1
    return created
