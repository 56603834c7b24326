"""python manage.py verify_audit: check the audit hash chain; exit status 1 on the first broken link."""

from django.core.management.base import BaseCommand, CommandError

from gongkai.audit.services import verify_chain


class Command(BaseCommand):
    help = "校验审计日志哈希链，报告第一处断裂。"

    def handle(self, *args, **options):
        result = verify_chain()
        if not result.ok:
            raise CommandError(result.message())
        self.stdout.write(self.style.SUCCESS(result.message()))
