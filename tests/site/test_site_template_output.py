"""template_output.py: the templates print through `escape_text`, with the same text as Jinja's `escape`."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest
from jinja2 import DictLoader, Environment, FileSystemBytecodeCache, FileSystemLoader
from markupsafe import Markup

import ponmetro_site
from ponmetro_site.template_output import TextOutputCodeGenerator, escape_text
from site_helpers import ROOT


class Html:
    def __html__(self):
        return "<b>già sicuro</b>"


class Plain:
    def __str__(self):
        return "a < b & \"c\""


VALUES = {
    "testo": "<script>alert('x')</script> & \"virgolette\"",
    "sicuro": Markup("<em>Markup</em>"),
    "html": Html(),
    "numero": 1234,
    "importo": Decimal("528068.20"),
    "nulla": None,
    "oggetto": Plain(),
    "vuoto": "",
    "lista": ["<a>", Markup("<b>")],
    "attiva": True,
}

TEMPLATES = {
    "valori.html": (
        "{% for nome, valore in valori|dictsort %}<p>{{ nome }}={{ valore }}</p>{% endfor %}"
        "{{ testo|e }}{{ testo|safe }}{{ testo|upper }}{{ lista|join(', ') }}{{ mancante }}"
        "{{ testo ~ sicuro }}{{ '<costante>' }}{{ numero + 1 }}{{ attiva and testo }}"
    ),
    "macro.html": (
        "{% macro cella(x) %}<td>{{ x }}</td>{% endmacro %}"
        "{% macro cornice() %}<div>{{ caller() }}</div>{% endmacro %}"
        "{{ cella(testo) }}{{ cella(sicuro) }}{% call cornice() %}{{ testo }}{% endcall %}"
        "{% set blocco %}<i>{{ testo }}</i>{% endset %}{{ blocco }}{{ blocco|length }}"
        "{% filter upper %}{{ testo }}{% endfilter %}"
    ),
    "autoescape.html": (
        "{% autoescape false %}{{ testo }}{% endautoescape %}"
        "{% autoescape attiva %}{{ testo }}{% endautoescape %}"  # known only when rendering
        "{% autoescape true %}{{ testo }}{% endautoescape %}"
    ),
    "figlia.html": "{% extends 'madre.html' %}{% block corpo %}{{ testo }}{{ super() }}{% endblock %}",
    "madre.html": "<main>{% block corpo %}{{ oggetto }}{% endblock %}</main>{% include 'macro.html' %}",
}


def environment(generator=None, **options):
    env = Environment(loader=DictLoader(TEMPLATES), autoescape=True, **options)
    if generator is not None:
        env.code_generator_class = generator
    return env


def render(env, name):
    return env.get_template(name).render(**VALUES, valori=VALUES)


@pytest.mark.parametrize("name", sorted(TEMPLATES))
@pytest.mark.parametrize("finalize", [None, lambda value: "" if value is None else value])
def test_every_template_prints_exactly_what_jinjas_own_code_prints(name, finalize):
    stock = render(environment(finalize=finalize), name)
    ours = environment(TextOutputCodeGenerator, finalize=finalize)
    assert render(ours, name) == stock
    assert "&lt;script&gt;" in stock or name == "autoescape.html"


def test_escape_text_escapes_like_escape_and_returns_plain_text():
    assert escape_text("<a href=\"x\">'&'</a>") == "&lt;a href=&#34;x&#34;&gt;&#39;&amp;&#39;&lt;/a&gt;"
    assert type(escape_text("<")) is str
    assert escape_text(Markup("<b>")) == "<b>"
    assert escape_text(Html()) == "<b>già sicuro</b>"
    assert escape_text(Plain()) == "a &lt; b &amp; &#34;c&#34;"
    assert escape_text(None) == "None" and escape_text(Decimal("1.50")) == "1.50"


def test_templates_compiled_with_it_print_through_escape_text():
    env = environment(TextOutputCodeGenerator)
    names = env.get_template("valori.html").root_render_func.__code__.co_names
    assert "escape_text" in names and "escape" not in names
    assert "escape_text" not in environment().get_template("valori.html").root_render_func.__code__.co_names


def test_a_compiled_template_from_the_cache_runs_in_any_environment(tmp_path):
    # Pelican's own generators (news, pages) share the cache folder of compiled templates.
    ours = environment(TextOutputCodeGenerator, bytecode_cache=FileSystemBytecodeCache(str(tmp_path)))
    expected = render(ours, "figlia.html")
    assert list(tmp_path.iterdir())
    stock = environment(bytecode_cache=FileSystemBytecodeCache(str(tmp_path)))
    template = stock.get_template("figlia.html")
    assert "escape_text" in template.blocks["corpo"].__code__.co_names  # the cached code, not a new compile
    assert render(stock, "figlia.html") == expected


def test_the_plugin_compiles_every_generators_templates_with_it():
    templates = FileSystemLoader(str(ROOT / "theme" / "templates"))
    generator = SimpleNamespace(env=Environment(loader=templates, autoescape=True))
    ponmetro_site.remember_shared_parts(generator)
    assert generator.env.code_generator_class is TextOutputCodeGenerator
    grafico = generator.env.globals["grafico"]  # compiled after the generator was set
    assert "escape_text" in grafico._func.__code__.co_names
