"""Chart specs: plain data, valid for plotly, safe inside a <script> element."""

import json
from decimal import Decimal

import plotly.graph_objects as go

from ponmetro.aggregate import Totals
from ponmetro.charts import NOTHING_TO_DRAW, json_for_script, progress_chart, totals_chart
from ponmetro.model import Importi


def test_json_for_script_cannot_close_the_script_element():
    text = json_for_script({"a": "</script><script>alert(1)</script><!-- & \u2028"})
    assert "</" not in text and "<!--" not in text and "<" not in text and "&" not in text
    assert json.loads(text)["a"] == "</script><script>alert(1)</script><!-- & \u2028"


def test_progress_chart_is_valid_plotly_with_exact_amounts():
    importi = Importi(programmato=Decimal("1200000.00"), ammesso_a_finanziamento=Decimal("1190893.72"),
                      giuridicamente_vincolante=None, erogato=Decimal("0.00"))
    chart = progress_chart("c", importi, "Fonte: prova.")
    go.Figure(chart.spec)
    bar = chart.spec["data"][0]
    assert bar["x"] == ["1200000.00", "1190893.72", "0.00"]  # the unknown amount is not drawn as zero
    assert bar["y"] == ["Programmato", "Ammesso a finanziamento", "Erogato"]
    assert bar["text"][1] == "1.190.893,72\u00a0€ (99,2%)"
    assert [r[0].value for r in chart.rows] == ["Programmato", "Ammesso a finanziamento",
                                                 "Giuridicamente vincolante", "Erogato"]
    assert chart.rows[2][1].value is None  # the table says n.d.
    assert not any(isinstance(v, float) for v in _leaves(chart.spec["data"]))


def test_no_chart_without_amounts():
    assert progress_chart("c", Importi(), "x") is None
    assert totals_chart("c", "t", "x", [("A", None, Totals(0, {}, {}))], "G") is None


def test_groups_none_of_which_reports_an_amount_get_their_table_and_no_plot():
    unknown = Totals(3, {"programmato": Decimal(0)}, {"programmato": 0, "erogato": 0})
    chart = totals_chart("c", "t", "x", [("Asse 3", "assi/3/", unknown)], "Asse")
    assert not chart.drawable and chart.spec["data"] == []
    assert chart.rows[0][1].value == 3 and chart.rows[0][2].value is None  # 3 interventi, programmato n.d.
    assert NOTHING_TO_DRAW in chart.notes
    known = Totals(1, {"programmato": Decimal("10.00")}, {"programmato": 1, "erogato": 0})
    drawn = totals_chart("c", "t", "x", [("Asse 3", "assi/3/", unknown), ("Asse 7", "assi/7/", known)], "Asse")
    assert drawn.drawable and NOTHING_TO_DRAW not in drawn.notes


def _leaves(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _leaves(v)
    elif isinstance(value, list):
        for v in value:
            yield from _leaves(v)
    else:
        yield value


def test_the_two_series_of_a_totals_chart_differ_in_hue_and_stand_out_from_white():
    import colorsys

    from ponmetro.charts import COLORS

    def luminance(color: str) -> float:
        channels = [int(color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    programmato, erogato = COLORS[:2]
    for color in (programmato, erogato):
        assert 1.05 / (luminance(color) + 0.05) >= 4.5, color  # white labels on the bar, and 3:1 for the bar
    hues = [colorsys.rgb_to_hsv(*(int(c[i:i + 2], 16) / 255 for i in (1, 3, 5)))[0] * 360
            for c in (programmato, erogato)]
    distance = abs(hues[0] - hues[1])
    assert min(distance, 360 - distance) >= 90, hues  # two blues were 1.5:1 apart, told by shade alone
