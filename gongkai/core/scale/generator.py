"""``generate(scale, seed, fraction)``: synthetic province-scale data for the benchmarks, written in bulk.

What one run leaves in the database, all under the body with code ``SCALE`` (规模测试省人民政府), which it
creates or replaces:

- a three-level tree: the province government with its departments, cities (市人民政府) with departments,
  counties (县/区人民政府) with departments — ``SHAPES`` gives the counts (10, 99, 993 bodies);
- the user ``scale_gkb`` (公开办管理员 of SCALE, scope 本机关及全部下级机构);
- applications, administrative decisions and published items spread over the five years before this one and
  this year up to yesterday, skewed across bodies (自然资源/住建/公安 get more applications, 市场监管/公安/
  行政审批 more decisions) and across days (fewer on weekends, growing a little each year); every body's
  records are drawn in date order and the tables are written in date order, bodies interleaved, as a
  production database fills up;
- 复议/诉讼 cases about one application in a hundred (more often about refusals), 权责清单 items,
  yearly fee income and procurement figures; no yearly decision totals;
- the number counters (tracking numbers, 索引号) set to what the rows used, and the search index rebuilt
  (``search.rebuild()``: the search app has no batched indexing path, and this is most of a run's time);
- on PostgreSQL, the tables VACUUMed and ANALYZEd, so a benchmark that follows sees a settled database.

Everything random comes from ``random.Random`` streams named by the seed, the table and the body's code, so
the same seed gives the same rows (ids aside) whatever else the database holds. ``fraction`` scales every row
count, not the tree. Rows are not audited and no service is called: this is test data, loaded as fast as the
database takes it (``bulk.TableWriter``).
"""

from __future__ import annotations

import datetime as dt
import re
import time
from array import array
from bisect import bisect
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from html import unescape
from itertools import accumulate
from random import Random

from django.db import connection, transaction
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.appeals.models import Case
from gongkai.applications.codes import OUTCOME_BASIS, OUTCOMES
from gongkai.applications.models import Application
from gongkai.core.models import Counter
from gongkai.disclosure.models import Item
from gongkai.disclosure.services import PUBLISH_WORKDAYS
from gongkai.orgs.models import PATH_WIDTH, Membership, Organization, OrgKind, Role, ScopeMode
from gongkai.registers.models import Decision, FeeIncome, PowerItem, Procurement
from gongkai.workdays.calendar import WorkCalendarError
from gongkai.workdays.selectors import get_calendar

from . import text, vocab
from .bulk import TableWriter, delete_where, next_id, reset_sequences

ROOT_CODE = "SCALE"
ROOT_NAME = f"{vocab.PROVINCE}人民政府"
USERNAME = "scale_gkb"
PASSWORD = "Gongkai@2026"
QUERY_CODE_HASH = "scale-data:no-query-code"  # nobody can track a synthetic application from the portal


@dataclass(frozen=True)
class Shape:
    root_departments: int
    cities: int
    city_departments: int
    counties: int  # per city
    county_departments: int
    applications: int
    decisions: int
    items: int

    @property
    def bodies(self) -> int:
        county = 1 + self.county_departments
        return 1 + self.root_departments + self.cities * (1 + self.city_departments + self.counties * county)


SHAPES = {
    "small": Shape(2, 1, 3, 1, 2, 10_000, 50_000, 5_000),
    "medium": Shape(8, 3, 11, 3, 5, 100_000, 500_000, 50_000),
    "province": Shape(20, 12, 20, 6, 9, 1_000_000, 5_000_000, 500_000),
}

# Applicant kinds (the columns of table 三) and outcomes (its rows), weighted like published annual reports.
APPLICANT_KINDS = {"natural_person": 85.0, "commercial": 8.0, "research": 0.4, "social_welfare": 0.6,
                   "legal_service": 2.5, "other": 3.5}
OUTCOME_WEIGHTS = {"3.1": 45.0, "3.2": 12.0, "3.3.1": 0.3, "3.3.2": 0.4, "3.3.3": 0.3, "3.3.4": 1.2,
                   "3.3.5": 1.0, "3.3.6": 2.0, "3.3.7": 0.8, "3.3.8": 1.5, "3.4.1": 20.0, "3.4.2": 2.5,
                   "3.4.3": 1.5, "3.5.1": 2.5, "3.5.2": 2.0, "3.5.3": 0.4, "3.5.4": 0.6, "3.5.5": 0.8,
                   "3.6.1": 1.5, "3.6.2": 0.1, "3.6.3": 3.6}
assert set(OUTCOME_WEIGHTS) == set(OUTCOMES)
CHANNELS = {"online": 55.0, "in_person": 18.0, "letter": 20.0, "email": 5.0, "fax": 1.0, "other": 1.0}
INFO_FORMS = {"electronic": 55.0, "paper": 40.0, "inspect": 4.0, "other": 1.0}
DELIVERY = {"post": 40.0, "email": 30.0, "pickup": 15.0, "online": 14.0, "fax": 1.0}
# How often an application ends in a 复议/诉讼 case, by outcome group: refusals are disputed more.
CASE_RATE = {"3.1": 0.004, "3.2": 0.01, "3.3": 0.02, "3.4": 0.02, "3.5": 0.02, "3.6": 0.01}
CASE_KINDS = {"review": 70.0, "litigation_direct": 20.0, "litigation_after_review": 10.0}
CASE_RESULTS = {"upheld": 65.0, "corrected": 15.0, "other": 20.0}
CASE_NOTES = {"upheld": "维持原答复。", "corrected": "撤销原答复，责令被申请人重新答复。",
              "other": "申请人撤回申请，案件终止。"}
