"""The part of Pelican's context that the data's templates can read.

Pelican hands each template its whole context: every setting (about 170 entries)
plus what the generators add. Jinja copies that context for every page it renders
(Pelican's writer copies it once more), and with it the render of a project or
embed page took a quarter longer than with only the entries its templates name
(1.8 s against 1.4 s for 2,000 pages, rendered both ways alternately in one
process; the pages were the same bytes). The data's pages therefore get
`template_context`: the entries that their templates, and the templates those
extend, include or import, name, as Jinja's own analysis finds them
(`jinja2.meta`). If a template names another through a variable, nobody can
tell which: the whole context is kept.

`plain_globals` then gives the page templates their globals as one plain dict.
"""

from __future__ import annotations

from typing import Iterable

from jinja2 import Environment, Template, meta

# Template source -> (names it reads, templates it names or None): parsing is the
# cost (5 ms a template), and a process that stays up builds with the same theme.
_ANALYSED: dict[str, tuple[frozenset[str], tuple[str | None, ...]]] = {}


def _analyse(env: Environment, name: str) -> tuple[frozenset[str], tuple[str | None, ...]]:
    source = env.loader.get_source(env, name)[0]
    if source not in _ANALYSED:
        tree = env.parse(source, name)
        _ANALYSED[source] = (frozenset(meta.find_undeclared_variables(tree)),
                             tuple(meta.find_referenced_templates(tree)))
    return _ANALYSED[source]


def names_read(env: Environment, templates: Iterable[str]) -> frozenset[str] | None:
    """The variables that `templates` and every template they reach read without
    setting them; None if one of them names a template through a variable."""
    names: set[str] = set()
    seen: set[str] = set()
    todo = list(templates)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        read, referenced = _analyse(env, name)
        if None in referenced:
            return None
        names |= read
        todo.extend(referenced)
    return frozenset(names)


def template_context(context: dict, env: Environment, templates: Iterable[str]) -> dict:
    """`context` without the entries that none of `templates` (and what they reach) reads."""
    names = names_read(env, templates)
    if names is None:
        return context
    return {key: value for key, value in context.items() if key in names}


def plain_globals(templates: Iterable[Template]) -> None:
    """Give each of `templates` its globals as one plain dict, taken now.

    Jinja keeps a template's globals as a ChainMap over the environment's, and
    every render copies them into the page's context and makes a set of their
    names: both walk the ChainMap key by key in Python. For the 19,000 pages of
    a 10,000-record build that was 0.65 s of CPU, and 0.18 s with a dict
    (`Template.new_context` timed in one process, both ways in turn). The
    globals are complete when the pages render: the plugin sets its memos and
    macros at generator_init and generate_context. A global added to the
    environment afterwards would not reach these templates.
    """
    for template in templates:
        template.globals = dict(template.globals)
