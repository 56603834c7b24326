"""python manage.py create_api_token USERNAME [--name NAME] | --revoke PREFIX | --list [USERNAME]

Creating prints the token once, on standard output alone (so ``TOKEN=$(... create_api_token alice)`` works);
the explanation goes to standard error. Only the token's hash is stored. Creating and revoking are audited
with the system as actor: whoever runs this holds the server.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.api.models import ApiToken
from gongkai.api.services import create_token, revoke_token
from gongkai.orgs.models import Membership


def _messages(error: ValidationError) -> str:
    return "；".join(error.messages)


def _when(value) -> str:
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}" if value else "—"


class Command(BaseCommand):
    help = "创建、吊销或列出 API 令牌。"

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", help="为该用户创建令牌（与 --list 同用时只列该用户的令牌）")
        parser.add_argument("--name", default="", help="令牌名称，便于识别用途")
        parser.add_argument("--revoke", metavar="PREFIX", help="吊销以 PREFIX（令牌前 8 个字符）标识的令牌")
        parser.add_argument("--list", dest="list_tokens", action="store_true", help="列出令牌（不显示令牌本身）")

    def handle(self, *args, username=None, name="", revoke=None, list_tokens=False, **options):
        if revoke is not None:
            if username or list_tokens:
                raise CommandError("--revoke 不能与用户名或 --list 同时使用。")
            return self._revoke(revoke)
        if list_tokens:
            return self._list(username)
        if not username:
            raise CommandError("请提供用户名，或使用 --revoke PREFIX / --list。")
        return self._create(username, name)

    def _create(self, username, name):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户“{username}”不存在。")
        try:
            token, secret = create_token(user, name=name)
        except PermissionDenied as e:
            raise CommandError(str(e)) from e
        except ValidationError as e:
            raise CommandError(_messages(e)) from e
        self.stderr.write(f"已为用户 {user.username} 创建 API 令牌（前缀 {token.key_prefix}）。"
                          "令牌只显示这一次，请妥善保存；吊销请运行 create_api_token --revoke "
                          f"{token.key_prefix}。")
        if not Membership.objects.filter(user=user, org__is_active=True).exists():
            self.stderr.write(self.style.WARNING("注意：该用户没有任何角色授权，使用此令牌看不到任何数据。"))
        self.stdout.write(secret)

    def _revoke(self, prefix):
        try:
            token = revoke_token(prefix)
        except ValidationError as e:
            raise CommandError(_messages(e)) from e
        self.stdout.write(self.style.SUCCESS(f"已吊销用户 {token.user.username} 的令牌 {token.key_prefix}。"))

    def _list(self, username):
        tokens = ApiToken.objects.select_related("user").order_by("user__username", "-created_at")
        if username:
            tokens = tokens.filter(user__username=username)
        if not tokens:
            self.stdout.write("没有令牌。")
            return
        for t in tokens:
            state = f"已吊销于 {_when(t.revoked_at)}" if t.revoked_at else "有效"
            self.stdout.write(f"{t.key_prefix}  {t.user.username}  {t.name or '（未命名）'}  创建于 "
                              f"{_when(t.created_at)}  最近使用 {_when(t.last_used_at)}  {state}")