# An application still open after it should be: some stay open up to this many days after receipt.
STUCK_DAYS, STUCK_RATE = 60, 0.45
DECISION_KINDS = {"licensing": 45.0, "penalty": 50.0, "coercion": 5.0}
DECISION_WORDS = {"licensing": "许准字", "penalty": "罚决字", "coercion": "强措字"}
SINGLE_DOC_TYPES = {"news": 40.0, "notice": 27.0, "other_document": 7.0, "plan": 4.0, "budget": 4.0,
                    "personnel": 6.0, "statistics": 5.0, "other": 2.0}
POLICY_PAIR_SHARE = 0.03  # policy + its interpretation, published together (三同步): 6% of items
ARTICLE20 = {"regulation": 1, "normative": 1, "interpretation": 1, "other_document": 1, "plan": 3,
             "statistics": 4, "budget": 7, "personnel": 14, "other": 2}
DOC_TOPICS = {"budget": "finance", "personnel": "labour", "statistics": "economy"}
EXTRA_CHANNELS = ("new_media", "gazette", "service_hall")
POWER_COUNTS = {"licensing": (5, 30), "penalty": (10, 50), "coercion": (2, 10), "fee": (1, 6),
                "other_service": (5, 15)}
FOUR_PLACES = Decimal("0.0001")
POWER_CODES = {"licensing": "XK", "penalty": "CF", "coercion": "QZ", "fee": "SF", "other_service": "QT"}


TAG = re.compile(r"<[^>]*>")


def plain_text(html: str) -> str:
    """``disclosure.services.html_to_text`` for the generator's own markup (tags without "<" or ">" inside,
    text without "<"), with a regular expression instead of an HTML parser: five times faster."""
    return " ".join(unescape(TAG.sub(" ", html)).split())


class Weighted:
    """A weighted choice over fixed options, drawn with one random number."""

    def __init__(self, weights: dict):
        self.options = list(weights)
        self.cumulative = list(accumulate(weights.values()))
        self.total = self.cumulative[-1]

    def __call__(self, rng: Random):
        return self.at(rng.random())

    def at(self, u: float):
        """The option for a uniform number ``u`` in [0, 1)."""
        return self.options[bisect(self.cumulative, u * self.total)]


@dataclass
class Body:
    id: int
    code: str
    name: str
    short: str
    kind: str
    level: str  # province / city / county
    place: str  # 规模测试省, 安平市, 永川县 …
    abbr: str  # 文号 prefix: 安政 for 安平市人民政府, 安教 for its 教育局
    parent: Body | None
    department: vocab.Department | None = None
    government: Body | None = None  # the government it belongs to (itself for a government)
    path: str = ""
    uscc: str = ""
    sort_order: int = 0
    weights: dict = field(default_factory=dict)

    @property
    def is_government(self) -> bool:
        return self.department is None

    @property
    def themes(self) -> tuple[str, ...]:
        return self.department.themes if self.department else vocab.GOVERNMENT_THEMES

    @property
    def region(self) -> str:
        """How its documents name the area they govern: 全省, 全市, 全区 or 全县."""
        if self.level in ("province", "city"):
            return "全省" if self.level == "province" else "全市"
        return "全区" if self.government.place.endswith("区") else "全县"


def allocate(total: int, weights: list[float]) -> list[int]:
    """``total`` split in proportion to ``weights`` (largest remainders), summing exactly to ``total``."""
    whole = sum(weights)
    if total <= 0 or whole <= 0:
        return [0] * len(weights)
    shares = [total * w / whole for w in weights]
    counts = [int(s) for s in shares]
    order = sorted(range(len(weights)), key=lambda i: (counts[i] - shares[i], i))
    for i in order[:total - sum(counts)]:
        counts[i] += 1
    return counts


class Days:
    """The days rows fall on (from 1 January five years ago to yesterday), with a weight per day: fewer on
    weekends, a little more each year."""

    def __init__(self, today: dt.date):
        self.first = dt.date(today.year - 5, 1, 1)
        self.last = today - dt.timedelta(days=1)
        self.days = [self.first + dt.timedelta(days=i) for i in range((self.last - self.first).days + 1)]
        self._cumulative: dict[float, list[float]] = {}

    def cumulative(self, weekend: float) -> list[float]:
        if weekend not in self._cumulative:
            first_year = self.first.year
            self._cumulative[weekend] = list(accumulate(
                (weekend if day.weekday() >= 5 else 1.0) * (1 + 0.08 * (day.year - first_year))
                for day in self.days))
        return self._cumulative[weekend]

    def counts(self, rng: Random, n: int, weekend: float) -> array:
        """How many of ``n`` rows fall on each day."""
        cumulative = self.cumulative(weekend)
        total = cumulative[-1]
        counts = array("I", bytes(4 * len(self.days)))
        last = len(self.days) - 1
        for _ in range(n):
            counts[min(bisect(cumulative, rng.random() * total), last)] += 1
        return counts


