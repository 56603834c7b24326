"""The pure scoring module on constructed numbers with known answers: the rate, deduction, target, manual and
not-applicable rules, the words of each computation, totals, tied ranks (1, 1, 3), bodies lacking manual scores
and an indicator that is not registered."""

from dataclasses import dataclass
from decimal import Decimal as Dec

from gongkai.evaluation.score import (
    COUNT,
    HIGHER,
    LOWER,
    MANUAL,
    MISSING,
    NA,
    OK,
    PENDING,
    RATE,
    UNAVAILABLE,
    Spec,
    fmt,
    score,
)


@dataclass
class V:
    value: object


ON_TIME = Spec(1, "按期答复率", "on_time_rate", Dec(20), RATE, HIGHER, "%")
OVERDUE = Spec(2, "已超期", "overdue", Dec(10), COUNT, LOWER, "件", deduct_per_unit=Dec(2))
PUBLISHED = Spec(3, "主动公开信息", "published", Dec(10), COUNT, "", "条", target=Dec(50))
COLUMN = Spec(4, "专栏建设", MANUAL, Dec(10))
SYNC = Spec(5, "解读同步率", "sync_rate", Dec(10), RATE, HIGHER, "%", target=Dec(90))
SPECS = [ON_TIME, OVERDUE, PUBLISHED, COLUMN, SYNC]


def lines(body):
    return {line.spec_id: line for line in body.lines}


def test_every_rule_with_known_answers():
    rows = {7: {"on_time_rate": V(92.5), "overdue": V(2), "published": V(30), "sync_rate": V(81.0)}}
    result = score(SPECS, [(7, "甲局")], rows, {(7, 4): (Dec("8.5"), "栏目更新不及时")})
    body = result.bodies[0]
    got = lines(body)
    assert got[1].points == "18.5" and got[1].rule == "按期答复率 92.5% × 20分 = 18.5分" and got[1].raw == "92.5%"
    assert got[2].points == "6" and got[2].rule == "已超期 2件：10分 − 2 × 2分 = 6分" and got[2].raw == "2件"
    assert got[3].points == "6" and got[3].rule == "主动公开信息 30条 ÷ 目标50条 × 10分 = 6分"
    assert got[4].points == "8.5" and got[4].rule == "人工评分：8.5分（满分10分）；栏目更新不及时"
    assert got[5].points == "9" and got[5].rule == "解读同步率 81% ÷ 目标90% × 10分 = 9分"
    assert body.total == "48" and body.rank == 1 and body.complete
    assert result.total_weight == "60"


def test_caps_floors_and_not_applicable():
    rows = {1: {"on_time_rate": V(None), "overdue": V(9), "published": V(80), "sync_rate": V(95.0)}}
    body = score(SPECS, [(1, "乙局")], rows, {(1, 4): (Dec(10), "")}).bodies[0]
    got = lines(body)
    assert got[1].points == "20" and got[1].status == NA and "不适用" in got[1].rule  # nothing to judge: full marks
    assert got[2].points == "0" and "扣完为止" in got[2].rule  # 9 × 2 = 18 > 10
    assert got[3].points == "10" and "达到目标50条" in got[3].rule
    assert got[5].points == "10" and got[5].status == OK
    assert body.total == "50"
    zero_na = Spec(1, "按期答复率", "on_time_rate", Dec(20), RATE, HIGHER, "%", na_full=False)
    line = score([zero_na], [(1, "乙局")], rows, {}).bodies[0].lines[0]
    assert line.points == "0" and line.status == NA and "得0分" in line.rule


def test_allowance_and_rounding():
    allowed = Spec(2, "已超期", "overdue", Dec(10), COUNT, LOWER, "件", deduct_per_unit=Dec("1.5"), target=Dec(1))
    one_third = Spec(6, "及时公开率", "timely_rate", Dec(10), RATE, HIGHER, "%", target=Dec(30))
    rows = {1: {"overdue": V(3), "timely_rate": V(10.0)}, 2: {"overdue": V(1), "timely_rate": V(0.0)}}
    result = score([allowed, one_third], [(1, "甲"), (2, "乙")], rows, {})
    a, b = (lines(x) for x in sorted(result.bodies, key=lambda x: x.org_id))
    assert a[2].points == "7" and a[2].rule == "已超期 3件（允许1件，超出2件）：10分 − 2 × 1.5分 = 7分"
    assert a[6].points == "3.33"  # 10 × 10 / 30, rounded half up to the cent
    assert b[2].points == "10" and "不扣分" in b[2].rule and b[6].points == "0"
    assert fmt(Dec("18.50")) == "18.5" and fmt(Dec("0.005")) == "0.01" and fmt(None) == "—"


def test_ranks_share_ties_and_missing_manual_scores_are_listed():
    rows = {pk: {"on_time_rate": V(rate)} for pk, rate in [(1, 90.0), (2, 100.0), (3, 100.0), (4, 50.0)]}
    bodies = [(1, "甲"), (2, "乙"), (3, "丙"), (4, "丁")]
    manual = {(1, 4): (Dec(10), ""), (2, 4): (Dec(5), "较差"), (3, 4): (Dec(5), "较差")}
    result = score([ON_TIME, COLUMN], bodies, rows, manual)
    assert [(b.name, b.total, b.rank) for b in result.bodies] == [
        ("甲", "28", 1), ("乙", "25", 2), ("丙", "25", 2), ("丁", "10", 4)]
    assert [(b.name, b.pending) for b in result.lacking] == [("丁", ["专栏建设"])]
    ding = result.bodies[-1]
    assert not ding.complete and lines(ding)[4].status == PENDING and lines(ding)[4].points is None
    tie = score([ON_TIME], [(1, "甲"), (2, "乙"), (3, "丙")], {1: {"on_time_rate": V(80.0)},
                                                          2: {"on_time_rate": V(80.0)}, 3: {"on_time_rate": V(70.0)}}, {})
    assert [b.rank for b in tie.bodies] == [1, 1, 3]


def test_unregistered_indicator_scores_nothing_and_is_reported():
    findings = Spec(9, "检查发现问题未整改", "open_findings", Dec(10), MISSING)
    result = score([ON_TIME, findings], [(1, "甲")], {1: {"on_time_rate": V(100.0)}}, {})
    line = lines(result.bodies[0])[9]
    assert line.status == UNAVAILABLE and line.points is None and "open_findings" in line.rule
    assert result.bodies[0].total == "20" and result.unavailable == ["open_findings"]
    data = result.to_dict()
    assert data["unavailable"] == ["open_findings"] and data["bodies"][0]["lines"][1]["status"] == UNAVAILABLE
