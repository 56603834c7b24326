"""Gongkai's benchmark suite (issue 7): ``python -m bench --scale small|medium|province`` or ``make bench``.

Every figure is measured next to a baseline in the same run and reported as a ratio to it; see
``bench/README.md`` and ``docs/performance.md``.
"""
