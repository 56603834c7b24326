"""The Article 20 registers (权责与执法公示): 权责清单 items, administrative decisions (行政许可、行政处罚、行政强制),
yearly decision totals kept in another system, 行政事业性收费 income and 政府集中采购 — the data behind the
annual report's table 二 (主动公开政府信息情况)."""
