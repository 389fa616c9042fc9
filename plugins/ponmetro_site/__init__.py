"""Pelican plugin: the interventions of PON Metro as pages of a Pelican site.

A thin adapter: the data core (`ponmetro`) loads, validates, aggregates and
prepares every page; `InterventiGenerator` (registered through `get_generators`)
hands those pages to Pelican's own writer, so settings, relative URLs, signals
and the theme's Jinja environment work as in any Pelican site.
`RedirectsGenerator` writes the pages of old addresses (data/redirects.yaml),
`write_headers` the `_headers` file with the security headers, and an
incremental build swaps in a writer that leaves unchanged files untouched.
"""

from pelican import signals

from .generator import InterventiGenerator
from .headers import write_headers
from .incremental import ChangedOnlyWriter
from .redirects import RedirectsGenerator


def get_generators(pelican_object):
    return InterventiGenerator, RedirectsGenerator


def get_writer(pelican_object):
    return ChangedOnlyWriter if pelican_object.settings.get("PONMETRO_PLAN") is not None else None


def register():
    signals.get_generators.connect(get_generators)
    signals.get_writer.connect(get_writer)
    signals.finalized.connect(write_headers)
