"""python manage.py seed_calendar [--year N] [--replace]: load statutory calendar years from chinesecalendar.

Without --year every year the installed package covers is loaded. A year that is already loaded is left
alone and reported, unless --replace is given, which replaces that year's overrides (manual edits
included) with the package's. Changes are audited as made by "system".
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from gongkai.workdays import services, sources


class Command(BaseCommand):
    help = "从 chinesecalendar 软件包载入法定节假日与调休安排（默认载入软件包包含的全部年度）。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="只载入这一年度。")
        parser.add_argument("--replace", action="store_true",
                            help="已载入的年度也用软件包数据替换（会覆盖手工调整）。")

    def handle(self, *args, **options):
        years = [options["year"]] if options["year"] is not None else list(sources.package_years())
        for year in years:
            try:
                result = services.system_load_year_from_package(year, replace=options["replace"])
            except ValidationError as e:
                raise CommandError("；".join(e.messages)) from e
            counts = f"工作日放假 {result.holidays} 天，周末调休上班 {result.workdays} 天"
            if result.status == "skipped":
                self.stdout.write(f"{year} 年已经载入，未改动（如需用软件包数据覆盖，请加 --replace）。")
            elif result.status == "replaced":
                self.stdout.write(self.style.SUCCESS(f"{year} 年已重新载入：{counts}。"))
            else:
                self.stdout.write(self.style.SUCCESS(f"{year} 年已载入：{counts}。"))