class Progress:
    def __init__(self, out):
        self.out = out
        self.tables: dict[str, dict] = {}

    def record(self, label: str, table: str, rows: int, seconds: float) -> None:
        rate = rows / seconds if seconds > 0 else 0.0
        self.tables[table] = {"label": label, "rows": rows, "seconds": round(seconds, 3),
                              "rows_per_second": round(rate)}
        self.say(f"  {label}（{table}）：{rows:,} 行，{seconds:.1f} 秒，{rate:,.0f} 行/秒")

    def say(self, line: str) -> None:
        if self.out is not None:
            self.out.write(line + "\n")
            if hasattr(self.out, "flush"):
                self.out.flush()


class Generator:
    def __init__(self, scale: str, seed: int, fraction: float, out=None, today: dt.date | None = None):
        if scale not in SHAPES:
            raise ValueError(f"未知的数据规模“{scale}”，可选：{'、'.join(SHAPES)}。")
        if not 0 < fraction <= 1:
            raise ValueError("--fraction 须大于 0 且不大于 1。")
        self.scale, self.seed, self.fraction = scale, seed, fraction
        self.shape = SHAPES[scale]
        self.today = today or timezone.localdate()
        self.days = Days(self.today)
        self.years = list(range(self.today.year - 5, self.today.year))
        self.tz = timezone.get_current_timezone()
        self.progress = Progress(out)
        self.bodies: list[Body] = []
        self.counters: dict[str, int] = {}

    def rng(self, *parts) -> Random:
        return Random(":".join(str(p) for p in (self.seed, *parts)))

    def rows(self, full: int) -> int:
        return round(full * self.fraction)

    def at(self, day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
        return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=self.tz)

    # ---- the run ------------------------------------------------------------------------------------------

    def run(self) -> dict:
        started = time.monotonic()
        self.progress.say(f"生成规模测试数据：规模 {self.scale}，种子 {self.seed}，比例 {self.fraction:g}，"
                          f"数据库 {connection.vendor}")
        restore = _enlarge_sqlite_cache()
        try:
            with transaction.atomic(), _immediate_constraints():
                self.timed("删除旧数据", "scale_subtree", self.delete)
                self.timed("机构", Organization._meta.db_table, self.write_tree)
                self.ensure_user()
                cases: list[tuple] = []
                self.timed("依申请公开", Application._meta.db_table, lambda: self.write_applications(cases))
                self.timed("复议诉讼案件", Case._meta.db_table, lambda: self.write_cases(cases))
                self.timed("行政决定", Decision._meta.db_table, self.write_decisions)
                self.timed("政府信息", Item._meta.db_table, self.write_items)
                self.timed("权责清单", PowerItem._meta.db_table, self.write_power_items)
                self.timed("收费金额", FeeIncome._meta.db_table, self.write_fees)
                self.timed("政府集中采购", Procurement._meta.db_table, self.write_procurement)
                self.write_counters()
                reset_sequences([Organization, Application, Case, Decision, Item, PowerItem, FeeIncome,
                                 Procurement])
        finally:
            restore()
        from gongkai import search
        from gongkai.portal import pagecache

        pagecache.bump()  # bulk writes send no signals: cached public pages must not outlive the old data
        self.timed("全文检索索引", "search", search.rebuild)
        if connection.vendor == "postgresql":
            self.timed("整理统计信息", "vacuum_analyze", self.settle)
        seconds = time.monotonic() - started
        tables = {k: v for k, v in self.progress.tables.items()
                  if k not in ("scale_subtree", "search", "vacuum_analyze")}
        generated = sum(v["rows"] for v in tables.values())
        self.progress.say(f"完成：{len(self.bodies)} 个机构，共 {generated:,} 行，用时 {seconds:.1f} 秒。")
        return {
            "scale": self.scale, "seed": self.seed, "fraction": self.fraction, "database": connection.vendor,
            "today": self.today.isoformat(), "years": self.years, "root_code": ROOT_CODE,
            "root_id": self.bodies[0].id, "bodies": len(self.bodies), "username": USERNAME,
            "counts": {"bodies": len(self.bodies), **{t: v["rows"] for t, v in tables.items()}},
            "tables": self.progress.tables, "seconds": round(seconds, 3),
        }

    def timed(self, label: str, table: str, step: Callable[[], int]) -> None:
        started = time.monotonic()
        rows = step()
        self.progress.record(label, table, rows, time.monotonic() - started)

    def settle(self) -> int:
        """PostgreSQL after a bulk load: VACUUM (ANALYZE) the tables written, as autovacuum would in time, so
        that queries run on the plans and index-only scans a settled database gets (measured at ``province``:
        the root's annual report took 27 s before, 2 s after). Inside a transaction, where VACUUM cannot run,
        only ANALYZE. Returns the number of rows generated, for the progress line's rate."""
        from gongkai.search.backends import get_backend
        from gongkai.search.models import SearchTerm

        models = [Organization, Application, Case, Decision, Item, PowerItem, FeeIncome, Procurement,
                  SearchTerm]
        qn = connection.ops.quote_name
        tables = ", ".join([qn(m._meta.db_table) for m in models] + [qn(get_backend().table)])
        with connection.cursor() as cursor:
            cursor.execute(("ANALYZE " if connection.in_atomic_block else "VACUUM (ANALYZE) ") + tables)
        return sum(v["rows"] for k, v in self.progress.tables.items() if k not in ("scale_subtree", "search"))

    # ---- replacing the subtree ----------------------------------------------------------------------------

    def delete(self) -> int:
        root = Organization.objects.filter(code=ROOT_CODE).first()
        if root is None:
            return 0
        qn = connection.ops.quote_name
        where = f"{qn('path')} = %s OR {qn('path')} LIKE %s"
        params = [root.path, root.path + ".%"]
        ids = set(Organization.objects.filter(path__startswith=root.path).values_list("pk", flat=True))
        counts = delete_where(Organization, where, params)
        # Numbering counters are keyed "<what>:<org id>:<year>".
        stale = [c.pk for c in Counter.objects.filter(key__regex=r"^[a-z_]+:[0-9]+:[0-9]+$").only("key")
                 if int(c.key.split(":")[1]) in ids]
        Counter.objects.filter(pk__in=stale).delete()
        return sum(counts.values())

    # ---- bodies and the user ------------------------------------------------------------------------------

    def build_tree(self) -> list[Body]:
        shape = self.shape
        bodies: list[Body] = []

        def add(body: Body) -> Body:
            body.sort_order = len(bodies)
            bodies.append(body)
            return body

        def departments(gov: Body, keys):
            for key in keys:
                dept = vocab.DEPARTMENT_BY_KEY[key]
                if gov.level == "province":
                    name = f"{gov.place}{dept.province}" if key != "BGS" else f"{vocab.PROVINCE}人民政府办公厅"
                else:
                    name = f"{gov.place}{dept.local}" if key != "BGS" else f"{gov.place}人民政府办公室"
                add(Body(0, f"{gov.code}-{key}", name, "", OrgKind.DEPARTMENT, gov.level, gov.place,
                         gov.abbr[0] + dept.abbr, gov, dept, gov))

        root = add(Body(0, ROOT_CODE, ROOT_NAME, f"{vocab.PROVINCE}政府", OrgKind.PROVINCE_GOV, "province",
                        vocab.PROVINCE, "规政", None))
        root.government = root
        departments(root, [k for k in vocab.PROVINCE_ORDER if vocab.DEPARTMENT_BY_KEY[k].province]
                    [:shape.root_departments])
        local = [k for k in vocab.LOCAL_ORDER if vocab.DEPARTMENT_BY_KEY[k].local]
        county_names = iter(vocab.COUNTY_NAMES)
        for ci in range(shape.cities):
            place = vocab.CITY_NAMES[ci] + "市"
            city = add(Body(0, f"{ROOT_CODE}-C{ci + 1:02d}", f"{place}人民政府", f"{place}政府", OrgKind.CITY_GOV,
                            "city", place, place[0] + "政", root))
            city.government = city
            departments(city, local[:shape.city_departments])
            for ki in range(shape.counties):
                place = next(county_names) + ("区" if ki == 0 else "县")
                county = add(Body(0, f"{city.code}-K{ki + 1:02d}", f"{place}人民政府", f"{place}政府",
                                  OrgKind.COUNTY_GOV, "county", place, place[0] + "政", city))
                county.government = county
                departments(county, local[:shape.county_departments])
        return bodies

    def write_tree(self) -> int:
        bodies = self.build_tree()
        first = next_id(Organization)
        level_factor = {"province": {"applications": 2.0, "decisions": 0.4, "items": 1.5},
                        "city": {"applications": 1.2, "decisions": 1.0, "items": 1.2},
                        "county": {"applications": 1.0, "decisions": 1.0, "items": 1.0}}
        for i, body in enumerate(bodies):
            body.id = first + i
            own = str(body.id).zfill(PATH_WIDTH)  # as orgs.services.create_org computes it
            body.path = f"{body.parent.path}.{own}" if body.parent else own
            rng = self.rng("body", body.code)
            body.uscc = text.uscc(rng, "11")
            base = ({"applications": body.department.applications, "decisions": body.department.decisions,
                     "items": body.department.items} if body.department
                    else {"applications": 3.0, "decisions": 0.1, "items": 2.5})
            body.weights = {k: v * level_factor[body.level][k] * rng.lognormvariate(0, 0.5)
                            for k, v in base.items()}
        now = timezone.now()
        Organization.objects.bulk_create([
            Organization(id=b.id, name=b.name, short_name=b.short, code=b.code, uscc=b.uscc, kind=b.kind,
                         parent_id=b.parent.id if b.parent else None, path=b.path, depth=b.path.count("."),
                         sort_order=b.sort_order, created_at=now, updated_at=now)
            for b in bodies], batch_size=1000)
        self.bodies = bodies
        return len(bodies)

    def ensure_user(self) -> None:
        user = User.objects.filter(username=USERNAME).first()
        if user is None:
            user = User(username=USERNAME, full_name="规模测试公开办")
        user.is_active = True
        user.failed_logins = 0
        user.locked_until = None
        user.admin_role = ""
        user.set_password(PASSWORD)
        user.save()
        Membership.objects.create(user=user, org_id=self.bodies[0].id, role=Role.OFFICE_ADMIN,
                                  scope=ScopeMode.SUBTREE)

    def next_number(self, key: str) -> int:
        value = self.counters.get(key, 0) + 1
        self.counters[key] = value
        return value

    def write_counters(self) -> None:
        keys = [k for k in self.counters if k.startswith(("application:", "item:"))]
        Counter.objects.filter(key__in=keys).delete()
        Counter.objects.bulk_create([Counter(key=k, value=self.counters[k]) for k in keys], batch_size=5000)

    def spread(self, table: str, total: int, weekend: float) -> list[array]:
        """Each body's share of ``total`` rows, as counts per day."""
        shares = allocate(total, [b.weights[table] for b in self.bodies])
        return [self.days.counts(self.rng(table, "days", b.code), n, weekend)
                for b, n in zip(self.bodies, shares, strict=True)]

    def each_day(self, spread: list[array]):
        """(day, body, count) in date order, bodies interleaved, for every day a body has rows."""
        bodies = self.bodies
        for i, day in enumerate(self.days.days):
            for body, counts in zip(bodies, spread, strict=True):
                n = counts[i]
                if n:
                    yield day, body, n

    # ---- applications and cases ---------------------------------------------------------------------------

    def write_applications(self, cases: list[tuple]) -> int:
        fields = ["id", "org", "tracking_no", "query_code_hash", "channel", "letter_mail", "oral",
                  "submitted_at", "received_on", "applicant_kind", "applicant_name", "id_type", "id_number",
                  "contact_person", "phone", "email", "address", "postcode", "content", "purpose",
                  "info_form", "delivery_method", "fee_waiver_requested", "status", "outcome",
                  "outcome_basis", "outcome_reason", "reply_approved_on", "delivered_on", "delivered_method",
                  "concluded_on", "due_on", "due_explanation", "created_at", "updated_at"]
        return write(Application, fields, self.application_rows(next_id(Application), cases))

    def application_rows(self, next_app: int, cases: list[tuple]):
        """Rows of applications in date order; the ones a case will be about are added to ``cases``."""
        kinds, outcomes = Weighted(APPLICANT_KINDS), Weighted(OUTCOME_WEIGHTS)
        channels, forms, delivery = Weighted(CHANNELS), Weighted(INFO_FORMS), Weighted(DELIVERY)
        rngs = {b.code: self.rng("applications", b.code) for b in self.bodies}
        today, stuck_since = self.today, self.today - dt.timedelta(days=STUCK_DAYS)
        one_day, due_delta = dt.timedelta(days=1), dt.timedelta(days=28)
        cn_date = text.cn_date
        spread = self.spread("applications", self.rows(self.shape.applications), 0.1)
        for day, body, n in self.each_day(spread):
            rng = rngs[body.code]
            subjects = body.department.requests if body.department else vocab.GOVERNMENT_REQUESTS
            place = body.government.place
            year_key = f"application:{body.id}:{day.year}"
            explanation = f"自{cn_date(day)}收到申请起20个工作日"
            for _ in range(n):
                app_id, next_app = next_app, next_app + 1
                kind = kinds(rng)
                name, id_type, id_number, contact = text.applicant(rng, kind, place)
                channel = channels(rng)
                method = delivery(rng)
                roll = rng.random()
                if roll < 0.75:  # days from receipt to the reply: mostly within the 20 working days
                    duration = 1 + int(roll / 0.75 * 20)
                elif roll < 0.95:
                    duration = 21 + int(rng.random() * 10)
                else:  # extended (Art. 33) or paused
                    duration = 31 + int(rng.random() * 30)
                concluded = day + dt.timedelta(days=duration)
                created = self.at(day, 9 + int(rng.random() * 8), int(rng.random() * 60))
                is_open = concluded >= today or (day >= stuck_since and rng.random() < STUCK_RATE)
                if is_open:
                    status, outcome, basis, reason = "processing", "", "", ""
                    approved = delivered = concluded_on = None
                    delivered_method, updated = "", created
                else:
                    status = "concluded"
                    outcome = outcomes(rng)
                    basis, reason = OUTCOME_BASIS[outcome], text.outcome_reason(outcome)
                    concluded_on = concluded
                    if outcome.startswith("3.6"):
                        approved = delivered = None
                        delivered_method = ""
                    else:
                        approved = max(day, concluded - dt.timedelta(days=int(rng.random() * 3)))
                        delivered, delivered_method = concluded, method
                    updated = self.at(concluded, 16)
                    if rng.random() < CASE_RATE[outcome[:3]]:
                        cases.append((app_id, body, concluded, name, rng.random(), rng.random(), rng.random(),
                                      rng.random()))
                tracking_no = f"{body.code}-{day.year}-{self.next_number(year_key):05d}"
                letter_mail = ("signed" if rng.random() < 0.7 else "ordinary") if channel == "letter" else ""
                oral = channel == "in_person" and rng.random() < 0.1
                submitted = created - one_day if channel == "online" else None
                yield (
                    app_id, body.id, tracking_no, QUERY_CODE_HASH, channel, letter_mail, oral, submitted, day,
                    kind, name, id_type, id_number, contact, text.mobile(rng),
                    f"applicant{app_id}@example.com" if rng.random() < 0.3 else "", text.address(rng, place),
                    "990100", text.request_content(rng, subjects, day.year - int(rng.random() * 3)),
                    text.pick(rng, vocab.PURPOSES), forms(rng), method, rng.random() < 0.01, status, outcome,
                    basis, reason, approved, delivered, delivered_method, concluded_on, day + due_delta,
                    explanation, created, updated)

    def write_cases(self, cases: list[tuple]) -> int:
        fields = ["id", "org", "kind", "case_no", "application", "applicant_name", "filed_on", "handled_by",
                  "subject", "result", "concluded_on", "result_note", "created_at", "updated_at"]
        kinds, results = Weighted(CASE_KINDS), Weighted(CASE_RESULTS)
        planned = []
        # Each case was decided by four uniform numbers drawn from its application's stream.
        for app_id, body, replied, name, u_filed, u_length, u_kind, u_result in cases:
            filed = replied + dt.timedelta(days=10 + int(u_filed * 50))
            if filed >= self.today:
                continue
            kind = kinds.at(u_kind)
            length = (30 + int(u_length * 60)) if kind == "review" else (60 + int(u_length * 120))
            concluded = filed + dt.timedelta(days=length)
            result = results.at(u_result) if concluded < self.today else ""
            planned.append((filed, app_id, body, name, kind, result, concluded if result else None))
        planned.sort(key=lambda c: (c[0], c[1]))
        return write(Case, fields, self.case_rows(next_id(Case), planned))

    def case_rows(self, next_case: int, planned: list[tuple]):
        gov_of = {b.id: b.government for b in self.bodies}
        for filed, app_id, body, name, kind, result, concluded in planned:
            gov = gov_of[body.id]
            if kind == "review":
                reviewer = gov if not body.is_government else (gov.parent or gov)
                handled = reviewer.name
                n = self.next_number(f"review:{body.id}:{filed.year}")
                case_no = f"{reviewer.abbr[:1]}政复〔{filed.year}〕{n}号"
            else:
                court = gov if gov.level != "province" else self.bodies[0]
                handled = {"county": f"{court.place}人民法院", "city": f"{court.place}中级人民法院"}.get(
                    court.level, f"{vocab.PROVINCE}高级人民法院")
                n = self.next_number(f"litigation:{body.id}:{filed.year}")
                case_no = f"（{filed.year}）规{court.sort_order:04d}行初{n}号"
            yield (next_case, body.id, kind, case_no, app_id, name, filed, handled,
                   f"不服{body.name}作出的政府信息公开申请答复", result, concluded,
                   CASE_NOTES[result] if result else "", self.at(filed, 10), self.at(concluded or filed, 15))
            next_case += 1

    # ---- decisions ----------------------------------------------------------------------------------------

    def write_decisions(self) -> int:
        return write(Decision, ["org", "kind", "decision_no", "decided_on", "subject_name", "subject_kind",
                                "subject_id", "summary", "basis", "result"], self.decision_rows())

    def decision_rows(self):
        profiles = {}
        for body in self.bodies:
            entries = vocab.DECISIONS[body.department.profile if body.department else "generic"]
            by_kind = {k: [e for e in entries if e[0] == k] for k in DECISION_KINDS}
            profiles[body.code] = (Weighted({k: w for k, w in DECISION_KINDS.items() if by_kind[k]}), by_kind)
        rngs = {b.code: self.rng("decisions", b.code) for b in self.bodies}
        for day, body, n in self.each_day(self.spread("decisions", self.rows(self.shape.decisions), 0.3)):
            rng = rngs[body.code]
            kinds, by_kind = profiles[body.code]
            place = body.government.place
            police = body.department is not None and body.department.profile == "police"
            for _ in range(n):
                kind = kinds(rng)
                entry = text.pick(rng, by_kind[kind])
                roll = rng.random()
                if roll < (0.8 if police and kind != "licensing" else 0.3):
                    subject_kind, subject = "natural_person", text.person(rng)
                    subject_id = text.resident_id(rng)
                elif roll < 0.9:
                    subject_kind, subject = "legal_person", text.company(rng, place)
                    subject_id = text.uscc(rng)
                else:
                    subject_kind = "other"
                    subject = f"{place}{text.pick(rng, vocab.BRANDS)}{text.pick(rng, vocab.SHOPS)}"
                    subject_id = text.uscc(rng, "92")
                summary, basis, result = text.decision_text(rng, entry)
                number = self.next_number(f"decision:{body.id}:{kind}:{day.year}")
                yield (body.id, kind, f"{body.abbr}{DECISION_WORDS[kind]}〔{day.year}〕{number}号", day,
                       subject, subject_kind, subject_id, summary, basis, result)

    # ---- published items ----------------------------------------------------------------------------------

    def write_items(self) -> int:
        fields = ["id", "org", "index_no", "title", "doc_no", "written_on", "formed_on", "published_at",
                  "topic", "doc_type", "article20_item", "body_html", "body_text", "disclosure", "validity",
                  "valid_from", "invalid_on", "channels", "interprets", "status", "publish_due_on",
                  "created_at", "updated_at"]
        # Art. 26 deadlines (disclosure.services.publish_deadline) of every formation date the items can have,
        # computed before the COPY starts, with the calendar read once.
        calendar = get_calendar()
        deadlines = {}
        for day in [self.days.first - dt.timedelta(days=i) for i in range(1, 11)] + self.days.days:
            try:
                deadlines[day] = calendar.add_workdays(day, PUBLISH_WORKDAYS)
            except WorkCalendarError:
                deadlines[day] = None
        return write(Item, fields, self.item_rows(next_id(Item), deadlines))

    def item_rows(self, next_item: int, deadlines: dict[dt.date, dt.date | None]):
        """Items in order of publication; a 规范性文件 (or 规章) is followed by its 解读, published with it."""
        total = self.rows(self.shape.items)
        shares = allocate(total, [b.weights["items"] for b in self.bodies])
        singles_spread, pairs_spread = [], []
        for body, n in zip(self.bodies, shares, strict=True):
            pairs = int(n * POLICY_PAIR_SHARE)
            singles_spread.append(self.days.counts(self.rng("items", "days", body.code), n - 2 * pairs, 0.05))
            pairs_spread.append(self.days.counts(self.rng("items", "pairs", body.code), pairs, 0.05))
        texts = {b.code: text.ItemText(self.rng("items", b.code), name=b.name, short=b.short or b.name,
                                       place=b.place, region=b.region, themes=b.themes,
                                       government=b.is_government)
                 for b in self.bodies}
        doc_types = Weighted(SINGLE_DOC_TYPES)
        state = {"id": next_item}
        today = self.today

        def row(body: Body, day: dt.date, doc_type: str, title: str, body_html: str, *, doc_no: str = "",
                topic: str = "", interprets: int | None = None, formed: dt.date | None = None,
                valid_from=None, validity=("valid", None), published: dt.datetime | None = None) -> tuple:
            rng = texts[body.code].rng
            formed = formed or day - dt.timedelta(days=1 + int(rng.random() * 10))
            written = formed - dt.timedelta(days=int(rng.random() * 4))
            published = published or self.at(day, 9 + int(rng.random() * 8), int(rng.random() * 60))
            item_id, state["id"] = state["id"], state["id"] + 1
            index_no = f"{body.code}/{formed.year}-{self.next_number(f'item:{body.id}:{formed.year}'):05d}"
            channels = ["website", *rng.sample(EXTRA_CHANNELS, int(rng.random() * 3))]
            topic = topic or DOC_TOPICS.get(doc_type) or (body.department.topic if body.department
                                                            else "general")
            return (item_id, body.id, index_no, title, doc_no, written, formed, published, topic, doc_type,
                    ARTICLE20.get(doc_type), body_html, plain_text(body_html), "active", validity[0],
                    valid_from, validity[1], channels, interprets, "published", deadlines[formed],
                    self.at(formed, 9), published)

        def number(body: Body, word: str, year: int) -> str:
            return f"{body.abbr}{word}〔{year}〕{self.next_number(f'docno:{body.id}:{word}:{year}')}号"

        for i, day in enumerate(self.days.days):
            for body, singles, pairs in zip(self.bodies, singles_spread, pairs_spread, strict=True):
                n, p = singles[i], pairs[i]
                if not n and not p:
                    continue
                w = texts[body.code]
                rng = w.rng
                for _ in range(n):
                    doc_type = doc_types(rng)
                    theme = w.theme()
                    doc_no = ""
                    if doc_type == "news":
                        title, html = w.news(day, theme)
                    elif doc_type == "notice":
                        title, html = w.notice(day, theme)
                        doc_no = number(body, "发" if rng.random() < 0.6 else "函", day.year)
                    elif doc_type == "other_document":
                        title, html = w.other_document(day, theme)
                        doc_no = number(body, "发", day.year)
                    elif doc_type == "plan":
                        title, html = w.plan(day)
                        doc_no = number(body, "发", day.year)
                    elif doc_type == "budget":
                        title, html = w.budget(day)
                    elif doc_type == "personnel":
                        title, html = w.personnel(day)
                    elif doc_type == "statistics":
                        title, html = w.statistics(day)
                    else:
                        title, html = w.functions(day)
                    yield row(body, day, doc_type, title, html, doc_no=doc_no)
                for _ in range(p):
                    theme = w.theme()
                    regulation = body.is_government and body.level != "county" and rng.random() < 0.15
                    title, html, name = w.rule(day, theme, body.government.place, regulation)
                    if regulation:
                        doc_no = f"{body.place}人民政府令第{self.next_number(f'order:{body.id}')}号"
                    else:
                        doc_no = number(body, "规", day.year)
                    validity = ("valid", None)
                    if (today - day).days > 3 * 365 and rng.random() < 0.25:
                        ended = min(day + dt.timedelta(days=730 + int(rng.random() * 700)),
                                    today - dt.timedelta(days=1))
                        validity = ("repealed" if rng.random() < 0.4 else "expired", ended)
                    formed = day - dt.timedelta(days=1 + int(rng.random() * 10))
                    published = self.at(day, 10, int(rng.random() * 60))
                    policy = row(body, day, "regulation" if regulation else "normative", title, html,
                                 doc_no=doc_no, formed=formed, valid_from=day + dt.timedelta(days=30),
                                 validity=validity, published=published)
                    reading_title, reading_html = w.interpretation(name, theme)
                    yield policy
                    yield row(body, day, "interpretation", reading_title, reading_html, interprets=policy[0],
                              formed=formed, published=published)

    # ---- registers ----------------------------------------------------------------------------------------

    def write_power_items(self) -> int:
        return write(PowerItem, ["org", "kind", "code", "name", "basis", "effective_from", "effective_to",
                                 "created_at", "updated_at"], self.power_item_rows())

    def power_item_rows(self):
        """Each body's 权责清单 over ten years: tens of items per kind, some ended since."""
        first = dt.date(self.today.year - 10, 1, 1)
        span = (self.today - first).days
        for body in self.bodies:
            rng = self.rng("power", body.code)
            entries = vocab.DECISIONS[body.department.profile if body.department else "generic"]
            scale = 0.5 if body.is_government else 1.0
            for kind, (lo, hi) in POWER_COUNTS.items():
                if kind in ("licensing", "penalty", "coercion"):
                    pool = [(e[1], e[2]) for e in entries if e[0] == kind]
                elif kind == "fee":
                    pool = list(vocab.FEES)
                else:
                    pool = [(name, "《中华人民共和国政府信息公开条例》第二十条") for name in vocab.OTHER_SERVICES]
                if not pool:
                    continue
                count = self.rows(int((lo + rng.random() * (hi - lo)) * scale))
                for n in range(1, count + 1):
                    name, basis = text.pick(rng, pool)
                    if kind == "penalty":
                        name = f"对{name}的处罚"
                    name += text.pick(rng, vocab.VARIANTS.get(kind, ("",)))
                    start = first + dt.timedelta(days=int(rng.random() * span))
                    end = None
                    if rng.random() < 0.15:
                        end = start + dt.timedelta(days=180 + int(rng.random() * 1500))
                        end = end if end < self.today else None
                    stamp = self.at(start, 9)
                    code = f"{POWER_CODES[kind]}{n:04d}"
                    yield (body.id, kind, code, name, basis, start, end, stamp, stamp)

    def write_fees(self) -> int:
        """行政事业性收费 of every body for each of the five full years (万元)."""
        stamp = timezone.now()

        def rows():
            for body in self.bodies:
                rng = self.rng("fees", body.code)
                base = body.weights["decisions"] * 200
                for year in self.years:
                    yield body.id, year, Decimal(base * (0.5 + rng.random())).quantize(FOUR_PLACES), "", stamp
        return write(FeeIncome, ["org", "year", "amount_wan", "note", "updated_at"], rows())

    def write_procurement(self) -> int:
        """政府集中采购 of every body for each of the five full years (万元)."""
        stamp = timezone.now()

        def rows():
            for body in self.bodies:
                rng = self.rng("procurement", body.code)
                for year in self.years:
                    projects = 1 + int(rng.random() * 40 * body.weights["items"])
                    amount = Decimal(projects * (20 + rng.random() * 300)).quantize(FOUR_PLACES)
                    yield body.id, year, projects, amount, "万元", "", stamp
        return write(Procurement, ["org", "year", "projects", "amount", "amount_unit", "note", "updated_at"],
                     rows())


