"""The context the data's pages get: only what their templates can read."""

from jinja2 import DictLoader, Environment

from ponmetro_site.template_context import names_read, plain_globals, template_context

TEMPLATES = {
    "base.html": "{{ SITENAME }}{% block corpo %}{% endblock %}{% include 'piede.html' %}",
    "piede.html": "{{ FOOTER }}",
    "macro.html": "{% macro m() %}{{ DA_MACRO }}{% endmacro %}",
    "pagina.html": "{% extends 'base.html' %}{% from 'macro.html' import m with context %}"
                   "{% block corpo %}{% set locale = 1 %}{{ vista }}{{ locale }}{{ m() }}{% endblock %}",
    "dinamica.html": "{% include nome_template %}",
    "sola.html": "{{ vista }}",
}


def env() -> Environment:
    return Environment(loader=DictLoader(TEMPLATES), autoescape=True)


def test_names_come_from_the_template_and_every_template_it_extends_includes_or_imports():
    # "m" too: Jinja cannot tell, inside a block, that the template imported it (no harm: no setting is called m)
    assert names_read(env(), ["pagina.html"]) == {"SITENAME", "FOOTER", "DA_MACRO", "vista", "m"}


def test_a_template_named_through_a_variable_keeps_the_whole_context():
    context = {"SITENAME": "s", "ALTRO": 1, "nome_template": "piede.html"}
    assert names_read(env(), ["sola.html", "dinamica.html"]) is None
    assert template_context(context, env(), ["dinamica.html"]) is context


def test_the_context_keeps_only_what_the_templates_read_and_renders_the_same():
    e = env()
    context = {"SITENAME": "Sito", "FOOTER": "piede", "DA_MACRO": "macro", "THEME": "x", "DEFAULT_LANG": "it"}
    slim = template_context(context, e, ["pagina.html"])
    assert slim == {"SITENAME": "Sito", "FOOTER": "piede", "DA_MACRO": "macro"}
    page = e.get_template("pagina.html")
    assert page.render(slim, vista="v") == page.render(context, vista="v") == "Sitov1macropiede"


def test_plain_globals_renders_the_same_from_a_dict_taken_when_it_is_called():
    e = env()
    e.globals.update(SITENAME="Sito", FOOTER="piede", DA_MACRO="macro")
    page = e.get_template("pagina.html")
    before = page.render(vista="v")
    plain_globals([page])
    assert type(page.globals) is dict  # Jinja's own is a ChainMap, walked in Python at every render
    assert page.render(vista="v") == before == "Sitov1macropiede"
    # A snapshot: the page keeps what the environment had when it was taken.
    e.globals["SITENAME"] = "Altro"
    assert page.render(vista="v") == before
