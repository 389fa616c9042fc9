"""`ricorda`: a macro's output remembered between the builds of a process that stays up."""

from __future__ import annotations

from jinja2 import Environment

from ponmetro_site.macro_memo import MacroMemo, RecentObjectMemo


def counting_macro():
    calls = []
    env = Environment(autoescape=True)
    env.globals["conta"] = lambda name: calls.append(name) or ""
    macro = env.from_string("{% macro riga(nome) %}{{ conta(nome) }}<td>{{ nome }}</td>{% endmacro %}").module.riga
    return macro, calls


def test_a_normal_build_calls_the_macro_every_time():
    macro, calls = counting_macro()
    memo = MacroMemo(remember=False)
    assert [memo(macro, "a & b") for _ in range(3)] == ["<td>a &amp; b</td>"] * 3
    assert calls == ["a & b"] * 3


def test_equal_arguments_get_the_last_builds_output_and_others_are_rendered():
    macro, calls = counting_macro()
    memo = MacroMemo("chiave")
    assert memo(macro, "Milano") == "<td>Milano</td>" and memo(macro, "Roma") == "<td>Roma</td>"
    memo = memo.next_build()
    assert memo(macro, "Milano") == "<td>Milano</td>"
    assert memo(macro, "Milano (corretto)") == "<td>Milano (corretto)</td>"
    assert calls == ["Milano", "Roma", "Milano (corretto)"] and memo.hits == 1
    # Only what the last build used is kept: "Roma" was not, and is rendered again.
    memo = memo.next_build()
    memo(macro, "Roma")
    assert calls[-1] == "Roma" and memo.hits == 0


def test_a_build_that_rendered_nothing_keeps_what_the_last_one_used():
    macro, calls = counting_macro()
    memo = MacroMemo("chiave")
    memo(macro, "Milano")
    memo = memo.next_build().next_build()
    memo(macro, "Milano")
    assert calls == ["Milano"] and memo.hits == 1


def test_each_joins_the_rows_remembered_one_by_one():
    macro, calls = counting_macro()
    memo = MacroMemo("chiave")
    assert memo.each(macro, ["Bari", "Genova"]) == "<td>Bari</td><td>Genova</td>"
    memo = memo.next_build()
    table = memo.each(macro, ["Bari", "Genova & Savona"])
    # Markup: the template puts the rows in as they are, not escaped twice.
    assert table.__html__() == "<td>Bari</td><td>Genova &amp; Savona</td>"
    assert calls == ["Bari", "Genova", "Genova & Savona"] and memo.hits == 1
    assert MacroMemo(remember=False).each(macro, []) == ""


def chart_macro():
    calls = []
    env = Environment(autoescape=True)
    env.globals["conta"] = lambda rows: calls.append(list(rows)) or ""
    source = "{% macro corpo(g, sito) %}{{ conta(g.rows) }}<a href='{{ sito }}/x'>{{ g.rows|join(',') }}</a>{% endmacro %}"
    return env.from_string(source).module.corpo, calls


class Chart:
    """Like charts.Chart: compared by value, and with lists (no hash)."""

    def __init__(self, rows):
        self.rows = rows

    def __eq__(self, other):
        return self.rows == other.rows

    __hash__ = None


def test_una_volta_per_reuses_the_output_for_the_same_object_only():
    macro, calls = chart_macro()
    memo = RecentObjectMemo(size=2)
    first = Chart(["a", "b"])
    assert memo(first, macro, "../..") == memo(first, macro, "../..") == "<a href='../../x'>a,b</a>"
    assert memo.hits == 1 and len(calls) == 1
    # An equal chart of another page, or another place, is rendered for itself.
    assert memo(Chart(["a", "b"]), macro, "../..") == "<a href='../../x'>a,b</a>"
    assert memo(first, macro, "..") == "<a href='../x'>a,b</a>"
    assert len(calls) == 3


def test_una_volta_per_keeps_only_the_last_few_and_holds_them():
    macro, calls = chart_macro()
    memo = RecentObjectMemo(size=2)
    charts = [Chart([str(n)]) for n in range(3)]
    for chart in charts:
        memo(chart, macro, ".")
    memo(charts[0], macro, ".")  # pushed out by the two after it: rendered again
    assert len(calls) == 4 and memo.hits == 0
    # An entry holds its object: a new object cannot take a remembered one's id.
    held = [entry[0] for entry in memo._recent.values()]
    assert held == [charts[2], charts[0]] and all(any(h is c for c in charts) for h in held)
