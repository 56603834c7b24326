"""python manage.py create_admin --role sysadmin|secadmin|auditor USERNAME: create one of the 三员 accounts.

The password is read from the GONGKAI_ADMIN_PASSWORD environment variable or asked for interactively;
it must satisfy the password policy.
"""

import getpass
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from gongkai.accounts.models import AdminRole
from gongkai.accounts.services import create_admin_account


class Command(BaseCommand):
    help = "创建三员账号（系统管理员、安全管理员、安全审计员）。"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=AdminRole.values)
        parser.add_argument("--full-name", default="")

    def handle(self, *args, username, role, full_name, **options):
        password = os.environ.get("GONGKAI_ADMIN_PASSWORD")
        if not password:
            password = getpass.getpass("密码：")
            if password != getpass.getpass("再次输入密码："):
                raise CommandError("两次输入的密码不一致。")
        try:
            user = create_admin_account(username=username, password=password, admin_role=role,
                                        full_name=full_name)
        except ValidationError as e:
            raise CommandError("；".join(e.messages)) from e
        self.stdout.write(self.style.SUCCESS(f"已创建{AdminRole(role).label}账号 {user.username}。"))
