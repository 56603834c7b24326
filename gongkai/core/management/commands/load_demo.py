"""python manage.py load_demo: build the fictional 示例市 with its departments, districts and one user per role.

Runs through the same services as the UI (so the audit trail shows it) and is safe to run twice: what
already exists is left as it is.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from gongkai.accounts import services as account_services
from gongkai.accounts.models import AdminRole, User
from gongkai.core.validators import uscc_check_char
from gongkai.orgs import services as org_services
from gongkai.orgs.models import Membership, Organization, OrgKind, Role, ScopeMode

DEMO_PASSWORD = "Gongkai@2026"
REGION = "990100"  # fictional administrative division code

# (code, name, short name, kind, children)
TREE = ("SLS", "示例市人民政府", "示例市政府", OrgKind.CITY_GOV, [
    ("SLS-BGS", "示例市人民政府办公室", "市政府办公室", OrgKind.DEPARTMENT, []),
    ("SLS-FGW", "示例市发展和改革委员会", "市发展改革委", OrgKind.DEPARTMENT, []),
    ("SLS-JYJ", "示例市教育局", "市教育局", OrgKind.DEPARTMENT, []),
    ("SLS-GAJ", "示例市公安局", "市公安局", OrgKind.DEPARTMENT, [
        ("SLS-GAJ-DC", "示例市公安局东城分局", "东城公安分局", OrgKind.DISPATCHED, []),
    ]),
    ("SLS-CZJ", "示例市财政局", "市财政局", OrgKind.DEPARTMENT, []),
    ("SLS-RSJ", "示例市人力资源和社会保障局", "市人社局", OrgKind.DEPARTMENT, []),
    ("SLS-ZRZYJ", "示例市自然资源局", "市自然资源局", OrgKind.DEPARTMENT, []),
    ("SLS-STHJJ", "示例市生态环境局", "市生态环境局", OrgKind.DEPARTMENT, []),
    ("SLS-ZJJ", "示例市住房和城乡建设局", "市住建局", OrgKind.DEPARTMENT, []),
    ("SLS-WJW", "示例市卫生健康委员会", "市卫生健康委", OrgKind.DEPARTMENT, []),
    ("SLS-SCJGJ", "示例市市场监督管理局", "市市场监管局", OrgKind.DEPARTMENT, []),
    ("SLS-DC", "示例市东城区人民政府", "东城区政府", OrgKind.COUNTY_GOV, [
        ("SLS-DC-BGS", "东城区人民政府办公室", "东城区政府办", OrgKind.DEPARTMENT, []),
        ("SLS-DC-JYJ", "东城区教育局", "", OrgKind.DEPARTMENT, []),
        ("SLS-DC-MZJ", "东城区民政局", "", OrgKind.DEPARTMENT, []),
        ("SLS-DC-WJJ", "东城区卫生健康局", "", OrgKind.DEPARTMENT, []),
        ("SLS-DC-HPJD", "东城区和平街道办事处", "和平街道", OrgKind.DISPATCHED, []),
    ]),
    ("SLS-XS", "示例市西山区人民政府", "西山区政府", OrgKind.COUNTY_GOV, [
        ("SLS-XS-BGS", "西山区人民政府办公室", "西山区政府办", OrgKind.DEPARTMENT, []),
        ("SLS-XS-ZJJ", "西山区住房和城乡建设局", "", OrgKind.DEPARTMENT, []),
        ("SLS-XS-SCJGJ", "西山区市场监督管理局", "", OrgKind.DEPARTMENT, []),
    ]),
    ("SLS-NH", "南湖县人民政府", "南湖县政府", OrgKind.COUNTY_GOV, [
        ("SLS-NH-BGS", "南湖县人民政府办公室", "南湖县政府办", OrgKind.DEPARTMENT, []),
        ("SLS-NH-NYJ", "南湖县农业农村局", "", OrgKind.DEPARTMENT, []),
        ("SLS-NH-ZRZYJ", "南湖县自然资源局", "", OrgKind.DEPARTMENT, []),
        ("SLS-NH-QHZ", "南湖县清河镇人民政府", "清河镇政府", OrgKind.TOWNSHIP_GOV, []),
    ]),
])

ADMINS = [
    ("sysadmin", "赵系统", AdminRole.SYSADMIN),
    ("secadmin", "钱安全", AdminRole.SECADMIN),
    ("auditor", "孙审计", AdminRole.AUDITOR),
]

# (username, full name, org code, role, scope)
STAFF = [
    ("gkb", "王公开", "SLS", Role.OFFICE_ADMIN, ScopeMode.SUBTREE),
    ("chengban", "李承办", "SLS-JYJ", Role.HANDLER, ScopeMode.SELF),
    ("shenhe", "周审核", "SLS", Role.APPROVER, ScopeMode.GOVERNMENT),
    ("baomi", "吴保密", "SLS", Role.SECRECY_REVIEWER, ScopeMode.GOVERNMENT),
    ("fabu", "郑发布", "SLS", Role.PUBLISHER, ScopeMode.GOVERNMENT),
    ("jiandu", "冯监督", "SLS", Role.SUPERVISOR, ScopeMode.SUBTREE),
    ("dc_gkb", "陈东城", "SLS-DC", Role.OFFICE_ADMIN, ScopeMode.SUBTREE),
    ("dc_shenhe", "林东审", "SLS-DC", Role.APPROVER, ScopeMode.GOVERNMENT),
    ("sz_chengban", "赵市办", "SLS", Role.HANDLER, ScopeMode.GOVERNMENT),
    ("dc_chengban", "孙东办", "SLS-DC", Role.HANDLER, ScopeMode.GOVERNMENT),
    ("nh_chengban", "何南办", "SLS-NH", Role.HANDLER, ScopeMode.GOVERNMENT),
    ("nh_shenhe", "罗南审", "SLS-NH", Role.APPROVER, ScopeMode.GOVERNMENT),
    ("dc_fabu", "陈发布", "SLS-DC", Role.PUBLISHER, ScopeMode.GOVERNMENT),
    ("dc_baomi", "张东密", "SLS-DC", Role.SECRECY_REVIEWER, ScopeMode.GOVERNMENT),
    ("xs_fabu", "刘西发", "SLS-XS", Role.PUBLISHER, ScopeMode.GOVERNMENT),
    ("xs_baomi", "黄西密", "SLS-XS", Role.SECRECY_REVIEWER, ScopeMode.GOVERNMENT),
    ("xs_shenhe", "杨西审", "SLS-XS", Role.APPROVER, ScopeMode.GOVERNMENT),
    ("nh_fabu", "马南发", "SLS-NH", Role.PUBLISHER, ScopeMode.GOVERNMENT),
    ("nh_baomi", "朱南密", "SLS-NH", Role.SECRECY_REVIEWER, ScopeMode.GOVERNMENT),
]


def demo_uscc(serial: int) -> str:
    first17 = f"11{REGION}{serial:09d}"
    return first17 + uscc_check_char(first17)


class Command(BaseCommand):
    help = "载入示例市演示数据（可重复执行）。"

    def add_arguments(self, parser):
        parser.add_argument("--minimal", action="store_true",
                            help="只载入机构和演示账号，不生成申请、政府信息等业务数据")

    def handle(self, *args, minimal=False, **options):
        with transaction.atomic():
            admins = {role: self._admin(username, name, role) for username, name, role in ADMINS}
            counter = iter(range(1, 1000))
            self._org(admins[AdminRole.SYSADMIN], TREE, None, counter)
            for username, name, org_code, role, scope in STAFF:
                self._staff(admins, username, name, org_code, role, scope)
        from gongkai.appeals.demo import load_demo_cases
        from gongkai.applications.demo import load_demo_applications
        from gongkai.applications.services import today
        from gongkai.consultations.demo import load_demo_consultations
        from gongkai.disclosure.demo import load_demo_items
        from gongkai.evaluation.demo import load_demo_evaluation
        from gongkai.inspections.demo import load_demo_inspections
        from gongkai.registers.demo import load_demo_registers
        from gongkai.reports.demo import load_demo_reports
        from gongkai.workrecords.demo import load_demo_workrecords

        n_applications = n_items = 0
        if not minimal:
            with transaction.atomic():
                n_applications = load_demo_applications(today())
            n_items = load_demo_items(today())
            load_demo_consultations(today())
            load_demo_registers(today())
            with transaction.atomic():
                load_demo_cases({o.code: o for o in Organization.objects.all()})
            load_demo_reports(today())
            load_demo_workrecords(today())
            load_demo_inspections(today())
            load_demo_evaluation(today())
        self.stdout.write(self.style.SUCCESS(
            f"示例市演示数据已就绪：{Organization.objects.count()} 个机构，{User.objects.count()} 个账号，"
            + ("（--minimal：未生成业务数据）。" if minimal else
               f"{n_applications} 件依申请公开申请，本次新增 {n_items} 条主动公开信息。")))
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for username, name, role in ADMINS:
            self.stdout.write(f"  {username:10s} {name}  {AdminRole(role).label}")
        for username, name, org_code, role, scope in STAFF:
            org = Organization.objects.get(code=org_code)
            self.stdout.write(f"  {username:10s} {name}  {Role(role).label} · {org.name} · {ScopeMode(scope).label}")

    def _admin(self, username, full_name, role):
        user = User.objects.filter(username=username).first()
        if user is None:
            user = account_services.create_admin_account(username=username, password=DEMO_PASSWORD,
                                                         admin_role=role, full_name=full_name)
        return user

    def _org(self, actor, node, parent, counter):
        code, name, short_name, kind, children = node
        serial = next(counter)
        org = Organization.objects.filter(code=code).first()
        if org is None:
            org = org_services.create_org(actor, name=name, short_name=short_name, code=code, kind=kind,
                                          parent=parent, uscc=demo_uscc(serial), sort_order=serial)
        for child in children:
            self._org(actor, child, org, counter)

    def _staff(self, admins, username, full_name, org_code, role, scope):
        user = User.objects.filter(username=username).first()
        if user is None:
            user = account_services.create_user(admins[AdminRole.SYSADMIN], username=username,
                                                password=DEMO_PASSWORD, full_name=full_name,
                                                phone="0471-5550000")
        org = Organization.objects.get(code=org_code)
        if not Membership.objects.filter(user=user, org=org, role=role).exists():
            org_services.grant_membership(admins[AdminRole.SECADMIN], user=user, org=org, role=role, scope=scope)
