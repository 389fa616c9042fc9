"""Pelican plugin: the interventions of PON Metro as pages of a Pelican site.

A thin adapter: the data core (`ponmetro`) loads, validates, aggregates and
prepares every page; `InterventiGenerator` (registered through `get_generators`)
hands those pages to Pelican's own writer, so settings, relative URLs, signals
and the theme's Jinja environment work as in any Pelican site.
`RedirectsGenerator` writes the pages of old addresses (data/redirects.yaml),
`write_headers` the `_headers` file with the security headers, an
incremental build swaps in a writer that leaves unchanged files untouched, and
content/ is read as Markdown only (content_checks.markdown_only).
"""

from pelican import signals

from .content_checks import markdown_only
from .generator import InterventiGenerator
from .headers import write_headers
from .incremental import ChangedOnlyWriter
from .macro_memo import MacroMemo, RecentObjectMemo
from .redirects import RedirectsGenerator
from .site_writer import SiteWriter
from .template_output import use_text_output


def get_generators(pelican_object):
    return InterventiGenerator, RedirectsGenerator


def get_writer(pelican_object):
    return ChangedOnlyWriter if pelican_object.settings.get("PONMETRO_PLAN") is not None else SiteWriter


# The theme's macros that every project and embed page calls, made once for each
# generator's templates and given to them as globals. An `{% from %}` runs again on
# every page: Jinja compares the page's globals with the macro file's (a set
# difference over a ChainMap), and three imports were 17% of a project page's
# rendering. Macros that other pages use (tables, totals) stay imported where used.
SHARED_MACROS = {
    "parti/cornice.html": ("collegamenti_testa", "script_grafici", "testata", "piede"),
    "parti/grafico.html": ("grafico",),
    "parti/scarica.html": ("scarica",),
}


def remember_shared_parts(generator):
    """The theme's memos (macro_memo.py), new for each build, in every generator's templates.

    `una_volta`: base.html's header, footer and head links (parti/cornice.html),
    rendered once per build for each place a page can sit in instead of once per
    page (a tenth of a project page's rendering time); Pelican's own generators
    (news, static pages) use base.html too. `una_volta_per`: a chart's table, shared
    by its page and its embed page (parti/grafico.html). Then the macros of
    `SHARED_MACROS`, which the templates call without importing them. Every
    template prints through `template_output.escape_text`.
    """
    env = generator.env
    use_text_output(env)  # before the first template is compiled
    env.globals.update(una_volta=MacroMemo(), una_volta_per=RecentObjectMemo())
    # After the memos: a macro file's module keeps the globals it was made with.
    for template, names in SHARED_MACROS.items():
        module = env.get_template(template).module
        env.globals.update({name: getattr(module, name) for name in names})


def register():
    signals.generator_init.connect(remember_shared_parts)
    signals.readers_init.connect(markdown_only)
    signals.get_generators.connect(get_generators)
    signals.get_writer.connect(get_writer)
    signals.finalized.connect(write_headers)
