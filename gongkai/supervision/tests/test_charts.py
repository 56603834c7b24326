"""Server-drawn SVG charts: round axes, escaped text, one mark per figure."""

from gongkai.supervision import charts


def test_ticks_are_round_and_cover_the_maximum():
    assert charts.ticks(0) == [0, 1]
    assert charts.ticks(9) == [0, 2, 4, 6, 8, 10]
    assert charts.ticks(43) == [0, 10, 20, 30, 40, 50]
    assert charts.ticks(282) == [0, 100, 200, 300]
    for value in (1, 7, 13, 99, 101, 4999):
        marks = charts.ticks(value)
        assert marks[-1] >= value and len(marks) <= 6
        assert all(isinstance(m, int) for m in marks)


def test_text_is_escaped_and_every_figure_has_a_mark():
    svg = str(charts.hbar_chart("<b>标题</b>", [("<script>x</script>局", 3), ("乙局", None)], unit="件"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert svg.count("<rect") == 1 and "不适用" in svg
    bars = str(charts.bar_chart("每月", ["1月", "2月", "3月"], [charts.Series("信息", [1, 0, 5])], unit="条"))
    assert bars.count("<rect") == 3 and "3月：5条" in bars
    line = str(charts.line_chart("申请", ["1月", "2月"], [charts.Series("收到", [2, 4]), charts.Series("办结", [1, 1])]))
    assert line.count("<circle") == 4 and line.count("<polyline") == 2
