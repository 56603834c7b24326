"""Synthetic province-scale data for the benchmarks (issue 7): ``manage.py gen_scale_data`` and
``generate(scale, seed=1, fraction=1.0, out=None)``. See ``generator`` for what is generated and how."""

from .generator import PASSWORD, ROOT_CODE, ROOT_NAME, SHAPES, USERNAME, generate

__all__ = ["PASSWORD", "ROOT_CODE", "ROOT_NAME", "SHAPES", "USERNAME", "generate"]