def write(model, fields: list[str], rows) -> int:
    """Insert the tuples ``rows`` yields; ``rows`` runs while the table's COPY is open, so it must not query
    the database (read what it needs beforehand)."""
    with TableWriter(model, fields) as writer:
        add = writer.add
        for row in rows:
            add(row)
    return writer.count


@contextmanager
def _immediate_constraints():
    """PostgreSQL: check foreign keys as each table is written rather than all at commit (millions of queued
    checks would hold memory and land on no table's timing); Django's are DEFERRABLE INITIALLY DEFERRED, which
    is put back for whatever else the enclosing transaction does."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    yield  # after an error the transaction is rolled back (and cannot run a statement): nothing to put back
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _enlarge_sqlite_cache():
    """A bigger SQLite page cache while the run writes (indexes of a million rows do not fit in 2 MB)."""
    if connection.vendor != "sqlite":
        return lambda: None
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = int(cursor.fetchone()[0])
        cursor.execute("PRAGMA cache_size = -262144")

    def restore():
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {previous}")
    return restore


def generate(scale: str, seed: int = 1, fraction: float = 1.0, out=None) -> dict:
    """Replace the SCALE subtree with freshly generated data; returns counts and timings::

        {"scale", "seed", "fraction", "database", "today", "years", "root_code", "root_id", "bodies",
         "username", "counts": {"bodies": n, "<table>": rows, …}, "seconds": total,
         "tables": {"<table>": {"label", "rows", "seconds", "rows_per_second"}, …}}

    ``tables`` also holds "scale_subtree" (the deletion of the previous data) and "search" (the rebuilt
    index); ``counts`` only the generated tables.

    ``out`` (a text stream) receives the progress lines; None keeps quiet."""
    return Generator(scale, seed, fraction, out).run()
