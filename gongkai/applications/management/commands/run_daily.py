"""python manage.py run_daily [--on YYYY-MM-DD]: the daily job.

0. publishes scheduled 主动公开 items whose time has come (the public pages already show them from that time);
1. closes applications whose 补正 period (→ 3.6.1) or payment period (→ 3.6.2) ended before the day;
2. sends reminders (e-mail, SMS) for replies due within 3 working days or overdue, once per application a day.
Run it every morning from cron or a systemd timer (docs/operations.md). It is safe to run twice.
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from gongkai.applications import selectors, services
from gongkai.applications.reminders import send_reminders


class Command(BaseCommand):
    help = "每日任务：逾期未补正、未缴费的申请自动办结；发送即将到期、已超期提醒。"

    def add_arguments(self, parser):
        parser.add_argument("--on", help="按该日期运行（默认今天），格式 YYYY-MM-DD")

    def handle(self, *args, on=None, **options):
        if on:
            try:
                day = dt.date.fromisoformat(on)
            except ValueError:
                raise CommandError(f"日期“{on}”格式不正确，应为 YYYY-MM-DD。") from None
        else:
            day = services.today()
        from gongkai.disclosure.services import publish_scheduled

        for item in publish_scheduled():
            self.stdout.write(f"定时发布 {item.index_no}：{item.title}")
        closed = services.close_overdue(day)
        for app in closed:
            self.stdout.write(f"办结 {app.tracking_no}：{app.outcome} {app.outcome_label}")
        limit = selectors.due_soon_limit(day)
        if limit is None:
            self.stderr.write("警告：未来3个工作日跨入未载入节假日安排的年度，本次只提醒已超期的申请。")
        reminders = send_reminders(day, limit)
        for r in reminders:
            self.stdout.write(f"提醒 {r.application.tracking_no}（{'已超期' if r.level == 'overdue' else '即将到期'}）"
                              f"→ {', '.join(r.recipients) or '无可用联系方式'}")
        self.stdout.write(self.style.SUCCESS(f"{day:%Y-%m-%d}：自动办结 {len(closed)} 件，发送提醒 {len(reminders)} 件。"))
