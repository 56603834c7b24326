"""Write a body's annual report for a year: computed from the records over the chosen scope, with the
narrative and manual overrides of the body's stored report for that year when its scope is the same."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.orgs.models import Organization
from gongkai.reports import checks
from gongkai.reports.exports import FORMATS, render
from gongkai.reports.models import Scope
from gongkai.reports.services import document_for_figures


class Command(BaseCommand):
    help = "生成年度报告：--org 机构ID或代码 --year 年度 --scope self|government|subtree --format json|docx|pdf|xlsx|html -o 文件"

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="机构 ID 或机构代码")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--scope", default=None, choices=Scope.values,
                            help="统计范围（默认：人民政府为 government，其他机关为 self）")
        parser.add_argument("--format", dest="kind", default="json", choices=list(FORMATS))
        parser.add_argument("--report-format", default=None, choices=["2019", "2021"],
                            help="报告格式（默认按年度：2020 年度及以前 2019，之后 2021）")
        parser.add_argument("-o", "--output", required=True, help="输出文件（- 为标准输出，仅 json/html）")

    def handle(self, *args, org, year, scope, kind, report_format, output, **options):
        body = (Organization.objects.filter(pk=int(org)).first() if str(org).isdigit()
                else Organization.objects.filter(code=org).first())
        if body is None:
            raise CommandError(f"未找到机构“{org}”。")
        if not 2008 <= year <= 2100:
            raise CommandError("年度应在 2008 至 2100 之间。")
        doc = document_for_figures(body, year, scope, report_format)
        content = render(doc, kind)
        if output == "-":
            if kind not in ("json", "html"):
                raise CommandError("只有 json 和 html 可以输出到标准输出。")
            self.stdout.write(content.decode("utf-8"))
        else:
            try:
                Path(output).write_bytes(content)
            except OSError as e:
                raise CommandError(f"无法写入 {output}：{e}") from None
            counts = checks.counts(doc.report["findings"])
            self.stderr.write(f"已写入 {output}（{len(content)} 字节）；核对：错误 {counts['error']}，"
                              f"警告 {counts['warning']}，提示 {counts['info']}")
