"""Pelican plugin: the interventions of PON Metro as pages of a Pelican site.

A thin adapter: the data core (`ponmetro`) loads, validates, aggregates and
prepares every page; `InterventiGenerator` (registered through `get_generators`)
hands those pages to Pelican's own writer, so settings, relative URLs, signals
and the theme's Jinja environment work as in any Pelican site.
"""

from pelican import signals

from .generator import InterventiGenerator
from .redirects import RedirectsGenerator


def get_generators(pelican_object):
    return InterventiGenerator, RedirectsGenerator


def register():
    signals.get_generators.connect(get_generators)
    from .headers import write_headers; signals.finalized.connect(write_headers)  # noqa: E702
