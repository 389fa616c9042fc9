"""`ricorda`: a macro's output remembered between the builds of a process that stays up."""

from __future__ import annotations

from jinja2 import Environment

from ponmetro_site.macro_memo import MacroMemo


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
