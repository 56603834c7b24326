"""python manage.py gen_scale_data --scale small|medium|province [--seed N] [--fraction F] [--quiet]

Replace the 规模测试省 subtree (code SCALE) with deterministic synthetic data for the benchmarks: bodies,
five years of applications, decisions and published items, cases, registers, the user scale_gkb, and the
search index. Written through bulk paths, not the services: never run it on a production database."""

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.scale import SHAPES, generate


class Command(BaseCommand):
    help = "生成规模测试数据（规模测试省，机构代码 SCALE；重复运行会先删除原有的规模测试数据）。"

    def add_arguments(self, parser):
        parser.add_argument("--scale", required=True, choices=list(SHAPES),
                            help="数据规模：small（10个机构）、medium（约100个）、province（约1000个）")
        parser.add_argument("--seed", type=int, default=1, help="随机种子（默认 1）；相同种子生成相同数据")
        parser.add_argument("--fraction", type=float, default=1.0,
                            help="按比例缩减各表行数（0 < F ≤ 1，默认 1；机构数不变），用于快速冒烟测试")
        parser.add_argument("--quiet", action="store_true", help="不输出进度")

    def handle(self, *args, scale, seed, fraction, quiet, **options):
        if not 0 < fraction <= 1:
            raise CommandError("--fraction 须大于 0 且不大于 1。")
        generate(scale, seed=seed, fraction=fraction, out=None if quiet else self.stdout)
